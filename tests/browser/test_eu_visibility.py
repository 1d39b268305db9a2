"""EU visibility of the real site, measured in Chromium.

The shipped ``content/`` is built once into a temporary folder and served. Every
project page that the records say is EU funded is opened in every language of the
site, on a desktop (1366×768) and a phone (360×640) viewport, and checked against
the rules in docs (shared/reference/eu-visibility.md):

- the emblem and the statement are inside the first viewport, without scrolling;
- the statement is the catalogue's wording in the page's language;
- it is set in an allowed font that the browser really loaded (self-hosted Ubuntu),
  not italic, not underlined, in Reflex Blue, black or white;
- it does not overlap the emblem; no other logo is larger than the emblem.

Pages of projects without EU funding show no emblem and no funding block at all.
The page list comes from the records and site_config.yml, not from this file, so a
new project or language is tested without editing it. Pages whose text is not yet
translated fall back to English, but their funding block is in the page's language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build.pipeline import build, prepare
from generator.load import yaml_source
from generator.render.expectations import project_expectations

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "site_config.yml"

VIEWPORTS = {"desktop-1366x768": (1366, 768), "mobile-360x640": (360, 640)}
ALLOWED_FONTS = {"arial", "auto", "calibri", "garamond", "trebuchet", "trebuchet ms", "tahoma", "verdana", "ubuntu"}
ALLOWED_COLOURS = {"rgb(0, 51, 153)", "rgb(0, 0, 0)", "rgb(255, 255, 255)"}
TOLERANCE = 0.5  # CSS px: sub-pixel rounding of layout boxes


# --- which pages to test: from the records and the configuration -------------------


def _load(path: Path):
    return yaml_source.load(path.read_text(encoding="utf-8")).data


def _languages() -> list[str]:
    return [lang["code"] for lang in _load(CONFIG)["languages"]]


def _projects() -> tuple[list[str], list[str]]:
    """(EU-funded slugs, other slugs), from content/projects/*.yml."""
    folder = ROOT / _load(CONFIG).get("folders", {}).get("content", "content") / "projects"
    eu, other = [], []
    for path in sorted(folder.glob("*.yml")):
        funding = (_load(path) or {}).get("funding")
        (eu if isinstance(funding, dict) else other).append(path.stem)
    return eu, other


LANGS = _languages()
EU_SLUGS, NON_EU_SLUGS = _projects()

EU_CASES = [
    pytest.param(slug, lang, size, id=f"{slug}-{lang}-{vp}")
    for slug in EU_SLUGS
    for lang in LANGS
    for vp, size in VIEWPORTS.items()
]
NON_EU_CASES = [
    pytest.param(slug, lang, size, id=f"{slug}-{lang}-{vp}")
    for slug in NON_EU_SLUGS
    for lang in LANGS
    for vp, size in VIEWPORTS.items()
]


def test_the_site_has_pages_of_both_kinds() -> None:
    # Guards the parametrisation: an empty list would make the suite pass vacuously.
    assert EU_SLUGS, "no EU-funded project records found"
    assert NON_EU_SLUGS, "no project without EU funding found (the UNESCO record)"
    assert len(LANGS) >= 2


# --- the built site and what each page should say ------------------------------------


@pytest.fixture(scope="session")
def eu_site(tmp_path_factory, serve_dir) -> str:
    """The real content/ built once and served; returns the base URL."""
    output = tmp_path_factory.mktemp("eu-visibility") / "site"
    build(CONFIG, output)
    return serve_dir(output)


@pytest.fixture(scope="session")
def expected_statements() -> dict[tuple[str, str], list[str]]:
    """(slug, lang) → the statement lines in the page's language, from the catalogues."""
    prepared = prepare(CONFIG)
    expected = project_expectations(prepared.site, prepared.translations)
    return {
        (path.split("/")[2], sourced.expectation.lang): sourced.expectation.expected_statement_texts
        for path, sourced in expected.items()
    }


MEASURE = """
async () => {
  await document.fonts.ready;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width, height: r.height};
  };
  const style = (el) => {
    const s = getComputedStyle(el);
    return {fontFamily: s.fontFamily, fontStyle: s.fontStyle, fontWeight: s.fontWeight,
            textDecorationLine: s.textDecorationLine, color: s.color, textShadow: s.textShadow};
  };
  const emblems = [...document.querySelectorAll('.eu-emblem')];
  const statements = [...document.querySelectorAll('.eu-statement')];
  const statement = statements[0];
  const text = statement ? statement.textContent.replace(/\\s+/g, ' ').trim() : null;
  return {
    scrollY: window.scrollY,
    viewport: {width: document.documentElement.clientWidth, height: window.innerHeight},
    blocks: document.querySelectorAll('.eu-funding').length,
    emblems: emblems.map(box),
    statements: statements.map(box),
    text,
    statementStyles: statement ? [statement, ...statement.querySelectorAll('*')].map(style) : [],
    logos: [...document.querySelectorAll('.eu-logo')].map((el) => ({src: el.getAttribute('src'), ...box(el)})),
    ubuntuCheck: document.fonts.check('16px Ubuntu'),
    ubuntuCheckStatement: text ? document.fonts.check('700 16px Ubuntu', text) : null,
    ubuntuLoaded: [...document.fonts].filter(
      (f) => f.family.replace(/["']/g, '') === 'Ubuntu' && f.status === 'loaded').length,
  };
}
"""


@pytest.fixture(scope="session")
def measure(eu_site, browser):
    """``measure(slug, lang, (w, h))`` → facts of that page as first opened (cached)."""
    cache: dict = {}

    def get(slug: str, lang: str, size: tuple[int, int]) -> dict:
        key = (slug, lang, size)
        if key not in cache:
            context = browser.new_context(viewport={"width": size[0], "height": size[1]})
            try:
                page = context.new_page()
                response = page.goto(f"{eu_site}{lang}/projects/{slug}/", wait_until="load")
                assert response is not None and response.ok, f"{lang}/projects/{slug}/ did not load"
                cache[key] = page.evaluate(MEASURE)
            finally:
                context.close()
        return cache[key]

    return get


def _single(facts: dict, what: str) -> dict:
    boxes = facts[what]
    selector = {"emblems": ".eu-emblem", "statements": ".eu-statement"}[what]
    assert len(boxes) == 1, f"expected one {selector}, found {len(boxes)}"
    return boxes[0]


def _inside_viewport(box: dict, viewport: dict) -> bool:
    return (
        box["width"] > 0
        and box["height"] > 0
        and box["top"] >= -TOLERANCE
        and box["left"] >= -TOLERANCE
        and box["bottom"] <= viewport["height"] + TOLERANCE
        and box["right"] <= viewport["width"] + TOLERANCE
    )


# --- EU-funded pages -------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "lang", "size"), EU_CASES)
def test_emblem_and_statement_in_first_viewport(measure, slug, lang, size) -> None:
    facts = measure(slug, lang, size)
    assert facts["scrollY"] == 0
    assert facts["blocks"] == 1
    emblem, statement = _single(facts, "emblems"), _single(facts, "statements")
    viewport = facts["viewport"]
    assert _inside_viewport(emblem, viewport), f"emblem {emblem} outside the first viewport {viewport}"
    assert _inside_viewport(statement, viewport), f"statement {statement} outside the first viewport {viewport}"


@pytest.mark.parametrize(("slug", "lang", "size"), EU_CASES)
def test_statement_in_the_page_language(measure, expected_statements, slug, lang, size) -> None:
    facts = measure(slug, lang, size)
    expected = expected_statements[(slug, lang)]
    assert expected, f"no statement expected for EU-funded {slug} ({lang})"
    assert facts["text"] == " ".join(expected)


@pytest.mark.parametrize(("slug", "lang", "size"), EU_CASES)
def test_statement_font_is_allowed_and_loaded(measure, slug, lang, size) -> None:
    facts = measure(slug, lang, size)
    assert facts["statementStyles"], "no .eu-statement"
    for style in facts["statementStyles"]:
        first = style["fontFamily"].split(",")[0].strip().strip("\"'").lower()
        assert first in ALLOWED_FONTS, f"statement font {style['fontFamily']!r} is not an allowed font"
    # The self-hosted Ubuntu is really there, not a system substitute: check() alone is
    # true when no face of the family exists, so a loaded face is required as well.
    assert facts["ubuntuCheck"] is True, "document.fonts.check('16px Ubuntu') is false"
    assert facts["ubuntuLoaded"] >= 1, "no Ubuntu font face was loaded"
    assert facts["ubuntuCheckStatement"] is True, "the Ubuntu faces for the statement's letters are not loaded"


@pytest.mark.parametrize(("slug", "lang", "size"), EU_CASES)
def test_statement_style_and_colour(measure, slug, lang, size) -> None:
    facts = measure(slug, lang, size)
    assert facts["statementStyles"], "no .eu-statement"
    for style in facts["statementStyles"]:
        assert style["fontStyle"] != "italic" and not style["fontStyle"].startswith("oblique"), style
        assert style["textDecorationLine"] == "none", style
        assert style["textShadow"] == "none", style
        assert style["color"] in ALLOWED_COLOURS, (
            f"statement colour {style['color']} is not Reflex Blue, black or white"
        )


@pytest.mark.parametrize(("slug", "lang", "size"), EU_CASES)
def test_statement_does_not_overlap_emblem(measure, slug, lang, size) -> None:
    facts = measure(slug, lang, size)
    emblem, statement = _single(facts, "emblems"), _single(facts, "statements")
    overlap_x = min(emblem["right"], statement["right"]) - max(emblem["left"], statement["left"])
    overlap_y = min(emblem["bottom"], statement["bottom"]) - max(emblem["top"], statement["top"])
    assert overlap_x <= TOLERANCE or overlap_y <= TOLERANCE, f"statement {statement} overlaps emblem {emblem}"


@pytest.mark.parametrize(("slug", "lang", "size"), EU_CASES)
def test_no_logo_larger_than_the_emblem(measure, slug, lang, size) -> None:
    facts = measure(slug, lang, size)
    emblem = _single(facts, "emblems")
    assert emblem["height"] >= 24, f"the emblem is shown too small: {emblem}"
    assert abs(emblem["width"] - 1.5 * emblem["height"]) <= 1, f"the emblem is not 3:2: {emblem}"
    for logo in facts["logos"]:
        assert logo["height"] <= emblem["height"] + TOLERANCE and logo["width"] <= emblem["width"] + TOLERANCE, (
            f"logo {logo['src']} ({logo['width']}×{logo['height']}) is larger than the emblem"
            f" ({emblem['width']}×{emblem['height']})"
        )


# --- pages without EU funding ----------------------------------------------------------


@pytest.mark.parametrize(("slug", "lang", "size"), NON_EU_CASES)
def test_non_eu_page_shows_no_emblem(measure, slug, lang, size) -> None:
    facts = measure(slug, lang, size)
    assert facts["blocks"] == 0, "a project without EU funding has an .eu-funding block"
    assert facts["emblems"] == [], "a project without EU funding shows the EU emblem"
    assert facts["statements"] == [] and facts["logos"] == []


# --- a site with logos: the configured sizes hold in the browser ---------------------


def test_configured_logos_render_no_larger_than_the_emblem(tmp_path, serve_dir, page_factory) -> None:
    from tests.integration.test_eu_periods import SVG, build_site, make_site, write

    logo = "    logo:\n      file: theme/static/logos/prog.svg\n      width: 72\n      height: 48\n"
    partners = "partner_logos:\n  Kreativum Science Center: {file: theme/static/logos/k.svg, width: 40, height: 48}\n"
    root = make_site(tmp_path, logo=logo + partners)
    write(root / "theme/static/logos/prog.svg", SVG)
    write(root / "theme/static/logos/k.svg", SVG)
    base = serve_dir(build_site(root))
    for size in VIEWPORTS.values():
        page = page_factory(viewport=size)
        page.goto(base + "lt/projects/test-project/")
        facts = page.evaluate(MEASURE)
        emblem = _single(facts, "emblems")
        assert [re.sub(r".*/", "", logo["src"]) for logo in facts["logos"]] == ["prog.svg", "k.svg"]
        for logo in facts["logos"]:
            assert logo["height"] <= emblem["height"] + TOLERANCE
            assert logo["width"] <= emblem["width"] + TOLERANCE
            assert logo["width"] > 0 and logo["height"] > 0
        statement = _single(facts, "statements")
        assert _inside_viewport(emblem, facts["viewport"]) and _inside_viewport(statement, facts["viewport"])
