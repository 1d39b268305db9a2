"""The live preview's parts, without a browser: what is watched, what the browser is told, and
what is added to pages (only in what the server sends)."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

from generator.commands import live
from generator.errors import ContentError, Problem


def _site(tmp_path: Path) -> Path:
    (tmp_path / "site_config.yml").write_text(
        "base_url: https://example.org/repo/\nfolders: {content: content, theme: theme, output: out}\n"
    )
    (tmp_path / "content/en").mkdir(parents=True)
    (tmp_path / "content/en/index.md").write_text("---\ntitle: A\nsummary: B\n---\n")
    (tmp_path / "theme").mkdir()
    (tmp_path / "out").mkdir()
    return tmp_path / "site_config.yml"


def test_sources_come_from_the_configuration(tmp_path):
    config = _site(tmp_path)
    sources = live.Sources.read(config)
    assert sources.content == (tmp_path / "content").resolve()
    assert sources.output == (tmp_path / "out").resolve()
    assert sources.base_path == "/repo/"
    config.write_text("folders: [broken\n")  # a broken configuration keeps what was known
    assert live.Sources.read(config, previous=sources) is sources


def test_scan_sees_edits_and_ignores_editor_files_and_output(tmp_path):
    config = _site(tmp_path)
    sources = live.Sources.read(config)
    before = live.scan(sources.roots(), skip=[sources.output])
    for noise in ("content/en/.index.md.swp", "content/en/index.md~", "content/en/#index.md#", "out/index.html"):
        (tmp_path / noise).write_text("x")
    assert live.changes(before, live.scan(sources.roots(), skip=[sources.output])) == []
    page = tmp_path / "content/en/index.md"
    page.write_text("---\ntitle: A changed\nsummary: B\n---\n")
    os.utime(page, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert live.changes(before, live.scan(sources.roots(), skip=[sources.output])) == [str(page)]


def test_rebuild_states_problems_then_recovery(tmp_path):
    config = _site(tmp_path)
    outcomes = [
        SimpleNamespace(pages=3),
        ContentError([Problem("content/en/index.md", 2, "a colon …", "put the value in quotes")]),
        SimpleNamespace(pages=3),
    ]

    def builder(config_path, output, base_url):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    out, err = io.StringIO(), io.StringIO()
    site = live.LiveSite(config, builder=builder, out=out, err=err)
    first = site.rebuild()
    assert first.ok and first.build.endswith("-1")
    broken = site.rebuild("content/en/index.md changed")
    assert not broken.ok and broken.build == first.build  # the last good site is still the one served
    assert (
        json.loads(broken.as_json())["problems"][0]["text"]
        == "content/en/index.md:2: a colon … — put the value in quotes"
    )
    assert "content/en/index.md:2: a colon … — put the value in quotes" in err.getvalue()
    assert "1 problem found; the preview keeps showing the last good version" in err.getvalue()
    fixed = site.rebuild("content/en/index.md changed")
    assert fixed.ok and fixed.build.endswith("-2")
    assert "content/en/index.md changed; fixed; built 3 pages" in out.getvalue()
    assert site.wait(first.version, timeout=0).version == fixed.version


def test_a_deferred_search_index_is_brought_up_to_date_right_after_the_pages(tmp_path):
    config = _site(tmp_path)
    calls = []

    def builder(*args):
        calls.append("pages")
        return SimpleNamespace(pages=3, rendered=1, search_pending=("pl", "sv"))

    def indexer(*args):
        calls.append("index")
        return SimpleNamespace(pages=3, rendered=0, search_pending=())

    out = io.StringIO()
    site = live.LiveSite(config, builder=builder, indexer=indexer, out=out, err=io.StringIO())
    state = site.rebuild("content/pl/index.md changed")
    assert calls == ["pages", "index"]
    assert state.ok and state.build.endswith("-1"), "the pages did not change again: open tabs need no second reload"
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("eupages: content/pl/index.md changed; built 3 pages in ")
    assert lines[1].startswith("eupages: search index brought up to date (pl, sv) in ")


def test_an_edit_saved_while_indexing_reloads_the_browsers_again(tmp_path):
    config = _site(tmp_path)
    pending = SimpleNamespace(pages=3, rendered=1, search_pending=("pl",))
    site = live.LiveSite(
        config,
        builder=lambda *a: pending,
        indexer=lambda *a: SimpleNamespace(pages=3, rendered=2, search_pending=()),
        out=io.StringIO(),
        err=io.StringIO(),
    )
    assert site.rebuild().build.endswith("-2")


def test_a_failed_indexing_pass_is_shown_like_any_failed_build(tmp_path):
    config = _site(tmp_path)

    def indexer(*args):
        raise ContentError([Problem("content/pl/index.md", 1, "broken meanwhile", "fix it")])

    err = io.StringIO()
    site = live.LiveSite(
        config,
        builder=lambda *a: SimpleNamespace(pages=3, rendered=1, search_pending=("pl",)),
        indexer=indexer,
        out=io.StringIO(),
        err=err,
    )
    state = site.rebuild()
    assert not state.ok and state.build.endswith("-1")
    assert "content/pl/index.md:1: broken meanwhile — fix it" in err.getvalue()


def test_a_bug_in_the_build_keeps_the_preview_running(tmp_path):
    config = _site(tmp_path)

    def builder(*args):
        raise RuntimeError("boom")

    site = live.LiveSite(config, builder=builder, out=io.StringIO(), err=io.StringIO())
    state = site.rebuild()
    assert not state.ok and state.note == "eupages could not build the site: RuntimeError: boom"


def test_poll_once_rebuilds_after_a_save(tmp_path):
    config = _site(tmp_path)
    calls = []
    site = live.LiveSite(
        config, builder=lambda *a: calls.append(a) or SimpleNamespace(pages=1), out=io.StringIO(), err=io.StringIO()
    )
    site.start()
    try:
        assert len(calls) == 1
        page = tmp_path / "content/en/index.md"
        page.write_text("---\ntitle: Changed\nsummary: B\n---\n")
        os.utime(page, ns=(time.time_ns(), time.time_ns() + 10_000_000))
        deadline = time.monotonic() + 10
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(calls) == 2
        assert calls[1][1] == (tmp_path / "out").resolve()
    finally:
        site.stop()


def test_the_reload_client_is_added_to_pages_as_an_external_script():
    html = b"<!doctype html><html><head><title>x</title></head><body>x</body></html>"
    served = live.inject(html, "abc-3")
    assert b'<script src="/_eupages/live.js?build=abc-3" defer></script>\n</head>' in served
    assert served.count(b"<script") == 1 and b"<script>" not in served  # nothing inline (CSP)
    assert live.inject(b"<p>fragment</p>", "x").endswith(b'<script src="/_eupages/live.js?build=x" defer></script>')
    assert "innerHTML" not in live.LIVE_JS  # problems are shown as text, never as markup
