"""Statuses of the core items in the five real reports, pinned to the human gold labels.

The expected status of every (report, item) is the one in tests/gold/*.yaml: a careful human
reading of the report against shared/spec/core-requirements.md (not a run of the scorer), read
here with the same functions as `score agree`. There is no second hand-written copy to keep in
step. Where the scorer and the reader differ today, DISAGREEMENTS lists the scorer's status and
why, so that a change which fixes one of them, or breaks another item, fails here by name.
"""

from __future__ import annotations

import pytest

from fazhi.agree import Gold, gold_files, load_gold
from fazhi.model import Role, Status

from .conftest import EXAMPLES, REPORTS, ROOT, scored

GOLD: dict[str, Gold] = {gold.report.name: gold for gold in
                         (load_gold(path, REPORTS) for path in gold_files([str(ROOT / "tests" / "gold")]))}

# (report, item) → (the scorer's status today, why it differs from the gold label). Every entry
# must still disagree with its gold label: when the scorer comes to agree, delete the entry.
DISAGREEMENTS: dict[tuple[str, str], tuple[Status, str]] = {
    ("2020-fujian-sanming-qingliu.txt", "functions.random_inspection"): (
        Status.MISSING, "41 增加高风险企业抽查概率 is random inspection to the reader, but never says 双随机/一公开"),
    ("2023-liaoning-panjin-dawa.txt", "enforcement.reform"): (
        Status.MISSING, "33 镇街执法事项清单修订 is powers moved down to the reader, with no 综合执法/下放 wording"),
    ("2023-liaoning-panjin-dawa.txt", "oversight.congress"): (
        Status.MISSING, "51 区人大 in a 普法 inspection team is 人大 supervision to the reader; no 建议提案 办理"),
}

# Each report is checked with the rubric chosen for its year and with the default rubric (a
# reviewer may pass --rubric): every shipped rubric gives the core ids the same meaning.
RUBRICS = {report: sorted({"fazhi-2021", scored(report).rubric.id}) for report in GOLD}
CASES = [(report, rubric, item) for report, gold in GOLD.items() for rubric in RUBRICS[report]
         for item in gold.items]


def test_every_report_has_enough_pins() -> None:
    assert sorted(GOLD) == EXAMPLES
    required = {"enforcement.three_systems", "leadership.shufa", "decision.catalogue"}
    for report, gold in GOLD.items():
        assert len(gold.items) >= 15, report
        assert required <= set(gold.items), report


def test_disagreements_are_few_and_really_disagree() -> None:
    # The list is for the rare judgement call (README: ≥ 98 % agreement), not a way to silence tests.
    judged = sum(len(g.items) for g in GOLD.values())
    assert len(DISAGREEMENTS) <= 0.02 * judged
    for (report, item), (status, reason) in DISAGREEMENTS.items():
        assert status != GOLD[report].items[item].status, (report, item)
        assert reason.strip(), (report, item)


def test_older_reports_are_scored_with_the_older_rubric() -> None:
    assert RUBRICS["2019-chongqing-rongchang.txt"] == ["fazhi-2015", "fazhi-2021"]
    assert RUBRICS["2020-fujian-sanming-qingliu.txt"] == ["fazhi-2015", "fazhi-2021"]
    assert RUBRICS["2023-liaoning-panjin-dawa.txt"] == ["fazhi-2021"]


@pytest.mark.parametrize("report,rubric,item", CASES, ids=[f"{r[:-4]}:{b}:{i}" for r, b, i in CASES])
def test_pinned_status(report: str, rubric: str, item: str) -> None:
    card = scored(report, rubric)
    result = next(r for r in card.items if r.item.id == item)
    gold = GOLD[report].items[item]
    quoted = [f"{e.line}:{e.role.value}:{e.text[:40]}" for e in result.evidence + result.mentions]
    known = DISAGREEMENTS.get((report, item))
    if known is None:
        assert result.status == gold.status, (f"gold {gold.status.value} at line {gold.line}: {gold.quote}", quoted)
    else:
        expected, reason = known
        # Now equal to gold: fixed, so delete the entry. Anything else: a new way of being wrong.
        assert result.status == expected, (f"listed disagreement ({reason}) changed: gold {gold.status.value}, "
                                           f"listed {expected.value}, scorer {result.status.value}", quoted)


@pytest.mark.parametrize("report", sorted(GOLD))
def test_evidence_points_at_quoted_text(report: str) -> None:
    card = scored(report)
    original = card.document.text
    lines = original.split("\n")
    for r in card.items:
        for e in r.evidence + r.mentions:
            assert original[e.start:e.end] == e.text
            assert e.text.split("\n")[0] in lines[e.line - 1]
            for a, b in e.hits:
                assert e.start <= a < b <= e.end


@pytest.mark.parametrize("report", sorted(GOLD))
def test_covered_items_cite_counting_evidence(report: str) -> None:
    card = scored(report)
    for r in card.items:
        if r.status == Status.COVERED:
            assert r.evidence, r.item.id
        if r.status == Status.MISSING:
            assert not r.evidence, r.item.id
            assert all(m.role not in (Role.MEASURES, Role.HIGHLIGHTS) for m in r.mentions), r.item.id
