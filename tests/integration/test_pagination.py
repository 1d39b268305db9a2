"""A 200-project portfolio: its listings split into pages of 24 cards, every project exactly once
across a listing's pages and in portfolio order, pages linked to each other (nav, rel=prev/next,
the language switcher), listed in the sitemap, and an edit of one summary re-rendering only the
pages that show its card."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from benchmarks import corpus
from generator.build.pipeline import build, prepare
from generator.model.site import PAGINATED_KINDS
from generator.render import share_image

PER_PAGE = 24
# Not a real picture: share images have tests of their own, and 1,000 of them would take a minute.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b2c6c50000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    root = tmp_path_factory.mktemp("c200")
    corpus.generate(root, 200)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: statuses stay put between builds
        patch.setattr(share_image.Renderer, "render", lambda self, card: TINY_PNG)
        # The build checks every internal link, the new pages' included, and fails on a broken one.
        result = build(root / "site_config.yml", root / "site", search=False, jobs=2)
        yield root, result, prepare(root / "site_config.yml").site, patch


def html(site_dir: Path, relative: str) -> str:
    return (site_dir / relative).read_text(encoding="utf-8")


def card_links(page: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)"', page)


def listings(site):
    """(kind, slug) of every listing of projects with more than one page."""
    return sorted({(r.kind, r.slug) for r in site.all_pages if r.kind in PAGINATED_KINDS and r.count > 1})


def test_every_listing_has_its_pages_and_every_card_once_in_order(portfolio):
    root, _result, site, _patch = portfolio
    assert len(listings(site)) > 10  # the home page, big countries, programmes and statuses
    for kind, slug in [("home", "index"), *listings(site)]:
        listed = site.listed(kind, slug)
        count = math.ceil(len(listed) / PER_PAGE)
        for lang in ("en", "lt"):
            refs = [r for r in site.all_pages if (r.kind, r.slug, r.lang) == (kind, slug, lang)]
            assert [r.number for r in refs] == list(range(1, count + 1))
            shown = [link for r in refs for link in card_links(html(root / "site", r.path))]
            assert shown == [site.url("project", p, lang) for p in listed], (kind, slug, lang)
            beyond = refs[0].path.replace("index.html", f"page/{count + 1}/index.html")
            assert not (root / "site" / beyond).exists()


def test_pages_link_to_each_other(portfolio):
    root, _result, site, _patch = portfolio
    home = [r for r in site.all_pages if r.kind == "home" and r.lang == "en"]
    assert len(home) == math.ceil(200 / PER_PAGE) == 9
    for ref in home:
        page = html(root / "site", ref.path)
        n = ref.number
        nav = page[page.index('<nav class="pagination"') :]
        nav = nav[: nav.index("</nav>")]
        assert 'aria-label="Pages of the list"' in nav
        assert f"Page {n} of 9" in nav
        assert f'href="{site.url("home", "index", "en", n)}" aria-current="page">{n}</a>' in nav
        previous, following = site.url("home", "index", "en", n - 1), site.url("home", "index", "en", n + 1)
        assert (f'<link rel="prev" href="{previous}">' in page) == (n > 1)
        assert (f'<link rel="next" href="{following}">' in page) == (n < 9)
        assert (f'href="{previous}" rel="prev"' in nav) == (n > 1)
        assert (f'href="{following}" rel="next"' in nav) == (n < 9)
        # The switcher and the hreflang links lead to the same page in the other languages.
        assert f'href="{site.url("home", "index", "sv", n)}" lang="sv" hreflang="sv"' in page
        if n > 1:
            assert f'<link rel="canonical" href="{site.absolute_url("home", "index", "en", n)}">' in page
            assert f"<title>Page {n} of 9 – " in page
            assert "These choices narrow the projects on this page only" in page
    polish = html(root / "site", "pl/countries/de/page/2/index.html")
    assert "Strona 2 z" in polish and 'aria-label="Strony listy"' in polish


def test_the_map_shows_the_whole_portfolio_once(portfolio):
    root, _result, _site, _patch = portfolio
    first, second = html(root / "site", "en/index.html"), html(root / "site", "en/page/2/index.html")
    assert first.count('<figure class="map">') == 1 and '<figure class="map">' not in second
    assert '<figure class="map">' in html(root / "site", "en/countries/de/index.html")


def test_sitemap_and_headers_know_the_later_pages(portfolio):
    root, _result, site, _patch = portfolio
    sitemap = html(root / "site", "sitemap.xml")
    later = [r for r in site.all_pages if r.number > 1 and not r.fallback]
    assert later
    for ref in later:
        assert f"<loc>{site.absolute_url(ref.kind, ref.slug, ref.lang, ref.number)}</loc>" in sitemap
    headers = html(root / "site", "_headers")
    assert all(f"/{code}/*" in headers for code in site.config.codes)  # …/page/N/ are under these


def test_a_summary_edit_renders_only_the_pages_showing_its_card(portfolio):
    root, _result, site, patch = portfolio
    slug = site.listed("home", "index")[30]  # on the home page's second page
    ref = site.ref("project", slug, "sv")
    source = ref.text.source
    text = source.read_text(encoding="utf-8")
    summary = ref.text.summary
    assert text.count(summary) == 1
    before = {p: p.stat().st_ino for p in (root / "site").rglob("*.html")}
    source.write_text(text.replace(summary, summary + " Ändrad."), encoding="utf-8")
    result = build(root / "site_config.yml", root / "site", search=False, jobs=2)
    rendered = sorted(
        p.relative_to(root / "site").as_posix()
        for p in (root / "site").rglob("*.html")
        if before.get(p) != p.stat().st_ino
    )
    showing = sorted(
        r.path for r in site.all_pages if r.lang == "sv" and r.kind in PAGINATED_KINDS and slug in site.shown(r)
    )
    assert "sv/page/2/index.html" in showing and len(showing) > 4
    expected = sorted([f"sv/projects/{slug}/index.html", "_status/translations.html", *showing])
    assert rendered == expected
    assert result.rendered == len(showing) + 1  # the status page is a site-wide file, counted apart
