"""Translation status: for every page and language, is the translation up to date?

A translation records the language and version of the page it was translated from
(`translated_from` in its front matter). When the source page changes, its version
changes, and the translation becomes *outdated* until an editor brings it up to date
and marks it current.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.load.config import SiteConfig
from generator.load.content import Content
from generator.load.pages import Page
from generator.values import page_file

ORIGINAL, UP_TO_DATE, OUTDATED, MISSING = "original", "up to date", "outdated", "missing"


@dataclass(frozen=True)
class Status:
    page: str  # e.g. "projects/creative-metropoles.md"
    lang: str
    state: str
    source_lang: str | None = None
    file: str | None = None


def statuses(content: Content, config: SiteConfig, root: Path) -> list[Status]:
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
            result.append(_status(key, code, page, content, root, config.default_language))
    return result


def _status(key, code: str, page: Page | None, content: Content, root: Path, default: str) -> Status:
    name = page_file(*key)
    if page is None:
        return Status(name, code, MISSING, default)
    source_path = page.source.resolve()
    file = source_path.relative_to(root).as_posix() if source_path.is_relative_to(root) else str(source_path)
    origin = page.translated_from
    if origin is None:
        return Status(name, code, ORIGINAL, None, file)
    source = content.pages.get(origin.lang, {}).get(key)
    current = source is not None and origin.version == source.version
    return Status(name, code, UP_TO_DATE if current else OUTDATED, origin.lang, file)


def statuses_for_site(site) -> list[Status]:
    """The same report from an already validated site model (used by the build's status page)."""
    content = Content(records=dict(site.records))
    for ref in site.pages:
        if not ref.fallback:
            content.pages.setdefault(ref.lang, {})[ref.key] = ref.page
    return statuses(content, site.config, site.root)
