"""The site model: every page of the site in every language, with its URL and alternates.

Plain, immutable data that templates can read but not change. Nothing here knows HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.config import LoadedConfig, SiteConfig
from generator.content import Content, LoadedRecord
from generator.errors import Problems
from generator.pages import Page


@dataclass(frozen=True)
class PageRef:
    """One output page: what it shows, in which language, and whether the text is a fallback."""

    kind: str            # home | project | page
    slug: str
    lang: str
    page: Page           # the text shown (in `lang`, or the default language when `fallback`)
    fallback: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.slug)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    root: Path
    theme: Path
    records: dict[str, LoadedRecord]
    pages: tuple[PageRef, ...]
    # translations[(kind, slug)] = languages that have a real (non-fallback) page
    translations: dict[tuple[str, str], tuple[str, ...]] = field(hash=False)

    def url(self, kind: str, slug: str, lang: str) -> str:
        return self.config.base_path + relative_url(kind, slug, lang)

    def absolute_url(self, kind: str, slug: str, lang: str) -> str:
        return self.config.base_url + relative_url(kind, slug, lang)

    def project_slugs(self) -> list[str]:
        return list(self.records)

    def refs_in(self, lang: str) -> list[PageRef]:
        return [ref for ref in self.pages if ref.lang == lang]


def relative_url(kind: str, slug: str, lang: str) -> str:
    if kind == "home":
        return f"{lang}/"
    if kind == "project":
        return f"{lang}/projects/{slug}/"
    if kind == "404":
        return f"{lang}/404.html"
    return f"{lang}/{slug}/"


def output_path(kind: str, slug: str, lang: str) -> str:
    """Where a page's file goes inside the output folder (always a relative POSIX path)."""
    url = relative_url(kind, slug, lang)
    return url + "index.html" if url.endswith("/") else url


def build_model(loaded: LoadedConfig, content: Content, problems: Problems) -> Site:
    config = loaded.config
    default = config.default_language
    _check_translation_sources(config, content, problems)
    wanted = [("project", slug) for slug in sorted(content.records, key=lambda s: _sort_key(content.records[s]))]
    stand_alone = sorted({key for pages in content.pages.values() for key in pages if key[0] == "page"})
    keys = [("home", "index")] + stand_alone + wanted
    refs: list[PageRef] = []
    translations: dict[tuple[str, str], tuple[str, ...]] = {}
    for key in keys:
        original = content.pages[default].get(key)
        if original is None and (default,) + key in content.unreadable:
            continue  # already reported as unreadable
        if original is None:
            problems.add(_expected_path(loaded, default, key), None,
                         f"missing page in the default language ({default})",
                         f"write content/{default}/{_relative(key)}: every page needs a version in the default language to fall back on")
            continue
        present = tuple(code for code in config.codes if key in content.pages[code])
        translations[key] = present
        for code in config.codes:
            page = content.pages[code].get(key)
            refs.append(PageRef(key[0], key[1], code, page or original, page is None))
    return Site(config, loaded.root, loaded.folder("theme"), content.records, tuple(refs), translations)


def _sort_key(record: LoadedRecord) -> tuple:
    """Newest projects first; projects with no known start last; ties by slug."""
    start = record.record.period.start
    return (0, -start.first_day().toordinal(), record.slug) if start else (1, 0, record.slug)


def _check_translation_sources(config: SiteConfig, content: Content, problems: Problems) -> None:
    for code, pages in content.pages.items():
        for key, page in pages.items():
            origin = page.translated_from
            if origin is None:
                continue
            if origin.lang not in config.codes:
                problems.add(page.source, 3, f"translated_from names '{origin.lang}', which is not a language of this site",
                             f"use one of: {', '.join(config.codes)}")
            elif origin.lang == code:
                problems.add(page.source, 3, "a page cannot be translated from its own language",
                             "name the language of the page you translated from, or remove translated_from")
            elif key not in content.pages.get(origin.lang, {}):
                problems.add(page.source, 3, f"translated_from names '{origin.lang}' but there is no such page in that language",
                             f"check that content/{origin.lang}/{_relative(key)} exists")


def _relative(key: tuple[str, str]) -> str:
    kind, slug = key
    return f"projects/{slug}.md" if kind == "project" else f"{slug}.md"


def _expected_path(loaded: LoadedConfig, lang: str, key: tuple[str, str]) -> Path:
    return loaded.folder("content") / lang / _relative(key)
