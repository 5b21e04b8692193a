"""Speed work must not change a single decision: the engine reproduces the snapshot recorded
before it (tests/snapshots/scores.json.gz, see tests/scores_snapshot.py)."""

from __future__ import annotations

from typing import Any

from tests.scores_snapshot import load, snapshot


def _differences(old: Any, new: Any, path: str = "", limit: int = 10) -> list[str]:
    """Paths where *old* and *new* differ (at most *limit*), for a readable failure."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                out.append(f"{path}/{key}: {'added' if key not in old else 'gone'}")
            else:
                out += _differences(old[key], new[key], f"{path}/{key}", limit)
            if len(out) >= limit:
                break
        return out[:limit]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            out += _differences(a, b, f"{path}[{i}]", limit)
            if len(out) >= limit:
                break
        return out[:limit]
    return [] if old == new else [f"{path}: {old!r} → {new!r}"]


def test_recorded_before_the_speed_work() -> None:
    assert "before the speed work" in load()["recorded"]


def test_every_decision_is_as_recorded() -> None:
    recorded = load()["rubrics"]
    now = snapshot()
    assert set(now) == {"fazhi-2021", "fazhi-2015"} == set(recorded)
    for rubric in now.values():   # the snapshot covers real work, not empty cards
        assert len(rubric["reports"]) == 5 and len(rubric["sentences"]) > 250
        assert sum(r["status"] == "covered" for card in rubric["reports"].values()
                   for r in card["items"].values()) > 150
    assert _differences(recorded, now) == []
