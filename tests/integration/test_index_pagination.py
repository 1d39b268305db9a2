"""The index pages (all partners, all countries, …) split into pages of `terms_per_page`
names, on the shipped content: every name exactly once and in the index's order, the pages
linked to each other and to their translations, and a short index left on one page."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from generator.build.pipeline import build, prepare
from generator.model.portfolio import FACETS
from generator.render import share_image

ROOT = Path(__file__).resolve().parents[2]
PER_PAGE = 4
TINY_PNG = bytes.fromhex(  # share images have tests of their own
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b2c6c50000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("indexes")
    config = (ROOT / "site_config.yml").read_text(encoding="utf-8")
    (folder / "site_config.yml").write_text(config.replace("\nfolders:", f"\nterms_per_page: {PER_PAGE}\nfolders:"))
    for name in ("content", "theme"):
        (folder / name).symlink_to(ROOT / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(share_image.Renderer, "render", lambda self, card: TINY_PNG)
        build(folder / "site_config.yml", folder / "site", search=False)  # checks every link, the new ones too
    return folder / "site", prepare(folder / "site_config.yml").site


def _pages(site, facet: str, lang: str):
    kind = FACETS[facet].index_kind
    return [r for r in site.all_pages if (r.kind, r.lang) == (kind, lang)]


def _names(page: str) -> list[str]:
    return re.findall(r'<li><a href="([^"]+)">[^<]*</a> <span class="term-list__count">', page)


@pytest.mark.parametrize("lang", ["en", "lt"])
def test_every_partner_is_listed_once_in_the_index_order(shipped, lang):
    output, site = shipped
    terms = site.portfolio.terms("partner")
    assert len(terms) > 2 * PER_PAGE  # the shipped projects have enough partners for three pages
    pages = _pages(site, "partner", lang)
    assert [r.number for r in pages] == list(range(1, math.ceil(len(terms) / PER_PAGE) + 1))
    listed = [_names((output / r.path).read_text(encoding="utf-8")) for r in pages]
    assert all(len(names) == PER_PAGE for names in listed[:-1]) and 1 <= len(listed[-1]) <= PER_PAGE
    flat = [url for names in listed for url in names]
    assert sorted(flat) == sorted(site.url("partner", term, lang) for term in terms)
    assert len(flat) == len(set(flat))
    first = (output / pages[0].path).read_text(encoding="utf-8")
    assert first.index(flat[0]) < first.index(flat[1])  # alphabetical, as on one long page


def test_a_later_index_page_has_its_own_title_address_and_translations(shipped):
    output, site = shipped
    count = len(_pages(site, "partner", "en"))
    page = (output / "en/partners/page/2/index.html").read_text(encoding="utf-8")
    assert f"<title>Projects by partner organisation – Page 2 of {count} – " in page
    assert f'<link rel="canonical" href="{site.absolute_url("partners", "index", "en", 2)}">' in page
    assert f'hreflang="pl" href="{site.absolute_url("partners", "index", "pl", 2)}"' in page
    assert '<link rel="prev" href="/en/partners/">' in page
    assert '<link rel="next" href="/en/partners/page/3/">' in page
    assert '<a href="/en/partners/page/2/" aria-current="page">2</a>' in page
    polish = (output / "pl/partners/page/2/index.html").read_text(encoding="utf-8")
    assert f"Strona 2 z {count}" in polish
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{site.absolute_url('partners', 'index', 'sv', count)}</loc>" in sitemap


def test_an_index_that_fits_on_one_page_has_no_pagination(shipped):
    output, site = shipped
    assert len(site.portfolio.terms("status")) <= PER_PAGE
    page = (output / "en/status/index.html").read_text(encoding="utf-8")
    assert 'class="pagination"' not in page and '<link rel="next"' not in page
    assert not (output / "en/status/page").exists()
