"""CSV: one row per report × item (long form), or with --wide one row per report and a column
per item. Written with a BOM so that Excel and WPS read the Chinese. English codes by default
(stable for machines); --labels zh puts Chinese headers, statuses, levels and roles instead."""

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
    labels = ("en", "zh")

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        zh = self.options.zh
        out.write(csv_header(zh) + "".join(csv_records(c, zh) for c in cards))

    def render(self, card: Scorecard) -> bytes:
        return b"" if self.options.wide else csv_records(card, self.options.zh).encode()

    def row(self, out: Output, row: Row, first: bool) -> None:
        from ..corpus import wide_header, wide_row
        wide, columns, zh = self.options.wide, self.options.columns, self.options.zh
        if first:   # no header when no report could be scored
            out.write(wide_header(columns, zh) if wide else csv_header(zh))
        if wide:
            out.write(wide_row(row, columns, zh))
        else:
            out.write_utf8(row.rendered)
