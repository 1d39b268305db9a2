"""What the last successful build saw and wrote, kept in `.eupages-cache/` beside the config.

Three things make rebuilds cheap:

- a *snapshot* of every input file's size and modification time: when nothing changed,
  the build ends before loading anything (`unchanged()`; standard library only, so the
  check costs no imports);
- a *parse cache*: records and pages whose files did not change are not parsed again;
- a *manifest* of every output page with the key of everything it was rendered from:
  a page whose key is unchanged is linked from the previous output instead of rendered.

Any doubt (no cache, another format, another output folder) means a full build.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FORMAT = 6  # 4: options became a BuildOptions; 5: pages have aims and results; 6: records remember their checks
CACHE_DIR = ".eupages-cache"
PACKAGE = Path(__file__).resolve().parent


def cache_dir(config_path: Path) -> Path:
    return config_path.resolve().parent / CACHE_DIR


# -- snapshot ---------------------------------------------------------------------------


def snapshot(roots: list[Path]) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file under `roots`: cheap to take, changes with any edit."""
    found: dict[str, tuple[int, int]] = {}
    for root in roots:
        if root.is_file():
            stat = root.stat()
            found[str(root)] = (stat.st_size, stat.st_mtime_ns)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("__pycache__", CACHE_DIR)]
            for name in files:
                path = os.path.join(folder, name)
                try:
                    stat = os.lstat(path)
                except OSError:
                    continue
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


@dataclass(frozen=True)
class BuildOptions:
    """What, besides the input files, decides the output."""

    output: str  # the output folder, resolved
    base_url: str  # the --base-url override, or ""
    precompress: bool
    today: str  # the build date (project statuses depend on it)
    search: bool

    @classmethod
    def of(cls, output: Path, base_url: str | None, precompress: bool, today: str, search: bool) -> BuildOptions:
        return cls(str(output.resolve()), base_url or "", bool(precompress), today, bool(search))

    def without_output(self) -> tuple:
        """The options that change what is written (where it is written does not)."""
        return (FORMAT, self.base_url, self.precompress, self.today, self.search)


def unchanged(config_path: Path, options: BuildOptions, manifest: dict | None = None) -> bool:
    """True when the last build had the same options, saw exactly these input files,
    and its output folder is still the one it published. `manifest`: the last build's,
    when the caller has read it already (it is megabytes for a large site)."""
    manifest = manifest if manifest is not None else load_manifest(config_path)
    if not manifest or manifest.get("options") != options:
        return False
    if output_identity(Path(options.output)) != manifest["build_id"]:
        return False
    roots = [Path(p) for p in manifest["roots"]]
    return snapshot(roots) == manifest["snapshot"]


STAMP = ".eupages-build"  # in the published folder: a digest of what the build published


def output_identity(folder: Path) -> str | None:
    """Which site is at `folder`: the stamp its build wrote there, a digest of everything the
    build published (so a clean and an incremental build of the same input agree). A folder
    replaced or emptied by hand has no stamp, or another one; a copy restored from a CI cache
    keeps it, so the next build there is incremental too."""
    try:
        return (folder / STAMP).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


# -- manifest -------------------------------------------------------------------------


def load_manifest(config_path: Path) -> dict | None:
    data = _read_pickle(cache_dir(config_path) / "manifest.pickle")
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def save_manifest(config_path: Path, manifest: dict) -> None:
    manifest = dict(manifest, format=FORMAT)
    _atomic_pickle(cache_dir(config_path) / "manifest.pickle", manifest)


# -- the published site and its spare ---------------------------------------------------
#
# A build leaves the site it replaced as the *spare* (in the cache folder, on the output's
# file system) with a record of what it published. The next build brings the spare up to
# date with the published site and writes its own changes into it, then swaps it in: a
# one-page rebuild touches a few files instead of linking thousands (generator.publish.staging).

GENERATION_FILE = "generation.pickle"
Files = frozenset[str]


def spare_folder(config_path: Path, output: Path) -> Path | None:
    """Where the spare of `output` lives, or None when the cache folder is on another file
    system (a swap cannot move folders between file systems)."""
    folder = cache_dir(config_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.stat(folder).st_dev != os.stat(output.resolve().parent).st_dev:
            return None
    except OSError:
        return None
    name = hashlib.sha256(str(output.resolve()).encode("utf-8")).hexdigest()[:12]
    return folder / f"spare-{name}"


def take_generation(
    config_path: Path, output: Path, spare: Path | None
) -> tuple[tuple[Files, Files, Files] | None, bool]:
    """What the published site's build recorded — (every file, files written, files removed),
    or None when the folder at `output` is not the one it published — and whether the spare
    is the site that build replaced. The record is removed: from here on the spare may be
    changed, and only a build that publishes records a new one."""
    path = cache_dir(config_path) / GENERATION_FILE
    state = _read_pickle(path)
    try:
        os.unlink(path)
    except OSError:
        return None, False
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None, False
    if state["output"] != output_identity(output) or state["output_path"] != str(output.resolve()):
        return None, False
    usable = spare is not None and state["spare"] is not None and state["spare"] == output_identity(spare)
    return state["generation"], usable


def save_generation(
    config_path: Path, output: Path, spare: Path | None, generation: tuple[Files, Files, Files]
) -> None:
    _atomic_pickle(
        cache_dir(config_path) / GENERATION_FILE,
        {
            "format": FORMAT,
            "output_path": str(output.resolve()),
            "output": output_identity(output),
            "spare": output_identity(spare) if spare is not None else None,
            "generation": generation,
        },
    )


# -- parse cache ------------------------------------------------------------------------


DELTA_NAME = "parsed-delta.pickle"  # beside parsed.pickle


class ParseCache:
    """Parsed records and pages by file path, valid while the file's size and mtime hold.

    The cache is a large *base* file and a small *delta* of what changed since it was
    written: after one edit a build writes a few kilobytes instead of every parsed file
    again, and the base is rewritten only once the delta has grown (`REWRITE_SHARE`). A
    delta names the base it belongs to, so one left beside another base is ignored."""

    REWRITE_SHARE = 0.1  # rewrite the base once the delta holds this share of its entries

    def __init__(self, config_path: Path | None):
        self.path = cache_dir(config_path) / "parsed.pickle" if config_path else None
        self.base: dict[str, tuple[tuple[int, int], object]] = {}
        self.base_id = ""
        self.entries: dict[str, tuple[tuple[int, int], object]] = {}
        self.used: dict[str, tuple[tuple[int, int], object]] = {}
        self.changed = False
        if self.path is None:
            return
        base = _read_pickle(self.path)
        if isinstance(base, dict) and base.get("format") == FORMAT and isinstance(base.get("entries"), dict):
            self.base, self.base_id = base["entries"], base.get("id", "")
        self.entries = dict(self.base)
        delta = _read_pickle(self.path.with_name(DELTA_NAME))
        if (
            isinstance(delta, dict)
            and delta.get("format") == FORMAT
            and self.base_id
            and delta.get("base") == self.base_id
        ):
            self.entries.update(delta["entries"])
            for key in delta["removed"]:
                self.entries.pop(key, None)

    @property
    def program(self) -> str:
        """Which eupages validated the cached files: checks that passed under another version
        are run again."""
        return program_digest()

    def get(self, path: Path | str, stat: os.stat_result | None = None):
        """What `put` stored for `path` while it is unchanged, else None; `stat` is the file's
        status when the caller has it already (from `os.scandir`)."""
        key = str(path)
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            stat = stat or os.stat(path)
        except OSError:
            return None
        if entry[0] != (stat.st_size, stat.st_mtime_ns):
            return None
        self.used[key] = entry
        return entry[1]

    def put(self, path: Path, value: object) -> None:
        stat = os.stat(path)
        self.used[str(path)] = ((stat.st_size, stat.st_mtime_ns), value)
        self.changed = True

    def start_build(self) -> None:
        """Begin another build with this cache still in memory (the live preview): what the
        next build uses is counted afresh. An entry is trusted only while its file's size and
        time are the same, so entries kept in memory are as safe as entries read again."""
        self.used = {}
        self.changed = False

    def save(self) -> None:
        """Keep only what this build used: deleted files leave the cache with them. The cache
        then holds what was saved, ready for `start_build`."""
        if self.path is None or not (self.changed or self.used.keys() != self.entries.keys()):
            self.entries = self.used
            return
        delta_path = self.path.with_name(DELTA_NAME)
        changed = {key: entry for key, entry in self.used.items() if self.base.get(key) is not entry}
        removed = [key for key in self.base if key not in self.used]
        self.entries = self.used
        if self.base_id and len(changed) + len(removed) <= self.REWRITE_SHARE * len(self.base):
            delta = {"format": FORMAT, "base": self.base_id, "entries": changed, "removed": removed}
            _atomic_pickle(delta_path, delta)
            return
        # A new base gets a new id, so the old delta no longer applies to it.
        self.base, self.base_id = dict(self.used), secrets.token_hex(8)
        _atomic_pickle(self.path, {"format": FORMAT, "id": self.base_id, "entries": self.base})
        try:
            os.unlink(delta_path)
        except FileNotFoundError:
            pass


@cache
def program_digest() -> str:
    """The content of eupages' own code, once per process."""
    return tree_digest(PACKAGE)


class Memo:
    """Results derived from file contents, by a key naming those contents (digests or
    versions), kept between builds: what a cold build computes once, a rebuild after one
    edit looks up (the translation status page's unit counts, say). Only the keys used by
    the last build that consulted it are kept."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict = {}
        self.used: dict = {}
        self.consulted = False  # asked for or given anything by this build
        data = _read_pickle(path) if path is not None else None
        if isinstance(data, dict) and data.get("format") == FORMAT:
            self.entries = data["entries"]

    def get(self, key):
        self.consulted = True
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key, value) -> None:
        self.consulted = True
        self.used[key] = value

    def save(self) -> None:
        # A build that did not need the memo (the status page was not rendered again) keeps
        # it as it was: saving what it used, nothing, made the next edit of a page count every
        # translation's units again (4 s at 1,000 projects).
        if self.path is not None and self.consulted and self.used.keys() != self.entries.keys():
            _atomic_pickle(self.path, {"format": FORMAT, "entries": self.used})


# -- digests --------------------------------------------------------------------------


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def tree_digest(root: Path) -> str:
    """Content digest of every file under `root` (theme, program code)."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode("utf-8"))
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@contextmanager
def _collector_paused():
    """Unpickling the parse cache makes a million objects, none of them garbage: with the
    cycle collector on, it ran over and over and took three quarters of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_pickle(path: Path):
    """What `_atomic_pickle` wrote at `path`, or None when it is missing or unreadable (a
    damaged cache only makes the build slower)."""
    try:
        with open(path, "rb") as handle, _collector_paused():
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError, IndexError):
        return None


def _atomic_pickle(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    with open(tmp, "wb") as handle, _collector_paused():
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
