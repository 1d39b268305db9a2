"""Budget charts: geometry from the table's own numbers."""

from __future__ import annotations

from decimal import Decimal

from generator.load.records import Table
from generator.render import charts


def _table(**fields) -> Table:
    base = {"id": "t", "caption": "T", "total": {"values": [0]}}
    return Table.model_validate(base | fields)


COSTS = _table(
    kind="costs",
    columns=[2011, 2012],
    rows=[
        {"label": "staff", "values": [100, 300]},
        {"label": "travel", "values": [50, 0]},
        {"label": "investments", "values": [0, 0]},
    ],
)


def test_nice_steps_are_round():
    assert charts.nice_step(Decimal(3_808_150)) == Decimal(1_000_000)
    assert charts.nice_step(Decimal(150)) == Decimal(50)
    assert charts.nice_step(Decimal(7)) == Decimal(2)


def test_stacked_bars_add_up_to_the_tables_columns_and_leave_out_zero_rows():
    chart = charts.chart_for(COSTS)
    assert chart is not None and chart.kind == "stacked"
    assert [s.label for s in chart.series] == ["staff", "travel"]  # investments are zero throughout
    assert [(b.column, b.total) for b in chart.bars] == [(2011, 150), (2012, 300)]
    assert [t.value for t in chart.ticks] == [0, 100, 200, 300]
    first = [s for s in chart.segments if s.column == 2011]
    assert [s.label for s in first] == ["staff", "travel"]
    staff, travel = first
    # stacked from the baseline up, heights in proportion to the values
    assert staff.y + staff.height == charts.BOTTOM
    assert abs(travel.y + travel.height - staff.y) < 0.2
    assert abs(staff.height - 2 * travel.height) < 0.2
    tallest = [s for s in chart.segments if s.column == 2012][0]
    assert tallest.y == charts.TOP  # the top tick is the largest bar
    assert len([s for s in chart.segments if s.column == 2012]) == 1  # travel is 0 in 2012: no sliver


def test_financing_becomes_shares_of_the_total_that_add_up_to_the_width():
    table = _table(
        kind="financing",
        columns=[2011, 2012],
        groups=[
            {
                "label": "Public",
                "rows": [{"label": "Region", "values": [600, 900]}, {"label": "Own", "values": [0, 0]}],
            },
            {"label": "EU", "rows": [{"label": "ERDF", "values": [1200, 1800]}]},
        ],
    )
    chart = charts.chart_for(table)
    assert chart is not None and chart.kind == "shares"
    assert [(s.label, s.total, s.share) for s in chart.series] == [
        ("Region", 1500, Decimal("33.3")),
        ("ERDF", 3000, Decimal("66.7")),
    ]
    assert chart.total == 4500
    last = chart.segments[-1]
    assert abs(last.x + last.width - charts.WIDTH) < 0.2


def test_amounts_in_two_currencies_are_shared_by_the_first_column_not_added():
    table = _table(
        kind="financing",
        columns=["LTL", "EUR"],
        rows=[{"label": "A", "values": [345, 100]}, {"label": "B", "values": [345, 100]}],
    )
    chart = charts.chart_for(table)
    assert chart is not None
    assert [s.total for s in chart.series] == [345, 345]
    assert [s.share for s in chart.series] == [Decimal("50.0"), Decimal("50.0")]


def test_nothing_to_draw_gives_no_chart():
    assert charts.chart_for(_table(kind="costs", columns=[2011], rows=[{"label": "staff", "values": [0]}])) is None
    assert charts.chart_for(_table(kind="costs", columns=[2011], rows=[{"label": "staff", "values": [-5]}])) is None


def test_the_template_gets_each_shape_as_coordinates_written_as_the_page_writes_them():
    chart = charts.chart_for(COSTS)
    assert chart is not None
    assert len(chart.rects) == len(chart.segments)
    for (colour, x, y, width, height), seg in zip(chart.rects, chart.segments, strict=True):
        assert colour == str(seg.series % charts.PALETTE_SIZE)
        assert [x, y, width, height] == [str(seg.x), str(seg.y), str(seg.width), str(seg.height)]
    assert [y for _, y, _ in chart.gridlines][0] == str(charts.BOTTOM)  # whole: no ".0"
    assert [(column, total) for column, total, _, _ in chart.columns] == [(2011, 150), (2012, 300)]


def test_a_table_shown_in_several_languages_is_charted_once_and_an_edited_one_anew():
    first = charts.chart_for(COSTS)
    assert charts.chart_for(COSTS) is first  # the same table, on another language's page
    edited = COSTS.model_copy(update={"rows": COSTS.rows[:1]})
    chart = charts.chart_for(edited)
    assert chart is not None and chart is not first
    assert [s.label for s in chart.series] == ["staff"]


def test_every_series_of_either_kind_of_chart_has_its_legend_entry():
    financing = _table(
        kind="financing", columns=["EUR"], rows=[{"label": "A", "values": [1]}, {"label": "B", "values": [3]}]
    )
    for chart in (charts.chart_for(COSTS), charts.chart_for(financing)):
        assert chart is not None
        assert chart.legend == tuple((str(s.index % 8), s.label, s.total, s.share) for s in chart.series)
        assert len(chart.legend) == len(chart.series) > 0
