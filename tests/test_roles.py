"""A mention as a shortcoming, a plan or a requirement handed down never covers an item."""

from __future__ import annotations

import pytest

from fazhi.model import Document, Role, Status
from fazhi.score import score_document

from .conftest import default_rubric

SENTENCE = "全面落实行政执法“三项制度”,全县32个执法单位公示执法信息1200条。"

HEAD = "某县人民政府2022年法治政府建设情况报告\n\n一、2022年法治政府建设主要举措和成效\n\n(一)严格规范执法\n\n"
MEASURES = "组织执法人员培训3期。\n\n"
SHORT = "二、存在的不足和原因\n\n一是基层执法力量薄弱。\n\n"
PLANS = "三、2023年工作安排\n\n一是持续加强执法监督。\n\n"


def _item(text: str, item: str = "enforcement.three_systems"):
    card = score_document(Document("t.txt", text, "utf-8", "0" * 64), default_rubric())
    return next(r for r in card.items if r.id == item), card


def test_sentence_in_measures_covers() -> None:
    result, _ = _item(HEAD + SENTENCE + "\n\n" + SHORT + PLANS)
    assert result.status == Status.COVERED
    assert result.evidence[0].role == Role.MEASURES
    assert result.evidence[0].line == 7


@pytest.mark.parametrize("text,role", [
    (HEAD + MEASURES + "二、存在的不足和原因\n\n" + SENTENCE.replace("全面落实", "尚未全面落实") + "\n\n" + PLANS,
     Role.SHORTCOMINGS),
    (HEAD + MEASURES + SHORT + "三、2023年工作安排\n\n" + SENTENCE + "\n\n", Role.PLANS),
    (HEAD + MEASURES + "下一步,我县将" + SENTENCE + "\n\n" + SHORT + PLANS, Role.PLANS),
    (HEAD + MEASURES + "县政府印发通知,要求各执法部门全面落实行政执法“三项制度”。\n\n" + SHORT + PLANS,
     Role.REQUIREMENT),
    (HEAD + MEASURES + "在看到成绩的同时,我们也清醒认识到还存在一些不足,如" + SENTENCE + "\n\n" + PLANS,
     Role.SHORTCOMINGS),
], ids=["shortcomings-part", "plans-part", "next-step-paragraph", "requirement", "shortcoming-paragraph"])
def test_moved_sentence_stays_missing_with_role(text: str, role: Role) -> None:
    result, card = _item(text)
    assert result.status == Status.MISSING
    assert not result.evidence
    assert [m.role for m in result.mentions] and all(m.role == role for m in result.mentions)
    assert "enforcement.three_systems" in card.gaps
    for m in result.mentions:
        assert card.document.text[m.start:m.end] == m.text
        assert "三项制度" in m.text


def test_elements_give_partial_credit() -> None:
    text = HEAD + "全县12个执法部门制定了重大执法决定法制审核办法,推行执法全过程记录。\n\n" + SHORT + PLANS
    result, _ = _item(text)
    assert result.status == Status.PARTIAL
    found = {e.name: e.found for e in result.elements}
    assert sum(found.values()) == 2 and len(found) == 3


def test_opening_formula_does_not_cover_xi_thought() -> None:
    text = ("某区2022年法治政府建设情况报告\n\n2022年,区政府坚持以习近平法治思想为指导,深入推进依法行政。\n\n"
            "一、主要举措和成效\n\n开展行政复议案件办理。\n\n")
    result, _ = _item(text, "leadership.xi_thought")
    assert result.status == Status.MISSING
