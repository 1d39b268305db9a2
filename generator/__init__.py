"""eupages: multilingual static sites for EU-funded cooperation projects."""

__version__ = "0.1.0"
