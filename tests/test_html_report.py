"""The HTML report (`--format html`): one self-contained page, everything escaped, every link
resolving to exactly one element, every evidence span highlighted; then the same pages in a real
headless Chromium (Playwright), clicking gap and item links."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fazhi.html_report import render_html
from fazhi.model import Document, Scorecard
from fazhi.score import score_document

from .conftest import EXAMPLES, REPORTS, default_rubric, scored

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Locator, Request

XSS = "<script>alert(1)</script>"
VOID = frozenset({"br", "meta", "rect", "img", "input", "link", "hr", "wbr"})


@dataclasses.dataclass(frozen=True)
class Mark:
    start: int
    end: int
    cls: str
    items: set[str]


class Page(HTMLParser):
    """What the tests look at: ids, links, resource references, and each report's text with its marks."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.hrefs: list[str] = []
        self.resources: list[str] = []      # src= / <link href=> attributes
        self.tags: Counter[str] = Counter()
        self.texts: list[list[str]] = []    # per report: its full text, line by line
        self.marks: list[list[Mark]] = []   # per report: the marks, as offsets into its text
        self._stack: list[str] = []         # the classes of the open elements
        self._mark: dict[str, str | None] | None = None
        self._pos = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags[tag] += 1
        if a.get("id"):
            self.ids[a["id"] or ""] += 1
        if a.get("href") is not None:
            self.hrefs.append(a["href"] or "")
        if a.get("src") is not None or (tag == "link" and a.get("href")):
            self.resources.append(f"{tag}: {a}")
        if tag in VOID:
            return
        cls = a.get("class") or ""
        self._stack.append(cls)
        if cls == "text":
            self.texts.append([])
            self.marks.append([])
            self._pos = 0
        elif cls == "tx":
            self.texts[-1].append("")
        elif tag == "mark" and "tx" in self._stack:
            self._mark = {**a, "start": str(self._pos)}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        cls = self._stack.pop()
        if tag == "mark" and self._mark is not None:
            items = set((self._mark.get("data-items") or "").split())
            self.marks[-1].append(Mark(int(self._mark["start"] or 0), self._pos, self._mark.get("class") or "", items))
            self._mark = None
        elif cls == "tx":
            self._pos += 1  # the newline between lines

    def handle_data(self, data: str) -> None:
        if "tx" in self._stack and "own" not in self._stack:   # (an item number after a mark is no text)
            self.texts[-1][-1] += data
            self._pos += len(data)

    def text(self, n: int = 0) -> str:
        return "\n".join(self.texts[n])


@pytest.fixture(scope="module")
def corpus() -> list[Scorecard]:
    return [scored(name) for name in EXAMPLES]


def _check_page(html: str) -> Page:
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html and '<meta charset="utf-8">' in html
    page = Page(html)
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.I), "an external reference"
    assert not re.search(r"@import|url\(", html), "a CSS resource"
    assert page.resources == [] and page.tags["script"] == 0 and page.tags["img"] == 0
    assert page.tags["svg"] == 0 and '<table class="parts">' in html, "the per-part chart is a table: values as text"
    duplicated = [i for i, n in page.ids.items() if n > 1]
    assert duplicated == []
    assert all(h.startswith("#") for h in page.hrefs), "only links within the page"
    dangling = [h for h in page.hrefs if h[1:] not in page.ids]
    assert dangling == []
    return page


def _check_report(card: Scorecard, page: Page, n: int = 0) -> None:
    """The full text is there, line by line, and every evidence span and mention is marked."""
    assert page.text(n) == card.document.text
    marks = page.marks[n]
    spans = sorted((m.start, m.end) for m in marks)
    assert all(a[1] <= b[0] for a, b in pairwise(spans)), "marks never overlap"
    for r in card.items:
        for e in r.evidence + r.mentions:
            covering = [m for m in marks if m.start < e.end and m.end > e.start and r.item.id in m.items]
            assert sum(m.end - m.start for m in covering) == e.end - e.start, (r.item.id, e.line)


@pytest.mark.parametrize("name", EXAMPLES)
def test_one_report_page(name: str) -> None:
    card = scored(name)
    html = render_html([card])
    page = _check_page(html)
    _check_report(card, page)
    for r in card.items:
        assert f'id="item-{r.item.id}"' in html
        if r.evidence:   # the item row links to a mark listing this item
            link = re.search(rf'<tr id="item-{re.escape(r.item.id)}">.*?class="quote" href="#([^"]+)"', html)
            assert link and re.search(rf'<mark id="{re.escape(link[1])}"[^>]*data-items="[^"]*'
                                      rf'{re.escape(r.item.id)}', html), r.item.id
    for gid in card.gaps:
        assert re.search(rf'<li id="gap-{re.escape(gid)}">.*?href="#item-{re.escape(gid)}"', html)
    gaps = re.findall(r'<li id="gap-([^"]+)"', html)
    assert gaps == list(card.gaps), "gaps in the scorecard's order"
    assert card.document.path in html and card.rubric.sha256 in html
    assert "督察规定 第二十四条" in html


def test_overlapping_spans_are_split_with_one_id_each() -> None:
    card = scored("2021-beijing-yanqing.txt")
    html = render_html([card])
    marks = Page(html).marks[0]
    assert any(len(m.items) > 1 for m in marks), "some segment is shared by several items"
    assert any(m.cls == "ev mention" for m in marks) and any(m.cls == "ev" for m in marks)
    anchors = {f"ev-{r.item.id}-{n}" for r in card.items for n in range(1, len(r.evidence) + 1)}
    ids = set(re.findall(r'<mark id="([^"]+)"', html))
    assert ids <= anchors | {f"ev-{r.item.id}-m{n}" for r in card.items for n in range(1, len(r.mentions) + 1)}
    assert len(ids) < len(anchors), "spans starting at the same place share the first one's id"


def test_corpus_page(corpus: list[Scorecard]) -> None:
    html = render_html(corpus)
    page = _check_page(html)
    sections = re.split(r'<section class="report" id="r\d+-report">', html)
    assert len(sections) == len(corpus) + 1 == len(page.texts) + 1
    for n, (card, section) in enumerate(zip(corpus, sections[1:], strict=True), 1):
        assert f'href="#r{n}-report"' in sections[0], "the summary links to each report"
        _check_report(card, page, n - 1)
        for r in card.items:
            assert f'id="r{n}-item-{r.item.id}"' in section
            assert f'href="#r{n}-item-{r.item.id}"' in sections[0], "a heat-map cell per report × item"
    for card in corpus:
        assert (card.layout.meta.issuer or "") in sections[0]


def _with_script(tmp_path: Path) -> Scorecard:
    """An example report with a script inside a sentence that is evidence, and in a paragraph of its own."""
    card = scored("2021-beijing-yanqing.txt")
    text = card.document.text
    at = next(r.evidence[0].hits[-1][1] for r in card.items if r.item.id.startswith("leadership.") and r.evidence)
    text = text[:at] + XSS + text[at:]
    at = text.index("\n", text.index("主要举措和成效")) + 1
    text = text[:at] + f"{XSS}\n" + text[at:]
    return score_document(Document(str(tmp_path / f"{XSS}.txt"), text, "utf-8", "0" * 64), default_rubric())


def test_report_text_is_escaped(tmp_path: Path) -> None:
    card = _with_script(tmp_path)
    html = render_html([card])
    assert XSS not in html and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = _check_page(html)
    assert page.text() == card.document.text and XSS in page.text(), "shown as text, where it stood"
    at = page.text().rindex(XSS)  # the one inside the evidence sentence
    assert any(m.start <= at < m.end for m in page.marks[0]), "inside a highlighted span too"
    assert "&lt;script&gt;" in html.split('id="items"')[1].split('id="text"')[0], "and in the item table"


def test_rubric_strings_are_escaped() -> None:
    card = scored("2023-liaoning-panjin-dawa.txt")
    evil = '"><img src=x onerror=alert(1)>'
    items = tuple(r._replace(item=dataclasses.replace(r.item, title=r.item.title + evil, requirement=evil, source=evil),
                             searched=(evil,), note=evil)
                  for r in card.items)
    parts = tuple(p._replace(title=p.title + evil) for p in card.parts)
    card = card._replace(items=items, parts=parts, rubric_reason=evil, warnings=(evil,))
    for html in (render_html([card]), render_html([card, card])):
        assert "<img" not in html and "onerror=alert(1)>" not in html
        _check_page(html)


# ---------------------------------------------------------------------------------------------
# A real headless browser

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install playwright (no `playwright install` needed)")
    executable = _chromium()
    if executable is None:
        pytest.skip("no chromium executable found (apt-get install chromium, or set CHROMIUM=/path)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


IN_VIEW = "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }"


class Tab:
    """A page that records console errors, page errors and every request that is not file://."""

    def __init__(self, browser: Browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", self._request)
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Request) -> None:
        if not request.url.startswith("file:"):
            self.requests.append(request.url)

    def click_and_check(self, link: Locator) -> str:
        """Click an in-page link to an element out of view: the browser targets it and scrolls to it."""
        href = link.get_attribute("href") or ""
        target = self.page.locator(f'[id="{href[1:]}"]')
        assert target.count() == 1
        link.scroll_into_view_if_needed()
        assert not target.evaluate(IN_VIEW), "the target is out of view before the click"
        link.click()
        self.page.wait_for_function("h => location.hash === h", arg=href)
        assert target.evaluate("e => e.matches(':target')")
        self.page.wait_for_function(f"id => ({IN_VIEW})(document.getElementById(id))", arg=href[1:])
        return href[1:]

    def close(self) -> None:
        assert self.errors == [], self.errors
        assert self.requests == [], self.requests
        self.page.close()


@pytest.mark.slow   # drives a browser
def test_browser_one_report(browser: Browser, tmp_path: Path) -> None:
    card = scored("2021-guangdong-shaoguan-wujiang.txt")
    path = tmp_path / "report.html"
    path.write_text(render_html([card]), encoding="utf-8")
    tab = Tab(browser, path)
    page = tab.page
    assert page.title() == card.layout.meta.title
    assert page.locator("table.parts .bar").count() == len(card.parts)
    assert (page.locator("table.parts .bar").first.bounding_box() or {"width": 0})["width"] > 0
    assert page.locator("table.parts tbody td.num b").all_inner_texts()[0] == f"{card.parts[0].score:.1f}"

    mention = page.locator('ol.gaps a[href^="#ev-"]').last       # a gap → its mention in the text
    target = tab.click_and_check(mention)
    assert page.locator(f'[id="{target}"]').evaluate("e => e.tagName") == "MARK"
    assert page.evaluate("window.scrollY") > 1000, "scrolled down to the report text"
    shot = tmp_path / "report-gap-mention.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")

    tab.click_and_check(page.locator("ol.gaps a.item").first)        # a gap → its item row
    evidence = page.locator("table.items a.quote").nth(40)           # an item → its evidence
    target = tab.click_and_check(evidence)
    assert page.locator(f'[id="{target}"]').evaluate("e => e.tagName") == "MARK"

    page.evaluate("window.scrollTo(0, 0)")
    full = tmp_path / "report-full.png"
    page.screenshot(path=str(full), full_page=True)
    print(f"screenshot: {full}")
    tab.close()


@pytest.mark.slow   # drives a browser
def test_browser_corpus(browser: Browser, corpus: list[Scorecard], tmp_path: Path) -> None:
    path = tmp_path / "corpus.html"
    path.write_text(render_html(corpus), encoding="utf-8")
    tab = Tab(browser, path)
    page = tab.page
    top = tmp_path / "corpus-summary.png"
    page.screenshot(path=str(top))
    print(f"screenshot: {top}")
    assert page.locator("table.corpus tbody tr:not(.group)").count() == len(corpus)
    assert page.locator("table.missing tbody tr").count() > 0

    cell = page.locator('table.heat a[href^="#r3-item-"]').nth(20)     # heat-map cell → item row
    assert tab.click_and_check(cell).startswith("r3-item-")
    section = page.locator('table.corpus a[href="#r5-report"]')        # summary → a report
    tab.click_and_check(section)
    target = tab.click_and_check(page.locator('#r5-report ol.gaps a[href^="#r5-ev-"]').first)
    assert target.startswith("r5-ev-")
    shot = tmp_path / "corpus-r5-mention.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    tab.close()


@pytest.mark.slow   # drives a browser
def test_browser_heat_map_heads_read_as_short_titles_full_ones_by_mouse_and_keyboard(
        browser: Browser, corpus: list[Scorecard], tmp_path: Path) -> None:
    path = tmp_path / "corpus.html"
    path.write_text(render_html(corpus), encoding="utf-8")
    tab = Tab(browser, path)
    page = tab.page
    shorts: dict[str, set[str]] = {}
    titles: dict[str, set[str]] = {}
    for card in corpus:
        for r in card.items:
            shorts.setdefault(r.item.id, set()).add(r.item.short or "")
            titles.setdefault(r.item.id, set()).add(r.item.title)
    heads = page.locator("table.heat th.col")
    seen = set()
    for head in heads.all():                     # each head: number and short title; tip: full title (id)
        tip = head.locator(".tip").inner_text()
        item_id = tip.rsplit("(", 1)[1].rstrip(")")
        seen.add(item_id)
        assert head.locator(".s").inner_text().replace("\n", "") in shorts[item_id]
        assert tip.rsplit("(", 1)[0] in titles[item_id]
        assert not head.locator(".tip").is_visible()
    assert seen == set(shorts)                   # every item of either rubric has its column

    def shown(n: int) -> bool:
        """The nth tip is displayed, inside the window, its text inside it (a long id wraps), and
        nothing covers its middle."""
        tip = page.locator("table.heat th.col .tip").nth(n)
        box = tip.bounding_box()
        if not tip.is_visible() or box is None or box["x"] < 0 or box["x"] + box["width"] > 1280:
            return False
        if not tip.evaluate("e => e.scrollWidth <= e.clientWidth"):
            return False
        middle = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
        return bool(page.evaluate("([x, y]) => !!document.elementFromPoint(x, y)?.closest('.tip')", middle))

    links = page.locator("table.heat th.col a")
    links.first.focus()                          # keyboard: Tab from head to head
    assert shown(0)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.querySelectorAll('table.heat th.col a')[1]")
    assert shown(1) and not page.locator("table.heat th.col .tip").first.is_visible()
    tips = page.locator("table.heat th.col .tip")
    assert links.nth(1).get_attribute("aria-describedby") == tips.nth(1).get_attribute("id")
    page.keyboard.press("Enter")                 # … and to its legend entry
    page.wait_for_function("location.hash === '#col-1-2'")
    last = heads.count() - 1
    page.locator("table.heat th.col").nth(last).hover()   # mouse; the rightmost tip opens leftwards
    assert shown(last)
    tips_text = tips.all_text_contents()
    longest = max(range(len(tips_text)), key=lambda n: len(tips_text[n]))
    links.nth(longest).focus()                   # the longest title and id stay inside their tip
    assert shown(longest)
    tab.close()


@pytest.mark.slow   # drives a browser
def test_browser_corpus_prints_on_a4_with_every_heat_map_column(browser: Browser, corpus: list[Scorecard],
                                                               tmp_path: Path) -> None:
    from pypdf import PdfReader
    path = tmp_path / "corpus.html"
    path.write_text(render_html(corpus), encoding="utf-8")
    page = browser.new_page(viewport={"width": 695, "height": 900})   # A4's width inside its margins, in px
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('table.heat')]"
                           ".map(t => t.getBoundingClientRect().right))")
    assert widest <= 695, "a heat-map part is wider than the printed page"
    numbers = page.locator("table.heat th.col .n").all_inner_texts()
    pdf = tmp_path / "corpus.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    reader = PdfReader(pdf)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert all(abs(p.mediabox.width - 595) < 2 for p in reader.pages)
    missing = [n for n in numbers if not re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", text)]
    assert numbers and missing == [], "heat-map columns cut off in print"
    assert re.search(r"第\s*1\s*/\s*\d+\s*页", text)


def _overflow(browser: Browser, path: Path, width: int) -> int:
    """How far the page is wider than a *width*-pixel window (0: no horizontal scrolling)."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(path.as_uri())
    over = page.evaluate("document.documentElement.scrollWidth") - width
    page.close()
    return int(over)


@pytest.mark.slow   # drives a browser
def test_browser_gaps_first_on_desktop_phone_and_paper(browser: Browser, corpus: list[Scorecard],
                                                      tmp_path: Path) -> None:
    from pypdf import PdfReader
    card = scored("2021-guangdong-shaoguan-wujiang.txt")
    path = tmp_path / "report.html"
    path.write_text(render_html([card]), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    top = page.locator(".top-gaps li").first                      # the heaviest gap, near the score
    heaviest = next(r for r in card.items if r.item.id == card.gaps[0])
    assert top.inner_text().endswith(f"权重 {heaviest.item.weight:g}")
    assert (top.bounding_box() or {"y": 1e9})["y"] < 1000
    assert page.locator(f'.top-gaps a[href="#gap-{card.gaps[0]}"]').count() == 1
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    first = next(n for n, text in enumerate(pages, 1) if "缺项清单(按严重程度" in text)
    assert first <= 2, f"the gap list starts on page {first}"
    assert all(abs(p.mediabox.width - 595) < 2 and abs(p.mediabox.height - 842) < 2 for p in PdfReader(pdf).pages)
    assert re.search(r"第\s*1\s*/\s*\d+\s*页", pages[0]), "pages are numbered"
    assert (card.layout.meta.title or "")[:10] in pages[1].splitlines()[0], "and headed with the report"
    assert _overflow(browser, path, 390) == 0
    several = tmp_path / "corpus.html"
    several.write_text(render_html(corpus), encoding="utf-8")
    assert _overflow(browser, several, 390) == 0
    assert _overflow(browser, several, 1280) == 0


@pytest.mark.slow   # scores 200 reports
def test_a_large_corpus_gets_a_summary_page_and_a_page_per_report(corpus: list[Scorecard], tmp_path: Path) -> None:
    from fazhi.html_report import INLINE_MAX, render_site
    cards = [corpus[n % len(corpus)] for n in range(200)]
    pages = render_site(cards, "summary.html")
    assert len(pages) == 201 and len(pages["summary.html"].encode()) < 3_000_000   # the stated budget
    summary = Page(pages["summary.html"])
    links = {h for h in summary.hrefs if not h.startswith("#")}
    assert {h.split("#")[0] for h in links} == {f"summary_reports/{n:04d}.html" for n in range(1, 201)}
    for href in list(links)[:50]:                    # each link lands on an element of its page
        name, anchor = href.split("#")
        assert Page(pages[name]).ids[anchor] == 1, href
    one = Page(pages["summary_reports/0007.html"])
    assert "../summary.html#summary" in one.hrefs
    assert len(cards) > INLINE_MAX


def test_html_of_more_than_ten_reports_to_a_file_is_a_summary_and_a_folder(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from fazhi.cli import main
    from fazhi.html_report import INLINE_MAX
    reports = tmp_path / "in"
    reports.mkdir()
    source = REPORTS / EXAMPLES[0]
    for n in range(INLINE_MAX + 1):
        shutil.copyfile(source, reports / f"{n:02d}.txt")
    out = tmp_path / "out" / "summary.html"
    out.parent.mkdir()
    assert main([str(reports), "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    pages = sorted(p.name for p in (tmp_path / "out" / "summary_reports").iterdir())
    assert pages == [f"{n:04d}.html" for n in range(1, INLINE_MAX + 2)]
    summary = Page(out.read_text(encoding="utf-8"))
    assert "summary_reports/0003.html#report" in summary.hrefs
    assert not any(h.startswith("#r1-") for h in summary.hrefs), "the reports are not on the summary page"
    assert main([str(reports), "--format", "html"]) == 0   # to standard output: one page, as before
    assert 'id="r11-report"' in capsys.readouterr().out
