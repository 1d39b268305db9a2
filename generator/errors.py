"""User-facing problems: `file:line: what is wrong — how to fix it`.

Content errors are collected, not raised one at a time, so an editor sees every
problem in one run. Tracebacks are reserved for bugs in eupages itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ContentError(Exception):
    """One or more problems in the user's input; the build stops."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Raised in a worker process, it must arrive in the parent with its problems.
        return (ContentError, (self.problems,))


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.message)


class Problems:
    """A collector that stages fill and the build checks once per stage."""

    def __init__(self, root: Path | None = None):
        self.root = root
        self.items: list[Problem] = []

    def add(self, path: Path | str, line: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.display(path), line, message, hint))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def display(self, path: Path | str) -> str:
        """Paths relative to the site folder read best in a terminal and in CI logs."""
        path = Path(path)
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
