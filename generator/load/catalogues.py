"""Interface-string catalogues: load them per language and prove they are complete."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from generator.errors import Problems
from generator.load.config import SiteConfig
from generator.load.content import NoCache, ParseCache

CATALOGUE_DOMAIN = "messages"


def catalogue_path(theme: Path, code: str) -> Path:
    return theme / "locales" / code / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.po"


def load_catalogue(theme: Path, code: str, locale: str, problems: Problems) -> Catalog | None:
    path = catalogue_path(theme, code)
    if not path.exists():
        if Locale.parse(locale).language == "en":
            return None  # interface strings are written in English: no catalogue needed
        problems.add(
            path,
            None,
            f"no interface-string catalogue for '{code}'",
            f"run: pybabel init -i theme/locales/messages.pot -d theme/locales -l {code}",
        )
        return None
    with path.open("rb") as handle:
        try:
            return read_po(handle, locale=locale)
        except Exception as err:  # babel raises plain exceptions for syntax errors
            problems.add(
                path,
                getattr(err, "lineno", None),
                f"this catalogue cannot be read: {err}",
                "fix the line or regenerate it with pybabel update",
            )
            return None


def untranslated(catalog: Catalog) -> list[tuple[str, int | None]]:
    """msgids with no translation (or marked fuzzy), with their line in the .po file."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        text = message.string
        empty = not text or (isinstance(text, tuple) and not all(text))
        if empty or message.fuzzy:
            found.append((message.id if isinstance(message.id, str) else message.id[0], message.lineno))
    return found


def translations_from(catalog: Catalog | None) -> NullTranslations:
    if catalog is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=CATALOGUE_DOMAIN)


KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "gettext_noop": None}
EXTRACTION_METHODS = [("templates/**.html", "jinja2.ext:babel_extract")]
EXTRACTION_OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


def load_translations(theme: Path, config: SiteConfig, problems: Problems, cache: ParseCache | None = None) -> dict:
    """gettext translations per language code, reporting unreadable or incomplete catalogues."""
    required = required_msgids(theme, cache)
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
            problems.add(
                path,
                line,
                f'the interface string "{msgid}" has no {code} translation',
                "write the translation in its msgstr line and remove any '#, fuzzy' mark above it",
            )
    present = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    for msgid in sorted(required - present):
        problems.add(
            path,
            None,
            f'the interface string "{msgid}" is missing from this catalogue',
            "run scripts/catalogues to update the catalogues, then translate it",
        )


PACKAGE = Path(__file__).resolve().parents[1]  # the whole program: its Python shows messages too


def _message_sources(theme: Path) -> list[tuple[Path, str, dict]]:
    """Every file pybabel reads for messages, with its extraction method and options: the
    theme's templates and the program's Python (folders starting with . or _ skipped, as
    pybabel does)."""
    (pattern, method) = EXTRACTION_METHODS[0]
    options = EXTRACTION_OPTIONS[pattern]
    sources = []
    for folder, glob, how, opts in (
        (theme, "templates/**/*.html", method, options),
        (PACKAGE, "**/*.py", "python", {}),
    ):
        for path in sorted(folder.glob(glob)):
            inside = path.relative_to(folder).parts[:-1]
            if path.is_file() and not any(part.startswith((".", "_")) for part in inside):
                sources.append((path, how, opts))
    return sources


def _messages_of(path: Path, method: str, options: dict) -> frozenset[str]:
    found = extract_from_file(method, str(path), keywords=KEYWORDS, options=options)
    return frozenset(message if isinstance(message, str) else message[0] for _line, message, _c, _ctx in found)


@cache
def _extracted(theme: Path) -> frozenset[str]:
    return required_msgids(theme, NoCache())


def required_msgids(theme: Path, cache: ParseCache | None = None) -> frozenset[str]:
    """Every msgid the templates and the program itself can show a visitor (as pybabel
    finds them). With the build's `cache`, a file is read again only when it changed:
    extracting every template costs more than a whole one-page rebuild should."""
    if cache is None:
        return _extracted(theme.resolve())
    found: set[str] = set()
    for path, method, options in _message_sources(theme.resolve()):
        messages = cache.get(path)
        if not isinstance(messages, frozenset):
            messages = _messages_of(path, method, options)
            cache.put(path, messages)
        found |= messages
    return frozenset(found)
