"""The rubric language: rule kinds as a closed set, vocabularies and named patterns, proximity,
alternatives, and every mistake reported at its `file:line:col`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fazhi.cli import main
from fazhi.errors import RubricError
from fazhi.model import Document, Status
from fazhi.rubric import SCHEMA_FILE, load_rubric, rubric_dir
from fazhi.rules import TEXT_KINDS, WHOLE_KINDS
from fazhi.score import score_document

HEAD = """id: lang
version: "1"
title: 规则语言测试
vocabularies:
  meetings: [常务会议, 常务会, 局务会]
  bodies: [$meetings, 中心组]
patterns:
  cited: '(根据|按照)《[^》]{0,80}》'
  formula: '以[^,。]{0,40}为指导'
parts:
  - {id: p, title: 部分, source: 某}
items:
"""

ITEM = """  - id: p.{name}
    title: 条目
    part: p
    requirement: 要求
    source: {{document: 某, article: 一}}
    weight: 1
    severity: info
    match:
{rule}
    examples:
      - {{text: "无关。", expect: missing}}
      - {{text: "也无关。", expect: missing}}
"""


def _rubric(tmp_path: Path, rules: dict[str, str], head: str = HEAD) -> Path:
    body = "".join(ITEM.format(name=name, rule="\n".join("      " + line for line in rule.strip().split("\n")))
                   for name, rule in rules.items())
    path = tmp_path / "lang.yaml"
    path.write_text(head + body, encoding="utf-8")
    return path


def _status(path: Path, item: str, text: str) -> Status:
    card = score_document(Document("t.txt", text, "utf-8", "0" * 64), load_rubric(path))
    return next(r.status for r in card.items if r.item.id == f"p.{item}")


def _problems(path: Path) -> list[str]:
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    return [str(p) for p in exc.value.problems]


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


# ---------------------------------------------------------------- near

@pytest.mark.parametrize("text,expect", [
    ("一、主要举措\n县政府常务会议每季度学法。", Status.COVERED),
    ("一、主要举措\n全年学法12次,均在局务会上进行。", Status.COVERED),          # the other order
    ("一、主要举措\n常务会议审议了文件,此后全体干部分批次地参加了学法活动。", Status.MISSING),   # too far apart
    ("一、主要举措\n常务会议审议文件。全体干部学法。", Status.MISSING),         # not across a sentence end
    ("一、主要举措\n中心组开展学法活动。", Status.COVERED),                       # a vocabulary inside a vocabulary
])
def test_near_finds_terms_close_together_in_either_order(tmp_path: Path, text: str, expect: Status) -> None:
    path = _rubric(tmp_path, {"a": "near: {groups: [$bodies, 学法], within: 10}"})
    assert _status(path, "a", text) == expect


def test_near_options_clause_and_order(tmp_path: Path) -> None:
    path = _rubric(tmp_path, {"clause": "near: {groups: [常务会议, 学法], within: 10, clause: true}",
                              "ordered": "near: {groups: [常务会议, 学法], within: 10, ordered: true}"})
    assert _status(path, "clause", "一、主要举措\n召开常务会议,组织学法。") == Status.MISSING
    assert _status(path, "clause", "一、主要举措\n常务会议专题学法。") == Status.COVERED
    assert _status(path, "ordered", "一、主要举措\n组织学法,召开常务会议。") == Status.MISSING
    assert _status(path, "ordered", "一、主要举措\n常务会议专题学法。") == Status.COVERED


def test_near_is_described_in_reviewer_terms(tmp_path: Path) -> None:
    rule = load_rubric(_rubric(tmp_path, {"a": "near: {groups: [$meetings, 学法], within: 10}"})).items[0].match
    assert rule is not None and rule.describe() == ("同句相距≤10字:常务会议|常务会|局务会+学法",)


# ---------------------------------------------------------------- vocabularies and named patterns

def test_references_in_every_kind(tmp_path: Path) -> None:
    path = _rubric(tmp_path, {
        "terms": "any: [$meetings]",
        "together": "all: [$meetings, [学法]]",
        "regex": "regex: ['${meetings}[^。]{0,4}研究']",
        "excluded": "any: [学法]\nexclude: [$cited]",
    })
    text = "一、主要举措\n局务会专题研究。根据《学法规定》执行。"
    assert _status(path, "terms", text) == Status.COVERED
    assert _status(path, "together", text) == Status.MISSING
    assert _status(path, "together", "一、主要举措\n局务会集中学法。") == Status.COVERED
    assert _status(path, "regex", text) == Status.COVERED
    assert _status(path, "excluded", text) == Status.MISSING   # the only 学法 is inside the cited title
    assert _status(path, "excluded", "一、主要举措\n开展学法。") == Status.COVERED


def test_an_overlay_redefining_a_vocabulary_changes_every_rule_that_uses_it(tmp_path: Path) -> None:
    base = _rubric(tmp_path, {"a": "any: [$bodies]"})
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(f'id: local\nversion: "1"\ntitle: 本地\nextends: {base.name}\n'
                       "vocabularies:\n  meetings: [$meetings, 主任办公会]\n", encoding="utf-8")
    text = "一、主要举措\n主任办公会研究法治工作。"
    assert _status(base, "a", text) == Status.MISSING
    assert _status(overlay, "a", text) == Status.COVERED                         # through $bodies
    assert _status(overlay, "a", "一、主要举措\n常务会研究。") == Status.COVERED   # the base's terms are kept


def test_alternative_rules_each_with_its_own_roles(tmp_path: Path) -> None:
    path = _rubric(tmp_path, {"alt": "- any: [亲自部署]\n- any: [主持]\n  roles: [first_responsible]"})
    assert _status(path, "alt", "一、主要举措\n区长亲自部署。") == Status.COVERED
    assert _status(path, "alt", "一、主要举措\n区长主持会议。") == Status.MISSING
    assert _status(path, "alt", "一、第一责任人履职情况\n区长主持会议。") == Status.COVERED


# ---------------------------------------------------------------- mistakes, each at its place

@pytest.mark.parametrize("rule,needle,message", [
    # a field the kind does not use
    ("section: shortcomings\nany: [三项制度]", "any: [三项制度]", "字段 any 不能用于section 规则"),
    ("published_by: \"04-01\"\nexclude: [x]", "exclude: [x]", "字段 exclude 不能用于published_by 规则"),
    ("all: [[a], [b]]\nscope: paragraph", "scope: paragraph", "scope 是 all 的选项"),
    ("any: [a]\nwithin: 3", "within: 3", "within 是 near 的选项"),
    ("near: {groups: [a, b]}", "near: {groups: [a, b]}", "缺少必填字段"),
    ("published_by: \"02-30\"", "published_by:", "2 月没有 30 日"),
    ("near: {groups: [a, b], within: 5, scope: paragraph}", "near: {groups", "字段 scope 不能用于near 规则"),
    ("exclude: [a]", "match:", "规则没有可查找的内容"),
    ("name: 多余\nany: [a]", "name: 多余", "name 只用于 elements"),
    # a bad reference, where it is used
    ("any: [$nowhere]", "$nowhere", "未定义的名称 $nowhere"),
    ("any: [$cited]", "$cited", "是命名模式,不是词表"),
    ("regex: ['${nowhere}学法']", "${nowhere}", "未定义的名称 $nowhere"),
    ("regex: ['(学法+)+']", "(学法+)+", "没有上限的重复"),
    ("regex: ['(法{1,3}){1,9}治']", "(法{1,3}){1,9}治", "本身长度可变"),
])
def test_a_mistake_in_a_rule_is_an_error_at_its_place(tmp_path: Path, rule: str, needle: str, message: str) -> None:
    path = _rubric(tmp_path, {"bad": rule})
    problems = _problems(path)
    line = _line_of(path, needle)
    assert any(p.startswith(f"{path}:{line}:") and ": p.bad: " in p and message in p for p in problems), problems


@pytest.mark.parametrize("extra,needle,message", [
    ("  loop_a: [$loop_b]\n  loop_b: [$loop_a]\n", "loop_a:", "循环引用"),
    ("  odd: [$formula]\n", "odd:", "词表 odd 引用了命名模式 $formula"),
    ("  meetings2: [$meetings2]\n", "meetings2:", "引用了自身,但基础规则中没有同名定义"),
])
def test_a_broken_definition_is_an_error_where_it_is_defined(tmp_path: Path, extra: str, needle: str,
                                                             message: str) -> None:
    path = _rubric(tmp_path, {"ok": "any: [a]"}, HEAD.replace("  bodies:", extra + "  bodies:"))
    problems = _problems(path)
    line = _line_of(path, needle)
    assert any(p.startswith(f"{path}:{line}:") and message in p for p in problems), problems


def test_a_name_is_either_a_vocabulary_or_a_pattern(tmp_path: Path) -> None:
    path = _rubric(tmp_path, {"ok": "any: [a]"}, HEAD.replace("  formula:", "  meetings: 'x'\n  formula:"))
    # YAML keeps both keys (they are in different mappings); the loader refuses the clash
    assert any("词表和命名模式不能同名" in p for p in _problems(path))


def test_rubric_check_rejects_a_field_its_kind_does_not_use(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _rubric(tmp_path, {"bad": "section: shortcomings\nany: [三项制度]"})
    code = main(["rubric", "check", str(path)])
    out, err = capsys.readouterr()
    line = _line_of(path, "any: [三项制度]")
    assert code == 2 and out == ""
    assert re.match(rf"{re.escape(str(path))}:{line}:\d+: p\.bad: 字段 any 不能用于section 规则", err), err


# ---------------------------------------------------------------- the closed set

def test_every_kind_has_its_schema_variant_and_every_variant_its_kind() -> None:
    schema = json.loads((rubric_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))["$defs"]
    variants = {name.removeprefix("kind_") for name in schema if name.startswith("kind_")}
    keys = {kind.key for kind in TEXT_KINDS + WHOLE_KINDS}
    assert variants == keys
    assert set(schema["textRule"]["properties"]) - {"name", "exclude", "roles"} == {k.key for k in TEXT_KINDS}
    whole = {schema[v]["required"][0] for v in ("sectionRule", "deadlineRule")}
    assert whole == {k.key for k in WHOLE_KINDS}


def test_the_shipped_rubrics_use_the_language() -> None:
    rubric = load_rubric()
    kinds = {type(k).key for item in rubric.items for rule in item.rules
             for k in getattr(rule, "kinds", ()) + tuple(k for r in getattr(rule, "rules", ())
                                                          for k in getattr(r, "kinds", ()))}
    assert {"any", "regex", "all", "near"} <= kinds
    text = (rubric_dir() / "fazhi-2021.yaml").read_text(encoding="utf-8")
    assert "vocabularies:" in text and "patterns:" in text
    older = (rubric_dir() / "fazhi-2015.yaml").read_text(encoding="utf-8")
    assert "extends: fazhi-2021" in older and "match:" not in older.split("\nitems:")[0]
