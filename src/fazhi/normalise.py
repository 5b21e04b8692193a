"""Length-preserving normalisation: one output character per input character.

Matching runs on the normalised text; because every character maps to exactly one
character, an offset in the normalised text is the same offset in the original, so
evidence is always quoted from the original (Traditional characters included).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

_TABLE: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_TABLE.update({
    0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: " ",
    0x201C: '"', 0x201D: '"', 0x2018: '"', 0x2019: '"', 0x0027: '"',
    0x300C: '"', 0x300D: '"', 0x300E: '"', 0x300F: '"', 0x301D: '"', 0x301E: '"',
    0x3001: ",",            # 、
    0xFF0C: ",",            # ,
    0x2014: "—", 0x2015: "—", 0x2500: "—",
    0x3010: "[", 0x3011: "]",
    0x2022: "·", 0x00B7: "·", 0x30FB: "·",
    0x00A5: "¥",
})
# Full-width quote inside the shifted range (U+FF02) already maps to '"'.
_FOLDED = {chr(cp): to for cp, to in _TABLE.items()}
# The table's characters, found by a regex and replaced in C (`str.translate` looks up every
# character of the text in the table, and most of a Chinese report is not in it: five times slower).
_FOLD = re.compile("([" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE)) + "])")


def fold(text: str) -> str:
    """*text* with the table's characters replaced: `text.translate(_TABLE)`, faster."""
    pieces = _FOLD.split(text)   # text, a character to fold, text, …
    pieces[1::2] = map(_FOLDED.__getitem__, pieces[1::2])
    return "".join(pieces)


def normalise(text: str) -> str:
    """*text* with width, quote and comma variants folded and Traditional characters made
    Simplified; always the same length as *text*."""
    folded = fold(text)
    if not any(ord(ch) >= 0x3400 for ch in folded):
        return folded
    return to_simplified(folded)


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s), kept character for character.

    OpenCC converts by phrase; a phrase that changes length is converted character by
    character instead, so offsets never move.
    """
    converter = _converter()
    converted: str = converter.convert(text)   # OpenCC.convert has no return annotation
    if len(converted) == len(text):
        return converted
    return "".join(_char(ch) for ch in text)


@cache
def _char(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


@cache
def _converter() -> opencc.OpenCC:
    import opencc  # imported on first use: plain Simplified text never needs it
    return opencc.OpenCC("t2s")
