"""Share images: the 1200×630 PNG a link to a project page shows on social media.

Each project page in each language gets one (Open Graph `og:image`, Twitter's large card):
the site's name, the project's title and summary in the page's language, set in the theme's
own Ubuntu, and for an EU-funded project the funding block as its period requires — the
emblem drawn by `generator.eu.emblem` (the same construction the pages use) with the
statement next to it in the page's language, or the programme's Interreg brand logo where
the programme declares one (`contains_emblem`). Regulation (EU) 2021/1060 Art. 50 asks for
the same acknowledgement on social media as on the website. A project without EU money gets
no emblem.

The card is laid out here as SVG — text wrapped by measuring each glyph's advance in the
very fonts that draw it, with an ellipsis where a title or summary is too long, never an
overflow — and rasterised by resvg (`resvg-py`), which reads only the fonts given to it, so
the picture does not depend on the machine's fonts. resvg shapes text with kerning, which
only ever narrows a line, so a line measured to fit does fit.

`ShareCard` (what an image shows) → `layout_svg` (the SVG document) → `rasterise` (PNG).
The build keys each image by `image_key`, a digest of what the card shows, the fonts and the
renderer's code and version, and lays it out and renders it again only when that changes
(`generator.build.share_images`).
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path

from generator.eu.emblem import BLUE, emblem_svg
from generator.eu.rules import EMBLEM_HEIGHT_PX
from generator.model.site import PageRef, Site, relative_url
from generator.render.views import brand_logo_of, funding_block_of, statement_texts

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
    """The code that turns a card into pixels: this module's layout, the emblem's drawing and
    resvg. Any change to them changes every image's key."""
    import resvg_py

    from generator.eu import emblem

    code = hashlib.sha256()
    for module_file in (__file__, emblem.__file__):
        code.update(Path(module_file).read_bytes())
    return f"layout {code.hexdigest()[:16]}; resvg-py {resvg_py.__version__}; resvg {resvg_py.__resvg_version__}"


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
    """Advance widths of the card's fonts (one TTF per weight), to wrap text before drawing it."""

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

    def width(self, text: str, size: float, weight: int = 400) -> float:
        advances, missing, units = self._tables[weight]
        return sum(advances.get(ord(ch), missing) for ch in text) * size / units


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


# -- the SVG document -------------------------------------------------------------------------


def _text(x: float, baseline: float, content: str, size: float, weight: int, colour: str) -> str:
    return (
        f'<text x="{x:g}" y="{baseline:g}" font-family="{FAMILY}" font-size="{size:g}"'
        f' font-weight="{weight}" fill="{colour}">{escape(content)}</text>'
    )


def _baseline(top: float, size: float, line_height: float) -> float:
    # Ubuntu's ascender and descender are 0.932 and 0.189 em: centre that box in the line.
    return round(top + (line_height - 1.121 * size) / 2 + 0.932 * size, 2)


def _block(card: ShareCard, metrics: FontMetrics) -> tuple[float, Callable[[float], list[str]]]:
    """The funding block's height and a function drawing it with its top at a given y."""
    if card.brand_logo is not None:
        logo = card.brand_logo
        width, height = logo.width * SCALE, logo.height * SCALE
        limit = WIDTH - 2 * MARGIN
        if width > limit:  # never squeezed: shrink both sides alike
            width, height = limit, height * limit / width
        href = f"data:{logo.media_type};base64,{base64.b64encode(logo.data).decode('ascii')}"

        def brand(top: float) -> list[str]:
            return [
                f'<image x="{MARGIN}" y="{top:g}" width="{width:g}" height="{height:g}" href="{href}"'
                f' preserveAspectRatio="xMinYMid meet"/>'
            ]

        return height, brand
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
    drawing = emblem_svg(EMBLEM_HEIGHT, title=card.emblem_title, title_id="eu-emblem")

    def emblem_block(top: float) -> list[str]:
        emblem_top = top + (height - EMBLEM_HEIGHT) / 2
        text_top = top + (height - text_height) / 2
        placed = drawing.replace("<svg ", f'<svg x="{MARGIN}" y="{emblem_top:g}" ', 1)
        return [placed] + [
            _text(
                text_x,
                _baseline(text_top + i * STATEMENT_LINE, STATEMENT_SIZE, STATEMENT_LINE),
                text,
                STATEMENT_SIZE,
                weight,
                BLUE,
            )
            for i, (text, weight) in enumerate(lines)
        ]

    return height, emblem_block


def layout_svg(card: ShareCard, metrics: FontMetrics) -> str:
    """The card as an SVG document of WIDTH × HEIGHT px."""
    inner = WIDTH - 2 * MARGIN
    parts = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>']
    top = float(MARGIN)
    for line in wrap(card.site_name, lambda t: metrics.width(t, SITE_NAME_SIZE), inner, 1):
        parts.append(
            _text(MARGIN, _baseline(top, SITE_NAME_SIZE, SITE_NAME_SIZE * 1.2), line, SITE_NAME_SIZE, 400, MUTED)
        )
    top += SITE_NAME_SIZE * 1.2 + GAP  # the title stays in its place with or without a site name
    title = wrap(card.title, lambda t: metrics.width(t, TITLE_SIZE, 700), inner, TITLE_MAX_LINES)
    for line in title:
        parts.append(_text(MARGIN, _baseline(top, TITLE_SIZE, TITLE_LINE), line, TITLE_SIZE, 700, TEXT))
        top += TITLE_LINE
    top += GAP
    bottom = float(HEIGHT - MARGIN)
    if card.eu_funded:
        block_height, draw_block = _block(card, metrics)
        block_top = bottom - block_height
        parts += draw_block(block_top)
        bottom = block_top - GAP
    room = max(0, int((bottom - top) // SUMMARY_LINE))
    if card.summary and room:
        measure = lambda t: metrics.width(t, SUMMARY_SIZE)  # noqa: E731
        for line in wrap(card.summary, measure, inner, min(room, SUMMARY_MAX_LINES)):
            parts.append(_text(MARGIN, _baseline(top, SUMMARY_SIZE, SUMMARY_LINE), line, SUMMARY_SIZE, 400, MUTED))
            top += SUMMARY_LINE
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" xml:lang="{escape(card.lang)}">' + "".join(parts) + "</svg>"
    )


# -- pixels -------------------------------------------------------------------------------------


def rasterise(svg: str, font_files: Sequence[Path]) -> bytes:
    """The SVG as PNG, drawn with `font_files` only (never the machine's own fonts)."""
    import resvg_py

    data = resvg_py.svg_to_bytes(
        svg_string=svg,
        font_files=[str(path) for path in font_files],
        skip_system_fonts=True,
        font_family=FAMILY,
        sans_serif_family=FAMILY,
    )
    return bytes(data)


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


# -- the theme's fonts, as resvg reads them ---------------------------------------------------


class FontProblem(ValueError):
    """The theme has no Ubuntu the share images can be set in: what is wrong, and what to do."""

    def __init__(self, path: Path, message: str, hint: str):
        super().__init__(f"{path}: {message} — {hint}")
        self.path, self.message, self.hint = path, message, hint


def font_sources(fonts_dir: Path) -> dict[int, list[Path]]:
    """The theme's Ubuntu files by weight (regular 400, bold 700); the site ships each weight
    as subsets (latin, latin-ext), all of which the card needs for every language."""
    from fontTools.ttLib import TTFont, TTLibError

    found: dict[int, list[Path]] = {}
    for path in sorted(fonts_dir.glob("*.woff2")) + sorted(fonts_dir.glob("*.ttf")):
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
        parts = []
        for path in paths:
            font = TTFont(path)
            font.flavor = None  # woff2 → plain sfnt, which resvg and the merger read
            buffer = io.BytesIO()
            font.save(buffer)
            buffer.seek(0)
            parts.append(buffer)
        merged = Merger().merge(parts) if len(parts) > 1 else TTFont(parts[0])
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
