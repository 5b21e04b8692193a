"""The rubric compiled for search, once per run, so that a report is read in one pass.

- One Aho–Corasick automaton (pyahocorasick) holds every literal term of the rubric and the
  words each regex cannot match without; one pass over a report finds all their occurrences,
  overlapping ones included.
- A regex runs only when its required words occur (sets read off the parsed regex: e.g.
  `(法治|法律)[^。]{0,6}专题讲座` cannot match without 专题讲座 and one of 法治, 法律); when its
  matches have a bounded length, only in the windows around the rarest required words, or
  only where the fixed words it starts with occur, whichever costs less in that report; when
  they are unbounded, only at those start words.
- A regex shaped `[^…]{0,m}CORE[^…]{0,n}` ("CORE and the clause around it") is evaluated from
  CORE's positions instead of trying the leading gap at every character, which is what makes
  a backtracking engine slow on it.

Every shortcut returns exactly the spans `pattern.finditer` returns (tests/test_search.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import KeysView, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, chain, count
from operator import add
from typing import TYPE_CHECKING, Any

import ahocorasick

from .patterns import C, Parsed, Pattern, children, parser

if TYPE_CHECKING:
    from .rubric import Item
    from .rules.base import Gate

Span = tuple[int, int]
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
_MAX_WORDS = 32   # a required-word set spelled out from character classes stays this small
_MAX_NEEDS = 2    # required-word sets kept per regex: the most selective (more cost more hits to find)
# The cost of trying a regex at one start word and of searching one window, in characters scanned
# (measured on the example reports: the choice between the two is made per regex and report).
_TRY_COST = 8
_WINDOW_COST = 10
# The gap at either end of a "near" regex: a negated character class repeated 0..n times, greedy.
_GAP = r"\[\^((?:\\.|[^\]\\])+)\]\{0,(\d+)\}"
_LEADING_GAP = re.compile("^" + _GAP + "(?![?+])")
_TRAILING_GAP = re.compile(_GAP + "$")
# A character outside the BMP takes two UTF-16 units; the automaton reads each as U+FFFF, one
# unit, so that unit positions are character positions (hits of words holding one are checked).
_ASTRAL = re.compile("[\U00010000-\U0010FFFF\uFFFF]")


@dataclass(frozen=True)
class Near:
    """`[^B]{0,before}CORE[^A]{0,after}` as the parts the fast evaluation needs."""

    stop_before: Pattern   # the characters the leading gap cannot cross, as a positive class
    before: int
    core: Pattern          # CORE alone
    core_words: frozenset[str] | None   # every string CORE matches, when a small fixed set
    stop_after: Pattern | None
    after: int

    def spans(self, text: str, words: dict[str, list[Span]]) -> list[Span]:
        """The spans `finditer` gives for the whole regex, without its per-character retries."""
        cores = self._cores(text, words)
        if not cores:
            return []
        starts = [c for c, _ in cores]
        stops = _positions(self.stop_before, text)
        stops_after = stops if self.stop_after is None else _positions(self.stop_after, text)
        out: list[Span] = []
        n, pos, i = len(text), 0, 0
        while True:
            i = bisect_left(starts, pos, i)
            if i == len(starts):
                return out
            first = starts[i]
            # The leftmost start that reaches the first CORE: at most `before` characters back,
            # never across a stop character, never before the search position.
            k = bisect_left(stops, first) - 1
            start = max(pos, first - self.before, (stops[k] + 1) if k >= 0 else 0)
            # The greedy gap then backs off to the last CORE position it can reach.
            k = bisect_left(stops, start)
            reach = min(start + self.before, stops[k] if k < len(stops) else n)
            end = cores[bisect_right(starts, reach) - 1][1]
            if self.after:
                k = bisect_left(stops_after, end)
                end = min(end + self.after, stops_after[k] if k < len(stops_after) else n)
            out.append((start, end))
            pos = end

    def _cores(self, text: str, words: dict[str, list[Span]]) -> list[Span]:
        """Every position where CORE matches, with the end of its match there."""
        if self.core_words is None:   # try CORE at every position, through a look-ahead
            return [(m.start(), m.end(1)) for m in re.finditer(f"(?=({self.core.pattern}))", text)]
        # CORE can only match where one of its words starts; the regex says which one it takes.
        starts = sorted({a for w in self.core_words for a, _ in words.get(w, ())})
        return [(a, m.end()) for a in starts if (m := self.core.match(text, a))]


@lru_cache(maxsize=4)   # the current text's classes; an old text is not kept alive
def _positions(stop: Pattern, text: str) -> list[int]:
    """Where the one-character class *stop* matches in *text* (cached: "near" regexes of a
    rubric share their classes, and a text's hash is computed once)."""
    pieces = stop.split(text)
    return list(map(add, accumulate(map(len, pieces[:-1])), count()))


@dataclass(frozen=True)
class RegexPlan:
    pattern: Pattern
    width: int | None    # the longest match, when bounded (and the shortest is not empty)
    margin: int | None   # how far past a match the regex looks (look-ahead, `$`), when bounded
    starts: frozenset[str] | None   # every match begins with one of these words (when known)
    # A match contains a word of each of these sets (single characters left out: too common to
    # be worth finding).
    needs: tuple[frozenset[str], ...]
    near: Near | None
    windowed: bool   # searched only in the windows around the hits of a required word set


@cache
def plan(pattern: Pattern) -> RegexPlan:
    """How to run *pattern* fast (cached: many items share patterns)."""
    parsed = parser.parse(pattern.pattern)
    items = list(parsed)
    # Most selective first; ties broken by the words themselves, so every process plans alike.
    needs = () if pattern.flags & re.IGNORECASE else tuple(sorted(
        {n for n in _needs(items) if min(map(len, n)) > 1},
        key=lambda n: (_selectivity(n), sorted(n)), reverse=True)[:_MAX_NEEDS])
    low, high = parsed.getwidth()
    width = high if 0 < low and high < C.MAXREPEAT else None
    margin, near = _margin(items), _near(pattern, items)
    windowed = bool(needs) and width is not None and margin is not None
    if near is not None and (near.core_words is not None or not windowed):
        windowed = False   # CORE's own words locate it; else the windows around a required word do
    # Tried only where it can start: when neither shortcut above applies, or, for a windowed
    # regex, when that is cheaper in a given report (see `regex_spans`).
    starts = (_starts(items) if low > 0 and not pattern.flags & re.IGNORECASE and near is None
              else None)
    return RegexPlan(pattern, width, margin, starts, needs, None if windowed else near, windowed)


class Searcher:
    """The automaton and regex plans for a set of items (a whole rubric, or one item). It keeps
    its own plans, so that a searcher restored from the rubric cache always agrees with the
    words its automaton was built for."""

    def __init__(self, items: Sequence[Item]) -> None:
        words: set[str] = set()
        self.plans: dict[str, RegexPlan] = {}
        for item in items:
            for rule in item.rules:
                words.update(rule.words())
                for pattern in rule.patterns():
                    p = self.plans[pattern.pattern] = plan(pattern)
                    words.update(w for need in p.needs for w in need)
                    words.update(p.near.core_words or () if p.near else ())
                    words.update(p.starts or ())
        # An item whose rules all need a word can be skipped in a report without any of them.
        self.gates = {item.id: gate for item in items if (gate := self._gate(item)) is not None}
        # The automaton reads UTF-16 code units spelled as pairs of Latin-1 characters:
        # pyahocorasick scans a node's children one by one, and a rubric's words begin with
        # some 400 different characters but only some 70 different high bytes.
        # Words that hold U+FFFF or a character outside the BMP may share a key: their hits are
        # told apart by the text itself.
        keys: dict[str, list[str]] = {}
        for w in sorted(words):
            keys.setdefault(_units(_ASTRAL.sub("\uffff", w)), []).append(w)
        self._automaton = ahocorasick.Automaton()
        for key, same in keys.items():
            checked = tuple(same) if _ASTRAL.search(same[0]) else None
            self._automaton.add_word(key, (len(same[0]), same[0], checked))
        if words:
            self._automaton.make_automaton()

    def _gate(self, item: Item) -> Gate | None:
        """What a report must hold for any rule of *item* to find anything: alternatives, each a
        few word sets that must all be present (None when a rule needs no word: a section, a
        date, a regex with no required word)."""
        gate: list[tuple[frozenset[str], ...]] = []
        for rule in item.rules:
            needed = rule.gate(self.plans)
            if needed is None:
                return None
            gate += needed
        # Alternatives of one word set merge into one; an alternative needing a word of a set
        # inside that one is then implied by it, and goes.
        single = frozenset().union(*(need[0] for need in gate if len(need) == 1))
        several = [need for need in dict.fromkeys(gate) if len(need) > 1 and not any(s <= single for s in need)]
        return ((single,),) * bool(single) + tuple(several)

    def opens(self, item_id: str, present: KeysView[str]) -> bool:
        """Can the item find anything in a report whose words are *present*?"""
        gate = self.gates.get(item_id)
        if gate is None:
            return True
        for need in gate:
            for words in need:
                if present.isdisjoint(words):
                    break
            else:
                return True
        return False

    def spans(self, pattern: Pattern, text: str, words: dict[str, list[Span]]) -> list[Span]:
        """Spans of *pattern* (one of this searcher's) in *text*; *words* from `words(text)`."""
        return regex_spans(self.plans[pattern.pattern], text, words)

    def words(self, text: str) -> dict[str, list[Span]]:
        """Every occurrence of every word, overlapping ones included, in text order per word."""
        hits: dict[str, list[Span]] = {}
        if self._automaton.kind != ahocorasick.AHOCORASICK:
            return hits
        units = _units(_ASTRAL.sub("\uffff", text) if _ASTRAL.search(text) else text)
        get = hits.get
        for last, value in self._automaton.iter(units):
            if not last & 1:
                continue   # a match from the second byte of a unit: not at a character
            end = (last + 1) >> 1
            length, word, checked = value
            if checked is not None:
                word = next((w for w in checked if text[end - length:end] == w), "")
                if not word:
                    continue
            spans = get(word)
            if spans is None:
                hits[word] = [(end - length, end)]
            else:
                spans.append((end - length, end))
        return hits


def _units(text: str) -> str:
    """*text* (no character outside the BMP) as its UTF-16 code units, two Latin-1 characters each."""
    return text.encode("utf-16-be", "surrogatepass").decode("latin-1")


def regex_spans(p: RegexPlan, text: str, words: dict[str, list[Span]]) -> list[Span]:
    """Spans of the planned regex's non-empty matches; *words* are the text's word hits, which
    must include every word the plan names."""
    pattern = p.pattern
    present = words.keys()
    for need in p.needs:
        if present.isdisjoint(need):
            return []
    if p.windowed:
        assert p.width is not None and p.margin is not None   # plan() windows only when both are known
        anchors = _rarest(p.needs, words)
        if p.starts is None:
            return _windowed(pattern, text, anchors, p.width, p.margin)
        # Trying the regex at each start word costs about one window's overhead in characters;
        # the windows cost theirs plus the characters they cover (at most the text). A wide
        # regex (a cited title of up to 500 characters) is far cheaper tried at its starts.
        starts = [words[w] for w in present & p.starts]
        tries = sum(map(len, starts))
        if tries * _TRY_COST >= len(anchors) * _WINDOW_COST + min(len(anchors) * p.width, len(text)):
            return _windowed(pattern, text, anchors, p.width, p.margin)
        return _anchored(pattern, text, sorted({a for hits in starts for a, _ in hits}))
    if p.near is not None:
        return p.near.spans(text, words)
    if p.starts is not None:
        return _anchored(pattern, text, sorted({a for w in p.starts for a, _ in words.get(w, ())}))
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def _rarest(needs: tuple[frozenset[str], ...], words: dict[str, list[Span]]) -> list[Span]:
    """The sorted hits of the required word set with the fewest (each set has at least one)."""
    best: list[list[Span]] = []
    fewest = -1
    for need in needs:
        found = [words[w] for w in need if w in words]
        count = sum(map(len, found))
        if fewest < 0 or count < fewest:
            best, fewest = found, count
    return best[0] if len(best) == 1 else sorted(chain.from_iterable(best))


def _anchored(pattern: Pattern, text: str, starts: list[int]) -> list[Span]:
    """What `finditer` gives for a regex whose every match begins at one of *starts*: the
    regex is tried only there, left to right, each try after the previous match's end."""
    out: list[Span] = []
    pos = 0
    for start in starts:
        if start >= pos and (m := pattern.match(text, start)) is not None:
            out.append(m.span())
            pos = m.end()
    return out


def _windowed(pattern: Pattern, text: str, anchors: list[Span], width: int, margin: int) -> list[Span]:
    """What `finditer` gives, searching only where a match can start: a match holds one of the
    *anchors* (sorted hits of a required word set) and is at most *width* long, so it starts in
    [anchor end - width, anchor start]. Each search is cut off where no match starting in the
    window could still be affected (*margin* covers look-ahead past the match)."""
    out: list[Span] = []
    search, n, pos = pattern.search, len(text), 0
    i, count = 0, len(anchors)
    # (comparisons rather than min/max calls: this loop runs for every hit of common words)
    while i < count:
        hi, end = anchors[i]
        lo = end - width if end > width else 0
        i += 1
        while i < count and anchors[i][1] - width <= hi + 1:   # windows that touch are one
            hi = anchors[i][0]   # the anchors are in text order
            i += 1
        stop = hi + width + margin
        if stop > n:
            stop = n
        if lo < pos:
            lo = pos
        while lo <= hi:
            m = search(text, lo, stop)
            if m is None or m.start() > hi:
                break
            out.append(m.span())
            lo = pos = m.end()
    return out


def _needs(items: Parsed) -> list[frozenset[str]]:
    """Sets of words such that every match of this sequence contains a word of each set."""
    out: list[frozenset[str]] = []
    run: set[str] = set()   # the fixed text read so far, spelled out (small classes and groups)
    for op, av in items + [(None, None)]:
        spelled = _spell(op, av)
        if spelled is not None and len(run or {""}) * len(spelled) <= _MAX_WORDS:
            run = {w + x for w in (run or {""}) for x in spelled}
            continue
        if run:
            out.append(frozenset(run))
            run = set()
        if spelled is not None:
            out.append(frozenset(spelled))
        elif op == C.SUBPATTERN and not av[1] & re.IGNORECASE:
            out += _needs(list(av[3]))
        elif op == C.BRANCH:
            # Each branch contributes its most selective set; the union holds for the whole.
            branches = [_needs(list(b)) for b in av[1]]
            if all(branches):
                out.append(frozenset().union(*(max(b, key=_selectivity) for b in branches)))
        elif op in _REPEATS and av[0] >= 1:
            out += _needs(list(av[2]))
    return out


def _starts(items: Parsed) -> frozenset[str] | None:
    """The words every match begins with: the fixed text the regex starts with (after any
    zero-width assertion), spelled out; None when it does not start with fixed text of at least
    two characters."""
    run: set[str] = {""}
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT) and run == {""}:
            continue
        repeated = op in _REPEATS and av[0] >= 1   # its first repetition is fixed text too
        spelled = _spell_all(list(av[2])) if repeated else _spell(op, av)
        if spelled is None or len(run) * len(spelled) > _MAX_WORDS:
            break
        run = {w + x for w in run for x in spelled}
        if repeated:
            break
    return frozenset(run) if min(map(len, run)) > 1 else None


def _spell(op: object, av: Any) -> set[str] | None:
    """Every string one parsed item matches, when it is a small fixed set (else None)."""
    if op == C.LITERAL:
        return {chr(av)}
    if op == C.IN and all(o == C.LITERAL for o, _ in av):
        return {chr(a) for _, a in av}
    if op == C.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _spell_all(list(av[3]))
    if op == C.BRANCH:
        words: set[str] = set()
        for branch in av[1]:
            spelled = _spell_all(list(branch))
            if spelled is None:
                return None
            words |= spelled
        return words if len(words) <= _MAX_WORDS else None
    return None


def _spell_all(items: Parsed) -> set[str] | None:
    words = {""}
    for op, av in items:
        spelled = _spell(op, av)
        if spelled is None or len(words) * len(spelled) > _MAX_WORDS:
            return None
        words = {w + x for w in words for x in spelled}
    return words


def _margin(items: Parsed) -> int | None:
    """Characters past a match's end the regex may read, or None when unbounded or unknown."""
    ahead = _lookahead(items)
    return None if ahead is None else ahead + 2   # `$` and `\\b` read one character; one more for safety


def _lookahead(items: Parsed) -> int | None:
    """The summed longest look-ahead bodies (None: unbounded, or a back-reference)."""
    total = 0
    for op, av in items:
        if op in (C.GROUPREF, C.GROUPREF_EXISTS):
            return None
        if op in (C.ASSERT, C.ASSERT_NOT) and av[0] == 1:
            high = av[1].getwidth()[1]
            if high >= C.MAXREPEAT:
                return None
            total += high
        for child in [av[2]] if op in _REPEATS else children(op, av):
            inner = _lookahead(list(child))
            if inner is None:
                return None
            total += inner
    return total


def _selectivity(words: frozenset[str]) -> tuple[int, int]:
    """Longer words are rarer; fewer alternatives are more selective."""
    return min(map(len, words)), -len(words)


def _near(pattern: Pattern, items: Parsed) -> Near | None:
    """The `[^…]{0,m}CORE[^…]{0,n}` reading of *pattern*, when it has that shape exactly."""
    source = pattern.pattern
    lead = _LEADING_GAP.match(source)
    if lead is None or pattern.flags & ~(re.UNICODE):
        return None
    core_source = source[lead.end():]
    trail = _TRAILING_GAP.search(core_source)
    if trail is not None and trail.start() > 0:
        core_source = core_source[:trail.start()]
    else:
        trail = None
    if re.search(r"\\[1-9]|\(\?P=", core_source):
        return None   # back-references would be renumbered
    try:
        core = parser.parse(core_source)
    except re.error:
        return None
    # The text split must be the parser's split: gap, CORE as a sequence, gap.
    expected = items[1:-1] if trail else items[1:]
    if repr(list(core)) != repr(expected) or core.getwidth()[0] == 0:
        return None
    stop_before = _stop_class(lead.group(1), items[0])
    stop_after = _stop_class(trail.group(1), items[-1]) if trail else None
    if stop_before is None or (trail and stop_after is None):
        return None
    return Near(stop_before, int(lead.group(2)), re.compile(core_source),
                frozenset(spelled) if (spelled := _spell_all(list(core))) is not None else None,
                stop_after, int(trail.group(2)) if trail else 0)


def _stop_class(body: str, parsed: tuple[Any, Any]) -> Pattern | None:
    """`[body]` when the parsed item is exactly the greedy repeat of `[^body]`."""
    op, (low, _, sub) = parsed
    sub = list(sub)
    if op != C.MAX_REPEAT or low != 0 or len(sub) != 1:
        return None
    try:
        stop = re.compile(f"[{body}]")
        (kind, value), = list(parser.parse(stop.pattern))
    except (re.error, ValueError):
        return None
    if sub[0] == (C.NOT_LITERAL, value) and kind == C.LITERAL:   # `[^。]`: one character
        return stop
    members = sub[0][1] if sub[0][0] == C.IN else None
    if kind != C.IN or not members or members[0] != (C.NEGATE, None):
        return None
    return stop if repr(value) == repr(members[1:]) else None
