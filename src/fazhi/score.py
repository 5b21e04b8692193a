"""The engine: evaluate every rubric item on a report and aggregate the scorecard."""

from __future__ import annotations

from collections.abc import Iterable

from .cautions import report_warnings
from .doctype import DocType, classify
from .errors import InputError
from .level import Level, detect_level
from .limits import MAX_SECONDS, Expired, time_limit
from .match import NOTHING, Index, merge_evidence
from .model import (
    SEVERITIES,
    STATUS_SCORE,
    Counts,
    Document,
    ElementResult,
    ItemResult,
    Layout,
    PartResult,
    Scorecard,
    Status,
    Summary,
)
from .rubric import Item, Rubric
from .segment import segment
from .waivers import WaiverSet

MAX_QUOTES = 20  # evidence and mentions kept per item (the totals are kept too)


def score_document(document: Document, rubric: Rubric) -> Scorecard:
    """Segment, match and score one document against *rubric*."""
    return score_layout(document, segment(document.text), rubric)


def score_layout(document: Document, layout: Layout, rubric: Rubric, reason: str = "",
                 level: Level | None = None, waivers: WaiverSet | None = None,
                 doctype: DocType | None = None, seconds: float = MAX_SECONDS) -> Scorecard:
    index = Index(layout, rubric.searcher)
    level = level or detect_level(layout.meta.issuer, layout.meta.title, layout.text, layout.meta.issuer_source)
    doctype = doctype or classify(layout)
    results = _evaluate_all(index, rubric, document.path, seconds)
    items = tuple(_adjust(result, item, level, document.path, layout.meta.issuer, waivers)
                  for item, result in zip(rubric.items, results, strict=True))
    parts, summary = _tally(items, rubric)
    gaps = gap_order(items)
    warnings = report_warnings(layout, doctype) + (waivers.warnings() if waivers else ())
    return Scorecard(document=document, layout=layout, rubric=rubric.info, items=items,
                     parts=parts, summary=summary, gaps=gaps, rubric_reason=reason,
                     warnings=warnings, level=level, doctype=doctype)


def gap_order(items: Iterable[ItemResult]) -> tuple[str, ...]:
    """The missing and partial items' ids, most serious first: by severity (error → warning →
    info), then weight, missing before partial, then rubric order."""
    listed = list(items)
    order = {r.item.id: n for n, r in enumerate(listed)}
    rank = {s: n for n, s in enumerate(SEVERITIES)}
    return tuple(r.item.id for r in sorted(
        (r for r in listed if r.status in (Status.MISSING, Status.PARTIAL)),
        key=lambda r: (rank.get(r.item.severity, len(rank)), -r.item.weight, r.status != Status.MISSING,
                       order[r.item.id])))


def _evaluate_all(index: Index, rubric: Rubric, path: str, seconds: float) -> list[ItemResult]:
    """Every item's result, within *seconds*: past them the report fails, naming the item."""
    results: list[ItemResult] = []
    try:
        with time_limit(seconds):
            for item in rubric.items:
                results.append(evaluate_item(index, item))
    except Expired:
        if len(results) == len(rubric.items):   # the time ran out just as the last item ended
            return results
        item = rubric.items[len(results)]
        raise InputError(
            f"{path}: 评分超过 {seconds:g} 秒仍未完成(停在条目 {item.id},{item.file} 第 {item.line} 行:"
            "其规则在这份文本上过慢)— 该报告未评分;请简化该条目的正则表达式,或用 --timeout 放宽时限") from None
    return results


def _adjust(result: ItemResult, item: Item, level: Level, path: str, issuer: str | None,
            waivers: WaiverSet | None) -> ItemResult:
    """Not applicable at the reporter's level, or waived — never when the report covers it."""
    if item.applies_to is not None and level.kind is not None and not level.within(item.applies_to):
        return result._replace(status=Status.NOT_APPLICABLE,
                               note=f"不适用于{level.label}:{item.applies_note or '规则限定了适用层级'}")
    waiver = waivers.find(item.id, path, issuer) if waivers else None
    if waiver is not None and result.status != Status.COVERED:
        return result._replace(status=Status.WAIVED,
                               note=f"已豁免:{waiver.justification}(批准:{waiver.approver},有效期至 {waiver.expires})")
    return result


def evaluate_item(index: Index, item: Item) -> ItemResult:
    """Status, evidence and mentions of one item in one report."""
    if not index.searcher.opens(item.id, index.words.keys()):
        return item.unfound   # none of the words its rules need is in the report
    direct = item.match.find(index, "match") if item.match else NOTHING
    elements = [(e.name, e.rule.find(index, e.name)) for e in item.elements] if item.elements else []
    partial = item.partial.find(index, "partial") if item.partial else NOTHING
    found_elements = sum(1 for _, f in elements if f.evidence) if elements else 0

    if direct.undecidable and not (found_elements or partial.evidence):
        status = Status.NOT_APPLICABLE   # e.g. no publication date to check a deadline against
    elif direct.evidence:
        status = Status.COVERED
    elif elements and found_elements >= item.covered_min:
        status = Status.COVERED
    elif found_elements or partial.evidence:
        status = Status.PARTIAL
    else:
        status = Status.MISSING

    # The `partial` rule's hits are evidence only when nothing stronger was found.
    if elements:
        strong = [direct] + [f for _, f in elements]
        proving = strong if any(f.evidence for f in strong) else [partial]
        evidence = merge_evidence(e for f in proving for e in f.evidence)
        mentions = merge_evidence(e for f in [direct, partial, *strong[1:]] for e in f.mentions)
    else:   # the same, for the common item with one rule or two (a rule's finds are merged)
        evidence = direct.evidence or partial.evidence
        mentions = (merge_evidence(direct.mentions + partial.mentions)
                    if direct.mentions and partial.mentions else direct.mentions or partial.mentions)
    return ItemResult(
        item=item, status=status,
        elements=tuple(ElementResult(name, bool(f.evidence)) for name, f in elements),
        evidence=evidence[:MAX_QUOTES], evidence_total=len(evidence),
        mentions=mentions[:MAX_QUOTES], mentions_total=len(mentions),
        searched=item.searched)


_STATUS_INDEX = {s: n for n, s in enumerate(Status)}   # Counts' fields are in Status order


class _Tally:
    """Running sums for one part or the whole report: weights, weighted and plain scores, counts."""

    __slots__ = ("weights", "points", "plain", "applicable", "counts")

    def __init__(self) -> None:
        self.weights: float = 0
        self.points: float = 0
        self.plain: float = 0
        self.applicable = 0
        self.counts = [0] * len(_STATUS_INDEX)

    def add(self, r: ItemResult) -> None:
        self.counts[_STATUS_INDEX[r.status]] += 1
        value = STATUS_SCORE.get(r.status)
        if value is not None:
            self.weights += r.item.weight
            self.points += r.item.weight * value
            self.plain += value
            self.applicable += 1

    def score(self) -> float | None:
        """100 × Σ weight·score / Σ weight over applicable items; None when none applies."""
        return round(100 * self.points / self.weights, 1) if self.weights else None


def _tally(items: tuple[ItemResult, ...], rubric: Rubric) -> tuple[tuple[PartResult, ...], Summary]:
    """Each part's result and the report's summary, in one pass over the items (this runs for
    every report of a batch: once per part it cost a tenth of the matching)."""
    total = _Tally()
    per_part = {p.id: _Tally() for p in rubric.parts}
    for r in items:
        total.add(r)
        per_part[r.item.part].add(r)
    parts = tuple(PartResult(id=p.id, title=p.title, source=p.source, score=per_part[p.id].score(),
                             counts=Counts(*per_part[p.id].counts)) for p in rubric.parts)
    unweighted = round(100 * total.plain / total.applicable, 1) if total.applicable else None
    return parts, Summary(score=total.score(), score_unweighted=unweighted, counts=Counts(*total.counts))
