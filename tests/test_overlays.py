"""Overlays: a rubric that `extends:` another and `disable:`s or `override:`s its items."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.errors import RubricError
from fazhi.model import Document, Status
from fazhi.rubric import RubricChooser, load_rubric
from fazhi.score import score_document

from .conftest import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini-rubric.yaml"

OVERLAY = """\
# 某省补充规则:继承测试规则,去掉一条,改一条,加一条
id: province-x
version: "0.2"
title: 某省补充规则
extends: {base}
disable: [enforcement.criminal_link]
override:
  - id: enforcement.three_systems
    weight: 5
    severity: warning
parts:
  - {{id: province, title: 省级规定, source: 某省重大行政决策程序规定}}
items:
  - id: province.decision_hearing
    title: 重大行政决策听证
    part: province
    requirement: 按省级规定对重大行政决策事项组织听证
    source: {{document: 某省重大行政决策程序规定, article: 第二十条}}
    weight: 2
    severity: warning
    match:
      all: [[听证], [决策]]
    examples:
      - {{text: "对3项重大行政决策事项召开听证会。", expect: covered}}
      - {{text: "下一步,将对重大行政决策事项召开听证会。", expect: missing}}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _mini_copy(tmp_path: Path) -> Path:
    return _write(tmp_path, "mini.yaml", MINI.read_text(encoding="utf-8"))


def _problems(path: Path) -> list[str]:
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    return [str(p) for p in exc.value.problems]


def test_overlay_disables_overrides_and_adds(tmp_path: Path) -> None:
    _mini_copy(tmp_path)
    overlay = _write(tmp_path, "province.yaml", OVERLAY.format(base="mini.yaml"))
    rubric = load_rubric(overlay)
    ids = [i.id for i in rubric.items]
    assert ids == ["structure.next_year", "enforcement.three_systems", "province.decision_hearing"]
    three = next(i for i in rubric.items if i.id == "enforcement.three_systems")
    assert (three.weight, three.severity) == (5.0, "warning")
    assert three.match is not None and tuple(three.match.words()) == ("三项制度",)   # the rest comes from the base
    assert [p.id for p in rubric.parts] == ["structure", "enforcement", "province"]
    assert rubric.info.id == "province-x" and rubric.info.bases == ("mini",)
    base = load_rubric(tmp_path / "mini.yaml")
    assert rubric.info.sha256 != base.info.sha256


def test_overlay_scores_its_own_item(tmp_path: Path) -> None:
    _mini_copy(tmp_path)
    rubric = load_rubric(_write(tmp_path, "province.yaml", OVERLAY.format(base="mini.yaml")))
    card = score_document(Document("t.txt", "县政府对3项重大行政决策事项召开听证会。", "utf-8", "0" * 64), rubric)
    assert next(r for r in card.items if r.item.id == "province.decision_hearing").status == Status.COVERED


def test_overlay_can_extend_a_bundled_rubric_by_id(tmp_path: Path) -> None:
    overlay = _write(tmp_path, "o.yaml", 'id: o\nversion: "1"\ntitle: 只改权重\nextends: fazhi-2021\n'
                     "override:\n  - {id: leadership.shufa, weight: 3}\n")
    rubric = load_rubric(overlay)
    assert len(rubric.items) == len(load_rubric().items)
    assert next(i for i in rubric.items if i.id == "leadership.shufa").weight == 3


def test_overlay_cycle_is_an_error_with_location(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", 'id: a\nversion: "1"\ntitle: A\nextends: b.yaml\n')
    _write(tmp_path, "b.yaml", 'id: b\nversion: "1"\ntitle: B\nextends: a.yaml\n')
    problems = _problems(tmp_path / "a.yaml")
    assert len(problems) == 1 and "继承循环" in problems[0] and ":4:1:" in problems[0]


@pytest.mark.parametrize("old,new,message", [
    ("disable: [enforcement.criminal_link]", "disable: [enforcement.nope]", "disable 了不存在的条目"),
    ("  - id: enforcement.three_systems\n    weight: 5", "  - id: enforcement.nope\n    weight: 5",
     "override 了不存在的条目"),
    ("    weight: 5\n", "    weigth: 5\n", "未知字段 weigth"),
    ("  - id: province.decision_hearing", "  - id: structure.next_year", "请用 override"),
    ("extends: mini.yaml", "extends: missing.yaml", "评分规则文件不存在"),
])
def test_overlay_errors_name_the_overlay_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    _mini_copy(tmp_path)
    text = OVERLAY.format(base="mini.yaml")
    assert old in text
    text = text.replace(old, new)
    path = _write(tmp_path, "province.yaml", text)
    problems = _problems(path)
    assert any(message in p for p in problems), problems
    if "missing.yaml" not in new:
        line = text[:text.index(new)].count("\n") + 1
        assert any(p.startswith(f"{path}:{line}:") for p in problems), (line, problems)


def test_bad_regex_in_override_is_located_in_the_overlay(tmp_path: Path) -> None:
    _mini_copy(tmp_path)
    text = OVERLAY.format(base="mini.yaml").replace(
        "    severity: warning\nparts:", "    severity: warning\n    match: {regex: ['(未闭合']}\nparts:", 1)
    path = _write(tmp_path, "province.yaml", text)
    problems = _problems(path)
    line = text[:text.index("match: {regex")].count("\n") + 1
    assert any(p.startswith(f"{path}:{line}:") and "enforcement.three_systems" in p and "正则" in p
               for p in problems), problems


def test_rubric_is_chosen_by_reported_year() -> None:
    chooser = RubricChooser()
    rubric, reason = chooser.choose(2022)
    assert rubric.info.id == "fazhi-2021" and "2022" in reason
    rubric, reason = chooser.choose(None)
    assert rubric.info.id == "fazhi-2021" and "未识别" in reason
    rubric, reason = chooser.choose(2030)
    assert rubric.info.id == "fazhi-2021" and "最接近" in reason
    explicit, reason = RubricChooser(MINI).choose(2022)
    assert explicit.info.id == "mini" and "--rubric" in reason


def test_older_reports_get_the_older_rubric() -> None:
    chooser = RubricChooser()
    years = {r.info.id: r.info.years for r in chooser.bundled}
    assert years.get("fazhi-2015") == (2016, 2020), years
    for year in (2016, 2019, 2020):
        rubric, reason = chooser.choose(year)
        assert rubric.info.id == "fazhi-2015" and str(year) in reason
