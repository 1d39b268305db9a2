"""Open data and link previews: projects.json and projects.csv say every record's facts
(tested against the records themselves), each project page carries schema.org JSON-LD,
a meta description and Open Graph tags from its summary; and the site stays light and
private (no third-party requests, small project pages)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build.pipeline import prepare
from generator.eu.rules import FUNDS
from generator.render.open_data import LIST_SEPARATOR, csv_columns

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["en", "sv", "no", "pl", "lt"]
BASE = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def site_model():
    return prepare(ROOT / "site_config.yml").site


@pytest.fixture(scope="module")
def data(built_site):
    return json.loads((built_site / "projects.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rows(built_site):
    raw = (built_site / "projects.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # a BOM, so spreadsheets read UTF-8
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def pages_of(site_model, slug):
    return {ref.lang: ref.page for ref in site_model.pages if ref.kind == "project" and ref.slug == slug}


def texts(value, default="en"):
    """A record's Text as the JSON gives it back."""
    return value


def money(items):
    out = []
    for m in items:
        entry = {"amount": str(m.amount), "currency": m.currency}
        if m.label is not None:
            entry["label"] = m.label
        out.append(entry)
    return out


def test_json_has_one_record_per_project_with_every_fact(data, site_model):
    assert data["format_version"] == 1
    assert data["languages"] == LANGS
    assert data["status_date"] == site_model.portfolio.today.isoformat()
    by_slug = {p["slug"]: p for p in data["projects"]}
    assert set(by_slug) == set(site_model.records)
    for slug, loaded in site_model.records.items():
        record, p = loaded.record, by_slug[slug]
        pages = pages_of(site_model, slug)
        assert p["title"] == {lang: pages[lang].title for lang in LANGS}
        assert p["summary"] == {lang: pages[lang].summary for lang in LANGS}
        assert p["url"] == {lang: f"{BASE}{lang}/projects/{slug}/" for lang in LANGS}
        assert p["acronym"] == record.acronym
        assert p["official_name"] == record.official_name
        assert p["reference"] == record.reference
        assert p["approved"] == (record.approved.iso() if record.approved else None)
        if record.programme:
            assert p["programme"] == {
                "key": record.programme,
                "name": site_model.config.programmes[record.programme].name,
            }
        else:
            assert p["programme"] is None
        assert p["period"] == {
            "start": record.period.start.iso() if record.period.start else None,
            "end": record.period.end.iso() if record.period.end else None,
            "duration_months": record.period.duration_months,
        }
        assert p["status"] == site_model.portfolio.status[slug]
        assert p["eu_funded"] is record.eu_funded
        if record.eu_funded:
            f = record.funding
            assert p["funding"] == {
                "funds": list(f.funds),
                "fund_names": [FUNDS[fund] for fund in f.funds],
                "programming_period": f.programming_period,
                "co_financing_rate": None if f.co_financing_rate is None else str(f.co_financing_rate),
            }
        else:
            assert p["funding"] is None
        assert p["budget"]["total"] == money(record.budget.total)
        assert p["budget"]["eu_contribution"] == money(record.budget.eu_contribution)
        for total in p["budget"]["total"]:
            Decimal(total["amount"])  # exact decimal text, never a rounded float
        assert p["partners"] == [
            {"name": x.name, "city": x.city, "country": x.country, "role": x.role} for x in record.partners
        ]
        assert p["source"] == {"file": record.source.file, "title": record.source.title}


def parse_money_cell(cell: str):
    if not cell:
        return []
    out = []
    for part in cell.split(LIST_SEPARATOR):
        m = re.fullmatch(r"(-?\d+(?:\.\d+)?) ([A-Z]{3})(?: \((.*)\))?", part)
        assert m, part
        out.append((Decimal(m.group(1)), m.group(2), m.group(3)))
    return out


def name_en(text):
    return text if isinstance(text, str) else text["en"]


def test_csv_has_one_row_per_project_with_every_fact(rows, site_model):
    assert list(rows[0].keys()) == csv_columns(LANGS)
    by_slug = {row["slug"]: row for row in rows}
    assert len(rows) == len(by_slug) == len(site_model.records)
    for slug, loaded in site_model.records.items():
        record, row = loaded.record, by_slug[slug]
        pages = pages_of(site_model, slug)
        for lang in LANGS:
            assert row[f"title_{lang}"] == pages[lang].title
            assert row[f"url_{lang}"] == f"{BASE}{lang}/projects/{slug}/"
        assert row["acronym"] == (record.acronym or "")
        assert row["official_name"] == (record.official_name or "")
        assert row["programme"] == (record.programme or "")
        if record.programme:
            assert row["programme_name"] == name_en(site_model.config.programmes[record.programme].name)
        assert row["reference"] == (record.reference or "")
        assert row["approved"] == (record.approved.iso() if record.approved else "")
        assert row["period_start"] == (record.period.start.iso() if record.period.start else "")
        assert row["period_end"] == (record.period.end.iso() if record.period.end else "")
        assert row["duration_months"] == (str(record.period.duration_months) if record.period.duration_months else "")
        assert row["status"] == site_model.portfolio.status[slug]
        assert row["eu_funded"] == ("yes" if record.eu_funded else "no")
        if record.eu_funded:
            assert row["funds"] == LIST_SEPARATOR.join(record.funding.funds)
            assert row["programming_period"] == record.funding.programming_period
            rate = record.funding.co_financing_rate
            assert (Decimal(row["co_financing_rate"]) if row["co_financing_rate"] else None) == rate
        else:
            assert row["funds"] == row["programming_period"] == row["co_financing_rate"] == ""
        for column, items in (
            ("total_budget", record.budget.total),
            ("eu_contribution", record.budget.eu_contribution),
        ):
            assert parse_money_cell(row[column]) == [
                (m.amount, m.currency, name_en(m.label) if m.label is not None else None) for m in items
            ]
        assert int(row["partner_count"]) == len(record.partners)
        countries = row["partner_countries"].split(LIST_SEPARATOR) if row["partner_countries"] else []
        assert countries == list(dict.fromkeys(p.country for p in record.partners))
        partners = row["partners"].split(LIST_SEPARATOR) if row["partners"] else []
        assert len(partners) == len(record.partners)
        for cell, partner in zip(partners, record.partners):
            assert cell.startswith(name_en(partner.name) + " (")
            assert f"{partner.country}, {partner.role})" in cell
            if partner.city is not None:
                assert f"({name_en(partner.city)}, " in cell
        assert row["source_file"] == record.source.file
        assert row["source_title"] == (record.source.title or "")


def test_every_page_links_to_the_open_data(built_site):
    for lang in LANGS:
        for path in (f"{lang}/index.html", f"{lang}/projects/creative-metropoles/index.html", f"{lang}/404.html"):
            html = (built_site / path).read_text(encoding="utf-8")
            assert 'href="/projects.json"' in html and 'href="/projects.csv"' in html, path


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize("lang", LANGS)
def test_project_pages_have_json_ld_description_and_open_graph(built_site, site_model, lang):
    for slug, loaded in site_model.records.items():
        record = loaded.record
        page = pages_of(site_model, slug)[lang]
        html = (built_site / lang / "projects" / slug / "index.html").read_text(encoding="utf-8")
        url = f"{BASE}{lang}/projects/{slug}/"
        ld = json_ld(html)
        assert ld["@context"] == "https://schema.org" and ld["@type"] == "Project"
        assert ld["name"] == page.title and ld["description"] == page.summary and ld["url"] == url
        assert len(ld.get("member", [])) == len(record.partners)
        assert ("funder" in ld) is record.eu_funded
        if record.period.start:
            assert ld["foundingDate"] == record.period.start.iso()
        meta = {
            m.group(1): unescape(m.group(2))
            for m in re.finditer(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', html)
        }
        assert meta["description"] == page.summary
        assert meta["og:description"] == page.summary
        assert meta["og:title"] == page.title
        assert meta["og:url"] == url
        assert meta["og:type"] == "article"
        assert meta["og:locale"] == site_model.config.language(lang).locale


def test_json_ld_cannot_close_its_script_element():
    from generator.render.open_data import json_ld as make

    site = prepare(ROOT / "site_config.yml").site
    text = make(site, "creative-metropoles", "en", "A </script><script>alert(1)</script>", "x & y <!--", None)
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["name"] == "A </script><script>alert(1)</script>"


# -- light and private ------------------------------------------------------------------
def test_project_pages_are_under_45_kb(built_site):
    # Issue 18's bound for a project page's own HTML, with its share image's tags (og:image:alt
    # repeats the card's text) and its map's highlight; images and the base map are files of their own.
    for path in built_site.glob("*/projects/*/index.html"):
        assert path.stat().st_size < 45 * 1024, f"{path} is {path.stat().st_size} bytes"


_RESOURCE = re.compile(
    r'<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\ssrc="([^"]*)"'
    r'|<link\b[^>]*\shref="([^"]*)"[^>]*>|url\(\s*["\']?([^"\')\s]+)',
    re.I,
)


def test_no_page_loads_anything_from_another_host(built_site):
    """Links may point anywhere; what a page *loads* (scripts, styles, fonts, images) is local."""
    for path in list(built_site.rglob("*.html")) + list(built_site.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        for match in _RESOURCE.finditer(text):
            whole = match.group(0)
            url = next(g for g in match.groups() if g is not None)
            if whole.startswith("<link") and re.search(r'rel="(canonical|alternate)"', whole):
                continue  # addresses of this site's own pages, not requests
            host = urlsplit(url).netloc
            assert not host and not url.startswith("//"), f"{path} loads {url}"
    for path in built_site.rglob("*.js"):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"https?://(?!www\.w3\.org/)", text) or "pagefind" in path.parts, path


def test_search_bundle_is_built_per_language_and_stable(built_site, site_model):
    html_lang = {lang: site_model.config.language(lang).html_lang for lang in LANGS}
    assert sorted(p.name for p in (built_site / "pagefind").iterdir()) == sorted(LANGS)
    for lang in LANGS:
        # One bundle per language, holding only that language: project and stand-alone pages
        # written in it; no listings, no fallbacks.
        entry = json.loads((built_site / "pagefind" / lang / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [html_lang[lang]]
        indexed = [r for r in site_model.pages if r.lang == lang and r.kind in ("project", "page") and not r.fallback]
        assert entry["languages"][html_lang[lang]]["page_count"] == len(indexed)
        assert not (built_site / "pagefind" / lang / "pagefind-ui.js").exists()  # the site has its own interface
    search_page = (built_site / "pl" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-bundle="/pagefind/pl/"' in search_page
