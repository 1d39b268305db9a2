"""Every kind of bad input an editor can make gets `file:line: what — how to fix`, exit 1, no traceback,
and the published site stays exactly as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.tools.sites import run_cli, write

RECORD = "content/projects/test-project.yml"
PAGE = "content/en/projects/test-project.md"

CASES = {
    "listing page size of zero": (
        "site_config.yml",
        ("folders:", "projects_per_page: 0\nfolders:"),
        "site_config.yml:15: 'projects_per_page': a listing page cannot show 0 projects — write a whole number"
        " from 1 to 1000, or remove the line for the default of 24",
    ),
    "index page size too large": (
        "site_config.yml",
        ("folders:", "terms_per_page: 100000\nfolders:"),
        "site_config.yml:15: 'terms_per_page': an index page cannot list 100000 names — write a whole number"
        " from 1 to 5000, or remove the line for the default of 200",
    ),
    "tab indentation": (
        RECORD,
        ("  start: 2010", "\tstart: 2010"),
        "content/projects/test-project.yml:5: this line is indented with a tab; YAML allows only spaces"
        " — replace the tab with spaces (two per level is usual)",
    ),
    "colon in an unquoted title": (
        PAGE,
        ("title: Test project", "title: Creative Metropoles: policies"),
        "content/en/projects/test-project.md:2: a colon followed by a space inside a value that"
        ' is not in quotes — put the whole value in double quotes, e.g. title: "Creative'
        ' Metropoles: policies"',
    ),
    "unclosed quote": (
        RECORD,
        ('reference: "0271R1"', 'reference: "0271R1'),
        "content/projects/test-project.yml:3: a quote is opened but never closed — close the quotation mark on the same line",
    ),
    "misspelled field": (
        RECORD,
        ("partners:", "partnres:"),
        "content/projects/test-project.yml:16: unknown field 'partnres' — did you mean 'partners'?",
    ),
    "wrong type": (
        RECORD,
        ("264145.00", "lots"),
        "content/projects/test-project.yml:13: 'budget.total.0.amount': 'lots' is not an amount — write digits"
        " with a dot for decimals and no spaces or currency, e.g. 264145.00",
    ),
    "unknown programme": (
        RECORD,
        ("programme: test-programme", "programme: test-programm"),
        "content/projects/test-project.yml:2: unknown programme 'test-programm' — did you mean 'test-programme'?",
    ),
    "not a date": (
        RECORD,
        ("start: 2010-10-01", "start: 2010-13-45"),
        "content/projects/test-project.yml:5: 'period.start': '2010-13-45' is not a date — write a date as"
        " 2010-10-01, a month as 2008-10 or a year as 2021",
    ),
    "end before start": (
        RECORD,
        ("end: 2013-09-30", "end: 2009-09-30"),
        "content/projects/test-project.yml:6: the project ends (2009-09-30) before it starts (2010-10-01)"
        " — check both dates against the source document",
    ),
    "country as a name": (
        RECORD,
        ("country: PL", "country: Litwa"),
        "content/projects/test-project.yml:17: 'Litwa' is not a country code — write the ISO 3166-1 code LT",
    ),
    "missing translation": (
        "site_config.yml",
        (", pl: Program testowy", ""),
        "site_config.yml:12: 'programmes.test-programme.name' has no text in 'pl' — add a line"
        " 'pl: …' with the translation",
    ),
    "EU funding without a period": (
        RECORD,
        ('  programming_period: "2007-2013"\n', ""),
        "content/projects/test-project.yml:7: the field 'funding.programming_period' is"
        " missing — add 'programming_period:'",
    ),
    "role not allowed": (
        RECORD,
        ("role: lead", "role: leader"),
        "content/projects/test-project.yml:17: 'partners.0.role' cannot be 'leader' — use one of:"
        " 'lead', 'partner' or 'associated'",
    ),
}


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_the_site_is_kept(site_src, case):
    first = run_cli(site_src, "build")
    assert first.returncode == 0, first.stderr
    before = _fingerprint(site_src / "site")

    relative, (old, new), expected = CASES[case]
    _edit(site_src, relative, old, new)
    result = run_cli(site_src, "build")

    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was published" in result.stderr
    assert _fingerprint(site_src / "site") == before
    assert not list(site_src.glob(".site.*")), "no staging folder may be left behind"


def test_unknown_language_folder(site_src):
    write(site_src / "content/de/index.md", "---\ntitle: Willkommen\nsummary: Test.\n---\n")
    result = run_cli(site_src, "check")
    assert result.returncode == 1
    assert (
        "content/de: 'de' is not a language of this site — rename the folder to one of: en, sv, no, pl, lt,"
        " or add 'de' under 'languages' in site_config.yml"
    ) in result.stderr


def test_check_lists_every_problem_at_once(site_src):
    _edit(site_src, RECORD, "partners:", "partnres:")
    _edit(site_src, "site_config.yml", ", pl: Program testowy", "")
    result = run_cli(site_src, "check")
    assert result.returncode == 1
    assert "unknown field 'partnres'" in result.stderr
    assert "has no text in 'pl'" in result.stderr
    assert "2 problems found" in result.stderr


def test_check_passes_on_a_valid_site_and_writes_nothing(site_src):
    result = run_cli(site_src, "check")
    assert result.returncode == 0, result.stderr
    assert "everything is valid" in result.stdout
    assert not (site_src / "site").exists()


def test_unquoted_no_keeps_norwegian(site_src):
    # YAML 1.1 reads an unquoted `no` as false; eupages must keep Norwegian.
    _edit(site_src, "site_config.yml", '{code: "no"', "{code: no")
    result = run_cli(site_src, "build")
    assert result.returncode == 0, result.stderr
    assert (site_src / "site/no/index.html").exists()
