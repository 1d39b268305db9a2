"""Maps and charts as a reader sees them: drawn on screen, in print, in forced colours."""

from __future__ import annotations

import pytest

NORDENS = "en/projects/nordens-basta-inlandsregioner-2020/"

# The size the browser draws each of a map's `<use>` elements at: a base map that did not
# load (wrong address, wrong type, blocked by the CSP) draws nothing and measures 0 × 0.
USE_SIZES = """() => [...document.querySelectorAll('.map__svg use')].map(u => {
  const r = u.getBoundingClientRect(); return [u.getAttribute('href').split('#')[1], r.width, r.height];
})"""
VISIBLE = """sel => [...document.querySelectorAll(sel)].map(e => {
  const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).display !== 'none';
})"""


@pytest.fixture(scope="module")
def base(built_site, serve_dir):
    return serve_dir(built_site)


@pytest.mark.parametrize("media", ["screen", "print"])
def test_the_map_and_the_charts_are_drawn_on_screen_and_in_print(base, page_factory, media):
    page = page_factory()
    page.emulate_media(media=media)
    page.goto(base + NORDENS)
    page.wait_for_load_state("networkidle")
    sizes = page.evaluate(USE_SIZES)
    assert [code for code, _, _ in sizes] == ["land", "SE", "NO"]
    for code, width, height in sizes:
        assert width > 50 and height > 50, (code, width, height)
    charts = page.eval_on_selector_all(".chart__svg", "els => els.length")
    assert charts == 4
    assert all(page.evaluate(VISIBLE, ".chart__svg, .map__svg, .chart__legend"))


def test_print_keeps_the_colours_of_the_map_and_charts(base, page_factory):
    page = page_factory()
    page.emulate_media(media="print")
    page.goto(base + NORDENS)
    adjust = page.eval_on_selector(".chart__svg", "e => getComputedStyle(e).printColorAdjust")
    assert adjust == "exact"
    pdf = page.pdf(format="A4")
    assert len(pdf) > 10_000


def test_in_forced_colours_the_series_are_told_apart_by_pattern_and_the_map_by_system_colours(base, page_factory):
    page = page_factory()
    page.emulate_media(forced_colors="active", color_scheme="dark")
    page.goto(base + NORDENS)
    fills = page.eval_on_selector_all(
        "#swedish-budget-chart-title ~ rect.chart__seg", "els => els.map(e => getComputedStyle(e).fill)"
    )
    assert fills and all("url(" in fill and "#chart-p" in fill for fill in fills)
    # one pattern per category: the six categories with money have six different fills
    legend = page.eval_on_selector_all(
        "figure:has(#swedish-budget-chart-title) li rect", "els => els.map(e => getComputedStyle(e).fill)"
    )
    assert len(set(legend)) == len(legend) == 6
    canvas = page.evaluate(
        "() => { const d = document.createElement('div'); d.style.color = 'Canvas'; document.body.append(d);"
        " const c = getComputedStyle(d).color; d.remove(); return c; }"
    )
    land = page.eval_on_selector(".map__land", "e => getComputedStyle(e).fill")
    assert land == canvas
    partner = page.eval_on_selector(".map__partner", "e => getComputedStyle(e).fill")
    assert partner != land
