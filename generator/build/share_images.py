"""The build's share-image stage: one PNG per project page and language, rendered only when
what it shows changed.

Every image is keyed by `share_image.image_key` (what its card shows — site name, title,
summary, funding statement, brand logo —, the fonts, the renderer's code and version) and kept
in the build cache under that key. A build makes every card (a few strings each), links the
images whose key it has already rendered into the staging folder, and lays out and draws
only the others, in forked workers like the pages. That is the images' cost; `ShareImages`
reports it, so the benchmark can show what the images add to a build.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.workers import fork_map
from generator.errors import ContentError, Problems
from generator.model.site import Site
from generator.publish.staging import StagingArea
from generator.render import share_image
from generator.values import text_for


@dataclass
class ShareImages:
    """What the stage did: every image's output path, and the cost of those it rendered."""

    paths: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # output path → image key, for the next build
    cards: int = 0  # cards made and keyed (the others' keys came from the previous build)
    rendered: int = 0
    reused: int = 0
    render_seconds: float = 0.0  # time spent laying out and drawing, summed over the workers
    stage_seconds: float = 0.0  # the whole stage's wall time: fonts, layout, drawing, linking

    @property
    def ms_per_image(self) -> float:
        return 1000 * self.render_seconds / self.rendered if self.rendered else 0.0


@dataclass(frozen=True)
class _Job:
    key: str
    card: share_image.ShareCard


def stage(
    site: Site,
    translations: dict,
    staging: StagingArea,
    cache_dir: Path,
    jobs: int,
    known: dict[str, str] | None = None,
) -> ShareImages:
    """Write every project page's share image into `staging`, from the cache when it can.

    `known` maps the output path of an image to its key, for the pages whose build key did
    not change since the build that recorded them: their cards cannot have changed (a page's
    key covers its record, its text, the configuration, the theme and eupages), so a one-page
    rebuild makes one card, not one per project page."""
    started = time.perf_counter()
    projects = [ref for ref in site.all_pages if ref.kind == "project"]
    if not projects:
        return ShareImages()
    known = known or {}
    sources = _font_sources(site, cache_dir / "share-fonts")
    version = share_image.renderer_version()
    # The theme's own files, not the TTFs merged from them into the cache: those can be
    # made again (after a cache clean) without a single image being drawn again.
    fonts_key = share_image.fonts_digest(sources)
    store = cache_dir / "share-images"
    store.mkdir(parents=True, exist_ok=True)
    result = ShareImages()
    todo: list[_Job] = []
    placed: list[tuple[str, str]] = []  # (output path, key)
    kept: list[tuple[str, str]] = []  # the published site's image, unchanged: (output path, key)
    published = str(staging.output)
    for ref in projects:
        relative = share_image.share_image_path(ref.lang, ref.slug)
        key = known.get(relative)
        if key is not None and os.path.isfile(os.path.join(published, relative)):
            # The last build put this very image there (the page's key is the same): taken
            # over as an unchanged page is, without a look at the store.
            kept.append((relative, key))
            result.paths.append(relative)
            result.keys[relative] = key
            continue
        if key is None or not (store / (key + ".png")).is_file():
            gettext = translations[ref.lang].gettext
            card = share_image.card_for(site, ref, gettext, text_for(site.config.site_name, ref.lang))
            key = share_image.image_key(card, fonts_key, version)
            result.cards += 1
            if not (store / (key + ".png")).is_file():
                todo.append(_Job(key, card))
        placed.append((relative, key))
        result.paths.append(relative)
        result.keys[relative] = key
    result.reused = len(kept) + len(placed) - len(todo)
    durations: list[float] = []
    if todo:
        renderer = share_image.Renderer(share_image.prepare_fonts(sources, cache_dir / "share-fonts"))
        renderer.metrics.width(" ", 1)  # read the fonts' metrics once, before the workers fork
        durations = fork_map(lambda job: _render(job, renderer, store), _unique(todo), jobs, chunk=4)
    result.rendered = len(durations)
    result.render_seconds = sum(durations)
    for relative, _ in kept:
        staging.link(relative, staging.output / relative)
    for relative, key in placed:
        staging.place(relative, store / (key + ".png"))
    _tidy(store, {key + ".png" for _, key in placed + kept})
    result.stage_seconds = time.perf_counter() - started
    return result


def _font_sources(site: Site, folder: Path) -> dict[int, list[Path]]:
    """The theme's fonts by weight, as the last build found them while no font file changed
    (by name, size and time): telling the files apart means loading fontTools, which was a
    tenth of a one-page rebuild."""
    fonts_dir = site.theme / "static" / "fonts"
    stamp = _fonts_stamp(fonts_dir)
    memo = folder / "sources.json"
    kept = _kept_sources(memo, stamp, fonts_dir)
    if kept is not None:
        return kept
    try:
        sources = share_image.font_sources(fonts_dir)
    except share_image.FontProblem as err:
        problems = Problems(root=site.root)
        problems.add(err.path, None, err.message, err.hint)
        raise ContentError(problems.items) from None
    folder.mkdir(parents=True, exist_ok=True)
    partial = memo.with_name(f".{memo.name}.{os.getpid()}")
    names = {str(weight): [path.name for path in paths] for weight, paths in sources.items()}
    partial.write_text(json.dumps({"stamp": stamp, "sources": names}), encoding="utf-8")
    os.replace(partial, memo)
    return sources


def _fonts_stamp(fonts_dir: Path) -> list[list]:
    """Every font file the theme has, with its size and modification time."""
    found = []
    for pattern in share_image.FONT_PATTERNS:
        for path in sorted(fonts_dir.glob(pattern)):
            info = path.stat()
            found.append([path.name, info.st_size, info.st_mtime_ns])
    return found


def _kept_sources(memo: Path, stamp: list[list], fonts_dir: Path) -> dict[int, list[Path]] | None:
    try:
        data = json.loads(memo.read_text(encoding="utf-8"))
        if data["stamp"] != stamp:
            return None
        return {int(weight): [fonts_dir / name for name in names] for weight, names in data["sources"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # none yet, or damaged: the fonts are read again


def _unique(jobs: list[_Job]) -> list[_Job]:
    """One job per key: two pages whose cards are alike (a fallback page, say) share a render."""
    seen: dict[str, _Job] = {}
    for job in jobs:
        seen.setdefault(job.key, job)
    return list(seen.values())


def _render(job: _Job, renderer: share_image.Renderer, store: Path) -> float:
    """Lay out and draw one card into the store; returns the seconds it took."""
    started = time.perf_counter()
    data = renderer.render(job.card)
    elapsed = time.perf_counter() - started
    partial = store / f".{job.key}.{os.getpid()}"
    partial.write_bytes(data)
    os.replace(partial, store / (job.key + ".png"))
    return elapsed


def _tidy(store: Path, wanted: set[str]) -> None:
    """Drop images no page shows any more, once they outnumber the wanted ones (as the link
    cache does): a build that switches back and forth keeps its images."""
    stale = [entry for entry in os.scandir(store) if entry.name not in wanted]
    if len(stale) > len(wanted):
        for entry in stale:
            os.unlink(entry.path)
