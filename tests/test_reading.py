"""Scores do not depend on how a report was saved: encodings, HTML pages, Traditional text."""

from __future__ import annotations

import html
from pathlib import Path

import opencc
import pytest

from fazhi.model import Status
from fazhi.reader import read_document
from fazhi.score import score_document

from .conftest import EXAMPLES, REPORTS, default_rubric


def _statuses(path: Path) -> dict[str, Status]:
    card = score_document(read_document(str(path)), default_rubric())
    return {r.item.id: r.status for r in card.items}


def _text(name: str) -> str:
    return (REPORTS / name).read_text(encoding="utf-8")


def _page(text: str) -> str:
    """The report inside a portal page: menus, breadcrumb, scripts, related links, footer."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政务公开</title>
<script>var menu = "<p>全面落实行政执法三项制度,开展双随机一公开</p>";</script>
<style>.nav {{ color: red }}</style></head>
<body>
<div class="header"><img src="logo.png"><div class="search"><input name="q"></div></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/fzzf">法治政府建设年度报告</a></li><li><a href="/hd">互动交流</a></li></ul>
<div class="breadcrumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="content"><div class="article">
{body}
</div></div>
<div class="related"><h4>相关文章</h4><ul><li><a href="/1">2020年度法治政府建设工作报告</a></li>
<li><a href="/2">关于开展述法工作的通知</a></li></ul></div>
<div id="footer"><p>主办单位:某某人民政府办公室 版权所有</p><p>网站标识码:1100000000 京ICP备00000000号</p></div>
<script>document.write("<p>下一步,将落实重大行政决策目录</p>");</script>
</body></html>"""


# What an editor does when saving as GBK: spaces GBK lacks become plain spaces, the rest "?".
_GBK_SPACES = {0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "}


def _gbk(text: str) -> bytes:
    return text.translate(_GBK_SPACES).encode("gbk", errors="replace")


VARIANTS = {
    "gbk": _gbk,
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16-bom": lambda t: t.encode("utf-16"),
    "utf-16le-no-bom": lambda t: t.encode("utf-16-le"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "html-utf8": lambda t: _page(t).encode("utf-8"),
    "html-gbk": lambda t: _gbk(_page(t).replace('charset="utf-8"', 'charset="gbk"')),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", EXAMPLES)
def test_saved_differently_scores_the_same(tmp_path: Path, name: str, variant: str) -> None:
    path = tmp_path / f"report.{'html' if variant.startswith('html') else 'dat'}"
    path.write_bytes(VARIANTS[variant](_text(name)))
    assert _statuses(path) == _statuses(REPORTS / name)


def test_html_keeps_only_the_main_text(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"   # the extension does not matter: the content is sniffed
    path.write_bytes(_page(_text("2021-beijing-yanqing.txt")).encode("utf-8"))
    doc = read_document(str(path))
    assert doc.format == "html"
    for furniture in ("互动交流", "相关文章", "网站标识码", "document.write", "var menu", "关于开展述法工作的通知"):
        assert furniture not in doc.text
    assert doc.text.splitlines()[0] == "北京市延庆区人民政府2021年法治政府建设年度情况报告"


def test_detected_encodings(tmp_path: Path) -> None:
    text = _text("2020-fujian-sanming-qingliu.txt")
    for variant, expected in (("gbk", "gb18030"), ("utf-16-bom", "utf-16"), ("utf-16le-no-bom", "utf-16-le"),
                              ("utf-8-bom", "utf-8-sig")):
        path = tmp_path / "r.txt"
        path.write_bytes(VARIANTS[variant](text))
        assert read_document(str(path)).encoding == expected, variant


@pytest.mark.parametrize("name", EXAMPLES)
def test_traditional_characters_score_the_same_and_quote_the_original(tmp_path: Path, name: str) -> None:
    traditional = opencc.OpenCC("s2t").convert(_text(name))
    path = tmp_path / "trad.txt"
    path.write_text(traditional, encoding="utf-8")
    assert _statuses(path) == _statuses(REPORTS / name)
    card = score_document(read_document(str(path)), default_rubric())
    three = next(r for r in card.items if r.item.id == "enforcement.three_systems")
    quoted = three.evidence[0].text
    assert quoted == traditional[three.evidence[0].start:three.evidence[0].end]
    assert "三項制度" in "".join(r.evidence[0].text for r in card.items if r.item.id == "enforcement.three_systems") \
        or "執法" in quoted


def test_not_text_is_refused(tmp_path: Path) -> None:
    from fazhi.errors import InputError
    path = tmp_path / "en.txt"
    path.write_text("This is an English document about something else entirely. " * 20, encoding="utf-8")
    with pytest.raises(InputError, match="不是中文文本"):
        read_document(str(path))
    path.write_bytes(b"\xff\xfe" + "法治\ufffd\ufffd\ufffd".encode("utf-16-le") * 40)
    with pytest.raises(InputError, match="乱码"):
        read_document(str(path))


@pytest.mark.parametrize("title,kind,label", [
    ("清河县2022年政府工作报告", "work_report", "政府工作报告"),
    ("清河区法治政府建设实施方案", "plan", "方案、工作要点或计划"),
    ("某县2022年度法治政府建设情况报告", "template", "范文或模板"),
])
def test_documents_that_are_not_annual_reports_get_a_warning(title: str, kind: str, label: str) -> None:
    from fazhi.model import Document
    text = f"{title}\n一、主要工作\n全面推进法治政府建设,落实行政执法三项制度,开展普法宣传20次。\n"
    card = score_document(Document("t.txt", text, "utf-8", "0" * 64), default_rubric())
    assert card.doctype is not None and card.doctype.kind == kind
    assert any(label in w and "得分不具参考意义" in w for w in card.warnings), card.warnings


def test_real_reports_get_no_warning() -> None:
    for name in EXAMPLES:
        card = score_document(read_document(str(REPORTS / name)), default_rubric())
        assert card.warnings == (), (name, card.warnings)
