"""What every output writer does: whole scorecards for one report (or a baseline comparison, or
an HTML page), or a stream of rows for many reports — header, one row each, footer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..batch import Row
    from ..compare import Comparison
    from ..model import Scorecard
    from ..output import Output


@dataclass(frozen=True)
class Options:
    """What the command line says about the output (picklable: a writer's `render` runs in
    the batch workers)."""

    to_file: bool = False          # -o: plain text instead of terminal drawing
    wide: bool = False             # --wide: one CSV row per report
    columns: tuple[tuple[str, str], ...] = ()  # (item id, title): every item of every rubric in play
    full: bool = False             # --all: every item of the terminal scorecard in full
    zh: bool = False               # --labels zh: Chinese headers and values in CSV


class Writer:
    """One output format. Scorecards in memory (`cards`) for one report, a comparison or HTML;
    otherwise rows streamed in input order: `render` runs in the worker that scored the report
    and its bytes come back in the row, so the parent writes them without re-encoding."""

    key: ClassVar[str]
    label: ClassVar[str]        # for the help text
    suffixes: ClassVar[tuple[str, ...]] = ()   # -o names that choose this format without --format
    bom: ClassVar[bool] = False  # a UTF-8 BOM, for spreadsheet programs
    binary: ClassVar[bool] = False   # not text: never written to a terminal
    labels: ClassVar[tuple[str, ...]] = ()   # the --labels it takes (none: the option is an error)
    streams_one: ClassVar[bool] = True   # one report streams too (else it is a whole card)
    holds_rows: ClassVar[bool] = False   # writes nothing until the footer (a summary of the rows)

    def __init__(self, options: Options) -> None:
        self.options = options

    def whole(self, reports: int, baseline: bool) -> bool:
        """Are whole scorecards written (else rows are streamed)?"""
        return baseline or (reports == 1 and not self.streams_one)

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        raise NotImplementedError

    def render(self, card: Scorecard) -> bytes:
        """One report's part of the stream, made in the worker (empty: nothing per report)."""
        return b""

    @property
    def renders(self) -> bool:
        return type(self).render is not Writer.render

    def header(self, out: Output, reports: int) -> None:
        """Before the first row."""

    def row(self, out: Output, row: Row, first: bool) -> None:
        """One report scored (*first*: the first scored one)."""
        out.write_utf8(row.rendered)

    def failed(self, row: Row) -> None:
        """One report that could not be scored (its error is on stderr already)."""

    def footer(self, out: Output, reports: int) -> None:
        """After the last row."""

    def abandon(self) -> None:
        """The stream stopped before its footer was written (interrupted, or the output failed)."""
