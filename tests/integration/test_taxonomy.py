"""Finding projects without JavaScript: a page per programme, partner country, partner
organisation and status in every language, index pages listing them, names in the page's
language, and the same alternates, switcher and sitemap entries as every other page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from generator.build.pipeline import build, prepare
from generator.errors import ContentError
from tests.tools.sites import make_site, write

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["en", "sv", "no", "pl", "lt"]
HTML_LANG = {"en": "en", "sv": "sv", "no": "nb", "pl": "pl", "lt": "lt"}
BASE = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def site_model():
    return prepare(ROOT / "site_config.yml").site


def html_of(site: Path, url_path: str) -> str:
    return (site / url_path.strip("/") / "index.html").read_text(encoding="utf-8")


def links(html: str) -> set[str]:
    return set(re.findall(r'<a [^>]*href="([^"#]+)"', html))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_every_term_has_a_page_in_every_language(built_site, site_model):
    portfolio = site_model.portfolio
    expected = {
        "programmes": portfolio.terms("programme"),
        "countries": portfolio.terms("country"),
        "partners": portfolio.terms("partner"),
        "status": portfolio.terms("status"),
    }
    assert expected["programmes"] and expected["countries"] and expected["partners"] and expected["status"]
    for lang in LANGS:
        for folder, terms in expected.items():
            index = html_of(built_site, f"{lang}/{folder}/")
            assert f'<html lang="{HTML_LANG[lang]}"' in index
            for term in terms:
                assert f'href="/{lang}/{folder}/{term}/"' in index, (lang, folder, term)
                page = html_of(built_site, f"{lang}/{folder}/{term}/")
                assert f'<html lang="{HTML_LANG[lang]}"' in page


def test_each_term_page_lists_exactly_its_projects(built_site, site_model):
    portfolio = site_model.portfolio
    records = {slug: loaded.record for slug, loaded in site_model.records.items()}
    for lang in LANGS:
        for key in portfolio.terms("programme"):
            wanted = {s for s, r in records.items() if r.programme == key}
            found = {
                u.split("/")[3]
                for u in links(html_of(built_site, f"{lang}/programmes/{key}/"))
                if u.startswith(f"/{lang}/projects/")
            }
            assert found == wanted, (lang, key)
        for code in portfolio.terms("country"):
            wanted = {s for s, r in records.items() if any(p.country.lower() == code for p in r.partners)}
            found = {
                u.split("/")[3]
                for u in links(html_of(built_site, f"{lang}/countries/{code}/"))
                if u.startswith(f"/{lang}/projects/")
            }
            assert found == wanted, (lang, code)
        for status in portfolio.terms("status"):
            wanted = {s for s, st in portfolio.status.items() if st == status}
            found = {
                u.split("/")[3]
                for u in links(html_of(built_site, f"{lang}/status/{status}/"))
                if u.startswith(f"/{lang}/projects/")
            }
            assert found == wanted, (lang, status)


def test_country_and_programme_pages_reach_every_project(built_site, site_model):
    for lang in LANGS:
        reached = set()
        for folder in ("countries", "programmes"):
            index = html_of(built_site, f"{lang}/{folder}/")
            for url in links(index):
                if url.startswith(f"/{lang}/{folder}/") and url != f"/{lang}/{folder}/":
                    reached |= {
                        u.split("/")[3] for u in links(html_of(built_site, url)) if u.startswith(f"/{lang}/projects/")
                    }
        assert reached == set(site_model.records), lang


@pytest.mark.parametrize(
    "lang, sweden, germany",
    [
        ("en", "Sweden", "Germany"),
        ("sv", "Sverige", "Tyskland"),
        ("no", "Sverige", "Tyskland"),
        ("pl", "Szwecja", "Niemcy"),
        ("lt", "Švedija", "Vokietija"),
    ],
)
def test_country_names_are_in_the_pages_language(built_site, lang, sweden, germany):
    index = text(html_of(built_site, f"{lang}/countries/"))
    assert sweden in index and germany in index
    assert sweden in text(html_of(built_site, f"{lang}/countries/se/")).split("</h1>")[0]
    h1 = re.search(r"<h1>(.*?)</h1>", html_of(built_site, f"{lang}/countries/se/")).group(1)
    assert sweden in unescape(h1)


def test_programme_names_are_in_the_pages_language(built_site, site_model):
    key = "erdf-baltic-sea-region-2007-2013"
    names = site_model.config.programmes[key].name
    for lang in LANGS:
        page = unescape(html_of(built_site, f"{lang}/programmes/{key}/"))
        h1 = re.search(r"<h1>(.*?)</h1>", page).group(1)
        assert names[lang] in h1
        assert names[lang] in unescape(html_of(built_site, f"{lang}/programmes/"))


def test_country_index_is_sorted_by_the_languages_names(built_site):
    page = unescape(html_of(built_site, "pl/countries/"))
    listed = re.findall(r'<li><a href="/pl/countries/[a-z]+/">([^<]+)</a>', page)
    assert listed.index("Litwa") < listed.index("Łotwa") < listed.index("Niemcy")


def test_partner_page_names_the_partner_its_place_and_role(built_site):
    page = unescape(html_of(built_site, "pl/partners/riga/"))
    assert "Partner: Ryga" in page  # the name in Polish
    assert 'href="/pl/countries/lv/">Łotwa' in page
    assert 'href="/pl/projects/creative-metropoles/"' in page
    assert '<span class="partner__role">Partner wiodący</span>' in page  # Riga leads Creative Metropoles
    project = unescape(html_of(built_site, "pl/projects/creative-metropoles/"))
    assert 'href="/pl/partners/riga/">Ryga' in project  # partners link to their page
    assert 'href="/pl/programmes/interreg-ivc/">Interreg IVC' in project
    assert 'href="/pl/status/planned/">' in project  # as its source, a 2008 proposal, states it


def test_listings_have_alternates_switcher_and_sitemap_entries(built_site):
    page = html_of(built_site, "sv/countries/lt/")
    for lang in LANGS:
        assert f'<link rel="alternate" hreflang="{HTML_LANG[lang]}" href="{BASE}{lang}/countries/lt/">' in page
        assert f'<a href="/{lang}/countries/lt/" lang="{HTML_LANG[lang]}"' in page
    assert f'<link rel="canonical" href="{BASE}sv/countries/lt/">' in page
    assert '<meta name="robots" content="noindex">' not in page
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {u.text for u in ET.parse(built_site / "sitemap.xml").getroot().iterfind("s:url/s:loc", ns)}
    for lang in LANGS:
        for path in (
            "programmes/",
            "countries/",
            "countries/lt/",
            "partners/",
            "partners/riga/",
            "status/",
            "status/planned/",
            "search/",
        ):
            assert f"{BASE}{lang}/{path}" in locs


def test_main_menu_and_home_page_lead_to_the_listings(built_site):
    for lang in LANGS:
        home = html_of(built_site, f"{lang}/")
        for path in ("programmes/", "countries/", "partners/", "status/", "search/"):
            assert f'href="/{lang}/{path}"' in home
        nav = re.search(r'<nav class="site-nav".*?</nav>', html_of(built_site, f"{lang}/about/"), re.S).group(0)
        for path in ("programmes/", "countries/", "partners/", "search/"):
            assert f'href="/{lang}/{path}"' in nav


def test_home_cards_carry_the_filter_data(built_site, site_model):
    home = html_of(built_site, "en/")
    for slug, loaded in site_model.records.items():
        record = loaded.record
        countries = []
        for partner in record.partners:
            if partner.country.lower() not in countries:
                countries.append(partner.country.lower())
        programme = record.programme or ""
        status = site_model.portfolio.status[slug]
        assert (f'data-programme="{programme}" data-countries="{" ".join(countries)}" data-status="{status}"') in home
    # The filter form is there for the script, hidden until it runs.
    assert re.search(r'<form class="filters" id="project-filters" hidden>', home)


def test_a_page_cannot_take_the_address_of_a_listing(tmp_path):
    root = make_site(tmp_path)
    write(root / "content/en/countries.md", "---\ntitle: Countries\nsummary: Clash.\n---\n\nText.\n")
    with pytest.raises(ContentError) as err:
        build(root / "site_config.yml", tmp_path / "out")
    assert any("countries" in str(p) and "eupages makes itself" in str(p) for p in err.value.problems)


def test_status_is_the_sources_and_the_period_state_follows_source_date_epoch(tmp_path, monkeypatch):
    """The test project runs from 1 October 2010 to 30 September 2013. Its status is what the
    record states (none: "not stated") on any build day; where the day falls in the period is
    a calculation, and the page says so."""
    root = make_site(tmp_path)
    states, periods = {}, {}
    for year, epoch in ((2009, "1230768000"), (2012, "1325376000"), (2014, "1388534400")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        out = tmp_path / f"out-{year}"
        build(root / "site_config.yml", out)
        page = (out / "en/projects/test-project/index.html").read_text(encoding="utf-8")
        states[year] = re.search(r'href="/en/status/([a-z-]+)/"', page).group(1)
        periods[year] = re.search(
            r"the period (has not begun|is under way|has ended) \(calculated from the dates\)", page
        )
        assert (out / f"en/status/{states[year]}/index.html").is_file()
    assert states == {2009: "not-stated", 2012: "not-stated", 2014: "not-stated"}
    assert {year: found.group(1) for year, found in periods.items() if found} == {
        2009: "has not begun",
        2012: "is under way",
        2014: "has ended",
    }


def test_builds_with_the_same_source_date_epoch_are_byte_identical(tmp_path, monkeypatch):
    """Including the Pagefind index (whose language list is put in a fixed order)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_site(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    build(root / "site_config.yml", first)
    build(root / "site_config.yml", second)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert any(f.startswith("pagefind/") for f in files)
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative
