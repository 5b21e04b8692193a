"""Many reports at once: directories and globs, the corpus summary, streaming formats,
a corrupt file among good ones, and year-over-year comparison."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from fazhi.cli import main
from fazhi.labels import ROLE_LABEL, STATUS_LABEL
from fazhi.model import Role, Status

from .conftest import EXAMPLES, REPORTS, ROOT, bundled


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


def test_default_csv_keeps_its_english_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(REPORTS), "--format", "csv"], capsys)
    assert (code, err) == (0, "")
    assert out.split("\n", 1)[0] == ("report,issuer,year,rubric,rubric_version,item,title,part,status,score,weight,"
                                     "evidence_line,evidence,mention_role,mention_line,severity")
    assert {r["status"] for r in csv.DictReader(io.StringIO(out))} <= {s.value for s in Status}


def test_csv_labels_zh(capsys: pytest.CaptureFixture[str]) -> None:
    _, english, _ = run([str(REPORTS), "--format", "csv"], capsys)
    code, out, err = run([str(REPORTS), "--format", "csv", "--labels", "zh"], capsys)
    assert (code, err) == (0, "")
    assert out.split("\n", 1)[0] == ("报告,发布单位,年度,评分规则,规则版本,条目,要求,板块,状态,得分,权重,"
                                     "证据行,证据,提及作用,提及行,严重程度")
    en, zh = list(csv.DictReader(io.StringIO(english))), list(csv.DictReader(io.StringIO(out)))
    assert len(en) == len(zh) > 400
    for a, b in zip(en, zh, strict=True):
        assert (b["报告"], b["条目"], b["证据"]) == (a["report"], a["item"], a["evidence"])
        assert b["状态"] == STATUS_LABEL[Status(a["status"])]
        assert b["提及作用"] == (ROLE_LABEL[Role(a["mention_role"])] if a["mention_role"] else "")
    assert {r["板块"] for r in zh} >= {"报告结构", "组织保障和落实机制"}

    code, out, err = run([str(REPORTS), "--format", "csv", "--wide", "--labels", "zh"], capsys)
    assert (code, err) == (0, "")
    wide = list(csv.DictReader(io.StringIO(out)))
    assert wide[2]["行政执法“三项制度”(enforcement.three_systems)"] == "覆盖"
    assert {r["层级"] for r in wide} == {"县级(县、区、旗)"} and wide[0]["文档类型"] == "法治政府建设年度报告"


def test_wide_csv_holds_every_item_of_every_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    """A report on fazhi-2015 keeps all 50 of its items (6 of them not in fazhi-2021), the others all 102."""
    code, out, err = run([str(REPORTS), "--format", "csv", "--wide"], capsys)
    assert (code, err) == (0, "")
    wide = list(csv.DictReader(io.StringIO(out)))
    fixed = 13
    columns = list(wide[0])[fixed:]
    assert columns[:102] == [i.id for i in bundled("fazhi-2021").items]   # the default rubric's first
    assert set(columns) == {i.id for r in ("fazhi-2015", "fazhi-2021") for i in bundled(r).items}
    assert [r["rubric"] for r in wide] == ["fazhi-2015"] * 2 + ["fazhi-2021"] * 3
    for r in wide:
        filled = {c for c in columns if r[c]}
        assert filled == {i.id for i in bundled(r["rubric"]).items}
        assert {r[c] for c in filled} <= {s.value for s in Status}
    code, out, _ = run([str(REPORTS / EXAMPLES[0]), "--format", "csv", "--wide", "--rubric",
                        str(ROOT / "rubric" / "fazhi-2015.yaml")], capsys)
    assert code == 0 and len(next(csv.reader(io.StringIO(out)))) == fixed + 50   # only the rubric given


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
