"""The corpus summary: one row per report, the requirements most often missing, and a
reports × parts matrix — from light Rows, so it works for thousands of reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .batch import Row
from .doctype import KINDS
from .labels import STATUS_LABEL
from .level import LEVEL_LABEL
from .model import Status
from .render import wrap

_MOST_MISSING = 15


@dataclass(frozen=True)
class Missing:
    item: str
    title: str
    reports: int
    covered: int   # covered or partial

    @property
    def rate(self) -> float:
        return self.covered / self.reports if self.reports else 0.0


def most_missing(rows: Sequence[Row], limit: int = _MOST_MISSING) -> list[Missing]:
    """Items with the lowest coverage rate (covered or partial) across the scored reports."""
    seen: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    for r in rows:
        for item, title, status in r.statuses:
            if status == "not_applicable":
                continue
            counts = seen.setdefault(item, [0, 0])
            counts[0] += 1
            counts[1] += status in ("covered", "partial")
            titles[item] = title
    found = [Missing(i, titles[i], n, c) for i, (n, c) in seen.items()]
    return sorted(found, key=lambda m: (m.rate, -m.reports, m.item))[:limit]


_LEVEL_ORDER = ("province", "city", "county", "town", "department", None)


def by_level(rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """Reports grouped by level (unreadable ones last), each group ranked by score."""
    groups: dict[str | None, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.level if r.error is None else "error", []).append(r)
    out = []
    for level in (*_LEVEL_ORDER, "error"):
        group = groups.get(level)
        if group:
            label = "无法评分" if level == "error" else LEVEL_LABEL.get(level or "", "层级未识别")
            out.append((f"{label}({len(group)} 份)", sorted(group, key=lambda r: -(r.score or 0))))
    return out


def worst_part(r: Row) -> str:
    scored = [(score, title) for _, title, score in r.parts if score is not None]
    return min(scored)[1] if scored else "—"


def label(r: Row) -> str:
    """A report's row label: its issuer and year; the file name when the issuer is unknown."""
    who = r.issuer or Path(r.path).name
    return f"{who} {r.year}" if r.year else who


def ranks(group: Sequence[Row]) -> list[str]:
    """Ranks by score within a group already sorted by score, ties sharing one ("1, 2, 2, 4")."""
    out: list[str] = []
    for n, r in enumerate(group):
        if r.error is not None:
            out.append("—")
        elif n and group[n - 1].error is None and group[n - 1].score == r.score:
            out.append(out[-1])
        else:
            out.append(str(n + 1))
    return out


_LABEL_MAX = 30   # cells: a row label is never wrapped (a long file name ends in "…")


def print_corpus(console: Console, rows: Sequence[Row]) -> None:
    ok = [r for r in rows if r.error is None]
    console.print(Text(f"共 {len(rows)} 份报告,已评分 {len(ok)} 份,无法评分 {len(rows) - len(ok)} 份", style="bold"))
    console.print(Text("按层级分组、组内按得分排名;“不适/豁”为不适用与豁免的条目数(不计入得分分母)", style="dim"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("名次", justify="right", no_wrap=True)
    table.add_column("发布单位 · 年度", no_wrap=True, overflow="ellipsis", max_width=_LABEL_MAX)
    for name in ("得分", "覆/部/缺", "不适/豁"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("最弱板块", overflow="fold")
    for level, group in by_level(rows):
        table.add_row("", Text(level, style="bold"), "", "", "", "")
        for rank, r in zip(ranks(group), group, strict=True):
            if r.error:
                table.add_row(rank, Path(r.path).name, Text("无法评分", style="red"), "", "",
                              Text(r.error, style="red"))
            else:
                c = r.counts
                table.add_row(rank, label(r), _score(r), f"{c.covered}/{c.partial}/{c.missing}",
                              f"{c.not_applicable}/{c.waived}", worst_part(r))
    console.print(table)
    if note := _not_reports(rows):
        console.print(Text(note, style="yellow"), overflow="fold")
    ok = reports(ok)
    if not ok:
        return
    console.print(Text("最常缺失的要求(覆盖率 = 覆盖或部分覆盖的报告占比)", style="bold"))
    missing = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    missing.add_column("要求", overflow="fold")
    missing.add_column("覆盖率", justify="right")
    missing.add_column("报告数", justify="right")
    for m in most_missing(ok):
        # a space before the id: a narrow column breaks there rather than inside the id
        missing.add_row(Text(m.title) + Text(f" {m.item}", style="dim"), f"{m.rate:.0%}", f"{m.covered}/{m.reports}")
    console.print(missing)
    for rubric, group, parts in _matrices(ok):
        console.print(Text(f"各板块得分(报告 × 板块,评分规则 {rubric})", style="bold"))
        labels = [label(r) for r in group]
        label_cells = min(_LABEL_MAX, max(cell_len(x) for x in labels))
        # Every part's full name, broken over lines in its narrow column: one line per report
        width = max(4, min(8, (console.width - label_cells) // max(1, len(parts)) - 1))
        width -= width % 2
        # no padding: the box's column divider is the one space between columns
        matrix = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 0))
        matrix.add_column("发布单位 · 年度", no_wrap=True, overflow="ellipsis", max_width=_LABEL_MAX)
        for _, title in parts:
            matrix.add_column(wrap(Text(title), width, 0), justify="right", no_wrap=True, width=width)
        for name, r in zip(labels, group, strict=True):
            scores = {pid: score for pid, _, score in r.parts}
            matrix.add_row(name, *(_cell(scores.get(pid)) for pid, _ in parts))
        console.print(matrix)
        console.print()


def _matrices(rows: Sequence[Row]) -> list[tuple[str, list[Row], list[tuple[str, str]]]]:
    """One reports × parts matrix per rubric (rubrics differ in their parts): the rubric, its
    reports in the summary's order (by level, then rank) and its parts (id, title)."""
    by_rubric: dict[str, list[Row]] = {}
    for _, group in by_level(rows):
        for r in group:
            by_rubric.setdefault(r.rubric, []).append(r)
    out = []
    for rubric, group in by_rubric.items():
        titles: dict[str, str] = {}
        for r in group:
            for pid, title, _ in r.parts:
                titles.setdefault(pid, title)
        out.append((rubric, group, list(titles.items())))
    return out


def markdown(rows: Sequence[Row]) -> str:
    """A table for pasting into a 通报, the most often missing requirements, and per rubric the
    reports × parts matrix."""
    lines = ["| 层级 | 名次 | 发布单位 | 年度 | 得分 | 覆盖 | 部分覆盖 | 缺失 | 不适用 | 豁免 | 最弱板块 | 文件 |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for level, group in by_level(rows):
        for rank, r in zip(ranks(group), group, strict=True):
            if r.error:
                lines.append(f"| {level} | {rank} | 无法评分 | | | | | | | | {r.error} | {r.path} |")
            else:
                c = r.counts
                lines.append(f"| {level} | {rank} | {r.issuer or '—'} | {r.year or '—'} | {_score(r)} "
                             f"| {c.covered} | {c.partial} | {c.missing} | {c.not_applicable} | {c.waived} "
                             f"| {worst_part(r)} | {r.path} |")
    if note := _not_reports(rows):
        lines += ["", note]
    ok = reports([r for r in rows if r.error is None])
    if ok:
        lines += ["", "### 最常缺失的要求", "", "| 要求 | 覆盖率 | 报告数 |", "|---|---:|---:|"]
        lines += [f"| {m.title}(`{m.item}`) | {m.rate:.0%} | {m.covered}/{m.reports} |" for m in most_missing(ok)]
    for rubric, group, parts in _matrices(ok):
        lines += ["", f"### 各板块得分(评分规则 {rubric})", "",
                  "| 发布单位 · 年度 | " + " | ".join(title for _, title in parts) + " |",
                  "|---|" + "---:|" * len(parts)]
        for r in group:
            scores = {pid: score for pid, _, score in r.parts}
            lines.append(f"| {label(r)} | " + " | ".join(_fmt0(scores.get(pid)) for pid, _ in parts) + " |")
    return "\n".join(lines) + "\n"


def reports(rows: Sequence[Row]) -> list[Row]:
    """The rows of annual reports: other documents' scores are left out of corpus figures."""
    return [r for r in rows if r.doctype == "annual_report"]


def _score(r: Row) -> str:
    return _fmt(r.score) + ("*" if r.doctype != "annual_report" else "")


def _not_reports(rows: Sequence[Row]) -> str:
    """A note naming the documents that are not annual reports (their scores carry a *)."""
    others = [r for r in rows if r.error is None and r.doctype != "annual_report"]
    if not others:
        return ""
    return (f"* {len(others)} 份文档不是法治政府建设年度报告,得分不具参考意义,不计入缺失统计:"
            + "、".join(f"{Path(r.path).name}({KINDS[r.doctype]})" for r in others))


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def _fmt0(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f}"


def _cell(x: float | None) -> Text:
    if x is None:
        return Text("—", style="dim")
    style = "green" if x >= 80 else "yellow" if x >= 50 else "red"
    return Text(f"{x:.0f}", style=style)


WIDE_FIXED = ("report", "issuer", "year", "level", "doctype", "rubric", "score", "score_unweighted", "covered",
              "partial", "missing", "not_applicable", "waived")
WIDE_FIXED_ZH = ("报告", "发布单位", "年度", "层级", "文档类型", "评分规则", "得分", "不加权得分", "覆盖",
                 "部分", "缺失", "不适用", "豁免")


def wide_header(columns: Sequence[tuple[str, str]], zh: bool = False) -> str:
    """The fixed columns, then one per item: its id (machine-stable), or with *zh* its title and id."""
    items = [f"{title}({item})" if zh else item for item, title in columns]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([*(WIDE_FIXED_ZH if zh else WIDE_FIXED), *items])
    return out.getvalue()


def wide_row(r: Row, columns: Sequence[tuple[str, str]], zh: bool = False) -> str:
    """One report per row, one column per item (*columns*: every item of every rubric in play,
    so a cell is empty only for an item the report's rubric does not have); *zh*: level,
    document type and statuses in Chinese."""
    statuses = {item: status for item, _, status in r.statuses}
    level, doctype = r.level or "", r.doctype
    if zh:
        level, doctype = LEVEL_LABEL.get(level, level), KINDS.get(doctype, doctype)
        statuses = {item: STATUS_LABEL[Status(status)] for item, status in statuses.items()}
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        [r.path, r.issuer or "", r.year or "", level, doctype, r.rubric, "" if r.score is None else r.score,
         "" if r.score_unweighted is None else r.score_unweighted, *r.counts]
        + [statuses.get(item, "") for item, _ in columns])
    return out.getvalue()
