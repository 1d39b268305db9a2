"""Write a site into a fresh folder beside the output and swap it in only when complete.

A killed or failed build leaves the previous site exactly as it was: visitors (and the
CI deploy step) never see a half-written folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gzip
import os
import shutil
import subprocess
from pathlib import Path

import brotli

from generator.errors import ContentError, Problems
from generator.load.config import LoadedConfig

# Text files worth a pre-compressed copy, for hosts that serve `.gz` and `.br` files.
COMPRESSED = {
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".svg",
    ".xml",
    ".txt",
    ".json",
    ".csv",
    ".webmanifest",
    ".map",
    ".md",
    ".ico",
}

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class StagingArea:
    def __init__(self, output: Path):
        self.output = output.resolve()
        self.path = self.output.parent / f".{self.output.name}.building-{os.getpid()}"
        self._checked: dict[Path, bool] = {}

    def __enter__(self) -> StagingArea:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.output)
        self.path.mkdir()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self.path.exists():  # the build failed before publish(): throw away the half-built folder
            shutil.rmtree(self.path, ignore_errors=True)

    def write(self, relative: str, data: bytes) -> None:
        target = self.safe_path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def link(self, relative: str, source: Path) -> bool:
        """Reuse an unchanged file of the previous output: a hard link costs no copy.

        `relative` is one of the build's own output paths (from validated slugs), and the
        folders it goes into are made here, by this build: checking the path's text is enough,
        which matters when thousands of unchanged pages are linked in."""
        norm = os.path.normpath(relative)
        if os.path.isabs(relative) or norm == ".." or norm.startswith("../"):
            raise ValueError(f"refusing to write outside the output folder: {relative}")
        target = self.path / norm
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            try:
                shutil.copy2(source, target)
            except OSError:
                return False
        return True

    def safe_path(self, relative: str) -> Path:
        """No slug or file name may ever write outside the output folder, not even through a
        symbolic link. Each folder is resolved once: thousands of pages share a few hundred."""
        norm = os.path.normpath(relative)
        if os.path.isabs(relative) or norm == ".." or norm.startswith("../") or "\0" in relative:
            raise ValueError(f"refusing to write outside the output folder: {relative}")
        target = self.path / norm
        if not self._inside(target.parent) or (target.is_symlink() and not self._inside(target, cache=False)):
            raise ValueError(f"refusing to write outside the output folder: {relative}")
        return target

    def _inside(self, folder: Path, cache: bool = True) -> bool:
        known = self._checked.get(folder) if cache else None
        if known is None:
            resolved = folder.resolve()
            root = self.path.resolve()
            known = resolved == root or root in resolved.parents
            if cache:
                self._checked[folder] = known
        return known

    def publish(self) -> None:
        """Replace the output folder by the staged one in one atomic step where the OS allows."""
        if self.output.exists() and _exchange(self.path, self.output):
            _discard(self.path, self.output)
            return
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        if self.output.exists():
            os.rename(self.output, old)
        os.rename(self.path, self.output)
        shutil.rmtree(old, ignore_errors=True)


def _discard(previous: Path, output: Path) -> None:
    """Delete the previous site. A large one is renamed and deleted by a detached process,
    so an incremental build does not wait for thousands of unlinks; a stale one left by an
    interrupted deletion is removed by the next build (`_remove_stale`)."""
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    try:
        os.rename(previous, old)
    except OSError:
        old = previous
    if _many_files(old):
        _discard_in_background(old)
    else:
        shutil.rmtree(old, ignore_errors=True)


def _discard_in_background(folder: Path) -> None:
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(
        [rm, "-rf", "--", str(folder)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _many_files(folder: Path, limit: int = 2000) -> bool:
    count = 0
    for _root, _dirs, files in os.walk(folder):
        count += len(files) + 1
        if count > limit:
            return True
    return False


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both folders swap names at once, never absent."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _remove_stale(output: Path) -> None:
    """Folders left by builds that were killed: they are never the published site.
    A previous site (`.old-*`) may still be being deleted in the background: leave it be."""
    for stale in output.parent.glob(f".{output.name}.building-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        shutil.rmtree(stale, ignore_errors=True)
    for old in output.parent.glob(f".{output.name}.old-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _alive(int(pid))):
            _discard_in_background(old)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


# -- where a build may write -----------------------------------------------------------


def protected_folder_at(target: Path, loaded: LoadedConfig) -> Path | None:
    """The folder a write into `target` would replace or write into: the site folder itself,
    its content or its theme (or a folder inside them); None when `target` is safe."""
    target = target.resolve()
    root = loaded.root.resolve()
    for folder in (root, loaded.folder("content").resolve(), loaded.folder("theme").resolve()):
        inside = folder != root and folder in target.parents  # e.g. output: content/en
        if target == folder or target in folder.parents or inside:
            return folder
    return None


def refuse_dangerous_output(target: Path, loaded: LoadedConfig) -> None:
    """Never replace the site folder, its content or its theme with build output."""
    folder = protected_folder_at(target, loaded)
    if folder is not None:
        problems = Problems(root=loaded.root)
        problems.add(
            loaded.path,
            loaded.doc.line_of(("folders", "output")),
            f"the output folder '{target.resolve()}' would replace {folder}",
            "choose an output folder of its own, e.g. site/",
        )
        raise ContentError(problems.items)


# -- pre-compressed copies -------------------------------------------------------------


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no file name and mtime 0: the same input always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    """Quality 6: quality 11 is about 15 % smaller but some 40 times slower (58 ms a page)."""
    return brotli.compress(data, quality=6)


def compressed_copies(path: Path, data: bytes) -> None:
    """`.gz` and `.br` beside a text file, when they are smaller than the file itself."""
    for suffix, squeeze in ((".gz", gzip_bytes), (".br", brotli_bytes)):
        packed = squeeze(data)
        if len(packed) < len(data):
            path.with_name(path.name + suffix).write_bytes(packed)
