"""Share images: wrapping measured in the real fonts, the card's layout, the funding block,
and the pixels drawn from it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from generator.eu.emblem import BLUE, YELLOW
from generator.render import share_image
from generator.render.share_image import (
    ELLIPSIS,
    HEIGHT,
    MARGIN,
    MUTED,
    TEXT,
    WIDTH,
    BrandLogo,
    CardLayout,
    FontMetrics,
    FontProblem,
    Renderer,
    ShareCard,
    TextLine,
    font_sources,
    fonts_digest,
    layout,
    png_bytes,
    prepare_fonts,
    wrap,
)

ROOT = Path(__file__).resolve().parents[3]
FONTS = ROOT / "theme/static/fonts"


@pytest.fixture(scope="module")
def font_files(tmp_path_factory) -> dict[int, Path]:
    return prepare_fonts(font_sources(FONTS), tmp_path_factory.mktemp("fonts"))


@pytest.fixture(scope="module")
def metrics(font_files) -> FontMetrics:
    return FontMetrics(font_files)


@pytest.fixture(scope="module")
def renderer(font_files) -> Renderer:
    return Renderer(font_files)


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


def texts(card: ShareCard, metrics: FontMetrics, colour: str | None = None) -> list[TextLine]:
    """Every text line of the card's layout (of one colour)."""
    return [line for line in layout(card, metrics).lines if colour is None or line.colour == colour]


def png(renderer: Renderer, card: ShareCard) -> Image.Image:
    image = Image.open(io.BytesIO(renderer.render(card)))
    image.load()
    return image


def colour_count(image: Image.Image, colour: str, tolerance: int = 12) -> int:
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    colours = image.convert("RGB").getcolors(WIDTH * HEIGHT)
    return sum(n for n, rgb in colours if all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True)))


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Where anything but the white background is."""
    white = Image.new("RGB", image.size, "#ffffff")
    from PIL import ImageChops

    return ImageChops.difference(image.convert("RGB"), white).getbbox()


LONG_TITLE = "A very long project title that goes on and on about cooperation across borders " * 3
LONG_SUMMARY = "Partners in many regions worked together on things worth telling the world about. " * 12
EU_STATEMENT = ("European Union", "European Regional Development Fund")


def test_no_line_of_a_long_card_runs_past_the_right_margin(metrics):
    card = ShareCard("en", "Test site", LONG_TITLE, LONG_SUMMARY, EU_STATEMENT)
    lines = texts(card, metrics)
    for line in lines:
        assert line.x + metrics.width(line.text, line.size, line.weight) <= WIDTH - MARGIN, line.text
    words = [line.text for line in lines]
    assert sum(1 for text in words if text.endswith(ELLIPSIS)) == 2  # the title and the summary
    assert "European Union" in words and "European Regional Development Fund" in words


def test_no_ink_of_a_long_card_runs_into_the_margins(renderer):
    card = ShareCard("en", "Test site", LONG_TITLE, LONG_SUMMARY, EU_STATEMENT)
    left, top, right, bottom = ink_box(png(renderer, card))
    assert left >= MARGIN - 2 and right <= WIDTH - MARGIN + 2, (left, right)  # a glyph's overhang at most
    assert top >= MARGIN - 12 and bottom <= HEIGHT - MARGIN, (top, bottom)


def test_kerning_only_narrows_a_line(metrics):
    for weight in (400, 700):
        starts = metrics.positions("AVATAR To Wa", 56, weight)
        plain = [metrics.width("AVATAR To Wa"[:i], 56, weight) for i in range(len(starts))]
        assert all(kerned <= unkerned for kerned, unkerned in zip(starts, plain, strict=True))
        assert starts[-1] < plain[-1]  # Ubuntu kerns "AV", "To", "Wa": the line is tighter


def test_a_long_statement_wraps_and_is_never_cut_short(metrics):
    statement = "A programme's own statement of the added value of the EU's support, long enough to wrap twice over"
    card = ShareCard("en", "Site", "Title", "Summary.", ("European Union", statement))
    lines = [line.text for line in texts(card, metrics, BLUE)]
    assert lines[0] == "European Union" and len(lines) >= 3
    statement_lines = lines[1:]
    assert " ".join(statement_lines) == statement
    assert not any(ELLIPSIS in line for line in statement_lines)


POLISH_EU_CARD = ShareCard(
    "pl",
    "Strona",
    "Tytuł",
    "Opis.",
    ("Unia Europejska", "Europejski Fundusz Rozwoju Regionalnego"),
    "Flaga Unii Europejskiej",
)


def test_the_eu_card_places_the_emblem_and_the_statement_in_reflex_blue(metrics):
    placed = layout(POLISH_EU_CARD, metrics)
    statement = {line.text: line for line in placed.lines if line.colour == BLUE}
    assert statement["Unia Europejska"].weight == 700
    assert statement["Europejski Fundusz Rozwoju Regionalnego"].weight == 400
    assert statement["Unia Europejska"].size == 32  # a third of the 96 px emblem
    emblem = placed.drawing
    assert (emblem.x, emblem.width, emblem.height) == (MARGIN, 144, 96)
    assert f'fill="{BLUE}"' in emblem.element and f'fill="{YELLOW}"' in emblem.element


def test_the_eu_cards_pixels_show_the_emblem_at_144_by_96(renderer):
    image = png(renderer, POLISH_EU_CARD)
    assert image.size == (WIDTH, HEIGHT)
    assert colour_count(image, BLUE) >= 144 * 96 - 600  # the flag's field, and the statement
    assert colour_count(image, YELLOW) >= 190  # the twelve stars (196, as resvg drew the whole card before)
    rgb = image.convert("RGB")

    def blue(x: int, y: int) -> bool:
        return all(abs(a - b) <= 12 for a, b in zip(rgb.getpixel((x, y)), (0x00, 0x33, 0x99), strict=True))

    column = [y for y in range(HEIGHT) if blue(MARGIN + 5, y)]  # left of the stars
    assert 95 <= len(column) <= 97 and column[-1] - column[0] == len(column) - 1
    row = [x for x in range(220) if blue(x, column[0] + 3)]  # above the stars, left of the statement
    assert 143 <= len(row) <= 145 and row[0] == MARGIN


def test_a_card_without_eu_money_has_no_emblem_and_no_reflex_blue(metrics, renderer):
    card = ShareCard("en", "Site", "UNESCO network", "Not EU funded.")
    assert layout(card, metrics).drawing is None
    assert {line.colour for line in texts(card, metrics)} == {MUTED, TEXT}
    image = png(renderer, card)
    assert colour_count(image, BLUE) == 0 and colour_count(image, YELLOW) == 0


def test_the_text_is_anti_aliased_in_its_own_colours(renderer):
    image = png(renderer, ShareCard("en", "Site", "Title", "Summary."))
    assert image.mode == "P"  # few colours: a palette image, a third of the bytes to compress
    colours = {rgb for _, rgb in image.convert("RGB").getcolors(WIDTH * HEIGHT)}
    ink = tuple(int(TEXT[i : i + 2], 16) for i in (1, 3, 5))
    assert ink in colours and (255, 255, 255) in colours
    greys = {rgb for rgb in colours if rgb[0] == rgb[1] == rgb[2]}
    assert len(greys) > 32  # soft edges, not a two-colour stencil


def test_polish_lithuanian_and_nordic_letters_are_drawn_not_boxes(renderer):
    def inked(text: str) -> int:
        image = png(renderer, ShareCard("en", "", text, "")).convert("L")
        return sum(n for n, level in image.getcolors(WIDTH * HEIGHT) if level < 128)

    for accented, plain in (("ąęłńśźż", "aelnszz"), ("ėįšųūž", "eisuuz"), ("åæøö", "aeoo")):
        # The accented word has a little more ink than the plain one (the marks), never a box's worth.
        assert 1.0 < inked(accented) / inked(plain) < 1.6, accented


def test_an_interreg_brand_logo_replaces_the_emblem(metrics, renderer):
    green = "#00aa44"
    drawing = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 300 100'><rect width='300' height='100' fill='{green}'/></svg>"
    logo = BrandLogo(drawing.encode(), "image/svg+xml", 150, 50)
    card = ShareCard("en", "Site", "Title", "Summary.", ("Co-funded by the European Union",), "Flag", logo)
    placed = layout(card, metrics)
    assert (placed.drawing.x, placed.drawing.width, placed.drawing.height) == (MARGIN, 300, 100)
    assert "data:image/svg+xml;base64," in placed.drawing.element
    # The logo carries the statement; it is not written a second time beside it.
    assert not texts(card, metrics, BLUE)
    image = png(renderer, card)
    assert colour_count(image, green, tolerance=4) >= 300 * 100 - 800
    assert colour_count(image, YELLOW) == 0


def test_a_logo_with_more_colours_than_the_palette_holds_is_drawn_in_full_colour(renderer):
    ramp = Image.linear_gradient("L").resize((300, 100))
    photo = Image.merge(
        "RGB", (ramp, ramp.transpose(Image.Transpose.ROTATE_90).resize((300, 100)), ramp.point(lambda v: 255 - v))
    )
    buffer = io.BytesIO()
    photo.save(buffer, "PNG")
    logo = BrandLogo(buffer.getvalue(), "image/png", 150, 50)
    image = png(renderer, ShareCard("en", "Site", "Title", "Summary.", ("Co-funded by the EU",), "Flag", logo))
    assert image.mode == "RGB"
    assert len(image.getcolors(WIDTH * HEIGHT)) > 256


def test_drawing_the_same_card_twice_gives_the_same_bytes(font_files):
    card = ShareCard("lt", "Svetainė", "Kūrybiški regionai", "Ąžuolas.", ("Europos Sąjunga",), "Vėliava")
    first = Renderer(font_files).render(card)
    warm = Renderer(font_files)
    warm.render(ShareCard("en", "Other", "Another card first", "So the caches are warm."))
    assert warm.render(card) == first


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


def test_the_renderer_version_names_the_layout_code_and_every_library_that_draws():
    assert re.fullmatch(
        r"layout [0-9a-f]{16}; pillow [\d.]+; freetype [\d.]+; resvg-py [\d.]+; resvg [\d.]+; fonttools [\d.]+;"
        r" isal [\d.]+",
        share_image.renderer_version(),
    )


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


def test_fonts_merged_again_are_the_same_bytes_so_the_images_keys_stay(tmp_path):
    sources = font_sources(FONTS)
    first = prepare_fonts(sources, tmp_path / "one")
    again = prepare_fonts(sources, tmp_path / "two")  # a cleaned cache, another day
    assert {weight: path.read_bytes() for weight, path in first.items()} == {
        weight: path.read_bytes() for weight, path in again.items()
    }
    assert fonts_digest(sources) == fonts_digest(font_sources(FONTS))


def test_a_card_without_a_site_name_or_summary_still_lays_out(metrics):
    assert [line.text for line in texts(ShareCard("en", "", "Title", ""), metrics)] == ["Title"]


def test_a_damaged_font_file_is_named(tmp_path):
    (tmp_path / "ubuntu-latin-400-normal.woff2").write_bytes(b"not a font")
    with pytest.raises(FontProblem, match="ubuntu-latin-400-normal.woff2: cannot be read as a font"):
        font_sources(tmp_path)


def test_the_png_written_for_a_card_is_read_back_pixel_for_pixel():
    # Palette indices, every one in use, and RGB: the two kinds of card the renderer writes.
    indices = bytes((x * 7 + y) % 200 for y in range(HEIGHT) for x in range(WIDTH))
    palette = [channel for index in range(200) for channel in (index, 255 - index, index // 2)]
    rows = b"".join(b"\0" + indices[y * WIDTH : (y + 1) * WIDTH] for y in range(HEIGHT))
    image = Image.open(io.BytesIO(png_bytes(rows, 1, palette)))
    image.verify()  # the chunks' checksums
    image = Image.open(io.BytesIO(png_bytes(rows, 1, palette)))
    assert (image.mode, image.size) == ("P", (WIDTH, HEIGHT))
    assert image.tobytes() == indices and image.getpalette()[: len(palette)] == palette

    rgb = bytes((x + 3 * y + channel) % 256 for y in range(HEIGHT) for x in range(WIDTH) for channel in range(3))
    rows = b"".join(b"\0" + rgb[y * 3 * WIDTH : (y + 1) * 3 * WIDTH] for y in range(HEIGHT))
    image = Image.open(io.BytesIO(png_bytes(rows, 3, None)))
    assert (image.mode, image.tobytes()) == ("RGB", rgb)


def test_lines_of_two_colours_sharing_rows_both_keep_their_ink(renderer):
    # The second line's rows overlap the first's: drawing it must not wipe the first one out.
    first = TextLine(MARGIN, 200, "Left", 56, 700, TEXT)
    second = TextLine(700, 210, "Right", 30, 400, MUTED)

    def halves(*lines: TextLine) -> tuple[bytes, bytes]:
        image = Image.open(io.BytesIO(renderer.draw(CardLayout(lines)))).convert("RGB")
        return image.crop((0, 0, WIDTH // 2, HEIGHT)).tobytes(), image.crop((WIDTH // 2, 0, WIDTH, HEIGHT)).tobytes()

    both = halves(first, second)
    assert both == (halves(first)[0], halves(second)[1])
    assert both[0] != halves()[0] and both[1] != halves()[1]  # each half does show its line
