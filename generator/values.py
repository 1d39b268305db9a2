"""Value types shared by the configuration and the records."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

# A text a visitor reads: either the same in every language (a proper name) or one per language.
Text = str | dict[str, str]

PERIODS = ("2007-2013", "2014-2020", "2021-2027")
FUNDS = ("erdf", "esf", "cf", "enpi")


def text_in(text: Text, lang: str) -> str | None:
    """The text for `lang`, or None when it has not been translated."""
    if isinstance(text, str):
        return text
    return text.get(lang)


def missing_languages(text: Text, languages: list[str]) -> list[str]:
    if isinstance(text, str):
        return []
    return [code for code in languages if not text.get(code)]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or only the year, as sources state them."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month, self.day)
        if self.month:
            following = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    if isinstance(value, str):
        text = value.strip()
        month = _MONTH.match(text)
        if month and 1 <= int(month.group(2)) <= 12:
            return PartialDate(int(month.group(1)), int(month.group(2)))
        if re.fullmatch(r"\d{4}", text):
            return PartialDate(int(text))
        try:
            parsed = dt.date.fromisoformat(text)
            return PartialDate(parsed.year, parsed.month, parsed.day)
        except ValueError:
            pass
    raise ValueError(
        f"{value!r} is not a date — write a date as 2010-10-01, a month as 2008-10 or a year as 2021")


DateLike = Annotated[
    PartialDate,
    BeforeValidator(_partial_date),
    PlainSerializer(lambda d: d.iso(), return_type=str),
    WithJsonSchema({"description": "A date (2010-10-01), a month (2008-10) or a year (2021)",
                    "anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                              {"type": "integer", "minimum": 1000, "maximum": 9999}]}),
]


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("an amount must be a number — write digits, e.g. 264145.00")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            pass
    raise ValueError(
        f"{value!r} is not an amount — write digits with a dot for decimals and no spaces or currency, e.g. 264145.00")


Amount = Annotated[
    Decimal,
    BeforeValidator(_decimal),
    PlainSerializer(lambda d: str(d), return_type=str),
    WithJsonSchema({"description": "An amount: digits with a dot for decimals, no spaces", "type": "number"}),
]
