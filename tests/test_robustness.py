"""The same report saved differently scores the same: ASCII punctuation, redactions, truncation."""

from __future__ import annotations

import re

import pytest

from fazhi.model import Document, Status
from fazhi.score import score_document

from .conftest import EXAMPLES, REPORTS, default_rubric

ASCII = str.maketrans({"，": ",", "。": ".", "“": '"', "”": '"', "（": "(", "）": ")", "、": ",",
                       "；": ";", "：": ":", "！": "!", "？": "?"})


def _statuses(text: str) -> dict[str, Status]:
    card = score_document(Document("t.txt", text, "utf-8", "0" * 64), default_rubric())
    return {r.item.id: r.status for r in card.items}


@pytest.mark.parametrize("name", EXAMPLES)
def test_ascii_punctuation_mirror_scores_the_same(name: str) -> None:
    text = (REPORTS / name).read_text(encoding="utf-8")
    assert _statuses(text.translate(ASCII)) == _statuses(text)


@pytest.mark.parametrize("name", EXAMPLES)
def test_redacted_numbers_score_the_same(name: str) -> None:
    text = (REPORTS / name).read_text(encoding="utf-8")
    redacted = re.sub(r"(?<=[\u4e00-\u9fff])\d+(?=[件次项人个家份宗场期])", "(略)", text)
    assert redacted != text
    assert _statuses(redacted) == _statuses(text)


def test_report_cut_short_loses_only_the_missing_parts() -> None:
    text = (REPORTS / "2021-beijing-yanqing.txt").read_text(encoding="utf-8")
    cut = text[:text.index("二、2021年推进法治政府建设存在的不足和原因")]
    full, short = _statuses(text), _statuses(cut)
    assert short["structure.measures"] == Status.COVERED
    assert short["structure.shortcomings"] == short["structure.next_year"] == Status.MISSING
    assert short["enforcement.three_systems"] == full["enforcement.three_systems"] == Status.COVERED
