"""What the document is and who wrote it: issuer, level, reported year and document type.

The unit tests use our own wordings of the usual shapes; the dev-set test (`../shared/devset/`,
read in place, skipped when absent) checks the figures the issue asks for on 50 real reports
and 10 confusable documents, and prints them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from fazhi.cli import main
from fazhi.doctype import classify
from fazhi.level import detect_level
from fazhi.reader import read_document
from fazhi.segment import segment

from .conftest import REPORTS, ROOT

DEVSET = ROOT.parent / "shared" / "devset"
BODY = "\n一、主要举措\n(一)全面推进依法行政。落实行政执法三项制度,开展法治政府建设示范创建。\n"


def _meta(text: str):  # type: ignore[no-untyped-def]
    return segment(text).meta


def _level(text: str) -> tuple[str | None, str | None]:
    layout = segment(text)
    m = layout.meta
    level = detect_level(m.issuer, m.title, layout.text, m.issuer_source)
    return level.kind, level.government


# ---------------------------------------------------------------- issuer and level

@pytest.mark.parametrize("title,issuer,kind", [
    ("清河县人民政府关于2023年度法治政府建设情况的报告", "清河县人民政府", "county"),
    ("清河市交通运输局2023年法治政府建设工作报告", "清河市交通运输局", "department"),
    ("清河縣人民政府關於2022年度法治政府建設情況的報告", "清河县人民政府", "county"),
    ("中共清河市委 清河市人民政府关于2023年度法治政府建设情况的报告", "清河市人民政府", "city"),
    ("红河州人民政府2024年法治政府建设年度报告", "红河州人民政府", "city"),
    ("东乌旗2024年法治政府建设情况报告", "东乌旗", "county"),
])
def test_issuer_and_level_from_titles_of_the_usual_shapes(title: str, issuer: str, kind: str) -> None:
    text = title + "\n2023年,我们扎实推进法治政府建设。" + BODY
    assert _meta(text).issuer == issuer and _meta(text).issuer_source == "标题"
    assert _level(text)[0] == kind


def test_a_city_named_with_zhou_is_a_city_and_a_city_within_a_prefecture_is_a_county() -> None:
    assert _level("杭州市人民政府关于2023年法治政府建设情况的报告" + BODY)[0] == "city"
    assert _level("苏州市教育局2023年法治政府建设情况报告" + BODY) == ("department", "city")
    assert _level("宁波市余姚市人民政府关于2023年法治政府建设情况的报告" + BODY)[0] == "county"
    assert _level("大理州洱源县人民政府2023年度法治政府建设情况报告" + BODY)[0] == "county"


@pytest.mark.parametrize("name,kind,government", [
    ("海宁市人民政府", "county", None),
    ("英德市司法局", "department", "county"),
    ("嘉兴市人民政府", "city", None),
    ("济源市人民政府", "city", None),   # administered directly by the province: works as a city
])
def test_a_county_level_city_named_alone_is_county_level(name: str, kind: str, government: str | None) -> None:
    level = detect_level(name, None)
    assert (level.kind, level.government) == (kind, government)


@pytest.mark.parametrize("header,issuer", [
    ("首页 > 政务公开\n发布时间:2024-02-20 来源:清河市司法局 【字体:大 中 小】", "清河市司法局"),
    ("索引号:11130100/2024-00012\n发布机构:清河区人民政府办公室日期:2024-03-01", "清河区人民政府办公室"),
    ("信息来源:长安镇人民政府  浏览次数:120", "长安镇人民政府"),
])
def test_issuer_from_page_metadata_fields(header: str, issuer: str) -> None:
    meta = _meta(header + "\n2023年,扎实推进法治政府建设,取得明显成效。" + BODY)
    assert meta.issuer == issuer and meta.issuer_source.endswith("栏")


def test_a_website_or_a_bare_office_in_the_source_field_is_not_the_issuer() -> None:
    meta = _meta("来源:本网\n2023年,全省坚持依法行政,法治政府建设取得新进展。" + BODY)
    assert meta.issuer is None
    layout = segment("来源:司法厅\n2023年,全省各级政府坚持依法行政,省政府常务会议研究法治政府建设。" + BODY)
    level = detect_level(layout.meta.issuer, layout.meta.title, layout.text, layout.meta.issuer_source)
    assert layout.meta.issuer is None and level.kind == "province" and "全省" in level.source


def test_a_fuller_name_from_the_signature_completes_the_title() -> None:
    text = "清河县2023年法治政府建设情况报告" + BODY + "清河县人民政府\n2024年3月1日\n"
    meta = _meta(text)
    assert meta.issuer == "清河县人民政府" and "落款" in meta.issuer_source


@pytest.mark.parametrize("opening,kind,government", [
    ("2023年,全省各级行政机关坚持依法行政,省政府常务会议3次研究法治政府建设。", "province", None),
    ("2023年,全自治区法治政府建设稳步推进,自治区人民政府常务会议专题学法4次。", "province", None),
    ("2023年,我市法治政府建设取得新成效,全市行政复议案件办理质效提升。", "city", None),
    ("2023年,在区委的坚强领导下,区政府扎实推进法治政府建设,全区行政执法更加规范。", "county", None),
    ("2023年,在县委县政府领导下,本街道扎实推进法治政府建设,全街道矛盾纠纷化解率提升。", "town", None),
    ("2023年,我镇在县委、县政府的领导下推进法治政府建设,全镇无重大行政争议。", "town", None),
    ("2023年,局党组高度重视法治政府建设,我局全面落实全市法治建设部署。", "department", "city"),
])
def test_level_from_how_the_text_speaks_of_itself(opening: str, kind: str, government: str | None) -> None:
    assert _level(opening + BODY) == (kind, government)


def test_a_government_report_filed_under_a_department_is_the_governments() -> None:
    text = ("发布机构:清河区司法局\n2023年,区委、区政府高度重视法治政府建设,全区行政执法规范化水平提升。"
            + BODY)
    layout = segment(text)
    level = detect_level(layout.meta.issuer, layout.meta.title, layout.text, layout.meta.issuer_source)
    assert level.kind == "county" and "发布网页的部门" in level.source


def test_the_opening_subject_names_the_issuer() -> None:
    meta = _meta("2023年,在区委、区政府领导下,长安街道深入学习贯彻习近平法治思想。" + BODY)
    assert meta.issuer == "长安街道" and meta.issuer_source == "正文首句"
    assert _level("2023年,国家林业部认真贯彻落实法治政府建设实施纲要。" + BODY)[0] == "department"


# ---------------------------------------------------------------- reported year

@pytest.mark.parametrize("text,year,source", [
    ("清河县人民政府关于二〇二三年度法治政府建设情况的报告" + BODY, 2023, "标题"),
    ("县委、县政府:\n2022年,我县深入推进依法行政。" + BODY, 2022, "正文首句"),
    ("我局高度重视依法行政。现将我局2021年度法治政府建设工作情况总结如下:" + BODY, 2021, "开头段"),
    ("按照《法治政府建设实施纲要(2021-2025年)》要求,现将有关情况报告如下。\n"
     "一、2024年法治政府建设主要举措\n(一)加强领导。开展专题学法。\n", 2024, "部分标题"),
    ("发布日期:2026-02-10\n按照督察规定,现将有关情况报告如下。\n一、主要举措\n(一)加强领导。\n",
     2025, "由发布日期推断(发布于次年)"),
])
def test_reported_year_and_where_it_was_read(text: str, year: int, source: str) -> None:
    meta = _meta(text)
    assert (meta.year, meta.year_source) == (year, source)


def test_a_span_of_years_in_a_cited_title_is_not_the_reported_year() -> None:
    meta = _meta("根据《法治政府建设实施纲要(2021-2025年)》法治政府建设工作要求,我县扎实工作。" + BODY)
    assert meta.year != 2025


# ---------------------------------------------------------------- document type

@pytest.mark.parametrize("text,kind", [
    ("清河县2023年度法治政府建设情况报告" + BODY, "annual_report"),
    ("2023年,清河县坚持依法行政,法治政府建设取得新成效。现将有关情况报告如下:" + BODY, "annual_report"),
    ("清河县2024年法治政府建设工作要点\n一、总体要求\n坚持以习近平法治思想为指导。\n二、主要任务\n(一)深化行政执法改革。\n",
     "plan"),
    ("各乡镇人民政府,县政府各部门:\n现将《清河县法治政府建设实施方案》印发给你们,请认真贯彻执行。" + BODY, "plan"),
    ("各乡镇人民政府,县政府各部门:\n现将《清河县行政执法公示办法》印发给你们,请遵照执行。\n特此通知。\n",
     "notice"),
    ("2024年清河市政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作。" + BODY, "work_report"),
    ("清河区司法局2024年工作总结\n2024年,全区司法行政系统坚持党建引领,各项工作稳步推进。\n一、主要工作\n(一)加强队伍建设。\n",
     "summary"),
    ("近日,清河县政府召开常务会议,听取全县法治政府建设工作汇报,研究部署下一步工作。\n会议指出,要持续推进依法行政。\n",
     "news"),
    ("《清河县2024年法治政府建设工作要点》政策解读\n一、制定背景\n为深入推进依法行政,制定本要点。\n", "interpretation"),
    ("XX县2023年度法治政府建设情况报告\n2023年,XX县在XX市委、市政府领导下推进法治政府建设。" + BODY, "template"),
    ("清河镇镇长述法报告\n2023年,本人认真履行推进法治建设第一责任人职责,带头学法4次。\n", "shufa"),
    ("清河县人民政府2023年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》,现公布本年度报告。\n",
     "info_disclosure"),
])
def test_document_type(text: str, kind: str) -> None:
    assert classify(segment(text)).kind == kind


def test_a_missing_title_does_not_make_a_report_something_else() -> None:
    doctype = classify(segment("2023年,我镇扎实推进法治政府建设,全镇依法行政水平提升。" + BODY))
    assert doctype.kind == "annual_report" and doctype.meaningful


def test_doctype_in_json_and_overrides(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("清河县2024年法治政府建设工作要点\n一、总体要求\n坚持依法行政。\n二、主要任务\n(一)深化执法改革。\n",
                    encoding="utf-8")
    assert main([str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)["report"]
    assert report["doctype"]["kind"] == "plan" and report["doctype"]["score_meaningful"] is False
    assert main([str(path), "--format", "json", "--doctype", "annual_report", "--year", "2023",
                 "--issuer", "清河县人民政府"]) == 0
    report = json.loads(capsys.readouterr().out)["report"]
    assert report["doctype"]["kind"] == "annual_report" and report["year"] == 2023
    assert report["year_source"] == "由 --year 指定" and report["issuer"] == "清河县人民政府"
    assert report["level"]["kind"] == "county"


def test_bad_year_override_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(REPORTS / "2021-beijing-yanqing.txt"), "--year", "23"])
    assert exc.value.code == 2 and "不是年份" in capsys.readouterr().err


# ---------------------------------------------------------------- the dev set

@pytest.mark.skipif(not (DEVSET / "INDEX.tsv").is_file(), reason="../shared/devset not beside this checkout")
def test_dev_set_identification(capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(csv.DictReader(open(DEVSET / "INDEX.tsv", encoding="utf-8"), delimiter="\t"))
    level_ok = year_ok = report_ok = other_kind = right_kind = 0
    reports = [r for r in rows if r["file"].startswith("reports/")]
    others = [r for r in rows if r["file"].startswith("other/")]
    for r in reports:
        layout = segment(read_document(str(DEVSET / r["file"])).text)
        m = layout.meta
        level = detect_level(m.issuer, m.title, layout.text, m.issuer_source)
        level_ok += level.kind == {"district": "county"}.get(r["level"], r["level"])
        year_ok += m.year == int(r["report_year"])
        report_ok += classify(layout).kind == "annual_report"
    for r in others:
        kind = classify(segment(read_document(str(DEVSET / r["file"])).text)).kind
        other_kind += kind != "annual_report"
        right_kind += kind == r["kind"]
    examples = sum(classify(segment(read_document(str(p)).text)).kind == "annual_report"
                   for p in sorted(REPORTS.glob("*.txt")))
    with capsys.disabled():
        print(f"\ndev set identification: level {level_ok}/{len(reports)}, year {year_ok}/{len(reports)}, "
              f"annual_report {report_ok}/{len(reports)} (examples {examples}/5); confusables: another kind "
              f"{other_kind}/{len(others)}, the INDEX's kind {right_kind}/{len(others)}")
    assert level_ok >= 48 and year_ok >= 48 and report_ok == len(reports) == 50 and examples == 5
    assert other_kind >= 9 and right_kind >= 7


def test_corpus_summary_marks_documents_that_are_not_reports(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("清河县2024年法治政府建设工作要点\n一、总体要求\n坚持依法行政。\n二、主要任务\n(一)深化执法改革。\n",
                    encoding="utf-8")
    assert main([str(REPORTS / "2021-beijing-yanqing.txt"), str(plan), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "1 份文档不是法治政府建设年度报告" in out and "plan.txt(方案、工作要点或计划)" in out
    missing = out.split("### 最常缺失的要求")[1]
    assert "/1 |" in missing and "/2 |" not in missing   # rates over the one report only
