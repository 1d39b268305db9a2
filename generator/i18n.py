"""Interface strings (gettext catalogues) and locale-aware formatting (Babel).

Formatting lives here, registered as Jinja filters, so neither templates nor the model
decide how a date or an amount looks in Polish.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import NullTranslations, Translations

from generator.errors import Problems
from generator.fields import PartialDate, Text, text_in

CATALOGUE_DOMAIN = "messages"


def catalogue_path(theme: Path, code: str) -> Path:
    return theme / "locales" / code / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.po"


def load_catalogue(theme: Path, code: str, locale: str, problems: Problems) -> Catalog | None:
    path = catalogue_path(theme, code)
    if not path.exists():
        if Locale.parse(locale).language == "en":
            return None  # interface strings are written in English: no catalogue needed
        problems.add(path, None, f"no interface-string catalogue for '{code}'",
                     f"run: pybabel init -i theme/locales/messages.pot -d theme/locales -l {code}")
        return None
    with path.open("rb") as handle:
        try:
            return read_po(handle, locale=locale)
        except Exception as err:  # babel raises plain exceptions for syntax errors
            problems.add(path, getattr(err, "lineno", None), f"this catalogue cannot be read: {err}",
                         "fix the line or regenerate it with pybabel update")
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


@lru_cache(maxsize=None)
def _parsed(locale: str) -> Locale:
    return Locale.parse(locale)


_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def currency_spacing(text: str) -> str:
    """CLDR's currency-spacing rule, which Babel leaves out: "SEK9,710" → "SEK 9,710".

    A no-break space keeps the code and the amount on one line.
    """
    return _LETTER_DIGIT.sub("\u00a0", text)


@dataclass(frozen=True)
class Formatter:
    """Formatting for one locale; its methods become Jinja filters.

    Babel parses a locale string on every call; a Locale object is parsed once, which
    matters when thousands of pages each format dozens of dates, amounts and countries.
    """

    locale: str
    lang: str

    @property
    def _locale(self) -> Locale:
        return _parsed(self.locale)

    def date(self, value: PartialDate | None) -> str:
        if value is None:
            return ""
        if value.precision == "day":
            return format_date(value.first_day(), format="long", locale=self._locale)
        if value.precision == "month":
            return format_skeleton("yMMMM", value.first_day(), locale=self._locale)
        return str(value.year)

    def money(self, amount: Decimal, currency: str) -> str:
        # Amounts keep their decimals as sources state them ("264 145,00 €").
        return currency_spacing(format_currency(amount, currency, locale=self._locale))

    def number(self, value: Decimal | int) -> str:
        return format_decimal(value, locale=self._locale)

    def amount(self, value: Decimal) -> str:
        """An amount inside a table whose caption names the currency."""
        return format_decimal(value, format="#,##0.##", locale=self._locale)

    def percent(self, value: Decimal | float) -> str:
        return format_percent(Decimal(value) / 100, format="#,##0.##%", locale=self._locale)

    def country(self, code: str) -> str:
        return self._locale.territories.get(code, code)

    def text(self, value: Text | None) -> str:
        if value is None:
            return ""
        found = text_in(value, self.lang)
        return found if found is not None else ""
