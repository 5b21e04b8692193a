"""Speed shortcuts never change a decision: every card is the one a plain, obvious evaluation gives.

The plain evaluation finds every word with `str.find` (overlapping hits included), runs every
regex with `re.finditer` over the whole text and skips no item (no word gate). It is compared with
the engine item by item (status, elements, evidence and mentions with their offsets, roles, hits
and rules) for both bundled rubrics, on the example reports, every rubric example sentence as a
tiny report, and the dev-set reports when `../shared` is beside this checkout. Unlike a recorded
snapshot, it holds whatever the rubric says, so changing a rule never needs a new recording.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from fazhi.match import Index
from fazhi.model import Evidence
from fazhi.reader import read_document
from fazhi.rubric import Rubric, bundled_rubrics, load_rubric
from fazhi.score import evaluate_item
from fazhi.search import Searcher, Span
from fazhi.segment import segment

from .conftest import EXAMPLES, REPORTS, ROOT

DEVSET = ROOT.parent / "shared" / "devset"
RUBRICS = [load_rubric(p) for p in bundled_rubrics()]


class PlainSearcher(Searcher):
    """The rubric's searcher without its shortcuts: `str.find` for words, `finditer` for regexes
    and no item skipped for lack of its words."""

    def __init__(self, rubric: Rubric) -> None:
        self.plans = rubric.searcher.plans
        self.gates = {}
        self._words = sorted({w for item in rubric.items for rule in item.rules for w in rule.words()}
                             | {w for p in self.plans.values() for need in p.needs for w in need}
                             | {w for p in self.plans.values() if p.near for w in p.near.core_words or ()}
                             | {w for p in self.plans.values() for w in p.starts or ()})

    def words(self, text: str) -> dict[str, list[Span]]:
        out: dict[str, list[Span]] = {}
        for w in self._words:
            i = text.find(w)
            while i >= 0:
                out.setdefault(w, []).append((i, i + len(w)))
                i = text.find(w, i + 1)
        return out

    def spans(self, pattern: re.Pattern[str], text: str, words: dict[str, list[Span]]) -> list[Span]:
        return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def _evidence(e: Evidence) -> list[Any]:
    return [e.line, e.start, e.end, e.role.value, e.rule, [list(h) for h in e.hits]]


def _decisions(text: str, rubric: Rubric, searcher: Searcher) -> dict[str, Any]:
    index = Index(segment(text), searcher)
    out = {}
    for item in rubric.items:
        r = evaluate_item(index, item)
        out[item.id] = [r.status.value, [e.found for e in r.elements], [_evidence(e) for e in r.evidence],
                        r.evidence_total, [_evidence(e) for e in r.mentions], r.mentions_total]
    return out


def _texts() -> list[tuple[str, str]]:
    texts = [(name, read_document(str(REPORTS / name)).text) for name in EXAMPLES]
    if DEVSET.is_dir():
        texts += [(p.name, read_document(str(p)).text)
                  for p in sorted((DEVSET / "reports").glob("*.txt")) + sorted((DEVSET / "other").glob("*.txt"))]
    return texts


@pytest.fixture(scope="module", params=RUBRICS, ids=[r.info.id for r in RUBRICS])
def pair(request: pytest.FixtureRequest) -> tuple[Rubric, PlainSearcher]:
    return request.param, PlainSearcher(request.param)


@pytest.mark.slow   # plain evaluation of every item (1 s)
def test_reports_are_scored_as_the_plain_evaluation_scores_them(pair: tuple[Rubric, PlainSearcher]) -> None:
    rubric, plain = pair
    texts = _texts()
    covered = 0
    for name, text in texts:
        fast, slow = _decisions(text, rubric, rubric.searcher), _decisions(text, rubric, plain)
        assert fast == slow, name
        covered += sum(d[0] == "covered" for d in fast.values())
    assert covered > 150   # real work, not empty cards


@pytest.mark.slow   # every example sentence twice (1-3 s)
def test_example_sentences_are_scored_as_the_plain_evaluation_scores_them(pair: tuple[Rubric, PlainSearcher]) -> None:
    rubric, plain = pair
    sentences = list(dict.fromkeys(x.text for item in rubric.items for x in item.examples))
    assert len(sentences) > 250
    for text in sentences:
        assert _decisions(text, rubric, rubric.searcher) == _decisions(text, rubric, plain), text


def test_the_plain_evaluation_really_skips_no_shortcut(pair: tuple[Rubric, PlainSearcher]) -> None:
    rubric, plain = pair
    assert rubric.searcher.gates and not plain.gates
    assert any(p.windowed or p.near or p.starts for p in rubric.searcher.plans.values())


def test_a_broken_shortcut_would_be_caught(pair: tuple[Rubric, PlainSearcher]) -> None:
    """The comparison is sensitive: a searcher that loses one word's hits gives other cards."""
    rubric, plain = pair

    class Lossy(PlainSearcher):   # loses the hits of every word about enforcement (执法)
        def words(self, text: str) -> dict[str, list[Span]]:
            return {w: hits for w, hits in super().words(text).items() if "执法" not in w}

    text = read_document(str(REPORTS / EXAMPLES[0])).text
    assert _decisions(text, rubric, Lossy(rubric)) != _decisions(text, rubric, plain)


def test_devset_is_used_when_present() -> None:
    if not DEVSET.is_dir():
        pytest.skip("../shared/devset not beside this checkout")
    assert len(_texts()) == len(EXAMPLES) + 60


