"""Waivers: a reviewer excuses an item for a given report or issuer, with a justification, an
approver and an expiry date, in a separate YAML file (`--waivers FILE`).

A waived item is shown with its reason, counted apart and left out of the score's denominator.
A waiver never hides an item the report in fact covers. An expired waiver is ignored with a
visible warning; one that names an item no rubric has is an error.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, RubricError
from .limits import MAX_RUBRIC_BYTES, read_regular
from .yamlmarks import at_path as _at
from .yamlmarks import dates_as_text, parse_with_marks, validate_schema

_MAGIC = re.compile(r"[*?[]")


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
    # Indexed once: (item, report name or issuer) → waivers naming it exactly; item → glob ones
    # (100,000 waivers scanned per item made a 2,000-report batch take over ten minutes).
    _exact: dict[tuple[str, str], list[Waiver]] = field(init=False, repr=False, compare=False)
    _globs: dict[str, list[Waiver]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exact: dict[tuple[str, str], list[Waiver]] = {}
        globs: dict[str, list[Waiver]] = {}
        for w in self.active:
            if w.report is not None and _MAGIC.search(w.report):
                globs.setdefault(w.item, []).append(w)
            else:   # covers() checks the rest (an issuer as well as a report, say)
                exact.setdefault((w.item, w.report if w.report is not None else w.issuer or ""), []).append(w)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_globs", globs)

    def warnings(self) -> tuple[str, ...]:
        return tuple(f"豁免已过期,未采用:{self.path}:{w.line} {w.item}(有效期至 {w.expires})" for w in self.expired)

    def unmatched(self, issuers: set[str]) -> str | None:
        """A note when waivers name an issuer that none of a run's reports has (a name spelt
        otherwise than the one read from the reports waives nothing, silently)."""
        missed = [w for w in self.active if w.issuer is not None and w.issuer not in issuers]
        if not missed:
            return None
        first = missed[0]
        return (f"注意:豁免文件 {self.path} 中有 {len(missed)} 条豁免写明的发布单位没有匹配本次任何报告"
                f"(如第 {first.line} 行“{first.issuer}”)— 请核对是否与评分卡上识别出的“发布单位”完全一致")

    def find(self, item: str, path: str, issuer: str | None) -> Waiver | None:
        """The first waiver (in file order) that excuses *item* for this report."""
        exact = self._exact
        candidates = [*exact.get((item, path), ()), *exact.get((item, Path(path).name), ()),
                      *(exact.get((item, issuer), ()) if issuer else ()), *self._globs.get(item, ())]
        found = [w for w in candidates if w.covers(path, issuer)]
        return min(found, key=lambda w: w.line) if found else None


def load_waivers(path: str, known_items: set[str], today: dt.date | None = None) -> WaiverSet:
    """Read and validate a waiver file against its schema; every problem is
    `file:line:col: item: message`."""
    today = today or dt.date.today()
    try:
        text = read_regular(path, MAX_RUBRIC_BYTES).decode("utf-8")
    except ValueError as exc:   # not a regular file, too large, not UTF-8
        reason = "不是 UTF-8 编码" if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise RubricError([Problem(path, 0, 0, None, f"无法读取豁免文件:{reason}")]) from None
    except OSError as exc:
        raise RubricError([Problem(path, 0, 0, None, f"无法读取豁免文件({exc.strerror})")]) from None
    data, marks = parse_with_marks(path, text)
    data = dates_as_text(data)
    # The schema words every error; a file whose entries all pass a plain check no looser than
    # the schema skips it (jsonschema took 26 s for 100,000 waivers).
    entries = data.get("waivers") if isinstance(data, dict) and set(data) == {"waivers"} else None
    clean = isinstance(entries, list) and entries and all(map(_plainly_valid, entries))
    problems = [] if clean else validate_schema(path, data, marks, _schema())
    if problems:
        raise RubricError(problems)
    active: list[Waiver] = []
    expired: list[Waiver] = []
    for i, entry in enumerate(data["waivers"]):
        where = ("waivers", i)
        item = entry["item"]
        if item not in known_items:
            problems.append(_at(path, marks, where + ("item",), item, "评分规则中没有这个条目 — 请检查 id 拼写"))
        try:
            expires = dt.date.fromisoformat(entry["expires"])
        except ValueError:
            problems.append(_at(path, marks, where + ("expires",), item,
                                f"{entry['expires']} 不是有效的日期 — 请写成 2027-03-31"))
            continue
        covers = entry["covers"]
        waiver = Waiver(item, covers.get("issuer"), covers.get("report"), entry["justification"],
                        entry["approver"], expires, marks.get(where, (0, 0))[0])
        (active if expires >= today else expired).append(waiver)
    if problems:
        raise RubricError(problems)
    return WaiverSet(path, tuple(active), tuple(expired))


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ENTRY_KEYS = frozenset({"item", "covers", "justification", "approver", "expires"})


def _plainly_valid(entry: Any) -> bool:
    """Does *entry* certainly satisfy the schema's entry (each test here is as strict or stricter)?"""
    def text(value: Any) -> bool:
        return isinstance(value, str) and not value.isspace() and value != ""
    return (isinstance(entry, dict) and set(entry) == _ENTRY_KEYS
            and all(text(entry[k]) for k in ("item", "justification", "approver"))
            and isinstance(entry["covers"], dict) and 0 < len(entry["covers"])
            and set(entry["covers"]) <= {"issuer", "report"} and all(map(text, entry["covers"].values()))
            and isinstance(entry["expires"], str) and _DATE.fullmatch(entry["expires"]) is not None)


def _schema() -> dict[str, Any]:
    with open(Path(__file__).parent / "schemas" / "waivers.schema.json", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]  # json.load is untyped; the schema is an object
