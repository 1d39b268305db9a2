"""Small, complete sites written into a temporary folder, for tests that break things on purpose."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The site's name and its five languages, shared by every test configuration.
LANGUAGES = """\
site_name: {en: Test site, sv: Testwebbplats, "no": Testnettsted, pl: Strona testowa, lt: Bandomoji svetainė}
base_url: "https://example.org/"
default_language: en
languages:
  - {code: en, locale: en_GB, name: English}
  - {code: sv, locale: sv_SE, name: Svenska}
  - {code: "no", locale: nb_NO, name: Norsk (bokmål)}
  - {code: pl, locale: pl_PL, name: Polski}
  - {code: lt, locale: lt_LT, name: Lietuvių}
"""

CONFIG = (
    LANGUAGES
    + """\
programmes:
  test-programme:
    name: {en: Test programme, sv: Testprogram, "no": Testprogram, pl: Program testowy, lt: Bandomoji programa}
    programming_period: "2007-2013"
    fund: erdf
folders: {content: content, theme: theme, output: site}
"""
)

RECORD = """\
acronym: TP
programme: test-programme
reference: "0271R1"
period:
  start: 2010-10-01
  end: 2013-09-30
funding:
  fund: erdf
  programming_period: "2007-2013"
  co_financing_rate: 85
budget:
  total:
    - {amount: 264145.00, currency: EUR}
  eu_contribution:
    - {amount: 217833.25, currency: EUR}
partners:
  - {name: "Stowarzyszenie Media Design", city: Szczecin, country: PL, role: lead}
  - {name: "Kreativum Science Center", city: Karlshamn, country: SE, role: partner}
source:
  file: 002_871dffd73b93615b.txt
  title: Project summary
  kind: summary
"""

PAGE = """\
---
title: {title}
summary: {summary}
---

## About

{body}
"""


def make_site(tmp: Path) -> Path:
    """A valid five-language site with one project, written under `tmp/site_src`."""
    root = tmp / "site_src"
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    write(root / "content/projects/test-project.yml", RECORD)
    write(root / "content/en/index.md", PAGE.format(title="Welcome", summary="A test portfolio.", body="Hello."))
    write(root / "content/en/about.md", PAGE.format(title="About", summary="About the site.", body="About."))
    write(
        root / "content/en/projects/test-project.md",
        PAGE.format(title="Test project", summary="A project for tests.", body="It tests things."),
    )
    return root


def copy_real_site(dest: Path) -> Path:
    """The shipped site (config, content, theme) in a folder of its own, to change or break on purpose."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "site_config.yml", dest / "site_config.yml")
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `python -m generator` the way an editor or CI would, inside the site folder."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True, timeout=300
    )
