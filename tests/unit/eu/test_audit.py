"""EU visibility check on built HTML, and the partial's markup checked by it."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from generator.eu.audit import Expectation, check_page, check_site, parse_page
from generator.eu.emblem import emblem_svg
from generator.eu.rules import funding_block

ROOT = Path(__file__).resolve().parents[3]
EMBLEM = emblem_svg(48, title="Flaga Unii Europejskiej", title_id="eu-emblem-title")


def page(lang: str, body: str) -> str:
    return f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>T</title></head><body>{body}</body></html>'


def block(statement: str, emblem: str = EMBLEM) -> str:
    return (
        '<section class="eu-funding" aria-label="Finansowanie z Unii Europejskiej">'
        f'{emblem}<p class="eu-statement">{statement}</p></section>'
    )


PL_2021 = block('<span class="eu-statement-line">Współfinansowane przez Unię Europejską</span>')


def write(tmp_path: Path, rel: str, html: str) -> str:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return rel


def test_good_eu_page_has_no_problem(tmp_path: Path) -> None:
    rel = write(tmp_path, "pl/projects/x/index.html", page("pl", PL_2021))
    expectation = Expectation(rel, "pl", True, ["Współfinansowane przez Unię Europejską"])
    assert check_site(tmp_path, [expectation]) == []


def test_plain_tuples_are_accepted(tmp_path: Path) -> None:
    rel = write(tmp_path, "a.html", page("pl", PL_2021))
    assert check_site(tmp_path, [(rel, "pl", True, ["Współfinansowane przez Unię Europejską"])]) == []


def test_eu_page_without_block(tmp_path: Path) -> None:
    rel = write(tmp_path, "en/x.html", page("en", "<p>Nothing here</p>"))
    problems = check_site(tmp_path, [(rel, "en", True, ["European Union"])])
    # The build appends its own hint (the block comes from the theme's partial) to this one.
    assert "en/x.html: EU-funded page has no .eu-funding block" in problems
    assert any("no EU emblem" in p for p in problems)
    assert any("'European Union'" in p and "not found" in p for p in problems)


def test_eu_page_without_emblem(tmp_path: Path) -> None:
    html = page("en", block("<span>European Union</span>", emblem=""))
    rel = write(tmp_path, "x.html", html)
    [problem] = check_site(tmp_path, [(rel, "en", True, ["European Union"])])
    assert problem.startswith("x.html: EU-funded page has no EU emblem (.eu-emblem) — ")


def test_statement_text_missing(tmp_path: Path) -> None:
    rel = write(tmp_path, "x.html", page("pl", PL_2021))
    [problem] = check_site(tmp_path, [(rel, "pl", True, ["Unia Europejska"])])
    assert problem.startswith("x.html: statement 'Unia Europejska' (pl) not found")
    assert "Współfinansowane" in problem  # shows what the page says instead


def test_statement_elsewhere_on_the_page_does_not_count(tmp_path: Path) -> None:
    html = page("en", "<p>European Union</p>" + block("<span>Hello</span>"))
    rel = write(tmp_path, "x.html", html)
    [problem] = check_site(tmp_path, [(rel, "en", True, ["European Union"])])
    assert "not found" in problem


def test_statement_in_another_language_than_the_page(tmp_path: Path) -> None:
    # An English statement on a Swedish page: the Swedish text is simply not there.
    html = page("sv", block("<span>Co-funded by the European Union</span>"))
    rel = write(tmp_path, "sv/x.html", html)
    [problem] = check_site(tmp_path, [(rel, "sv", True, ["Medfinansieras av Europeiska unionen"])])
    assert problem.startswith("sv/x.html:") and "(sv) not found" in problem


def test_wrong_page_language(tmp_path: Path) -> None:
    rel = write(tmp_path, "x.html", page("en", PL_2021))
    [problem] = check_site(tmp_path, [(rel, "pl", True, ["Współfinansowane przez Unię Europejską"])])
    assert "page language is 'en', expected 'pl'" in problem


def test_statement_marked_with_another_language(tmp_path: Path) -> None:
    html = page(
        "pl",
        block('<span lang="en">Współfinansowane przez Unię Europejską</span>').replace(
            '<p class="eu-statement">', '<p class="eu-statement" lang="en">'
        ),
    )
    rel = write(tmp_path, "x.html", html)
    [problem] = check_site(tmp_path, [(rel, "pl", True, ["Współfinansowane przez Unię Europejską"])])
    assert "marked as language 'en'" in problem


def test_norwegian_may_be_declared_as_nb(tmp_path: Path) -> None:
    html = page("nb-NO", block("<span>Medfinansiert av Den europeiske union</span>"))
    rel = write(tmp_path, "no/x.html", html)
    assert check_site(tmp_path, [(rel, "no", True, ["Medfinansiert av Den europeiske union"])]) == []


def test_emblem_needs_a_text_alternative(tmp_path: Path) -> None:
    untitled = emblem_svg(48, title=" ", title_id="t")
    rel = write(tmp_path, "x.html", page("en", block("<span>European Union</span>", untitled)))
    [problem] = check_site(tmp_path, [(rel, "en", True, ["European Union"])])
    assert "no text alternative" in problem


def test_recoloured_emblem_is_a_problem(tmp_path: Path) -> None:
    grey = EMBLEM.replace("#003399", "#666666")
    rel = write(tmp_path, "x.html", page("pl", PL_2021.replace(EMBLEM, grey)))
    problems = check_site(tmp_path, [(rel, "pl", True, [])])
    assert problems and all(p.startswith("x.html: the EU emblem") for p in problems)
    assert any("#666666" in p and "Reflex Blue" in p for p in problems)


def test_non_eu_page_with_emblem_is_a_misuse(tmp_path: Path) -> None:
    rel = write(tmp_path, "en/unesco.html", page("en", f"<header>{EMBLEM}</header>"))
    [problem] = check_site(tmp_path, [(rel, "en", False, [])])
    assert problem.startswith("en/unesco.html: page is not EU funded but shows the EU emblem (.eu-emblem) — remove")


def test_non_eu_page_with_block(tmp_path: Path) -> None:
    rel = write(tmp_path, "x.html", page("pl", PL_2021))
    problems = check_site(tmp_path, [(rel, "pl", False, [])])
    assert len(problems) == 2 and all(p.startswith("x.html:") for p in problems)


def test_clean_non_eu_page(tmp_path: Path) -> None:
    rel = write(tmp_path, "x.html", page("en", "<p>UNESCO Creative Cities Network</p>"))
    assert check_site(tmp_path, [(rel, "en", False, [])]) == []


def test_missing_page(tmp_path: Path) -> None:
    [problem] = check_site(tmp_path, [("en/missing.html", "en", True, [])])
    assert problem.startswith("en/missing.html: page not found")


def test_parser_tolerates_void_and_stray_tags() -> None:
    html = page("en", "<br><img src=x></div>" + block("<span>European<br>Union</span>"))
    facts = parse_page(html)
    assert facts.blocks == 1 and facts.emblems == 1
    assert facts.statements == [("European Union", "en")]  # a <br> separates words, as on screen
    assert facts.emblem_titles == ["Flaga Unii Europejskiej"]


# --- the partial, rendered as the engine will, checked with the checker -------------

CATALOGUE_PL = {
    "Funding from the European Union": "Finansowanie z Unii Europejskiej",
    "Flag of the European Union": "Flaga Unii Europejskiej",
    "Co-funded by the European Union": "Współfinansowane przez Unię Europejską",
    "European Union": "Unia Europejska",
    "European Regional Development Fund": "Europejski Fundusz Rozwoju Regionalnego",
    "Investing in your future": "Inwestujemy w waszą przyszłość",
}


@pytest.fixture
def env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: CATALOGUE_PL.get(s, s),
        ngettext=lambda s, p, n: s if n == 1 else p,
        newstyle=True,
    )
    env.globals["emblem_svg"] = emblem_svg
    return env


def render(env: jinja2.Environment, block_obj: object) -> str:
    template = env.from_string('{% include "partials/eu_funding.html" %}')
    return page("pl", template.render(funding_block=block_obj))


def test_partial_renders_the_markup_contract(env: jinja2.Environment, tmp_path: Path) -> None:
    html = render(env, funding_block("erdf", "2021-2027"))
    assert (
        '<section class="eu-funding" data-eu-period="2021-2027" aria-label="Finansowanie z Unii Europejskiej">' in html
    )
    assert '<svg class="eu-emblem"' in html
    assert '<title id="eu-emblem-title">Flaga Unii Europejskiej</title>' in html
    assert '<span class="eu-statement-line">Współfinansowane przez Unię Europejską</span>' in html
    rel = write(tmp_path, "pl/p.html", html)
    assert check_site(tmp_path, [(rel, "pl", True, ["Współfinansowane przez Unię Europejską"])]) == []


def test_partial_2007_2013_lines_in_order(env: jinja2.Environment) -> None:
    html = render(env, funding_block("erdf", "2007-2013"))
    facts = parse_page(html)
    assert facts.statements == [
        (
            "Unia Europejska Europejski Fundusz Rozwoju Regionalnego Inwestujemy w waszą przyszłość",
            "pl",
        )
    ]


def test_partial_renders_nothing_without_eu_funding(env: jinja2.Environment, tmp_path: Path) -> None:
    html = render(env, None)
    assert "eu-funding" not in html and "eu-emblem" not in html
    rel = write(tmp_path, "x.html", html)
    assert check_site(tmp_path, [(rel, "pl", False, [])]) == []


# --- what the build's audit adds: place, form and declaration of the block ----------------

EN_BLOCK = block('<span class="eu-statement-line">Co-funded by the European Union</span>').replace(
    '<section class="eu-funding"', '<section class="eu-funding" data-eu-period="2021-2027"'
)
EN_TEXTS = ["Co-funded by the European Union"]


def test_build_audit_passes_the_drawn_emblem() -> None:
    assert check_page("p.html", page("en", EN_BLOCK), "en", True, EN_TEXTS) == []


def test_every_problem_says_page_what_and_how_to_fix() -> None:
    tampered = EN_BLOCK.replace('width="72" height="48"', 'width="18" height="12"')
    problems = check_page("en/p/index.html", page("en", tampered), "en", True, ["European Union"])
    assert problems
    for problem in problems:
        assert re.match(r"en/p/index\.html: .+ — .+", problem), problem


def test_statement_moved_to_the_footer_fails() -> None:
    statement = '<p class="eu-statement"><span>Co-funded by the European Union</span></p>'
    html = page("en", f'<section class="eu-funding">{EMBLEM}</section><footer>{statement}</footer>')
    problems = check_page("p.html", html, "en", True, EN_TEXTS)
    assert any("has no .eu-statement (one is outside the block)" in p for p in problems)
    assert any("'Co-funded by the European Union' (en) is outside the .eu-funding block" in p for p in problems)


def test_hidden_statement_fails_without_the_brand_form() -> None:
    hidden = EN_BLOCK.replace('class="eu-statement"', 'class="eu-statement eu-statement--hidden"')
    [problem] = check_page("p.html", page("en", hidden), "en", True, EN_TEXTS)
    assert "the statement is hidden" in problem


def test_emblem_outside_the_block_fails() -> None:
    html = page("en", EMBLEM + EN_BLOCK.replace(EMBLEM, ""))
    [problem] = check_page("p.html", html, "en", True, EN_TEXTS)
    assert "the EU emblem is outside the .eu-funding block" in problem


def test_non_eu_page_with_an_unmarked_flag_image_is_a_misuse() -> None:
    html = page("en", '<p><img src="/img/eu-flag.png" alt="EU flag" width="60" height="40"></p>')
    [problem] = check_page("p.html", html, "en", False, [])
    assert "looks like the EU emblem" in problem and "eu-flag.png" in problem


BRAND = (
    '<section class="eu-funding eu-funding--brand" data-eu-period="2021-2027" aria-label="Funding">'
    '<img class="eu-brand-logo" data-eu-emblem="included" src="/assets/logos/interreg.svg" width="180" height="60"'
    ' alt="Interreg Baltic Sea Region, co-funded by the European Union">'
    '<p class="eu-statement eu-statement--hidden"><span class="eu-statement-line">Co-funded by the European Union'
    "</span></p></section>"
)


def test_brand_form_passes_when_the_build_declares_it() -> None:
    assert check_page("p.html", page("en", BRAND), "en", True, EN_TEXTS, brand_logo=True) == []


def test_brand_form_without_the_declaration_has_no_emblem() -> None:
    problems = check_page("p.html", page("en", BRAND), "en", True, EN_TEXTS)
    assert any("has no EU emblem" in p and "declare it in site_config.yml" in p for p in problems)


def test_declared_brand_logo_must_be_shown() -> None:
    problems = check_page("p.html", page("en", EN_BLOCK), "en", True, EN_TEXTS, brand_logo=True)
    assert [p for p in problems if "does not show it" in p] == problems and len(problems) == 1


def test_brand_form_with_a_second_emblem_fails() -> None:
    html = page("en", BRAND.replace("<p class", EMBLEM + "<p class"))
    problems = check_page("p.html", html, "en", True, EN_TEXTS, brand_logo=True)
    assert any("beside the Interreg brand logo, which already contains it" in p for p in problems)


def test_brand_logo_must_still_be_1_cm_high() -> None:
    small = BRAND.replace('width="180" height="60"', 'width="90" height="30"')
    [problem] = check_page("p.html", page("en", small), "en", True, EN_TEXTS, brand_logo=True)
    assert "the Interreg brand logo, which carries the EU emblem, is 30 px high" in problem


def test_brand_form_statement_must_still_be_text() -> None:
    empty = re.sub(r"<p class=.*?</p>", "", BRAND)
    problems = check_page("p.html", page("en", empty), "en", True, EN_TEXTS, brand_logo=True)
    assert any("has no .eu-statement" in p for p in problems)


def test_build_audit_reads_the_stylesheets_in_the_built_folder(tmp_path: Path) -> None:
    write(tmp_path, "assets/site.css", ".eu-funding .eu-statement { font-family: Georgia, serif }")
    html = page("en", EN_BLOCK).replace("</head>", '<link rel="stylesheet" href="/sub/assets/site.css"></head>')
    assert check_page("en/p/index.html", html, "en", True, EN_TEXTS) == []  # no folder: markup only
    [problem] = check_page("en/p/index.html", html, "en", True, EN_TEXTS, site_dir=tmp_path, base_path="/sub/")
    assert "font-family 'Georgia, serif' (assets/site.css) names Georgia, serif" in problem


def test_partial_brand_form_passes_only_when_declared(env: jinja2.Environment, tmp_path: Path) -> None:
    from types import SimpleNamespace

    brand = SimpleNamespace(asset_path="logos/interreg.svg", width=180, height=60, alt="Interreg")
    template = env.from_string('{% include "partials/eu_funding.html" %}')
    env.globals["asset"] = lambda name: "/assets/" + name
    html = page("pl", template.render(funding_block=funding_block("erdf", "2021-2027"), brand_logo=brand))
    assert 'data-eu-emblem="included"' in html and "eu-emblem" not in html.replace("data-eu-emblem", "")
    texts = ["Współfinansowane przez Unię Europejską"]
    assert check_page("pl/p.html", html, "pl", True, texts, brand_logo=True) == []
    assert any("no EU emblem" in p for p in check_page("pl/p.html", html, "pl", True, texts))
