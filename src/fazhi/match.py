"""Find a rule's hits in a segmented report and turn them into quoted evidence.

Hits are found on the normalised text (same offsets as the original), mapped to the
sentence they sit in, and classified by that sentence's role at the hit: hits in a
counting role are evidence of work done; the others are mentions (a shortcoming, a
plan, a requirement handed down, the opening formula).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

from .metadata import deadline
from .model import Evidence, Layout, Role
from .patterns import Pattern
from .rubric import Matcher
from .search import Searcher, Span


class Found(NamedTuple):
    """A rule's outcome in one report: counting evidence and non-counting mentions."""

    evidence: tuple[Evidence, ...]
    mentions: tuple[Evidence, ...]
    excluded: tuple[Evidence, ...] = ()  # hits dropped by an `exclude` pattern (for explain)
    undecidable: bool = False            # the report lacks what the rule needs (e.g. a date)


NOTHING = Found((), ())   # a rule that found nothing


class Index:
    """Lookups for one layout, built once per report: sentence at an offset, every word's hits
    (one pass of the searcher's automaton) and each regex's spans (shared by every item)."""

    def __init__(self, layout: Layout, searcher: Searcher) -> None:
        self.layout = layout
        self.starts = [s.start for s in layout.sentences]
        # The paragraph of the sentence before each sentence start (-1: none), by bisect_right.
        self.paragraph_of = [-1] + [s.paragraph for s in layout.sentences]
        self.searcher = searcher
        self.words = searcher.words(layout.text)   # every occurrence of each word present
        self._spans: dict[tuple[Pattern, ...], _Spans] = {}
        self._matches: dict[str, list[Span]] = {}

    @cached_property
    def first_sentence(self) -> dict[int, int]:
        """Paragraph → its first sentence (for section rules)."""
        first: dict[int, int] = {}
        for i, s in enumerate(self.layout.sentences):
            first.setdefault(s.paragraph, i)
        return first

    def sentence_at(self, pos: int) -> int | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.layout.sentences[i].end:
            return i
        return None

    def matches(self, pattern: Pattern) -> list[Span]:
        """Spans of a regex's non-empty matches (many items share the same patterns)."""
        spans = self._matches.get(pattern.pattern)
        if spans is None:
            spans = self._matches[pattern.pattern] = self.searcher.spans(pattern, self.layout.text, self.words)
        return spans

    def excluded(self, patterns: tuple[Pattern, ...]) -> _Spans:
        spans = self._spans.get(patterns)
        if spans is None:
            spans = self._spans[patterns] = _Spans([span for p in patterns for span in self.matches(p)])
        return spans


class _Spans:
    """Spans with an O(log n) "does one of them contain [start, end)?" query."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [a for a, _ in spans]
        self.reach: list[int] = []   # the furthest end among spans starting at or before each one
        furthest = -1
        for _, b in spans:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def contain(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.reach[i] >= end


def find(index: Index, matcher: Matcher, label: str) -> Found:
    """Evaluate *matcher*; *label* names the rule in the evidence (e.g. an element)."""
    if matcher.section is not None:
        return Found(tuple(_section_evidence(index, matcher.section, label)), ())
    if matcher.published_by is not None:
        return _deadline(index.layout, matcher.published_by, label)
    layout = index.layout
    hits = _literal_and_regex_hits(index, matcher)
    words = index.words
    together = bool(matcher.all) and all(any(t in words for t in group) for group in matcher.all)
    if not hits and not together:
        return NOTHING   # nothing to exclude from: skip the exclusion patterns' scan
    excluded = index.excluded(matcher.exclude) if matcher.exclude else None
    groups: dict[tuple[int, Role], list[tuple[int, int]]] = {}
    dropped: dict[tuple[int, Role], list[tuple[int, int]]] = {}
    sentences, sentence_at = layout.sentences, index.sentence_at
    for start, end in hits:
        si = sentence_at(start)
        if si is None:
            continue
        role = sentences[si].role_at(start)
        target = dropped if excluded is not None and excluded.contain(start, end) else groups
        target.setdefault((si, role), []).append((start, end))
    evidence = [_evidence(layout, [si], role, hits, label) for (si, role), hits in groups.items()]
    if together:
        evidence += _cooccurrence(index, matcher, excluded, label)
    roles = matcher.roles
    counting = [e for e in evidence if e.role in roles]
    others = [e for e in evidence if e.role not in roles] if len(counting) < len(evidence) else []
    excluded_ev = [_evidence(layout, [si], role, hits, label) for (si, role), hits in dropped.items()]
    return Found(merge_evidence(counting), merge_evidence(others), merge_evidence(excluded_ev))


def _deadline(layout: Layout, month_day: str, label: str) -> Found:
    """Published before MM-DD of the year after the reported one (督察规定 第二十四条)?"""
    meta = layout.meta
    check = deadline(meta, month_day)
    if check is None or meta.published_at is None:
        return Found((), (), undecidable=True)
    line, start, end = meta.published_at
    e = Evidence(line=line, start=start, end=end, text=layout.original[start:end], section=None,
                 role=Role.METADATA, hits=(), rule=label)
    return Found((e,), ()) if check[1] else Found((), (e,))


_TEXT_ORDER = itemgetter(1, 2)   # Evidence (start, end)


def merge_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """One entry per quoted stretch and role, hits united, in text order."""
    evidence = list(evidence)
    if len(evidence) < 2:
        return tuple(evidence)
    merged: dict[tuple[int, int, Role], Evidence] = {}
    for e in evidence:
        key = (e.start, e.end, e.role)
        if key in merged:
            old = merged[key]
            rule = old.rule if e.rule in old.rule.split("+") else f"{old.rule}+{e.rule}"
            merged[key] = Evidence(old.line, old.start, old.end, old.text, old.section, old.role,
                                   tuple(sorted(set(old.hits) | set(e.hits))), rule)
        else:
            merged[key] = e
    return tuple(sorted(merged.values(), key=_TEXT_ORDER))


def _literal_and_regex_hits(index: Index, matcher: Matcher) -> list[tuple[int, int]]:
    words = index.words
    hits = [hit for term in matcher.any if term in words for hit in words[term]]
    for pattern in matcher.regex:
        hits.extend(index.matches(pattern))
    return hits


def _cooccurrence(index: Index, matcher: Matcher, excluded: _Spans | None, label: str) -> list[Evidence]:
    layout = index.layout
    per_unit: dict[int, list[list[tuple[int, int, Role, int]]]] = {}
    by_sentence = matcher.scope == "sentence"
    sentences = layout.sentences
    words = index.words
    groups = [[hit for term in group if term in words for hit in words[term]] for group in matcher.all]
    # A quick first sieve: the units that may hold a hit of every group (a hit counts for the
    # sentence starting at or before it, or that sentence's paragraph).
    starts, paragraph_of = index.starts, index.paragraph_of
    common: set[int] | None = None
    for hits in groups:
        units = ({bisect_right(starts, a) for a, _ in hits} if by_sentence
                 else {paragraph_of[bisect_right(starts, a)] for a, _ in hits})
        common = units if common is None else common & units
        if not common:
            return []
    for g, hits in enumerate(groups):
        for start, end in hits:
            after = bisect_right(starts, start)   # the sentence before: after - 1
            if (after if by_sentence else paragraph_of[after]) not in common or not after:
                continue
            s = sentences[after - 1]
            if start >= s.end or excluded is not None and excluded.contain(start, end):
                continue
            si = after - 1
            unit = si if by_sentence else s.paragraph
            slots = per_unit.get(unit)
            if slots is None:
                if g:
                    continue   # no hit of the first group here: this unit cannot hold them all
                slots = per_unit[unit] = [[] for _ in matcher.all]
            slots[g].append((start, end, s.role_at(start), si))
    out = []
    for slots in per_unit.values():
        if not all(slots):
            continue
        counting_slots = [[h for h in slot if h[2] in matcher.roles] for slot in slots]
        counting = all(counting_slots)
        chosen = _closest(counting_slots if counting else slots)
        role = (chosen[0][2] if counting
                else next((h[2] for h in chosen if h[2] not in matcher.roles), chosen[0][2]))
        sentences = list(range(min(h[3] for h in chosen), max(h[3] for h in chosen) + 1))
        out.append(_evidence(layout, sentences, role, [(h[0], h[1]) for h in chosen], label))
    return out


def _closest(slots: list[list[tuple[int, int, Role, int]]]) -> list[tuple[int, int, Role, int]]:
    """One hit per group, as close together as possible (the shortest window holding all)."""
    hits = sorted((h[0], g, h) for g, slot in enumerate(slots) for h in slot)
    need = len(slots)
    count = [0] * need
    have = 0
    best: tuple[int, int, int] | None = None   # (width, left index, right index)
    left = 0
    for right, (_, g, h) in enumerate(hits):
        count[g] += 1
        have += count[g] == 1
        while have == need:
            width = h[1] - hits[left][0]
            if best is None or width < best[0]:
                best = (width, left, right)
            lg = hits[left][1]
            count[lg] -= 1
            have -= count[lg] == 0
            left += 1
    assert best is not None
    window = hits[best[1]:best[2] + 1]
    picked: dict[int, tuple[int, int, Role, int]] = {}
    for _, g, h in window:
        picked.setdefault(g, h)
    return sorted(picked.values())


def _section_evidence(index: Index, role: Role, label: str) -> list[Evidence]:
    layout = index.layout
    out = []
    for h in layout.headings:
        si = index.sentence_at(h.start)
        if (h.role == role or role in h.cues) and si is not None:
            out.append(_evidence(layout, [si], role, [], label))
    if out:
        return out
    previous: Role | None = None
    for p in layout.paragraphs:
        if p.role == role and previous != role and p.index in index.first_sentence:
            out.append(_evidence(layout, [index.first_sentence[p.index]], role, [], label))
        previous = p.role
    return out


def _evidence(layout: Layout, sentence_ids: list[int], role: Role, hits: list[tuple[int, int]],
              label: str) -> Evidence:
    first = layout.sentences[sentence_ids[0]]
    last = layout.sentences[sentence_ids[-1]]
    para = layout.paragraphs[first.paragraph]
    section = layout.headings[para.section].title if para.section is not None else None
    return Evidence(first.line, first.start, last.end, layout.original[first.start:last.end], section, role,
                    (hits[0],) if len(hits) == 1 else tuple(sorted(set(hits))), label)
