"""HTML: one self-contained page for one report or a small corpus; for a larger corpus written
to a file, a summary page and one page per report in a folder beside it (always whole scorecards)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError
from ..output import Output
from .base import Writer

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..model import Scorecard


class Html(Writer):
    key = "html"
    suffixes = (".html", ".htm")
    label = "网页"
    streams_one = False

    def whole(self, reports: int, baseline: bool) -> bool:
        return True

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        from ..html_report import INLINE_MAX, render_html, render_site
        if len(cards) <= INLINE_MAX or out.target is None:   # (standard output is one page)
            out.write(render_html(cards))
            return
        pages = render_site(cards, out.target.name)
        out.write(pages.pop(out.target.name))
        folder = out.target.parent / Path(next(iter(pages))).parent   # every report's page is in one folder
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{folder}: 无法创建目录({exc.strerror})— 请换一个输出位置") from None
        for name, page in pages.items():   # each written whole or not at all, like the summary
            with Output(str(out.target.parent / name), bom=False) as one:
                one.write(page)
