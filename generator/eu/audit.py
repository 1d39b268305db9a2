"""EU visibility check of a built site: does every page show (or not show) the block?

Works on the generated HTML, not on templates, so it catches whatever the templates,
translations and content actually produced. Standard library only (``html.parser``):
it must run in CI without a browser. Layout rules that need rendering (first viewport,
no overlap) are left to browser tests; this checks what the markup can prove.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

BLOCK_CLASS = "eu-funding"
EMBLEM_CLASS = "eu-emblem"
STATEMENT_CLASS = "eu-statement"
LOGO_CLASS = "eu-logo"

# Elements that never have an end tag in HTML: they must not be pushed on the stack.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())

# "no" is the site's code for Norwegian; pages may also declare bokmål as "nb".
_LANG_ALIASES = {"nb": "no"}


class Expectation(NamedTuple):
    """What one built page should show. ``html_path`` is relative to the site folder."""

    html_path: str
    lang: str
    eu_funded: bool
    expected_statement_texts: list[str]


@dataclass
class _Element:
    tag: str
    classes: frozenset[str]
    lang: str | None  # effective language (inherited from the nearest ancestor)


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


class _FundingParser(HTMLParser):
    """Collects the facts about EU funding markup from one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = _PageFacts()
        self._stack: list[_Element] = []
        self._statement_text: list[str] | None = None
        self._statement_depth = 0
        self._statement_lang: str | None = None
        self._emblem_depth = 0
        self._in_emblem_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: (value or "") for name, value in attrs}
        classes = frozenset(attr.get("class", "").split())
        parent_lang = self._stack[-1].lang if self._stack else None
        lang = attr["lang"] if "lang" in attr else parent_lang
        if tag == "html" and "lang" in attr:
            self.facts.html_lang = attr["lang"]

        if BLOCK_CLASS in classes:
            self.facts.blocks += 1
        if EMBLEM_CLASS in classes:
            self.facts.emblems += 1
            self.facts.emblem_titles.append(attr.get("aria-label", "") or attr.get("alt", ""))
            self.facts.emblem_fills.append(set())
            self.facts.emblem_sizes.append((_number(attr.get("width")), _number(attr.get("height"))))
            if tag not in _VOID:
                self._emblem_depth = len(self._stack) + 1
        elif self._emblem_depth and "fill" in attr:
            self.facts.emblem_fills[-1].add(attr["fill"].strip().upper())
        if LOGO_CLASS in classes:
            self.facts.logos.append((attr.get("src", ""), _number(attr.get("width")), _number(attr.get("height"))))
        if self._emblem_depth and tag == "title":
            self._in_emblem_title = True
        if STATEMENT_CLASS in classes and self._statement_text is None and tag not in _VOID:
            self._statement_text = []
            self._statement_depth = len(self._stack) + 1
            self._statement_lang = lang

        if tag not in _VOID:
            self._stack.append(_Element(tag, classes, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <rect/> in inline SVG: an element that opens and closes at once.
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        # Pop up to the matching open element; tolerate stray end tags (browsers do).
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                del self._stack[index:]
                break
        else:
            return
        depth = len(self._stack)
        if tag == "title":
            self._in_emblem_title = False
        if self._statement_text is not None and depth < self._statement_depth:
            text = _normalise("".join(self._statement_text))
            self.facts.statements.append((text, self._statement_lang))
            self._statement_text = None
        if self._emblem_depth and depth < self._emblem_depth:
            self._emblem_depth = 0

    def handle_data(self, data: str) -> None:
        if self._statement_text is not None:
            self._statement_text.append(data)
        if self._in_emblem_title and self.facts.emblem_titles:
            self.facts.emblem_titles[-1] += data


def _number(value: str | None) -> float | None:
    """A width/height attribute in CSS px ("72", "72.5", "72px"), or None."""
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)(?:px)?\s*", value)
    return float(match.group(1)) if match else None


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _same_lang(actual: str | None, expected: str) -> bool:
    if not actual:
        return False
    primary = actual.strip().lower().replace("_", "-").split("-")[0]
    wanted = expected.strip().lower().replace("_", "-").split("-")[0]
    return _LANG_ALIASES.get(primary, primary) == _LANG_ALIASES.get(wanted, wanted)


def parse_page(html: str) -> _PageFacts:
    """The EU funding facts of one HTML document."""
    parser = _FundingParser()
    parser.feed(html)
    parser.close()
    return parser.facts


def check_page(name: str, html: str, lang: str, eu_funded: bool, expected_statement_texts: Iterable[str]) -> list[str]:
    """Problems of one page, each starting with ``name`` (the page's path)."""
    facts = parse_page(html)
    if not eu_funded:
        # Showing the emblem without EU support is itself a misuse of the emblem.
        problems = []
        if facts.blocks:
            problems.append(f"{name}: page is not EU funded but contains an .{BLOCK_CLASS} block")
        if facts.emblems:
            problems.append(f"{name}: page is not EU funded but shows the EU emblem (.{EMBLEM_CLASS})")
        return problems

    problems = []
    if not facts.blocks:
        problems.append(f"{name}: EU-funded page has no .{BLOCK_CLASS} block")
    if not facts.emblems:
        problems.append(f"{name}: EU-funded page has no EU emblem (.{EMBLEM_CLASS})")
    for title in facts.emblem_titles:
        if not _normalise(title):
            problems.append(f"{name}: the EU emblem has no text alternative (<title> or aria-label)")
    for fills in facts.emblem_fills:
        # Only inline SVG reports fills; an <img> emblem has none to check.
        if fills and not {"#003399", "#FFCC00"} <= fills:
            problems.append(
                f"{name}: the EU emblem is not drawn in Reflex Blue #003399 and Yellow #FFCC00"
                f" (found {', '.join(sorted(fills))})"
            )
    problems.extend(_logo_problems(name, facts))
    page_lang_ok = _same_lang(facts.html_lang, lang)
    if not page_lang_ok:
        problems.append(
            f"{name}: page language is {facts.html_lang!r}, expected {lang!r}:"
            " the statement must be in the language of the page"
        )

    statement_texts = [text for text, _ in facts.statements]
    for expected in expected_statement_texts:
        wanted = _normalise(expected)
        found = [stmt for stmt in facts.statements if wanted in stmt[0]]
        if not found:
            shown = " | ".join(statement_texts) if statement_texts else "no .eu-statement"
            problems.append(
                f"{name}: statement {wanted!r} ({lang}) not found in the page's .{STATEMENT_CLASS} (shows: {shown})"
            )
        elif page_lang_ok and not any(_same_lang(stmt_lang, lang) for _, stmt_lang in found):
            # The page is right but a lang attribute inside it marks the statement as
            # another language: a screen reader would read it with the wrong voice.
            problems.append(
                f"{name}: statement {wanted!r} is marked as language {found[0][1]!r}, not the page's language {lang!r}"
            )
    return problems


def _logo_problems(name: str, facts: _PageFacts) -> list[str]:
    """Every other logo on the page must be no taller and no wider than the EU emblem."""
    sizes = [(w, h) for w, h in facts.emblem_sizes if w is not None and h is not None]
    if not facts.logos or not sizes:
        return []
    emblem_w, emblem_h = max(sizes)
    problems = []
    for src, width, height in facts.logos:
        if width is None or height is None:
            problems.append(
                f"{name}: logo {src} beside the EU emblem has no width and height in px,"
                " so it cannot be shown to be no larger than the emblem"
            )
        elif width > emblem_w or height > emblem_h:
            problems.append(
                f"{name}: logo {src} is {width:g}×{height:g} px, larger than the EU emblem"
                f" ({emblem_w:g}×{emblem_h:g} px)"
            )
    return problems


def check_site(
    site_dir: str | Path,
    expectations: Iterable[Expectation | tuple[str, str, bool, list[str]]],
) -> list[str]:
    """Check every expected page of the built site; return problems naming the file."""
    root = Path(site_dir)
    problems: list[str] = []
    for html_path, lang, eu_funded, texts in expectations:
        path = root / html_path
        try:
            html = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(f"{html_path}: page not found in {root}")
            continue
        problems.extend(check_page(str(html_path), html, lang, eu_funded, texts))
    return problems
