"""`score agree GOLD...`: how well the scorer agrees with careful human reviewers.

A gold file (tests/gold/*.yaml) holds one reviewer's reading of one report: for each item its
status, the shortest verbatim quote and, for a mere mention, its role. The scorer scores the
same report and the two are compared: accuracy overall and per item, precision/recall/F1 of
"covered or partial", Cohen's κ over the three statuses, a confusion matrix, and every
disagreement with the gold quote beside the scorer's evidence. A gold file is checked against
schemas/gold.schema.json, each problem reported at its `file:line:col`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import EXIT_INPUT, InputError, RubricError
from .labels import ROLE_LABEL, STATUS_LABEL
from .model import ItemResult, Scorecard, Status
from .yamlmarks import Wording, at_path, dates_as_text, parse_with_marks, shown, validate_schema

if TYPE_CHECKING:
    import jsonschema

STATUSES = (Status.COVERED, Status.PARTIAL, Status.MISSING)


@dataclass(frozen=True)
class GoldItem:
    status: Status
    line: int | None
    quote: str | None
    role: str | None
    note: str | None


@dataclass(frozen=True)
class Gold:
    path: str
    report: Path
    items: dict[str, GoldItem]


@dataclass(frozen=True)
class Pair:
    report: str
    item: str
    gold: GoldItem
    scored: ItemResult


class GoldError(RubricError):
    """A gold file is broken: each problem on a line of its own, `file:line:col: [item:] message`
    (as for a rubric), with the exit code of bad input that a gold file has always had."""

    exit_code = EXIT_INPUT


GOLD_WORDING = Wording(
    empty="人工标注文件为空",
    plain_only="人工标注文件只允许普通的文字、数字、列表和映射",
    no_alias="请把内容直接写出",
    not_a_map="人工标注文件",
)


def load_gold(path: Path, reports_dir: Path | None) -> Gold:
    """Read one gold file, checked against its schema; the report is looked up beside it, then
    in *reports_dir*."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: 无法读取人工标注文件({exc.__class__.__name__})— 请检查文件") from None
    try:
        data, marks = parse_with_marks(name, text, GOLD_WORDING)
    except RubricError as exc:
        raise GoldError(exc.problems) from None
    # jsonschema gives one `required` error per missing field, and _explain names them all: once each.
    problems = list(dict.fromkeys(validate_schema(name, dates_as_text(data), marks, _schema(), wording=GOLD_WORDING,
                                                  explain=_explain, item_of=_item_of)))
    if problems:
        raise GoldError(problems)
    candidates = [path.parent / data["report"], Path(data["report"])]
    if reports_dir is not None:
        candidates.append(reports_dir / data["report"])
    report = next((c for c in candidates if c.is_file()), None)
    if report is None:
        raise GoldError([at_path(name, marks, ("report",), None,
                                 f"找不到报告 {data['report']} — 请用 --reports 指定报告所在目录")])
    items = {item_id: GoldItem(Status(value["status"]), value.get("line"), value.get("quote"),
                               value.get("role"), value.get("note"))
             for item_id, value in data["items"].items()}
    return Gold(name, report, items)


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    with open(Path(__file__).parent / "schemas" / "gold.schema.json", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


def _explain(error: jsonschema.ValidationError) -> str | None:
    """A gold file's own words for a missing field and a malformed item id."""
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [key for key in cast(list[str], error.validator_value) if key not in error.instance]
        # A field needed because of another one: the `then` says why (gold.schema.json).
        why = cast(dict[str, Any], error.schema).get("description") if "then" in error.relative_schema_path else None
        return f"缺少必填字段 {', '.join(missing)}" + (f" — {why}" if why else "")
    if "propertyNames" in error.relative_schema_path:
        return f"条目 id {shown(error.instance)} 格式不符 — 应为 部分.名称(小写字母、数字、下划线),如 leadership.shufa"
    if error.validator == "minProperties" and tuple(error.absolute_path) == ("items",):
        return "items 中没有任何条目 — 请至少标注一个条目"
    return None


def _item_of(data: Any, path: tuple[Any, ...]) -> str | None:
    """The item id a problem inside `items` belongs to."""
    return str(path[1]) if len(path) >= 2 and path[0] == "items" else None


def gold_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.yaml")))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: 不存在 — 请给出人工标注文件或其所在目录")
    if not out:
        raise InputError(f"{' '.join(paths)}: 没有找到人工标注文件(*.yaml)")
    return out


def pairs(gold: Gold, card: Scorecard) -> list[Pair]:
    by_id = {r.item.id: r for r in card.items}
    return [Pair(gold.report.name, item_id, g, by_id[item_id]) for item_id, g in gold.items.items()
            if item_id in by_id and by_id[item_id].status in STATUSES]


@dataclass(frozen=True)
class Agreement:
    n: int
    accuracy: float
    precision: float
    recall: float
    f1: float
    kappa: float
    confusion: dict[str, dict[str, int]]   # gold status → scorer status → count
    per_item: dict[str, tuple[int, int]]   # item → (agreeing, total)
    disagreements: list[Pair]


def measure(all_pairs: list[Pair]) -> Agreement:
    n = len(all_pairs)
    agree = [p for p in all_pairs if p.gold.status == p.scored.status]
    confusion = {g.value: {s.value: 0 for s in STATUSES} for g in STATUSES}
    for p in all_pairs:
        confusion[p.gold.status.value][p.scored.status.value] += 1
    positive = {Status.COVERED, Status.PARTIAL}
    tp = sum(1 for p in all_pairs if p.gold.status in positive and p.scored.status in positive)
    fp = sum(1 for p in all_pairs if p.gold.status not in positive and p.scored.status in positive)
    fn = sum(1 for p in all_pairs if p.gold.status in positive and p.scored.status not in positive)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_item: dict[str, list[int]] = {}
    for p in all_pairs:
        counts = per_item.setdefault(p.item, [0, 0])
        counts[0] += p.gold.status == p.scored.status
        counts[1] += 1
    return Agreement(
        n=n, accuracy=len(agree) / n if n else 0.0, precision=precision, recall=recall, f1=f1,
        kappa=_kappa(all_pairs), confusion=confusion,
        per_item={k: (v[0], v[1]) for k, v in per_item.items()},
        disagreements=[p for p in all_pairs if p.gold.status != p.scored.status])


def _kappa(all_pairs: list[Pair]) -> float:
    """Cohen's κ over the three statuses."""
    n = len(all_pairs)
    if not n:
        return 0.0
    observed = sum(p.gold.status == p.scored.status for p in all_pairs) / n
    gold = Counter(p.gold.status for p in all_pairs)
    scored = Counter(p.scored.status for p in all_pairs)
    expected = sum(gold[s] * scored[s] for s in STATUSES) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def to_dict(result: Agreement) -> dict[str, Any]:
    return {
        "n": result.n, "accuracy": round(result.accuracy, 4), "precision": round(result.precision, 4),
        "recall": round(result.recall, 4), "f1": round(result.f1, 4), "kappa": round(result.kappa, 4),
        "confusion": result.confusion,
        "per_item": {k: {"agree": a, "total": t} for k, (a, t) in sorted(result.per_item.items())},
        "disagreements": [{
            "report": p.report, "item": p.item, "gold": p.gold.status.value, "scorer": p.scored.status.value,
            "gold_line": p.gold.line, "gold_quote": p.gold.quote, "gold_role": p.gold.role,
            "scorer_evidence": [{"line": e.line, "text": e.text, "role": e.role.value}
                                for e in (p.scored.evidence or p.scored.mentions)[:2]],
        } for p in result.disagreements],
    }


def print_agreement(console: Console, result: Agreement, suggestions: dict[tuple[str, str], list[str]]) -> None:
    """The agreement table, the confusion matrix and every disagreement."""
    console.print(Text(f"与人工标注的一致性(共 {result.n} 个判断)", style="bold"))
    head = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("准确率", "κ", "精确率", "召回率", "F1"):
        head.add_column(name, justify="right")
    head.add_row(f"{result.accuracy:.1%}", f"{result.kappa:.3f}", f"{result.precision:.1%}",
                 f"{result.recall:.1%}", f"{result.f1:.3f}")
    console.print(head)
    console.print(Text("精确率/召回率/F1 以“覆盖或部分”为正类。", style="dim"))
    console.print(Text("混淆矩阵(行:人工标注,列:评分工具)", style="bold"))
    matrix = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    matrix.add_column("")
    for s in STATUSES:
        matrix.add_column(STATUS_LABEL[s], justify="right")
    for g in STATUSES:
        matrix.add_row(STATUS_LABEL[g], *(str(result.confusion[g.value][s.value]) for s in STATUSES))
    console.print(matrix)
    items = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    items.add_column("条目")
    items.add_column("一致", justify="right")
    for item_id, (agreeing, total) in sorted(result.per_item.items()):
        if agreeing < total:
            items.add_row(item_id, f"{agreeing}/{total}")
    if items.rows:
        console.print(Text("逐项一致性(只列有分歧的条目)", style="bold"))
        console.print(items)
    if not result.disagreements:
        console.print(Text("没有分歧。", style="green"))
        return
    console.print(Text(f"分歧({len(result.disagreements)} 处)", style="bold"))
    for p in result.disagreements:
        console.print(Text(f"• {p.report} {p.item}:人工 {STATUS_LABEL[p.gold.status]},"
                           f"评分工具 {STATUS_LABEL[p.scored.status]}", style="yellow"))
        if p.gold.quote:
            role = f"[{p.gold.role}]" if p.gold.role else ""
            console.print(Text(f"    人工依据 第{p.gold.line}行{role}:{p.gold.quote}"), overflow="fold")
        if p.gold.note:
            console.print(Text(f"    人工备注:{p.gold.note}", style="dim"), overflow="fold")
        shown = (p.scored.evidence or p.scored.mentions)[:1]
        for e in shown:
            console.print(Text(f"    工具依据 第{e.line}行[{ROLE_LABEL[e.role]}]:{_clip(e.text)}"), overflow="fold")
        for text in suggestions.get((p.report, p.item), []):
            console.print(Text(f"    相近句子(建议):{text}", style="dim"), overflow="fold")


def _clip(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"
