"""Rubric regular expressions: compiled once and checked at load time, so that no rule can
make the backtracking engine (Python's `re`) slow, whatever the report.

A rubric regex is accepted only when the work of trying it at one position is bounded by a
small number, whatever the text; tried at every position, it then runs in time linear in
the report's length. Rejected (file:line, item id, exit 2), with the reason:
- a repeat without an upper bound (`*`, `+`, `{2,}`): tried from every start of a long run it
  takes quadratic time — write the bound, e.g. `[^。]{0,50}`, `\\d{1,6}`;
- a match longer than MAX_WIDTH characters;
- a repeat of something that can match nothing (`(a?)+`, `(法|法?){1,9}`);
- a repeat of something of variable length (`(\\w+\\s?){1,50}`, `(a{1,5}){2,25}`), unless each
  variable part is a run of one character class ended by a character outside it
  (`(《[^》]{0,60}》){1,6}`: each iteration ends at the next 》, one way only);
- a repeat of alternatives where one is a prefix of another (`(a|aa){1,9}`);
- more than MAX_PATHS ways to match at one position: the product of the choices its gaps and
  alternatives leave (`[^。]{0,30}X[^。]{0,30}` has 31 × 31; three gaps of 100 in a row, 10⁶).
The battery in tests/test_hostile.py runs random regexes the checker accepts on hostile texts.
The check bounds one position's work, not its product with the text's length: a regex within the
bounds that is still slow on some long text is stopped by the time limit (limits.time_limit).
"""

from __future__ import annotations

import math
import re
from typing import Any, cast

try:  # Python ≥ 3.11
    from re import _constants as C  # type: ignore[attr-defined]  # private, not in typeshed: used untyped
    from re import _parser as parser  # type: ignore[attr-defined]  # private, not in typeshed: used untyped
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C
    import sre_parse as parser

Pattern = re.Pattern[str]
# A parsed regex as `re`'s private parser gives it: a list of (opcode, argument) items, untyped.
Parsed = list[tuple[Any, Any]]
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))
MAX_WIDTH = 500
MAX_PATHS = 100_000


def compile_pattern(pattern: str) -> Pattern:
    """Compile; raises re.error (with .msg) for a pattern that does not compile."""
    return re.compile(pattern)


def backtracks(pattern: Pattern) -> str | None:
    """Why the pattern could take more than linear time (a message for the reviewer), or None."""
    parsed = parser.parse(pattern.pattern)
    items, width = list(parsed), parsed.getwidth()[1]
    if _unbounded(items):
        return "含有没有上限的重复(*、+ 或 {n,}),在长文本上会很慢 — 请写出上限,如 [^。]{0,50}、\\d{1,6}"
    if width > MAX_WIDTH:
        return f"可匹配的文字最长 {width} 字,超过 {MAX_WIDTH} 字 — 请缩小重复的上限"
    reason = _risky(items)
    if reason:
        return reason
    if _paths(items) > MAX_PATHS:
        return (f"在同一位置的匹配方式超过 {MAX_PATHS:,} 种(相邻的可变长度空隙太多或太长)— "
                "请缩小重复的上限,或用 near 规则代替")
    return None


def _unbounded(items: Parsed) -> bool:
    for op, av in items:
        if op in _REPEATS and (av[1] == C.MAXREPEAT or _unbounded(list(av[2]))):
            return True
        if any(_unbounded(child) for child in children(op, av)):
            return True
    return False


def _risky(items: Parsed) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            sub = list(sub)
            if high > 1:
                body = sub
                while len(body) == 1 and body[0][0] == C.SUBPATTERN:   # (…){1,6}: the group's content
                    body = list(body[0][1][3])
                if _width(sub)[0] == 0:
                    return "重复的部分可以什么都不匹配(如 (a?)+、(法|法?){1,9})— 请改写,让每次重复至少匹配一个字"
                if not _delimited(body):
                    return "重复的部分本身长度可变(嵌套的重复,如 (\\w+\\s?){1,50})— 请改写,例如去掉外层的重复"
                if _overlapping_branches(sub):
                    return "重复的选择项中有一个是另一个的开头(如 (a|aa){1,9})— 请改写选择项"
            reason = _risky(sub)
            if reason:
                return reason
        else:
            for child in children(op, av):
                reason = _risky(child)
                if reason:
                    return reason
    return None


def children(op: object, av: Any) -> list[Parsed]:
    """The sub-sequences of a parsed group, alternation or look-around (not of a repeat)."""
    if op == C.SUBPATTERN:
        return [list(av[3])]
    if op == C.BRANCH:
        return [list(b) for b in av[1]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(av[1])]
    if op == getattr(C, "ATOMIC_GROUP", None):
        return [list(av)]
    return []


def _overlapping_branches(items: Parsed) -> bool:
    for op, av in items:
        if op == C.BRANCH:
            words = [_literal(list(b)) for b in av[1]]
            if None not in words and not _prefix_free(cast(list[str], words)):
                return True
        elif any(_overlapping_branches(child) for child in children(op, av)):
            return True
    return False


def _literal(items: Parsed) -> str | None:
    if all(op == C.LITERAL for op, _ in items):
        return "".join(chr(av) for _, av in items)
    return None


def _prefix_free(words: list[str]) -> bool:
    """No word twice and none the beginning of another: at one position at most one can match."""
    return len(set(words)) == len(words) and not any(a != b and b.startswith(a) for a in words for b in words)


def _width(items: Parsed) -> tuple[int, int]:
    """The shortest and longest match of the sequence."""
    return parser.SubPattern(parser.State(), items).getwidth() if items else (0, 0)


def _one_class(items: Parsed) -> bool:
    """Is the sequence one character: a literal, a class or `.`?"""
    return len(items) == 1 and items[0][0] in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY)


def _ended(cls: tuple[Any, Any], after: tuple[Any, Any] | None) -> bool:
    """Does *after* (the item that follows a run of *cls*) end the run: a literal outside it?"""
    return after is not None and after[0] == C.LITERAL and not _matches(cls, after[1])


def _delimited(items: Parsed) -> bool:
    """Is every variable-length part of the repeated sequence a run of one character class ended
    by a character outside it (so that where it ends is decided by the text alone)?"""
    for i, (op, av) in enumerate(items):
        if op in _REPEATS:
            low, high, sub = av
            sub = list(sub)
            if low == high and _delimited(sub):
                continue
            # What comes next: the following item, or at the end the first one (the next round).
            if not _one_class(sub) or not _ended(sub[0], items[(i + 1) % len(items)]):
                return False
        elif op == C.BRANCH or op == C.SUBPATTERN:
            if not all(_delimited(child) and len(set(_width(child))) == 1 for child in children(op, av)):
                return False
    return True


def _matches(item: tuple[Any, Any], code: int) -> bool:
    """Can the one-character item (a literal, a class, `.`) match the character *code*?"""
    op, av = item
    if op == C.LITERAL:
        return av == code  # type: ignore[no-any-return]  # av: the untyped parser's int
    if op == C.NOT_LITERAL:
        return av != code  # type: ignore[no-any-return]  # av: the untyped parser's int
    if op == C.ANY:
        return code != 10
    negate = bool(av) and av[0][0] == C.NEGATE
    hit = False
    for o, a in av:
        if o == C.LITERAL:
            hit = hit or a == code
        elif o == C.RANGE:
            hit = hit or a[0] <= code <= a[1]
        elif o == C.CATEGORY:
            hit = True   # \d, \w, \s …: assumed to match (the safe answer)
    return hit != negate


def _paths(items: Parsed) -> float:
    """An upper bound on the ways the sequence can match at one position: each gap (a repeat of
    one class) offers max − min + 1 lengths unless a character outside it ends it; alternatives
    add up; a repeat multiplies its body's ways by itself once per possible count."""
    total = 1.0
    for i, (op, av) in enumerate(items):
        if op in _REPEATS:
            low, high, sub = av
            sub = list(sub)
            if _one_class(sub):
                total *= 1 if _ended(sub[0], items[i + 1] if i + 1 < len(items) else None) else high - low + 1
            else:
                total *= _repeated(_paths(sub), low, high)
        elif op == C.BRANCH:
            ways = [_paths(list(b)) for b in av[1]]
            words = [_literal(list(b)) for b in av[1]]
            exclusive = None not in words and _prefix_free(cast(list[str], words))
            total *= max(ways) if exclusive else sum(ways)
        else:
            for child in children(op, av):
                total *= _paths(child)
        if total > MAX_PATHS:
            return total
    return total


def _repeated(ways: float, low: int, high: int) -> float:
    """Σ ways^k for k in low..high, stopping once past MAX_PATHS."""
    if ways <= 1:
        return float(high - low + 1)
    if low * math.log(ways) > math.log(MAX_PATHS):
        return math.inf
    total, power = 0.0, ways ** low
    for _ in range(low, high + 1):
        total += power
        power *= ways
        if total > MAX_PATHS:
            break
    return total


def alternation(terms: tuple[str, ...] | list[str]) -> str:
    """Literal *terms* as one regex group, longest first (so that 常务会议 wins over 常务会)."""
    return "(?:" + "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t))) + ")"
