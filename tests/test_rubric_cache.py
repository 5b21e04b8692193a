"""The rubric cache: a hit skips parsing and validation; any change to the rubric, a base it
extends or the schema is a miss; a damaged or unwritable cache never makes a run fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fazhi.rubric as rubric_module
from fazhi import rubric_cache
from fazhi.errors import RubricError
from fazhi.model import Document
from fazhi.rubric import load_rubric
from fazhi.score import score_document

from .conftest import REPORTS, ROOT

MINI = ROOT / "tests" / "fixtures" / "mini-rubric.yaml"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(directory))
    return directory


@pytest.fixture()
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reading a rubric file the slow way fails the test."""
    def refuse(*_: object) -> None:
        raise AssertionError("parsed instead of taken from the cache")
    monkeypatch.setattr(rubric_module, "_load_chain", refuse)


def _copy(tmp_path: Path, source: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(source, target)
    return target


@pytest.mark.slow   # builds the default rubric's cache from scratch (0.6 s)
def test_a_second_load_comes_from_the_cache_and_scores_the_same(cache: Path, request: pytest.FixtureRequest) -> None:
    fresh = load_rubric()
    assert len(list(cache.glob("rubric-*.pickle"))) == 1
    request.getfixturevalue("no_parsing")
    cached = load_rubric()
    assert cached.info == fresh.info and [i.id for i in cached.items] == [i.id for i in fresh.items]
    text = (REPORTS / "2021-beijing-yanqing.txt").read_text(encoding="utf-8")
    document = Document(path="r.txt", text=text, encoding="utf-8", sha256="")
    assert ([r.status for r in score_document(document, cached).items]
            == [r.status for r in score_document(document, fresh).items])


def test_an_edited_rubric_is_loaded_afresh(cache: Path, tmp_path: Path) -> None:
    path = _copy(tmp_path, MINI, "mini.yaml")
    assert load_rubric(path).items[0].weight != 7
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("weight: ", "weight: 7 #", 1), encoding="utf-8")
    assert load_rubric(path).items[0].weight == 7
    assert len(list(cache.glob("rubric-*.pickle"))) == 1   # the new entry replaced the old one
    path.write_text(text.replace("id: ", "idd: ", 2), encoding="utf-8")
    with pytest.raises(RubricError):      # a broken edit is reported, never served from the cache
        load_rubric(path)


def test_an_edited_base_is_loaded_afresh(cache: Path, tmp_path: Path) -> None:
    base = _copy(tmp_path, MINI, "base.yaml")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text('id: o\nversion: "1"\ntitle: 覆盖\nextends: base.yaml\n', encoding="utf-8")
    before = load_rubric(overlay)
    assert load_rubric(overlay).items[0].weight == before.items[0].weight
    base.write_text(base.read_text(encoding="utf-8").replace("weight: ", "weight: 9 #", 1), encoding="utf-8")
    assert load_rubric(overlay).items[0].weight == 9


def test_a_broken_rubric_is_never_cached(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("weight:", "weigth:", 1), encoding="utf-8")
    with pytest.raises(RubricError):
        load_rubric(path)
    assert not list(cache.glob("rubric-*"))


def test_a_damaged_cache_is_a_miss(cache: Path, tmp_path: Path) -> None:
    path = _copy(tmp_path, MINI, "mini.yaml")
    expected = load_rubric(path)
    for entry in cache.glob("rubric-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert load_rubric(path).info == expected.info


def test_an_entry_others_can_write_is_not_trusted(cache: Path, tmp_path: Path,
                                                  request: pytest.FixtureRequest) -> None:
    path = _copy(tmp_path, MINI, "mini.yaml")
    load_rubric(path)
    (entry,) = cache.glob("rubric-*.pickle")
    assert entry.stat().st_mode & 0o077 == 0
    entry.chmod(0o666)
    request.getfixturevalue("no_parsing")
    with pytest.raises(AssertionError, match="parsed instead"):
        load_rubric(path)


def test_an_unusable_cache_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(blocker / "cache"))   # cannot be created
    assert load_rubric(MINI).items
    monkeypatch.setenv("FAZHI_CACHE_DIR", "")                       # turned off
    assert rubric_cache.cache_dir() is None and load_rubric(MINI).items
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FAZHI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert rubric_cache.cache_dir() == tmp_path / "fazhi-score"


def _run(args: list[str], cache: str, seed: int) -> str:
    env = dict(os.environ, FAZHI_CACHE_DIR=cache, PYTHONHASHSEED=str(seed))
    done = subprocess.run([sys.executable, "-m", "fazhi.cli", *args], capture_output=True, encoding="utf-8",
                          env=env, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow   # subprocesses of the CLI
def test_a_cache_written_by_one_process_scores_alike_in_another(tmp_path: Path) -> None:
    """Processes hash strings differently (PYTHONHASHSEED): a rubric cached by one must give
    another exactly the decisions of a rubric loaded afresh."""
    args = [str(REPORTS), "--format", "jsonl"]
    fresh = _run(args, "", 1)
    cache = str(tmp_path / "cache")
    assert _run(args, cache, 2) == fresh          # writes the cache
    assert list((tmp_path / "cache").glob("rubric-*.pickle"))
    for seed in (3, 4, 5):
        assert _run(args, cache, seed) == fresh   # reads it


@pytest.mark.slow   # subprocesses under several hash seeds
def test_plans_do_not_depend_on_string_hashing() -> None:
    code = ("from fazhi.rubric import bundled_rubrics, load_rubric\n"
            "def canon(p):\n"
            "    near = p.near and (p.near.before, p.near.after, p.near.core.pattern,\n"
            "                       sorted(p.near.core_words or ()))\n"
            "    return (p.width, p.margin, sorted(p.starts or ()), [sorted(n) for n in p.needs], near)\n"
            "for p in bundled_rubrics():\n"
            "    s = load_rubric(p).searcher\n"
            "    print(sorted(s._automaton.keys()), sorted((k, canon(v)) for k, v in s.plans.items()))\n")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", check=True,
                              env=dict(os.environ, FAZHI_CACHE_DIR="", PYTHONHASHSEED=str(seed))).stdout
               for seed in (1, 2, 3)}
    assert len(outputs) == 1


# ---------------------------------------------------------------- a cache can never run code

class _Payload:
    """What a planted entry would run if it were unpickled naively."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _load_in_subprocess(cache_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", f"from fazhi.rubric import load_rubric; load_rubric({str(MINI)!r})"],
                          env={**os.environ, "FAZHI_CACHE_DIR": str(cache_dir)}, capture_output=True,
                          encoding="utf-8", timeout=60)


def _plant(entry: Path, marker: Path) -> None:
    import pickle
    entry.write_bytes(pickle.dumps((rubric_cache._FORMAT, [], _Payload(marker))))
    entry.chmod(0o600)


@pytest.mark.slow   # loads the rubric in subprocesses
@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX ownership")
@pytest.mark.parametrize("how", ["own file", "symlinked entry", "shared directory", "symlinked directory", "fifo"])
def test_a_planted_entry_never_runs(tmp_path: Path, how: str) -> None:
    real = tmp_path / "cache"
    assert _load_in_subprocess(real).returncode == 0   # a genuine entry, to learn its name
    (entry,) = real.glob("rubric-*.pickle")
    marker = tmp_path / "ran"
    cache_dir = real
    if how == "own file":
        _plant(entry, marker)
    elif how == "symlinked entry":
        elsewhere = tmp_path / "payload.pickle"
        _plant(elsewhere, marker)
        entry.unlink()
        entry.symlink_to(elsewhere)
    elif how == "shared directory":
        _plant(entry, marker)
        real.chmod(0o777)
    elif how == "symlinked directory":
        _plant(entry, marker)
        cache_dir = tmp_path / "link"
        cache_dir.symlink_to(real, target_is_directory=True)
    else:
        entry.unlink()
        os.mkfifo(entry)
    done = _load_in_subprocess(cache_dir)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    if how == "own file":   # the refused entry is replaced by a genuine one
        assert _load_in_subprocess(cache_dir).returncode == 0 and not marker.exists()
    if how == "shared directory":   # nothing is written where others can swap entries
        assert [p.name for p in real.iterdir()] == [entry.name]
