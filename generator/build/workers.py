"""Render pages in parallel worker processes that write straight into the staging folder.

Workers are forked after the site model is built and the templates are compiled, so they
start with everything in memory and nothing is sent to them but page numbers. Rendering a
page is a pure function of (site model, page), so the order pages finish in does not
matter: the output is the same as a one-process build, byte for byte.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar

import jinja2

from generator.errors import ContentError
from generator.model.site import PageRef

# Below this many pages a pool costs more than it saves.
PARALLEL_THRESHOLD = 48
CHUNK = 16

_state: dict = {}

W = TypeVar("W")  # what `write` returns for one page


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def render_pages(
    render: Callable[[PageRef], tuple[str, bytes]],
    refs: list[PageRef],
    write: Callable[[str, bytes], W],
    jobs: int,
    progress=None,
) -> list[tuple[str, W]]:
    """Render `refs`; `write(relative, data)` runs where the page was rendered and its result
    comes back with the page's path. Returns [(relative, result)] sorted by path.

    Template and content errors are re-raised in the parent."""
    results: list[tuple[str, W]] = []
    if jobs <= 1 or len(refs) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        for ref in refs:
            relative, data = render(ref)
            results.append((relative, write(relative, data)))
            if progress:
                progress.advance(1)
        return sorted(results, key=lambda item: item[0])
    _state.update(render=render, refs=refs, write=write)
    chunks = [range(i, min(i + CHUNK, len(refs))) for i in range(0, len(refs), CHUNK)]
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(processes=jobs) as pool:
            for done, error in pool.imap_unordered(_render_chunk, chunks):
                if error is not None:
                    pool.terminate()
                    raise error
                results.extend(done)
                if progress:
                    progress.advance(len(done))
    finally:
        _state.clear()
    return sorted(results, key=lambda item: item[0])


def _render_chunk(indices: range):
    render, refs, write = _state["render"], _state["refs"], _state["write"]
    done = []
    try:
        for i in indices:
            relative, data = render(refs[i])
            done.append((relative, write(relative, data)))
    except (jinja2.TemplateError, ContentError) as err:  # both pickle; the parent reports them
        return done, err
    return done, None


def fork_map(function: Callable, items: list, jobs: int, chunk: int = CHUNK) -> list:
    """`[function(item) for item in items]`, in forked workers when there are enough items.

    `function` runs in a worker with everything the parent had in memory; only results travel
    back, so they should be small."""
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _state.update(function=function, items=items)
    chunks = [range(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
    try:
        with multiprocessing.get_context("fork").Pool(processes=jobs) as pool:
            # One chunk a task: Pool.map's own batching hands out an eighth of the work at a
            # time (at 5,000 share images, batches of about 2 s), so one worker could sit idle
            # while the other finished its last batch.
            parts = pool.map(_map_chunk, chunks, chunksize=1)
    finally:
        _state.clear()
    return [result for part in parts for result in part]


def _map_chunk(indices: range) -> list:
    function, items = _state["function"], _state["items"]
    return [function(items[i]) for i in indices]
