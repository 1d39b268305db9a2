"""Progress of a long build, on one terminal line; silent in CI, in logs and in pipes.

The build calls three functions and nothing else:

    from generator.build import progress

    progress.start(total)        # number of steps (pages) about to be made
    progress.advance()           # one step done (or advance(n)); safe from any thread
    progress.done()              # finished or failed: the line is cleared

A line is drawn only when standard error is a terminal, the `CI` environment variable
is not set (GitHub Actions and most CI services set it) and `EUPAGES_PROGRESS` is not
`0`; and only once the work has taken longer than half a second, so a quick build
prints nothing at all. `EUPAGES_PROGRESS=1` forces it on (for trying it out).

`start()` while a bar is running starts over with the new total; `done()` without
`start()` does nothing, so calling `done()` in a `finally:` is always safe.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import IO

DELAY = 0.5  # seconds of work before anything is drawn
INTERVAL = 0.1  # at most ten redraws a second


def enabled(stream: IO[str] | None = None) -> bool:
    """Draw progress on `stream` (default: standard error)?"""
    setting = os.environ.get("EUPAGES_PROGRESS", "").strip().lower()
    if setting in ("0", "false", "no", "off"):
        return False
    if setting in ("1", "true", "yes", "on"):
        return True
    if os.environ.get("CI"):
        return False
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


class Progress:
    """One progress line. Thread-safe: a parallel build may call advance() from workers."""

    def __init__(
        self,
        stream: IO[str] | None = None,
        *,
        label: str = "building",
        active: bool | None = None,
        delay: float = DELAY,
        clock=time.monotonic,
    ):
        self._stream = stream
        self._label = label
        self._active = active
        self._delay = delay
        self._clock = clock
        self._lock = threading.Lock()
        self._total = 0
        self._count = 0
        self._started: float | None = None
        self._drawn_at = 0.0
        self._shown = False
        self._on = False

    @property
    def stream(self) -> IO[str]:
        return self._stream if self._stream is not None else sys.stderr

    @property
    def running(self) -> bool:
        return self._started is not None

    @property
    def count(self) -> int:
        return self._count

    @property
    def total(self) -> int:
        return self._total

    def start(self, total: int, label: str | None = None) -> None:
        with self._lock:
            self._erase()
            self._total = max(int(total), 0)
            self._count = 0
            self._label = label or self._label
            self._started = self._clock()
            self._drawn_at = 0.0
            self._on = enabled(self.stream) if self._active is None else self._active

    def advance(self, n: int = 1) -> None:
        with self._lock:
            if self._started is None:
                return
            self._count += n
            if self._total and self._count > self._total:  # a build may find more work than announced
                self._total = self._count
            now = self._clock()
            if not self._on or now - self._started < self._delay or now - self._drawn_at < INTERVAL:
                return
            self._drawn_at = now
            self._draw()

    def done(self) -> None:
        with self._lock:
            self._erase()
            self._started = None

    def _draw(self) -> None:
        if self._total:
            share = self._count / self._total
            width = 24
            bar = "#" * round(share * width) + "-" * (width - round(share * width))
            text = f"eupages: {self._label} [{bar}] {self._count}/{self._total} ({share:.0%})"
        else:
            text = f"eupages: {self._label} … {self._count}"
        self._write("\r" + text + "\x1b[K")
        self._shown = True

    def _erase(self) -> None:
        if self._shown:
            self._write("\r\x1b[K")
            self._shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal must never break a build
            pass
