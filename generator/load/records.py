"""Project records: `content/projects/<slug>.yml`, the language-neutral facts."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from generator.eu.rules import fund_list
from generator.values import FUND_KEYS, PERIODS, Amount, DateLike, Strict, Text

# Row labels of a costs table that the catalogues translate (theme/templates/partials/budget.html).
COST_CATEGORIES = ("staff", "external_services", "premises", "investments", "travel", "other", "external_public_direct")


class Period(Strict):
    start: DateLike | None = None
    end: DateLike | None = None
    duration_months: int | None = Field(default=None, gt=0)


FundKey = Literal[FUND_KEYS]  # type: ignore[valid-type]  # pydantic reads the keys from the tuple


class EuFunding(Strict):
    fund: FundKey | list[FundKey] = Field(
        description="the EU fund, e.g. erdf, or a list when several co-financed the project, e.g. [erdf, enpi]"
    )
    programming_period: Literal[PERIODS]  # type: ignore[valid-type]
    co_financing_rate: Decimal | None = Field(default=None, gt=0, le=100, description="EU share in per cent")

    @property
    def funds(self) -> tuple[str, ...]:
        return fund_list(self.fund)


class Money(Strict):
    amount: Amount = Field(
        description="Written with the decimals the source gives: 264145.00 is shown with cents, 250000 without"
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR, SEK, NOK, LTL")
    label: Text | None = Field(
        default=None,
        description="What this amount covers when it is one part of several "
        "(e.g. the Swedish part); leave out when amounts are the same sum in two currencies",
    )
    approximate: bool = Field(
        default=False,
        description="true when the source gives a rounded figure ('about', '2,44 MEUR'): shown with 'about', "
        "and millions as the source rounds them (about €2.44 million)",
    )


class Contribution(Money):
    partner: str
    per_year: bool = False
    in_kind: bool = False


class StatedTotals(Strict):
    values: list[Amount]
    total: Amount | None = None


class Row(Strict):
    label: Text
    values: list[Amount]
    total: Amount | None = None


class Group(Strict):
    label: Text
    rows: list[Row] = Field(min_length=1)
    subtotal: StatedTotals | None = None


class Table(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Literal["costs", "financing"]
    caption: Text
    columns: list[int | str] = Field(min_length=1)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    rows: list[Row] | None = None
    groups: list[Group] | None = None
    total: StatedTotals

    @property
    def by_year(self) -> bool:
        return all(isinstance(c, int) for c in self.columns)

    def all_groups(self) -> list[Group]:
        """Rows without groups behave as one unnamed group."""
        if self.groups:
            return list(self.groups)
        return [Group(label="", rows=list(self.rows or []))]


class Budget(Strict):
    total: list[Money] = Field(default_factory=list)
    eu_contribution: list[Money] = Field(default_factory=list)
    contributions: list[Contribution] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)


class Partner(Strict):
    name: Text
    city: Text | None = None
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. SE, NO, PL, LT")
    role: Literal["lead", "partner", "associated"] = "partner"


class Link(Strict):
    url: str = Field(pattern=r"^https?://")
    label: Text


# What kind of document a record's facts come from: what it describes may be intended, not done.
SOURCE_KINDS = ("proposal", "decision", "application", "project-description", "summary")
# A project's status as its source states it (never worked out from the build date).
STATED_STATUSES = ("planned", "approved", "ongoing", "implemented", "not-stated")
# Facts the editors inferred, which the page must show as inferred, with the reason.
INFERABLE_FACTS = ("programme", "programming_period", "fund", "period", "partners", "budget")


class Source(Strict):
    file: str
    title: str | None = None
    kind: Literal[SOURCE_KINDS] = Field(  # type: ignore[valid-type]  # pydantic reads the tuple
        description="what the document is: proposal, decision, application, project-description or summary"
    )
    date: DateLike | None = Field(default=None, description="The document's date, as it states it")


class Inferred(Strict):
    fact: Literal[INFERABLE_FACTS] = Field(  # type: ignore[valid-type]
        description="The fact not stated in the source: programme, programming_period, fund, period, partners or budget"
    )
    reason: Text = Field(description="Why it is inferred, per language; shown to visitors beside the fact")


class ProjectRecord(Strict):
    acronym: str | None = None
    official_name: str | None = None
    programme: str | None = Field(
        default=None, description="A key of 'programmes' in site_config.yml; leave out when there is none"
    )
    reference: str | None = Field(default=None, description="The programme's project number, as the source states it")
    case_number: str | None = Field(
        default=None, description="The source document's case (diary) number, e.g. RUN/572/2020; not a project number"
    )
    approved: DateLike | None = None
    # An empty `status:` (as the scaffold writes it) is read as "not-stated" by the validator
    # below; the schema admits null so that editors' tools accept the empty field.
    status: Literal[STATED_STATUSES] | None = Field(  # type: ignore[valid-type]
        default="not-stated",
        description="The project's status as the source states it: planned, approved, ongoing, implemented, or "
        "not-stated. Never worked out from dates: a proposal describes planned work",
    )
    period: Period = Period()
    funding: EuFunding | Literal["none"]
    budget: Budget = Budget()
    partners: list[Partner] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    source: Source
    inferred: list[Inferred] = Field(
        default_factory=list, description="Facts of this record that the source does not state, each with its reason"
    )

    @field_validator("status", mode="before")
    @classmethod
    def _empty_status_is_not_stated(cls, value):
        # `status:` left empty, as the scaffold writes it, means the source does not say.
        return "not-stated" if value is None else value

    @field_validator("reference", mode="before")
    @classmethod
    def _reference_as_text(cls, value):
        # Reference numbers like 3025 are labels, not quantities; accept them unquoted.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @property
    def eu_funded(self) -> bool:
        return isinstance(self.funding, EuFunding)

    @property
    def eu_funding(self) -> EuFunding | None:
        """The record's EU funding; None for `funding: none`."""
        return self.funding if isinstance(self.funding, EuFunding) else None
