"""Checks that the benchmark's corpus and its peer sites are sound.

Plain functions (pytest collects them if pointed at this file; it is not under tests/):

    python -m benchmarks.selfcheck            # runs them all, prints "N passed, N failed"
    python -m pytest benchmarks/selfcheck.py  # the same under pytest

They need the benchmark venv (benchmarks/.venv: hugo, mkdocs, Material, static-i18n).
"""

from __future__ import annotations

import hashlib
import re
import sys
import tempfile
import traceback
from pathlib import Path

import yaml

from benchmarks import corpus as corpus_mod
from benchmarks.run import count_pages, find_hugo, find_mkdocs, measure

N = 3
LANGS = ["en", "sv", "no", "pl", "lt"]


def _corpus(tmp: Path) -> tuple[Path, dict]:
    target = tmp / "corpus"
    return target, corpus_mod.generate(target, N)


def _project_pages(out: Path) -> dict[str, int]:
    per_lang: dict[str, int] = {}
    for page in out.rglob("projects/*/index.html"):
        rel = page.relative_to(out).parts
        lang = rel[0] if rel[0] in LANGS else "en"  # static-i18n puts the default at /
        per_lang[lang] = per_lang.get(lang, 0) + 1
    return per_lang


def check_corpus_follows_content_model() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target, manifest = _corpus(Path(tmp))
        config = yaml.safe_load((target / "site_config.yml").read_text(encoding="utf-8"))
        # read as YAML 1.1 too: "no" must survive as the text "no", not False
        assert [lang["code"] for lang in config["languages"]] == LANGS
        assert config["languages"][2]["locale"] == "nb_NO"
        assert Path(config["folders"]["theme"]).is_absolute()
        assert 2 <= len(config["programmes"]) <= 3
        for prog in config["programmes"].values():
            assert set(prog["name"]) == set(LANGS)
        records = sorted((target / "content" / "projects").glob("*.yml"))
        assert len(records) == N
        for path in records:
            slug = path.stem
            assert re.fullmatch(r"[a-z0-9-]+", slug), slug
            rec = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert rec["programme"] in config["programmes"]
            assert isinstance(rec["reference"], str)
            assert 3 <= len(rec["partners"]) <= 8
            assert [p["role"] for p in rec["partners"]].count("lead") == 1
            assert all(re.fullmatch(r"[A-Z]{2}", p["country"]) for p in rec["partners"])
            names = {p["name"] for p in rec["partners"]}
            assert all(c["partner"] in names for c in rec["budget"].get("contributions", []))
            (table,) = rec["budget"]["tables"]
            assert len(table["columns"]) == 3 and len(table["rows"]) == 6
            for row in table["rows"]:
                assert sum(row["values"]) == row["total"]
            cols = [sum(r["values"][i] for r in table["rows"]) for i in range(3)]
            assert cols == table["total"]["values"]
            assert sum(cols) == table["total"]["total"]
            for lang in LANGS:
                page = target / "content" / lang / "projects" / f"{slug}.md"
                text = page.read_text(encoding="utf-8")
                front = yaml.safe_load(text.split("---\n")[1])
                assert front["title"] and front["summary"]
                if lang != "en":
                    en = (target / "content" / "en" / "projects" / f"{slug}.md").read_bytes()
                    assert front["translated_from"] == {"lang": "en", "version": hashlib.sha256(en).hexdigest()[:12]}
                assert "\n## " in text and "\n- " in text
                assert len(re.findall(r"^\|.*\|$", text, re.M)) == 8  # head, rule, 6 rows
                assert 2000 < len(text.encode()) < 4500
        for lang in LANGS:
            assert (target / "content" / lang / "index.md").exists()
            assert (target / "content" / lang / "about.md").exists()
        assert manifest["project_pages"] == N * 5


def check_corpus_is_deterministic() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        a = corpus_mod.generate(Path(tmp) / "a", N)
        b = corpus_mod.generate(Path(tmp) / "b", N)
        assert a["slugs"] == b["slugs"]
        for rel in ("content/projects", "content/pl/projects", "hugo/content/no/projects"):
            for f in sorted((Path(tmp) / "a" / rel).iterdir()):
                assert f.read_bytes() == (Path(tmp) / "b" / rel / f.name).read_bytes()


def check_hugo_builds_all_project_pages() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target, _ = _corpus(Path(tmp))
        out = Path(tmp) / "hugo-site"
        run = measure(find_hugo(None) + ["--quiet", "-s", str(target / "hugo"), "-d", str(out)])
        assert run.returncode == 0, run.stderr
        assert _project_pages(out) == {lang: N for lang in LANGS}, _project_pages(out)
        html = next((out / "no" / "projects").glob("*/index.html")).read_text(encoding="utf-8")
        assert '<html lang="no">' in html
        assert '<dl class="facts">' in html and "<table>" in html  # facts + Markdown table
        assert "<h2" in html and "<li>" in html


def check_mkdocs_builds_all_project_pages() -> None:
    mkdocs = find_mkdocs(None)
    assert mkdocs, "mkdocs is not installed"
    with tempfile.TemporaryDirectory() as tmp:
        target, _ = _corpus(Path(tmp))
        out = Path(tmp) / "mkdocs-site"
        run = measure(mkdocs + ["build", "-q", "-f", str(target / "mkdocs" / "mkdocs.yml"), "-d", str(out)])
        assert run.returncode == 0, run.stderr
        assert _project_pages(out) == {lang: N for lang in LANGS}, _project_pages(out)
        html = next((out / "no" / "projects").glob("*/index.html")).read_text(encoding="utf-8")
        assert '<html lang="nb"' in html  # Material's Norwegian is nb
        pl = next((out / "pl" / "projects").glob("*/index.html")).read_text(encoding="utf-8")
        assert '<html lang="pl"' in pl
        assert '<dl class="facts">' in html
        html_count, projects = count_pages(out)
        assert projects == N * 5 and html_count > projects


def check_eupages_builds_all_project_pages() -> None:
    """The corpus is valid eupages content (only where an eupages command is installed)."""
    from benchmarks.run import eupages_cmd, find_eupages

    try:
        eupages = find_eupages(None)
    except SystemExit:
        print("     (no eupages command: skipped)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        target, _ = _corpus(Path(tmp))
        out = Path(tmp) / "eupages-site"
        run = measure(eupages_cmd(eupages, target, out))
        assert run.returncode == 0, run.stderr
        assert _project_pages(out) == {lang: N for lang in LANGS}, _project_pages(out)


CHECKS = [
    check_corpus_follows_content_model,
    check_corpus_is_deterministic,
    check_hugo_builds_all_project_pages,
    check_mkdocs_builds_all_project_pages,
    check_eupages_builds_all_project_pages,
]

# pytest collects test_* names
test_corpus_follows_content_model = check_corpus_follows_content_model
test_corpus_is_deterministic = check_corpus_is_deterministic
test_hugo_builds_all_project_pages = check_hugo_builds_all_project_pages
test_mkdocs_builds_all_project_pages = check_mkdocs_builds_all_project_pages
test_eupages_builds_all_project_pages = check_eupages_builds_all_project_pages


def main() -> int:
    passed = failed = 0
    for check in CHECKS:
        try:
            check()
        except Exception:  # noqa: BLE001 - report every failure, go on
            failed += 1
            print(f"FAIL {check.__name__}")
            traceback.print_exc()
        else:
            passed += 1
            print(f"ok   {check.__name__}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
