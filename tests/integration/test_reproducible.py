"""Two builds of the same input are byte-identical, wherever and whenever they run; the dates
in the output come from SOURCE_DATE_EPOCH when it is set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.tools.sites import copy_real_site, make_site

EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC


def build(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _first_difference(a: dict[str, bytes], b: dict[str, bytes]) -> str:
    if set(a) != set(b):
        return f"files only in one build: {sorted(set(a) ^ set(b))[:10]}"
    for name in sorted(a):
        if a[name] != b[name]:
            x, y = a[name], b[name]
            at = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]), min(len(x), len(y)))
            return f"{name} differs at byte {at}: {x[max(0, at - 60) : at + 60]!r} vs {y[max(0, at - 60) : at + 60]!r}"
    return ""


def test_two_builds_of_the_real_site_are_byte_identical(tmp_path):
    one = copy_real_site(tmp_path / "first" / "site_src")
    two = copy_real_site(tmp_path / "somewhere" / "else" / "entirely")
    # Different folders, hash seeds (dict/set order), time zones and locales; same epoch.
    first = build(one, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C.UTF-8")
    second = build(
        two,
        "--output",
        str(tmp_path / "out"),
        SOURCE_DATE_EPOCH=EPOCH,
        PYTHONHASHSEED="4242",
        TZ="Pacific/Kiritimati",
        LC_ALL="C",
    )
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    a, b = snapshot(one / "site"), snapshot(tmp_path / "out")
    assert len(a) > 100
    assert a == b, _first_difference(a, b)
    # Nothing in the output names the folders it was built in.
    for folder in (tmp_path, one, two):
        needle = str(folder).encode()
        leaks = [name for name, data in a.items() if needle in data]
        assert not leaks, f"{folder} appears in {leaks[:5]}"


def test_the_footer_date_comes_from_source_date_epoch(tmp_path):
    root = make_site(tmp_path)
    assert build(root, SOURCE_DATE_EPOCH=EPOCH).returncode == 0
    en = (root / "site/en/index.html").read_text(encoding="utf-8")
    sv = (root / "site/sv/about/index.html").read_text(encoding="utf-8")
    pl = (root / "site/pl/404.html").read_text(encoding="utf-8")
    assert "Page generated on 14 November 2023" in en
    assert "Sidan skapades 14 november 2023" in sv
    assert "Strona wygenerowana 14 listopada 2023" in pl

    assert build(root, SOURCE_DATE_EPOCH="0").returncode == 0
    assert "Page generated on 1 January 1970" in (root / "site/en/index.html").read_text(encoding="utf-8")


def test_without_source_date_epoch_the_footer_shows_today_in_utc(tmp_path):
    import datetime as dt

    root = make_site(tmp_path)
    before = dt.datetime.now(dt.UTC).date()
    assert build(root).returncode == 0
    after = dt.datetime.now(dt.UTC).date()
    html = (root / "site/en/index.html").read_text(encoding="utf-8")
    shown = {f"Page generated on {d.day} {d.strftime('%B')} {d.year}" for d in (before, after)}
    assert any(s in html for s in shown), shown


def test_a_bad_source_date_epoch_is_a_clean_error(tmp_path):
    root = make_site(tmp_path)
    result = build(root, SOURCE_DATE_EPOCH="yesterday")
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH" in result.stderr and "yesterday" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_rebuilding_with_another_epoch_changes_only_the_date(tmp_path):
    """Nothing but the date depends on when the build runs."""
    root = make_site(tmp_path)
    assert build(root, "-o", str(tmp_path / "a"), SOURCE_DATE_EPOCH=EPOCH).returncode == 0
    assert build(root, "-o", str(tmp_path / "b"), SOURCE_DATE_EPOCH=str(int(EPOCH) + 86400 * 40)).returncode == 0
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert set(a) == set(b)
    changed = sorted(name for name in a if a[name] != b[name])
    assert "en/index.html" in changed
    dates = {
        "a": (
            "14 November 2023",
            "14 november 2023",
            "14 listopada 2023",
            "2023 m. lapkričio 14 d.",
            "14. november 2023",
        ),
        "b": ("24 December 2023", "24 december 2023", "24 grudnia 2023", "2023 m. gruodžio 24 d.", "24. desember 2023"),
    }
    for name in changed:
        if name == ".eupages-build":
            continue  # the build stamp: a digest of every page's key, the build date included
        if name.endswith((".gz", ".br")):
            assert name[:-3] in changed, name  # a compressed copy of a changed file
            continue
        old, new = a[name].decode(), b[name].decode()
        for one, other in zip(dates["a"] + ("2023-11-14",), dates["b"] + ("2023-12-24",)):
            old, new = old.replace(one, "DATE"), new.replace(other, "DATE")
        assert old == new, f"{name} depends on the build date in more than the date it shows"
