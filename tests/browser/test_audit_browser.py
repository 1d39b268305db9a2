"""`eupages audit FOLDER --browser`: the real-browser checks, in Debian's Chromium (the one
tests/browser/conftest.py launches, with the same options), on the shipped site as built and on
copies tampered with in ways only rendering shows.

The command starts its own Playwright and Chromium, so it runs in a child process: a second
Playwright inside this test session's would share its event loop."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM
from tests.tools.sites import ROOT

PAGE = "en/projects/creative-metropoles/index.html"


def audit(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "EUPAGES_CHROMIUM": CHROMIUM, "SOURCE_DATE_EPOCH": "1796083200"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "audit", str(folder), "--browser", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The shipped site, built for a sub-path from a copy (so the build's cache is its own)."""
    from tests.integration.test_audit_command import build

    return build(tmp_path_factory.mktemp("audit-browser") / "site", "--base-url", "https://example.github.io/repo/")


def tampered(built: Path, tmp_path: Path, change, files: dict[str, str] | None = None) -> Path:
    site = tmp_path / "tampered"
    shutil.copytree(built, site, copy_function=os.link)
    path = site / PAGE
    html = path.read_text(encoding="utf-8")
    new = change(html)
    assert new != html
    path.unlink()  # never write through the hard link
    path.write_text(new, encoding="utf-8")
    for name, text in (files or {}).items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_the_shipped_site_passes_in_chromium(built: Path) -> None:
    result = audit(built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "with EU funding (also in Chromium at 1366×768 and 360×640)" in result.stdout


def test_a_block_below_the_first_viewport_fails_at_both_sizes(built: Path, tmp_path: Path) -> None:
    def to_the_end(html: str) -> str:
        block = re.search(r'<section class="eu-funding".*?</section>', html, re.S).group(0)
        return html.replace(block, "").replace("</footer>", block + "</footer>")

    result = audit(tampered(built, tmp_path, to_the_end))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for size in ("1366×768", "360×640"):
        assert any(line.startswith(f"{PAGE}: at {size} the EU emblem is not in the first viewport") for line in lines)
        assert any(line.startswith(f"{PAGE}: at {size} the statement is not in the first viewport") for line in lines)


def test_the_font_chromium_really_used_is_checked(built: Path, tmp_path: Path) -> None:
    # The stylesheets still say "Ubuntu", which the static audit accepts, but the faces behind
    # the name are another font: only the browser can tell.
    lie = "\n".join(
        f'@font-face {{ font-family: Ubuntu; font-weight: {weight}; src: local("{name}"); }}'
        for weight, name in ((400, "DejaVu Serif"), (700, "DejaVu Serif Bold"))
    )

    def link(html: str) -> str:
        return html.replace("</head>", '<link rel="stylesheet" href="/repo/lie.css"></head>')

    site = tampered(built, tmp_path, link, {"lie.css": lie})
    result = audit(site)
    assert result.returncode == 1, result.stdout
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{PAGE}: at 1366×768 Chromium drew the statement in 'DejaVu Serif'")


def test_overlap_and_squeezing_are_measured(built: Path, tmp_path: Path) -> None:
    css = ".eu-funding .eu-statement { margin-left: -80px } .eu-funding .eu-emblem { width: 40px }"

    def link(html: str) -> str:
        return html.replace("</head>", '<link rel="stylesheet" href="/repo/squeeze.css"></head>')

    result = audit(tampered(built, tmp_path, link, {"squeeze.css": css}))
    assert result.returncode == 1
    assert f"{PAGE}: at 1366×768 the statement overlaps the EU emblem" in result.stdout
    assert f"{PAGE}: at 360×640 the EU emblem is drawn 40×48 px: not 3:2" in result.stdout
