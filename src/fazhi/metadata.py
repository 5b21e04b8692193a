"""Title, issuer, reported year and publication date, read off the segmented lines."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import NamedTuple

from .model import Meta


class MetaLine(NamedTuple):
    """One non-blank line as the segmenter classified it (kind: skip/title/heading/body)."""

    text: str  # normalised
    kind: str
    number: int
    start: int
    end: int

_PUBLISHED = re.compile(
    r"(发布日期|发布时间|公文生成日期|成文日期|日期|时间)\s*:\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SIGNED = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
# A page's metadata field naming who issued the text: "来源:广东省公安厅", "发布机构:田村路街道办事处".
_ISSUER_FIELD = re.compile(
    r"(发布机构|发布单位|发文机关|发文单位|发布部门|制发机关|信息来源|来源)\s*:\s*([^\s|:]{2,40})")
# Field labels a flattened page runs into the value ("田村路街道办事处日期:2022-02-15").
_FIELD_TAIL = re.compile(r"(发布日期|发布时间|成文日期|日期|时间|浏览次数|点击数|点击|字号|字体|分享到|作者|编辑)$")
# A source that is a website or a newspaper, not an issuer.
_NOT_ISSUER = re.compile(r"网|报$|报社|新闻|电视台|广播|本站|新华社|转载|微信|公众号")
# A salutation before the first sentence: "省政府:", "慈溪市委、市政府:".
_SALUTATION = re.compile(r"^[^。;]{2,24}:$")
# The opening sentence's subject: "2020年,广州市深入践行……", "2021年,在区委、区政府坚强领导下,
# 虹桥街道深入学习……", "2017年,原环境保护部深入……".
_SUBJECT = re.compile(r"^\d{4}\s*年度?(以来)?,(?:在[^。;]{1,40}?(领导|指导|监督)下,)?"
                      r"(?P<subject>[\u4e00-\u9fff()]{2,24}?)"
                      r"(深入|认真|坚持|全面|积极|紧紧|始终|扎实|持续|切实|不断|围绕|聚焦|按照|牢固|大力|着力|高度|坚决|以|在)")
_ORGAN_TAIL = re.compile(r"(人民政府|政府|街道办事处|办事处|管委会|管理委员会)?")
_PLACE = re.compile(r"[省市县区州旗盟镇乡]|街道|自治")
# What an issuer's name ends with: a government, a party committee or a department.
_ORGAN = re.compile(r"(人民政府|政府|委员会|党委|党工委|党组|局|厅|委|办公室|办|办事处|管委会|中心|部|署|院|镇|乡|街道|"
                    r"省|市|县|区|旗|州|盟|自治区)$")
SIGNATURE = re.compile(  # a signature line: the issuer alone
    r"^[\u4e00-\u9fff()]{2,24}(人民政府|政府|委员会|局|办公室|办事处|管委会|镇|乡|街道)$")
# A title's issuer stands before 关于 or the year: "XX县人民政府关于2023年度……", "XX局2023年……".
_TITLE_ISSUER = re.compile(r"^(.{2,40}?)(关于)?(\d{4}|二[〇○零]|本年度|年度)")
_YEAR = re.compile(r"(\d{4})\s*年")
# The reported year stated in the opening ("现将2023年度法治政府建设情况报告如下"); not the end of a
# span of years ("(2021-2025年)") nor a year in a cited title.
_OPENING_YEAR = re.compile(
    r"(?<![-—~至\d])(\d{4})\s*年度?(?![)\d—-])[^。;《》]{0,16}(法治政府建设|依法行政|法治建设|依法治[省市区县州旗镇乡])"
    r"[^。;《》]{0,12}(情况|工作)")
# A heading on the year's work ("一、2022年法治政府建设主要举措", "一、2019年度主要工作成效").
_HEADING_YEAR = re.compile(
    r"^\W{0,2}[一二三四五六七八九十\d]{0,3}\W{0,2}(\d{4})\s*年度?[^。]{0,20}(举措|成效|情况|成绩|工作)")
_CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_CHINESE_YEAR = re.compile(r"二[〇○零][〇○零一二三四五六七八九]{2}")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[(]\d{4}[〕\])]\s*\d{1,4}\s*号")
_EDITIONS = {"2015": "2015–2020", "2021": "2021–2025"}
_GANGYAO = re.compile(r"法治政府建设实施纲要\s*\(?\s*(2015|2021)")


def extract_meta(lines: Sequence[MetaLine], original: str, text: str) -> Meta:
    """Title, issuer, reported year and publication date (with the line it was read from)."""
    title_line = next((ln for ln in lines if ln.kind == "title"), None)
    title = original[title_line.start:title_line.end] if title_line else None
    norm_title = title_line.text if title_line else None
    published, where = _published(lines)
    # The report's own 文号 stands in the page header or under the title, not in the body
    # (where other documents' numbers are cited).
    number = next((m.group(0) for ln in lines if ln.kind in ("skip", "title")
                   for m in [_DOC_NUMBER.search(ln.text)] if m), None)
    edition = _GANGYAO.search(text)
    # The first sentences (a salutation "市委、市政府:" may stand before them), read once for both.
    opening = [ln.text for ln in islice((ln for ln in lines if ln.kind == "body"
                                         and not _SALUTATION.match(ln.text)), 4)]
    issuer, issuer_source = _issuer(norm_title, lines, opening)
    year, year_source = _year(norm_title, lines, opening, published)
    return Meta(title=title, issuer=issuer, year=year,
                published=published, doc_number=number,
                gangyao=_EDITIONS[edition.group(1)] if edition else None,
                published_at=(where.number, where.start, where.end) if where else None,
                issuer_source=issuer_source, year_source=year_source)


def _year(title: str | None, lines: Sequence[MetaLine], opening: list[str],
          published: str | None) -> tuple[int | None, str]:
    """The reported year, and where it was read: the title, the opening's first words ("2023年,
    全省……") or its announcement ("现将2023年度法治政府建设情况报告如下"), a heading on the year's
    work; else the year before publication (reports come out in the first months of the next)."""
    if title:
        m = _YEAR.search(_CHINESE_YEAR.sub(lambda c: c.group(0).translate(_CHINESE_DIGITS), title))
        if m:
            return int(m.group(1)), "标题"
    if opening and (m := _YEAR.match(opening[0])):
        return int(m.group(1)), "正文首句"
    for t in opening:
        if m := _OPENING_YEAR.search(t):
            return int(m.group(1)), "开头段"
    for ln in lines:
        if ln.kind == "heading" and (m := _HEADING_YEAR.match(ln.text)):
            return int(m.group(1)), "部分标题"
    if published:
        return int(published[:4]) - 1, "由发布日期推断(发布于次年)"
    return None, ""


def _issuer(title: str | None, lines: Sequence[MetaLine], opening: list[str]) -> tuple[str | None, str]:
    """The issuer's name and where it was read, in order of trust: the title, a page's metadata
    field (来源/发布机构…), the signature at the end, the opening sentence's subject. A less
    trusted place may complete the name ("清流县" in the title, "清流县人民政府" signing)."""
    found = list(_issuers(title, lines, opening))
    if not found:
        return None, ""
    name, where = found[0]
    fuller = next(((n, w) for n, w in found[1:] if len(n) > len(name) and _completes(name, n)), None)
    return (fuller[0], f"{where}(全称见{fuller[1]})") if fuller else (name, where)


def _completes(name: str, fuller: str) -> bool:
    """Is *fuller* the same organ as *name*, named in full ("清流县" → "三明市清流县人民政府"), not
    a unit within it ("怀远县" → "怀远县徐圩乡政府")?"""
    at = fuller.find(name)
    return at >= 0 and _ORGAN_TAIL.fullmatch(fuller[at + len(name):]) is not None


def _issuers(title: str | None, lines: Sequence[MetaLine], opening: list[str]) -> Iterator[tuple[str, str]]:
    if title:
        m = _TITLE_ISSUER.match(title)
        name = m.group(1).strip() if m else ""
        # "中共XX市委 XX市人民政府关于……": the last organ named is the government's
        name = re.split(r"[\s、]+", name)[-1] if name else ""
        if name and not name.startswith("关于") and _ORGAN.search(name):
            yield name, "标题"
    for ln in lines:
        if ln.kind not in ("skip", "title"):
            continue
        for m in _ISSUER_FIELD.finditer(ln.text):
            name = _FIELD_TAIL.sub("", m.group(2))
            # A bare department ("来源:司法厅") is the office that posted the page, not who reports.
            if _ORGAN.search(name) and _PLACE.search(name[:-1]) and not _NOT_ISSUER.search(name):
                yield name, f"“{m.group(1)}”栏"
    signatures = [ln.text for ln in lines if ln.kind == "skip" and SIGNATURE.match(ln.text)]
    if signatures:
        yield signatures[-1], "落款"
    for first in opening[:1]:
        m = _SUBJECT.match(first)
        subject = m.group("subject") if m else ""
        # "我县""全省各级政府" are self-references, read by the level (level.py); a ministry
        # names no place (生态环境部)
        if subject[:1] not in "我本全各" and (subject.endswith("部") or _ORGAN.search(subject)
                                              and _PLACE.search(subject)):
            yield subject, "正文首句"


def _published(lines: Sequence[MetaLine]) -> tuple[str | None, MetaLine | None]:
    """From a page-header field (发布日期:…), else from the dated signature at the end."""
    for ln in lines:
        if ln.kind == "skip":
            m = _PUBLISHED.search(ln.text)
            if m and (iso := _iso(m.group(2), m.group(3), m.group(4))):
                return iso, ln
    for ln in reversed(lines):
        if ln.kind == "skip":
            m = _SIGNED.match(ln.text)
            if m and (iso := _iso(*m.groups())):
                return iso, ln
    return None, None


def _iso(y: str, m: str, d: str) -> str | None:
    month, day = int(m), int(d)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{int(y):04d}-{month:02d}-{day:02d}"
