"""Ways into the portfolio: programmes, partner countries, partner organisations, status.

Each is a *facet*: a set of terms (a programme key, a country code, a partner slug, a
status), each term naming the projects it applies to. The site model turns every term
into a plain page in every language, and the home page's filter form uses the same terms,
so filtering never needs JavaScript — a script only makes it quicker.

Nothing here knows HTML or languages: names are chosen by the renderer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from generator.load.content import LoadedRecord
from generator.load.records import STATED_STATUSES, ProjectRecord
from generator.values import PartialDate, text_in

# Statuses in the order they are offered; "not-stated" when the sources give no end.
# A project's status is the one its source states (the record's `status`); the portfolio's
# status pages group projects by it, in this order.
STATUSES = STATED_STATUSES


@dataclass(frozen=True)
class Facet:
    """One way into the portfolio: its index page (all programmes), a term's page (one
    programme) and the URL folder both live in."""

    index_kind: str
    term_kind: str
    folder: str


FACETS = {
    "programme": Facet("programmes", "programme", "programmes"),
    "country": Facet("countries", "country", "countries"),
    "partner": Facet("partners", "partner", "partners"),
    "status": Facet("statuses", "status", "status"),
}
INDEX_KINDS = {f.index_kind: name for name, f in FACETS.items()}
TERM_KINDS = {f.term_kind: name for name, f in FACETS.items()}
FOLDERS = {kind: f.folder for f in FACETS.values() for kind in (f.index_kind, f.term_kind)}

# Names a stand-alone page cannot take, because generated pages live there.
# "page" holds pages 2, 3, … of the home page's projects (generator.model.site.PAGE_FOLDER).
RESERVED_SLUGS = frozenset(f.folder for f in FACETS.values()) | {
    "projects",
    "search",
    "assets",
    "pagefind",
    "404",
    "page",
}


# -- status -------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def end_date(record: ProjectRecord) -> dt.date | None:
    """The last day of the project: stated, or the start plus the stated duration."""
    period = record.period
    if period.end is not None:
        return period.end.last_day()
    if period.start is not None and period.duration_months:
        return add_months(period.start.first_day(), period.duration_months) - dt.timedelta(days=1)
    return None


def period_state(record: ProjectRecord, today: dt.date) -> str:
    """Where `today` (the build date) falls in the period the source gives: not-started,
    running or ended; unknown without an end (stated, or start plus duration).

    This is a calculation from the dates, shown as one, never as the project's status: that
    a planned period has ended does not say that the work was done.
    """
    end = end_date(record)
    start: PartialDate | None = record.period.start
    if end is None:
        if start is not None and start.first_day() > today:
            return "not-started"
        return "unknown"
    if end < today:
        return "ended"
    if start is not None and start.first_day() > today:
        return "not-started"
    return "running"


# -- partners -------------------------------------------------------------------------------
_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "ł": "l",
        "Ł": "l",
        "ß": "ss",
        "đ": "d",
        "Đ": "d",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 80:  # long names: cut at a word boundary
        slug = slug[:81].rsplit("-", 1)[0]
    return slug or "partner"


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores case and accents (Ö with O, Ł with L)."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return ("".join(c for c in folded if not unicodedata.combining(c)).casefold(), text)


@dataclass(frozen=True)
class PartnerEntry:
    """One organisation that takes part in one or more projects."""

    slug: str
    name: object  # Text: a plain name or a name per language
    city: object  # Text or None, from its first listing
    country: str
    projects: tuple[tuple[str, str], ...]  # (project slug, role) in portfolio order


def partner_identity(name, default_lang: str) -> str:
    return (text_in(name, default_lang) or "").strip()


# -- the whole portfolio ----------------------------------------------------------------
@dataclass(frozen=True)
class Portfolio:
    """Which projects each term of each facet names, all in portfolio order."""

    today: dt.date
    status: dict[str, str]  # project slug → status as its source states it
    period_state: dict[str, str]  # project slug → not-started | running | ended | unknown (calculated)
    programmes: dict[str, tuple[str, ...]]  # programme key → project slugs
    countries: dict[str, tuple[str, ...]]  # country code in lower case (its URL) → project slugs
    partners: dict[str, PartnerEntry]  # partner slug → entry
    partner_slugs: dict[tuple[str, int], str]  # (project slug, partner index) → partner slug
    statuses: dict[str, tuple[str, ...]]  # status → project slugs

    def terms(self, facet: str) -> list[str]:
        if facet == "programme":
            return list(self.programmes)
        if facet == "country":
            return list(self.countries)
        if facet == "partner":
            return list(self.partners)
        return list(self.statuses)

    def projects(self, facet: str, term: str) -> tuple[str, ...]:
        if facet == "programme":
            return self.programmes[term]
        if facet == "country":
            return self.countries[term]
        if facet == "partner":
            return tuple(slug for slug, _role in self.partners[term].projects)
        return self.statuses[term]


def build_portfolio(
    records: dict[str, LoadedRecord], order: list[str], programme_keys: list[str], default_lang: str, today: dt.date
) -> Portfolio:
    """`order` is the portfolio order of project slugs (newest first)."""
    status = {slug: records[slug].record.status or "not-stated" for slug in order}
    programmes: dict[str, list[str]] = {key: [] for key in programme_keys}
    countries: dict[str, list[str]] = {}
    by_identity: dict[str, dict] = {}
    for slug in order:
        record = records[slug].record
        if record.programme in programmes:
            programmes[record.programme].append(slug)
        for index, partner in enumerate(record.partners):
            members = countries.setdefault(partner.country.lower(), [])
            if slug not in members:
                members.append(slug)
            identity = partner_identity(partner.name, default_lang)
            entry = by_identity.setdefault(
                identity,
                {"name": partner.name, "city": partner.city, "country": partner.country, "projects": [], "places": []},
            )
            entry["projects"].append((slug, partner.role))
            entry["places"].append((slug, index))
    # Slugs: deterministic, unique; a clash gets -2, -3 … in alphabetical order of the names.
    partners: dict[str, PartnerEntry] = {}
    partner_slugs: dict[tuple[str, int], str] = {}
    taken: set[str] = set()
    for identity in sorted(by_identity, key=sort_key):
        entry = by_identity[identity]
        base = slugify(identity)
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        partners[slug] = PartnerEntry(slug, entry["name"], entry["city"], entry["country"], tuple(entry["projects"]))
        for place in entry["places"]:
            partner_slugs[place] = slug
    statuses = {name: tuple(s for s in order if status[s] == name) for name in STATUSES}
    return Portfolio(
        today=today,
        status=status,
        period_state={slug: period_state(records[slug].record, today) for slug in order},
        programmes={key: tuple(slugs) for key, slugs in programmes.items() if slugs},
        countries={code: tuple(countries[code]) for code in sorted(countries)},
        partners=partners,
        partner_slugs=partner_slugs,
        statuses={name: slugs for name, slugs in statuses.items() if slugs},
    )
