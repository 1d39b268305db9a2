"""`eupages translations`: the status table, its JSON form, what changed in a translation's
source since it was translated (`--diff`), and marking a translation current.

The statuses themselves come from generator.model.translation_status. A translation records
the version of its source page (the first 12 hex digits of the SHA-256 of the file's bytes);
the source's text at that version is found in git, among the versions of the source file in
the index and in its history."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.errors import ContentError, Problem, Problems
from generator.load.config import LoadedConfig, load_config
from generator.load.content import load_content
from generator.load.pages import page_version
from generator.model.translation_status import (
    MISSING,
    ORIGINAL,
    OUTDATED,
    UP_TO_DATE,
    Counts,
    Status,
    statuses_with_counts,
)


def load_counted(config_path: Path) -> tuple[LoadedConfig, list[tuple[Status, Counts | None]]]:
    """The statuses with each translation's units and words (up to date, to review, missing)."""
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        raise ContentError(problems.items)
    content = load_content(loaded, Problems(root=loaded.root))
    return loaded, statuses_with_counts(content, loaded.config, loaded.root)


def counts_table(items: list[tuple[Status, Counts | None]], codes: list[str]) -> str:
    """Per language: units and source words up to date, to review and missing (for a budget)."""
    totals: dict[str, Counts] = {}
    for status, counts in items:
        if counts is not None:
            totals[status.lang] = totals.get(status.lang, Counts()) + counts
    rows: list[tuple[str, ...]] = [
        ("language", "units up to date", "to review", "missing", "words up to date", "to review", "missing")
    ]
    for code in codes:
        if code in totals:
            c = totals[code]
            numbers = (
                c.units_current,
                c.units_review,
                c.units_missing,
                c.words_current,
                c.words_review,
                c.words_missing,
            )
            rows.append((code, *map(str, numbers)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    )


def as_json_counted(items: list[tuple[Status, Counts | None]]) -> str:
    """The JSON report with each translation's `units` (counts of units and words)."""
    pages = [{**asdict(status), "units": asdict(counts) if counts else None} for status, counts in items]
    return json.dumps({"pages": pages}, ensure_ascii=False, indent=2, sort_keys=True)


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
    return acknowledge(review(config_path, file))


def acknowledge(shown: Review) -> str:
    """Stamp the translation with the source version whose change `shown` showed."""
    _write_version(shown.translation, shown.current)
    return shown.current


HAND = "compare the translation with the source by hand"


@dataclass(frozen=True)
class Review:
    """A translation against its source page: the versions and, when git has it, the earlier text."""

    translation: Path  # the translated page (resolved)
    translation_name: str  # as an editor reads it: relative to the site folder
    source_name: str
    recorded: str | None  # the source's version the translation records
    current: str  # the source's version now
    earlier: str | None  # the source's text at `recorded`, when it was found
    now: str  # the source's text now
    found_in: str  # where `earlier` was found: "commit 1a2b3c4d5e6f" or "the git index"
    problem: Problem | None  # why `earlier` could not be found (None when up to date or found)

    @property
    def up_to_date(self) -> bool:
        return self.recorded == self.current

    def report(self) -> str:
        """What `--diff` prints: that nothing changed, or a heading and the unified diff."""
        if self.up_to_date:
            return (
                f"eupages: {self.translation_name} is up to date: its source {self.source_name} has not changed "
                f"since version {self.current}, the version it was translated from"
            )
        if self.earlier is None:  # the caller reports `problem` instead
            raise ValueError("the earlier text of the source was not found")
        heading = (
            f"eupages: {self.source_name} changed since {self.translation_name} was translated from it: "
            f"version {self.recorded} ({self.found_in}) → version {self.current} (now)"
        )
        lines = list(
            difflib.unified_diff(
                _lines(self.earlier),
                _lines(self.now),
                fromfile=f"{self.source_name} (version {self.recorded})",
                tofile=f"{self.source_name} (version {self.current}, now)",
            )
        )
        if not lines:
            return heading + "\n(only its bytes changed — line endings or a byte-order mark — not its text)"
        return heading + "\n" + "".join(lines).rstrip("\n")


def review(config_path: Path, file: Path) -> Review:
    """What changed in FILE's source page since FILE was translated (the earlier text from git)."""
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
    data = source.source.read_bytes()
    recorded, current = page.translated_from.version, page_version(data)
    name, line = problems.display(file), _version_line(target)
    earlier, found_in, problem = None, "", None
    if recorded is None:
        problem = Problem(
            name,
            line,
            "translated_from records no version of the source page, so its earlier text cannot be found",
            f"{HAND}, then run: eupages translations --mark-current {name}",
        )
    elif recorded != current:
        try:
            blob, found_in = earlier_version(loaded.root, source.source, recorded)
            earlier = _text(blob)
        except NotInHistory as err:
            problem = Problem(name, line, str(err), HAND)
    return Review(
        target,
        name,
        problems.display(source.source),
        recorded,
        current,
        earlier,
        _text(data),
        found_in,
        problem,
    )


def _version_line(path: Path) -> int:
    """The line of translated_from's version (or of translated_from itself), for messages."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    block = next((i for i, line in enumerate(lines) if line.startswith("translated_from:")), None)
    if block is None:
        return 1
    for i in range(block + 1, len(lines)):
        if not lines[i].startswith((" ", "\t")):
            break
        if lines[i].strip().startswith("version:"):
            return i + 1
    return block + 1


def _text(data: bytes) -> str:
    """A page's text as eupages reads it (UTF-8, without a byte-order mark, LF line endings)."""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").lstrip("\ufeff")


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line + "\n" for line in lines]


# -- the source's earlier text, from git ------------------------------------------------------


class NotInHistory(Exception):
    """The source's text at a version cannot be recovered; the message says why, in one line."""


ZERO_BLOB = "0" * 40


def earlier_version(root: Path, path: Path, version: str) -> tuple[bytes, str]:
    """The bytes of the page file `path` at `version`, and where they were found.

    Looks at every version of the file in its history (following renames) and in the git
    index, and returns the one whose bytes hash to `version`."""
    if _git(root, "rev-parse", "--is-inside-work-tree", version=version).returncode != 0:
        raise NotInHistory(
            f"the source as it was at version {version} cannot be recovered: the site folder is not in a git repository"
        )
    spec = Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    candidates: dict[str, str] = {}  # blob id → where it was found: the newest commit that has it
    log = _git(root, "log", "--follow", "-m", "--raw", "--no-abbrev", "--format=commit %H", "--", spec, version=version)
    before: dict[str, str] = {}
    commit = ""
    for line in log.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("commit "):
            commit = line.split()[1]
        elif line.startswith(":"):
            fields = line.split("\t", 1)[0].split()  # :mode mode old new status
            if len(fields) >= 4:
                old, new = fields[2], fields[3]
                if new != ZERO_BLOB:
                    candidates.setdefault(new, f"commit {commit[:12]}")
                if old != ZERO_BLOB:
                    before.setdefault(old, f"the parent of commit {commit[:12]}")
    for blob, where in before.items():  # a shallow clone may hold the parent's file, not the parent
        candidates.setdefault(blob, where)
    staged = _git(root, "ls-files", "--stage", "--", spec, version=version)
    for line in staged.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            candidates.setdefault(fields[1], "the git index, not yet committed")
    for blob, data in _blobs(root, list(candidates), version):
        if version in (page_version(data), page_version(data.replace(b"\n", b"\r\n"))):
            return data, candidates[blob]
    raise NotInHistory(f"the source as it was at version {version} is not in this repository's history")


def _git(root: Path, *args: str, version: str, data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=root, input=data, capture_output=True, check=False, timeout=120)
    except OSError:  # no git on PATH (or it cannot be run)
        raise NotInHistory(
            f"the source as it was at version {version} cannot be recovered: git is not installed"
        ) from None
    except subprocess.TimeoutExpired:
        raise NotInHistory(
            f"the source as it was at version {version} cannot be recovered: git did not answer in time"
        ) from None


def file_versions(root: Path, path: Path) -> list[bytes]:
    """Every version of a file that git has (its history, following renames, and the index),
    newest first; empty when there is no git or no repository."""
    try:
        spec = Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
        log = _git(root, "log", "--follow", "--raw", "--no-abbrev", "--format=", "--", spec, version="")
        staged = _git(root, "ls-files", "--stage", "--", spec, version="")
    except NotInHistory:
        return []
    ids = [line.split()[1] for line in staged.stdout.decode("utf-8", "replace").splitlines() if len(line.split()) > 1]
    for line in log.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split("\t", 1)[0].split()
        if line.startswith(":") and len(fields) >= 4 and fields[3] != ZERO_BLOB:
            ids.append(fields[3])
    try:
        return [data for _blob, data in _blobs(root, list(dict.fromkeys(ids)), "")]
    except NotInHistory:
        return []


def _blobs(root: Path, ids: list[str], version: str) -> list[tuple[str, bytes]]:
    """The contents of git blobs, read in one `git cat-file --batch`; missing ones are left out."""
    if not ids:
        return []
    out = _git(root, "cat-file", "--batch", version=version, data="".join(f"{i}\n" for i in ids).encode()).stdout
    result, at = [], 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].decode("ascii", "replace").split()
        at = end + 1
        if len(header) != 3:  # "<id> missing", e.g. in a partial clone
            continue
        size = int(header[2])
        result.append((header[0], out[at : at + size]))
        at += size + 1
    return result


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
