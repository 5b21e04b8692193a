"""Rubric loading: every error names file, line, column and item; YAML is loaded safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.errors import RubricError
from fazhi.rubric import load_rubric

from .conftest import ROOT

MINI = (ROOT / "tests" / "fixtures" / "mini-rubric.yaml").read_text(encoding="utf-8")


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    return [str(p) for p in exc.value.problems]


def test_mini_rubric_loads() -> None:
    rubric = load_rubric(ROOT / "tests" / "fixtures" / "mini-rubric.yaml")
    assert [i.id for i in rubric.items] == ["structure.next_year", "enforcement.three_systems",
                                             "enforcement.criminal_link"]
    assert len(rubric.info.sha256) == 64


@pytest.mark.parametrize("old,new,item,message", [
    ("    weight: 3", "    weigth: 3", "enforcement.three_systems", "未知字段 weigth"),
    ("    weight: 3", "    weight: -3", "enforcement.three_systems", "超出范围"),
    ("    weight: 3", "    weight: high", "enforcement.three_systems", "类型错误"),
    ("      any: [两法衔接]", "      any: [两法衔接]\n      regex: ['(未闭合']", "enforcement.criminal_link",
     "正则表达式无法编译"),
    ("  - id: enforcement.criminal_link", "  - id: enforcement.three_systems", "enforcement.three_systems",
     "条目 id 重复"),
    ("    part: enforcement\n    requirement: 健全", "    part: nowhere\n    requirement: 健全",
     "enforcement.criminal_link", "未定义的部分"),
    ("{name: 法制审核, any: [法制审核]}", "{name: 法制审核, anyy: [法制审核]}", "enforcement.three_systems",
     "未知字段 anyy"),
    ("    title: 行政执法“三项制度”", "    title: 行政执法“三项制度”\n    short: 行政执法三项制度落实",
     "enforcement.three_systems", "过长"),
])
def test_errors_name_file_line_and_item(tmp_path: Path, old: str, new: str, item: str, message: str) -> None:
    assert old in MINI
    text = MINI.replace(old, new, 1)
    problems = _problems(tmp_path, text)
    assert any(f": {item}: " in p and message in p for p in problems), problems
    line = MINI[:MINI.index(old)].count("\n") + 1 + new.split("\n")[0].count("\n")
    if "\n" in new and ("regex" in new or "short" in new):
        line += 1  # the inserted line
    assert any(p.startswith(f"{tmp_path / 'r.yaml'}:{line}:") for p in problems), (line, problems)


def test_missing_required_field(tmp_path: Path) -> None:
    problems = _problems(tmp_path, MINI.replace("    requirement: 健全行政执法和刑事司法衔接机制\n", ""))
    line = MINI[:MINI.index("  - id: enforcement.criminal_link")].count("\n") + 1
    assert any(p.startswith(f"{tmp_path / 'r.yaml'}:{line}:") and ": enforcement.criminal_link: 缺少必填字段" in p
               and "requirement" in p for p in problems), problems


def test_duplicate_yaml_key_is_rejected(tmp_path: Path) -> None:
    text = MINI.replace("    weight: 3\n", "    weight: 3\n    weight: 2\n", 1)
    problems = _problems(tmp_path, text)
    assert any("重复的字段 'weight'" in p for p in problems)


def test_yaml_syntax_error_has_location(tmp_path: Path) -> None:
    problems = _problems(tmp_path, MINI.replace("title: 测试用小规则", "title: [测试用小规则"))
    assert len(problems) == 1 and "YAML 语法错误" in problems[0] and ":" in problems[0]


def test_yaml_syntax_error_inside_an_item_names_line_and_item(tmp_path: Path) -> None:
    old = "    requirement: 健全行政执法和刑事司法衔接机制"
    text = MINI.replace(old, old.replace("健全", "健全: "))
    problems = _problems(tmp_path, text)
    line = text[:text.index("健全: ")].count("\n") + 1
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / 'r.yaml'}:{line}:")
    assert ": enforcement.criminal_link: YAML 语法错误" in problems[0]


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    text = MINI.replace("title: 测试用小规则", "title: !!python/object/apply:os.system ['echo hi']")
    problems = _problems(tmp_path, text)
    assert len(problems) == 1 and "不支持的 YAML 标签" in problems[0] and ":4:" in problems[0]


def test_empty_rubric(tmp_path: Path) -> None:
    assert "为空" in _problems(tmp_path, "# nothing\n")[0]


def test_bundled_items_have_short_titles_a_column_can_hold() -> None:
    """Every bundled item (the 2015 rubric's own and inherited ones too) has a short title of at
    most 8 characters, told apart from the others of its part, and no longer than its title."""
    for rubric_id in ("fazhi-2021", "fazhi-2015"):
        items = load_rubric(rubric_id).items
        assert all(i.short and len(i.short) <= 8 and len(i.short) <= len(i.title) for i in items), rubric_id
        for part in {i.part for i in items}:
            shorts = [i.short for i in items if i.part == part]
            assert len(shorts) == len(set(shorts)), (rubric_id, part, shorts)
    assert load_rubric("fazhi-2015").items[0].short == load_rubric("fazhi-2021").items[0].short   # inherited
