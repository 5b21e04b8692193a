"""What the engine decides, in a compact comparable form, for the speed-equivalence test.

`python -m tests.scores_snapshot` (from the repository root) rewrites
`tests/snapshots/scores.json.gz`. It was written once with the engine as it stood before the speed
work (see the file's `recorded` field); after that it must only change when the rubric or a rule's
meaning changes on purpose, never because the matcher got faster.

The snapshot holds, for every example report under both bundled rubrics and for every rubric
example sentence (of both rubrics) scored as a tiny report against the whole rubric, each item's
status, elements found, evidence and mentions (offsets, role, hits, rule) and the totals.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

from fazhi.model import Document, Evidence, Scorecard
from fazhi.reader import read_document
from fazhi.rubric import Rubric, bundled_rubrics, load_rubric
from fazhi.score import score_document

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "snapshots" / "scores.json.gz"
EXAMPLES = sorted((REPO / "examples" / "reports").glob("*.txt"))


def _evidence(e: Evidence) -> list[Any]:
    return [e.line, e.start, e.end, e.role.value, e.rule, [list(h) for h in e.hits]]


def card_summary(card: Scorecard, sparse: bool = False) -> dict[str, Any]:
    """Item by item: status, elements, evidence and mentions; *sparse* leaves out plain misses."""
    items = {}
    for r in card.items:
        if sparse and r.status.value == "missing" and not r.mentions:
            continue
        items[r.id] = {"status": r.status.value,
                       "elements": [e.found for e in r.elements],
                       "evidence": [_evidence(e) for e in r.evidence], "evidence_total": r.evidence_total,
                       "mentions": [_evidence(e) for e in r.mentions], "mentions_total": r.mentions_total}
    return {"score": card.summary.score, "score_unweighted": card.summary.score_unweighted, "items": items}


def load() -> dict[str, Any]:
    """The recorded snapshot."""
    return json.loads(gzip.decompress(SNAPSHOT.read_bytes()).decode("utf-8"))


def rubrics() -> list[Rubric]:
    return [load_rubric(p) for p in bundled_rubrics()]


def reports(rubric: Rubric) -> dict[str, Any]:
    return {p.name: card_summary(score_document(read_document(str(p)), rubric)) for p in EXAMPLES}


def sentences(rubric: Rubric) -> list[str]:
    """Every example sentence of *rubric*, once each, in rubric order."""
    return list(dict.fromkeys(ex.text for item in rubric.items for ex in item.examples))


def sentence_cards(rubric: Rubric) -> list[dict[str, Any]]:
    return [card_summary(score_document(Document(path="<example>", text=text, encoding="utf-8", sha256=""),
                                        rubric), sparse=True)
            for text in sentences(rubric)]


def snapshot() -> dict[str, Any]:
    return {r.info.id: {"reports": reports(r), "sentences": sentence_cards(r)} for r in rubrics()}


if __name__ == "__main__":
    recorded = sys.argv[1] if len(sys.argv) > 1 else "unspecified"
    SNAPSHOT.parent.mkdir(exist_ok=True)
    data = {"recorded": recorded, "rubrics": snapshot()}
    text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    SNAPSHOT.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{SNAPSHOT}: {SNAPSHOT.stat().st_size // 1024} KB")
