"""Locale-aware formatting (Babel), registered as Jinja filters.

Formatting lives here, registered as Jinja filters, so neither templates nor the model
decide how a date or an amount looks in Polish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent

from generator.values import PartialDate, Text, text_for


@cache
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
        return text_for(value, self.lang)
