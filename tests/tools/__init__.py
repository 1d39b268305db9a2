"""Helpers for the eupages test suite (not tests themselves).

- ``tests.tools.vnu``: validate HTML files or strings with the Nu HTML Checker
  (npm package ``vnu-jar``, run with the machine's Java).
- ``tests.tools.axe``: run axe-core accessibility checks in a Playwright page.

``./scripts/test`` installs what these need (``npm ci``, Java, Chromium).
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
SETUP_HINT = "run ./scripts/test, which installs it"
