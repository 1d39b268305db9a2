"""`eupages build`: render what changed, reuse what did not, publish atomically.

The steps, in order:

1. Load and validate (records and pages whose files did not change come from the parse
   cache).
2. Stage the theme's static files under `assets/` with fingerprinted names, so templates
   write final addresses and no page is rewritten afterwards.
3. Every page whose key (see `page_keys`) matches the previous build's is hard-linked from
   the previous output; the others are rendered in parallel worker processes, which also
   read each page's links and compress it when asked.
4. Small site-wide files (root, 404 pages, status page, open data, sitemap) are rendered
   every time; they are cheap and depend on everything.
5. Internal links are checked: every page after a change of structure, otherwise only the
   pages just rendered. A broken link fails the build.
6. The Pagefind search index is rebuilt when an indexed page changed, else reused.
7. `_headers`, then the staged folder replaces the output in one step.
"""

from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator import build_cache, fastpath, link_check, search_index
from generator.build import BuildResult, _refuse_dangerous_output, extra_outputs, prepare, template_error
from generator.clock import build_date
from generator.config import load_config
from generator.errors import ContentError, Problems
from generator.model import Site, output_path
from generator.output import StagingArea
from generator.page_keys import extra_keys, page_keys
from generator.postprocess import COMPRESSED, compressed_copies, fingerprint_assets, with_csp, write_headers
from generator.render import Renderer
from generator.render_pool import default_jobs, fork_map, render_pages

@dataclass
class Plan:
    """What this build renders and what it takes over from the previous one."""

    keys: dict[str, str]
    reuse: list[str] = field(default_factory=list)
    render: list = field(default_factory=list)             # page references
    extras: list = field(default_factory=list)             # (relative, render) site-wide files
    structure_changed: bool = True


def build(config_path: Path, output: Path | None = None, base_url: str | None = None, *,
          search: bool = True, precompress: bool = False, jobs: int | None = None,
          progress=None) -> BuildResult:
    config_path = Path(config_path)
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        problems.raise_if_any()
    target = (output or loaded.folder("output")).resolve()
    today = _today(config_path)
    options = build_cache.build_options(target, base_url, precompress, today, search)
    roots = input_roots(config_path, loaded)
    seen = build_cache.snapshot(roots)  # before reading: an edit made during the build is not missed

    cache = build_cache.ParseCache(config_path)
    prepared = prepare(config_path, base_url, cache, loaded, problems)
    _refuse_dangerous_output(target, prepared.loaded)
    site = prepared.site
    previous = _previous(config_path, target)
    # Where the site is written does not change what is written: leave the folder out.
    site_digest = build_cache.digest(options[:1] + options[2:], config_path.read_bytes(), build_cache.tree_digest(site.theme),
                                     build_cache.tree_digest(build_cache.PACKAGE))

    with StagingArea(target) as staging:
        renamed = _stage_assets(site, staging, precompress)
        renderer = Renderer(site, prepared.translations, asset_url(site, renamed),
                            bytecode_cache=build_cache.cache_dir(config_path) / "templates")
        extras = extra_outputs(prepared, renderer)
        plan = _plan(site, site_digest, previous, target, extras)
        _warm(renderer, plan)
        for relative in plan.reuse:
            _reuse(staging, target, relative, precompress)
        if progress:
            progress.start(len(plan.render))
        links = _Links(_links_dir(config_path), plan.keys, staging.path)
        ids = _render_changed(renderer, site, plan, staging, precompress, jobs, progress, links)
        extras_parsed = _write_extras(plan, staging, precompress)
        ids.update({relative: _ids_digest(page) for relative, page in extras_parsed.items()})
        _check_links(site, staging, plan, ids, extras_parsed, previous, links, jobs)
        _search(site, staging, target, plan, previous, search, precompress)
        write_headers(staging.path, renamed)
        pages = sum(1 for relative in plan.keys if relative.endswith(".html"))
        staging.publish()
    build_id = build_cache.output_identity(target)
    if progress:
        progress.done()

    build_cache.save_manifest(config_path, {
        "request": fastpath.request(output, base_url, precompress, search), "options": options, "roots": [str(r) for r in roots], "snapshot": seen, "build_id": build_id,
        "pages": plan.keys, "ids": ids | _kept_ids(previous, plan),
    })
    links.tidy()
    cache.save()
    return BuildResult(target, pages, len(plan.render), len(plan.reuse))


def input_roots(config_path: Path, loaded) -> list[Path]:
    """Everything a build reads: the config, content, theme and eupages itself."""
    return [config_path.resolve(), loaded.folder("content"), loaded.folder("theme"), build_cache.PACKAGE]


def _today(config_path: Path) -> str:
    try:
        return build_date().isoformat()
    except ValueError:
        return "invalid"  # prepare() reports the bad SOURCE_DATE_EPOCH with its message


# -- what to render ---------------------------------------------------------------------

def _previous(config_path: Path, target: Path) -> dict:
    """The previous build's manifest, if it built this very output folder as it now stands."""
    manifest = build_cache.load_manifest(config_path)
    if not manifest or manifest["options"][1] != str(target):
        return {}
    if build_cache.output_identity(target) != manifest["build_id"]:
        return {}  # the folder was replaced or removed since: nothing in it can be trusted
    return manifest


def _plan(site: Site, site_digest: str, previous: dict, target: Path, extras: list) -> Plan:
    keys = page_keys(site, site_digest)
    keys.update(extra_keys(site, site_digest, extras))
    old = previous.get("pages", {})
    plan = Plan(keys, structure_changed=set(keys) != set(old))

    def unchanged(relative: str) -> bool:
        return old.get(relative) == keys[relative] and os.path.isfile(target / relative)

    for ref in site.all_pages:
        relative = output_path(ref.kind, ref.slug, ref.lang)
        if unchanged(relative):
            plan.reuse.append(relative)
        else:
            plan.render.append(ref)
    for relative, _depends_on, render in extras:
        if unchanged(relative):
            plan.reuse.append(relative)
        else:
            plan.extras.append((relative, render))
    return plan


# -- assets -------------------------------------------------------------------------------

def _stage_assets(site: Site, staging: StagingArea, precompress: bool) -> dict[str, str]:
    static = site.theme / "static"
    if static.is_dir():
        shutil.copytree(static, staging.path / "assets", symlinks=False)
    renamed = fingerprint_assets(staging.path, site.config.base_url)
    if precompress:
        for path in sorted((staging.path / "assets").rglob("*")):
            if path.is_file() and path.suffix.lower() in COMPRESSED:
                compressed_copies(path, path.read_bytes())
    return renamed


def asset_url(site: Site, renamed: dict[str, str]):
    base = site.config.base_path
    return lambda name: base + renamed.get("assets/" + name, "assets/" + name)


def _warm(renderer: Renderer, plan: Plan) -> None:
    """Compile every template before workers fork, so each worker starts with them compiled."""
    if not plan.render and not plan.extras:
        return
    for env in renderer.envs.values():
        for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
            try:
                env.get_template(name)
            except jinja2.TemplateError:
                pass  # reported with its file and line when a page uses it


# -- pages ----------------------------------------------------------------------------------

def _reuse(staging: StagingArea, target: Path, relative: str, precompress: bool) -> None:
    staging.link(relative, target / relative)
    if precompress:
        # The previous build compressed it (or found it too small to gain anything).
        for suffix in (".gz", ".br"):
            old = target / (relative + suffix)
            if old.is_file():
                staging.link(relative + suffix, old)


def _render_changed(renderer: Renderer, site: Site, plan: Plan, staging: StagingArea, precompress: bool,
                    jobs: int | None, progress, links: "_Links") -> dict[str, str]:
    """Render in workers; each worker also reads the page's links into the cache and sends
    back only a digest of its ids (so the parent never holds every page's links)."""
    def write(relative: str, data: bytes):
        data = _with_csp(data)
        staging.write(relative, data)
        if precompress:
            compressed_copies(staging.safe_path(relative), data)
        page = link_check.parse_html(data)
        links.save(relative, page)
        return _ids_digest(page)

    try:
        results = render_pages(renderer.render, plan.render, write, jobs or default_jobs(), progress)
    except jinja2.TemplateError as err:
        raise template_error(site, err) from None
    return dict(results)


def _with_csp(data: bytes) -> bytes:
    return with_csp(data.decode("utf-8")).encode("utf-8")


def _write_extras(plan: Plan, staging: StagingArea, precompress: bool) -> dict:
    parsed = {}
    for relative, render in plan.extras:
        data = render()
        if relative.endswith(".html"):
            data = _with_csp(data)
        staging.write(relative, data)
        if precompress and Path(relative).suffix.lower() in COMPRESSED:
            compressed_copies(staging.safe_path(relative), data)
        if relative.endswith(".html"):
            parsed[relative] = link_check.parse_html(data)
    return parsed


# -- links ------------------------------------------------------------------------------------

def _check_links(site: Site, staging: StagingArea, plan: Plan, ids: dict[str, str], extras: dict,
                 previous: dict, links: "_Links", jobs: int | None) -> None:
    """Every page after a change of structure or of a page's anchors; else only new renders.
    The pages are checked in workers, which read their links from the cache."""
    files = _LazyFiles(dict.fromkeys(plan.keys, b""), staging.path)
    for path in (staging.path / "assets").rglob("*"):
        if path.is_file() and path.suffix not in (".gz", ".br"):
            relative = path.relative_to(staging.path).as_posix()
            files[relative] = path.read_bytes() if path.suffix == ".css" else b""
    old_ids = previous.get("ids", {})
    full = plan.structure_changed or not previous or any(old_ids.get(rel) != digest for rel, digest in ids.items())
    pages = sorted(rel for rel in (plan.keys if full else ids) if rel.endswith(".html"))
    checker = link_check.LinkChecker(files, site.config.base_url, extras, loader=links.load)
    broken = [b for found in fork_map(checker.check_html, pages, jobs or default_jobs(), chunk=64) for b in found]
    broken += [b for rel in sorted(files) if rel.endswith(".css") for b in checker.check_css(rel)]
    problems = link_check.problems_for(broken, site)
    if problems:
        raise ContentError(problems)


class _LazyFiles(dict):
    """File names for existence checks; a page's bytes are read only if it must be parsed."""

    def __init__(self, files: dict, folder: Path):
        super().__init__(files)
        self.folder = folder

    def __getitem__(self, relative: str) -> bytes:
        value = super().__getitem__(relative)
        return value or (self.folder / relative).read_bytes()


def _links_dir(config_path: Path) -> Path:
    return build_cache.cache_dir(config_path) / "links"


class _Links:
    """Each page's parsed links, one small file per page key in the cache: written by the
    worker that rendered the page, read by whichever worker checks it (or a later build)."""

    def __init__(self, directory: Path, keys: dict[str, str], staging: Path):
        self.directory = directory
        self.keys = keys
        self.staging = staging
        directory.mkdir(parents=True, exist_ok=True)

    def path(self, relative: str) -> Path:
        return self.directory / (self.keys[relative] + ".pickle")

    def save(self, relative: str, page) -> None:
        tmp = self.directory / f".{self.keys[relative]}.{os.getpid()}"
        with open(tmp, "wb") as handle:
            pickle.dump(page, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path(relative))

    def load(self, relative: str):
        if relative in self.keys:
            try:
                with open(self.path(relative), "rb") as handle:
                    return pickle.load(handle)
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
                pass
        return link_check.parse_html((self.staging / relative).read_bytes())

    def tidy(self) -> None:
        """Drop links of pages no longer built, now and then rather than on every build."""
        wanted = {key + ".pickle" for key in self.keys.values()}
        stale = [entry for entry in os.scandir(self.directory) if entry.name not in wanted]
        if len(stale) > len(wanted):
            for entry in stale:
                os.unlink(entry.path)


def _ids_digest(page) -> str:
    return build_cache.digest(sorted(page.ids))


def _kept_ids(previous: dict, plan: Plan) -> dict:
    old = previous.get("ids", {})
    return {rel: old[rel] for rel in plan.reuse if rel in old}


# -- search ----------------------------------------------------------------------------------

INDEXED_KINDS = ("project", "page")  # pages marked data-pagefind-body (in their own language)


def _search(site: Site, staging: StagingArea, target: Path, plan: Plan, previous: dict, search: bool,
            precompress: bool) -> None:
    if not search:
        return
    old_bundle = target / search_index.BUNDLE
    indexed_changed = any(ref.kind in INDEXED_KINDS and not ref.fallback for ref in plan.render)
    if previous and previous["options"][-1] and old_bundle.is_dir() and not plan.structure_changed \
            and not indexed_changed:
        for path in sorted(old_bundle.rglob("*")):
            if path.is_file():
                staging.link(path.relative_to(target).as_posix(), path)
        return
    bundle = search_index.index_site(staging.path, site)
    if precompress:
        for path in sorted(bundle.rglob("*")):
            if path.is_file() and path.suffix.lower() in COMPRESSED:
                compressed_copies(path, path.read_bytes())
