"""Many reports at once: expand inputs, score in parallel, stream light rows in input order.

Each worker scores one report and returns a Row — the rendered output for streaming formats
plus the few numbers the corpus summary needs — so memory stays flat however many reports
there are. Unreadable files come back as rows with an error and never stop the batch.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .doctype import override as doctype_override
from .errors import FazhiError
from .level import override as level_override
from .model import Scorecard
from .reader import read_document
from .rubric import RubricChooser
from .score import score_layout
from .segment import segment
from .waivers import load_waivers

KNOWN_SUFFIXES = (".txt", ".text", ".htm", ".html", ".docx", ".pdf")
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
    level_label: str = "未识别"
    doctype: str = "annual_report"    # what the document is (see doctype.KINDS)
    score: float | None = None
    score_unweighted: float | None = None
    counts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)   # covered, partial, missing, n/a, waived
    parts: tuple[tuple[str, str, float | None], ...] = ()   # (id, title, score)
    statuses: tuple[tuple[str, str, str], ...] = ()   # (item id, title, status)
    rendered: bytes = b""   # UTF-8: passed from a worker and written out without decoding


def expand(inputs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Files, directories (recursively, known extensions) and glob patterns → (paths, errors)."""
    paths: list[str] = []
    errors: list[str] = []
    for item in inputs:
        if item == "-" or Path(item).is_file():
            paths.append(item)
        elif Path(item).is_dir():
            found = sorted(str(p) for p in Path(item).rglob("*")
                           if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES)
            if not found:
                errors.append(f"{item}: 目录中没有报告文件({'、'.join(KNOWN_SUFFIXES)})— 请检查目录")
            paths.extend(found)
        elif any(ch in item for ch in "*?["):
            found = sorted(p for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not found:
                errors.append(f"{item}: 没有匹配的文件 — 请检查通配符")
            paths.extend(found)
        else:
            paths.append(item)   # reported as missing by the reader
    return paths, errors


def row(card: Scorecard, rendered: bytes = b"") -> Row:
    s = card.summary
    return Row(path=card.document.path, issuer=card.layout.meta.issuer, year=card.layout.meta.year,
               rubric=card.rubric.id, score=s.score, score_unweighted=s.score_unweighted,
               counts=(s.covered, s.partial, s.missing, s.not_applicable, s.waived),
               level=card.level.kind if card.level else None,
               level_label=card.level.label if card.level else "未识别",
               doctype=card.doctype.kind if card.doctype else "annual_report",
               parts=tuple((p.id, p.title, p.score) for p in card.parts),
               statuses=tuple((r.id, r.title, r.status.value) for r in card.items), rendered=rendered)


@dataclass(frozen=True)
class Setup:
    """What every report of a run is scored with (picklable: sent once to each worker)."""

    rubric: str | None = None
    level: str | None = None      # --level: overrides detection
    waivers: str | None = None    # --waivers FILE
    doctype: str | None = None    # --doctype: overrides detection
    year: int | None = None       # --year: the reported year
    issuer: str | None = None     # --issuer: the issuer's full name (its level is read from it)


class Scorer:
    """Rubrics, waivers and the level override, loaded once per process."""

    def __init__(self, setup: Setup) -> None:
        self.chooser = RubricChooser(setup.rubric)
        rubrics = [self.chooser.explicit] if self.chooser.explicit else self.chooser.bundled
        known = {i.id for r in rubrics if r is not None for i in r.items}
        self.waivers = load_waivers(setup.waivers, known) if setup.waivers else None
        self.level = level_override(setup.level) if setup.level else None
        self.doctype = doctype_override(setup.doctype) if setup.doctype else None
        self.year, self.issuer = setup.year, setup.issuer

    def score(self, path: str) -> Scorecard:
        document = read_document(path)
        layout = segment(document.text, year=self.year, issuer=self.issuer)
        rubric, reason = self.chooser.choose(layout.meta.year)
        return score_layout(document, layout, rubric, reason, self.level, self.waivers, self.doctype)


# Worker state: one Scorer per process, built once by the initializer.
_SCORER: Scorer | None = None
_RENDER: Callable[[Scorecard], str | bytes] | None = None


def _init(setup: Setup, render: Callable[[Scorecard], str | bytes] | None) -> None:
    global _SCORER, _RENDER
    _SCORER, _RENDER = Scorer(setup), render


def _work(path: str) -> Row:
    assert _SCORER is not None
    try:
        card = _SCORER.score(path)
    except FazhiError as exc:
        return Row(path=path, error=exc.message)
    rendered = _RENDER(card) if _RENDER else b""
    return row(card, rendered.encode() if isinstance(rendered, str) else rendered)


def score_rows(paths: Sequence[str], setup: Setup, render: Callable[[Scorecard], str | bytes] | None,
               jobs: int, scorer: Scorer | None = None) -> Iterator[Row]:
    """Rows in input order; in worker processes when there are enough reports (in this process
    with *scorer*, when one is already loaded, otherwise)."""
    global _SCORER, _RENDER
    workers = min(jobs, len(paths))
    if workers <= 1 or len(paths) < _MIN_PARALLEL or "-" in paths:
        _SCORER, _RENDER = scorer or Scorer(setup), render
        yield from map(_work, paths)
        return
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(setup, render)) as pool:
        yield from pool.map(_work, paths, chunksize=max(1, min(32, len(paths) // (workers * 8))))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
