"""The terminal (rich): one report's scorecard (and its comparison with a baseline), or for
several reports the corpus summary, drawn once every row is in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..output import draw
from .base import Writer

if TYPE_CHECKING:
    from ..batch import Row
    from ..compare import Comparison
    from ..model import Scorecard
    from ..output import Output


class Terminal(Writer):
    key = "rich"
    label = "终端表格"
    streams_one = False
    holds_rows = True

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        def picture(console: Any) -> None:
            from ..render import print_scorecards
            if comparison is not None:   # first: the scorecard that follows is hundreds of lines
                from ..compare import print_comparison
                print_comparison(console, comparison)
                console.print()
            print_scorecards(console, cards, self.options.full)
        out.write(draw(picture, to_file=self.options.to_file) or "")

    def header(self, out: Output, reports: int) -> None:
        self.rows: list[Row] = []

    def row(self, out: Output, row: Row, first: bool) -> None:
        self.rows.append(row)

    def failed(self, row: Row) -> None:
        self.rows.append(row)   # the summary lists the reports it could not score

    def footer(self, out: Output, reports: int) -> None:
        from ..corpus import print_corpus
        out.write(draw(lambda console: print_corpus(console, self.rows), to_file=self.options.to_file) or "")
