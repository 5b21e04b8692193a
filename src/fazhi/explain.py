"""`score explain ITEM REPORT`: what was searched, every hit with its line and role, and why."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .labels import ROLE_LABEL, STATUS_LABEL, STATUS_MARK
from .match import Found, Index
from .model import Document, Evidence, ItemResult, Scorecard, Status
from .pipeline import Prepared
from .rubric import Item
from .rules import Rule
from .suggest import near_misses


def rationale(item: Item, result: ItemResult) -> str:
    """Why the status came out as it did, in one or two reviewer sentences."""
    found = sum(e.found for e in result.elements)
    need = item.covered_min
    roles = Counter(ROLE_LABEL[m.role] for m in result.mentions)
    mentioned = ",".join(f"{r} {n} 处" for r, n in roles.items())
    if result.status == Status.NOT_APPLICABLE:
        return (result.note or "报告中缺少判断所需的信息(如报告年度或发布日期)") + ";该条目不计入得分。"
    if result.status == Status.WAIVED:
        return f"{result.note};该条目不计入得分。"
    if result.status == Status.COVERED:
        if result.elements and found >= need and not any(e.rule == "match" for e in result.evidence):
            return f"找到 {found}/{len(result.elements)} 个要素,达到覆盖所需的 {need} 个 → 覆盖。"
        return f"在计分部分(举措成效等)有 {len(result.evidence)} 处证据 → 覆盖。"
    if result.status == Status.PARTIAL:
        if found:
            missing = "、".join(e.name for e in result.elements if not e.found)
            return f"只找到 {found}/{len(result.elements)} 个要素(覆盖需 {need} 个),缺:{missing} → 部分。"
        return "只命中“部分”规则(如只笼统提到法定程序)→ 部分。"
    if result.mentions:
        return f"计分部分没有证据;只在不计分的位置提及({mentioned})→ 缺失。"
    return "全文没有任何命中 → 缺失。"


def explain(console: Console, prepared: Prepared, card: Scorecard, item: Item) -> None:
    """How *item* was judged on the report: each rule's hits, then the verdict as on *card*
    (level applicability and waivers included)."""
    document, layout, rubric, reason = prepared.document, prepared.layout, prepared.rubric, prepared.reason
    index = Index(layout, rubric.searcher)
    result = next(r for r in card.items if r.item.id == item.id)
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    head.add_row("条目", f"{item.title}  [{item.id}]")
    head.add_row("要求", item.requirement)
    head.add_row("依据", item.source)
    head.add_row("权重", f"{item.weight:g}  严重程度 {item.severity}")
    head.add_row("评分规则", f"{rubric.info.id} v{rubric.info.version}({reason})")
    head.add_row("报告", f"{document.path}  {layout.meta.title or ''}  报告年度 {layout.meta.year or '未识别'}")
    console.print(head)
    console.print()
    for label, rule in _rules(item):
        _print_rule(console, document, label, rule, rule.find(index, label))
    status = Text(f"{STATUS_MARK[result.status]} {STATUS_LABEL[result.status]}", style="bold")
    console.print(Text("结论:") + status + Text("  " + rationale(item, result)))
    if result.status in (Status.MISSING, Status.PARTIAL):
        print_suggestions(console, document, index, item, result)


def print_suggestions(console: Console, document: Document, index: Index, item: Item,
                      result: ItemResult) -> None:
    """Near misses: sentences most like the item's terms and examples (never change the status)."""
    already = {(e.start, e.end) for e in result.evidence + result.mentions}
    found = near_misses(index, item, already)
    if not found:
        return
    console.print(Text("相近的句子(仅供参考,不改变判定;如确属该要求,可在规则中补充别名或示例):", style="bold"))
    for e, score in found:
        console.print(Text(f"  第{e.line}行[{ROLE_LABEL[e.role]}·相似度{score}]", style="dim")
                      + _highlight(document, e), overflow="fold")


def _rules(item: Item) -> list[tuple[str, Rule]]:
    rules = [("match(整体)", item.match)] if item.match else []
    rules += [(f"要素:{e.name}", e.rule) for e in item.elements]
    rules += [("partial(部分)", item.partial)] if item.partial else []
    return rules


def _print_rule(console: Console, document: Document, label: str, rule: Rule, found: Found) -> None:
    console.print(Text(f"▸ {label}", style="bold cyan"))
    console.print(Text("  检索:" + "、".join(rule.describe(full=True)).replace(" ", ""), style="dim"), overflow="fold")
    if found.undecidable:
        console.print("  报告中没有可供判断的发布日期或报告年度。")
    rows = [(e, "计入") for e in found.evidence] + [(e, "不计入") for e in found.mentions] + [
        (e, "被 exclude 排除") for e in found.excluded]
    if not rows:
        console.print("  (无命中)")
    for e, verdict in sorted(rows, key=lambda r: r[0].start):
        style = "green" if verdict == "计入" else "magenta"
        # No spaces after the indent: rich wraps at spaces, and a CJK sentence is one long "word".
        line = Text(f"  第{e.line}行", style="dim") + Text(f"[{verdict}·{ROLE_LABEL[e.role]}]", style=style)
        console.print(line + _highlight(document, e), overflow="fold")
    console.print()


def _highlight(document: Document, e: Evidence) -> Text:
    text = Text(document.text[e.start:e.end].replace("\n", " "))
    for a, b in e.hits:
        text.stylize("bold yellow", a - e.start, b - e.start)
    return text
