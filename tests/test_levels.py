"""Fair scores for every kind of reporter: level detection, applicability and waivers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fazhi.cli import main
from fazhi.level import detect_level

from .conftest import REPORTS

BODY = """一、2022年法治政府建设主要举措和成效
(一)加强组织领导
{who}主要负责人认真履行推进法治建设第一责任人职责,主持召开专题会议3次,年终述法。组织集中学法6次,举办法治专题讲座2次。
(二)严格规范执法
全面落实行政执法“三项制度”,开展执法案卷评查1次,组织执法人员培训2期。开展普法宣传活动12场。
二、存在的不足和原因
一是法治队伍力量薄弱,主要是由于编制有限。
三、2023年工作安排
一是继续深化法治建设。
"""

OPENINGS = {
    "town": ("某某镇人民政府2022年法治政府建设工作情况报告", "镇党委、镇政府"),
    "street": ("城关街道办事处2022年度法治政府建设情况报告", "街道党工委、办事处"),
    "department": ("清流县司法局2022年法治政府建设年度报告", "局党组"),
    "city_department": ("三明市司法局2022年法治政府建设年度报告", "局党组"),
    "county": ("某某县人民政府关于2022年法治政府建设情况的报告", "县委、县政府"),
}


def _report(tmp_path: Path, kind: str) -> Path:
    title, who = OPENINGS[kind]
    path = tmp_path / f"{kind}.txt"
    path.write_text(title + "\n" + BODY.format(who=who), encoding="utf-8")
    return path


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(args + ["--format", "json"])
    out, _ = capsys.readouterr()
    return code, json.loads(out)


# Applicability follows the sources: 条例 第四十二条 (departments and 乡级 governments follow the
# decision procedures, catalogue included); only provinces and cities with legislative power (and
# their departments) make 法规/规章, while legislative participation happens at every level; a
# department's 党组 leads its rule-of-law work (督察规定 第六条).
@pytest.mark.parametrize("kind,level,not_applicable,applicable", [
    ("town", "town", {"rules.legislation", "rules.legislative_plan"},
     {"decision.catalogue", "decision.report_to_congress", "rules.legislative_participation",
      "leadership.party_hearing"}),
    ("street", "town", {"rules.legislation"}, {"decision.catalogue", "leadership.party_hearing"}),
    ("department", "department", {"rules.legislation", "rules.legislative_plan", "decision.report_to_congress"},
     {"leadership.party_hearing", "decision.catalogue", "rules.legislative_participation"}),
    ("city_department", "department", {"decision.report_to_congress"},
     {"rules.legislation", "rules.legislative_plan", "leadership.party_hearing"}),
    ("county", "county", {"rules.legislation", "rules.legislative_plan"},
     {"rules.legislative_participation", "decision.catalogue", "leadership.party_hearing"}),
])
def test_level_and_items_that_do_not_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str,
                                           level: str, not_applicable: set[str], applicable: set[str]) -> None:
    code, data = _json([str(_report(tmp_path, kind))], capsys)
    assert code == 0 and data["report"]["level"]["kind"] == level
    statuses = {i["id"]: i for i in data["items"]}
    for item in not_applicable:
        assert statuses[item]["status"] == "not_applicable", item
        assert statuses[item]["note"] and item not in data["gaps"]
    for item in applicable:
        assert statuses[item]["status"] != "not_applicable", item
    assert data["summary"]["not_applicable"] == sum(1 for i in data["items"] if i["status"] == "not_applicable")


def test_a_departments_party_group_hearing_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _report(tmp_path, "department")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "(二)严格规范执法", "局党组召开会议专题听取法治政府建设工作情况汇报。\n(二)严格规范执法"), encoding="utf-8")
    _, data = _json([str(path)], capsys)
    assert {i["id"]: i["status"] for i in data["items"]}["leadership.party_hearing"] == "covered"


def test_department_knows_its_government_level() -> None:
    level = detect_level("韶关市武江区市场监督管理局", None)
    assert (level.kind, level.government) == ("department", "county")
    assert detect_level("北京市人民政府", None).kind == "province"
    assert detect_level("韶关市人民政府", None).kind == "city"
    assert detect_level(None, "大洼区2023年法治政府建设情况报告").kind == "county"
    # a county-level city (县级市) is county level, e.g. for the legislative items
    assert (detect_level("嘉兴市海宁市住房和城乡建设局", None).government) == "county"
    assert detect_level("楚雄州禄丰市人民政府", None).kind == "county"
    assert detect_level("清远市英德市下太镇人民政府", None).kind == "town"


def test_not_applicable_leaves_the_denominator(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _report(tmp_path, "department")   # a county department: no legislation, no report to a 人大
    _, town = _json([str(path)], capsys)
    _, as_county = _json([str(path), "--level", "county"], capsys)
    assert as_county["report"]["level"]["source"] == "由 --level 指定"
    assert town["summary"]["not_applicable"] > as_county["summary"]["not_applicable"]

    def weighted(data: dict) -> float:
        value = {"covered": 1.0, "partial": 0.5, "missing": 0.0}
        counted = [i for i in data["items"] if i["status"] in value]
        total = sum(i["weight"] for i in counted)
        return round(100 * sum(i["weight"] * value[i["status"]] for i in counted) / total, 1)

    assert town["summary"]["score"] == weighted(town) and as_county["summary"]["score"] == weighted(as_county)
    assert town["summary"]["score"] > as_county["summary"]["score"]


def _waivers(tmp_path: Path, *, unknown: bool) -> Path:
    today = dt.date.today()
    text = f"""# 豁免:某某镇不承担的事项
waivers:
  - item: leadership.demonstration
    covers: {{issuer: 某某镇人民政府}}
    justification: 本镇未列入示范创建范围
    approver: 县委依法治县办
    expires: {today + dt.timedelta(days=300)}
  - item: oversight.audit
    covers: {{report: "town.txt"}}
    justification: 审计由县审计局统一开展
    approver: 县司法局
    expires: {today - dt.timedelta(days=1)}
  - item: enforcement.three_systems
    covers: {{issuer: 某某镇人民政府}}
    justification: 试图豁免一项其实已覆盖的条目
    approver: 县司法局
    expires: {today + dt.timedelta(days=30)}
"""
    if unknown:
        text += f"""  - item: leadership.no_such_item
    covers: {{issuer: 某某镇人民政府}}
    justification: 拼错的条目
    approver: 县司法局
    expires: {today + dt.timedelta(days=30)}
"""
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_waivers_valid_expired_and_covered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(tmp_path, "town")
    code, data = _json([str(report), "--waivers", str(_waivers(tmp_path, unknown=False))], capsys)
    assert code == 0
    items = {i["id"]: i for i in data["items"]}
    waived = items["leadership.demonstration"]
    assert waived["status"] == "waived"
    assert "本镇未列入示范创建范围" in waived["note"] and "县委依法治县办" in waived["note"]
    assert "leadership.demonstration" not in data["gaps"] and data["summary"]["waived"] == 1
    assert items["oversight.audit"]["status"] == "missing"   # the expired waiver is not used …
    assert any("豁免已过期" in w and "oversight.audit" in w for w in data["warnings"])   # … and says so
    assert items["enforcement.three_systems"]["status"] == "covered"   # a waiver never hides covered work


def test_unknown_item_in_waivers_is_an_error_with_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _waivers(tmp_path, unknown=True)
    line = path.read_text(encoding="utf-8").split("\n").index("  - item: leadership.no_such_item") + 1
    code = main([str(_report(tmp_path, "town")), "--waivers", str(path)])
    _, err = capsys.readouterr()
    assert code == 2
    assert f"{path}:{line}:5: leadership.no_such_item: 评分规则中没有这个条目" in err
    code = main(["waivers", "check", str(path)])
    _, err = capsys.readouterr()
    assert code == 2 and "leadership.no_such_item" in err
    code = main(["waivers", "check", str(_waivers(tmp_path, unknown=False))])
    out, _ = capsys.readouterr()
    assert code == 0 and "有效豁免 2 条,已过期 1 条" in out and "oversight.audit" in out


def test_corpus_groups_by_level(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for kind in OPENINGS:
        _report(tmp_path, kind)
    (tmp_path / "yanqing.txt").write_bytes((REPORTS / "2021-beijing-yanqing.txt").read_bytes())
    code = main([str(tmp_path), "--format", "md"])
    out, _ = capsys.readouterr()
    assert code == 0
    levels = [line.split("|")[1].strip() for line in out.splitlines()[2:8]]
    assert levels == ["县级(县、区、旗)(2 份)"] * 2 + ["乡镇(街道)(2 份)"] * 2 + ["政府部门(2 份)"] * 2
    assert "| 不适用 | 豁免 |" in out
    code = main([str(tmp_path)])
    out, _ = capsys.readouterr()
    assert code == 0 and "不适/豁" in out and "按层级分组" in out
