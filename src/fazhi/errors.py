"""Exit codes and the error values the CLI turns into one-line messages."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_BELOW_THRESHOLD = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


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
