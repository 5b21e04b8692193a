"""Which kind of reporter wrote the report: a province, a city, a county or district, a town or
street, or a government department (and then which government's). Duties differ by level, so
the rubric marks items that apply only to some levels (e.g. only governments with legislative
power make 规章; a department has no 依法治县委员会)."""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = ("province", "city", "county", "town", "department")
LEVEL_LABEL = {"province": "省级", "city": "市级", "county": "县级(县、区、旗)", "town": "乡镇(街道)",
               "department": "政府部门"}
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_DEPARTMENT = re.compile(r"(局|厅|委员会|委|办公室|办|中心|署|支队|大队|院|所)$")
_GOVERNMENT_SUFFIX = re.compile(r"(人民政府|政府)$")
# Administrative units; 市/区/县 followed by these characters start a department's name instead
# (市场监督管理局, 区域, 县域), so they do not count as units.
_UNIT = re.compile(r"(自治区|特别行政区|省|自治州|地区|盟|州|市(?!场|政|容|级)|自治县|县(?!域|级)|自治旗|旗"
                   r"|新区|区(?!域|级)|镇|(?<!城)乡(?!村)|苏木|街道办事处|街道)")
_UNIT_LEVEL = {"省": "province", "自治区": "province", "特别行政区": "province", "市": "city", "州": "city",
               "自治州": "city", "地区": "city", "盟": "city", "县": "county", "自治县": "county", "旗": "county",
               "自治旗": "county", "区": "county", "新区": "county", "镇": "town", "乡": "town", "苏木": "town",
               "街道": "town", "街道办事处": "town"}


@dataclass(frozen=True)
class Level:
    kind: str | None            # one of LEVELS, or None when it cannot be told
    government: str | None      # for a department: the level of its government
    source: str                 # how it was decided (shown to the reviewer)

    def within(self, levels: frozenset[str]) -> bool:
        """Is this reporter one of *levels* ("department:city": a city government's department)?"""
        return self.kind in levels or (self.kind == "department" and f"department:{self.government}" in levels)

    @property
    def label(self) -> str:
        if self.kind is None:
            return "未识别"
        if self.kind == "department" and self.government:
            return f"{LEVEL_LABEL['department']}({LEVEL_LABEL[self.government]})"
        return LEVEL_LABEL[self.kind]


def detect_level(issuer: str | None, title: str | None) -> Level:
    """From the issuer (else the title's opening words)."""
    name = (issuer or "").strip() or _title_issuer(title or "")
    if not name:
        return Level(None, None, "未识别到发布单位")
    government = _government_level(name)
    if _DEPARTMENT.search(name) and not _GOVERNMENT_SUFFIX.search(name):
        return Level("department", government, f"发布单位“{name}”是政府部门")
    if government is None:
        return Level(None, None, f"无法从“{name}”判断层级")
    return Level(government, None, f"发布单位“{name}”")


def override(kind: str) -> Level:
    return Level(kind, None, "由 --level 指定")


def _government_level(name: str) -> str | None:
    stem = _GOVERNMENT_SUFFIX.sub("", name)
    if stem.startswith(_MUNICIPALITIES) and not _UNIT.search(stem[3:]):
        return "province"
    units = _UNIT.findall(stem)
    if not units:
        return None
    if units[-1] == "市" and any(_UNIT_LEVEL[u] == "city" for u in units[:-1]):
        return "county"   # a 市 within a city, 州 or 盟 is a county-level city (嘉兴市海宁市, 楚雄州禄丰市)
    return _UNIT_LEVEL[units[-1]]


def _title_issuer(title: str) -> str:
    m = re.match(r"^(.{2,30}?)(关于)?\d{4}", title)
    return m.group(1) if m else ""
