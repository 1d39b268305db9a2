"""Every internal link, `#anchor` and asset reference of a site must lead somewhere.

Works on a built folder (`check_folder`) or on the pages in memory (`check_files`, used by
`eupages check`). Each HTML page is parsed by libxml2 (lxml: the build hands over the tree
it parsed for the EU audit, `parse_html(data, document)`); every `href`/`src` that
stays inside the site is resolved against the page's address under the site's base path
(`/` or `/repo/`), and must name a file of the site; a `#fragment` must name an `id` on the
target page. CSS files are checked the same way for `url(…)` and `@import`.

A link written out in full (`https://<the site's host>/…`) is checked only in `<link>`s,
resources and share-image `<meta>` tags (canonical and hreflang addresses, stylesheets,
og:image): in an `<a>` it is the author's,
and may lead to a page the host serves beside the site (an organisation's contact page).

A broken link is reported against the content file that produced the page (the Markdown
page, or the template for pages that have none), with the line when the link is written
there, so an editor knows what to open.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html

from generator.errors import Problem, Problems
from generator.eu.audit import parse_document
from generator.model.site import Site, output_path
from generator.render.renderer import TEMPLATES
from generator.values import base_path_of

# Attributes that point at something, by tag ("*": any tag).
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
    "form": ("action",),
    "blockquote": ("cite",),
    "q": ("cite",),
}
# Tags whose target the browser loads into the page: the CSP allows them only from the site.
RESOURCE_TAGS = {"img", "source", "script", "iframe", "video", "audio", "track", "embed", "object", "use", "image"}
# Links a visitor follows (as opposed to <link>s and resources the page loads).
FOLLOWED_TAGS = {"a", "area", "form", "blockquote", "q"}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
UNSAFE_SCHEMES = {"javascript", "vbscript", "data"}
# <meta> tags whose content is the address of the picture a shared link shows (the share
# images): written out in full, like og:url, and checked like a <link>'s address.
IMAGE_METAS = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
_IMAGE_META = re.compile(
    r"""(?:property|name)\s*=\s*["']?(?:og:image(?::url|:secure_url)?|twitter:image)["'\s/>]""", re.I
)

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_FINGERPRINT = re.compile(r"\.[0-9a-f]{8}(?=\.[^./]+$)")


class Reference(NamedTuple):
    """One address a page refers to (a tuple: a page has a hundred, made and cached per build)."""

    url: str
    tag: str
    attribute: str
    line: int
    resource: bool = False  # loaded into the page (image, script, stylesheet …), not followed


@dataclass(frozen=True)
class Broken:
    page: str  # the output file the link is on, e.g. "en/about/index.html"
    url: str
    reason: str
    line: int  # line in the output file


# Comments (skipped), start tags of raw-text elements (their content is skipped) and every
# other start tag. The attribute text is matched "unrolled" (runs of plain characters between
# quoted values), which the regex engine does several times faster than one alternation per
# character.
_ATTR_VALUE = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|textarea|title)\b(" + _ATTR_VALUE + r")>"
    r"|<([a-zA-Z][^\s/>]*)(" + _ATTR_VALUE + r")>",
    re.S | re.I,
)
# A start tag matters to the checker only with one of these attributes (those of LINK_ATTRIBUTES,
# with id and name).
_WANTED = re.compile(r"(?<![\w-])(?:href|src|srcset|id|name|data|poster|action|cite)\s*=", re.I)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")

# (tag, attribute text) → what the tag gives the checker: (ids, ((url, attribute, resource), …)),
# or None when nothing. Menus, switchers, cards and footers repeat the same tags on every page,
# so each distinct tag is read once per process; only its line differs from page to page.
_Entry = tuple[tuple[str, ...], tuple[tuple[str, str, bool], ...]] | None
_READ: dict[tuple[str, object], _Entry] = {}  # keyed by attribute text, or by attribute pairs
_READ_LIMIT = 200_000


def _attributes(attributes_text: str) -> list[tuple[str, str | None]]:
    attributes = []
    for found in _ATTRIBUTE.finditer(attributes_text):
        value = next((v for v in found.group(2, 3, 4) if v is not None), None)  # None: a bare attribute
        attributes.append((found.group(1).lower(), None if value is None else html.unescape(value)))
    return attributes


def _read_tag(tag: str, attributes_text: str) -> _Entry:
    if not _WANTED.search(attributes_text) and not (tag == "meta" and _IMAGE_META.search(attributes_text + " ")):
        return None
    ids: set[str] = set()
    references: list[Reference] = []
    _collect(tag, _attributes(attributes_text), 0, ids, references)
    if not ids and not references:
        return None
    return tuple(sorted(ids)), tuple((r.url, r.attribute, r.resource) for r in references)


def _scan(text: str):
    """(tag, attribute text, start, end) of every start tag, the same tags as html.parser
    finds on the program's own well-formed pages, many times faster. Comments are skipped,
    and so is the content of script and style elements (their start tags still count:
    <script src>)."""
    position = 0
    search = _TOKEN.search
    while True:
        match = search(text, position)
        if match is None:
            return
        position = match.end()
        raw, tag = match.group(1), match.group(3)
        if raw is None and tag is None:
            continue  # a comment
        if raw is not None:
            yield raw.lower(), match.group(2), match.start()
            close = re.compile(r"</" + raw + r"\s*>", re.I).search(text, position)
            position = close.end() if close else len(text)
        else:
            yield tag.lower(), match.group(4), match.start()


def _collect(tag: str, attrs: list, line: int, ids: set[str], references: list[Reference]) -> None:
    wanted = LINK_ATTRIBUTES.get(tag, ())
    values = {name: value for name, value in attrs if value is not None}
    if tag == "meta":
        kind = (values.get("property") or values.get("name") or "").lower()
        if kind in IMAGE_METAS and values.get("content", "").strip():
            references.append(Reference(values["content"], tag, "content", line))
        return
    for name in ("id", "name") if tag == "a" else ("id",):
        if name in values:
            ids.add(values[name])
    rel = set(values.get("rel", "").lower().split())
    if tag == "link" and rel & {"preconnect", "dns-prefetch"}:
        return
    resource = tag in RESOURCE_TAGS or (tag == "link" and bool(rel & LOADED_LINK_RELS))
    for name in wanted:
        value = values.get(name)
        if value is None:
            continue
        urls = [c.strip().split(" ")[0] for c in value.split(",")] if name == "srcset" else [value]
        references += [Reference(url, tag, name, line, resource) for url in urls if url.strip()]


@dataclass
class _Parsed:
    ids: set[str]
    references: list[Reference]


_LINK_TAGS = (*LINK_ATTRIBUTES, "meta")
_new = tuple.__new__
# Every id on the page; but a <meta>'s names no place to go to (rare: the slower query leaves it out).
_IDS = lxml.etree.XPath("//@id", smart_strings=False)
_IDS_NOT_META = lxml.etree.XPath("//*[not(self::meta)]/@id", smart_strings=False)


def parse_html(data: bytes, document: lxml.html.HtmlElement | None = None) -> _Parsed:
    """The ids a page defines and the addresses it refers to. `document`: the page as
    `parse_document` parsed it already (the build parses each page once)."""
    if document is None:
        document = parse_document(data)
    if document is None:  # nothing libxml2 can read: read its start tags as text
        return _scan_html(data)
    named: set[str] = set()  # what the link tags name (an <a>'s name too)
    meta_id = False
    references: list[Reference] = []
    read = _remembered_tags()
    for element in document.iter(_LINK_TAGS):
        tag = element.tag
        meta_id = meta_id or (tag == "meta" and element.get("id") is not None)
        attributes = element.items()
        key = (tag, tuple(attributes))
        entry = read[key] if key in read else read.setdefault(key, _read_element(tag, attributes))
        if entry is None:
            continue
        tag_ids, found = entry
        named.update(tag_ids)
        line = element.sourceline or 0
        # tuple.__new__ is Reference(...) without the Python-level constructor (a page has a hundred).
        references += [_new(Reference, (url, tag, name, line, resource)) for url, name, resource in found]
    ids = set((_IDS_NOT_META if meta_id else _IDS)(document))
    ids |= named
    return _Parsed(ids, references)


def _remembered_tags() -> dict:
    """What each distinct start tag (name and attributes) yields, kept across the pages of a
    process — a site repeats its menus and footers on every page — and emptied when it grows
    past `_READ_LIMIT`."""
    if len(_READ) > _READ_LIMIT:
        _READ.clear()
    return _READ


def _read_element(tag: str, attributes: list[tuple[str, str]]) -> _Entry:
    ids: set[str] = set()
    references: list[Reference] = []
    _collect(tag, attributes, 0, ids, references)
    if not ids and not references:
        return None
    return tuple(sorted(ids)), tuple((r.url, r.attribute, r.resource) for r in references)


def _scan_html(data: bytes) -> _Parsed:
    """`parse_html` of markup libxml2 refuses: its start tags, found by `_scan`."""
    ids: set[str] = set()
    references: list[Reference] = []
    text = data.decode("utf-8", errors="replace")
    line, counted = 1, 0
    read = _remembered_tags()
    for tag, attributes_text, start in _scan(text):
        key = (tag, attributes_text)
        entry = read[key] if key in read else read.setdefault(key, _read_tag(tag, attributes_text))
        if entry is None:
            continue
        line += text.count("\n", counted, start)
        counted = start
        tag_ids, found = entry
        ids.update(tag_ids)
        references += [Reference(url, tag, name, line, resource) for url, name, resource in found]
    return _Parsed(ids, references)


def plain(page: _Parsed) -> tuple[set[str], list[tuple]]:
    """A page's links as built-in values, for the build's per-page cache: plain tuples pickle
    without naming their class (see `from_plain`)."""
    return page.ids, [tuple(r) for r in page.references]  # (url, tag, attribute, line, resource)


def from_plain(data: tuple) -> _Parsed:
    ids, references = data
    return _Parsed(set(ids), [_new(Reference, reference) for reference in references])


class LinkChecker:
    """Resolve and check links for one site (its base URL and the set of files it has)."""

    def __init__(
        self, files: Mapping[str, bytes], base_url: str, parsed: Mapping[str, _Parsed] | None = None, loader=None
    ):
        self.files = files
        self.base_url = base_url
        split = urlsplit(base_url)
        self.origin = (split.scheme.lower(), split.netloc.lower())
        self.base_path = base_path_of(base_url)
        # Pages the build already parsed (in its workers, or in an earlier build).
        self._parsed: dict[str, _Parsed] = dict(parsed or {})
        # How to read a page not parsed yet (the build keeps parsed pages in its cache).
        self._load = loader or (lambda relative: parse_html(self.files[relative]))
        self._resolved: dict[str, tuple[str, str | None, str]] = {}
        self._verdicts: dict[tuple[str, str, bool], str | None] = {}

    # -- parsing ------------------------------------------------------------------------
    def parsed(self, relative: str) -> _Parsed:
        if relative not in self._parsed:
            self._parsed[relative] = self._load(relative)
        return self._parsed[relative]

    def page_url(self, relative: str) -> str:
        return self.base_path + relative

    # -- resolving ----------------------------------------------------------------------
    def resolve(self, url: str, relative: str) -> tuple[str, str | None, str]:
        """(kind, file, fragment) for `url` written on the output file `relative`.

        kind: "internal" (file is None when nothing is there), "outside" (same host, not under
        the base path), "external", "unsafe" (javascript:, data: …) or "other" (mailto: …).
        """
        url = url.strip()
        # Menus, switchers and cards repeat the same absolute addresses on every page:
        # resolve each once. (Relative addresses depend on the page, so they are not kept.)
        if url.startswith("/") or "://" in url:
            found = self._resolved.get(url)
            if found is None:
                found = self._resolved[url] = self._resolve(url, relative)
            return found
        return self._resolve(url, relative)

    def _resolve(self, url: str, relative: str) -> tuple[str, str | None, str]:
        try:
            split = urlsplit(url)
            urljoin("http://site/", url)
        except ValueError:  # e.g. http://[::1 (an unclosed IPv6 address)
            return "invalid", None, ""
        scheme = split.scheme.lower()
        if scheme in UNSAFE_SCHEMES:
            return "unsafe", None, ""
        if scheme and scheme not in ("http", "https"):
            return "other", None, ""
        if split.netloc and split.netloc.lower() != self.origin[1]:
            return "external", None, ""
        # Same host, or a relative address: resolve it against the page's own address.
        path = unquote(urlsplit(urljoin("http://site" + self.page_url(relative), url)).path)
        fragment = unquote(split.fragment)
        if not (path + "/").startswith(self.base_path):
            return "outside", None, fragment
        return "internal", self.target_file(path[len(self.base_path) :]), fragment

    def target_file(self, inside: str) -> str | None:
        """The file a host serves for the path `inside` the base path (folders → index.html)."""
        norm = posixpath.normpath("/" + inside).lstrip("/")
        if inside == "" or inside.endswith("/") or norm == "":
            candidate = (norm + "/" if norm else "") + "index.html"
            return candidate if candidate in self.files else None
        if norm in self.files:
            return norm
        if norm + "/index.html" in self.files:  # hosts redirect /en/about to /en/about/
            return norm + "/index.html"
        return None

    # -- checking -----------------------------------------------------------------------
    def check_html(self, relative: str) -> list[Broken]:
        broken = []
        page = self.parsed(relative)
        is_404 = relative.rsplit("/", 1)[-1] == "404.html"
        for ref in page.references:
            reason = self._check(ref, relative, page, is_404)
            if reason:
                broken.append(Broken(relative, ref.url, reason, ref.line))
        return broken

    def _check(self, ref: Reference, relative: str, page: _Parsed, is_404: bool) -> str | None:
        url = ref.url.strip()
        # An address from the root or written out in full gets the same verdict on every page
        # (menus, switchers and cards repeat them): work it out once.
        if url.startswith("/") or "://" in url:
            key = (url, ref.tag, ref.resource)
            try:
                return self._verdicts[key]
            except KeyError:
                verdict = self._verdicts[key] = self._verdict(ref, url, relative, page, is_404)
                return verdict
        return self._verdict(ref, url, relative, page, is_404)

    def _verdict(self, ref: Reference, url: str, relative: str, page: _Parsed, is_404: bool) -> str | None:
        if url == "" or url == "#":
            return None
        kind, target, fragment = self.resolve(url, relative)
        if kind == "invalid":
            return "this is not a valid address"
        if kind == "unsafe":
            if (
                ref.resource
                and ref.tag in ("img", "source", "link")
                and url[:5].lower() == "data:"
                and (ref.tag == "link" or url[:11].lower() == "data:image/")
            ):
                return None  # an inline image or icon, which the CSP allows (img-src data:)
            return f"a '{urlsplit(url).scheme}:' address is not allowed in a link"
        if kind == "other":
            return None
        if kind in ("internal", "outside") and ref.tag in FOLLOWED_TAGS and urlsplit(url).netloc:
            return None  # an address written out in full is the author's: the host may serve it beside the site
        if kind == "external":
            if ref.resource:
                return "loads a file from another site, which the Content-Security-Policy blocks; copy it into the site"
            return None
        if is_404 and not url.startswith(("/", "#")) and not urlsplit(url).scheme:
            return "a relative address on a 404 page breaks when the page is shown for a deeper address"
        if kind == "outside":
            return (
                f"leads outside the site's base path {self.base_path}: the site is served from "
                f"{self.base_path}, so write addresses relative to the page or starting with {self.base_path}"
            )
        if url.startswith("#"):
            target = relative
        if target is None:
            return f"there is no page or file at {self._shown(url, relative)}"
        if fragment and fragment != "top" and target.endswith(".html"):
            ids = page.ids if target == relative else self.parsed(target).ids
            if fragment not in ids:
                return f"there is no element with id '{fragment}' on {target}"
        return None

    def _shown(self, url: str, relative: str) -> str:
        return unquote(urlsplit(urljoin("http://site" + self.page_url(relative), url.strip())).path)

    def check_css(self, relative: str) -> list[Broken]:
        text = self.files[relative].decode("utf-8", errors="replace")
        text = _CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        broken = []
        for match in _CSS_URL.finditer(text):
            url = next(g for g in match.groups() if g is not None) if any(g is not None for g in match.groups()) else ""
            if not url or url.startswith("#"):
                continue
            kind, target, _fragment = self.resolve(url, relative)
            line = text.count("\n", 0, match.start()) + 1
            if kind == "invalid":
                broken.append(Broken(relative, url, "this is not a valid address", line))
            elif kind == "external":
                broken.append(
                    Broken(
                        relative, url, "loads a file from another site, which the Content-Security-Policy blocks", line
                    )
                )
            elif kind == "outside":
                broken.append(Broken(relative, url, f"leads outside the site's base path {self.base_path}", line))
            elif kind == "internal" and target is None:
                broken.append(Broken(relative, url, f"there is no file at {self._shown(url, relative)}", line))
        return broken

    def check_all(self) -> list[Broken]:
        broken: list[Broken] = []
        for relative in sorted(self.files):
            if relative.endswith(".html"):
                broken += self.check_html(relative)
            elif relative.endswith(".css"):
                broken += self.check_css(relative)
        return broken


# -- where a page comes from ------------------------------------------------------------


def page_sources(site: Site) -> dict[str, Path]:
    """Output file → the content file that produced it (the Markdown page, or a template)."""
    templates = site.theme / "templates"
    sources: dict[str, Path] = {"index.html": templates / "root.html", "404.html": templates / "404.html"}
    for code in site.config.codes:
        sources[output_path("404", "404", code)] = templates / "404.html"
    for ref in site.all_pages:
        source = ref.text.source if ref.page is not None else templates / TEMPLATES.get(ref.kind, "base.html")
        sources[ref.path] = source
    return sources


def source_of(relative: str, site: Site, sources: Mapping[str, Path]) -> Path | None:
    if relative in sources:
        return sources[relative]
    if relative.startswith("assets/"):  # theme/static/<path>, without the fingerprint
        return site.theme / "static" / _FINGERPRINT.sub("", relative[len("assets/") :])
    return None


def problems_for(broken: Iterable[Broken], site: Site) -> list[Problem]:
    """One problem per broken link in a content file, listing every page it breaks."""
    sources = page_sources(site)
    grouped: dict[tuple, list[Broken]] = defaultdict(list)
    texts: dict[Path, list[str]] = {}
    for item in broken:
        source = source_of(item.page, site, sources)
        line = _line_in(source, item.url, texts) if source is not None else None
        grouped[(source, line, item.url)].append(item)  # one link, on every page that shows it
    problems = Problems(root=site.root)
    for (source, line, url), items in sorted(grouped.items(), key=lambda kv: _key(kv[0])):
        items.sort(key=lambda i: (i.page, i.reason))
        pages = sorted({_shown_name(i.page) for i in items})
        reason = items[0].reason  # a relative link differs per language only by the language folder
        shown = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
        if source is not None and source.suffix == ".md":
            hint = (
                "correct the address in the page's text"
                if line
                else "the link is not written in this page's text: it comes from the theme or the record"
            )
        else:
            hint = "correct the address in the theme"
        where = source if source is not None else pages[0]
        problems.add(where, line, f"broken link '{url}' on {shown}: {reason}", hint)
    return problems.items


def _shown_name(relative: str) -> str:
    """A staged file as the editor knows it: an asset without its fingerprint."""
    return _FINGERPRINT.sub("", relative) if relative.startswith("assets/") else relative


def _key(key: tuple) -> tuple:
    source, line, url = key
    return (str(source), line or 0, url)


def _line_in(source: Path, url: str, cache: dict[Path, list[str]]) -> int | None:
    if source not in cache:
        try:
            cache[source] = source.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            cache[source] = []
    for number, text in enumerate(cache[source], start=1):
        if url in text:
            return number
    return None


# -- entry points -----------------------------------------------------------------------


def check_files(files: Mapping[str, bytes], site: Site) -> list[Problem]:
    """Problems for every broken link among `files` (relative output path → bytes).

    When the files hold no `assets/` (pages rendered in memory), the theme's static files
    are added under `assets/` as the build copies them.
    """
    files = dict(files)
    if not any(name.startswith("assets/") for name in files):
        files.update(static_files(site))
    return problems_for(LinkChecker(files, site.config.base_url).check_all(), site)


def check_folder(folder: Path, site: Site) -> list[Problem]:
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix not in (".gz", ".br")
    }
    return problems_for(LinkChecker(files, site.config.base_url).check_all(), site)


def static_files(site: Site) -> dict[str, bytes]:
    static = site.theme / "static"
    if not static.is_dir():
        return {}
    return {
        "assets/" + path.relative_to(static).as_posix(): path.read_bytes()
        for path in sorted(static.rglob("*"))
        if path.is_file()
    }
