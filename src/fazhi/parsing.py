"""argparse in Chinese, like the rest of the tool: its own words (usage, errors, section titles)
translated through its gettext hook while one of our parsers runs, and a guess at a mistyped
option, choice or command ("--formt" → "--format", "jsn" → "json", "explian" → "explain")."""

from __future__ import annotations

import argparse
import contextlib
import difflib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NoReturn

# argparse's message ids (it calls gettext on each) and what we show instead.
_ZH = {
    "usage: ": "用法:",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误:%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s:%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "the following arguments are required: %s": "缺少必需的参数:%s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义,可能是:%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一:%s",
    "ignored explicit argument %r": "多余的值 %r",
}


@contextlib.contextmanager
def _chinese() -> Iterator[None]:
    """argparse's words in Chinese for the duration (argparse looks `_` up at each call)."""
    english = argparse._  # type: ignore[attr-defined]  # argparse's gettext alias, not in typeshed
    argparse._ = lambda message: _ZH.get(message, english(message))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


def guess(word: str, known: Iterable[str]) -> str:
    """“(是否指 X?)” for the known word closest to *word*, or nothing."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"(是否指 {close[0]}?)" if close else ""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose messages, help and usage are in Chinese."""

    def __init__(self, **kwargs: Any) -> None:
        with _chinese():
            super().__init__(**kwargs)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]  # one of its overloads
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        with _chinese():
            parsed, extras = self.parse_known_args(args, namespace)
            if extras:
                options = self._option_string_actions
                hints = "".join(guess(e.split("=")[0], options) for e in extras if e.startswith("-"))
                self.error(f"无法识别的参数:{' '.join(extras)}{hints}")
            return parsed

    def format_usage(self) -> str:
        with _chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with _chinese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with _chinese():
            super().error(message)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            choices = [str(c) for c in action.choices]
            raise argparse.ArgumentError(action, f"无效的取值 {value!r}(可选:{', '.join(choices)})"
                                                 f"{guess(str(value), choices)}")
