"""The .xlsx workbook: opened with openpyxl, it holds every item of every report with the status
the JSON output gives, in Chinese, with frozen headers and coloured status cells."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.batch import Row
from fazhi.cli import main
from fazhi.labels import STATUS_LABEL
from fazhi.model import Status
from fazhi.output import Output
from fazhi.writers import Options
from fazhi.writers.to_xlsx import DETAIL, GAPS, SUMMARY, Xlsx

from .conftest import EXAMPLES, REPORTS, bundled

YANQING = str(REPORTS / "2021-beijing-yanqing.txt")
FILLS = {"覆盖": "00C6EFCE", "部分覆盖": "00FFEB9C", "缺失": "00FFC7CE", "不适用": "00E7E6E6", "豁免": "00E7E6E6"}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def scored_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, err = run([*args, "--format", "jsonl"], capsys)
    assert code == 0 and err == ""
    return [json.loads(line) for line in out.splitlines()]


def rows(book: Workbook, sheet: str) -> list[tuple[Any, ...]]:
    return list(book[sheet].iter_rows(values_only=True))


def test_workbook_holds_every_item_of_every_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "评分.xlsx"
    assert run([str(REPORTS), "--format", "xlsx", "-o", str(target)], capsys) == (0, "", "")
    reports = scored_json([str(REPORTS)], capsys)
    assert {r["rubric"]["id"] for r in reports} == {"fazhi-2015", "fazhi-2021"}   # both rubrics in play
    book = load_workbook(target)
    assert book.sheetnames == ["汇总", "明细", "缺失"]

    # 汇总: one row per report, one column per item of either rubric, headed by its title and id.
    summary = rows(book, "汇总")
    header = summary[0]
    assert header[:len(SUMMARY)] == SUMMARY and SUMMARY[:3] == ("报告", "发布单位", "年度")
    items: dict[str, str] = {}   # the default rubric's titles first, then the older one's extra items
    for rubric in ("fazhi-2021", "fazhi-2015"):
        for i in bundled(rubric).items:
            items.setdefault(i.id, i.title)
    assert len(items) == 108
    column = {}
    for n, cell in enumerate(header[len(SUMMARY):], start=len(SUMMARY)):
        title, item = cell.split("\n")
        assert title == items[item[1:-1]]
        column[item[1:-1]] = n
    assert column.keys() == items.keys()
    assert len(summary) == 1 + len(reports)
    for report, line in zip(reports, summary[1:], strict=True):
        assert line[0] == report["report"]["path"] and line[5] == report["rubric"]["id"]
        assert line[6] == report["summary"]["score"]
        statuses = {i["id"]: STATUS_LABEL[Status(i["status"])] for i in report["items"]}
        assert len(statuses) in (50, 102)
        assert {item: line[n] for item, n in column.items() if line[n] is not None} == statuses

    # 明细: every (report, item) with its status in Chinese; 缺失: exactly the gaps.
    detail = rows(book, "明细")
    assert detail[0] == DETAIL
    assert [(r[0], r[4], r[8]) for r in detail[1:]] == [
        (rep["report"]["path"], i["id"], STATUS_LABEL[Status(i["status"])]) for rep in reports for i in rep["items"]]
    gaps = rows(book, "缺失")
    assert gaps[0] == GAPS
    assert [(r[0], r[2]) for r in gaps[1:]] == [(rep["report"]["path"], g) for rep in reports for g in rep["gaps"]]
    assert all(r[6] in ("缺失", "部分覆盖") and r[7] and r[8] for r in gaps[1:])

    for sheet in book:
        assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
    cells = [c for r in book["明细"].iter_rows(min_row=2, min_col=9, max_col=9) for c in r]
    assert {c.value for c in cells} >= {"覆盖", "部分覆盖", "缺失"}
    assert all(c.fill.fgColor.rgb == FILLS[c.value] for c in cells)   # a colour, and the word too


def test_one_report_is_the_same_workbook_also_through_a_pipe(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code = main([YANQING, "--format", "xlsx"])
    out, err = capsysbinary.readouterr()
    assert code == 0 and err == b"" and out.startswith(b"PK")   # stdout not a terminal: the file itself
    book = load_workbook(io.BytesIO(out))
    assert book.sheetnames == ["汇总", "明细", "缺失"]
    assert len(rows(book, "汇总")) == 2 and len(rows(book, "明细")) == 1 + len(bundled("fazhi-2021").items)


def test_xlsx_is_refused_on_a_terminal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run([YANQING, "--format", "xlsx"], capsys)
    assert (code, out) == (2, "")
    assert err == "score: xlsx 是二进制文件,不能显示在终端上 — 请用 -o 文件名.xlsx 写入文件\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "json", "--labels", "zh"], "--labels 只用于 --format csv 和 xlsx — json 格式不受它影响,请去掉此选项"),
    (["--labels", "zh"], "--labels 只用于 --format csv 和 xlsx — rich 格式不受它影响,请去掉此选项"),
    (["--format", "xlsx", "--labels", "en"],
     "--labels en: xlsx 表格总是中文表头和状态 — 需要英文代码请用 --format csv"),
])
def test_labels_where_they_do_nothing_is_an_error(args: list[str], message: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out"
    assert run([YANQING, *args, "-o", str(target)], capsys) == (2, "", f"score: {message}\n")
    assert not target.exists()


def test_labels_zh_is_accepted_for_xlsx(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    assert run([YANQING, "--format", "xlsx", "--labels", "zh", "-o", str(target)], capsys) == (0, "", "")
    assert rows(load_workbook(target), "汇总")[0][0] == "报告"


def test_failed_report_keeps_its_row_and_text_is_never_a_formula(tmp_path: Path) -> None:
    """A report that could not be scored is listed with the reason; text that looks like a
    formula stays text, and characters XML cannot hold are dropped rather than breaking the file."""
    target = tmp_path / "out.xlsx"
    writer = Xlsx(Options(columns=(("a.b", "条目"),)))
    with Output(str(target), bom=False) as out:
        writer.header(out, 1)
        writer.failed(Row(path="=HYPERLINK(\"http://x\")", error="=1+1\x07 无法读取"))
        writer.footer(out, 1)
    sheet = load_workbook(target)["汇总"]
    assert sheet.cell(1, len(SUMMARY) + 1).value == "条目\n(a.b)"
    assert [sheet.cell(2, n).value for n in (1, 2, len(SUMMARY))] == ["=HYPERLINK(\"http://x\")", "无法评分",
                                                                       "=1+1 无法读取"]
    assert sheet.cell(2, 1).data_type == sheet.cell(2, len(SUMMARY)).data_type == "s"


@pytest.mark.slow   # starts a worker pool
def test_workbook_from_parallel_workers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for n in range(3):   # enough reports for the worker pool
        for name in EXAMPLES:
            (tmp_path / f"{n}-{name}").write_bytes((REPORTS / name).read_bytes())
    target = tmp_path / "out.xlsx"
    assert run([str(tmp_path), "--format", "xlsx", "--jobs", "2", "-o", str(target)], capsys) == (0, "", "")
    reports = scored_json([str(tmp_path), "--jobs", "1"], capsys)
    book = load_workbook(target, read_only=True)
    assert len(rows(book, "汇总")) == 16
    assert len(rows(book, "明细")) == 1 + sum(len(r["items"]) for r in reports)
