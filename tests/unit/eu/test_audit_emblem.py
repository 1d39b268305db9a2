"""The audit compares the emblem with its official construction: geometry and colours, not
presence. Each test tampers with the SVG eupages draws, as someone editing a page might."""

from __future__ import annotations

import math
import re

import pytest

from generator.eu.audit import _path_polygons, check_page
from generator.eu.emblem import emblem_svg, star_centres, star_points

EMBLEM = emblem_svg(48, title="Flag of the European Union", title_id="t")
TEXTS = ["European Union"]


def page(emblem: str) -> str:
    return (
        '<!doctype html><html lang="en"><body><section class="eu-funding" aria-label="EU">'
        f'{emblem}<p class="eu-statement"><span>European Union</span></p></section></body></html>'
    )


def problems(emblem: str) -> list[str]:
    return check_page("p.html", page(emblem), "en", True, TEXTS)


def stars_d(emblem: str) -> str:
    match = re.search(r'<path fill="#FFCC00" d="([^"]+)"', emblem)
    assert match
    return match.group(1)


def with_stars(d: str, emblem: str = EMBLEM) -> str:
    return emblem.replace(stars_d(emblem), d)


def subpaths(d: str) -> list[str]:
    return [part + "Z" for part in d.split("Z") if part]


def polygon_d(points: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{x:.4f},{y:.4f}" for x, y in points) + "Z"


def canonical_stars(hoist: float = 180.0, **change) -> list[list[tuple[float, float]]]:
    """The twelve stars for a 1.5·hoist × hoist rectangle at the origin, optionally tampered with."""
    radius = change.get("radius", hoist / 18)
    result = []
    for cx, cy in star_centres(hoist):
        cx, cy = change.get("move", lambda x, y: (x, y))(cx, cy)
        points = star_points(cx, cy, radius)
        turn = change.get("turn", 0.0)
        if turn:
            a = math.radians(turn)
            points = [
                (
                    cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a),
                    cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a),
                )
                for x, y in points
            ]
        result.append(points)
    return result


def test_the_emblem_eupages_draws_passes_at_every_size() -> None:
    for height in (38, 48, 60, 120.5):
        assert problems(emblem_svg(height, title="Flag", title_id="t")) == [], height


def test_an_emblem_reduced_to_one_star_fails() -> None:
    [problem] = problems(with_stars(subpaths(stars_d(EMBLEM))[0]))
    assert problem.startswith("p.html: the EU emblem has 1 star, not twelve — ")


def test_eleven_or_thirteen_stars_fail() -> None:
    parts = subpaths(stars_d(EMBLEM))
    assert any("has 11 stars" in p for p in problems(with_stars("".join(parts[1:]))))
    assert any("has 13 stars" in p for p in problems(with_stars("".join(parts + parts[:1]))))


def test_two_stars_in_one_place_fail() -> None:
    parts = subpaths(stars_d(EMBLEM))
    assert any("two stars in one place" in p for p in problems(with_stars("".join([parts[0]] + parts[:11]))))


def test_a_star_turned_upside_down_fails() -> None:
    d = "".join(polygon_d(star) for star in canonical_stars(turn=36))
    assert any("not upright" in p for p in problems(with_stars(d)))


def test_stars_too_big_fail() -> None:
    d = "".join(polygon_d(star) for star in canonical_stars(radius=180 / 15))
    assert any("points are not on a circle of radius hoist/18" in p for p in problems(with_stars(d)))


def test_stars_on_a_wider_circle_fail() -> None:
    def outward(x: float, y: float) -> tuple[float, float]:
        return 135 + (x - 135) * 1.1, 90 + (y - 90) * 1.1

    d = "".join(polygon_d(star) for star in canonical_stars(move=outward))
    assert any("not where the hours stand on a circle of radius hoist/3" in p for p in problems(with_stars(d)))


def test_a_star_off_by_more_than_the_tolerance_fails_and_within_it_passes() -> None:
    tolerance = 180 * 1e-3
    for shift, ok in ((tolerance * 0.4, True), (tolerance * 3, False)):
        stars = canonical_stars()
        stars[3] = [(x + shift, y) for x, y in stars[3]]
        result = problems(with_stars("".join(polygon_d(star) for star in stars)))
        assert (result == []) is ok, (shift, result)


def test_relative_path_commands_are_read() -> None:
    # Each star as a relative moveto (from the previous star's start, where "z" leaves the
    # current point) and relative linetos, explicit "l" for some stars and implicit for others.
    parts, previous = [], (0.0, 0.0)
    for i, star in enumerate(canonical_stars()):
        x0, y0 = star[0]
        moves = [f"{x - px:.4f},{y - py:.4f}" for (px, py), (x, y) in zip(star, star[1:], strict=False)]
        lineto = "l" if i % 2 else ""
        parts.append(f"m{x0 - previous[0]:.4f},{y0 - previous[1]:.4f} {lineto}" + " ".join(moves) + "z")
        previous = (x0, y0)
    assert problems(with_stars("".join(parts))) == []


def test_horizontal_and_vertical_lines_are_read() -> None:
    assert _path_polygons("M10,10 H20 V20 h-10 v-10 Z M1 1 2 2") == [
        [(10, 10), (20, 10), (20, 20), (10, 20), (10, 10)],
        [(1, 1), (2, 2)],
    ]
    assert _path_polygons("M1,1 A5 5 0 0 1 9 9") == "its path uses the 'A' command (curves or arcs), not straight lines"
    square = "M10,10 H20 V20 H10 Z"
    assert any("a star with 4 corners" in p for p in problems(with_stars(square + stars_d(EMBLEM))))


def test_stars_as_twelve_polygons_pass() -> None:
    polygons = "".join(
        '<polygon fill="#FFCC00" points="' + " ".join(f"{x:.3f},{y:.3f}" for x, y in star) + '"/>'
        for star in canonical_stars()
    )
    emblem = re.sub(r"<path [^>]+/>", polygons, EMBLEM)
    assert problems(emblem) == []


def test_squashed_by_width_and_height_fails() -> None:
    squashed = EMBLEM.replace('width="72" height="48"', 'width="96" height="48"')
    [problem] = problems(squashed)
    assert "is shown 96×48 px, not 3:2: it is squashed or stretched" in problem


def test_squashed_with_preserve_aspect_ratio_none_fails() -> None:
    squashed = EMBLEM.replace('viewBox="0 0 270 180"', 'viewBox="0 0 270 180" preserveAspectRatio="none"')
    squashed = squashed.replace('width="72" height="48"', 'width="90" height="48"')
    result = problems(squashed)
    assert any('preserveAspectRatio="none"' in p and "90×48" in p for p in result)


def test_squashed_viewbox_and_rectangle_fail() -> None:
    squashed = EMBLEM.replace('viewBox="0 0 270 180"', 'viewBox="0 0 240 180"').replace(
        '<rect width="270"', '<rect width="240"'
    )
    assert any("is not 1.5 times its height" in p for p in problems(squashed))


def test_a_red_shape_added_fails() -> None:
    red = EMBLEM.replace("</svg>", '<rect x="10" y="10" width="20" height="20" fill="#FF0000"/></svg>')
    result = problems(red)
    assert any("drawn in #ff0000, not only Reflex Blue and Yellow" in p for p in result)


def test_any_other_element_fails() -> None:
    for extra in (
        '<circle cx="5" cy="5" r="2" fill="#FFCC00"/>',
        '<text x="1" y="9" fill="#FFCC00">EU</text>',
        '<image href="x.png" width="9" height="9"/>',
        '<use href="#t"/>',
    ):
        result = problems(EMBLEM.replace("</svg>", extra + "</svg>"))
        tag = re.match(r"<(\w+)", extra).group(1)
        assert any(f"contains a <{tag}>" in p for p in result), (extra, result)


def test_colours_changed_by_a_style_attribute_fail() -> None:
    restyled = EMBLEM.replace('<path fill="#FFCC00"', '<path fill="#FFCC00" style="fill: #FFD700"')
    assert any("#ffd700" in p for p in problems(restyled))


def test_equivalent_colour_spellings_pass() -> None:
    spelled = EMBLEM.replace('fill="#003399"', 'fill="#039"').replace('fill="#FFCC00"', 'fill="rgb(255, 204, 0)"')
    assert problems(spelled) == []


def test_the_stars_inherit_their_colour_from_a_group() -> None:
    grouped = EMBLEM.replace('<path fill="#FFCC00"', '<g fill="#FFCC00"><path').replace('Z"/></svg>', 'Z"/></g></svg>')
    assert problems(grouped) == []
    black = EMBLEM.replace('<path fill="#FFCC00"', "<path")
    assert any("#000000" in p for p in problems(black))


@pytest.mark.parametrize(
    "attribute",
    [
        'opacity="0.5"',
        'fill-opacity="0.8"',
        'filter="url(#blur)"',
        'stroke="#FFCC00"',
        'mask="url(#m)"',
        'style="opacity:.9"',
        'visibility="hidden"',
    ],
)
def test_opacity_filters_strokes_and_masks_fail(attribute: str) -> None:
    result = problems(EMBLEM.replace('<path fill="#FFCC00"', f'<path fill="#FFCC00" {attribute}'))
    assert any("is modified" in p for p in result), result


def test_a_distorting_transform_fails_and_a_harmless_one_passes() -> None:
    skewed = EMBLEM.replace('<path fill="#FFCC00"', '<path transform="skewX(10)" fill="#FFCC00"')
    assert problems(skewed)
    stretched = EMBLEM.replace("<rect ", '<g transform="scale(1.2,1)"><rect ').replace("</svg>", "</g></svg>")
    assert problems(stretched)
    rotated = EMBLEM.replace('<path fill="#FFCC00"', '<path transform="rotate(180 135 90)" fill="#FFCC00"')
    assert any("not upright" in p for p in problems(rotated))
    # Moving and uniformly scaling the whole drawing changes nothing on screen.
    whole = (
        EMBLEM.replace('viewBox="0 0 270 180"', 'viewBox="10 20 540 360"')
        .replace("<rect ", '<g transform="translate(10 20) scale(2)"><rect ')
        .replace("</svg>", "</g></svg>")
    )
    assert problems(whole) == []


def test_a_css_transform_on_a_shape_fails() -> None:
    result = problems(EMBLEM.replace('<path fill="#FFCC00"', '<path style="transform: scaleY(0.5)" fill="#FFCC00"'))
    assert any("transform" in p for p in result)


def test_stars_under_the_rectangle_fail() -> None:
    rect = re.search(r"<rect [^>]+/>", EMBLEM).group(0)
    path = re.search(r"<path [^>]+/>", EMBLEM).group(0)
    assert any("under the rectangle" in p for p in problems(EMBLEM.replace(rect + path, path + rect)))


def test_curves_fail() -> None:
    assert any("'C' command" in p for p in problems(with_stars("M0,0 C1,1 2,2 3,3Z")))


def test_rounded_rectangle_fails() -> None:
    assert any("rounded corners" in p for p in problems(EMBLEM.replace("<rect ", '<rect rx="9" ')))


def test_emblem_without_viewbox_is_measured_in_its_own_size() -> None:
    assert any("has no viewBox" in p for p in problems(re.sub(r' viewBox="[^"]+"| width="72"', "", EMBLEM)))
