"""The CLI contract: formats, exit codes, one-line errors, atomic output, plain text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from fazhi.cli import main
from fazhi.export import dumps, json_record, jsonl_record, to_dict
from fazhi.model import Status
from fazhi.pipeline import Pipeline, Setup
from fazhi.rubric import bundled_rubrics

from .conftest import EXAMPLES, REPORTS, ROOT

SCHEMA = json.loads((ROOT / "src" / "fazhi" / "schemas" / "scorecard.schema.json").read_text(encoding="utf-8"))
YANQING = str(REPORTS / "2021-beijing-yanqing.txt")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", EXAMPLES)
def test_json_validates_against_shipped_schema(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(REPORTS / name), "--format", "json"], capsys)
    assert code == 0 and err == ""
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["report"]["year"] and len(data["items"]) >= 42
    assert data["summary"]["covered"] + data["summary"]["partial"] + data["summary"]["missing"] \
        + data["summary"]["not_applicable"] == len(data["items"])
    assert set(data["gaps"]) == {i["id"] for i in data["items"] if i["status"] in ("missing", "partial")}


@pytest.mark.slow   # scores the five reports twice and validates the schema (0.7 s)
def test_several_reports_give_an_array_and_jsonl_lines(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(REPORTS / n) for n in EXAMPLES]
    code, out, _ = run(paths + ["--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and isinstance(data, list) and len(data) == 5
    jsonschema.validate(data, SCHEMA)
    code, out, _ = run(paths + ["--format", "jsonl"], capsys)
    assert code == 0 and [json.loads(line)["report"]["path"] for line in out.splitlines()] == paths


@pytest.mark.slow   # every example under both rubrics, with and without waivers (0.6 s)
def test_json_output_is_the_stdlib_encoding_of_the_contract(tmp_path: Path) -> None:
    """JSON is written by orjson: it must be byte for byte what the stdlib writes, compact for
    JSON Lines and indented for JSON, for every example under every rubric, level and waiver."""
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - item: oversight.congress\n    covers: {report: '*'}\n"
                       "    justification: 测试\n    approver: 测试\n    expires: 2099-12-31\n", encoding="utf-8")
    statuses = set()
    for rubric in bundled_rubrics():
        for setup in (Setup(rubric=str(rubric)), Setup(rubric=str(rubric), level="town", waivers=str(waivers))):
            scorer = Pipeline(setup)
            for name in EXAMPLES:
                card = scorer.score(str(REPORTS / name))
                data = to_dict(card)
                assert jsonl_record(card) == (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                                              + "\n").encode()
                assert json_record(card) == json.dumps(data, ensure_ascii=False, indent=2).encode()
                statuses |= {r.status for r in card.items}
    assert {Status.NOT_APPLICABLE, Status.WAIVED} <= statuses


def test_text_that_is_not_utf8_is_escaped_in_json() -> None:
    data = {"text": "条\ud800目", "n": [1, 2.5, None]}
    assert json.loads(dumps(data)) == json.loads(dumps(data, indent=True)) == data
    assert b"\\ud800" in dumps(data)


def test_csv_is_long_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([YANQING, "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) >= 42
    row = next(r for r in rows if r["item"] == "enforcement.three_systems")
    assert row["status"] == "covered" and row["evidence_line"] == "30" and "三项制度" in row["evidence"]


def test_markdown_has_tables_and_gaps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([YANQING, "--format", "md"], capsys)
    assert code == 0
    assert "| 板块 | 得分 |" in out and "### 缺项" in out and "`leadership.annual_report`" in out


@pytest.mark.slow   # subprocess of the CLI
def test_terminal_output_is_plain_and_fits_80_columns() -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    proc = subprocess.run([sys.executable, "-m", "fazhi", YANQING], capture_output=True, text=True,
                          encoding="utf-8", env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" not in proc.stdout
    from rich.cells import cell_len
    assert max(cell_len(line) for line in proc.stdout.splitlines()) <= 80
    for label in ("总分", "各板块得分", "缺项 46 项", "已覆盖 54 项", "北京市延庆区人民政府", "fazhi-2021"):
        assert label in proc.stdout


def test_missing_report_is_exit_3_and_others_still_scored(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["nope.txt", YANQING, "--format", "jsonl"], capsys)
    assert code == 3
    assert err.strip() == "score: nope.txt: 文件不存在 — 请检查路径"
    assert len(out.splitlines()) == 1


@pytest.mark.parametrize("content,message", [
    (b"", "文件为空"), (b"   \n\t\n", "文件为空"), (b"\x89PNG\r\n\x1a\n\x00\x00", "不是文本报告"),
    (b"\x00\x01\x02" * 50, "二进制文件"),
])
def test_unreadable_inputs(tmp_path: Path, content: bytes, message: str,
                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run([str(bad)], capsys)
    assert code == 3 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and str(bad) in err
    assert "Traceback" not in err


def test_gbk_report_scores_like_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes((REPORTS / "2021-beijing-yanqing.txt").read_text(encoding="utf-8").encode("gb18030"))
    _, a, _ = run([YANQING, "--format", "json"], capsys)
    _, b, _ = run([str(gbk), "--format", "json"], capsys)
    ja, jb = json.loads(a), json.loads(b)
    assert jb["report"]["encoding"] == "gb18030"
    assert [(i["id"], i["status"]) for i in ja["items"]] == [(i["id"], i["status"]) for i in jb["items"]]


def test_fail_under(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([YANQING, "--format", "json", "--fail-under", "99.9"], capsys)[0] == 1
    assert run([YANQING, "--format", "json", "--fail-under", "1"], capsys)[0] == 0
    code, _, err = run([YANQING, "--fail-under", "150"], capsys)
    assert code == 2 and "0–100" in err


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([YANQING, "--format", "xml"])
    assert exc.value.code == 2


def test_bad_rubric_is_exit_2_with_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text((ROOT / "tests" / "fixtures" / "mini-rubric.yaml").read_text(encoding="utf-8")
                      .replace("    weight: 3", "    weigth: 3"), encoding="utf-8")
    code, out, err = run([YANQING, "--rubric", str(rubric)], capsys)
    assert code == 2 and out == ""
    assert re.search(rf"{re.escape(str(rubric))}:\d+:\d+: enforcement.three_systems: 未知字段 weigth", err)


@pytest.mark.slow   # two full runs of the CLI writing files (0.5 s)
def test_output_file_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    before = (REPORTS / "2021-beijing-yanqing.txt").read_bytes()
    code, out, _ = run([YANQING, "--format", "json", "-o", str(target)], capsys)
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["report"]["path"] == YANQING
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]   # no temp file left
    assert target.stat().st_mode & 0o644 == 0o644                       # readable like any file
    assert (REPORTS / "2021-beijing-yanqing.txt").read_bytes() == before
    code, _, _ = run([YANQING, "-o", str(tmp_path / "card.txt")], capsys)
    text = (tmp_path / "card.txt").read_text(encoding="utf-8")
    assert code == 0 and "总分" in text and "\x1b[" not in text


def test_unwritable_output_fails_before_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([YANQING, "-o", str(tmp_path / "no" / "such" / "dir" / "x.json")], capsys)
    assert code == 2 and "不存在" in err
    copy = tmp_path / "r.txt"
    copy.write_bytes((REPORTS / "2021-beijing-yanqing.txt").read_bytes())
    code, _, err = run([str(copy), "-o", str(copy)], capsys)
    assert code == 2 and "从不覆盖输入文件" in err
    assert copy.read_bytes() == (REPORTS / "2021-beijing-yanqing.txt").read_bytes()


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = (REPORTS / "2021-beijing-yanqing.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run(["-", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["report"]["title"].startswith("北京市延庆区")
