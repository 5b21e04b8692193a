"""CSV: one row per report × item (long form), or with --wide one row per report and a column
per item. Written with a BOM so that Excel and WPS read the Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..export import csv_header, csv_records
from .base import Writer

if TYPE_CHECKING:
    from ..batch import Row
    from ..compare import Comparison
    from ..model import Scorecard
    from ..output import Output


class Csv(Writer):
    key = "csv"
    suffixes = (".csv",)
    label = "CSV 表格"
    bom = True

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        out.write(csv_header() + "".join(csv_records(c) for c in cards))

    def render(self, card: Scorecard) -> bytes:
        return b"" if self.options.wide else csv_records(card).encode()

    def row(self, out: Output, row: Row, first: bool) -> None:
        from ..corpus import wide_header, wide_row
        wide, columns = self.options.wide, self.options.columns
        if first:   # no header when no report could be scored
            out.write(wide_header(columns) if wide else csv_header())
        if wide:
            out.write(wide_row(row, columns))
        else:
            out.write_utf8(row.rendered)
