"""Markdown: one report's scorecard, or for several the corpus summary as tables (for a 通报)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..export import render_markdown
from .to_terminal import Terminal

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..model import Scorecard
    from ..output import Output


class Markdown(Terminal):
    """Rows are kept as the terminal keeps them; only the drawing differs."""

    key = "md"
    suffixes = (".md", ".markdown")
    label = "Markdown"

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        out.write(render_markdown(cards))

    def footer(self, out: Output, reports: int) -> None:
        from ..corpus import markdown
        out.write(markdown(self.rows))
