"""`any`: literal terms (or `$vocabulary` references); each occurrence is a hit.

    any: [述法, 年终述法, $plan_docs]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from .base import Context, Gate, TextKind

if TYPE_CHECKING:
    from ..match import Index
    from ..search import RegexPlan, Span


@dataclass(frozen=True)
class Terms(TextKind):
    key: ClassVar[str] = "any"
    terms: tuple[str, ...]

    @classmethod
    def parse(cls, value: list[str], ctx: Context) -> Terms:
        return cls(ctx.terms(value, ()))

    def words(self) -> Iterable[str]:
        return self.terms

    def gate(self, plans: Mapping[str, RegexPlan]) -> Gate | None:
        return ((frozenset(self.terms),),)

    def spans(self, index: Index) -> list[Span]:
        get = index.words.get
        hits: list[Span] = []
        for term in self.terms:
            found = get(term)
            if found:
                hits += found
        return hits

    def describe(self, full: bool = False) -> tuple[str, ...]:
        return self.terms

    def hint_words(self) -> Iterable[str]:
        return self.terms
