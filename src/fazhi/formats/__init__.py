"""The input formats reports are published in, one module each, listed once in FORMATS: the
reader, directory discovery, the help text and the scorecards all read this table.

Adding a format is one module here, with a function that turns the file's content into text
(and, if it needs one, a function that recognises the content), plus one line in FORMATS.
A format module is imported only when a file needs it: pypdf and python-docx are slow to import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputFormat:
    key: str                   # Document.format
    label: str                 # as shown to reviewers
    suffixes: tuple[str, ...]  # file names searched for in a directory
    module: str                # fazhi.formats.<module>
    extract: str               # its function (content, path) -> text
    magic: bytes = b""         # how the bytes of a binary format begin; empty: a text format
    sniff: str = ""            # its function content -> bool that recognises the format, if the magic is not enough
    misnamed: str = ""         # the advice for a file named like this format whose bytes are not

    @property
    def binary(self) -> bool:
        return bool(self.magic)

    def recognises(self, content: Any) -> bool:
        """Is *content* (bytes for a binary format, decoded text otherwise) of this format?"""
        if self.binary and not content.startswith(self.magic):
            return False
        return not self.sniff or bool(self._function(self.sniff)(content))

    def text(self, content: Any, path: str) -> str:
        return str(self._function(self.extract)(content, path))

    def _function(self, name: str) -> Callable[..., Any]:
        function: Callable[..., Any] = getattr(importlib.import_module(f"{__name__}.{self.module}"), name)
        return function


# Binary formats first (by their bytes), then text formats (by the decoded text); plain text last.
FORMATS = (
    InputFormat("pdf", "PDF", (".pdf",), "pdf", "pdf_text", magic=b"%PDF",
                misnamed="扩展名是 .pdf,但内容不是 PDF — 请重新导出 PDF 或提供文字版"),
    InputFormat("docx", "Word", (".docx",), "docx", "docx_text", magic=b"PK\x03\x04", sniff="is_docx",
                misnamed="扩展名是 .docx,但内容不是 Word 文档(不是 zip 格式)— 请用 Word/WPS 重新另存为 .docx 或 .txt"),
    InputFormat("html", "网页", (".htm", ".html"), "html", "html_text", sniff="looks_like_html"),
    InputFormat("text", "文本", (".txt", ".text"), "text", "plain_text"),
)
SUFFIXES = tuple(s for f in FORMATS for s in f.suffixes)
LABELS = {f.key: f.label for f in FORMATS}
