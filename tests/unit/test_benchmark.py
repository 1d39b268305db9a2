"""The benchmark's own logic (benchmarks/run.py): memory readings, verdicts, the report.

No test here measures time: the figures are given, and what is checked is what the
benchmark makes of them (which row is met, what the table says)."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

from benchmarks import run as bench
from benchmarks.run import Measure, Run

# /proc/<pid>/smaps_rollup as Linux 6.x writes it, for a Python process of ~61 MB
SMAPS_ROLLUP = """\
55d0c2a4b000-7ffc3b9f4000 ---p 00000000 00:00 0                          [rollup]
Rss:               62560 kB
Pss:               48213 kB
Pss_Dirty:         40100 kB
Pss_Anon:          39996 kB
Pss_File:           8217 kB
Pss_Shmem:             0 kB
Shared_Clean:      14328 kB
Shared_Dirty:          0 kB
Private_Clean:      8132 kB
Private_Dirty:     40100 kB
Referenced:        62560 kB
Anonymous:         40100 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
"""


def test_smaps_rollup_gives_rss_and_pss_in_bytes():
    fields = bench.parse_smaps_rollup(SMAPS_ROLLUP)
    assert fields["Rss"] == 62560 * 1024
    assert fields["Pss"] == 48213 * 1024
    assert fields["Private_Dirty"] == 40100 * 1024
    assert not any("rollup" in name or "-" in name for name in fields)  # the address line is no field


def _process(proc: Path, pid: int, rss_kb: int, pss_kb: int | None, children: list[int] = ()) -> None:
    """A fake /proc/<pid>: its smaps_rollup (or only a status, when pss_kb is None) and,
    on its main thread, the children it started."""
    folder = proc / str(pid)
    (folder / "task" / str(pid)).mkdir(parents=True)
    (folder / "task" / str(pid) / "children").write_text(" ".join(map(str, children)) + (" " if children else ""))
    (folder / "status").write_text(f"Name:\tpython\nPid:\t{pid}\nVmRSS:\t  {rss_kb} kB\n")
    if pss_kb is not None:
        (folder / "smaps_rollup").write_text(f"0-1 ---p 0 00:00 0 [rollup]\nRss: {rss_kb} kB\nPss: {pss_kb} kB\n")


def test_tree_pss_counts_the_pages_forked_workers_share_once(tmp_path):
    # a build (100 MB resident) with two forked workers that share most of its pages
    _process(tmp_path, 100, 100_000, 60_000, children=[101, 102])
    _process(tmp_path, 101, 90_000, 30_000)
    _process(tmp_path, 102, 90_000, 30_000, children=[103])
    _process(tmp_path, 103, 5_000, 5_000)  # a grandchild (an indexer the worker started)
    sample = bench.sample_tree(100, proc=tmp_path)
    assert sample.processes == 4
    assert sample.pss_sum == 125_000 * 1024
    assert sample.rss_sum == 285_000 * 1024  # the shared pages counted once per process
    assert sample.largest_rss == 100_000 * 1024
    assert sample.pss_complete


def test_a_process_that_ended_is_left_out_of_the_tree(tmp_path):
    _process(tmp_path, 100, 50_000, 50_000, children=[101, 999])  # 999 has exited since
    _process(tmp_path, 101, 20_000, 10_000)
    sample = bench.sample_tree(100, proc=tmp_path)
    assert sample.processes == 2
    assert sample.pss_sum == 60_000 * 1024
    assert sample.pss_complete


def test_without_smaps_rollup_rss_is_still_read_but_pss_is_not_claimed(tmp_path):
    _process(tmp_path, 100, 50_000, None)  # a kernel before 4.14
    sample = bench.sample_tree(100, proc=tmp_path)
    assert sample.rss_sum == 50_000 * 1024
    assert not sample.pss_complete
    peaks = bench.MemoryPeaks()
    peaks.add(sample)
    assert peaks.pss_sum is None  # "—" in the table, never 0 MB
    assert peaks.rss_sum == 50_000 * 1024


def test_the_pss_peak_skips_samples_that_missed_a_process():
    peaks = bench.MemoryPeaks()
    peaks.add(bench.TreeSample(rss_sum=300, pss_sum=200, largest_rss=150, processes=2))
    peaks.add(bench.TreeSample(rss_sum=500, pss_sum=50, largest_rss=400, processes=3, pss_complete=False))
    assert (peaks.pss_sum, peaks.rss_sum, peaks.largest_rss) == (200, 500, 400)


def test_measure_reads_the_memory_of_a_real_process():
    # holds ~50 MB of touched memory for half a second: the poller must see it
    hold = "import time; data = bytes(range(256)) * 200_000; time.sleep(0.5); print(len(data))"
    run = bench.measure([sys.executable, "-c", hold])
    assert run.returncode == 0
    assert run.stdout.strip() == "51200000"
    assert run.largest_bytes >= 50 * 2**20
    if Path("/proc/self/smaps_rollup").exists():
        assert run.pss_bytes is not None and run.pss_bytes >= 45 * 2**20


def test_two_commands_chained_add_their_times_and_keep_the_higher_memory():
    hugo = Run(8.0, 0, "", cpu_seconds=10.0, largest_bytes=900, pss_bytes=880, rss_sum_bytes=950)
    pagefind = Run(3.0, 0, "", cpu_seconds=5.0, largest_bytes=1000, pss_bytes=990, rss_sum_bytes=1000)
    both = bench.chain(hugo, pagefind)
    assert (both.seconds, both.cpu_seconds) == (11.0, 15.0)
    assert (both.largest_bytes, both.pss_bytes, both.rss_sum_bytes) == (1000, 990, 1000)
    failed = bench.chain(hugo, Run(1.0, 1, "pagefind: error"))
    assert failed.returncode == 1 and "pagefind: error" in failed.stderr


# -- verdicts ---------------------------------------------------------------------------------


def _measure(key: str, *seconds: float, mb: float = 100, pss_mb: float | None = 80) -> Measure:
    meas = Measure(key, bench.LABELS.get(key, key))
    for s in seconds:
        pss = None if pss_mb is None else int(pss_mb * 2**20)
        meas.add(Run(s, 0, "", largest_bytes=int(mb * 2**20), pss_bytes=pss, rss_sum_bytes=int(mb * 2**20)))
    return meas


def _full(**override: Measure) -> dict[str, Measure]:
    measures = {
        "cold": _measure("cold", 4.0, 5.0, 6.0),
        "cold_cached": _measure("cold_cached", 3.0),
        "noop": _measure("noop", 0.1),
        "edit": _measure("edit", 0.25),
        "cold_search": _measure("cold_search", 9.0),
        "pagefind_lang": _measure("pagefind_lang", 0.5),
        "edit_search": _measure("edit_search", 0.7),
        "hugo": _measure("hugo", 8.0),
        "hugo_pagefind": _measure("hugo_pagefind", 10.0),
    }
    measures.update(override)
    return measures


def _verdicts(measures, scaling=None) -> dict[str, str]:
    return {t.row: t.verdict for t in bench.issue_targets(measures, scaling)}


def test_every_row_of_the_issue_is_judged_on_the_run_s_figures():
    verdicts = _verdicts(_full())
    assert verdicts == {
        "cold build --no-search": "met",  # median 5.0 s against Hugo's 8.0 s
        "cold build --no-search, share images cached": "met",  # 3.0 s against 8.0 s
        "cold build with the search index": "met",  # 9.0 s against Hugo + Pagefind 10.0 s
        "rebuild, nothing changed": "met",
        "rebuild, one page edited, --no-search": "met",
        "rebuild, one page edited, with search": "met",  # 0.7 s ≤ 0.3 s + 0.5 s for sv alone
        "peak memory, largest process": "met",
        "peak memory, process tree PSS": "met",
        "10× the projects: cold time": "not measured",
        "10× the projects: peak memory": "not measured",
    }


def test_the_like_for_like_cold_build_keeps_only_the_share_images(tmp_path):
    cache = tmp_path / ".eupages-cache"
    for name in ("share-images", "share-fonts", "links", "templates"):
        (cache / name).mkdir(parents=True)
        (cache / name / "f").write_text("x")
    for name in ("parsed.pickle", "manifest.pickle"):
        (cache / name).write_text("x")
    bench._cold_keeping(cache, bench.SHARE_IMAGE_CACHE)
    assert sorted(p.name for p in cache.iterdir()) == ["share-fonts", "share-images"]
    assert (cache / "share-images" / "f").is_file()


def test_a_slower_build_misses_its_target():
    verdicts = _verdicts(_full(cold=_measure("cold", 9.0), edit_search=_measure("edit_search", 0.81)))
    assert verdicts["cold build --no-search"] == "NOT MET"
    assert verdicts["rebuild, one page edited, with search"] == "NOT MET"
    assert verdicts["cold build with the search index"] == "met"


def test_a_fast_rebuild_that_lost_the_edit_misses_its_target():
    edit = _measure("edit", 0.05)
    edit.failures.append("the edited sentence did NOT reach sv/projects/x/")
    target = next(t for t in bench.issue_targets(_full(edit=edit)) if t.row.startswith("rebuild, one page edited, --"))
    assert target.verdict == "NOT MET"
    assert target.failures == ("the edited sentence did NOT reach sv/projects/x/",)


def test_memory_is_judged_on_the_highest_eupages_build_and_never_on_the_peers():
    measures = _full(cold_search=_measure("cold_search", 9.0, mb=310, pss_mb=290))
    measures["hugo"] = _measure("hugo", 8.0, mb=950, pss_mb=940)
    verdicts = _verdicts(measures)
    assert verdicts["peak memory, largest process"] == "NOT MET"  # 310 MB
    assert verdicts["peak memory, process tree PSS"] == "met"  # 290 MB


def test_unreadable_pss_is_a_missed_target_not_a_pass():
    verdicts = _verdicts(_full(noop=_measure("noop", 0.1, pss_mb=None)))
    assert verdicts["peak memory, process tree PSS"] == "NOT MET"


def test_cold_only_leaves_the_other_rows_not_measured():
    verdicts = _verdicts({"cold": _measure("cold", 4.0), "hugo": _measure("hugo", 8.0)})
    assert verdicts["cold build --no-search"] == "met"
    for row in (
        "cold build with the search index",
        "rebuild, nothing changed",
        "rebuild, one page edited, with search",
    ):
        assert verdicts[row] == "not measured"


@pytest.mark.parametrize(("large_s", "verdict"), [(52.0, "met"), (53.0, "NOT MET")])
def test_ten_times_the_projects_may_take_ten_and_a_half_times_as_long(large_s, verdict):
    small, large = _measure("cold", 5.0), _measure("cold-10000", large_s, mb=700, pss_mb=900)
    scaling = {"factor": 10, "small": small, "large": large, "time_ratio": large_s / 5.0}
    targets = {t.row: t for t in bench.issue_targets(_full(cold=small), scaling)}
    assert targets["10× the projects: cold time"].verdict == verdict
    memory = targets["10× the projects: peak memory"]
    assert memory.value == 900 and memory.verdict == "met"  # the higher of 700 and 900 MB, ≤ 1 GB


def test_exit_status_tells_a_failed_build_from_a_missed_target():
    targets = [t.as_dict() for t in bench.issue_targets(_full())]
    assert bench.exit_status(list(_full().values()), targets) == 0
    missed = [t.as_dict() for t in bench.issue_targets(_full(noop=_measure("noop", 0.5)))]
    assert bench.exit_status(list(_full().values()), missed) == 2
    broken = _measure("cold", 4.0)
    broken.add(Run(1.0, 1, "content/en/x.md:1: bad"))
    assert bench.exit_status([broken], targets) == 1


# -- report -----------------------------------------------------------------------------------


def test_the_table_aligns_figures_right_and_names_left():
    lines = bench.format_table([("measure", "median s"), ("eupages cold", "5.000"), ("Hugo", "12.500")])
    assert lines == [
        "measure       median s",
        "------------  --------",
        "eupages cold     5.000",
        "Hugo            12.500",
    ]


def test_a_measure_row_shows_every_memory_reading_and_the_ratio_to_hugo():
    row = bench.measure_row(_measure("cold", 4.0, mb=612.4, pss_mb=401.6), hugo=8.0)
    assert row == ("eupages cold build --no-search", "4.000", "0.50", "612", "402", "612", "—", "0.0")
    assert bench.measure_row(_measure("noop", 0.1, pss_mb=None), hugo=None)[2:5] == ("—", "100", "—")


def test_a_target_row_says_the_verdict_the_value_and_the_issue_s_target():
    target = next(t for t in bench.issue_targets(_full()) if t.row == "rebuild, nothing changed")
    assert bench.target_row(target) == ("met", "rebuild, nothing changed", "0.100 s", "≤ 0.2 s")


# -- search index -----------------------------------------------------------------------------


def test_pagefind_files_are_told_apart_by_language():
    assert bench.index_language("sv_44795e6.pf_fragment") == "sv"
    assert bench.index_language("pagefind.nb_68b471ca1a.pf_meta") == "nb"
    assert bench.index_language("wasm.lt.pagefind") == "lt"
    assert bench.index_language("pagefind-entry.json") is None
    assert bench.index_language("pagefind-worker.js") is None


def test_only_other_languages_files_written_anew_count_as_rewritten():
    before = {
        "fragment/sv_1.pf_fragment": (1, 100),
        "fragment/en_1.pf_fragment": (2, 100),
        "index/pl_1.pf_index": (3, 100),
        "wasm.lt.pagefind": (4, 100),
        "pagefind-entry.json": (5, 100),
    }
    after = {
        "fragment/sv_2.pf_fragment": (11, 200),  # the edited language: expected to change
        "fragment/en_1.pf_fragment": (2, 100),  # kept (hard link)
        "index/pl_1.pf_index": (12, 100),  # copied with its time: kept
        "wasm.lt.pagefind": (13, 200),  # written anew
        "pagefind-entry.json": (14, 200),  # shared by every language
    }
    assert bench.other_languages_rewritten(before, after, "sv") == {"lt": 1}


def test_the_edited_sentence_is_found_in_the_language_s_search_fragments(tmp_path):
    (tmp_path / "fragment").mkdir()
    record = b'pagefind_dcd{"url":"/sv/projects/x/","content":"Den h\xc3\xa4r meningen (tokenq)"}'
    (tmp_path / "fragment" / "sv_1.pf_fragment").write_bytes(gzip.compress(record))
    (tmp_path / "fragment" / "en_1.pf_fragment").write_bytes(gzip.compress(b'pagefind_dcd{"content":"other"}'))
    assert bench.index_contains(tmp_path, "sv", "tokenq")
    assert not bench.index_contains(tmp_path, "en", "tokenq")


def test_pagefind_runs_over_one_language_into_a_folder_of_its_own(tmp_path):
    cmd = bench.pagefind_cmd(["pagefind"], tmp_path / "site", glob="sv/**/*.html", output=tmp_path / "scratch")
    assert cmd == [
        "pagefind",
        "--site",
        str(tmp_path / "site"),
        "--silent",
        "--output-path",
        str(tmp_path / "scratch"),
        "--glob",
        "sv/**/*.html",
    ]


# -- share images -----------------------------------------------------------------------------


def test_no_share_images_no_figure(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "index.html").write_text("<html></html>")
    assert bench.share_image_notes(tmp_path, Run(1.0, 0, "")) == []


def test_share_images_are_counted_and_the_build_s_own_words_quoted(tmp_path):
    for lang in ("en", "sv"):
        (tmp_path / lang / "projects" / "x").mkdir(parents=True)
        (tmp_path / lang / "projects" / "x" / "share.png").write_bytes(b"\x89PNG" + b"\0" * 1020)
    quiet = bench.share_image_notes(tmp_path, Run(1.0, 0, "", stdout="eupages: built 12 pages"))
    assert quiet == [
        "share images: 2 */share.png files, 0.0 MB in the output",
        "the build did not report their cost",
    ]
    said = bench.share_image_notes(tmp_path, Run(1.0, 0, "share images: 2 drawn in 0.4 s\n"))
    assert said[1] == "the build reported: share images: 2 drawn in 0.4 s"


def test_per_language_bundles_are_told_apart_by_their_folder(tmp_path):
    before = {"sv/pagefind.js": (1, 100), "en/pagefind.js": (2, 100), "pl/index/pl_1.pf_index": (3, 100)}
    after = {"sv/pagefind.js": (11, 200), "en/pagefind.js": (12, 200), "pl/index/pl_1.pf_index": (3, 100)}
    assert bench.other_languages_rewritten(before, after, "sv") == {"en": 1}
    (tmp_path / "sv" / "fragment").mkdir(parents=True)
    (tmp_path / "sv" / "fragment" / "sv_1.pf_fragment").write_bytes(gzip.compress(b'{"content":"tokenq"}'))
    assert bench.index_contains(tmp_path, "sv", "tokenq")
    assert not bench.index_contains(tmp_path, "en", "tokenq")
