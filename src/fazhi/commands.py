"""The commands behind the command line, given parsed arguments: `score REPORT...`, `score
rubric`, `score explain`, `score agree`, `score waivers check`. Each returns the exit code."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from .batch import default_jobs, expand, failure, max_jobs, score_rows
from .errors import EXIT_BELOW_THRESHOLD, EXIT_INPUT, EXIT_OK, EXIT_USAGE, FazhiError, RubricError, UsageError
from .model import Scorecard
from .output import Output, check_output, draw, report_error
from .pipeline import Pipeline, Setup
from .rubric import RUBRIC_ENV, bundled_rubrics, init_rubric, load_rubric, rubric_dir
from .writers import Options, Writer, choose


def score(args: argparse.Namespace) -> int:
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise UsageError(f"--fail-under {args.fail_under:g}: 应在 0–100 之间")
    kind = choose(args.format, args.output)
    if args.labels and args.labels not in kind.labels:
        raise UsageError(f"--labels {args.labels}: xlsx 表格总是中文表头和状态 — 需要英文代码请用 --format csv"
                         if kind.labels else
                         f"--labels 只用于 --format csv 和 xlsx — {kind.key} 格式不受它影响,请去掉此选项")
    if kind.binary and not args.output and sys.stdout.isatty():
        raise UsageError(f"{kind.key} 是二进制文件,不能显示在终端上 — 请用 -o 文件名.{kind.key} 写入文件")
    if args.wide and kind.key != "csv":
        raise UsageError(f"--wide 只用于 CSV(当前输出格式为 {kind.key})— 请加 --format csv 或用 -o 文件名.csv")
    paths, errors = expand(args.reports)
    if args.baseline and len(paths) != 1:
        raise UsageError("--baseline 只能与一份报告一起使用")
    rubric, origin = _rubric_given(args.rubric)
    setup = Setup(rubric=rubric, rubric_origin=origin, level=args.level, waivers=args.waivers, doctype=args.doctype,
                  year=args.year, issuer=args.issuer, seconds=args.timeout)
    pipeline = Pipeline(setup)   # a broken rubric or waiver file is an error before any work
    if args.output:   # every file the run reads: directories and globs expanded, `extends:` followed
        rubric_files = pipeline.chooser.explicit.info.sources if pipeline.chooser.explicit else ()
        check_output(args.output, [*paths, *rubric_files,
                                    *(f for f in (args.rubric, args.waivers, args.baseline) if f)])
    for error in errors:
        report_error(error)
    if args.jobs > max_jobs():
        report_error(f"--jobs {args.jobs} 超过上限:按 {max_jobs()} 个进程评分(CPU 核数 {default_jobs()} 的 4 倍,"
                     "最多 32;更多进程只会更慢)")
        args.jobs = max_jobs()
    writer = kind(Options(to_file=bool(args.output), wide=args.wide, columns=_columns(pipeline),
                          zh=args.labels == "zh", full=args.full))
    if writer.whole(len(paths) + len(errors), bool(args.baseline)):
        return _score_cards(args, paths, bool(errors), pipeline, writer)
    return _score_stream(args, paths, bool(errors), setup, pipeline, writer)


def _columns(pipeline: Pipeline) -> tuple[tuple[str, str], ...]:
    """(item id, title) of every item of every rubric a report may be scored with: the default
    rubric's items in its order, then the others' extra items — so the wide CSV and the workbook
    drop none of an older rubric's items."""
    columns: dict[str, str] = {}
    for rubric in pipeline.rubrics:
        for item in rubric.items:
            columns.setdefault(item.id, item.title)
    return tuple(columns.items())


def _score_cards(args: argparse.Namespace, paths: list[str], failed: bool, pipeline: Pipeline,
                 writer: Writer) -> int:
    """Whole scorecards in memory: one report on the terminal, a baseline comparison, HTML."""
    cards: list[Scorecard] = []
    for path in paths:
        try:
            cards.append(pipeline.score(path))
        except FazhiError as exc:
            report_error(exc.message)
            failed = True
        except Exception as exc:   # one report's failure must not lose the others
            if args.debug:
                traceback.print_exc()
            report_error(failure(path, exc))
            failed = True
    comparison = None
    if args.baseline and cards:
        from .compare import compare
        comparison = compare(cards[0], pipeline.score(args.baseline))
    if cards:
        with Output(args.output, bom=writer.bom) as out:
            writer.cards(out, cards, comparison)
    _unmatched_waivers(pipeline, {c.layout.meta.issuer for c in cards if c.layout.meta.issuer})
    return _exit(failed, [(c.document.path, c.summary.score) for c in cards], args.fail_under)


def _score_stream(args: argparse.Namespace, paths: list[str], failed: bool, setup: Setup, pipeline: Pipeline,
                  writer: Writer) -> int:
    """Several reports: rows streamed in input order (rich and md end with the corpus summary)."""
    scores: list[tuple[str, float | None]] = []
    issuers: set[str] = set()
    # The bar shares the terminal only with what is printed above it: errors, and rows when they
    # go elsewhere (-o, a pipe) or are held for the summary, which is printed once it is gone.
    bar = writer.holds_rows or bool(args.output) or not sys.stdout.isatty()
    with Output(args.output, bom=writer.bom) as out:
        try:
            with _progress(len(paths) if bar else 0) as advance:
                writer.header(out, len(paths))
                render = writer.render if writer.renders else None
            for r in score_rows(paths, setup, render, args.jobs, pipeline, args.debug):
                advance()
                if r.error:
                    if r.detail:
                        sys.stderr.write(r.detail)
                    report_error(r.error)
                    failed = True
                    writer.failed(r)
                    continue
                writer.row(out, r, first=not scores)
                scores.append((r.path, r.score))
                if r.issuer:
                    issuers.add(r.issuer)
            writer.footer(out, len(paths))
        except BaseException:
            writer.abandon()
            raise
    _unmatched_waivers(pipeline, issuers)
    return _exit(failed, scores, args.fail_under)


def _unmatched_waivers(pipeline: Pipeline, issuers: set[str]) -> None:
    note = pipeline.waivers.unmatched(issuers) if pipeline.waivers and issuers else None
    if note:
        report_error(note)


def _exit(failed: bool, scores: list[tuple[str, float | None]], fail_under: float | None) -> int:
    """Exit 3 when a report could not be scored; else 1, naming each report below --fail-under."""
    below = [(path, score) for path, score in scores if fail_under is not None and (score or 0) < fail_under]
    for path, score in below:
        shown = "无得分(没有适用的条目)" if score is None else f"得分 {score:g}"
        report_error(f"{path}: {shown},低于 --fail-under {fail_under:g}")
    if failed:
        return EXIT_INPUT
    return EXIT_BELOW_THRESHOLD if below else EXIT_OK


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long runs, only when stderr is a terminal; transient: it is
    erased when the block ends. Errors printed meanwhile go above it; stdout is left alone (rich
    would otherwise route it through the stderr console)."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress
    with Progress(console=Console(stderr=True), transient=True, redirect_stdout=False) as bar:
        task = bar.add_task("评分中", total=total)
        yield lambda: bar.advance(task)


def _rubric_given(option: str | None) -> tuple[str | None, str]:
    """The rubric asked for and by what: --rubric, else $FAZHI_RUBRIC (empty counts as unset)."""
    if option:
        return option, "--rubric"
    env = os.environ.get(RUBRIC_ENV)
    return (env, f"环境变量 {RUBRIC_ENV}") if env else (None, "--rubric")


def _rubric_setup(option: str | None, waivers: str | None = None) -> Setup:
    """The setup of a command that only takes a rubric (and waivers)."""
    rubric, origin = _rubric_given(option)
    return Setup(rubric=rubric, rubric_origin=origin, waivers=waivers)


# ---------------------------------------------------------------- rubric init|check|test|show

def rubric(args: argparse.Namespace) -> int:
    if args.action == "init":
        return _rubric_init(args)
    given, _ = _rubric_given(args.path)
    paths: list[str | Path] = [given] if given else list(
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
        draw(lambda console: console.print(rubric_tree(rubrics[0])))
        return EXIT_OK
    from .selftest import print_selftest, run_examples
    failed = 0
    for rubric in rubrics:
        results = run_examples(rubric)
        draw(lambda console, r=rubric, res=results: print_selftest(console, r, res, verbose=args.verbose))
        failed += sum(1 for r in results if not r.passed)
    return EXIT_BELOW_THRESHOLD if failed else EXIT_OK


def _rubric_init(args: argparse.Namespace) -> int:
    """Write the editable rubric, then say what was written and the commands that use it."""
    target = init_rubric(args.id, Path(args.dir), copy=args.copy)
    shown = shlex.quote(str(target))
    what = (f"内置规则 {args.id} 的完整副本(修改后评分卡标注“已修改”及其 sha256)" if args.copy
            else f"继承内置规则 {args.id} 的本地规则(文件内有增加、修改、删除条目的示例)")
    print(f"已写入 {target}:{what}")
    print("下一步:")
    print(f"  1. 用文本编辑器修改 {target}")
    print(f"  2. score rubric test {shown}")
    print(f"  3. score 报告.txt --rubric {shown}    (或 export {RUBRIC_ENV}={shown} 后直接 score 报告.txt)")
    guide = rubric_dir() / "README.md"
    if guide.is_file():
        print(f"编写指南:{guide}")
    return EXIT_OK


# ---------------------------------------------------------------- explain ITEM REPORT

def explain(args: argparse.Namespace) -> int:
    from .explain import explain
    if os.path.isfile(args.item) and not os.path.exists(args.report):   # `explain REPORT ITEM`
        args.item, args.report = args.report, args.item
    pipeline = Pipeline(_rubric_setup(args.rubric))
    prepared = pipeline.prepare(args.report)
    items = prepared.rubric.items
    item = next((i for i in items if i.id == args.item), None)
    if item is None:
        close = [i.id for i in items if args.item.split(".")[-1] in i.id][:5]
        hint = f" — 是否指:{', '.join(close)}" if close else " — 用 score rubric show 查看全部条目"
        raise UsageError(f"{args.item}: 评分规则 {prepared.rubric.info.id} 中没有这个条目{hint}")
    card = pipeline.score_prepared(prepared)
    draw(lambda console: explain(console, prepared, card, item))
    return EXIT_OK


# ---------------------------------------------------------------- agree GOLD...

def agree(args: argparse.Namespace) -> int:
    from .agree import gold_files, load_gold, measure, pairs, print_agreement, to_dict
    from .match import Index
    from .suggest import near_misses
    pipeline = Pipeline(_rubric_setup(args.rubric))
    all_pairs = []
    suggestions: dict[tuple[str, str], list[str]] = {}
    for path in gold_files(args.gold):
        gold = load_gold(path, Path(args.reports))
        prepared = pipeline.prepare(str(gold.report))
        found = pairs(gold, pipeline.score_prepared(prepared))
        all_pairs += found
        index, items = Index(prepared.layout, prepared.rubric.searcher), {i.id: i for i in prepared.rubric.items}
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
        draw(lambda console: print_agreement(console, result, suggestions))
    below = [f"{label} {value:.1%} 低于 {flag} {floor:.1%}" for label, value, flag, floor in (
        ("准确率", result.accuracy, "--min-accuracy", args.min_accuracy), ("F1", result.f1, "--min-f1", args.min_f1))
        if floor is not None and value < floor]
    for line in below:
        print(f"score agree: {line}", file=sys.stderr)
    return EXIT_BELOW_THRESHOLD if below else EXIT_OK


# ---------------------------------------------------------------- waivers check FILE

def waivers_check(args: argparse.Namespace) -> int:
    waivers = Pipeline(_rubric_setup(args.rubric, waivers=args.file)).waivers
    assert waivers is not None
    print(f"{args.file}: 通过 — 有效豁免 {len(waivers.active)} 条,已过期 {len(waivers.expired)} 条")
    for warning in waivers.warnings():
        print(f"注意:{warning}")
    return EXIT_OK
