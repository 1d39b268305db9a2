"""Each page's translation state, looked up by (kind, slug, language) for the renderer's notice
and the build's page keys, and the same as the status report says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import Problems
from generator.load.config import load_config
from generator.load.content import load_content
from generator.load.pages import page_version
from generator.model.site import Site, build_model
from generator.model.translation_status import (
    MISSING,
    ORIGINAL,
    OUTDATED,
    UP_TO_DATE,
    Status,
    statuses_by_page,
    statuses_for_site,
)
from tests.tools.sites import make_site, write

EN = "content/en/projects/test-project.md"


def translation(lang: str, version: str | None) -> str:
    recorded = f"\n  version: {version}" if version else ""
    return f"---\ntitle: T\nsummary: S.\ntranslated_from:\n  lang: {lang}{recorded}\n---\n\nText.\n"


def model(root: Path) -> Site:
    problems = Problems(root=root)
    loaded = load_config(root / "site_config.yml", problems)
    assert loaded is not None, problems.items
    site = build_model(loaded, load_content(loaded, problems), problems, today=dt.date(2024, 1, 1))
    assert not problems, problems.items
    return site


def site_with_translations(tmp_path: Path) -> Site:
    """sv is current with en, no is outdated (its version is an older one), pl records no
    version, lt was translated from sv and is current with it; the about page exists only in en."""
    root = make_site(tmp_path)
    current = page_version((root / EN).read_bytes())
    write(root / "content/sv/projects/test-project.md", translation("en", current))
    write(root / "content/no/projects/test-project.md", translation("en", "0123456789ab"))
    write(root / "content/pl/projects/test-project.md", translation("en", None))
    sv = page_version((root / "content/sv/projects/test-project.md").read_bytes())
    write(root / "content/lt/projects/test-project.md", translation("sv", sv))
    return model(root)


def test_every_page_of_every_language_has_its_state(tmp_path):
    states = statuses_by_page(site_with_translations(tmp_path))
    project = {lang: states[("project", "test-project", lang)] for lang in ("en", "sv", "no", "pl", "lt")}
    assert {lang: s.state for lang, s in project.items()} == {
        "en": ORIGINAL,
        "sv": UP_TO_DATE,
        "no": OUTDATED,
        "pl": OUTDATED,  # no version recorded: it cannot be known to be current
        "lt": UP_TO_DATE,
    }
    assert project["no"].source_lang == "en" and project["lt"].source_lang == "sv"
    assert project["no"].file == "content/no/projects/test-project.md"
    assert states[("page", "about", "sv")] == Status("about.md", "sv", MISSING, "en")
    assert not any(kind in ("search", "programme", "programmes") for kind, _slug, _lang in states)


def test_the_lookup_says_what_the_report_says(tmp_path):
    site = site_with_translations(tmp_path)
    assert list(statuses_by_page(site).values()) == statuses_for_site(site)


def test_a_translation_of_a_translation_is_outdated_when_its_source_changes(tmp_path):
    root = make_site(tmp_path)
    write(root / "content/sv/projects/test-project.md", translation("en", page_version((root / EN).read_bytes())))
    sv = page_version((root / "content/sv/projects/test-project.md").read_bytes())
    write(root / "content/lt/projects/test-project.md", translation("sv", sv))
    assert statuses_by_page(model(root))[("project", "test-project", "lt")].state == UP_TO_DATE

    page = root / "content/sv/projects/test-project.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    states = statuses_by_page(model(root))
    assert states[("project", "test-project", "lt")].state == OUTDATED
    assert states[("project", "test-project", "sv")].state == UP_TO_DATE  # en did not change
