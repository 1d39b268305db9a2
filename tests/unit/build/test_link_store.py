"""The build's store of each page's links: found again by the page's key, in this process or
a forked one, and never the cause of a wrong verdict when it is missing or damaged."""

from __future__ import annotations

import multiprocessing

import pytest

from generator.build.link_store import FILE_NAME, LinkStore
from generator.publish.links import parse_html

PAGE = b'<!doctype html><html><body><h1 id="top">T</h1><a href="/en/about/">About</a></body></html>'
OTHER = b'<!doctype html><html><body><p id="elsewhere">Now different</p></body></html>'


def _staged(tmp_path, data: bytes = PAGE):
    staging = tmp_path / "staging"
    (staging / "en").mkdir(parents=True, exist_ok=True)
    (staging / "en/index.html").write_bytes(data)
    return staging


def _in_a_forked_worker(store: LinkStore, page) -> None:
    store.save("en/index.html", page)


def test_links_saved_in_a_forked_worker_are_read_by_the_next_build(tmp_path):
    staging, cache = _staged(tmp_path), tmp_path / "cache"
    store = LinkStore(cache, {"en/index.html": "key-1"}, staging)
    worker = multiprocessing.get_context("fork").Process(target=_in_a_forked_worker, args=(store, parse_html(PAGE)))
    worker.start()
    worker.join()
    assert worker.exitcode == 0
    (staging / "en/index.html").write_bytes(OTHER)  # so a page parsed again would show it
    later = LinkStore(cache, {"en/index.html": "key-1"}, staging)
    assert later.load("en/index.html").ids == {"top"}
    later.tidy()


def test_a_page_not_in_the_store_is_parsed_from_the_staging_folder(tmp_path):
    staging = _staged(tmp_path, OTHER)
    store = LinkStore(tmp_path / "cache", {"en/index.html": "never-saved"}, staging)
    assert store.load("en/index.html").ids == {"elsewhere"}


@pytest.mark.parametrize("damage", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_damaged_store_is_started_afresh(tmp_path, damage):
    staging, cache = _staged(tmp_path), tmp_path / "cache"
    cache.mkdir()
    (cache / FILE_NAME).write_bytes(damage)
    store = LinkStore(cache, {"en/index.html": "key-1"}, staging)
    store.save("en/index.html", parse_html(PAGE))
    (staging / "en/index.html").write_bytes(OTHER)
    assert store.load("en/index.html").ids == {"top"}


def test_links_of_pages_no_longer_built_are_dropped_once_they_outnumber_the_rest(tmp_path):
    staging, cache = _staged(tmp_path), tmp_path / "cache"
    old = LinkStore(cache, {f"p{i}.html": f"old-{i}" for i in range(5)}, staging)
    for i in range(5):
        old.save(f"p{i}.html", parse_html(PAGE))
    old.tidy()
    current = LinkStore(cache, {"en/index.html": "key-1"}, staging)
    current.save("en/index.html", parse_html(PAGE))
    current.tidy()  # 5 stale rows, 1 wanted: the stale go
    (staging / "en/index.html").write_bytes(OTHER)
    back = LinkStore(cache, {"p0.html": "old-0", "en/index.html": "key-1"}, staging)
    (staging / "p0.html").write_bytes(OTHER)
    assert back.load("p0.html").ids == {"elsewhere"}  # parsed again: its row was dropped
    assert back.load("en/index.html").ids == {"top"}
