"""`section`: the report has a part (heading, or paragraphs) with the given role, e.g. a part
on shortcomings or on next year's plans. Stands alone in its rule.

    section: shortcomings
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..match import Found, merge_evidence, quote
from ..model import Evidence, Role
from .base import Context, WholeRule

if TYPE_CHECKING:
    from ..match import Index

SECTION_LABEL = {
    Role.MEASURES: "主要举措和成效部分", Role.SHORTCOMINGS: "存在的不足部分",
    Role.FIRST_RESPONSIBLE: "第一责任人履职部分", Role.PLANS: "下一年度安排部分",
    Role.HIGHLIGHTS: "亮点部分", Role.OTHER: "其他情况部分", Role.OPENING: "开头",
    Role.TITLE: "标题", Role.REQUIREMENT: "部署要求", Role.METADATA: "发布信息",
}


@dataclass(frozen=True)
class Section(WholeRule):
    key: ClassVar[str] = "section"
    role: Role

    @classmethod
    def parse(cls, value: str, ctx: Context) -> Section:
        return cls(Role(value))

    def find(self, index: Index, label: str) -> Found:
        return Found(merge_evidence(self._evidence(index, label)), ())

    def _evidence(self, index: Index, label: str) -> list[Evidence]:
        """A heading with the role (or its cue); else the opening sentence of each run of parts
        (paragraphs, or "一是……" sub-items) with the role."""
        layout, role = index.layout, self.role
        out = []
        for h in layout.headings:
            si = index.sentence_at(h.start)
            if (h.role == role or role in h.cues) and si is not None:
                out.append(quote(layout, [si], role, [], label))
        if out:
            return out
        previous: Role | None = None
        for si, s in enumerate(layout.sentences):
            if s.opens:
                if s.role == role and previous != role:
                    out.append(quote(layout, [si], role, [], label))
                previous = s.role
        return out

    def describe(self, full: bool = False) -> tuple[str, ...]:
        return (f"[{SECTION_LABEL[self.role]}]",)
