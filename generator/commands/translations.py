"""`eupages translations`: the status table, its JSON form, and marking a translation current.

The statuses themselves come from generator.model.translation_status."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

from generator.errors import ContentError, Problems
from generator.load.config import LoadedConfig, load_config
from generator.load.content import load_content
from generator.model.translation_status import MISSING, ORIGINAL, OUTDATED, UP_TO_DATE, Status, statuses


def load_statuses(config_path: Path) -> tuple[LoadedConfig, list[Status]]:
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        raise ContentError(problems.items)
    content = load_content(
        loaded, Problems(root=loaded.root)
    )  # report what can be read, even if other files are broken
    return loaded, statuses(content, loaded.config, loaded.root)


def as_table(items: list[Status], codes: list[str]) -> str:
    """One row per page, one column per language: what an editor scans in a terminal."""
    by_page: dict[str, dict[str, str]] = {}
    for item in items:
        by_page.setdefault(item.page, {})[item.lang] = item.state
    width = max([len("page")] + [len(p) for p in by_page])
    cell = max(len(s) for s in (ORIGINAL, UP_TO_DATE, OUTDATED, MISSING))
    lines = ["page".ljust(width) + "  " + "  ".join(c.ljust(cell) for c in codes)]
    for page, states in by_page.items():
        lines.append(page.ljust(width) + "  " + "  ".join(states.get(c, "").ljust(cell) for c in codes))
    counts = {state: sum(i.state == state for i in items) for state in (UP_TO_DATE, OUTDATED, MISSING)}
    lines.append("")
    lines.append(f"{counts[UP_TO_DATE]} up to date, {counts[OUTDATED]} outdated, {counts[MISSING]} missing")
    return "\n".join(line.rstrip() for line in lines)


def as_json(items: list[Status]) -> str:
    return json.dumps({"pages": [asdict(i) for i in items]}, ensure_ascii=False, indent=2, sort_keys=True)


_VERSION_LINE = re.compile(r"^(\s+version:\s*)(\S+)?\s*$", re.M)


def mark_current(config_path: Path, file: Path) -> str:
    """Stamp a translation with the source page's current version; returns the new version."""
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        raise ContentError(problems.items)
    content = load_content(loaded, Problems(root=loaded.root))
    target = file.resolve()
    page = next((p for pages in content.pages.values() for p in pages.values() if p.source.resolve() == target), None)
    if page is None:
        problems.add(
            file,
            None,
            "this is not a page eupages can read",
            "give the path of a translated page, e.g. content/sv/projects/creative-metropoles.md",
        )
        raise ContentError(problems.items)
    if page.translated_from is None:
        problems.add(
            file,
            1,
            "this page is an original, not a translation",
            "add translated_from (lang and version) to its front matter if it was translated",
        )
        raise ContentError(problems.items)
    source = content.pages.get(page.translated_from.lang, {}).get((page.kind, page.slug))
    if source is None:
        problems.add(
            file, 1, f"the source page in '{page.translated_from.lang}' does not exist", "correct translated_from.lang"
        )
        raise ContentError(problems.items)
    _write_version(target, source.version)
    return source.version


def _write_version(path: Path, version: str) -> None:
    """Change only the version line inside translated_from, keeping the editor's formatting."""
    text = path.read_text(encoding="utf-8")
    end = text.find("\n---", 3)
    front, rest = text[:end], text[end:]
    block = front.find("translated_from:")
    head, tail = front[:block], front[block:]
    match = _VERSION_LINE.search(tail)
    if match:
        tail = tail[: match.start()] + f"{match.group(1)}{version}" + tail[match.end() :]
    else:
        first_line_end = tail.find("\n")
        tail = tail[:first_line_end] + f"\n  version: {version}" + tail[first_line_end:]
    path.write_text(head + tail + rest, encoding="utf-8")
