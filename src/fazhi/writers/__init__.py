"""Output writers, one module each, chosen in one place: WRITERS by --format.

Adding a format is one module here with a `Writer` subclass (see base.py) plus one line below.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from .base import Options, Writer
from .to_csv import Csv
from .to_html import Html
from .to_json import Json, JsonLines
from .to_markdown import Markdown
from .to_terminal import Terminal
from .to_xlsx import Xlsx

WRITERS: dict[str, type[Writer]] = {w.key: w for w in (Terminal, Json, JsonLines, Markdown, Csv, Xlsx, Html)}

DEFAULT = "rich"


def choose(fmt: str | None, output: str | None) -> type[Writer]:
    """The writer for --format *fmt*, else the one the -o file's extension names (`-o all.csv`
    writes CSV), else the terminal's; UsageError when the two disagree."""
    suffix = Path(output).suffix.lower() if output else ""
    implied = next((w for w in WRITERS.values() if suffix in w.suffixes), None)
    if fmt is None:
        return implied or WRITERS[DEFAULT]
    if implied is not None and implied.key != fmt:
        raise UsageError(f"-o {output}: 扩展名 {suffix} 表示 {implied.key} 格式,与 --format {fmt} 矛盾 — "
                         "请去掉 --format(按扩展名选择格式)或改用相符的扩展名")
    return WRITERS[fmt]


__all__ = ["DEFAULT", "WRITERS", "Options", "Writer", "choose"]
