"""Rebuilds write into the spare (the site before the published one) and swap it in.

What a visitor or a deploy step would notice: after any series of edits the published
folder is exactly what a clean build publishes; a one-page rebuild leaves every other file
of the site as it was (same inode and modification time); a build that fails leaves the
published site untouched and the next one is still right."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.build import cache as build_cache
from generator.build import fastpath
from generator.build.pipeline import build
from generator.errors import ContentError
from tests.integration.test_incremental import CHANGES, EPOCH, edit, fingerprint
from tests.tools.sites import copy_real_site


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def clean_build_of(source: Path, folder: Path, **options) -> dict[str, str]:
    """A clean build (no cache, no previous output) of `source` as it stands now."""
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns(".eupages-cache", "site"))
    build(folder / "site_config.yml", folder / "site", **options)
    return fingerprint(folder / "site")


def spare_of(source: Path) -> list[Path]:
    return sorted((source / ".eupages-cache").glob("spare-*"))


def test_a_one_page_rebuild_leaves_every_other_file_untouched(tmp_path, environment):
    source = copy_real_site(tmp_path / "site_src")
    site = source / "site"
    for _ in range(3):  # the third build is the first with a spare to write into
        build(source / "site_config.yml", site, search=False)
    assert spare_of(source), "the build keeps the site it replaced as its spare"
    before = stats(site)

    CHANGES["page text"](source)
    again = build(source / "site_config.yml", site, search=False)

    after = stats(site)
    edited = "pl/projects/urban-creative-poles/index.html"
    assert again.rendered == 1
    assert "Nowe zdanie." in (site / edited).read_text(encoding="utf-8")
    assert after[edited] != before[edited]
    # The status page counts the edited translation's paragraphs, and the build stamp is a
    # digest of every page's key: both rightly change too.
    depends_on_the_edit = {edited, "_status/translations.html", ".eupages-build"}
    touched = sorted(path for path in after if path not in depends_on_the_edit and after[path] != before.get(path))
    assert touched == [], f"a one-page rebuild rewrote other files: {touched[:10]}"
    assert set(after) == set(before)


def test_every_series_of_edits_publishes_what_a_clean_build_would(tmp_path, environment):
    """All kinds of change one after another, parallel rendering included (a template change
    re-renders every page in the workers), each checked against a clean build."""
    source = copy_real_site(tmp_path / "site_src")
    build(source / "site_config.yml", source / "site", jobs=2, precompress=True, search=False)
    for step, change in enumerate(["page text", "template", "deleted page", "record", "stylesheet", "page title"]):
        CHANGES[change](source)
        build(source / "site_config.yml", source / "site", jobs=2, precompress=True, search=False)
        expected = clean_build_of(source, tmp_path / f"clean-{step}", jobs=2, precompress=True, search=False)
        assert fingerprint(source / "site") == expected, f"after '{change}'"
        stray = [p for p in (source / "site").rglob("*") if p.is_dir() and not any(p.iterdir())]
        assert stray == [], f"empty folders left after '{change}': {stray}"


def test_a_failed_rebuild_changes_nothing_and_the_next_one_is_right(tmp_path, environment):
    source = copy_real_site(tmp_path / "site_src")
    site = source / "site"
    for _ in range(3):
        build(source / "site_config.yml", site, search=False)
    published = fingerprint(site)
    identity = os.stat(site).st_ino

    page = source / "content/en/about.md"
    edit(page, "\n## ", "\n[broken](../nowhere/)\n\n## ")
    with pytest.raises(ContentError):
        build(source / "site_config.yml", site, search=False)
    assert fingerprint(site) == published and os.stat(site).st_ino == identity

    edit(page, "\n[broken](../nowhere/)\n", "\nA sentence that works.\n")
    build(source / "site_config.yml", site, search=False)
    assert "A sentence that works." in (site / "en/about/index.html").read_text(encoding="utf-8")
    assert fingerprint(site) == clean_build_of(source, tmp_path / "clean", search=False)
    # …and the build after it uses a spare again.
    CHANGES["page title"](source)
    again = build(source / "site_config.yml", site, search=False)
    assert again.reused > again.rendered and spare_of(source)
    assert fingerprint(site) == clean_build_of(source, tmp_path / "clean-2", search=False)


def test_an_edit_re_indexes_only_its_own_language(tmp_path, environment):
    source = copy_real_site(tmp_path / "site_src")
    site = source / "site"
    for _ in range(3):
        build(source / "site_config.yml", site)
    before = stats(site / "pagefind")

    CHANGES["page text"](source)  # a Polish page
    build(source / "site_config.yml", site)

    after = stats(site / "pagefind")
    changed = sorted({path.split("/")[0] for path in set(before) | set(after) if before.get(path) != after.get(path)})
    assert changed == ["pl"], f"bundles written anew: {changed}"
    assert fingerprint(site) == clean_build_of(source, tmp_path / "clean")


def test_the_preview_publishes_an_edit_first_and_indexes_its_language_next(tmp_path, environment):
    """`defer_search` (the live preview) shows the edited page without waiting for Pagefind;
    the build after it, even with no change in between, brings that language's index up to date."""
    source = copy_real_site(tmp_path / "site_src")
    config, site = source / "site_config.yml", source / "site"
    for _ in range(2):
        build(config, site)
    before = stats(site / "pagefind")

    CHANGES["page text"](source)  # a Polish page
    deferred = build(config, site, defer_search=True)
    assert deferred.search_pending == ("pl",) and deferred.rendered >= 1
    assert stats(site / "pagefind") == before, "no language is indexed while the preview waits for the page"
    assert not fastpath.nothing_changed(config, site, None, False, True), "a pending index is not 'nothing changed'"

    caught_up = build(config, site)
    assert caught_up.search_pending == () and caught_up.rendered == 0
    after = stats(site / "pagefind")
    changed = sorted({path.split("/")[0] for path in set(before) | set(after) if before.get(path) != after.get(path)})
    assert changed == ["pl"], f"bundles written anew: {changed}"
    assert fingerprint(site) == clean_build_of(source, tmp_path / "clean")


def test_a_site_built_by_another_copy_of_eupages_is_not_nothing_changed(tmp_path, environment, monkeypatch):
    source = copy_real_site(tmp_path / "site_src")
    config, site = source / "site_config.yml", source / "site"
    build(config, site, search=False)
    assert fastpath.nothing_changed(config, site, None, False, False)
    monkeypatch.setattr(build_cache, "PACKAGE", tmp_path / "another-checkout" / "generator")
    assert not fastpath.nothing_changed(config, site, None, False, False)


def test_a_site_restored_from_a_ci_cache_is_rebuilt_incrementally(tmp_path, environment):
    """CI restores the output folder and the cache as copies (new inodes): the build stamp
    says they are still the site the cache describes."""
    source = copy_real_site(tmp_path / "site_src")
    site = source / "site"
    build(source / "site_config.yml", site, search=False)
    for folder in (site, source / ".eupages-cache"):
        shutil.move(folder, tmp_path / "saved")
        shutil.copytree(tmp_path / "saved", folder)
        shutil.rmtree(tmp_path / "saved")

    CHANGES["page text"](source)
    again = build(source / "site_config.yml", site, search=False)
    assert again.rendered == 1
    assert fingerprint(site) == clean_build_of(source, tmp_path / "clean", search=False)
