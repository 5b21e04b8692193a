"""Immutable value types shared by every stage: document, layout, results, scorecard. All are
named tuples (some are made by the thousand per report, where a tuple is cheapest to build),
except `ItemInfo`, which the rubric's `Item` extends."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .doctype import DocType
    from .level import Level


class Status(str, Enum):
    COVERED = "covered"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"


STATUS_SCORE = {Status.COVERED: 1.0, Status.PARTIAL: 0.5, Status.MISSING: 0.0}
SEVERITIES = ("error", "warning", "info")   # a rubric item's severity, most serious first


class Role(str, Enum):
    """What a stretch of the report is doing; only counting roles prove work done."""

    MEASURES = "measures"
    HIGHLIGHTS = "highlights"
    FIRST_RESPONSIBLE = "first_responsible"
    OTHER = "other"
    OPENING = "opening"
    TITLE = "title"
    SHORTCOMINGS = "shortcomings"
    PLANS = "plans"
    REQUIREMENT = "requirement"
    METADATA = "metadata"  # page header or dated signature (publication date)


COUNTING_ROLES = frozenset({Role.MEASURES, Role.HIGHLIGHTS, Role.FIRST_RESPONSIBLE, Role.OTHER})


class Quality(NamedTuple):
    """What the quality gate measured on the text as read."""

    chars: int
    han: int
    han_share: float
    garbage: int  # replacement, control and private-use characters


class Document(NamedTuple):
    """A report as read: the text (decoded, or extracted from HTML/Word/PDF) and its origin."""

    path: str
    text: str
    encoding: str
    sha256: str
    format: str = "text"            # text | html | docx | pdf
    quality: Quality | None = None


class Heading(NamedTuple):
    line: int
    level: int
    title: str
    role: Role
    cues: frozenset[Role]
    start: int


class Paragraph(NamedTuple):
    index: int  # type: ignore[assignment]  # the field shadows tuple.index(), never called on one
    line: int
    start: int
    end: int
    role: Role
    section: int | None  # index into Layout.headings


class Sentence(NamedTuple):
    """A sentence of the report (a named tuple: a hundred or more are made per report)."""

    start: int
    end: int
    line: int
    paragraph: int
    role: Role
    tail_start: int | None = None  # from here on the clause is a requirement handed down
    tail_role: Role | None = None
    opens: bool = False  # opens a part: a paragraph, or a "一是/二是……" sub-item within one

    def role_at(self, pos: int) -> Role:
        if self.tail_start is not None and self.tail_role is not None and pos >= self.tail_start:
            return self.tail_role
        return self.role


class Meta(NamedTuple):
    title: str | None
    issuer: str | None
    year: int | None
    published: str | None
    published_at: tuple[int, int, int] | None = None  # (line, start, end) where the date was read
    doc_number: str | None = None   # 文号, e.g. 清政文〔2021〕1号
    gangyao: str | None = None      # the 纲要 edition the report cites: "2015–2020" or "2021–2025"
    issuer_source: str = ""         # where the issuer was read (标题, “来源”栏, 落款)
    year_source: str = ""           # where the reported year was read (标题, 开头段 …)


class Layout(NamedTuple):
    """The segmented report: normalised text, headings, paragraphs, sentences."""

    original: str
    text: str
    headings: tuple[Heading, ...]
    list_items: tuple[Heading, ...]   # "一是……" paragraphs (level 4): skeleton only
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    meta: Meta


class Evidence(NamedTuple):
    """A quoted stretch of the original report and the terms that matched in it (a named tuple:
    thousands are made per report)."""

    line: int
    start: int
    end: int
    text: str
    section: str | None
    role: Role
    hits: tuple[tuple[int, int], ...]
    rule: str


class ElementResult(NamedTuple):
    name: str
    found: bool


@dataclass(frozen=True)
class ItemInfo:
    """What a rubric item is, as reviewers read it. The rubric's `Item` extends it with its
    rules; a result refers to its item rather than copying these."""

    id: str
    title: str
    part: str
    requirement: str
    source: str
    weight: float
    severity: str   # error | warning | info (see SEVERITIES)
    short: str | None = field(default=None, kw_only=True)   # for a narrow column; None: not given


class ItemResult(NamedTuple):
    """One item's outcome in one report (a named tuple: a hundred are made per report)."""

    item: ItemInfo
    status: Status
    elements: tuple[ElementResult, ...]
    evidence: tuple[Evidence, ...]
    mentions: tuple[Evidence, ...]
    searched: tuple[str, ...]
    evidence_total: int = 0   # before keeping the first MAX_QUOTES
    mentions_total: int = 0
    note: str | None = None   # why not applicable, or the waiver that excuses it

    @property
    def score(self) -> float | None:
        return STATUS_SCORE.get(self.status)


class Counts(NamedTuple):
    """How many items came out in each status (a report's, or one part's)."""

    covered: int = 0
    partial: int = 0
    missing: int = 0
    not_applicable: int = 0
    waived: int = 0


class PartResult(NamedTuple):
    id: str
    title: str
    source: str
    score: float | None
    counts: Counts


class Summary(NamedTuple):
    score: float | None
    score_unweighted: float | None
    counts: Counts


class RubricInfo(NamedTuple):
    id: str
    version: str
    title: str
    sha256: str
    path: str
    years: tuple[int, ...] | None = None   # reported years it is chosen for automatically
    bases: tuple[str, ...] = ()           # ids of the rubrics it extends, base first
    sources: tuple[str, ...] = ()         # every file it was read from, base first (-o never replaces one)
    modified: bool = False                # a bundled rubric's id, other bytes: an edited copy

    @property
    def modified_note(self) -> str:
        """"(已修改 sha256:…)" for an edited copy of a bundled rubric (shown beside its version), else ""."""
        return f"(已修改 sha256:{self.sha256[:12]})" if self.modified else ""


class Scorecard(NamedTuple):
    document: Document
    layout: Layout
    rubric: RubricInfo
    items: tuple[ItemResult, ...]
    parts: tuple[PartResult, ...]
    summary: Summary
    gaps: tuple[str, ...] = ()
    rubric_reason: str = ""  # why this rubric was used (reported year, --rubric)
    warnings: tuple[str, ...] = ()  # doubts that the document is an annual rule-of-law report
    level: Level | None = None       # the reporter's level (province … department)
    doctype: DocType | None = None   # what the document is (an annual report, a plan, news …)
