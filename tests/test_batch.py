"""Many reports at once: directories and globs, the corpus summary, streaming formats,
a corrupt file among good ones, and year-over-year comparison."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from fazhi.cli import main

from .conftest import EXAMPLES, REPORTS


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_directory_as_jsonl_gives_five_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(REPORTS), "--format", "jsonl"], capsys)
    assert code == 0 and err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [Path(d["report"]["path"]).name for d in lines] == EXAMPLES


@pytest.mark.slow   # starts a worker pool
def test_glob_and_parallel_workers_give_the_same_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for n in range(3):   # enough reports for the worker pool
        for name in EXAMPLES:
            (tmp_path / f"{n}-{name}").write_bytes((REPORTS / name).read_bytes())
    code, serial, _ = run([str(tmp_path / "*.txt"), "--format", "jsonl", "--jobs", "1"], capsys)
    code2, parallel, _ = run([str(tmp_path / "*.txt"), "--format", "jsonl", "--jobs", "2"], capsys)
    assert code == code2 == 0 and len(serial.splitlines()) == 15
    assert serial == parallel


def test_corpus_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(REPORTS)], capsys)
    assert code == 0
    assert "共 5 份报告,已评分 5 份" in out
    for text in ("最常缺失的要求", "各板块得分", "enforcement.discretion", "最弱板块"):
        assert text in out
    code, out, _ = run([str(REPORTS), "--format", "md"], capsys)   # cells do not wrap here
    for issuer in ("重庆市荣昌区人民政府", "清流县人民政府", "北京市延庆区人民政府", "韶关市武江区人民政府", "大洼区"):
        assert f"| {issuer} |" in out


def test_directory_with_a_corrupt_file_scores_the_rest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name in EXAMPLES:
        (tmp_path / name).write_bytes((REPORTS / name).read_bytes())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage garbage")
    code, out, err = run([str(tmp_path), "--format", "jsonl"], capsys)
    assert code == 3 and len(out.splitlines()) == 5
    assert err.count("\n") == 1 and "broken.pdf" in err
    code, out, err = run([str(tmp_path)], capsys)
    assert code == 3 and "无法评分 1 份" in out


def test_csv_long_and_wide(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(REPORTS), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len({r["report"] for r in rows}) == 5
    code, out, _ = run([str(REPORTS), "--format", "csv", "--wide"], capsys)
    wide = list(csv.DictReader(io.StringIO(out)))
    assert len(wide) == 5 and wide[2]["enforcement.three_systems"] == "covered"
    assert wide[0]["rubric"] == "fazhi-2015" and wide[0]["digital.data_sharing"] == ""   # not in that rubric


def test_markdown_corpus_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(REPORTS), "--format", "md"], capsys)
    assert code == 0 and out.count("\n| ") >= 5 and "### 最常缺失的要求" in out


def test_json_array_for_several_reports(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(REPORTS / EXAMPLES[0]), str(REPORTS / EXAMPLES[1]), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and isinstance(data, list) and len(data) == 2


def _without_section(tmp_path: Path) -> Path:
    lines = (REPORTS / "2021-beijing-yanqing.txt").read_text(encoding="utf-8").split("\n")
    start = lines.index("  (五)严格规范执法,全面提升执法工作质效")
    cut = lines[:start] + lines[start + 4:]   # drop the heading and its paragraph
    path = tmp_path / "draft.txt"
    path.write_text("\n".join(cut), encoding="utf-8")
    return path


@pytest.mark.slow   # scores a report and its baseline, then the baseline again (0.6 s)
def test_baseline_reports_exactly_the_dropped_items(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old, new = REPORTS / "2021-beijing-yanqing.txt", _without_section(tmp_path)
    code, out, _ = run([str(new), "--baseline", str(old), "--format", "json"], capsys)
    data = json.loads(out)
    baseline = data["baseline"]
    _, before, _ = run([str(old), "--format", "json"], capsys)
    old_status = {i["id"]: i["status"] for i in json.loads(before)["items"]}
    new_status = {i["id"]: i["status"] for i in data["items"]}
    rank = {"missing": 0, "partial": 1, "covered": 2}
    expected = sorted(i for i in new_status if new_status[i] in rank and old_status[i] in rank
                      and rank[new_status[i]] < rank[old_status[i]])
    assert sorted(d["id"] for d in baseline["dropped"]) == expected
    assert {"enforcement.three_systems", "enforcement.reform", "enforcement.oversight"} <= set(expected)
    assert baseline["gained"] == [] and baseline["score_change"] < 0
    assert baseline["repeated_paragraphs"] == baseline["paragraphs"]   # everything else is copied
    code, out, _ = run([str(new), "--baseline", str(old)], capsys)
    assert code == 0 and "不再覆盖" in out and "逐字相同的段落" in out and "100%" in out
