"""`near`: terms of two or three groups within a few characters of each other, in one sentence
(or one clause), in either order; each group is a term, a `$vocabulary` or a list of them.

    near: {groups: [$meetings, [学法, 专题学习]], within: 10}
    near: {groups: [$principal_leaders, 第一责任人], within: 20, clause: true}

`within` is the most characters between one group's term and the next; `clause: true` keeps
them inside one clause (no comma, colon or enumeration comma between); `ordered: true` keeps
the groups' order. It is run as a regex (one alternative per order), so the searcher's
shortcuts apply to it as to any regex.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import permutations
from typing import TYPE_CHECKING, Any, ClassVar

from ..patterns import Pattern, alternation, compile_pattern
from .base import Context, TextKind, group_label
from .regex import plan_gate
from .together import groups

if TYPE_CHECKING:
    from ..match import Index
    from ..search import RegexPlan, Span

_SENTENCE_GAP = "[^。!?;\\n]"
_CLAUSE_GAP = "[^。!?;\\n,:]"   # after normalisation "," also stands for 、 and ,


@dataclass(frozen=True)
class Near(TextKind):
    key: ClassVar[str] = "near"
    groups: tuple[tuple[str, ...], ...]
    within: int
    clause: bool
    ordered: bool
    pattern: Pattern

    @classmethod
    def parse(cls, value: dict[str, Any], ctx: Context) -> Near:
        found = groups(value["groups"], ctx, ("groups",))
        within, clause, ordered = value["within"], value.get("clause", False), value.get("ordered", False)
        return cls(found, within, clause, ordered, build(found, within, clause, ordered))

    def patterns(self) -> Iterable[Pattern]:
        return (self.pattern,)

    def gate(self, plans: Mapping[str, RegexPlan]) -> frozenset[str] | None:
        return plan_gate(plans[self.pattern.pattern])

    def spans(self, index: Index) -> list[Span]:
        return index.matches(self.pattern)

    def describe(self, full: bool = False) -> tuple[str, ...]:
        where = "同一分句" if self.clause else "同句"
        order = "、按此顺序" if self.ordered else ""
        return (f"{where}相距≤{self.within}字{order}:" + "+".join(group_label(g, full) for g in self.groups),)

    def hint_words(self) -> Iterable[str]:
        return [t for g in self.groups for t in g]


def build(found: tuple[tuple[str, ...], ...], within: int, clause: bool, ordered: bool) -> Pattern:
    """The regex: each order of the groups, terms joined by a gap of at most *within* characters
    that crosses no sentence (or clause) boundary; the shortest gap is preferred."""
    gap = f"{_CLAUSE_GAP if clause else _SENTENCE_GAP}{{0,{within}}}?"
    alternatives = [alternation(g) for g in found]
    orders = [tuple(range(len(found)))] if ordered else list(permutations(range(len(found))))
    return compile_pattern("|".join(gap.join(alternatives[i] for i in order) for order in orders))

