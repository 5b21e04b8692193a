"""`all`: groups of terms that must all occur in one sentence (or one paragraph); each group
is a term, a `$vocabulary` or a list of them.

    all: [[法治建设第一责任人, 法治第一责任人], [亲自部署, 主持召开]]
    all: {groups: [$party_bodies, [听取, 审议], [法治政府, 法治建设]], scope: paragraph}

The evidence is the stretch of sentences holding one hit of each group, as close together as
possible; it counts when every group has a hit in a counting role there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..match import quote
from ..model import Evidence, Role
from .base import Context, TextKind, group_label

if TYPE_CHECKING:
    from ..match import Index, Spans
    from ..search import RegexPlan

_Hit = tuple[int, int, Role, int]   # start, end, role at the hit, sentence


def groups(value: list[Any], ctx: Context, path: tuple[Any, ...]) -> tuple[tuple[str, ...], ...]:
    """Each group as its terms (a group may be one term or `$vocabulary`, or a list of them)."""
    return tuple(ctx.terms([g] if isinstance(g, str) else g, path + (i,)) for i, g in enumerate(value))


@dataclass(frozen=True)
class Together(TextKind):
    key: ClassVar[str] = "all"
    groups: tuple[tuple[str, ...], ...]
    scope: str = "sentence"   # or "paragraph"

    @classmethod
    def parse(cls, value: list[Any] | dict[str, Any], ctx: Context) -> Together:
        if isinstance(value, dict):
            return cls(groups(value["groups"], ctx, ("groups",)), value.get("scope", "sentence"))
        return cls(groups(value, ctx, ()))

    def words(self) -> Iterable[str]:
        return [t for group in self.groups for t in group]

    def gate(self, plans: Mapping[str, RegexPlan]) -> frozenset[str] | None:
        return frozenset(self.groups[0])

    def present(self, index: Index) -> bool:
        words = index.words
        return all(any(t in words for t in group) for group in self.groups)

    def evidence(self, index: Index, excluded: Spans | None, roles: frozenset[Role],
                 label: str) -> list[Evidence]:
        layout = index.layout
        per_unit: dict[int, list[list[_Hit]]] = {}
        by_sentence = self.scope == "sentence"
        sentences = layout.sentences
        words = index.words
        hit_groups = [[hit for term in group if term in words for hit in words[term]] for group in self.groups]
        # A quick first sieve: the units that may hold a hit of every group (a hit counts for the
        # sentence starting at or before it, or that sentence's paragraph).
        starts, paragraph_of = index.starts, index.paragraph_of
        common: set[int] | None = None
        for hits in hit_groups:
            units = ({bisect_right(starts, a) for a, _ in hits} if by_sentence
                     else {paragraph_of[bisect_right(starts, a)] for a, _ in hits})
            common = units if common is None else common & units
            if not common:
                return []
        for g, hits in enumerate(hit_groups):
            for start, end in hits:
                after = bisect_right(starts, start)   # the sentence before: after - 1
                if (after if by_sentence else paragraph_of[after]) not in common or not after:
                    continue
                s = sentences[after - 1]
                if start >= s.end or excluded is not None and excluded.overlap(start, end):
                    continue
                si = after - 1
                unit = si if by_sentence else s.paragraph
                slots = per_unit.get(unit)
                if slots is None:
                    if g:
                        continue   # no hit of the first group here: this unit cannot hold them all
                    slots = per_unit[unit] = [[] for _ in self.groups]
                slots[g].append((start, end, s.role_at(start), si))
        out = []
        for slots in per_unit.values():
            if not all(slots):
                continue
            counting_slots = [[h for h in slot if h[2] in roles] for slot in slots]
            counting = all(counting_slots)
            chosen = closest(counting_slots if counting else slots)
            role = (chosen[0][2] if counting
                    else next((h[2] for h in chosen if h[2] not in roles), chosen[0][2]))
            span = list(range(min(h[3] for h in chosen), max(h[3] for h in chosen) + 1))
            out.append(quote(layout, span, role, [(h[0], h[1]) for h in chosen], label))
        return out

    def describe(self, full: bool = False) -> tuple[str, ...]:
        scope = "同句" if self.scope == "sentence" else "同段"
        return (f"{scope}:" + "+".join(group_label(g, full) for g in self.groups),)

    def hint_words(self) -> Iterable[str]:
        return self.words()


def closest(slots: list[list[_Hit]]) -> list[_Hit]:
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
    picked: dict[int, _Hit] = {}
    for _, g, h in window:
        picked.setdefault(g, h)
    return sorted(picked.values())
