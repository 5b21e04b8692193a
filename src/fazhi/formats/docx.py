"""Text of a Word (.docx) report: every paragraph and table row in document order, one a line.

python-docx opens the package; the body is then walked on its XML, so that nothing is lost:
tables (nested ones too), content controls, text boxes and tracked insertions keep their text,
tracked deletions are left out. A table row becomes one line with its cells joined by a tab,
unless a cell holds several paragraphs (a layout table around the report): then each paragraph
stays a line of its own. Word's automatic numbering, which often carries the headings (一、
(一) 1.), is rendered from numbering.xml and put before the paragraph's text.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from lxml import etree

from ..errors import InputError
from ..limits import MAX_CHARS, MAX_LIST_NUMBER, MAX_UNZIPPED

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream of a password-protected .docx
_ADVICE = "请用 Word/WPS 另存为 .docx 或 .txt 后再评分"
# Not text of the paragraph: properties, deletions, the old place of a move, duplicate fallbacks.
_SKIP = frozenset({_W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _MC + "Fallback"})

_DIGITS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    """一 … 十、十一 … 九十九、一百、一百零一 … (Word's Chinese counting formats)."""
    if not 0 < n < 10000:
        return str(n)
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += _DIGITS[digit] + unit
        elif out and n and not out.endswith("零"):
            out += "零"
    return out[1:] if out.startswith("一十") else out


def _letter(n: int) -> str:
    """a … z, aa … zz, aaa …: Word repeats the letter; past 260 the number is shown instead."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if 0 < n <= 260 else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[n - 1] if 0 < n <= 10 else str(n),
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerLetter": _letter,
    "none": lambda n: "",
}


def is_docx(data: bytes) -> bool:
    """Is this zip archive a Word document (not any zip)?"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_text(data: bytes, path: str) -> str:
    """The text of the Word document *data* read from *path*; InputError if it is not one."""
    body, numbering = _load(data, path)
    lines, size = [], 0
    for line in _lines(body, numbering):
        size += len(line) + 1
        if size > MAX_CHARS:   # a small package can hold millions of repeated runs
            raise InputError(f"{path}: Word 文件的文字超过 {MAX_CHARS:,} 字,不像一篇报告 — 请只保留报告正文后再评分")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _load(data: bytes, path: str) -> tuple[etree._Element, _Numbering]:
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise InputError(f"{path}: Word 文件设有打开密码 — 请取消密码后另存为 .docx 或 .txt 再评分")
        raise InputError(f"{path}: 这是旧版 Word(.doc)文件 — 请用 Word/WPS 另存为 .docx 后再评分")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise InputError(f"{path}: 不是有效的 Word(.docx)文件 — {_ADVICE}") from None
    if not any(e.filename.startswith("word/") for e in entries):
        raise InputError(f"{path}: 这是压缩包(zip),不是 Word 文档 — 请解压后对其中的报告评分,或{_ADVICE}")
    if sum(e.file_size for e in entries) > MAX_UNZIPPED:   # zipfile never inflates past the declared sizes
        raise InputError(f"{path}: Word 文件解压后过大(超过 {MAX_UNZIPPED // 1048576} MB)— 请只保留报告正文后再评分")
    try:
        part = docx.Document(io.BytesIO(data)).part
        return part.element.body, _Numbering(_xml(part, RT.NUMBERING), _xml(part, RT.STYLES))
    except Exception:  # a damaged package fails anywhere in zipfile, zlib, lxml or python-docx
        raise InputError(f"{path}: Word 文件已损坏,无法读取 — {_ADVICE}") from None


def _xml(part: Part, reltype: str) -> etree._Element | None:
    try:
        return parse_xml(part.part_related_by(reltype).blob)
    except KeyError:
        return None


def _lines(container: etree._Element, numbering: _Numbering) -> Iterator[str]:
    for block in _content(container):
        if block.tag == _W + "p":
            yield from _paragraph(block, numbering)
        elif block.tag == _W + "tbl":
            yield from _table(block, numbering)


def _content(element: etree._Element) -> Iterator[etree._Element]:
    """The children of *element*, with content controls and custom XML unwrapped."""
    for child in element:
        if child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _content(content)
        elif child.tag == _W + "customXml":
            yield from _content(child)
        else:
            yield child


def _table(table: etree._Element, numbering: _Numbering) -> Iterator[str]:
    for row in _content(table):
        if row.tag != _W + "tr":
            continue
        cells = [list(_lines(cell, numbering)) for cell in _content(row) if cell.tag == _W + "tc"]
        filled = [cell for cell in cells if cell]
        if len(filled) == 1 or any(len(cell) > 1 for cell in filled):
            for cell in filled:
                yield from cell
        elif filled:
            yield "\t".join(cell[0] if cell else "" for cell in cells)


def _paragraph(p: etree._Element, numbering: _Numbering) -> Iterator[str]:
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _inline(p, parts, boxes)
    text = "".join(parts)
    label = numbering.label(p)
    if text.strip():
        yield label + (" " if label and not unicodedata.category(label[-1]).startswith("P") else "") + text
    for box in boxes:
        yield from _lines(box, numbering)


def _inline(element: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """Collect the paragraph's text into *parts* and its text boxes into *boxes*."""
    for child in element:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("" if child.get(_W + "type") in ("page", "column") else "\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "txbxContent":
            boxes.append(child)
        elif tag not in _SKIP:
            _inline(child, parts, boxes)


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int
    legal: bool  # isLgl: every number of the label shown in decimal


def _val(element: etree._Element | None, child: str) -> str | None:
    found = element.find(_W + child) if element is not None else None
    return found.get(_W + "val") if found is not None else None


def _int(value: str | None, default: int) -> int:
    """An attribute's integer, at most MAX_LIST_NUMBER (a start of 10**12 is a hostile file's)."""
    digits = value.lstrip("-") if value is not None else ""
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 9):
        return default
    return max(-MAX_LIST_NUMBER, min(int(value or 0), MAX_LIST_NUMBER))


class _Numbering:
    """Word's list numbering: definitions from numbering.xml and styles, counters as read."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.style_levels: dict[str, int] = {}  # a style linked to a level of a list definition
        self.nums = self._read_lists(numbering) if numbering is not None else {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # numId, ilvl, basedOn
        self.default_style: str | None = None
        for style in styles.iterfind(_W + "style") if styles is not None else ():
            sid = style.get(_W + "styleId", "")
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            self.styles[sid] = (_val(numpr, "numId"), _val(numpr, "ilvl"), _val(style, "basedOn"))
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true", "on"):
                self.default_style = sid
        self.counters: dict[str, dict[int, int]] = {}  # numId → level → last number shown

    def _read_lists(self, numbering: etree._Element) -> dict[str, dict[int, _Level]]:
        """numId → its levels: the abstract definition's, with the list's own overrides."""
        abstract = {definition.get(_W + "abstractNumId", ""): self._levels(definition)
                    for definition in numbering.iterfind(_W + "abstractNum")}
        nums: dict[str, dict[int, _Level]] = {}
        for num in numbering.iterfind(_W + "num"):
            levels = dict(abstract.get(_val(num, "abstractNumId") or "", {}))
            for override in num.iterfind(_W + "lvlOverride"):
                levels.update(self._levels(override))
                ilvl, start = _int(override.get(_W + "ilvl"), 0), _val(override, "startOverride")
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = _Level(old.fmt, old.text, _int(start, old.start), old.legal)
            nums[num.get(_W + "numId", "")] = levels
        return nums

    def _levels(self, parent: etree._Element) -> dict[int, _Level]:
        levels: dict[int, _Level] = {}
        for lvl in parent.iterfind(_W + "lvl"):
            ilvl = _int(lvl.get(_W + "ilvl"), 0)
            fmt = _val(lvl, "numFmt") or _val(lvl.find(f"{_MC}AlternateContent/{_MC}Fallback"), "numFmt")
            levels[ilvl] = _Level(fmt or "decimal", _val(lvl, "lvlText") or "", _int(_val(lvl, "start"), 0),
                                  lvl.find(_W + "isLgl") is not None)
            style = _val(lvl, "pStyle")
            if style:
                self.style_levels[style] = ilvl
        return levels

    def label(self, p: etree._Element) -> str:
        """The number Word shows before paragraph *p* ("一、", "(一)", "1."), counted; or ""."""
        num_id, ilvl = self._numpr(p)
        levels = self.nums.get(num_id or "", {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id or "", {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        own = levels[ilvl]
        refs = {int(digit) - 1 for digit in re.findall(r"%([1-9])", own.text)}
        formats = {ref: "decimal" if own.legal else levels[ref].fmt for ref in refs if ref in levels}
        if len(formats) < len(refs) or not set(formats.values()) <= _FORMATS.keys():
            return ""  # a level or a number format we cannot render: no label rather than a wrong one

        def number(match: re.Match[str]) -> str:
            ref = int(match.group(1)) - 1
            return _FORMATS[formats[ref]](counters.get(ref, levels[ref].start))

        return re.sub(r"%([1-9])", number, own.text)

    def _numpr(self, p: etree._Element) -> tuple[str | None, int]:
        ppr = p.find(_W + "pPr")
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
        style = _val(ppr, "pStyle") or self.default_style
        seen: set[str] = set()
        while num_id is None and style is not None and style not in seen:
            seen.add(style)
            num_id, style_ilvl, based_on = self.styles.get(style, (None, None, None))
            if num_id is not None and ilvl is None:
                ilvl = style_ilvl if style_ilvl is not None else str(self.style_levels.get(style, 0))
            style = based_on
        return (None if num_id == "0" else num_id), _int(ilvl, 0)
