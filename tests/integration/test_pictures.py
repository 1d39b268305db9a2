"""Partner maps and budget charts in the built real site, read from its HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from generator.render.maps import base_map

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "sv", "no", "pl", "lt")
SLUGS = sorted(p.stem for p in (ROOT / "content/projects").glob("*.yml"))
NORDENS = "nordens-basta-inlandsregioner-2020"
MAX_PAGE = 45 * 1024


class _Map(HTMLParser):
    """The page's map: the base map addresses and countries it `<use>`s, its dots and text."""

    def __init__(self):
        super().__init__()
        self.uses: list[tuple[str, str]] = []
        self.dots = 0
        self.desc = ""
        self._in: str | None = None
        self.in_map = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and a.get("class") == "map__svg":
            self.in_map = True
            assert a.get("role") == "img"
        if not self.in_map:
            return
        if tag == "use":
            url, _, fragment = (a.get("href") or "").partition("#")
            self.uses.append((url, fragment))
        elif tag == "circle":
            self.dots += 1
        elif tag == "desc":
            self._in = "desc"

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_map = False
        self._in = None

    def handle_data(self, data):
        if self._in == "desc":
            self.desc += data


def _map_of(html: str) -> _Map:
    parser = _Map()
    parser.feed(html)
    return parser


def _record(slug: str) -> dict:
    return yaml.safe_load((ROOT / f"content/projects/{slug}.yml").read_text(encoding="utf-8"))


def test_every_project_page_in_every_language_has_its_partners_map_and_stays_small(built_site):
    for slug in SLUGS:
        countries = list(dict.fromkeys(p["country"] for p in _record(slug)["partners"]))
        for lang in LANGS:
            page = built_site / lang / "projects" / slug / "index.html"
            html = page.read_text(encoding="utf-8")
            assert len(html.encode("utf-8")) < MAX_PAGE, f"{page}: {len(html.encode())} bytes"
            found = _map_of(html)
            assert found.uses, f"{page}: no map"
            files = {url for url, _ in found.uses}
            assert len(files) == 1, files  # one shared base map
            (url,) = files
            assert (built_site / url.lstrip("/")).is_file(), url
            assert [c for _, c in found.uses] == ["land", *countries]


def test_the_map_names_the_countries_in_the_pages_language_and_marks_only_located_towns(built_site):
    html = (built_site / "pl/projects/south-baltic-creative-clusters/index.html").read_text(encoding="utf-8")
    found = _map_of(html)
    assert "Szwecja" in found.desc and "Niemcy" in found.desc and "Litwa" in found.desc
    # Szczecin, Rostock, Rietavas (two partners, one dot), Elbląg; Blekinge is a county: no dot
    assert found.dots == 4
    assert "Szczecin, Rostock, Rietavas i Elbląg" in found.desc
    assert "Blekinge" not in found.desc and "Rostock" in found.desc
    assert "GeoNames" in html  # the page says what the dots are
    unesco = _map_of(
        (built_site / "sv/projects/unesco-creative-cities-ostersund/index.html").read_text(encoding="utf-8")
    )
    assert unesco.dots == 1 and "Östersund" in unesco.desc and "Sverige" in unesco.desc


def test_home_and_country_pages_show_the_whole_portfolios_map(built_site):
    everything = {p["country"] for slug in SLUGS for p in _record(slug)["partners"]}
    for lang in LANGS:
        home = _map_of((built_site / lang / "index.html").read_text(encoding="utf-8"))
        assert {c for _, c in home.uses} - {"land"} == everything
        for code in everything:
            html = (built_site / lang / "countries" / code.lower() / "index.html").read_text(encoding="utf-8")
            found = _map_of(html)
            assert {c for _, c in found.uses} - {"land"} == everything
            assert f'#{code}" class="map__current"' in html


def test_the_base_map_is_served_once_under_a_fingerprint_with_a_years_cache(built_site):
    name = "assets/" + base_map().file_name()
    assert (built_site / name).read_text(encoding="utf-8") == base_map().svg()
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    block = headers[headers.index("/" + name) :].split("\n\n")[0]
    assert "immutable" in block


def _charts(html: str) -> list[str]:
    return re.findall(r'<figure class="chart chart--(\w+)">(.*?)</figure>', html, re.S)


def test_nordens_basta_has_charts_for_its_two_budgets_and_two_financing_plans_in_every_language(built_site):
    for lang in LANGS:
        html = (built_site / lang / "projects" / NORDENS / "index.html").read_text(encoding="utf-8")
        charts = _charts(html)
        assert [kind for kind, _ in charts] == ["stacked", "stacked", "shares", "shares"]
        ids = re.findall(r'aria-labelledby="([a-z-]+)-chart-title', html)
        assert ids == ["swedish-budget", "norwegian-budget", "swedish-financing", "norwegian-financing"]
        assert html.count('id="chart-p0"') == 1  # the forced-colours patterns, once per page
        # the tables stay, each followed by its chart
        for table_id in ids:
            assert html.index(f'<table id="{table_id}"') < html.index(f'aria-labelledby="{table_id}-chart-title')


def test_chart_values_are_the_tables_numbers_in_the_pages_format(built_site):
    sv = (built_site / "sv/projects" / NORDENS / "index.html").read_text(encoding="utf-8")
    en = (built_site / "en/projects" / NORDENS / "index.html").read_text(encoding="utf-8")
    (kind, swedish_budget), *_ = _charts(sv)
    # the Swedish budget's yearly totals (2 536 400, 3 808 150, 3 365 450), Swedish digit grouping
    for total in ("2\u00a0536\u00a0400", "3\u00a0808\u00a0150", "3\u00a0365\u00a0450"):
        assert f"{total}</text>" in swedish_budget
    assert "Egen personal: 4\u00a0531\u00a0520" in swedish_budget  # the legend, with the table's row label
    financing = _charts(en)[2][1]
    # Region Dalarna 2,400,000 of 9,710,000 → 24.7 %, said to be computed
    assert "Region Dalarna: 24.7% (2,400,000)" in financing
    assert "computed" in financing
    assert "Investments" not in _charts(en)[1][1]  # zero in every year: no slice, the table keeps the row


def test_a_financing_plan_in_two_currencies_is_one_share_bar_in_the_first_currency(built_site):
    html = (built_site / "en/projects/urban-creative-poles/index.html").read_text(encoding="utf-8")
    ((kind, chart),) = _charts(html)
    assert kind == "shares"
    assert "LTL" in chart
