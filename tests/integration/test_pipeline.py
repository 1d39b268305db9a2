"""One pipeline, several ends: `check` and `build` walk the same stages, and every audit
(the EU funding block, internal links) runs on every build, so a build whose pages fail
them publishes nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from generator.build.pipeline import build, check
from tests.tools.sites import copy_real_site, make_site, run_cli, write

EPOCH = "1796083200"
EU_FUNDED = (
    "creative-metropoles",
    "nordens-basta-inlandsregioner-2020",
    "south-baltic-creative-clusters",
    "urban-creative-poles",
)


@pytest.fixture
def real_site(tmp_path: Path) -> Path:
    return copy_real_site(tmp_path / "site")


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _snapshot(folder: Path) -> tuple[int, dict[str, str]]:
    """The folder's identity (the swap replaces it) and every file's bytes."""
    return folder.stat().st_ino, _digests(folder)


def test_check_renders_the_very_pages_build_publishes(real_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    checked = check(real_site / "site_config.yml", jobs=1)
    result = build(real_site / "site_config.yml", tmp_path / "out", search=False, jobs=2)
    built = _digests(result.output)
    pages = sorted(name for name in built if name.endswith(".html"))
    assert checked.pages == result.pages == len(pages) > 250
    # Same pages, same bytes (fingerprinted assets and the CSP tag included) — only the
    # publishing step's own files (the headers and the build stamp) are left out of check.
    published_only = {"_headers", ".eupages-build"}
    assert {n: d for n, d in checked.digests.items()} == {n: d for n, d in built.items() if n not in published_only}


def test_check_writes_nothing(real_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    before = sorted(path.relative_to(real_site).as_posix() for path in real_site.rglob("*"))
    result = run_cli(real_site, "check")
    assert result.returncode == 0, result.stderr
    assert "everything is valid" in result.stdout
    assert sorted(path.relative_to(real_site).as_posix() for path in real_site.rglob("*")) == before


def test_a_theme_without_the_funding_block_publishes_nothing(real_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = run_cli(real_site, "build", "--no-search")
    assert first.returncode == 0, first.stderr
    published = real_site / "site"
    before = _snapshot(published)

    (real_site / "theme/templates/partials/eu_funding.html").write_text("", encoding="utf-8")
    result = run_cli(real_site, "build", "--no-search")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for slug in EU_FUNDED:
        line = _funding_line(real_site / f"content/projects/{slug}.yml")
        assert (
            f"content/projects/{slug}.yml:{line}: pl/projects/{slug}/index.html: EU-funded page has no "
            ".eu-funding block — the block comes from theme/templates/partials/eu_funding.html"
        ) in result.stderr
    assert "nothing was published" in result.stderr
    assert _snapshot(published) == before
    # check reports the same problems, as the same pipeline finds them.
    checked = run_cli(real_site, "check")
    assert checked.returncode == 1
    assert _problem_lines(checked.stderr) == _problem_lines(result.stderr)


def test_a_statement_left_untranslated_by_the_theme_fails_the_build(real_site, monkeypatch):
    """A theme that writes the statement in English on every page: the English pages are
    right, every other language's EU-funded page is not; the page without EU money is fine."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    partial = real_site / "theme/templates/partials/eu_funding.html"
    text = partial.read_text(encoding="utf-8")
    partial.write_text(text.replace("{{ _(msgid) }}", "{{ msgid }}"), encoding="utf-8")
    result = run_cli(real_site, "build", "--no-search")
    assert result.returncode == 1
    problems = _problem_lines(result.stderr)
    pages = {re.search(r": (\w+)/projects/([\w-]+)/index.html:", line).groups() for line in problems}
    assert pages == {(lang, slug) for lang in ("sv", "no", "pl", "lt") for slug in EU_FUNDED}
    assert not (real_site / "site").exists()


def test_a_programmes_own_statement_is_refused_after_2013(tmp_path):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    text = config.read_text(encoding="utf-8").replace(
        'programming_period: "2007-2013"\n    fund: erdf\n',
        'programming_period: "2014-2020"\n    fund: erdf\n    statement: "Together we grow"\n',
    )
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index('    statement: "Together we grow"') + 1
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        f"site_config.yml:{line}: programme 'test-programme': a statement of its own is only for 2007-2013 "
        "programmes, this one is '2014-2020' — remove `statement:`"
    ) in result.stderr


def test_the_retired_slogan_switch_says_what_to_do_instead(tmp_path):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    text = config.read_text(encoding="utf-8").replace("    fund: erdf\n", "    fund: erdf\n    slogan: false\n")
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    slogan: false") + 1
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        f"site_config.yml:{line}: 'slogan' is no longer used — every 2007-2013 page now shows the added-value "
        "statement the regulation requires"
    ) in result.stderr


def test_a_mistyped_cost_category_is_reported_where_it_is_written(tmp_path):
    root = make_site(tmp_path)
    record = root / "content/projects/test-project.yml"
    text = record.read_text(encoding="utf-8")
    anchor = "    - {amount: 217833.25, currency: EUR}\n"
    write(record, text.replace(anchor, anchor + _COSTS))
    line = record.read_text(encoding="utf-8").splitlines().index("        - {label: staf, values: [100]}") + 1
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        f"content/projects/test-project.yml:{line}: 'staf' is not a cost category — did you mean 'staff'? "
        "use one of staff, external_services"
    ) in result.stderr


_COSTS = """\
  tables:
    - id: costs
      kind: costs
      caption: "Costs"
      currency: EUR
      columns: [2011]
      rows:
        - {label: staf, values: [100]}
        - {label: travel, values: [50]}
      total: {values: [150]}
"""


def _funding_line(record: Path) -> int:
    return next(
        i
        for i, row in enumerate(record.read_text(encoding="utf-8").splitlines(), start=1)
        if row.startswith("funding:")
    )


def _problem_lines(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if line.startswith("content/"))
