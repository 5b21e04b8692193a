"""Rules: what an item's `match`, `partial` or element says, built from a closed set of kinds.

Adding a kind means one new module here (a `TextKind` or a `WholeRule`, see `base.py`), its
entry in `TEXT_KINDS` or `WHOLE_KINDS` below, and its variant in `rubric/rubric.schema.json`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..match import NOTHING, Found, merge_evidence, quote
from ..model import COUNTING_ROLES, Role
from ..patterns import Pattern
from .base import Context, Gate, TextKind, WholeRule
from .deadline import Deadline
from .near import Near
from .regex import Regex
from .section import Section
from .terms import Terms
from .together import Together

if TYPE_CHECKING:
    from ..match import Index
    from ..search import RegexPlan

TEXT_KINDS: tuple[type[Terms | Regex | Together | Near], ...] = (Terms, Regex, Together, Near)
WHOLE_KINDS: tuple[type[Section | Deadline], ...] = (Section, Deadline)


class _Union:
    """What a rule made of parts searches for: the union of its parts' words, regexes, gates and
    descriptions (a text rule's kinds, or a list of alternative rules)."""

    def parts(self) -> tuple[TextKind | WholeRule | TextRule, ...]:
        raise NotImplementedError

    def words(self) -> Iterable[str]:
        return [w for part in self.parts() for w in part.words()]

    def patterns(self) -> Iterable[Pattern]:
        return [p for part in self.parts() for p in part.patterns()]

    def gate(self, plans: Mapping[str, RegexPlan]) -> Gate | None:
        gate: list[tuple[frozenset[str], ...]] = []
        for part in self.parts():   # any of the parts
            needed = part.gate(plans)
            if needed is None:
                return None
            gate += needed
        return tuple(gate)

    def describe(self, full: bool = False) -> tuple[str, ...]:
        return tuple(d for part in self.parts() for d in part.describe(full))

    def hint_words(self) -> Iterable[str]:
        return [w for part in self.parts() for w in part.hint_words()]


@dataclass(frozen=True)
class TextRule(_Union):
    """Text kinds sharing their exclusions and the roles that count as work done."""

    kinds: tuple[TextKind, ...]
    exclude: tuple[Pattern, ...] = ()
    roles: frozenset[Role] = COUNTING_ROLES

    _joint: tuple[TextKind, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_joint", tuple(k for k in self.kinds if k.joint))

    def find(self, index: Index, label: str) -> Found:
        """Hits in counting roles are evidence; the others are mentions; excluded hits are kept
        apart (for `score explain`). *label* names the rule in the evidence."""
        if self.roles != COUNTING_ROLES and index.roles.isdisjoint(self.roles):
            return NOTHING   # limited to parts the report lacks: it could only find mentions
        hits: list[tuple[int, int]] = []
        for kind in self.kinds:
            hits += kind.spans(index)
        together = [kind for kind in self._joint if kind.present(index)] if self._joint else []
        if not hits and not together:
            return NOTHING   # nothing to exclude from: skip the exclusion patterns' scan
        layout = index.layout
        excluded = index.excluded(self.exclude) if self.exclude else None
        groups: dict[tuple[int, Role], list[tuple[int, int]]] = {}
        dropped: dict[tuple[int, Role], list[tuple[int, int]]] = {}
        sentences, starts = layout.sentences, index.starts
        for start, end in hits:
            si = bisect_right(starts, start) - 1   # `index.sentence_at`, inlined: once per hit
            if si < 0 or start >= sentences[si].end:
                continue
            role = sentences[si].role_at(start)
            target = dropped if excluded is not None and excluded.overlap(start, end) else groups
            target.setdefault((si, role), []).append((start, end))
        evidence = [quote(layout, [si], role, spans, label) for (si, role), spans in groups.items()]
        for kind in together:
            evidence += kind.evidence(index, excluded, self.roles, label)
        roles = self.roles
        counting = [e for e in evidence if e.role in roles]
        # A mention is a hit where the report does not claim work done (a plan, a shortcoming …);
        # a rule counting only some parts (roles: [first_responsible]) ignores the other parts.
        others = ([e for e in evidence if e.role not in roles and e.role not in COUNTING_ROLES]
                  if len(counting) < len(evidence) else [])
        excluded_ev = [quote(layout, [si], role, spans, label) for (si, role), spans in dropped.items()]
        return Found(merge_evidence(counting), merge_evidence(others), merge_evidence(excluded_ev))

    def parts(self) -> tuple[TextKind, ...]:
        return self.kinds

    def patterns(self) -> Iterable[Pattern]:
        return [*super().patterns(), *self.exclude]


@dataclass(frozen=True)
class Alternatives(_Union):
    """Several rules, any of which proves the item (`match: [rule, rule, …]`): e.g. the same
    words counted anywhere, or other words counted only in the first-responsible part."""

    rules: tuple[TextRule | Section | Deadline, ...]

    def find(self, index: Index, label: str) -> Found:
        found = [rule.find(index, label) for rule in self.rules]
        evidence = merge_evidence(e for f in found for e in f.evidence)
        proved = {(e.start, e.end) for e in evidence}   # a stretch one rule counts is no mere mention
        return Found(evidence,
                     merge_evidence(e for f in found for e in f.mentions if (e.start, e.end) not in proved),
                     merge_evidence(e for f in found for e in f.excluded),
                     undecidable=not evidence and any(f.undecidable for f in found))

    def parts(self) -> tuple[TextRule | Section | Deadline, ...]:
        return self.rules


Rule = TextRule | Section | Deadline | Alternatives


def parse_rule(data: dict[str, Any] | list[dict[str, Any]], ctx: Context) -> Rule:
    """The rule a schema-valid value describes: a list of alternative rules, one whole kind alone,
    or text kinds with `exclude` and `roles`."""
    if isinstance(data, list):
        return Alternatives(tuple(_one(d, _At(ctx, k)) for k, d in enumerate(data)))
    return _one(data, ctx)


def _one(data: dict[str, Any], ctx: Context) -> TextRule | Section | Deadline:
    for whole in WHOLE_KINDS:
        if whole.key in data:
            return whole.parse(data[whole.key], _At(ctx, whole.key))
    kinds = tuple(kind.parse(data[kind.key], _At(ctx, kind.key)) for kind in TEXT_KINDS if kind.key in data)
    return TextRule(kinds=kinds,
                    exclude=ctx.regexes(data.get("exclude", ()), ("exclude",)),
                    roles=frozenset(Role(r) for r in data["roles"]) if "roles" in data else COUNTING_ROLES)


class _At:
    """*ctx* seen from one key of a rule, or one rule of a list: paths are relative to it."""

    def __init__(self, ctx: Context, key: str | int) -> None:
        self.ctx, self.key = ctx, key

    def terms(self, values: Iterable[str], path: tuple[Any, ...]) -> tuple[str, ...]:
        return self.ctx.terms(values, (self.key,) + path)

    def regexes(self, values: Iterable[str], path: tuple[Any, ...]) -> tuple[Pattern, ...]:
        return self.ctx.regexes(values, (self.key,) + path)

    def problem(self, path: tuple[Any, ...], message: str) -> None:
        self.ctx.problem((self.key,) + path, message)


__all__ = ["TEXT_KINDS", "WHOLE_KINDS", "Alternatives", "Context", "Rule", "TextRule", "parse_rule"]
