"""The pieces of `eupages translations export|import`: blocks, placeholders, alignment."""

from __future__ import annotations

import pytest
from translate.tools.pocount import wordcount

from generator.commands.exchange import (
    PlaceholderError,
    from_po,
    numbered_like,
    parse_inline,
    placeholder_legend,
    rebuild,
    to_po,
)
from generator.model.translation_status import CURRENT, REVIEW, UNTRANSLATED, align_blocks, blocks, source_hash, words

BODY = """
## A heading

A paragraph that
runs over two lines.

- an item
  continued
- another item

1. first
2. second

Code:

    an indented code block

| a | b |
|---|---|
| cell one | cell two |

> a quotation

```
fenced code
```
"""


def test_blocks_are_paragraphs_headings_items_quotes_and_cells() -> None:
    found = [(b.kind, b.text) for b in blocks(BODY)]
    assert found == [
        ("heading", "A heading"),
        ("paragraph", "A paragraph that runs over two lines."),
        ("item", "an item continued"),
        ("item", "another item"),
        ("item", "first"),
        ("item", "second"),
        ("paragraph", "Code:"),
        ("cell", "a"),
        ("cell", "b"),
        ("cell", "cell one"),
        ("cell", "cell two"),
        ("quote", "a quotation"),
    ]


def test_a_paragraph_is_not_cut_by_a_line_that_looks_like_a_list() -> None:
    assert [b.text for b in blocks("The logo (from\n2014) is declared.\n")] == ["The logo (from 2014) is declared."]


def test_links_emphasis_and_code_become_placeholders() -> None:
    text = "See [the *guide*](https://x.org/a_b), `code` and **bold** and snake_case."
    tree = parse_inline(text)
    assert to_po(tree) == "See {1}the {2}guide{/2}{/1}, {3/} and {4}bold{/4} and snake_case."
    assert rebuild(from_po(to_po(tree)), tree) == text
    assert "{1}…{/1} = link […](https://x.org/a_b)" in placeholder_legend(tree)
    assert words(text) == wordcount("See the guide and bold and snake_case")  # not the URL, not the code


def test_a_translation_may_move_placeholders_but_not_lose_or_invent_them() -> None:
    source = parse_inline("Read **this** and `that`.")
    assert rebuild(from_po("{2/} i {1}to{/1}."), source) == "`that` i **to**."
    with pytest.raises(PlaceholderError, match="placeholder 2 of the source is missing"):
        rebuild(from_po("{1}to{/1}."), source)
    with pytest.raises(PlaceholderError, match="placeholder 3 is not in the source"):
        rebuild(from_po("{1}to{/1} {2/} {3/}"), source)
    with pytest.raises(PlaceholderError, match="never closed"):
        from_po("{1}to {2/}")


def test_the_existing_translation_keeps_its_own_link_targets() -> None:
    source = parse_inline("See [the page](/en/about/).")
    existing = numbered_like(source, parse_inline("Zobacz [stronę](/pl/about/)."))
    assert rebuild(from_po("Zobacz {1}tę stronę{/1}."), source, existing) == "Zobacz [tę stronę](/pl/about/)."


def test_only_the_changed_block_is_to_review_and_an_added_one_is_missing() -> None:
    old = blocks("One.\n\nTwo.\n\nThree.\n")
    new = blocks("One.\n\nTwo, changed.\n\nInserted.\n\nThree.\n")
    recorded = [source_hash(b.text) for b in old]
    target = blocks("Jeden.\n\nDwa.\n\nTrzy.\n")
    states = [(u.state, u.target) for u in align_blocks(new, target, recorded)]
    assert states[0] == (CURRENT, "Jeden.")
    assert states[-1] == (CURRENT, "Trzy.")
    assert sorted(s for s, _t in states[1:3]) == sorted([REVIEW, UNTRANSLATED])
