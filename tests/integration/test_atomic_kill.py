"""A build killed at any moment (SIGKILL: no clean-up code runs) leaves the published site
exactly as it was — complete and byte-identical — or, once the swap has happened, the whole
new site; never a mixture. The next normal build succeeds and clears the leftovers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.tools.sites import copy_real_site, make_site

EPOCH = "1700000000"
# Points in the build, as fractions of the time a whole build takes: during start-up and
# loading, while pages are written, during post-processing, and around the swap.
FRACTIONS = (0.2, 0.4, 0.6, 0.8, 0.92, 1.0)


def environment() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def command(output: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--output", str(output)]


def run_build(root: Path, output: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(command(output), cwd=root, env=environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def describe(now: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]) -> str:
    missing = sorted(set(old) - set(now))
    extra = sorted(set(now) - set(old))
    changed = sorted(k for k in set(now) & set(old) if now[k] != old[k])
    return (
        f"neither the old nor the new site: {len(now)} files; missing {missing[:5]}, "
        f"extra {extra[:5]}, changed {changed[:5]}"
    )


def test_a_killed_build_leaves_the_previous_site_intact(tmp_path):
    root = copy_real_site(tmp_path / "site_src")
    output = tmp_path / "public" / "site"

    # The published site, and what a complete build of the edited content would publish.
    run_build(root, output)
    old = snapshot(output)
    assert "index.html" in old and "en/index.html" in old and "_headers" in old and len(old) > 100
    about = root / "content/en/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: New ", 1), encoding="utf-8")
    duration = run_build(root, tmp_path / "expected")
    new = snapshot(tmp_path / "expected")
    assert new != old

    killed = 0
    for fraction in FRACTIONS:
        process = subprocess.Popen(
            command(output), cwd=root, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(duration * fraction)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=600)
        now = snapshot(output)
        assert now == old or now == new, describe(now, old, new)
        if now == new:  # the swap had happened: from here on the new site is "the previous site"
            old = new
    assert killed >= len(FRACTIONS) // 2, f"only {killed} builds were still running when killed"

    # Killed builds leave their staging folders behind (nothing ran to remove them)…
    leftovers = [p.name for p in output.parent.iterdir() if p.name != output.name]
    # …and the next build, which runs to the end, publishes the new site and clears them.
    run_build(root, output)
    assert snapshot(output) == new
    remaining = sorted(p.name for p in output.parent.iterdir())
    assert remaining == [output.name], f"left behind: {remaining} (after kills: {leftovers})"


def test_a_build_that_fails_part_way_changes_nothing(tmp_path):
    """A content error found late (a broken link is only seen once pages are rendered) publishes nothing."""
    root = make_site(tmp_path)
    output = tmp_path / "site"
    run_build(root, output)
    before = snapshot(output)
    page = root / "content/en/about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[x](../nowhere/)\n", encoding="utf-8")
    result = subprocess.run(command(output), cwd=root, env=environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 1 and "nothing was published" in result.stderr
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site_src"]
