"""What matching works with: a report's lookups (`Index`), a rule's outcome (`Found`) and quoted
evidence.

Hits are found on the normalised text (same offsets as the original), mapped to the
sentence they sit in, and classified by that sentence's role at the hit: hits in a
counting role are evidence of work done; the others are mentions (a shortcoming, a
plan, a requirement handed down, the opening formula). The rule kinds themselves live in
`rules/`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple

from .model import Evidence, Layout, Role
from .patterns import Pattern
from .search import Searcher, Span


class Found(NamedTuple):
    """A rule's outcome in one report: counting evidence and non-counting mentions, each merged
    (`merge_evidence`: one entry per quoted stretch and role, in text order)."""

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
        self._spans: dict[tuple[Pattern, ...], Spans] = {}
        self._matches: dict[str, list[Span]] = {}
        self._in_roles: dict[frozenset[Role], list[int]] = {}
        self._group_hits: dict[int, list[Span]] = {}
        self._units: dict[tuple[int, bool], frozenset[int]] = {}

    @cached_property
    def roles(self) -> frozenset[Role]:
        """Every role some stretch of the report has."""
        return frozenset(s.role for s in self.layout.sentences) | frozenset(
            s.tail_role for s in self.layout.sentences if s.tail_role is not None)

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

    def group_hits(self, terms: tuple[str, ...]) -> list[Span]:
        """Every hit of any of *terms*, in text order (cached by the tuple's identity: rules that
        share a vocabulary share its tuple, see `rules.together.groups`)."""
        found = self._group_hits.get(id(terms))
        if found is None:
            get = self.words.get
            found = []
            for t in terms:
                hits = get(t)
                if hits:
                    found += hits
            found.sort()
            self._group_hits[id(terms)] = found
        return found

    def units(self, terms: tuple[str, ...], by_sentence: bool) -> frozenset[int]:
        """The sentences (or paragraphs) holding a hit of any of *terms* (cached)."""
        key = (id(terms), by_sentence)
        found = self._units.get(key)
        if found is None:
            starts, sentences = self.starts, self.layout.sentences
            units = set()
            for a, _ in self.group_hits(terms):
                si = bisect_right(starts, a) - 1
                if si >= 0 and a < sentences[si].end:
                    units.add(si if by_sentence else sentences[si].paragraph)
            found = self._units[key] = frozenset(units)
        return found

    def sentences_in(self, roles: frozenset[Role]) -> list[int]:
        """The sentences whose role is one of *roles* (cached: a few rules count only some parts)."""
        found = self._in_roles.get(roles)
        if found is None:
            found = self._in_roles[roles] = [i for i, s in enumerate(self.layout.sentences) if s.role in roles]
        return found

    def excluded(self, patterns: tuple[Pattern, ...]) -> Spans:
        """Every match of a rule's `exclude` patterns, for overlap queries (cached)."""
        found = self._spans.get(patterns)
        if found is None:
            found = self._spans[patterns] = Spans([span for p in patterns for span in self.matches(p)])
        return found


class Spans:
    """Spans with an O(log n) "does one of them overlap [start, end)?" query: a hit that uses any
    of an excluded stretch (a document title, the opening formula, an agency's name) is excluded,
    even when it reaches beyond it (a `near` hit from the formula into the next clause)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [a for a, _ in spans]
        self.reach: list[int] = []   # the furthest end among spans starting at or before each one
        furthest = -1
        for _, b in spans:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def overlap(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1   # the spans that start before the hit ends
        return i >= 0 and self.reach[i] > start


def _text_order(e: Evidence) -> tuple[int, int]:
    return e.start, e.end


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
    return tuple(sorted(merged.values(), key=_text_order))


def quote(layout: Layout, sentence_ids: list[int], role: Role, hits: list[tuple[int, int]],
          label: str) -> Evidence:
    """The evidence of *hits* in the given run of sentences, quoted from the original text."""
    first = layout.sentences[sentence_ids[0]]
    last = layout.sentences[sentence_ids[-1]]
    para = layout.paragraphs[first.paragraph]
    section = layout.headings[para.section].title if para.section is not None else None
    return Evidence(first.line, first.start, last.end, layout.original[first.start:last.end], section, role,
                    (hits[0],) if len(hits) == 1 else tuple(sorted(set(hits))), label)
