"""Split a report into headings, paragraphs and sentences and give each its role.

Roles say whether a stretch of text reports work done (measures, highlights, the
first-responsible part, other) or not (title, opening formula, shortcomings, plans,
a requirement handed down). Roles come from the heading a paragraph sits under,
then from cues in the paragraph or sentence itself, so a "下一步,我区将……" paragraph
is a plan even when it sits under a shortcomings heading.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .metadata import SIGNATURE, MetaLine, extract_meta
from .model import COUNTING_ROLES, Heading, Layout, Paragraph, Role, Sentence
from .normalise import normalise

# Portal furniture of saved web pages: never scored, never a heading. (A line holding a site's
# filing number, ICP备/公网安备, is too, wherever it stands: `_classify` finds it by `in`, which
# a `.*ICP备` alternative here made the regex engine retry at every character.)
_NOISE = re.compile(
    r"^[^\w\u4e00-\u9fff]{0,3}(当前位置|您(现在)?的位置|首页\s*>|发布(日期|时间|机构)|来源\s*:|日期\s*:|时间\s*:|字[号体]\s*:"
    r"|分享|打印|关闭(窗口|本页)?$|相关(附件|信息|解读|链接|文章|阅读)|附件(下载)?\s*:?$|扫一扫|版权所有"
    r"|主办单位|承办单位|协办单位|技术支持|网站(标识码|地图)|联系(电话|我们|方式)"
    r"|浏览次数|访问量|索\s*引\s*号|备注/文号|公文生成日期|微信公众号$|政务微博$|已归档$|您访问的链接即将离开"
    r"|[\w.-]+\.(png|jpe?g|gif|svg)$|·|\(此件(主动)?公开\)|上一篇|下一篇|责任编辑|【\s*字体|\[\s*字体)"
)
_DOC_NUMBER = re.compile(r"^\S{1,12}[〔\[]\d{4}[〕\]]\d+号$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*(\d{1,2}\s*月\s*(\d{1,2}\s*日?)?)?$|^\d{6,8}日?$")

_NUM = "一二三四五六七八九十"
_HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(?:[{_NUM}]{{1,3}}\s*[,.]|第[{_NUM}]{{1,3}}部分|,(?=[\u4e00-\u9fff]))")),
    (2, re.compile(rf"^\([{_NUM}]{{0,3}}\)")),
    (3, re.compile(r"^(?:\d{1,2}\s*[,.](?!\d)|\(\d{1,2}\))")),
)
_HEADING_TITLE_MAX = 30
_LIST_ITEM = re.compile(rf"^[{_NUM}]{{1,3}}是")
_LEAD_MAX = 40
_SHORT_LEAD = 20   # "二是压实法治责任。": a sub-item's lead that only announces its topic
_DUTY_TOPIC = re.compile("责任|职责|履职")

# Heading cues, in order of precedence after MEASURES (see _heading_role).
_CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.MEASURES, re.compile(
        r"举措|成效|主要工作|工作情况|开展情况|主要做法|进展情况|推进情况|完成情况|落实情况|取得的?成绩|主要成绩"
        r"|工作总结|基本情况")),
    (Role.SHORTCOMINGS, re.compile(
        r"存在的?[^,。]{0,6}(问题|不足|困难|差距|短板)|不足(之处)?(和|与|及|,)?(原因|分析)"
        r"|(问题|不足|短板)(和|与|及|,)(原因|不足|问题|短板)|主要不足")),
    (Role.PLANS, re.compile(
        r"下一步|下步|工作打算|工作思路|主要安排|工作安排|工作计划|今后|明年|下一年|工作展望|努力方向")),
    (Role.FIRST_RESPONSIBLE, re.compile(
        r"第一责任人|首要责任人|履行(推进)?法治建设职责"
        r"|(主要负责人|主要负责同志|主要领导|一把手|书记|局长|厅长|主任|省长|市长|区长|县长|旗长|镇长|乡长)[^。;]{0,8}履行")),
    (Role.HIGHLIGHTS, re.compile(r"亮点|(工作|主要)特色|特色(做法|工作|亮点)|创新做法|经验做法")),
    (Role.OTHER, re.compile(r"其他需要报告|其他情况")),
)

_FIRST_RESPONSIBLE_CUE = dict(_CUES)[Role.FIRST_RESPONSIBLE]  # also a paragraph's short lead sentence
# A top-level heading that only names next year's agenda ("三、重点工作", "四、主要任务") is a
# plans part; within the measures part the same words head work done ("(二)狠抓重点任务落实").
_AGENDA_HEADING = re.compile(r"(重点工作|主要任务|重点任务|工作重点|工作目标|主要目标)$")
_YEAR = re.compile(r"(20\d\d)\s*年")
# What a sentence about a later year says when it is a plan ("2024年,我局将……").
_FUTURE = re.compile(r"将(?!近)|计划|拟|力争|争取|预计|打算")

# Paragraph and sentence cues.
_OPENING_FORMULA = re.compile(r"领导下|为指导|报告如下|现将")
# The clauses of the opening formula ("在……领导下""坚持以……为指导""认真落实……决策部署"); what an
# opening paragraph says after its last such clause reports results ("……,荣获全国法治政府建设示范区").
_FORMULA_CLAUSE = re.compile(
    r"领导下|指导下|监督下|为(指导|遵循|统领|指引|统揽|引领|主线|目标)|如下|现将|精神|部署|要求|重要讲话|重要指示"
    r"|重要论述|总目标|总体要求|习近平[^,。;]*思想|以来|落实《")
_CLAUSE_END = re.compile("[,:]")
# Only a concrete result in the opening counts: an award, a ranking, a body set up, a number. A
# summary ("规范执法行为、有效化解矛盾纠纷,取得明显成效") stays part of the formula.
_RESULT = re.compile(r"荣获|获得|获评|被评为|评为|入选|命名|授予|成立|首创|蝉联|排名|位居|位列|第一"
                     r"|\d+(项|个|件|次|家|人|名|余|场|批)")
# A heading run into the line before it (paragraph breaks flattened into spaces): blanks before a
# heading numeral, after a sentence end or after a heading.
_BLANK = re.compile(r"\s+")
# (A run of blanks is taken whole and only from its start, so that a long run before something
# else costs one pass, not one per blank.)
_RUN_IN_HEADING = re.compile(
    r"(?<!\s)\s++(?=[一二三四五六七八九十]{1,3}\s*[,.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}\s*[,.](?!\d))")
# "将" before an adverb is the future ("将继续……"), unless the clause goes on to 作为/纳入/……: then
# it marks the object ("将全面加强依法行政作为……的重要抓手" is done, not planned).
_NOT_DISPOSAL = (r"(?![^,。;]{0,25}(作为|纳入|列入|列为|摆在|放在|融入|贯穿|转化为|落实到|贯彻到|写入|相结合|结合起来"
                 r"|统一起来))")
_PLAN_START = re.compile(
    r"^(下一步|下步|今后|明年|接下来|下一年度?|[^,。;]{0,14}将(要|会)?(继续|进一步|坚持|持续|全面|着力|加快|深入"
    r"|围绕|按照|紧扣|聚焦|切实|大力|不断|积极|努力|重点)" + _NOT_DISPOSAL + ")")
_PLAN_SENTENCE = re.compile(
    r"下一步|下步工作|将(要|会)?(继续|进一步|持续|全面|着力|加快|深入|坚持|切实|大力|不断|努力|积极|重点)"
    + _NOT_DISPOSAL)
_PLAN_LEAD = re.compile("计划|拟|力争|争取|预计")   # at a sentence's start
_PLAN_LEAD_FIRST = frozenset("计拟力争预")
_SHORTCOMING_INTRO = re.compile(r"(还|仍|依然|也|但)[^。;]{0,12}(存在|有)[^。;]{0,30}(不足|问题|短板|差距|弱项)")
# Every alternative starts with a literal, so that the regex engine skips ahead by first character.
_SHORTCOMING_SENTENCE = re.compile(
    r"有待|不够|不到位|不均衡|不平衡|仍需|还需|尚需|亟需|亟待|短板|弱项|尚未(?!发生|出现)|尚不|还不(?!断)"
    r"|仍存在|仍然存在|还存在|依然存在|依旧存在|需进一步|需要进一步|仍有差距|仍有不足|仍有短板|仍有欠缺")
_REQUIREMENT = re.compile(
    r"要求(各|全[区县市镇乡省州旗]|所有|相关|有关|领导干部|各级|镇街|乡镇|街道|部门|基层|全体)"
    r"|强调[,:]?(要|各|全[区县市镇乡省州旗]|必须)")
# A sentence ends at 。!?; (folded to ASCII by normalisation) and at a '.' after a Han character
# that is not followed by a digit (both checked in _split: "1.5" is no end). One character class,
# so that the regex engine skips ahead to the next candidate instead of trying every position.
_SENTENCE_END = re.compile("[。!?;.]")


class _Line(NamedTuple):
    number: int
    start: int  # offset of the first non-blank character
    end: int    # offset after the last non-blank character
    text: str   # normalised, stripped
    original: str  # the same stretch of the original text


def segment(original: str, year: int | None = None, issuer: str | None = None) -> Layout:
    """Segment *original* into a Layout; offsets refer to *original* unchanged. *year* and
    *issuer* replace what the text says (a reviewer's --year and --issuer)."""
    text = normalise(original)
    lines = _lines(text, original)
    kinds = _classify(lines)
    meta = extract_meta([MetaLine(ln.text, kd[0], ln.number, ln.start, ln.end)
                         for ln, kd in zip(lines, kinds, strict=True)], original, text)
    if year is not None:
        meta = meta._replace(year=year, year_source="由 --year 指定")
    if issuer is not None:
        meta = meta._replace(issuer=issuer, issuer_source="由 --issuer 指定")
    year = meta.year   # a heading or sentence about a later year is a plan
    has_headings = any(k[0] == "heading" for k in kinds)

    headings: list[Heading] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    items: list[Heading] = []
    stack: list[tuple[int, Role]] = []
    seen_numbered = False
    fresh_level0 = False
    for line, (kind, level, title) in zip(lines, kinds, strict=True):
        if kind == "skip":
            continue
        section = len(headings) - 1 if headings else None
        if kind == "title":
            role = Role.TITLE
        elif kind == "heading":
            while stack and stack[-1][0] >= level:
                stack.pop()
            cues = _heading_cues(normalise(title), year, top=not stack)
            role = _heading_role(cues, stack[-1][1] if stack else None)
            stack.append((level, role))
            headings.append(Heading(line.number, level, title, role, cues, line.start))
            section = len(headings) - 1
            seen_numbered = seen_numbered or level >= 1
            fresh_level0 = level == 0
        elif not has_headings:
            role = Role.MEASURES
        elif not stack:
            role = Role.OPENING
        elif fresh_level0 and not seen_numbered and _OPENING_FORMULA.search(line.text):
            role = Role.OPENING
        else:
            role = stack[-1][1]
        if kind == "body":
            fresh_level0 = False
        index = len(paragraphs)
        found, role = _sentences(text, line, index, role, kind, year)
        # A paragraph's role is its opening sentence's: a stray "下一步……" at its end makes no plans part.
        role = found[0].role if found and role != Role.OPENING else role
        paragraphs.append(Paragraph(index, line.number, line.start, line.end, role, section))
        sentences.extend(found)
        if kind == "body" and _LIST_ITEM.match(line.text):
            # "一是……" items: part of the skeleton, but they do not open a section.
            items.append(Heading(line.number, 4, _heading_title(line.original), role, frozenset(), line.start))

    return Layout(original=original, text=text, headings=tuple(headings), list_items=tuple(items),
                  paragraphs=tuple(paragraphs), sentences=tuple(sentences), meta=meta)


def _lines(text: str, original: str) -> list[_Line]:
    """The non-blank lines; a line holding headings run into it is split before each (the parts
    keep the line's number)."""
    out: list[_Line] = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            start = pos + len(raw) - len(raw.lstrip())
            for a, b in _run_in_parts(text, start, start + len(stripped)):
                out.append(_Line(number, a, b, text[a:b], original[a:b]))
        pos += len(raw) + 1
    return out


def _run_in_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut before each heading that follows a sentence end or a heading-sized part."""
    if text.find(" ", start, end) < 0 and text.find("\t", start, end) < 0:
        return [(start, end)]   # the usual line: no blank inside
    parts: list[tuple[int, int]] = []
    a = start
    for m in _RUN_IN_HEADING.finditer(text, start, end):
        before = text[a:m.start()]
        if before and (before[-1] in "。:;!?" or (len(before) <= _HEADING_TITLE_MAX + 10
                                                    and _numbered_level(before) is not None)):
            parts.append((a, m.start()))
            a = m.end()
    parts.append((a, end))
    if len(parts) == 1:
        return parts
    # In a flattened line a heading's text also runs on after a blank: "二、存在的不足 执法力量……".
    out: list[tuple[int, int]] = []
    for a, b in parts:
        blank = _BLANK.search(text, a, min(b, a + _HEADING_TITLE_MAX + 10))
        if blank and _numbered_level(text[a:b]) is not None and "。" not in text[a:blank.start()] \
                and blank.start() - a >= 4:
            out += [(a, blank.start()), (blank.end(), b)]
        else:
            out.append((a, b))
    return out


def _classify(lines: list[_Line]) -> list[tuple[str, int, str]]:
    """Return (kind, level, heading title) per line; kind: skip/title/heading/body."""
    kinds: list[tuple[str, int, str]] = []
    title_seen = False
    last_level = 1
    seen_heading = False
    for i, line in enumerate(lines):
        t = line.text
        if (_NOISE.match(t) or "ICP备" in t or "公网安备" in t or _DOC_NUMBER.match(t) or SIGNATURE.match(t)
                or _DATE_LINE.match(t)):
            kinds.append(("skip", 0, ""))
            continue
        if not title_seen and not seen_heading and "报告" in t and len(t) <= 80 and "。" not in t \
                and _numbered_level(t) is None:
            title_seen = True
            kinds.append(("title", 0, ""))
            continue
        numbered = _numbered_level(t)
        if numbered is not None:
            last_level = numbered
            seen_heading = True
            kinds.append(("heading", numbered, _heading_title(line.original)))
            continue
        if _is_bare_heading(t):
            if _heading_cues(t, None, top=False):
                seen_heading = True
                kinds.append(("heading", 0, line.original))
                continue
            if seen_heading and _next_is_long(lines, i):
                kinds.append(("heading", last_level, line.original))
                continue
        title_seen = True  # a body line ends the search for a title
        kinds.append(("body", 0, ""))
    return _title_fallback(lines, kinds)


def _title_fallback(lines: list[_Line], kinds: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """No line with 报告: a short first line is still the title (of a plan, a notice …)."""
    if any(kind == "title" for kind, _, _ in kinds) or not any(kind == "heading" for kind, _, _ in kinds):
        return kinds
    first = next((i for i, (kind, _, _) in enumerate(kinds) if kind != "skip"), None)
    if first is not None and kinds[first][0] == "body" and len(lines[first].text) <= 60 \
            and "。" not in lines[first].text:
        kinds[first] = ("title", 0, "")
    return kinds


def _numbered_level(t: str) -> int | None:
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(t):
            return level
    return None


def _heading_title(t: str) -> str:
    cut = re.split(r"[。;;]", t, maxsplit=1)[0]
    end = len(cut)
    while end and (cut[end - 1] in ",.:,:、" or cut[end - 1].isspace()):   # (a regex "[…]+$" is
        end -= 1                                                            # quadratic on blanks)
    cut = cut[:end]
    return cut if len(cut) <= _HEADING_TITLE_MAX else cut[:_HEADING_TITLE_MAX] + "…"


def _is_bare_heading(t: str) -> bool:
    return (4 <= len(t) <= 30 and t[-1] not in "。;:!?," and "。" not in t
            and sum(1 for ch in t if "\u4e00" <= ch <= "\u9fff") >= 4)


def _next_is_long(lines: list[_Line], i: int) -> bool:
    return i + 1 < len(lines) and len(lines[i + 1].text) >= 40


def _heading_cues(title: str, year: int | None, top: bool) -> frozenset[Role]:
    """The roles a heading's words name; *year* is the reported year (a heading about a later
    year is a plan), *top* says the heading has no parent."""
    head = title[:_HEADING_TITLE_MAX + 10]
    cues = {role for role, pattern in _CUES if pattern.search(head)}
    years = {int(y) for y in _YEAR.findall(head)}
    if year is not None and years and min(years) > year:
        return frozenset({Role.PLANS})   # "三、2024年工作思路和主要举措": next year's, whatever the words
    if top and not cues and _AGENDA_HEADING.search(head.rstrip("。:; ")):
        cues.add(Role.PLANS)
    return frozenset(cues)


def _heading_role(cues: frozenset[Role], parent: Role | None) -> Role:
    # A heading naming measures ("举措和成效") stays measures even if it also names
    # problems; the paragraphs below are refined by their own cues. A part on the principal
    # leaders' duty ("……第一责任人职责落实情况") is that part, though it names what was done.
    if Role.FIRST_RESPONSIBLE in cues and not cues & {Role.SHORTCOMINGS, Role.PLANS}:
        return Role.FIRST_RESPONSIBLE
    for role, _ in _CUES:
        if role in cues:
            return role
    return parent or Role.MEASURES


def _sentences(text: str, line: _Line, paragraph: int, role: Role, kind: str,
               year: int | None = None) -> tuple[list[Sentence], Role]:
    """The paragraph's sentences with their roles, and the role the paragraph ends in. The
    paragraph and each "一是/二是……" sub-item in it open a part of their own (`Sentence.opens`).
    A heading line may run on into its text ("一、健全制度保障。一是……"): after its first sentence
    the text is refined as a body's."""
    refine = kind == "body"
    spans = _split(text, line.start, line.end)
    if not spans:
        return [], role
    texts = [text[a:b] for a, b in spans]
    if refine and role == Role.OPENING:
        return [_opening_sentence(text, a, b, line.number, paragraph) for a, b in spans], role
    base = role
    if refine and role not in (Role.TITLE, Role.OPENING):
        if _PLAN_START.match(texts[0]) or _later_plan(texts[0][:20], year):
            role = Role.PLANS
        elif role in COUNTING_ROLES and _leads_to_first_responsible(texts, 0):
            role = Role.FIRST_RESPONSIBLE
    out: list[Sentence] = []
    for k, (start, end) in enumerate(spans):
        s = texts[k]
        opens = k == 0
        refine = kind == "body" or (kind == "heading" and k > 0)
        if k and refine and "是" in s[1:4] and _LIST_ITEM.match(s):
            opens = True
            if role in COUNTING_ROLES and base in COUNTING_ROLES:
                # A new sub-item: the previous one's lead no longer applies (a shortcoming or
                # plan cue earlier in the paragraph still does).
                role = Role.FIRST_RESPONSIBLE if _leads_to_first_responsible(texts, k) else base
        sentence_role = role
        if refine and role not in (Role.TITLE, Role.OPENING):
            if _SHORTCOMING_INTRO.search(s) and "不存在" not in s:
                role = sentence_role = Role.SHORTCOMINGS   # the rest of the paragraph too
            elif s.startswith(("下一步", "下步")):
                role = sentence_role = Role.PLANS
            elif role in COUNTING_ROLES and (_PLAN_SENTENCE.search(s) or s[0] in _PLAN_LEAD_FIRST
                                             and _PLAN_LEAD.match(s) or _later_plan(s, year)):
                sentence_role = Role.PLANS
            elif role in COUNTING_ROLES and _SHORTCOMING_SENTENCE.search(s):
                sentence_role = Role.SHORTCOMINGS
        tail = _REQUIREMENT.search(s) if sentence_role in COUNTING_ROLES else None
        out.append(Sentence(start, end, line.number, paragraph, sentence_role,
                            start + tail.start() if tail else None,
                            Role.REQUIREMENT if tail else None, opens))
    return out, role


def _opening_sentence(text: str, start: int, end: int, line: int, paragraph: int) -> Sentence:
    """A sentence of the opening: the formula up to the end of its last formula clause, then what
    was done, counted as measures when it names a concrete result (a sentence without any formula
    clause is all measures then). The opening opens no part of the report (`opens` stays False)."""
    if text[end - 1] not in "。;!?":   # a title or a page's label line, not a sentence
        return Sentence(start, end, line, paragraph, Role.OPENING)
    last = None
    for m in _FORMULA_CLAUSE.finditer(text, start, end):
        last = m
    tail = start
    if last is not None:
        after = _CLAUSE_END.search(text, last.end(), end)
        tail = after.end() if after else end
    if not _RESULT.search(text, tail, end):
        return Sentence(start, end, line, paragraph, Role.OPENING)
    if tail == start:
        return Sentence(start, end, line, paragraph, Role.MEASURES)
    return Sentence(start, end, line, paragraph, Role.OPENING, tail, Role.MEASURES)


def _leads_to_first_responsible(texts: list[str], k: int) -> bool:
    """Does the part opening at sentence *k* report on the principal leaders' duty? Its short lead
    works like a heading ("扎实推进……第一责任人职责。"), or only announces a topic and the next
    sentence names the duty ("二是压实法治责任。认真落实……第一责任人职责规定……")."""
    lead = texts[k]
    if len(lead) <= _LEAD_MAX and ("责" in lead or "履" in lead) and _FIRST_RESPONSIBLE_CUE.search(lead):
        return True
    return (len(lead) <= _SHORT_LEAD and "," not in lead and _DUTY_TOPIC.search(lead) is not None
            and k + 1 < len(texts) and _FIRST_RESPONSIBLE_CUE.search(texts[k + 1][:_LEAD_MAX]) is not None)


def _later_plan(s: str, year: int | None) -> bool:
    """Does *s* say what will be done in a year after the reported one ("2024年将……")?"""
    if year is None or "年" not in s or _later_years(year).search(s) is None:
        return False   # (most sentences name no year, or only the reported one)
    for m in _YEAR.finditer(s):
        if int(m.group(1)) > year and _FUTURE.search(s, m.end()):
            return True
    return False


@lru_cache(maxsize=16)
def _later_years(year: int) -> re.Pattern[str]:
    """The three years after *year*, as a quick first check for `_later_plan`."""
    return re.compile("|".join(str(y) for y in range(year + 1, year + 4)))


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], split after 。!?; and a sentence-final '.'."""
    spans: list[tuple[int, int]] = []
    s = start
    for m in _SENTENCE_END.finditer(text, start, end):
        after = m.end()
        if m.group() == "." and (after < end and text[after].isdigit()
                                 or not (after > 1 and "\u4e00" <= text[after - 2] <= "\u9fff")):
            continue
        spans.append((s, after))
        s = after
    if s < end:
        spans.append((s, end))
    out = []
    for a, b in spans:
        rest = text[a:b].lstrip()
        if rest:
            out.append((b - len(rest), b))
    return out
