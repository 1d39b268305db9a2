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
from dataclasses import dataclass
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


@dataclass
class Generation:
    """What the published site's last build wrote: every file in it, the files that build
    wrote anew (the others it kept from the site before) and those it removed. With the
    site before kept as the *spare*, that is what turns the spare into the published site."""

    files: frozenset[str]
    written: frozenset[str]
    removed: frozenset[str]


class StagingArea:
    """The folder a build writes into before it is published.

    By default a new folder beside the output: unchanged files are hard-linked in from the
    published site. Given a `spare` — the site as it was one build before the published
    one, kept by the last build, with `previous` saying what that build changed — the build
    writes into the spare instead: first it catches up with the published site (links the
    files the last build wrote, removes those it removed), then takes this build's changes.
    Unchanged files are already there, so a one-page rebuild touches a handful of files
    rather than linking thousands. Either way, `publish()` swaps the folder in at once."""

    def __init__(self, output: Path, spare: Path | None = None, previous: Generation | None = None):
        self.output = output.resolve()
        self.spare = spare
        self.in_spare = spare is not None and previous is not None and spare.is_dir()
        self.previous = previous
        self.path = (
            spare
            if self.in_spare and spare is not None
            else self.output.parent / f".{self.output.name}.building-{os.getpid()}"
        )
        self._checked: dict[Path, bool] = {}
        self.written: set[str] = set()  # files this build wrote
        self.kept: set[str] = set()  # files this build took over unchanged

    def __enter__(self) -> StagingArea:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.output)
        if self.in_spare and self.previous is not None:
            self._catch_up(self.previous)
        else:
            self.path.mkdir()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self.path.exists() and not self.in_spare:  # failed before publish(): throw the half-built folder away
            shutil.rmtree(self.path, ignore_errors=True)
        # A spare the build failed in is half-changed: the caller records no generation for
        # it, and the next build (finding it unrecorded) starts a fresh folder.

    def _catch_up(self, previous: Generation) -> None:
        """Make the spare (the site before the published one) equal the published site."""
        for relative in previous.written:
            self._replace_from(self.output / relative, self.path / relative)
        for relative in previous.removed:
            _remove_file_and_empty_folders(self.path, relative)

    def _replace_from(self, source: Path, target: Path) -> None:
        try:
            if os.path.samefile(source, target):
                return  # already the published file (rename() would leave the temporary behind)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        _remove_file(temporary)
        try:
            os.link(source, temporary)
        except OSError:
            shutil.copy2(source, temporary)
        os.replace(temporary, target)

    def write(self, relative: str, data: bytes) -> None:
        target = self.safe_path(relative)
        if self.in_spare:
            if _holds(target, data):  # the same bytes: leave the published file as it is
                self.kept.add(relative)
                return
            # The file may be a hard link shared with the published site: never write into
            # it, replace it.
            _remove_file(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written.add(relative)

    def take_tree(self, source: Path, folder: str) -> None:
        """Put the files under `source` at `folder` (a tree made elsewhere: the assets),
        leaving each file that is already there with the same bytes as it is."""
        for directory, _dirs, files in os.walk(source):
            inside = Path(directory).relative_to(source)
            for name in files:
                self.write((Path(folder) / inside / name).as_posix(), (Path(directory) / name).read_bytes())

    def compress(self, relative: str, data: bytes) -> list[str]:
        """`.gz` and `.br` copies beside a file this build wrote, when smaller; their paths."""
        copies = [relative + suffix for suffix in compressed_copies(self.safe_path(relative), data, self.in_spare)]
        self.written.update(copies)
        return copies

    def link(self, relative: str, source: Path) -> bool:
        """Reuse an unchanged file of the previous output: a hard link costs no copy (and in
        the spare, which already holds the published site's files, nothing at all).

        `relative` is one of the build's own output paths (from validated slugs), and the
        folders it goes into are made here, by this build: checking the path's text is enough,
        which matters when thousands of unchanged pages are linked in."""
        norm = os.path.normpath(relative)
        if os.path.isabs(relative) or norm == ".." or norm.startswith("../"):
            raise ValueError(f"refusing to write outside the output folder: {relative}")
        if self.in_spare:
            self.kept.add(relative)
            return True
        target = self.path / norm
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            try:
                shutil.copy2(source, target)
            except OSError:
                return False
        self.kept.add(relative)
        return True

    def place(self, relative: str, source: Path) -> None:
        """Put a file made elsewhere (a cached share image) at `relative`, hard-linked. What
        the published site already has there, the same file, stays untouched."""
        published = self.output / relative
        try:
            unchanged = os.path.samefile(source, published)
        except OSError:
            unchanged = False
        if unchanged:
            self.link(relative, published)
            return
        target = self.safe_path(relative)
        if self.in_spare:
            self._replace_from(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        self.written.add(relative)

    def rewrite_tree(self, folder: str) -> Path:
        """An empty folder for a tool that writes a whole tree at once (the search index):
        in the spare its files may be shared with the published site, so it is removed
        first rather than written into."""
        path = self.safe_path(folder)
        if path.exists():
            shutil.rmtree(path)
        return path

    def note_tree(self, folder: str) -> None:
        """Every file under `folder` counts as written by this build."""
        root = self.path / folder
        for directory, _dirs, files in os.walk(root):
            inside = Path(directory).relative_to(self.path).as_posix()
            self.written.update(f"{inside}/{name}" for name in files)

    def generation(self, previous_files: frozenset[str] | None) -> Generation:
        """What this build published, once its stray files are removed (`finish`)."""
        files = frozenset(self.written | self.kept)
        removed = (previous_files or frozenset()) - files
        return Generation(files, frozenset(self.written), frozenset(removed))

    def finish(self, generation: Generation) -> None:
        """In the spare, remove the files the published site has and this build does not."""
        if not self.in_spare:
            return
        for relative in generation.removed:
            _remove_file_and_empty_folders(self.path, relative)

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

    def publish(self, keep_previous: Path | None = None) -> None:
        """Replace the output folder by the staged one in one atomic step where the OS allows.
        With `keep_previous` (the spare's path), the site it replaces is kept there."""
        if self.output.exists() and _exchange(self.path, self.output):
            if keep_previous is not None and self.path != keep_previous:
                discard_folder(keep_previous)
                os.rename(self.path, keep_previous)
            elif keep_previous is None:
                _discard(self.path, self.output)
            return
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        if self.output.exists():
            os.rename(self.output, old)
        os.rename(self.path, self.output)
        if keep_previous is not None and old.exists():
            discard_folder(keep_previous)
            os.rename(old, keep_previous)
        else:
            shutil.rmtree(old, ignore_errors=True)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remove_file(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _remove_file_and_empty_folders(root: Path, relative: str) -> None:
    """Remove a file of the site and the folders it leaves empty (a deleted page's own)."""
    _remove_file(root / relative)
    parent = Path(relative).parent
    while parent != Path("."):
        try:
            os.rmdir(root / parent)
        except OSError:  # not empty, or already gone
            return
        parent = parent.parent


def discard_folder(folder: Path) -> None:
    """Move `folder` out of the way and delete it (in the background when large)."""
    if not folder.exists():
        return
    trash = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    os.rename(folder, trash)
    if _many_files(trash):
        _discard_in_background(trash)
    else:
        shutil.rmtree(trash, ignore_errors=True)


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


def compressed_copies(path: Path, data: bytes, replace: bool = False) -> list[str]:
    """`.gz` and `.br` beside a text file, when they are smaller than the file itself; the
    suffixes written. `replace`: remove an existing copy first instead of writing into it
    (it may be a hard link shared with the published site)."""
    written = []
    for suffix, squeeze in ((".gz", gzip_bytes), (".br", brotli_bytes)):
        packed = squeeze(data)
        copy = path.with_name(path.name + suffix)
        if replace:
            _remove_file(copy)
        if len(packed) < len(data):
            copy.write_bytes(packed)
            written.append(suffix)
    return written
