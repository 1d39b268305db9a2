"""`eupages serve` as an editor uses it: a page open in Chromium follows the files as they are
saved — a new text appears without a manual reload, a broken file shows its problem over the
page (file, line, message), and the page recovers on the next good save."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.tools.sites import make_site

RECORD = "content/projects/test-project.yml"
PAGE = "content/en/projects/test-project.md"
WAIT_MS = 30_000  # generous for a busy CI machine; an idle laptop takes about a second


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _state(base: str) -> dict | None:
    try:
        with urllib.request.urlopen(base + "_eupages/state", timeout=2) as response:
            return json.loads(response.read())
    except OSError:
        return None


class Preview:
    def __init__(self, root: Path, logs: Path):
        self.root = root
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.out = (logs / "serve.out").open("w")
        self.err = (logs / "serve.err").open("w")
        self.logs = logs
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-p", str(self.port)],
            cwd=root,
            stdout=self.out,
            stderr=self.err,
            env=env,
        )

    def wait_until(self, predicate, what: str, timeout: float = WAIT_MS / 1000) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"eupages serve stopped ({self.process.returncode}):\n{self.output()}")
            state = _state(self.base)
            if state is not None and predicate(state):
                return state
            time.sleep(0.1)
        pytest.fail(f"the preview never {what}; last state {_state(self.base)}\n{self.output()}")

    def output(self) -> str:
        self.out.flush()
        self.err.flush()
        return ((self.logs / "serve.out").read_text() + (self.logs / "serve.err").read_text())[-4000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.out.close()
        self.err.close()


@pytest.fixture
def preview(tmp_path):
    root = make_site(tmp_path)
    logs = tmp_path / "logs"
    logs.mkdir()
    server = Preview(root, logs)
    try:
        server.wait_until(lambda s: s["ok"] and s["build"], "built the site")
        yield server
    finally:
        server.stop()


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _watch_console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    return messages


def test_saved_markdown_appears_without_a_manual_reload(preview, page_factory):
    page = page_factory()
    console = _watch_console(page)
    page.goto(preview.base + "en/projects/test-project/")
    page.wait_for_selector("text=It tests things.")
    page.evaluate("window.__openedByTest = true")  # gone once the preview has reloaded the page

    started = time.monotonic()
    _edit(preview.root, PAGE, "It tests things.", "It tests the live preview.")
    page.wait_for_selector("text=It tests the live preview.", timeout=WAIT_MS)
    seconds = time.monotonic() - started

    assert page.evaluate("window.__openedByTest") is None, "the preview itself reloaded the page"
    assert page.url == preview.base + "en/projects/test-project/"
    assert not [m for m in console if "Content Security Policy" in m or "pageerror" in m], console
    print(f"saved → shown in {seconds:.2f} s")

    # The reload client lives in the server only: the built files never carry it.
    built = (preview.root / "site/en/projects/test-project/index.html").read_text(encoding="utf-8")
    assert "It tests the live preview." in built
    assert "_eupages" not in built
    assert not [p for p in (preview.root / "site").rglob("*") if "live.js" in p.name]


def test_broken_yaml_shows_the_problem_and_the_page_recovers(preview, page_factory):
    page = page_factory()
    console = _watch_console(page)
    page.goto(preview.base + "en/projects/test-project/")
    page.wait_for_selector("text=It tests things.")
    good_build = preview.wait_until(lambda s: s["ok"], "was ready")["build"]

    _edit(preview.root, RECORD, "  start: 2010-10-01", "\tstart: 2010-10-01")
    overlay = page.wait_for_selector("#eupages-overlay", state="visible", timeout=WAIT_MS)
    text = " ".join(overlay.inner_text().split())
    assert (
        "content/projects/test-project.yml:5: this line is indented with a tab; YAML allows only spaces"
        " — replace the tab with spaces (two per level is usual)"
    ) in text
    assert "last version that worked" in text
    # The last good site is still what is served and shown under the overlay.
    assert page.get_by_text("It tests things.").count() == 1
    with urllib.request.urlopen(preview.base + "en/projects/test-project/") as response:
        assert b"It tests things." in response.read()
    assert preview.wait_until(lambda s: not s["ok"], "saw the problem")["build"] == good_build

    page.evaluate("window.__beforeFix = true")
    _edit(preview.root, RECORD, "\tstart: 2010-10-01", "  start: 2010-10-01")
    _edit(preview.root, PAGE, "It tests things.", "It was fixed.")
    page.wait_for_selector("text=It was fixed.", timeout=WAIT_MS)
    assert page.query_selector("#eupages-overlay") is None
    assert page.evaluate("window.__beforeFix") is None  # a fresh page, not an overlay hidden by hand
    assert not [m for m in console if "Content Security Policy" in m or "pageerror" in m], console
    assert "1 problem found" in preview.output()


def test_the_overlay_names_each_problem_and_can_be_hidden(preview, page_factory):
    page = page_factory(viewport=(390, 800))
    page.goto(preview.base + "en/")
    record = preview.root / RECORD  # two mistakes in one save
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("acronym: TP", "acronim: TP").replace("role: lead", "role: leed"), encoding="utf-8")
    overlay = page.wait_for_selector("#eupages-overlay", state="visible", timeout=WAIT_MS)
    assert overlay.get_attribute("role") == "alert"
    items = [" ".join(li.inner_text().split()) for li in page.query_selector_all(".eupages-problem")]
    assert items == [
        "content/projects/test-project.yml:1: unknown field 'acronim' — did you mean 'acronym'?",
        "content/projects/test-project.yml:17: 'partners.0.role' cannot be 'leed' — use one of: 'lead',"
        " 'partner' or 'associated' (did you mean 'lead'?)",
    ]
    page.get_by_role("button", name="Hide").click()
    assert page.query_selector("#eupages-overlay") is None


def test_the_preview_starts_on_a_broken_site_and_turns_into_it_when_fixed(tmp_path, page_factory):
    root = make_site(tmp_path)
    _edit(root, "content/en/index.md", "title: Welcome", "title: Welcome: home")
    logs = tmp_path / "logs"
    logs.mkdir()
    server = Preview(root, logs)
    try:
        server.wait_until(lambda s: not s["ok"], "reported the broken page")
        page = page_factory()
        page.goto(server.base + "en/")
        overlay = page.wait_for_selector("#eupages-overlay", state="visible", timeout=WAIT_MS)
        assert "content/en/index.md:2: a colon followed by a space" in overlay.inner_text()
        _edit(root, "content/en/index.md", "title: Welcome: home", 'title: "Welcome: home"')
        page.wait_for_selector("h1:has-text('Welcome: home')", timeout=WAIT_MS)
        assert page.query_selector("#eupages-overlay") is None
    finally:
        server.stop()
