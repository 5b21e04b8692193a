"""Headings (also with dropped numerals), page noise, roles and metadata."""

from __future__ import annotations

import pytest

from fazhi.model import Role
from fazhi.normalise import normalise
from fazhi.segment import segment

from .conftest import REPORTS


def _layout(name: str):
    return segment((REPORTS / name).read_text(encoding="utf-8"))


def test_normalise_keeps_length_and_folds_forms() -> None:
    text = "“三项制度”、ABC123(一);“双随机、一公开”"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == '"三项制度",ABC123(一);"双随机,一公开"'


def test_headings_with_missing_numerals_count() -> None:
    layout = _layout("2020-fujian-sanming-qingliu.txt")
    by_line = {h.line: h for h in layout.headings}
    assert by_line[39].level == 1 and by_line[39].title.startswith("、坚持严格规范")
    assert by_line[51].level == 1 and by_line[63].level == 1
    assert by_line[9].role == Role.MEASURES          # 2020年主要工作
    assert by_line[73].role == Role.PLANS            # 2021年工作思路


def test_unnumbered_subheading_is_a_heading() -> None:
    layout = _layout("2023-liaoning-panjin-dawa.txt")
    assert 57 in {h.line for h in layout.headings}   # 激发市场活力,高标准优化法治化营商环境


def test_mixed_heading_keeps_both_cues_and_plan_paragraph() -> None:
    layout = _layout("2021-guangdong-shaoguan-wujiang.txt")
    h = next(h for h in layout.headings if h.line == 45)
    assert h.role == Role.SHORTCOMINGS and Role.PLANS in h.cues
    roles = {s.line: s.role for s in layout.sentences}
    assert roles[47] == Role.SHORTCOMINGS and roles[49] == Role.PLANS


def test_page_noise_is_not_scored() -> None:
    layout = _layout("2023-liaoning-panjin-dawa.txt")
    lines = {s.line for s in layout.sentences}
    assert not lines & {1, 5, 75, 77, 79, 81, 83}
    layout = _layout("2019-chongqing-rongchang.txt")
    assert not {s.line for s in layout.sentences} & {1, 3, 4, 5, 83, 85, 87, 89, 91, 93}


@pytest.mark.parametrize("name,title,issuer,year,published", [
    ("2019-chongqing-rongchang.txt", "重庆市荣昌区人民政府关于2019年法治政府建设情况的报告",
     "重庆市荣昌区人民政府", 2019, "2020-02-18"),
    ("2020-fujian-sanming-qingliu.txt", "清流县2020年法治政府建设情况报告", "清流县人民政府", 2020, "2021-01-05"),
    ("2021-beijing-yanqing.txt", "北京市延庆区人民政府2021年法治政府建设年度情况报告",
     "北京市延庆区人民政府", 2021, "2022-03-29"),
    ("2021-guangdong-shaoguan-wujiang.txt", "韶关市武江区人民政府2021年度法治政府建设工作情况报告",
     "韶关市武江区人民政府", 2021, "2022-02-22"),
    ("2023-liaoning-panjin-dawa.txt", "大洼区2023年法治政府建设情况报告", "大洼区", 2023, "2024-03-14"),
])
def test_metadata(name: str, title: str, issuer: str, year: int, published: str) -> None:
    meta = _layout(name).meta
    assert (meta.title, meta.issuer, meta.year, meta.published) == (title, issuer, year, published)


def test_report_without_headings_counts_as_measures() -> None:
    layout = segment("镇政府全年开展普法活动12场。\n严格落实行政执法三项制度。")
    assert {s.role for s in layout.sentences} == {Role.MEASURES}


# The detected skeleton of each example, checked against a reading of the report:
# (line, level, role); level 0 = an unnumbered part heading such as "2020年主要工作".
M, F, S, P, H = "measures", "first_responsible", "shortcomings", "plans", "highlights"
SKELETONS = {
    "2019-chongqing-rongchang.txt": [(9, 1, M), (11, 2, F), (15, 2, M), (19, 2, M), (33, 2, M), (37, 2, M),
                                     (41, 2, M), (51, 2, M), (57, 2, M), (65, 2, M), (69, 1, S), (73, 1, P)],
    "2020-fujian-sanming-qingliu.txt": [(9, 0, M), (13, 1, F)] + [(n, 2, F) for n in (15, 17, 19, 21)]
    + [(23, 1, M)] + [(n, 2, M) for n in (25, 27, 29)] + [(31, 1, M)] + [(n, 2, M) for n in (33, 35, 37)]
    + [(39, 1, M)] + [(n, 2, M) for n in (41, 43, 45, 47, 49)] + [(51, 1, M)]
    + [(n, 2, M) for n in (53, 55, 57, 59, 61)] + [(63, 1, M), (65, 2, M), (67, 2, M), (73, 0, P)],
    "2021-beijing-yanqing.txt": [(10, 1, M)] + [(n, 2, M) for n in (12, 16, 20, 24, 28, 32)]
    + [(36, 1, S), (40, 1, F), (44, 1, P)],
    "2021-guangdong-shaoguan-wujiang.txt": [(11, 1, M), (13, 2, M), (15, 3, F), (17, 3, M), (19, 3, M),
                                            (21, 3, M), (23, 2, M)] + [(n, 3, M) for n in range(25, 40, 2)]
    + [(41, 1, H), (45, 1, S)],
    "2023-liaoning-panjin-dawa.txt": [(9, 1, M)] + [(n, 2, M) for n in (11, 23, 31, 37, 49, 57)] + [(67, 1, S)],
}


@pytest.mark.parametrize("name", sorted(SKELETONS))
def test_skeleton(name: str) -> None:
    layout = _layout(name)
    assert [(h.line, h.level, h.role.value) for h in layout.headings] == SKELETONS[name]


def test_list_items_are_part_of_the_skeleton_without_opening_sections() -> None:
    layout = _layout("2021-beijing-yanqing.txt")
    assert [i.line for i in layout.list_items] == [38, 42, 46, 48, 50, 52, 54]
    assert all(i.level == 4 for i in layout.list_items)
    assert layout.list_items[0].role == Role.SHORTCOMINGS and layout.list_items[-1].role == Role.PLANS


@pytest.mark.parametrize("name,number,gangyao", [
    ("2019-chongqing-rongchang.txt", None, "2015–2020"),
    ("2020-fujian-sanming-qingliu.txt", "清政文〔2021〕1号", None),
    ("2021-beijing-yanqing.txt", None, "2021–2025"),
    ("2021-guangdong-shaoguan-wujiang.txt", None, "2021–2025"),   # 韶武府〔2020〕13号 is cited, not its own
    ("2023-liaoning-panjin-dawa.txt", None, None),
])
def test_document_number_and_cited_gangyao(name: str, number: str | None, gangyao: str | None) -> None:
    meta = _layout(name).meta
    assert (meta.doc_number, meta.gangyao) == (number, gangyao)


def test_sentences_end_at_stops_and_at_a_full_stop_after_a_han_character() -> None:
    """。!?; end a sentence; a '.' does after a Han character, not after a digit or a letter,
    nor before a digit ("1.5", "3.2万")."""
    text = "一、主要举措\n全年开展培训3.5次.覆盖干部1.2万人.版本v2.0发布;新增制度!完成了吗?已完成。收尾"
    layout = segment(text)
    body = [text[s.start:s.end] for s in layout.sentences if s.line == 2]
    assert body == ["全年开展培训3.5次.", "覆盖干部1.2万人.", "版本v2.0发布;", "新增制度!", "完成了吗?",
                    "已完成。", "收尾"]


def test_a_line_with_a_site_filing_number_is_page_noise_wherever_it_stands() -> None:
    text = "一、主要举措\n开展执法培训。\n主办:某某县人民政府 京ICP备00000000号-1\n某某公网安备 11000002000001号"
    layout = segment(text)
    assert {s.line for s in layout.sentences} == {1, 2}   # the heading and its text, no footer
