"""`eupages new project|page`: commented templates in every language that `eupages check` guides
to completion, never overwriting anything and refusing names that cannot be addresses."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import jsonschema
import pytest

from generator.commands import schema as schemas
from generator.load import yaml_source
from tests.tools.sites import run_cli

LANGS = ["en", "sv", "no", "pl", "lt"]
SLUG = "baltic-light"
RECORD = f"content/projects/{SLUG}.yml"


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "content").rglob("*"))
        if p.is_file()
    }


def _set(root: Path, relative: str, field: str, value: str) -> None:
    """Type a value after `field:` on its line, keeping the comment, as an editor would."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^(\s*(?:- )?{re.escape(field)}:)( +)#", re.M)
    assert pattern.search(text), f"test set-up: no empty '{field}:' in {relative}"
    path.write_text(pattern.sub(lambda m: f"{m[1]} {value}{m[2]}#", text, count=1), encoding="utf-8")


def _fill_record(root: Path) -> None:
    _set(root, RECORD, "fund", "erdf")
    _set(root, RECORD, "programming_period", '"2007-2013"')
    _set(root, RECORD, "name", '"Klaipėdos ekonominės plėtros agentūra"')
    _set(root, RECORD, "country", "LT")
    _set(root, RECORD, "file", "003_11f9f83c3be7bd1c.txt")
    _set(root, RECORD, "kind", "summary")
    _set(root, RECORD, "programme", "test-programme")


def _fill_page(root: Path, relative: str, title: str) -> None:
    _set(root, relative, "title", f'"{title}"')
    _set(root, relative, "summary", f'"What {title} did."')


def test_new_project_writes_a_record_and_a_page_per_language(site_src):
    result = run_cli(site_src, "new", "project", SLUG)
    assert result.returncode == 0, result.stderr
    expected = [RECORD] + [f"content/{lang}/projects/{SLUG}.md" for lang in LANGS]
    for relative in expected:
        assert (site_src / relative).is_file(), relative
        assert relative in result.stdout
    assert "the English page (the original)" in result.stdout
    assert "the Swedish translation, to be translated" in result.stdout

    record = (site_src / RECORD).read_text(encoding="utf-8")
    assert record.startswith("# yaml-language-server: $schema=../../schemas/project.schema.json\n")
    # A comment on every field, saying what it is.
    for line in record.splitlines():
        if re.match(r"^\s*(?:- )?[a-z_]+:", line):
            assert "#" in line, f"field without a comment: {line!r}"
    assert "test-programme" in record  # the programmes of this site are listed
    # The original has no translated_from; each translation names the original's language.
    assert "translated_from" not in (site_src / f"content/en/projects/{SLUG}.md").read_text(encoding="utf-8")
    for lang in LANGS[1:]:
        text = (site_src / f"content/{lang}/projects/{SLUG}.md").read_text(encoding="utf-8")
        assert "translated_from:\n  lang: en\n" in text
        assert f"eupages translations --mark-current content/{lang}/projects/{SLUG}.md" in text


def test_check_tells_exactly_what_to_fill_in(site_src):
    run_cli(site_src, "new", "project", SLUG)
    result = run_cli(site_src, "check")
    assert result.returncode == 1
    record_lines = [line for line in result.stderr.splitlines() if line.startswith(RECORD)]
    assert record_lines == [
        f"{RECORD}:23: 'funding.fund' is empty — write its value after 'fund:' (the EU fund, e.g. erdf, or a list when"
        " several co-financed the project, e.g. [erdf, enpi]),"
        " or see docs/content-model.md",
        f"{RECORD}:24: 'funding.programming_period' is empty — write its value after 'programming_period:', or see"
        " docs/content-model.md",
        f"{RECORD}:35: 'partners.0.name' is empty — write its value after 'name:', or see docs/content-model.md",
        f"{RECORD}:37: 'partners.0.country' is empty — write its value after 'country:' (ISO 3166-1 alpha-2 code,"
        " e.g. SE, NO, PL, LT), or see docs/content-model.md",
        f"{RECORD}:45: 'source.file' is empty — write its value after 'file:', or see docs/content-model.md",
        f"{RECORD}:47: 'source.kind' is empty — write its value after 'kind:' (what the document is: proposal,"
        " decision, application, project-description or summary), or see docs/content-model.md",
    ]
    assert (
        f"content/en/projects/{SLUG}.md:3: 'title' is empty — write its value after 'title:', or see"
        " docs/content-model.md"
    ) in result.stderr
    assert f"content/sv/projects/{SLUG}.md:7: 'summary' is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_filled_in_project_builds_and_translations_can_wait(site_src):
    run_cli(site_src, "new", "project", SLUG)
    _fill_record(site_src)
    _fill_page(site_src, f"content/en/projects/{SLUG}.md", "Baltic Light")
    for lang in LANGS[1:]:  # no translations yet: the editor deletes the stubs
        (site_src / f"content/{lang}/projects/{SLUG}.md").unlink()
    result = run_cli(site_src, "build")
    assert result.returncode == 0, result.stderr
    html = (site_src / f"site/en/projects/{SLUG}/index.html").read_text(encoding="utf-8")
    assert "Baltic Light" in html
    assert (site_src / f"site/sv/projects/{SLUG}/index.html").is_file()  # the English text, as a fallback
    data = yaml_source.load((site_src / RECORD).read_text(encoding="utf-8")).data
    assert list(jsonschema.Draft202012Validator(schemas.generate("project.schema.json")).iter_errors(data)) == []


def test_translated_stubs_are_marked_current_when_done(site_src):
    run_cli(site_src, "new", "project", SLUG)
    _fill_record(site_src)
    for lang in LANGS:
        _fill_page(site_src, f"content/{lang}/projects/{SLUG}.md", f"Baltic Light {lang}")
    assert run_cli(site_src, "check").returncode == 0
    stub = f"content/sv/projects/{SLUG}.md"
    result = run_cli(site_src, "translations", "--mark-current", stub)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^  version: [0-9a-f]{12}$", (site_src / stub).read_text(encoding="utf-8"), re.M)
    assert run_cli(site_src, "check").returncode == 0


def test_the_commented_blocks_work_when_uncommented(site_src):
    run_cli(site_src, "new", "project", SLUG)
    _fill_record(site_src)
    _fill_page(site_src, f"content/en/projects/{SLUG}.md", "Baltic Light")
    for lang in LANGS[1:]:
        (site_src / f"content/{lang}/projects/{SLUG}.md").unlink()
    path = site_src / RECORD
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():  # "delete the '# ' at the start of these lines"
        if line.startswith(("# budget:", "# links:", "# inferred:", "#   ")):
            line = line[2:]
        lines.append(line)
    text = "\n".join(lines).replace('"…"', '"Website"') + "\n"
    assert "\nbudget:" in text and "\nlinks:" in text and "\ninferred:" in text
    path.write_text(text, encoding="utf-8")
    result = run_cli(site_src, "check")
    assert result.returncode == 0, result.stderr


def test_new_page_in_every_language(site_src):
    result = run_cli(site_src, "new", "page", "contact")
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        text = (site_src / f"content/{lang}/contact.md").read_text(encoding="utf-8")
        assert "menu: main" in text and "order: 100" in text
        _fill_page(site_src, f"content/{lang}/contact.md", f"Contact {lang}")
    result = run_cli(site_src, "build")
    assert result.returncode == 0, result.stderr
    assert "Contact sv" in (site_src / "site/sv/contact/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind, name", [("project", SLUG), ("page", "about")])
def test_never_overwrites(site_src, kind, name):
    if kind == "project":
        assert run_cli(site_src, "new", kind, name).returncode == 0
        (site_src / RECORD).write_text("# my work\n", encoding="utf-8")
    before = _files(site_src)
    result = run_cli(site_src, "new", kind, name)
    assert result.returncode == 1
    shown = RECORD if kind == "project" else "content/en/about.md"
    assert result.stderr.startswith(f"eupages: {shown}")
    assert "nothing was created" in result.stderr
    assert _files(site_src) == before


def test_refuses_when_only_one_language_exists_already(site_src):
    (site_src / "content/sv/projects").mkdir(parents=True)
    (site_src / f"content/sv/projects/{SLUG}.md").write_text(
        "---\ntitle: Mitt\nsummary: Mitt.\n---\n", encoding="utf-8"
    )
    before = _files(site_src)
    result = run_cli(site_src, "new", "project", SLUG)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"eupages: content/sv/projects/{SLUG}.md already exists; nothing was created —"
        " edit the existing file, or choose another name"
    )
    assert _files(site_src) == before


@pytest.mark.parametrize(
    "name, suggestion",
    [
        ("Baltic Light", "baltic-light"),
        ("baltic_light", "baltic-light"),
        ("-baltic", "baltic"),
        ("baltic--light", "baltic-light"),
        ("../escape", "escape"),
        ("Łódź", None),
    ],
)
def test_refuses_names_that_cannot_be_addresses(site_src, name, suggestion):
    before = _files(site_src)
    result = run_cli(site_src, "new", "project", "--", name)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"eupages: '{name}' cannot be a project's slug: it becomes part of the page's"
        " address, so use only lower-case letters, digits and single hyphens"
    )
    if suggestion:
        assert result.stderr.rstrip().endswith(f"e.g. {suggestion}")
    assert _files(site_src) == before


@pytest.mark.parametrize("name", ["index", "projects", "search", "assets"])
def test_refuses_page_names_the_site_uses(site_src, name):
    before = _files(site_src)
    result = run_cli(site_src, "new", "page", name)
    assert result.returncode == 1
    assert f"eupages: '{name}' cannot be a page's name: the site already uses that address" in result.stderr
    assert _files(site_src) == before
