"""WCAG 2.1 AA in a real browser: axe-core finds no violation on any kind of page in any
language; the home page works by keyboard alone (skip link first, then the header's links
in order, focus always visible); images have text alternatives in the page's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.axe import format_violations, run_axe

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["en", "sv", "no", "pl", "lt"]
PROJECTS = [
    "creative-metropoles",
    "unesco-creative-cities-ostersund",
    "south-baltic-creative-clusters",
    "urban-creative-poles",
    "nordens-basta-inlandsregioner-2020",
]
# Every kind of page: home, every project, each listing (index and a term), search, the
# stand-alone pages and the 404 page.
PAGES = [
    "",
    "about/",
    "accessibility/",
    "search/",
    "404.html",
    "programmes/",
    "programmes/interreg-ivc/",
    "countries/",
    "countries/se/",
    "partners/",
    "partners/riga/",
    "status/",
    "status/planned/",
] + [f"projects/{slug}/" for slug in PROJECTS]
EMBLEM_TITLE = {
    "en": "Flag of the European Union",
    "sv": "Europeiska unionens flagga",
    "no": "Den europeiske unions flagg",
    "pl": "Flaga Unii Europejskiej",
    "lt": "Europos Sąjungos vėliava",
}


@pytest.fixture(scope="module")
def base(built_site, serve_dir):
    return serve_dir(built_site)


@pytest.fixture(scope="module")
def page(page_factory):
    """One page for the module's axe runs (contexts are cheap, but not free)."""
    return page_factory()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(base, page, lang, path):
    page.goto(base + lang + "/" + path)
    violations = run_axe(page)
    assert not violations, f"{lang}/{path}\n" + format_violations(violations)


# Later pages of listings, in a build of the shipped site with two projects a page (the shipped
# site's listings all fit on one page of the default 24).
PAGINATED = [
    "",
    "page/2/",
    "page/3/",
    "countries/se/",
    "countries/se/page/3/",
    "status/planned/page/2/",
    "partners/page/2/",
]


@pytest.fixture(scope="module")
def paginated_base(tmp_path_factory, serve_dir):
    from generator.build.pipeline import build

    folder = tmp_path_factory.mktemp("paginated")
    config = (ROOT / "site_config.yml").read_text(encoding="utf-8")
    (folder / "site_config.yml").write_text(
        config.replace("\nfolders:", "\nprojects_per_page: 2\nterms_per_page: 4\nfolders:")
    )
    for name in ("content", "theme"):
        (folder / name).symlink_to(ROOT / name)
    build(folder / "site_config.yml", folder / "site", search=False)
    return serve_dir(folder / "site")


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("path", PAGINATED)
def test_no_axe_violations_on_pages_of_a_paginated_listing(paginated_base, page, lang, path):
    page.goto(paginated_base + lang + "/" + path)
    assert page.locator('nav.pagination a[aria-current="page"]').count() == 1
    violations = run_axe(page)
    assert not violations, f"{lang}/{path}\n" + format_violations(violations)


def test_no_axe_violations_on_the_language_choice_page(base, page_factory):
    page = page_factory(locale="fr-FR")  # a language the site does not have: the page stays
    page.goto(base)
    assert page.url == base
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("lang", ["pl", "lt"])
def test_no_axe_violations_with_search_results_and_filters_in_use(base, page, lang):
    page.goto(base + lang + "/search/")
    page.fill("#search-input", "Interreg")
    page.press("#search-input", "Enter")
    page.wait_for_selector("#search-results li")
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    page.goto(base + lang + "/")
    page.select_option("#filter-country", "se")
    page.select_option("#filter-status", "planned")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("viewport", [(1280, 800), (375, 812)])
def test_home_page_by_keyboard(base, page_factory, viewport):
    page = page_factory(viewport=viewport)
    page.goto(base + "pl/")
    header_links = page.eval_on_selector_all("header.site-header a", "els => els.map(e => e.getAttribute('href'))")
    assert len(header_links) >= 8  # site name, five languages, the menu

    def focused():
        return page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {href: el.getAttribute('href'), cls: el.className, tag: el.tagName,
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                    shadow: style.boxShadow !== 'none',
                    inView: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
                            && box.bottom <= window.innerHeight && box.right <= window.innerWidth};
        }""")

    page.keyboard.press("Tab")
    first = focused()
    assert first["cls"] == "skip-link" and first["href"] == "#main"
    assert first["outline"] and first["inView"], first  # the skip link appears when focused
    order = []
    for _ in header_links:
        page.keyboard.press("Tab")
        state = focused()
        assert state["outline"] or state["shadow"], f"no visible focus on {state}"
        order.append(state["href"])
    assert order == header_links  # header links in reading order, none skipped or repeated

    # The skip link moves focus to the main content.
    page.goto(base + "pl/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside = page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    assert inside


def test_filters_work_by_keyboard_and_announce_the_count(base, page_factory):
    page = page_factory()
    page.goto(base + "pl/")
    page.focus("#filter-country")
    page.keyboard.press("ArrowDown")  # Chromium changes a closed select's value with arrow keys
    page.keyboard.press("Tab")
    status = page.inner_text("#filter-count")
    visible = page.eval_on_selector_all("#project-cards .card", "els => els.filter(e => !e.hidden).length")
    assert 0 < visible < 5
    assert str(visible) in status and "projekt" in status.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_emblem_text_alternative_is_in_the_pages_language(base, page, lang):
    page.goto(base + lang + "/projects/creative-metropoles/")
    assert page.text_content("svg.eu-emblem title") == EMBLEM_TITLE[lang]
    images = page.eval_on_selector_all("img", "els => els.filter(e => !e.hasAttribute('alt')).length")
    assert images == 0


def test_every_page_is_valid_html(built_site):
    """The accessibility statement says pages are checked with the Nu HTML Checker: all of them are."""
    from tests.tools.vnu import format_errors, validate_files

    files = sorted(built_site.rglob("*.html"))
    assert len(files) > 250
    errors = {path: found for path, found in validate_files(files).items() if found}
    assert not errors, format_errors(errors)


def test_accessibility_statement_shows_the_configured_contact_and_invents_none(tmp_path):
    from generator.build.pipeline import build
    from tests.tools.sites import make_site, write

    root = make_site(tmp_path)
    write(
        root / "content/en/accessibility.md",
        "---\ntitle: Accessibility statement\nsummary: How accessible the site is.\nmenu: footer\n---\n\nText.\n",
    )
    build(root / "site_config.yml", tmp_path / "without")
    html = (tmp_path / "without/en/accessibility/index.html").read_text(encoding="utf-8")
    assert "has not yet added its contact details" in html and "mailto:" not in html
    config = root / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + (
            'accessibility_contact:\n  name: {en: Web team, sv: Webbgruppen, "no": Nettgruppen, pl: Zespół, lt: Komanda}\n'
            "  email: a11y@example.org\n  url: https://feedback.example.net/form\n"
        ),
        encoding="utf-8",
    )
    build(config, tmp_path / "with")
    en = (tmp_path / "with/en/accessibility/index.html").read_text(encoding="utf-8")
    sv = (tmp_path / "with/sv/accessibility/index.html").read_text(encoding="utf-8")
    assert (
        'href="mailto:a11y@example.org"' in en and "Web team" in en and 'href="https://feedback.example.net/form"' in en
    )
    assert "Webbgruppen" in sv and "E-post" in sv
    assert "has not yet added" not in en
    # The statement is linked from the footer of every page.
    home = (tmp_path / "with/pl/index.html").read_text(encoding="utf-8")
    footer = home[home.index('<footer class="site-footer">') :]
    assert 'href="/pl/accessibility/"' in footer
