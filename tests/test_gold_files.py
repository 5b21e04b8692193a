"""Gold files (`score agree`) are read by the shared YAML parser and checked by their schema:
every problem is one `file:line:col:` line at the place to fix, and every gold file in use passes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fazhi.agree import Gold, GoldError, load_gold
from fazhi.cli import main
from fazhi.errors import EXIT_INPUT, RubricError
from fazhi.rubric import load_rubric
from fazhi.waivers import load_waivers

from .conftest import REPORTS, ROOT

GOLD = ROOT / "tests" / "gold"
DEVSET = ROOT.parent / "shared" / "devset"
_HEAD = "report: r.txt\nitems:\n"


def _problems(path: Path) -> list[str]:
    with pytest.raises(GoldError) as exc:
        load_gold(path, None)
    return [str(p) for p in exc.value.problems]


@pytest.mark.parametrize("text,where,message", [
    # an unknown key: at the key, at the top and inside an item
    ("report: r.txt\nreviewer: 张三\nitems:\n  a.b: {status: missing}\n", "2:1", "未知字段 reviewer(拼写错误?)"),
    (_HEAD + "  a.b: {status: missing}\n  a.c:\n    status: missing\n    qoute: 原文\n", "6:5",
     "a.c: 未知字段 qoute(拼写错误?) — 允许的字段:status, line, quote, role, note"),
    ("report: r.txt\nmeta: {issuer: 某县人民政府, year: 2017}\nitems: {a.b: {status: missing}}\n", "2:24",
     "未知字段 year"),
    # a wrong type: at the key whose value it is
    (_HEAD + "  a.b: {status: covered, line: '9', quote: 原文}\n", "3:26", "a.b: 类型错误:应为 integer,实际为 '9'"),
    (_HEAD + "  a.b: missing\n", "3:3", "a.b: 类型错误:应为 object,实际为 'missing'"),
    ("report: [r.txt]\nitems: {a.b: {status: missing}}\n", "1:1", "类型错误:应为 string"),
    ("report: r.txt\nmeta: {report_year: '2017'}\nitems: {a.b: {status: missing}}\n", "2:8", "类型错误:应为 integer"),
    # a status or role not in the allowed set
    (_HEAD + "  a.b: {status: coverd}\n", "3:9", "a.b: 取值 'coverd' 不在允许范围内:covered, partial, missing"),
    (_HEAD + "  a.b: {status: missing, role: measures, line: 3, quote: 原文}\n", "3:26",
     "a.b: 取值 'measures' 不在允许范围内"),
    # a missing required field: at the mapping that lacks it
    ("items:\n  a.b: {status: missing}\n", "1:1", "缺少必填字段 report"),
    (_HEAD + "  a.b: {status: missing}\n  a.c: {quote: 原文, line: 4}\n", "4:3", "a.c: 缺少必填字段 status"),
    (_HEAD + "  a.b:\n    status: partial\n    line: 12\n", "3:3",
     "a.b: 缺少必填字段 quote — 覆盖或部分须写出依据所在的行号和原文"),
    (_HEAD + "  a.b: {status: missing, role: plans}\n", "3:3",
     "a.b: 缺少必填字段 line, quote — 缺失条目引用提及之处时"),
    # values and names that are there but unusable
    (_HEAD + "  a.b: {status: covered, line: 0, quote: 原文}\n", "3:26", "a.b: 数值 0 超出范围(minimum 1)"),
    (_HEAD + "  a.b: {status: missing}\n  Leadership.Shufa: {status: missing}\n", "4:3",
     "条目 id 'Leadership.Shufa' 格式不符"),
    ("report: r.txt\nitems: {}\n", "2:1", "items 中没有任何条目"),
    ("report: r.txt\nmeta: {published: 2018-04-03 10:00}\nitems: {a.b: {status: missing}}\n", "2:8", "应为日期"),
    # the file as a whole
    ("", "1:1", "人工标注文件为空"),
    ("- a.b\n", "1:1", "这不是一个 YAML 映射(字段: 值),不像人工标注文件"),
    (_HEAD + "  a.b: {status: missing\n", "4:1", "YAML 语法错误"),
    (_HEAD + "  a.b: {status: missing}\n  a.b: {status: covered}\n", "4:3", "重复的字段 'a.b'"),
    (_HEAD + "  a.b: !!python/object:os.system {status: missing}\n", "3:8", "不支持的 YAML 标签"),
])
def test_a_broken_gold_file_is_one_line_at_the_place_to_fix(tmp_path: Path, text: str, where: str,
                                                             message: str) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text(text, encoding="utf-8")
    (line,) = _problems(path)
    assert line.startswith(f"{path}:{where}: ") and message in line, line


def test_the_cli_prints_each_problem_on_its_own_line_with_exit_code_of_bad_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text(_HEAD + "  a.b: {status: coverd}\n  a.c: {status: missing, note: 无, qoute: x}\n", encoding="utf-8")
    assert main(["agree", str(path)]) == EXIT_INPUT
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [
        f"score: {path}:3:9: a.b: 取值 'coverd' 不在允许范围内:covered, partial, missing",
        f"score: {path}:4:35: a.c: 未知字段 qoute(拼写错误?) — 允许的字段:status, line, quote, role, note"]


def test_a_gold_file_whose_report_is_not_found_names_the_line(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text("# 人工标注\nreport: 不存在.txt\nitems: {a.b: {status: missing}}\n", encoding="utf-8")
    assert main(["agree", str(path)]) == EXIT_INPUT
    assert capsys.readouterr().err == f"score: {path}:2:1: 找不到报告 不存在.txt — 请用 --reports 指定报告所在目录\n"


def test_a_gold_file_with_aliases_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text(_HEAD + "  a.b: &same {status: missing}\n  a.c: *same\n", encoding="utf-8")
    assert _problems(path) == [f"{path}:3:8: 不支持 YAML 锚点和别名(&名字 / *名字)— 请把内容直接写出"]


def test_an_alias_is_refused_at_its_place_in_a_rubric_a_waiver_and_a_gold_file(tmp_path: Path) -> None:
    # One parser for the three kinds of file; each keeps its own wording.
    rubric, waivers, gold = tmp_path / "rubric.yaml", tmp_path / "waivers.yaml", tmp_path / "gold.yaml"
    rubric.write_text("id: x\nparts: &p [{id: a}]\nmore: *p\n", encoding="utf-8")
    waivers.write_text("waivers:\n  - &w {item: a.b}\n  - *w\n", encoding="utf-8")
    gold.write_text("report: r.txt\nitems: &i {a.b: {status: missing}}\nmore: *i\n", encoding="utf-8")
    found = {}
    for path, load in ((rubric, lambda: load_rubric(rubric)), (waivers, lambda: load_waivers(str(waivers), set())),
                       (gold, lambda: load_gold(gold, None))):
        with pytest.raises(RubricError) as exc:
            load()
        found[path.name] = [str(p) for p in exc.value.problems]
    hint = "不支持 YAML 锚点和别名(&名字 / *名字)— 请把内容直接写出"
    assert found == {
        "rubric.yaml": [f"{rubric}:2:8: {hint};共用的词语请放在 vocabularies 中"],
        "waivers.yaml": [f"{waivers}:2:5: {hint};共用的词语请放在 vocabularies 中"],
        "gold.yaml": [f"{gold}:2:8: {hint}"]}


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_gold_file_validates(path: Path) -> None:
    _same_as_plain_yaml(path, load_gold(path, REPORTS))


@pytest.mark.skipif(not (DEVSET / "gold").is_dir(), reason="../shared/devset not beside this checkout")
def test_every_dev_set_gold_file_validates() -> None:
    paths = sorted((DEVSET / "gold").glob("*.yaml"))
    assert len(paths) == 50
    for path in paths:
        _same_as_plain_yaml(path, load_gold(path, DEVSET / "reports"))


def _same_as_plain_yaml(path: Path, gold: Gold) -> None:
    """What the checked loader read is what plain YAML holds (the agreement figures rest on it)."""
    plain = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = gold.items
    assert list(items) == list(plain["items"]), path
    for item_id, label in plain["items"].items():
        got = items[item_id]
        assert (got.status.value, got.line, got.quote, got.role, got.note) == (
            label["status"], label.get("line"), label.get("quote"), label.get("role"), label.get("note")), item_id
    assert gold.report.is_file() and gold.report.name == Path(plain["report"]).name

