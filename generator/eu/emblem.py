"""The EU emblem, drawn as SVG from its official geometric construction.

The graphic standard (Annex I of Reg. (EC) 1828/2006, Annex II of Impl. Reg. (EU)
821/2014, Annex IX of Reg. (EU) 2021/1060) defines the emblem completely by numbers,
so we compute it instead of shipping a downloaded file: nothing to keep in sync, no
risk of a recoloured or stretched copy, and the output is small and deterministic.

Coordinates are computed in a fixed drawing unit (the viewBox) and the requested CSS
size only goes into the ``width``/``height`` attributes, so every emblem on the site
is byte-for-byte the same drawing.
"""

from __future__ import annotations

import math
from html import escape

# Colours fixed by the graphic standard: Reflex Blue and Yellow.
BLUE = "#003399"
YELLOW = "#FFCC00"

# Proportions fixed by the graphic standard, all relative to the hoist (height).
FLY_RATIO = 1.5  # width = 1.5 × height
STAR_CIRCLE_RATIO = 1 / 3  # the stars stand on a circle of radius hoist/3 …
STAR_RADIUS_RATIO = 1 / 18  # … and each star's points on a circle of radius hoist/18
STAR_COUNT = 12
STAR_POINTS = 5

# Inner/outer radius of a regular pentagram: the inner vertices are where the
# star's edges cross, which gives sin 18° / sin 54° = (3 − √5) / 2 = 1/φ².
PENTAGRAM_INNER_RATIO = math.sin(math.radians(18)) / math.sin(math.radians(54))

# Hoist of the drawing unit. 180 makes the star circle (60) and the star radius (10)
# whole numbers, so the rounded coordinates stay as exact as three decimals allow.
DRAWING_HOIST = 180.0

_DECIMALS = 3


def emblem_size(height: float) -> tuple[float, float]:
    """Return (width, height) of the emblem rendered at ``height`` CSS px."""
    if not height > 0:
        raise ValueError(f"emblem height must be positive, got {height!r}")
    return height * FLY_RATIO, float(height)


def star_centres(hoist: float) -> list[tuple[float, float]]:
    """Centres of the 12 stars for an emblem of the given hoist, in SVG coordinates.

    Listed clockwise from 12 o'clock. SVG's y axis points down, so 12 o'clock is at
    angle −90° and growing angles turn clockwise on screen.
    """
    cx, cy = hoist * FLY_RATIO / 2, hoist / 2  # where the diagonals cross
    radius = hoist * STAR_CIRCLE_RATIO
    centres = []
    for hour in range(STAR_COUNT):
        angle = math.radians(-90 + hour * 360 / STAR_COUNT)
        centres.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return centres


def star_points(cx: float, cy: float, r_outer: float) -> list[tuple[float, float]]:
    """The 10 vertices of an upright five-pointed star, outer and inner alternating.

    Index 0 is the point straight up; even indices are the 5 outer points (on the
    circle of radius ``r_outer``), odd indices the inner vertices of the pentagram.
    Outer points sit at −90°, −18°, 54°, 126°, 198°: the two at −18° and 198° share
    the same y, which is the "two points on a horizontal line" of the standard.
    """
    r_inner = r_outer * PENTAGRAM_INNER_RATIO
    step = 360 / (2 * STAR_POINTS)
    vertices = []
    for i in range(2 * STAR_POINTS):
        r = r_outer if i % 2 == 0 else r_inner
        angle = math.radians(-90 + i * step)
        vertices.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return vertices


def _num(value: float) -> str:
    """Format a coordinate with at most 3 decimals and no trailing zeros."""
    text = f"{value:.{_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _stars_path(hoist: float) -> str:
    """One path with a closed sub-path per star: smaller than 12 elements."""
    r_outer = hoist * STAR_RADIUS_RATIO
    parts = []
    for cx, cy in star_centres(hoist):
        coords = [f"{_num(x)},{_num(y)}" for x, y in star_points(cx, cy, r_outer)]
        parts.append("M" + coords[0] + "L" + " ".join(coords[1:]) + "Z")
    return "".join(parts)


def _check_id(title_id: str) -> None:
    # aria-labelledby takes a space-separated list of ids, so an id containing
    # whitespace would silently point at other (or no) elements.
    if not title_id or any(ch.isspace() for ch in title_id):
        raise ValueError(f"title_id must be a non-empty id without spaces, got {title_id!r}")


def emblem_svg(height: float, *, title: str, title_id: str) -> str:
    """SVG markup of the EU emblem, ``height`` CSS px high (width = 1.5 × height).

    ``title`` is the text alternative in the page's language, as plain text; it is
    escaped here. It is turned into a plain ``str`` first because Jinja's gettext may
    hand us a ``Markup`` whose ``replace`` would escape ``html.escape``'s own output.
    ``title_id`` must be unique on the page (it ties ``aria-labelledby`` to the title).
    """
    _check_id(title_id)
    width, height = emblem_size(height)
    hoist = DRAWING_HOIST
    fly = hoist * FLY_RATIO
    safe_id = escape(title_id, quote=True)
    return (
        f'<svg class="eu-emblem" xmlns="http://www.w3.org/2000/svg" role="img"'
        f' aria-labelledby="{safe_id}" viewBox="0 0 {_num(fly)} {_num(hoist)}"'
        f' width="{_num(width)}" height="{_num(height)}">'
        f'<title id="{safe_id}">{escape(str(title), quote=True)}</title>'
        f'<rect width="{_num(fly)}" height="{_num(hoist)}" fill="{BLUE}"/>'
        f'<path fill="{YELLOW}" d="{_stars_path(hoist)}"/>'
        f"</svg>"
    )
