"""What kind of document is being scored: a 法治政府建设年度报告, or one of the documents that read
like one (a plan, a notice, a 政府工作报告, a general work summary, news, a policy interpretation,
a template, one official's 述法报告, a 政府信息公开工作年度报告).

Each kind is recognised by how such documents are written (their titles, first lines and
stock phrases), never by a missing title: many published reports are stored without one.
A document of another kind is still scored, but its score is not a report's score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Layout, Role

KINDS: dict[str, str] = {
    "annual_report": "法治政府建设年度报告",
    "plan": "方案、工作要点或计划",
    "notice": "印发文件的通知",
    "work_report": "政府工作报告",
    "summary": "一般工作总结",
    "news": "新闻报道",
    "interpretation": "政策(文件)解读",
    "template": "范文或模板",
    "shufa": "个人述法报告",
    "info_disclosure": "政府信息公开工作年度报告",
    "other": "其他文件",
}

_HEAD = 600   # characters from the first line of text read for how the document opens
_SPAN = 3000  # characters read for placeholders and a plan's parts (both show early)

_INFO_DISCLOSURE = re.compile(r"(政府|政务)信息公开(工作)?(年度)?(报告|年报)")
_WORK_REPORT = re.compile(r"政府工作报告")
_DELEGATES = re.compile(r"^各位代表")
_INTERPRETATION = re.compile(r"解读")
# 范文 placeholders: "xx市", "××县", "某某", "**局", "x01x".
# (Every alternative starts with a literal, so that the regex engine skips ahead; an "xx" inside a
# Latin word is dropped afterwards.)
_PLACEHOLDER = re.compile(r"xxx|XXX|xx|XX|xX|Xx|x\d+x|X\d+X|××|某某|\*\*|○○")
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ANONYMOUS = re.compile(r"^\s*某\s*[省市县区州旗镇乡]|范文")
_DISTRIBUTED = re.compile(r"印发给你们|现予印发|特此通知|现将[^。]{0,150}印发")
_NOTICE_TITLE = re.compile(r"^关于印发.{2,80}的通知$")
_PLAN_TITLE = re.compile(r"(实施方案|工作方案|行动方案|工作要点|工作安排|工作计划|任务分工|规划|责任清单)"
                         r"[)\]》]?(\(\d{4}[-—]\d{4}年?\))?$")
_PLAN_NAMED = re.compile(r"《[^》]*(实施方案|工作方案|行动方案|工作要点|工作安排|工作计划|规划)[^》]*》[^。]{0,10}印发"
                         r"|的(实施方案|工作方案|工作要点)印发")
_PLAN_PARTS = re.compile(r"指导思想|总体要求|工作目标|主要目标|主要任务|重点任务|保障措施|组织保障|实施步骤")
# One official speaking of himself: "本人", "我坚持……" (a report by a government says 我县/我局).
_FIRST_PERSON = re.compile(r"本人|[,。:]我(坚持|认真|始终|切实|带头|深入|严格|把|将|积极|自觉|作为)")
_DUTY = re.compile(r"述法|第一责任人|述职")
_NEWS_START = re.compile(r"^(近日|日前|近期|\d{1,2}月\d{1,2}日|本报讯|[^,。]{0,12}讯)[,:\s]")
_NEWS_WORDS = re.compile(r"记者|通讯员|本报讯|日电|新闻中心")
_SUMMARY_TITLE = re.compile(r"总结")
_THEME = re.compile(r"法治政府建设|法治政府建設")
_OLD_THEME = re.compile(r"依法行政")
_REPORT_WORDS = re.compile(r"报告如下|总结如下|报告[。:]?$|情况报告|年度报告")


@dataclass(frozen=True)
class DocType:
    kind: str                 # one of KINDS
    reasons: tuple[str, ...]  # why, for the reviewer
    source: str = ""          # "由 --doctype 指定" when overridden

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def meaningful(self) -> bool:
        """Is the score a report's score?"""
        return self.kind == "annual_report"


def override(kind: str) -> DocType:
    return DocType(kind, ("由 --doctype 指定",), "由 --doctype 指定")


def classify(layout: Layout) -> DocType:
    """The document's kind, with the reasons read from its title, opening and wording."""
    title = _title(layout)
    head = _head(layout)
    text = layout.text
    placeholders = sum(1 for m in _PLACEHOLDER.finditer(text, 0, _SPAN)
                       if text[m.start() - 1:m.start()] not in _LATIN and text[m.end():m.end() + 1] not in _LATIN)
    if placeholders >= 2 or _ANONYMOUS.search(title) or _ANONYMOUS.search(head[:40]):
        return DocType("template", (f"含 {placeholders} 处“xx/某某”一类占位符" if placeholders >= 2
                                    else "单位名称是“某县”一类的占位或标明范文",))
    if m := (_INFO_DISCLOSURE.search(title) or _INFO_DISCLOSURE.search(head[:200])):
        return DocType("info_disclosure", (f"标题或开头写明“{m.group()}”",))
    if _WORK_REPORT.search(title) or _DELEGATES.match(head):
        return DocType("work_report", ("标题是“政府工作报告”或开头称“各位代表”",))
    if _INTERPRETATION.search(title) or _INTERPRETATION.search(head[:120]):
        return DocType("interpretation", ("标题或开头写明是“解读”",))
    if m := (_DISTRIBUTED.search(head) or _NOTICE_TITLE.search(title)):
        if _PLAN_NAMED.search(head) or _PLAN_NAMED.search(title):
            return DocType("plan", (f"通知印发的是方案或要点(“{m.group()[:20]}”),正文为方案",))
        return DocType("notice", (f"印发文件的通知(“{m.group()[:20]}”)",))
    if m := _PLAN_TITLE.search(title):
        return DocType("plan", (f"标题以“{m.group(1)}”结尾",))
    if len(set(_PLAN_PARTS.findall(text, 0, _SPAN))) >= 3 and not _REPORT_WORDS.search(text):
        return DocType("plan", ("有“指导思想”“主要任务”“保障措施”一类方案的部分,没有报告用语",))
    if "述法" in title or (_FIRST_PERSON.search(head) and _DUTY.search(head)):
        return DocType("shufa", ("个人以“本人/我”陈述履行法治建设职责(述法)",))
    if any(_NEWS_START.match(p) for p in _openings(layout)) or _NEWS_WORDS.search(head[:300]):
        return DocType("news", ("以“近日”“X月X日”或记者、通讯员开头,是新闻报道",))
    themed = _THEME.search(text) or len(_OLD_THEME.findall(text)) >= 3
    if _SUMMARY_TITLE.search(title) and not _THEME.search(title):
        return DocType("summary", ("标题是工作总结,未写明法治政府建设",))
    if not themed:
        return DocType("summary" if layout.headings else "other",
                       ("全文没有“法治政府建设”字样" + (",像一般工作总结" if layout.headings else ""),))
    reasons = ["正文报告法治政府建设情况"]
    if title:
        reasons.insert(0, "标题写明年度法治政府建设(依法行政)情况" if _THEME.search(title) or _OLD_THEME.search(title)
                       else "有标题")
    else:
        reasons.append("未识别到标题(按正文判断)")
    return DocType("annual_report", tuple(reasons))


def _title(layout: Layout) -> str:
    """The normalised title (empty when there is none)."""
    for p in layout.paragraphs:
        if p.role == Role.TITLE:
            return layout.text[p.start:p.end].strip()
    return ""


def _openings(layout: Layout) -> list[str]:
    """The first few paragraphs after the title (a subtitle may come before the first sentence)."""
    return [layout.text[p.start:p.end].strip() for p in layout.paragraphs if p.role != Role.TITLE][:3]


def _head(layout: Layout) -> str:
    """The opening: text from the first line after the title (page furniture left out)."""
    for p in layout.paragraphs:
        if p.role != Role.TITLE:
            return layout.text[p.start:p.start + _HEAD].strip()
    return ""
