"""The HTML report (`--format html`): one self-contained page over one or more Scorecards.

For one report: the header, the overall score, a per-part chart (inline SVG), the item table,
the gap list and the full report text, line by line, with every evidence span and mention
highlighted and linked from its item. For several reports: a corpus summary and a reports ×
items heat map first, then one section per report (ids prefixed ``r1-``, ``r2-`` …).

The page has inline CSS only (no script, no external asset, no web font) and a
Content-Security-Policy that forbids loading anything; every string from a report or a rubric is
escaped. Overlapping spans are split into non-overlapping segments: a segment carries the id of
the first span that starts there and lists every item that covers it, so each id exists once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from .formats import LABELS
from .labels import MENTION_LABEL, ROLE_LABEL, SEVERITY_LABEL, STATUS_LABEL, STATUS_MARK
from .model import Counts, Evidence, ItemResult, PartResult, Scorecard, Status
from .rules.deadline import deadline

_SNIPPET = 40       # characters of evidence shown in the item table and the gap list
_SEARCHED_MAX = 80  # characters of "what was searched" shown before the full list is unfolded


def render_html(cards: Sequence[Scorecard]) -> str:
    """The whole page: one report, or a corpus summary, a heat map and a section per report."""
    if len(cards) == 1:
        meta = cards[0].layout.meta
        return _page(meta.title or cards[0].document.path, _report(cards[0], ""))
    body = _corpus(cards) + "".join(_report(c, _prefix(n)) for n, c in enumerate(cards, 1))
    return _page(f"法治政府建设年度报告 · 合规评分({len(cards)} 份)", body)


def _prefix(n: int) -> str:
    """The id prefix of the n-th report (from 1) of several."""
    return f"r{n}-"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _status(status: Status) -> str:
    return f'<span class="badge st-{status.value}">{STATUS_MARK[status]} {STATUS_LABEL[status]}</span>'


def _severity(r: ItemResult) -> str:
    severity = r.item.severity
    return f'<span class="sev sev-{_e(severity)}">{_e(SEVERITY_LABEL.get(severity, severity))}</span>'


def _mention_label(e: Evidence) -> str:
    return MENTION_LABEL.get(e.role, ROLE_LABEL[e.role])


# ---------------------------------------------------------------------------------------------
# Evidence spans → non-overlapping highlighted segments


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    anchor: str     # ev-<item>-<n> for evidence, ev-<item>-m<n> for a mention
    result: ItemResult
    label: str      # 证据, or what the mention is (仅作为计划提及 …)
    mention: bool


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    spans: tuple[_Span, ...]   # every span covering it, in item order
    anchor: str | None         # the first span that starts here, if any


def _spans(card: Scorecard) -> list[_Span]:
    out: list[_Span] = []
    for r in card.items:
        out += [_Span(e.start, e.end, f"ev-{r.item.id}-{n}", r, "证据", False) for n, e in enumerate(r.evidence, 1)]
        out += [_Span(e.start, e.end, f"ev-{r.item.id}-m{n}", r, _mention_label(e), True)
                for n, e in enumerate(r.mentions, 1)]
    return [s for s in out if s.end > s.start]


def _segments(spans: list[_Span]) -> list[_Segment]:
    """Cut the spans at every start and end; keep the pieces that some span covers."""
    order = {s.anchor: n for n, s in enumerate(spans)}
    points = sorted({p for s in spans for p in (s.start, s.end)})
    by_start = sorted(spans, key=lambda s: s.start)  # stable: item order among equal starts
    active: list[_Span] = []
    out: list[_Segment] = []
    k = 0
    for a, b in pairwise(points):
        starting = []
        while k < len(by_start) and by_start[k].start == a:
            starting.append(by_start[k])
            k += 1
        active = sorted([s for s in active if s.end > a] + starting, key=lambda s: order[s.anchor])
        if active:
            out.append(_Segment(a, b, tuple(active), starting[0].anchor if starting else None))
    return out


def _targets(segments: list[_Segment]) -> dict[str, str]:
    """Each span's anchor → the id of the element it links to (the segment where it starts)."""
    return {s.anchor: seg.anchor for seg in segments if seg.anchor for s in seg.spans if s.start == seg.start}


# ---------------------------------------------------------------------------------------------
# One report


@dataclass(frozen=True)
class _Links:
    """The id prefix of one report and where each evidence anchor ended up."""

    prefix: str
    targets: dict[str, str]

    def id(self, name: str) -> str:
        return _e(self.prefix + name)

    def href(self, name: str) -> str:
        return f'href="#{self.id(name)}"'

    def evidence(self, anchor: str, line: int) -> str:
        return self.href(self.targets.get(anchor, f"L{line}"))


def _report(card: Scorecard, prefix: str) -> str:
    segments = _segments(_spans(card))
    links = _Links(prefix, _targets(segments))
    meta = card.layout.meta
    back = '<p class="back"><a href="#summary">↑ 返回汇总</a></p>' if prefix else ""
    nav = " · ".join(f'<a {links.href(k)}>{v}</a>' for k, v in (
        ("score", "总分"), ("parts", "各部分"), ("items", "逐项结果"), ("gaps", "缺项清单"), ("text", "报告全文")))
    return (f'<section class="report" id="{links.id("report")}">{back}'
            f'<h1>{_e(meta.title or card.document.path)}</h1><nav>{nav}</nav>'
            f"{_header(card, links)}{_score(card, links)}{_chart(card, links)}{_items(card, links)}"
            f"{_gaps(card, links)}{_text(card, segments, links)}</section>")


def _header(card: Scorecard, links: _Links) -> str:
    meta, doc, rubric = card.layout.meta, card.document, card.rubric
    extra = "".join(f" · {k} {_e(v)}" for k, v in (("文号", meta.doc_number), ("引用纲要", meta.gangyao)) if v)
    encoding = "" if doc.encoding == "—" else f",{_e(doc.encoding)}"
    rows = [("标题", _e(meta.title or "(未识别)"))]
    if card.doctype:
        label = _e(card.doctype.label) if card.doctype.meaningful else \
            f'<span class="warn">{_e(card.doctype.label)}(得分不具参考意义)</span>'
        rows.append(("文档类型", f"{label} <small>({_e(';'.join(card.doctype.reasons))})</small>"))
    source = f" <small>(据{_e(meta.issuer_source)})</small>" if meta.issuer_source else ""
    rows.append(("发布单位", _e(meta.issuer or "(未识别)") + source))
    if card.level:
        rows.append(("层级", f"{_e(card.level.label)} <small>({_e(card.level.source)})</small>"))
    year_source = f" <small>(据{_e(meta.year_source)})</small>" if meta.year_source else ""
    rows += [("报告年度", f"{_e(meta.year or '(未识别)')}{year_source}{extra}"),
             ("发布日期", _published(card, links)),
             ("文件", f"<code>{_e(doc.path)}</code>({_e(LABELS.get(doc.format, doc.format))}{encoding})")]
    if doc.quality:
        q = doc.quality
        rows.append(("文本质量", f"{q.chars} 字,汉字 {q.han}({q.han_share:.0%}),乱码 {q.garbage}"))
    rows.append(("评分规则", f"{_e(rubric.id)} v{_e(rubric.version)} · {_e(rubric.title)}<br>"
                         f"<code>sha256:{_e(rubric.sha256)}</code>"))
    if card.rubric_reason:
        rows.append(("选用原因", _e(card.rubric_reason)))
    rows += [("注意", f'<span class="warn">{_e(w)}</span>') for w in card.warnings]
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _published(card: Scorecard, links: _Links) -> str:
    meta = card.layout.meta
    if not meta.published:
        return "(未识别,无法核对督察规定第二十四条的公开期限)"
    date = _e(meta.published)
    if meta.published_at:
        date = f'<a {links.href(f"L{meta.published_at[0]}")}>{date}</a>'
    check = deadline(meta)
    if check is None:
        return f"{date} <small>(报告年度未识别,无法核对督察规定第二十四条的公开期限)</small>"
    due, on_time = check
    when = f"次年{int(due[5:7])}月{int(due[8:10])}日"
    verdict = (f'<span class="ok">✓ 早于{when}</span>' if on_time else f'<span class="bad">✗ 晚于{when}</span>')
    return f"{date} {verdict} <small>(督察规定 第二十四条)</small>"


def _counts(counts: Counts) -> str:
    return " · ".join(f'<span class="c-{s.value}">{STATUS_LABEL[s]} {n}</span>'
                      for s, n in zip(Status, counts, strict=True))


def _score(card: Scorecard, links: _Links) -> str:
    s = card.summary
    return (f'<div class="score" id="{links.id("score")}"><span class="big">{_fmt(s.score)}</span>'
            f" / 100(加权) · 不加权 <b>{_fmt(s.score_unweighted)}</b>"
            f'<div class="counts">{_counts(s.counts)}'
            f" · 共 {len(card.items)} 项</div>"
            '<p class="note">不适用与豁免的条目不计入得分分母。</p></div>')


_ROW, _LABEL_W, _BAR_W = 26, 300, 360
_LABEL_MAX = 21  # characters of a part title that fit left of the bars (the tooltip has all)


def _chart(card: Scorecard, links: _Links) -> str:
    """Horizontal bars, one per part, with the part's title and score."""
    width, height = _LABEL_W + _BAR_W + 60, _ROW * len(card.parts) + 4
    bars = "".join(_bar(p, n * _ROW) for n, p in enumerate(card.parts))
    return (f'<h2 id="{links.id("parts")}">各部分得分</h2>'
            f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-label="各部分得分">{bars}</svg>')


def _bar(p: PartResult, y: int) -> str:
    score = p.score or 0
    tone = "hi" if score >= 80 else "mid" if score >= 50 else "lo"
    tip = f"{p.title}:{_fmt(p.score)}(覆盖 {p.counts.covered} · 部分覆盖 {p.counts.partial} · 缺失 {p.counts.missing})"
    return (f"<g><title>{_e(tip)}</title>"
            f'<text x="{_LABEL_W - 8}" y="{y + 18}" text-anchor="end">{_e(_clip(p.title, _LABEL_MAX))}</text>'
            f'<rect class="track" x="{_LABEL_W}" y="{y + 6}" width="{_BAR_W}" height="16"/>'
            f'<rect class="bar {tone}" x="{_LABEL_W}" y="{y + 6}" width="{_BAR_W * score / 100:.1f}" height="16"/>'
            f'<text x="{_LABEL_W + _BAR_W + 8}" y="{y + 18}">{_fmt(p.score)}</text></g>')


def _items(card: Scorecard, links: _Links) -> str:
    rows = "".join(_item_row(card, r, links) for r in card.items)
    return (f'<h2 id="{links.id("items")}">逐项结果</h2><table class="items"><thead><tr>'
            "<th>状态 · 程度</th><th>要求</th><th>行</th><th>证据(点击跳到原文)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _item_row(card: Scorecard, r: ItemResult, links: _Links) -> str:
    text = card.document.text
    line, cell = "", '<span class="dim">—</span>'
    if r.status in (Status.NOT_APPLICABLE, Status.WAIVED):
        cell = f'<span class="dim">{_e(r.note or "")}</span>'
    elif r.evidence:
        first = r.evidence[0]
        line, cell = _line_link(first.line, links), _quote(text, first, f"ev-{r.item.id}-1", links)
        more = [f'<a {links.evidence(f"ev-{r.item.id}-{n}", e.line)}>第 {e.line} 行</a>'
                for n, e in enumerate(r.evidence[1:], 2)]
        if more:
            cell += f'<div class="more">另见:{" ".join(more)}</div>'
    elif r.mentions:
        first = r.mentions[0]
        line = _line_link(first.line, links)
        cell = (f'<span class="tag">{_e(_mention_label(first))}</span> '
                + _quote(text, first, f"ev-{r.item.id}-m1", links))
    if r.status == Status.PARTIAL and r.elements:
        cell += f'<div class="lack">缺:{_e("、".join(e.name for e in r.elements if not e.found))}</div>'
    return (f'<tr id="{links.id(f"item-{r.item.id}")}"><td>{_status(r.status)} {_severity(r)}</td>'
            f"<td>{_e(r.item.title)}<br><code>{_e(r.item.id)}</code></td>"
            f"<td class=\"num\">{line}</td><td>{cell}</td></tr>")


def _line_link(line: int, links: _Links) -> str:
    return f'<a {links.href(f"L{line}")}>{line}</a>'


def _quote(text: str, e: Evidence, anchor: str, links: _Links) -> str:
    return f'<a class="quote" {links.evidence(anchor, e.line)}>{_snippet(text, e)}</a>'


def _snippet(text: str, e: Evidence) -> str:
    """A window of the quoted sentence around its first hit, the matched terms in bold."""
    anchor = e.hits[0][0] if e.hits else e.start
    a = max(e.start, anchor - _SNIPPET // 3)
    b = min(e.end, a + _SNIPPET)
    cuts = sorted({a, b, *(min(b, max(a, x)) for hit in e.hits for x in hit)})
    parts = []
    for s, t in pairwise(cuts):
        piece = _e(text[s:t].replace("\n", " "))
        parts.append(f"<b>{piece}</b>" if any(h0 <= s and t <= h1 for h0, h1 in e.hits) else piece)
    return ("…" if a > e.start else "") + "".join(parts) + ("…" if b < e.end else "")


def _gaps(card: Scorecard, links: _Links) -> str:
    title = f'<h2 id="{links.id("gaps")}">缺项清单(按严重程度、权重排序)</h2>'
    if not card.gaps:
        return title + '<p class="ok">无 — 全部要求均已覆盖。</p>'
    by_id = {r.item.id: r for r in card.items}
    return title + '<ol class="gaps">' + "".join(_gap(card, by_id[g], links) for g in card.gaps) + "</ol>"


def _gap(card: Scorecard, r: ItemResult, links: _Links) -> str:
    rows = [("要求", _e(r.item.requirement)), ("依据", _e(r.item.source))]
    if r.status == Status.PARTIAL and r.elements:
        rows.append(("缺少", _e("、".join(e.name for e in r.elements if not e.found))))
    searched = "".join(f"<li><code>{_e(s)}</code></li>" for s in r.searched)
    rows.append(("检索", f"<details><summary>{_e(_clip('、'.join(r.searched), _SEARCHED_MAX))}</summary>"
                       f'<ul class="searched">{searched}</ul></details>'))
    rows += [("提及", f'<a {links.evidence(f"ev-{r.item.id}-m{n}", m.line)}>{_e(_mention_label(m))},第 {m.line} 行</a>:'
                     f"{_snippet(card.document.text, m)}") for n, m in enumerate(r.mentions, 1)]
    detail = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<li id="{links.id(f"gap-{r.item.id}")}">{_severity(r)} {_status(r.status)} '
            f'<a class="item" {links.href(f"item-{r.item.id}")}>{_e(r.item.title)}</a> '
            f'<code>{_e(r.item.id)}</code> <span class="dim">权重 {r.item.weight:g}</span><dl>{detail}</dl></li>')


def _text(card: Scorecard, segments: list[_Segment], links: _Links) -> str:
    """The full report, line by line with numbers, the segments as <mark>s."""
    text = card.document.text
    lines: list[list[str]] = [[]]

    def add(piece_html: list[str]) -> None:
        for n, piece in enumerate(piece_html):
            if n:
                lines.append([])
            lines[-1].append(piece)

    pos = 0
    for seg in segments:
        add([_e(t) for t in text[pos:seg.start].split("\n")])
        add([_mark(t, seg, links, first=n == 0) for n, t in enumerate(text[seg.start:seg.end].split("\n"))])
        pos = seg.end
    add([_e(t) for t in text[pos:].split("\n")])
    body = "".join(f'<div class="ln" id="{links.id(f"L{n}")}"><span class="no">{n}</span>'
                   f'<span class="tx">{"".join(parts)}</span></div>' for n, parts in enumerate(lines, 1))
    legend = ('<p class="note"><mark class="ev">证据</mark> 计入得分的原文;'
              '<mark class="ev mention">提及</mark> 仅作为不足、计划或部署要求等提及,不计分。'
              "鼠标悬停可看对应条目。</p>")
    return f'<h2 id="{links.id("text")}">报告全文</h2>{legend}<div class="text">{body}</div>'


def _mark(piece: str, seg: _Segment, links: _Links, first: bool) -> str:
    items = list(dict.fromkeys(s.result.item.id for s in seg.spans))
    tip = "\n".join(f"{s.label}:{s.result.item.title}({s.result.item.id})" for s in seg.spans)
    kind = "ev mention" if all(s.mention for s in seg.spans) else "ev"
    ident = f' id="{links.id(seg.anchor)}"' if first and seg.anchor else ""
    return (f'<mark{ident} class="{kind}" data-items="{_e(" ".join(items))}" title="{_e(tip)}">'
            f"{_e(piece)}</mark>")


# ---------------------------------------------------------------------------------------------
# Several reports


def _worst_part(card: Scorecard) -> str:
    scored = [p for p in card.parts if p.score is not None]
    return min(scored, key=lambda p: p.score or 0).title if scored else "—"


def _not_report(card: Scorecard) -> str:
    """A mark beside the score of a document that is not an annual report."""
    if card.doctype is None or card.doctype.meaningful:
        return ""
    return f' <small class="warn" title="得分不具参考意义">*{_e(card.doctype.label)}</small>'


def _corpus(cards: Sequence[Scorecard]) -> str:
    rows = []
    for n, card in enumerate(cards, 1):
        meta, s = card.layout.meta, card.summary
        rows.append(f'<tr><td class="num">{n}</td><td><a href="#{_prefix(n)}report">'
                    f"{_e(Path(card.document.path).name)}</a></td><td>{_e(meta.issuer or '—')}</td>"
                    f'<td class="num">{_e(meta.year or "—")}</td><td class="num"><b>{_fmt(s.score)}</b>'
                    f"{_not_report(card)}</td>"
                    f'<td class="num">{_fmt(s.score_unweighted)}</td>'
                    f"<td>{_counts(s.counts)}</td>"
                    f"<td>{_e(_worst_part(card))}</td></tr>")
    return ('<section id="summary"><h1>法治政府建设年度报告 · 合规评分汇总</h1>'
            f"<p>共 {len(cards)} 份报告。得分为加权得分;不适用与豁免的条目不计入分母;"
            "标 * 的文档不是法治政府建设年度报告,得分不具参考意义。</p>"
            '<table class="corpus"><thead><tr><th>#</th><th>报告</th><th>发布单位</th><th>年度</th>'
            "<th>得分</th><th>不加权</th><th>各状态条目数</th><th>最弱部分</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>{_heatmap(cards)}</section>")


def _columns(cards: Sequence[Scorecard]) -> list[tuple[str, list[ItemResult]]]:
    """Every item of every report once, grouped by part (part titles, items), in order of appearance."""
    titles: dict[str, dict[str, None]] = {}   # a part's distinct titles (they differ between rubrics)
    groups: dict[str, dict[str, ItemResult]] = {}
    for card in cards:
        for p in card.parts:
            titles.setdefault(p.id, {})[p.title] = None
        for r in card.items:
            groups.setdefault(r.item.part, {}).setdefault(r.item.id, r)
    return [(" / ".join(titles.get(pid, {pid: None})), list(items.values())) for pid, items in groups.items()]


def _heatmap(cards: Sequence[Scorecard]) -> str:
    columns = _columns(cards)
    parts = "".join(f'<th colspan="{len(items)}" class="part" title="{_e(title)}"><div>{_e(title)}</div></th>'
                    for title, items in columns)
    heads = "".join(f'<th title="{_e(f"{r.item.title}({r.item.id})")}"><span class="vt">{_e(r.item.title)}</span></th>'
                    for _, items in columns for r in items)
    body = "".join(_heat_row(n, card, columns) for n, card in enumerate(cards, 1))
    legend = " ".join(f'<span class="cell st-{s.value}">{STATUS_MARK[s]}</span> {STATUS_LABEL[s]}' for s in Status)
    return ('<h2>报告 × 条目</h2>'
            f'<p class="note">{legend} · 空白:该报告所用规则无此条目。点击单元格跳到该报告的条目。</p>'
            f'<div class="scroll"><table class="heat"><thead><tr><th></th>{parts}</tr>'
            f"<tr><th>报告</th>{heads}</tr></thead><tbody>{body}</tbody></table></div>")


def _heat_row(n: int, card: Scorecard, columns: list[tuple[str, list[ItemResult]]]) -> str:
    meta = card.layout.meta
    name = f"{n}. {meta.issuer or Path(card.document.path).name} {meta.year or ''}".rstrip()
    by_id = {r.item.id: r for r in card.items}
    cells = []
    for _, items in columns:
        for column in items:
            r = by_id.get(column.item.id)
            if r is None:
                cells.append('<td class="none"></td>')
                continue
            tip = f"{name}:{r.item.title}({r.item.id})— {STATUS_LABEL[r.status]}"
            cells.append(f'<td class="st-{r.status.value}"><a href="#{_prefix(n)}item-{_e(r.item.id)}" '
                         f'title="{_e(tip)}">{STATUS_MARK[r.status]}</a></td>')
    return f'<tr><th><a href="#{_prefix(n)}report">{_e(name)}</a></th>{"".join(cells)}</tr>'


# ---------------------------------------------------------------------------------------------
# The page


_CSP = "default-src 'none'; style-src 'unsafe-inline'"

_CSS = """
:root { --covered:#2e7d32; --partial:#8d5300; --missing:#c62828; --not_applicable:#616161; --waived:#00707a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 1.5em; color: #222; background: #fff; line-height: 1.6;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "PingFang SC",
  "Microsoft YaHei", "Hiragino Sans GB", sans-serif; }
h1 { font-size: 1.5em; margin: .2em 0; } h2 { font-size: 1.2em; margin-top: 1.6em;
  border-bottom: 1px solid #ddd; padding-bottom: .2em; }
a { color: #1565c0; } code { font-size: .85em; color: #555; word-break: break-all; }
small, .dim, .note { color: #666; } .note { font-size: .9em; }
section.report { border-top: 4px solid #1565c0; margin-top: 2.5em; padding-top: .5em; }
nav { margin: .3em 0 1em; } .back { margin: 0; font-size: .9em; }
dl.meta { display: grid; grid-template-columns: 7em 1fr; gap: .2em 1em; margin: 0; }
dl.meta dt { font-weight: bold; color: #444; } dl.meta dd { margin: 0; }
.ok { color: var(--covered); } .bad, .warn { color: var(--missing); } .warn { font-weight: bold; }
.score { margin: 1em 0; padding: .8em 1em; background: #f5f7fa; border-radius: 6px; }
.score .big { font-size: 2.4em; font-weight: bold; color: #1565c0; }
.c-covered { color: var(--covered); } .c-partial { color: var(--partial); } .c-missing { color: var(--missing); }
.c-not_applicable { color: var(--not_applicable); } .c-waived { color: var(--waived); }
svg.chart { max-width: 100%; height: auto; font-size: 13px; font-family: inherit; }
svg.chart text { fill: #222; } svg.chart .track { fill: #eceff1; }
svg.chart .hi { fill: #43a047; } svg.chart .mid { fill: #f9a825; } svg.chart .lo { fill: #e53935; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border-bottom: 1px solid #e0e0e0; padding: .3em .5em; text-align: left; vertical-align: top; }
thead th { background: #f5f5f5; } td.num { text-align: right; white-space: nowrap; }
.badge { white-space: nowrap; font-weight: bold; }
.badge.st-covered { color: var(--covered); } .badge.st-partial { color: var(--partial); }
.badge.st-missing { color: var(--missing); } .badge.st-not_applicable { color: var(--not_applicable); }
.badge.st-waived { color: var(--waived); }
a.quote { color: inherit; text-decoration: none; border-bottom: 1px dotted #1565c0; }
a.quote b { background: #fff3b0; }
.more, .lack { font-size: .85em; color: #666; } .lack { color: var(--partial); }
.tag { font-size: .8em; background: #f3e5f5; color: #6a1b9a; border-radius: 3px; padding: 0 .3em; white-space: nowrap; }
ol.gaps > li { margin-bottom: .8em; }
.sev { font-size: .8em; padding: 0 .3em; border-radius: 3px; border: 1px solid #bbb; white-space: nowrap; }
.sev-error { color: #fff; background: #c0392b; border-color: #c0392b; } .sev-warning { color: #8a5a00; }
.sev-info { color: #666; } ol.gaps dl { display: grid; grid-template-columns: 3em 1fr;
  gap: 0 .6em; margin: .2em 0 0; font-size: .92em; } ol.gaps dd { margin: 0; } ol.gaps dt { color: #666; }
details summary { cursor: pointer; color: #444; } ul.searched { margin: .2em 0; padding-left: 1.2em; }
.text { font-size: .95em; border: 1px solid #e0e0e0; border-radius: 4px; padding: .5em 0; }
.ln { display: flex; } .ln .no { flex: 0 0 3.5em; text-align: right; padding-right: .8em; color: #6b6b6b;
  user-select: none; font-variant-numeric: tabular-nums; } .ln .tx { flex: 1; white-space: pre-wrap;
  word-break: break-all; padding-right: .5em; }
mark.ev { background: #fff176; color: inherit; border-radius: 2px; }
mark.ev.mention { background: #e1bee7; }
[id] { scroll-margin-top: 3em; }
:target { outline: 3px solid #ff6f00; outline-offset: 1px; }
mark.ev:target { background: #ffb74d; } tr:target, li:target, .ln:target { background: #fff8e1; }
.scroll { overflow-x: auto; border: 1px solid #e0e0e0; }
table.heat { width: auto; font-size: .85em; } table.heat th, table.heat td { border: 1px solid #fff; padding: 0; }
table.heat th.part { font-weight: normal; font-size: .9em; text-align: center; border-left: 2px solid #bbb; }
table.heat th.part div { width: 0; min-width: 100%; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
table.heat tbody th { white-space: nowrap; padding: 0 .5em; background: #fafafa; position: sticky; left: 0; }
table.heat thead th { vertical-align: top; }
table.heat .vt { writing-mode: vertical-rl; text-orientation: sideways; display: inline-block; max-height: 9em;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: normal; padding: .2em 0; }
table.heat td { width: 1.6em; min-width: 1.6em; text-align: center; }
table.heat td a { display: block; color: #fff; text-decoration: none; font-weight: bold; }
td.st-covered, .cell.st-covered { background: var(--covered); }
td.st-partial, .cell.st-partial { background: var(--partial); }
td.st-missing, .cell.st-missing { background: var(--missing); }
td.st-not_applicable, .cell.st-not_applicable { background: var(--not_applicable); }
td.st-waived, .cell.st-waived { background: var(--waived); } td.none { background: #f5f5f5; }
.cell { display: inline-block; width: 1.4em; text-align: center; color: #fff; font-weight: bold; border-radius: 2px; }
"""


def _page(title: str, body: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>\n")
