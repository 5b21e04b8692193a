"""What every rule kind provides, and the context a kind reads its YAML value through.

A rule is what an item's `match`, `partial` or element says. Its kinds form a closed set, one
module each (see `rules/__init__.py`):

- *text kinds* (`any`, `regex`, `all`, `near`) find words in the report; several may share one
  rule, whose `exclude` and `roles` apply to all of them (`TextRule`);
- *whole kinds* (`section`, `published_by`) judge the report as a whole and stand alone.

Each kind parses its value, names the words the search automaton must report and the regexes
the searcher plans, says which words a report must hold for it to find anything (the gate),
finds its hits and describes itself in reviewer terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..model import Evidence, Role
from ..patterns import Pattern

if TYPE_CHECKING:
    from ..match import Found, Index, Spans
    from ..search import RegexPlan, Span

Path = tuple[Any, ...]
# Words a report must hold for a rule to find anything, as alternatives (any of them) each made of
# word sets that must all be present: ((会议词…), (学法词…)) or ((三项制度,), …). None: cannot tell.
Gate = tuple[tuple[frozenset[str], ...], ...]
_SHOWN = 4   # words of a group shown in a gap's "what was searched" before "…等 N 个"


def group_label(terms: tuple[str, ...], full: bool) -> str:
    """A group of alternative words for a reviewer: "常务会议|常务会|局务会", or shortened."""
    if full or len(terms) <= _SHOWN:
        return "|".join(terms)
    return "|".join(terms[:_SHOWN - 1]) + f"…等{len(terms)}个"


class Context(Protocol):
    """How a kind reads its value: references resolved, problems reported at their place in the
    rubric file (paths are relative to the kind's own key)."""

    def terms(self, values: Iterable[str], path: Path) -> tuple[str, ...]:
        """Literal terms, normalised, with `$vocabulary` references expanded."""

    def regexes(self, values: Iterable[str], path: Path) -> tuple[Pattern, ...]:
        """Regexes, compiled and checked, with `$pattern` entries and `${name}` inside expanded."""

    def problem(self, path: Path, message: str) -> None:
        """Report a problem at *path*."""


class TextKind:
    """A kind that finds words in the text. Implement `spans` (each hit is evidence by itself)
    or `present` and `evidence` (hits that only count together)."""

    key: ClassVar[str]
    joint: ClassVar[bool] = False   # implements `present` and `evidence` rather than `spans`

    def words(self) -> Iterable[str]:
        """Literal words the search automaton must report for this kind."""
        return ()

    def patterns(self) -> Iterable[Pattern]:
        """Regexes the searcher plans for this kind."""
        return ()

    def gate(self, plans: Mapping[str, RegexPlan]) -> Gate | None:
        """What a report must hold for this kind to find anything (see `Gate`; None: unknown)."""
        raise NotImplementedError

    def spans(self, index: Index) -> list[Span]:
        return []

    def present(self, index: Index) -> bool:
        """Can `evidence` find anything in this report (a quick check)?"""
        return False

    def evidence(self, index: Index, excluded: Spans | None, roles: frozenset[Role],
                 label: str) -> list[Evidence]:
        return []

    def describe(self, full: bool = False) -> tuple[str, ...]:
        """What this kind searches for, in reviewer terms (*full*: every word of a long group,
        as `score explain` shows; else a group of many words is shortened)."""
        raise NotImplementedError

    def hint_words(self) -> Iterable[str]:
        """Words that near-miss suggestions compare sentences with."""
        return ()


class WholeRule:
    """A kind that judges the report as a whole: it is the whole rule (no exclude, no roles)."""

    key: ClassVar[str]

    def find(self, index: Index, label: str) -> Found:
        raise NotImplementedError

    def words(self) -> Iterable[str]:
        return ()

    def patterns(self) -> Iterable[Pattern]:
        return ()

    def gate(self, plans: Mapping[str, RegexPlan]) -> Gate | None:
        return None   # needs no word

    def describe(self, full: bool = False) -> tuple[str, ...]:
        raise NotImplementedError

    def hint_words(self) -> Iterable[str]:
        return ()
