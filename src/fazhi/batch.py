"""Many reports at once: expand inputs, score in parallel, stream light rows in input order.

Each worker scores one report and returns a Row — the rendered output for streaming formats
plus the few numbers the corpus summary needs — so memory stays flat however many reports
there are. Unreadable files come back as rows with an error and never stop the batch.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .errors import FazhiError, printable
from .formats import SUFFIXES
from .model import Counts, Scorecard
from .pipeline import Pipeline, Setup
from .waivers import WaiverSet

_MAGIC = re.compile(r"[*?[]")
_MIN_PARALLEL = 8   # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Row:
    """One report's outcome, small enough to keep for thousands of reports."""

    path: str
    error: str | None = None
    issuer: str | None = None
    year: int | None = None
    rubric: str = ""
    level: str | None = None          # province … department
    doctype: str = "annual_report"    # what the document is (see doctype.KINDS)
    score: float | None = None
    score_unweighted: float | None = None
    counts: Counts = Counts()
    parts: tuple[tuple[str, str, float | None], ...] = ()   # (id, title, score)
    statuses: tuple[tuple[str, str, str], ...] = ()   # (item id, title, status)
    rendered: bytes = b""   # UTF-8: passed from a worker and written out without decoding
    detail: str = ""        # the traceback of an unexpected failure, under --debug


def expand(inputs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Files, directories (recursively, known extensions) and glob patterns → (paths, errors)."""
    paths: list[str] = []
    errors: list[str] = []
    for item in inputs:
        if item == "-" or Path(item).is_file():
            paths.append(item)
        elif Path(item).is_dir():
            found = sorted(str(p) for p in Path(item).rglob("*")
                           if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                errors.append(f"{item}: 目录中没有报告文件({'、'.join(SUFFIXES)})— 请检查目录")
            paths.extend(found)
        elif _MAGIC.search(item):
            found = _glob(item)
            if not found:
                errors.append(f"{item}: 没有匹配的文件 — 请检查通配符")
            paths.extend(found)
        else:
            paths.append(item)   # reported as missing by the reader
    return paths, errors


def _glob(pattern: str) -> list[str]:
    """The files *pattern* matches (`**` for any depth), without following symbolic links to
    directories: `glob.glob` follows them, and two links to a parent make its walk endless."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if _MAGIC.search(part))
    root = Path(*parts[:fixed]) if fixed else Path()
    return sorted(str(p) for p in root.glob(str(Path(*parts[fixed:]))) if p.is_file())


def row(card: Scorecard, rendered: bytes = b"") -> Row:
    s = card.summary
    return Row(path=card.document.path, issuer=card.layout.meta.issuer, year=card.layout.meta.year,
               rubric=card.rubric.id + card.rubric.modified_note, score=s.score, score_unweighted=s.score_unweighted,
               counts=s.counts,
               level=card.level.kind if card.level else None,
               doctype=card.doctype.kind if card.doctype else "annual_report",
               parts=tuple((p.id, p.title, p.score) for p in card.parts),
               statuses=tuple((r.item.id, r.item.title, r.status.value) for r in card.items), rendered=rendered)


# Worker state: one Pipeline per process, built once by the initializer.
_PIPELINE: Pipeline | None = None
_RENDER: Callable[[Scorecard], str | bytes] | None = None
_DEBUG = False


def _init(setup: Setup, render: Callable[[Scorecard], str | bytes] | None, debug: bool, run: int,
          waivers: WaiverSet | None) -> None:
    """A worker's start: its pipeline, Ctrl-C left to the parent, and death with the parent."""
    global _PIPELINE, _RENDER, _DEBUG
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent reports the interruption, once
    for name in ("SIGTERM", "SIGHUP"):   # the parent's handlers (see cli) are not a worker's
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    threading.Thread(target=_follow, args=(run,), daemon=True).start()
    _PIPELINE, _RENDER, _DEBUG = Pipeline(setup, waivers), render, debug


def _follow(run: int) -> None:
    """End this worker when the run (process *run*) is gone: killed with -9, it cannot tell its
    workers, and their parent, the fork server, lives as long as they do."""
    while _alive(run):
        time.sleep(0.5)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:   # a run killed but not yet reaped by its parent is a zombie: gone
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _work(path: str) -> Row:
    assert _PIPELINE is not None
    try:
        card = _PIPELINE.score(path)
        rendered = _RENDER(card) if _RENDER else b""
    except FazhiError as exc:
        return Row(path=printable(path), error=printable(exc.message))
    except Exception as exc:   # a bug or an exhausted resource on one report must not stop the others
        return Row(path=printable(path), error=printable(failure(path, exc)),
                   detail="".join(traceback.format_exception(exc)) if _DEBUG else "")
    return row(card, rendered.encode() if isinstance(rendered, str) else rendered)


def _work_chunk(paths: list[str]) -> list[Row]:
    return [_work(path) for path in paths]


def failure(path: str, exc: BaseException) -> str:
    """The one-line message for an unexpected failure on one report."""
    return (f"{path}: 评分时出现内部错误({type(exc).__name__})— 该报告未评分,其余报告照常评分;"
            "请加 --debug 重新运行,并把该文件报告给维护者")


def score_rows(paths: Sequence[str], setup: Setup, render: Callable[[Scorecard], str | bytes] | None,
               jobs: int, pipeline: Pipeline | None = None, debug: bool = False) -> Iterator[Row]:
    """Rows in input order; in worker processes when there are enough reports (in this process
    with *pipeline*, when one is already loaded, otherwise)."""
    global _PIPELINE, _RENDER, _DEBUG
    workers = min(jobs, len(paths))
    if workers <= 1 or len(paths) < _MIN_PARALLEL or "-" in paths:
        _PIPELINE, _RENDER, _DEBUG = pipeline or Pipeline(setup), render, debug
        yield from map(_work, paths)
        return
    # Workers are forked from a clean server process, not from this one: a fork copies this
    # process's threads' state (the executors' own among them), which broke worker exits after a
    # pool had to be replaced.
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                          else None)
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload([__name__])
    yield from _parallel(paths, lambda n: ProcessPoolExecutor(
        max_workers=n, mp_context=context, initializer=_init, initargs=(setup, render, debug, os.getpid(),
                                                                      pipeline.waivers if pipeline else None)),
        workers)


def _parallel(paths: Sequence[str], pool: Callable[[int], ProcessPoolExecutor], workers: int) -> Iterator[Row]:
    """Rows in input order from *workers* processes, a few chunks of reports in flight at a time.

    A worker that dies (killed, out of memory) breaks the pool and fails every unfinished chunk;
    those chunks are then scored again one report at a time in a fresh process, so the report
    that kills its worker is named and failed alone, and the run goes on in a fresh pool."""
    size = max(1, min(32, len(paths) // (workers * 8)))
    chunks = iter([list(paths[i:i + size]) for i in range(0, len(paths), size)])
    executor = pool(workers)
    pending: deque[tuple[list[str], Future[list[Row]]]] = deque()
    try:
        while True:
            while len(pending) < 2 * workers and (chunk := next(chunks, None)) is not None:
                pending.append((chunk, executor.submit(_work_chunk, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                yield from future.result()
                continue
            except BrokenProcessPool:
                pass
            executor.shutdown(cancel_futures=True)   # returns at once: the pool is broken
            unfinished = [(chunk, future), *pending]
            pending.clear()
            for chunk, future in unfinished:
                broken = future.cancelled() or future.exception() is not None
                yield from _one_by_one(chunk, pool) if broken else future.result()
            executor = pool(workers)
    except BaseException:   # interrupted (Ctrl-C, SIGTERM) or the output failed: stop now
        _stop(executor)
        raise
    finally:   # waited for: an executor left to wind down races the interpreter's exit (3.11)
        executor.shutdown(cancel_futures=True)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Terminate the workers: at exit the interpreter would otherwise wait for each one to finish
    its report, and a report read from a pipe may never finish. (Python 3.14 has
    `terminate_workers`; before it, the processes are only reachable this way.)"""
    if hasattr(executor, "terminate_workers"):
        executor.terminate_workers()
        return
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, ValueError):
            process.terminate()


def _one_by_one(paths: list[str], pool: Callable[[int], ProcessPoolExecutor]) -> Iterator[Row]:
    """Rows of *paths* scored one at a time in a process of their own: the one that kills it fails."""
    executor = pool(1)
    try:
        for path in paths:
            try:
                yield executor.submit(_work, path).result()
            except BrokenProcessPool:
                executor.shutdown()
                executor = pool(1)
                name = printable(path)
                yield Row(path=name, error=f"{name}: 评分进程意外终止(可能被系统因内存不足结束,或被人为终止)"
                                           "— 该报告未评分,其余报告照常评分")
    except BaseException:
        _stop(executor)
        raise
    finally:
        executor.shutdown(cancel_futures=True)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def max_jobs() -> int:
    """The most workers worth starting: scoring is CPU-bound, so beyond a few per core they only
    cost start-up time and memory (999 workers on 2 cores took 8× longer than 2)."""
    return min(4 * default_jobs(), 32)
