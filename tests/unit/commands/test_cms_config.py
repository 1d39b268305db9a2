"""The CMS configuration says what eupages' models say, and saving through the CMS loses nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.commands import cms_config
from generator.load import yaml_source
from generator.load.pages import FrontMatter, split_front_matter
from generator.load.records import ProjectRecord, Source
from tests.tools.sites import run_cli

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "site_config.yml"
ROUNDTRIP = ROOT / "tests/tools/cms_roundtrip.mjs"


def _collection(name: str) -> dict:
    return next(c for c in cms_config.configuration(CONFIG)["collections"] if c["name"] == name)


def _field(fields: list[dict], *names: str) -> dict:
    found = next(f for f in fields if f["name"] == names[0])
    return _field(found["fields"], *names[1:]) if len(names) > 1 else found


def test_the_committed_configuration_matches_the_models():
    assert not cms_config.stale(CONFIG), "admin/config.yml no longer matches the models: run `eupages cms --write`"


def test_the_check_fails_when_a_model_changes_without_regenerating(monkeypatch):
    class ChangedSource(Source):
        pages: int | None = None  # a new field; admin/config.yml not regenerated

    import generator.load.records as records

    fields = dict(ProjectRecord.model_fields)
    changed = ProjectRecord.model_fields["source"].__class__.from_annotated_attribute(ChangedSource, ...)
    fields["source"] = changed
    monkeypatch.setattr(records.ProjectRecord, "model_fields", fields)
    assert cms_config.stale(CONFIG)
    assert _field(_collection("records")["fields"], "source", "pages")["widget"] == "number"


def test_eupages_cms_checks_and_writes(tmp_path):
    for name in ("site_config.yml", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    result = run_cli(tmp_path, "cms")
    assert result.returncode == 1
    assert "admin/config.yml is out of date — run: eupages cms --write" in result.stderr
    assert run_cli(tmp_path, "cms", "--write").returncode == 0
    assert (tmp_path / "admin/config.yml").read_text(encoding="utf-8") == (ROOT / "admin/config.yml").read_text(
        encoding="utf-8"
    )
    assert run_cli(tmp_path, "cms").returncode == 0


def test_the_record_form_has_the_widgets_editors_need():
    fields = _collection("records")["fields"]
    programme = _field(fields, "programme")
    assert programme["widget"] == "select"
    assert {"label": "Interreg IVC (interreg-ivc)", "value": "interreg-ivc"} in programme["options"]
    country = _field(fields, "partners", "country")
    assert {"label": "Lithuania (LT)", "value": "LT"} in country["options"]
    assert _field(fields, "partners", "role")["options"] == ["lead", "partner", "associated"]
    currency = _field(fields, "budget", "total", "currency")
    assert {"label": "Euro (EUR)", "value": "EUR"} in currency["options"]
    assert _field(fields, "budget", "total", "amount")["pattern"][0] == cms_config.AMOUNT_PATTERN
    assert _field(fields, "period", "start")["pattern"][0] == cms_config.DATE_PATTERN
    assert _field(fields, "budget", "tables", "rows", "values")["widget"] == "list"
    name = _field(fields, "partners", "name")
    assert [f["name"] for f in name["fields"]] == ["all", "en", "sv", "no", "pl", "lt"]
    assert _field(fields, "status")["hint"].startswith("The project's status as the source states it")


def test_the_currency_list_offers_money_only():
    """Editors pick the currency a budget is written in: gold, bond units or "Unknown Currency"
    in that list are traps; the litas and the ECU, in which old budgets were written, are not."""
    currency = _field(_collection("records")["fields"], "budget", "total", "currency")
    codes = {option["value"] for option in currency["options"]}
    assert not codes & {"XAU", "XAG", "XDR", "XTS", "XXX", "XBA", "XUA"}
    assert {"EUR", "SEK", "NOK", "PLN", "LTL", "XEU", "XOF"} <= codes


def test_project_pages_show_the_five_languages_side_by_side():
    config = cms_config.configuration(CONFIG)
    assert config["i18n"]["structure"] == "multiple_folders"
    assert config["i18n"]["locales"] == ["en", "sv", "no", "pl", "lt"]
    pages = _collection("project-pages")
    assert pages["i18n"] is True
    assert {f["name"] for f in pages["fields"] if f.get("i18n")} >= {"title", "summary", "body"}
    assert _field(pages["fields"], "summary")["hint"] == FrontMatter.model_fields["summary"].description


def _roundtrip(files: dict[str, dict]) -> dict[str, str]:
    if shutil.which("node") is None or not (ROOT / "node_modules/yaml").is_dir():
        pytest.fail("Node.js and node_modules are needed (./scripts/test installs them)", pytrace=False)
    payload = json.dumps({"kinds": cms_config.field_kinds(CONFIG), "files": files})
    result = subprocess.run(["node", str(ROUNDTRIP)], input=payload, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_saving_every_shipped_record_and_page_unchanged_keeps_every_value():
    records = sorted((ROOT / "content/projects").glob("*.yml"))
    pages = sorted((ROOT / "content").glob("*/**/*.md"))
    assert records and pages
    files = {str(p): {"format": "record", "text": p.read_text(encoding="utf-8")} for p in records}
    files |= {str(p): {"format": "page", "text": p.read_text(encoding="utf-8")} for p in pages}
    saved = _roundtrip(files)
    for path in records:
        before = yaml_source.load(files[str(path)]["text"]).data
        after = yaml_source.load(saved[str(path)]).data
        assert after == before, path.name
        assert ProjectRecord.model_validate(after).model_dump(mode="json") == ProjectRecord.model_validate(
            before
        ).model_dump(mode="json")
        assert saved[str(path)].startswith("# yaml-language-server: $schema=../../schemas/project.schema.json\n")
    for path in pages:
        old_front, old_body, _ = split_front_matter(files[str(path)]["text"])
        new_front, new_body, _ = split_front_matter(saved[str(path)])
        assert yaml_source.load(new_front).data == yaml_source.load(old_front).data, path
        assert new_body == old_body, path


def test_the_shapes_without_a_widget_come_back_as_eupages_reads_them():
    record = (
        "funding: none\n"
        "budget:\n  total:\n    - {amount: 264145.00, currency: EUR}\n    - {amount: 250000, currency: SEK}\n"
        "  tables:\n    - {id: t, kind: costs, caption: Costs, columns: [2010, 2011], currency: SEK,"
        " rows: [{label: staff, values: [1.50, 2]}], total: {values: [1.50, 2]}}\n"
        "partners:\n  - {name: Riga, country: LV}\n  - {name: {en: Warsaw, pl: Warszawa}, country: PL}\n"
        "source: {file: a.txt, kind: proposal}\n"
    )
    saved = _roundtrip({"r": {"format": "record", "text": record}})["r"]
    assert "amount: 264145.00" in saved and "amount: 250000\n" in saved
    assert "funding: none" in saved
    assert "- 2010" in saved and "- 1.50" in saved
    assert yaml_source.load(saved).data == yaml_source.load(record).data
