"""Which kind of reporter wrote the report: a province, a city, a county or district, a town or
street, or a government department (and then which government's). Duties differ by level, so
the rubric marks items that apply only to some levels (e.g. only governments with legislative
power make 规章; a department has no 依法治县委员会)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data"
LEVELS = ("province", "city", "county", "town", "department")
LEVEL_LABEL = {"province": "省级", "city": "市级", "county": "县级(县、区、旗)", "town": "乡镇(街道)",
               "department": "政府部门"}
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_DEPARTMENT = re.compile(r"(局|厅|部|委员会|委|办公室|办|中心|署|支队|大队|院|所)$")
_GOVERNMENT_SUFFIX = re.compile(r"(人民政府|政府)$")
# Administrative units; 市/区/县 followed by these characters start a department's name instead
# (市场监督管理局, 区域, 县域), so they do not count as units; 州 before 市 is part of a city's
# name (广州市, 郑州市).
_UNIT = re.compile(r"(自治区|特别行政区|省|自治州|地区|盟|州(?!市)|市(?!场|政|容|级)|自治县|县(?!域|级)|自治旗|旗"
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


# A party committee reports for its area: "中共XX镇委员会", "XX街道党工委".
_PARTY = re.compile(r"^中共|(党委|党工委|委员会)$")
# "中共XX市委 XX市人民政府": the government named last.
_JOINT = re.compile(r"^中共.*?委(?=.{2,}人民政府$)")
# How a report speaks of itself and its area, most specific level first. "我局""局党组" are a
# department's; "全县""我镇""本街道" a government's (a report also names the levels above it:
# "在区委、区政府领导下", "全市第一", so only the most specific level that speaks of itself counts).
_SELF_WORDS: dict[str, tuple[str, ...]] = {
    "department": ("我局", "本局", "局党组", "局党委", "局机关", "我厅", "本厅", "厅党组", "厅党委", "厅机关", "我委",
                   "委党组", "我办", "本办", "我部", "部党组", "我署", "我中心"),
    "town": ("全镇", "我镇", "本镇", "镇党委", "镇政府", "全乡", "我乡", "本乡", "乡党委", "乡政府", "全街道", "全街",
             "我街道", "我街", "本街道", "本街", "街道党工委", "街道办", "党工委"),
    "province": ("全自治区", "自治区党委", "自治区人民政府", "自治区政府", "全省", "我省", "本省", "省政府", "省委"),
    "county": ("全县", "我县", "本县", "县政府", "县委", "全区", "我区", "本区", "区政府", "区委", "全旗", "我旗",
               "本旗", "旗政府", "旗委"),
    "city": ("全市", "我市", "本市", "市政府", "市委", "全州", "我州", "本州", "州政府", "州委", "全盟", "我盟",
             "盟委"),
}
_SELF_LEVEL = {w: kind for kind, words in _SELF_WORDS.items() for w in words}
# One flat alternation, longest words first ("自治区政府" before "区政府", "全街道" before "全街"),
# so that the regex engine skips ahead by first character.
_SELF = re.compile("|".join(w + "(?!员)" if w == "我委" else w   # (我委员会 is no self-reference)
                            for w in sorted(_SELF_LEVEL, key=len, reverse=True)))
_FIRST_PERSON = re.compile("^(我|本|全)")
_GOVERNMENTS = ("town", "county", "city", "province")
_SELF_SPAN = 1500   # characters of the text read for self-references (the opening speaks most)


def detect_level(issuer: str | None, title: str | None, text: str = "", where: str = "") -> Level:
    """From the issuer's name (read from *where*: the title, a metadata field, the signature),
    else from how the text speaks of itself; a department's government likewise."""
    name = (issuer or "").strip() or _title_issuer(title or "")
    place = "" if not where else f"{where}," if where.startswith("由") else f"{where}中的"
    if name:
        name = _JOINT.sub("", name)
        government = _government_level(name)
        department = _DEPARTMENT.search(name) and not _GOVERNMENT_SUFFIX.search(name) and not _PARTY.search(name)
        # (the text is read for self-references only when the name leaves a doubt)
        if department and where.endswith("栏") and "department" not in (refs := _self_references(text)) \
                and (said := _speaks_as(refs, _GOVERNMENTS, strong_only=True)) is not None:
            # A portal files a government's report under the department that posted it
            # ("发布机构:XX区司法局"); the text speaking as the government ("全区") decides.
            return Level(said[0], None, f"正文自称“{said[1]}”,从未以部门自称;{where}的“{name}”应是发布网页的部门")
        if department:
            if government is None and (said := _speaks_as(_self_references(text), _GOVERNMENTS)) is not None:
                return Level("department", said[0], f"{place}发布单位“{name}”是政府部门;所属层级据正文“{said[1]}”")
            return Level("department", government, f"{place}发布单位“{name}”是政府部门")
        if government is not None:
            return Level(government, None, f"{place}发布单位“{name}”")
    refs = _self_references(text)
    said = _speaks_as(refs, ("department",) + _GOVERNMENTS)
    if said is None:
        return Level(None, None, f"无法从“{name}”判断层级" if name else "未识别到发布单位")
    kind, word = said
    if kind == "department":
        gov = _speaks_as(refs, _GOVERNMENTS)
        return Level("department", gov[0] if gov else None,
                     f"正文自称“{word}”" + (f",所属层级据“{gov[1]}”" if gov else ""))
    return Level(kind, None, f"正文自称“{word}”")


def _self_references(text: str) -> dict[str, list[str]]:
    """The self-references of each level in the opening of *text*, in order."""
    found: dict[str, list[str]] = {}
    for m in _SELF.finditer(text, 0, _SELF_SPAN):
        found.setdefault(_SELF_LEVEL[m.group()], []).append(m.group())
    return found


def _speaks_as(refs: dict[str, list[str]], kinds: tuple[str, ...],
               strong_only: bool = False) -> tuple[str, str] | None:
    """The most specific of *kinds* the text speaks as ("我镇", "全县" …), with the word; a level
    named only as an organ ("区政府") counts when no level says "我/本/全"."""
    for strong in (True,) if strong_only else (True, False):
        for kind in kinds:
            words = [w for w in refs.get(kind, ()) if not strong or _FIRST_PERSON.match(w) or kind == "department"]
            if words:
                return kind, max(set(words), key=words.count)
    return None


def override(kind: str) -> Level:
    return Level(kind, None, "由 --level 指定")


def _government_level(name: str) -> str | None:
    stem = _GOVERNMENT_SUFFIX.sub("", name)
    if stem.startswith(_MUNICIPALITIES) and not _UNIT.search(stem[3:]):
        return "province"
    found = list(_UNIT.finditer(stem))
    if not found:
        return None
    units = [m.group() for m in found]
    if units[-1] == "市":
        if any(_UNIT_LEVEL[u] == "city" for u in units[:-1]):
            return "county"   # a 市 within a city, 州 or 盟 is a county-level city (嘉兴市海宁市, 楚雄州禄丰市)
        place = stem[found[-2].end() if len(found) > 1 else 0:found[-1].end()]
        if place in _county_level_cities():
            return "county"   # named alone: 海宁市, 英德市
    return _UNIT_LEVEL[units[-1]]


@lru_cache(maxsize=1)
def _county_level_cities() -> frozenset[str]:
    """The county-level cities' names (data/county_level_cities.txt, read once)."""
    lines = (_DATA / "county_level_cities.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _title_issuer(title: str) -> str:
    m = re.match(r"^(.{2,30}?)(关于)?\d{4}", title)
    return m.group(1) if m else ""
