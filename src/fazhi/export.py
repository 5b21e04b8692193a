"""Machine-readable outputs over one or more Scorecards: JSON, JSON Lines, CSV, Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from . import __version__
from .labels import MENTION_LABEL, ROLE_LABEL, SEVERITY_LABEL, STATUS_LABEL, STATUS_MARK
from .model import Evidence, ItemResult, Scorecard
from .rules.deadline import deadline

SCHEMA_VERSION = "1.2"


def to_dict(card: Scorecard) -> dict[str, Any]:
    """The versioned JSON contract for one report (see schemas/scorecard.schema.json)."""
    doc, meta = card.document, card.layout.meta
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "fazhi-score", "version": __version__},
        "rubric": {"id": card.rubric.id, "version": card.rubric.version,
                   "sha256": card.rubric.sha256, "title": card.rubric.title,
                   "bases": list(card.rubric.bases), "reason": card.rubric_reason,
                   "modified": card.rubric.modified},
        "report": {"path": doc.path, "sha256": doc.sha256, "encoding": doc.encoding, "format": doc.format,
                   "chars": len(doc.text), "title": meta.title, "issuer": meta.issuer,
                   "issuer_source": meta.issuer_source or None,
                   "year": meta.year, "year_source": meta.year_source or None,
                   "published": meta.published, "doc_number": meta.doc_number,
                   "gangyao": meta.gangyao, "deadline": _deadline(card),
                   "level": ({"kind": card.level.kind, "government": card.level.government,
                              "label": card.level.label, "source": card.level.source} if card.level else None),
                   "doctype": ({"kind": card.doctype.kind, "label": card.doctype.label,
                                "reasons": list(card.doctype.reasons),
                                "score_meaningful": card.doctype.meaningful} if card.doctype else None),
                   "quality": ({"han": doc.quality.han, "han_share": doc.quality.han_share,
                                "garbage": doc.quality.garbage} if doc.quality else None)},
        "warnings": list(card.warnings),
        "summary": {"score": card.summary.score, "score_unweighted": card.summary.score_unweighted,
                    **card.summary.counts._asdict()},
        "parts": [{"id": p.id, "title": p.title, "source": p.source, "score": p.score, **p.counts._asdict()}
                  for p in card.parts],
        "structure": [{"line": h.line, "level": h.level, "title": h.title, "role": h.role.value}
                      for h in sorted(card.layout.headings + card.layout.list_items, key=lambda h: h.line)],
        "items": [_item(r, doc.text) for r in card.items],
        "gaps": list(card.gaps),
    }


def _item(r: ItemResult, text: str) -> dict[str, Any]:
    """One item's entry; *text* is the report's text, which the hits quote."""
    item = r.item
    return {
        "id": item.id, "title": item.title, "part": item.part, "status": r.status.value, "severity": item.severity,
        "score": r.score, "weight": item.weight, "requirement": item.requirement, "source": item.source,
        "elements": [{"name": e.name, "found": e.found} for e in r.elements],
        "evidence": [_evidence(e, text) for e in r.evidence], "evidence_total": r.evidence_total,
        "mentions": [_evidence(e, text) for e in r.mentions], "mentions_total": r.mentions_total,
        "searched": list(r.searched), "note": r.note,
    }


def _deadline(card: Scorecard) -> dict[str, Any] | None:
    check = deadline(card.layout.meta)
    return {"due": check[0], "on_time": check[1], "source": "督察规定 第二十四条"} if check else None


def _evidence(e: Evidence, text: str) -> dict[str, Any]:
    return {"line": e.line, "start": e.start, "end": e.end, "text": e.text, "section": e.section,
            "role": e.role.value, "hits": [{"start": a, "end": b, "text": text[a:b]} for a, b in e.hits]}


def dumps(data: Any, indent: bool = False) -> bytes:
    """*data* as UTF-8 JSON: compact, or indented by two spaces. orjson writes exactly what
    `json.dumps(data, ensure_ascii=False, separators=(",", ":"))` (or `indent=2`) would, five to
    seven times faster; text it cannot encode as UTF-8 (a lone surrogate) is escaped by the stdlib."""
    import orjson
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0)
    except orjson.JSONEncodeError:
        return json.dumps(data, indent=2 if indent else None, separators=None if indent else (",", ":")).encode()


def jsonl_record(card: Scorecard) -> bytes:
    """One scorecard as one line of JSON."""
    return dumps(to_dict(card)) + b"\n"


def json_record(card: Scorecard) -> bytes:
    """One scorecard as indented JSON (an element of the array for several reports)."""
    return dumps(to_dict(card), indent=True)


CSV_COLUMNS = ("report", "issuer", "year", "rubric", "rubric_version", "item", "title", "part",
               "status", "score", "weight", "evidence_line", "evidence", "mention_role",
               "mention_line", "severity")
# --labels zh: the same columns for reviewers (the English codes stay the machines' default).
CSV_COLUMNS_ZH = ("报告", "发布单位", "年度", "评分规则", "规则版本", "条目", "要求", "板块",
                  "状态", "得分", "权重", "证据行", "证据", "提及作用", "提及行", "严重程度")


def csv_header(zh: bool = False) -> str:
    return ",".join(CSV_COLUMNS_ZH if zh else CSV_COLUMNS) + "\n"


def csv_records(card: Scorecard, zh: bool = False) -> str:
    """The long-form rows of one report (no header); *zh*: part titles, statuses and roles in
    Chinese instead of their codes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    meta = card.layout.meta
    parts = {p.id: p.title for p in card.parts}
    for r in card.items:
        item = r.item
        ev = r.evidence[0] if r.evidence else None
        mention = r.mentions[0] if r.mentions and not r.evidence else None
        role = "" if mention is None else ROLE_LABEL[mention.role] if zh else mention.role.value
        writer.writerow([
            card.document.path, meta.issuer or "", meta.year or "", card.rubric.id,
            card.rubric.version + card.rubric.modified_note, item.id, item.title,
            parts.get(item.part, item.part) if zh else item.part,
            STATUS_LABEL[r.status] if zh else r.status.value,
            "" if r.score is None else r.score, item.weight,
            ev.line if ev else "", one_line(ev.text) if ev else "",
            role, mention.line if mention else "",
            SEVERITY_LABEL.get(item.severity, item.severity) if zh else item.severity])
    return out.getvalue()


def render_markdown(cards: Sequence[Scorecard]) -> str:
    return "\n".join(_markdown(c) for c in cards)


def _markdown(card: Scorecard) -> str:
    meta, s, c = card.layout.meta, card.summary, card.summary.counts
    lines = [f"## {meta.title or card.document.path}", "",
             f"- 发布单位:{meta.issuer or '未识别'};报告年度:{meta.year or '未识别'};"
             f"发布日期:{meta.published or '未识别'}",
             f"- 文档类型:{card.doctype.label if card.doctype else '—'}"
             + ("" if card.doctype is None or card.doctype.meaningful else
                f"(**得分不具参考意义**:{';'.join(card.doctype.reasons)})"),
             f"- 评分规则:{card.rubric.id} v{card.rubric.version}{card.rubric.modified_note}"
             f"({card.rubric_reason or '—'})",
             f"- **总分 {_fmt(s.score)}**(加权);不加权 {_fmt(s.score_unweighted)};"
             f"覆盖 {c.covered} · 部分覆盖 {c.partial} · 缺失 {c.missing} · 不适用 {c.not_applicable} "
             f"· 豁免 {c.waived}",
             "", "| 板块 | 得分 | 覆盖 | 部分覆盖 | 缺失 |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {p.title} | {_fmt(p.score)} | {p.counts.covered} | {p.counts.partial} | {p.counts.missing} |"
              for p in card.parts]
    lines += ["", "| 状态 | 程度 | 要求 | 行 | 证据 |", "|---|---|---|---:|---|"]
    for r in card.items:
        ev = r.evidence[0] if r.evidence else (r.mentions[0] if r.mentions else None)
        note = "" if r.evidence or not ev else f"({MENTION_LABEL.get(ev.role, ROLE_LABEL[ev.role])})"
        lines.append(f"| {STATUS_MARK[r.status]} {STATUS_LABEL[r.status]} | {SEVERITY_LABEL[r.item.severity]} "
                     f"| {_cell(r.item.title)} `{r.item.id}` "
                     f"| {ev.line if ev else ''} | {note}{_cell(_clip(ev.text, 60)) if ev else ''} |")
    lines += ["", "### 缺项", ""]
    by_id = {r.item.id: r for r in card.items}
    for gid in card.gaps:
        r = by_id[gid]
        lines.append(f"- **{r.item.title}**(`{r.item.id}`,{SEVERITY_LABEL[r.item.severity]},权重 {r.item.weight:g},"
                     f"{STATUS_LABEL[r.status]}):"
                     f"{r.item.requirement} — 依据:{r.item.source}")
    return "\n".join(lines) + "\n"


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def _clip(text: str, n: int) -> str:
    text = one_line(text)
    return text if len(text) <= n else text[:n] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")

