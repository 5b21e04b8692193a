"""A reviewer's working day: thresholds that say why they fail, output formats chosen by the -o
file's name, baseline comparisons that say when they compare unlike reports, and mistakes at the
command line answered in Chinese with what was probably meant."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from fazhi.cli import main

from .conftest import REPORTS, ROOT

YANQING = str(REPORTS / "2021-beijing-yanqing.txt")
PANJIN = str(REPORTS / "2023-liaoning-panjin-dawa.txt")
RONGCHANG = str(REPORTS / "2019-chongqing-rongchang.txt")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _score(path: str, capsys: pytest.CaptureFixture[str]) -> float:
    code, out, _ = run([path, "--format", "json"], capsys)
    assert code == 0
    return float(json.loads(out)["summary"]["score"])


# -------------------------------------------------------------- thresholds that say why

def test_fail_under_names_each_report_below_it_with_its_score(capsys: pytest.CaptureFixture[str]) -> None:
    yanqing, panjin = _score(YANQING, capsys), _score(PANJIN, capsys)
    threshold = max(yanqing, panjin) + 1
    code, out, err = run([YANQING, PANJIN, "--format", "jsonl", "--fail-under", f"{threshold:g}"], capsys)
    assert code == 1 and len(out.splitlines()) == 2
    lines = err.splitlines()
    assert lines == [f"score: {YANQING}: 得分 {yanqing:g},低于 --fail-under {threshold:g}",
                     f"score: {PANJIN}: 得分 {panjin:g},低于 --fail-under {threshold:g}"]
    code, out, err = run([YANQING, PANJIN, "--format", "jsonl", "--fail-under", f"{min(yanqing, panjin):g}"], capsys)
    assert code == 0 and err == ""


def test_min_accuracy_says_which_figure_is_below_and_refuses_a_percentage(
        capsys: pytest.CaptureFixture[str]) -> None:
    gold = str(Path(__file__).parent / "gold" / "2023-liaoning-panjin-dawa.yaml")   # 2 known disagreements
    code, _, err = run(["agree", gold, "--format", "json", "--min-accuracy", "1", "--min-f1", "1"], capsys)
    assert code == 1 and "score agree: 准确率" in err and "低于 --min-accuracy 100.0%" in err
    with pytest.raises(SystemExit) as exit_:
        main(["agree", gold, "--min-accuracy", "98"])
    _, err = capsys.readouterr()
    assert exit_.value.code == 2 and "百分数请换成小数" in err.splitlines()[-1]


# -------------------------------------------------------------- the format the -o name says

@pytest.mark.parametrize(("suffix", "check"), [
    (".json", lambda text: json.loads(text)["schema_version"]),
    (".jsonl", lambda text: json.loads(text.splitlines()[0])["schema_version"]),
    (".csv", lambda text: next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[0] == "report"),
    (".md", lambda text: text.startswith("## ")),
    (".html", lambda text: text.lstrip().lower().startswith("<!doctype html")),
])
def test_the_output_name_chooses_the_format(suffix: str, check: object, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"out{suffix}"
    code, out, err = run([YANQING, "-o", str(target)], capsys)
    assert code == 0 and out == "" and err == ""
    text = target.read_text(encoding="utf-8")
    assert "╭" not in text and check(text)   # type: ignore[operator]


def test_a_format_that_contradicts_the_output_name_is_refused(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "all.csv"
    code, out, err = run([YANQING, "--format", "json", "-o", str(target)], capsys)
    assert code == 2 and out == "" and not target.exists()
    assert err.splitlines() == [f"score: -o {target}: 扩展名 .csv 表示 csv 格式,与 --format json 矛盾 — "
                                "请去掉 --format(按扩展名选择格式)或改用相符的扩展名"]
    code, _, err = run([YANQING, "--format", "csv", "-o", str(target)], capsys)   # agreeing: fine
    assert code == 0 and err == "" and target.read_text(encoding="utf-8-sig").startswith("report,")
    text_file = tmp_path / "card.txt"   # a name no format claims: the scorecard as text
    code, _, err = run([YANQING, "-o", str(text_file)], capsys)
    assert code == 0 and err == "" and "╭" in text_file.read_text(encoding="utf-8")


def test_wide_without_csv_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([YANQING, PANJIN, "--wide"], capsys)
    assert code == 2 and out == ""
    assert err.splitlines() == ["score: --wide 只用于 CSV(当前输出格式为 rich)— 请加 --format csv 或用 -o 文件名.csv"]


# -------------------------------------------------------------- baselines of unlike reports

def test_a_baseline_of_another_issuer_and_rubric_is_flagged_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([YANQING, "--baseline", RONGCHANG], capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    first_card_line = next(i for i, line in enumerate(lines) if "合规评分" in line)
    comparison = next(i for i, line in enumerate(lines) if line.startswith("与上一份报告比较"))
    issuers = next(i for i, line in enumerate(lines) if "发布单位不同" in line)
    rubrics = next(i for i, line in enumerate(lines) if "不同的评分规则" in line)
    assert comparison < issuers < first_card_line and rubrics < first_card_line   # before the scorecard
    code, out, _ = run([YANQING, "--baseline", RONGCHANG, "--format", "json"], capsys)
    warnings = json.loads(out)["baseline"]["warnings"]
    assert any("北京市延庆区人民政府" in w and "重庆市荣昌区" in w for w in warnings)
    assert any("fazhi-2021" in w and "fazhi-2015" in w for w in warnings)


def test_a_baseline_of_the_same_issuer_and_rubric_has_no_warning(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.txt"
    text = Path(YANQING).read_text(encoding="utf-8")
    draft.write_text(text + "\n附:本报告为修改稿。\n", encoding="utf-8")
    code, out, _ = run([str(draft), "--baseline", YANQING, "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["baseline"]["warnings"] == []
    code, out, _ = run([YANQING, "--baseline", str(shutil.copy(YANQING, tmp_path / "same.txt")),
                        "--format", "json"], capsys)
    assert any("完全相同" in w for w in json.loads(out)["baseline"]["warnings"])


# -------------------------------------------------------------- mistakes at the command line

def _usage_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    return err.strip().splitlines()[-1]


def test_a_mistyped_option_is_answered_in_chinese_with_the_one_meant(capsys: pytest.CaptureFixture[str]) -> None:
    assert _usage_error([YANQING, "--formt", "json"], capsys) == \
        "score: 错误:无法识别的参数:--formt json(是否指 --format?)"
    assert _usage_error([YANQING, "--format", "jsn"], capsys) == \
        "score: 错误:参数 --format:无效的取值 'jsn'(可选:rich, json, jsonl, md, csv, xlsx, html)(是否指 json?)"
    assert _usage_error([YANQING, "--year"], capsys) == "score: 错误:参数 --year:需要一个值"
    assert _usage_error([], capsys) == "score: 错误:缺少必需的参数:REPORT"


def test_help_is_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["-h"])
    out, _ = capsys.readouterr()
    assert exit_.value.code == 0
    assert out.startswith("用法:score") and "位置参数:" in out and "选项:" in out and "显示本帮助并退出" in out
    assert "usage:" not in out and "positional arguments" not in out and "show this help" not in out
    assert ".docx" in out and ".pdf" in out and ".html" in out   # the formats the reader takes


def test_a_mistyped_command_is_not_taken_for_a_missing_report(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["explian", "leadership.plan", YANQING])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert err.splitlines() == ["score: “explian”不是命令,也不是文件(是否指 explain?) — "
                                "命令有:rubric、explain、agree、waivers;score -h 查看用法"]


def test_explain_takes_its_two_arguments_in_either_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, right, err = run(["explain", "leadership.plan", YANQING], capsys)
    assert code == 0 and err == ""
    code, swapped, err = run(["explain", YANQING, "leadership.plan"], capsys)
    assert code == 0 and err == "" and swapped == right and "结论" in right


def test_a_waiver_whose_issuer_matches_no_report_is_reported(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - item: oversight.congress\n    covers: {issuer: 北京市延庆区人民政府}\n"
        "    justification: 测试\n    approver: 依法治区办\n    expires: 2099-12-31\n"
        "  - item: oversight.congress\n    covers: {issuer: 北京市延庆区政府}\n"
        "    justification: 单位名称写错\n    approver: 依法治区办\n    expires: 2099-12-31\n", encoding="utf-8")
    code, out, err = run([YANQING, "--waivers", str(waivers), "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["summary"]["waived"] <= 1
    assert err.splitlines() == [f"score: 注意:豁免文件 {waivers} 中有 1 条豁免写明的发布单位没有匹配本次任何报告"
                                "(如第 7 行“北京市延庆区政府”)— 请核对是否与评分卡上识别出的“发布单位”完全一致"]


# -------------------------------------------------------------- the docs lead somewhere real

_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("doc", ["README.md", "rubric/README.md"])
def test_the_docs_link_only_to_files_in_the_repository(doc: str) -> None:
    path = ROOT / doc
    text = path.read_text(encoding="utf-8")
    assert "../shared" not in text and "](shared/" not in text and "`shared/" not in text
    for target in _LINK.findall(text):
        if "://" not in target:
            assert (path.parent / target).exists(), f"{doc} links to {target}, which is not in the repository"


def test_the_reviewers_guide_shows_the_edit_test_score_loop() -> None:
    text = (ROOT / "rubric" / "README.md").read_text(encoding="utf-8")
    steps = [text.find(s) for s in ("score rubric init", "score rubric test", "--rubric")]
    assert -1 not in steps and steps == sorted(steps)   # in the order a reviewer takes them
