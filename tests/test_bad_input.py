"""Bad input and bad rubrics: one clear line, the right exit code, never a traceback."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from fazhi import pipeline
from fazhi.cli import main

from .conftest import REPORTS, ROOT

YANQING = REPORTS / "2021-beijing-yanqing.txt"
PANJIN = REPORTS / "2023-liaoning-panjin-dawa.txt"
MINI = ROOT / "tests" / "fixtures" / "mini-rubric.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _one_error_line(err: str, path: object, *needles: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["no/such/report.txt"], capsys)
    assert code == 3 and out == ""
    _one_error_line(err, "no/such/report.txt", "文件不存在", "请检查路径")


def test_directory_without_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(tmp_path)], capsys)
    assert code == 3
    _one_error_line(err, tmp_path, "目录")


def test_permission_denied(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "secret.txt", YANQING.read_bytes())
    original = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)   # root ignores chmod, so simulate the refusal
    code, _, err = run([str(path)], capsys)
    assert code == 3
    _one_error_line(err, path, "没有读取权限")


@pytest.mark.parametrize("name,data,needle", [
    ("empty.txt", b"", "文件为空"),
    ("blank.txt", " \n\t\r\n\u3000 ".encode("utf-8"), "文件为空"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 20, "图片或压缩文件"),
    ("archive.txt", b"PK\x03\x04" + b"\x00" * 200, "压缩包"),
    ("random.txt", bytes(random.Random(7).randrange(256) for _ in range(20000)), ""),
    ("latin.txt", "Résumé of the année, naïve café. ".encode("latin-1") * 50, ""),
    ("fake.docx", "这不是一个真正的 Word 文件".encode(), "不是 Word 文档"),
    ("fake.pdf", b"<html>not a pdf</html>", "不是 PDF"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "旧版 Word"),
])
def test_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes,
                          needle: str) -> None:
    path = _write(tmp_path, name, data)
    code, out, err = run([str(path)], capsys)
    assert code == 3 and out == ""
    _one_error_line(err, path, needle, "—")


def test_file_over_the_limit_is_refused_without_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:          # sparse: 60 MB in size, nothing written
        fh.truncate(60 * 1024 * 1024)
    code, _, err = run([str(path)], capsys)
    assert code == 3
    _one_error_line(err, path, "文件过大", "上限 10 MB")


@pytest.mark.slow   # a 5 MB report (4 s)
def test_long_single_line_is_scored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = YANQING.read_text(encoding="utf-8").replace("\n", "").encode("utf-8")
    path = _write(tmp_path, "one-line.txt", (text * 600)[:5_000_000].decode("utf-8", "ignore").encode("utf-8"))
    assert path.stat().st_size > 4_990_000 and path.read_bytes().count(b"\n") == 0   # one 5 MB line
    code, out, err = run([str(path), "--format", "jsonl"], capsys)
    assert code == 0 and err == "" and out.count("\n") == 1
    assert len(out) < 2_000_000   # evidence is capped per item; the totals say how much there was


@pytest.mark.slow   # 20,000 nested elements through the HTML reader (0.6 s)
def test_deeply_nested_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = YANQING.read_text(encoding="utf-8").replace("\n", "<br>")
    page = "<!DOCTYPE html><html><body>" + "<div>" * 20000 + body + "</div>" * 20000 + "</body></html>"
    path = _write(tmp_path, "nested.html", page.encode("utf-8"))
    code, out, err = run([str(path), "--format", "jsonl"], capsys)
    assert code == 0 and err == "" and "enforcement.three_systems" in out


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "bad.txt", b"\x00\x01" * 100)
    code, out, err = run([str(bad), str(YANQING), "--format", "jsonl"], capsys)
    assert code == 3 and len(out.splitlines()) == 1
    _one_error_line(err, bad)


def test_catastrophic_regex_is_rejected_quickly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "slow.yaml"
    text = MINI.read_text(encoding="utf-8").replace(
        "      any: [两法衔接]", "      any: [两法衔接]\n      regex: ['(a+)+$']")
    rubric.write_text(text, encoding="utf-8")
    report = _write(tmp_path, "aaa.txt", YANQING.read_bytes() + b"\n" + b"a" * 1_000_000 + b"!\n")
    started = time.monotonic()
    code, out, err = run([str(report), "--rubric", str(rubric)], capsys)
    elapsed = time.monotonic() - started
    print(f"rubric with (a+)+$ and a 1 MB line of a's: exit {code} after {elapsed:.2f} s")
    line = text[:text.index("(a+)+$")].count("\n") + 1
    assert code == 2 and out == ""
    assert err.strip() == (f"score: {rubric}:{line}:15: enforcement.criminal_link: 正则表达式 '(a+)+$' "
                           "含有没有上限的重复(*、+ 或 {n,}),在长文本上会很慢 — 请写出上限,如 [^。]{0,50}、\\d{1,6}")


@pytest.mark.parametrize("pattern", [r"(a|aa)+$", r"(x+x+)+y", r"(.*a){12}!", r"(a*)*b",   # unbounded
                                     r"(a|aa){1,9}$", r"(x{1,3}x{1,3}){1,9}y", r"(.{0,9}a){12}!",
                                     r"(a{0,3}){0,9}b", r"(?:\w{1,9}\s?){1,50}$", r"(?:法|法?){1,9}治",
                                     r"[^。]{0,99}[^。]{0,99}[^。]{0,99}x"])
def test_other_backtracking_shapes_are_rejected(tmp_path: Path, pattern: str) -> None:
    from fazhi.errors import RubricError
    from fazhi.rubric import load_rubric
    rubric = tmp_path / "r.yaml"
    rubric.write_text(MINI.read_text(encoding="utf-8").replace(
        "      any: [两法衔接]", f"      any: [两法衔接]\n      regex: ['{pattern}']"), encoding="utf-8")
    with pytest.raises(RubricError, match=r"正则表达式 '.*' (含有没有上限|重复的|在同一位置)"):
        load_rubric(rubric)


@pytest.mark.slow   # scores every example report (0.5 s)
def test_inputs_are_never_modified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copies = [_write(tmp_path, p.name, p.read_bytes()) for p in sorted(REPORTS.glob("*.txt"))]
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in copies]
    for fmt in ("rich", "json", "csv", "md"):
        assert run([*map(str, copies), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")], capsys)[0] == 0
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in copies] == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([p.name for p in copies] +
                                                                [f"out.{f}" for f in ("rich", "json", "csv", "md")])


def test_a_bug_on_one_report_fails_that_report_alone(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # An unexpected failure while scoring one report names the report and exits 3 at the end,
    # like an unreadable file: the others are scored and written (issue: hostile inputs, class 3).
    def boom(document: object, *args: object, **kwargs: object) -> object:
        if "yanqing" in str(getattr(document, "path", "")):
            raise RuntimeError("bug")
        return score_layout(document, *args, **kwargs)

    score_layout = pipeline.score_layout
    monkeypatch.setattr(pipeline, "score_layout", boom)
    code, out, err = run([str(YANQING), str(PANJIN), "--format", "jsonl"], capsys)
    assert code == 3 and len(out.splitlines()) == 1 and "panjin" in out
    assert err.strip() == (f"score: {YANQING}: 评分时出现内部错误(RuntimeError)— 该报告未评分,其余报告照常评分;"
                           "请加 --debug 重新运行,并把该文件报告给维护者")
    code, _, err = run([str(YANQING), "--debug"], capsys)
    assert code == 3 and "Traceback" in err and "RuntimeError: bug" in err


def test_internal_error_is_exit_70_with_an_apology(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # A failure outside any one report (here: choosing how to write the run) is the tool's own.
    from fazhi import commands

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(commands, "_score_cards", boom)
    code, out, err = run([str(YANQING)], capsys)
    assert code == 70 and out == ""
    assert err.strip() == "score: 内部错误,非常抱歉 — 请加 --debug 重新运行并把输出报告给维护者"
    code, _, err = run([str(YANQING), "--debug"], capsys)
    assert code == 70 and "Traceback" in err and "RuntimeError: bug" in err


@pytest.mark.slow   # subprocess of the CLI
def test_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.yaml", b"id: [unclosed\n")
    proc = subprocess.run([sys.executable, "-m", "fazhi", str(YANQING), "--rubric", str(bad)],
                          capture_output=True, text=True, encoding="utf-8", check=False,
                          env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"score: {bad}:") and "YAML 语法错误" in proc.stderr
