"""Main text of a saved web page: no scripts, menus, breadcrumbs, headers or footers.

A small readability pass over the standard library's HTML parser (no extra dependency):
structural furniture is dropped by tag (nav, header, footer, aside, form …) and by class or
id (menu, breadcrumb, footer, share …), link lists are dropped by link density, and every
block element becomes its own line. Lines of portal furniture that survive (发布日期, 打印,
版权所有 …) are recognised later by the segmenter, which also reads the date from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..errors import InputError
from ..limits import MAX_TAGS

_DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
                        "nav", "header", "footer", "aside", "form", "select", "button", "head", "map",
                        "canvas", "video", "audio"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "source", "wbr",
                   "param", "track", "embed"})
_BLOCK = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tbody", "thead",
                    "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd",
                    "center", "body", "html", "figure", "figcaption", "address", "hr", "br"})
_FURNITURE = re.compile(r"(^|[-_\s])(nav|navbar|menu|header|head-?bar|footer|foot|breadcrumbs?|crumbs?|"
                        r"sidebar|side|share|copyright|toolbar|topbar|bottom|banner|search|login|"
                        r"related|xgxx|fxd|dh|daohang|weizhi|location)([-_\s\d]|$)", re.I)
_MAX_DEPTH = 400  # deeper markup is treated as flat text: no page may exhaust the stack


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)
    total: int = 0    # characters of text below (dropped tags excluded)
    linked: int = 0   # of which inside links


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return bool(re.search(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]|<meta\s", head))


def html_text(text: str, path: str) -> str:
    """The readable main text of the HTML page *text* read from *path*, one line per block."""
    if text.count("<") > MAX_TAGS:
        raise InputError(f"{path}: 网页标记过多(超过 {MAX_TAGS:,} 个“<”),不像一篇报告 — 请在浏览器中打开后"
                         "另存为纯文本(.txt)再评分")
    builder = _TreeBuilder()
    builder.feed(_terminated(text))
    builder.close()
    _measure(builder.root)
    lines: list[str] = []
    current: list[str] = []
    _walk(builder.root, lines, current)
    _flush(lines, current)
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"


def _terminated(text: str) -> str:
    """*text* with nothing left open for the parser to rescan: comments removed (an unclosed one
    ends the page, as in a browser) and a "<" with no ">" after it made text. The standard
    library's parser rescans an unclosed construct to the end of the page from each of its "<"s:
    20,000 "<!--" took minutes."""
    kept: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        kept.append(text[pos:start])
        end = text.find("-->", start + 4)
        pos = len(text) if end < 0 else end + 3
    kept.append(text[pos:])
    text = "".join(kept)
    last = text.rfind(">")
    return text[:last + 1] + text[last + 1:].replace("<", "&lt;")


def _walk(node: _Node, lines: list[str], current: list[str]) -> None:
    stack: list[_Node | str | None] = [node]
    while stack:  # iterative: deeply nested pages cannot overflow the recursion limit
        item = stack.pop()
        if item is None:
            _flush(lines, current)
            continue
        if isinstance(item, str):
            current.append(item)
            continue
        if _dropped(item):
            continue
        block = item.tag in _BLOCK
        if block:
            _flush(lines, current)
            stack.append(None)
        if item.tag in ("td", "th"):
            current.append("\t")
        stack.extend(reversed(item.children))


def _dropped(node: _Node) -> bool:
    if node.tag in _DROP_TAGS:
        return True
    marks = " ".join(node.attrs.get(k, "") for k in ("class", "id", "role"))
    if marks and _FURNITURE.search(marks):
        return True
    if node.attrs.get("style", "").replace(" ", "").lower().find("display:none") >= 0:
        return True
    return node.tag in ("ul", "ol", "div", "table", "p", "dl", "span") and _link_list(node)


def _link_list(node: _Node) -> bool:
    """Mostly links and short: a menu, a list of related articles, a footer of links."""
    return node.total > 0 and node.linked / node.total > 0.6 and node.total < 400


def _measure(root: _Node) -> None:
    """Fill in every node's text and link-text lengths, bottom up, in one pass."""
    order: list[_Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(c for c in node.children if isinstance(c, _Node))
    for node in reversed(order):   # children before parents
        if node.tag in _DROP_TAGS:
            continue
        for child in node.children:
            if isinstance(child, str):
                node.total += len(child.strip())
            else:
                node.total += child.total
                node.linked += child.total if child.tag == "a" else child.linked
        if node.tag == "a":
            node.linked = node.total


def _flush(lines: list[str], current: list[str]) -> None:
    text = "".join(current)
    current.clear()
    text = re.sub(r"[ \t\r\f\v\u00a0]+", lambda m: "\t" if "\t" in m.group() else " ", text).strip()
    text = re.sub(r"\s*\n\s*", " ", text)
    if text:
        lines.append(text)
        lines.append("")
