"""What a reviewer should know before trusting a scorecard, read once the report is segmented
and classified (the read-time gate that refuses what is not Chinese text is `quality`)."""

from __future__ import annotations

import re

from .doctype import DocType
from .model import Layout

_ANNUAL = re.compile(r"法治政府建设|依法行政|法治建设")


def report_warnings(layout: Layout, doctype: DocType) -> tuple[str, ...]:
    """What the reviewer should know before trusting the score: the document is of another kind
    (then the score is not a report's score), or its title or year could not be read."""
    warnings = []
    if not doctype.meaningful:
        warnings.append(f"文档类型是“{doctype.label}”({';'.join(doctype.reasons)}),不是法治政府建设年度报告:"
                        "得分不具参考意义")
    if not layout.meta.title:
        warnings.append("未识别到报告标题(元数据提示:发布单位与年度按正文识别)")
    if layout.meta.year is None:
        warnings.append("未识别到报告年度")
    elif layout.meta.year_source.startswith("由发布日期推断"):
        warnings.append(f"报告年度 {layout.meta.year} 由发布日期推断,请核对")
    if doctype.meaningful and not _ANNUAL.search(layout.text):
        warnings.append("全文没有“法治政府建设”字样")
    return tuple(warnings)
