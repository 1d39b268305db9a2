"""The key of everything a page is rendered from, so unchanged pages need not be rendered.

Every key starts from the *site digest*: configuration, theme (templates, catalogues, static
files), the program itself, the build options and the build date (statuses depend on it).
Then each page adds what it shows:

- every page carries its language's *menu* (the stand-alone pages' titles and places, and
  which ways into the portfolio exist), its own language switcher (which languages the
  page exists in) and its translation state (an outdated translation shows a notice, which
  appears when its source changes and goes when it is marked current);
- a project page: its record, its text, and the addresses of its partners' pages;
- a stand-alone page: its text;
- a page of a listing of projects (the home page, a programme's, a country's, a partner's or a
  status's, each split into pages of `projects_per_page` cards): the cards that page shows,
  its place among the listing's pages and the listing's length (the page's first page also
  every partner's country and town, for the portfolio's map; the home page also its text and
  the terms its filter form offers);
- the index pages (all programmes, all countries, …, each split into pages of `terms_per_page`
  names): every term with its number of projects, and the page's place among the index's pages.

So editing a project's narrative re-renders one page; its title or summary also re-renders
the pages of listings that show its card in that language, and no other; a stand-alone
page's title re-renders its language (the menu); the theme re-renders everything.
"""

from __future__ import annotations

from functools import lru_cache

from generator.build.cache import digest
from generator.model.portfolio import FACETS, INDEX_KINDS, TERM_KINDS
from generator.model.site import PageRef, Site
from generator.model.translation_status import UNITS_FILE, Status, statuses_by_page
from generator.render.site_files import SiteFile


class Keys:
    def __init__(self, site: Site, site_digest: str):
        self.site = site
        self.site_digest = site_digest
        self.menu = lru_cache(maxsize=None)(self._menu)
        self.card = lru_cache(maxsize=None)(self._card)
        # Asked for by every page of a partner's listing in every language: made once each.
        self.partner_entry = lru_cache(maxsize=None)(self._partner_entry)
        self.term_counts = lru_cache(maxsize=None)(self._term_counts)
        self._portfolio: str | None = None
        self._places: str | None = None
        self._states: dict[tuple[str, str, str], Status] | None = None

    def _menu(self, lang: str) -> str:
        site = self.site
        default = site.config.default_language
        shown = [
            (r.kind, r.slug, r.fallback, r.text.lang, r.text.title)
            for r in site.refs_in(lang)
            if r.kind in ("home", "page")
        ]
        placement = [(r.slug, r.text.menu, r.text.order) for r in site.refs_in(default) if r.kind == "page"]
        facets = [f for f in FACETS if site.portfolio.terms(f)]
        return digest(shown, placement, facets)

    def _card(self, slug: str, lang: str) -> str:
        ref = self.site.ref("project", slug, lang)
        if ref is None:  # cards are made only for the projects' pages in the site model
            raise LookupError(f"project '{slug}' has no page in '{lang}'")
        return digest(self.site.records[slug].digest, ref.fallback, ref.text.lang, ref.text.title, ref.text.summary)

    def portfolio(self) -> str:
        if self._portfolio is None:
            self._portfolio = portfolio_digest(self.site)
        return self._portfolio

    def partner_places(self) -> str:
        """Every partner's country and town: what the portfolio's map shows."""
        if self._places is None:
            self._places = digest(
                [
                    (slug, [(p.country, p.city) for p in loaded.record.partners])
                    for slug, loaded in sorted(self.site.records.items())
                ]
            )
        return self._places

    def translation_state(self, ref: PageRef) -> tuple[str, str | None]:
        """The page's translation state and source language (none for generated pages)."""
        if self._states is None:
            self._states = statuses_by_page(self.site)
        status = self._states.get((ref.kind, ref.slug, ref.lang))
        return (status.state, status.source_lang) if status else ("", None)

    def page(self, ref: PageRef) -> str:
        site = self.site
        common = (
            self.site_digest,
            self.menu(ref.lang),
            (ref.kind, ref.slug, ref.lang, ref.fallback, ref.number, ref.count),
            site.translations.get(ref.key, ()),
            self.translation_state(ref),
        )
        if ref.kind == "project":
            return digest(*common, site.records[ref.slug].digest, ref.text.version, self._partner_slugs(ref.slug))
        if ref.kind == "page":
            return digest(*common, ref.text.version)
        if ref.kind == "home":
            # The first page also shows the whole portfolio's map.
            shown_map = self.partner_places() if ref.number == 1 else ""
            return digest(*common, ref.text.version, self._listing_page(ref), self._filter_terms(), shown_map)
        if ref.kind in TERM_KINDS:
            facet = TERM_KINDS[ref.kind]
            entry = self.partner_entry(ref.slug) if facet == "partner" else ""
            # A country's first page also shows the whole portfolio's map.
            shown_map = self.partner_places() if facet == "country" and ref.number == 1 else ""
            return digest(*common, self._listing_page(ref), entry, shown_map)
        if ref.kind == "search":
            return digest(*common)
        if ref.kind in INDEX_KINDS:
            return digest(*common, self.term_counts(INDEX_KINDS[ref.kind]))
        return digest(*common, self.portfolio())  # anything new: the whole portfolio

    def _listing_page(self, ref: PageRef) -> tuple:
        """What one page of a listing shows of it: its cards, and the listing's length (its heading)."""
        return len(self.site.listed(ref.kind, ref.slug)), [self.card(slug, ref.lang) for slug in self.site.shown(ref)]

    def _partner_entry(self, slug: str) -> str:
        return digest(repr(self.site.portfolio.partners.get(slug)))

    def _filter_terms(self) -> list:
        """The programmes, countries and statuses the home page's filter form offers."""
        return [(facet, self.site.portfolio.terms(facet)) for facet in ("programme", "country", "status")]

    def _term_counts(self, facet: str) -> list:
        """An index page's terms with their number of projects (and a partner's name and place)."""
        portfolio = self.site.portfolio
        return [
            (term, len(portfolio.projects(facet, term)), repr(portfolio.partners[term]) if facet == "partner" else "")
            for term in portfolio.terms(facet)
        ]

    def _partner_slugs(self, slug: str) -> list:
        portfolio = self.site.portfolio
        count = len(self.site.records[slug].record.partners)
        return [portfolio.partner_slugs.get((slug, i)) for i in range(count)]


def structure_digest(site: Site) -> str:
    """Which pages exist in which languages: the sitemap lists them all."""
    return digest(
        [(r.kind, r.slug, r.lang, r.fallback, r.number) for r in site.all_pages], sorted(site.translations.items())
    )


def portfolio_digest(site: Site) -> str:
    records = sorted((slug, loaded.digest) for slug, loaded in site.records.items())
    cards = [
        (ref.lang, ref.slug, ref.fallback, ref.text.title, ref.text.summary)
        for ref in site.pages
        if ref.kind == "project"
    ]
    return digest(records, cards)


def versions_digest(site: Site) -> str:
    """Every page's text version and every language's record of translated units: the
    translation-status page shows how they relate and counts the units."""
    content = site.root / site.config.folders.content
    units = []
    for code in site.config.codes:
        path = content / code / UNITS_FILE
        units.append(path.read_bytes() if path.is_file() else b"")
    return digest([(ref.kind, ref.slug, ref.lang, ref.fallback, ref.text.version) for ref in site.pages], *units)


def page_keys(site: Site, site_digest: str) -> dict[str, str]:
    """Output path → key, for every page of `site.all_pages`."""
    keys = Keys(site, site_digest)
    return {ref.path: keys.page(ref) for ref in site.all_pages}


def extra_keys(site: Site, site_digest: str, files: list[SiteFile]) -> dict[str, str]:
    """Keys of the site-wide files (root, 404s, status page, open data, sitemap, robots)."""
    keys = Keys(site, site_digest)
    parts = {
        "site": lambda relative: "",
        "menu": lambda relative: (
            keys.menu(relative.split("/", 1)[0]) if "/" in relative else keys.menu(site.config.default_language)
        ),
        "structure": lambda relative: structure_digest(site),
        "portfolio": lambda relative: keys.portfolio(),
        "versions": lambda relative: structure_digest(site) + versions_digest(site),
    }
    computed: dict[tuple[str, str], str] = {}
    result = {}
    for file in files:
        relative, depends_on = file.path, file.depends_on
        part = (
            parts[depends_on](relative)
            if depends_on == "menu"
            else computed.setdefault((depends_on, ""), parts[depends_on](relative))
        )
        result[relative] = digest(site_digest, relative, depends_on, part)
    return result
