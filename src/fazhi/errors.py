"""Exit codes and the error values the CLI turns into one-line messages."""

from __future__ import annotations

import re
from dataclasses import dataclass

EXIT_OK = 0
EXIT_BELOW_THRESHOLD = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_INTERNAL = 70
EXIT_OUTPUT = 74     # the output could not be written (full disk, closed pipe): sysexits' EX_IOERR
EXIT_INTERRUPTED = 130


# Characters that would let a file name end a line, move the cursor, recolour or reorder what
# the terminal shows (and so fake an error line); undecodable bytes of a name (surrogate escapes).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """*text* safe to show on one line: such characters as escapes (\\n, \\x1b, \\u202e, \\xff)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:   # the byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return match.group().encode("unicode_escape", "backslashreplace").decode("ascii")


class FazhiError(Exception):
    """An expected failure: carries the exit code and a one-line message."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(FazhiError):
    exit_code = EXIT_USAGE


class InputError(FazhiError):
    """A report could not be read or scored (the others are still scored)."""

    exit_code = EXIT_INPUT


class OutputError(FazhiError):
    """Standard output or the -o file could not be written: no run that lost output exits 0."""

    exit_code = EXIT_OUTPUT


@dataclass(frozen=True)
class Problem:
    """One rubric problem with its location: ``file:line:col: [item] message``."""

    file: str
    line: int
    col: int
    item: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        item = f" {self.item}:" if self.item else ""
        return f"{where}:{item} {self.message}"


class RubricError(FazhiError):
    """The rubric could not be loaded; holds every problem found."""

    exit_code = EXIT_USAGE

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
