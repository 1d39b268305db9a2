"""Reviewing a translation against the change in its source: `translations --diff`, the diff
`--mark-current` acknowledges, and the notice readers of an outdated translation see."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.build.pipeline import build
from generator.load.pages import page_version
from tests.tools.sites import make_site, write
from tests.tools.vnu import format_errors, validate_files

EN = "content/en/projects/test-project.md"
SV = "content/sv/projects/test-project.md"
SV_HTML = "site/sv/projects/test-project/index.html"
NOTICE = "This translation may be out of date: the original page (%(language)s) has changed since it was translated."
READ = "Read the original"

TRANSLATION = """\
---
title: Testprojekt
summary: Ett projekt för tester.
translated_from:
  lang: en
  version: {version}
---

## Om

Det testar saker.
"""


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(root.parent)},
    )
    return result.stdout


def eupages(root: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    """The CLI in the site folder; never finds a repository above the test's folder."""
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(root.parent)}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True, timeout=300, env=env
    )


def translated_site(tmp_path: Path) -> Path:
    """The small test site with a Swedish translation of its project, current with the English page."""
    root = make_site(tmp_path)
    write(root / SV, TRANSLATION.format(version=page_version((root / EN).read_bytes())))
    return root


def edit_source(root: Path) -> None:
    source = root / EN
    text = source.read_text(encoding="utf-8")
    assert "It tests things." in text
    source.write_text(text.replace("It tests things.", "It tests other things.\n\nA new paragraph."), encoding="utf-8")


@pytest.fixture
def committed(tmp_path) -> Path:
    """A git repository holding the site, committed; then the English source is edited (not committed)."""
    root = translated_site(tmp_path)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "the site")
    edit_source(root)
    return root


def test_diff_after_a_source_edit_shows_the_edit(committed):
    before = (committed / SV).read_text(encoding="utf-8")
    result = eupages(committed, "translations", "--diff", SV)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    recorded = before.split("version: ")[1].split()[0]
    current = page_version((committed / EN).read_bytes())
    heading = out.splitlines()[0]
    assert EN in heading and SV in heading and recorded in heading and current in heading
    assert "(commit " in heading  # where the earlier text was found
    assert f"--- {EN} (version {recorded})" in out
    assert f"+++ {EN} (version {current}, now)" in out
    assert "\n-It tests things.\n" in out
    assert "\n+It tests other things.\n" in out and "\n+A new paragraph." in out
    assert (committed / SV).read_text(encoding="utf-8") == before  # --diff writes nothing


def test_diff_follows_the_source_through_later_commits_and_renames(committed):
    """The recorded version is found several commits back, across a rename of the source file."""
    git(committed, "commit", "-q", "-a", "-m", "an edit")
    git(committed, "mv", "content/en/projects/test-project.md", "content/en/projects/moved.md")
    git(committed, "commit", "-q", "-m", "moved")
    git(committed, "mv", "content/en/projects/moved.md", EN)
    git(committed, "commit", "-q", "-m", "moved back")
    result = eupages(committed, "translations", "--diff", SV)
    assert result.returncode == 0, result.stderr
    assert "\n-It tests things.\n" in result.stdout and "\n+It tests other things.\n" in result.stdout


def test_diff_of_an_up_to_date_translation_says_so(tmp_path):
    root = translated_site(tmp_path)  # no git needed: nothing changed
    result = eupages(root, "translations", "--diff", SV)
    assert result.returncode == 0, result.stderr
    assert f"{SV} is up to date" in result.stdout
    assert "---" not in result.stdout


def one_line_problem(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{SV}:6: ")  # the line of translated_from's version
    assert lines[0].endswith("— compare the translation with the source by hand")
    return lines[0]


def test_diff_outside_git_says_so_and_exits_1(tmp_path):
    root = translated_site(tmp_path)
    edit_source(root)
    line = one_line_problem(eupages(root, "translations", "--diff", SV))
    assert "cannot be recovered: the site folder is not in a git repository" in line


def test_diff_without_git_installed_says_so(tmp_path):
    root = translated_site(tmp_path)
    edit_source(root)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    line = one_line_problem(eupages(root, "translations", "--diff", SV, path=str(empty)))
    assert "cannot be recovered: git is not installed" in line


def test_diff_of_a_version_never_committed_says_so(committed):
    stub = committed / SV
    stub.write_text(TRANSLATION.format(version="0123456789ab"), encoding="utf-8")
    line = one_line_problem(eupages(committed, "translations", "--diff", SV))
    assert "the source as it was at version 0123456789ab is not in this repository's history" in line


def test_diff_finds_a_staged_version(tmp_path):
    """A source edited and staged but not committed: the translation records the staged version."""
    root = translated_site(tmp_path)
    git(root, "init", "-q")
    git(root, "add", EN)
    edit_source(root)
    result = eupages(root, "translations", "--diff", SV)
    assert result.returncode == 0, result.stderr
    assert "the git index, not yet committed" in result.stdout.splitlines()[0]
    assert "\n-It tests things.\n" in result.stdout


def test_diff_of_an_original_is_an_error(committed):
    result = eupages(committed, "translations", "--diff", EN)
    assert result.returncode == 1
    assert f"{EN}:1: this page is an original, not a translation" in result.stderr
    assert "Traceback" not in result.stderr


def test_mark_current_prints_the_diff_it_acknowledges(committed):
    result = eupages(committed, "translations", "--mark-current", SV)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\n-It tests things.\n" in out and "\n+It tests other things.\n" in out
    current = page_version((committed / EN).read_bytes())
    confirmation = f"eupages: {SV} is marked up to date (source version {current})"
    assert out.rstrip().endswith(confirmation)
    assert out.index("+It tests other things.") < out.index(confirmation)  # the diff first
    assert f"version: {current}\n" in (committed / SV).read_text(encoding="utf-8")
    assert "up to date" in eupages(committed, "translations", "--diff", SV).stdout


def test_mark_current_without_the_history_still_marks_and_says_why_no_diff(tmp_path):
    root = translated_site(tmp_path)
    edit_source(root)
    result = eupages(root, "translations", "--mark-current", SV)
    assert result.returncode == 0, result.stderr
    assert "not in a git repository" in result.stderr
    current = page_version((root / EN).read_bytes())
    assert f"version: {current}\n" in (root / SV).read_text(encoding="utf-8")


def swedish(root: Path, msgid: str) -> str:
    with (root / "theme/locales/sv/LC_MESSAGES/messages.po").open("rb") as po:
        message = read_po(po, locale="sv_SE").get(msgid)
    assert message is not None and message.string, f"the sv catalogue has no translation of {msgid!r}"
    return message.string


def test_outdated_notice_appears_with_its_link_and_goes_after_mark_current(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = translated_site(tmp_path)
    config, output = root / "site_config.yml", root / "site"
    notice = swedish(root, NOTICE) % {"language": '<span lang="en">English</span>'}
    link = f'<a href="/en/projects/test-project/" hreflang="en">{swedish(root, READ)}</a>'

    build(config, output)
    assert 'class="outdated-notice"' not in (root / SV_HTML).read_text(encoding="utf-8")

    # Only the English page changes, yet the Swedish one must be rendered again, with the notice.
    edit_source(root)
    again = build(config, output)
    html = (root / SV_HTML).read_text(encoding="utf-8")
    assert f'<p class="outdated-notice" role="note">{notice} {link}</p>' in html
    errors = validate_files([root / SV_HTML])
    assert not any(errors.values()), format_errors(errors)
    assert again.reused > again.rendered, "a source edit must not re-render the whole site"
    assert 'class="outdated-notice"' not in (root / "site/en/projects/test-project/index.html").read_text(
        encoding="utf-8"
    )
    assert 'class="outdated-notice"' not in (root / "site/pl/projects/test-project/index.html").read_text(
        encoding="utf-8"
    )  # a missing translation shows the fallback notice only

    marked = eupages(root, "translations", "--mark-current", SV)
    assert marked.returncode == 0, marked.stderr
    build(config, output)
    html = (root / SV_HTML).read_text(encoding="utf-8")
    assert 'class="outdated-notice"' not in html and READ not in html
