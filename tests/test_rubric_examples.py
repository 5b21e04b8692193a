"""The shipped rubrics: every core id present, and every item's own examples hold.

`pytest -k ITEM_ID` runs one item's examples.
"""

from __future__ import annotations

import re

import pytest

from fazhi.model import Status
from fazhi.normalise import normalise
from fazhi.rubric import bundled_rubrics, load_rubric
from fazhi.selftest import check_example

from .conftest import REPORTS, ROOT

# The ids of shared/spec/core-requirements.md; never renamed (tests and gold files use them).
CORE_IDS = """
structure.measures structure.shortcomings structure.first_responsible structure.next_year
leadership.xi_thought leadership.first_responsible leadership.shufa leadership.party_hearing
leadership.plan leadership.study_law leadership.assessment leadership.inspection
leadership.demonstration leadership.annual_report
functions.power_list functions.approval_reform functions.business_env functions.random_inspection
rules.normative_review rules.cleanup
decision.catalogue decision.procedures decision.legal_adviser
enforcement.three_systems enforcement.reform enforcement.discretion enforcement.personnel
enforcement.flexible enforcement.criminal_link enforcement.oversight
emergency.legal_response
disputes.mediation disputes.reconsideration disputes.litigation disputes.petition disputes.legal_services
oversight.congress oversight.audit oversight.open_government oversight.integrity
digital.platforms publicity.pufa
""".split()

RUBRICS = [load_rubric(p) for p in bundled_rubrics()]
ITEMS = [(r.info.id, item) for r in RUBRICS for item in r.items]
CASES = [(rid, item, ex) for rid, item in ITEMS for ex in item.examples]


@pytest.mark.parametrize("rubric", RUBRICS, ids=[r.info.id for r in RUBRICS])
def test_every_core_id_is_an_item(rubric) -> None:
    ids = [i.id for i in rubric.items]
    assert set(CORE_IDS) <= set(ids)
    assert len(ids) == len(set(ids))


def test_both_rubrics_are_shipped() -> None:
    assert [r.info.id for r in RUBRICS] == ["fazhi-2021", "fazhi-2015"]
    assert len(RUBRICS[0].items) >= 80


def test_core_id_list_matches_the_spec_when_available() -> None:
    spec = ROOT.parent / "shared" / "spec" / "core-requirements.md"
    if not spec.is_file():
        pytest.skip("shared/spec not beside this checkout")
    found = re.findall(r"^\| `([a-z_]+\.[a-z_]+)`", spec.read_text(encoding="utf-8"), re.M)
    assert sorted(found) == sorted(CORE_IDS)


@pytest.mark.parametrize("rid,item", ITEMS, ids=[f"{rid}:{i.id}" for rid, i in ITEMS])
def test_item_has_source_and_positive_and_negative_examples(rid: str, item) -> None:
    assert item.source.strip() and item.requirement.strip() and item.title.strip()
    expects = [ex.expect for ex in item.examples]
    assert any(e in (Status.COVERED, Status.PARTIAL) for e in expects)
    assert Status.MISSING in expects


@pytest.mark.parametrize("rid,item,example", CASES,
                         ids=[f"{rid}:{i.id}:{n}" for rid, i in ITEMS for n, _ in enumerate(i.examples)])
def test_example(rid: str, item, example) -> None:
    result = check_example(item, example)
    assert result.actual == example.expect, f"{rid} {item.id} line {example.line}: {example.text!r}"


SOURCED = [(rid, i, ex) for rid, i, ex in CASES if ex.source]


@pytest.mark.parametrize("rid,item,example", SOURCED, ids=[f"{rid}:{i.id}:{ex.source}" for rid, i, ex in SOURCED])
def test_sourced_example_is_really_in_the_report(rid: str, item, example) -> None:
    name, line = example.source.rsplit(":", 1)
    lines = (REPORTS / name).read_text(encoding="utf-8").split("\n")
    target = normalise(lines[int(line) - 1])
    quoted = [normalise(part.strip()) for part in example.text.split("\n") if part.strip()]
    assert any(q in target for q in quoted), (example.source, example.text)
