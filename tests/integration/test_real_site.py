"""Build the shipped content/ and read it the way a visitor would: facts, languages, alternates."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

LANGS = ["en", "sv", "no", "pl", "lt"]
HTML_LANG = {"en": "en", "sv": "sv", "no": "nb", "pl": "pl", "lt": "lt"}
PROJECTS = [
    "creative-metropoles",
    "unesco-creative-cities-ostersund",
    "south-baltic-creative-clusters",
    "urban-creative-poles",
    "nordens-basta-inlandsregioner-2020",
]


def text_of(path: Path) -> str:
    """Visible text with tags removed and no-break spaces made plain, as a reader sees it."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def page(site: Path, lang: str, slug: str) -> Path:
    return site / lang / "projects" / slug / "index.html"


# Key facts per language, formatted by Babel for that language (dates, money, countries).
FACTS = {
    ("urban-creative-poles", "en"): [
        "1 October 2010",
        "LTL 8,263,543.00",
        "€2,393,287.50",
        "Lithuania",
        "Germany",
        "36 months",
    ],
    ("urban-creative-poles", "sv"): [
        "1 oktober 2010",
        "8 263 543,00 LTL",
        "2 393 287,50 €",
        "Litauen",
        "Tyskland",
        "36 månader",
    ],
    ("urban-creative-poles", "no"): [
        "1. oktober 2010",
        "8 263 543,00 LTL",
        "2 393 287,50 €",
        "Litauen",
        "Tyskland",
        "36 måneder",
    ],
    ("urban-creative-poles", "pl"): [
        "1 października 2010",
        "8 263 543,00 LTL",
        "2 393 287,50 €",
        "Litwa",
        "Niemcy",
        "36 miesięcy",
    ],
    ("urban-creative-poles", "lt"): [
        "2010 m. spalio 1 d.",
        "8 263 543,00 LTL",
        "2 393 287,50 €",
        "Lietuva",
        "Vokietija",
        "36 mėnesiai",
    ],
    ("south-baltic-creative-clusters", "en"): [
        "€264,145.00",
        "€217,833.25",
        "Poland",
        "Sweden",
        "Szczecin",
        "Stowarzyszenie „Media Design”",
    ],
    ("south-baltic-creative-clusters", "sv"): ["264 145,00 €", "217 833,25 €", "Polen", "Sverige", "Szczecin"],
    ("south-baltic-creative-clusters", "no"): ["264 145,00 €", "217 833,25 €", "Polen", "Sverige", "Szczecin"],
    ("south-baltic-creative-clusters", "pl"): ["264 145,00 €", "217 833,25 €", "Polska", "Szwecja", "Szczecin"],
    ("south-baltic-creative-clusters", "lt"): ["264 145,00 €", "217 833,25 €", "Lenkija", "Švedija", "Szczecin"],
    ("creative-metropoles", "en"): ["October 2008", "September 2011", "about €2.44 million", "0271R1", "Latvia"],
    ("creative-metropoles", "sv"): ["oktober 2008", "september 2011", "cirka 2,44 miljoner €", "0271R1", "Lettland"],
    ("creative-metropoles", "pl"): ["październik 2008", "około 2,44 miliona €", "Łotwa"],
    ("creative-metropoles", "lt"): ["2008 m. spalis", "apie 2,44 milijono €", "Latvija"],
    ("nordens-basta-inlandsregioner-2020", "en"): [
        "1 May 2011",
        "31 December 2013",
        "SEK 9,710,000",
        "NOK 5,250,000",
        "4,531,520",
        "Falun Borlänge-regionen AB",
        "Norway",
    ],
    ("nordens-basta-inlandsregioner-2020", "sv"): [
        "1 maj 2011",
        "31 december 2013",
        "9 710 000 kr",
        "4 531 520",
        "Norge",
    ],
    ("nordens-basta-inlandsregioner-2020", "no"): [
        "1. mai 2011",
        "31. desember 2013",
        "5 250 000 kr",
        "2 396 800",
        "Sverige",
    ],
    ("nordens-basta-inlandsregioner-2020", "pl"): ["1 maja 2011", "31 grudnia 2013", "Norwegia", "4 531 520"],
    ("nordens-basta-inlandsregioner-2020", "lt"): ["2011 m. gegužės 1 d.", "2013 m. gruodžio 31 d.", "Norvegija"],
    ("unesco-creative-cities-ostersund", "en"): ["2021", "2024", "about SEK 250,000 per year", "Östersunds kommun"],
    ("unesco-creative-cities-ostersund", "sv"): ["cirka 250 000 kr per år", "Region Jämtland Härjedalen"],
    ("unesco-creative-cities-ostersund", "pl"): ["około 250 000 SEK rocznie"],
}


@pytest.mark.parametrize("slug,lang", sorted(FACTS))
def test_key_facts_in_every_language(built_site, slug, lang):
    text = text_of(page(built_site, lang, slug))
    for fact in FACTS[(slug, lang)]:
        assert fact in text, f"{fact!r} not on the {lang} page of {slug}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_exists_with_the_right_lang_and_no_fallback(built_site, lang):
    pages = [
        built_site / lang / "index.html",
        built_site / lang / "about" / "index.html",
        built_site / lang / "404.html",
    ] + [page(built_site, lang, slug) for slug in PROJECTS]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert f'<html lang="{HTML_LANG[lang]}"' in html, path
        assert "fallback-notice" not in html, f"{path} uses a fallback: the shipped site must be fully translated"


def test_home_lists_every_project_with_programme_period_and_countries(built_site):
    text = text_of(built_site / "pl" / "index.html")
    for title in ("Creative Metropoles", "Urban Creative Poles", "South Baltic Creative Clusters"):
        assert title in text
    assert "Okres realizacji" in text and "Kraje partnerów" in text and "Program" in text
    assert "Szwecja" in text and "Litwa" in text


def test_switcher_and_hreflang_link_every_translation(built_site):
    html = page(built_site, "sv", "creative-metropoles").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f'hreflang="{HTML_LANG[lang]}" href="http://127.0.0.1:8000/{lang}/projects/creative-metropoles/"' in html
        assert f'href="/{lang}/projects/creative-metropoles/" lang="{HTML_LANG[lang]}"' in html
    assert 'hreflang="x-default" href="http://127.0.0.1:8000/"' in html
    assert 'aria-current="true">Svenska<' in html


def test_sitemap_lists_every_page_with_alternates(built_site):
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.getroot().findall("s:url", ns)
    locs = {u.find("s:loc", ns).text for u in urls}
    for lang in LANGS:
        assert f"http://127.0.0.1:8000/{lang}/" in locs
        for slug in PROJECTS:
            assert f"http://127.0.0.1:8000/{lang}/projects/{slug}/" in locs
    for url in urls:
        assert len(url.findall("x:link", ns)) == len(LANGS) + 1  # every translation + x-default


def test_root_page_offers_every_language_without_javascript(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f'href="/{lang}/"' in html
    assert "<script src=" in html and "choose-language" in html


def test_budget_tables_have_captions_and_scoped_headers(built_site):
    html = page(built_site, "sv", "nordens-basta-inlandsregioner-2020").read_text(encoding="utf-8")
    assert html.count("<caption") == 4
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "Svensk projektbudget" in html


def test_same_input_builds_byte_identical_output(tmp_path):
    from generator.build.pipeline import build

    root = Path(__file__).resolve().parents[2]
    first, second = tmp_path / "a", tmp_path / "b"
    build(root / "site_config.yml", first)
    build(root / "site_config.yml", second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative
