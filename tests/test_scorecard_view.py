"""What reviewers read every day: the terminal scorecard leads with what matters (gaps once, by
severity, words not regexes, a closing summary line), severity in every format, and the corpus
summary at 80 columns (ranked, labelled by issuer and year, the progress bar gone before it)."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest
from rich.cells import cell_len

from fazhi.batch import default_jobs, max_jobs
from fazhi.cli import main
from fazhi.html_report import render_html
from fazhi.labels import SEVERITY_LABEL
from fazhi.model import SEVERITIES, Status
from fazhi.rules.regex import human

from .conftest import REPORTS, ROOT, scored

SCHEMA = json.loads((ROOT / "src" / "fazhi" / "schemas" / "scorecard.schema.json").read_text(encoding="utf-8"))
YANQING = str(REPORTS / "2021-beijing-yanqing.txt")
REGEX_SYNTAX = ("[^", "{0,", "(?", "\\d", "|)")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal 80 columns wide, without colour."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")


def test_default_scorecard_leads_with_score_parts_and_gaps(narrow: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([YANQING], capsys)
    assert code == 0 and err == ""
    lines = out.rstrip("\n").splitlines()
    first = {label: next(n for n, line in enumerate(lines) if line.lstrip().startswith(label))
             for label in ("总分", "各板块得分", "缺项", "1. ", "2. ")}
    assert max(first.values()) < 60, first
    assert lines[-1].startswith("得分 67.5 · 覆盖 54 · 部分覆盖 8 · 缺失 38") and "严重缺项" in lines[-1]
    assert max(cell_len(line) for line in lines) <= 80
    card = scored("2021-beijing-yanqing.txt")
    for gid in card.gaps:   # each gap once, its id never broken over two lines
        assert sum(line.count(gid) for line in lines) == 1, gid
    for text in REGEX_SYNTAX:
        assert text not in out, text
    assert "逐项结果" not in out and "报告结构(识别到的标题)" not in out   # the full tables are for --all
    covered = [r for r in card.items if r.status == Status.COVERED]
    assert f"已覆盖 {len(covered)} 项" in out
    for r in covered:   # one line each, with the line of its first evidence
        assert any(line.startswith(f"✓ {r.item.title}") and f"第 {r.evidence[0].line} 行" in line
                   for line in lines), r.item.id


def test_all_shows_every_item_in_full(narrow: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([YANQING, "--all"], capsys)
    assert code == 0 and err == ""
    card = scored("2021-beijing-yanqing.txt")
    for label in ("逐项结果", "报告结构(识别到的标题)", "文本质量", "选用原因", "缺项 46 项"):
        assert label in out
    table = out.split("逐项结果")[1].split("缺项 46 项")[0]
    rows = [line for line in table.splitlines() if line.lstrip()[:1] in ("✓", "◐", "✗", "–", "○")]
    assert len(rows) == len(card.items)   # a row per item: its title starts the row (and may wrap)
    for r, row in zip(card.items, rows, strict=True):
        assert r.item.title[:6] in row, r.item.id
    assert out.rstrip("\n").splitlines()[-1].startswith("得分 67.5")
    assert "见 --all" not in out   # every word searched is listed


def test_gaps_ordered_by_severity_then_weight() -> None:
    for name in ("2021-beijing-yanqing.txt", "2023-liaoning-panjin-dawa.txt"):
        card = scored(name)
        by_id = {r.item.id: r for r in card.items}
        keys = [(SEVERITIES.index(by_id[g].item.severity), -by_id[g].item.weight) for g in card.gaps]
        assert keys == sorted(keys) and len({k[0] for k in keys}) == 3
        assert set(card.gaps) == {r.item.id for r in card.items if r.status in (Status.MISSING, Status.PARTIAL)}


def test_words_searched_in_human_form_and_regexes_in_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert human("常务会(议)?[^\n。;]{0,12}学法") == "常务会|常务会议+学法"
    assert human('[七八]五"?普法[^\n。;,]{0,3}(规划|中期)') == "七五普法|八五普法+规划|中期"
    assert human("讲座(?!进)[^。]{0,8}([2-9]|十)(次|期)") == "讲座+十次|十期|×次…等4种"
    card = scored("2021-beijing-yanqing.txt")
    for r in card.items:
        for text in REGEX_SYNTAX:
            assert not any(text in s for s in r.searched), (r.item.id, r.searched)
    code, out, err = run(["explain", "leadership.study_law", YANQING], capsys)
    assert code == 0 and err == "" and "/常务会(议)?[^\\n。;]{0,15}学习" in out.replace("\n", "")


def test_severity_in_json_csv_markdown_and_html(capsys: pytest.CaptureFixture[str]) -> None:
    card = scored("2021-beijing-yanqing.txt")
    code, out, err = run([YANQING, "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and err == "" and data["schema_version"] == "1.2"
    jsonschema.validate(data, SCHEMA)
    assert [i["severity"] for i in data["items"]] == [r.item.severity for r in card.items]
    code, out, err = run([YANQING, "--format", "csv"], capsys)
    assert code == 0 and err == ""
    header = out.lstrip("\ufeff").splitlines()[0].split(",")
    assert header[-1] == "severity" and header[:3] == ["report", "issuer", "year"]
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert {r["item"]: r["severity"] for r in rows} == {r.item.id: r.item.severity for r in card.items}
    code, out, err = run([YANQING, "--format", "md"], capsys)
    first_gap = next(r for r in card.items if r.item.id == card.gaps[0])
    assert code == 0 and err == "" and f"`{first_gap.item.id}`,{SEVERITY_LABEL[first_gap.item.severity]}," in out
    html = render_html([card])
    # each item, each gap, and the heaviest gaps again beside the score
    assert html.count('class="sev sev-') == len(card.items) + len(card.gaps) + min(len(card.gaps), 5)
    assert f'<span class="sev sev-error">{SEVERITY_LABEL["error"]}</span>' in html


def _corpus(tmp_path: Path) -> Path:
    for report in REPORTS.glob("*.txt"):
        (tmp_path / report.name).write_bytes(report.read_bytes())
    (tmp_path / "2022-unreadable-report.pdf").write_bytes(b"%PDF-1.4 garbage")
    return tmp_path


def test_corpus_summary_at_80_columns(narrow: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(_corpus(tmp_path)), "--jobs", "1"], capsys)
    assert code == 3 and err.count("\n") == 1 and "2022-unreadable-report.pdf" in err
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert any("2022-unreadable-report.pdf" in line for line in lines)   # on one line
    for report in REPORTS.glob("*.txt"):   # reports are labelled by issuer and year, not by file name
        assert report.name not in out
    ranked = [(m[1], m[2], float(m[3])) for line in lines
              if (m := re.match(r"\s+(\d+)\s+(\S+ \d{4})\s+(\d+\.\d)\s", line))]
    assert [r[0] for r in ranked] == ["1", "2", "3", "4", "5"]
    assert [r[2] for r in ranked] == sorted((r[2] for r in ranked), reverse=True)
    assert ranked[2][1] == "北京市延庆区人民政府 2021"
    for _, name, _ in ranked:   # a row label in the table and in its rubric's matrix
        assert sum(name in line for line in lines) == 2, name
    assert "各板块得分(报告 × 板块,评分规则 fazhi-2021)" in out and "最弱板块" in out


def test_corpus_markdown_has_the_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(REPORTS), "--format", "md", "--jobs", "1"], capsys)
    assert code == 0 and err == ""
    matrix = out.split("### 各板块得分(评分规则 fazhi-2021)")[1]
    assert "| 发布单位 · 年度 | 报告结构 | 党的领导与推进机制 |" in matrix
    assert "| 北京市延庆区人民政府 2021 | 89 |" in matrix
    assert "| 层级 | 名次 | 发布单位 | 年度 |" in out


@pytest.mark.parametrize("value", ["0", "-2", "x"])
def test_jobs_below_one_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([YANQING, "--jobs", value])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert "--jobs" in err and "不小于 1 的整数" in err


def test_huge_jobs_is_capped_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [YANQING, str(REPORTS / "2019-chongqing-rongchang.txt")]
    code, out, err = run([*paths, "--format", "jsonl", "--jobs", "999"], capsys)
    assert code == 0 and len(out.splitlines()) == 2
    assert err == (f"score: --jobs 999 超过上限:按 {max_jobs()} 个进程评分(CPU 核数 {default_jobs()} 的 4 倍,"
                   "最多 32;更多进程只会更慢)\n")
    assert 1 <= max_jobs() <= 32


class _Recorder(io.StringIO):
    """A stream that logs each write (to tell which stream was written when)."""

    def __init__(self, name: str, log: list[tuple[str, str]], tty: bool) -> None:
        super().__init__()
        self.name, self.log, self.tty = name, log, tty

    def write(self, text: str) -> int:
        self.log.append((self.name, text))
        return super().write(text)

    def isatty(self) -> bool:
        return self.tty


def test_progress_bar_is_on_stderr_and_gone_before_the_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    log: list[tuple[str, str]] = []
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys, "stderr", _Recorder("err", log, tty=True))
    monkeypatch.setattr(sys, "stdout", _Recorder("out", log, tty=False))
    code = main([YANQING, str(REPORTS / "2019-chongqing-rongchang.txt"), "--jobs", "1"])
    out = "".join(t for s, t in log if s == "out")
    err = "".join(t for s, t in log if s == "err")
    assert code == 0 and out.startswith("共 2 份报告,已评分 2 份")
    assert "评分中" in err and "评分中" not in out and "\x1b" not in out
    first_out = next(n for n, (s, _) in enumerate(log) if s == "out")
    assert all(s == "out" for s, _ in log[first_out:])   # the bar ended before the summary began
    assert err.rstrip().endswith("\x1b[2K") or "\x1b[2K" in err[err.rindex("评分中"):]   # erased: transient
