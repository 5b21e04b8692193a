"""Excel/WPS workbook (.xlsx), always in Chinese: 「汇总」 one row per report and one column per
item of every rubric in play, 「明细」 one row per report × item with its evidence, 「缺失」 the
missing and partial items with the requirement and its source.

Each worker renders its report's part as compact JSON; here the rows are appended to a
write-only workbook (openpyxl streams every sheet to a temporary file), so a batch of thousands
of reports holds little in memory, and the footer writes the finished file through Output."""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..labels import MENTION_LABEL, ROLE_LABEL, STATUS_LABEL
from ..model import STATUS_SCORE, Status
from .base import Writer

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet as _Stubbed
    from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder, RowDimension
    from openpyxl.worksheet.filters import AutoFilter

    from ..batch import Row
    from ..compare import Comparison
    from ..model import Scorecard
    from ..output import Output

    class WriteOnlyWorksheet(_Stubbed):
        """With what it takes from Worksheet at run time, which the stubs leave out."""

        row_dimensions: DimensionHolder[int, RowDimension]
        column_dimensions: DimensionHolder[str, ColumnDimension]
        auto_filter: AutoFilter

SUMMARY = ("报告", "发布单位", "年度", "层级", "文档类型", "评分规则", "得分", "不加权得分",
           "覆盖", "部分覆盖", "缺失", "不适用", "豁免", "说明")
DETAIL = ("报告", "发布单位", "年度", "评分规则", "条目", "要求", "板块", "权重", "状态", "得分",
          "证据行", "证据", "提及作用", "提及行")
GAPS = ("报告", "发布单位", "条目", "要求", "板块", "权重", "状态", "具体要求", "依据")
_WIDTHS = {"报告": 36, "发布单位": 24, "年度": 7, "层级": 12, "文档类型": 14, "评分规则": 12, "得分": 7,
           "不加权得分": 10, "说明": 40, "条目": 28, "要求": 24, "板块": 18, "状态": 8, "证据": 70,
           "提及作用": 14, "具体要求": 60, "依据": 30}
_ITEM_WIDTH = 12   # a 汇总 item column: its header wraps over three lines
# Fill and text colour per status (Excel's own good / neutral / bad); the label is always written too.
_COLOURS = {Status.COVERED: ("C6EFCE", "006100"), Status.PARTIAL: ("FFEB9C", "9C5700"),
            Status.MISSING: ("FFC7CE", "9C0006"), Status.NOT_APPLICABLE: ("E7E6E6", "404040"),
            Status.WAIVED: ("E7E6E6", "404040")}
_MAX_CELL = 32767   # the most characters Excel keeps in a cell


class Xlsx(Writer):
    key = "xlsx"
    suffixes = (".xlsx",)
    label = "Excel/WPS 工作簿(.xlsx)"
    binary = True
    labels = ("zh",)

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        """With --baseline: the same workbook as a stream writes (the comparison is in the other formats)."""
        from ..batch import row
        self.header(out, len(cards))
        try:
            for n, card in enumerate(cards):
                self.row(out, row(card, self.render(card)), first=n == 0)
            self.footer(out, len(cards))
        except BaseException:
            self.abandon()
            raise

    def __getstate__(self) -> dict[str, Any]:
        """What a worker needs to render: the options, never the workbook being written here."""
        return {"options": self.options}

    def render(self, card: Scorecard) -> bytes:
        """What the sheets need of one report beyond its Row: each item's part, weight, first
        quote or mention, and, for a gap, its requirement and source — cleaned here, in the
        worker, so that the parent only appends."""
        from ..export import dumps, one_line
        parts = {p.id: p.title for p in card.parts}
        gaps = set(card.gaps)
        items = []
        for r in card.items:
            item = r.item
            ev = r.evidence[0] if r.evidence else None
            mention = r.mentions[0] if r.mentions and not r.evidence else None
            gap = item.id in gaps
            items.append([item.id, clean(item.title), clean(parts.get(item.part, item.part)), item.weight,
                          r.status.value,
                          ev.line if ev else None, clean(one_line(ev.text)) if ev else "",
                          MENTION_LABEL.get(mention.role, ROLE_LABEL[mention.role]) if mention else "",
                          mention.line if mention else None,
                          clean(item.requirement) if gap else "", clean(item.source) if gap else ""])
        return dumps({"items": items, "gaps": list(card.gaps)})

    def header(self, out: Output, reports: int) -> None:
        """The workbook, its status styles and its three sheets with their header rows."""
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
        self.book = Workbook(write_only=True)
        # One named style per status: a cell takes it by name, much faster than setting its fill,
        # font and alignment one by one (each looked up in the workbook's tables).
        for status, (fill, text) in _COLOURS.items():
            self.book.add_named_style(NamedStyle(STATUS_LABEL[status], fill=PatternFill("solid", fgColor=fill),
                                                 font=Font(color=text), alignment=Alignment(horizontal="center")))
        self.rows: dict[str, int] = {}
        columns = self.options.columns
        self.summary = self._sheet("汇总", SUMMARY, [f"{title}\n({item})" for item, title in columns])
        self.detail = self._sheet("明细", DETAIL)
        self.gaps = self._sheet("缺失", GAPS)

    def _sheet(self, title: str, names: Sequence[str], items: Sequence[str] = ()) -> WriteOnlyWorksheet:
        """A sheet with its header row written: bold, shaded, frozen with the report column."""
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter
        sheet: WriteOnlyWorksheet = self.book.create_sheet(title)
        headers = [*names, *items]
        for n, name in enumerate(headers, start=1):   # widths go before the first row
            sheet.column_dimensions[get_column_letter(n)].width = (
                _WIDTHS.get(name, 9) if n <= len(names) else _ITEM_WIDTH)
        sheet.freeze_panes = "B2"
        if items:
            sheet.row_dimensions[1].height = 48   # the wrapped item headers: title over id
        bold, shade = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
        wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cells = []
        for name in headers:
            cell = _text(sheet, clean(name))
            cell.font, cell.fill, cell.alignment = bold, shade, wrap
            cells.append(cell)
        self.rows[title] = 0
        # The first row makes the sheet's temporary file, which openpyxl opens in text mode
        # without an encoding (and closes at once: the rows go in as bytes), a warning at most.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EncodingWarning)
            self._append(sheet, cells)
        return sheet

    def row(self, out: Output, row: Row, first: bool) -> None:
        from ..doctype import KINDS
        from ..level import LEVEL_LABEL
        data: dict[str, Any] = json.loads(row.rendered)
        items: list[list[Any]] = data["items"]
        statuses = {item[0]: Status(item[4]) for item in items}
        path, issuer = clean(row.path), clean(row.issuer or "")
        self._append(self.summary, [
            path, issuer, row.year, LEVEL_LABEL.get(row.level, row.level) if row.level else None,
            KINDS.get(row.doctype, row.doctype), row.rubric, row.score, row.score_unweighted, *row.counts,
            None if row.doctype == "annual_report" else "不是法治政府建设年度报告,得分不具参考意义",
            *(self._status(self.summary, statuses[item]) if item in statuses else None
              for item, _ in self.options.columns)])
        for item_id, title, part, weight, status, line, quote, role, mention_line, _, _ in items:
            self._append(self.detail, [
                path, issuer, row.year, row.rubric, item_id, title, part, weight,
                self._status(self.detail, Status(status)), STATUS_SCORE.get(Status(status)), line, quote,
                role, mention_line])
        by_id = {item[0]: item for item in items}
        for gap in data["gaps"]:
            item_id, title, part, weight, status, *_, requirement, source = by_id[gap]
            self._append(self.gaps, [path, issuer, item_id, title, part, weight,
                                     self._status(self.gaps, Status(status)), requirement, source])

    def failed(self, row: Row) -> None:
        """A report that could not be scored keeps its row in 汇总, with the reason."""
        self._append(self.summary, [clean(row.path), "无法评分", *[None] * (len(SUMMARY) - 3),
                                    self._status(self.summary, Status.MISSING, clean(row.error or ""))])

    def footer(self, out: Output, reports: int) -> None:
        from openpyxl.utils import get_column_letter
        for sheet, width in ((self.summary, len(SUMMARY) + len(self.options.columns)),
                             (self.detail, len(DETAIL)), (self.gaps, len(GAPS))):
            sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{self.rows[sheet.title]}"
        buffer = io.BytesIO()
        self.book.save(buffer)
        out.write_bytes(buffer.getvalue())

    def abandon(self) -> None:
        """Each sheet's XML ended, so that no half-written sheet complains when collected (its
        temporary file goes at exit, as openpyxl removes them)."""
        for sheet in (self.summary, self.detail, self.gaps):
            if not sheet.closed:
                sheet.close()

    def _append(self, sheet: WriteOnlyWorksheet, values: Sequence[Any]) -> None:
        """One row of cleaned values (see clean): empty strings as empty cells, and text that
        starts with "=" as text, never a formula (a report's "=…" is words, not for Excel to run)."""
        sheet.append([(_text(sheet, v) if v.startswith("=") else v or None) if isinstance(v, str) else v
                      for v in values])
        self.rows[sheet.title] += 1

    def _status(self, sheet: WriteOnlyWorksheet, status: Status, text: str = "") -> Cell:
        """The status in words (or *text*) on its colour: the words carry it without colour."""
        cell = _text(sheet, text or STATUS_LABEL[status])
        cell.style = STATUS_LABEL[status]
        return cell


def clean(value: str) -> str:
    """*value* without the characters XML cannot hold, cut to what Excel keeps in a cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_CELL]


def _text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    """*value* (cleaned) as a text cell."""
    from openpyxl.cell import WriteOnlyCell
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell
