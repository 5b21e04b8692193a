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
