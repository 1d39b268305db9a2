"""EU visibility audit of built HTML: does every page show (or not show) the funding block,
and is what it shows the real thing?

Works on the generated HTML, not on templates, so it catches whatever the templates,
translations and content actually produced — and it works on any static site (eupages',
Hugo's, MkDocs', a CMS export) that follows the markup contract of docs/eu-audit.md.
Standard library only (``html.parser``): it must run in CI without a browser. What needs
rendering (first viewport, the font Chromium really used, overlap) is `eupages audit
--browser` (generator/commands/audit.py); this module checks what the markup can prove:

- the emblem is the canonical construction (Annex I of Reg. (EC) 1828/2006 and its
  successors): a 3:2 Reflex Blue rectangle and twelve upright five-point Yellow stars on a
  circle of a third of the hoist, each star's points on a circle of an eighteenth of it,
  to 10⁻³ of the hoist, and nothing else — inline SVG, or an SVG file in the audited folder;
- it is at least 38 CSS px (1 cm) high and not squashed;
- the statement is real text inside the same ``.eu-funding`` block, in the page's language,
  with the wording the block's programming period (``data-eu-period``) requires;
- no logo beside it is larger than the emblem;
- the stylesheets give the statement allowed fonts only, never italic or underlined;
- the Interreg brand form (the programme's logo carries the emblem) only when declared.

Every problem is one string, ``page: what is wrong — how to fix it``.
"""

from __future__ import annotations

import base64
import gzip
import math
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import lxml.etree

from generator.eu.emblem import (
    BLUE,
    FLY_RATIO,
    STAR_CIRCLE_RATIO,
    STAR_COUNT,
    STAR_POINTS,
    STAR_RADIUS_RATIO,
    YELLOW,
    star_centres,
    star_points,
)
from generator.values import FUNDS, PERIODS

BLOCK_CLASS = "eu-funding"
EMBLEM_CLASS = "eu-emblem"
STATEMENT_CLASS = "eu-statement"
LOGO_CLASS = "eu-logo"
BRAND_LOGO_CLASS = "eu-brand-logo"
PERIOD_ATTRIBUTE = "data-eu-period"
BRAND_ATTRIBUTE = "data-eu-emblem"  # ="included": this logo carries the EU emblem (Interreg brand)

# 1 cm on screen: the Commission's minimum height of the emblem, in CSS px.
MIN_EMBLEM_HEIGHT_PX = 38.0
# Geometry is compared to 10⁻³ of the emblem's hoist (eupages draws it to 10⁻⁵).
GEOMETRY_TOLERANCE = 1e-3
# Width and height attributes are whole or rounded pixels: 3:2 to half a pixel.
RATIO_TOLERANCE_PX = 0.5

ALLOWED_FONTS = ("Arial", "Auto", "Calibri", "Garamond", "Trebuchet MS", "Tahoma", "Verdana", "Ubuntu")
_ALLOWED_FONT_KEYS = frozenset({"arial", "auto", "calibri", "garamond", "trebuchet", "trebuchet ms"} | {"tahoma"})
_ALLOWED_FONT_KEYS |= {"verdana", "ubuntu"}

# Elements that never have an end tag in HTML: they must not be pushed on the stack.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())

# "no" is the site's code for Norwegian; pages may also declare bokmål as "nb".
_LANG_ALIASES = {"nb": "no", "nn": "no"}

_FIX_EMBLEM = "use the SVG emblem eupages draws (generator/eu/emblem.py), unmodified"
_FIX_BLOCK = 'put the emblem and the statement together in <section class="eu-funding" data-eu-period="…">'


class Expectation(NamedTuple):
    """What one built page should show. ``html_path`` is relative to the site folder."""

    html_path: str
    lang: str
    eu_funded: bool
    expected_statement_texts: list[str]


# --- the wording each period requires, per language ------------------------------------------


@dataclass(frozen=True)
class Wording:
    """The official terms in one language. ``official`` is False for a language whose wording
    is not the EU's own (Norwegian): a mismatch there is a notice, not a failure."""

    european_union: str
    co_funded: str
    funded: str
    slogan: str
    flag: str
    funds: tuple[str, ...]
    official: bool = True
    co_funded_variants: tuple[str, ...] = ()  # other accepted forms of the 2021–2027 statement


# English: the msgids (the Regulations' own words). sv, pl, lt: the official terms of
# shared/reference/eu-visibility.md and the theme's reviewed catalogues; no: the catalogue's
# Norwegian, which is not an EU language (mismatches are notices).
WORDING: dict[str, Wording] = {
    "en": Wording(
        "European Union",
        "Co-funded by the European Union",
        "Funded by the European Union",
        "Investing in your future",
        "Flag of the European Union",
        tuple(FUNDS.values()) + ("European Social Fund+",),
    ),
    "sv": Wording(
        "Europeiska unionen",
        "Medfinansieras av Europeiska unionen",
        "Finansieras av Europeiska unionen",
        "Vi investerar i din framtid",
        "Europeiska unionens flagga",
        (
            "Europeiska regionala utvecklingsfonden",
            "Europeiska socialfonden",
            "Europeiska socialfonden+",
            "Sammanhållningsfonden",
            "Europeiska grannskaps- och partnerskapsinstrumentet",
            "Europeiska grannskapsinstrumentet",
            "Fonden för en rättvis omställning",
            "Europeiska havs- och fiskerifonden",
            "Europeiska havs-, fiske- och vattenbruksfonden",
            "Instrumentet för stöd inför anslutningen",
        ),
    ),
    "pl": Wording(
        "Unia Europejska",
        "Współfinansowane przez Unię Europejską",
        "Finansowane przez Unię Europejską",
        "Inwestujemy w Waszą przyszłość",
        "Flaga Unii Europejskiej",
        (
            "Europejski Fundusz Rozwoju Regionalnego",
            "Europejski Fundusz Społeczny",
            "Europejski Fundusz Społeczny Plus",
            "Fundusz Spójności",
            "Europejski Instrument Sąsiedztwa i Partnerstwa",
            "Europejski Instrument Sąsiedztwa",
            "Fundusz na rzecz Sprawiedliwej Transformacji",
            "Europejski Fundusz Morski i Rybacki",
            "Europejski Fundusz Morski, Rybacki i Akwakultury",
            "Instrument Pomocy Przedakcesyjnej",
        ),
        # Polish national cohesion programmes write "Dofinansowane …" (eu-visibility.md).
        co_funded_variants=("Dofinansowane przez Unię Europejską",),
    ),
    "lt": Wording(
        "Europos Sąjunga",
        "Bendrai finansuoja Europos Sąjunga",
        "Finansuoja Europos Sąjunga",
        "Investuojame į jūsų ateitį",
        "Europos Sąjungos vėliava",
        (
            "Europos regioninės plėtros fondas",
            "Europos socialinis fondas",
            "Europos socialinis fondas+",
            "Sanglaudos fondas",
            "Europos kaimynystės ir partnerystės priemonė",
            "Europos kaimynystės priemonė",
            "Teisingos pertvarkos fondas",
            "Europos jūrų reikalų ir žuvininkystės fondas",
            "Europos jūrų reikalų, žvejybos ir akvakultūros fondas",
            "Pasirengimo narystei pagalbos priemonė",
        ),
    ),
    "no": Wording(
        "Den europeiske union",
        "Medfinansiert av Den europeiske union",
        "Finansiert av Den europeiske union",
        "Vi investerer i din fremtid",
        "Den europeiske unions flagg",
        (
            "Det europeiske fondet for regional utvikling",
            "Det europeiske sosialfondet",
            "Kohesjonsfondet",
            "Det europeiske naboskaps- og partnerskapsinstrumentet",
        ),
        official=False,
    ),
}


# --- a small document tree ------------------------------------------------------------------


class Node:
    """One element of a parsed page: tag, attributes, children (elements and text).

    A page parsed by libxml2 (`parse_html`) becomes Nodes only where a check looks: its
    children are read from the lxml element the first time they are asked for. The inline
    maps and charts make most of a page's elements, and the audit never looks inside them."""

    __slots__ = ("tag", "attrs", "parent", "lang", "classes", "_children", "_element", "_tree")

    def __init__(
        self,
        tag: str,
        attrs: dict[str, str],
        parent: Node | None,
        element: lxml.html.HtmlElement | None = None,
        tree: _Elements | None = None,
    ) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        inherited = parent.lang if parent is not None else None
        self.lang: str | None = attrs.get("lang", attrs.get("xml:lang", inherited))
        self.classes = frozenset(attrs.get("class", "").split())
        self._children: list[Node | str] | None = [] if tree is None else None
        self._element = element
        self._tree = tree

    @property
    def children(self) -> list[Node | str]:
        if self._children is None:
            assert self._tree is not None and self._element is not None
            self._children = self._tree.children_of(self._element)
        return self._children

    def iter(self) -> Iterator[Node]:
        """This element and every element inside it, in document order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(child for child in reversed(node.children) if isinstance(child, Node))

    def text(self) -> str:
        """The text inside, whitespace collapsed; a <br> or a block element separates words."""
        parts: list[str] = []
        stack: list[Node | str] = list(reversed(self.children))
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
            elif item.tag not in ("script", "style", "template", "title"):
                if item.tag in _BREAKS:
                    parts.append(" ")
                    stack.append(" ")
                stack.extend(reversed(item.children))
        return _normalise("".join(parts))

    def values(self, name: str) -> list[str | None]:
        """The attribute `name` of this element and of every element inside it (None where it
        has none), in document order; read from libxml2's tree without making Nodes."""
        if self._element is not None:
            return _element_values(self._element, name)
        return [node.attrs.get(name) for node in self.iter()]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest(self, class_name: str) -> Node | None:
        for node in self.ancestors():
            if class_name in node.classes:
                return node
        return None

    def contains(self, other: Node) -> bool:
        return any(node is self for node in other.ancestors())


_BREAKS = frozenset("br p div li section article header footer h1 h2 h3 h4 h5 h6 dt dd tr td th".split())


def _element_values(element: lxml.html.HtmlElement, name: str) -> list[str | None]:
    return [inner.get(name) for inner in element.iter(lxml.etree.Element)]


class _Elements:
    """The Nodes of a page parsed by libxml2, made on demand, one per lxml element (so that
    `is` compares elements), with the `#document` root above `<html>`."""

    def __init__(self, html: lxml.html.HtmlElement) -> None:
        self.html = html
        self.root = Node("#document", {}, None)
        self._nodes: dict[lxml.html.HtmlElement, Node] = {}
        self.root.children.append(self.node(html))

    def node(self, element: lxml.html.HtmlElement) -> Node:
        found = self._nodes.get(element)
        if found is not None:
            return found
        chain = [element]  # the element and its ancestors not made yet, innermost first
        parent_element = element.getparent()
        while parent_element is not None and parent_element not in self._nodes:
            chain.append(parent_element)
            parent_element = parent_element.getparent()
        parent = self.root if parent_element is None else self._nodes[parent_element]
        for item in reversed(chain):
            parent = self._nodes[item] = Node(item.tag, _attributes(item), parent, item, self)
        return parent

    def children_of(self, element: lxml.html.HtmlElement) -> list[Node | str]:
        """Elements and text in document order: comments and processing instructions are left
        out, the text after them (their tail) is not."""
        children: list[Node | str] = [element.text] if element.text else []
        for child in element:
            if isinstance(child.tag, str):
                children.append(self.node(child))
            if child.tail:
                children.append(child.tail)
        return children

    def with_classes(self) -> list[Node]:
        """The elements whose class names one of the audit's (they all start with "eu-")."""
        return [self.node(e) for e in self.html.iter(lxml.etree.Element) if "eu-" in (e.get("class") or "")]

    def tagged(self, *tags: str) -> list[Node]:
        return [self.node(e) for e in self.html.iter(*tags)]

    def images_and_drawings(self) -> list[Node]:
        """Every <img>, and the <svg>s drawn in the emblem's two colours: the only drawings
        `_looks_like_emblem` can take for it (the maps and charts never become Nodes)."""
        return [
            self.node(e)
            for e in self.html.iter("img", "svg")
            if e.tag == "img" or _in_emblem_colours(partial(_element_values, e))
        ]

    def with_ids(self, ids: Collection[str]) -> list[Node]:
        return [self.node(e) for e in self.html.iter(lxml.etree.Element) if e.get("id") in ids]


class _Markup:
    """The same questions as `_Elements` asks of libxml2's tree, of a tree html.parser made
    (every element is a Node already)."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self._nodes = list(root.iter())

    def with_classes(self) -> list[Node]:
        return self._nodes

    def tagged(self, *tags: str) -> list[Node]:
        return [node for node in self._nodes if node.tag in tags]

    def images_and_drawings(self) -> list[Node]:
        return self.tagged("img", "svg")

    def with_ids(self, ids: Collection[str]) -> list[Node]:
        return [node for node in self._nodes if node.attrs.get("id") in ids]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self._stack = [self.root]

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node:
        parent = self._stack[-1]
        node = Node(tag, {name: (value or "") for name, value in attrs}, parent)
        parent.children.append(node)
        return node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = self._open(tag, attrs)
        if tag not in _VOID:
            self._stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <rect/> in inline SVG: an element that opens and closes at once.
        self._open(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        # Pop up to the matching open element; tolerate stray end tags (browsers do).
        for index in range(len(self._stack) - 1, 0, -1):
            if self._stack[index].tag == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


# One parser for every page; its options are libxml2's defaults (those of lxml.html).
_HTML_PARSER = lxml.etree.HTMLParser(encoding="utf-8")


def parse_document(html: str | bytes) -> lxml.html.HtmlElement | None:
    """A page parsed by libxml2 (lxml), its <html> element; None when libxml2 refuses it.
    The build parses each page once and hands the tree to the link reader and the audit."""
    data = html.encode("utf-8", errors="surrogatepass") if isinstance(html, str) else html
    try:
        return lxml.etree.fromstring(data, _HTML_PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None


def parse_html(html: str, document: lxml.html.HtmlElement | None = None) -> Node:
    """The document tree of one HTML page, parsed by libxml2 (lxml) — or `document`, the page
    already parsed by `parse_document`: the build audits every project page, and the
    standard library's pure-Python parser made the audit a third of a cold build. Markup
    libxml2 refuses falls back to that parser, which takes anything."""
    return _parse(html, document).root


def _parse(html: str, document: lxml.html.HtmlElement | None) -> _Elements | _Markup:
    if document is None:
        document = parse_document(html)
    if document is None:
        return _Markup(parse_markup(html))
    return _Elements(document)


# libxml2 reports a bare boolean attribute (<script defer>) with its own name as the value;
# the tree keeps it as the markup wrote it, empty.
_BOOLEAN_ATTRIBUTES = frozenset(
    "allowfullscreen async autofocus checked controls default defer disabled formnovalidate hidden inert"
    " ismap itemscope loop multiple muted nomodule novalidate open playsinline readonly required reversed"
    " selected".split()
)


def _attributes(element: lxml.html.HtmlElement) -> dict[str, str]:
    return {
        name: "" if value == name and name in _BOOLEAN_ATTRIBUTES else (value or "")
        for name, value in element.attrib.items()
    }


def parse_markup(markup: str) -> Node:
    """The tree of any markup, by the standard library's tolerant parser: SVG files (XML
    parses well enough) and pages libxml2 cannot read."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


# --- facts of a page (the summary other tests read) ------------------------------------------


@dataclass
class _PageFacts:
    html_lang: str | None = None
    blocks: int = 0
    emblems: int = 0
    emblem_titles: list[str] = field(default_factory=list)  # one per emblem
    emblem_fills: list[set[str]] = field(default_factory=list)  # one per emblem
    statements: list[tuple[str, str | None]] = field(default_factory=list)  # (text, lang)
    emblem_sizes: list[tuple[float | None, float | None]] = field(default_factory=list)  # width, height
    logos: list[tuple[str, float | None, float | None]] = field(default_factory=list)  # src, width, height


def parse_page(html: str) -> _PageFacts:
    """The EU funding facts of one HTML document."""
    tree = _parse(html, None)
    root = tree.root
    facts = _PageFacts(html_lang=_html_lang(root))
    for node in root.iter():
        if BLOCK_CLASS in node.classes:
            facts.blocks += 1
        if EMBLEM_CLASS in node.classes:
            facts.emblems += 1
            facts.emblem_titles.append(_text_alternative(node, tree))
            facts.emblem_fills.append({n.attrs["fill"].strip().upper() for n in node.iter() if "fill" in n.attrs})
            facts.emblem_sizes.append((_number(node.attrs.get("width")), _number(node.attrs.get("height"))))
        if LOGO_CLASS in node.classes:
            facts.logos.append(
                (node.attrs.get("src", ""), _number(node.attrs.get("width")), _number(node.attrs.get("height")))
            )
        if STATEMENT_CLASS in node.classes and node.closest(STATEMENT_CLASS) is None:
            facts.statements.append((node.text(), node.lang))
    return facts


def _html_lang(root: Node) -> str | None:
    for node in root.iter():
        if node.tag == "html":
            return node.attrs.get("lang")
    return None


def _text_alternative(emblem: Node, tree: _Elements | _Markup) -> str:
    if emblem.tag == "img":
        return emblem.attrs.get("alt", "")
    label = emblem.attrs.get("aria-label", "")
    if label.strip():
        return label
    ids = emblem.attrs.get("aria-labelledby", "").split()
    if ids:
        texts = [node.text() for node in tree.with_ids(ids)]
        if any(texts):
            return " ".join(texts)
    for child in emblem.children:
        if isinstance(child, Node) and child.tag == "title":
            return child.text() or "".join(c for c in child.children if isinstance(c, str))
    return ""


# --- values ---------------------------------------------------------------------------------


def _number(value: str | None) -> float | None:
    """A width/height attribute in CSS px ("72", "72.5", "72px"), or None."""
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?|\.\d+)(?:px)?\s*", value)
    return float(match.group(1)) if match else None


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text)]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fold(text: str) -> str:
    """For comparing wording: case, whitespace and the kinds of dash and apostrophe fold away."""
    text = text.replace("\u2011", "-").replace("\u2010", "-").replace("\u2019", "'")
    return _normalise(text.replace("\u00a0", " ")).casefold()


def _primary(lang: str | None) -> str:
    primary = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return _LANG_ALIASES.get(primary, primary)


def _same_lang(actual: str | None, expected: str) -> bool:
    return bool(actual) and _primary(actual) == _primary(expected)


@lru_cache(maxsize=4096)
def _colour(value: str | None) -> str | None:
    """A paint as #rrggbb (lower case) where it is a plain colour; else the value itself."""
    if value is None:
        return None
    text = value.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        return "#" + "".join(ch * 2 for ch in text[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", text):
        return text
    rgb = re.fullmatch(r"rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*(1|1\.0*|100%)\s*)?\)", text)
    if rgb:
        return "#" + "".join(f"{min(int(part), 255):02x}" for part in rgb.groups()[:3])
    return _NAMED_COLOURS.get(text, text)


_NAMED_COLOURS = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "blue": "#0000ff", "yellow": "#ffff00"}
_BLUE, _YELLOW = BLUE.lower(), YELLOW.lower()


def _declarations(style: str) -> dict[str, str]:
    """An inline style attribute as property → value (lower-case names, !important dropped)."""
    result = {}
    for part in _split_top(style, ";"):
        name, sep, value = part.partition(":")
        if sep:
            result[name.strip().lower()] = re.sub(r"\s*!important\s*$", "", value.strip(), flags=re.I)
    return result


def _split_top(text: str, separator: str) -> list[str]:
    """Split at `separator` outside quotes, parentheses and brackets."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [part for part in parts if part.strip()]


def _css_px(value: str | None) -> float | None:
    """A CSS length in px ("48px", "48"), or None for anything that needs a browser."""
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?|\.\d+)(px)?\s*", value)
    if not match or (match.group(2) is None and float(match.group(1)) != 0):
        return None
    return float(match.group(1))


# --- the folder a page comes from -------------------------------------------------------------


# What was read from stylesheets and emblem files, by file and its size and time: the build
# audits every page in a fresh call, and every page links the same few files.
_READ: dict[tuple, object] = {}
_READ_LIMIT = 256


def _remembered(key: tuple, file: Path, read):
    stat = file.stat()
    full = (*key, str(file), stat.st_mtime_ns, stat.st_size)
    if full not in _READ:
        if len(_READ) >= _READ_LIMIT:
            _READ.clear()
        _READ[full] = read()
    return _READ[full]


class SiteFiles:
    """The built site a page belongs to: finds the files its addresses point at (images,
    stylesheets) inside the folder, and reads them (once while they do not change)."""

    def __init__(self, folder: str | Path, base_path: str = "/") -> None:
        self.folder = Path(folder)
        self.base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"

    def relative(self, file: Path) -> str:
        return file.relative_to(self.folder).as_posix() if file.is_relative_to(self.folder) else file.as_posix()

    def stylesheet(self, file: Path) -> list[_Rule]:
        def read() -> list[_Rule]:
            return _css_rules(file.read_text(encoding="utf-8", errors="replace"), self.relative(file))

        rules: list[_Rule] = _remembered(("css", str(self.folder)), file, read)
        return rules

    def emblem_file_problems(self, file: Path, shown: str) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = _remembered(
            ("svg", shown), file, lambda: _svg_file_problems(file.read_bytes(), shown)
        )
        return problems

    def file_for(self, page: str, url: str) -> Path | None:
        """The file in the folder that `url`, written on `page` (a path relative to the folder),
        points at; None when it is elsewhere or missing."""
        parts = urlsplit(url.strip())
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        path = unquote(parts.path)
        if not path:
            return None
        candidates: list[str] = []
        if parts.scheme or parts.netloc or path.startswith("/"):
            if path.startswith(self.base_path):
                candidates.append(path[len(self.base_path) :])
            candidates.append(path.lstrip("/"))
            # A site built for a sub-path but audited without knowing it: /sub/assets/x.
            segments = path.lstrip("/").split("/", 1)
            if len(segments) == 2 and not (self.folder / segments[0]).exists():
                candidates.append(segments[1])
        else:
            candidates.append(posixpath.join(posixpath.dirname(page), path))
        for candidate in candidates:
            relative = posixpath.normpath(candidate)
            if relative.startswith("..") or relative.startswith("/"):
                continue
            file = self.folder / relative if relative != "." else self.folder
            if file.is_dir() or path.endswith("/"):
                file = file / "index.html"
            if file.is_file():
                return file
        return None


# --- the audit of one page --------------------------------------------------------------------


@dataclass
class PageAudit:
    """What the audit found on one page: failures, and notices (things it could not check)."""

    name: str
    eu_funded: bool
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def fail(self, what: str, fix: str = "") -> None:
        message = f"{self.name}: {what} — {fix}" if fix else f"{self.name}: {what}"
        if message not in self.problems:
            self.problems.append(message)

    def note(self, what: str, fix: str) -> None:
        message = f"{self.name}: notice: {what} — {fix}"
        if message not in self.notices:
            self.notices.append(message)


def check_page(
    name: str,
    html: str,
    lang: str,
    eu_funded: bool,
    expected_statement_texts: Iterable[str],
    *,
    brand_logo: bool = False,
    site_dir: str | Path | None = None,
    base_path: str = "/",
    document: lxml.html.HtmlElement | None = None,
) -> list[str]:
    """Problems of one page, each starting with ``name`` (the page's path), as the build
    knows it: the language, whether the record is EU funded, the statement's lines, and
    whether its programme's logo carries the emblem (``brand_logo``). With ``site_dir`` (the
    built folder, and the site's ``base_path``) the stylesheets and image files the page
    points at are read too. ``document``: the page as `parse_document` parsed it already."""
    site = SiteFiles(site_dir, base_path) if site_dir is not None else None
    audit = audit_page(
        name,
        html,
        lang=lang,
        eu_funded=eu_funded,
        expected=list(expected_statement_texts),
        brand_logo=brand_logo,
        site=site,
        document=document,
    )
    return audit.problems


def audit_page(
    name: str,
    html: str,
    *,
    lang: str | None = None,
    eu_funded: bool | None = None,
    expected: list[str] | None = None,
    brand_logo: bool | None = None,
    site: SiteFiles | None = None,
    document: lxml.html.HtmlElement | None = None,
) -> PageAudit:
    """Audit one page. Left as None, ``lang`` comes from ``<html lang>``, ``eu_funded`` from
    the page itself (a funding block or an emblem), ``expected`` from the period's rules in
    the page's language, and ``brand_logo`` from the markup's declaration
    (``data-eu-emblem="included"``) — that is `eupages audit FOLDER`, which has no site
    configuration to go by."""
    page = _Page(name, _parse(html, document), site, build=expected is not None)
    funded = eu_funded if eu_funded is not None else page.shows_eu_funding()
    audit = PageAudit(name, funded)
    if not funded:
        page.check_not_funded(audit)
        return audit
    page.check_funded(audit, lang, expected, brand_logo)
    return audit


class _Page:
    """One parsed page and the checks on it."""

    def __init__(self, name: str, tree: _Elements | _Markup, site: SiteFiles | None, build: bool = False) -> None:
        self.name = name
        self.build = build  # called by the build, which knows what the page should say
        self.tree = tree
        self.root = tree.root
        self.site = site
        self.html_lang = _html_lang(self.root)
        classed = tree.with_classes()
        self.blocks = [n for n in classed if BLOCK_CLASS in n.classes]
        self.emblems = [n for n in classed if EMBLEM_CLASS in n.classes]
        self.statements = [n for n in classed if STATEMENT_CLASS in n.classes and n.closest(STATEMENT_CLASS) is None]
        # Anywhere on the page: an unmarked emblem is an image or a drawing in its colours.
        self.images = tree.tagged("img")
        self.lookalikes = [
            n for n in tree.images_and_drawings() if EMBLEM_CLASS not in n.classes and _looks_like_emblem(n)
        ]

    def shows_eu_funding(self) -> bool:
        return bool(self.blocks or self.emblems or self.lookalikes)

    # -- pages without EU funding: the emblem would be a misuse --

    def check_not_funded(self, audit: PageAudit) -> None:
        fix = "remove it: showing the EU emblem without EU support is itself a misuse"
        if self.blocks:
            audit.fail(f"page is not EU funded but contains an .{BLOCK_CLASS} block", fix)
        if self.emblems:
            audit.fail(f"page is not EU funded but shows the EU emblem (.{EMBLEM_CLASS})", fix)
        for node in self.lookalikes:
            audit.fail(f"page is not EU funded but shows what looks like the EU emblem ({_describe(node)})", fix)

    # -- EU-funded pages --

    def check_funded(
        self, audit: PageAudit, lang: str | None, expected: list[str] | None, brand_logo: bool | None
    ) -> None:
        block = self._main_block()
        if block is None:
            # In the build, its own hint (the block comes from the theme's partial) is the fix.
            audit.fail(f"EU-funded page has no .{BLOCK_CLASS} block", "" if self.build else _FIX_BLOCK)
        brand = self._brand(audit, block, brand_logo)
        if brand is None and not self.emblems:
            audit.fail(f"EU-funded page has no EU emblem (.{EMBLEM_CLASS})", self._no_emblem_fix(block, brand_logo))
        elif brand is None and block is not None and not any(block.contains(e) for e in self.emblems):
            audit.fail(f"the EU emblem is outside the .{BLOCK_CLASS} block", _FIX_BLOCK)
        for emblem in self.emblems:
            self._check_emblem(audit, emblem)
        for node in self.lookalikes:
            if not (brand is not None and node is brand):
                audit.fail(
                    f"an image that looks like the EU emblem ({_describe(node)}) is not marked"
                    f' class="{EMBLEM_CLASS}", so its construction cannot be checked',
                    "show the emblem only as the marked SVG eupages draws, inside the .eu-funding block",
                )
        page_lang = self._check_lang(audit, lang)
        statement = self._check_statement(audit, block, page_lang, expected, brand is not None, lang or page_lang)
        self._check_logos(audit, block, brand)
        css = self._stylesheets(audit)
        if statement is not None and brand is None:
            self._check_fonts(audit, statement, css)
        self._check_emblem_css(audit, css)

    def _main_block(self) -> Node | None:
        for block in self.blocks:
            if any(block.contains(e) for e in self.emblems) or _brand_images(block):
                return block
        return self.blocks[0] if self.blocks else None

    def _brand(self, audit: PageAudit, block: Node | None, brand_logo: bool | None) -> Node | None:
        """The declared Interreg brand logo that stands for the emblem, or None."""
        images = _brand_images(block) if block is not None else []
        declared = [img for img in images if img.attrs.get(BRAND_ATTRIBUTE, "").strip().lower() == "included"]
        if brand_logo is None:  # audit FOLDER: the markup's declaration is all there is
            if not declared:
                return None
            brand = declared[0]
        elif not brand_logo:
            return None
        elif not images:
            audit.fail(
                "the programme's logo carries the EU emblem (site_config.yml) but the funding block does not show it",
                f'render it as <img class="{BRAND_LOGO_CLASS}" {BRAND_ATTRIBUTE}="included"> in the .eu-funding block',
            )
            return None
        else:
            brand = (declared or images)[0]
        if self.emblems:
            audit.fail(
                "the page shows the EU emblem beside the Interreg brand logo, which already contains it",
                "show the programme's logo alone as the funding block: no second emblem",
            )
        self._check_size(audit, brand, "the Interreg brand logo, which carries the EU emblem,")
        return brand

    def _no_emblem_fix(self, block: Node | None, brand_logo: bool | None) -> str:
        undeclared = _brand_images(block) if block is not None else []
        if undeclared or any("logo" in _image_words(n) for n in self.images):
            where = "site_config.yml" if brand_logo is not None else f'the markup ({BRAND_ATTRIBUTE}="included")'
            return (
                "a logo is not the emblem unless declared: if the programme's logo contains the EU emblem"
                f" (the Interreg brand), declare it in {where}; otherwise show the emblem eupages draws"
            )
        return "show the EU emblem (the SVG eupages draws) in the .eu-funding block"

    # -- the emblem itself --

    def _check_emblem(self, audit: PageAudit, emblem: Node) -> None:
        if not _text_alternative(emblem, self.tree).strip():
            audit.fail(
                "the EU emblem has no text alternative (<title> or aria-label)",
                "give it a <title> (or alt) in the page's language, e.g. 'Flag of the European Union'",
            )
        if emblem.tag == "svg":
            for what, fix in _inline_emblem_problems(emblem):
                audit.fail(what, fix)
        elif emblem.tag == "img":
            self._check_emblem_file(audit, emblem)
        else:
            audit.fail(f"the EU emblem is a <{emblem.tag}>: cannot verify the emblem's construction", _FIX_EMBLEM)
        self._check_size(audit, emblem, "the EU emblem", ratio=True)

    def _check_size(self, audit: PageAudit, node: Node, what: str, ratio: bool = False) -> None:
        width, height = _size(node)
        if height is None:
            audit.fail(
                f"{what} has no height in px (width/height attributes), so it cannot be shown to be 1 cm high",
                f"give it width and height attributes of at least {MIN_EMBLEM_HEIGHT_PX * FLY_RATIO:g}×{MIN_EMBLEM_HEIGHT_PX:g}",
            )
        elif height < MIN_EMBLEM_HEIGHT_PX:
            audit.fail(
                f"{what} is {height:g} px high, less than the minimum of {MIN_EMBLEM_HEIGHT_PX:g} CSS px (1 cm on screen)",
                f"show it at least {MIN_EMBLEM_HEIGHT_PX:g} px high",
            )
        if ratio and width is not None and height is not None and abs(width - FLY_RATIO * height) > RATIO_TOLERANCE_PX:
            audit.fail(
                f"{what} is shown {width:g}×{height:g} px, not 3:2: it is squashed or stretched",
                f"give it a width of 1.5 × its height ({FLY_RATIO * height:g}×{height:g})",
            )

    def _check_emblem_file(self, audit: PageAudit, img: Node) -> None:
        sources = [img.attrs.get("src", "").strip()]
        sources += _srcset_urls(img.attrs.get("srcset", ""))
        if img.parent is not None and img.parent.tag == "picture":
            for source in img.parent.children:
                if isinstance(source, Node) and source.tag == "source":
                    sources += _srcset_urls(source.attrs.get("srcset", ""))
        for src in dict.fromkeys(sources):
            if not src:
                audit.fail("the EU emblem <img> has no src: cannot verify the emblem's construction", _FIX_EMBLEM)
                continue
            for what, fix in self._emblem_file_problems(src):
                audit.fail(what, fix)

    def _emblem_file_problems(self, src: str) -> list[tuple[str, str]]:
        fix = "use the SVG emblem eupages draws"
        cannot = "cannot verify the emblem's construction"
        shown = src if len(src) <= 80 else src[:77] + "…"
        if src.startswith("data:"):
            header, _, payload = src[5:].partition(",")
            if not header.lower().startswith("image/svg+xml"):
                return [(f"the EU emblem {shown} is a raster image: {cannot}", fix)]
            data = base64.b64decode(payload) if header.lower().endswith(";base64") else unquote_to_bytes(payload)
            return _svg_file_problems(data, shown)
        if self.site is None:
            return [(f"the EU emblem is an image file ({shown}) outside the page: {cannot}", fix)]
        file = self.site.file_for(self.name, src)
        if file is None:
            return [(f"the EU emblem's file {shown} is not in the audited folder: {cannot}", fix)]
        return self.site.emblem_file_problems(file, shown)

    # -- language and statement --

    def _check_lang(self, audit: PageAudit, lang: str | None) -> str | None:
        if lang is None:
            if not self.html_lang:
                audit.fail(
                    "the page does not say its language (<html lang>), so the statement's cannot be checked",
                    'add lang="…" to <html>',
                )
            return self.html_lang or None
        if not _same_lang(self.html_lang, lang):
            audit.fail(
                f"page language is {self.html_lang!r}, expected {lang!r}:"
                " the statement must be in the language of the page",
                f'write <html lang="{lang}">',
            )
            return None
        return lang

    def _check_statement(
        self,
        audit: PageAudit,
        block: Node | None,
        page_lang: str | None,
        expected: list[str] | None,
        brand: bool,
        shown_lang: str | None,
    ) -> Node | None:
        statements = self.statements
        inside = [n for n in statements if block is not None and block.contains(n)]
        outside = [n for n in statements if n not in inside]
        if block is not None and not inside:
            where = " (one is outside the block)" if outside else ""
            audit.fail(
                f"the .{BLOCK_CLASS} block has no .{STATEMENT_CLASS}{where}: the statement must be real text next to"
                " the emblem",
                f'write it as text in <p class="{STATEMENT_CLASS}"> inside the block, beside the emblem',
            )
        for node in inside:
            if not brand and _hidden(node):
                audit.fail(
                    "the statement is hidden: it must be visible next to the emblem",
                    "show it as ordinary text; only the Interreg brand logo (declared) may carry it visually",
                )
            if node.attrs.get("aria-hidden", "").lower() == "true":
                audit.fail("the statement is hidden from screen readers (aria-hidden)", "remove aria-hidden")
        text = _normalise(" ".join(node.text() for node in inside))
        if page_lang is not None:
            marked = [n.lang for n in inside if not _same_lang(n.lang, page_lang)]
            if expected is None and marked:
                audit.fail(
                    f"the statement is marked as language {marked[0]!r}, not the page's language {page_lang!r}",
                    "write it in the page's language and remove the other lang attribute",
                )
        if expected is not None:
            self._expected_texts(audit, inside, outside, page_lang, shown_lang, expected)
        elif page_lang is not None and block is not None and inside:
            self._period_rules(audit, block, text, page_lang)
        return inside[0] if inside else None

    def _expected_texts(
        self,
        audit: PageAudit,
        inside: list[Node],
        outside: list[Node],
        page_lang: str | None,
        shown_lang: str | None,
        expected: list[str],
    ) -> None:
        statements = [(node.text(), node.lang) for node in inside]
        shown = " | ".join(text for text, _ in statements) if statements else f"no .{STATEMENT_CLASS}"
        lang = shown_lang or "?"
        for wanted_text in expected:
            wanted = _normalise(wanted_text)
            found = [stmt for stmt in statements if wanted in stmt[0]]
            if not found:
                elsewhere = any(wanted in node.text() for node in outside)
                if elsewhere:
                    audit.fail(
                        f"statement {wanted!r} ({lang}) is outside the .{BLOCK_CLASS} block",
                        "write it inside the block, right next to the emblem",
                    )
                else:
                    audit.fail(
                        f"statement {wanted!r} ({lang}) not found in the page's .{STATEMENT_CLASS} (shows: {shown})",
                        "show the statement the record's period requires, in the page's language (theme/locales)",
                    )
            elif page_lang is not None and not any(_same_lang(stmt_lang, page_lang) for _, stmt_lang in found):
                # The page is right but a lang attribute inside it marks the statement as
                # another language: a screen reader would read it with the wrong voice.
                audit.fail(
                    f"statement {wanted!r} is marked as language {found[0][1]!r}, not the page's language {lang!r}",
                    "remove the other lang attribute",
                )

    def _period_rules(self, audit: PageAudit, block: Node, text: str, lang: str) -> None:
        """`audit FOLDER`: the wording the block's period requires, in the page's language."""
        wording = WORDING.get(_primary(lang))
        period = block.attrs.get(PERIOD_ATTRIBUTE)
        if period is not None and period.strip() not in PERIODS:
            audit.fail(
                f"{PERIOD_ATTRIBUTE}={period!r} is not a programming period",
                f"write one of {', '.join(PERIODS)}",
            )
            return
        if wording is None:
            known = ", ".join(WORDING)
            audit.note(
                f"cannot check the statement's wording in language {lang!r} (shows: {text!r})",
                f"eupages knows the official wording in {known}; check it against the regulation by hand",
            )
            return
        folded = _fold(text)
        says = {
            "eu": _fold(wording.european_union) in folded,
            "co-funded": any(
                _fold(form) in folded for form in (wording.co_funded, wording.funded, *wording.co_funded_variants)
            ),
        }
        if period is None:
            if says["co-funded"]:
                period = PERIODS[2]
            else:
                audit.fail(
                    "cannot tell the programming period",
                    f"add {PERIOD_ATTRIBUTE} (2007-2013, 2014-2020 or 2021-2027) to the .{BLOCK_CLASS} block",
                )
                return
        period = period.strip()
        report = audit.fail if wording.official else audit.note
        unofficial = "" if wording.official else f" ({lang} is not an official EU language: check the wording by hand)"
        if period == PERIODS[2]:
            if not says["co-funded"]:
                report(
                    f"the {period} statement does not say {wording.co_funded!r} (or {wording.funded!r}) in full"
                    f" (shows: {text!r}){unofficial}",
                    "write the statement in full next to the emblem, in the page's language",
                )
            return
        if not says["eu"]:
            report(
                f"the {period} statement does not say {wording.european_union!r} in full (shows: {text!r}){unofficial}",
                "write the words in full next to the emblem, in the page's language",
            )
        self._fund_and_added_value(audit, report, period, text, wording, lang, unofficial)

    def _fund_and_added_value(
        self,
        audit: PageAudit,
        report: Callable[[str, str], None],
        period: str,
        text: str,
        wording: Wording,
        lang: str,
        unofficial: str,
    ) -> None:
        folded = _fold(text)
        names = sorted({_fold(n) for n in wording.funds + WORDING["en"].funds}, key=len, reverse=True)
        named = [n for n in names if n in folded]
        rest = folded.replace(_fold(wording.european_union), " ")
        for name in named:
            rest = rest.replace(name, " ")
        if not named:
            page_text = _fold(self.root.text())
            if period == PERIODS[1] and any(n in page_text for n in names):
                pass  # 2014–2020: the fund may be named elsewhere on the same site
            elif not re.sub(r"[\W_]+", "", rest.replace(_fold(wording.slogan), " ")) or wording is WORDING["en"]:
                report(
                    f"the {period} statement does not name the fund (shows: {text!r}){unofficial}",
                    "name the fund in full, e.g. 'European Regional Development Fund', in the page's language",
                )
            else:
                audit.note(
                    f"cannot recognise a fund's name in the {period} statement ({text!r}) in {lang}",
                    "check that it names the fund in full; eupages knows the official names of the funds it supports",
                )
        if period == PERIODS[0] and len(re.sub(r"[\W_\d]+", "", rest)) < 3:
            report(
                f"the 2007-2013 statement has no statement of the EU's added value (shows: {text!r}){unofficial}",
                f"add the programme's statement, preferably {wording.slogan!r} (Reg. (EC) 1828/2006 Art. 9(c))",
            )

    # -- other logos --

    def _check_logos(self, audit: PageAudit, block: Node | None, brand: Node | None) -> None:
        reference = brand if brand is not None else self._block_emblem(block)
        if reference is None:
            return
        ref_w, ref_h = _size(reference)
        if ref_w is None or ref_h is None:
            return
        what = "the Interreg brand logo" if brand is not None else "the EU emblem"
        for img in self._logos(block, exclude=reference):
            src = img.attrs.get("src", "")
            width, height = _size(img)
            if width is None or height is None:
                audit.fail(
                    f"logo {src} beside {what} has no width and height in px,"
                    f" so it cannot be shown to be no larger than {what}",
                    "give the <img> width and height attributes",
                )
            elif width > ref_w + 1e-9 or height > ref_h + 1e-9:
                # The build adds its own hint (where the logo is configured) to the wording it always had.
                fix = "" if self.build else f"show it no larger than {what}: at most {ref_w:g}×{ref_h:g} px"
                audit.fail(f"logo {src} is {width:g}×{height:g} px, larger than {what} ({ref_w:g}×{ref_h:g} px)", fix)

    def _block_emblem(self, block: Node | None) -> Node | None:
        inside = [e for e in self.emblems if block is not None and block.contains(e)]
        candidates = inside or self.emblems
        return candidates[0] if candidates else None

    def _logos(self, block: Node | None, exclude: Node) -> list[Node]:
        """Images that count as logos: in the block, right next to it (no text or heading in
        between), or tagged as a logo anywhere (class, alt or file name says "logo")."""
        images = [n for n in self.images if n is not exclude and EMBLEM_CLASS not in n.classes]
        adjacent: set[Node] | None = None  # walking the whole page is needed only for an untagged image outside
        result = []
        for img in images:
            tagged = "logo" in " ".join(img.classes).lower() or "logo" in _image_words(img)
            inside = block is not None and block.contains(img)
            if not (tagged or inside) and block is not None and adjacent is None:
                adjacent = self._adjacent(block)
            if tagged or inside or img in (adjacent or ()):
                result.append(img)
        return result

    def _adjacent(self, block: Node) -> set[Node]:
        """The images right before or right after the block: reached without passing any
        text, heading, or other content."""
        events: list[tuple[str, Node | None]] = []  # ("img" | "stop" | "block", the element)
        self._events(self.root, block, events)
        found: set[Node] = set()
        position = next(i for i, (kind, _) in enumerate(events) if kind == "block")
        for step in (-1, 1):
            i = position + step
            while 0 <= i < len(events) and events[i][0] == "img":
                found.add(events[i][1])  # type: ignore[arg-type]  # an "img" event has its element
                i += step
        return found

    def _events(self, node: Node, block: Node, events: list[tuple[str, Node | None]]) -> None:
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    events.append(("stop", None))
            elif child is block:
                events.append(("block", child))
            elif child.tag == "img":
                events.append(("img", child))
            elif child.tag in ("script", "style", "template", "noscript"):
                continue
            elif child.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "hr", "svg", "video", "iframe", "table"):
                events.append(("stop", None))
            else:
                self._events(child, block, events)

    # -- stylesheets --

    def _stylesheets(self, audit: PageAudit) -> list[_Rule]:
        rules: list[_Rule] = []
        for node in self.tree.tagged("style", "link"):
            if node.tag == "style":
                css = "".join(c for c in node.children if isinstance(c, str))
                rules += _css_rules(css, f"<style> in {self.name}")
            elif node.tag == "link" and "stylesheet" in node.attrs.get("rel", "").lower().split():
                href = node.attrs.get("href", "")
                rules += self._linked(audit, href, self.name)
        return rules

    def _linked(self, audit: PageAudit, href: str, written_on: str, depth: int = 0) -> list[_Rule]:
        """The rules of the stylesheet `href` (written on the page or stylesheet `written_on`)."""
        if self.site is None or not href or depth > 5:
            return []
        file = self.site.file_for(written_on, href)
        if file is None:
            audit.note(
                f"stylesheet {href} is not in the audited folder, so its rules for the statement were not checked",
                "serve the site's stylesheets from the site itself, or check them by hand",
            )
            return []
        rules = []
        for rule in self.site.stylesheet(file):
            if rule.imported is not None:
                rules += self._linked(audit, rule.imported, self.site.relative(file), depth + 1)
            else:
                rules.append(rule)
        return rules

    def _check_fonts(self, audit: PageAudit, statement: Node, rules: list[_Rule]) -> None:
        found: list[tuple[str, str, str]] = []  # (property, value, where)
        for rule in rules:
            if rule.statement:
                found += [(name, value, rule.source) for name, value in rule.declarations]
        for node in [statement, *statement.iter(), *_until_block(statement)]:
            style = node.attrs.get("style")
            if style:
                found += [(name, value, f'style="…" on <{node.tag}>') for name, value in _declarations(style).items()]
        families = [(v, where) for name, value, where in found for v in _font_families(name, value)]
        if not families:
            families = [(v, f"{where}, inherited") for v, where in self._inherited_families(rules)]
        for value, where in families:
            bad = _disallowed_fonts(value)
            if bad:
                audit.fail(
                    f"the statement's font-family {value!r} ({where}) names {', '.join(bad)}, which the EU rules do"
                    " not allow",
                    f"use only {', '.join(ALLOWED_FONTS)}, with no generic fallback such as sans-serif",
                )
        for name, value, where in found:
            lowered = value.lower()
            if name in ("font-style", "font") and re.search(r"\b(italic|oblique)\b", lowered):
                audit.fail(f"the statement is set in italics ({name}: {value}, {where})", "use font-style: normal")
            if name in ("text-decoration", "text-decoration-line") and re.search(
                r"\b(underline|overline|line-through|blink)\b", lowered
            ):
                audit.fail(
                    f"the statement is underlined or struck ({name}: {value}, {where})", "use text-decoration: none"
                )
            if name == "text-shadow" and lowered.strip() not in ("none", "initial", "unset", "inherit"):
                audit.fail(f"the statement has a text effect ({name}: {value}, {where})", "use text-shadow: none")

    def _inherited_families(self, rules: list[_Rule]) -> list[tuple[str, str]]:
        """When no rule names the statement's font, the one it inherits from the page."""
        result = []
        for rule in rules:
            if rule.page:
                result += [(v, rule.source) for name, value in rule.declarations for v in _font_families(name, value)]
        return result[-1:]  # the last one wins

    def _check_emblem_css(self, audit: PageAudit, rules: list[_Rule]) -> None:
        for rule in rules:
            if not rule.emblem:
                continue
            declared = dict(rule.declarations)
            for name, value in rule.declarations:
                if _modifies_drawing(name, value):
                    audit.fail(
                        f"the stylesheet changes the EU emblem ({name}: {value}, {rule.source})",
                        "never recolour, fade, filter or transform the emblem: remove the declaration",
                    )
            height, width = _css_px(declared.get("height")), _css_px(declared.get("width"))
            if height is not None and height < MIN_EMBLEM_HEIGHT_PX:
                audit.fail(
                    f"the stylesheet shows the EU emblem {height:g} px high ({rule.source}), less than"
                    f" {MIN_EMBLEM_HEIGHT_PX:g} CSS px (1 cm)",
                    f"show it at least {MIN_EMBLEM_HEIGHT_PX:g} px high",
                )
            if height and width and abs(width - FLY_RATIO * height) > RATIO_TOLERANCE_PX:
                audit.fail(
                    f"the stylesheet shows the EU emblem {width:g}×{height:g} px ({rule.source}): not 3:2",
                    "keep the width 1.5 × the height",
                )


def _until_block(statement: Node) -> list[Node]:
    """The statement's ancestors up to and including its block (their style attributes apply)."""
    result = []
    for node in statement.ancestors():
        result.append(node)
        if BLOCK_CLASS in node.classes:
            break
    return result


def _brand_images(block: Node | None) -> list[Node]:
    if block is None:
        return []
    return [
        n
        for n in block.iter()
        if n.tag == "img"
        and (BRAND_LOGO_CLASS in n.classes or BRAND_ATTRIBUTE in n.attrs)
        and EMBLEM_CLASS not in n.classes
    ]


def _size(node: Node) -> tuple[float | None, float | None]:
    """Width and height in CSS px, from the attributes and, where it says px, the style."""
    style = _declarations(node.attrs.get("style", ""))
    width = _css_px(style.get("width"))
    height = _css_px(style.get("height"))
    if width is None:
        width = _number(node.attrs.get("width"))
    if height is None:
        height = _number(node.attrs.get("height"))
    return width, height


def _hidden(node: Node) -> bool:
    if "hidden" in node.attrs:
        return True
    if any(re.search(r"hidden|sr-only|screen-reader|visually", c, re.I) for c in node.classes):
        return True
    style = _declarations(node.attrs.get("style", ""))
    return style.get("display", "").lower() == "none" or style.get("visibility", "").lower() == "hidden"


def _srcset_urls(srcset: str) -> list[str]:
    return [part.strip().split()[0] for part in srcset.split(",") if part.strip()]


def _image_words(node: Node) -> str:
    src = node.attrs.get("src", "")
    name = posixpath.basename(urlsplit(src).path) if not src.startswith("data:") else ""
    return f"{node.attrs.get('alt', '')} {name}".lower()


_LOOKALIKE = re.compile(
    r"(?:\beu|europe|european[\s_-]*union)[\s_-]*(?:flag|emblem)|flag[\s_-]*of[\s_-]*(?:the[\s_-]*)?"
    r"(?:eu\b|europe|european[\s_-]*union)|\beu[\s_-]*(?:emblem|logo)|\beuflag",
    re.I,
)


def _looks_like_emblem(node: Node) -> bool:
    """An image or drawing that passes for the EU emblem without being marked as one."""
    if node.tag == "img":
        if node.attrs.get(BRAND_ATTRIBUTE) is not None or BRAND_LOGO_CLASS in node.classes:
            return False
        words = _image_words(node)
        if _LOOKALIKE.search(words):
            return True
        return any(_fold(w.flag) in _fold(node.attrs.get("alt", "")) for w in WORDING.values())
    if node.tag == "svg" and node.closest(EMBLEM_CLASS) is None:
        return _in_emblem_colours(node.values)
    return False


def _in_emblem_colours(values: Callable[[str], list[str | None]]) -> bool:
    """Does a drawing (`values`: an attribute of it and of everything in it) paint in both
    Reflex Blue and Yellow, by attribute or style?"""
    paints = {_colour(fill) for fill in values("fill")}
    paints |= {_colour(_declarations(style).get("fill")) for style in values("style") if style}
    return {_BLUE, _YELLOW} <= paints


def _describe(node: Node) -> str:
    if node.tag == "img":
        return f'<img src="{node.attrs.get("src", "")}">'
    return f"<{node.tag}>"


# --- the emblem's construction --------------------------------------------------------------


Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as SVG's matrix()
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Point = tuple[float, float]

_DRAWING_TAGS = frozenset({"rect", "path", "polygon"})
_IGNORED_TAGS = frozenset({"title", "desc", "metadata"})


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _apply(m: Matrix, point: Point) -> Point:
    a, b, c, d, e, f = m
    x, y = point
    return (a * x + c * y + e, b * x + d * y + f)


_TRANSFORM = re.compile(r"\s*,?\s*(matrix|translate|scale|rotate|skewx|skewy)\s*\(([^)]*)\)", re.I)


def _transform(text: str) -> Matrix | None:
    """SVG's transform attribute as a matrix; None when it cannot be read."""
    matrix, position = _IDENTITY, 0
    text = text.strip()
    while position < len(text):
        match = _TRANSFORM.match(text, position)
        if not match:
            return None
        name, args = match.group(1).lower(), _numbers(match.group(2))
        position = match.end()
        step: Matrix
        if name == "matrix" and len(args) == 6:
            step = (args[0], args[1], args[2], args[3], args[4], args[5])
        elif name == "translate" and len(args) in (1, 2):
            step = (1, 0, 0, 1, args[0], args[1] if len(args) == 2 else 0)
        elif name == "scale" and len(args) in (1, 2):
            step = (args[0], 0, 0, args[1] if len(args) == 2 else args[0], 0, 0)
        elif name == "rotate" and len(args) in (1, 3):
            angle = math.radians(args[0])
            cos, sin = math.cos(angle), math.sin(angle)
            step = (cos, sin, -sin, cos, 0, 0)
            if len(args) == 3:
                cx, cy = args[1], args[2]
                step = _multiply(_multiply((1, 0, 0, 1, cx, cy), step), (1, 0, 0, 1, -cx, -cy))
        elif name == "skewx" and len(args) == 1:
            step = (1, 0, math.tan(math.radians(args[0])), 1, 0, 0)
        elif name == "skewy" and len(args) == 1:
            step = (1, math.tan(math.radians(args[0])), 0, 1, 0, 0)
        else:
            return None
        matrix = _multiply(matrix, step)
    return matrix


_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _path_polygons(d: str) -> list[list[Point]] | str:
    """The sub-paths of path data made of straight lines (M L H V Z, absolute or relative) as
    lists of points; a message when it uses anything else (curves, arcs)."""
    tokens = _PATH_TOKEN.findall(d)
    polygons: list[list[Point]] = []
    current: list[Point] = []
    x = y = start_x = start_y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command = token
            i += 1
            if command in "Zz":
                if current:
                    polygons.append(current)
                current = []
                x, y = start_x, start_y
                continue
            if command not in "MmLlHhVv":
                return f"its path uses the {command!r} command (curves or arcs), not straight lines"
            continue
        if not command or command in "Zz":
            return "its path data is malformed"
        arity = 2 if command in "MmLl" else 1
        if i + arity > len(tokens) or any(t.isalpha() for t in tokens[i : i + arity]):
            return "its path data is malformed"
        values = [float(t) for t in tokens[i : i + arity]]
        i += arity
        relative = command.islower()
        if command in "Mm":
            if current:
                polygons.append(current)
            x, y = (x + values[0], y + values[1]) if relative else (values[0], values[1])
            start_x, start_y = x, y
            current = [(x, y)]
            command = "l" if relative else "L"  # further pairs are line-tos
            continue
        if command in "Ll":
            x, y = (x + values[0], y + values[1]) if relative else (values[0], values[1])
        elif command in "Hh":
            x = x + values[0] if relative else values[0]
        else:
            y = y + values[0] if relative else values[0]
        current.append((x, y))
    if current:
        polygons.append(current)
    return polygons


def _presentation(node: Node) -> dict[str, str]:
    """Presentation attributes with the style attribute on top (as CSS orders them)."""
    props = {name: value for name, value in node.attrs.items() if name in _PRESENTATION}
    props.update({k: v for k, v in _declarations(node.attrs.get("style", "")).items()})
    return props


_PRESENTATION = frozenset(
    "fill fill-opacity opacity stroke stroke-width filter mask clip-path transform display visibility"
    " mix-blend-mode fill-rule".split()
)


def _modifies_drawing(name: str, value: str) -> bool:
    value = value.strip().lower()
    if name in ("opacity", "fill-opacity"):
        try:
            return float(value.rstrip("%")) / (100 if value.endswith("%") else 1) < 1
        except ValueError:
            return value not in ("inherit", "initial", "unset")
    if name in ("filter", "mask", "clip-path", "transform", "stroke", "mix-blend-mode", "fill", "backdrop-filter"):
        return value not in ("none", "normal", "inherit", "initial", "unset", "")
    if name == "visibility":
        return value in ("hidden", "collapse")
    return name == "display" and value == "none"


def _svg_file_problems(data: bytes, shown: str) -> list[tuple[str, str]]:
    fix = "use the SVG emblem eupages draws"
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError:
            return [(f"the EU emblem's file {shown} cannot be read: cannot verify the emblem's construction", fix)]
    head = data[:1024].lstrip().lower()
    if not (head.startswith(b"<svg") or head.startswith(b"<?xml") or head.startswith(b"<!--")) or b"<svg" not in data:
        kind = _raster_kind(data)
        return [(f"the EU emblem {shown} is a {kind} image: cannot verify the emblem's construction", fix)]
    root = parse_markup(data.decode("utf-8", errors="replace"))
    svg = next((n for n in root.iter() if n.tag == "svg"), None)
    if svg is None:
        return [(f"the EU emblem's file {shown} has no <svg>: cannot verify the emblem's construction", fix)]
    return [(f"{what} (in {shown})", fix) for what, fix in _svg_emblem_problems(svg)]


def _raster_kind(data: bytes) -> str:
    for magic, kind in ((b"\x89PNG", "PNG"), (b"\xff\xd8", "JPEG"), (b"GIF8", "GIF"), (b"RIFF", "WebP")):
        if data.startswith(magic):
            return kind
    return "raster (not SVG)"


class _Shape(NamedTuple):
    kind: str  # "rect" | "stars"
    polygons: list[list[Point]]
    fill: str | None
    order: int  # the place in document order among the drawing's shapes


_DRAWINGS: dict[tuple, list[tuple[str, str]]] = {}


def _inline_emblem_problems(svg: Node) -> list[tuple[str, str]]:
    """`_svg_emblem_problems`, remembered by the drawing's markup: every page of a site shows the
    same emblem, which needs measuring once."""
    key = tuple(
        (node.tag, tuple(sorted(node.attrs.items())), tuple(c for c in node.children if isinstance(c, str)))
        for node in svg.iter()
        if node.tag != "title"
    )
    if key not in _DRAWINGS:
        if len(_DRAWINGS) >= _READ_LIMIT:
            _DRAWINGS.clear()
        _DRAWINGS[key] = _svg_emblem_problems(svg)
    return _DRAWINGS[key]


def _svg_emblem_problems(svg: Node) -> list[tuple[str, str]]:
    """Everything that keeps this SVG from being the EU emblem's official construction."""
    problems: list[tuple[str, str]] = []

    def fail(what: str, fix: str = _FIX_EMBLEM) -> None:
        problem = (f"the EU emblem {what}", fix)
        if problem not in problems:
            problems.append(problem)

    box = _numbers(svg.attrs.get("viewbox", ""))
    width, height = _number(svg.attrs.get("width")), _number(svg.attrs.get("height"))
    if len(box) != 4:
        if width is None or height is None:
            fail("has no viewBox, so its drawing cannot be measured", "give the <svg> a viewBox")
            return problems
        box = [0.0, 0.0, width, height]
    vx, vy, vw, vh = box
    if vw <= 0 or vh <= 0:
        fail(f"has an empty viewBox ({svg.attrs.get('viewbox')})")
        return problems
    fit = svg.attrs.get("preserveaspectratio", "").strip().lower()
    if fit.startswith("none") and width and height and abs(width / height - vw / vh) > GEOMETRY_TOLERANCE:
        fail(
            f'is stretched: preserveAspectRatio="none" shows its {vw:g}×{vh:g} drawing in a {width:g}×{height:g} box',
            "remove preserveAspectRatio or keep the box 3:2",
        )
    shapes: list[_Shape] = []
    root_props = _presentation(svg)
    for name, value in root_props.items():
        if name not in ("fill", "fill-rule") and _modifies_drawing(name, value):
            fail(f"is modified ({name}: {value})", "draw it without opacity, filters, masks or transforms")
    _walk(svg, _IDENTITY, _colour(root_props.get("fill")) or "#000000", shapes, fail)
    rects = [s for s in shapes if s.kind == "rect"]
    stars = [s for s in shapes if s.kind == "stars"]
    paints = {s.fill for s in shapes} - {_BLUE, _YELLOW}
    if paints:
        fail(
            f"is drawn in {', '.join(sorted(str(p) for p in paints))}, not only Reflex Blue and Yellow",
            "draw the rectangle in Reflex Blue #003399 and the stars in Yellow #FFCC00, with nothing added",
        )
    if len(rects) != 1:
        fail(f"has {len(rects)} rectangles, not one Reflex Blue rectangle", "draw one blue rectangle and twelve stars")
        return problems
    rect = rects[0]
    xs = [p[0] for p in rect.polygons[0]]
    ys = [p[1] for p in rect.polygons[0]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    hoist, fly = y1 - y0, x1 - x0
    if hoist <= 0:
        fail("has an empty rectangle")
        return problems
    tol = GEOMETRY_TOLERANCE * hoist
    corners = {(round(x, 6), round(y, 6)) for x, y in rect.polygons[0]}
    if any(min(abs(x - x0), abs(x - x1)) > tol or min(abs(y - y0), abs(y - y1)) > tol for x, y in corners):
        fail("has a rotated or skewed rectangle")
    if rect.fill != _BLUE and rect.fill not in paints:
        fail(f"rectangle is {rect.fill}, not Reflex Blue #003399")
    if abs(fly - FLY_RATIO * hoist) > tol:
        fail(f"rectangle is {fly:g}×{hoist:g}: its width (fly) is not 1.5 times its height (hoist)")
    if max(abs(x0 - vx), abs(y0 - vy), abs(x1 - vx - vw), abs(y1 - vy - vh)) > tol:
        fail(f"rectangle ({x0:g},{y0:g} {fly:g}×{hoist:g}) does not fill the viewBox ({vx:g},{vy:g} {vw:g}×{vh:g})")
    polygons = [polygon for shape in stars for polygon in shape.polygons]
    if any(shape.order < rect.order for shape in stars):
        fail("draws stars under the rectangle, where they are hidden", "draw the rectangle first, then the stars")
    if any(shape.fill != _YELLOW and shape.fill not in paints for shape in stars):
        fail("has stars that are not Yellow #FFCC00")
    _check_stars(polygons, (x0, y0), hoist, tol, fail)
    return problems


def _walk(node: Node, matrix: Matrix, fill: str, shapes: list[_Shape], fail) -> None:
    for child in node.children:
        if not isinstance(child, Node) or child.tag in _IGNORED_TAGS:
            continue
        props = _presentation(child)
        for name, value in props.items():
            if name in ("fill", "fill-rule", "transform"):
                continue
            if name == "stroke-width" or not _modifies_drawing(name, value):
                continue
            fail(
                f"is modified: a <{child.tag}> has {name}: {value}",
                "draw it without strokes, opacity, filters or masks",
            )
        step = _IDENTITY
        if "transform" in props:
            parsed = _transform(props["transform"]) if "transform" in child.attrs else None
            if parsed is None or "transform" in _declarations(child.attrs.get("style", "")):
                fail(f"has a transform that cannot be measured ({props['transform']})", "draw it without transforms")
                continue
            step = parsed
        m = _multiply(matrix, step)
        paint = _colour(props["fill"]) if "fill" in props and props["fill"].strip() else fill
        paint = paint or fill
        if child.tag == "g":
            _walk(child, m, paint, shapes, fail)
            continue
        if child.tag not in _DRAWING_TAGS:
            fail(
                f"contains a <{child.tag}>: it is twelve stars on a blue rectangle and nothing else",
                "remove everything else from the drawing",
            )
            continue
        if any(isinstance(grand, Node) and grand.tag not in _IGNORED_TAGS for grand in child.children):
            fail(f"has something inside a <{child.tag}> (an animation?)", "remove it")
        if child.tag == "rect":
            x, y = _number(child.attrs.get("x", "0")) or 0.0, _number(child.attrs.get("y", "0")) or 0.0
            w, h = _number(child.attrs.get("width")), _number(child.attrs.get("height"))
            if w is None or h is None:
                fail("has a rectangle without a width and height in user units")
                continue
            if (_number(child.attrs.get("rx")) or 0) > 0 or (_number(child.attrs.get("ry")) or 0) > 0:
                fail("has a rectangle with rounded corners")
            corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            shapes.append(_Shape("rect", [[_apply(m, p) for p in corners]], paint, len(shapes)))
            continue
        if child.tag == "polygon":
            values = _numbers(child.attrs.get("points", ""))
            polygons: list[list[Point]] | str = [list(zip(values[0::2], values[1::2], strict=False))]
        else:
            polygons = _path_polygons(child.attrs.get("d", ""))
        if isinstance(polygons, str):
            fail(f"cannot be measured: {polygons}", _FIX_EMBLEM)
            continue
        shapes.append(_Shape("stars", [[_apply(m, p) for p in polygon] for polygon in polygons], paint, len(shapes)))


def _check_stars(polygons: list[list[Point]], origin: Point, hoist: float, tol: float, fail) -> None:
    if len(polygons) != STAR_COUNT:
        fail(f"has {len(polygons)} star{'s' if len(polygons) != 1 else ''}, not twelve")
    canonical = [(origin[0] + cx, origin[1] + cy) for cx, cy in star_centres(hoist)]
    matched: set[int] = set()
    radius = hoist * STAR_RADIUS_RATIO
    for polygon in polygons:
        points = polygon[:-1] if len(polygon) > 1 and _close(polygon[0], polygon[-1], tol) else polygon
        if len(points) != 2 * STAR_POINTS:
            fail(f"has a star with {len(points)} corners: not a five-point star")
            continue
        cx = sum(p[0] for p in points) / len(points)
        cy = sum(p[1] for p in points) / len(points)
        nearest = min(range(len(canonical)), key=lambda i: math.dist(canonical[i], (cx, cy)))
        if math.dist(canonical[nearest], (cx, cy)) > tol:
            fail(
                f"has a star at ({cx:g}, {cy:g}) that is not where the hours stand on a circle of radius"
                f" hoist/{1 / STAR_CIRCLE_RATIO:g} at the rectangle's centre"
            )
            continue
        if nearest in matched:
            fail("has two stars in one place: the twelve are not evenly spaced")
        matched.add(nearest)
        expected = star_points(*canonical[nearest], radius)
        if not _same_points(points, expected, tol):
            fail(
                f"has a star that is not upright, not regular, or whose points are not on a circle of radius"
                f" hoist/{1 / STAR_RADIUS_RATIO:g}"
            )


def _close(a: Point, b: Point, tol: float) -> bool:
    return math.dist(a, b) <= tol


def _same_points(actual: list[Point], expected: list[Point], tol: float) -> bool:
    remaining = list(actual)
    for point in expected:
        index = next((i for i, p in enumerate(remaining) if _close(p, point, tol)), None)
        if index is None:
            return False
        del remaining[index]
    return not remaining


# --- stylesheets ----------------------------------------------------------------------------


class _Rule(NamedTuple):
    selectors: tuple[str, ...]
    declarations: list[tuple[str, str]]
    source: str
    imported: str | None = None  # an @import's address, for the page to follow
    # What the selectors style, worked out once per stylesheet:
    statement: bool = False  # the statement (or the block whose text it is)
    emblem: bool = False  # the emblem
    page: bool = False  # html, body, :root or *, whose font the statement inherits


def _rule(selectors: tuple[str, ...], declarations: list[tuple[str, str]], source: str) -> _Rule:
    return _Rule(
        selectors,
        declarations,
        source,
        statement=any(_targets_statement(s) for s in selectors),
        emblem=any(_targets_emblem(s) for s in selectors),
        page=any(_subject(s)[0] in ("html", "body", ":root", "*") and not _subject(s)[1] for s in selectors),
    )


_SKIPPED_AT_RULES = frozenset({"font-face", "keyframes", "-webkit-keyframes", "page", "counter-style", "property"})


def _css_rules(css: str, source: str) -> list[_Rule]:
    """The style rules of a stylesheet, with those inside @media, @supports and @layer, and
    its @imports in place; @font-face and other descriptors are left out."""
    css = re.sub(r"/\*.*?\*/", " ", css, flags=re.S)
    rules: list[_Rule] = []
    _css_block(css, source, rules)
    return rules


def _css_block(css: str, source: str, rules: list[_Rule]) -> None:
    i, n = 0, len(css)
    while i < n:
        end, brace = _css_scan(css, i)
        prelude = css[i:end].strip()
        if brace is None:  # an at-statement ending in ";" (or the end)
            imported = re.match(r"@import\s+(?:url\(\s*)?[\"']?([^\"')\s;]+)", prelude, re.I)
            if imported:
                rules.append(_Rule((), [], source, imported.group(1)))
            i = end + 1
            continue
        close = _css_matching(css, end)
        body = css[end + 1 : close]
        i = close + 1
        if prelude.startswith("@"):
            name = re.match(r"@([\w-]+)", prelude)
            if name and name.group(1).lower() not in _SKIPPED_AT_RULES:
                _css_block(body, source, rules)
            continue
        selectors = tuple(s.strip() for s in _split_top(prelude, ",") if s.strip())
        flat = re.sub(r"\{[^{}]*\}", " ", body)  # nested rules (CSS nesting) are not followed
        declarations = [(k, v) for k, v in _declarations(flat).items()]
        rules.append(_rule(selectors, declarations, source))


def _css_code(css: str, start: int):
    """(position, character) of the CSS from `start` on, leaving out what is inside strings."""
    quote = ""
    for i in range(start, len(css)):
        ch = css[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        else:
            yield i, ch


def _css_scan(css: str, start: int) -> tuple[int, str | None]:
    """The position of the next `{` or `;` at this level (outside strings), and which."""
    for i, ch in _css_code(css, start):
        if ch == "{":
            return i, "{"
        if ch == ";":
            return i, None
    return len(css), None


def _css_matching(css: str, open_at: int) -> int:
    """The position of the `}` that closes the `{` at `open_at`."""
    depth = 0
    for i, ch in _css_code(css, open_at):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(css)


_BLOCK_MENTION = re.compile(r"\.eu-funding(?:--[\w-]+)?(?![\w-])")
_NOT_TEXT_TAGS = frozenset("svg img path rect polygon g title picture source use circle video".split())


def _subject(selector: str) -> tuple[str, list[str], str]:
    """The last compound of a selector: (tag or "", its classes, its pseudo-element)."""
    cleaned = re.sub(r"\([^()]*\)", "", selector)  # :not(...) and friends say nothing of the subject
    cleaned = re.sub(r"\[[^\]]*\]", "", cleaned)
    compound = re.split(r"\s*[>+~]\s*|\s+", cleaned.strip())[-1]
    pseudo = re.search(r"::?(before|after|marker|selection|placeholder|backdrop|first-line|first-letter)", compound)
    tag = re.match(r"[a-zA-Z][\w-]*|\*|:root", compound)
    return (tag.group(0).lower() if tag else ""), re.findall(r"\.([\w-]+)", compound), pseudo.group(1) if pseudo else ""


def _targets_statement(selector: str) -> bool:
    """Does this selector style the statement (or the block whose text it is)?"""
    tag, classes, pseudo = _subject(selector)
    if pseudo and pseudo not in ("first-line", "first-letter"):
        return False
    if any(c == STATEMENT_CLASS or c.startswith(STATEMENT_CLASS + "-") for c in classes):
        return True
    # Inside the block or the statement: any element that is not another part of the block.
    inside = _BLOCK_MENTION.search(selector) or re.search(r"\.eu-statement(?![\w-])", selector)
    if not inside or tag in _NOT_TEXT_TAGS:
        return False
    return all(c.startswith(BLOCK_CLASS) for c in classes)


def _targets_emblem(selector: str) -> bool:
    tag, classes, pseudo = _subject(selector)
    if pseudo:
        return False
    if EMBLEM_CLASS in classes:
        return True
    mentions = _BLOCK_MENTION.search(selector) or re.search(r"\.eu-emblem(?![\w-])", selector)
    return bool(mentions) and tag in ("svg", "rect", "path", "polygon") and not classes


def _font_families(name: str, value: str) -> list[str]:
    """The font-family list a declaration sets (from `font-family` or the `font` shorthand)."""
    value = value.strip()
    if value.lower() in ("inherit", "initial", "unset", "revert", "revert-layer", ""):
        return []
    if name == "font-family":
        return [value]
    if name == "font":
        match = re.search(
            r"(?:^|\s)(?:[\d.]+(?:px|pt|pc|em|rem|ex|ch|%|vw|vh|vmin|vmax|cm|mm|in|q)|xx-small|x-small|small|medium|"
            r"large|x-large|xx-large|xxx-large|larger|smaller|var\([^)]*\)|calc\([^)]*\))(?:\s*/\s*\S+)?\s+(.+)$",
            value,
            re.I,
        )
        return [match.group(1)] if match else [value]  # a system font (caption, menu …) is not allowed
    return []


def _disallowed_fonts(value: str) -> list[str]:
    bad = []
    for family in _split_top(value, ","):
        name = _normalise(family.strip().strip("\"'")).lower()
        if name not in _ALLOWED_FONT_KEYS:
            bad.append(family.strip())
    return bad


# --- whole folders ---------------------------------------------------------------------------


@dataclass
class FolderAudit:
    """The audit of every HTML page of a built site."""

    folder: Path
    base_path: str
    pages: int = 0
    eu_pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def audit_folder(folder: str | Path, *, base_path: str | None = None) -> FolderAudit:
    """Audit every HTML page under ``folder`` by the rules of each page's own period.
    ``base_path`` is the sub-path the site is served under ("/repo/"); by default it is read
    from the pages' canonical addresses."""
    root = Path(folder)
    pages = sorted(
        path
        for path in root.rglob("*")
        if path.suffix.lower() in (".html", ".htm")
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )
    texts = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8", errors="replace") for path in pages}
    base = base_path if base_path is not None else infer_base_path(texts)
    site = SiteFiles(root, base)
    result = FolderAudit(root, site.base_path, pages=len(texts))
    for name, html in texts.items():
        audit = audit_page(name, html, site=site)
        if audit.eu_funded:
            result.eu_pages.append(name)
        result.problems += audit.problems
        result.notices += audit.notices
    return result


_CANONICAL = re.compile(r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.I)
_HREF = re.compile(r"\bhref=[\"']?([^\"'\s>]+)", re.I)


def infer_base_path(pages: dict[str, str]) -> str:
    """The sub-path a site is served under, from the first page whose canonical address ends
    in the page's own path; "/" when none says."""
    for name, html in pages.items():
        link = _CANONICAL.search(html)
        href = _HREF.search(link.group(0)) if link else None
        if href is None:
            continue
        path = urlsplit(href.group(1)).path
        own = name[: -len("index.html")] if name.endswith("index.html") else name
        if own and path.endswith(own):
            return path[: len(path) - len(own)] or "/"
        if not own and path.endswith("/"):
            return path
    return "/"


def check_site(
    site_dir: str | Path,
    expectations: Iterable[Expectation | tuple[str, str, bool, list[str]]],
    *,
    base_path: str = "/",
) -> list[str]:
    """Check every expected page of the built site; return problems naming the file."""
    root = Path(site_dir)
    problems: list[str] = []
    for html_path, lang, eu_funded, texts in expectations:
        path = root / html_path
        try:
            html = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(f"{html_path}: page not found in {root} — build the site first")
            continue
        problems.extend(check_page(str(html_path), html, lang, eu_funded, texts, site_dir=root, base_path=base_path))
    return problems
