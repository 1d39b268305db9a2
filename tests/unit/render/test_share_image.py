"""Share images: wrapping measured in the real fonts, the card's layout, the funding block."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.eu.emblem import BLUE, YELLOW
from generator.render import share_image
from generator.render.share_image import (
    ELLIPSIS,
    MARGIN,
    WIDTH,
    BrandLogo,
    FontMetrics,
    FontProblem,
    ShareCard,
    font_sources,
    layout_svg,
    prepare_fonts,
    wrap,
)

ROOT = Path(__file__).resolve().parents[3]
FONTS = ROOT / "theme/static/fonts"


@pytest.fixture(scope="module")
def metrics(tmp_path_factory) -> FontMetrics:
    return FontMetrics(prepare_fonts(font_sources(FONTS), tmp_path_factory.mktemp("fonts")))


def by_letters(text: str) -> float:
    """A measure in which every character is 1 wide: easy to reason about."""
    return float(len(text))


def test_wrap_breaks_between_words_and_keeps_every_word():
    lines = wrap("one two three four five", by_letters, 9)
    assert lines == ["one two", "three", "four five"]


def test_wrap_ends_text_that_does_not_fit_with_an_ellipsis_that_fits():
    lines = wrap("one two three four five six", by_letters, 9, max_lines=2)
    assert lines == ["one two", "three" + ELLIPSIS]
    assert all(by_letters(line) <= 9 for line in lines)


def test_wrap_breaks_a_word_wider_than_the_line():
    assert wrap("Donaudampfschifffahrt ok", by_letters, 8) == ["Donaudam", "pfschiff", "fahrt ok"]


def test_the_ellipsis_does_not_follow_a_dash_or_comma():
    assert wrap("alpha beta, gamma delta", by_letters, 11, max_lines=1) == ["alpha beta" + ELLIPSIS]


def test_metrics_measure_the_bold_wider_than_the_regular_and_polish_letters(metrics):
    regular = metrics.width("Współfinansowane", 32)
    assert metrics.width("Współfinansowane", 32, 700) > regular > 0
    # ł and ó are real glyphs of the merged font (not the .notdef box, which is wider than l)
    assert metrics.width("ł", 32) == pytest.approx(metrics.width("l", 32), rel=0.5)


TEXT_LINE = re.compile(
    r'<text x="([\d.]+)" y="[\d.]+" font-family="Ubuntu" font-size="([\d.]+)"'
    r' font-weight="\d+" fill="([^"]+)">([^<]*)</text>'
)


def texts(svg: str, fill: str | None = None) -> list[tuple[float, float, str]]:
    """(x, font size, text) of every text line in the card (of one colour)."""
    return [
        (float(x), float(size), html.unescape(text))
        for x, size, colour, text in TEXT_LINE.findall(svg)
        if fill is None or colour == fill
    ]


def weight_of(svg: str, text: str) -> int:
    found = re.search(r'font-weight="(\d+)" fill="[^"]+">' + re.escape(html.escape(text)) + "<", svg)
    assert found, text
    return int(found.group(1))


LONG_TITLE = "A very long project title that goes on and on about cooperation across borders " * 3
LONG_SUMMARY = "Partners in many regions worked together on things worth telling the world about. " * 12


def test_no_line_of_a_long_card_runs_past_the_right_margin(metrics):
    card = ShareCard(
        "en", "Test site", LONG_TITLE, LONG_SUMMARY, ("European Union", "European Regional Development Fund")
    )
    svg = layout_svg(card, metrics)
    for x, size, text in texts(svg):
        weight = weight_of(svg, text)
        assert x + metrics.width(text, size, weight) <= WIDTH - MARGIN, text
    lines = [text for _, _, text in texts(svg)]
    assert sum(1 for line in lines if line.endswith(ELLIPSIS)) == 2  # the title and the summary
    assert "European Union" in lines and "European Regional Development Fund" in lines


def test_a_long_statement_wraps_and_is_never_cut_short(metrics):
    statement = "A programme's own statement of the added value of the EU's support, long enough to wrap twice over"
    card = ShareCard("en", "Site", "Title", "Summary.", ("European Union", statement))
    lines = [text for _, _, text in texts(layout_svg(card, metrics), fill=BLUE)]
    assert lines[0] == "European Union" and len(lines) >= 3
    statement_lines = lines[1:]
    assert " ".join(statement_lines) == statement
    assert not any(ELLIPSIS in line for line in statement_lines)


def test_the_eu_card_draws_the_sites_emblem_and_the_statement_in_reflex_blue(metrics):
    card = ShareCard(
        "pl",
        "Strona",
        "Tytuł",
        "Opis.",
        ("Unia Europejska", "Europejski Fundusz Rozwoju Regionalnego"),
        "Flaga Unii Europejskiej",
    )
    svg = layout_svg(card, metrics)
    assert f'fill="{BLUE}"' in svg and f'fill="{YELLOW}"' in svg
    assert svg.count("<svg") == 2  # the card and the emblem drawing nested in it
    assert weight_of(svg, "Unia Europejska") == 700
    assert weight_of(svg, "Europejski Fundusz Rozwoju Regionalnego") == 400
    assert re.search(rf'font-size="32"[^>]*fill="{BLUE}">Unia Europejska<', svg)  # a third of the 96 px emblem
    assert 'width="144" height="96"' in svg


def test_a_card_without_eu_money_has_no_emblem_and_no_reflex_blue(metrics):
    svg = layout_svg(ShareCard("en", "Site", "UNESCO network", "Not EU funded."), metrics)
    assert BLUE.lower() not in svg.lower() and YELLOW.lower() not in svg.lower()
    assert "eu-emblem" not in svg


def test_an_interreg_brand_logo_replaces_the_emblem(metrics):
    logo = BrandLogo(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", 150, 50)
    card = ShareCard("en", "Site", "Title", "Summary.", ("Co-funded by the European Union",), "Flag", logo)
    svg = layout_svg(card, metrics)
    assert "eu-emblem" not in svg
    assert re.search(r'<image x="64" y="[\d.]+" width="300" height="100" href="data:image/svg\+xml;base64,', svg)
    # The logo carries the statement; it is not written a second time beside it.
    assert "Co-funded by the European Union" not in svg


def test_the_alt_text_says_what_the_image_shows():
    card = ShareCard("en", "Site", "Title", "Summary.", ("European Union", "European Regional Development Fund"))
    assert card.alt_text() == "Title — Summary. — European Union, European Regional Development Fund"


def test_the_image_key_changes_with_what_the_image_shows():
    card = ShareCard("en", "Site", "Title", "Summary.", ("European Union",), "Flag")
    key = share_image.image_key(card, "f", "v")
    assert (
        share_image.image_key(ShareCard("en", "Site", "Title", "Summary.", ("European Union",), "Flag"), "f", "v")
        == key
    )
    for changed in (
        ShareCard("en", "Site", "Another title", "Summary.", ("European Union",), "Flag"),
        ShareCard("en", "Site", "Title", "Another summary.", ("European Union",), "Flag"),
        ShareCard("en", "Site", "Title", "Summary.", ("Unia Europejska",), "Flag"),
        ShareCard(
            "en",
            "Site",
            "Title",
            "Summary.",
            ("European Union",),
            "Flag",
            BrandLogo(b"<svg/>", "image/svg+xml", 150, 50),
        ),
        ShareCard("en", "Site", "Title", "Summary."),
    ):
        assert share_image.image_key(changed, "f", "v") != key, changed
    assert share_image.image_key(card, "g", "v") != key  # other fonts
    assert share_image.image_key(card, "f", "w") != key  # another renderer


def test_the_renderer_version_names_resvg_and_the_layout_code():
    assert re.fullmatch(r"layout [0-9a-f]{16}; resvg-py [\d.]+; resvg [\d.]+", share_image.renderer_version())


def test_a_theme_without_ubuntu_bold_is_told_what_to_add(tmp_path):
    (tmp_path / "ubuntu-latin-400-normal.woff2").write_bytes((FONTS / "ubuntu-latin-400-normal.woff2").read_bytes())
    with pytest.raises(FontProblem, match="no Ubuntu font of weight 700 for the share images — add the Ubuntu"):
        font_sources(tmp_path)


def test_fonts_are_merged_once_and_reused(tmp_path):
    sources = font_sources(FONTS)
    first = prepare_fonts(sources, tmp_path)
    stamp = {weight: path.stat().st_mtime_ns for weight, path in first.items()}
    again = prepare_fonts(sources, tmp_path)
    assert again == first and {weight: path.stat().st_mtime_ns for weight, path in again.items()} == stamp


def test_a_card_without_a_site_name_or_summary_still_lays_out(metrics):
    svg = layout_svg(ShareCard("en", "", "Title", ""), metrics)
    assert [text for _, _, text in texts(svg)] == ["Title"]


def test_a_damaged_font_file_is_named(tmp_path):
    (tmp_path / "ubuntu-latin-400-normal.woff2").write_bytes(b"not a font")
    with pytest.raises(FontProblem, match="ubuntu-latin-400-normal.woff2: cannot be read as a font"):
        font_sources(tmp_path)
