"""Command line: parse `score REPORT...`, `score rubric check|test|show`, `score explain`,
`score agree`, `score waivers check`, run the command (commands.py) and turn every failure into
one line and an exit code. Only this layer (with commands.py and output.py) prints or exits."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from . import __version__, commands
from .batch import default_jobs, max_jobs
from .doctype import KINDS
from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, FazhiError, OutputError, RubricError
from .formats import SUFFIXES
from .level import LEVELS
from .limits import MAX_SECONDS
from .output import flush_stdout, report_error, silence_stdout
from .parsing import Parser, guess
from .writers import WRITERS

EPILOG = """子命令:
  score rubric init [ID] [DIR] 写出可编辑的评分规则(继承内置规则;--copy 为完整副本)
  score rubric check [PATH]   检查评分规则(格式、重复 id、未知字段、正则、继承循环)
  score rubric test [PATH]    运行评分规则自带的正反例(默认只列失败;-v 列出全部)
  score rubric show [PATH]    以树形列出评分规则
  score explain ITEM REPORT   解释某一条目在某份报告中的判定过程
  score agree GOLD...         与人工标注比较:准确率、κ、混淆矩阵和每一处分歧
  score waivers check FILE    检查豁免文件(字段、条目 id、有效期),错误带行号

退出码:0 已评分;1 低于 --fail-under(rubric test:有示例未通过);2 用法或评分规则错误;
3 有报告无法读取或评分(其余报告照常评分);70 内部错误;74 输出无法写入(磁盘已满、管道已关闭);
130 被中断。"""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="score", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="法治政府建设年度报告合规评分:逐项列出报告覆盖了哪些要求、证据在哪一行、缺了什么。")
    parser.add_argument("reports", nargs="+", metavar="REPORT",
                        help=f"报告文件、目录(递归查找 {'/'.join(SUFFIXES)})或通配符;- 表示标准输入")
    _rubric_option(parser, "评分规则 YAML 文件(默认:按报告年度自动选用内置规则)")
    parser.add_argument("--format", choices=tuple(WRITERS),
                        help="输出格式(默认:按 -o 文件的扩展名 .json/.jsonl/.csv/.md/.html,否则 rich 终端表格)")
    parser.add_argument("-o", "--output", metavar="FILE", help="写入文件(原子写入)而不是标准输出")
    parser.add_argument("--fail-under", type=float, metavar="N",
                        help="任一报告加权总分低于 N 时退出码为 1(用于 CI)")
    parser.add_argument("--baseline", metavar="OLD", help="与上一年度(或上一稿)报告比较")
    parser.add_argument("--wide", action="store_true", help="CSV 宽表:每份报告一行,每个条目一列")
    parser.add_argument("--labels", choices=("en", "zh"),
                        help="CSV 表头和取值的语言:en 英文代码(默认,便于程序读取)、zh 中文(xlsx 总是中文)")
    parser.add_argument("--all", action="store_true", dest="full",
                        help="终端评分卡列出全部内容:完整表头、报告结构、逐项结果表和完整的检索词")
    parser.add_argument("--jobs", type=_jobs, default=default_jobs(), metavar="N",
                        help=f"并行评分的进程数(默认:CPU 核数;至少 1,最多 {max_jobs()})")
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


def _jobs(value: str) -> int:
    if not (value.isdigit() and int(value) >= 1):
        raise argparse.ArgumentTypeError(f"“{value}”不是进程数:请写不小于 1 的整数,如 {default_jobs()}")
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
    parser = Parser(prog="score rubric", description="写出、检查、测试、查看评分规则。")
    sub = parser.add_subparsers(dest="action", required=True, metavar="{init,check,test,show}")
    text = ("写出一份可编辑的评分规则 DIR/ID-local.yaml:继承内置规则 ID,只写本地的增加、修改、删除"
            "(内置规则升级后照常生效)")
    p = sub.add_parser("init", help=text, description=text)
    p.add_argument("id", nargs="?", default="fazhi-2021", metavar="ID", help="内置规则的 id(默认 fazhi-2021)")
    p.add_argument("dir", nargs="?", default=".", metavar="DIR", help="写入的目录(默认当前目录;不存在则创建)")
    p.add_argument("--copy", action="store_true",
                   help="改为写出内置规则的完整副本 DIR/ID.yaml(修改后评分卡标注“已修改”)")
    _common(p)
    for name, text in (("check", "检查评分规则:格式、重复 id、未知字段、无法编译的正则、继承循环"),
                       ("test", "运行每个条目自带的正反例,列出失败的示例(文件:行号)和汇总;有失败时退出码为 1"),
                       ("show", "以树形列出部分、条目、权重和依据")):
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("path", nargs="?", metavar="PATH",
                       help="评分规则文件或内置规则 id(默认:环境变量 FAZHI_RUBRIC;"
                            "未设置时为全部内置规则,show 为默认规则)")
        if name == "test":
            p.add_argument("-v", "--verbose", action="store_true", help="列出每个条目和每个示例,包括通过的")
        _common(p)
    return parser


def build_explain_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="score explain",
                                     description="解释某一条目在某份报告中的判定:检索了什么、每处命中及其作用、为何得出该状态。")
    parser.add_argument("item", metavar="ITEM", help="条目 id,例如 enforcement.three_systems")
    parser.add_argument("report", metavar="REPORT", help="报告文件;- 表示标准输入")
    _rubric_option(parser, "评分规则 YAML 文件(默认:按报告年度自动选用)")
    _common(parser)
    return parser


def build_agree_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="score agree",
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
    parser = Parser(prog="score waivers", description="检查豁免文件。")
    sub = parser.add_subparsers(dest="action", required=True, metavar="{check}")
    p = sub.add_parser("check", help="检查豁免文件:字段、条目 id、有效期;错误带文件和行号")
    p.add_argument("file", metavar="FILE", help="豁免文件(YAML)")
    _rubric_option(p, "评分规则(默认:全部内置规则的条目)")
    _common(p)
    return parser


def _rubric_option(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--rubric", metavar="PATH", help=f"{text};也可写内置规则 id,或用环境变量 FAZHI_RUBRIC 指定")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的 traceback")
    parser.add_argument("--version", action="version", version=f"fazhi-score {__version__}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command: Callable[[argparse.Namespace], int]
    if argv[:1] == ["rubric"]:
        args, command = build_rubric_parser().parse_args(argv[1:]), commands.rubric
    elif argv[:1] == ["explain"]:
        args, command = build_explain_parser().parse_args(argv[1:]), commands.explain
    elif argv[:1] == ["agree"]:
        args, command = build_agree_parser().parse_args(argv[1:]), commands.agree
    elif argv[:1] == ["waivers"]:
        args, command = build_waivers_parser().parse_args(argv[1:]), commands.waivers_check
    else:
        _not_a_command(argv[:1])
        args, command = build_parser().parse_args(argv), commands.score
    _terminate_on_signals()
    try:
        code = command(args)
        flush_stdout()
        return code
    except BrokenPipeError:
        silence_stdout()
        report_error("标准输出已被关闭(例如管道另一端的 head 已退出)— 其余输出未写出")
        return OutputError.exit_code
    except RubricError as exc:
        for problem in exc.problems:
            report_error(str(problem))
        return exc.exit_code
    except FazhiError as exc:
        report_error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        report_error("已中断(未写完的输出文件已删除)" if getattr(args, "output", None) else "已中断")
        return EXIT_INTERRUPTED
    except Exception:  # the one place that turns an unexpected failure into a message
        if args.debug:
            traceback.print_exc()
        else:
            report_error("内部错误,非常抱歉 — 请加 --debug 重新运行并把输出报告给维护者")
        return EXIT_INTERNAL


COMMANDS = ("rubric", "explain", "agree", "waivers")


def _not_a_command(first: list[str]) -> None:
    """`score explian …`: a first word that is no file and looks like a command is a typo, not
    a report that is missing (exit 2 with the command it resembles)."""
    word = first[0] if first else ""
    if not word or word.startswith("-") or os.path.exists(word) or any(c in word for c in "*?[/\\."):
        return
    hint = guess(word, COMMANDS)
    if hint:
        report_error(f"“{word}”不是命令,也不是文件{hint} — 命令有:{'、'.join(COMMANDS)};score -h 查看用法")
        raise SystemExit(2)


def _terminate_on_signals() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: the temporary output file is removed and
    the workers are stopped (the default action would kill this process and leave both)."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
