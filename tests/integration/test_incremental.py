"""An incremental build must publish exactly what a clean build would, after every kind of edit."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.build.pipeline import build
from tests.tools.sites import copy_real_site

EPOCH = "1700000000"


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


CHANGES = {
    "page text": lambda root: edit(
        root / "content/pl/projects/urban-creative-poles.md", "\n## ", "\nNowe zdanie.\n\n## "
    ),
    "page title": lambda root: edit(root / "content/sv/about.md", "title:", "title: Ny"),
    "record": lambda root: edit(root / "content/projects/south-baltic-creative-clusters.yml", "264145.00", "264146.00"),
    "template": lambda root: edit(root / "theme/templates/partials/facts.html", "<dl>", '<dl class="facts__list">'),
    "catalogue": lambda root: edit(
        root / "theme/locales/pl/LC_MESSAGES/messages.po", 'msgstr "Partnerzy"', 'msgstr "Partnerzy projektu"'
    ),
    "configuration": lambda root: edit(root / "site_config.yml", "Kreativa regioner", "Kreativa regionerna"),
    "project title": lambda root: edit(
        root / "content/en/projects/south-baltic-creative-clusters.md",
        "title: South Baltic Creative Clusters",
        "title: South Baltic Creative Clusters (SBCC)",
    ),
    "partner name": lambda root: edit(
        root / "content/projects/urban-creative-poles.yml",
        '"VšĮ Klaipėdos ekonominės plėtros agentūra"',
        '"VšĮ Klaipėdos ekonominės plėtros agentūra (KEPA)"',
        count=-1,
    ),
    "deleted page": lambda root: (root / "content/lt/projects/creative-metropoles.md").unlink(),
    "stylesheet": lambda root: (root / "theme/static/css/site.css").write_text(
        (root / "theme/static/css/site.css").read_text(encoding="utf-8") + "\n.x { color: #000; }\n", encoding="utf-8"
    ),
}


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_incremental_build_equals_a_clean_build(tmp_path, environment, change):
    source = copy_real_site(tmp_path / "incremental")
    first = build(source / "site_config.yml", source / "site")
    assert first.reused == 0

    CHANGES[change](source)
    again = build(source / "site_config.yml", source / "site")

    clean = copy_real_site(tmp_path / "clean")
    CHANGES[change](clean)
    build(clean / "site_config.yml", clean / "site")

    assert fingerprint(source / "site") == fingerprint(clean / "site")
    if change in ("page text", "record", "deleted page", "page title"):
        assert again.reused > again.rendered, "a content edit must not re-render the whole site"


def test_nothing_changed_renders_nothing(tmp_path, environment):
    source = copy_real_site(tmp_path / "site_src")
    build(source / "site_config.yml", source / "site")
    before = fingerprint(source / "site")
    again = build(source / "site_config.yml", source / "site")
    assert again.rendered == 0
    assert fingerprint(source / "site") == before


def test_one_page_edit_renders_that_page_only(tmp_path, environment):
    source = copy_real_site(tmp_path / "site_src")
    build(source / "site_config.yml", source / "site")
    CHANGES["page text"](source)
    again = build(source / "site_config.yml", source / "site")
    assert again.rendered == 1
    html = (source / "site/pl/projects/urban-creative-poles/index.html").read_text(encoding="utf-8")
    assert "Nowe zdanie." in html


def test_replacing_the_output_folder_by_hand_forces_a_full_build(tmp_path, environment):
    source = copy_real_site(tmp_path / "site_src")
    build(source / "site_config.yml", source / "site")
    shutil.rmtree(source / "site")
    (source / "site").mkdir()
    again = build(source / "site_config.yml", source / "site")
    assert again.reused == 0
    assert (source / "site/en/index.html").is_file()


def test_parallel_and_single_process_builds_are_identical(tmp_path, environment):
    source = copy_real_site(tmp_path / "site_src")
    build(source / "site_config.yml", tmp_path / "one", jobs=1, search=False)
    build(source / "site_config.yml", tmp_path / "two", jobs=2, search=False)
    assert fingerprint(tmp_path / "one") == fingerprint(tmp_path / "two")
