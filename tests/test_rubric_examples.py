"""The default rubric: every core id present, and every item's own examples hold.

`pytest -k ITEM_ID` runs one item's examples.
"""

from __future__ import annotations

import re

import pytest

from fazhi.model import Status
from fazhi.normalise import normalise
from fazhi.selftest import check_example

from .conftest import REPORTS, ROOT, default_rubric

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

RUBRIC = default_rubric()
CASES = [(item, ex) for item in RUBRIC.items for ex in item.examples]


def test_every_core_id_is_an_item() -> None:
    ids = [i.id for i in RUBRIC.items]
    assert set(CORE_IDS) <= set(ids)
    assert len(ids) == len(set(ids))


def test_core_id_list_matches_the_spec_when_available() -> None:
    spec = ROOT.parent / "shared" / "spec" / "core-requirements.md"
    if not spec.is_file():
        pytest.skip("shared/spec not beside this checkout")
    found = re.findall(r"^\| `([a-z_]+\.[a-z_]+)`", spec.read_text(encoding="utf-8"), re.M)
    assert sorted(found) == sorted(CORE_IDS)


@pytest.mark.parametrize("item", RUBRIC.items, ids=[i.id for i in RUBRIC.items])
def test_item_has_positive_and_negative_examples(item) -> None:
    expects = [ex.expect for ex in item.examples]
    assert any(e in (Status.COVERED, Status.PARTIAL) for e in expects)
    assert Status.MISSING in expects


@pytest.mark.parametrize("item,example", CASES,
                         ids=[f"{i.id}:{n}" for i in RUBRIC.items for n, _ in enumerate(i.examples)])
def test_example(item, example) -> None:
    result = check_example(item, example)
    assert result.actual == example.expect, f"{item.id} line {example.line}: {example.text!r}"


SOURCED = [(i, ex) for i, ex in CASES if ex.source]


@pytest.mark.parametrize("item,example", SOURCED, ids=[f"{i.id}:{ex.source}" for i, ex in SOURCED])
def test_sourced_example_is_really_in_the_report(item, example) -> None:
    name, line = example.source.rsplit(":", 1)
    lines = (REPORTS / name).read_text(encoding="utf-8").split("\n")
    target = normalise(lines[int(line) - 1])
    quoted = [normalise(part.strip()) for part in example.text.split("\n") if part.strip()]
    assert any(q in target for q in quoted), (example.source, example.text)
