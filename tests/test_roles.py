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
    return next(r for r in card.items if r.item.id == item), card


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


# ---------------------------------------------------------------- how plans and weaknesses are written

def _roles(text: str) -> dict[str, Role]:
    """The role of each sentence of *text*, by its first characters."""
    from fazhi.segment import segment
    layout = segment(text)
    return {layout.text[s.start:s.end][:8]: s.role_at(s.start) for s in layout.sentences}


def _role_of(text: str, sentence: str) -> Role:
    from fazhi.segment import segment
    layout = segment(text)
    pos = layout.text.index(sentence)
    return next(s.role_at(pos) for s in layout.sentences if s.start <= pos < s.end)


@pytest.mark.parametrize("cue", ["尚未全面落实", "还不够规范", "落实不够到位", "规范化水平有待提高", "亟需加强",
                                 "亟待完善", "仍存在执法不规范的问题", "需进一步加强"])
def test_shortcoming_cues(cue: str) -> None:
    text = HEAD + MEASURES + f"部分乡镇行政执法“三项制度”{cue}。\n\n" + SHORT + PLANS
    assert _role_of(text, cue) == Role.SHORTCOMINGS


@pytest.mark.parametrize("heading", ["三、2023年重点工作", "三、主要任务", "三、2023年工作思路", "三、工作打算",
                                     "三、2023年工作思路和主要举措"])
def test_next_year_parts(heading: str) -> None:
    text = HEAD + MEASURES + SHORT + f"{heading}\n\n全面推行行政执法“三项制度”。\n\n"
    assert _role_of(text, "全面推行") == Role.PLANS


def test_the_same_words_head_work_done_inside_the_measures_part() -> None:
    text = HEAD + "(二)狠抓重点任务落实\n\n全面推行行政执法“三项制度”。\n\n" + SHORT + PLANS
    assert _role_of(text, "全面推行") == Role.MEASURES
    text = HEAD + "二、重点工作完成情况\n\n全面推行行政执法“三项制度”。\n\n" + SHORT + PLANS
    assert _role_of(text, "全面推行") == Role.MEASURES


def test_a_sentence_about_a_later_year() -> None:
    text = HEAD + "组织执法人员培训3期。2023年,我县将全面推行行政执法“三项制度”。\n\n" + SHORT
    assert _role_of(text, "2023年,我县将") == Role.PLANS
    done = HEAD + "组织执法人员培训3期。2023年1月,县政府印发了执法监督办法。\n\n" + SHORT
    assert _role_of(done, "2023年1月") == Role.MEASURES   # early next year, but done
    same = HEAD + "2022年,将行政执法“三项制度”纳入考核。\n\n" + SHORT
    assert _role_of(same, "2022年,将") == Role.MEASURES


def test_jiang_marking_the_object_is_no_plan() -> None:
    text = HEAD + "区长将全面加强依法行政作为推进治理现代化的重要抓手,主持召开专题会议3次。\n\n" + SHORT
    assert _role_of(text, "区长将") == Role.MEASURES
    text = HEAD + "将全面学习宣传贯彻党的二十大精神与习近平法治思想相结合,举办专题培训班。\n\n" + SHORT
    assert _role_of(text, "将全面") == Role.MEASURES
    text = HEAD + "区政府将继续深化综合行政执法改革。\n\n" + SHORT
    assert _role_of(text, "区政府将继续") == Role.PLANS


def test_a_stray_next_step_sentence_makes_no_plans_part() -> None:
    text = HEAD + "组织执法人员培训3期。下一步,将继续加强培训。\n\n" + SHORT
    result, _ = _item(text, "structure.next_year")
    assert result.status == Status.MISSING
    assert _role_of(text, "下一步") == Role.PLANS


def test_a_requirement_announced_at_a_meeting() -> None:
    text = HEAD + "县委召开会议研究部署法治建设,强调要持续深化“放管服”改革。\n\n" + SHORT
    result, _ = _item(text, "functions.approval_reform")
    assert result.status == Status.MISSING and result.mentions[0].role == Role.REQUIREMENT


def test_sub_items_on_the_principal_leaders_duty_are_parts_of_their_own() -> None:
    lead = ("(一)加强组织领导\n\n一是集中学法。组织学法6次。二是压实法治责任。"
            "认真落实党政主要负责人履行推进法治建设第一责任人职责规定,局长主持专题会议3次。三是强化考核。开展考核。\n\n")
    text = HEAD.replace("(一)严格规范执法\n\n", "") + lead + SHORT + PLANS
    assert _role_of(text, "局长主持") == Role.FIRST_RESPONSIBLE
    assert _role_of(text, "开展考核") == Role.MEASURES      # the next sub-item is back to measures
    result, _ = _item(text, "structure.first_responsible")
    assert result.status == Status.COVERED and "二是压实法治责任" in result.evidence[0].text
    other = text.replace("二是压实法治责任", "二是提升法治素养")
    assert _item(other, "structure.first_responsible")[0].status == Status.MISSING


def test_the_opening_counts_its_results_after_the_formula() -> None:
    opening = ("2022年,在县委的坚强领导下,我县坚持以习近平法治思想为指导,认真落实上级决策部署,"
               "扎实推进法治政府建设,荣获全省法治政府建设示范县命名。\n\n")
    text = HEAD.replace("一、2022年", opening + "一、2022年") + MEASURES + SHORT + PLANS
    assert _role_of(text, "荣获") == Role.MEASURES
    assert _role_of(text, "坚持以习近平") == Role.OPENING
    assert _item(text, "leadership.demonstration")[0].status == Status.COVERED
    assert _item(text, "leadership.xi_thought")[0].status == Status.MISSING
    summary = opening.replace("荣获全省法治政府建设示范县命名", "有效化解矛盾纠纷,取得明显成效")
    text = HEAD.replace("一、2022年", summary + "一、2022年") + MEASURES + SHORT + PLANS
    assert _role_of(text, "有效化解") == Role.OPENING      # a summary, not a result


def test_headings_run_into_one_line_are_found() -> None:
    from fazhi.segment import segment
    flat = ("现将有关情况报告如下: 一、2022年法治政府建设情况 (一)落实主体责任,切实履行第一责任人职责。"
            "局长主持召开专题会议3次。 二、存在的不足和原因 执法力量薄弱,原因是编制不足。")
    layout = segment(flat)
    assert [h.title for h in layout.headings] == [
        "一、2022年法治政府建设情况", "(一)落实主体责任,切实履行第一责任人职责", "二、存在的不足和原因"]
    assert {h.line for h in layout.headings} == {1}
    assert [h.role for h in layout.headings] == [Role.MEASURES, Role.FIRST_RESPONSIBLE, Role.SHORTCOMINGS]
    assert _role_of(flat, "执法力量") == Role.SHORTCOMINGS
