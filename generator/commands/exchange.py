"""`eupages translations export|import`: the site's texts for translators' own tools.

Export writes every translatable unit of the site for one language — each page's title,
summary, aims and results, each paragraph, heading, list item, quotation and table cell of its
Markdown, and the per-language texts of the records and of site_config.yml — as XLIFF 1.1 or
gettext PO (the Translate Toolkit's stores), with the default language's text as source and the
language's current text as target. Import writes the targets back into the pages and YAML files,
changing only the units whose text changed, after checking the whole file first.

Unit ids are `<file>:<field or block>-<hash>`: the page (`projects/x.md`, the same in every
language) or the YAML file, the field (`title`, `b7` for the page's 8th block,
`partners.0.name`), and the first 8 hex digits of the SHA-256 of the source text. An id survives
any edit elsewhere on the page; it changes when its own source text changes, and an import of a
unit whose source changed since the export is refused (export again).

Links, images, emphasis and inline code become placeholders: in XLIFF `<g id="N" ctype="link">…</g>`
around the text a translator translates and `<x id="N" equiv-text="`code`"/>` for what is not
translated; in PO `{N}…{/N}` and `{N/}`. The Markdown each stands for is taken from the current
source on import, so a URL can never be changed by a translation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree
from translate.storage import po, xliff
from translate.storage.placeables import StringElem
from translate.storage.placeables import xliff as xp

from generator.commands.translations import file_versions
from generator.errors import ContentError, Problems
from generator.load.config import LoadedConfig, load_config
from generator.load.content import Content, load_content
from generator.load.pages import Page, split_front_matter
from generator.model.translation_status import (
    CURRENT,
    FIELDS,
    NOT_TRANSLATED,
    REVIEW,
    UNITS_FILE,
    UNTRANSLATED,
    Block,
    Unit,
    blocks,
    page_units,
    read_unit_records,
    source_hash,
    table_cells,
)
from generator.values import page_file


class ExchangeError(Exception):
    """An export or import that cannot be done; each line says `FILE:unit: what — how to fix it`."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


# -- inline Markdown ↔ placeholders -----------------------------------------------------------

_INLINE = re.compile(
    r"(?P<code>(`+)(?:.+?)\2)"
    r"|(?P<image>!\[(?P<alt>[^\]]*)\](?P<imgdest>\([^)]*\)))"
    r"|(?P<link>\[(?P<text>[^\]]+)\](?P<dest>\([^)]*\)|\[[^\]]*\]))"
    r"|(?P<html></?[A-Za-z][^>]*>|<[a-z]+:[^>\s]+>)"
    r"|(?P<strong>\*\*(?=\S)(?P<strongtext>.+?)(?<=\S)\*\*|__(?=\S)(?P<strongtext2>.+?)(?<=\S)__)"
    r"|(?P<em>(?<![\w*])\*(?=[^\s*])(?P<emtext>[^*]+?)(?<=\S)\*(?![\w*])"
    r"|(?<![\w_])_(?=\S)(?P<emtext2>[^_]+?)(?<=\S)_(?![\w_]))"
    r"|(?P<escape>\\.)"
)


@dataclass
class Pair:
    id: int
    kind: str  # XLIFF ctype: link, image, bold, italic
    open: str
    close: str
    children: list = field(default_factory=list)


@dataclass
class Lone:
    id: int
    kind: str  # x-code, x-html
    markup: str


def parse_inline(text: str) -> list:
    """Markdown inline text as strings, Pair and Lone placeholders (numbered in order)."""
    counter = [0]

    def parse(s: str) -> list:
        out: list = []
        at = 0
        for m in _INLINE.finditer(s):
            if m.start() < at:
                continue
            if m.group("escape"):
                continue  # kept as text
            out.append(s[at : m.start()])
            counter[0] += 1
            n = counter[0]
            if m.group("code"):
                out.append(Lone(n, "x-code", m.group("code")))
            elif m.group("html"):
                out.append(Lone(n, "x-html", m.group("html")))
            elif m.group("image"):
                out.append(Pair(n, "image", "![", "]" + m.group("imgdest"), [m.group("alt")]))
            elif m.group("link"):
                out.append(Pair(n, "link", "[", "]" + m.group("dest"), parse(m.group("text"))))
            elif m.group("strong"):
                delim = m.group("strong")[:2]
                inner = m.group("strongtext") if m.group("strongtext") is not None else m.group("strongtext2")
                out.append(Pair(n, "bold", delim, delim, parse(inner)))
            else:
                body = m.group("emtext") if m.group("emtext") is not None else m.group("emtext2")
                delim = m.group("em")[0]
                out.append(Pair(n, "italic", delim, delim, parse(body)))
            at = m.end()
        out.append(s[at:])
        return [part for part in out if part != ""]

    return parse(text)


def placeholders(tree: list) -> dict[int, Pair | Lone]:
    found: dict[int, Pair | Lone] = {}
    for part in tree:
        if isinstance(part, Pair):
            found[part.id] = part
            found.update(placeholders(part.children))
        elif isinstance(part, Lone):
            found[part.id] = part
    return found


def to_po(tree: list) -> str:
    out = []
    for part in tree:
        if isinstance(part, Pair):
            out.append(f"{{{part.id}}}{to_po(part.children)}{{/{part.id}}}")
        elif isinstance(part, Lone):
            out.append(f"{{{part.id}/}}")
        else:
            out.append(part)
    return "".join(out)


def to_rich(tree: list) -> list:
    out: list = []
    for part in tree:
        if isinstance(part, Pair):
            out.append(xp.G(id=str(part.id), sub=to_rich(part.children) or [""], xml_attrib={"ctype": part.kind}))
        elif isinstance(part, Lone):
            out.append(xp.X(id=str(part.id), xml_attrib={"ctype": part.kind, "equiv-text": part.markup}))
        else:
            out.append(part)
    return out


def to_markdown(tree: list) -> str:
    out = []
    for part in tree:
        if isinstance(part, Pair):
            out.append(part.open + to_markdown(part.children) + part.close)
        elif isinstance(part, Lone):
            out.append(part.markup)
        else:
            out.append(part)
    return "".join(out)


class PlaceholderError(ValueError):
    pass


_PO_TAG = re.compile(r"\{(/?)(\d+)(/?)\}")


def from_po(text: str) -> list:
    """A PO target back into a tree of ("g", id, children) / ("x", id) / strings."""
    stack: list[tuple[int | None, list]] = [(None, [])]
    at = 0
    for m in _PO_TAG.finditer(text):
        stack[-1][1].append(text[at : m.start()])
        n = int(m.group(2))
        if m.group(3):
            stack[-1][1].append(("x", n))
        elif m.group(1):
            if stack[-1][0] != n:
                raise PlaceholderError(f"{{/{n}}} closes a placeholder that is not open here")
            ident, children = stack.pop()
            stack[-1][1].append(("g", n, children))
        else:
            stack.append((n, []))
        at = m.end()
    if len(stack) != 1:
        raise PlaceholderError(f"{{{stack[-1][0]}}} is opened but never closed with {{/{stack[-1][0]}}}")
    stack[0][1].append(text[at:])
    return stack[0][1]


def from_xliff(node) -> list:
    """An XLIFF <target> element back into the same tree."""
    out: list = [node.text or ""]
    for child in node:
        name = etree.QName(child).localname
        ident = child.get("id", "")
        if not ident.isdigit():
            raise PlaceholderError(f"<{name}> has no numeric id")
        if name == "g":
            out.append(("g", int(ident), from_xliff(child)))
        elif name in ("x", "ph", "bx", "ex", "it"):
            if name != "x":
                raise PlaceholderError(f'<{name} id="{ident}"> is not a placeholder of the source; use <x/> or <g>')
            out.append(("x", int(ident)))
        else:
            raise PlaceholderError(f"<{name}> is not allowed in a target")
        out.append(child.tail or "")
    return out


def numbered_like(source: list, target: list) -> list:
    """Give the placeholders of a translation the ids of the source's: the same kind and
    Markdown first, then the same kind, in order (a translation may reorder them)."""
    wanted = list(placeholders(source).values())
    used: set[int] = set()
    spare = max([p.id for p in wanted], default=0)
    for ph in placeholders(target).values():
        same = [w for w in wanted if w.id not in used and type(w) is type(ph) and w.kind == ph.kind]
        exact = [w for w in same if _markup(w) == _markup(ph)]
        match = (exact or same)[0] if exact or same else None
        if match is None:
            spare += 1
            ph.id = spare
        else:
            ph.id = match.id
            used.add(match.id)
    return target


def _markup(ph: Pair | Lone) -> tuple[str, ...]:
    return (ph.open, ph.close) if isinstance(ph, Pair) else (ph.markup,)


def rebuild(target: list, source: list, existing: list | None = None) -> str:
    """The Markdown of a translated tree, each placeholder replaced by the Markdown it stands for
    in the existing translation (a link to the page in its language, a localised example), else
    in the source; raises PlaceholderError when the placeholders are not exactly the source's."""
    wanted = placeholders(source)
    if existing:
        for n, ph in placeholders(existing).items():
            if n in wanted and type(wanted[n]) is type(ph):
                wanted[n] = ph
    seen: list[int] = []

    def render(tree: list) -> str:
        out = []
        for part in tree:
            if isinstance(part, str):
                out.append(part)
                continue
            n = part[1]
            original = wanted.get(n)
            seen.append(n)
            if original is None:
                raise PlaceholderError(f"placeholder {n} is not in the source")
            if part[0] == "g":
                if not isinstance(original, Pair):
                    raise PlaceholderError(f"placeholder {n} stands alone in the source, not around text")
                out.append(original.open + render(part[2]) + original.close)
            else:
                if not isinstance(original, Lone):
                    raise PlaceholderError(f"placeholder {n} surrounds text in the source; keep its text inside it")
                out.append(original.markup)
        return "".join(out)

    text = render(target)
    missing = sorted(set(wanted) - set(seen))
    twice = sorted({n for n in seen if seen.count(n) > 1})
    if missing:
        raise PlaceholderError("placeholder " + ", ".join(map(str, missing)) + " of the source is missing")
    if twice:
        raise PlaceholderError("placeholder " + ", ".join(map(str, twice)) + " appears more than once")
    return text


def placeholder_legend(tree: list) -> str:
    found = placeholders(tree)
    parts = []
    for n, ph in sorted(found.items()):
        if isinstance(ph, Pair):
            parts.append(f"{{{n}}}…{{/{n}}} = {ph.kind} {ph.open}…{ph.close}")
        else:
            parts.append(f"{{{n}/}} = {ph.markup}")
    return "Placeholders: " + "; ".join(parts) if parts else ""


# -- the units of a site ----------------------------------------------------------------------


@dataclass
class ExUnit:
    id: str
    file: str  # the file the target is written to, relative to the site folder
    source_file: str
    key: str  # field, block ("b3") or YAML path
    source: str
    target: str | None
    state: str
    previous: str | None  # the previous source text, when it is known
    note: str
    markdown: bool
    page: str | None = None  # page name, for page units
    unit: Unit | None = None
    yaml_path: tuple = ()


@dataclass
class Site:
    loaded: LoadedConfig
    content: Content
    lang: str
    default: str
    units: list[ExUnit]
    records: dict  # the language's .translation-units.json

    @property
    def root(self) -> Path:
        return self.loaded.root

    @property
    def site_id(self) -> str:
        return f"eupages:{self.loaded.config.base_url}"


def load_site(config_path: Path, lang: str) -> Site:
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        raise ContentError(problems.items)
    content = load_content(loaded, problems)
    if problems:
        raise ContentError(problems.items)
    config = loaded.config
    if lang not in config.codes:
        raise ExchangeError(
            [f"eupages: '{lang}' is not a language of this site — use one of {', '.join(config.codes)}"]
        )
    default = config.default_language
    if lang == default:
        raise ExchangeError([f"eupages: '{lang}' is the source language — export one of the other languages"])
    folder = loaded.folder("content")
    records = read_unit_records(folder / lang)
    site = Site(loaded, content, lang, default, [], records)
    site.units = _page_units(site) + _text_units(site)
    return site


def _rel(site: Site, path: Path) -> str:
    path = path.resolve()
    root = site.root.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _page_units(site: Site) -> list[ExUnit]:
    result = []
    sources = site.content.pages.get(site.default, {})
    pages = site.records.get("pages", {}) if isinstance(site.records.get("pages"), dict) else {}
    folder = site.loaded.folder("content")
    order = {"home": 0, "page": 1, "project": 2}
    for key in sorted(sources, key=lambda k: (order[k[0]], k[1])):
        source = sources[key]
        translation = site.content.pages.get(site.lang, {}).get(key)
        if translation is not None and translation.translated_from is None:
            continue  # an original in this language: not a translation of the default's page
        name = page_file(*key)
        target_file = _rel(site, translation.source if translation else folder / site.lang / name)
        history: dict[str, str] | None = None
        for unit in page_units(source, translation, pages.get(name)):
            previous = None
            if unit.state == REVIEW and unit.previous:
                if history is None:
                    history = _history(site.root, source)
                previous = history.get(unit.previous)
            where = _where(unit)
            note = f"{where} of the page {_rel(site, source.source)} ({target_file} in {site.lang})"
            if unit.note:
                note += f". {unit.note}"
            result.append(
                ExUnit(
                    f"{name}:{unit.key}-{unit.hash}",
                    target_file,
                    _rel(site, source.source),
                    unit.key,
                    unit.source,
                    unit.target,
                    unit.state,
                    previous,
                    note,
                    unit.block is not None,
                    name,
                    unit,
                )
            )
    return result


def _where(unit: Unit) -> str:
    if unit.block is None:
        return {"title": "The title", "summary": "The summary", "aims": "The aims", "results": "The results"}[unit.key]
    names = {"heading": "heading", "paragraph": "paragraph", "item": "list item", "quote": "quotation"}
    block = unit.block
    what = f"table cell (column {block.cell + 1})" if block.kind == "cell" else names[block.kind]
    return f"A {what} (block {int(unit.key[1:]) + 1}, source line {block.start + 1} of the text)"


def _history(root: Path, page: Page) -> dict[str, str]:
    """Earlier source texts by hash, from every version of the source file git has."""
    found: dict[str, str] = {}
    for data in file_versions(root, page.source):
        split = split_front_matter(data.decode("utf-8", "replace").replace("\r\n", "\n").lstrip("\ufeff"))
        if split is None:
            continue
        front, body, _line = split
        try:
            meta = yaml.safe_load(front)
        except yaml.YAMLError:
            meta = None
        texts = [b.text for b in blocks(body)]
        if isinstance(meta, dict):
            texts += [str(v).strip() for k, v in meta.items() if k in FIELDS and v]
        for text in texts:
            found.setdefault(source_hash(text), text)
    return found


def _text_units(site: Site) -> list[ExUnit]:
    """The per-language texts of site_config.yml and the records: every mapping whose keys are
    languages of the site and that has the default language."""
    files = [site.loaded.path] if hasattr(site.loaded, "path") else [site.root / "site_config.yml"]
    records = site.loaded.folder("content") / "projects"
    files += sorted(p for p in records.glob("*.yml"))
    texts = site.records.get("texts", {}) if isinstance(site.records.get("texts"), dict) else {}
    codes = set(site.loaded.config.codes)
    result = []
    for path in files:
        name = _rel(site, path)
        try:
            node = yaml.compose(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        recorded = texts.get(name, {}) if isinstance(texts.get(name), dict) else {}
        for ypath, mapping in _text_nodes(node, (), codes, site.default):
            values = {k.value: v for k, v in mapping.value}
            source = str(values[site.default].value).strip()
            if not source:
                continue
            h = source_hash(source)
            target_node = values.get(site.lang)
            target = str(target_node.value).strip() if isinstance(target_node, yaml.ScalarNode) else None
            dotted = ".".join(str(p) for p in ypath)
            was = recorded.get(dotted)
            if not target:
                state, target = UNTRANSLATED, None
            elif was is None or was == h:
                state = CURRENT  # without a record, a text beside its source is taken as current
            else:
                state = REVIEW
            line = mapping.start_mark.line + 1
            result.append(
                ExUnit(
                    f"{name}:{dotted}-{h}",
                    name,
                    name,
                    dotted,
                    source,
                    target,
                    state,
                    None,
                    f"The text '{dotted}' of {name} (line {line}), in {site.lang}",
                    False,
                    yaml_path=ypath,
                )
            )
    return result


def _text_nodes(node, path: tuple, codes: set[str], default: str):
    if isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)]
        if (
            keys
            and default in keys
            and set(keys) <= codes
            and all(isinstance(v, yaml.ScalarNode) for _k, v in node.value)
        ):
            yield path, node
            return
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                yield from _text_nodes(v, (*path, k.value), codes, default)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            yield from _text_nodes(v, (*path, i), codes, default)


# -- export -----------------------------------------------------------------------------------


def export(config_path: Path, lang: str, fmt: str) -> bytes:
    site = load_site(config_path, lang)
    if fmt == "xliff":
        return _export_xliff(site)
    if fmt == "po":
        return _export_po(site)
    raise ExchangeError([f"eupages: '{fmt}' is not a format — use xliff or po"])


def _tree(unit: ExUnit, text: str) -> list:
    return parse_inline(text) if unit.markdown else [text]


def _target_tree(unit: ExUnit) -> list:
    assert unit.target is not None
    return numbered_like(_tree(unit, unit.source), _tree(unit, unit.target))


def _export_xliff(site: Site) -> bytes:
    store: Any = xliff.xlifffile(sourcelanguage=site.default, targetlanguage=site.lang)
    store.switchfile(site.site_id, createifmissing=True)
    for element in store.document.getroot():
        if etree.QName(element).localname == "file":
            element.set("datatype", "x-eupages")
            element.set("product-name", "eupages")
    for item in site.units:
        unit = store.UnitClass(item.source)
        store.addunit(unit)
        unit.setid(item.id)
        unit.rich_source = [StringElem(to_rich(_tree(item, item.source)))]
        if item.target is not None:
            unit.rich_target = [StringElem(to_rich(_target_tree(item)))]
            target = unit.getlanguageNode(lang=None, index=1)
            target.set("state", "translated" if item.state == CURRENT else "needs-review-translation")
        unit.addnote(item.note, origin="developer")
        legend = placeholder_legend(_tree(item, item.source))
        if legend:
            unit.addnote(legend, origin="developer")
        if item.state == REVIEW:
            before = item.previous if item.previous is not None else "(not found in git)"
            unit.addnote(f"The source changed since this was translated. It was: {before}", origin="eupages")
            if item.previous is not None:
                unit.addalttrans(item.target or "", origin="previous-source", sourcetxt=item.previous)
    return bytes(store)


def _export_po(site: Site) -> bytes:
    store = po.pofile()
    store.updateheader(
        add=True,
        Language=site.lang,
        Content_Type="text/plain; charset=UTF-8",
        X_Eupages_Site=site.site_id,
        X_Eupages_Source_Language=site.default,
    )
    for item in site.units:
        unit = store.UnitClass(to_po(_tree(item, item.source)))
        unit.setcontext(item.id)
        unit.addlocation(item.source_file)
        unit.addnote(item.note, origin="developer")
        legend = placeholder_legend(_tree(item, item.source))
        if legend:
            unit.addnote(legend, origin="developer")
        if item.target is not None:
            unit.target = to_po(_target_tree(item))
        if item.state == REVIEW:
            unit.markfuzzy(True)
            if item.previous is not None:
                unit.prev_source = to_po(_tree(item, item.previous))
        store.addunit(unit)
    return bytes(store)


# -- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    id: str
    tree: list | None  # None: no target
    current: bool  # the translator marked it done (not fuzzy, not needing review)


def read_exchange(path: Path) -> tuple[str, str | None, str | None, list[Incoming]]:
    """(site id, source language, target language, units) of an exported file."""
    name = path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ExchangeError([f"{name}: cannot be read ({err.strerror}) — give the path of an exported file"]) from None
    is_xml = data.lstrip()[:1] == b"<" or path.suffix.lower() in (".xlf", ".xliff")
    if is_xml:
        return _read_xliff(name, data)
    return _read_po(name, data)


def _read_xliff(name: str, data: bytes):
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as err:
        raise ExchangeError(
            [
                f"{name}:{err.lineno}: this is not well-formed XML ({err.msg}) — fix the file in your CAT tool or export again"
            ]
        ) from None
    if etree.QName(root).localname != "xliff":
        raise ExchangeError([f"{name}: this is not an XLIFF file — give a file made by eupages translations export"])
    store = xliff.xlifffile.parsestring(data)
    files = [e for e in root if etree.QName(e).localname == "file"]
    if len(files) != 1:
        raise ExchangeError([f"{name}: an export has one <file> element, this has {len(files)} — export again"])
    info = files[0]
    units = []
    for unit in store.getunits():
        if unit.isheader():
            continue
        target = unit.getlanguageNode(lang=None, index=1)
        state = target.get("state", "") if target is not None else ""
        try:
            tree = from_xliff(target) if target is not None else None
        except PlaceholderError as err:
            ident = unit.xmlelement.get("id", "")
            raise ExchangeError([f"{name}:{ident}: {err} — keep the source's placeholders"]) from None
        done = state not in ("new", "needs-translation") and not state.startswith("needs-review")
        units.append(Incoming(unit.xmlelement.get("id", ""), tree, done))
    return info.get("original", ""), info.get("source-language"), info.get("target-language"), units


def _read_po(name: str, data: bytes):
    try:
        store = po.pofile(data)
    except Exception as err:  # noqa: BLE001 — the toolkit raises several kinds
        raise ExchangeError([f"{name}: this is not a readable PO file ({err}) — export again"]) from None
    header = store.parseheader()
    units = []
    problems = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        text = str(unit.target or "")
        try:
            tree = from_po(text) if text else None
        except PlaceholderError as err:
            problems.append(f"{name}:{unit.getcontext()}: {err} — keep the source's placeholders")
            continue
        units.append(Incoming(unit.getcontext(), tree, not unit.isfuzzy()))
    if problems:
        raise ExchangeError(problems)
    if not header and not units:
        raise ExchangeError([f"{name}: this is not a PO file made by eupages — export again"])
    return header.get("X-Eupages-Site", ""), header.get("X-Eupages-Source-Language"), header.get("Language"), units


@dataclass
class Result:
    written: list[str]
    units: int  # units whose text or state changed


def import_file(config_path: Path, path: Path) -> Result:
    site_id, source_lang, lang, incoming = read_exchange(path)
    name = path.as_posix()
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        raise ContentError(problems.items)
    config = loaded.config
    if site_id != f"eupages:{config.base_url}":
        raise ExchangeError(
            [f"{name}: this file was exported from another site ({site_id or 'unknown'}) — export from this one"]
        )
    if lang not in config.codes or lang == config.default_language:
        raise ExchangeError(
            [f"{name}: its language '{lang}' is not a translation language of this site — export again"]
        )
    if source_lang and source_lang != config.default_language:
        raise ExchangeError(
            [
                f"{name}: its source language is '{source_lang}', the site's is '{config.default_language}' — export again"
            ]
        )
    site = load_site(config_path, lang)
    by_id = {u.id: u for u in site.units}
    by_key = {u.id.rsplit("-", 1)[0]: u for u in site.units}
    errors, changes = [], []
    for item in incoming:
        unit = by_id.get(item.id)
        if unit is None:
            known = by_key.get(item.id.rsplit("-", 1)[0])
            if known is not None:
                errors.append(
                    f"{name}:{item.id}: the source text of this unit changed since the file was exported — "
                    f"export again and translate the new text"
                )
            else:
                errors.append(
                    f"{name}:{item.id}: there is no such unit in this site — import only files exported from it"
                )
            continue
        if (
            item.tree is None
            or not "".join(str(p) for p in item.tree if isinstance(p, str)).strip()
            and not any(not isinstance(p, str) for p in item.tree)
        ):
            continue  # nothing translated
        existing = _target_tree(unit) if unit.target is not None else None
        unchanged_text = existing is not None and _canon(_shape(existing)) == _canon(item.tree)
        if unchanged_text and (unit.state == CURRENT or not item.current):
            continue  # as exported: nothing to write
        try:
            text = rebuild(item.tree, _tree(unit, unit.source), existing) if unit.markdown else _plain(item.tree)
        except PlaceholderError as err:
            errors.append(f"{name}:{item.id}: {err} — keep every placeholder of the source, each once")
            continue
        text = " ".join(text.split())
        if "\n" in text or not text:
            continue
        same_text = unit.target is not None and " ".join(unit.target.split()) == text
        now_current = item.current or (same_text and unit.state == CURRENT)
        if same_text and (unit.state == CURRENT or not item.current):
            continue
        changes.append((unit, text, now_current))
    if errors:
        raise ExchangeError(errors)
    return _apply(site, changes, name)


def _shape(tree: list) -> list:
    """A parsed Markdown tree in the form read from an exchange file."""
    out: list = []
    for part in tree:
        if isinstance(part, Pair):
            out.append(("g", part.id, _shape(part.children)))
        elif isinstance(part, Lone):
            out.append(("x", part.id))
        else:
            out.append(part)
    return out


def _canon(tree: list) -> list:
    out: list = []
    for part in tree:
        if isinstance(part, str):
            if out and isinstance(out[-1], str):
                out[-1] += part
            elif part:
                out.append(part)
        elif part[0] == "g":
            out.append(("g", part[1], _canon(part[2])))
        else:
            out.append(part)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return [" ".join(p.split()) if isinstance(p, str) else p for p in out]


def _plain(tree: list) -> str:
    if any(not isinstance(p, str) for p in tree):
        raise PlaceholderError("this text has no placeholders; remove the tags")
    return "".join(tree)


def _apply(site: Site, changes: list[tuple[ExUnit, str, bool]], name: str) -> Result:
    by_file: dict[str, list[tuple[ExUnit, str, bool]]] = {}
    for unit, text, current in changes:
        by_file.setdefault(unit.file, []).append((unit, text, current))
    records = json.loads(json.dumps(site.records)) if site.records else {}
    outputs: dict[Path, bytes] = {}
    errors: list[str] = []
    for file, items in by_file.items():
        path = site.root / file
        if items[0][0].page is not None:
            try:
                data, record = _page_output(site, items[0][0].page, items)
            except ExchangeError as err:
                errors.extend(f"{name}:{line}" for line in err.lines)
                continue
            records.setdefault("pages", {})[items[0][0].page] = record
        else:
            data = _yaml_output(path, site.lang, items)
            texts = records.setdefault("texts", {}).setdefault(file, {})
            for unit, _text, current in items:
                if current:
                    texts[unit.key] = source_hash(unit.source)
        if data != path.read_bytes() if path.exists() else True:
            outputs[path] = data
    if errors:
        raise ExchangeError(errors)
    if changes:
        sidecar = site.loaded.folder("content") / site.lang / UNITS_FILE
        data = (json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
        if not sidecar.exists() or sidecar.read_bytes() != data:
            outputs[sidecar] = data
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return Result([_rel(site, p) for p in outputs], len(changes))


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _page_output(site: Site, page: str, items: list[tuple[ExUnit, str, bool]]) -> tuple[bytes, dict]:
    """The translated page's new bytes and its unit record."""
    all_units = [u for u in site.units if u.page == page]
    first = items[0][0]
    key = next(k for k, p in site.content.pages[site.default].items() if page_file(*k) == page)
    source = site.content.pages[site.default][key]
    translation = site.content.pages.get(site.lang, {}).get(key)
    new = {u.key: (text, current) for u, text, current in items}
    if any(u.unit and u.unit.note for u in all_units) and translation is not None:
        raise ExchangeError(
            [f"{first.id}: the blocks of {first.file} do not line up with its source — edit it by hand"]
        )
    if translation is None:
        return _new_page(site, source, all_units, new)
    raw = translation.source.read_bytes()
    crlf = b"\r\n" in raw
    text = raw.decode("utf-8").replace("\r\n", "\n")
    bom = text.startswith("\ufeff")
    text = text.lstrip("\ufeff")
    split = split_front_matter(text)
    if split is None:
        raise ExchangeError([f"{first.id}: {first.file} has no front matter — fix the page first"])
    front, body, _line = split
    unchanged = {u.key for u in all_units if u.target is not None and u.key in new and _same(u.target, new[u.key][0])}
    front_new = _front_matter(front, {k: v[0] for k, v in new.items() if not _is_block(k) and k not in unchanged})
    body_new, record_body = _body(site, first, body, all_units, new)
    fields: dict[str, str | None] = {}
    for unit in all_units:
        if unit.unit is None or unit.unit.block is not None:
            continue
        if unit.key in new:
            fields[unit.key] = source_hash(unit.source) if new[unit.key][1] else unit.unit.previous
        elif unit.state != UNTRANSLATED:
            fields[unit.key] = unit.unit.previous if unit.state == REVIEW else unit.unit.hash
    everything_current = all((new[u.key][1] if u.key in new else u.state == CURRENT) for u in all_units)
    if everything_current and translation.translated_from is not None:
        front_new = _stamp_version(front_new, source.version)
    out = ("\ufeff" if bom else "") + "---\n" + front_new + "---" + ("\n" + body_new if body_new or body else "")
    if text.endswith("\n") and not out.endswith("\n"):
        out += "\n"
    if crlf:
        out = out.replace("\n", "\r\n")
    return out.encode("utf-8"), {"fields": fields, "body": record_body}


_VERSION = re.compile(r"^(\s+version:[ \t]*)(\S*)[ \t]*$", re.M)


def _stamp_version(front: str, version: str) -> str:
    block = front.find("translated_from:")
    if block == -1:
        return front
    head, tail = front[:block], front[block:]
    match = _VERSION.search(tail)
    if match:
        return head + tail[: match.start()] + f"{match.group(1)}{version}" + tail[match.end() :]
    end = tail.find("\n")
    return head + tail[:end] + f"\n  version: {version}" + tail[end:]


def _front_matter(front: str, values: dict[str, str]) -> str:
    """Replace (or add) top-level scalar values of front matter, leaving everything else as it is."""
    if not values:
        return front
    node = yaml.compose(front)
    edits = []  # (start, end, text)
    present = {}
    if isinstance(node, yaml.MappingNode):
        present = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    additions = []
    for key, value in values.items():
        if key in present:
            v = present[key]
            edits.append((v.start_mark.index, v.end_mark.index, _quote(value)))
        else:
            additions.append(f"{key}: {_quote(value)}\n")
    for start, end, text in sorted(edits, reverse=True):
        front = front[:start] + text + front[end:]
    return front + "".join(additions)


def _body(
    site: Site, first: ExUnit, body: str, all_units: list[ExUnit], new: dict[str, tuple[str, bool]]
) -> tuple[str, list[str | None]]:
    lines = body.split("\n")
    target_blocks = blocks(body)
    block_units = [u for u in all_units if u.unit is not None and u.unit.block is not None]
    record: list[str | None] = [None] * len(target_blocks)
    for u in block_units:
        assert u.unit is not None
        if u.unit.at is not None:
            record[u.unit.at] = (
                u.unit.hash if u.state == CURRENT else u.unit.previous if u.state == REVIEW else NOT_TRANSLATED
            )
    old = site.records.get("pages", {}).get(first.page, {}) if isinstance(site.records.get("pages"), dict) else {}
    old_body = old.get("body") if isinstance(old, dict) else None
    if isinstance(old_body, list) and len(old_body) == len(target_blocks):  # keep what no unit points at
        record = [r if r is not None or u is None else u for r, u in zip(record, [None] * len(record), strict=True)]
        for i, was in enumerate(old_body):
            if all(not (u.unit and u.unit.at == i) for u in block_units):
                record[i] = was
    replacements: list[tuple[int, int, list[str], int | None, str | None]] = []
    inserts: list[tuple[int, int, str, str | None]] = []  # (after block, order, line, record)
    for order, u in enumerate(block_units):
        if u.key not in new:
            continue
        assert u.unit is not None and u.unit.block is not None
        text, current = new[u.key]
        recorded = u.unit.hash if current else u.unit.previous
        src = u.unit.block
        if u.unit.at is not None and u.target is not None and _same(u.target, text):
            record[u.unit.at] = recorded  # the text stays as the editor wrapped it
        elif u.unit.at is not None:
            tb = target_blocks[u.unit.at]
            if tb.kind == "cell":
                row = lines[tb.start]
                cells = table_cells(row)
                cells[tb.cell] = f" {text} "
                lead = row[: len(row) - len(row.lstrip())]
                lines[tb.start] = lead + "|" + "|".join(cells) + "|"
            else:
                replacements.append((tb.start, tb.end, _block_lines(tb, text), u.unit.at, recorded))
            record[u.unit.at] = recorded
        else:
            if src.kind == "cell":
                raise ExchangeError(
                    [f"{u.id}: a table cell cannot be added to {u.file} — add the row by hand, then import again"]
                )
            inserts.append((u.unit.after, order, src.prefix + text, recorded))
    for start, end, new_lines, _at, _rec in sorted(replacements, reverse=True):
        lines[start:end] = new_lines
    # Insert new blocks after the block they follow (in the lines as replaced above).
    shifted = blocks("\n".join(lines))
    for after, _order, line, recorded in sorted(inserts, key=lambda t: (-t[0], -t[1])):
        at = shifted[after].end if after >= 0 else 0
        lines[at:at] = ["", line] if at > 0 else [line, ""]
        record.insert(after + 1, recorded)
    return "\n".join(lines), record


def _block_lines(block: Block, text: str) -> list[str]:
    """A translated block on one line, after its prefix (a heading's hashes, a list marker, "> ")."""
    return [block.prefix + text]


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _is_block(key: str) -> bool:
    return key[:1] == "b" and key[1:].isdigit()


def _new_page(
    site: Site, source: Page, all_units: list[ExUnit], new: dict[str, tuple[str, bool]]
) -> tuple[bytes, dict]:
    first = all_units[0]
    for required in ("title", "summary"):
        if required not in new:
            raise ExchangeError(
                [
                    f"{first.page}:{required}: {first.file} does not exist yet — translate its title and summary to create it"
                ]
            )
    front = ""
    for fieldname in ("title", "summary"):
        front += f"{fieldname}: {_quote(new[fieldname][0])}\n"
    front += f"translated_from:\n  lang: {site.default}\n  version: {source.version}\n"
    for fieldname in ("aims", "results"):
        if fieldname in new:
            front += f"{fieldname}: {_quote(new[fieldname][0])}\n"
    lines = source.body.split("\n")
    record: list[str | None] = []
    block_units = [u for u in all_units if u.unit is not None and u.unit.block is not None]
    for u in block_units:
        assert u.unit is not None
        record.append((u.unit.hash if new[u.key][1] else None) if u.key in new else NOT_TRANSLATED)
    for u in reversed(block_units):
        assert u.unit is not None and u.unit.block is not None
        if u.key not in new:
            continue
        block = u.unit.block
        if block.kind == "cell":
            cells = table_cells(lines[block.start])
            cells[block.cell] = f" {new[u.key][0]} "
            lines[block.start] = "|" + "|".join(cells) + "|"
        else:
            lines[block.start : block.end] = _block_lines(block, new[u.key][0])
    fields = {
        k: source_hash(u.source) for u in all_units if u.unit and u.unit.block is None for k in [u.key] if k in new
    }
    text = "---\n" + front + "---\n" + "\n".join(lines)
    return text.encode("utf-8"), {"fields": fields, "body": record}


def _yaml_output(path: Path, lang: str, items: list[tuple[ExUnit, str, bool]]) -> bytes:
    text = path.read_text(encoding="utf-8")
    node = yaml.compose(text)
    edits = []
    for unit, value, _current in items:
        mapping: Any = node
        for step in unit.yaml_path:
            if isinstance(mapping, yaml.MappingNode):
                mapping = next(v for k, v in mapping.value if k.value == step)
            else:
                mapping = mapping.value[step]
        values = {k.value: (k, v) for k, v in mapping.value}
        if lang in values:
            v = values[lang][1]
            edits.append((v.start_mark.index, v.end_mark.index, _quote(value)))
        elif mapping.flow_style:
            end = mapping.end_mark.index - 1  # before the closing brace
            edits.append((end, end, f", {_key(lang)}: {_quote(value)}"))
        else:
            last_key, last_value = mapping.value[-1]
            indent = " " * last_key.start_mark.column
            at = text.find("\n", last_value.end_mark.index - 1)
            at = len(text) if at == -1 else at
            edits.append((at, at, f"\n{indent}{_key(lang)}: {_quote(value)}"))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text.encode("utf-8")


def _key(code: str) -> str:
    return f'"{code}"' if code in ("no", "yes", "on", "off", "y", "n") else code


def mark_current(config_path: Path, file: Path) -> list[str]:
    """After `--mark-current FILE`: record every translated unit of the page as translated from
    the source as it is now (the page's text is not touched). Returns the files written."""
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        raise ContentError(problems.items)
    target = file.resolve()
    content = loaded.folder("content")
    if not target.is_relative_to(content):
        return []
    lang = target.relative_to(content).parts[0]
    site = load_site(config_path, lang)
    changes = [
        (u, u.target, True)
        for u in site.units
        if u.unit is not None and u.state == REVIEW and u.target and (site.root / u.file).resolve() == target
    ]
    if not changes:
        return []
    return _apply(site, changes, file.as_posix()).written
