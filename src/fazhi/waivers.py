"""Waivers: a reviewer excuses an item for a given report or issuer, with a justification, an
approver and an expiry date, in a separate YAML file (`--waivers FILE`).

A waived item is shown with its reason, counted apart and left out of the score's denominator.
A waiver never hides an item the report in fact covers. An expired waiver is ignored with a
visible warning; one that names an item no rubric has is an error.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, RubricError
from .rubric import parse_with_marks

_FIELDS = {"item", "covers", "justification", "approver", "expires"}
_COVERS = {"issuer", "report"}


@dataclass(frozen=True)
class Waiver:
    item: str
    issuer: str | None     # exact issuer as detected, e.g. 某某镇人民政府
    report: str | None     # a path or glob of report files
    justification: str
    approver: str
    expires: dt.date
    line: int

    def covers(self, path: str, issuer: str | None) -> bool:
        if self.issuer is not None and self.issuer != issuer:
            return False
        return self.report is None or fnmatch.fnmatch(path, self.report) or \
            fnmatch.fnmatch(Path(path).name, self.report)


@dataclass(frozen=True)
class WaiverSet:
    path: str
    active: tuple[Waiver, ...]
    expired: tuple[Waiver, ...]

    def warnings(self) -> tuple[str, ...]:
        return tuple(f"豁免已过期,未采用:{self.path}:{w.line} {w.item}(有效期至 {w.expires})" for w in self.expired)

    def find(self, item: str, path: str, issuer: str | None) -> Waiver | None:
        return next((w for w in self.active if w.item == item and w.covers(path, issuer)), None)


def load_waivers(path: str, known_items: set[str], today: dt.date | None = None) -> WaiverSet:
    """Read and validate a waiver file; every problem is `file:line:col: item: message`."""
    today = today or dt.date.today()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([Problem(path, 0, 0, None, f"无法读取豁免文件({exc.__class__.__name__})")]) from None
    data, marks = parse_with_marks(path, text)
    problems: list[Problem] = []

    def at(where: tuple[Any, ...], item: str | None, message: str) -> None:
        line, col = marks.get(where, marks.get(where[:-1], (0, 0)))
        problems.append(Problem(path, line, col, item, message))

    entries = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RubricError([Problem(path, 1, 1, None, "豁免文件需要一个非空的 waivers 列表")])
    active, expired = [], []
    for i, entry in enumerate(entries):
        where = ("waivers", i)
        if not isinstance(entry, dict):
            at(where, None, "每条豁免应是一个映射(item、covers、justification、approver、expires)")
            continue
        item = entry.get("item")
        for key in sorted(set(entry) - _FIELDS):
            at(where + (key,), item, f"未知字段 {key}(拼写错误?)— 允许的字段:{', '.join(sorted(_FIELDS))}")
        for key in sorted(_FIELDS - set(entry)):
            at(where, item, f"缺少必填字段 {key}")
        if not {"item", "covers", "expires"} <= set(entry):
            continue
        if item not in known_items:
            at(where + ("item",), item, "评分规则中没有这个条目 — 请检查 id 拼写")
        covers = entry["covers"] if isinstance(entry["covers"], dict) else {}
        if not covers or set(covers) - _COVERS:
            at(where + ("covers",), item, "covers 需要 issuer(发布单位)或 report(报告文件或通配符)")
        expires = entry["expires"]
        if not isinstance(expires, dt.date):
            at(where + ("expires",), item, "expires 应是日期,如 2027-03-31")
            continue
        waiver = Waiver(str(item), covers.get("issuer"), covers.get("report"), str(entry.get("justification", "")),
                        str(entry.get("approver", "")), expires, marks.get(where, (0, 0))[0])
        (active if expires >= today else expired).append(waiver)
    if problems:
        raise RubricError(problems)
    return WaiverSet(path, tuple(active), tuple(expired))
