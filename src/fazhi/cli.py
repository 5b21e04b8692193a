"""Command line: `score REPORT...`, `score rubric check|test|show`, `score explain` — the only
place that prints or exits."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .batch import Row, Scorer, Setup, default_jobs, expand, failure, score_rows
from .doctype import KINDS
from .errors import (
    EXIT_BELOW_THRESHOLD,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    FazhiError,
    OutputError,
    RubricError,
    UsageError,
    printable,
)
from .export import (
    csv_header,
    csv_records,
    dumps,
    json_record,
    jsonl_record,
    render_markdown,
)
from .export import to_dict as export_dict
from .level import LEVELS
from .limits import MAX_SECONDS
from .model import Scorecard
from .reader import read_document
from .rubric import RubricChooser, bundled_rubrics, load_rubric
from .score import score_layout
from .segment import segment

if TYPE_CHECKING:
    from .compare import Comparison

FORMATS = ("rich", "json", "jsonl", "md", "csv", "html")
EPILOG = """子命令:
  score rubric check [PATH]   检查评分规则(格式、重复 id、未知字段、正则、继承循环)
  score rubric test [PATH]    运行评分规则自带的正反例
  score rubric show [PATH]    以树形列出评分规则
  score explain ITEM REPORT   解释某一条目在某份报告中的判定过程
  score agree GOLD...         与人工标注比较:准确率、κ、混淆矩阵和每一处分歧
  score waivers check FILE    检查豁免文件(字段、条目 id、有效期),错误带行号

退出码:0 已评分;1 低于 --fail-under(rubric test:有示例未通过);2 用法或评分规则错误;
3 有报告无法读取或评分(其余报告照常评分);70 内部错误;74 输出无法写入(磁盘已满、管道已关闭);
130 被中断。"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="score", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="法治政府建设年度报告合规评分:逐项列出报告覆盖了哪些要求、证据在哪一行、缺了什么。")
    parser.add_argument("reports", nargs="+", metavar="REPORT",
                        help="报告文件、目录(递归查找 .txt/.html/.docx/.pdf)或通配符;- 表示标准输入")
    _rubric_option(parser, "评分规则 YAML 文件(默认:按报告年度自动选用内置规则)")
    parser.add_argument("--format", choices=FORMATS, default="rich", help="输出格式(默认 rich 终端表格)")
    parser.add_argument("-o", "--output", metavar="FILE", help="写入文件(原子写入)而不是标准输出")
    parser.add_argument("--fail-under", type=float, metavar="N",
                        help="任一报告加权总分低于 N 时退出码为 1(用于 CI)")
    parser.add_argument("--baseline", metavar="OLD", help="与上一年度(或上一稿)报告比较")
    parser.add_argument("--wide", action="store_true", help="CSV 宽表:每份报告一行,每个条目一列")
    parser.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help="并行评分的进程数(默认:CPU 核数)")
    parser.add_argument("--level", choices=LEVELS,
                        help="报告单位的层级(默认:按发布单位识别):省、市、县(区)、乡镇(街道)、部门")
    parser.add_argument("--doctype", choices=tuple(KINDS),
                        help="文档类型(默认:自动识别):annual_report 年度报告、plan 方案、notice 通知、"
                             "work_report 政府工作报告、summary 工作总结、news 新闻、interpretation 解读、"
                             "template 范文、shufa 述法报告、info_disclosure 信息公开年报、other 其他")
    parser.add_argument("--year", type=_year, metavar="YYYY", help="报告年度(默认:从标题、开头或部分标题识别)")
    parser.add_argument("--issuer", metavar="NAME", help="发布单位全称(默认:从标题、来源栏、落款或正文识别)")
    parser.add_argument("--waivers", metavar="FILE", help="豁免文件(YAML):对某些报告或单位豁免某些条目")
    parser.add_argument("--timeout", type=_seconds, default=MAX_SECONDS, metavar="SECONDS",
                        help=f"每份报告的匹配时限,超时的报告记为错误(默认 {MAX_SECONDS:g} 秒;0 表示不限)")
    _common(parser)
    return parser


def _year(value: str) -> int:
    if not (value.isdigit() and 2000 <= int(value) <= 2100):
        raise argparse.ArgumentTypeError(f"“{value}”不是年份:请写四位数字,如 2023")
    return int(value)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}”不是秒数:请写数字,如 60") from None
    if not 0 <= seconds < 1e6:   # NaN fails too
        raise argparse.ArgumentTypeError(f"{value}: 应在 0 到 1000000 秒之间(0 表示不限)")
    return seconds


def build_rubric_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="score rubric", description="检查、测试、查看评分规则。")
    sub = parser.add_subparsers(dest="action", required=True, metavar="{check,test,show}")
    for name, text in (("check", "检查评分规则:格式、重复 id、未知字段、无法编译的正则、继承循环"),
                       ("test", "运行每个条目自带的正反例;有失败时退出码为 1"),
                       ("show", "以树形列出部分、条目、权重和依据")):
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("path", nargs="?", metavar="PATH", help="评分规则文件(默认:全部内置规则;show 为默认规则)")
        _common(p)
    return parser


def build_explain_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="score explain",
                                     description="解释某一条目在某份报告中的判定:检索了什么、每处命中及其作用、为何得出该状态。")
    parser.add_argument("item", metavar="ITEM", help="条目 id,例如 enforcement.three_systems")
    parser.add_argument("report", metavar="REPORT", help="报告文件;- 表示标准输入")
    _rubric_option(parser, "评分规则 YAML 文件(默认:按报告年度自动选用)")
    _common(parser)
    return parser


def build_agree_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="score agree",
                                     description="把评分结果与人工标注(tests/gold/*.yaml)比较。")
    parser.add_argument("gold", nargs="+", metavar="GOLD", help="人工标注文件或其所在目录")
    parser.add_argument("--reports", metavar="DIR", default="examples/reports",
                        help="报告所在目录(标注文件旁找不到报告时使用;默认 examples/reports)")
    _rubric_option(parser, "评分规则 YAML 文件(默认:按报告年度自动选用)")
    parser.add_argument("--format", choices=("rich", "json"), default="rich", help="输出格式")
    parser.add_argument("--min-accuracy", type=_fraction, metavar="X",
                        help="总体准确率低于 X(0–1)时退出码为 1(用于 CI)")
    parser.add_argument("--min-f1", type=_fraction, metavar="X",
                        help="“覆盖或部分”的 F1 低于 X(0–1)时退出码为 1(用于 CI)")
    _common(parser)
    return parser


def _fraction(text: str) -> float:
    """A threshold between 0 and 1 (--min-accuracy, --min-f1)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} 不是数字 — 请写 0 到 1 之间的小数,如 0.97") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} 不在 0 到 1 之间 — 百分数请换成小数,如 97% 写 0.97")
    return value


def build_waivers_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="score waivers", description="检查豁免文件。")
    sub = parser.add_subparsers(dest="action", required=True, metavar="{check}")
    p = sub.add_parser("check", help="检查豁免文件:字段、条目 id、有效期;错误带文件和行号")
    p.add_argument("file", metavar="FILE", help="豁免文件(YAML)")
    _rubric_option(p, "评分规则(默认:全部内置规则的条目)")
    _common(p)
    return parser


def _rubric_option(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--rubric", metavar="PATH", help=text)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的 traceback")
    parser.add_argument("--version", action="version", version=f"fazhi-score {__version__}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command: Callable[[argparse.Namespace], int]
    if argv[:1] == ["rubric"]:
        args, command = build_rubric_parser().parse_args(argv[1:]), _rubric_command
    elif argv[:1] == ["explain"]:
        args, command = build_explain_parser().parse_args(argv[1:]), _explain
    elif argv[:1] == ["agree"]:
        args, command = build_agree_parser().parse_args(argv[1:]), _agree
    elif argv[:1] == ["waivers"]:
        args, command = build_waivers_parser().parse_args(argv[1:]), _waivers_check
    else:
        args, command = build_parser().parse_args(argv), _score
    _terminate_on_signals()
    try:
        code = command(args)
        _flush_stdout()
        return code
    except BrokenPipeError:
        _silence_stdout()
        _error("标准输出已被关闭(例如管道另一端的 head 已退出)— 其余输出未写出")
        return OutputError.exit_code
    except RubricError as exc:
        for problem in exc.problems:
            _error(str(problem))
        return exc.exit_code
    except FazhiError as exc:
        _error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        _error("已中断(未写完的输出文件已删除)" if getattr(args, "output", None) else "已中断")
        return EXIT_INTERRUPTED
    except Exception:  # the one place that turns an unexpected failure into a message
        if args.debug:
            traceback.print_exc()
        else:
            _error("内部错误,非常抱歉 — 请加 --debug 重新运行并把输出报告给维护者")
        return EXIT_INTERNAL


def _terminate_on_signals() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: the temporary output file is removed and
    the workers are stopped (the default action would kill this process and leave both)."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


def _flush_stdout() -> None:
    """Flush now, so that a write error is reported here rather than lost at exit."""
    with _stdout_reported():
        sys.stdout.flush()


@contextlib.contextmanager
def _stdout_reported() -> Iterator[None]:
    """A failed write to stdout (a full disk) as an OutputError; a closed pipe is main's to report."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        raise OutputError(f"标准输出: 写入失败({exc.strerror})— 请检查磁盘空间或输出目标") from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's own flush at exit stays quiet."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# ---------------------------------------------------------------- score REPORT...

def _score(args: argparse.Namespace) -> int:
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise UsageError(f"--fail-under {args.fail_under:g}: 应在 0–100 之间")
    paths, errors = expand(args.reports)
    if args.baseline and len(paths) != 1:
        raise UsageError("--baseline 只能与一份报告一起使用")
    setup = Setup(rubric=args.rubric, level=args.level, waivers=args.waivers, doctype=args.doctype,
                  year=args.year, issuer=args.issuer, seconds=args.timeout)
    scorer = Scorer(setup)   # a broken rubric or waiver file is an error before any work
    if args.output:   # every file the run reads: directories and globs expanded, `extends:` followed
        rubric_files = scorer.chooser.explicit.info.sources if scorer.chooser.explicit else ()
        _check_output(args.output, [*paths, *rubric_files,
                                    *(f for f in (args.rubric, args.waivers, args.baseline) if f)])
    for error in errors:
        _error(error)
    single = len(paths) == 1 and not errors
    if args.format == "html" or (single and args.format in ("rich", "md")) or args.baseline:
        return _score_cards(args, paths, bool(errors), scorer)
    # Wide CSV: one column per item of the rubric given, else of the default (latest) rubric;
    # reports scored with an older rubric fill the columns they share by item id.
    columns = [i.id for i in (scorer.chooser.explicit or scorer.chooser.bundled[0]).items]
    return _score_stream(args, paths, bool(errors), columns, setup, scorer)


def _score_cards(args: argparse.Namespace, paths: list[str], failed: bool, scorer: Scorer) -> int:
    """Whole scorecards in memory: one report on the terminal, a baseline comparison, HTML."""
    cards: list[Scorecard] = []
    for path in paths:
        try:
            cards.append(scorer.score(path))
        except FazhiError as exc:
            _error(exc.message)
            failed = True
        except Exception as exc:   # one report's failure must not lose the others
            if args.debug:
                traceback.print_exc()
            _error(failure(path, exc))
            failed = True
    comparison = None
    if args.baseline and cards:
        from .compare import compare
        comparison = compare(cards[0], scorer.score(args.baseline))
    if cards:
        with _Output(args.output, bom=False) as out:
            if args.format == "html":
                from .html_report import render_html
                out.write(render_html(cards))
            elif args.format == "rich":
                out.write(_rich(lambda console: _card_and_comparison(console, cards, comparison),
                                to_file=bool(args.output)) or "")
            elif args.format == "md":
                out.write(render_markdown(cards))
            elif args.format in ("json", "jsonl"):
                data = export_dict(cards[0])
                if comparison:
                    from .compare import to_dict as compare_dict
                    data["baseline"] = compare_dict(comparison)
                out.write_utf8(dumps(data, indent=args.format == "json") + b"\n")
            else:
                out.write(csv_header() + "".join(csv_records(c) for c in cards))
    return _exit(failed, [c.summary.score for c in cards], args.fail_under)


def _card_and_comparison(console: object, cards: list[Scorecard], comparison: Comparison | None) -> None:
    from .render import print_scorecards
    print_scorecards(console, cards)  # type: ignore[arg-type]  # console: the rich Console _rich() passes
    if comparison is not None:
        from .compare import print_comparison
        print_comparison(console, comparison)  # type: ignore[arg-type]  # the rich Console _rich() passes


def _score_stream(args: argparse.Namespace, paths: list[str], failed: bool, columns: list[str],
                  setup: Setup, scorer: Scorer) -> int:
    """Several reports: rows streamed in input order; rich/md end with the corpus summary."""
    fmt = args.format
    if fmt == "csv" and args.wide:
        from .corpus import wide_header, wide_row
    render = {"json": json_record, "jsonl": jsonl_record, "csv": None if args.wide else csv_records}.get(fmt)
    rows: list[Row] = []
    scores: list[float | None] = []
    with _Output(args.output, bom=fmt == "csv") as out, _progress(len(paths)) as advance:
        first = True
        if fmt == "json" and len(paths) != 1:
            out.write("[\n")
        for r in score_rows(paths, setup, render, args.jobs, scorer, args.debug):
            advance()
            if r.error:
                if r.detail:
                    sys.stderr.write(r.detail)
                _error(r.error)
                failed = True
                if fmt in ("rich", "md"):
                    rows.append(r)
                continue
            scores.append(r.score)
            if fmt == "csv" and first:
                out.write(wide_header(columns) if args.wide else csv_header())
            if fmt == "csv" and args.wide:
                out.write(wide_row(r, columns))
            elif fmt == "json":
                out.write("" if first else ",\n")
                out.write_utf8(r.rendered)
            elif render is not None:
                out.write_utf8(r.rendered)
            elif fmt in ("rich", "md"):
                rows.append(r)
            first = False
        if fmt == "json":
            out.write("\n]\n" if len(paths) != 1 else "\n")
        if fmt == "rich":
            from .corpus import print_corpus
            out.write(_rich(lambda console: print_corpus(console, rows), to_file=bool(args.output)) or "")
        elif fmt == "md":
            from .corpus import markdown as corpus_markdown
            out.write(corpus_markdown(rows))
    return _exit(failed, scores, args.fail_under)


def _exit(failed: bool, scores: list[float | None], fail_under: float | None) -> int:
    if failed:
        return EXIT_INPUT
    if fail_under is not None and any((s or 0) < fail_under for s in scores):
        return EXIT_BELOW_THRESHOLD
    return EXIT_OK


class _Output:
    """Standard output; or the -o file, written to a temporary file in its directory and renamed
    into place at the end (an unnamed one where the system has O_TMPFILE, so that even a run
    killed with -9 leaves nothing behind); or, for a device or a pipe, written to in place.
    A failed write is an OutputError, never a silent loss."""

    def __init__(self, target: str | None, bom: bool) -> None:
        self.name = target or "标准输出"
        self.target = Path(target) if target else None
        self.encoding = "utf-8-sig" if bom else "utf-8"   # the BOM lets spreadsheet programs read Chinese CSV
        self.tmp: str | None = None   # the named temporary file, when there is one
        self.fd = -1                  # the unnamed one, linked into place at the end

    def __enter__(self) -> _Output:
        try:
            self._open()
        except OSError as exc:
            raise OutputError(f"{self.name}: 无法写入({exc.strerror})— 请换一个输出位置") from None
        return self

    def _open(self) -> None:
        if self.target is None:
            self.stream = sys.stdout
        elif _in_place(self.target):
            self.stream = open(self.target, "w", encoding=self.encoding, newline="")
        else:
            self.target = self.target.resolve()   # through a symlink, as the shell's ">" writes
            self.fd = _unnamed_file(self.target.parent)
            if self.fd < 0:
                self.fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp",
                                                     dir=self.target.parent)
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.tmp, 0o666 & ~umask)   # an ordinary file, not mkstemp's private 0600
            self.stream = os.fdopen(os.dup(self.fd), "w", encoding=self.encoding, newline="")

    def write(self, text: str) -> None:
        with self._reported():
            self.stream.write(text)

    def write_utf8(self, data: bytes) -> None:
        """Text already encoded as UTF-8: written as is when the stream would write the same
        bytes (UTF-8, no newline translation), saving this process the decoding and encoding
        again of a batch's megabytes."""
        buffer = getattr(self.stream, "buffer", None)
        translated = self.stream is sys.stdout and os.linesep != "\n"   # our files use newline=""
        if buffer is None or translated or codecs.lookup(self.stream.encoding or "ascii").name != "utf-8":
            self.write(data.decode())
            return
        with self._reported():
            self.stream.flush()
            buffer.write(data)

    @contextlib.contextmanager
    def _reported(self) -> Iterator[None]:
        """A failed write as an OutputError (a closed pipe is main's to report)."""
        try:
            yield
        except BrokenPipeError:
            raise
        except OSError as exc:
            kept = ";目标文件未被改动" if self.fd >= 0 else ""
            raise OutputError(f"{self.name}: 写入失败({exc.strerror})— 请检查磁盘空间或输出目标{kept}") from None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.target is None:
            return   # stdout: flushed, and its errors reported, by main
        try:
            if exc_type is None:
                with self._reported():
                    self.stream.close()   # flushes: a full disk fails here
                    if self.fd >= 0 and self.tmp is None:
                        self._link()
                    if self.tmp is not None:
                        os.replace(self.tmp, self.target)
                        self.tmp = None
        finally:
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()
            if self.fd >= 0:
                os.close(self.fd)
            if self.tmp is not None:
                Path(self.tmp).unlink(missing_ok=True)

    def _link(self) -> None:
        """Give the unnamed file a name beside the destination, then rename it into place."""
        assert self.target is not None
        name = f".{self.target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        directory = os.open(self.target.parent, os.O_RDONLY)
        try:   # with a directory descriptor, os.link is linkat(…, AT_SYMLINK_FOLLOW), as this needs
            os.link(f"/proc/self/fd/{self.fd}", name, dst_dir_fd=directory)
        finally:
            os.close(directory)
        self.tmp = str(self.target.parent / name)


def _in_place(target: Path) -> bool:
    """A destination written to, never replaced: a device, a pipe, /dev/stdout (a link into
    /proc that may well resolve to a regular file), anything under /dev or /proc."""
    special = ("/dev/", "/proc/")
    return (str(target.absolute()).startswith(special) or str(target.resolve()).startswith(special)
            or (target.exists() and not target.is_file()))


def _unnamed_file(directory: Path) -> int:
    """A file in *directory* with no name yet (Linux O_TMPFILE), or -1 where there is none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return -1
    try:
        return os.open(directory, flag | os.O_WRONLY, 0o666)   # the umask applies, as to any new file
    except OSError:   # a file system without it
        return -1


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long runs, only when stderr is a terminal."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("评分中", total=total)
        yield lambda: bar.advance(task)


def _rich(draw: Callable[..., None], to_file: bool = False) -> str | None:
    """Draw on the terminal (None returned), or into plain text for a file."""
    from rich.console import Console
    if not to_file:
        with _stdout_reported():
            draw(Console())
        return None
    buffer = io.StringIO()
    draw(Console(file=buffer, width=100, color_system=None, force_terminal=False))
    return buffer.getvalue()


def _check_output(output: str, reports: Sequence[str]) -> None:
    """Fail before any work when the destination cannot be written or is an input."""
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"{output}: 是一个目录 — -o 需要文件路径")
    device = _in_place(target)   # written in place (see _Output)
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{output}: 目录 {parent} 不存在 — 请先创建")
    if not device and not os.access(parent, os.W_OK):
        raise UsageError(f"{output}: 目录 {parent} 不可写 — 请换一个输出位置")
    for r in reports:
        if r != "-" and _same_file(r, output):
            raise UsageError(f"{output}: 是本次运行要读取的文件({r})— 本工具从不覆盖输入文件,请换一个输出文件")


def _same_file(a: str, b: str) -> bool:
    """The same existing file, under any name (itself, a symlink to it, a hard link)?"""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# ---------------------------------------------------------------- rubric check|test|show

def _rubric_command(args: argparse.Namespace) -> int:
    paths = [Path(args.path)] if args.path else (
        bundled_rubrics()[:1] if args.action == "show" else bundled_rubrics())
    if args.action == "check":
        problems = []
        for path in paths:
            try:
                rubric = load_rubric(path)
                print(f"{path}: 通过 — {rubric.info.id} v{rubric.info.version},"
                      f"{len(rubric.parts)} 个部分,{len(rubric.items)} 个条目")
            except RubricError as exc:
                problems += exc.problems
        for problem in problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE if problems else EXIT_OK
    rubrics = [load_rubric(path) for path in paths]
    if args.action == "show":
        from .render import rubric_tree
        _rich(lambda console: console.print(rubric_tree(rubrics[0])))
        return EXIT_OK
    from .selftest import print_selftest, run_examples
    failed = 0
    for rubric in rubrics:
        results = run_examples(rubric)
        _rich(lambda console, r=rubric, res=results: print_selftest(console, r, res))
        failed += sum(1 for r in results if not r.passed)
    return EXIT_BELOW_THRESHOLD if failed else EXIT_OK


# ---------------------------------------------------------------- explain ITEM REPORT

def _explain(args: argparse.Namespace) -> int:
    from .explain import explain
    chooser = RubricChooser(args.rubric)
    document = read_document(args.report)
    layout = segment(document.text)
    rubric, reason = chooser.choose(layout.meta.year)
    item = next((i for i in rubric.items if i.id == args.item), None)
    if item is None:
        close = [i.id for i in rubric.items if args.item.split(".")[-1] in i.id][:5]
        hint = f" — 是否指:{', '.join(close)}" if close else " — 用 score rubric show 查看全部条目"
        raise UsageError(f"{args.item}: 评分规则 {rubric.info.id} 中没有这个条目{hint}")
    _rich(lambda console: explain(console, document, layout, rubric, reason, item))
    return EXIT_OK


# ---------------------------------------------------------------- agree GOLD...

def _agree(args: argparse.Namespace) -> int:
    from .agree import gold_files, load_gold, measure, pairs, print_agreement, to_dict
    from .match import Index
    from .suggest import near_misses
    chooser = RubricChooser(args.rubric)
    all_pairs = []
    suggestions: dict[tuple[str, str], list[str]] = {}
    for path in gold_files(args.gold):
        gold = load_gold(path, Path(args.reports))
        document = read_document(str(gold.report))
        layout = segment(document.text)
        rubric, reason = chooser.choose(layout.meta.year)
        found = pairs(gold, score_layout(document, layout, rubric, reason))
        all_pairs += found
        index, items = Index(layout, rubric.searcher), {i.id: i for i in rubric.items}
        for p in found:
            if p.gold.status != p.scored.status and not p.scored.evidence:
                already = {(e.start, e.end) for e in p.scored.mentions}
                suggestions[(p.report, p.item)] = [
                    f"第{e.line}行 {' '.join(e.text.split())[:60]}" for e, _ in
                    near_misses(index, items[p.item], already, k=2)]
    result = measure(all_pairs)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n")
    else:
        _rich(lambda console: print_agreement(console, result, suggestions))
    below = [f"{label} {value:.1%} 低于 {flag} {floor:.1%}" for label, value, flag, floor in (
        ("准确率", result.accuracy, "--min-accuracy", args.min_accuracy), ("F1", result.f1, "--min-f1", args.min_f1))
        if floor is not None and value < floor]
    for line in below:
        print(f"score agree: {line}", file=sys.stderr)
    return EXIT_BELOW_THRESHOLD if below else EXIT_OK


# ---------------------------------------------------------------- waivers check FILE

def _waivers_check(args: argparse.Namespace) -> int:
    scorer = Scorer(Setup(rubric=args.rubric, waivers=args.file))
    assert scorer.waivers is not None
    waivers = scorer.waivers
    print(f"{args.file}: 通过 — 有效豁免 {len(waivers.active)} 条,已过期 {len(waivers.expired)} 条")
    for warning in waivers.warnings():
        print(f"注意:{warning}")
    return EXIT_OK


def _error(message: str) -> None:
    """One line on stderr: a file name cannot break it or fake another (see errors.printable)."""
    print(f"score: {printable(message)}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
