"""Live preview: watch the site's sources, rebuild on every save, tell open browser tabs.

`eupages serve` runs a `LiveSite` next to its HTTP server (generator/serve.py):

* a watcher thread polls the modification times of `site_config.yml`, `content/` and
  `theme/` a few times a second; when something changed (and has stopped changing for a
  moment, as editors save in several steps) it rebuilds the site with
  `generator.build.build()` into the output folder, exactly as `eupages build` does, with
  the parse cache kept in memory between builds (`Resident`). The build writes into a
  staging folder and swaps it in only when complete, so a failed build leaves the last
  good site in place and the server keeps serving it;
* every outcome becomes a new `State` (ok with a new build id, or the problems found),
  printed in the terminal and pushed to the browser through Server-Sent Events at
  `/_eupages/events`;
* the server adds `<script src="/_eupages/live.js?build=…">` to every HTML page it sends
  (never to the files on disk): the script reloads the page when a newer build is ready
  and shows the problems in an overlay while the site cannot be built. It is an external
  same-origin file because the pages' Content-Security-Policy (`script-src 'self'`)
  forbids inline scripts; its styles come from `/_eupages/live.css` for the same reason.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build.pipeline import Resident, build
from generator.errors import ContentError, Problem
from generator.load import yaml_source
from generator.values import base_path_of

POLL = 0.25  # seconds between two looks at the files
SETTLE = 0.15  # a change must stay unchanged this long before a rebuild starts
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


# --------------------------------------------------------------------------
# What the browser is told


@dataclass(frozen=True)
class State:
    version: int  # changes whenever anything worth telling happened
    build: str  # id of the site being served ("" before the first good build)
    ok: bool
    problems: tuple[Problem, ...] = ()
    note: str = ""  # a failure that is no content problem (a bug): said as is

    def as_json(self) -> str:
        return json.dumps(
            {
                "build": self.build,
                "ok": self.ok,
                "note": self.note,
                "problems": [
                    {"path": p.path, "line": p.line, "message": p.message, "hint": p.hint, "text": str(p)}
                    for p in self.problems
                ],
            },
            ensure_ascii=False,
        )


# --------------------------------------------------------------------------
# Where the sources are


@dataclass
class Sources:
    """What to watch and where to build, read leniently from site_config.yml: the preview
    must start (and show the problem) even when the configuration itself is broken."""

    config: Path
    content: Path
    theme: Path
    output: Path
    base_path: str = "/"

    @classmethod
    def read(cls, config: Path, output: Path | None = None, previous: Sources | None = None) -> Sources:
        root = config.resolve().parent
        folders: dict = {}
        base_url = ""
        try:
            data = yaml_source.load(config.read_text(encoding="utf-8")).data
            if isinstance(data, dict):
                folders_value, base_url_value = data.get("folders"), data.get("base_url")
                folders = folders_value if isinstance(folders_value, dict) else {}
                base_url = base_url_value if isinstance(base_url_value, str) else ""
        except (OSError, UnicodeDecodeError, yaml_source.YamlSyntaxError):
            if previous is not None:
                return previous

        def folder(name: str, default: str) -> Path:
            value = folders.get(name)
            return (root / (value if isinstance(value, str) and value else default)).resolve()

        return cls(
            config=config.resolve(),
            content=folder("content", "content"),
            theme=folder("theme", "theme"),
            output=(output.resolve() if output else folder("output", "site")),
            base_path=base_path_of(base_url),
        )

    def roots(self) -> list[Path]:
        return [self.config, self.content, self.theme]


def scan(roots: list[Path], skip: Iterable[Path] = ()) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file under `roots`, leaving out hidden files,
    editors' backup and swap files, and anything under `skip` (the output folder)."""
    found: dict[str, tuple[int, int]] = {}
    skipped = [s.resolve() for s in skip]
    for root in roots:
        if root.is_file():
            _note(found, root)
            continue
        if not root.is_dir():
            continue
        stack = [root]
        while stack:
            folder = stack.pop()
            if folder in skipped:
                continue
            try:
                entries = list(folder.iterdir())
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith((".", "#")) or entry.name.endswith(IGNORED_SUFFIXES):
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    stack.append(entry)
                else:
                    _note(found, entry)
    return found


def _note(found: dict, path: Path) -> None:
    try:
        info = path.stat()
    except OSError:  # removed between listing and looking
        return
    found[str(path)] = (info.st_mtime_ns, info.st_size)


def changes(before: dict, after: dict) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


# --------------------------------------------------------------------------
# The rebuild loop


Builder = Callable[[Path, Path, str | None], object]


def _default_builders(resident: Resident) -> tuple[Builder, Builder]:
    """The preview's builds, in this process with the parse cache kept in memory. Pages
    first: a language's search index is brought up to date right after (the indexer), so
    that a save shows in the browser without waiting for Pagefind."""

    def pages(config: Path, output: Path, base_url: str | None):
        return build(config, output, base_url, defer_search=True, resident=resident)

    def index(config: Path, output: Path, base_url: str | None):
        return build(config, output, base_url, resident=resident)

    return pages, index


class LiveSite:
    """Rebuilds on change and keeps the State that browsers are told about."""

    def __init__(
        self,
        config: Path,
        output: Path | None = None,
        *,
        base_url: str | None = None,
        builder: Builder | None = None,
        indexer: Builder | None = None,
        out=None,
        err=None,
    ):
        self.config = config
        self._output_override = output
        self.sources = Sources.read(config, output)
        self.base_url = base_url
        pages, index = _default_builders(Resident())
        self._builder = builder or pages
        self._indexer = indexer or index
        self._out = out or sys.stdout
        self._err = err or sys.stderr
        self._changed = threading.Condition()
        self._state = State(version=0, build="", ok=True)
        self._boot = format(int(time.time() * 1000) % 0xFFFFFFFF, "x")
        self._builds = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._snapshot: dict = {}

    # -- state ----------------------------------------------------------

    @property
    def state(self) -> State:
        with self._changed:
            return self._state

    @property
    def has_site(self) -> bool:
        return (self.sources.output / "index.html").is_file() or any(self.sources.output.glob("*/index.html"))

    def wait(self, seen: int | None, timeout: float) -> State:
        """The current state once it differs from version `seen` (or after `timeout`)."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.version != seen or self._stop.is_set(), timeout)
            return self._state

    def _publish(self, **changes) -> State:
        with self._changed:
            values: dict[str, Any] = {"build": self._state.build, "ok": True, "problems": (), "note": ""}
            values.update(changes)
            self._state = State(version=self._state.version + 1, **values)
            self._changed.notify_all()
            return self._state

    # -- building -------------------------------------------------------

    def rebuild(self, reason: str = "") -> State:
        started = time.monotonic()
        result = self._run(self._builder)
        if result is None:
            return self.state
        self._builds += 1
        recovered = not self._state.ok  # the failed build's state is still the current one
        state = self._publish(ok=True, build=f"{self._boot}-{self._builds}")
        seconds = time.monotonic() - started
        pages = getattr(result, "pages", None)
        what = f"{pages} pages" if pages is not None else "the site"
        prefix = "fixed; " if recovered else ""
        because = f"{reason}; " if reason else ""
        print(f"eupages: {because}{prefix}built {what} in {seconds:.1f} s", file=self._out, flush=True)
        pending = tuple(getattr(result, "search_pending", ()) or ())
        if pending:
            return self._index(pending)
        return state

    def _index(self, languages: tuple[str, ...]) -> State:
        """The search index of the languages the last build changed, now that the pages show."""
        started = time.monotonic()
        result = self._run(self._indexer)
        if result is None:
            return self.state
        state = self.state
        if getattr(result, "rendered", 0):  # the sources changed meanwhile: tell the browsers
            self._builds += 1
            state = self._publish(ok=True, build=f"{self._boot}-{self._builds}")
        names = ", ".join(languages)
        seconds = time.monotonic() - started
        print(f"eupages: search index brought up to date ({names}) in {seconds:.1f} s", file=self._out, flush=True)
        return state

    def _run(self, builder: Builder) -> object | None:
        """One build's result; on failure None, with the State that says why published."""
        try:
            return builder(self.config, self.sources.output, self.base_url)
        except ContentError as error:
            self._publish(ok=False, problems=tuple(error.problems))
            self._say_problems(error.problems)
            return None
        except Exception as error:  # a bug in eupages or the theme: keep serving, show it
            details = traceback.format_exc()
            print(details, file=self._err, end="")
            note = f"eupages could not build the site: {type(error).__name__}: {error}"
            self._publish(ok=False, note=note)
            print(f"eupages: {note}; the preview keeps the last good version", file=self._err, flush=True)
            return None

    def _say_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            print(problem, file=self._err)
        count = len(problems)
        print(
            f"eupages: {count} problem{'s' if count != 1 else ''} found; the preview keeps showing the last"
            " good version — fix and save, and it rebuilds",
            file=self._err,
            flush=True,
        )

    # -- watching -------------------------------------------------------

    def _look(self) -> dict:
        return scan(self.sources.roots(), skip=[self.sources.output])

    def start(self) -> None:
        """Build once, then watch in a background thread."""
        self._snapshot = self._look()
        self.rebuild()
        self._thread = threading.Thread(target=self._watch, name="eupages watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._changed:
            self._changed.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def poll_once(self) -> list[str]:
        """Look once; rebuild if something changed. Returns the changed paths."""
        now = self._look()
        changed = changes(self._snapshot, now)
        if not changed:
            return []
        # Editors save in steps (write a temporary file, rename, touch): wait until quiet.
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline and not self._stop.is_set():
            time.sleep(SETTLE)
            again = self._look()
            if again == now:
                break
            changed = sorted(set(changed) | set(changes(now, again)))
            now = again
        self._snapshot = now
        if str(self.sources.config) in changed:  # folders may have moved
            self.sources = Sources.read(self.config, self._output_override, previous=self.sources)
            self._snapshot = self._look()
        self.rebuild(self._describe(changed))
        return changed

    def _watch(self) -> None:
        while not self._stop.wait(POLL):
            try:
                self.poll_once()
            except Exception:  # never let the watcher die: the editor would lose the preview
                traceback.print_exc(file=self._err)

    def _describe(self, changed: list[str]) -> str:
        root = self.sources.config.parent
        names = []
        for path in changed:
            try:
                names.append(Path(path).relative_to(root).as_posix())
            except ValueError:
                names.append(path)
        more = f" and {len(names) - 1} more" if len(names) > 1 else ""
        return f"{names[0]}{more} changed"


# --------------------------------------------------------------------------
# What the server adds to pages in serve mode only


def script_tag(build: str) -> bytes:
    return f'<script src="/_eupages/live.js?build={build}" defer></script>'.encode()


def inject(html: bytes, build: str) -> bytes:
    """Add the reload client to one HTML page as it is sent (the built file is untouched)."""
    tag = script_tag(build)
    lower = html.lower()
    for marker in (b"</head>", b"</body>"):
        at = lower.find(marker)
        if at != -1:
            return html[:at] + tag + b"\n" + html[at:]
    return html + tag


def waiting_page() -> bytes:
    """What a browser sees before the site could be built even once."""
    return (
        b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        b'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        b"<title>eupages preview</title>\n</head>\n<body>\n<main>\n<h1>eupages preview</h1>\n"
        b"<p>The site could not be built yet. The problems are listed in the terminal and over this page;"
        b" fix them and save, and this page turns into the site by itself.</p>\n</main>\n</body>\n</html>\n"
    )


# The reload client and its problem overlay: files beside this module (package data), so
# they are read, linted and edited as JavaScript and CSS, not as Python strings.
_ASSETS = Path(__file__).with_name("live_assets")
LIVE_JS = (_ASSETS / "live.js").read_text(encoding="utf-8")
LIVE_CSS = (_ASSETS / "live.css").read_text(encoding="utf-8")
