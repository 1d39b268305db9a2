"""Translation status: for every page and language, is the translation up to date?

A translation records the language and version of the page it was translated from
(`translated_from` in its front matter). When the source page changes, its version
changes, and the translation becomes *outdated* until an editor brings it up to date
and marks it current.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from generator.load.config import SiteConfig
from generator.load.content import Content
from generator.load.pages import Page
from generator.values import page_file

if TYPE_CHECKING:
    from generator.model.site import Site

ORIGINAL, UP_TO_DATE, OUTDATED, MISSING = "original", "up to date", "outdated", "missing"


@dataclass(frozen=True)
class Status:
    page: str  # e.g. "projects/creative-metropoles.md"
    lang: str
    state: str
    source_lang: str | None = None
    file: str | None = None


def statuses(content: Content, config: SiteConfig, root: Path) -> list[Status]:
    return [status for _key, status in _keyed(content, config, root)]


def _keyed(content: Content, config: SiteConfig, root: Path) -> list[tuple[tuple[str, str, str], Status]]:
    """Every page's status with its (kind, slug, language), in the report's order."""
    codes = config.codes
    root = root.resolve()
    keys = sorted(
        {key for pages in content.pages.values() for key in pages},
        key=lambda k: ({"home": 0, "page": 1, "project": 2}[k[0]], k[1]),
    )
    result = []
    for key in keys:
        for code in codes:
            page = content.pages.get(code, {}).get(key)
            result.append(((*key, code), _status(key, code, page, content, root, config.default_language)))
    return result


def _status(key, code: str, page: Page | None, content: Content, root: Path, default: str) -> Status:
    name = page_file(*key)
    if page is None:
        return Status(name, code, MISSING, default)
    file = _shown_path(page.source, root)
    origin = page.translated_from
    if origin is None:
        return Status(name, code, ORIGINAL, None, file)
    source = content.pages.get(origin.lang, {}).get(key)
    current = source is not None and origin.version == source.version
    return Status(name, code, UP_TO_DATE if current else OUTDATED, origin.lang, file)


def _shown_path(source: Path, root: Path) -> str:
    """A page's file as the report shows it (relative to the site). Resolving each of
    thousands of pages was a tenth of a one-edit rebuild: a page that is not itself a link
    resolves to its folder's resolved path and its own name, and the folders are few."""
    name = str(source)
    if os.path.islink(name):
        resolved = str(source.resolve())
    else:
        resolved = os.path.join(_resolved_folder(os.path.dirname(name)), os.path.basename(name))
    inside = _resolved_folder(str(root)).rstrip(os.sep) + os.sep
    return resolved[len(inside) :].replace(os.sep, "/") if resolved.startswith(inside) else resolved


@functools.lru_cache(maxsize=1024)
def _resolved_folder(folder: str) -> str:
    return os.path.realpath(folder)


def statuses_for_site(site: Site) -> list[Status]:
    """The same report from an already validated site model (used by the build's status page)."""
    return statuses(_site_content(site), site.config, site.root)


_LAST_SITE: list = []  # [(site, its statuses)]: the one site model a build works on


def statuses_by_page(site: Site) -> dict[tuple[str, str, str], Status]:
    """Each page's status by (kind, slug, language), in the report's order: computed once per
    site model, then looked up by the renderer (the notice on an outdated translation), the
    build's page keys and the status page."""
    if _LAST_SITE and _LAST_SITE[0][0] is site:
        return _LAST_SITE[0][1]
    result = dict(_keyed(_site_content(site), site.config, site.root))
    _LAST_SITE[:] = [(site, result)]
    return result


def _site_content(site: Site) -> Content:
    content = Content(records=dict(site.records))
    for ref in site.pages:
        if not ref.fallback:
            content.pages.setdefault(ref.lang, {})[ref.key] = ref.text
    return content


# -- units: the paragraphs, headings, list items and table cells of a page ----------------------
#
# A page is translated unit by unit for `eupages translations export|import`. Each unit of the
# source page has a hash of its text; a translation records, per unit, the hash of the source
# text it was translated from, in one hidden file per language beside its pages
# (content/<lang>/.translation-units.json, which the content loader skips as it skips every
# dotfile). The pages themselves stay plain Markdown that editors can change by hand.

UNITS_FILE = ".translation-units.json"
FIELDS = ("title", "summary", "aims", "results")
CURRENT, REVIEW, UNTRANSLATED = "current", "review", "missing"
NOT_TRANSLATED = ""  # recorded for a block that was copied in the source language on import

_HEADING = re.compile(r"^(#{1,6}[ \t]+)(.*?)(?:[ \t]+#+)?[ \t]*$")
_ITEM = re.compile(r"^([ \t]*(?:[-*+]|\d{1,9}\.)[ \t]+)(\S.*)$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:\s")
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


@dataclass(frozen=True)
class Block:
    """One translatable block of a page's Markdown body, with where it sits (0-based lines)."""

    kind: str  # "heading", "paragraph", "item", "quote" or "cell"
    text: str  # its inline Markdown, lines joined by single spaces
    start: int
    end: int  # exclusive
    prefix: str = ""  # what precedes the text on its first line ("## ", "1. ", "> ", an indent)
    cell: int = -1  # for a table cell: its column


def blocks(body: str) -> list[Block]:
    """The blocks of a Markdown body, in order (see `_blocks`)."""
    return list(_blocks(body))


# A source page is split once for each of its four translations, and the status page
# counts every page of the site: remember the split (and the word counts below) per text.
@functools.lru_cache(maxsize=8192)
def _blocks(body: str) -> tuple[Block, ...]:
    """The blocks of a Markdown body, in order. Code, HTML blocks, rules and link references
    are not translatable and are left out; everything else is one block per paragraph,
    heading, list item, quotation and table cell (the block structure of Python-Markdown)."""
    lines = body.split("\n")
    result: list[Block] = []
    i, after_item = 0, False
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith(fence.group(1)):
                i += 1
            i, after_item = i + 1, False
            continue
        indent = len(line) - len(line.lstrip(" \t").replace("\t", "    "))
        if line.startswith(("    ", "\t")) and not after_item:  # an indented code block
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(("    ", "\t"))):
                i += 1
            continue
        if line.lstrip().startswith("<") or _RULE.match(line) or _REFERENCE.match(line):
            while i < len(lines) and lines[i].strip():
                i += 1
            after_item = False
            continue
        heading = _HEADING.match(line)
        if heading:
            if heading.group(2).strip():
                result.append(Block("heading", heading.group(2).strip(), i, i + 1, heading.group(1)))
            i, after_item = i + 1, False
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[i + 1]):
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not _TABLE_SEPARATOR.match(lines[i]):
                    for column, cell in enumerate(table_cells(lines[i])):
                        if cell.strip():
                            result.append(Block("cell", cell.strip(), i, i + 1, "", column))
                i += 1
            after_item = False
            continue
        start, item, quote = i, _ITEM.match(line), line.lstrip().startswith(">")
        i += 1
        while i < len(lines) and lines[i].strip() and not _starts_block(lines[i], quote, bool(item)):
            i += 1
        if item:
            prefix, first = item.group(1), item.group(2)
        elif quote:
            prefix, first = line[: len(line) - len(line.lstrip())] + "> ", line.lstrip()[1:]
        else:
            prefix, first = line[: len(line) - len(line.lstrip())], line.lstrip()
        rest = [(ln.lstrip()[1:] if quote else ln) for ln in lines[start + 1 : i]]
        text = " ".join(part.strip() for part in [first, *rest] if part.strip())
        kind = "item" if item else "quote" if quote else "paragraph"
        result.append(Block(kind, text, start, i, prefix))
        after_item = bool(item) or (after_item and indent > 0)
    return tuple(result)


def _starts_block(line: str, quote: bool, item: bool) -> bool:
    """Does `line` end the block before it? (A list item ends at the next item; as in
    Python-Markdown, a paragraph is not interrupted by a list.)"""
    if quote:
        return not line.lstrip().startswith(">")
    return bool((item and _ITEM.match(line)) or _HEADING.match(line) or _FENCE.match(line))


def table_cells(row: str) -> list[str]:
    """The cells of a table row, split at unescaped pipes, without the outer ones."""
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return re.split(r"(?<!\\)\|", inner)


def source_hash(text: str) -> str:
    """The version of one unit's source text: 8 hex digits of the SHA-256 of its words (so
    that re-wrapping a paragraph is not a change)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


@functools.lru_cache(maxsize=65536)
def words(text: str) -> int:
    """The source words of a unit, counted by the Translate Toolkit (placeholders and the
    Markdown of links, code and emphasis are not words)."""
    from translate.tools.pocount import wordcount

    plain = re.sub(r"`[^`]*`", " ", text)
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    plain = re.sub(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|<[^>]+>|\{/?\d+/?\}", " ", plain)
    return wordcount(plain)


@dataclass(frozen=True)
class Unit:
    """One unit of a source page against its translation."""

    key: str  # "title", "summary", "aims", "results" or "b<index>" (the source block's index)
    source: str
    hash: str
    state: str  # CURRENT, REVIEW or UNTRANSLATED
    target: str | None = None
    previous: str | None = None  # the hash of the source text it was translated from, when known
    block: Block | None = None  # the source block
    at: int | None = None  # the translation's block (index) this unit is in, when it has one
    after: int = -1  # for a block without one: insert after this translation block
    note: str = ""


def read_unit_records(folder: Path) -> dict:
    """content/<lang>/.translation-units.json: {"pages": {page: {"fields": {…}, "body": […]}},
    "texts": {file: {path: hash}}}; empty when there is none or it cannot be read."""
    path = folder / UNITS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def page_units(source: Page, translation: Page | None, record: dict | None) -> list[Unit]:
    """Every unit of `source` with its state in `translation` (None: not translated)."""
    record = record if isinstance(record, dict) else {}
    units: list[Unit] = []
    fields_record = record.get("fields") if isinstance(record.get("fields"), dict) else {}
    current = (
        translation is not None
        and translation.translated_from is not None
        and (translation.translated_from.version == source.version)
    )
    for field in FIELDS:
        text = getattr(source, field)
        if not text:
            continue
        h = source_hash(text)
        target = getattr(translation, field) if translation is not None else None
        if not target:
            units.append(Unit(field, text, h, UNTRANSLATED))
            continue
        recorded = fields_record.get(field) if fields_record else (h if current else None)
        state = CURRENT if recorded == h else REVIEW
        units.append(Unit(field, text, h, state, target, recorded))
    source_blocks = blocks(source.body)
    target_blocks = blocks(translation.body) if translation is not None else []
    body = record.get("body")
    if isinstance(body, list) and len(body) == len(target_blocks):
        recorded_body: list[str | None] = [b if isinstance(b, str) else None for b in body]
    elif len(target_blocks) == len(source_blocks):
        recorded_body = [source_hash(b.text) if current else None for b in source_blocks]
    else:
        recorded_body = []
        if target_blocks:
            note = (
                f"the translation has {len(target_blocks)} blocks where the source has {len(source_blocks)}, "
                "so its text cannot be matched to the source's paragraphs"
            )
            return units + [
                Unit(f"b{j}", b.text, source_hash(b.text), UNTRANSLATED, block=b, note=note)
                for j, b in enumerate(source_blocks)
            ]
    units.extend(align_blocks(source_blocks, target_blocks, recorded_body))
    return units


def align_blocks(source: list[Block], target: list[Block], recorded: list[str | None]) -> list[Unit]:
    hashes = [source_hash(b.text) for b in source]
    paired: dict[int, tuple[int, str | None]] = {}  # source index → (target index, recorded hash)
    if recorded and None in recorded:  # no record: the blocks line up one to one
        paired = {j: (j, recorded[j]) for j in range(len(source))}
    elif recorded:
        matcher = difflib.SequenceMatcher(None, recorded, hashes, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("equal", "replace"):
                for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                    paired[j] = (i, recorded[i])
    result, last = [], -1
    for j, block in enumerate(source):
        h = hashes[j]
        key = f"b{j}"
        if j in paired and paired[j][1] != NOT_TRANSLATED:
            i, was = paired[j]
            state = CURRENT if was == h else REVIEW
            result.append(Unit(key, block.text, h, state, target[i].text, was, block, i))
            last = i
        elif j in paired:
            i = paired[j][0]
            result.append(Unit(key, block.text, h, UNTRANSLATED, None, None, block, i))
            last = i
        else:
            result.append(Unit(key, block.text, h, UNTRANSLATED, None, None, block, None, last))
    return result


@dataclass(frozen=True)
class Counts:
    """A translation's units and source words: up to date, to review, missing."""

    units_current: int = 0
    units_review: int = 0
    units_missing: int = 0
    words_current: int = 0
    words_review: int = 0
    words_missing: int = 0

    def __add__(self, other: Counts) -> Counts:
        # Field by field: the status page adds thousands (astuple() copied each one deeply).
        return Counts(
            self.units_current + other.units_current,
            self.units_review + other.units_review,
            self.units_missing + other.units_missing,
            self.words_current + other.words_current,
            self.words_review + other.words_review,
            self.words_missing + other.words_missing,
        )


def count(units: list[Unit]) -> Counts:
    values = {CURRENT: [0, 0], REVIEW: [0, 0], UNTRANSLATED: [0, 0]}
    for unit in units:
        values[unit.state][0] += 1
        values[unit.state][1] += words(unit.source)
    c, r, m = values[CURRENT], values[REVIEW], values[UNTRANSLATED]
    return Counts(c[0], r[0], m[0], c[1], r[1], m[1])


def unit_counts(content: Content, config: SiteConfig, root: Path) -> dict[tuple[str, str, str], Counts]:
    """The units and words of every translated or missing page by (kind, slug, language);
    originals are left out."""
    return _unit_counts(content, config, root, _keyed(content, config, root))


class CountsMemo(Protocol):
    """Counts kept between builds by the versions they were counted from (the build's
    cache implements it); the status page keeps itself there too."""

    def get(self, key: tuple) -> Any: ...

    def put(self, key: tuple, value: Any) -> None: ...


Mapper = Callable[[Callable, list], list]  # `[function(item) for item in items]`, maybe in parallel


def _unit_counts(
    content: Content,
    config: SiteConfig,
    root: Path,
    keyed: list[tuple[tuple[str, str, str], Status]],
    memo: CountsMemo | None = None,
    mapper: Mapper | None = None,
) -> dict[tuple[str, str, str], Counts]:
    """Each translation's counts: from `memo` when its pages and unit record are the ones
    counted before, the others counted by `mapper` (a cold build counts thousands: the
    build hands its worker processes the job)."""
    folder = (root / config.folders.content).resolve()
    result: dict[tuple[str, str, str], Counts] = {}
    todo: list[tuple[tuple[str, str, str], tuple, tuple]] = []  # (page key, memo key, what to count)
    for code in config.codes:
        records = read_unit_records(folder / code).get("pages", {})
        records = records if isinstance(records, dict) else {}
        for key, status in [(k, s) for k, s in keyed if k[2] == code]:
            if status.state == ORIGINAL:
                continue
            source = content.pages.get(status.source_lang or config.default_language, {}).get(key[:2])
            if source is None:
                continue
            translation = content.pages.get(code, {}).get(key[:2])
            record = records.get(status.page)
            remembered = (
                source.version,
                translation.version if translation is not None else None,
                json.dumps(record, sort_keys=True),
            )
            counts = memo.get(remembered) if memo is not None else None
            if counts is None:
                todo.append((key, remembered, (source, translation, record)))
            else:
                result[key] = counts
    counted = (mapper or _serial)(_count_units, [job for _key, _remembered, job in todo])
    for (key, remembered, _job), counts in zip(todo, counted, strict=True):
        if memo is not None:
            memo.put(remembered, counts)
        result[key] = counts
    return result


def _count_units(job: tuple) -> Counts:
    source, translation, record = job
    return count(page_units(source, translation, record))


def _serial(function: Callable, items: list) -> list:
    return [function(item) for item in items]


def statuses_with_counts(
    content: Content, config: SiteConfig, root: Path, memo: CountsMemo | None = None
) -> list[tuple[Status, Counts | None]]:
    """The status report with each translation's counts of units and words."""
    keyed = _keyed(content, config, root)
    counts = _unit_counts(content, config, root, keyed, memo)
    return [(status, counts.get(key)) for key, status in keyed]


def statuses_with_counts_for_site(
    site: Site, memo: CountsMemo | None = None, mapper: Mapper | None = None
) -> list[tuple[Status, Counts | None]]:
    keyed = list(statuses_by_page(site).items())
    counts = _unit_counts(_site_content(site), site.config, site.root, keyed, memo, mapper)
    return [(status, counts.get(key)) for key, status in keyed]
