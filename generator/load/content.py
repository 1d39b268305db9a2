"""Read `content/`: records and pages, refusing anything that could escape or mislead."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generator.errors import Problems
from generator.load import yaml_source
from generator.load.config import LoadedConfig
from generator.load.explain import validate
from generator.load.pages import Page, read_page
from generator.load.record_checks import check_record
from generator.load.records import ProjectRecord
from generator.values import SLUG


class ParseCache(Protocol):
    """Parsed files kept between builds (the build's cache implements it): `get` returns what
    `put` stored for a file while the file is unchanged, else None. `program` names the
    eupages that checked what is stored."""

    @property
    def program(self) -> str: ...

    def get(self, path: Path | str, stat: os.stat_result | None = None) -> Any: ...

    def put(self, path: Path, value: object) -> None: ...


class NoCache:
    """Parse every file (check, tests, the translation report)."""

    program = ""

    def get(self, path: Path | str, stat: os.stat_result | None = None) -> None:
        return None

    def put(self, path: Path, value: object) -> None:
        pass


@dataclass(frozen=True)
class LoadedRecord:
    slug: str
    record: ProjectRecord
    source: Path
    lines: dict = field(compare=False, hash=False, repr=False)
    digest: str = ""  # SHA-256 of the file: what pages rendered from this record depend on


@dataclass
class Content:
    records: dict[str, LoadedRecord] = field(default_factory=dict)
    # pages[lang][(kind, slug)] = Page
    pages: dict[str, dict[tuple[str, str], Page]] = field(default_factory=dict)
    # Records that exist but failed validation: their pages are not "orphans".
    invalid: set[str] = field(default_factory=set)
    # Pages that exist but could not be read: (lang, kind, slug). Not "missing".
    unreadable: set[tuple[str, str, str]] = field(default_factory=set)


def load_content(loaded: LoadedConfig, problems: Problems, cache: ParseCache | None = None) -> Content:
    cache = cache if cache is not None else NoCache()
    root = loaded.folder("content")
    content = Content()
    if not root.is_dir():
        problems.add(
            loaded.path,
            loaded.doc.line_of(("folders", "content")),
            f"the content folder '{root}' does not exist",
            "create it or correct folders.content",
        )
        return content
    codes = loaded.config.codes
    for entry in sorted(root.iterdir()):
        if not _safe(entry, root, problems):
            continue
        if entry.name == "projects" and entry.is_dir():
            _load_records(entry, root, loaded, content, problems, cache)
        elif entry.is_dir() and entry.name in codes:
            content.pages[entry.name] = _load_language(entry, root, problems, content.unreadable, cache)
        elif entry.is_dir():
            problems.add(
                entry,
                None,
                f"'{entry.name}' is not a language of this site",
                f"rename the folder to one of: {', '.join(codes)}, or add '{entry.name}' under 'languages' in site_config.yml",
            )
        elif not entry.name.startswith("."):
            problems.add(
                entry,
                None,
                "eupages does not know what to do with this file",
                "records go in content/projects/, pages in content/<language>/",
            )
    for code in codes:
        content.pages.setdefault(code, {})
    _check_pages_have_records(content, problems)
    return content


def _safe(path: Path, root: Path, problems: Problems) -> bool:
    """Refuse symbolic links and anything resolving outside the content folder (for what
    the folder holds at its top; below it, `_safe_entry`)."""
    if path.is_symlink():
        _refuse_link(path, problems)
        return False
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        problems.add(path, None, "this path leads outside the content folder", "keep content inside content/")
        return False
    return True


def _refuse_link(path: Path, problems: Problems) -> None:
    problems.add(
        path,
        None,
        "symbolic links are not allowed in the content folder",
        "replace the link with the real file or folder",
    )


def _load_records(
    folder: Path, root: Path, loaded: LoadedConfig, content: Content, problems: Problems, cache: ParseCache
) -> None:
    checks = checks_context(loaded, cache)
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        path = Path(entry.path)
        if not _safe_entry(entry, problems) or entry.name.startswith("."):
            continue
        if path.suffix not in (".yml", ".yaml") or not entry.is_file(follow_symlinks=False):
            problems.add(
                path, None, "only project records (.yml files) belong in content/projects/", "move this file elsewhere"
            )
            continue
        slug = path.stem
        if not SLUG.match(slug):
            problems.add(
                path,
                None,
                f"'{path.name}' is not a valid file name for a project",
                "use lower-case letters, digits and hyphens, e.g. creative-metropoles.yml",
            )
            continue
        record = load_record(path, loaded, problems, cache, checks, entry.stat(follow_symlinks=False))
        if record is not None:
            content.records[slug] = record
        else:
            content.invalid.add(slug)


def load_record(
    path: Path,
    loaded: LoadedConfig,
    problems: Problems,
    cache: ParseCache | None = None,
    checks: str | None = None,
    stat: os.stat_result | None = None,
) -> LoadedRecord | None:
    """The record at `path`, checked; None (with problems) when it is not valid. `checks` is
    `checks_context(loaded, cache)`, when the caller loads many records; `stat` the file's
    status when the caller has it already."""
    cached = cache.get(path, stat) if cache else None
    if cached is None:
        parsed = _parse_record(path, problems)
        if parsed is None:
            return None
        cached = (*parsed, "")
        if cache:
            cache.put(path, cached)
    record, lines, file_digest, passed_under = cached
    # Cross-file checks depend on site_config.yml: they run again whenever the configuration
    # (or eupages) is not the one the record last passed them under.
    checks = checks_context(loaded, cache) if checks is None else checks
    if not checks or passed_under != checks:
        before = len(problems.items)
        check_record(record, yaml_source.YamlDocument(None, lines), path, loaded.config, problems)
        if len(problems.items) != before:
            return None
        if cache:
            cache.put(path, (record, lines, file_digest, checks))
    return LoadedRecord(path.stem, record, path, lines, file_digest)


def checks_context(loaded: LoadedConfig, cache: ParseCache | None) -> str:
    """What a record's cross-file checks depend on besides the record: the whole validated
    configuration and the program that checks."""
    program = getattr(cache, "program", "") if cache else ""
    if not program:
        return ""  # without a cache nothing is remembered: "" never counts as passed
    return hashlib.sha256(f"{program}\n{loaded.config!r}".encode()).hexdigest()


def _parse_record(path: Path, problems: Problems) -> tuple | None:
    """The record's model, its lines and its digest; None (with problems) when it is not valid."""
    data = path.read_bytes()
    try:
        doc = yaml_source.load(data.decode("utf-8"))
    except UnicodeDecodeError:
        problems.add(path, None, "this file is not UTF-8 text", "save it as UTF-8 in your editor")
        return None
    except yaml_source.YamlSyntaxError as err:
        problems.add(path, err.problem.line, err.problem.message, err.problem.hint)
        return None
    record = validate(ProjectRecord, doc, path, problems, "project record")
    if record is None:
        return None
    return record, doc.lines, hashlib.sha256(data).hexdigest()


def _load_language(
    folder: Path, root: Path, problems: Problems, unreadable: set, cache: ParseCache
) -> dict[tuple[str, str], Page]:
    pages: dict[tuple[str, str], Page] = {}
    lang = folder.name
    for parts, entry in sorted(_walk(str(folder)), key=lambda item: item[0]):
        if not _safe_entry(entry, problems) or entry.name.startswith(".") or entry.is_dir(follow_symlinks=False):
            continue
        kind, slug = _classify(parts)
        if kind is None:
            problems.add(
                Path(entry.path),
                None,
                "eupages reads only Markdown pages here",
                f"put pages at content/{lang}/<name>.md or content/{lang}/projects/<slug>.md",
            )
            continue
        if not SLUG.match(slug):
            problems.add(
                Path(entry.path),
                None,
                f"'{'/'.join(parts)}' is not a valid page file name",
                "use lower-case letters, digits and hyphens, e.g. about.md",
            )
            continue
        page = cache.get(entry.path, entry.stat(follow_symlinks=False))
        if page is None:
            path = Path(entry.path)
            page = read_page(path, lang, kind, slug, problems)
            if page is not None:
                cache.put(path, page)
        if page is not None:
            pages[(kind, slug)] = page
        else:
            unreadable.add((lang, kind, slug))
    return pages


def _walk(folder: str, parts: tuple[str, ...] = ()):
    """(path parts below the language folder, entry) for everything under `folder`, without
    following links: one `scandir` a folder, where walking with pathlib cost a third of a
    one-edit rebuild at 5,000 pages (a `Path` and an `lstat` each)."""
    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        inner = (*parts, entry.name)
        yield inner, entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, inner)


def _safe_entry(entry: os.DirEntry, problems: Problems) -> bool:
    """Refuse a symbolic link found by walking down from the content folder: the walk
    follows none, so nothing below can resolve outside it, and the entry's type comes with
    the listing (no system call, no resolving thousands of paths)."""
    if entry.is_symlink():
        _refuse_link(Path(entry.path), problems)
        return False
    return True


def _classify(parts: tuple[str, ...]) -> tuple[str | None, str]:
    name = parts[-1]
    stem, dot, suffix = name.rpartition(".")
    if not dot or suffix != "md" or not stem:
        return None, ""
    if len(parts) == 1:
        return ("home", "index") if stem == "index" else ("page", stem)
    if len(parts) == 2 and parts[0] == "projects":
        return "project", stem
    return None, ""


def _check_pages_have_records(content: Content, problems: Problems) -> None:
    for pages in content.pages.values():
        for (kind, slug), page in pages.items():
            if kind == "project" and slug not in content.records and slug not in content.invalid:
                problems.add(
                    page.source,
                    1,
                    f"there is no record for project '{slug}'",
                    f"create content/projects/{slug}.yml or rename this page to match an existing record",
                )
