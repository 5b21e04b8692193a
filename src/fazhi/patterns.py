"""Rubric regular expressions: compiled once and checked at load time for the shapes that
make a backtracking engine take exponential time, so that no rule can hang the scorer.

Rejected (file:line, item id, exit 2):
- an unbounded repeat of something that itself repeats, e.g. `(a+)+`, `(a*)*b`, `(x+x+)+y`;
- an unbounded repeat of alternatives where one is a prefix of another, e.g. `(a|aa)+`;
- a repeat of three or more copies of an unbounded `.`, e.g. `(.*a){12}`.
Everything else the rubric uses (bounded gaps such as `[^。]{0,20}`, look-around) runs in time
linear in the report's length.
"""

from __future__ import annotations

import re

try:  # Python ≥ 3.11
    from re import _constants as C
    from re import _parser as parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

Pattern = re.Pattern[str]
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)


def compile_pattern(pattern: str) -> Pattern:
    """Compile; raises re.error (with .msg) for a pattern that does not compile."""
    return re.compile(pattern)


def backtracks(pattern: Pattern) -> bool:
    """Does the pattern have a shape that can backtrack catastrophically?"""
    return _risky(list(parser.parse(pattern.pattern)))


def _risky(items: list) -> bool:  # type: ignore[type-arg]
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            sub = list(sub)
            if high == C.MAXREPEAT and (_repeats(sub) or _overlapping_branches(sub)):
                return True
            if high >= 3 and _unbounded_any(sub):
                return True
            if _risky(sub):
                return True
        elif any(_risky(child) for child in children(op, av)):
            return True
    return False


def children(op: object, av: object) -> list[list]:  # type: ignore[type-arg]
    """The sub-sequences of a parsed group, alternation or look-around (not of a repeat)."""
    if op == C.SUBPATTERN:
        return [list(av[3])]  # type: ignore[index]
    if op == C.BRANCH:
        return [list(b) for b in av[1]]  # type: ignore[index]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(av[1])]  # type: ignore[index]
    return []


def _repeats(items: list) -> bool:  # type: ignore[type-arg]
    for op, av in items:
        if op in _REPEATS and (av[1] > 1 or _repeats(list(av[2]))):
            return True
        if any(_repeats(child) for child in children(op, av)):
            return True
    return False


def _overlapping_branches(items: list) -> bool:  # type: ignore[type-arg]
    for op, av in items:
        if op == C.BRANCH:
            words = [_literal(list(b)) for b in av[1]]
            if None in words:
                continue
            if any(a != b and b.startswith(a) for a in words for b in words) or len(set(words)) < len(words):
                return True
        elif any(_overlapping_branches(child) for child in children(op, av)):
            return True
    return False


def _literal(items: list) -> str | None:  # type: ignore[type-arg]
    if all(op == C.LITERAL for op, _ in items):
        return "".join(chr(av) for _, av in items)
    return None


def _unbounded_any(items: list) -> bool:  # type: ignore[type-arg]
    for op, av in items:
        if op in _REPEATS and av[1] == C.MAXREPEAT and any(o == C.ANY for o, _ in av[2]):
            return True
        if any(_unbounded_any(child) for child in children(op, av)):
            return True
    return False


def alternation(terms: tuple[str, ...] | list[str]) -> str:
    """Literal *terms* as one regex group, longest first (so that 常务会议 wins over 常务会)."""
    return "(?:" + "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t))) + ")"
