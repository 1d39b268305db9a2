"""Fixtures for browser tests: real Chromium (Debian's /usr/bin/chromium)
driven by Playwright, and a static file server.

    def test_home(browser, page_factory, serve_dir, built_site):
        base = serve_dir(built_site)                  # "http://127.0.0.1:PORT/"
        page = page_factory(viewport=(375, 812))      # new page, fresh context
        page.goto(base + "en/")

    base = serve_dir(site, prefix="/repo/")          # "http://127.0.0.1:PORT/repo/"

Pages made during a test are closed (with their contexts) when that test
ends; pages made while setting up a class-, module- or session-scoped fixture
live as long as that fixture's scope allows (until the end of the session).
Nothing is downloaded: the browser is the one ``./scripts/test`` installs with
apt-get (never ``playwright install``).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from generator.commands.audit import CHROMIUM_ARGS as AUDIT_CHROMIUM_ARGS

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # so that `tests.tools` imports from any cwd
    sys.path.insert(0, str(_ROOT))

CHROMIUM = os.environ.get("EUPAGES_CHROMIUM", "/usr/bin/chromium")
# The same launch flags as `eupages audit --browser`: headless, sandbox-free, nothing fetched.
CHROMIUM_ARGS = AUDIT_CHROMIUM_ARGS
DEFAULT_VIEWPORT = (1280, 800)


# --------------------------------------------------------------------------
# Browser


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - set-up problem
        pytest.fail(
            f"the Python package 'playwright' is not importable ({exc}); "
            "run ./scripts/test, which installs requirements/test.lock",
            pytrace=False,
        )
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """Headless Chromium (Debian's /usr/bin/chromium), one per session."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Run ./scripts/test, which installs "
            "Debian's chromium (apt-get install -y chromium); never `playwright install`.",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
    )
    try:
        yield browser
    finally:
        browser.close()


# Contexts made by page_factory, in order; the autouse fixture below closes
# those made during each test.
_contexts: list = []


@pytest.fixture(scope="session")
def page_factory(browser):
    """``page_factory(viewport=(w, h), javascript_enabled=True, **context_options)``
    → a new ``playwright.sync_api.Page`` in a fresh browser context (own
    cookies, storage, cache). ``context_options`` go to
    ``browser.new_context`` (e.g. ``locale="sv-SE"``, ``reduced_motion="reduce"``,
    ``color_scheme="dark"``, ``device_scale_factor=2``)."""

    def make(viewport=DEFAULT_VIEWPORT, javascript_enabled=True, **context_options):
        width, height = viewport
        context = browser.new_context(
            viewport={"width": int(width), "height": int(height)},
            java_script_enabled=javascript_enabled,
            **context_options,
        )
        _contexts.append(context)
        return context.new_page()

    yield make
    while _contexts:
        _close_quietly(_contexts.pop())


@pytest.fixture(autouse=True)
def _close_test_pages():
    # Autouse function fixtures are set up after every wider-scoped fixture
    # of the test, so whatever is added to _contexts from here on belongs to
    # the test (or its function-scoped fixtures).
    mark = len(_contexts)
    yield
    while len(_contexts) > mark:
        _close_quietly(_contexts.pop())


def _close_quietly(context) -> None:
    try:
        context.close()
    except Exception:  # the browser may already be gone
        pass


# --------------------------------------------------------------------------
# Static file server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``prefix`` ("/" or e.g. "/repo/"); anything
    outside the prefix is a 404, as on a host serving only that sub-path."""

    prefix = "/"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".woff2": "font/woff2",
    }

    def translate_path(self, path):
        parts = urlsplit(path)
        url_path = parts.path
        if self.prefix != "/":
            if url_path == self.prefix.rstrip("/"):
                url_path = self.prefix  # "/repo" -> "/repo/" (redirected below)
            if not url_path.startswith(self.prefix):
                return None  # send_head answers 404
            url_path = "/" + url_path[len(self.prefix) :]
        # (SimpleHTTPRequestHandler redirects folder paths without a trailing
        # slash using the full request path, so "/repo/sub" -> "/repo/sub/".)
        return super().translate_path(urlunsplit(("", "", url_path, parts.query, "")))

    def send_head(self):
        if self.translate_path(self.path) is None:
            self.send_error(404, "Outside the served prefix")
            return None
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def serve_dir():
    """``serve_dir(path, prefix="/")`` → base URL ending in "/".

    Serves the folder ``path`` with ``http.server`` on a free 127.0.0.1 port
    in a background thread until the end of the session. With
    ``prefix="/repo/"`` the folder appears under that sub-path (like a
    GitHub Pages project site) and every other path is a 404."""
    servers: list[tuple[_QuietServer, threading.Thread]] = []

    def serve(path, prefix: str = "/") -> str:
        directory = Path(path).resolve()
        if not directory.is_dir():
            raise FileNotFoundError(f"serve_dir: {directory} is not a folder")
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        handler = type("Handler", (_QuietHandler,), {"prefix": prefix})
        handler = functools.partial(handler, directory=str(directory))
        server = _QuietServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        thread = threading.Thread(
            target=server.serve_forever, name=f"serve_dir {directory}", kwargs={"poll_interval": 0.1}, daemon=True
        )
        thread.start()
        servers.append((server, thread))
        host, port = server.server_address[:2]
        return f"http://{host}:{port}{prefix}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection early (a cancelled prefetch, a closed page) is not
    an error worth a traceback in the test log."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)
