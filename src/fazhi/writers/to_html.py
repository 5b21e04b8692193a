"""HTML: one self-contained page, for one report or a corpus (always whole scorecards)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .base import Writer

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..model import Scorecard
    from ..output import Output


class Html(Writer):
    key = "html"
    suffixes = (".html", ".htm")
    label = "网页"
    streams_one = False

    def whole(self, reports: int, baseline: bool) -> bool:
        return True

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        from ..html_report import render_html
        out.write(render_html(cards))
