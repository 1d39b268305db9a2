"""Markdown pages with front matter: the text of one page in one language."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.errors import Problems
from generator.load import yaml_source
from generator.load.explain import validate
from generator.values import Strict


class TranslatedFrom(Strict):
    lang: str = Field(description="Language code of the page this one was translated from")
    version: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{12}$",
        description="Version (12 hex digits) of the source page when translated",
    )


class FrontMatter(Strict):
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1, description="One sentence for cards, search results and link previews")
    translated_from: TranslatedFrom | None = None
    menu: Literal["main", "footer", "none"] = Field(
        default="main", description="Stand-alone pages: show a link in the main menu, the footer, or nowhere"
    )
    order: int = Field(default=100, description="Position among the menu's links (smaller first)")
    aims: str | None = Field(
        default=None,
        description="Project pages: what the project aims to do, in a sentence or two. Required for EU-funded "
        "projects from 2014 on (the page's short description must include aims and results)",
    )
    results: str | None = Field(
        default=None,
        description="Project pages: its results (or, for a planned project, the results it plans), in a "
        "sentence or two. Required for EU-funded projects from 2014 on",
    )


@dataclass(frozen=True)
class Page:
    lang: str
    kind: str  # "home", "project" or "page"
    slug: str  # project slug or page name ("index" for home)
    source: Path
    title: str
    summary: str
    body: str  # Markdown
    body_line: int  # line where the Markdown starts, for messages
    translated_from: TranslatedFrom | None
    version: str  # first 12 hex digits of the file's SHA-256
    menu: str = "main"
    order: int = 100
    aims: str | None = None
    results: str | None = None


def page_version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def read_page(path: Path, lang: str, kind: str, slug: str, problems: Problems) -> Page | None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.add(path, line, "this file is not UTF-8 text", "save it as UTF-8 in your editor")
        return None
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    split = split_front_matter(text)
    if split is None:
        problems.add(
            path,
            1,
            "the page has no front matter",
            "start the file with a line '---', then 'title: …' and 'summary: …', then another '---'",
        )
        return None
    front, body, body_line = split
    try:
        doc = yaml_source.load(front, first_line=2)
    except yaml_source.YamlSyntaxError as err:
        problems.add(path, err.problem.line, err.problem.message, err.problem.hint)
        return None
    meta = validate(FrontMatter, doc, path, problems, "front matter")
    if meta is None:
        return None
    return Page(
        lang,
        kind,
        slug,
        path,
        meta.title.strip(),
        meta.summary.strip(),
        body,
        body_line,
        meta.translated_from,
        page_version(data),
        meta.menu,
        meta.order,
        meta.aims.strip() if meta.aims else None,
        meta.results.strip() if meta.results else None,
    )


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        return None
    front = text[4 : end + 1]
    body = text[end + 5 :]
    body_line = front.count("\n") + 3
    return front, body, body_line
