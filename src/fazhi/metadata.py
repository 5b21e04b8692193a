"""Title, issuer, reported year and publication date, read off the segmented lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
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
_ISSUER_FIELD = re.compile(r"发布机构\s*:\s*(\S+)")
SIGNATURE = re.compile(  # a signature line: the issuer alone
    r"^[\u4e00-\u9fff()]{2,24}(人民政府|政府|委员会|局|办公室|办事处|管委会|镇|乡|街道)$")
_TITLE_ISSUER = re.compile(r"^(.{2,30}?)(关于)?(\d{4}|二[〇○零]|本年度|年度)")
_YEAR = re.compile(r"(\d{4})\s*年")
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
    return Meta(title=title, issuer=_issuer(norm_title, lines), year=_year(norm_title, lines),
                published=published, doc_number=number,
                gangyao=_EDITIONS[edition.group(1)] if edition else None,
                published_at=(where.number, where.start, where.end) if where else None)


def _year(title: str | None, lines: Sequence[MetaLine]) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    for t, kind, *_ in lines:
        if kind == "body":
            m = _YEAR.match(t)
            return int(m.group(1)) if m else None
    return None


def _issuer(title: str | None, lines: Sequence[MetaLine]) -> str | None:
    for t, *_ in lines:
        m = _ISSUER_FIELD.search(t)
        if m:
            return m.group(1)
    signatures = [ln.text for ln in lines if ln.kind == "skip" and SIGNATURE.match(ln.text)]
    if signatures:
        return signatures[-1]
    if title:
        m = _TITLE_ISSUER.match(title)
        if m:
            return m.group(1)
    return None


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


PUBLIC_BY = "04-01"  # 督察规定 第二十四条: public before 1 April of the following year


def deadline(meta: Meta, month_day: str = PUBLIC_BY) -> tuple[str, bool] | None:
    """(deadline, published before it?) when the reported year and publication date are known."""
    if meta.year is None or meta.published is None:
        return None
    due = f"{meta.year + 1}-{month_day}"
    return due, meta.published < due
