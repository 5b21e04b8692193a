"""Plain text: the decoded text is the report as it is."""

from __future__ import annotations


def plain_text(text: str, path: str) -> str:
    return text
