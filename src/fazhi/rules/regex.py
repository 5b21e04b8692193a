"""`regex`: regular expressions over the normalised text; each match is a hit.

    regex: ['常务会(议)?[^\\n。;]{0,12}学法', '${meeting}[^。]{0,10}学习']

`$name` as a whole entry stands for a named pattern (or a vocabulary as an alternation);
`${name}` inside a regex is replaced by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..patterns import C, Pattern, parser
from .base import Context, Gate, TextKind

if TYPE_CHECKING:
    from ..match import Index
    from ..search import RegexPlan, Span

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_KEEP = 64     # spellings of one stretch kept while expanding alternatives (the count goes on)
_SHOWN = 3     # spellings of a stretch shown before "…等 N 种"
_SOME = "×"    # stands for a digit, or any character of a range such as [2-9]
_GAP = "…"     # a bounded run of "anything but …" inside a group


def human(pattern: str) -> str:
    """A regex as reviewers read it: the stretches of words it looks for, in order, joined by
    "+" (a bounded gap such as `[^。]{0,12}` separates them); alternatives spelled out as
    "a|b|c…等 N 种"; optional punctuation and look-arounds left out. No regex syntax remains."""
    stretches: list[str] = []
    spellings, count = [""], 1
    for op, av in parser.parse(pattern):
        if _is_gap(op, av):
            stretches.append(_label(spellings, count))
            spellings, count = [""], 1
            continue
        alts, n = _spell(op, av)
        spellings, count = _join(spellings, count, alts, n)
    stretches.append(_label(spellings, count))
    return "+".join(s for s in stretches if s)


def _is_gap(op: object, av: object) -> bool:
    """A run of "any character but …" (or of any character): it only bounds a distance."""
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        body = list(av[2])  # type: ignore[index]
        return len(body) == 1 and _is_gap(*body[0])
    return op in (C.ANY, C.NOT_LITERAL) or (op is C.IN and any(o is C.NEGATE for o, _ in av))  # type: ignore[attr-defined]


def _join(left: list[str], n: int, right: list[str], m: int) -> tuple[list[str], int]:
    """Every spelling of *left* followed by every one of *right* (the first _KEEP kept)."""
    return [a + b for a in left for b in right][:_KEEP], n * m


def _spell_all(parsed: object) -> tuple[list[str], int]:
    spellings, count = [""], 1
    for op, av in parsed:  # type: ignore[attr-defined]
        alts, n = ([_GAP], 1) if _is_gap(op, av) else _spell(op, av)
        spellings, count = _join(spellings, count, alts, n)
    return spellings, count


def _spell(op: object, av: Any) -> tuple[list[str], int]:
    """The spellings of one regex element, and how many there are in all."""
    if op is C.LITERAL:
        return [chr(av)], 1
    if op is C.IN:
        chars = [chr(v) for o, v in av if o is C.LITERAL]
        if len(chars) < len(av):   # a range or a category besides: one "×" stands for them
            chars.append(_SOME)
        return chars, len(chars)
    if op is C.SUBPATTERN:
        return _spell_all(av[-1])
    if op is C.BRANCH:
        spellings: list[str] = []
        count = 0
        for branch in av[1]:
            alts, n = _spell_all(branch)
            spellings += alts
            count += n
        return spellings[:_KEEP], count
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, high, body = av
        alts, n = _spell_all(body)
        if low == 0 and high == 1:   # optional: with and without (optional punctuation: without)
            words = [a for a in alts if _HAN.search(a)]
            return [""] + words[:_KEEP - 1], 1 + len(words)
        if low == high and low <= 4:
            return [a * low for a in alts], n
        return [alts[0] if n == 1 else _SOME], 1
    return [""], 1   # anchors, look-arounds, back-references: not words


def _label(spellings: list[str], count: int) -> str:
    """A stretch's spellings as "a|b|c…等 N 种"; a stretch with no Chinese word (a quotation
    mark, a digit) says nothing to a reviewer and is left out."""
    words = [w for w in dict.fromkeys(spellings) if _HAN.search(w)]
    if not words:
        return ""
    if count <= _SHOWN or len(words) <= _SHOWN and count == len(words):
        return "|".join(words)
    return "|".join(words[:_SHOWN]) + f"…等{count}种"


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
        """*full* (`score explain`): the regexes as written; else the words they look for."""
        if full:
            return tuple(f"/{s}/" for s in self.sources)
        return tuple(dict.fromkeys(h for h in (human(p.pattern) for p in self.regexes) if h))

    def hint_words(self) -> Iterable[str]:
        return [w for p in self.regexes for w in _HAN.findall(p.pattern)]
