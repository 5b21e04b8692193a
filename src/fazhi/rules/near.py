"""`near`: terms of two or three groups within a few characters of each other, in one sentence
(or one clause), in either order; each group is a term, a `$vocabulary` or a list of them.

    near: {groups: [$meetings, [学法, 专题学习]], within: 10}
    near: {groups: [$principal_leaders, 第一责任人], within: 20, clause: true}

`within` is the most characters between one group's term and the next; `clause: true` keeps
them inside one clause (no comma, colon or enumeration comma between); `ordered: true` keeps
the groups' order. Found from the words' hits (one automaton pass), without a regex.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .base import Context, group_label
from .together import Grouped, groups

if TYPE_CHECKING:
    from ..match import Index
    from ..search import Span

_Hit = tuple[int, int, int]   # start, end, group
_CLAUSE_STOP = re.compile("[,:]")   # within a sentence; after normalisation "," also stands for 、 and ,


@dataclass(frozen=True)
class Near(Grouped):
    key: ClassVar[str] = "near"
    groups: tuple[tuple[str, ...], ...]
    within: int
    clause: bool
    ordered: bool
    _reach: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        # how far from a hit of one group a chain through all the groups can reach
        longest = max(len(t) for g in self.groups for t in g)
        object.__setattr__(self, "_reach", (len(self.groups) - 1) * (self.within + longest))

    @classmethod
    def parse(cls, value: dict[str, Any], ctx: Context) -> Near:
        return cls(groups(value["groups"], ctx, ("groups",)), value["within"], value.get("clause", False),
                   value.get("ordered", False))

    def spans(self, index: Index) -> list[Span]:
        """From left to right, each run of hits, one per group, that follow each other with at
        most `within` characters and no stop between (the nearest next hit first). Every run
        holds a hit of the rarest group, so only the hits around those are tried."""
        if not self.present(index):
            return []
        per_group = [index.group_hits(group) for group in self.groups]
        rare = min(per_group, key=len)
        reach = self._reach
        # The hits (with their group) within reach of a rare hit, in text order.
        window: list[tuple[int, int]] = []
        for a, b in rare:
            if window and a - reach <= window[-1][1]:
                window[-1] = (window[-1][0], b + reach)
            else:
                window.append((a - reach, b + reach))
        hits: list[_Hit] = []
        for g, found in enumerate(per_group):
            for lo, hi in window:
                for a, b in found[bisect_left(found, (lo,)):bisect_left(found, (hi,))]:
                    hits.append((a, b, g))
        hits.sort()
        starts = [h[0] for h in hits]
        text, sentences, within, count = index.layout.text, index.layout.sentences, self.within, len(hits)
        out: list[Span] = []
        pos = 0
        for k, (a, b, g) in enumerate(hits):
            if a < pos or (self.ordered and g):
                continue
            j = bisect_left(starts, b, k + 1)
            if j == count or starts[j] > b + within:
                continue   # no hit follows closely enough (most hits of a common word)
            si = index.sentence_at(a)
            if si is None:
                continue
            # the chain stays in this sentence, and with `clause` before the next comma or colon
            bound = sentences[si].end - 1
            if self.clause and (stop := _CLAUSE_STOP.search(text, b, bound + 1)) is not None:
                bound = stop.start() - 1
            end = self._chain(hits, starts, bound, b, 1 << g, g)
            if end is not None:
                out.append((a, end))
                pos = end
        return out

    def _chain(self, hits: list[_Hit], starts: list[int], bound: int, end: int, used: int,
               last: int) -> int | None:
        """The end of the nearest chain that goes on from *end* through the groups not *used*,
        each next hit starting at most `within` after the last and not after *bound*."""
        if used == (1 << len(self.groups)) - 1:
            return end
        limit = min(end + self.within, bound)
        j = bisect_left(starts, end)
        while j < len(hits) and hits[j][0] <= limit:
            _, b, g = hits[j]
            if not used & (1 << g) and (not self.ordered or g == last + 1):
                found = self._chain(hits, starts, bound, b, used | (1 << g), g)
                if found is not None:
                    return found
            j += 1
        return None

    def describe(self, full: bool = False) -> tuple[str, ...]:
        where = "同一分句" if self.clause else "同句"
        order = "、按此顺序" if self.ordered else ""
        return (f"{where}相距≤{self.within}字{order}:" + "+".join(group_label(g, full) for g in self.groups),)
