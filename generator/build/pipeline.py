"""The one pipeline: `check`, `build`, `serve` and the MkDocs export all start here.

    load ─▶ model ─▶ render ─▶ audit ─▶ publish

1. **Load and model** (`prepare`): config, records, pages and catalogues are read and
   validated (files that did not change come from the parse cache), then turned into one
   immutable site model. Every problem is collected and reported at `file:line`.
2. **Stage assets**: the theme's static files are copied under `assets/` with fingerprinted
   names, so templates write final addresses and no page is rewritten afterwards.
3. **Render**: every page whose key (see `generator.build.keys`) matches the previous
   build's is hard-linked from the previous output; the others are rendered in parallel
   worker processes, which also read each page's links, audit each project page's EU
   funding block against its record, and compress the page when asked.
4. **Site-wide files** (root, 404 pages, status page, open data, sitemap) are rendered
   whenever what they depend on changed.
5. **Audit**: internal links are checked (every page after a change of structure,
   otherwise only the pages just rendered). A broken link, or a project page whose EU block
   is missing or wrong, fails the build: nothing is published.
6. **Search**: the Pagefind index is rebuilt when an indexed page changed, else reused.
7. **Publish**: `_headers`, then the staged folder replaces the output in one step.

`check` runs steps 1–5 exactly as `build` does, into a scratch folder that is thrown away,
so it validates the very pages a build would publish.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.build import cache as build_cache
from generator.build import fastpath, share_images
from generator.build.keys import extra_keys, page_keys
from generator.build.link_store import LinkStore
from generator.build.share_images import ShareImages
from generator.build.workers import default_jobs, fork_map, render_pages
from generator.clock import build_date
from generator.errors import ContentError, Problems
from generator.eu.audit import check_page, parse_document
from generator.load.catalogues import load_translations
from generator.load.config import LoadedConfig, load_config
from generator.load.content import ParseCache, load_content
from generator.model.site import PageRef, Site, build_model
from generator.publish import links as link_check
from generator.publish import search as search_index
from generator.publish.assets import fingerprint_assets
from generator.publish.headers import headers_file
from generator.publish.staging import (
    COMPRESSED,
    Generation,
    StagingArea,
    compressed_copies,
    discard_folder,
    refuse_dangerous_output,
)
from generator.render import maps
from generator.render.environment import with_csp
from generator.render.expectations import SourcedExpectation, project_expectations
from generator.render.renderer import Renderer, template_error
from generator.render.share_image import share_image_path
from generator.render.site_files import SiteFile, site_files

ASSETS_FOLDER = "assets"
EU_HINT = "the block comes from theme/templates/partials/eu_funding.html and theme/locales"


@dataclass
class Prepared:
    """Everything loaded and validated: the configuration, the site model and the
    interface-string translations per language."""

    loaded: LoadedConfig
    site: Site
    translations: dict


class Resident:
    """What a long-running process (the live preview) keeps from one build to the next: the
    parse cache, in memory. A rebuild then neither reads the cache's file (about 0.4 s at
    5,000 pages) nor any unchanged source; each entry is still checked against its file's
    size and time, and the cache is still saved for the next process."""

    def __init__(self) -> None:
        self._caches: dict[Path, build_cache.ParseCache] = {}

    def parse_cache(self, config_path: Path) -> build_cache.ParseCache:
        key = Path(config_path).resolve()
        cache = self._caches.get(key)
        if cache is None:
            cache = self._caches[key] = build_cache.ParseCache(config_path)
        cache.start_build()
        return cache


@dataclass
class BuildResult:
    output: Path
    pages: int  # HTML pages in the published site
    rendered: int = 0  # pages rendered by this build
    reused: int = 0  # pages taken over unchanged from the previous build
    share_images: ShareImages | None = None  # the share images and their cost
    # Languages whose search index still shows the previous build (`defer_search`): the next
    # build with search indexes them.
    search_pending: tuple[str, ...] = ()


@dataclass
class CheckResult:
    pages: int  # HTML pages checked
    digests: dict[str, str] = field(default_factory=dict)  # relative path → SHA-256 of every file


def prepare(
    config_path: Path,
    base_url: str | None = None,
    cache: ParseCache | None = None,
    loaded: LoadedConfig | None = None,
    problems: Problems | None = None,
) -> Prepared:
    """Load and validate everything; raise ContentError listing every problem found.

    `cache` lets unchanged files skip parsing; `loaded` and `problems` pass on a
    configuration the caller already read, with what it found wrong."""
    config_path = Path(config_path)
    problems = problems or Problems(root=config_path.resolve().parent)
    loaded = loaded or load_config(config_path, problems)
    if loaded is None:  # without a configuration nothing else can be checked
        problems.raise_if_any()
        raise AssertionError("unreachable: a missing configuration is always a problem")
    if base_url:
        loaded.config = loaded.config.model_copy(update={"base_url": _with_slash(base_url)})
    content = load_content(loaded, problems, cache)
    translations = load_translations(loaded.folder("theme"), loaded.config, problems, cache)
    site = build_model(loaded, content, problems)
    problems.raise_if_any()
    return Prepared(loaded, site, translations)


def build(
    config_path: Path,
    output: Path | None = None,
    base_url: str | None = None,
    *,
    search: bool = True,
    precompress: bool = False,
    jobs: int | None = None,
    progress=None,
    defer_search: bool = False,
    resident: Resident | None = None,
) -> BuildResult:
    """Build the site and publish it into `output` (default: the config's output folder).

    `defer_search` (the live preview) publishes changed pages without waiting for Pagefind: a
    language whose pages changed keeps its previous index, and the next build indexes it. A
    language that has no index yet is always indexed. `resident` keeps what a process that
    builds again and again may keep in memory between builds."""
    config_path = Path(config_path)
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        problems.raise_if_any()
        raise AssertionError("unreachable: a missing configuration is always a problem")
    target = (output or loaded.folder("output")).resolve()
    options = build_cache.BuildOptions.of(target, base_url, precompress, _today(), search)
    roots = input_roots(config_path, loaded)
    seen = build_cache.snapshot(roots)  # before reading: an edit made during the build is not missed
    cache = resident.parse_cache(config_path) if resident else build_cache.ParseCache(config_path)
    prepared = prepare(config_path, base_url, cache, loaded, problems)
    previous = _previous(config_path, target)
    run = _Run(prepared, target, options, previous, jobs, progress, cache_dir=build_cache.cache_dir(config_path))
    spare = build_cache.spare_folder(config_path, target)
    recorded, spare_usable = build_cache.take_generation(config_path, target, spare)
    published = Generation(*recorded) if recorded else None
    if spare is not None and not spare_usable:
        discard_folder(spare)  # left by a build that failed in it, or of another output
    with StagingArea(target, spare if spare_usable else None, published) as staging:
        run.stage(staging)
        run.search_pending = _search(run, staging, defer_search)
        staging.kept.update(run.plan.keys)  # every page and site file: rendered or reused, never stray
        staging.kept.update(("_headers", build_cache.STAMP))
        staging.write(build_cache.STAMP, _stamp(run).encode("utf-8"))
        # Stray files go first (in a spare: the previous fingerprinted assets, deleted pages),
        # so that `_headers` describes the folder as it is published.
        staging.finish(staging.generation(published.files if published else None))
        staging.write("_headers", headers_file(staging.path, run.renamed).encode("utf-8"))
        generation = staging.generation(published.files if published else None)
        # The site this build replaces becomes the next build's spare when what it holds is
        # known: the published site's files, and what this build changed.
        keep = spare if published is not None else None
        staging.publish(keep_previous=keep)
    build_cache.save_generation(config_path, target, keep, (generation.files, generation.written, generation.removed))
    if progress:
        progress.done()
    build_cache.save_manifest(
        config_path,
        {
            "request": fastpath.request(output, base_url, precompress, search),
            "options": options,
            "roots": [str(r) for r in roots],
            "snapshot": seen,
            "build_id": build_cache.output_identity(target),
            "pages": run.plan.keys,
            "ids": run.ids | _kept_ids(previous, run.plan),
            "search_pending": run.search_pending,
            "share_keys": run.share.keys,
        },
    )
    run.links.tidy()
    run.memo.save()
    cache.save()
    return BuildResult(target, run.page_count, len(run.plan.render), len(run.plan.reuse), run.share, run.search_pending)


def _stamp(run: _Run) -> str:
    """What identifies the published site: the key of every page and file, the assets'
    names and the share images (all of them digests of what they were made from)."""
    return build_cache.digest(
        run.options.without_output(),
        sorted(run.plan.keys.items()),
        sorted(run.renamed.items()),
        sorted(run.share.paths),
        run.search_pending,  # an index brought up to date changes the published site
    )


def check(config_path: Path, jobs: int | None = None) -> CheckResult:
    """Everything a build does before it publishes — render every page and run every audit —
    into a scratch folder that is then thrown away. Raises ContentError on any problem;
    writes nothing (not even the build cache)."""
    config_path = Path(config_path)
    prepared = prepare(config_path)
    with tempfile.TemporaryDirectory(prefix="eupages-check-") as scratch:
        target = Path(scratch) / "site"
        options = build_cache.BuildOptions.of(target, None, False, _today(), False)
        run = _Run(prepared, target, options, {}, jobs, None, cache_dir=Path(scratch) / "cache")
        with StagingArea(target) as staging:
            run.stage(staging)
            digests = {
                path.relative_to(staging.path).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                for path in sorted(staging.path.rglob("*"))
                if path.is_file()
            }
    return CheckResult(run.page_count, digests)


def input_roots(config_path: Path, loaded: LoadedConfig) -> list[Path]:
    """Everything a build reads: the config, content, theme and eupages itself."""
    return [config_path.resolve(), loaded.folder("content"), loaded.folder("theme"), build_cache.PACKAGE]


def _today() -> str:
    try:
        return build_date().isoformat()
    except ValueError:
        return "invalid"  # prepare() reports the bad SOURCE_DATE_EPOCH with its message


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


# -- what to render ---------------------------------------------------------------------


@dataclass
class Plan:
    """What this build renders and what it takes over from the previous one."""

    keys: dict[str, str]
    reuse: list[str] = field(default_factory=list)
    render: list[PageRef] = field(default_factory=list)
    site_files: list[SiteFile] = field(default_factory=list)  # those that changed
    structure_changed: bool = True


def _previous(config_path: Path, target: Path) -> dict:
    """The previous build's manifest, if it built this very output folder as it now stands."""
    manifest = build_cache.load_manifest(config_path)
    if not manifest or manifest["options"].output != str(target):
        return {}
    if build_cache.output_identity(target) != manifest["build_id"]:
        return {}  # the folder was replaced or removed since: nothing in it can be trusted
    return manifest


def _plan(site: Site, site_digest: str, previous: dict, target: Path, files: list[SiteFile]) -> Plan:
    keys = page_keys(site, site_digest)
    keys.update(extra_keys(site, site_digest, files))
    old = previous.get("pages", {})
    plan = Plan(keys, structure_changed=set(keys) != set(old))

    folder = str(target)  # joined as strings: a `Path` each cost more than the check

    def unchanged(relative: str) -> bool:
        return old.get(relative) == keys[relative] and os.path.isfile(os.path.join(folder, relative))

    for ref in site.all_pages:
        relative = ref.path
        if unchanged(relative):
            plan.reuse.append(relative)
        else:
            plan.render.append(ref)
    for file in files:
        if unchanged(file.path):
            plan.reuse.append(file.path)
        else:
            plan.site_files.append(file)
    return plan


# -- one run of the stages, into a staging folder ------------------------------------------


class _Run:
    """One pass of stages 2–5 into a staging folder; `build` publishes it, `check` discards it."""

    def __init__(
        self,
        prepared: Prepared,
        target: Path,
        options: build_cache.BuildOptions,
        previous: dict,
        jobs: int | None,
        progress,
        cache_dir: Path,
    ):
        self.prepared = prepared
        self.site = prepared.site
        self.target = target
        self.options = options
        self.previous = previous
        self.jobs = jobs or default_jobs()
        self.progress = progress
        self.cache_dir = cache_dir
        maps.keep_base_map_in(cache_dir)
        self.renamed: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.plan = Plan({})
        self.links: LinkStore
        # The status page's unit counts, by the versions of the pages they were counted from.
        self.memo = build_cache.Memo(cache_dir / "units.pickle")
        self.share = ShareImages()
        self.search_pending: tuple[str, ...] = ()

    def map(self, function, items: list) -> list:
        """`function` over `items` in this build's workers (the status page's unit counts)."""
        return fork_map(function, items, self.jobs)

    @property
    def page_count(self) -> int:
        return sum(1 for relative in self.plan.keys if relative.endswith(".html"))

    def stage(self, staging: StagingArea) -> None:
        site, precompress = self.site, self.options.precompress
        refuse_dangerous_output(self.target, self.prepared.loaded)
        # Where the site is written does not change what is written: leave the folder out.
        site_digest = build_cache.digest(
            self.options.without_output(),
            self.prepared.loaded.path.read_bytes(),
            build_cache.tree_digest(site.theme),
            build_cache.tree_digest(build_cache.PACKAGE),
        )
        self.renamed = _stage_assets(site, staging, precompress)
        renderer = Renderer(
            site,
            self.prepared.translations,
            asset_url(site, self.renamed),
            bytecode_cache=self.cache_dir / "templates",
            place_cache=self.cache_dir / "places.json",
        )
        files = site_files(site, renderer, self.memo, site_digest, self.map)
        self.plan = plan = _plan(site, site_digest, self.previous, self.target, files)
        _warm(renderer, plan)
        for relative in plan.reuse:
            _reuse(staging, self.target, relative, precompress)
        if self.progress:
            self.progress.start(len(plan.render))
        self.links = LinkStore(self.cache_dir, plan.keys, staging.path)
        expected = project_expectations(site, self.prepared.translations, plan.render)
        self.ids = _render_changed(renderer, self, staging, expected)
        known = _unchanged_share_keys(site, plan, self.previous)
        self.share = share_images.stage(site, self.prepared.translations, staging, self.cache_dir, self.jobs, known)
        parsed = _write_site_files(plan, staging, precompress)
        self.ids.update({relative: _ids_digest(page) for relative, page in parsed.items()})
        _check_links(self, staging, parsed)


def _unchanged_share_keys(site: Site, plan: Plan, previous: dict) -> dict[str, str]:
    """The previous build's image key of every project page this build takes over unchanged."""
    old = previous.get("share_keys", {})
    if not old:
        return {}
    reused = set(plan.reuse)
    known = {}
    for ref in site.all_pages:
        if ref.kind == "project" and ref.path in reused:
            image = share_image_path(ref.lang, ref.slug)
            if image in old:
                known[image] = old[image]
    return known


# -- assets -------------------------------------------------------------------------------


def _stage_assets(site: Site, staging: StagingArea, precompress: bool) -> dict[str, str]:
    """The theme's static files under assets/, fingerprinted. They are made in a folder of
    their own and then put in place, so that in a spare an unchanged file stays untouched."""
    with tempfile.TemporaryDirectory(prefix="eupages-assets-") as scratch:
        folder = Path(scratch)
        static, assets = site.theme / "static", Path(scratch) / "assets"
        if static.is_dir():
            shutil.copytree(static, assets, symlinks=False)
        renamed = fingerprint_assets(folder, site.config.base_url)
        renamed.update(_stage_base_map(folder))
        if precompress:
            for path in sorted(assets.rglob("*")):
                if path.is_file() and path.suffix.lower() in COMPRESSED:
                    compressed_copies(path, path.read_bytes())
        staging.take_tree(assets, "assets")
    return renamed


def _stage_base_map(folder: Path) -> dict[str, str]:
    """The partner maps' shared drawing, under its fingerprinted name (cached for a year)."""
    base = maps.base_map()
    name = f"{ASSETS_FOLDER}/{base.file_name()}"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(base.svg(), encoding="utf-8")
    return {f"{ASSETS_FOLDER}/{maps.ASSET_NAME}": name}


def asset_url(site: Site, renamed: dict[str, str] | None = None):
    """The address templates write for a theme file, with its fingerprinted name once staged."""
    base = site.config.base_path
    renamed = renamed or {}
    return lambda name: base + renamed.get("assets/" + name, "assets/" + name)


def _warm(renderer: Renderer, plan: Plan) -> None:
    """Compile every template before workers fork, so each worker starts with them compiled."""
    if not plan.render and not plan.site_files:
        return
    renderer.prepare_maps()  # the gazetteer is read here, once, not in every worker
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


@dataclass(frozen=True)
class _Written:
    """What a worker sends back for one page: small, so the parent never holds every page."""

    ids_digest: str
    eu_problems: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # what was written: the page and its compressed copies


def _render_changed(
    renderer: Renderer, run: _Run, staging: StagingArea, expected: dict[str, SourcedExpectation]
) -> dict[str, str]:
    """Render in workers; each worker also reads the page's links into the cache, audits the
    EU block of a project page, and sends back only a digest of its ids and the problems."""
    precompress = run.options.precompress

    def write(relative: str, data: bytes) -> _Written:
        rendered = data.decode("utf-8")
        text = with_csp(rendered)
        if text is not rendered:  # the template left the policy out: encode the page again
            data = text.encode("utf-8")
        staging.write(relative, data)
        files = (relative, *(staging.compress(relative, data) if precompress else ()))
        document = parse_document(data)  # parsed once, for the links and the audit
        page = link_check.parse_html(data, document)
        run.links.save(relative, page)
        eu_problems: tuple[str, ...] = ()
        if relative in expected:
            exp = expected[relative].expectation
            eu_problems = tuple(
                check_page(
                    relative,
                    text,
                    exp.lang,
                    exp.eu_funded,
                    exp.expected_statement_texts,
                    brand_logo=expected[relative].brand_logo,
                    site_dir=staging.path,  # the staged assets: emblem files and stylesheets the page uses
                    base_path=run.site.config.base_path,
                    document=document,
                )
            )
        return _Written(_ids_digest(page), eu_problems, files)

    try:
        results = render_pages(renderer.render, run.plan.render, write, run.jobs, run.progress)
    except jinja2.TemplateError as err:
        raise template_error(run.site, err) from None
    run.links.close()  # the parent's connection, if it wrote (one process): workers fork next
    problems = Problems(root=run.site.root)
    for relative, written in results:
        staging.written.update(written.files)  # written in a worker: the parent's record knows only now
        for message in written.eu_problems:
            problems.add(expected[relative].record_path, expected[relative].line, message, EU_HINT)
    problems.raise_if_any()
    return {relative: written.ids_digest for relative, written in results}


def _write_site_files(plan: Plan, staging: StagingArea, precompress: bool) -> dict:
    parsed = {}
    for file in plan.site_files:
        data = file.render()
        if file.path.endswith(".html"):
            data = with_csp(data.decode("utf-8")).encode("utf-8")
        staging.write(file.path, data)
        if precompress and Path(file.path).suffix.lower() in COMPRESSED:
            staging.compress(file.path, data)
        if file.path.endswith(".html"):
            parsed[file.path] = link_check.parse_html(data)
    return parsed


# -- links ------------------------------------------------------------------------------------


def _check_links(run: _Run, staging: StagingArea, parsed_site_files: dict) -> None:
    """Every page after a change of structure or of a page's anchors; else only new renders.
    The pages are checked in workers, which read their links from the cache."""
    plan, previous = run.plan, run.previous
    files = _FilesOnDisk(dict.fromkeys(plan.keys, b""), staging.path)
    files.update(dict.fromkeys(run.share.paths, b""))  # og:image points at them
    for path in (staging.path / "assets").rglob("*"):
        if path.is_file() and path.suffix not in (".gz", ".br"):
            relative = path.relative_to(staging.path).as_posix()
            files[relative] = path.read_bytes() if path.suffix == ".css" else b""
    old_ids = previous.get("ids", {})
    full = plan.structure_changed or not previous or any(old_ids.get(rel) != d for rel, d in run.ids.items())
    pages = sorted(rel for rel in (plan.keys if full else run.ids) if rel.endswith(".html"))
    checker = link_check.LinkChecker(files, run.site.config.base_url, parsed_site_files, loader=run.links.load)
    broken = [b for found in fork_map(checker.check_html, pages, run.jobs, chunk=64) for b in found]
    broken += [b for rel in sorted(files) if rel.endswith(".css") for b in checker.check_css(rel)]
    problems = link_check.problems_for(broken, run.site)
    if problems:
        raise ContentError(problems)


class _FilesOnDisk(dict):
    """File names for existence checks; an empty value means "read the bytes from the
    staging folder when the page must be parsed"."""

    def __init__(self, files: dict, folder: Path):
        super().__init__(files)
        self.folder = folder

    def __getitem__(self, relative: str) -> bytes:
        value = super().__getitem__(relative)
        return value or (self.folder / relative).read_bytes()


def _ids_digest(page) -> str:
    return build_cache.digest(sorted(page.ids))


def _kept_ids(previous: dict, plan: Plan) -> dict:
    old = previous.get("ids", {})
    return {rel: old[rel] for rel in plan.reuse if rel in old}


# -- search ----------------------------------------------------------------------------------

INDEXED_KINDS = ("project", "page")  # pages marked data-pagefind-body (in their own language)


def _search(run: _Run, staging: StagingArea, defer: bool = False) -> tuple[str, ...]:
    """One Pagefind index per language: a language is indexed again only when one of its
    indexed pages changed (or the site's structure did, or an earlier build deferred it);
    the others are kept. With `defer`, a language that has an index keeps it, out of date,
    and is returned as pending."""
    if not run.options.search:
        return ()
    plan, previous, target = run.plan, run.previous, run.target
    had_search = bool(previous) and previous["options"].search
    kept_before = had_search and not plan.structure_changed
    # A fallback page is not indexed, but a page that became one (its translation deleted)
    # leaves its language's index: count it too.
    changed = {ref.lang for ref in plan.render if ref.kind in INDEXED_KINDS}
    changed |= set(previous.get("search_pending", ())) if had_search else set()
    stale, pending = [], []
    for code in run.site.config.codes:
        old_bundle = target / search_index.bundle_of(code)
        up_to_date = kept_before and code not in changed
        if (up_to_date or (defer and had_search)) and (old_bundle / search_index.ENTRY).is_file():
            for path in sorted(old_bundle.rglob("*")):
                if path.is_file():
                    staging.link(path.relative_to(target).as_posix(), path)
            if not up_to_date:
                pending.append(code)
        else:
            staging.rewrite_tree(search_index.bundle_of(code))
            stale.append(code)
    indexed: dict[str, list[str]] = {}
    for ref in run.site.all_pages:
        if ref.kind in INDEXED_KINDS and ref.lang in stale:
            indexed.setdefault(ref.lang, []).append(ref.path)
    for bundle in search_index.index_languages(staging.path, stale, run.jobs, indexed):
        if run.options.precompress:
            for path in sorted(bundle.rglob("*")):
                if path.is_file() and path.suffix.lower() in COMPRESSED:
                    compressed_copies(path, path.read_bytes())
        staging.note_tree(bundle.relative_to(staging.path).as_posix())
    return tuple(pending)
