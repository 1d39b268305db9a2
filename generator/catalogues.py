"""Interface-string catalogues: load them per language and prove they are complete."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.extract import extract_from_dir

from generator.config import SiteConfig
from generator.errors import Problems
from generator.i18n import catalogue_path, load_catalogue, translations_from, untranslated

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "gettext_noop": None}
EXTRACTION_METHODS = [("templates/**.html", "jinja2.ext:babel_extract")]
EXTRACTION_OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


def load_translations(theme: Path, config: SiteConfig, problems: Problems) -> dict:
    """gettext translations per language code, reporting unreadable or incomplete catalogues."""
    required = required_msgids(theme)
    result = {}
    for language in config.languages:
        catalog = load_catalogue(theme, language.code, language.locale, problems)
        if catalog is not None:
            _check_complete(catalog, required, catalogue_path(theme, language.code), language.code, problems)
        result[language.code] = translations_from(catalog)
    return result


def _check_complete(catalog, required: frozenset[str], path: Path, code: str, problems: Problems) -> None:
    for msgid, line in untranslated(catalog):
        if msgid in required:
            problems.add(path, line, f"the interface string \"{msgid}\" has no {code} translation",
                         "write the translation in its msgstr line and remove any '#, fuzzy' mark above it")
    present = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    for msgid in sorted(required - present):
        problems.add(path, None, f"the interface string \"{msgid}\" is missing from this catalogue",
                     "run scripts/catalogues to update the catalogues, then translate it")


@lru_cache(maxsize=None)
def _extracted(theme: Path) -> frozenset[str]:
    """Every msgid the templates and the program itself can show a visitor (as pybabel finds them)."""
    found: set[str] = set()
    sources = [(theme, EXTRACTION_METHODS, EXTRACTION_OPTIONS),
               (Path(__file__).parent, [("**.py", "python")], {})]
    for folder, methods, options in sources:
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
                str(folder), method_map=methods, options_map=options, keywords=KEYWORDS):
            found.add(message if isinstance(message, str) else message[0])
    return frozenset(found)


def required_msgids(theme: Path) -> frozenset[str]:
    return _extracted(theme.resolve())
