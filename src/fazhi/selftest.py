"""Run every rubric item's own examples: each sentence is scored as a tiny report."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from .labels import STATUS_LABEL
from .match import Index
from .model import Status
from .rubric import Example, Item, Rubric
from .score import evaluate_item
from .search import Searcher
from .segment import segment


@dataclass(frozen=True)
class ExampleResult:
    item: str
    example: Example
    actual: Status

    @property
    def passed(self) -> bool:
        return self.actual == self.example.expect


def check_example(item: Item, example: Example) -> ExampleResult:
    result = evaluate_item(Index(segment(example.text), Searcher((item,))), item)
    return ExampleResult(item.id, example, result.status)


def run_examples(rubric: Rubric) -> list[ExampleResult]:
    return [check_example(item, ex) for item in rubric.items for ex in item.examples]


def print_selftest(console: Console, rubric: Rubric, results: list[ExampleResult], verbose: bool = False) -> None:
    """Each failed example with its file:line (with *verbose*, every item and example), the items
    lacking an example kind, and a closing summary line."""
    failed = [r for r in results if not r.passed]
    by_item: dict[str, list[ExampleResult]] = {}
    for r in results:
        by_item.setdefault(r.item, []).append(r)
    for item in rubric.items:
        mine = by_item.get(item.id, [])
        ok = sum(r.passed for r in mine)
        if ok == len(mine) and not verbose:
            continue
        mark = "✓" if ok == len(mine) else "✗"
        console.print(Text(f"{mark} {item.id}  {ok}/{len(mine)}", style="green" if mark == "✓" else "red"))
        for r in mine:
            if r.passed and not verbose:
                continue
            line = Text(f"   {'✓' if r.passed else '✗'} 期望{STATUS_LABEL[r.example.expect]}")
            if not r.passed:
                line.append(f",实际{STATUS_LABEL[r.actual]}({item.file}:{r.example.line})", style="red")
            line.append(":" + r.example.text.replace("\n", " / "))
            # A pass is cut to one line; a failure is shown whole, unwrapped, so its file:line
            # stays intact for editors and grep whatever the terminal width.
            if r.passed:
                console.print(line, overflow="ellipsis", no_wrap=True)
            else:
                console.print(line, soft_wrap=True)
    for label, kinds in (("缺少正例(覆盖/部分)的条目", {Status.COVERED, Status.PARTIAL}),
                         ("缺少反例(缺失)的条目", {Status.MISSING})):
        lacking = [i.id for i in rubric.items if not any(x.expect in kinds for x in i.examples)]
        if lacking:
            console.print(Text(f"{label}:{', '.join(lacking)}", style="yellow"))
    console.print(Text(f"{rubric.info.id} v{rubric.info.version}{rubric.info.modified_note}({rubric.info.path}):"
                       f"{len(results)} 个示例,{len(results) - len(failed)} 通过,{len(failed)} 失败"
                       + ("" if failed or verbose else "(加 -v 列出每个示例)"),
                       style="bold red" if failed else "bold green"), soft_wrap=True)
