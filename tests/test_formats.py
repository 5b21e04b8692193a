"""Word and PDF reports read into the text of the plain-text report, and score the same.

The .docx variants are built here with python-docx from the example reports (headings as Word
automatic numbering, the report inside tables); the PDF is the committed fixture made by
tests/fixtures/make_pdf.py. Unreadable files fail with one line naming the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from fazhi.errors import InputError
from fazhi.formats import pdf
from fazhi.formats.docx import docx_text
from fazhi.formats.pdf import pdf_text
from fazhi.model import Document, Status
from fazhi.normalise import normalise
from fazhi.score import score_document

from .conftest import EXAMPLES, REPORTS, default_rubric

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_CN = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)}
# The typed heading numbers of the examples, as Word list levels: (typed form, numFmt, lvlText).
_LEVELS = (
    (re.compile(r"^([一二三四五六七八九十])、"), "chineseCounting", "%1、"),
    (re.compile(r"^\(([一二三四五六七八九十])\)"), "chineseCounting", "(%2)"),
    (re.compile(r"^(\d)\.(?!\d)"), "decimal", "%3."),
)
_NUM_ID = 90
_WPS_MC = ('xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


def _statuses(text: str, fmt: str) -> dict[str, Status]:
    card = score_document(Document(f"report.{fmt}", text, fmt, "0" * 64), default_rubric())
    return {r.item.id: r.status for r in card.items}


def _paragraphs(text: str) -> list[str]:
    """The non-empty lines, folded and without spaces: what must survive a format round trip."""
    return [re.sub(r"\s", "", normalise(line)) for line in text.splitlines() if line.strip()]


def _report(name: str) -> str:
    return (REPORTS / name).read_text(encoding="utf-8")


# --- building .docx files ----------------------------------------------------------------------

def _add_numbering(document: WordDocument, levels: list[tuple[str, str, int]]) -> None:
    """A list definition (numFmt, lvlText, start) per level as numId 90; level 0 linked to Heading 1."""
    heading = '<w:pStyle w:val="Heading1"/>'
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'{heading if i == 0 else ""}<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels))
    numbering = document.part.numbering_part.element
    definition = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_NUM_ID}">{lvls}</w:abstractNum>')
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(definition)
    else:
        numbering.append(definition)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{_NUM_ID}">'
                               f'<w:abstractNumId w:val="{_NUM_ID}"/></w:num>'))
    # Level 0 comes from the style, as in Word templates whose headings are numbered.
    style_numpr = document.styles["Heading 1"].element.get_or_add_pPr().get_or_add_numPr()
    style_numpr.get_or_add_numId().val = _NUM_ID


def _number(paragraph: Paragraph, level: int, num_id: int = _NUM_ID) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id


def _adder(document: WordDocument, layout: str, count: int) -> Callable[[str, str | None], Paragraph]:
    """How to add a paragraph (text, style) to *document* in *layout*: "body" (one paragraph a
    line), "cell" (all in the one cell of a layout table) or "rows" (a table nested in a table,
    one paragraph a row)."""
    if layout == "body":
        return document.add_paragraph
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    if layout == "cell":
        return cell.add_paragraph
    rows = iter(cell.add_table(rows=count, cols=1).rows)

    def add(text: str, style: str | None) -> Paragraph:
        paragraph = next(rows).cells[0].paragraphs[0]
        paragraph.text, paragraph.style = text, style
        return paragraph

    return add


def _report_docx(lines: list[str], layout: str) -> bytes:
    """*lines* as a Word document, typed heading numbers replaced by automatic numbering."""
    document = docx.Document()
    _add_numbering(document, [(fmt, text, 1) for _, fmt, text in _LEVELS])
    add = _adder(document, layout, len(lines))
    counters = [0] * len(_LEVELS)
    for line in lines:
        for level, (typed, _, _) in enumerate(_LEVELS):
            match = typed.match(line)
            value = (int(match.group(1)) if match.group(1).isdigit() else _CN[match.group(1)]) if match else 0
            if value and value == counters[level] + 1:  # only where Word would count the same number
                counters[level:] = [value] + [0] * (len(_LEVELS) - level - 1)
                paragraph = add(line[match.end():], "Heading 1" if level == 0 else None)
                if level:
                    _number(paragraph, level)
                break
        else:
            add(line, None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("layout", ["body", "cell", "rows"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_docx_reads_as_the_text_and_scores_the_same(name: str, layout: str) -> None:
    text = _report(name)
    data = _report_docx(_lines(text), layout)
    got = docx_text(data, f"{name}.docx")
    assert _lines(got) == _lines(text)
    assert _statuses(got, "docx") == _statuses(text, "text")


def test_docx_headings_really_are_numbered() -> None:
    """The round trip above proves numbering only if the numbers were not typed."""
    text = _report("2021-guangdong-shaoguan-wujiang.txt")
    data = _report_docx(_lines(text), "body")
    typed = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "2021年度法治政府建设主要举措和成效" in typed and "统筹推进法治政府建设。" in typed
    assert not any(re.match(r"[一二三]、|\([一二三]\)|\d\.", t) for t in typed)
    got = _lines(docx_text(data, "w.docx"))
    assert "一、2021年度法治政府建设主要举措和成效" in got
    assert "(一)统筹推进法治政府建设。" in got
    assert any(line.startswith("1.强化组织部署") for line in got)


def test_docx_numbering_formats_counters_and_restarts() -> None:
    document = docx.Document()
    _add_numbering(document, [("chineseCounting", "%1、", 1), ("chineseCounting", "(%2)", 1),
                              ("decimal", "%3.", 1), ("upperLetter", "%4)", 1),
                              ("ideographTraditional", "%5.", 1), ("decimalEnclosedCircle", "%6", 1)])
    plan = [0] * 12 + [1, 1, 2, 2, 1, 2, 3, 3, 0, 1, 4, 5]
    for i, level in enumerate(plan):
        _number(document.add_paragraph(f"段{i}"), level)
    document.add_paragraph("标题", "Heading 1")  # numbered by its style
    _number(document.add_paragraph("不编号", "Heading 1"), 0, num_id=0)  # numId 0: numbering removed
    document.part.numbering_part.element.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="{_NUM_ID}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'))
    _number(document.add_paragraph("另一列表"), 0, num_id=91)
    out = io.BytesIO()
    document.save(out)
    got = docx_text(out.getvalue(), "n.docx").splitlines()
    labels = [line[: line.index("段")] for line in got if "段" in line]
    assert labels == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、",
                      "十一、", "十二、", "(一)", "(二)", "1.", "2.", "(三)", "1.", "A)", "B)",
                      "十三、", "(一)", "甲.", ""]
    assert got[-3:] == ["十四、标题", "不编号", "五、另一列表"]


def test_docx_table_rows_are_lines_with_tab_separated_cells() -> None:
    document = docx.Document()
    document.add_paragraph("表1 行政复议案件")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "事项", "件数"], strict=True):
        cell.text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 2).text = "85"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "行政复议", "纠错率18%"
    document.add_paragraph("表后段落。")
    out = io.BytesIO()
    document.save(out)
    assert docx_text(out.getvalue(), "t.docx") == (
        "表1 行政复议案件\n序号\t事项\t件数\n1\t行政复议\t纠错率18%\t85\n表后段落。\n")


def test_docx_keeps_content_controls_text_boxes_and_insertions_but_not_deletions() -> None:
    document = docx.Document()
    document.add_paragraph("开头。")
    body = document.element.body
    body.sectPr.addprevious(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>控件里的段落。</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    body.sectPr.addprevious(parse_xml(
        f'<w:p {nsdecls("w")} {_WPS_MC}><w:r><w:t xml:space="preserve">全年办结 </w:t></w:r>'
        '<w:del><w:r><w:delText>90</w:delText></w:r></w:del><w:ins><w:r><w:t>85</w:t></w:r></w:ins>'
        '<w:r><w:t>件。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框里的话。</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框里的话。</w:t>'
        '</w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>'))
    out = io.BytesIO()
    document.save(out)
    assert docx_text(out.getvalue(), "k.docx") == "开头。\n控件里的段落。\n全年办结 85件。\n文本框里的话。\n"


# --- PDF ---------------------------------------------------------------------------------------

def test_pdf_fixture_reads_as_the_text_and_scores_the_same() -> None:
    text = _report("2021-beijing-yanqing.txt")
    got = pdf_text((FIXTURES / "2021-beijing-yanqing.pdf").read_bytes(), "yanqing.pdf")
    assert "- 1 -" not in got
    assert _paragraphs(got) == _paragraphs(text)  # every paragraph unwrapped, across pages too
    assert _statuses(got, "pdf") == _statuses(text, "text")


def test_pdf_without_indents_is_unwrapped_at_sentence_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain extraction shows no indents: paragraphs then end at a sentence end on the margin."""
    monkeypatch.setattr(pdf, "_page_text", lambda page: page.extract_text())
    text = _report("2021-beijing-yanqing.txt")
    got = pdf_text((FIXTURES / "2021-beijing-yanqing.pdf").read_bytes(), "yanqing.pdf")
    assert len(_paragraphs(text)) <= len(_paragraphs(got)) <= len(_paragraphs(text)) + 3
    assert _statuses(got, "pdf") == _statuses(text, "text")


def test_pdf_with_an_owner_password_only_is_read() -> None:
    writer = PdfWriter(clone_from=FIXTURES / "2021-beijing-yanqing.pdf")
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "一、2021年推进法治政府建设的主要举措和成效" in pdf_text(out.getvalue(), "locked.pdf")


def _pdf_with_glyph_codes(first_code: int) -> bytes:
    """A page of text in an embedded-style font with Identity-H codes and no ToUnicode map."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    cid_font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): NameObject("/ABCDEF+SimSun"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"), NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0)}),
    })
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject("/ABCDEF+SimSun"), NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([cid_font]),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    lines = []
    for row in range(30):
        codes = "".join(f"{first_code + (row * 37 + col * 11) % 600:04X}" for col in range(30))
        lines.append(f"BT /F1 12 Tf 72 {780 - row * 20} Td <{codes}> Tj ET")
    content = DecodedStreamObject()
    content.set_data("\n".join(lines).encode("ascii"))
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- errors ------------------------------------------------------------------------------------

def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def _docx_with_broken_body() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    entries["word/document.xml"] = b"<w:document"  # cut short
    return _zip(entries)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BAD_FILES: list[tuple[str, Callable[[], bytes], Callable[[bytes, str], str], str]] = [
    ("plain.docx", lambda: "这是一份文本报告。".encode(), docx_text, "不是有效的 Word"),
    ("legacy.docx", lambda: _OLE + bytes(504), docx_text, "旧版 Word(.doc)"),
    ("locked.docx", lambda: _OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le"), docx_text, "密码"),
    ("archive.docx", lambda: _zip({"report.txt": "报告".encode()}), docx_text, "不是 Word 文档"),
    ("broken.docx", _docx_with_broken_body, docx_text, "已损坏"),
    ("no-text.pdf", lambda: (FIXTURES / "no-text.pdf").read_bytes(), pdf_text, "扫描件"),
    ("glyphs.pdf", lambda: _pdf_with_glyph_codes(0x0100), pdf_text, "乱码"),
    ("private-use.pdf", lambda: _pdf_with_glyph_codes(0xE000), pdf_text, "乱码"),
    ("broken.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog", pdf_text, "已损坏"),
]


@pytest.mark.parametrize(("name", "make", "read", "says"), _BAD_FILES, ids=[b[0] for b in _BAD_FILES])
def test_unreadable_files_fail_with_one_line_naming_the_file(
        name: str, make: Callable[[], bytes], read: Callable[[bytes, str], str], says: str) -> None:
    with pytest.raises(InputError) as caught:
        read(make(), f"reports/{name}")
    message = caught.value.message
    assert message.startswith(f"reports/{name}: ") and says in message and "\n" not in message
    assert caught.value.__cause__ is None and (caught.value.__context__ is None or caught.value.__suppress_context__)


def test_pdf_with_a_user_password_fails_with_advice() -> None:
    writer = PdfWriter(clone_from=FIXTURES / "2021-beijing-yanqing.pdf")
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputError, match=r"^locked\.pdf: PDF 设有打开密码"):
        pdf_text(out.getvalue(), "locked.pdf")


def test_pdf_fixture_is_typeset_like_a_report() -> None:
    """The fixture is a typeset report: several pages, paragraphs cut into lines."""
    reader = PdfReader(FIXTURES / "2021-beijing-yanqing.pdf")
    first = reader.pages[0].extract_text()
    assert len(reader.pages) >= 3 and "- 1 -" in first
    assert max(len(line) for line in first.splitlines()) < 45
