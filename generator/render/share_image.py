"""Share images: the 1200×630 PNG a link to a project page shows on social media.

Each project page in each language gets one (Open Graph `og:image`, Twitter's large card):
the site's name, the project's title and summary in the page's language, set in the theme's
own Ubuntu, and for an EU-funded project the funding block as its period requires — the
emblem drawn by `generator.eu.emblem` (the same construction the pages use) with the
statement next to it in the page's language, or the programme's Interreg brand logo where
the programme declares one (`contains_emblem`). Regulation (EU) 2021/1060 Art. 50 asks for
the same acknowledgement on social media as on the website. A project without EU money gets
no emblem.

The card is laid out here — text wrapped by measuring each glyph's advance in the very fonts
that draw it, with an ellipsis where a title or summary is too long, never an overflow — and
drawn with Pillow: each glyph is rasterised once by FreeType from the theme's fonts (never the
machine's) and placed where the measured advances and the font's own kerning put it; kerning
is applied only where it narrows, so a line measured to fit does fit. The emblem and a brand
logo are SVG drawings rasterised by resvg (`resvg-py`) once per drawing and position, then
pasted. The card has few colours (three text colours in 64 shades of anti-aliasing, and the
drawing's own), so it is saved as a palette PNG: a third of the bytes to compress. The PNG's
chunks are written here and its pixels deflated by ISA-L (`isal`), ten times faster than the
zlib Pillow links to at the same size: compressing had been 40 % of a card's cost.

`ShareCard` (what an image shows) → `layout` (where each line and the drawing go) →
`Renderer.render` (PNG). The build keys each image by `image_key`, a digest of what the card
shows, the fonts and the renderer's code and versions, and lays it out and renders it again
only when that changes (`generator.build.share_images`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from generator.eu.emblem import BLUE, emblem_svg
from generator.eu.rules import EMBLEM_HEIGHT_PX
from generator.model.site import PageRef, Site, relative_url
from generator.render.views import brand_logo_of, funding_block_of, statement_texts

if TYPE_CHECKING:
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630  # Open Graph's and Twitter's recommended size (1.91 : 1)
MEDIA_TYPE = "image/png"
FILE_NAME = "share.png"

# Feeds show a card about 500 px wide, 5/12 of its size. The emblem must stay at least
# 38 CSS px high there (MIN_EMBLEM_HEIGHT_PX, 1 cm on screen): 38 × 12/5 = 91.2, so 96 px,
# twice the page's 48 px emblem. Everything in the block scales from it as on the page
# (theme/static/css/funding.css): text a third of the emblem's height, the gap a quarter.
EMBLEM_HEIGHT = 96.0
SCALE = EMBLEM_HEIGHT / EMBLEM_HEIGHT_PX  # the block is the page's block, twice as large
STATEMENT_SIZE = EMBLEM_HEIGHT / 3
STATEMENT_LINE = STATEMENT_SIZE * 1.2
BLOCK_GAP = EMBLEM_HEIGHT / 4

MARGIN = 64
SITE_NAME_SIZE = 26
TITLE_SIZE, TITLE_LINE, TITLE_MAX_LINES = 56, 64, 3
SUMMARY_SIZE, SUMMARY_LINE, SUMMARY_MAX_LINES = 30, 40, 5
GAP = 28  # between the site name, the title, the summary and the block

# Text colours: near black and dark grey on white (contrast 17:1 and 8.4:1). Reflex Blue is the
# EU statement's own colour and is not used elsewhere, so the emblem's colours on a card mean
# the emblem (the tests count them).
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
BACKGROUND = "#ffffff"
FAMILY = "Ubuntu"
ELLIPSIS = "…"


def renderer_version() -> str:
    """The code and libraries that turn a card into pixels: this module's layout and drawing, the
    emblem's construction, Pillow and its FreeType (the glyphs), resvg (the emblem and logos),
    fontTools (which merges the fonts) and ISA-L (which deflates the PNG). Any change to them
    changes every image's key."""
    import fontTools
    import isal
    import PIL
    import resvg_py
    from PIL import features

    from generator.eu import emblem

    code = hashlib.sha256()
    for module_file in (__file__, emblem.__file__):
        code.update(Path(module_file).read_bytes())
    return (
        f"layout {code.hexdigest()[:16]}; pillow {PIL.__version__}; freetype {features.version('freetype2')};"
        f" resvg-py {resvg_py.__version__}; resvg {resvg_py.__resvg_version__}; fonttools {fontTools.version};"
        f" isal {isal.__version__}"
    )


def share_image_path(lang: str, slug: str) -> str:
    """The image's file in the output folder, beside its project page."""
    return relative_url("project", slug, lang) + FILE_NAME


# -- what a card shows --------------------------------------------------------------------


@dataclass(frozen=True)
class BrandLogo:
    """A programme logo that carries the EU emblem, as the card embeds it."""

    data: bytes
    media_type: str
    width: float  # as the page shows it, in CSS px
    height: float


@dataclass(frozen=True)
class ShareCard:
    """Everything one share image shows, in the page's language."""

    lang: str
    site_name: str
    title: str
    summary: str
    statement: tuple[str, ...] = ()  # the funding statement's lines; () without EU funding
    emblem_title: str = ""
    brand_logo: BrandLogo | None = None

    @property
    def eu_funded(self) -> bool:
        return bool(self.statement)

    def alt_text(self) -> str:
        """The image's text alternative (og:image:alt): what it shows, in words."""
        parts = [self.title, self.summary]
        if self.statement:
            parts.append(", ".join(self.statement))
        return " — ".join(part for part in parts if part)


_MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def card_for(site: Site, ref: PageRef, gettext: Callable[[str], str], site_name: str) -> ShareCard:
    """The card of one project page: its text as the page shows it, its funding block as the
    page's block is chosen (`funding_block_of`, `brand_logo_of`), worded by `gettext`."""
    record = site.records[ref.slug].record
    block = funding_block_of(site, record)
    statement: tuple[str, ...] = ()
    emblem_title = ""
    brand = None
    if block is not None:
        statement = tuple(statement_texts(block, gettext, ref.lang))
        emblem_title = gettext(block.emblem_title)
        logo = brand_logo_of(site, record, ref.lang)
        if logo is not None:
            file = site.theme / "static" / logo.asset_path
            media_type = _MEDIA_TYPES.get(file.suffix.lower(), "application/octet-stream")
            brand = BrandLogo(file.read_bytes(), media_type, logo.width, logo.height)
    return ShareCard(ref.lang, site_name, ref.text.title, ref.text.summary, statement, emblem_title, brand)


# -- fonts and measuring --------------------------------------------------------------------


class FontMetrics:
    """Advance widths and kerning of the card's fonts (one TTF per weight), to wrap text before
    drawing it and to place each glyph where the measure put it."""

    def __init__(self, files: dict[int, Path]):
        self.files = files

    @cached_property
    def _tables(self) -> dict[int, tuple[dict[int, int], int, float]]:
        from fontTools.ttLib import TTFont

        tables = {}
        for weight, path in self.files.items():
            font = TTFont(path, lazy=True)
            hmtx = font["hmtx"].metrics
            advances = {code: hmtx[name][0] for code, name in font.getBestCmap().items()}
            tables[weight] = (advances, hmtx[".notdef"][0], float(font["head"].unitsPerEm))
        return tables

    @cached_property
    def _kerning(self) -> dict[int, _Kerning]:
        return {weight: _Kerning(path) for weight, path in self.files.items()}

    def width(self, text: str, size: float, weight: int = 400) -> float:
        advances, missing, units = self._tables[weight]
        return sum(advances.get(ord(ch), missing) for ch in text) * size / units

    def positions(self, text: str, size: float, weight: int = 400) -> list[float]:
        """Where each character of `text` starts, in px from the line's start: the measured
        advances, moved closer by the font's kerning (never apart, so the line still fits)."""
        advances, missing, units = self._tables[weight]
        kerning = self._kerning[weight]
        scale = size / units
        place, previous, found = 0.0, 0, []
        for ch in text:
            code = ord(ch)
            if previous:
                place += min(0, kerning.pair(previous, code)) * scale
            found.append(place)
            place += advances.get(code, missing) * scale
            previous = code
        return found


class _Kerning:
    """The pair kerning of a font's `kern` feature for Latin (GPOS pair adjustment, by glyph
    or by class), in font units, looked up pair by pair as the text asks for them."""

    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True)
        self._glyph_of = font.getBestCmap()
        self._subtables = _kern_subtables(font)
        self._pairs: dict[tuple[int, int], int] = {}

    def pair(self, left: int, right: int) -> int:
        key = (left, right)
        found = self._pairs.get(key)
        if found is None:
            first, second = self._glyph_of.get(left), self._glyph_of.get(right)
            found = 0 if first is None or second is None else self._adjustment(first, second)
            self._pairs[key] = found
        return found

    def _adjustment(self, first: str, second: str) -> int:
        total = 0
        for lookup in self._subtables:  # every lookup applies; in one, the first subtable that does
            for subtable in lookup:
                value = _pair_value(subtable, first, second)
                if value is not None:
                    total += value
                    break
        return total


def _kern_subtables(font) -> list[list]:
    """The pair-positioning subtables of the `kern` lookups of Latin's default language."""
    if "GPOS" not in font:
        return []
    gpos = font["GPOS"].table
    scripts = {record.ScriptTag: record.Script for record in gpos.ScriptList.ScriptRecord}
    script = scripts.get("latn") or scripts.get("DFLT")
    if script is None or script.DefaultLangSys is None:
        return []
    features = gpos.FeatureList.FeatureRecord
    lookups = sorted(
        {
            index
            for feature in script.DefaultLangSys.FeatureIndex
            if features[feature].FeatureTag == "kern"
            for index in features[feature].Feature.LookupListIndex
        }
    )
    found = []
    for index in lookups:
        lookup = gpos.LookupList.Lookup[index]
        if lookup.LookupType == 2:
            found.append(list(lookup.SubTable))
        elif lookup.LookupType == 9:  # an extension lookup wrapping pair adjustments
            found.append([st.ExtSubTable for st in lookup.SubTable if st.ExtensionLookupType == 2])
    return found


def _pair_value(subtable, first: str, second: str) -> int | None:
    """The first glyph's x-advance change before `second`, or None when the subtable does not
    cover the pair (the next one is asked)."""
    if first not in subtable.Coverage.glyphs:
        return None
    if subtable.Format == 1:
        pair_set = subtable.PairSet[subtable.Coverage.glyphs.index(first)]
        for record in pair_set.PairValueRecord:
            if record.SecondGlyph == second:
                return getattr(record.Value1, "XAdvance", 0) or 0
        return None
    class1 = subtable.ClassDef1.classDefs.get(first, 0)
    class2 = subtable.ClassDef2.classDefs.get(second, 0)
    value = subtable.Class1Record[class1].Class2Record[class2].Value1
    return getattr(value, "XAdvance", 0) or 0


def wrap(
    text: str,
    measure: Callable[[str], float],
    width: float,
    max_lines: int | None = None,
) -> list[str]:
    """`text` in lines no wider than `width`, breaking between words (inside a word only when
    the word alone is too wide). With `max_lines`, text that does not fit ends in an ellipsis
    on the last line, which still fits."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while measure(line) > width:  # a word wider than the line: break it where it must
            cut = _longest_prefix(line, measure, width)
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], measure, width)
    return lines


def _longest_prefix(word: str, measure: Callable[[str], float], width: float) -> int:
    cut = len(word) - 1
    while cut > 1 and measure(word[:cut]) > width:
        cut -= 1
    return max(cut, 1)


def _with_ellipsis(line: str, measure: Callable[[str], float], width: float) -> str:
    """The line shortened at a word boundary (or, for one long word, a letter) until the
    ellipsis fits after it."""
    words = line.split(" ")

    def shortened() -> str:
        return " ".join(words).rstrip(",;:–—- ")  # "beta…", never "beta,…"

    while len(words) > 1 and measure(shortened() + ELLIPSIS) > width:
        words.pop()
    text = shortened()
    while len(text) > 1 and measure(text + ELLIPSIS) > width:
        text = text[:-1]
    return text + ELLIPSIS


# -- the layout ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """One line of text on the card: its start and baseline in px, and how it is set."""

    x: float
    baseline: float
    text: str
    size: float
    weight: int
    colour: str


@dataclass(frozen=True)
class Drawing:
    """The funding block's picture — the emblem or a brand logo — as an SVG element drawn at
    (0, 0) in a box of `width` × `height` px, placed with its top left corner at (x, y)."""

    x: float
    y: float
    width: float
    height: float
    element: str


@dataclass(frozen=True)
class CardLayout:
    lines: tuple[TextLine, ...]
    drawing: Drawing | None = None


def _baseline(top: float, size: float, line_height: float) -> float:
    # Ubuntu's ascender and descender are 0.932 and 0.189 em: centre that box in the line.
    return round(top + (line_height - 1.121 * size) / 2 + 0.932 * size, 2)


def _block(card: ShareCard, metrics: FontMetrics) -> tuple[float, Callable[[float], CardLayout]]:
    """The funding block's height and a function placing it with its top at a given y."""
    if card.brand_logo is not None:
        logo = card.brand_logo
        width, height = logo.width * SCALE, logo.height * SCALE
        limit = WIDTH - 2 * MARGIN
        if width > limit:  # never squeezed: shrink both sides alike
            width, height = limit, height * limit / width
        href = f"data:{logo.media_type};base64,{base64.b64encode(logo.data).decode('ascii')}"
        element = f'<image width="{width:g}" height="{height:g}" href="{href}" preserveAspectRatio="xMinYMid meet"/>'
        return height, lambda top: CardLayout((), Drawing(MARGIN, top, width, height, element))
    emblem_width = EMBLEM_HEIGHT * 1.5
    text_x = MARGIN + emblem_width + BLOCK_GAP
    text_width = WIDTH - MARGIN - text_x
    lines: list[tuple[str, int]] = []
    for number, statement_line in enumerate(card.statement):
        weight = 700 if number == 0 else 400  # "European Union" stands out, as on the page
        measure = lambda text, weight=weight: metrics.width(text, STATEMENT_SIZE, weight)  # noqa: E731
        # The statement is required wording: it wraps, it is never cut short.
        lines += [(part, weight) for part in wrap(statement_line, measure, text_width)]
    text_height = len(lines) * STATEMENT_LINE
    height = max(EMBLEM_HEIGHT, text_height)
    # The emblem's title names it for SVG readers; a PNG has no such place, and it draws nothing.
    drawing = emblem_svg(EMBLEM_HEIGHT, title="", title_id="eu-emblem")

    def emblem_block(top: float) -> CardLayout:
        text_top = top + (height - text_height) / 2
        placed = [
            TextLine(
                text_x,
                _baseline(text_top + i * STATEMENT_LINE, STATEMENT_SIZE, STATEMENT_LINE),
                text,
                STATEMENT_SIZE,
                weight,
                BLUE,
            )
            for i, (text, weight) in enumerate(lines)
        ]
        emblem = Drawing(MARGIN, top + (height - EMBLEM_HEIGHT) / 2, emblem_width, EMBLEM_HEIGHT, drawing)
        return CardLayout(tuple(placed), emblem)

    return height, emblem_block


def layout(card: ShareCard, metrics: FontMetrics) -> CardLayout:
    """Where everything on the card goes, in px of the WIDTH × HEIGHT image."""
    inner = WIDTH - 2 * MARGIN
    lines: list[TextLine] = []
    top = float(MARGIN)
    for line in wrap(card.site_name, lambda t: metrics.width(t, SITE_NAME_SIZE), inner, 1):
        baseline = _baseline(top, SITE_NAME_SIZE, SITE_NAME_SIZE * 1.2)
        lines.append(TextLine(MARGIN, baseline, line, SITE_NAME_SIZE, 400, MUTED))
    top += SITE_NAME_SIZE * 1.2 + GAP  # the title stays in its place with or without a site name
    title = wrap(card.title, lambda t: metrics.width(t, TITLE_SIZE, 700), inner, TITLE_MAX_LINES)
    for line in title:
        lines.append(TextLine(MARGIN, _baseline(top, TITLE_SIZE, TITLE_LINE), line, TITLE_SIZE, 700, TEXT))
        top += TITLE_LINE
    top += GAP
    bottom = float(HEIGHT - MARGIN)
    block = CardLayout(())
    if card.eu_funded:
        block_height, place_block = _block(card, metrics)
        block_top = bottom - block_height
        block = place_block(block_top)
        bottom = block_top - GAP
    room = max(0, int((bottom - top) // SUMMARY_LINE))
    if card.summary and room:
        measure = lambda t: metrics.width(t, SUMMARY_SIZE)  # noqa: E731
        for line in wrap(card.summary, measure, inner, min(room, SUMMARY_MAX_LINES)):
            baseline = _baseline(top, SUMMARY_SIZE, SUMMARY_LINE)
            lines.append(TextLine(MARGIN, baseline, line, SUMMARY_SIZE, 400, MUTED))
            top += SUMMARY_LINE
    return CardLayout(tuple(lines) + block.lines, block.drawing)


# -- pixels -------------------------------------------------------------------------------------

# The palette: white, then each text colour in SHADES steps of anti-aliasing over white (FreeType's
# 256 coverage levels, rounded to 64: four times resvg's 16), then the drawing's own colours.
SHADES = 64
TEXT_COLOURS = (TEXT, MUTED, BLUE)
DRAWING_BASE = 1 + SHADES * len(TEXT_COLOURS)
DRAWING_COLOURS = 256 - DRAWING_BASE
SUBPIXELS = 4  # glyphs are placed to a quarter pixel, as browsers and Skia do
# ISA-L's deflate level, measured on a card's 1200×630 palette indices: level 1 writes 38 KiB in
# 0.3 ms, where zlib took 2.8 ms at its level 3 for 37 KiB and 6.3 ms at level 6 for 30 KiB
# (level 3 of ISA-L is 2.3 ms for no smaller a file).
PNG_DEFLATE_LEVEL = 1
_TILE_CACHE = 64  # distinct drawings and positions kept rasterised (the emblem takes a few)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _text_palette() -> list[int]:
    white = _rgb(BACKGROUND)
    palette = list(white)
    for colour in TEXT_COLOURS:
        ink = _rgb(colour)
        for shade in range(1, SHADES + 1):
            palette += [round(w + (i - w) * shade / SHADES) for w, i in zip(white, ink, strict=True)]
    return palette


def _shade_table(colour: str) -> list[int]:
    """Coverage (0–255) → palette index of `colour` at that coverage (0: the background)."""
    base = 1 + SHADES * TEXT_COLOURS.index(colour)
    table = []
    for coverage in range(256):
        shade = (coverage * SHADES + 127) // 255
        table.append(base + shade - 1 if shade else 0)
    return table


def _runs(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """The card's lines from top to bottom, in runs of one colour."""
    runs: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda line: line.baseline):
        if runs and runs[-1][0].colour == line.colour:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


@dataclass(frozen=True)
class _Tile:
    """A drawing rasterised at its place's fraction of a pixel, over the background."""

    left: int
    top: int
    rgb: PILImage.Image
    indices: PILImage.Image | None  # the palette image's indices, or None with too many colours
    palette: list[int]


class Renderer:
    """Turns cards into PNG bytes with one set of fonts, keeping what repeats from card to card
    (glyphs, the emblem's pixels) for the next one."""

    def __init__(self, font_files: dict[int, Path]):
        self.metrics = FontMetrics(font_files)
        self.font_files = font_files
        self._fonts: dict[tuple[int, float], ImageFont.FreeTypeFont] = {}
        self._glyphs: dict[tuple[int, float, str, int, int], tuple[PILImage.Image, int, int] | None] = {}
        self._tiles: dict[tuple[str, float, float, float, float], _Tile] = {}
        self._palette = _text_palette()
        self._shades = {colour: _shade_table(colour) for colour in TEXT_COLOURS}

    def render(self, card: ShareCard) -> bytes:
        return self.draw(layout(card, self.metrics))

    def draw(self, placed: CardLayout) -> bytes:
        """The laid-out card as a PNG: a palette image, or RGB when a logo has too many colours."""
        from PIL import Image

        # One column wider than the card: column 0 stays 0, each row's PNG filter type (none),
        # so the image's bytes are the PNG's rows exactly, compressed without another copy.
        indices = Image.new("L", (1 + WIDTH, HEIGHT), 0)
        inked = 0  # the rows above this one may hold ink already
        for lines in _runs(placed.lines):
            inked = self._draw_text(indices, lines, inked)
        palette = self._palette
        tile = self._tile(placed.drawing) if placed.drawing is not None else None
        if tile is not None and tile.indices is not None:
            indices.paste(tile.indices, (1 + tile.left, tile.top))
            palette = palette + tile.palette
        if tile is not None and tile.indices is None:
            indices.putpalette(palette)  # "L" → "P": the indices now name colours
            image = indices.crop((1, 0, 1 + WIDTH, HEIGHT)).convert("RGB")
            image.paste(tile.rgb, (tile.left, tile.top))
            return png_bytes(_filtered_rows(image.tobytes(), 3 * WIDTH), 3, None)
        return png_bytes(indices.tobytes(), 1, palette)

    def _draw_text(self, indices: PILImage.Image, lines: list[TextLine], inked: int) -> int:
        """Draw `lines` (of one colour, next to each other) into the palette indices (from
        their column 1), anti-aliased; returns the row below the lowest they may ink. Rows no
        earlier run inked are pasted as drawn: only rows runs share need the inks merged."""
        from PIL import Image, ImageChops, ImageDraw

        # Only the rows these lines take (with room for accents and descenders), not the card.
        top = max(0, math.floor(min(line.baseline - 1.2 * line.size for line in lines)))
        bottom = min(HEIGHT, math.ceil(max(line.baseline + 0.5 * line.size for line in lines)))
        coverage = Image.new("L", (WIDTH, bottom - top), 0)
        pen = ImageDraw.Draw(coverage)
        for line in lines:
            self._draw_line(pen, line, top)
        shaded = coverage.point(self._shades[lines[0].colour])
        shared = min(max(inked, top), bottom)  # rows top…shared hold ink of an earlier run
        if shared > top:
            box = (1, top, 1 + WIDTH, shared)
            merged = ImageChops.lighter(indices.crop(box), shaded.crop((0, 0, WIDTH, shared - top)))
            indices.paste(merged, box)
        if bottom > shared:
            indices.paste(shaded.crop((0, shared - top, WIDTH, bottom - top)), (1, shared))
        return max(inked, bottom)

    def _draw_line(self, pen: ImageDraw.ImageDraw, line: TextLine, top: int) -> None:
        baseline = line.baseline - top
        row = math.floor(baseline)
        y_phase = int((baseline - row) * SUBPIXELS)
        starts = self.metrics.positions(line.text, line.size, line.weight)
        for ch, start in zip(line.text, starts, strict=True):
            x = line.x + start
            column = math.floor(x)
            glyph = self._glyph(line.weight, line.size, ch, int((x - column) * SUBPIXELS), y_phase)
            if glyph is not None:
                mask, left, rise = glyph
                pen.bitmap((column + left, row + rise), mask, fill=255)  # ink over ink, as a pen would

    def _glyph(self, weight: int, size: float, ch: str, x_phase: int, y_phase: int):
        """`ch`'s coverage mask drawn at the given quarter-pixel phase, and where its top left
        lies from the pen's position on the baseline (None for a blank)."""
        key = (weight, size, ch, x_phase, y_phase)
        if key in self._glyphs:
            return self._glyphs[key]
        from PIL import Image, ImageDraw

        font = self._font(weight, size)
        pad = math.ceil(size)  # room on every side for overhangs, accents and descenders
        canvas = Image.new("L", (4 * pad, 4 * pad), 0)
        origin = (pad + x_phase / SUBPIXELS, 3 * pad + y_phase / SUBPIXELS)
        ImageDraw.Draw(canvas).text(origin, ch, font=font, fill=255, anchor="ls")
        box = canvas.getbbox()
        glyph = None if box is None else (canvas.crop(box), box[0] - pad, box[1] - 3 * pad)
        self._glyphs[key] = glyph
        return glyph

    def _font(self, weight: int, size: float) -> ImageFont.FreeTypeFont:
        font = self._fonts.get((weight, size))
        if font is None:
            from PIL import ImageFont

            # Basic layout: one character at a time, the same on every machine (no raqm needed).
            font = ImageFont.truetype(str(self.font_files[weight]), size, layout_engine=ImageFont.Layout.BASIC)
            self._fonts[weight, size] = font
        return font

    def _tile(self, drawing: Drawing) -> _Tile:
        left, top = math.floor(drawing.x), math.floor(drawing.y)
        dx, dy = round(drawing.x - left, 3), round(drawing.y - top, 3)
        key = (drawing.element, drawing.width, drawing.height, dx, dy)
        tile = self._tiles.get(key)
        if tile is None:
            if len(self._tiles) >= _TILE_CACHE:
                self._tiles.clear()
            tile = self._tiles[key] = _rasterise_tile(drawing, left, top, dx, dy, sorted(self.font_files.values()))
        return tile


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPES = {1: 3, 3: 2}  # bytes a pixel → PNG colour type: palette indices, RGB


def png_bytes(rows: bytes, channels: int, palette: list[int] | None) -> bytes:
    """A WIDTH × HEIGHT PNG of 8-bit pixels (palette indices with `palette`'s RGB triples, or
    RGB): `rows` are the pixel rows, each after its filter type byte, deflated by ISA-L."""
    from isal import isal_zlib

    assert len(rows) == HEIGHT * (1 + WIDTH * channels), "a card's rows, each after its filter type"
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, _COLOUR_TYPES[channels], 0, 0, 0)
    chunks = [(b"IHDR", header)]
    if palette is not None:
        chunks.append((b"PLTE", bytes(palette)))
    chunks += [(b"IDAT", isal_zlib.compress(rows, PNG_DEFLATE_LEVEL)), (b"IEND", b"")]
    out = [_PNG_SIGNATURE]
    for kind, data in chunks:
        out += [struct.pack(">I", len(data)), kind, data, struct.pack(">I", zlib.crc32(kind + data))]
    return b"".join(out)


def _filtered_rows(pixels: bytes, stride: int) -> bytes:
    """Pixel rows of `stride` bytes, each after filter type 0 (none: a filter gains nothing on
    flat colour)."""
    return b"\0" + b"\0".join(pixels[start : start + stride] for start in range(0, len(pixels), stride))


def _rasterise_tile(drawing: Drawing, left: int, top: int, dx: float, dy: float, font_files: list[Path]) -> _Tile:
    """The drawing by resvg, shifted by the fraction of a pixel its place has, over white, and
    as palette indices after the text's when its colours fit in the room left. Text in a logo's
    SVG is set in the card's fonts, never the machine's."""
    import resvg_py
    from PIL import Image

    width, height = math.ceil(dx + drawing.width), math.ceil(dy + drawing.height)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<g transform="translate({dx:g} {dy:g})">{drawing.element}</g></svg>'
    )
    png = bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            font_files=[str(path) for path in font_files],
            skip_system_fonts=True,
            font_family=FAMILY,
            sans_serif_family=FAMILY,
        )
    )
    with Image.open(io.BytesIO(png)) as drawn:
        rgba = drawn.convert("RGBA")
    rgb = Image.alpha_composite(Image.new("RGBA", rgba.size, BACKGROUND), rgba).convert("RGB")
    colours = rgb.getcolors(DRAWING_COLOURS)
    if colours is None:
        return _Tile(left, top, rgb, None, [])
    ordered = sorted(cast(tuple[int, int, int], colour) for _, colour in colours)  # RGB: triples
    index_of = {colour: DRAWING_BASE + i for i, colour in enumerate(ordered)}
    data = rgb.tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    indices = Image.frombytes("L", rgb.size, bytes(index_of[pixel] for pixel in pixels))
    return _Tile(left, top, rgb, indices, [channel for colour in ordered for channel in colour])


def image_key(card: ShareCard, fonts_digest: str, version: str) -> str:
    """What decides an image's pixels: what its card shows, the fonts and the renderer. Known
    before any layout, so an unchanged card costs no measuring and no drawing."""
    digest = hashlib.sha256()
    logo = card.brand_logo
    fields = (
        version,
        fonts_digest,
        card.lang,
        card.site_name,
        card.title,
        card.summary,
        *card.statement,
        "\x1e",
        card.emblem_title,
        "" if logo is None else f"{logo.media_type} {logo.width:g}x{logo.height:g}",
    )
    for part in fields:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    if logo is not None:
        digest.update(logo.data)
    return digest.hexdigest()


# -- the theme's fonts, as FreeType and fontTools read them-----------------------------------------------


class FontProblem(ValueError):
    """The theme has no Ubuntu the share images can be set in: what is wrong, and what to do."""

    def __init__(self, path: Path, message: str, hint: str):
        super().__init__(f"{path}: {message} — {hint}")
        self.path, self.message, self.hint = path, message, hint


FONT_PATTERNS = ("*.woff2", "*.ttf")  # the font files a theme may ship, in the order they are read


def font_sources(fonts_dir: Path) -> dict[int, list[Path]]:
    """The theme's Ubuntu files by weight (regular 400, bold 700); the site ships each weight
    as subsets (latin, latin-ext), all of which the card needs for every language."""
    from fontTools.ttLib import TTFont, TTLibError

    found: dict[int, list[Path]] = {}
    for path in [path for pattern in FONT_PATTERNS for path in sorted(fonts_dir.glob(pattern))]:
        try:
            font = TTFont(path, lazy=True)
            family, style, weight = (
                font["name"].getBestFamilyName(),
                font["OS/2"].fsSelection,
                font["OS/2"].usWeightClass,
            )
        except (TTLibError, OSError, KeyError, AssertionError) as err:
            raise FontProblem(
                path, f"cannot be read as a font ({err})", "replace it with the font file as published"
            ) from None
        if family == FAMILY and not style & 1:  # bit 0: italic
            found.setdefault(weight, []).append(path)
    missing = [weight for weight in (400, 700) if weight not in found]
    if missing:
        raise FontProblem(
            fonts_dir,
            f"no {FAMILY} font of weight {', '.join(map(str, missing))} for the share images",
            f"add the {FAMILY} .woff2 or .ttf files (regular and bold) to the theme's static/fonts",
        )
    return {weight: found[weight] for weight in (400, 700)}


def fonts_digest(sources: dict[int, list[Path]]) -> str:
    """The digest of the theme's own font files: with the renderer's version (which names
    fontTools, the merger), it decides the merged TTFs' glyphs, so it keys the images — the
    merged files themselves can be made again at any time without redrawing one."""
    digest = hashlib.sha256()
    for weight, paths in sorted(sources.items()):
        for path in paths:
            digest.update(f"{weight}:{path.name}:".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare_fonts(sources: dict[int, list[Path]], folder: Path) -> dict[int, Path]:
    """One TTF per weight in `folder`, its subsets merged (woff2 decompressed), made once:
    the folder is named by the sources' digest, so it is reused until a font file changes."""
    target = folder / fonts_digest(sources)[:16]
    files = {weight: target / f"{FAMILY.lower()}-{weight}.ttf" for weight in sources}
    if all(path.is_file() for path in files.values()):
        return files
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    target.mkdir(parents=True, exist_ok=True)
    for weight, paths in sources.items():
        parts, stamps = [], []
        for path in paths:
            font = TTFont(path, recalcTimestamp=False)
            font.flavor = None  # woff2 → plain sfnt, which FreeType and the merger read
            stamps.append(font["head"].modified)
            buffer = io.BytesIO()
            font.save(buffer)
            buffer.seek(0)
            parts.append(buffer)
        merged = Merger().merge(parts) if len(parts) > 1 else TTFont(parts[0])
        # The sources' newest date, never now (the merger's choice, and `save`'s): the same
        # sources make the same bytes, on any day.
        merged["head"].created = merged["head"].modified = max(stamps)
        merged.recalcTimestamp = False
        partial = files[weight].with_suffix(".partial")
        merged.save(partial)
        partial.replace(files[weight])
    return files


# -- what the page's head says about its image ------------------------------------------------


def share_card_meta(site: Site, ref: PageRef, statement: Sequence[str] | None) -> dict[str, object]:
    """The og:image tags of a project page: the image's absolute address (like og:url, from
    the site's base URL), its size and type, and its text alternative in the page's language."""
    card = ShareCard(ref.lang, "", ref.text.title, ref.text.summary, tuple(statement or ()))
    return {
        "url": site.config.base_url + share_image_path(ref.lang, ref.slug),
        "width": WIDTH,
        "height": HEIGHT,
        "type": MEDIA_TYPE,
        "alt": card.alt_text(),
    }
