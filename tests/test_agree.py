"""Agreement with careful human reviewers (tests/gold): measured, guarded, and sensitive."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from fazhi.cli import main

from .conftest import EXAMPLES, REPORTS, ROOT
from .test_rubric_examples import CORE_IDS

GOLD = ROOT / "tests" / "gold"
DEFAULT = ROOT / "rubric" / "fazhi-2021.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", EXAMPLES)
def test_gold_file_judges_every_core_item_with_real_quotes(name: str) -> None:
    gold = yaml.safe_load((GOLD / name.replace(".txt", ".yaml")).read_text(encoding="utf-8"))
    assert gold["report"] == name
    assert list(gold["items"]) == CORE_IDS
    lines = (REPORTS / name).read_text(encoding="utf-8").split("\n")
    for item, label in gold["items"].items():
        assert label["status"] in ("covered", "partial", "missing"), item
        if label["status"] != "missing":
            assert label.get("quote"), item
        if "quote" in label:
            assert label["quote"] in lines[label["line"] - 1], item


def test_agreement_with_the_gold_set_is_at_least_98_percent(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["agree", str(GOLD), "--format", "json", "--min-accuracy", "0.98", "--min-f1", "0.97"], capsys)
    data = json.loads(out)
    print(f"agreement on the gold set: accuracy {data['accuracy']:.3f}, kappa {data['kappa']:.3f}, n {data['n']}")
    assert code == 0 and data["n"] == 5 * len(CORE_IDS)
    assert data["accuracy"] >= 0.98 and data["f1"] >= 0.97 and data["kappa"] >= 0.95
    assert sum(sum(row.values()) for row in data["confusion"].values()) == data["n"]
    assert len(data["disagreements"]) == data["n"] - sum(data["confusion"][s][s] for s in data["confusion"])


def test_agree_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["agree", str(GOLD)], capsys)
    assert code == 0
    for text in ("准确率", "κ", "精确率", "召回率", "F1", "混淆矩阵"):
        assert text in out
    assert re.search(r"\d+\.\d%\s+0\.\d{3}", out)


@pytest.mark.slow   # scores the gold set three times (0.7-1.9 s)
def test_a_removed_alias_lowers_the_agreement(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(f'id: broken\nversion: "1"\ntitle: 去掉一个别名\nextends: {DEFAULT}\noverride:\n'
                      "  - id: leadership.shufa\n    match: {any: [述法报告]}\n", encoding="utf-8")
    scores = {}
    for rubric in (DEFAULT, broken):
        code, out, _ = run(["agree", str(GOLD), "--rubric", str(rubric), "--format", "json"], capsys)
        assert code == 0
        scores[rubric.name] = json.loads(out)
    assert scores["broken.yaml"]["accuracy"] < scores["fazhi-2021.yaml"]["accuracy"]
    assert scores["broken.yaml"]["kappa"] < scores["fazhi-2021.yaml"]["kappa"]
    assert any(d["item"] == "leadership.shufa" for d in scores["broken.yaml"]["disagreements"])
    code, _, err = run(["agree", str(GOLD), "--rubric", str(broken), "--min-accuracy", "0.999"], capsys)
    assert code == 1 and "低于 --min-accuracy 99.9%" in err


def test_near_miss_suggestions_are_shown_and_change_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    report = str(REPORTS / "2020-fujian-sanming-qingliu.txt")
    code, before, _ = run([report, "--format", "json"], capsys)
    code, out, _ = run(["explain", "functions.random_inspection", report], capsys)
    assert code == 0 and "相近的句子" in out and "第41行" in out
    code, after, _ = run([report, "--format", "json"], capsys)
    assert before == after


@pytest.mark.parametrize("value", ["97", "-0.1", "abc"])
def test_thresholds_are_fractions(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["agree", str(GOLD), "--min-f1", value])
    assert exc.value.code == 2 and "0 到 1" in capsys.readouterr().err
