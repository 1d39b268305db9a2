"""Raw HTML inside Markdown: let an allow-list through (nh3), or refuse it with `file:line`.

Markdown lets an editor type HTML. A page is public and published without review, so
whatever the editor typed (or pasted from a web page) must not be able to run script,
load other sites' content or break the page's layout. `site_config.yml` chooses:

    markdown:
      raw_html: sanitize   # default: keep harmless tags (<abbr>, <sup>, tables …), drop the rest
      raw_html: refuse     # any HTML tag in a page is a build error naming the file and line

Both modes sanitize the converted HTML: a Markdown link to `javascript:…` is not raw
HTML but is removed all the same. Links to other sites get `rel="noopener"`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

import nh3

from generator.errors import ContentError, Problems

# What Markdown produces, plus the few inline tags an editor may want that Markdown lacks.
TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)

ATTRIBUTES = {
    "*": {"id", "lang", "title", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
}

# Markdown's tables write `style="text-align: right;"`, which the Content-Security-Policy
# (no inline styles) would block: alignment becomes one of these classes instead.
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {"td": ALIGN_CLASSES, "th": ALIGN_CLASSES}

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})
# data: is for images only (the CSP allows `img-src data:`), and only raster formats.
_DATA_IMAGE = re.compile(r"^data:image/(?:png|gif|jpeg|webp|avif);base64,[A-Za-z0-9+/=\s]*$", re.IGNORECASE)

# Tags whose content goes with them (the text of a script is not something to show).
CLEAN_CONTENT_TAGS = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "textarea", "select", "svg", "math"}
)

_ALIGN_STYLE = re.compile(r'<(td|th)( [^>]*?)?\sstyle="text-align:\s*(left|center|right);?"')

# An <a …> start tag as nh3 writes it: attribute values are always double-quoted.
_A_TAG = re.compile(r'<a((?:\s+[^\s=>"]+(?:="[^"]*")?)*)\s*>')
_IMG_TAG = re.compile(r'<img((?:\s+[^\s=>"]+(?:="[^"]*")?)*)\s*/?>')
_HREF = re.compile(r'\shref="([^"]*)"')
_REL = re.compile(r'\srel="[^"]*"')
_EXTERNAL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes; mark external links."""
    html = _ALIGN_STYLE.sub(lambda m: f'<{m.group(1)}{m.group(2) or ""} class="align-{m.group(3)}"', html)
    clean = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_only_image_data,
        strip_comments=True,
        link_rel=None,
    )
    return add_noopener(_IMG_TAG.sub(_drop_without_src, clean))


def _only_image_data(tag: str, attribute: str, value: str) -> str | None:
    if value.strip()[:5].lower() == "data:":
        return value if tag == "img" and attribute == "src" and _DATA_IMAGE.match(value.strip()) else None
    return value


def _drop_without_src(match: re.Match) -> str:
    """An <img> whose address was removed is invalid HTML and shows nothing: leave it out."""
    return match.group(0) if ' src="' in match.group(1) else ""


def add_noopener(html: str) -> str:
    """`rel="noopener"` on every link to another site (an `<a>` whose href has a host)."""

    def mark(match: re.Match) -> str:
        attrs = match.group(1)
        href = _HREF.search(attrs)
        if not href or not _EXTERNAL.match(href.group(1).strip()) or _REL.search(attrs):
            return match.group(0)
        return f'<a{attrs} rel="noopener">'

    return _A_TAG.sub(mark, html)


# -- refuse mode ------------------------------------------------------------------------

# A stashed piece of raw HTML that is a tag, a declaration or a processing instruction.
# Character references (&amp;) and comments (<!-- … -->, removed from the output) are not refused.
_RAW_TAG = re.compile(r"^\s*<(?:/?[A-Za-z]|![A-Za-z]|\?)")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)+?\1")
_INDENTED_CODE = re.compile(r"(?:^|\n\s*\n)((?:(?: {4}|\t).*(?:\n|$))+)")


def raw_html_in(stash: Sequence[str | Element]) -> list[str]:
    """The pieces of raw HTML Python-Markdown set aside while converting (`md.htmlStash`).

    The stash may also hold etree elements (only the md_in_html extension, not used here, puts them there)."""
    return [str(piece) for piece in stash if _RAW_TAG.match(str(piece))]


def refuse_raw_html(
    stash: Sequence[str | Element], body: str, source: Path | None, first_line: int, root: Path | None = None
) -> None:
    """Raise a ContentError naming the line of the first HTML tag in the page's Markdown."""
    pieces = raw_html_in(stash)
    if not pieces:
        return
    problems = Problems(root=root)
    offset, snippet = _locate(pieces, body)
    shown = snippet if len(snippet) <= 60 else snippet[:57] + "…"
    problems.add(
        source or "<markdown>",
        first_line + offset,
        "raw HTML is not allowed here",
        f"found {shown!r}: write it in Markdown (**bold**, [text](address), lists, tables), "
        "or set 'markdown: {raw_html: sanitize}' in site_config.yml to let safe HTML through",
    )
    raise ContentError(problems.items)


def _locate(pieces: list[str], body: str) -> tuple[int, str]:
    """(line offset within the body, the HTML as written) of the earliest refused piece."""
    masked = _mask_code(body)
    best: tuple[int, str] | None = None
    for piece in pieces:
        first = piece.strip().splitlines()[0] if piece.strip() else piece
        at = masked.find(first)
        if at == -1:
            tag = re.match(r"\s*<\s*/?\s*([A-Za-z][\w-]*)", piece)
            found = re.search(r"<\s*/?\s*" + re.escape(tag.group(1)) + r"\b", masked) if tag else None
            at = found.start() if found else -1
        if at != -1 and (best is None or at < best[0]):
            best = (at, first)
    if best is None:
        first = pieces[0].strip().splitlines()[0] if pieces[0].strip() else pieces[0]
        return 0, first
    return body.count("\n", 0, best[0]), best[1]


def _mask_code(text: str) -> str:
    """Blank out code spans and indented code blocks (HTML shown as code is not raw HTML)."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _INDENTED_CODE.sub(blank, text))
