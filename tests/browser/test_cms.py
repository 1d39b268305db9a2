"""`eupages edit` as a communications officer uses it: Decap CMS at /admin/, all from the
preview's own address, saving into content/ where an editor by hand would write, and the
live preview showing the change."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.tools.sites import copy_real_site, run_cli

WAIT_MS = 60_000  # a busy CI machine; an idle laptop needs a few seconds
PL_PAGE = "content/pl/projects/creative-metropoles.md"
RECORD = "content/projects/unesco-creative-cities-ostersund.yml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Editor:
    def __init__(self, root: Path, logs: Path):
        self.root = root
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.logs = logs
        self.log = (logs / "edit.log").open("w")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "edit", "-p", str(self.port)],
            cwd=root,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )

    def state(self) -> dict | None:
        try:
            with urllib.request.urlopen(self.base + "_eupages/state", timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            return None

    def wait_until(self, predicate, what: str) -> dict:
        deadline = time.monotonic() + WAIT_MS / 1000
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"eupages edit stopped ({self.process.returncode}):\n{self.output()}")
            state = self.state()
            if state is not None and predicate(state):
                return state
            time.sleep(0.2)
        pytest.fail(f"eupages edit never {what}\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return (self.logs / "edit.log").read_text()[-4000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def editor(tmp_path):
    root = copy_real_site(tmp_path / "site")
    logs = tmp_path / "logs"
    logs.mkdir()
    server = Editor(root, logs)
    try:
        server.wait_until(lambda s: s["ok"] and s["build"], "built the site")
        yield server
    finally:
        server.stop()


def _open_admin(editor: Editor, page_factory):
    page = page_factory(viewport=(1400, 1000))
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc) if r.url.startswith("http") else None)
    # Decap 3.16's locale menu throws this after switching the pane's language, harmlessly.
    known = ("onLocaleChange is not a function",)
    page.on("pageerror", lambda e: errors.append(str(e)) if not any(k in str(e) for k in known) else None)
    page.goto(editor.base + "admin/")
    page.get_by_role("button", name="Login").click(timeout=WAIT_MS)
    # The configuration made from the models loads without a config error (Decap validates it).
    page.get_by_role("link", name="Project records").first.wait_for(timeout=WAIT_MS)
    assert "Error loading the CMS configuration" not in page.inner_text("body")
    return page, hosts, errors


def _publish(page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def _wait_for_file(path: Path, text: str) -> str:
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        content = path.read_text(encoding="utf-8")
        if text in content:
            return content
        time.sleep(0.2)
    pytest.fail(f"{path} never contained {text!r}:\n{path.read_text(encoding='utf-8')[:1000]}")


def test_changing_the_polish_summary_saves_the_page_and_the_preview_shows_it(editor, page_factory):
    page_file = editor.root / PL_PAGE
    before = page_file.read_text(encoding="utf-8")
    old_summary = next(line for line in before.splitlines() if line.startswith("summary: "))[len("summary: ") :]
    new_summary = "Jedenaście miast wymieniało się doświadczeniami — zmienione w edytorze."
    page, hosts, errors = _open_admin(editor, page_factory)

    page.goto(editor.base + "admin/#/collections/project-pages/entries/creative-metropoles")
    page.get_by_text("Writing in SV").click(timeout=WAIT_MS)
    page.get_by_role("menuitem", name="PL").click()
    summary = page.locator(f'input[value="{old_summary}"]')
    summary.wait_for(timeout=WAIT_MS)
    summary.fill(new_summary)
    _publish(page)

    after = _wait_for_file(page_file, new_summary)
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1], "the Polish text itself changed"
    for lang in ("en", "sv", "no", "lt"):  # the other languages' pages are written back with the same values
        assert "Jedenaście" not in (editor.root / f"content/{lang}/projects/creative-metropoles.md").read_text()

    shown = editor.base + "pl/projects/creative-metropoles/"
    editor.wait_until(lambda s: s["ok"] and new_summary in _get(shown), "showed the new summary")
    preview = page_factory()
    preview.goto(editor.base + "pl/projects/creative-metropoles/")
    assert preview.get_by_text(new_summary).count() >= 1
    check = run_cli(editor.root, "check")
    assert check.returncode == 0, check.stderr
    assert hosts == {f"127.0.0.1:{editor.port}"}, f"the editor asked other hosts: {hosts}"
    assert not errors, errors


def _ids(page, selector: str) -> list[str]:
    """The ids of the elements matching selector, in document order."""
    return page.eval_on_selector_all(selector, "els => els.map(e => e.id)")


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_adding_a_partner_with_a_country_picked_by_name(editor, page_factory):
    page, hosts, errors = _open_admin(editor, page_factory)
    page.goto(editor.base + "admin/#/collections/records/entries/unesco-creative-cities-ostersund")
    page.get_by_role("button", name="Add partners").first.wait_for(timeout=WAIT_MS)
    texts, selects = _ids(page, "input[id^='all-field']"), _ids(page, "input[id^='country-field']")
    page.get_by_role("button", name="Add partners").click()
    page.wait_for_function(f"document.querySelectorAll(\"input[id^='all-field']\").length > {len(texts)}")
    new_texts = [i for i in _ids(page, "input[id^='all-field']") if i not in texts]  # name, then city
    new_selects = [i for i in _ids(page, "input[id^='country-field']") if i not in selects]
    page.locator(f"[id='{new_texts[0]}']").fill("Kauno miesto savivaldybė")
    page.locator(f"[id='{new_selects[0]}']").fill("Lithuania")
    page.keyboard.press("Enter")
    _publish(page)

    saved = _wait_for_file(editor.root / RECORD, "Kauno miesto savivaldybė")
    from generator.load import yaml_source

    data = yaml_source.load(saved).data
    assert data["partners"][-1] == {"name": "Kauno miesto savivaldybė", "country": "LT", "role": "partner"}
    check = run_cli(editor.root, "check")
    assert check.returncode == 0, check.stderr
    assert hosts == {f"127.0.0.1:{editor.port}"}, f"the editor asked other hosts: {hosts}"
    assert not errors, errors
