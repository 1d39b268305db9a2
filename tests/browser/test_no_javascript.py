"""Every page works without JavaScript: a visitor reaches every project through the country
and programme pages, the search page explains itself and offers those pages instead, and
nothing meant for scripts (the filter form, the search form) is shown."""

from __future__ import annotations

import pytest

from generator.build.pipeline import prepare
from tests.conftest import ROOT

LANGS = ["en", "sv", "no", "pl", "lt"]


@pytest.fixture(scope="module")
def base(built_site, serve_dir):
    return serve_dir(built_site)


@pytest.fixture(scope="module")
def projects():
    return set(prepare(ROOT / "site_config.yml").site.records)


@pytest.fixture(scope="module")
def page(page_factory):
    return page_factory(javascript_enabled=False)


def hrefs(page, selector="main a"):
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize("lang", LANGS)
def test_every_project_is_reachable_through_country_and_programme_pages(base, page, projects, lang):
    page.goto(base + f"{lang}/")
    menu = hrefs(page, "nav.site-nav a")
    reached = set()
    for folder in ("countries", "programmes"):
        index = f"/{lang}/{folder}/"
        assert index in menu, f"{index} is not in the main menu"
        page.goto(base + index.lstrip("/"))
        terms = [h for h in hrefs(page) if h.startswith(index) and h != index]
        assert terms
        for term in terms:
            page.goto(base + term.lstrip("/"))
            assert page.locator("h1").is_visible()
            reached |= {h.split("/")[3] for h in hrefs(page, "main .card__title a")}
    assert reached == projects
    for slug in sorted(reached):  # and each of those links opens the project in this language
        page.goto(base + f"{lang}/projects/{slug}/")
        assert page.evaluate("() => document.documentElement.lang") in (lang, "nb")
        assert page.locator("h1").first.is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_explains_and_links_to_the_listings(base, page, lang):
    page.goto(base + f"{lang}/search/")
    assert page.locator("#search-nojs").is_visible()
    assert not page.locator("#search-form").is_visible()
    links = hrefs(page, "#search-nojs a")
    assert f"/{lang}/countries/" in links and f"/{lang}/programmes/" in links
    assert "JavaScript" in page.inner_text("#search-nojs")


def test_home_page_without_javascript_lists_every_project_and_hides_the_filter(base, page, projects):
    page.goto(base + "pl/")
    assert not page.locator("#project-filters").is_visible()
    cards = hrefs(page, "#project-cards .card__title a")
    assert {h.split("/")[3] for h in cards} == projects
    assert page.locator(".browse").is_visible()


def test_filter_in_the_address_is_ignored_without_javascript(base, page, projects):
    page.goto(base + "en/?country=pl")
    visible = page.eval_on_selector_all("#project-cards .card", "els => els.filter(e => e.offsetParent).length")
    assert visible == len(projects)
