"""The shipped rubrics: every core id present, and every item's own examples hold.

`pytest -k ITEM_ID` runs one item's examples.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter

import pytest

from fazhi.model import Status
from fazhi.normalise import normalise
from fazhi.rubric import Example, Item, bundled_rubrics, load_rubric
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


def _text_hash(example: Example) -> str:
    return hashlib.sha256(example.text.encode("utf-8")).hexdigest()[:6]


def example_names(item: Item) -> list[str]:
    """A name per example of *item* that does not depend on its position among the others.

    Its `from:` source when no other example of the item cites the same line, else the source
    and a short hash of the text; without a source, the expected status and the hash. (Not a
    prefix of the text: pytest escapes non-ASCII ids to \\uXXXX, unreadable and not matchable by -k.)
    """
    sources = Counter(ex.source for ex in item.examples if ex.source)
    names = [ex.source if ex.source and sources[ex.source] == 1 else f"{ex.source or ex.expect.value}-{_text_hash(ex)}"
             for ex in item.examples]
    # Only an example repeated word for word can still share a name; number the repeats.
    seen: Counter[str] = Counter()
    unique: list[str] = []
    for name in names:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return unique


CASE_IDS = [f"{rid}:{item.id}:{name}" for rid, item in ITEMS for name in example_names(item)]


def test_example_ids_are_unique_and_keep_their_item_id() -> None:
    # pytest would silently number clashing ids by position, which is what the names avoid.
    assert len(set(CASE_IDS)) == len(CASE_IDS)
    assert all(case_id.startswith(f"{rid}:{item.id}:") for (rid, item, _), case_id in zip(CASES, CASE_IDS, strict=True))


@pytest.mark.parametrize("rid,item", ITEMS[:3] + [(rid, i) for rid, i in ITEMS if i.id == "enforcement.three_systems"],
                         ids=lambda v: v if isinstance(v, str) else v.id)
def test_an_example_keeps_its_id_when_others_are_added_or_moved(rid: str, item: Item) -> None:
    names = dict(zip(item.examples, example_names(item), strict=True))
    moved = dataclasses.replace(item, examples=tuple(reversed(item.examples)))
    assert dict(zip(moved.examples, example_names(moved), strict=True)) == names
    extra = Example(text="新增的一条例句。", expect=Status.MISSING, source=None, note=None, line=0)
    grown = dataclasses.replace(item, examples=(extra, *item.examples))
    expected = {extra: f"missing-{_text_hash(extra)}", **names}
    assert dict(zip(grown.examples, example_names(grown), strict=True)) == expected


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


@pytest.mark.parametrize("rid,item,example", CASES, ids=CASE_IDS)
def test_example(rid: str, item, example) -> None:
    result = check_example(item, example)
    assert result.actual == example.expect, f"{rid} {item.id} line {example.line}: {example.text!r}"


# The same stable ids as test_example (a line quoted twice no longer gets pytest's positional suffix).
SOURCED = [(case, case_id) for case, case_id in zip(CASES, CASE_IDS, strict=True) if case[2].source]


@pytest.mark.parametrize("rid,item,example", [c for c, _ in SOURCED], ids=[i for _, i in SOURCED])
def test_sourced_example_is_really_in_the_report(rid: str, item, example) -> None:
    name, line = example.source.rsplit(":", 1)
    lines = (REPORTS / name).read_text(encoding="utf-8").split("\n")
    target = normalise(lines[int(line) - 1])
    quoted = [normalise(part.strip()) for part in example.text.split("\n") if part.strip()]
    assert any(q in target for q in quoted), (example.source, example.text)
