"""The program's vocabulary: value types and names shared by every stage.

Texts per language, partial dates, amounts, programming periods and funds, page slugs and
content file names are defined here once; stages import them, never redefine them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

# A text a visitor reads: either the same in every language (a proper name) or one per language.
Text = str | dict[str, str]


def gettext_noop(message: str) -> str:
    """Mark a string for extraction without translating it (pybabel -k gettext_noop)."""
    return message


PERIODS = ("2007-2013", "2014-2020", "2021-2027")
# Fund keys used in records and site_config.yml → the fund's official English name (a msgid).
FUNDS: dict[str, str] = {
    "erdf": gettext_noop("European Regional Development Fund"),
    "esf": gettext_noop("European Social Fund"),
    "esf-plus": gettext_noop("European Social Fund Plus"),
    "cf": gettext_noop("Cohesion Fund"),
    "enpi": gettext_noop("European Neighbourhood and Partnership Instrument"),
    "eni": gettext_noop("European Neighbourhood Instrument"),
    "ndici": gettext_noop("Neighbourhood, Development and International Cooperation Instrument"),
    "ipa": gettext_noop("Instrument for Pre-accession Assistance"),
    "ipa-ii": gettext_noop("Instrument for Pre-accession Assistance (IPA II)"),
    "ipa-iii": gettext_noop("Instrument for Pre-accession Assistance (IPA III)"),
    "yei": gettext_noop("Youth Employment Initiative"),
    "emff": gettext_noop("European Maritime and Fisheries Fund"),
    "emfaf": gettext_noop("European Maritime, Fisheries and Aquaculture Fund"),
    "jtf": gettext_noop("Just Transition Fund"),
}
FUND_KEYS = tuple(FUNDS)
# The funds of each programming period (Interreg programmes draw on ERDF together with the
# external instruments of their period: ENPI/IPA, ENI/IPA II, NDICI/IPA III).
FUNDS_BY_PERIOD: dict[str, tuple[str, ...]] = {
    "2007-2013": ("erdf", "esf", "cf", "enpi", "ipa"),
    "2014-2020": ("erdf", "esf", "cf", "yei", "eni", "ipa-ii", "emff"),
    "2021-2027": ("erdf", "esf-plus", "cf", "jtf", "emfaf", "ipa-iii", "ndici"),
}

# A project's slug or a page's name: lower-case letters, digits and single hyphens.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Strict(BaseModel):
    """A model of editors' input: unknown fields are mistakes, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def text_in(text: Text, lang: str) -> str | None:
    """The text for `lang`, or None when it has not been translated."""
    if isinstance(text, str):
        return text
    return text.get(lang)


def text_for(text: Text | None, lang: str, fallback: str | None = None) -> str:
    """The text a visitor reads in `lang`: a name that is the same in every language as it
    is, else its translation, else (when given) the `fallback` language's text, else ""."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or (text.get(fallback, "") if fallback else "")


def base_path_of(base_url: str) -> str:
    """The sub-path a site is served under, from its address: "/" or "/repo/"."""
    path = urlsplit(base_url).path if "://" in base_url else ""
    return path if path.endswith("/") else path + "/"


def page_file(kind: str, slug: str) -> str:
    """A page's Markdown file inside its language folder: projects/<slug>.md or <slug>.md
    (the home page's slug is `index`)."""
    return f"projects/{slug}.md" if kind == "project" else f"{slug}.md"


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
            if self.month is None:  # never made so: every parser gives a day with its month
                raise ValueError(f"{self!r} has a day but no month")
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
    raise ValueError(f"{value!r} is not a date — write a date as 2010-10-01, a month as 2008-10 or a year as 2021")


DateLike = Annotated[
    PartialDate,
    BeforeValidator(_partial_date),
    PlainSerializer(lambda d: d.iso(), return_type=str),
    WithJsonSchema(
        {
            "description": "A date (2010-10-01), a month (2008-10) or a year (2021)",
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
        }
    ),
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
        f"{value!r} is not an amount — write digits with a dot for decimals and no spaces or currency, e.g. 264145.00"
    )


Amount = Annotated[
    Decimal,
    BeforeValidator(_decimal),
    PlainSerializer(lambda d: str(d), return_type=str),
    WithJsonSchema({"description": "An amount: digits with a dot for decimals, no spaces", "type": "number"}),
]
