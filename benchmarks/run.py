"""Benchmark `score`: cold start, in-process matching, batch throughput, memory, grep floor.

Builds a synthetic corpus of N reports from the five bundled examples (paragraphs shuffled
within each part, numbers randomised, deterministic seed), times the real CLI on it and prints
the results as Markdown tables, ready to paste into a README. Nothing is asserted: the script
always exits 0 and failed runs are shown in the tables.

    python benchmarks/run.py [--sizes 200,2000,10000] [--quick] [--seed N] [--profile] [--keep]

Progress goes to stderr; the tables go to stdout. Uses the standard library and the project's
own package only.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import hashlib
import io
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import fazhi
from fazhi.cli import main as cli_main
from fazhi.reader import read_document
from fazhi.rubric import Rubric, load_rubric
from fazhi.score import score_document, score_layout
from fazhi.segment import segment

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "reports"
SAMPLE = Path("examples/reports/2021-beijing-yanqing.txt")   # relative to REPO, as in the README
DEFAULT_SIZES = (200, 2000, 10000)
QUICK_SIZES = (200, 2000)
COLD_RUNS = 5
GREP_RUNS = 3
KB20 = 20 * 1024          # "per 20 KB of text": UTF-8 bytes
SAMPLE_EVERY = 0.1        # seconds between RSS samples of a batch run's process tree
INPROC_MAX = 500         # in-process timing uses at most this many reports of the first corpus
TIMED_RUNS = 3           # each in-process time is the best of this many passes over the corpus
CHILD_TIMEOUT = 1800      # seconds; a run that takes longer is killed and shown as failed

TARGETS = {
    "cold": "< 0.5 s",
    "per20kb": "< 5 ms",
    "throughput": "≥ 300 reports/s (2 workers)",
    "memory": "flat from 2,000 to 10,000",
    "grep": "≤ 10× the grep floor",
}

_NUM = "一二三四五六七八九十"
_HEADING = re.compile(
    rf"^\s*(?:[{_NUM}]{{1,3}}\s*[、,,.．]|第[{_NUM}]{{1,3}}部分|[((][{_NUM}\d]{{1,3}}[))]|\d{{1,2}}\s*[、,,.．](?!\d))")
_DIGITS = re.compile(r"\d+")
_SHORT_LINE = 50          # a line this short that does not end a sentence is a title, date, signature …
_SENTENCE_END = ("。", ";", ";", ":", ":", "!", "?")


# ---------------------------------------------------------------- synthetic corpus

def is_fixed(line: str) -> bool:
    """Lines that keep their place and text: headings, titles, dates, signatures, portal lines."""
    text = line.strip()
    if _HEADING.match(text):
        return True
    return len(text) <= _SHORT_LINE and not text.endswith(_SENTENCE_END)


def randomise_numbers(text: str, rng: random.Random) -> str:
    """Every digit run replaced by a random one of the same length; years (1990–2035) kept."""
    def repl(m: re.Match[str]) -> str:
        digits = m.group(0)
        if len(digits) == 4 and 1990 <= int(digits) <= 2035:
            return digits
        first = str(rng.randint(1, 9)) if len(digits) > 1 else str(rng.randint(0, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])
    return _DIGITS.sub(repl, text)


def vary(text: str, rng: random.Random) -> str:
    """One variant: paragraphs shuffled between fixed lines, numbers in paragraphs randomised."""
    lines = text.splitlines(keepends=True)
    out = list(lines)
    block: list[int] = []
    for i, line in enumerate(lines + ["一、\n"]):   # sentinel flushes the last block
        if not line.strip():
            continue
        if not is_fixed(line):
            block.append(i)
            continue
        if i < len(lines):
            out[i] = randomise_inline_body(line, rng)
        bodies = [lines[j].strip("\r\n") for j in block]
        rng.shuffle(bodies)
        for j, body in zip(block, bodies, strict=True):
            ending = lines[j][len(lines[j].rstrip("\r\n")):]
            out[j] = randomise_numbers(body, rng) + ending
        block = []
    return "".join(out)


def randomise_inline_body(line: str, rng: random.Random) -> str:
    """A long heading line with its text inline ("(一)…。正文…"): numbers after the numbering randomised."""
    m = _HEADING.match(line)
    if m is None or len(line.strip()) <= _SHORT_LINE:
        return line
    return line[:m.end()] + randomise_numbers(line[m.end():], rng)


def build_corpus(root: Path, sizes: Sequence[int], seed: int) -> dict[int, Path]:
    """One directory per size; smaller corpora are hard links to the first files of the largest."""
    bases = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.txt"))]
    largest = root / f"n{max(sizes)}"
    largest.mkdir(parents=True)
    seen: set[str] = set()
    names: list[str] = []
    for i in range(max(sizes)):
        stem, text = bases[i % len(bases)]
        body = unique_variant(text, seed, i, seen)
        name = f"r{i:05d}-{stem}.txt"
        (largest / name).write_text(body, encoding="utf-8")
        names.append(name)
    dirs = {max(sizes): largest}
    for n in sorted(set(sizes) - {max(sizes)}):
        dirs[n] = link_subset(largest, root / f"n{n}", names[:n])
    return dirs


def unique_variant(text: str, seed: int, index: int, seen: set[str]) -> str:
    """A variant no other report of the corpus has (retried with another seed on a collision)."""
    for attempt in range(100):
        body = vary(text, random.Random(f"{seed}:{index}:{attempt}"))
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        if digest not in seen:
            seen.add(digest)
            return body
    raise RuntimeError(f"could not make report {index} unique")


def link_subset(source: Path, target: Path, names: Sequence[str]) -> Path:
    """*target* holding hard links (copies where links fail) to *names* in *source*."""
    target.mkdir()
    for name in names:
        try:
            os.link(source / name, target / name)
        except OSError:
            shutil.copyfile(source / name, target / name)
    return target


def corpus_sizes_kb(directory: Path) -> tuple[float, float, float]:
    """(mean, min, max) file size in KB."""
    sizes = [p.stat().st_size / 1024 for p in directory.glob("*.txt")]
    return statistics.mean(sizes), min(sizes), max(sizes)


# ---------------------------------------------------------------- running children

@dataclass(frozen=True)
class Run:
    """One child process: wall time, exit code and memory (KB)."""

    wall: float
    code: int
    max_rss_kb: int          # largest single process (the CLI or one worker), from wait4
    tree_rss_kb: int = 0     # sampled peak of the sum over the CLI and its workers; 0 if not sampled
    error: str = ""


def process_tree_rss_kb(root: int) -> int:
    """Resident memory of *root* and all its descendants, in KB (Linux /proc; 0 elsewhere)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text(encoding="ascii", errors="replace")
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [c for c, p in parents.items() if p == pid and c not in tree]
        tree.update(children)
        frontier += children
    return sum(_rss_kb(pid) for pid in tree)


def _rss_kb(pid: int) -> int:
    """Resident memory of one process in KB (0 if it is gone)."""
    try:
        resident = int(Path(f"/proc/{pid}/statm").read_text(encoding="ascii").split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return resident * os.sysconf("SC_PAGE_SIZE") // 1024


def run_child(cmd: Sequence[str], sample: bool = False, env: dict[str, str] | None = None) -> Run:
    """Run *cmd* in the repo with stdout to /dev/null; time it and take its rusage via wait4."""
    peak = [0]
    done = threading.Event()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=REPO, stdout=subprocess.DEVNULL, stderr=err, env=env)
        sampler = threading.Thread(target=_sample, args=(proc.pid, peak, done), daemon=True)
        if sample:
            sampler.start()
        timer = threading.Timer(CHILD_TIMEOUT, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", errors="replace").strip().splitlines()[-1:]
    if sample:
        sampler.join()
    return Run(wall=wall, code=proc.returncode, max_rss_kb=usage.ru_maxrss, tree_rss_kb=peak[0],
               error=tail[0] if tail and proc.returncode not in (0, 1) else "")


def _sample(pid: int, peak: list[int], done: threading.Event) -> None:
    """Keep the peak RSS of *pid*'s process tree in peak[0] until *done* is set."""
    while not done.wait(SAMPLE_EVERY):
        peak[0] = max(peak[0], process_tree_rss_kb(pid))


def median_wall(cmd: Sequence[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, list[Run]]:
    """Median wall time of *runs* runs, after one untimed warm-up run (file cache, .pyc)."""
    run_child(cmd, env=env)
    results = [run_child(cmd, env=env) for _ in range(runs)]
    return statistics.median(r.wall for r in results), results


def score_exe() -> str:
    """The `score` console script of the running interpreter's environment."""
    beside = Path(sys.executable).parent / "score"
    return str(beside) if beside.exists() else (shutil.which("score") or "score")


def cached_bytecode_env(cache: Path) -> dict[str, str]:
    """The environment with bytecode caching on, the cache in *cache* (never beside the sources)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return dict(env, PYTHONPYCACHEPREFIX=str(cache))


# ---------------------------------------------------------------- in-process and grep floor

@dataclass(frozen=True)
class InProcess:
    """Per-report times (s): `score_document` (segment + match + score) and `score_layout` on
    an already segmented report (match + score); text sizes (UTF-8 bytes)."""

    seconds: list[float]
    match_seconds: list[float]
    sizes: list[int]

    def per_report_ms(self, match_only: bool = False) -> list[float]:
        """Milliseconds per report."""
        return [s * 1000 for s in (self.match_seconds if match_only else self.seconds)]

    def per_20kb_ms(self, match_only: bool = False) -> list[float]:
        """Milliseconds per 20 KB of UTF-8 text."""
        seconds = self.match_seconds if match_only else self.seconds
        return [s * 1000 * KB20 / b for s, b in zip(seconds, self.sizes, strict=True)]


def time_in_process(directory: Path, rubric: Rubric) -> InProcess:
    """Time score_document (segment + match + score) and score_layout (match + score) on every
    already-read report."""
    documents = [read_document(str(p)) for p in sorted(directory.glob("*.txt"))[:INPROC_MAX]]
    score_document(documents[0], rubric)   # warm-up: regex and other caches
    layouts = [segment(d.text) for d in documents]
    seconds = _best_times([lambda d=d: score_document(d, rubric) for d in documents])
    match_seconds = _best_times([lambda d=d, la=la: score_layout(d, la, rubric)
                                 for d, la in zip(documents, layouts, strict=True)])
    return InProcess(seconds, match_seconds, [len(d.text.encode("utf-8")) for d in documents])


def _best_times(calls: list[Callable[[], object]]) -> list[float]:
    """Seconds each call takes: the best of TIMED_RUNS passes over all the calls, so that a
    garbage collection, or a slow spell of the shared machine, does not count as the engine's."""
    best = [float("inf")] * len(calls)
    for _ in range(TIMED_RUNS):
        for i, call in enumerate(calls):
            start = time.perf_counter()
            call()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def rubric_terms(rubric: Rubric) -> list[str]:
    """Every literal term of the rubric: `any` terms and `all` group terms of every rule."""
    terms: set[str] = set()
    for item in rubric.items:
        for rule in item.rules:
            terms.update(rule.words())
    return sorted(t for t in terms if t)


def grep_floor(terms_file: Path, directory: Path) -> float:
    """Median wall time of `grep -r -F -c -f TERMS DIR` (C locale: plain byte matching)."""
    env = dict(os.environ, LC_ALL="C")
    wall, _ = median_wall(["grep", "-r", "-F", "-c", "-f", str(terms_file), str(directory)], GREP_RUNS, env)
    return wall


def profile_one(path: Path, rubric: Rubric, top: int = 10) -> str:
    """cProfile of one in-process score_document: the top functions by cumulative time."""
    document = read_document(str(path))
    score_document(document, rubric)
    profiler = cProfile.Profile()
    profiler.runcall(score_document, document, rubric)
    return _top(profiler, top)


def profile_cli(path: Path, top: int = 10) -> str:
    """cProfile of `score PATH --format json` run in this process (imports already done)."""
    profiler = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()):
        profiler.runcall(cli_main, [str(path), "--format", "json"])
    return _top(profiler, top)


def _top(profiler: cProfile.Profile, top: int) -> str:
    """The *top* functions by cumulative time, as pstats prints them."""
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(top)
    return out.getvalue().strip()


# ---------------------------------------------------------------- batch

@dataclass(frozen=True)
class Batch:
    """One `score DIR --format jsonl --jobs K` run and the grep floor of the same corpus."""

    n: int
    jobs: int
    run: Run
    grep: float

    @property
    def rate(self) -> float:
        """Reports per second, wall time."""
        return self.n / self.run.wall


def batch_run(directory: Path, n: int, jobs: int, grep: float) -> Batch:
    """Run the real CLI on *directory* with *jobs* workers, output to /dev/null."""
    cmd = [score_exe(), str(directory), "--format", "jsonl", "--jobs", str(jobs)]
    return Batch(n, jobs, run_child(cmd, sample=True), grep)


# ---------------------------------------------------------------- report

def header(seed: int, sizes: Sequence[int], corpus: Path, load: str) -> list[str]:
    """Date, machine, Python and corpus lines above the tables."""
    mean, low, high = corpus_sizes_kb(corpus)
    nopyc = " `PYTHONDONTWRITEBYTECODE` is set." if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""
    cpu = platform.processor() or "(empty)"
    model = _cpu_model()
    return [
        f"### fazhi-score benchmark — {dt.date.today().isoformat()}",
        "",
        f"- Machine: `platform.processor()` {cpu} / `machine()` {platform.machine()}"
        + (f" ({model})" if model else "") + f", {os.cpu_count()} CPUs",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"fazhi-score {fazhi.__version__}.{nopyc}",
        f"- Load average (1/5/15 min) before the run: {load} — other work on the machine inflates the times",
        f"- Corpus: {', '.join(f'{n:,}' for n in sizes)} synthetic reports from the 5 examples "
        f"(seed {seed}), {mean:.1f} KB on average ({low:.1f}–{high:.1f} KB)",
        "",
    ]


def _cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or empty."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _pct(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _mb(kb: int) -> str:
    """KB as whole MB, or a dash when not measured."""
    return f"{kb / 1024:,.0f}" if kb else "—"


def _wall(run: Run) -> str:
    """Wall time, with the exit code and last error line when the run failed."""
    return f"{run.wall:.2f} s" + (f" (exit {run.code}: {run.error})" if run.code not in (0, 1) else "")


def summary_table(cold: tuple[float, list[Run]], cold_uncached: tuple[float, list[Run]],
                  cold_cached: tuple[float, list[Run]], help_: tuple[float, list[Run]], inproc: InProcess,
                  inproc_n: int, batches: list[Batch]) -> list[str]:
    """The headline numbers beside the targets."""
    def ms(values: list[float]) -> str:
        return f"{statistics.median(values):.1f} / {_pct(values, 95):.1f} ms"
    rows = [
        ("Cold `score` one report, `--format json` (median of 5)", _wall_median(cold), TARGETS["cold"]),
        ("… with the rubric cache off (`FAZHI_CACHE_DIR=`, as on a first run)", _wall_median(cold_uncached),
         TARGETS["cold"]),
        ("… with bytecode cached (`PYTHONPYCACHEPREFIX`)", _wall_median(cold_cached), TARGETS["cold"]),
        ("`score --help` (median of 5)", _wall_median(help_), "—"),
        (f"In-process matching + scoring (`score_layout`) per 20 KB, median / p95 (N={inproc_n:,})",
         ms(inproc.per_20kb_ms(match_only=True)), TARGETS["per20kb"]),
        ("… per report", ms(inproc.per_report_ms(match_only=True)), "—"),
        ("In-process segmenting + matching + scoring (`score_document`) per 20 KB", ms(inproc.per_20kb_ms()),
         "—"),
        ("… per report", ms(inproc.per_report_ms()), "—"),
    ]
    two = [b for b in batches if b.jobs == 2]
    if two:
        big = max(two, key=lambda b: b.n)
        rows.append((f"Batch throughput, 2 workers, N={big.n:,}", f"{big.rate:.0f} reports/s",
                     TARGETS["throughput"]))
        rows.append(("Peak RSS, 2 workers, all processes: " + " → ".join(f"N={b.n:,}" for b in two),
                     " → ".join(f"{_mb(b.run.tree_rss_kb)} MB" for b in two), TARGETS["memory"]))
        rows.append((f"Batch ÷ grep floor, 2 workers, N={big.n:,}", f"{big.run.wall / big.grep:.0f}×",
                     TARGETS["grep"]))
    return ["| Measure | Result | Target |", "|---|---:|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]


def _wall_median(result: tuple[float, list[Run]]) -> str:
    """Median wall time, noting failed runs."""
    wall, runs = result
    bad = [r for r in runs if r.code != 0]
    return f"{wall:.3f} s" + (f" ({len(bad)} runs failed: {bad[0].error or bad[0].code})" if bad else "")


def batch_table(batches: list[Batch]) -> list[str]:
    """One row per batch run."""
    lines = ["| N | workers | wall | reports/s | max RSS, one process | peak RSS, all processes "
             "| grep floor | batch ÷ grep |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for b in batches:
        lines.append(f"| {b.n:,} | {b.jobs} | {_wall(b.run)} | {b.rate:.0f} | {_mb(b.run.max_rss_kb)} MB "
                     f"| {_mb(b.run.tree_rss_kb)} MB | {b.grep:.3f} s | {b.run.wall / b.grep:.0f}× |")
    return lines


NOTES = [
    "",
    "Cold and `--help`: wall time of the `score` subprocess, interpreter start and imports included "
    "(one untimed warm-up run first, which also fills the run's private rubric cache); the cache-off "
    "row parses and validates the YAML rubrics on every run; the bytecode-cached row keeps `.pyc` "
    "files in a temporary `PYTHONPYCACHEPREFIX`, as an ordinary install would have them. "
    "In-process: `fazhi.score.score_layout` (match + score) on already segmented reports, and "
    "`score_document` (segment + match + score) on already-read ones, default rubric loaded once; "
    f"each report's time is its best of {TIMED_RUNS} passes over the corpus. Batch: "
    "`score DIR --format jsonl --jobs K > /dev/null`, one run each, wall time; "
    "RSS of one process is `ru_maxrss` from `wait4` (the CLI or its largest worker); "
    "all processes is the sampled peak (every 0.1 s) of the summed RSS of the CLI and its workers. "
    "Grep floor: `LC_ALL=C grep -r -F -c -f TERMS DIR` with every literal `any`/`all` term of the "
    "default rubric (median of 3).",
]


# ---------------------------------------------------------------- main

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="corpus sizes for the batch runs (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="N = 200 and 2,000 only")
    parser.add_argument("--seed", type=int, default=20240101, help="corpus seed (default: %(default)s)")
    parser.add_argument("--profile", action="store_true",
                        help="also print the top 10 functions (cumulative) of one in-process scoring")
    parser.add_argument("--keep", action="store_true", help="keep the corpus directory (path on stderr)")
    return parser.parse_args(argv)


def log(message: str) -> None:
    """Progress on stderr (stdout is the Markdown)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the corpus, measure, print the tables, remove the corpus; always 0."""
    args = parse_args(argv)
    sizes = list(QUICK_SIZES) if args.quick else sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    root = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    try:
        out = measure(args, sizes, root)
    finally:
        if args.keep:
            log(f"corpus kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print("\n".join(out))
    return 0


def measure(args: argparse.Namespace, sizes: list[int], root: Path) -> list[str]:
    """Every measurement, in order; returns the Markdown lines."""
    load = "/".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    log(f"building corpus {sizes} in {root}")
    dirs = build_corpus(root / "corpus", sizes, args.seed)
    exe = score_exe()
    os.environ["FAZHI_CACHE_DIR"] = str(root / "rubric-cache")   # every `score` run below shares it
    log("cold score and --help")
    cold = median_wall([exe, str(SAMPLE), "--format", "json"], COLD_RUNS)
    cold_uncached = median_wall([exe, str(SAMPLE), "--format", "json"], COLD_RUNS,
                                dict(os.environ, FAZHI_CACHE_DIR=""))
    cold_cached = median_wall([exe, str(SAMPLE), "--format", "json"], COLD_RUNS,
                              cached_bytecode_env(root / "pycache"))
    help_ = median_wall([exe, "--help"], COLD_RUNS)
    rubric = load_rubric()
    inproc_n = min(sizes[0], INPROC_MAX)
    log(f"in-process score_document on N={inproc_n}")
    inproc = time_in_process(dirs[sizes[0]], rubric)
    terms = root / "terms.txt"
    terms.write_text("\n".join(rubric_terms(rubric)) + "\n", encoding="utf-8")
    batches: list[Batch] = []
    for n in sizes:
        grep = grep_floor(terms, dirs[n])
        for jobs in (1, 2):
            log(f"batch N={n} jobs={jobs} (grep floor {grep:.3f} s)")
            batches.append(batch_run(dirs[n], n, jobs, grep))
            log(f"  {batches[-1].run.wall:.1f} s, {batches[-1].rate:.0f} reports/s")
    lines = header(args.seed, sizes, dirs[max(sizes)], load)
    lines += summary_table(cold, cold_uncached, cold_cached, help_, inproc, inproc_n, batches)
    lines += [""] + batch_table(batches) + NOTES
    if args.profile:
        lines += ["", f"Top 10 by cumulative time, one `score_document` on `{SAMPLE}`:", "", "```",
                  profile_one(REPO / SAMPLE, rubric), "```", "",
                  f"Top 10 by cumulative time, `score {SAMPLE} --format json` in-process (after imports):",
                  "", "```", profile_cli(REPO / SAMPLE), "```"]
    return lines


if __name__ == "__main__":
    sys.exit(main())
