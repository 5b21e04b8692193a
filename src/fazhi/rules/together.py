"""`all`: groups of terms that must all occur in one sentence (or one paragraph); each group
is a term, a `$vocabulary` or a list of them.

    all: [[法治建设第一责任人, 法治第一责任人], [亲自部署, 主持召开]]
    all: {groups: [$party_bodies, [听取, 审议], [法治政府, 法治建设]], scope: paragraph}

The evidence is the stretch of sentences holding one hit of each group, as close together as
possible; it counts when every group has a hit in a counting role there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..match import quote
from ..model import COUNTING_ROLES, Evidence, Role
from .base import Context, Gate, TextKind, group_label

if TYPE_CHECKING:
    from ..match import Index, Spans
    from ..search import RegexPlan

_Hit = tuple[int, int, Role, int]   # start, end, role at the hit, sentence


_SHARED: dict[tuple[str, ...], tuple[str, ...]] = {}


def groups(value: list[Any], ctx: Context, path: tuple[Any, ...]) -> tuple[tuple[str, ...], ...]:
    """Each group as its terms (a group may be one term or `$vocabulary`, or a list of them). Equal
    groups are one tuple, so that a report's hits of a vocabulary are gathered once for every rule
    that uses it (`Index.group_hits` keys on the tuple's identity)."""
    return tuple(_SHARED.setdefault(terms, terms) for terms in
                 (ctx.terms([g] if isinstance(g, str) else g, path + (i,)) for i, g in enumerate(value)))


class Grouped(TextKind):
    """A kind made of groups of alternative words, a word of each of which must be found (`all`,
    `near`)."""

    groups: tuple[tuple[str, ...], ...]
    _sets: tuple[frozenset[str], ...]

    def __post_init__(self) -> None:
        # each group as a set, for a quick "is some word of every group in the report?"
        object.__setattr__(self, "_sets", tuple(frozenset(g) for g in self.groups))

    def present(self, index: Index) -> bool:
        words = index.words.keys()
        for terms in self._sets:
            if words.isdisjoint(terms):
                return False
        return True

    def words(self) -> Iterable[str]:
        return [t for group in self.groups for t in group]

    def gate(self, plans: Mapping[str, RegexPlan]) -> Gate | None:
        return (tuple(frozenset(g) for g in self.groups),)   # every match holds a word of each group

    def hint_words(self) -> Iterable[str]:
        return self.words()


@dataclass(frozen=True)
class Together(Grouped):
    key: ClassVar[str] = "all"
    joint: ClassVar[bool] = True
    groups: tuple[tuple[str, ...], ...]
    scope: str = "sentence"   # or "paragraph"

    @classmethod
    def parse(cls, value: list[Any] | dict[str, Any], ctx: Context) -> Together:
        if isinstance(value, dict):
            return cls(groups(value["groups"], ctx, ("groups",)), value.get("scope", "sentence"))
        return cls(groups(value, ctx, ()))

    def evidence(self, index: Index, excluded: Spans | None, roles: frozenset[Role],
                 label: str) -> list[Evidence]:
        layout = index.layout
        by_sentence = self.scope == "sentence"
        sentences, starts = layout.sentences, index.starts
        stretches = sentences if by_sentence else layout.paragraphs
        per_group = [index.group_hits(group) for group in self.groups]
        # The units (sentences or paragraphs) holding a hit of every group: those of the rarest
        # group, kept when each other group has a hit inside; a rule counting only some parts (a
        # few sentences) looks in those alone, for no mentions.
        fewest = min(range(len(per_group)), key=lambda g: len(per_group[g]))
        units = (index.units(self.groups[fewest], by_sentence) if roles == COUNTING_ROLES else
                 {i if by_sentence else sentences[i].paragraph for i in index.sentences_in(roles)})
        common = []
        for unit in units:
            span = stretches[unit]
            for hits in per_group:
                k = bisect_left(hits, (span.start,))
                if k == len(hits) or hits[k][0] >= span.end:
                    break
            else:
                common.append(unit)
        out = []
        for unit in sorted(common):
            span = stretches[unit]
            slots: list[list[_Hit]] = []
            for hits in per_group:
                slot = []
                for k in range(bisect_left(hits, (span.start,)), len(hits)):
                    start, end = hits[k]
                    if start >= span.end:
                        break
                    if excluded is not None and excluded.overlap(start, end):
                        continue
                    si = unit if by_sentence else bisect_right(starts, start) - 1
                    if start < sentences[si].end:
                        slot.append((start, end, sentences[si].role_at(start), si))
                if not slot:
                    break
                slots.append(slot)
            else:
                counting_slots = [[h for h in slot if h[2] in roles] for slot in slots]
                counting = all(counting_slots)
                chosen = closest(counting_slots if counting else slots)
                role = (chosen[0][2] if counting
                        else next((h[2] for h in chosen if h[2] not in roles), chosen[0][2]))
                run = list(range(min(h[3] for h in chosen), max(h[3] for h in chosen) + 1))
                out.append(quote(layout, run, role, [(h[0], h[1]) for h in chosen], label))
        return out

    def describe(self, full: bool = False) -> tuple[str, ...]:
        scope = "同句" if self.scope == "sentence" else "同段"
        return (f"{scope}:" + "+".join(group_label(g, full) for g in self.groups),)



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
