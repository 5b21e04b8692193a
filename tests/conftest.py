"""Shared fixtures: the bundled example reports, the default rubric, scored cards."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from fazhi.model import Scorecard
from fazhi.reader import read_document
from fazhi.rubric import Rubric, load_rubric
from fazhi.score import score_document

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"
EXAMPLES = sorted(p.name for p in REPORTS.glob("*.txt"))


@cache
def default_rubric() -> Rubric:
    return load_rubric()


@cache
def scored(name: str) -> Scorecard:
    return score_document(read_document(str(REPORTS / name)), default_rubric())


@pytest.fixture
def rubric() -> Rubric:
    return default_rubric()
