"""`eupages translations export|import`: XLIFF and PO round trips on a copy of the shipped site."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from translate.storage import po, xliff

from generator.errors import Problems
from generator.load.pages import read_page
from generator.model.translation_status import blocks
from tests.tools.sites import copy_real_site, run_cli

ABOUT_EN = "content/en/about.md"
ABOUT_PL = "content/pl/about.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_real_site(tmp_path / "site")


def export(root: Path, lang: str, fmt: str, name: str) -> Path:
    out = root.parent / name
    result = run_cli(root, "translations", "export", lang, "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(root).parts[:1]
    }


def xliff_units(path: Path) -> dict[str, xliff.xliffunit]:
    store = xliff.xlifffile.parsestring(path.read_bytes())
    return {u.xmlelement.get("id"): u for u in store.getunits()}


def test_polish_xliff_has_one_unit_per_block_and_opens_in_the_toolkit(site: Path) -> None:
    path = export(site, "pl", "xliff", "pl.xlf")
    units = xliff_units(path)
    about = [i for i in units if i.startswith("about.md:")]
    # Counted by hand in content/en/about.md: the title, the summary, 4 headings and 7 paragraphs.
    text = (site / ABOUT_EN).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip() and not p.startswith("## ")]
    assert (len(headings), len(paragraphs)) == (4, 7)
    assert len(about) == 2 + 4 + 7
    assert [i.split(":")[1].split("-")[0] for i in about] == ["title", "summary", *[f"b{n}" for n in range(11)]]
    first = units[about[2]]
    assert first.source.startswith("Who it is for") and first.target.startswith("Dla kogo")
    assert "content/en/about.md" in first.getnotes()
    # Every page, record text and site text is there; the site's files are named in the notes.
    assert any(i.startswith("site_config.yml:site_name-") for i in units)
    assert any(i.startswith("content/projects/creative-metropoles.yml:partners.0.name-") for i in units)
    page = read_page(site / "content/en/projects/creative-metropoles.md", "en", "project", "x", Problems())
    assert page is not None
    ids = [i for i in units if i.startswith("projects/creative-metropoles.md:b")]
    assert len(ids) == len(blocks(page.body))


def test_importing_an_unchanged_export_rewrites_nothing(site: Path) -> None:
    before = snapshot(site)
    for fmt in ("xliff", "po"):
        path = export(site, "pl", fmt, f"pl.{fmt}")
        result = run_cli(site, "translations", "import", str(path))
        assert result.returncode == 0, result.stderr
        assert "0 files written" in result.stdout
    assert snapshot(site) == before


def translate(path: Path, unit_prefix: str, text: str) -> str:
    data = path.read_text(encoding="utf-8")
    store = xliff.xlifffile.parsestring(data.encode())
    for unit in store.getunits():
        if unit.xmlelement.get("id").startswith(unit_prefix):
            unit.target = text
            unit.getlanguageNode(lang=None, index=1).set("state", "translated")
            path.write_bytes(bytes(store))
            return unit.xmlelement.get("id")
    raise AssertionError(unit_prefix)


def test_round_trip_translates_one_unit_and_the_built_page_shows_it(site: Path) -> None:
    path = export(site, "pl", "xliff", "pl.xlf")
    before = (site / ABOUT_PL).read_text(encoding="utf-8")
    translate(
        path,
        "about.md:b1-",
        "Ta strona jest dla każdego, kto chce wiedzieć, co zrobiły te projekty (przetłumaczone w CAT).",
    )
    result = run_cli(site, "translations", "import", str(path))
    assert result.returncode == 0, result.stderr
    after = (site / ABOUT_PL).read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert changed and "przetłumaczone w CAT" in after
    # Only that paragraph changed: front matter, headings and the other paragraphs are as they were.
    assert before.split("\n\n")[0] == after.split("\n\n")[0]
    assert before.split("## Where the facts")[-1] == after.split("## Where the facts")[-1] or "Skąd" in after
    assert (site / "content/pl/.translation-units.json").is_file()
    built = run_cli(site, "build", "-o", str(site.parent / "out"), "--no-search")
    assert built.returncode == 0, built.stderr
    html = (site.parent / "out/pl/about/index.html").read_text(encoding="utf-8")
    assert "przetłumaczone w CAT" in html
    check = run_cli(site, "check")
    assert check.returncode == 0, check.stderr


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True, capture_output=True
    )


def test_after_one_english_paragraph_changes_only_that_unit_is_to_review(site: Path) -> None:
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")  # the previous source text is found in git
    path = export(site, "pl", "xliff", "pl.xlf")
    translate(path, "about.md:b1-", "Ta strona jest dla wszystkich.")  # records the page's units
    assert run_cli(site, "translations", "import", str(path)).returncode == 0
    counts_before = json.loads(run_cli(site, "translations", "--json").stdout)
    en = site / ABOUT_EN
    text = en.read_text(encoding="utf-8")
    old = "## Where the facts come from\n\n"
    assert old in text
    head, tail = text.split(old)
    first, rest = tail.split("\n\n", 1)
    en.write_text(head + old + first + " One sentence more.\n\n" + rest, encoding="utf-8")

    units = xliff_units(export(site, "pl", "xliff", "pl2.xlf"))
    review = [
        i
        for i, u in units.items()
        if u.getlanguageNode(lang=None, index=1) is not None
        and u.getlanguageNode(lang=None, index=1).get("state") == "needs-review-translation"
    ]
    assert len(review) == 1 and review[0].startswith("about.md:b3-")
    assert "It was: " in units[review[0]].getnotes()

    store = po.pofile((export(site, "pl", "po", "pl2.po")).read_bytes())
    fuzzy = [u for u in store.units if u.isfuzzy() and not u.isheader()]
    assert [u.getcontext() for u in fuzzy] == review
    assert "One sentence more" not in fuzzy[0].prev_source and fuzzy[0].prev_source

    status = json.loads(run_cli(site, "translations", "--json").stdout)
    about = lambda data: next(p for p in data["pages"] if p["page"] == "about.md" and p["lang"] == "pl")  # noqa: E731
    was, now = about(counts_before)["units"], about(status)["units"]
    assert was["units_review"] == 0 and now["units_review"] == 1
    assert now["units_current"] == was["units_current"] - 1
    assert now["words_review"] > 0 and now["words_current"] < was["words_current"]
    table = run_cli(site, "translations").stdout
    assert "to review" in table


def test_bad_imports_are_refused_and_write_nothing(site: Path) -> None:
    path = export(site, "pl", "xliff", "pl.xlf")
    before = snapshot(site)
    good = path.read_text(encoding="utf-8")

    broken = good.replace('<g id="1" ctype="bold">częściowo zgodna</g>', "częściowo zgodna", 1)
    assert broken != good
    broken = broken.replace("Dla kogo jest ta strona", "Dla kogo jest ta strona (nowe)", 1)
    cases = {
        "placeholders": (broken, "placeholder 1 of the source is missing"),
        "unknown": (good.replace('id="about.md:title-', 'id="about.md:nothing-', 1), "there is no such unit"),
        "malformed": (good.replace("</body>", "</bod>", 1), "not well-formed XML"),
        "other site": (
            good.replace("eupages:http://127.0.0.1:8000/", "eupages:https://other.example/", 1),
            "another site",
        ),
    }
    for name, (text, message) in cases.items():
        bad = site.parent / f"bad-{name.replace(' ', '-')}.xlf"
        bad.write_text(text, encoding="utf-8")
        result = run_cli(site, "translations", "import", str(bad))
        assert result.returncode == 1, name
        assert message in result.stderr, (name, result.stderr)
        assert "no file was written" in result.stderr or "another site" in result.stderr
        assert str(bad) in result.stderr
        assert snapshot(site) == before, name


def test_broken_po_placeholders_are_refused(site: Path) -> None:
    path = export(site, "pl", "po", "pl.po")
    before = snapshot(site)
    text = path.read_text(encoding="utf-8")
    assert "{1}częściowo zgodna{/1}" in text
    path.write_text(text.replace("{1}częściowo zgodna{/1}", "{1}częściowo zgodna", 1), encoding="utf-8")
    result = run_cli(site, "translations", "import", str(path))
    assert result.returncode == 1
    assert "accessibility.md:b2-" in result.stderr and "never closed" in result.stderr
    assert snapshot(site) == before
