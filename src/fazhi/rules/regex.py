"""`regex`: regular expressions over the normalised text; each match is a hit.

    regex: ['常务会(议)?[^\\n。;]{0,12}学法', '${meeting}[^。]{0,10}学习']

`$name` as a whole entry stands for a named pattern (or a vocabulary as an alternation);
`${name}` inside a regex is replaced by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..patterns import Pattern
from .base import Context, Gate, TextKind

if TYPE_CHECKING:
    from ..match import Index
    from ..search import RegexPlan, Span

_HAN = re.compile(r"[\u4e00-\u9fff]+")


def plan_gate(plan: RegexPlan) -> tuple[frozenset[str], ...] | None:
    """Word sets every match of a planned regex holds a word of (None: it needs none)."""
    if plan.needs:
        return plan.needs
    found = plan.near.core_words if plan.near else plan.starts
    return (found,) if found else None


@dataclass(frozen=True)
class Regex(TextKind):
    key: ClassVar[str] = "regex"
    regexes: tuple[Pattern, ...]
    sources: tuple[str, ...]   # as written, with references unexpanded (shown to reviewers)

    @classmethod
    def parse(cls, value: list[str], ctx: Context) -> Regex:
        return cls(ctx.regexes(value, ()), tuple(value))

    def patterns(self) -> Iterable[Pattern]:
        return self.regexes

    def gate(self, plans: Mapping[str, RegexPlan]) -> Gate | None:
        gate = []
        for pattern in self.regexes:   # any of the regexes
            needed = plan_gate(plans[pattern.pattern])
            if needed is None:
                return None
            gate.append(needed)
        return tuple(gate)

    def spans(self, index: Index) -> list[Span]:
        if len(self.regexes) == 1:
            return index.matches(self.regexes[0])
        hits: list[Span] = []
        for pattern in self.regexes:
            hits += index.matches(pattern)
        return hits

    def describe(self, full: bool = False) -> tuple[str, ...]:
        return tuple(f"/{s}/" for s in self.sources)

    def hint_words(self) -> Iterable[str]:
        return [w for p in self.regexes for w in _HAN.findall(p.pattern)]
