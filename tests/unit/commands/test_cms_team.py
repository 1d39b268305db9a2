"""The editor published for a team works on GitHub and GitLab: no collection needs `eupages edit`'s
path translation, every collection finds the shipped files, and --out writes a folder to publish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.commands import cms_admin, cms_config
from generator.commands.edit import ProjectPagePaths
from tests.tools.sites import run_cli

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "site_config.yml"
LANGUAGES = ["en", "sv", "no", "pl", "lt"]
GITHUB = cms_config.team_backend("github", "example/eu-projects")


def _team(backend: dict = GITHUB) -> dict:
    return cms_config.team_configuration(CONFIG, backend)


def _files(collection: dict, lang: str | None = None) -> list[Path]:
    """The files Decap lists for a collection (for one language of an i18n collection)."""
    folder = ROOT / collection["folder"]
    if lang is not None:
        folder = folder / lang  # multiple_folders: <folder>/<lang>/<slug>.<extension>
    return sorted(folder.glob(f"*.{collection['extension']}"))


def test_one_project_page_collection_per_language_reads_the_shipped_pages():
    collections = {c["name"]: c for c in _team()["collections"]}
    pages = [c for name, c in collections.items() if name.startswith("project-pages")]
    assert [c["name"] for c in pages] == [f"project-pages-{code}" for code in LANGUAGES]
    assert "project-pages" not in collections
    for code, collection in zip(LANGUAGES, pages, strict=True):
        assert collection["folder"] == f"content/{code}/projects"
        assert "i18n" not in collection and not any(f.get("i18n") for f in collection["fields"])
        slugs = {p.stem for p in _files(collection)}
        assert slugs == {p.stem for p in (ROOT / "content/projects").glob("*.yml")}, code
    assert collections["project-pages-sv"]["label"] == "Project pages — Svenska"
    assert collections["project-pages-no"]["label"] == "Project pages — Norsk (bokmål)"


def test_no_collection_relies_on_the_local_path_translation():
    paths = ProjectPagePaths("content")
    for collection in _team()["collections"]:
        if collection.get("i18n"):
            for lang in LANGUAGES:
                found = _files(collection, lang)
                assert found, (collection["name"], lang)
                for file in found:
                    relative = file.relative_to(ROOT).as_posix()
                    assert paths.to_disk(relative) == relative  # the path Decap asks for is the file itself
        else:
            found = _files(collection)
            assert found, collection["name"]
            for file in found:
                relative = file.relative_to(ROOT).as_posix()
                assert paths.to_disk(relative) == relative  # the path Decap asks for is the file itself
    # The local configuration is the one that needs it, and stays as it is.
    local = {c["name"]: c for c in cms_config.configuration(CONFIG)["collections"]}
    assert local["project-pages"]["folder"] == "content/projects" and local["project-pages"]["i18n"] is True
    asked = "content/projects/en/creative-metropoles.md"  # what the local one asks for, translated by edit.py
    assert paths.to_disk(asked) == "content/en/projects/creative-metropoles.md"
    assert not cms_config.stale(CONFIG)


def test_records_and_stand_alone_pages_are_the_local_ones():
    local = {c["name"]: c for c in cms_config.configuration(CONFIG)["collections"]}
    team = {c["name"]: c for c in _team()["collections"]}
    assert team["records"] == local["records"]
    assert team["pages"] == local["pages"]
    assert {p.stem for p in _files(team["pages"], "en")} >= {"index", "about", "accessibility"}


def test_the_backend_block_for_github_and_gitlab():
    assert _team()["backend"] == {"name": "github", "repo": "example/eu-projects", "branch": "main"}
    proxy = cms_config.team_backend("github", "o/r", "site", base_url="https://auth.example/")
    assert proxy == {"name": "github", "repo": "o/r", "branch": "site", "base_url": "https://auth.example"}
    gitlab = cms_config.team_backend("gitlab", "group/sub/site", app_id="abc123")
    assert gitlab == {
        "name": "gitlab",
        "repo": "group/sub/site",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "abc123",
    }
    assert cms_config.team_backend("gitlab", "g/s") == {"name": "gitlab", "repo": "g/s", "branch": "main"}
    with pytest.raises(ValueError, match="OWNER/NAME"):
        cms_config.team_backend("github", "group/sub/site")
    with pytest.raises(ValueError, match="--app-id is for GitLab"):
        cms_config.team_backend("github", "o/r", app_id="x")


def test_eupages_cms_prints_the_team_configuration():
    result = run_cli(ROOT, "cms", "--backend", "gitlab", "--repo", "g/site", "--app-id", "7")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert config["backend"] == {
        "name": "gitlab",
        "repo": "g/site",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "7",
    }
    assert result.stdout.startswith("# Generated by `eupages cms --backend gitlab")
    wrong = run_cli(ROOT, "cms", "--backend", "github", "--write", "--repo", "o/r")
    assert wrong.returncode == 2 and "cannot go with --backend" in wrong.stderr
    assert not cms_config.stale(CONFIG)  # the committed local configuration was left alone


def test_the_out_folder_holds_a_ready_editor(tmp_path):
    out = tmp_path / "site/admin"
    result = run_cli(ROOT, "cms", "--backend", "github", "--repo", "o/r", "--out", str(out))
    assert result.returncode == 0, result.stderr
    for name in ("index.html", "manual-init.js", "eupages-admin.mjs", "eupages-admin.css", "eupages-formats.mjs"):
        assert (out / name).read_bytes() == (ROOT / "generator/commands/cms_assets" / name).read_bytes(), name
    assert (out / "decap-cms.js").stat().st_size > 1_000_000
    assert list(out.glob("*.decap-cms.js")) and list(out.glob("*.wasm"))
    assert not list(out.glob("*.map")) and not (out / "cms.js").exists()
    assert (out / "vendor/yaml/index.js").is_file()
    # Every module the page loads is there, relative to the folder.
    html = (out / "index.html").read_text(encoding="utf-8")
    for src in ("manual-init.js", "decap-cms.js", "eupages-admin.mjs", "eupages-admin.css"):
        assert src in html and (out / src).is_file()
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config == cms_config.team_configuration(CONFIG, cms_config.team_backend("github", "o/r"))
    fields = json.loads((out / "eupages-fields.json").read_text(encoding="utf-8"))
    assert fields["live"] is False and fields["languages"] == LANGUAGES
    assert fields["amounts"] == cms_config.field_kinds(CONFIG)["amounts"]


def test_a_missing_bundle_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cms_admin, "node_modules_candidates", lambda root: [tmp_path / "node_modules"])
    out = tmp_path / "admin"
    code = cli.main(["cms", "-c", str(CONFIG), "--backend", "github", "--repo", "o/r", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "the published editor needs the Decap CMS bundle (node_modules/decap-cms/dist/decap-cms.js)" in err
    assert "— run `npm ci --ignore-scripts`" in err
    assert not out.exists()  # nothing half-written
