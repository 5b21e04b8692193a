"""`score rubric check|test|show` and `score explain`: output and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fazhi.cli import main

from .conftest import REPORTS, ROOT

MINI = ROOT / "tests" / "fixtures" / "mini-rubric.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_every_bundled_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rubric", "check"], capsys)
    assert code == 0 and err == ""
    assert "fazhi-2021" in out and "通过" in out


def test_check_reports_each_error_with_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    text = MINI.read_text(encoding="utf-8").replace("    weight: 3", "    weigth: 3").replace(
        "      any: [两法衔接]", "      any: [两法衔接]\n      regex: ['(a']")
    bad.write_text(text, encoding="utf-8")
    code, out, err = run(["rubric", "check", str(bad)], capsys)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert all(re.match(rf"{re.escape(str(bad))}:\d+:\d+: [a-z_.]+: ", line) for line in lines), lines
    assert any("enforcement.three_systems: 未知字段 weigth" in line for line in lines)


def _mini_with(path: Path, old: str, new: str) -> Path:
    """A copy of the mini rubric at *path* with *old* replaced by *new*."""
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_test_runs_examples_and_fails_on_a_wrong_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rubric", "test", "-v", str(MINI)], capsys)
    assert code == 0
    assert "6 个示例,6 通过,0 失败" in out and "✓ enforcement.three_systems  2/2" in out
    covered = '{text: "落实行政执法“三项制度”。", expect: covered}'
    wrong = _mini_with(tmp_path / "wrong.yaml", covered,
                       covered + '\n      - {text: "开展普法宣传。", expect: covered}')
    code, out, _ = run(["rubric", "test", str(wrong)], capsys)
    assert code == 1
    assert "✗ enforcement.three_systems  2/3" in out
    assert re.search(r"✗ 期望覆盖,实际缺失\(.*wrong.yaml:\d+\):开展普法宣传。", out.replace("\n", ""))


def test_test_lists_items_without_a_negative_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _mini_with(tmp_path / "r.yaml", '      - {text: "一、主要举措\\n开展培训。", expect: missing}',
                      '      - {text: "一、主要举措\\n开展培训。\\n二、明年工作打算\\n开展培训。", expect: covered}')
    code, out, _ = run(["rubric", "test", str(path)], capsys)
    assert code == 0
    assert "缺少反例(缺失)的条目:structure.next_year" in out


@pytest.mark.slow   # every example of the default rubric (0.9 s)
def test_default_rubric_examples_all_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rubric", "test"], capsys)
    assert code == 0, [line for line in out.splitlines() if "✗" in line]


def test_show_prints_the_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rubric", "show"], capsys)
    assert code == 0
    for text in ("fazhi-2021", "报告结构 [structure]", "enforcement.three_systems", "权重 3", "国办发〔2018〕118号"):
        assert text in out


def test_explain_shows_search_hits_roles_and_reason(capsys: pytest.CaptureFixture[str]) -> None:
    report = str(REPORTS / "2021-beijing-yanqing.txt")
    code, out, _ = run(["explain", "enforcement.criminal_link", report], capsys)
    assert code == 0
    assert "检索:" in out and "两法衔接" in out
    assert "第52行[不计入·下一步安排]" in out
    assert "结论:✗ 缺失" in out and "下一步安排 1 处" in out
    code, out, _ = run(["explain", "decision.procedures", report], capsys)
    assert code == 0 and "要素:公众参与" in out and "第26行[计入·举措成效]" in out and "结论:✓ 覆盖" in out


def test_explain_unknown_item_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["explain", "enforcement.three_system", str(REPORTS / "2021-beijing-yanqing.txt")], capsys)
    assert code == 2 and "没有这个条目" in err and "enforcement.three_systems" in err


def test_scorecard_records_rubric_and_reason(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(REPORTS / "2021-beijing-yanqing.txt"), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["rubric"]["id"] == "fazhi-2021" and "2021" in data["rubric"]["reason"]
    code, out, _ = run([str(REPORTS / "2019-chongqing-rongchang.txt"), "--format", "json"], capsys)
    data = json.loads(out)
    assert data["rubric"]["id"] == "fazhi-2015" and "2019" in data["rubric"]["reason"]
    code, out, _ = run([str(REPORTS / "2019-chongqing-rongchang.txt"), "--rubric", str(MINI), "--format", "json"],
                       capsys)
    assert json.loads(out)["rubric"]["reason"].startswith("由 --rubric 指定")
