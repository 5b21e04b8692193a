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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from .batch import row
from .corpus import by_level, most_missing, worst_part
from .formats import LABELS
from .labels import MENTION_LABEL, ROLE_LABEL, SEVERITY_LABEL, STATUS_LABEL, STATUS_MARK
from .model import Counts, Evidence, ItemInfo, ItemResult, Scorecard, Status
from .rules.deadline import deadline

_SNIPPET = 40       # characters of evidence shown in the item table and the gap list
_SEARCHED_MAX = 80  # characters of "what was searched" shown before the full list is unfolded


INLINE_MAX = 10   # reports shown in full on the summary page; a larger corpus gets a page per report


def render_html(cards: Sequence[Scorecard]) -> str:
    """The whole page: one report, or a corpus summary and a section per report."""
    if len(cards) == 1:
        meta = cards[0].layout.meta
        return _page(meta.title or cards[0].document.path, _report(cards[0], ""))
    body = _corpus(cards, lambda n, anchor: f"#{_prefix(n)}{anchor}")
    body += "".join(_report(c, _prefix(n), "#summary") for n, c in enumerate(cards, 1))
    return _page(_corpus_title(cards), body)


def render_site(cards: Sequence[Scorecard], summary: str) -> dict[str, str]:
    """The summary page, named *summary*, and one page per report in a folder beside it (a
    200-report corpus on one page is tens of MB; its summary alone stays within 3 MB):
    relative path → page."""
    folder = f"{Path(summary).stem}_reports"
    pages = {summary: _page(_corpus_title(cards), _corpus(cards, lambda n, anchor: f"{folder}/{n:04d}.html#{anchor}"))}
    for n, card in enumerate(cards, 1):
        title = f"{n}. {card.layout.meta.title or _name(card)}"
        pages[f"{folder}/{n:04d}.html"] = _page(title, _report(card, "", back=f"../{summary}#summary"))
    return pages


def _corpus_title(cards: Sequence[Scorecard]) -> str:
    return f"法治政府建设年度报告 · 合规评分({len(cards)} 份)"


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
    numbers: dict[str, int]   # item id → its number in the item table (marks in the text cite it)

    def id(self, name: str) -> str:
        return _e(self.prefix + name)

    def href(self, name: str) -> str:
        return f'href="#{self.id(name)}"'

    def evidence(self, anchor: str, line: int) -> str:
        return self.href(self.targets.get(anchor, f"L{line}"))


_TOP_GAPS = 5   # gaps named beside the score


def _report(card: Scorecard, prefix: str, back: str | None = None) -> str:
    """One report: title, facts, score, its heaviest gaps, the parts, every gap, every item, the
    report's details and its text (what a reviewer needs first comes first)."""
    segments = _segments(_spans(card))
    links = _Links(prefix, _targets(segments), {r.item.id: n for n, r in enumerate(card.items, 1)})
    meta = card.layout.meta
    up = f'<p class="back"><a href="{_e(back)}">↑ 返回汇总</a></p>' if back else ""
    nav = " · ".join(f'<a {links.href(k)}>{v}</a>' for k, v in (
        ("parts", "各部分"), ("gaps", "缺项清单"), ("items", "逐项结果"), ("details", "报告信息"),
        ("text", "报告全文")))
    return (f'<section class="report" id="{links.id("report")}">{up}'
            f'<h1>{_e(meta.title or card.document.path)}</h1>{_facts(card)}{_warnings(card)}'
            f"{_score(card, links)}{_top_gaps(card, links)}<nav>{nav}</nav>{_chart(card, links)}"
            f"{_gaps(card, links)}{_items(card, links)}{_header(card, links)}"
            f"{_text(card, segments, links)}</section>")


def _facts(card: Scorecard) -> str:
    """Who, which year, what level, which rubric: one line under the title."""
    meta = card.layout.meta
    facts = [meta.issuer or "发布单位未识别", f"{meta.year} 年度" if meta.year else "年度未识别"]
    if card.level:
        facts.append(card.level.label)
    facts.append(f"规则 {card.rubric.id} v{card.rubric.version}{card.rubric.modified_note}")
    return f'<p class="facts">{" · ".join(_e(f) for f in facts)}</p>'


def _warnings(card: Scorecard) -> str:
    if not card.warnings and (card.doctype is None or card.doctype.meaningful):
        return ""
    lines = [] if card.doctype is None or card.doctype.meaningful else \
        [f"这份文档像是{card.doctype.label},不是法治政府建设年度报告:得分不具参考意义"]
    return '<ul class="warnings">' + "".join(f"<li>⚠ {_e(w)}</li>" for w in [*lines, *card.warnings]) + "</ul>"


def _top_gaps(card: Scorecard, links: _Links) -> str:
    """The heaviest gaps (severity, then weight), each linked to its full entry."""
    if not card.gaps:
        return '<p class="ok top-gaps">✓ 全部要求均已覆盖。</p>'
    by_id = {r.item.id: r for r in card.items}
    rows = "".join(f'<li>{_severity(by_id[g])} {_status(by_id[g].status)} '
                   f'<a {links.href(f"gap-{g}")}>{_e(by_id[g].item.title)}</a> '
                   f'<span class="dim">权重 {by_id[g].item.weight:g}</span></li>' for g in card.gaps[:_TOP_GAPS])
    more = (f'<p class="more"><a {links.href("gaps")}>全部 {len(card.gaps)} 项缺项(要求、依据、检索词)↓</a></p>'
            if len(card.gaps) > _TOP_GAPS else "")
    return f'<div class="top-gaps"><h2 class="inline">最需补充</h2><ol>{rows}</ol>{more}</div>'


def _header(card: Scorecard, links: _Links) -> str:
    meta, doc, rubric = card.layout.meta, card.document, card.rubric
    extra = "".join(f" · {k} {_e(v)}" for k, v in (("文号", meta.doc_number), ("引用纲要", meta.gangyao)) if v)
    encoding = "" if doc.encoding == "—" else f",{_e(doc.encoding)}"
    rows: list[tuple[str, str]] = []
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
    return (f'<h2 id="{links.id("details")}">报告信息</h2><dl class="meta">'
            + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>")


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


def _chart(card: Scorecard, links: _Links) -> str:
    """One row per part: its title, a bar and the score as text, and its counts (a table, so that
    it reads aloud, wraps on a phone and prints without losing a value)."""
    rows = []
    for p in card.parts:
        score = p.score or 0
        tone = "hi" if score >= 80 else "mid" if score >= 50 else "lo"
        c = p.counts
        rows.append(f'<tr><th scope="row">{_e(p.title)}</th>'
                    f'<td class="barcell"><span class="track"><span class="bar {tone}" style="width:{score:.1f}%">'
                    f'</span></span></td><td class="num"><b>{_fmt(p.score)}</b></td>'
                    f'<td class="num dim">{c.covered} / {c.partial} / {c.missing}</td></tr>')
    return (f'<h2 id="{links.id("parts")}">各部分得分</h2><div class="scroll"><table class="parts">'
            "<thead><tr><th>部分</th><th>得分条</th><th>得分</th><th>覆盖 / 部分 / 缺失</th></tr></thead>"
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _items(card: Scorecard, links: _Links) -> str:
    rows = "".join(_item_row(card, r, links) for r in card.items)
    return (f'<h2 id="{links.id("items")}">逐项结果</h2><div class="scroll"><table class="items"><thead><tr>'
            "<th>#</th><th>状态 · 程度</th><th>要求</th><th>行</th><th>证据(点击跳到原文)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")


def _item_row(card: Scorecard, r: ItemResult, links: _Links) -> str:
    text, iid = card.document.text, r.item.id
    line, cell = "", ""
    if r.status in (Status.NOT_APPLICABLE, Status.WAIVED):
        cell = f'<span class="dim">{_e(r.note or "")}</span>'
    elif r.evidence:
        first = r.evidence[0]
        line, cell = _line_link(first.line, links), _quote(text, first, f"ev-{iid}-1", links)
        # one link per further line (an item often has several hits in one sentence)
        seen = {first.line}
        more = []
        for n, e in enumerate(r.evidence[1:], 2):
            if e.line not in seen:
                seen.add(e.line)
                more.append(f'<a {links.evidence(f"ev-{iid}-{n}", e.line)}>第 {e.line} 行</a>')
        if more:
            cell += f'<div class="more">另见:{" ".join(more)}</div>'
    elif r.mentions:
        first = r.mentions[0]
        line = _line_link(first.line, links)
        cell = (f'<span class="tag">{_e(_mention_label(first))}</span> '
                + _quote(text, first, f"ev-{iid}-m1", links))
    if r.status == Status.PARTIAL and r.elements:
        cell += f'<div class="lack">缺:{_e("、".join(e.name for e in r.elements if not e.found))}</div>'
    if r.status in (Status.MISSING, Status.PARTIAL):   # every gap row leads to what was required and searched
        cell += f'<div class="more"><a {links.href(f"gap-{iid}")}>缺项说明:要求、依据、检索词 ↓</a></div>'
    return (f'<tr id="{links.id(f"item-{iid}")}"><td class="num">{links.numbers[iid]}</td>'
            f"<td>{_status(r.status)} {_severity(r)}</td>"
            f"<td>{_e(r.item.title)}<br><code>{_e(iid)}</code></td>"
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
    legend = ('<p class="note"><mark class="ev">证据</mark>(实线下划)计入得分的原文;'
              '<mark class="ev mention">提及</mark>(虚线下划)仅作为不足、计划或部署要求等提及,不计分。'
              "高亮后的上标数字是逐项结果表中的条目编号,可点击或用 Tab 键跳到该条目。</p>")
    return f'<h2 id="{links.id("text")}">报告全文</h2>{legend}<div class="text">{body}</div>'


def _mark(piece: str, seg: _Segment, links: _Links, first: bool) -> str:
    items = list(dict.fromkeys(s.result.item.id for s in seg.spans))
    tip = "\n".join(f"{s.label}:{s.result.item.title}({s.result.item.id})" for s in seg.spans)
    kind = "ev mention" if all(s.mention for s in seg.spans) else "ev"
    ident = f' id="{links.id(seg.anchor)}"' if first and seg.anchor else ""
    # Where spans start, the numbers of their items, as links: ownership without a mouse.
    owners = {s.result.item.id: s for s in seg.spans if s.start == seg.start} if first else {}
    refs = ",".join(f'<a {links.href(f"item-{iid}")} aria-label="{_e(f"{s.label}:{s.result.item.title}")}">'
                    f"{links.numbers[iid]}</a>" for iid, s in owners.items())
    return (f'<mark{ident} class="{kind}" data-items="{_e(" ".join(items))}" title="{_e(tip)}">'
            f"{_e(piece)}</mark>" + (f'<sup class="own">{refs}</sup>' if refs else ""))


# ---------------------------------------------------------------------------------------------
# Several reports


def _not_report(card: Scorecard) -> str:
    """A mark beside the score of a document that is not an annual report."""
    if card.doctype is None or card.doctype.meaningful:
        return ""
    return f' <small class="warn" title="得分不具参考意义">*{_e(card.doctype.label)}</small>'


def _name(card: Scorecard) -> str:
    meta = card.layout.meta
    return f"{meta.issuer or Path(card.document.path).name} {meta.year or ''}".rstrip()


def _corpus(cards: Sequence[Scorecard], link: Callable[[int, str], str]) -> str:
    """The summary: a ranking by level and score, the requirements most often missing, and a
    reports × items map per part. *link(n, anchor)* is where report n's *anchor* is."""
    rows = [row(c) for c in cards]   # the terminal summary's rows: ranked and counted alike
    report = {id(r): (n, c) for n, (r, c) in enumerate(zip(rows, cards, strict=True), 1)}
    ranking = []
    for label, group in by_level(rows):
        ranking.append(f'<tr class="group"><th colspan="6" scope="rowgroup">{_e(label)}</th></tr>')
        for rank, r in enumerate(group, 1):
            n, card = report[id(r)]
            s = card.summary
            ranking.append(f'<tr><td class="num">{rank}</td><th scope="row"><a href="{_e(link(n, "report"))}">'
                           f"{_e(_name(card))}</a><br><small>{_e(Path(card.document.path).name)}</small></th>"
                           f'<td class="num"><b>{_fmt(s.score)}</b>{_not_report(card)}</td>'
                           f'<td class="num">{_fmt(s.score_unweighted)}</td><td>{_counts(s.counts)}</td>'
                           f"<td>{_e(worst_part(r))}</td></tr>")
    missing = "".join(f'<tr><th scope="row">{_e(m.title)} <code>{_e(m.item)}</code></th>'
                      f'<td class="num">{m.rate:.0%}</td><td class="num">{m.covered} / {m.reports}</td></tr>'
                      for m in most_missing(rows))
    return ('<section id="summary"><h1>法治政府建设年度报告 · 合规评分汇总</h1>'
            f"<p>共 {len(cards)} 份报告。得分为加权得分;不适用与豁免的条目不计入分母;"
            "标 * 的文档不是法治政府建设年度报告,得分不具参考意义。</p>"
            '<nav><a href="#ranking">排名</a> · <a href="#most-missing">最常缺失</a> · '
            '<a href="#heat">报告 × 条目</a></nav>'
            '<h2 id="ranking">按层级排名</h2><div class="scroll"><table class="corpus"><thead><tr><th>名次</th>'
            "<th>报告</th><th>得分</th><th>不加权</th><th>各状态条目数</th><th>最弱部分</th></tr></thead>"
            f"<tbody>{''.join(ranking)}</tbody></table></div>"
            '<h2 id="most-missing">最常缺失的要求</h2><p class="note">覆盖率:覆盖或部分覆盖该项的报告所占比例'
            "(不适用的报告不计)。</p>"
            '<div class="scroll"><table class="missing"><thead><tr><th>要求</th><th>覆盖率</th><th>覆盖 / 报告数</th>'
            f"</tr></thead><tbody>{missing}</tbody></table></div>"
            f"{_heatmap(cards, link)}</section>")


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


def _heatmap(cards: Sequence[Scorecard], link: Callable[[int, str], str]) -> str:
    """One table per part (each fits a page and a screen): reports as rows, the part's items as
    columns headed by their numbers and short titles (read downwards); the full title shows when
    a column head is hovered or reached by keyboard (it is a link to its legend entry), and in
    the legend under the table."""
    legend = " ".join(f'<span class="cell st-{s.value}">{STATUS_MARK[s]}</span> {STATUS_LABEL[s]}' for s in Status)
    by_id = [{r.item.id: r for r in card.items} for card in cards]
    names = [_e(f"{n}. {_name(card)}") for n, card in enumerate(cards, 1)]
    tables = []
    for k, (title, items) in enumerate(_columns(cards), 1):
        heads = "".join(_column_head(f"{k}.{m}", r.item) for m, r in enumerate(items, 1))
        body = []
        for n, found in enumerate(by_id, 1):
            cells = []
            for column in items:
                r = found.get(column.item.id)
                if r is None:
                    cells.append('<td class="none"></td>')
                else:
                    cells.append(f'<td class="st-{r.status.value}"><a href="{_e(link(n, f"item-{r.item.id}"))}" '
                                 f'title="{STATUS_LABEL[r.status]}">{STATUS_MARK[r.status]}</a></td>')
            body.append(f'<tr><th scope="row"><a href="{_e(link(n, "report"))}">{names[n - 1]}</a></th>'
                        f'{"".join(cells)}</tr>')
        labels = "".join(f'<li id="col-{k}-{m}"><b>{k}.{m}</b> {_e(r.item.title)}</li>'
                         for m, r in enumerate(items, 1))
        tables.append(f'<div class="heat-part"><h3>{k}. {_e(title)}</h3><div class="scroll"><table class="heat">'
                      f'<thead><tr><th scope="col">报告</th>{heads}</tr></thead><tbody>{"".join(body)}</tbody>'
                      f'</table></div><ol class="labels">{labels}</ol></div>')
    return ('<h2 id="heat">报告 × 条目(按部分)</h2>'
            f'<p class="note">{legend} · 空白:该报告所用规则无此条目。列头是条目的编号和短标题,'
            f"指向或用 Tab 键移到列头可见完整标题(各表下也有);点击单元格跳到该报告的该条目。</p>{''.join(tables)}")


def _column_head(number: str, item: ItemInfo) -> str:
    """A heat-map column head: the number and the short title (the number alone when the rubric
    gives none), linking to the legend entry; the full title as a tooltip on hover and focus,
    which is also the link's description for a screen reader."""
    anchor = "col-" + number.replace(".", "-")
    short = f'<span class="s">{_e(item.short)}</span>' if item.short else ""
    return (f'<th scope="col" class="col"><a href="#{anchor}" aria-describedby="tip-{anchor}">'
            f'<span class="n">{number}</span>{short}</a>'
            f'<span class="tip" role="tooltip" id="tip-{anchor}">{_e(item.title)}({_e(item.id)})</span></th>')


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
.facts { margin: 0 0 .4em; color: #444; } ul.warnings { margin: .3em 0; padding-left: 1.2em; color: var(--missing); }
.top-gaps { margin: .6em 0 1em; } .top-gaps h2.inline { font-size: 1.05em; margin: 0 0 .2em; border: 0; }
.top-gaps ol { margin: 0; padding-left: 1.6em; } .top-gaps li { margin: .15em 0; }
table.parts th[scope=row] { font-weight: normal; } table.parts td.barcell { width: 40%; min-width: 6em; }
.track { display: block; height: 1em; background: #f5f5f5; border: 1px solid #cfd8dc; margin-top: .3em; }
.track .bar { display: block; height: 100%; } .bar.hi { background: #43a047; } .bar.mid { background: #f9a825; }
.bar.lo { background: #e53935; }
sup.own { font-size: .7em; line-height: 0; margin-left: .1em; user-select: none; } sup.own a { text-decoration: none; }
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
mark.ev { background: #fff176; color: inherit; border-radius: 2px; text-decoration: underline 2px solid #8d6e00;
  text-underline-offset: 3px; }
mark.ev.mention { background: #e1bee7; text-decoration: underline 2px dashed #6a1b9a; }
[id] { scroll-margin-top: 3em; }
:target { outline: 3px solid #ff6f00; outline-offset: 1px; }
mark.ev:target { background: #ffb74d; } tr:target, li:target, .ln:target { background: #fff8e1; }
.scroll { overflow-x: auto; border: 1px solid #e0e0e0; max-width: 100%; }
table.items { min-width: 46em; } table.items td:first-child, table.items th:first-child,
table.parts tbody th { position: sticky; left: 0; background: #fff; }
@media (max-width: 600px) {
  body { padding: .6em; } dl.meta { grid-template-columns: 5em 1fr; }
  .ln .no { flex-basis: 2.6em; padding-right: .4em; }
  table.parts td.barcell { width: 30%; } .score .big { font-size: 2em; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; line-height: 1.45; }
  nav, .back { display: none; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h1, h2 { break-after: avoid; } ol.gaps > li, tr, .ln, .top-gaps li { break-inside: avoid; }
  section.report { break-before: page; border-top: 0; margin-top: 0; }
  section.report:first-child { break-before: auto; }
  .scroll { overflow: visible; border: 0; } table.items { min-width: 0; }
  mark.ev { outline: 1px solid #8d6e00; } mark.ev.mention { outline: 1px dashed #6a1b9a; }
  a { color: inherit; } .score { border: 1px solid #ccc; }
}
tr.group th { background: #eef3f8; text-align: left; }
.heat-part { margin: 1em 0 1.6em; } .heat-part h3 { font-size: 1em; margin: .3em 0; }
.heat-part .scroll { max-height: 80vh; overflow: auto; }
table.heat { width: auto; font-size: .85em; } table.heat th, table.heat td { border: 1px solid #fff; padding: 0; }
table.heat thead th { position: sticky; top: 0; background: #f5f5f5; z-index: 1; font-weight: normal;
  padding: .1em .3em; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.heat tbody th { white-space: nowrap; padding: 0 .5em; background: #fafafa; position: sticky; left: 0;
  font-weight: normal; text-align: left; }
table.heat thead th:first-child { left: 0; z-index: 2; }
table.heat td { width: 2.2em; min-width: 2.2em; text-align: center; }
table.heat td a { display: block; color: #fff; text-decoration: none; font-weight: bold; }
table.heat thead th.col { vertical-align: bottom; padding: .2em 0; }
table.heat th.col a { display: block; color: #222; text-decoration: none; text-align: center; }
table.heat th.col a:focus { outline: 2px solid #1565c0; outline-offset: -2px; }
table.heat th.col .n { display: block; font-size: .8em; color: #555; }
/* read downwards, one character a line: a box one character wide (not writing-mode, whose
   vertical metrics many fallback CJK fonts lack, squeezing the characters together) */
table.heat th.col .s { display: block; width: 1.05em; margin: .2em auto 0; white-space: normal; word-break: break-all;
  line-height: 1.15; }
table.heat th.col .tip { display: none; position: absolute; top: 0; left: 100%; z-index: 3; width: 12em;
  white-space: normal; overflow-wrap: anywhere; text-align: left; background: #222; color: #fff; padding: .3em .5em;
  border-radius: 3px; }
table.heat th.col:nth-last-child(-n+6) .tip { left: auto; right: 100%; }
table.heat th.col:hover .tip, table.heat th.col:focus-within .tip { display: block; }
table.heat th.col:hover, table.heat th.col:focus-within { z-index: 4; }
@media print {
  table.heat thead th, table.heat tbody th { position: static; } table.heat th.col .tip { display: none; }
  table.heat tbody th { white-space: normal; min-width: 8em; }   /* a long report name wraps, the part fits A4 */
  .heat-part { break-inside: avoid; } .heat-part .scroll { max-height: none; }
}
ol.labels { columns: 2 22em; font-size: .85em; color: #444; margin: .3em 0; padding-left: 1.2em; list-style: none; }
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
            f"<title>{_e(title)}</title><style>{_CSS}{_print_header(title)}</style></head><body>{body}</body></html>\n")


def _print_header(title: str) -> str:
    """A4 pages headed with the page's title and numbered (CSS page margin boxes)."""
    return ("@page { size: A4; margin: 16mm 13mm 15mm; "
            f"@top-left {{ content: {_css_string(_clip(title, 48))}; font-size: 8pt; color: #555; }} "
            '@bottom-right { content: "第 " counter(page) " / " counter(pages) " 页"; font-size: 8pt; color: #555; } }')


def _css_string(text: str) -> str:
    """*text* as a CSS string, every character but letters, digits and Han escaped (so that no
    quote, backslash or "</style>" in a report's title can end it)."""
    return '"' + "".join(c if c.isalnum() else f"\\{ord(c):x} " for c in text) + '"'

