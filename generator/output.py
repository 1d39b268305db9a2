"""Write a site into a fresh folder beside the output and swap it in only when complete.

A killed or failed build leaves the previous site exactly as it was: visitors (and the
CI deploy step) never see a half-written folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class StagingArea:
    def __init__(self, output: Path):
        self.output = output.resolve()
        self.path = self.output.parent / f".{self.output.name}.building-{os.getpid()}"

    def __enter__(self) -> "StagingArea":
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

    def safe_path(self, relative: str) -> Path:
        """No slug or file name may ever write outside the output folder."""
        target = (self.path / relative).resolve()
        if target != self.path and self.path not in target.parents:
            raise ValueError(f"refusing to write outside the output folder: {relative}")
        return target

    def publish(self) -> None:
        """Replace the output folder by the staged one in one atomic step where the OS allows."""
        if self.output.exists() and _exchange(self.path, self.output):
            shutil.rmtree(self.path, ignore_errors=True)
            return
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        if self.output.exists():
            os.rename(self.output, old)
        os.rename(self.path, self.output)
        shutil.rmtree(old, ignore_errors=True)


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
    """Folders left by builds that were killed: they are never the published site."""
    for pattern in (f".{output.name}.building-*", f".{output.name}.old-*"):
        for stale in output.parent.glob(pattern):
            pid = stale.name.rsplit("-", 1)[-1]
            if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
                continue
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
