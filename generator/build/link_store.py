"""Each page's parsed links, kept between builds by the page's key: written by the worker that
rendered the page, read by whichever worker checks the links (in this build or a later one).

One SQLite file, not one file a page: creating 8,000 small files cost 0.3–1 ms each on ext4
(1 ms a page of a cold build's CPU, an eighth of it), and rewriting one in place is slower
still. The store is only a cache: a row that is missing or unreadable, or a damaged file,
means the page's HTML is parsed again from the staging folder, never a wrong verdict (a
row is found by the page's key, which names everything the page was rendered from).

Workers are forked: each process opens its own connection (SQLite connections must not
cross a fork), in WAL mode so that the two workers' writes and the checkers' reads do not
wait on each other for long, and without `fsync` (what a crash loses is only work to redo).
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from contextlib import closing
from pathlib import Path

from generator.publish import links as link_check

FILE_NAME = "links.sqlite"
_SCHEMA = "CREATE TABLE IF NOT EXISTS links (key TEXT PRIMARY KEY, data BLOB NOT NULL)"
_UNREADABLE = (EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError, IndexError)


class LinkStore:
    def __init__(self, cache_dir: Path, keys: dict[str, str], staging: Path):
        self.path = cache_dir / FILE_NAME
        self.keys = keys
        self.staging = staging
        self._connection: tuple[int, sqlite3.Connection] | None = None
        cache_dir.mkdir(parents=True, exist_ok=True)
        _forget_page_files(cache_dir / "links")
        self._prepare()

    def _prepare(self) -> None:
        """Make the table, or start afresh when the file is not a database any more. Runs in
        the parent before any worker forks, and closes what it opened."""
        for attempt in (1, 2):
            try:
                with closing(sqlite3.connect(self.path, timeout=30)) as db:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute(_SCHEMA)
                return
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _db(self) -> sqlite3.Connection:
        """This process's connection (a forked worker opens its own)."""
        if self._connection is None or self._connection[0] != os.getpid():
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)  # autocommit
            db.execute("PRAGMA synchronous=OFF")
            self._connection = (os.getpid(), db)
        return self._connection[1]

    def save(self, relative: str, page) -> None:
        data = pickle.dumps(link_check.plain(page), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._db().execute("INSERT OR REPLACE INTO links VALUES (?, ?)", (self.keys[relative], data))
        except sqlite3.Error:
            pass  # not kept: the page is parsed again when its links are checked

    def load(self, relative: str):
        if relative in self.keys:
            try:
                row = self._db().execute("SELECT data FROM links WHERE key = ?", (self.keys[relative],)).fetchone()
                if row is not None:
                    return link_check.from_plain(pickle.loads(row[0]))
            except (sqlite3.Error, *_UNREADABLE):
                pass
        return link_check.parse_html((self.staging / relative).read_bytes())

    def tidy(self) -> None:
        """Drop the links of pages no longer built, once they outnumber the wanted ones (a build
        that switches back and forth keeps both), then close this process's connection."""
        try:
            db = self._db()
            total = db.execute("SELECT count(*) FROM links").fetchone()[0]
            wanted = set(self.keys.values())
            if total > 2 * len(wanted):
                stale = [(key,) for (key,) in db.execute("SELECT key FROM links") if key not in wanted]
                db.execute("BEGIN")
                db.executemany("DELETE FROM links WHERE key = ?", stale)
                db.execute("COMMIT")
                db.execute("VACUUM")
        except sqlite3.Error:
            pass
        finally:
            self.close()

    def close(self) -> None:
        if self._connection is not None and self._connection[0] == os.getpid():
            self._connection[1].close()
        self._connection = None


def _forget_page_files(folder: Path) -> None:
    """The one-file-a-page store of earlier versions, removed once."""
    if folder.is_dir():
        for entry in os.scandir(folder):
            if entry.name.endswith(".pickle"):
                os.unlink(entry.path)
        try:
            folder.rmdir()
        except OSError:
            pass
