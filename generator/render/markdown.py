"""Markdown → HTML for page narratives."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import markdown

from generator.render.sanitize import refuse_raw_html, sanitize_html

_EXTENSIONS = ["tables", "sane_lists", "toc"]


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors that keep Swedish, Polish and Lithuanian letters readable (å → a)."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", separator, value) or "section"


class MarkdownRenderer:
    """One reusable converter per process: building a Markdown instance costs more than using it."""

    def __init__(self, raw_html: str = "sanitize", root: Path | None = None) -> None:
        self.raw_html = raw_html  # site_config.yml markdown.raw_html: "sanitize" | "refuse"
        self.root = root
        self._md = markdown.Markdown(
            extensions=_EXTENSIONS,
            extension_configs={"toc": {"slugify": slugify, "permalink": False}},
            output_format="html",
        )

    def render(self, text: str, source: Path | None = None, first_line: int = 1) -> str:
        """HTML for `text`; raw HTML is sanitized, or refused naming `source`:line."""
        self._md.reset()
        html = self._md.convert(text)
        if self.raw_html == "refuse":
            refuse_raw_html(self._md.htmlStash.rawHtmlBlocks, text, source, first_line, self.root)
        return sanitize_html(html)
