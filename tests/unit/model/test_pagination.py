"""Listings of projects split into pages: how many pages, their addresses, which numbers the
pagination links to, and which projects each page shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.pipeline import prepare
from generator.model.site import listed_projects, output_path, page_count, relative_url
from generator.render.renderer import page_window
from tests.tools.sites import make_site, write


@pytest.mark.parametrize(
    ("listed", "per_page", "pages"), [(0, 24, 1), (1, 24, 1), (24, 24, 1), (25, 24, 2), (200, 24, 9)]
)
def test_page_count(listed, per_page, pages):
    assert page_count(listed, per_page) == pages


def test_first_page_keeps_its_address_and_later_pages_live_below_it():
    assert relative_url("country", "se", "sv") == "sv/countries/se/"
    assert relative_url("country", "se", "sv", 2) == "sv/countries/se/page/2/"
    assert relative_url("home", "index", "en", 3) == "en/page/3/"
    assert output_path("partner", "oslo", "pl", 2) == "pl/partners/oslo/page/2/index.html"
    assert output_path("home", "index", "lt") == "lt/index.html"


@pytest.mark.parametrize(
    ("number", "count", "window"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 9, [1, 2, 3, None, 9]),
        (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (5, 20, [1, 2, 3, 4, 5, 6, 7, None, 20]),
        (10, 20, [1, None, 8, 9, 10, 11, 12, None, 20]),
        (20, 20, [1, None, 18, 19, 20]),
        (4, 20, [1, 2, 3, 4, 5, 6, None, 20]),
    ],
)
def test_pagination_links_to_the_ends_and_the_neighbours(number, count, window):
    assert page_window(number, count) == window


def test_the_window_does_not_grow_with_the_listing():
    assert max(len(page_window(n, 5000)) for n in range(1, 5001)) <= 9


def _site_with_projects(tmp_path: Path, count: int, per_page: int):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    config.write_text(config.read_text().replace("folders:", f"projects_per_page: {per_page}\nfolders:"))
    record = (root / "content/projects/test-project.yml").read_text()
    page = (root / "content/en/projects/test-project.md").read_text()
    for i in range(2, count + 1):
        # Starts a year apart: newest first is the portfolio's order.
        write(root / f"content/projects/p{i:02}.yml", record.replace("start: 2010-10-01", f"start: {1990 + i}-01-01"))
        write(root / f"content/en/projects/p{i:02}.md", page.replace("Test project", f"Project {i}"))
    return prepare(config).site


def test_every_project_is_on_exactly_one_page_in_portfolio_order(tmp_path):
    site = _site_with_projects(tmp_path, count=7, per_page=3)
    homes = [ref for ref in site.all_pages if ref.kind == "home" and ref.lang == "en"]
    assert [(ref.number, ref.count) for ref in homes] == [(1, 3), (2, 3), (3, 3)]
    shown = [slug for ref in homes for slug in site.shown(ref)]
    assert shown == list(listed_projects(site.portfolio, "home", "index"))
    assert len(shown) == len(set(shown)) == 7
    assert [len(site.shown(ref)) for ref in homes] == [3, 3, 1]
    programme = [ref for ref in site.all_pages if ref.kind == "programme" and ref.lang == "sv"]
    assert [ref.path for ref in programme] == [
        "sv/programmes/test-programme/index.html",
        "sv/programmes/test-programme/page/2/index.html",
        "sv/programmes/test-programme/page/3/index.html",
    ]
    # The home page itself stays the one editors' page of its kind: look-ups by key find page 1.
    assert site.ref("home", "index", "en").number == 1


def test_a_listing_that_fits_on_one_page_has_no_later_pages(tmp_path):
    site = _site_with_projects(tmp_path, count=3, per_page=3)
    assert not [ref for ref in site.all_pages if ref.number > 1]


def test_an_index_is_split_by_its_number_of_terms(tmp_path):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    config.write_text(config.read_text().replace("folders:", "terms_per_page: 1\nfolders:"))
    site = prepare(config).site
    partners = [ref for ref in site.all_pages if ref.kind == "partners" and ref.lang == "en"]
    count = len(site.portfolio.terms("partner"))
    assert count > 1
    assert [(ref.number, ref.count) for ref in partners] == [(n, count) for n in range(1, count + 1)]
    assert partners[1].path == "en/partners/page/2/index.html"
