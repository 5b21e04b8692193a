"""`published_by`: the report was made public before MM-DD of the year after the reported one
(督察规定 第二十四条: before 1 April), judged from the page header or the dated signature.
Stands alone in its rule; undecidable (not applicable) when the report has no date.

    published_by: "04-01"
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..match import Found
from ..model import Evidence, Meta, Role
from .base import Context, WholeRule

if TYPE_CHECKING:
    from ..match import Index


PUBLIC_BY = "04-01"  # 督察规定 第二十四条: public before 1 April of the following year


def deadline(meta: Meta, month_day: str = PUBLIC_BY) -> tuple[str, bool] | None:
    """(deadline, published before it?) when the reported year and publication date are known."""
    if meta.year is None or meta.published is None:
        return None
    due = f"{meta.year + 1}-{month_day}"
    return due, meta.published < due


@dataclass(frozen=True)
class Deadline(WholeRule):
    key: ClassVar[str] = "published_by"
    month: int
    day: int

    @classmethod
    def parse(cls, value: str, ctx: Context) -> Deadline:
        # The schema checks the MM-DD shape; a day the month does not have ("02-30") it cannot.
        month, day = (int(n) for n in value.split("-"))
        if day > calendar.monthrange(2000, month)[1]:   # 2000: a leap year, so "02-29" is a day
            ctx.problem((), f"{value} 不是有效的日期:{month} 月没有 {day} 日")
        return cls(month, day)

    @property
    def month_day(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    def find(self, index: Index, label: str) -> Found:
        layout = index.layout
        meta = layout.meta
        check = deadline(meta, self.month_day)
        if check is None or meta.published_at is None:
            return Found((), (), undecidable=True)
        line, start, end = meta.published_at
        e = Evidence(line=line, start=start, end=end, text=layout.original[start:end], section=None,
                     role=Role.METADATA, hits=(), rule=label)
        return Found((e,), ()) if check[1] else Found((), (e,))

    def describe(self, full: bool = False) -> tuple[str, ...]:
        return (f"[发布日期早于报告年度次年 {self.month_day}]",)
