"""Which files Pagefind is asked to read: every page that may be indexed, and not the listings."""

from __future__ import annotations

import json

import pytest

from generator.publish.search import ENTRY, bundle_of, index_languages, pages_glob


def test_project_pages_are_matched_by_their_section_and_other_pages_by_name():
    paths = ["en/projects/a/index.html", "en/projects/b/index.html", "en/about/index.html"]
    assert pages_glob("en", paths) == "{en/about/index.html,en/projects/*/index.html}"


def test_the_glob_stays_short_however_many_projects_there_are():
    paths = [f"sv/projects/project-{n}/index.html" for n in range(10_000)]
    assert pages_glob("sv", paths) == "{sv/projects/*/index.html}"


@pytest.mark.parametrize(
    "paths",
    [[], ["en/odd{name}/index.html"], ["pl/projects/a/index.html"]],
    ids=["no pages", "a character globs give meaning to", "another language's page"],
)
def test_without_a_safe_list_every_html_file_of_the_language_is_read(paths):
    assert pages_glob("en", paths) == "en/**/*.html"


def page(body: bool, title: str) -> str:
    marker = " data-pagefind-body" if body else ""
    return f'<!doctype html><html lang="en"><head><title>{title}</title></head><body><main{marker}><h1>{title}</h1><p>Words about {title}.</p></main></body></html>'


def test_pagefind_indexes_every_named_page_and_reads_no_listing(tmp_path):
    files = {
        "en/projects/alpha/index.html": page(True, "Alpha"),
        "en/projects/beta/index.html": page(True, "Beta"),
        "en/about/index.html": page(True, "About"),
        # A listing that (wrongly) carried the marker would be indexed if Pagefind read it.
        "en/projects/index.html": page(True, "Listing"),
        "en/page/2/index.html": page(True, "Second page"),
    }
    for relative, html in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(html, encoding="utf-8")
    named = ["en/projects/alpha/index.html", "en/projects/beta/index.html", "en/about/index.html"]
    index_languages(tmp_path, ["en"], jobs=1, pages={"en": named})
    entry = json.loads((tmp_path / bundle_of("en") / ENTRY).read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 3
