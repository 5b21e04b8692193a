"""User-facing Chinese labels for statuses and roles (one place for every renderer)."""

from __future__ import annotations

from .model import Role, Status

STATUS_LABEL = {
    Status.COVERED: "覆盖", Status.PARTIAL: "部分覆盖", Status.MISSING: "缺失",
    Status.NOT_APPLICABLE: "不适用", Status.WAIVED: "豁免",
}
STATUS_MARK = {
    Status.COVERED: "✓", Status.PARTIAL: "◐", Status.MISSING: "✗", Status.NOT_APPLICABLE: "–",
    Status.WAIVED: "○",
}
ROLE_LABEL = {
    Role.MEASURES: "举措成效", Role.HIGHLIGHTS: "亮点特色", Role.FIRST_RESPONSIBLE: "第一责任人履职",
    Role.OTHER: "其他情况", Role.OPENING: "开头套语", Role.TITLE: "标题",
    Role.SHORTCOMINGS: "存在的不足", Role.PLANS: "下一步安排", Role.REQUIREMENT: "部署要求",
    Role.METADATA: "发布信息",
}
MENTION_LABEL = {
    Role.SHORTCOMINGS: "仅作为不足提及", Role.PLANS: "仅作为计划提及",
    Role.REQUIREMENT: "仅作为部署要求提及", Role.OPENING: "仅见于开头套语", Role.TITLE: "仅见于标题",
    Role.METADATA: "发布日期晚于期限",
}
# A rubric item's severity: how serious its gap is (the gap list is ordered by it).
SEVERITY_LABEL = {"error": "严重", "warning": "警告", "info": "提示"}
