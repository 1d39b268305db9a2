"""The translation workflow on a temporary copy: missing, outdated, up to date, and the fallback page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.tools.sites import copy_real_site, run_cli

SV_PAGE = "content/sv/projects/creative-metropoles.md"
EN_PAGE = "content/en/projects/creative-metropoles.md"


@pytest.fixture
def site_copy(tmp_path) -> Path:
    return copy_real_site(tmp_path / "copy")


def states(root: Path) -> dict[tuple[str, str], str]:
    result = run_cli(root, "translations", "--json")
    assert result.returncode == 0, result.stderr
    return {(p["page"], p["lang"]): p["state"] for p in json.loads(result.stdout)["pages"]}


def test_shipped_content_is_fully_translated(site_copy):
    found = states(site_copy)
    assert set(found.values()) == {"original", "up to date"}
    assert run_cli(site_copy, "translations", "--strict").returncode == 0


def test_editing_the_source_makes_translations_outdated_until_marked_current(site_copy):
    source = site_copy / EN_PAGE
    source.write_text(source.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")

    found = states(site_copy)
    for lang in ("sv", "no", "pl", "lt"):
        assert found[("projects/creative-metropoles.md", lang)] == "outdated"
    assert found[("projects/urban-creative-poles.md", "sv")] == "up to date"

    table = run_cli(site_copy, "translations")
    assert "projects/creative-metropoles.md" in table.stdout and "outdated" in table.stdout
    assert "4 outdated, 0 missing" in table.stdout
    assert run_cli(site_copy, "translations", "--strict").returncode == 1

    marked = run_cli(site_copy, "translations", "--mark-current", SV_PAGE)
    assert marked.returncode == 0, marked.stderr
    assert states(site_copy)[("projects/creative-metropoles.md", "sv")] == "up to date"
    # Only the version line changed: the translation's text is the editor's.
    assert "title:" in (site_copy / SV_PAGE).read_text(encoding="utf-8")


def test_mark_current_refuses_an_original(site_copy):
    result = run_cli(site_copy, "translations", "--mark-current", EN_PAGE)
    assert result.returncode == 1
    assert "this page is an original, not a translation" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_translation_falls_back_with_a_notice_in_the_visitors_language(site_copy):
    (site_copy / SV_PAGE).unlink()
    assert states(site_copy)[("projects/creative-metropoles.md", "sv")] == "missing"

    result = run_cli(site_copy, "build")
    assert result.returncode == 0, result.stderr
    html = (site_copy / "site/sv/projects/creative-metropoles/index.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in html
    assert "Den här sidan har ännu inte översatts till svenska" in html
    assert '<h1 lang="en">' in html  # the fallback text carries its own lang
    assert 'class="project__narrative" lang="en"' in html
    assert 'rel="alternate" hreflang="sv"' not in html  # no alternate points at the fallback
    assert 'name="robots" content="noindex"' in html
    other = (site_copy / "site/en/projects/creative-metropoles/index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" hreflang="sv"' not in other and 'rel="alternate" hreflang="pl"' in other
    sitemap = (site_copy / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "/sv/projects/creative-metropoles/" not in sitemap


def test_status_page_for_editors_is_built_and_not_indexed(site_copy):
    (site_copy / SV_PAGE).unlink()
    assert run_cli(site_copy, "build").returncode == 0
    html = (site_copy / "site/_status/translations.html").read_text(encoding="utf-8")
    assert 'content="noindex, nofollow"' in html
    assert "missing" in html and "projects/creative-metropoles.md" in html
    assert "_status" not in (site_copy / "site/sitemap.xml").read_text(encoding="utf-8")


def test_untranslated_interface_string_fails_check(site_copy):
    po = site_copy / "theme/locales/pl/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Partnerzy"', 'msgstr ""'), encoding="utf-8")
    result = run_cli(site_copy, "check")
    assert result.returncode == 1
    assert 'the interface string "Partners" has no pl translation' in result.stderr


def test_translation_of_an_unknown_language_is_an_error(site_copy):
    page = site_copy / SV_PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("lang: en", "lang: de", 1), encoding="utf-8")
    result = run_cli(site_copy, "check")
    assert result.returncode == 1
    assert "translated_from names 'de', which is not a language of this site" in result.stderr
