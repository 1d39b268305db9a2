"""Full-text search without a server: a Pagefind index of the built site, one per language.

Pagefind (PyPI `pagefind[bin]`, which ships the binary) reads the staged HTML, splits it by
`<html lang>` and writes `pagefind/` at the site root: a small index per language that
theme/static/js/search.js loads in the visitor's browser. A Polish search page has
`lang="pl"`, so it loads the Polish index and only ever shows Polish pages.

Only pages marked `data-pagefind-body` are indexed (project and stand-alone pages in their
own language; fallbacks, listings and the home page are left out, so each result is a page
written in the visitor's language).

Reproducible: Pagefind's output is byte-identical between runs except the order of the
languages in `pagefind-entry.json` (it comes from a hash map); that file is rewritten
with sorted keys. The UI bundles Pagefind also writes are removed: the site has its own
small, CSP-friendly interface.
"""

from __future__ import annotations

import json
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


def index_site(folder: Path, site=None) -> Path:
    """Write `<folder>/pagefind/`; return its path. Raises ContentError if Pagefind fails."""
    folder = Path(folder)
    bundle = folder / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    command = [str(pagefind_executable()), "--site", str(folder), "--output-subdir", BUNDLE, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise _problem(f"Pagefind could not run: {err}", "reinstall pagefind[bin]") from None
    if result.returncode != 0 or not (bundle / ENTRY).is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise _problem(
            f"Pagefind failed to index the site: {detail[0]}",
            "run the build again with the same content; if it persists, report it with this message",
        )
    normalise(bundle)
    return bundle


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
