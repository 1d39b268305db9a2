"""Page Markdown: the converter's two shortcuts give what stock Python-Markdown gives."""

from __future__ import annotations

import markdown
import pytest

from generator.render.markdown import inline_triggers, make_markdown, slugify

# Each inline pattern, its near misses, and texts where one pattern's output feeds the next.
SAMPLES = [
    "Plain words, no syntax at all.",
    "Some `code` and ``code with ` inside`` and \\`not code\\`.",
    "Escapes: \\*not em\\*, \\[not a link\\], \\\\ backslash, \\<b\\>.",
    "*em*, **strong**, ***both***, _em_, __strong__, snake_case_name, 2 * 3 * 4, **unclosed",
    '[link](https://example.org "title"), [ref][r], [short], ![img](a.png), ![ref img][r], ![short img]\n\n'
    "[r]: https://example.org/r\n[short]: /s",
    "<https://example.org/auto> and <someone@example.org> and < not a tag >.",
    "A line ending in two spaces  \nbreaks; one with one space \ndoes not.",
    'Inline <abbr title="x">HTML</abbr>, <!-- a comment -->, &amp; &#169; &#xA9; & alone, AT&T.',
    "# Heading with *em* and `code`\n\n## Same\n\n## Same\n\n### Å, ł and ė",
    "[TOC]\n\n# One\n\n## Two",
    "\\[TOC\\]\n\n# Escaped marker still counts",
    "Text [TOC] inside a paragraph\n\n# One",
    "| a | b |\n|---|--:|\n| *x* | [y](/y) |\n| `z` | &amp; |",
    "1. one\n2. two\n\n* a\n* b\n\n    indented code with *stars* and <tags>",
    "> quote with **strong** and a [link](/x)\n>\n> - item `code`",
]


def stock() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": slugify, "permalink": False}},
        output_format="html",
    )


@pytest.mark.parametrize("text", SAMPLES)
def test_output_is_stock_python_markdowns(text):
    expected, fast = stock(), make_markdown()
    assert fast.convert(text) == expected.convert(text)
    assert fast.htmlStash.rawHtmlBlocks == expected.htmlStash.rawHtmlBlocks  # what refuse mode reads


def test_one_converter_reused_gives_what_a_fresh_one_gives():
    reused = make_markdown()
    for text in SAMPLES + SAMPLES[::-1]:
        reused.reset()
        assert reused.convert(text) == stock().convert(text)


def test_a_toc_marker_still_becomes_the_table_of_contents():
    html = make_markdown().convert("[TOC]\n\n# One\n\n## Two")
    assert '<div class="toc">' in html and '<a href="#two">Two</a>' in html


def test_every_inline_pattern_has_a_known_trigger():
    """A Python-Markdown upgrade that changes a pattern's regex makes it 'always tried':
    still correct, but slower. This test says which pattern to look at."""
    md = make_markdown()
    unknown = [
        item.name for item in md.inlinePatterns._priority if inline_triggers(md.inlinePatterns[item.name]) is None
    ]
    assert unknown == []
