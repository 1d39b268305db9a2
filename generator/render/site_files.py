"""The site-wide files beside the pages: the language chooser at the root, the 404 pages,
the translation status page for staff, the open data, sitemap.xml and robots.txt."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from generator.model.site import Site
from generator.model.translation_status import (
    MISSING,
    ORIGINAL,
    OUTDATED,
    UP_TO_DATE,
    Counts,
    CountsMemo,
    Mapper,
    statuses_with_counts_for_site,
)
from generator.render.open_data import CSV_NAME, JSON_NAME, projects_csv, projects_json
from generator.render.renderer import Renderer, guarded
from generator.values import gettext_noop, text_for


@dataclass(frozen=True)
class SiteFile:
    """One site-wide file: where it goes, what it depends on beyond the theme and the
    configuration (see generator.build.keys.extra_keys), and how to make it."""

    path: str
    depends_on: str
    render: Callable[[], bytes]


def site_files(
    site: Site, renderer: Renderer, memo: CountsMemo | None = None, identity: str = "", mapper: Mapper | None = None
) -> list[SiteFile]:
    """The site-wide files; `memo` keeps the status page's unit counts between builds, and
    the page itself under `identity` (a digest of the theme, configuration and program);
    `mapper` counts the units that are not in `memo` (in the build's workers)."""
    default = site.config.default_language

    def page(render):
        return lambda: guarded(site, render)[1]

    files = [SiteFile("index.html", "structure", page(renderer.render_root))]  # its alternates: which homes exist
    for code in site.config.codes:
        files.append(SiteFile(f"{code}/404.html", "menu", page(lambda code=code: renderer.render_404(code))))
    # Static hosts serve /404.html for every unknown address: the default language's page.
    files.append(SiteFile("404.html", "menu", page(lambda: renderer.render_404(default))))
    files.append(
        SiteFile(
            "_status/translations.html",
            "versions",
            page(lambda: translation_status_page(site, renderer, memo, identity, mapper)),
        )
    )
    # Both open-data files change together; the CSV is made from the very JSON document.
    portfolio_json = functools.cache(lambda: projects_json(site))
    files.append(SiteFile(JSON_NAME, "portfolio", portfolio_json))
    files.append(SiteFile(CSV_NAME, "portfolio", lambda: projects_csv(site, portfolio_json())))
    files.append(SiteFile("sitemap.xml", "structure", lambda: sitemap_xml(site)))
    files.append(SiteFile("robots.txt", "site", lambda: robots_txt(site)))
    return files


def sitemap_xml(site: Site) -> bytes:
    config = site.config
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    x_default = f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(config.base_url)}/>'
    alternates: dict[tuple, list[str]] = {}  # the same for a page in every language: made once
    for ref in site.all_pages:
        if ref.fallback:
            continue
        group = (ref.kind, ref.slug, ref.number)
        links = alternates.get(group)
        if links is None:
            links = alternates[group] = [
                f'    <xhtml:link rel="alternate" hreflang="{config.language(code).html_lang}"'
                f" href={quoteattr(site.absolute_url(ref.kind, ref.slug, code, ref.number))}/>"
                for code in site.translations[ref.key]
            ]
            links.append(x_default)
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(site.absolute_url(ref.kind, ref.slug, ref.lang, ref.number))}</loc>")
        lines.extend(links)
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {site.config.base_url}sitemap.xml\n".encode()


# The counts' headings on the status page. Passed to gettext by name, not as literals, so that the
# build does not require them in every catalogue before they are translated; add them to the
# catalogues (msgids as written here) to translate them.
UNIT_LABELS = {
    "heading": gettext_noop("Units and words by language"),
    "intro": gettext_noop(
        "A unit is a title, summary, paragraph, heading, list item or table cell of a page; "
        "words are counted in the source. Export them with “eupages translations export”."
    ),
    "language": gettext_noop("Language"),
    "units_current": gettext_noop("Units up to date"),
    "units_review": gettext_noop("Units to review"),
    "units_missing": gettext_noop("Units missing"),
    "words_current": gettext_noop("Words up to date"),
    "words_review": gettext_noop("Words to review"),
    "words_missing": gettext_noop("Words missing"),
    "cell": gettext_noop("%(review)s to review, %(missing)s missing"),
}


def translation_status_page(
    site: Site, renderer: Renderer, memo: CountsMemo | None = None, identity: str = "", mapper: Mapper | None = None
) -> tuple[str, bytes]:
    """A status page for editors, in the default language; search engines are asked not to index it.

    Every page edit changes a version the page depends on, but rarely what it shows: with
    `identity` (what else it is made from), the page is kept in `memo` by what it shows."""
    counted = statuses_with_counts_for_site(site, memo, mapper)
    if not (identity and memo is not None):
        return _translation_status_page(site, renderer, counted)
    shown = ("status page", hashlib.sha256(repr((identity, counted)).encode("utf-8")).hexdigest())
    kept = memo.get(shown)
    if not isinstance(kept, tuple):
        kept = _translation_status_page(site, renderer, counted)
        memo.put(shown, kept)
    return kept


def _translation_status_page(site: Site, renderer: Renderer, counted: list) -> tuple[str, bytes]:
    default = site.config.default_language
    items = [status for status, _counts in counted]
    rows: dict[str, list[str]] = {}
    cells: dict[str, list[Counts | None]] = {}
    totals: dict[str, Counts] = {}
    for item, units in counted:
        rows.setdefault(item.page, []).append(item.state)
        cells.setdefault(item.page, []).append(units)
        if units is not None:
            totals[item.lang] = totals.get(item.lang, Counts()) + units
    env = renderer.envs[default]
    gettext = renderer.translations[default].gettext
    labels = {
        ORIGINAL: gettext("original"),
        UP_TO_DATE: gettext("up to date"),
        OUTDATED: gettext("outdated"),
        MISSING: gettext("missing"),
    }
    html = env.get_template("translation_status.html").render(
        html_lang=site.config.language(default).html_lang,
        site_name=text_for(site.config.site_name, default),
        languages=site.config.languages,
        labels=labels,
        rows=[{"page": page, "states": states, "units": cells[page]} for page, states in rows.items()],
        totals=[(language, totals[language.code]) for language in site.config.languages if language.code in totals],
        unit_labels={key: gettext(text) for key, text in UNIT_LABELS.items()},
        counts={state: sum(i.state == state for i in items) for state in (UP_TO_DATE, OUTDATED, MISSING)},
    )
    return "_status/translations.html", html.encode("utf-8")
