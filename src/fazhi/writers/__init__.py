"""Output writers, one module each, chosen in one place: WRITERS by --format.

Adding a format is one module here with a `Writer` subclass (see base.py) plus one line below.
"""

from __future__ import annotations

from .base import Options, Writer
from .to_csv import Csv
from .to_html import Html
from .to_json import Json, JsonLines
from .to_markdown import Markdown
from .to_terminal import Terminal
from .to_xlsx import Xlsx

WRITERS: dict[str, type[Writer]] = {w.key: w for w in (Terminal, Json, JsonLines, Markdown, Csv, Xlsx, Html)}

__all__ = ["WRITERS", "Options", "Writer"]
