"""The JSON Schemas under schemas/ say what eupages' models say, and accept the real content."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jsonschema
import pytest

from generator.commands import schema as schemas
from generator.load import yaml_source
from generator.load.pages import FrontMatter, split_front_matter
from tests.tools.sites import run_cli

ROOT = Path(__file__).resolve().parents[3]
FOLDER = ROOT / "schemas"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schemas.generate(name))


def _errors(name: str, data) -> list[str]:
    return [f"{'.'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in _validator(name).iter_errors(data)]


def test_the_committed_schemas_match_the_models():
    stale = schemas.stale(FOLDER)
    assert not stale, (
        f"{', '.join(stale)} in schemas/ no longer match the models: run `eupages schema --write` and commit the result"
    )


def test_the_check_fails_when_a_model_changes_without_regenerating(monkeypatch):
    class ChangedFrontMatter(FrontMatter):
        draft: bool = False  # a new field, schemas/ not regenerated

    models = schemas.models()
    models["front-matter.schema.json"] = (ChangedFrontMatter,) + models["front-matter.schema.json"][1:]
    monkeypatch.setattr(schemas, "models", lambda: models)
    assert schemas.stale(FOLDER) == ["front-matter.schema.json"]
    assert "draft" in schemas.generate("front-matter.schema.json")["properties"]


def test_eupages_schema_checks_and_writes(tmp_path):
    folder = tmp_path / "schemas"
    result = run_cli(ROOT, "schema", "--folder", str(folder))
    assert result.returncode == 1
    assert f"{folder}/project.schema.json is out of date — run: eupages schema --write" in result.stderr
    result = run_cli(ROOT, "schema", "--folder", str(folder), "--write")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(schemas.names())
    result = run_cli(ROOT, "schema", "--folder", str(folder))
    assert result.returncode == 0, result.stderr
    (folder / "project.schema.json").write_text("{}", encoding="utf-8")
    assert run_cli(ROOT, "schema", "--folder", str(folder)).returncode == 1


@pytest.mark.parametrize("name", schemas.names())
def test_each_schema_is_valid_json_schema(name):
    jsonschema.Draft202012Validator.check_schema(schemas.generate(name))


@pytest.mark.parametrize("path", sorted((ROOT / "content/projects").glob("*.yml")), ids=lambda p: p.name)
def test_every_shipped_record_passes_its_schema(path):
    data = yaml_source.load(path.read_text(encoding="utf-8")).data
    assert _errors("project.schema.json", data) == []


def _pages() -> list[Path]:
    return sorted(p for p in (ROOT / "content").rglob("*.md"))


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.relative_to(ROOT / "content").as_posix())
def test_every_shipped_front_matter_passes_its_schema(path):
    front, _body, _line = split_front_matter(path.read_text(encoding="utf-8"))
    assert _errors("front-matter.schema.json", yaml_source.load(front).data) == []


def test_the_shipped_site_config_passes_its_schema():
    data = yaml_source.load((ROOT / "site_config.yml").read_text(encoding="utf-8")).data
    assert _errors("site_config.schema.json", data) == []


def test_yaml_files_point_editors_at_their_schema():
    files = {ROOT / "site_config.yml": "site_config.schema.json"}
    files.update({p: "project.schema.json" for p in (ROOT / "content/projects").glob("*.yml")})
    for path, name in files.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = MODELINE.match(first)
        assert match, f"{path.relative_to(ROOT)} does not start with '# yaml-language-server: $schema=…'"
        assert (path.parent / match[1]).resolve() == (FOLDER / name).resolve(), path


def test_the_schemas_catch_what_check_catches():
    """An editor's tool underlines the same slips: an unknown field, a wrong choice, a missing field."""
    record = {
        "funding": {"fund": "erdf", "programming_period": "2007-2013"},
        "source": {"file": "x.txt", "kind": "summary"},
        "partners": [{"name": "A", "country": "SE", "role": "lead"}],
    }
    assert _errors("project.schema.json", record) == []
    assert _errors("project.schema.json", {**record, "partnres": []})
    assert _errors("project.schema.json", {**record, "funding": "no"})
    assert _errors("project.schema.json", {k: v for k, v in record.items() if k != "source"})
    assert _errors("project.schema.json", {**record, "funding": "none", "approved": "17 September 2010"})
    assert _errors("front-matter.schema.json", {"title": "T", "summary": "S", "menu": "header"})
    assert _errors(
        "front-matter.schema.json", {"title": "T", "summary": "S", "translated_from": {"lang": "en", "version": "xyz"}}
    )
    # Texts per language, dates as the sources give them, and funding: none are all fine.
    assert (
        _errors(
            "project.schema.json",
            {
                **record,
                "funding": "none",
                "approved": 2010,
                "period": {"start": "2008-10", "end": "2013-09-30"},
                "partners": [{"name": {"en": "Region", "sv": "Region"}, "country": "SE"}],
            },
        )
        == []
    )
