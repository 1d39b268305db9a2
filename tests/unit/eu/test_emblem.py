"""The emblem must follow the official construction exactly: checked numerically."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from generator.eu import emblem as eu_emblem
from generator.eu.emblem import BLUE, DRAWING_HOIST, YELLOW, emblem_size, emblem_svg, star_centres, star_points

SVG = "{http://www.w3.org/2000/svg}"
HOISTS = [18.0, 48.0, 180.0, 200.0, 333.3]


def _svg(height: float = 48, title: str = "Flag of the European Union") -> ET.Element:
    return ET.fromstring(emblem_svg(height, title=title, title_id="eu-flag"))


@pytest.mark.parametrize("height", HOISTS)
def test_aspect_ratio_is_one_and_a_half(height: float) -> None:
    width, h = emblem_size(height)
    assert width / h == pytest.approx(1.5)
    root = _svg(height)
    assert float(root.get("width")) / float(root.get("height")) == pytest.approx(1.5, abs=1e-4)
    _, _, vb_w, vb_h = map(float, root.get("viewBox").split())
    assert vb_w / vb_h == 1.5
    rect = root.find(f"{SVG}rect")
    assert float(rect.get("width")) / float(rect.get("height")) == 1.5


@pytest.mark.parametrize("hoist", HOISTS)
def test_twelve_stars_on_a_circle_of_a_third_of_the_hoist(hoist: float) -> None:
    centres = star_centres(hoist)
    assert len(centres) == 12
    cx, cy = 0.75 * hoist, 0.5 * hoist  # where the diagonals cross
    angles = []
    for x, y in centres:
        assert math.hypot(x - cx, y - cy) == pytest.approx(hoist / 3)
        angles.append(math.degrees(math.atan2(y - cy, x - cx)))
    # Evenly spaced: 30° apart, going round the clock.
    for a, b in zip(angles, angles[1:] + angles[:1]):
        assert (b - a) % 360 == pytest.approx(30)


@pytest.mark.parametrize("hoist", HOISTS)
def test_first_star_at_twelve_o_clock_then_clockwise(hoist: float) -> None:
    centres = star_centres(hoist)
    x0, y0 = centres[0]
    assert x0 == pytest.approx(0.75 * hoist)
    assert y0 == pytest.approx(0.5 * hoist - hoist / 3)  # straight above the centre
    # 3 o'clock is to the right (SVG y axis points down, so clockwise = growing angle).
    assert centres[3] == pytest.approx((0.75 * hoist + hoist / 3, 0.5 * hoist))
    assert centres[6] == pytest.approx((0.75 * hoist, 0.5 * hoist + hoist / 3))


@pytest.mark.parametrize("hoist", HOISTS)
def test_each_star_is_upright_with_points_on_a_hoist_eighteenth_circle(hoist: float) -> None:
    r = hoist / 18
    for cx, cy in star_centres(hoist):
        vertices = star_points(cx, cy, r)
        assert len(vertices) == 10
        outer = vertices[0::2]
        for x, y in outer:
            assert math.hypot(x - cx, y - cy) == pytest.approx(r)
        # One point straight up …
        assert outer[0] == pytest.approx((cx, cy - r))
        # … and two points (the arms) on a horizontal line.
        assert outer[1][1] == pytest.approx(outer[4][1])
        assert outer[1][0] - cx == pytest.approx(cx - outer[4][0])


def test_inner_vertices_follow_the_regular_pentagram() -> None:
    r = 10.0
    vertices = star_points(0.0, 0.0, r)
    inner = vertices[1::2]
    expected_ratio = (3 - math.sqrt(5)) / 2  # 1/φ²
    for x, y in inner:
        assert math.hypot(x, y) == pytest.approx(r * expected_ratio)
    # Pentagram: each inner vertex lies on the segment between two non-adjacent points.
    outer = vertices[0::2]
    (ax, ay), (bx, by) = outer[0], outer[2]
    ix, iy = vertices[1]  # the crossing between the top point and the right arm
    cross = (bx - ax) * (iy - ay) - (by - ay) * (ix - ax)
    assert cross == pytest.approx(0, abs=1e-9)


def test_colours_are_reflex_blue_and_yellow() -> None:
    assert BLUE == "#003399"
    assert YELLOW == "#FFCC00"
    root = _svg()
    assert root.find(f"{SVG}rect").get("fill") == "#003399"
    paths = root.findall(f"{SVG}path")
    assert [p.get("fill") for p in paths] == ["#FFCC00"]


def test_svg_draws_twelve_stars_at_the_computed_coordinates() -> None:
    path = _svg().find(f"{SVG}path").get("d")
    subpaths = re.findall(r"M([^Z]*)Z", path)
    assert len(subpaths) == 12
    drawn = [
        [tuple(map(float, pair.split(","))) for pair in re.split(r"[ L]", sub.strip()) if pair] for sub in subpaths
    ]
    for vertices, (cx, cy) in zip(drawn, star_centres(DRAWING_HOIST)):
        assert len(vertices) == 10
        expected = star_points(cx, cy, DRAWING_HOIST / 18)
        for got, want in zip(vertices, expected):
            assert got == pytest.approx(want, abs=0.0005)  # rounded to 3 decimals


def test_svg_markup_contract() -> None:
    root = _svg(48, "Flag of the European Union")
    assert root.tag == f"{SVG}svg"
    assert root.get("class") == "eu-emblem"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "eu-flag"
    assert root.get("width") == "72" and root.get("height") == "48"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == "eu-flag"
    assert title.text == "Flag of the European Union"
    assert list(root)[0] is title  # the title comes first, as SVG accessibility expects


def test_title_is_escaped() -> None:
    markup = emblem_svg(48, title='Flag <b>"EU"</b> & co', title_id="t")
    assert "<b>" not in markup
    root = ET.fromstring(markup)
    assert root.find(f"{SVG}title").text == 'Flag <b>"EU"</b> & co'


def test_markup_title_from_jinja_is_not_double_escaped() -> None:
    from markupsafe import Markup

    root = ET.fromstring(emblem_svg(48, title=Markup("Unii & Europejskiej"), title_id="t"))
    assert root.find(f"{SVG}title").text == "Unii & Europejskiej"


def test_output_is_deterministic_and_small() -> None:
    a = emblem_svg(48, title="x", title_id="t")
    assert a == emblem_svg(48, title="x", title_id="t")
    assert len(a) < 3000
    # No coordinate carries more than 3 decimals.
    assert not re.search(r"\.\d{4,}", a)


@pytest.mark.parametrize("bad", [0, -1])
def test_rejects_non_positive_height(bad: float) -> None:
    with pytest.raises(ValueError):
        emblem_svg(bad, title="x", title_id="t")


@pytest.mark.parametrize("bad", ["", "two words"])
def test_rejects_unusable_title_id(bad: str) -> None:
    with pytest.raises(ValueError):
        emblem_svg(48, title="x", title_id=bad)


def test_constants_match_the_standard() -> None:
    assert eu_emblem.FLY_RATIO == 1.5
    assert eu_emblem.STAR_CIRCLE_RATIO == pytest.approx(1 / 3)
    assert eu_emblem.STAR_RADIUS_RATIO == pytest.approx(1 / 18)
    assert eu_emblem.PENTAGRAM_INNER_RATIO == pytest.approx((3 - math.sqrt(5)) / 2)
