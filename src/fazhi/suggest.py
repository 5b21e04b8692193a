"""Near-miss suggestions: the sentences most like an item's terms and examples.

Shown for missing items (in `score explain` and `score agree`) so that a reviewer can add an
alias or an example in seconds. A suggestion never changes a status.
"""

from __future__ import annotations

import math
import re

from .match import Index
from .model import Evidence, Role
from .normalise import normalise
from .rubric import Item

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_MIN_SHARED = 3


def _bigrams(text: str) -> set[str]:
    return {run[i:i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1)}


def profile(item: Item) -> tuple[set[str], set[str]]:
    """(bigrams of the item's terms, bigrams of its positive examples)."""
    terms = set().union(*(_bigrams(t) for rule in item.rules for t in rule.hint_words()))
    examples = set().union(*(_bigrams(normalise(x.text)) for x in item.examples
                             if x.expect.value != "missing")) if item.examples else set()
    return terms, examples - terms


def near_misses(index: Index, item: Item, already: set[tuple[int, int]], k: int = 3) -> list[tuple[Evidence, float]]:
    """Up to *k* sentences sharing the most term and example bigrams with the item."""
    terms, examples = profile(item)
    layout = index.layout
    scored: list[tuple[float, int]] = []
    for i, s in enumerate(layout.sentences):
        if s.role == Role.TITLE or (s.start, s.end) in already:
            continue
        grams = _bigrams(layout.text[s.start:s.end])
        shared_terms, shared_examples = len(grams & terms), len(grams & examples)
        if shared_terms + shared_examples < _MIN_SHARED:
            continue
        score = (2 * shared_terms + shared_examples) / math.log2(len(grams) + 2)
        scored.append((score, i))
    out = []
    for score, i in sorted(scored, reverse=True)[:k]:
        s = layout.sentences[i]
        section = layout.paragraphs[s.paragraph].section
        out.append((Evidence(s.line, s.start, s.end, layout.original[s.start:s.end],
                             layout.headings[section].title if section is not None else None,
                             s.role, (), "suggestion"), round(score, 2)))
    return out
