"""Text of a PDF report: its text layer page by page, with the page-width line breaks undone.

pypdf extracts each page's text layer as laid out, so that indents show. A PDF line ends where
the page is full, which would cut sentences and search terms in two, so lines are joined back
into paragraphs: a line continues the previous one when that one reaches the right margin and
the line is neither indented nor numbered like a heading (一、 (一) 1. 第X部分). Where a report
indents its paragraphs, as nearly all do, that is enough; where it does not, a sentence end
(。!?;: and the like) at the margin ends the paragraph too. Page numbers ("- 3 -", "第 3 页")
are dropped, and the spaces pypdf puts between the Chinese characters of justified lines are
removed. A PDF without a text layer (a scan) or with one that does not decode (fonts without a
Unicode map) is refused with advice.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass
from itertools import pairwise

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError

from ..errors import InputError
from ..limits import MAX_CHARS, MAX_PAGES

# pypdf logs every oddity of a damaged file (up to dozens of lines); the one-line error says it all.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False

_NUM = "一二三四五六七八九十"
_WIDE = "\u2014\u2018-\u201d\u2026\u2e80-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_PAGE_NUMBER = re.compile(r"^(?:[-\u2012\u2013\u2014\u2212]\s*\d{1,4}\s*[-\u2012\u2013\u2014\u2212]"
                          r"|第\s*\d{1,4}\s*页(?:\s*[,\uff0c/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?)$")
_SENTENCE_END = re.compile(r"[\u3002\uff01\uff1f\uff1b\uff1a!?;:\u2026][\u201d\u2019\"')\uff09\u300d\u300f\u300b]*$")
_HEADING = re.compile(rf"^(?:[{_NUM}]{{1,3}}[\u3001.\uff0e]|[(\uff08][{_NUM}\d]{{1,3}}[)\uff09]"
                      rf"|\d{{1,2}}[\u3001.\uff0e](?!\d)|第[{_NUM}\d]{{1,3}}(?:部分|章|节))")
_LEADING_WORD = re.compile(r"^[A-Za-z0-9.,%-]+")
_FULL_SLACK = 3.0  # a wrapped line may end this many characters short of the right margin
_MIN_LETTERS_PER_PAGE = 20


def pdf_text(data: bytes, path: str) -> str:
    """The text of the PDF *data* read from *path*, one paragraph a line; InputError if none."""
    pages = _pages(data, path)
    _check(pages, path)
    lines: list[_Line] = []
    for page in pages:
        raw = [line.rstrip() for line in page.splitlines()
               if line.strip() and not _PAGE_NUMBER.match(line.strip())]
        base = min((_indent(line) for line in raw), default=0)
        lines.extend(_Line(_despace(line.strip()), _indent(line) - base) for line in raw)
    return "\n".join(_unwrap(lines)) + "\n"


@dataclass(frozen=True)
class _Line:
    text: str
    indent: int  # in character widths from the page's left text edge: a first-line indent, centred …

    def right(self) -> float:
        """Where the line ends, in character widths from the left text edge."""
        return self.indent + _width(self.text)


def _pages(data: bytes, path: str) -> list[str]:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{path}: PDF 设有打开密码 — 请向报送单位索取未加密的版本,或取消密码后另存再评分")
        # The declared count first: pypdf takes seconds to list 60,000 pages (a file may lie, but
        # then the listing is bounded by the size limit).
        count = _declared_pages(reader)
        if count <= MAX_PAGES:
            count = len(reader.pages)
        if count > MAX_PAGES:
            raise InputError(f"{path}: PDF 有 {count:,} 页(上限 {MAX_PAGES} 页),不像一篇报告 — "
                             "请只保留报告正文后再评分")
        pages, size = [], 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for page in reader.pages:
                pages.append(_page_text(page))
                size += len(pages[-1])
                if size > MAX_CHARS:
                    raise InputError(f"{path}: PDF 的文字超过 {MAX_CHARS:,} 字,不像一篇报告 — 请只保留报告正文后再评分")
        return pages
    except InputError:
        raise
    except DependencyError:  # AES without the optional cryptography package
        raise InputError(f"{path}: PDF 已加密,无法解密 — 请取消加密后另存为 PDF,或向报送单位索取文字版") from None
    except Exception:  # a damaged file fails anywhere in pypdf's parser
        raise InputError(f"{path}: PDF 文件已损坏,无法读取 — 请重新下载,或向报送单位索取文字版(.docx/.txt)") from None


def _declared_pages(reader: PdfReader) -> int:
    """The page count the document catalogue declares (0 when it declares none)."""
    try:
        count = reader.trailer["/Root"]["/Pages"]["/Count"]  # type: ignore[index]  # dictionaries here; a damaged one raises, caught below
        return int(count) if isinstance(count, int) else 0
    except Exception:  # a damaged catalogue: the pages themselves are counted
        return 0


def _page_text(page: PageObject) -> str:
    """The page's text laid out as printed, so indents show; plain order where layout fails."""
    try:
        return page.extract_text(extraction_mode="layout")
    except Exception:  # layout mode is the younger code path; the plain one reads more fonts
        return page.extract_text()


def _check(pages: list[str], path: str) -> None:
    text = "".join(pages)
    letters = sum(ch.isalpha() for ch in text)
    bad = sum(ch == "\ufffd" or unicodedata.category(ch) == "Co" for ch in text)
    cjk = len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", text))
    if letters + bad < _MIN_LETTERS_PER_PAGE * max(len(pages), 1):
        raise InputError(f"{path}: PDF 中没有可提取的文字(可能是扫描件)— 请先做文字识别(OCR)或向报送单位索取文字版")
    if bad > 0.3 * (letters + bad) or cjk < 0.3 * letters:
        raise InputError(f"{path}: PDF 的文字无法解码(字体缺少编码映射,提取出的是乱码)— "
                         "请向报送单位索取文字版(.docx/.txt),或对 PDF 做文字识别(OCR)")


def _despace(line: str) -> str:
    """*line* without the spaces pypdf puts beside Chinese characters of spaced-out lines."""
    return re.sub(rf"(?<=[{_WIDE}]) +(?=[{_WIDE}A-Za-z0-9])|(?<=[A-Za-z0-9]) +(?=[{_WIDE}])", "", line)


def _width(text: str) -> float:
    """Width in Chinese characters: ASCII letters and digits are half as wide."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _unwrap(lines: list[_Line]) -> list[str]:
    """Join the lines of each paragraph back into one line."""
    rights = sorted(line.right() for line in lines)
    full = rights[int(len(rights) * 0.8)] if rights else 0.0

    def wrapped(previous: _Line, line: _Line) -> bool:
        """*previous* reaches the right margin: a word that did not fit may have moved on."""
        word = len(line.text) - len(_LEADING_WORD.sub("", line.text, count=1))
        return previous.right() >= full - _FULL_SLACK - 0.5 * word

    pairs = list(pairwise(lines))
    starts = [line for previous, line in pairs if not wrapped(previous, line)]
    # Where paragraphs start indented, an unindented line after a sentence end still continues.
    indented_paragraphs = sum(line.indent > 0 for line in starts) * 3 >= len(starts) > 0
    out = [lines[0].text] if lines else []
    for previous, line in pairs:
        if (wrapped(previous, line) and not line.indent and not _HEADING.match(line.text)
                and (indented_paragraphs or not _SENTENCE_END.search(previous.text))):
            ascii_words = previous.text[-1:].isascii() and previous.text[-1:].isalpha() \
                and line.text[:1].isascii() and line.text[:1].isalpha()
            out[-1] += (" " if ascii_words else "") + line.text
        else:
            out.append(line.text)
    return out
