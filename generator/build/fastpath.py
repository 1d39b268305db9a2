"""Answer "did anything change since the last build?" before loading any library.

Importing Jinja, Babel, pydantic and Markdown costs more than the whole check, so this
module uses the standard library only: the last manifest, the build date, the output's
build stamp and a snapshot of file sizes and modification times.
"""

from __future__ import annotations

from pathlib import Path

from generator.build import cache as build_cache
from generator.clock import BadSourceDateEpoch, build_date


def request(output: Path | None, base_url: str | None, precompress: bool, search: bool) -> tuple:
    return (str(Path(output).resolve()) if output else None, base_url or "", bool(precompress), bool(search))


def nothing_changed(
    config_path: Path, output: Path | None, base_url: str | None, precompress: bool, search: bool
) -> bool:
    manifest = build_cache.load_manifest(Path(config_path))
    if not manifest or manifest.get("request") != request(output, base_url, precompress, search):
        return False
    if str(build_cache.PACKAGE) not in manifest.get("roots", ()):
        return False  # built by another copy of eupages (another checkout or install)
    if search and manifest.get("search_pending"):
        return False  # the live preview deferred re-indexing a language: this build does it
    try:
        today = build_date().isoformat()
    except BadSourceDateEpoch:
        return False
    options = manifest["options"]
    if options.today != today:
        return False
    return build_cache.unchanged(Path(config_path), options, manifest)
