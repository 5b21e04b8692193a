"""Named vocabularies and patterns: said once in a rubric, referenced by name everywhere.

    vocabularies:
      meetings: [常务会议, 常务会, 党组会议, 局务会]       # a synonym set
      leaders: [$principal_leaders, 一把手]              # may include another vocabulary
    patterns:
      cited_title: '(根据|按照|依据)(《[^》]*》[,和及与]?){1,6}'   # a shared regex (or a list)

A term list (`any`, the groups of `all` and `near`) takes `$name` for a vocabulary's terms; a
regex list (`regex`, `exclude`) takes `$name` for a named pattern (or a vocabulary as an
alternation), and a regex may hold `${name}` anywhere. Names are resolved late, against the
merged rubric, so an overlay that redefines a vocabulary changes every rule that uses it; inside
its own new definition `$name` stands for the base's definition (`meetings: [$meetings, 办公会]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .normalise import normalise
from .patterns import alternation

if TYPE_CHECKING:
    from .errors import Problem
    from .rubric import _Source

NAME = r"[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]*"
_WHOLE = re.compile(rf"^\$({NAME})$")
_INLINE = re.compile(rf"\$\{{({NAME})\}}")
_KIND_LABEL = {"vocabularies": "词表", "patterns": "命名模式"}


def reference(value: str) -> str | None:
    """The name *value* refers to when it is `$name`, else None."""
    m = _WHOLE.match(value)
    return m.group(1) if m else None


@dataclass(frozen=True)
class _Definition:
    name: str
    layer: int   # the file's place in the `extends` chain, base first
    kind: str    # "vocabularies" or "patterns"
    value: Any   # a list of terms, or a regex or a list of regexes
    source: _Source


class _Unresolved(Exception):
    def __init__(self, message: str, where: tuple[_Definition, int | None] | None = None) -> None:
        super().__init__(message)
        self.message, self.where = message, where


class References:
    """The vocabularies and patterns of a rubric and the files it extends."""

    def __init__(self) -> None:
        self._defs: dict[str, list[_Definition]] = {}
        self._done: dict[tuple[str, int | None], tuple[str, tuple[str, ...]]] = {}

    def define(self, layer: int, source: _Source, kind: str, name: str, value: Any) -> Problem | None:
        """Record a definition; a name used for both a vocabulary and a pattern is a problem."""
        earlier = self._defs.get(name)
        if earlier and earlier[-1].kind != kind:
            return source.at((kind, name), None, f"名称 {name} 已用作{_KIND_LABEL[earlier[-1].kind]}"
                                                 f"({earlier[-1].source.name})— 词表和命名模式不能同名")
        self._defs.setdefault(name, []).append(_Definition(name, layer, kind, value, source))
        return None

    def check(self) -> list[Problem]:
        """Every definition resolved once, so that a broken one is reported where it is written."""
        problems = []
        for name, defs in self._defs.items():
            for d in defs:
                try:
                    self._resolve(name, d.layer + 1, ())
                except _Unresolved as exc:
                    where, j = exc.where or (d, None)
                    path = (where.kind, where.name) + ((j,) if j is not None else ())
                    problems.append(where.source.at(path, None, exc.message))
        return problems

    def vocabulary(self, name: str) -> tuple[tuple[str, ...], str | None]:
        """A vocabulary's terms, or an error message for the place that refers to it."""
        try:
            kind, values = self._resolve(name, None, ())
        except _Unresolved as exc:
            return (), exc.message if exc.where is None else None   # a broken definition is reported there
        if kind != "vocabularies":
            return (), f"${name} 是命名模式,不是词表 — 词条列表只能引用词表(模式请写在 regex 或 exclude 中)"
        return values, None

    def regexes(self, value: str) -> tuple[tuple[str, ...], str | None]:
        """The regex sources an entry of a regex list stands for: a named pattern's, a vocabulary
        as an alternation, or the regex itself with `${name}` replaced."""
        try:
            name = reference(value)
            if name is None:
                return (self._inline(value, None, None, ()),), None
            kind, values = self._resolve(name, None, ())
        except _Unresolved as exc:
            return (), exc.message if exc.where is None else None
        return (values if kind == "patterns" else (alternation(values),)), None

    def _resolve(self, name: str, below: int | None, stack: tuple[tuple[str, int], ...]
                 ) -> tuple[str, tuple[str, ...]]:
        """(kind, values) of the latest definition of *name* in a layer below *below* (None: any)."""
        done = self._done.get((name, below))
        if done is not None:
            return done
        defs = [d for d in self._defs.get(name, ()) if below is None or d.layer < below]
        if not defs:
            raise _Unresolved(f"未定义的名称 ${name} — 请在 vocabularies 或 patterns 中定义"
                              if below is None else f"${name} 引用了自身,但基础规则中没有同名定义")
        d = defs[-1]
        if (name, d.layer) in stack:
            chain = " → ".join(f"${n}" for n, _ in stack + ((name, d.layer),))
            raise _Unresolved(f"循环引用:{chain} — 请去掉其中一个引用", (d, None))
        inner = stack + ((name, d.layer),)
        entries = [d.value] if isinstance(d.value, str) else list(d.value)
        out: list[str] = []
        for j, entry in enumerate(entries):
            ref = reference(entry)
            try:
                if ref is None:
                    out.append(normalise(entry) if d.kind == "vocabularies"
                               else self._inline(entry, name, d.layer, inner))
                    continue
                kind, values = self._resolve(ref, d.layer if ref == name else None, inner)
            except _Unresolved as exc:
                raise _Unresolved(exc.message, exc.where or (d, j if not isinstance(d.value, str) else None)) \
                    from None
            if d.kind == "vocabularies" and kind != "vocabularies":
                raise _Unresolved(f"词表 {name} 引用了命名模式 ${ref} — 词表只能包含词语和其他词表", (d, j))
            out.extend(values if kind == d.kind else (alternation(values),))
        result = (d.kind, tuple(dict.fromkeys(out)))
        self._done[(name, below)] = result
        return result

    def _inline(self, source: str, own: str | None, layer: int | None,
                stack: tuple[tuple[str, int], ...]) -> str:
        """*source* with each `${name}` replaced by the vocabulary or pattern it names."""
        def replace(m: re.Match[str]) -> str:
            ref = m.group(1)
            kind, values = self._resolve(ref, layer if ref == own else None, stack)
            return alternation(values) if kind == "vocabularies" else "(?:" + "|".join(values) + ")"
        return _INLINE.sub(replace, source)

