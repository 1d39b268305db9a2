"""Translation status: for every page and language, is the translation up to date?

A translation records the language and version of the page it was translated from
(`translated_from` in its front matter). When the source page changes, its version
changes, and the translation becomes *outdated* until an editor brings it up to date
and marks it current.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
    source_path = page.source.resolve()
    file = source_path.relative_to(root).as_posix() if source_path.is_relative_to(root) else str(source_path)
    origin = page.translated_from
    if origin is None:
        return Status(name, code, ORIGINAL, None, file)
    source = content.pages.get(origin.lang, {}).get(key)
    current = source is not None and origin.version == source.version
    return Status(name, code, UP_TO_DATE if current else OUTDATED, origin.lang, file)


def statuses_for_site(site: Site) -> list[Status]:
    """The same report from an already validated site model (used by the build's status page)."""
    return statuses(_site_content(site), site.config, site.root)


def statuses_by_page(site: Site) -> dict[tuple[str, str, str], Status]:
    """Each page's status by (kind, slug, language): computed once per build, then looked up
    by the renderer (the notice on an outdated translation) and by the build's page keys."""
    return dict(_keyed(_site_content(site), site.config, site.root))


def _site_content(site: Site) -> Content:
    content = Content(records=dict(site.records))
    for ref in site.pages:
        if not ref.fallback:
            content.pages.setdefault(ref.lang, {})[ref.key] = ref.text
    return content
