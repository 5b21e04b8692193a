"""Shared fixtures: the bundled example reports, the default rubric, scored cards."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

import pytest

# Tests never read or fill the user's rubric cache (subprocesses inherit this too).
os.environ["FAZHI_CACHE_DIR"] = tempfile.mkdtemp(prefix="fazhi-test-cache-")
# Nor a rubric chosen in the user's shell: without --rubric, tests mean the bundled ones.
os.environ.pop("FAZHI_RUBRIC", None)

from fazhi.model import Scorecard
from fazhi.pipeline import Pipeline, Setup
from fazhi.rubric import Rubric, bundled_rubrics, load_rubric

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"
EXAMPLES = sorted(p.name for p in REPORTS.glob("*.txt"))


@cache
def default_rubric() -> Rubric:
    return load_rubric()


@cache
def bundled(rubric_id: str) -> Rubric:
    return next(r for r in map(load_rubric, bundled_rubrics()) if r.info.id == rubric_id)


@cache
def scored(name: str, rubric_id: str | None = None) -> Scorecard:
    """*name* scored with a bundled rubric, or (None) with the one chosen by its reported year."""
    return _pipeline(rubric_id).score(str(REPORTS / name))


@cache
def _pipeline(rubric_id: str | None) -> Pipeline:
    return Pipeline(Setup(rubric=bundled(rubric_id).info.path) if rubric_id else None)


@pytest.fixture
def rubric() -> Rubric:
    return default_rubric()
