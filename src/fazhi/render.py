"""The terminal scorecard (rich). By default it leads with what matters: a compact header, the
score, the parts, then each gap once (most serious first), the covered items one line each and a
closing one-line summary. `--all` (full) adds the whole header, the report's skeleton and the table
of every item.

Plain text (no colour codes) when the output is not a terminal or NO_COLOR is set;
laid out for 80 columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .formats import LABELS
from .labels import MENTION_LABEL, ROLE_LABEL, SEVERITY_LABEL, STATUS_LABEL, STATUS_MARK
from .model import SEVERITIES, Evidence, ItemResult, Scorecard, Status
from .rubric import Rubric
from .rules.deadline import deadline

_STATUS_STYLE = {Status.COVERED: "green", Status.PARTIAL: "yellow", Status.MISSING: "red",
                 Status.NOT_APPLICABLE: "dim", Status.WAIVED: "cyan"}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
_SNIPPET = 28
_SEARCHED_MAX = 60  # characters of "what was searched" shown per gap by default; --all shows all
_MENTIONS = 1       # mentions shown per gap by default (--all: _MENTIONS_ALL)
_MENTIONS_ALL = 3
_MIN_SNIPPET = 16   # cells: a narrower snippet goes on a line of its own
_BAR = 10


def print_scorecards(console: Console, cards: Sequence[Scorecard], full: bool = False) -> None:
    for n, card in enumerate(cards):
        if n:
            console.rule()
        console.print(scorecard(card, full, console.width))


def scorecard(card: Scorecard, full: bool = False, width: int = 80) -> Group:
    """The scorecard drawn for a console *width* cells wide (*full*: every item in full)."""
    if full:
        return Group(_header(card, full), _score_line(card), _parts(card), _skeleton(card), _items(card),
                     _gaps(card, full, width), _summary(card))
    return Group(_header(card, full), _score_line(card), _parts(card), _gaps(card, full, width),
                 _covered(card, width), _not_scored(card, width), _summary(card))


def _header(card: Scorecard, full: bool) -> Panel:
    meta, doc, rubric = card.layout.meta, card.document, card.rubric
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("标题", meta.title or "(未识别)")
    if card.doctype and (full or not card.doctype.meaningful):
        grid.add_row("文档类型", Text(card.doctype.label, style="" if card.doctype.meaningful else "bold red")
                     + Text(f"  ({';'.join(card.doctype.reasons)})", style="dim"))
    if full:
        issuer_source = f"  (据{meta.issuer_source})" if meta.issuer_source else ""
        grid.add_row("发布单位", (meta.issuer or "(未识别)") + issuer_source)
        if card.level:
            grid.add_row("层级", f"{card.level.label}  ({card.level.source})")
        extra = "".join(f"  {k} {v}" for k, v in (("文号", meta.doc_number), ("引用纲要", meta.gangyao)) if v)
        source = f"  (据{meta.year_source})" if meta.year_source else ""
        grid.add_row("报告年度", f"{meta.year or '(未识别)'}{source}{extra}")
    else:   # one line: who, at which level, for which year
        level = f" · {card.level.label}" if card.level and card.level.kind else ""
        grid.add_row("发布单位", f"{meta.issuer or '(未识别)'}{level} · {meta.year or '(年度未识别)'} 年度")
    grid.add_row("发布日期", _published(card))
    grid.add_row("文件", f"{doc.path}  ({LABELS.get(doc.format, doc.format)}{_encoding(doc.encoding)})")
    if doc.quality and full:
        q = doc.quality
        grid.add_row("文本质量", f"{q.chars} 字,汉字 {q.han}({q.han_share:.0%}),乱码 {q.garbage}")
    grid.add_row("评分规则", f"{rubric.id} v{rubric.version}{'(已修改)' if rubric.modified else ''}"
                           f"  sha256:{rubric.sha256[:12]}")
    if card.rubric_reason and full:
        grid.add_row("选用原因", card.rubric_reason)
    for warning in card.warnings:
        grid.add_row(Text("注意", style="bold yellow"), Text(warning, style="yellow"))
    return Panel(grid, title="法治政府建设年度报告 · 合规评分", title_align="left", box=box.ROUNDED)


def _encoding(encoding: str) -> str:
    return "" if encoding == "—" else f",{encoding}"


def _published(card: Scorecard) -> Text:
    meta = card.layout.meta
    if not meta.published:
        return Text("(未识别)")
    check = deadline(meta)
    if check is None:
        return Text(meta.published)
    due = f"{int(check[0][5:7])}月{int(check[0][8:10])}日"
    verdict = (Text(f"  ✓ 早于次年{due}", style="green") if check[1]
               else Text(f"  ✗ 晚于次年{due}", style="red"))
    return Text(meta.published) + verdict + Text("(督察规定 第二十四条)", style="dim")


def _score_line(card: Scorecard) -> Text:
    s = card.summary
    text = Text()
    text.append("总分 ", style="bold")
    text.append(_fmt(s.score), style="bold cyan")
    text.append(" / 100(加权)  不加权 ")
    text.append(_fmt(s.score_unweighted), style="cyan")
    if card.doctype and not card.doctype.meaningful:
        text.append(f"  (不具参考意义:文档是{card.doctype.label},不是年度报告)", style="bold red")
    text.append("\n")
    text.append(f"覆盖 {s.counts.covered}", style="green")
    text.append(" · ")
    text.append(f"部分覆盖 {s.counts.partial}", style="yellow")
    text.append(" · ")
    text.append(f"缺失 {s.counts.missing}", style="red")
    text.append(f" · 不适用 {s.counts.not_applicable} · 豁免 {s.counts.waived}    共 {len(card.items)} 项\n")
    return text


def _parts(card: Scorecard) -> Table:
    # "板块" for a part of the rubric: "部分" alone would read as "partly covered" too
    table = Table(title="各板块得分", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("板块", no_wrap=True)
    table.add_column("得分", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("覆盖", justify="right")
    table.add_column("部分覆盖", justify="right")
    table.add_column("缺失", justify="right")
    for p in card.parts:
        filled = round((p.score or 0) / 100 * _BAR)
        bar = Text("█" * filled, style="cyan") + Text("░" * (_BAR - filled), style="dim")
        table.add_row(p.title, _fmt(p.score), bar, str(p.counts.covered), str(p.counts.partial), str(p.counts.missing))
    return table


def _skeleton(card: Scorecard) -> Table:
    table = Table(title="报告结构(识别到的标题)", title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False, show_header=False)
    table.add_column("行", justify="right", style="dim", no_wrap=True)
    table.add_column("标题")
    table.add_column("作用", no_wrap=True)
    for h in card.layout.headings:
        if h.level <= 1:
            table.add_row(str(h.line), h.title, ROLE_LABEL[h.role])
    if not table.rows:
        table.add_row("", "(未识别到一级标题)", "")
    return table


def _items(card: Scorecard) -> Table:
    table = Table(title="逐项结果", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("状态", no_wrap=True)
    table.add_column("程度", no_wrap=True)
    table.add_column("要求", ratio=2, overflow="fold")
    table.add_column("行", justify="right", no_wrap=True)
    table.add_column("证据", ratio=3, overflow="fold")
    for r in card.items:
        ev = r.evidence[0] if r.evidence else None
        mention = r.mentions[0] if not ev and r.mentions else None
        shown = ev or mention
        evidence = snippet(card, shown) if shown else Text("—", style="dim")
        if r.status in (Status.NOT_APPLICABLE, Status.WAIVED):
            shown, mention, evidence = None, None, Text(r.note or "", style="dim")
        if mention:
            evidence = Text(f"[{MENTION_LABEL.get(mention.role, ROLE_LABEL[mention.role])}] ",
                            style="magenta") + evidence
        if r.status == Status.PARTIAL and r.elements:
            evidence.append(" 缺:" + "、".join(e.name for e in r.elements if not e.found), style="yellow")
        table.add_row(_status(r), _severity(r), Text(r.item.title), str(shown.line) if shown else "", evidence)
    return table


def _gaps(card: Scorecard, full: bool, width: int) -> Group | Text:
    by_id = {r.item.id: r for r in card.items}
    if not card.gaps:
        return Text("缺项:无 — 全部要求均已覆盖。\n", style="green")
    found = [by_id[g].item.severity for g in card.gaps]
    tally = " · ".join(f"{SEVERITY_LABEL[s]} {found.count(s)}" for s in SEVERITIES if s in found)
    rows: list[RenderableType] = [Text(f"缺项 {len(card.gaps)} 项({tally};按严重程度、权重排序)", style="bold")]
    for n, gid in enumerate(card.gaps, start=1):
        r = by_id[gid]
        head = (Text(f"{n:>2}. ") + _severity(r) + Text(" ") + _status(r) + Text(f" {r.item.title}", style="bold")
                + Text(f"  权重 {r.item.weight:g}  {r.item.id}", style="dim"))
        rows.append(wrap(head, width, 4))
        detail = [("要求", Text(r.item.requirement)), ("依据", Text(r.item.source))]
        if r.status == Status.PARTIAL and r.elements:
            detail.append(("缺少", Text("、".join(e.name for e in r.elements if not e.found))))
        detail.append(("检索", Text("、".join(r.searched) if full else _clip(r.searched, _SEARCHED_MAX))))
        shown = _MENTIONS_ALL if full else _MENTIONS
        for m in r.mentions[:shown]:
            label = MENTION_LABEL.get(m.role, ROLE_LABEL[m.role])
            detail.append(("提及", Text(f"{label},第 {m.line} 行:", style="magenta") + snippet(card, m)))
        if r.mentions_total > shown:
            detail.append(("", Text(f"另有 {r.mentions_total - shown} 处提及", style="dim")))
        for name, value in detail:
            rows.append(wrap(Text(f"    {name or '    '} ", style="dim") + value, width, 9))
    rows.append(Text(""))
    return Group(*rows)


def _covered(card: Scorecard, width: int) -> Group | Text:
    """The covered items, one line each: title, line of the first evidence, a snippet that fills
    the rest of the line (on a line of its own when little room is left)."""
    covered = [r for r in card.items if r.status == Status.COVERED]
    if not covered:
        return Text("已覆盖:无\n", style="dim")
    rows: list[RenderableType] = [Text(f"已覆盖 {len(covered)} 项(首处证据)", style="bold")]
    for r in covered:
        line = Text(f"{STATUS_MARK[r.status]} ", style="green") + Text(r.item.title)
        ev = r.evidence[0] if r.evidence else None
        if ev is not None:
            line.append(f"  第 {ev.line} 行 ", style="dim")
            room = width - cell_len(line.plain)
            if room < _MIN_SNIPPET:
                rows.append(wrap(line, width, 2))
                line, room = Text("    "), width - 4
            line += _fitted(card, ev, room)
        rows.append(wrap(line, width, 2))
    rows.append(Text(""))
    return Group(*rows)


# A line may break before any Chinese character or between Latin words, never inside a Latin word
# (an item id, a path, "--all"); opening brackets stay with what follows, closing punctuation
# with what precedes.
_TOKEN = re.compile(r"[(《“‘\[(〔]*(?:[!-~]+|\s+|.)[,。、;:)》”’!?)\]〕…]*", re.S)


def wrap(text: Text, width: int, indent: int) -> Text:
    """*text* broken into lines of at most *width* cells, the lines after the first indented by
    *indent* spaces (rich alone would cut a Chinese run that holds no space, or fold a word)."""
    breaks: list[int] = []
    used = 0
    for m in _TOKEN.finditer(text.plain):
        cells = cell_len(m.group())
        if used + cells > width and used > indent and not m.group().isspace():
            breaks.append(m.start())
            used = indent
        used += cells
    if not breaks:
        return text
    lines = text.divide(breaks)
    out = lines[0]
    for line in lines[1:]:
        out += Text("\n" + " " * indent) + line
    return out


def _fitted(card: Scorecard, e: Evidence, cells: int) -> Text:
    """A snippet of at most *cells* cells (a Chinese character takes two)."""
    text = snippet(card, e, max(4, (cells - 2) // 2))
    if cell_len(text.plain) > cells:   # Latin letters and digits take one cell: rarely too wide
        text.truncate(cells, overflow="ellipsis")
    return text


def _not_scored(card: Scorecard, width: int) -> Group | Text:
    """Items not applicable at the reporter's level, or waived, with why."""
    shown = [r for r in card.items if r.status in (Status.NOT_APPLICABLE, Status.WAIVED)]
    if not shown:
        return Text("")
    rows: list[RenderableType] = [Text(f"不计分 {len(shown)} 项(不适用或豁免)", style="bold")]
    rows += [wrap(_status(r) + Text(f" {r.item.title}:") + Text(r.note or "", style="dim"), width, 2) for r in shown]
    rows.append(Text(""))
    return Group(*rows)


def _summary(card: Scorecard) -> Text:
    """The closing line, as ruff or pytest end: the score, the counts, the serious gaps."""
    c = card.summary.counts
    gaps = set(card.gaps)
    serious = sum(1 for r in card.items if r.item.id in gaps and r.item.severity == "error")
    line = f"得分 {_fmt(card.summary.score)} · 覆盖 {c.covered} · 部分覆盖 {c.partial} · 缺失 {c.missing}"
    line += "".join(f" · {label} {n}" for label, n in (("不适用", c.not_applicable), ("豁免", c.waived)) if n)
    if serious:
        return Text(line + f" — {serious} 项严重缺项", style="bold red")
    return Text(line + (" — 无严重缺项" if card.gaps else " — 无缺项"), style="bold green")


def snippet(card: Scorecard, e: Evidence, width: int = _SNIPPET) -> Text:
    """A window of the quoted sentence around its first hit, hits highlighted."""
    original = card.document.text
    anchor = e.hits[0][0] if e.hits else e.start
    a = max(e.start, anchor - width // 3)
    b = min(e.end, a + width)
    text = Text("…" if a > e.start else "")
    offset = len(text)
    text.append(original[a:b].replace("\n", " "))
    for s, t in e.hits:
        if s < b and t > a:
            text.stylize("bold yellow", offset + max(s, a) - a, offset + min(t, b) - a)
    if b < e.end:
        text.append("…")
    return text


def _status(r: ItemResult) -> Text:
    return Text(f"{STATUS_MARK[r.status]}{STATUS_LABEL[r.status]}", style=_STATUS_STYLE[r.status])


def _severity(r: ItemResult) -> Text:
    return Text(SEVERITY_LABEL.get(r.item.severity, r.item.severity), style=_SEVERITY_STYLE.get(r.item.severity, ""))


def _clip(entries: Sequence[str], n: int) -> str:
    """The entries, joined, that fit in *n* characters (at least one), and how many are left."""
    shown = list(entries[:1])
    for e in entries[1:]:
        if len("、".join([*shown, e])) > n:
            break
        shown.append(e)
    rest = len(entries) - len(shown)
    return "、".join(shown) + (f" …(另 {rest} 项,见 --all)" if rest else "")


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def rubric_tree(rubric: Rubric) -> Tree:
    """`score rubric show`: parts, items, weights, severities and sources."""
    info = rubric.info
    years = f",适用报告年度 {info.years[0]}–{info.years[1]}" if info.years else ""
    bases = f",继承自 {' → '.join(info.bases)}" if info.bases else ""
    modified = "(已修改)" if info.modified else ""
    tree = Tree(Text(f"{info.title}\n{info.id} v{info.version}{modified}  sha256:{info.sha256[:12]}{years}{bases}",
                     style="bold"))
    for part in rubric.parts:
        items = [i for i in rubric.items if i.part == part.id]
        branch = tree.add(Text(f"{part.title} [{part.id}]  {len(items)} 项,权重合计 "
                               f"{sum(i.weight for i in items):g} — {part.source}", style="cyan"))
        for i in items:
            leaf = Text(f"{i.id}  ", style="bold") + Text(i.title) + Text(
                f"  权重 {i.weight:g} · {i.severity}\n", style="dim") + Text(f"依据:{i.source}", style="dim")
            branch.add(leaf)
    return tree
