"""`eupages edit`: the live preview, and Decap CMS at /admin/ for editing in a browser.

One address serves everything, so the editor page makes no request to another host:

  /…                  the live preview, exactly as `eupages serve` (generator/commands/serve.py)
  /admin/             Decap CMS from node_modules/decap-cms (never a CDN), with eupages' file
                      formats, the site's stylesheet in the preview pane and a panel listing the
                      problems the live build finds (cms_assets/)
  /admin/config.yml   the CMS configuration, made from eupages' models (cms_config.py)
  /api/v1             Decap's local backend: decap-server (node_modules/decap-server), run by
                      this command on a free local port and reached through this server

Saving in the CMS writes the files in content/ (decap-server's file-system mode); the watcher
of the live preview then rebuilds the site and the preview reloads. Decap CMS and decap-server
need Node.js; building and serving the public site never do.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generator.commands import cms_config
from generator.commands import live as live_mod
from generator.commands.serve import PreviewHandler, PreviewServer, local_base_url, serve_until_stopped

ASSETS = Path(__file__).with_name("cms_assets")
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
STARTUP = 20.0  # seconds decap-server may take to answer on a busy machine
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class EditError(Exception):
    """A set-up problem: the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Tools:
    node: str
    decap_dist: Path  # node_modules/decap-cms/dist
    decap_server: Path  # node_modules/decap-server/dist/index.js
    yaml_dist: Path  # node_modules/yaml/browser/dist


def find_tools(site_root: Path) -> Tools:
    node = shutil.which("node")
    if node is None:
        raise EditError(
            "eupages edit needs Node.js for the CMS, and `node` is not installed — install Node.js 18 or newer "
            "(on Debian: apt-get install nodejs npm), then run `npm ci` in the eupages folder"
        )
    wanted = {
        "decap-cms": Path("decap-cms/dist/decap-cms.js"),
        "decap-server": Path("decap-server/dist/index.js"),
        "yaml": Path("yaml/browser/dist/index.js"),
    }
    for folder in node_modules_candidates(site_root):
        if all((folder / relative).is_file() for relative in wanted.values()):
            return Tools(
                node=node,
                decap_dist=folder / "decap-cms/dist",
                decap_server=folder / wanted["decap-server"],
                yaml_dist=folder / "yaml/browser/dist",
            )
    raise EditError(
        "eupages edit needs the Decap CMS packages (decap-cms, decap-server) in node_modules, and they are "
        f"not installed — run `npm ci --ignore-scripts` in {PACKAGE_ROOT} (./scripts/test does it too)"
    )


def node_modules_candidates(site_root: Path) -> list[Path]:
    out = []
    if os.environ.get("EUPAGES_NODE_MODULES"):
        out.append(Path(os.environ["EUPAGES_NODE_MODULES"]))
    out += [folder / "node_modules" for folder in (site_root, *site_root.parents)]
    out.append(PACKAGE_ROOT / "node_modules")
    return out


# --------------------------------------------------------------------------
# decap-server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DecapServer:
    """decap-server in its file-system mode, writing into the site's folder."""

    def __init__(self, tools: Tools, root: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        env = {
            **os.environ,
            "PORT": str(self.port),
            "BIND_HOST": "127.0.0.1",
            "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(root),
            "LOG_LEVEL": "warn",
        }
        self.process = subprocess.Popen(
            [tools.node, str(tools.decap_server)], cwd=root, env=env, stdout=sys.stderr, stderr=sys.stderr
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EditError(
                    f"decap-server stopped at start (exit {self.process.returncode}) — see the lines above; "
                    "run `npm ci --ignore-scripts` again if its files are damaged"
                )
            try:
                self.post(json.dumps({"action": "info"}).encode())
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise EditError(f"decap-server did not answer within {STARTUP:.0f} s — is the machine very busy? Try again")

    def post(self, body: bytes) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class ProjectPagePaths:
    """Decap's i18n folders put the language right above the file: the CMS asks for
    content/projects/<lang>/<slug>.md where eupages keeps content/<lang>/projects/<slug>.md.
    The requests to decap-server and its answers are translated between the two."""

    def __init__(self, content: str):
        self.content = content.strip("/")
        self.folder = f"{self.content}/projects"
        self._cms = re.compile(rf"^{re.escape(self.folder)}/([a-z]{{2,3}})/([^/]+\.md)$")
        self._real = re.compile(rf"^{re.escape(self.content)}/([a-z]{{2,3}})/projects/([^/]+\.md)$")

    def to_disk(self, path: str) -> str:
        found = self._cms.match(path)
        return f"{self.content}/{found[1]}/projects/{found[2]}" if found else path

    def to_cms(self, path: str) -> str:
        found = self._real.match(path)
        return f"{self.folder}/{found[1]}/{found[2]}" if found else path

    def lists_pages(self, request: dict) -> bool:
        params = request.get("params") or {}
        return (
            request.get("action") == "entriesByFolder"
            and str(params.get("folder", "")).strip("/") == self.folder
            and params.get("extension") == "md"
        )

    def request(self, request: dict) -> dict:
        params = request.get("params") or {}
        if "path" in params:
            params["path"] = self.to_disk(params["path"])
        for item in params.get("files") or []:
            item["path"] = self.to_disk(item["path"])
        for item in [params.get("entry")] + list(params.get("dataFiles") or []):
            if isinstance(item, dict):
                for key in ("path", "newPath"):
                    if item.get(key):
                        item[key] = self.to_disk(item[key])
        return request

    def answer(self, answer):
        items = answer if isinstance(answer, list) else [answer]
        for item in items:
            file = item.get("file") if isinstance(item, dict) else None
            if isinstance(file, dict) and isinstance(file.get("path"), str):
                file["path"] = self.to_cms(file["path"])
        return answer

    def listing(self, root: Path) -> dict:
        """What decap-server would list if the pages were where the CMS looks for them."""
        files = sorted(root.glob(f"{self.content}/*/projects/*.md"))
        paths = [p.relative_to(root).as_posix() for p in files]
        return {"action": "entriesByFiles", "params": {"branch": "main", "files": [{"path": p} for p in paths]}}


# --------------------------------------------------------------------------
# The admin pages


def stylesheets(output: Path, base_path: str, default_language: str) -> list[str]:
    """The built site's own stylesheets (fingerprinted names), read from its home page."""
    home = output / default_language / "index.html"
    if not home.is_file():
        return []
    html = home.read_text(encoding="utf-8", errors="replace")
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


class _EditHandler(PreviewHandler):
    config: Path = Path("site_config.yml")
    tools: Tools | None = None
    backend: DecapServer | None = None
    paths: ProjectPagePaths = ProjectPagePaths("content")

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path != "/api/v1" or self.backend is None:
            return self.send_error(404, "Only the CMS's local backend takes POST requests")
        length = int(self.headers.get("Content-Length") or 0)
        paths = self.paths
        try:
            request = json.loads(self.rfile.read(length))
        except ValueError:
            return self._send(422, "application/json", b'{"error": "not JSON"}')
        if paths.lists_pages(request):
            request = paths.listing(Path(self.config).resolve().parent)
        status, body = self.backend.post(json.dumps(paths.request(request)).encode())
        if status == 200:
            body = json.dumps(paths.answer(json.loads(body)), ensure_ascii=False).encode()
        self._send(status, "application/json; charset=utf-8", body)

    def do_GET(self):
        if not self._editor(head=False):
            super().do_GET()

    def do_HEAD(self):
        if not self._editor(head=True):
            super().do_HEAD()

    def _editor(self, head: bool) -> bool:
        """Answer the editor's own addresses; False for everything the preview answers."""
        path = urllib.parse.urlsplit(self.path).path
        if path == "/admin":
            self._redirect("/admin/")
        elif path.startswith("/admin/"):
            self._admin(path[len("/admin/") :], head)
        else:
            return False
        return True

    def _admin(self, name: str, head: bool) -> None:
        if name in ("", "index.html"):
            return self._send(200, "text/html; charset=utf-8", (ASSETS / "index.html").read_bytes(), head)
        if name == "config.yml":
            return self._send(200, "text/yaml; charset=utf-8", cms_config.render(self.config).encode(), head)
        if name == "eupages-fields.json":
            return self._send(200, "application/json; charset=utf-8", self._fields(), head)
        file = self._admin_file(name)
        if file is None or not file.is_file():
            return self.send_error(404, "Not part of the editor")
        kind = self.guess_type(str(file))
        if file.suffix in (".js", ".mjs"):
            kind = "text/javascript; charset=utf-8"
        self._send(200, kind, file.read_bytes(), head)

    def _admin_file(self, name: str) -> Path | None:
        tools = self.tools
        if tools is None:
            return None
        if name.startswith("vendor/yaml/"):
            rest = name[len("vendor/yaml/") :]
            return tools.yaml_dist / rest if FILE_NAME.match(rest) else None
        if not FILE_NAME.match(name):
            return None
        own = ASSETS / name
        return own if own.is_file() else tools.decap_dist / name

    def _fields(self) -> bytes:
        live = self.live
        fields = cms_config.field_kinds(self.config)
        site = cms_config.Site.read(self.config)
        prefix = live.sources.base_path if live else "/"
        output = live.sources.output if live else Path(self.directory)
        fields.update(
            live=live is not None,
            previewBase=prefix,
            defaultLanguage=site.default_language,
            stylesheets=stylesheets(output, prefix, site.default_language),
        )
        return json.dumps(fields, ensure_ascii=False).encode()


# --------------------------------------------------------------------------
# The command


def edit(config: Path, host: str, port: int, output: Path | None = None) -> int:
    root = config.resolve().parent
    tools = find_tools(root)
    if cms_config.stale(config):
        print(
            f"eupages: {root / cms_config.CONFIG_FILE} is out of date; the editor uses the configuration made from "
            "the models now — run: eupages cms --write, and commit it",
            file=sys.stderr,
        )
    live = live_mod.LiveSite(config, output)
    backend = DecapServer(tools, root)
    try:
        backend.wait_until_ready()
        return _serve(live, config, tools, backend, host, port)
    finally:
        backend.stop()


def _serve(live, config: Path, tools: Tools, backend: DecapServer, host: str, port: int) -> int:
    content = live.sources.content.relative_to(config.resolve().parent).as_posix()
    attributes = {
        "live": live,
        "prefix": live.sources.base_path,
        "config": config,
        "tools": tools,
        "backend": backend,
        "paths": ProjectPagePaths(content),
    }
    handler_class = type("EditHandler", (_EditHandler,), attributes)
    handler = functools.partial(handler_class, directory=str(live.sources.output))
    try:
        server = PreviewServer((host, port), handler)
    except OSError as err:
        print(f"eupages: cannot listen on {host}:{port}: {err.strerror or err}", file=sys.stderr)
        print(f"eupages: is another preview running? Stop it, or choose another port: -p {port + 1}", file=sys.stderr)
        return 1
    with server:
        url = local_base_url(host, server.server_address[1], live.sources.base_path)
        live.base_url = url
        live.start()
        admin = local_base_url(host, server.server_address[1], "/admin/")
        print(f"eupages: editing at {admin} — the preview is at {url} (Ctrl+C to stop)", flush=True)
        serve_until_stopped(server, live)
    return 0
