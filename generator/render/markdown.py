"""Markdown → HTML for page narratives."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from markdown import util
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.inlinepatterns import HTML_RE, DelimiterProcessor, InlineProcessor
from markdown.treeprocessors import InlineProcessor as InlineTreeprocessor

from generator.render.sanitize import refuse_raw_html, sanitize_html

# An inline pattern's regular expression (as Python-Markdown writes it) → the texts of which
# every match contains at least one. A text node without any of them cannot match the pattern,
# so it is not tried. A pattern not listed here (another Python-Markdown, another extension)
# is always tried: slower, never different.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # backtick
    r"\\(.)": ("\\",),  # escape
    r"(?<!\!)\[": ("[",),  # reference, link, short_reference
    r"\!\[": ("![",),  # image_link, image_reference, short_image_ref
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automail
    r"  \n": ("  \n",),  # linebreak
    HTML_RE: ("<",),  # html
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
}


def inline_triggers(pattern: InlineProcessor) -> tuple[str, ...] | None:
    """What a text must contain for `pattern` to match in it; None when not known."""
    if type(pattern) is DelimiterProcessor:  # em_strong: its regex is its tokens, `*|_`
        return tuple(pattern.tokens)
    return _TRIGGERS.get(pattern.getCompiledRegExp().pattern)


class _SkippingInlineProcessor(InlineTreeprocessor):
    """Python-Markdown's inline step tries each of its 14 patterns on every text node (about
    600 tries a page, most on text without a `*`, `[`, `<` or `&`); this one skips a pattern
    whose trigger is not in the text. A pattern that cannot match gives the text back
    unchanged and touches no state, so the result is the same, in half the time."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # types-Markdown types this registry as holding tree processors; it holds inline patterns.
        self._patterns = [(pattern, inline_triggers(pattern)) for pattern in self.inlinePatterns]  # type: ignore[arg-type]
        return super().run(tree, ancestors)

    # Replaces InlineProcessor.__handleInline (name-mangled), which its other methods call.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns = self._patterns
        start = 0
        while patternIndex < len(patterns):
            pattern, triggers = patterns[patternIndex]
            for trigger in triggers or ("",):  # "" is in every text: a pattern always tried
                if trigger in data:
                    data, matched, start = apply(pattern, data, patternIndex, start)
                    break
            else:
                matched, start = False, 0  # what trying it would have returned
            if not matched:
                patternIndex += 1
        return data


class _HeadingIdsTreeprocessor(TocTreeprocessor):
    """The toc extension as pages use it: ids on headings, and a `[TOC]` paragraph replaced by
    the table. The table (and md.toc, which nothing reads) is built only for a page that has
    the marker: drawing and serialising it for every page was a tenth of the conversion."""

    def run(self, doc: etree.Element) -> None:
        # A superset of the paragraphs replace_marker replaces: none here, none replaced there.
        self._marked = bool(self.marker) and any(
            el.text and len(el) == 0 and el.text.strip() == self.marker for el in doc.iter()
        )
        super().run(doc)

    def build_toc_div(self, toc_list: list) -> etree.Element:
        return super().build_toc_div(toc_list) if self._marked else etree.Element("div")

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self._marked:
            super().replace_marker(root, elem)


class _HeadingIds(TocExtension):
    TreeProcessorClass = _HeadingIdsTreeprocessor


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors that keep Swedish, Polish and Lithuanian letters readable (å → a)."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", separator, value) or "section"


def make_markdown() -> markdown.Markdown:
    """Tables, lists that keep their kind and heading ids (toc), with the two faster steps."""
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", _HeadingIds(slugify=slugify, permalink=False)],
        output_format="html",
    )
    md.treeprocessors.register(_SkippingInlineProcessor(md), "inline", 20)  # Python-Markdown's priority
    return md


class MarkdownRenderer:
    """One reusable converter per process: building a Markdown instance costs more than using it."""

    def __init__(self, raw_html: str = "sanitize", root: Path | None = None) -> None:
        self.raw_html = raw_html  # site_config.yml markdown.raw_html: "sanitize" | "refuse"
        self.root = root
        self._md = make_markdown()

    def render(self, text: str, source: Path | None = None, first_line: int = 1) -> str:
        """HTML for `text`; raw HTML is sanitized, or refused naming `source`:line."""
        self._md.reset()
        html = self._md.convert(text)
        if self.raw_html == "refuse":
            refuse_raw_html(self._md.htmlStash.rawHtmlBlocks, text, source, first_line, self.root)
        return sanitize_html(html)
