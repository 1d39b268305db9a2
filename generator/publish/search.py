"""Full-text search without a server: a Pagefind index of the built site, one per language.

Pagefind (PyPI `pagefind[bin]`, which ships the binary) reads the staged HTML of one
language at a time (only the files that may be indexed, named by `pages_glob`) and writes
its index to `pagefind/<code>/`, which theme/static/js/search.js loads in the visitor's
browser: the Polish search page loads the Polish bundle, so it only ever shows Polish pages,
and an edit re-indexes only the language it was made in (the build keeps the other bundles).

Only pages marked `data-pagefind-body` are indexed (project and stand-alone pages in their
own language; fallbacks, listings and the home page are left out, so each result is a page
written in the visitor's language).

Reproducible: Pagefind's output is byte-identical between runs; `pagefind-entry.json` is
rewritten with sorted keys all the same (their order comes from a hash map). The UI bundles Pagefind also writes are removed: the site has its own
small, CSP-friendly interface.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from generator.errors import ContentError, Problems

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
# Kept: the search API, its worker and the per-language WebAssembly, index and fragments.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError:
        raise _problem(
            "the search index needs Pagefind, which is not installed",
            "install the project's dependencies (pip install -e . or ./scripts/test), which include pagefind[bin]",
        ) from None
    return Path(pagefind_bin.get_executable())


def bundle_of(code: str) -> str:
    """The folder of one language's index, relative to the site: `pagefind/<code>`."""
    return f"{BUNDLE}/{code}"


def index_languages(
    folder: Path, codes: list[str], jobs: int = 2, pages: dict[str, list[str]] | None = None
) -> list[Path]:
    """Write `<folder>/pagefind/<code>/` for each language in `codes` (the pages under
    `<folder>/<code>/`), up to `jobs` Pagefind runs at once; return the bundles. An index per
    language, so that an edit re-indexes only its own language. `pages` names, per language,
    the files that may carry `data-pagefind-body` (paths from `folder`): Pagefind then reads
    only those, not the listings, which were a third of its files and half its time. Raises
    ContentError if Pagefind fails."""
    folder = Path(folder)
    pages = pages or {}
    executable = str(pagefind_executable())
    pending = list(codes)
    running: list[tuple[str, subprocess.Popen]] = []
    failures: list[str] = []
    while pending or running:
        while pending and len(running) < max(1, jobs):
            code = pending.pop(0)
            running.append((code, _start(executable, folder, code, pages_glob(code, pages.get(code, [])))))
        code, process = running.pop(0)
        try:
            _out, err = process.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
        bundle = folder / bundle_of(code)
        if process.returncode != 0 or not (bundle / ENTRY).is_file():
            last_lines = (err or "").strip().splitlines()[-1:]
            failures.append(f"{code}: {last_lines[0] if last_lines else 'no output'}")
        else:
            normalise(bundle)
    if failures:
        raise _problem(
            f"Pagefind failed to index the site: {failures[0]}",
            "run the build again with the same content; if it persists, report it with this message",
        )
    return [folder / bundle_of(code) for code in codes]


_GLOB_SAFE = re.compile(r"[A-Za-z0-9._/-]+")  # no character that means something in a glob


def pages_glob(code: str, paths: list[str]) -> str:
    """A Pagefind glob matching at least `paths` (files of language `code`): pages one folder
    down a section (`en/projects/<slug>/index.html`) by the section's pattern, which keeps the
    glob short at any number of projects, the others by name. Every HTML file of the language
    when no path is given, or one could not be written in a glob."""
    everything = f"{code}/**/*.html"
    patterns: set[str] = set()
    for path in paths:
        parts = path.split("/")
        if parts[0] != code or not _GLOB_SAFE.fullmatch(path):
            return everything
        patterns.add("/".join([*parts[:2], "*", parts[3]]) if len(parts) == 4 else path)
    if not patterns:
        return everything
    return "{" + ",".join(sorted(patterns)) + "}"


def _start(executable: str, folder: Path, code: str, glob: str) -> subprocess.Popen:
    bundle = folder / bundle_of(code)
    if bundle.exists():
        shutil.rmtree(bundle)
    command = [executable, "--site", str(folder), "--glob", glob, "--output-path", str(bundle)]
    try:
        return subprocess.Popen([*command, "--silent"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError as err:
        raise _problem(f"Pagefind could not run: {err}", "reinstall pagefind[bin]") from None


def normalise(bundle: Path) -> None:
    """Make the bundle byte-stable and drop the parts the site does not use."""
    entry = bundle / ENTRY
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)


def _problem(message: str, hint: str) -> ContentError:
    problems = Problems()
    problems.add(Path(BUNDLE), None, message, hint)
    return ContentError(problems.items)
