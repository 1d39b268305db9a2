"""The site model: every page of the site in every language, with its URL and alternates.

Plain, immutable data that templates can read but not change. Nothing here knows HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from math import ceil
from pathlib import Path

from generator.clock import ENV, BadSourceDateEpoch, build_date
from generator.errors import Problems
from generator.load.config import LoadedConfig, SiteConfig
from generator.load.content import Content, LoadedRecord
from generator.load.pages import Page
from generator.model.portfolio import (
    FACETS,
    FOLDERS,
    INDEX_KINDS,
    RESERVED_SLUGS,
    TERM_KINDS,
    Portfolio,
    build_portfolio,
)
from generator.values import page_file

# Pages made by the program, not written by editors: search and the ways into the portfolio.
LISTING_KINDS = frozenset({"search"} | set(INDEX_KINDS) | set(TERM_KINDS))
# Pages split into pages of their own: those that show project cards (`projects_per_page` a
# page) and the index pages, whose list of partners grows with the portfolio (`terms_per_page`).
PAGINATED_KINDS = frozenset({"home"} | set(TERM_KINDS) | set(INDEX_KINDS))
# Page 2 and on of a listing live in its folder under page/<n>/, as Hugo's do.
PAGE_FOLDER = "page"


@dataclass(frozen=True)
class PageRef:
    """One output page: what it shows, in which language, and whether the text is a fallback."""

    kind: str  # home | project | page, or a listing: search | programmes | programme | …
    slug: str
    lang: str
    page: Page | None  # the text shown (in `lang`, or the default language when `fallback`);
    fallback: bool  # None for listings, whose text comes from the theme and the records
    number: int = 1  # which page of a listing of projects this is (1 for every other page)
    count: int = 1  # how many pages that listing has

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.slug)

    @property
    def path(self) -> str:
        """Where the page's file goes inside the output folder."""
        return output_path(self.kind, self.slug, self.lang, self.number)

    @property
    def text(self) -> Page:
        """The editor's page shown here; only for home, project and stand-alone pages."""
        if self.page is None:
            raise TypeError(f"{self.kind} pages are made by eupages and have no editor's text")
        return self.page


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    root: Path
    theme: Path
    records: dict[str, LoadedRecord]
    pages: tuple[PageRef, ...]
    # translations[(kind, slug)] = languages that have a real (non-fallback) page
    translations: dict[tuple[str, str], tuple[str, ...]] = field(hash=False)
    # The build's day (generator/clock.py), decided once: every page and status shows the same day.
    today: dt.date
    # Generated pages (search, programmes, countries, partners, status) in every language.
    listings: tuple[PageRef, ...]
    # The projects by programme, country, partner and status (empty for a site without projects).
    portfolio: Portfolio = field(hash=False)

    @property
    def all_pages(self) -> tuple[PageRef, ...]:
        """Every page to render: the editors' pages, then the generated listings."""
        return self.pages + self.listings

    def url(self, kind: str, slug: str, lang: str, number: int = 1) -> str:
        return self.config.base_path + relative_url(kind, slug, lang, number)

    def absolute_url(self, kind: str, slug: str, lang: str, number: int = 1) -> str:
        return self.config.base_url + relative_url(kind, slug, lang, number)

    def listed(self, kind: str, slug: str) -> tuple[str, ...]:
        """Every project a listing shows, over all its pages, in portfolio order (made once a
        listing: every page of it in every language asks, and a partner's is made anew)."""
        listed = self._listed.get((kind, slug))
        if listed is None:
            listed = self._listed[(kind, slug)] = listed_projects(self.portfolio, kind, slug)
        return listed

    def shown(self, ref: PageRef) -> tuple[str, ...]:
        """The projects whose cards this page of a listing shows."""
        size = self.config.projects_per_page
        return self.listed(ref.kind, ref.slug)[(ref.number - 1) * size : ref.number * size]

    def refs_in(self, lang: str) -> list[PageRef]:
        """The editors' pages in one language (indexed once: every page's menu asks for them)."""
        return self._refs_by_lang.get(lang, [])

    def ref(self, kind: str, slug: str, lang: str) -> PageRef | None:
        return self._refs_by_key.get((kind, slug, lang))

    @cached_property
    def _refs_by_lang(self) -> dict[str, list[PageRef]]:
        index: dict[str, list[PageRef]] = {}
        for ref in self.pages:
            index.setdefault(ref.lang, []).append(ref)
        return index

    @cached_property
    def _listed(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {}

    @cached_property
    def _refs_by_key(self) -> dict[tuple[str, str, str], PageRef]:
        return {(ref.kind, ref.slug, ref.lang): ref for ref in self.pages}


def relative_url(kind: str, slug: str, lang: str, number: int = 1) -> str:
    """The page's address below the site's base; page `number` > 1 of a listing is in its page/<n>/."""
    first = _first_page_url(kind, slug, lang)
    return first if number == 1 else f"{first}{PAGE_FOLDER}/{number}/"


def _first_page_url(kind: str, slug: str, lang: str) -> str:
    if kind == "home":
        return f"{lang}/"
    if kind == "project":
        return f"{lang}/projects/{slug}/"
    if kind == "404":
        return f"{lang}/404.html"
    if kind == "search":
        return f"{lang}/search/"
    if kind in INDEX_KINDS:
        return f"{lang}/{FOLDERS[kind]}/"
    if kind in TERM_KINDS:
        return f"{lang}/{FOLDERS[kind]}/{slug}/"
    return f"{lang}/{slug}/"


def output_path(kind: str, slug: str, lang: str, number: int = 1) -> str:
    """Where a page's file goes inside the output folder (always a relative POSIX path)."""
    url = relative_url(kind, slug, lang, number)
    return url + "index.html" if url.endswith("/") else url


def listed_projects(portfolio: Portfolio, kind: str, slug: str) -> tuple[str, ...]:
    """The projects a home or term page lists, in portfolio order (none for other pages)."""
    if kind == "home":
        return tuple(portfolio.status)  # every project, in the order the portfolio was built in
    if kind in TERM_KINDS:
        return portfolio.projects(TERM_KINDS[kind], slug)
    return ()


def page_count(listed: int, per_page: int) -> int:
    """How many pages a listing of `listed` projects (or an index of `listed` terms) takes; an
    empty listing still has its first page."""
    return max(1, ceil(listed / per_page))


def build_model(loaded: LoadedConfig, content: Content, problems: Problems, today: dt.date | None = None) -> Site:
    config = loaded.config
    default = config.default_language
    _check_translation_sources(config, content, problems)
    _check_aims_and_results(content, problems)
    wanted = [("project", slug) for slug in sorted(content.records, key=lambda s: _sort_key(content.records[s]))]
    stand_alone = sorted({key for pages in content.pages.values() for key in pages if key[0] == "page"})
    for key in stand_alone:
        if key[1] in RESERVED_SLUGS:
            page = next(pages[key] for pages in content.pages.values() if key in pages)
            problems.add(
                page.source,
                None,
                f"'{key[1]}' is the address of pages eupages makes itself",
                f"rename the file; these names are taken: {', '.join(sorted(RESERVED_SLUGS))}",
            )
    stand_alone = [key for key in stand_alone if key[1] not in RESERVED_SLUGS]
    keys = [("home", "index")] + stand_alone + wanted
    refs: list[PageRef] = []
    translations: dict[tuple[str, str], tuple[str, ...]] = {}
    for key in keys:
        original = content.pages[default].get(key)
        if original is None and (default,) + key in content.unreadable:
            continue  # already reported as unreadable
        if original is None:
            problems.add(
                _expected_path(loaded, default, key),
                None,
                f"missing page in the default language ({default})",
                f"write content/{default}/{page_file(*key)}: every page needs a version in the default language to fall back on",
            )
            continue
        present = tuple(code for code in config.codes if key in content.pages[code])
        translations[key] = present
        for code in config.codes:
            translated = content.pages[code].get(key)
            refs.append(PageRef(key[0], key[1], code, translated or original, translated is None))
    if today is None:
        try:
            today = build_date()
        except BadSourceDateEpoch as err:
            problems.add(ENV, None, str(err), err.hint)
            today = dt.date(1970, 1, 1)
    order = [slug for kind, slug in wanted if ("project", slug) in translations]
    portfolio = build_portfolio(content.records, order, list(config.programmes), default, today)
    home_count = page_count(len(portfolio.status), config.projects_per_page)
    refs = [replace(ref, count=home_count) if ref.kind == "home" else ref for ref in refs]
    homes = [ref for ref in refs if ref.kind == "home"]
    listings = _listings(config, portfolio, translations) + _later_home_pages(homes)
    return Site(
        config,
        loaded.root,
        loaded.folder("theme"),
        content.records,
        tuple(refs),
        translations,
        today,
        listings,
        portfolio,
    )


def _listings(config: SiteConfig, portfolio: Portfolio, translations: dict) -> tuple[PageRef, ...]:
    """Search, then for each facet its index page and a page per term, in every language."""
    keys = [("search", "search")]
    for facet, ways in FACETS.items():
        index_kind, term_kind = ways.index_kind, ways.term_kind
        terms = portfolio.terms(facet)
        if terms:
            keys.append((index_kind, "index"))
            keys.extend((term_kind, term) for term in terms)
    refs: list[PageRef] = []
    for kind, slug in keys:
        translations[(kind, slug)] = tuple(config.codes)  # the theme's strings exist in every language
        if kind in INDEX_KINDS:
            count = page_count(len(portfolio.terms(INDEX_KINDS[kind])), config.terms_per_page)
        else:
            count = page_count(len(listed_projects(portfolio, kind, slug)), config.projects_per_page)
        for number in range(1, count + 1):
            refs.extend(PageRef(kind, slug, code, None, False, number, count) for code in config.codes)
    return tuple(refs)


def _later_home_pages(home_pages: list[PageRef]) -> tuple[PageRef, ...]:
    """Pages 2 and on of the home page's projects: the home page's text and language, more cards.

    They are listings rather than editors' pages, so that the home page itself stays the one
    page of its kind in every language (menus and look-ups find it by kind, slug and language)."""
    return tuple(replace(home, number=number) for home in home_pages for number in range(2, home.count + 1))


def _sort_key(record: LoadedRecord) -> tuple:
    """Newest projects first; projects with no known start last; ties by slug."""
    start = record.record.period.start
    return (0, -start.first_day().toordinal(), record.slug) if start else (1, 0, record.slug)


# From 2014 the page of an EU-funded project must describe it "including its aims and results"
# (Reg. (EU) 1303/2013 Annex XII 2.2; Reg. (EU) 2021/1060 Art. 50(1)(a)).
AIMS_AND_RESULTS_FROM = ("2014-2020", "2021-2027")


def _check_aims_and_results(content: Content, problems: Problems) -> None:
    for pages in content.pages.values():
        for (kind, slug), page in pages.items():
            loaded = content.records.get(slug) if kind == "project" else None
            funding = loaded.record.eu_funding if loaded else None
            if funding is None or funding.programming_period not in AIMS_AND_RESULTS_FROM:
                continue
            missing = [name for name in ("aims", "results") if not getattr(page, name)]
            if missing:
                problems.add(
                    page.source,
                    1,
                    f"an EU-funded project of {funding.programming_period} must state its aims and results on "
                    f"its page; this page has no {' and no '.join(missing)}",
                    "add 'aims: …' and 'results: …' to the front matter, a sentence or two each in this page's "
                    "language (planned results for a project that has not ended)",
                )


def _check_translation_sources(config: SiteConfig, content: Content, problems: Problems) -> None:
    for code, pages in content.pages.items():
        for key, page in pages.items():
            origin = page.translated_from
            if origin is None:
                continue
            if origin.lang not in config.codes:
                problems.add(
                    page.source,
                    3,
                    f"translated_from names '{origin.lang}', which is not a language of this site",
                    f"use one of: {', '.join(config.codes)}",
                )
            elif origin.lang == code:
                problems.add(
                    page.source,
                    3,
                    "a page cannot be translated from its own language",
                    "name the language of the page you translated from, or remove translated_from",
                )
            elif key not in content.pages.get(origin.lang, {}):
                problems.add(
                    page.source,
                    3,
                    f"translated_from names '{origin.lang}' but there is no such page in that language",
                    f"check that content/{origin.lang}/{page_file(*key)} exists",
                )


def _expected_path(loaded: LoadedConfig, lang: str, key: tuple[str, str]) -> Path:
    return loaded.folder("content") / lang / page_file(*key)
