"""The key of everything a page is rendered from, so unchanged pages need not be rendered.

A page's key combines:

- the *site digest*: configuration, theme (templates, catalogues, static files), the
  program itself, the build options and the build date (statuses depend on it);
- the *structure digest*: which pages exist in which languages, and what the menus show
  (stand-alone pages' titles and places), since every page carries the menu and the
  language switcher;
- what the page itself shows: a project page its record and its text; a stand-alone page
  its text; the home page and the listings (search, programmes, countries, partners,
  statuses) the *portfolio digest* — every record and every project's title and summary.

Editing a project's narrative therefore re-renders one page; editing its title or summary
also re-renders the listings in that language; editing the theme re-renders everything.
"""

from __future__ import annotations

from generator.build_cache import digest
from generator.model import PageRef, Site, output_path


def structure_digest(site: Site) -> str:
    parts = []
    for ref in site.pages:
        menu_text = (ref.page.title, ref.page.menu, ref.page.order) if ref.kind in ("home", "page") else ()
        parts.append((ref.kind, ref.slug, ref.lang, ref.fallback, menu_text))
    parts.append(sorted(site.translations.items()))
    return digest(parts)


def portfolio_digest(site: Site) -> str:
    records = sorted((slug, loaded.digest) for slug, loaded in site.records.items())
    cards = [(ref.lang, ref.slug, ref.fallback, ref.page.title, ref.page.summary)
             for ref in site.pages if ref.kind == "project"]
    return digest(records, cards)


def page_keys(site: Site, site_digest: str) -> dict[str, str]:
    """Output path → key, for every page of `site.all_pages`."""
    structure = structure_digest(site)
    portfolio = portfolio_digest(site)
    return {output_path(ref.kind, ref.slug, ref.lang): _key(ref, site, site_digest, structure, portfolio)
            for ref in site.all_pages}


def _key(ref: PageRef, site: Site, site_digest: str, structure: str, portfolio: str) -> str:
    own = (ref.kind, ref.slug, ref.lang, ref.fallback)
    if ref.kind == "project":
        return digest(site_digest, structure, own, site.records[ref.slug].digest, ref.page.version)
    if ref.kind == "page":
        return digest(site_digest, structure, own, ref.page.version)
    # home and every listing show the portfolio
    text = ref.page.version if ref.page is not None else ""
    return digest(site_digest, structure, own, portfolio, text)


def versions_digest(site: Site) -> str:
    """Every page's text version: the translation-status page shows how they relate."""
    return digest([(ref.kind, ref.slug, ref.lang, ref.fallback, ref.page.version) for ref in site.pages])


def extra_keys(site: Site, site_digest: str, outputs: list[tuple[str, str, object]]) -> dict[str, str]:
    """Keys of the site-wide files (root, 404s, status page, open data, sitemap, robots)."""
    parts = {"site": lambda: "", "structure": lambda: structure_digest(site),
             "portfolio": lambda: portfolio_digest(site),
             "versions": lambda: structure_digest(site) + versions_digest(site)}
    computed: dict[str, str] = {}
    keys = {}
    for relative, depends_on, _render in outputs:
        if depends_on not in computed:
            computed[depends_on] = parts[depends_on]()
        keys[relative] = digest(site_digest, relative, depends_on, computed[depends_on])
    return keys
