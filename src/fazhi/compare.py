"""Year over year: what a new report covers that the old one did not, what it dropped, and how
much of it repeats the old one word for word (copied reports are a known problem)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from .labels import STATUS_LABEL
from .model import STATUS_SCORE, Scorecard, Status

_MIN_PARAGRAPH = 20   # characters: shorter lines (headings, dates) are not counted as copied
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Change:
    item: str
    title: str
    old: Status
    new: Status


@dataclass(frozen=True)
class Comparison:
    baseline: str
    score_change: float | None
    gained: tuple[Change, ...]      # status went up (e.g. missing → covered)
    dropped: tuple[Change, ...]     # status went down
    unchanged: int
    repeated_paragraphs: int
    paragraphs: int
    warnings: tuple[str, ...] = ()   # why the two may not be comparable (other issuer, other rubric)

    @property
    def repeated_share(self) -> float:
        return self.repeated_paragraphs / self.paragraphs if self.paragraphs else 0.0


def compare(new: Scorecard, old: Scorecard) -> Comparison:
    old_items = {r.item.id: r for r in old.items}
    gained, dropped, unchanged = [], [], 0
    for r in new.items:
        before = old_items.get(r.item.id)
        if before is None or before.status not in STATUS_SCORE or r.status not in STATUS_SCORE:
            continue
        delta = STATUS_SCORE[r.status] - STATUS_SCORE[before.status]
        change = Change(r.item.id, r.item.title, before.status, r.status)
        if delta > 0:
            gained.append(change)
        elif delta < 0:
            dropped.append(change)
        else:
            unchanged += 1
    new_paragraphs = _paragraphs(new)
    old_paragraphs = set(_paragraphs(old))
    repeated = sum(1 for p in new_paragraphs if p in old_paragraphs)
    change_score = (round(new.summary.score - old.summary.score, 1)
                    if new.summary.score is not None and old.summary.score is not None else None)
    return Comparison(old.document.path, change_score, tuple(gained), tuple(dropped), unchanged, repeated,
                      len(new_paragraphs), _doubts(new, old))


def _doubts(new: Scorecard, old: Scorecard) -> tuple[str, ...]:
    """What makes the comparison questionable: a year-over-year comparison means one issuer's
    reports scored against one rubric; anything else changes the score for other reasons."""
    doubts = []
    a, b = new.layout.meta.issuer, old.layout.meta.issuer
    if a and b and a != b:
        doubts.append(f"两份报告的发布单位不同(本报告:{a};对比报告:{b})— 比较结果仅供参考")
    elif not (a and b):
        doubts.append("未能识别两份报告的发布单位,无法确认是同一单位的报告")
    if new.rubric.id != old.rubric.id:
        doubts.append(f"两份报告按不同的评分规则评分(本报告:{new.rubric.id};对比报告:{old.rubric.id})"
                      "— 得分变化部分来自规则不同;可用 --rubric 指定同一规则")
    if new.document.sha256 == old.document.sha256:
        doubts.append("两份文件内容完全相同 — 请检查 --baseline 是否选对了文件")
    return tuple(doubts)


def _paragraphs(card: Scorecard) -> list[str]:
    text = card.layout.text
    out = []
    for p in card.layout.paragraphs:
        body = _SPACE.sub("", text[p.start:p.end])
        if len(body) >= _MIN_PARAGRAPH:
            out.append(body)
    return out


def to_dict(c: Comparison) -> dict[str, Any]:
    def changes(items: tuple[Change, ...]) -> list[dict[str, str]]:
        return [{"id": x.item, "title": x.title, "old": x.old.value, "new": x.new.value} for x in items]
    return {"path": c.baseline, "score_change": c.score_change, "gained": changes(c.gained),
            "dropped": changes(c.dropped), "unchanged": c.unchanged,
            "repeated_paragraphs": c.repeated_paragraphs, "paragraphs": c.paragraphs,
            "repeated_share": round(c.repeated_share, 3), "warnings": list(c.warnings)}


def print_comparison(console: Console, c: Comparison) -> None:
    change = "—" if c.score_change is None else f"{c.score_change:+.1f}"
    console.print(Text(f"与上一份报告比较({c.baseline}):加权得分变化 {change}", style="bold"))
    for warning in c.warnings:
        console.print(Text(f"注意:{warning}", style="bold yellow"))
    for label, items, style in (("新覆盖", c.gained, "green"), ("不再覆盖", c.dropped, "red")):
        console.print(Text(f"{label}({len(items)} 项)", style=style))
        for x in items:
            console.print(f"  {x.title}({x.item}):{STATUS_LABEL[x.old]} → {STATUS_LABEL[x.new]}")
    console.print(f"未变化 {c.unchanged} 项")
    console.print(Text(f"与上一份报告逐字相同的段落:{c.repeated_paragraphs}/{c.paragraphs}"
                       f"({c.repeated_share:.0%})", style="yellow" if c.repeated_share >= 0.3 else ""))
