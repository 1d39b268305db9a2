"""The build parses each page once (libxml2) and audits that tree; the audit makes its own
Nodes only of what it inspects. A fake emblem hidden deep in a large drawing, or an emblem
outside its block, must be found all the same."""

from __future__ import annotations

from generator.eu.audit import check_page, parse_document
from generator.eu.emblem import emblem_svg

EMBLEM = emblem_svg(48, title="Flag of the European Union", title_id="eu-emblem-title")
TEXTS = ["Co-funded by the European Union"]
BLOCK = (
    f'<section class="eu-funding" data-eu-period="2021-2027">{EMBLEM}'
    f'<p class="eu-statement"><span class="eu-statement-line">{TEXTS[0]}</span></p></section>'
)
# A map like the partner map: hundreds of shapes the audit has no reason to look at.
MAP = '<svg viewBox="0 0 100 100">' + "".join(f'<circle cx="{i}" cy="5" r="1" fill="#777777"/>' for i in range(300))


def page(body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title></head><body>{body}</body></html>'
    )


def audit(html: str, eu_funded: bool = True, *, shared: bool) -> list[str]:
    document = parse_document(html.encode("utf-8")) if shared else None
    return check_page("p.html", html, "en", eu_funded, TEXTS if eu_funded else [], document=document)


def test_a_good_page_passes_from_a_shared_tree():
    html = page(MAP + "</svg>" + BLOCK)
    assert audit(html, shared=True) == audit(html, shared=False) == []


def test_an_unmarked_emblem_deep_inside_a_map_is_found():
    fake = '<g><g><rect fill="#003399" width="3" height="2"/><circle fill="#FFCC00" r="1"/></g></g>'
    html = page(MAP + f'<svg class="inset">{fake}</svg></svg>' + BLOCK)
    problems = audit(html, shared=True)
    assert problems == audit(html, shared=False)
    assert len(problems) == 1 and "looks like the EU emblem (<svg>) is not marked" in problems[0]


def test_an_emblem_outside_its_block_and_one_on_a_page_without_funding_are_found():
    html = page(EMBLEM + MAP + "</svg>" + BLOCK.replace(EMBLEM, ""))
    [problem] = audit(html, shared=True)
    assert "the EU emblem is outside the .eu-funding block" in problem
    problems = audit(page(MAP + "</svg>" + BLOCK), eu_funded=False, shared=True)
    assert any("not EU funded but shows the EU emblem" in p for p in problems)
