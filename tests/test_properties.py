"""Properties over arbitrary text: nothing crashes, evidence is always a true slice of the
original, scores stay within 0–100, and scoring is deterministic."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.model import Document, Evidence, Scorecard, Status
from fazhi.normalise import normalise
from fazhi.score import score_document
from fazhi.segment import segment

from .conftest import default_rubric

# Realistic pieces (headings, cue words, rubric terms, punctuation) mixed with any character.
PIECES = ["一、", "(一)", "1.", "、坚持", "一是", "二、存在的不足和原因", "三、下一步工作安排", "下一步,将",
          "要求各单位", "以习近平法治思想为指导", "三项制度", "法制审核", "述法", "重大行政决策事项目录",
          "行政復議", "執法", "。", ",", "、", ";", ":", "“", "”", "(", ")", "\n", "\r\n", " ", "\u3000",
          "2021年", "发布日期:2022-03-29", "报告", "《", "》", "?", ".", "\ufffd", "𠀀", "\u200b"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=80).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# 150 generated texts per property: 1-10 s for the module, depending on what hypothesis replays.
pytestmark = pytest.mark.slow


@SETTINGS
@given(TEXT)
def test_normalise_keeps_every_offset(text: str) -> None:
    assert len(normalise(text)) == len(text)


@SETTINGS
@given(TEXT)
def test_segments_lie_inside_the_text(text: str) -> None:
    layout = segment(text)
    for s in layout.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert s.line == text.count("\n", 0, s.start) + 1
    for h in layout.headings:
        assert 1 <= h.line <= text.count("\n") + 1


@SETTINGS
@given(TEXT)
def test_scoring_arbitrary_text(text: str) -> None:
    rubric = default_rubric()
    card = score_document(Document("t.txt", text, "utf-8", "0" * 64), rubric)
    assert card.summary.score is None or 0 <= card.summary.score <= 100
    assert card.summary.score_unweighted is None or 0 <= card.summary.score_unweighted <= 100
    for part in card.parts:
        assert part.score is None or 0 <= part.score <= 100
    for r in card.items:
        for e in r.evidence + r.mentions:
            assert 0 <= e.start < e.end <= len(text)
            assert e.text == text[e.start:e.end]
            assert e.line == text.count("\n", 0, e.start) + 1
            assert all(e.start <= a < b <= e.end for a, b in e.hits)
    again = score_document(Document("t.txt", text, "utf-8", "0" * 64), rubric)
    def outcome(c: Scorecard) -> list[tuple[str, Status, tuple[Evidence, ...]]]:
        return [(r.item.id, r.status, r.evidence) for r in c.items]
    assert outcome(again) == outcome(card)
