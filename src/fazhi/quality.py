"""The read-time quality gate: is this readable Chinese text? (What a segmented report should
warn about is in `cautions`.)"""

from __future__ import annotations

import re

from .errors import InputError
from .model import Quality

_MIN_HAN = 30
_MIN_HAN_SHARE = 0.2
_MAX_GARBAGE_SHARE = 0.05

# Han characters (CJK Unified Ideographs and Extension A) are counted from the high bytes of
# their UTF-16 code units, in C: U+3400–U+4CFF and U+4E00–U+9FFF by high byte alone, and the
# block U+4D00–U+4DFF less its Yijing hexagrams U+4DC0–U+4DFF.
_HAN_HIGH = bytes(range(0x34, 0x4D)) + bytes(range(0x4E, 0xA0))
_NOT_HAN_HIGH = bytes(b for b in range(256) if b not in _HAN_HIGH)
_HEXAGRAMS = re.compile("[\u4dc0-\u4dff]+")
# Not readable text: U+FFFD and the Unicode categories Cc (controls that are not whitespace),
# Co (private use) and Cs (lone surrogates); counted by the lengths of their runs.
_GARBAGE = re.compile("[\ufffd\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ue000-\uf8ff\ud800-\udfff"
                      "\U000f0000-\U000ffffd\U00100000-\U0010fffd]+")


def _count(runs: re.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def _han(text: str) -> int:
    """How many characters of *text* are in U+4E00–U+9FFF or U+3400–U+4DBF."""
    high = text.encode("utf-16-be", "surrogatepass")[0::2]
    han = len(high.translate(None, _NOT_HAN_HIGH))
    block = high.count(0x4D)
    return han + block - (_count(_HEXAGRAMS, text) if block else 0)


def assess(text: str, path: str) -> Quality:
    """Counts for the scorecard; refuses (InputError, exit 3) what is not Chinese text."""
    visible = sum(map(len, text.split()))   # str.split() drops the str.isspace() characters
    han = _han(text)
    garbage = _count(_GARBAGE, text)
    quality = Quality(chars=len(text), han=han, han_share=round(han / visible, 3) if visible else 0.0,
                      garbage=garbage)
    if garbage > _MAX_GARBAGE_SHARE * max(visible, 1):
        raise InputError(f"{path}: 文字大量乱码({garbage} 个无法识别的字符)— 请检查文件编码或换一个版本的文件")
    if han < _MIN_HAN or quality.han_share < _MIN_HAN_SHARE:
        raise InputError(f"{path}: 不是中文文本(只有 {han} 个汉字)— 请确认选对了报告文件")
    return quality
