"""Command line: `score REPORT...` — the only place that prints or exits."""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import (
    EXIT_BELOW_THRESHOLD,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    FazhiError,
    UsageError,
)
from .export import render_csv, render_json, render_jsonl, render_markdown
from .model import Scorecard
from .reader import read_document
from .rubric import load_rubric
from .score import score_document

FORMATS = ("rich", "json", "jsonl", "md", "csv")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="score",
        description="法治政府建设年度报告合规评分:逐项列出报告覆盖了哪些要求、证据在哪一行、缺了什么。",
        epilog="退出码:0 已评分;1 低于 --fail-under;2 用法或评分规则错误;3 有报告无法读取或评分。")
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="报告文件(.txt,UTF-8 或 GBK);- 表示标准输入")
    parser.add_argument("--rubric", metavar="PATH", help="评分规则 YAML 文件(默认:内置 fazhi-2021)")
    parser.add_argument("--format", choices=FORMATS, default="rich", help="输出格式(默认 rich 终端表格)")
    parser.add_argument("-o", "--output", metavar="FILE", help="写入文件(原子写入)而不是标准输出")
    parser.add_argument("--fail-under", type=float, metavar="N",
                        help="任一报告加权总分低于 N 时退出码为 1(用于 CI)")
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的 traceback")
    parser.add_argument("--version", action="version", version=f"fazhi-score {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except FazhiError as exc:
        _error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        _error("已中断")
        return EXIT_INTERRUPTED
    except Exception:  # the one place that turns an unexpected failure into a message
        if args.debug:
            traceback.print_exc()
        else:
            _error("内部错误,非常抱歉 — 请加 --debug 重新运行并把输出报告给维护者")
        return EXIT_INTERNAL


def _run(args: argparse.Namespace) -> int:
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise UsageError(f"--fail-under {args.fail_under:g}: 应在 0–100 之间")
    if args.output:
        _check_output(args.output, args.reports)
    rubric = load_rubric(args.rubric)
    cards: list[Scorecard] = []
    failed = 0
    for path in args.reports:
        try:
            cards.append(score_document(read_document(path), rubric))
        except FazhiError as exc:
            _error(exc.message)
            failed += 1
    if cards:
        _emit(args, cards)
    if failed:
        return EXIT_INPUT
    if args.fail_under is not None and any((c.summary.score or 0) < args.fail_under for c in cards):
        return EXIT_BELOW_THRESHOLD
    return EXIT_OK


def _emit(args: argparse.Namespace, cards: list[Scorecard]) -> None:
    fmt = args.format
    if fmt == "rich":
        from .render import print_scorecards
        if args.output:
            from rich.console import Console
            buffer = io.StringIO()
            print_scorecards(Console(file=buffer, width=100, color_system=None, force_terminal=False),
                             cards)
            text = buffer.getvalue()
        else:
            from rich.console import Console
            print_scorecards(Console(), cards)
            return
    else:
        render = {"json": render_json, "jsonl": render_jsonl, "md": render_markdown,
                  "csv": render_csv}[fmt]
        text = render(cards)
    if args.output:
        _write_atomic(Path(args.output), text, bom=fmt == "csv")
    else:
        sys.stdout.write(text)


def _check_output(output: str, reports: Sequence[str]) -> None:
    """Fail before any work when the destination cannot be written or is an input."""
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"{output}: 是一个目录 — -o 需要文件路径")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{output}: 目录 {parent} 不存在 — 请先创建")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{output}: 目录 {parent} 不可写 — 请换一个输出位置")
    for r in reports:
        if r != "-" and Path(r).exists() and Path(r).resolve() == target.resolve():
            raise UsageError(f"{output}: 与输入报告相同 — 本工具从不覆盖输入文件")


def _write_atomic(target: Path, text: str, bom: bool) -> None:
    encoding = "utf-8-sig" if bom else "utf-8"  # the BOM lets spreadsheet programs read Chinese
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.resolve().parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _error(message: str) -> None:
    print(f"score: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
