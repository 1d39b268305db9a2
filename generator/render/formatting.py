"""Locale-aware formatting (Babel), registered as Jinja filters.

Formatting lives here, registered as Jinja filters, so neither templates nor the model
decide how a date or an amount looks in Polish.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_symbol,
)

from generator.values import PartialDate, Text, text_for


@cache
def _parsed(locale: str) -> Locale:
    return Locale.parse(locale)


MILLION = Decimal(1_000_000)


def _whole(amount: Decimal) -> bool:
    """Written without decimals (250000, not 250000.00): the source gave no cents."""
    exponent = amount.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= 0


_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def currency_spacing(text: str) -> str:
    """CLDR's currency-spacing rule, which Babel leaves out: "SEK9,710" → "SEK 9,710".

    A no-break space keeps the code and the amount on one line.
    """
    return _LETTER_DIGIT.sub("\u00a0", text)


def _written(value: object) -> tuple[type, str]:
    """A memo key that tells apart what formats differently: Decimal("1.0") from
    Decimal("1.00") (equal, same hash) and from the int 1 or the float 1.0."""
    return type(value), str(value)


@dataclass(frozen=True)
class Formatter:
    """Formatting for one locale; its methods become Jinja filters.

    Babel parses a locale string on every call; a Locale object is parsed once, which
    matters when thousands of pages each format dozens of dates, amounts and countries.
    And each formatted value is kept: the same amounts, dates and countries come back on
    every page of a language (a budget table alone has ~30 cells), so Babel formats each
    (locale, value) once per process. Amounts are keyed by their written form
    (`str(Decimal)`), which keeps the precision that decides how they look: 250000 and
    250000.00 are equal Decimals but are written differently.
    """

    locale: str
    lang: str
    _memo: dict[Hashable, str] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @property
    def _locale(self) -> Locale:
        return _parsed(self.locale)

    def _once(self, key: Hashable, make: Callable[[], str]) -> str:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = make()
        return found

    def date(self, value: PartialDate | None) -> str:
        if value is None:
            return ""
        return self._once(("date", value.year, value.month, value.day), lambda: self._date(value))

    def _date(self, value: PartialDate) -> str:
        if value.precision == "day":
            return format_date(value.first_day(), format="long", locale=self._locale)
        if value.precision == "month":
            return format_skeleton("yMMMM", value.first_day(), locale=self._locale)
        return str(value.year)

    def money(self, amount: Decimal, currency: str, approximate: bool = False) -> str:
        """An amount with the precision the source gives: cents only when written with them
        ("264 145,00 €", "250 000 kr"); a rounded figure of millions in millions, as rounded
        ("2,44 miljoner €" for "2,44 MEUR")."""
        key = ("money", _written(amount), currency, bool(approximate))
        return self._once(key, lambda: self._money(amount, currency, approximate))

    def _money(self, amount: Decimal, currency: str, approximate: bool) -> str:
        if approximate and abs(amount) >= MILLION:
            return self._millions(amount, currency)
        if _whole(amount):
            pattern = self._locale.currency_formats["standard"].pattern.replace("0.00", "0")
            text = format_currency(amount, currency, format=pattern, locale=self._locale, currency_digits=False)
        else:
            text = format_currency(amount, currency, locale=self._locale)
        return currency_spacing(text)

    def _millions(self, amount: Decimal, currency: str) -> str:
        exponent = (amount / MILLION).normalize().as_tuple().exponent  # 2.44 → -2: two decimals
        digits = max(0, -exponent) if isinstance(exponent, int) else 0
        number = format_compact_decimal(amount, format_type="long", fraction_digits=digits, locale=self._locale)
        symbol = get_currency_symbol(currency, locale=self._locale)
        pattern = self._locale.currency_formats["standard"].pattern
        return f"{symbol}{number}" if pattern.startswith("¤") else f"{number}\u00a0{symbol}"

    def number(self, value: Decimal | int) -> str:
        return self._once(("number", _written(value)), lambda: format_decimal(value, locale=self._locale))

    def amount(self, value: Decimal) -> str:
        """An amount inside a table whose caption names the currency."""
        return self._once(
            ("amount", _written(value)), lambda: format_decimal(value, format="#,##0.##", locale=self._locale)
        )

    def percent(self, value: Decimal | float) -> str:
        return self._once(
            ("percent", _written(value)),
            lambda: format_percent(Decimal(value) / 100, format="#,##0.##%", locale=self._locale),
        )

    def country(self, code: str) -> str:
        return self._once(("country", code), lambda: self._locale.territories.get(code, code))

    def text(self, value: Text | None) -> str:
        return text_for(value, self.lang)
