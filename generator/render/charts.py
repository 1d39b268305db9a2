"""Budget charts: the geometry of a chart beside each budget or financing table.

Drawn from the very rows the table shows (`Table.all_groups()`), so chart and table cannot
disagree. A costs table by year becomes bars by year, stacked by cost category; any other
table (a financing plan, or amounts in two currencies) becomes one bar split into each
source's share of the total, the shares computed here (the page says so). Rows that are
zero throughout are left out of the chart (the table still lists them).

Only positions and numbers are made here; theme/templates/partials/chart.html writes the
SVG with the page's labels and number format. Besides the geometry (numbers, for code and
tests), a chart hands the template what it writes per shape as plain tuples of coordinates
already written as text (`Chart.rects`, `.gridlines`, `.columns`): a page has a few hundred of
them, and in a template each `{{ seg.x }}` of a number is an attribute lookup, a str() and an
escape, where a tuple unpacked by the loop and a digit string are neither.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from decimal import Decimal

from generator.load.records import Row, Table

PALETTE_SIZE = 8  # chart__s0 … chart__s7 in site.css: colours, and patterns in forced colours
# The stacked chart's drawing area, in viewBox units.
WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 96, 628, 28, 284
SHARE_HEIGHT = 48


@dataclass(frozen=True)
class Segment:
    series: int  # the legend entry, and the colour class chart__s{series % 8}
    label: object  # the row's label as the table has it (a cost category key or a text)
    column: int | str  # the year, or the table's first column
    value: Decimal
    x: float | int
    y: float | int
    width: float | int
    height: float | int


@dataclass(frozen=True)
class Tick:
    value: Decimal
    y: float | int
    label_y: float | int  # the baseline of its label, level with the line


@dataclass(frozen=True)
class Bar:
    column: int | str
    total: Decimal
    x: float | int  # the bar's centre
    top: float | int
    label_y: float | int  # the baseline of the total above it


@dataclass(frozen=True)
class Series:
    index: int
    label: object
    total: Decimal
    share: Decimal | None  # per cent of the chart's total, one decimal (share charts only)


@dataclass(frozen=True)
class Chart:
    kind: str  # "stacked" or "shares"
    width: int
    height: int
    segments: tuple[Segment, ...]
    series: tuple[Series, ...]
    bars: tuple[Bar, ...] = ()
    ticks: tuple[Tick, ...] = ()
    total: Decimal = Decimal(0)
    baseline: float = BOTTOM
    plot_left: int = LEFT
    plot_right: int = RIGHT
    # What the template writes, as text: (colour index 0…7, x, y, width, height) per segment,
    rects: tuple[tuple[str, str, str, str, str], ...] = ()
    # (value, y, label_y) per tick (stacked charts),
    gridlines: tuple[tuple[Decimal, str, str], ...] = ()
    # (column, total, x, label_y) per bar (stacked charts).
    columns: tuple[tuple[int | str, Decimal, str, str], ...] = ()
    # (colour index, label, total, share) per series, for the legend.
    legend: tuple[tuple[str, object, Decimal, Decimal | None], ...] = ()


def _unit(value: float) -> float | int:
    """A coordinate with one decimal, written without ".0" when whole (pages stay small)."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def _rects(segments: list[Segment]) -> tuple[tuple[str, str, str, str, str], ...]:
    # Digits, a dot and a minus sign at most: nothing an HTML escape would change.
    return tuple(
        (str(seg.series % PALETTE_SIZE), str(seg.x), str(seg.y), str(seg.width), str(seg.height)) for seg in segments
    )


def _legend(series: tuple[Series, ...]) -> tuple[tuple[str, object, Decimal, Decimal | None], ...]:
    return tuple((str(s.index % PALETTE_SIZE), s.label, s.total, s.share) for s in series)


def _rows(table: Table) -> list[Row]:
    rows = [row for group in table.all_groups() for row in group.rows]
    return [row for row in rows if any(v != 0 for v in row.values)]


def nice_step(maximum: Decimal, ticks: int = 4) -> Decimal:
    """A round step (1, 2 or 5 × 10ⁿ) that divides 0…maximum into about `ticks` parts."""
    if maximum <= 0:
        return Decimal(1)
    raw = maximum / ticks
    power = Decimal(10) ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return Decimal(factor) * power
    return 10 * power  # unreachable: raw ≤ 10 × power by the choice of power


# The chart of each table still in memory, by id(table): every language's page of a project
# shows the same (frozen) Table object, so its geometry is worked out once, not once a language.
# A Chart holds no reference to its table, so the entry goes when the table does (a rebuild
# that reloads the budget makes new tables).
_charts: dict[int, tuple[weakref.ref, Chart | None]] = {}


def chart_for(table: Table) -> Chart | None:
    """The table's chart, or None when there is nothing to draw (no positive figure, or a
    negative one, which neither kind of chart can show honestly)."""
    key = id(table)
    found = _charts.get(key)
    if found is not None and found[0]() is table:
        return found[1]
    chart = _chart_for(table)
    _charts[key] = (weakref.ref(table, lambda ref: _forget(key, ref)), chart)
    return chart


def _forget(key: int, ref: weakref.ref) -> None:
    if key in _charts and _charts[key][0] is ref:  # not a newer table given the same id
        del _charts[key]


def _chart_for(table: Table) -> Chart | None:
    rows = _rows(table)
    if not rows or any(v < 0 for row in rows for v in row.values):
        return None
    if table.kind == "costs" and table.by_year:
        return _stacked(table, rows)
    return _shares(table, rows)


def _stacked(table: Table, rows: list[Row]) -> Chart:
    columns = list(table.columns)
    totals = [sum((row.values[i] for row in rows), Decimal(0)) for i in range(len(columns))]
    step = nice_step(max(totals))
    top_value = step * math.ceil(max(totals) / step)
    scale = (BOTTOM - TOP) / float(top_value)
    band = (RIGHT - LEFT) / len(columns)
    bar_width = min(band * 0.55, 120)
    segments, bars = [], []
    for i, column in enumerate(columns):
        x = LEFT + band * i + (band - bar_width) / 2
        y = float(BOTTOM)
        for index, row in enumerate(rows):
            value = row.values[i]
            if value == 0:
                continue
            h = float(value) * scale
            y -= h
            segments.append(Segment(index, row.label, column, value, _unit(x), _unit(y), _unit(bar_width), _unit(h)))
        bars.append(Bar(column, totals[i], _unit(x + bar_width / 2), _unit(y), _unit(y - 6)))
    count = int(top_value / step)
    heights = [BOTTOM - float(step * k) * scale for k in range(count + 1)]
    ticks = tuple(Tick(step * k, _unit(y), _unit(y + 5)) for k, y in enumerate(heights))
    series = tuple(Series(i, row.label, sum(row.values, Decimal(0)), None) for i, row in enumerate(rows))
    return Chart(
        "stacked",
        WIDTH,
        HEIGHT,
        tuple(segments),
        series,
        tuple(bars),
        ticks,
        sum(totals, Decimal(0)),
        rects=_rects(segments),
        legend=_legend(series),
        gridlines=tuple((tick.value, str(tick.y), str(tick.label_y)) for tick in ticks),
        columns=tuple((bar.column, bar.total, str(bar.x), str(bar.label_y)) for bar in bars),
    )


def _row_total(table: Table, row: Row) -> Decimal:
    # By year: the years added up, as the table's own total column does. Otherwise the
    # columns are the same amounts in several currencies: the first one is the measure.
    return sum(row.values, Decimal(0)) if table.by_year else Decimal(row.values[0])


def _shares(table: Table, rows: list[Row]) -> Chart | None:
    totals = [_row_total(table, row) for row in rows]
    whole = sum(totals, Decimal(0))
    if whole <= 0:
        return None
    column = "" if table.by_year else table.columns[0]
    segments, series, x = [], [], 0.0
    for i, (row, value) in enumerate(zip(rows, totals, strict=True)):
        share = (value * 100 / whole).quantize(Decimal("0.1"))
        series.append(Series(i, row.label, value, share))
        if value == 0:
            continue
        w = float(value / whole) * WIDTH
        segments.append(Segment(i, row.label, column, value, _unit(x), 0, _unit(w), SHARE_HEIGHT))
        x += w
    return Chart(
        "shares",
        WIDTH,
        SHARE_HEIGHT,
        tuple(segments),
        tuple(series),
        total=whole,
        rects=_rects(segments),
        legend=_legend(tuple(series)),
    )
