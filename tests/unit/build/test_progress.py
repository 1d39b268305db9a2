"""The progress line: drawn on a terminal for long builds only, never in CI, logs or pipes."""

from __future__ import annotations

import io
import threading

import pytest

from generator.build import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _no_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("EUPAGES_PROGRESS", raising=False)


def test_quiet_in_ci_in_pipes_and_when_asked(monkeypatch):
    assert progress.enabled(Terminal()) is True
    assert progress.enabled(io.StringIO()) is False  # a pipe or a log file
    monkeypatch.setenv("CI", "true")
    assert progress.enabled(Terminal()) is False
    monkeypatch.setenv("EUPAGES_PROGRESS", "1")  # forced on, e.g. to try it out
    assert progress.enabled(io.StringIO()) is True
    monkeypatch.setenv("EUPAGES_PROGRESS", "0")
    monkeypatch.delenv("CI")
    assert progress.enabled(Terminal()) is False


def test_a_long_build_draws_a_line_and_clears_it():
    out, clock = Terminal(), Clock()
    bar = progress.Progress(out, clock=clock)
    bar.start(200, "building pages")
    bar.advance(10)
    assert out.getvalue() == ""  # the first half second stays silent
    clock.now += 1.0
    bar.advance(40)
    assert out.getvalue().endswith("\reupages: building pages [######------------------] 50/200 (25%)\x1b[K")
    bar.done()
    assert out.getvalue().endswith("\r\x1b[K")  # nothing is left on the line


def test_a_quick_build_prints_nothing():
    out, clock = Terminal(), Clock()
    bar = progress.Progress(out, clock=clock)
    bar.start(40)
    bar.advance(40)
    bar.done()
    assert out.getvalue() == ""


def test_nothing_on_a_pipe_even_for_a_long_build():
    out, clock = io.StringIO(), Clock()
    bar = progress.Progress(out, clock=clock)
    bar.start(10)
    clock.now += 5
    bar.advance(5)
    bar.done()
    assert out.getvalue() == ""


def test_advance_from_many_threads_counts_every_step():
    bar = progress.Progress(io.StringIO())
    bar.start(8000)
    threads = [threading.Thread(target=lambda: [bar.advance() for _ in range(1000)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert bar.count == 8000
    bar.done()


def test_calls_out_of_order_are_safe(monkeypatch):
    bar = progress.Progress(io.StringIO(), active=False)
    bar.done()  # done() before start(): nothing happens
    bar.advance()  # advance() before start(): ignored
    bar.start(3, "writing")
    bar.advance(2)
    assert bar.count == 2
    assert bar.running
    bar.done()
    assert not bar.running
    bar.start(2)
    bar.advance(5)  # more work than announced: the total follows
    assert bar.total == 5
    bar.done()
