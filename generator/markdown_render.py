"""Markdown → HTML for page narratives."""

from __future__ import annotations

import re
import unicodedata

import markdown

_EXTENSIONS = ["tables", "sane_lists", "toc"]


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors that keep Swedish, Polish and Lithuanian letters readable (å → a)."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", separator, value) or "section"


class MarkdownRenderer:
    """One reusable converter per process: building a Markdown instance costs more than using it."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=_EXTENSIONS,
            extension_configs={"toc": {"slugify": slugify, "permalink": False}},
            output_format="html",
        )

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)
