"""The build's caches: what a later build gets back, and that a stale, damaged or foreign
entry is never taken for the truth."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build.cache import Memo, ParseCache
from generator.build.pipeline import prepare
from generator.errors import ContentError
from generator.render import maps
from tests.tools.sites import make_site


def _files(tmp_path: Path, count: int) -> tuple[Path, list[Path]]:
    config = tmp_path / "site_config.yml"
    config.write_text("", encoding="utf-8")
    files = []
    for i in range(count):
        path = tmp_path / f"page-{i}.md"
        path.write_text(f"text {i}", encoding="utf-8")
        files.append(path)
    return config, files


def _build_once(config: Path, files: list[Path], parse=lambda path: path.read_text(encoding="utf-8")) -> ParseCache:
    """What a build does with the cache: take what is unchanged, parse the rest, save."""
    cache = ParseCache(config)
    for path in files:
        if cache.get(path) is None:
            cache.put(path, parse(path))
    cache.save()
    return cache


def _edit(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000, before + 1_000_000))  # a new mtime even on a coarse clock


def test_one_edit_writes_a_small_delta_and_the_next_build_sees_the_edit(tmp_path):
    config, files = _files(tmp_path, 40)
    _build_once(config, files)
    base = tmp_path / ".eupages-cache/parsed.pickle"
    base_written = base.stat().st_mtime_ns
    _edit(files[3], "edited")
    _build_once(config, files)
    assert base.stat().st_mtime_ns == base_written  # the 40 entries were not written again
    delta = tmp_path / ".eupages-cache/parsed-delta.pickle"
    assert delta.stat().st_size < base.stat().st_size
    again = ParseCache(config)
    assert again.get(files[3]) == "edited"
    assert again.get(files[4]) == "text 4"


def test_an_edit_made_between_two_builds_is_never_answered_from_the_cache(tmp_path):
    config, files = _files(tmp_path, 3)
    _build_once(config, files)
    _edit(files[0], "changed after the build")
    assert ParseCache(config).get(files[0]) is None


def test_many_edits_rewrite_the_base_and_drop_the_delta(tmp_path):
    config, files = _files(tmp_path, 20)
    _build_once(config, files)
    _edit(files[0], "one")
    _build_once(config, files)
    for path in files[:10]:
        _edit(path, "many")
    _build_once(config, files)
    assert not (tmp_path / ".eupages-cache/parsed-delta.pickle").exists()
    assert [ParseCache(config).get(path) for path in files[:10]] == ["many"] * 10


def test_a_deleted_file_leaves_the_cache(tmp_path):
    config, files = _files(tmp_path, 20)
    _build_once(config, files)
    _build_once(config, files[1:])
    assert str(files[0]) not in ParseCache(config).entries


def _build_in_memory(cache: ParseCache, files: list[Path], parsed: list[Path]) -> None:
    """A build of the live preview: the cache stays in memory; `parsed` gets what was parsed."""
    cache.start_build()
    for path in files:
        if cache.get(path) is None:
            parsed.append(path)
            cache.put(path, path.read_text(encoding="utf-8"))
    cache.save()


def test_a_cache_kept_in_memory_parses_only_what_changed_and_stays_right_on_disk(tmp_path):
    config, files = _files(tmp_path, 40)
    cache, parsed = ParseCache(config), []
    _build_in_memory(cache, files, parsed)
    assert len(parsed) == 40
    for round_ in range(3):  # a delta each time, against the same base
        parsed.clear()
        _edit(files[round_], f"edit {round_}")
        _build_in_memory(cache, files, parsed)
        assert parsed == [files[round_]]
    for path in files[:10]:  # enough to write a new base
        _edit(path, "many")
    parsed.clear()
    _build_in_memory(cache, files, parsed)
    assert parsed == files[:10]
    _edit(files[20], "after the new base")
    _build_in_memory(cache, files[1:], parsed)  # and a file deleted
    from_disk = ParseCache(config)  # the next process sees what the last build saw
    assert str(files[0]) not in from_disk.entries
    assert from_disk.get(files[20]) == "after the new base"
    assert [from_disk.get(path) for path in files[1:10]] == ["many"] * 9
    assert from_disk.get(files[30]) == "text 30"


def test_a_memo_not_consulted_by_a_build_keeps_what_it_had(tmp_path):
    path = tmp_path / "units.pickle"
    memo = Memo(path)
    memo.put(("version-a",), 3)
    memo.save()
    Memo(path).save()  # a build that did not render the status page
    again = Memo(path)
    assert again.get(("version-a",)) == 3
    assert again.get(("version-b",)) is None
    again.save()  # a build that did: it keeps what it asked for
    assert Memo(path).get(("version-a",)) == 3


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_cache_file_is_ignored(tmp_path, damage):
    config, files = _files(tmp_path, 20)
    _build_once(config, files)
    _edit(files[0], "edited")
    _build_once(config, files)
    (tmp_path / ".eupages-cache/parsed-delta.pickle").write_bytes(damage)
    cache = ParseCache(config)
    assert cache.get(files[0]) is None  # the base's entry is stale: the file is parsed again
    assert cache.get(files[1]) == "text 1"
    (tmp_path / ".eupages-cache/parsed.pickle").write_bytes(damage)
    assert ParseCache(config).entries == {}


def test_a_delta_of_another_base_is_ignored(tmp_path):
    config, files = _files(tmp_path, 20)
    _build_once(config, files)
    _edit(files[0], "edited")
    _build_once(config, files)
    delta = (tmp_path / ".eupages-cache/parsed-delta.pickle").read_bytes()
    (tmp_path / ".eupages-cache/parsed.pickle").unlink()
    (tmp_path / ".eupages-cache/parsed-delta.pickle").unlink()
    _build_once(config, files, parse=lambda path: "parsed by the new base")  # a new base, with a new id
    (tmp_path / ".eupages-cache/parsed-delta.pickle").write_bytes(delta)
    assert ParseCache(config).get(files[0]) == "parsed by the new base"


def test_a_record_is_checked_again_when_the_configuration_changes(tmp_path):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    prepare(config, cache=_saved(ParseCache(config), config))
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("test-programme:", "other-programme:"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        prepare(config, cache=ParseCache(config))
    assert any(
        "test-programme" in str(problem) and "content/projects" in str(problem) for problem in caught.value.problems
    )


def _saved(cache: ParseCache, config: Path) -> ParseCache:
    prepare(config, cache=cache)
    cache.save()
    return cache


@pytest.fixture
def base_map_cache(tmp_path):
    maps.keep_base_map_in(tmp_path)
    maps.base_map.cache_clear()
    yield tmp_path
    maps.keep_base_map_in(None)
    maps.base_map.cache_clear()


def test_the_base_map_is_drawn_once_and_then_read_back_identical(base_map_cache):
    drawn = maps.base_map()
    (kept,) = base_map_cache.glob("base-map-*.json")
    maps.base_map.cache_clear()
    assert maps.base_map() == drawn
    kept.write_text('{"width": 1000, "paths": ', encoding="utf-8")  # damaged
    maps.base_map.cache_clear()
    assert maps.base_map() == drawn
    maps.keep_base_map_in(None)
    maps.base_map.cache_clear()
    assert maps.base_map().svg() == drawn.svg()  # what a build without the cache draws
