"""A local preview server for the built folder, with live reload when given a LiveSite.

Serve mode adds, on the fly and only to what it sends:
  /_eupages/live.js     the reload and problem-overlay client (generator/live.py)
  /_eupages/live.css    its styles
  /_eupages/events      Server-Sent Events: the build state, pushed on every rebuild
  /_eupages/state       the same state as JSON (for scripts and tests)
and a <script src="/_eupages/live.js"> in every HTML page. Nothing is written into the
built site, which stays exactly what `eupages build` makes.
"""

from __future__ import annotations

import functools
import http.server
import signal
import sys
import threading
import urllib.parse
from pathlib import Path

from generator.commands import live as live_mod

HEARTBEAT = 15.0  # seconds: a comment line keeps proxies and browsers from closing the stream


class _Handler(http.server.SimpleHTTPRequestHandler):
    live: live_mod.LiveSite | None = None
    prefix = "/"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".woff2": "font/woff2",
        ".xml": "application/xml",
    }

    # -- routing ----------------------------------------------------------

    def do_GET(self):
        self._route(head=False)

    def do_HEAD(self):
        self._route(head=True)

    def _route(self, head: bool) -> None:
        path = urllib.parse.urlsplit(self.path).path
        live = self.live
        if path.startswith("/_eupages/") and live is not None:
            return self._internal(live, path, head)
        if self.prefix != "/" and not (path + "/").startswith(self.prefix):
            if path in ("/", ""):
                return self._redirect(self.prefix)
            return self.send_error(404, "Outside the site's base path")
        if live is not None:
            file = self._file_for(path)
            if file is None:
                return self._redirect(path + "/")
            if file.suffix == ".html" and file.is_file():
                return self._send(200, "text/html; charset=utf-8", self._page(live, file.read_bytes()), head)
            if not live.has_site and (path.endswith("/") or path.endswith(".html")):
                return self._send(200, "text/html; charset=utf-8", self._page(live, live_mod.waiting_page()), head)
        if head:
            super().do_HEAD()
        else:
            super().do_GET()

    def translate_path(self, path):
        parts = urllib.parse.urlsplit(path)
        url_path = parts.path
        if self.prefix != "/" and url_path.startswith(self.prefix):
            url_path = "/" + url_path[len(self.prefix) :]
        return super().translate_path(urllib.parse.urlunsplit(("", "", url_path, parts.query, "")))

    def _file_for(self, path: str) -> Path | None:
        """The file a path names (index.html for folders); None when a folder lacks its slash."""
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                return None
            return local / "index.html"
        return local

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # -- serve-mode endpoints ------------------------------------------------

    def _internal(self, live: live_mod.LiveSite, path: str, head: bool) -> None:
        if path == "/_eupages/live.js":
            return self._send(200, "text/javascript; charset=utf-8", live_mod.LIVE_JS.encode(), head)
        if path == "/_eupages/live.css":
            return self._send(200, "text/css; charset=utf-8", live_mod.LIVE_CSS.encode(), head)
        if path == "/_eupages/state":
            return self._send(200, "application/json; charset=utf-8", live.state.as_json().encode(), head)
        if path == "/_eupages/events" and not head:
            return self._events(live)
        return self.send_error(404, "Unknown preview endpoint")

    def _events(self, live: live_mod.LiveSite) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()
        seen = None
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not getattr(self.server, "stopping", False):
                state = live.wait(seen, HEARTBEAT)
                if state.version != seen:
                    seen = state.version
                    self.wfile.write(f"event: state\ndata: {state.as_json()}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError, OSError):
            pass  # the tab was closed or reloaded
        self.close_connection = True

    def _page(self, live: live_mod.LiveSite, html: bytes) -> bytes:
        return live_mod.inject(html, live.state.build)

    def _send(self, code: int, content_type: str, body: bytes, head: bool = False) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    # -- errors and headers --------------------------------------------------

    def send_error(self, code, message=None, explain=None):
        # Show the site's own 404 page, as static hosts do.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            if self.live is not None:
                body = self._page(self.live, body)
            self._send(404, "text/html; charset=utf-8", body, self.command == "HEAD")
            return
        super().send_error(code, message, explain)

    def end_headers(self):
        if self.live is not None:  # while editing, every reload must show the newest build
            self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # quiet: one line per request is noise while editing
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    stopping = False

    def handle_error(self, request, client_address):
        # A tab closed or reloaded while a file was on its way: normal while editing, not an error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


def serve(folder: Path, host: str, port: int, live: live_mod.LiveSite | None = None, prefix: str = "/") -> int:
    handler_class = type("Handler", (_Handler,), {"live": live, "prefix": prefix})
    handler = functools.partial(handler_class, directory=str(folder))
    try:
        server = _Server((host, port), handler)
    except OSError as err:
        print(f"eupages: cannot listen on {host}:{port}: {err.strerror or err}", file=sys.stderr)
        print(f"eupages: is another preview running? Stop it, or choose another port: -p {port + 1}", file=sys.stderr)
        return 1
    with server:
        url = local_base_url(host, server.server_address[1], prefix)
        if live is not None:
            live.base_url = url  # links, canonical URLs and the sitemap point at the preview
            live.start()  # first build, then watch
            print(
                f"eupages: previewing at {url} — edits in content/, theme/ and site_config.yml"
                " appear by themselves (Ctrl+C to stop)",
                flush=True,
            )
        else:
            print(f"eupages: serving {folder} at {url} (Ctrl+C to stop)", flush=True)
        serve_until_stopped(server, live)
    return 0


def serve_until_stopped(server: _Server, live: live_mod.LiveSite | None) -> None:
    """Serve until Ctrl+C or SIGTERM, then stop the live rebuilds (the preview and the editor)."""
    _stop_on_sigterm()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping = True
        if live is not None:
            live.stop()


def _stop_on_sigterm() -> None:
    """`kill` (SIGTERM) stops the preview as Ctrl+C does: no half-written staging folder is left."""
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _shown_host(host: str) -> str:
    return "127.0.0.1" if host in ("", "0.0.0.0", "::") else host


def local_base_url(host: str, port: int, prefix: str) -> str:
    """The address pages are built for while previewing: links and canonical URLs stay local."""
    return f"http://{_shown_host(host)}:{port}{prefix}"


# What `eupages edit` (generator/commands/edit.py) builds its server from: the same preview,
# with the CMS's routes added.
PreviewHandler = _Handler
PreviewServer = _Server
