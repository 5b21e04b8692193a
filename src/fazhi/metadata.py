"""Title, issuer, reported year and publication date, read off the segmented lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Heading, Meta

_PUBLISHED = re.compile(
    r"(发布日期|发布时间|公文生成日期|成文日期|日期|时间)\s*:\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SIGNED = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_ISSUER_FIELD = re.compile(r"发布机构\s*:\s*(\S+)")
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff()]{2,24}(人民政府|政府|委员会|局|办公室|办事处|管委会|镇|乡|街道)$")
_TITLE_ISSUER = re.compile(r"^(.{2,30}?)(关于)?(\d{4}|二[〇○零]|本年度|年度)")
_YEAR = re.compile(r"(\d{4})\s*年")


def extract_meta(lines: Sequence[tuple[str, str]], headings: Sequence[Heading]) -> Meta:
    """*lines* are (normalised text, kind) pairs in order; kind as in segment._classify."""
    title = next((t for t, kind in lines if kind == "title"), None)
    year = _year(title, lines)
    return Meta(title=title, issuer=_issuer(title, lines), year=year, published=_published(lines))


def _year(title: str | None, lines: Sequence[tuple[str, str]]) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    for t, kind in lines:
        if kind == "body":
            m = _YEAR.match(t)
            return int(m.group(1)) if m else None
    return None


def _issuer(title: str | None, lines: Sequence[tuple[str, str]]) -> str | None:
    for t, _kind in lines:
        m = _ISSUER_FIELD.search(t)
        if m:
            return m.group(1)
    signatures = [t for t, kind in lines if kind == "skip" and _SIGNATURE.match(t)]
    if signatures:
        return signatures[-1]
    if title:
        m = _TITLE_ISSUER.match(title)
        if m:
            return m.group(1)
    return None


def _published(lines: Sequence[tuple[str, str]]) -> str | None:
    for t, kind in lines:
        if kind == "skip":
            m = _PUBLISHED.search(t)
            if m:
                return _iso(m.group(2), m.group(3), m.group(4))
    for t, kind in reversed(lines):
        if kind == "skip":
            m = _SIGNED.match(t)
            if m:
                return _iso(*m.groups())
    return None


def _iso(y: str, m: str, d: str) -> str | None:
    month, day = int(m), int(d)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{int(y):04d}-{month:02d}-{day:02d}"
