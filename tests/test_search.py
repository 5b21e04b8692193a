"""The fast paths give exactly what the plain ones give: the automaton finds what `str.find`
finds, every regex shortcut returns `finditer`'s spans, the quality gate's counting classes
are the Unicode categories they stand for, and folding by regex is `str.translate`."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.model import COUNTING_ROLES
from fazhi.normalise import _TABLE, fold, normalise
from fazhi.quality import _GARBAGE, _count, _han
from fazhi.rubric import Item, Rubric, bundled_rubrics, load_rubric
from fazhi.rules import TextRule
from fazhi.rules.deadline import Deadline
from fazhi.rules.terms import Terms
from fazhi.search import Searcher, Span, plan, regex_spans
from fazhi.segment import segment

EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples", "reports").glob("*.txt"))


@pytest.fixture(scope="module")
def rubrics() -> list[Rubric]:
    return [load_rubric(p) for p in bundled_rubrics()]


@pytest.fixture(scope="module")
def texts(rubrics: list[Rubric]) -> list[str]:
    """The examples' normalised texts, and every rubric example sentence as one text."""
    reports = [segment(p.read_text(encoding="utf-8")).text for p in EXAMPLES]
    sentences = "\n".join(normalise(x.text) for r in rubrics for i in r.items for x in i.examples)
    return reports + [sentences]


def _patterns(rubric: Rubric) -> list[re.Pattern[str]]:
    return list({p.pattern: p for i in rubric.items for rule in i.rules for p in rule.patterns()}.values())


def _finditer(pattern: re.Pattern[str], text: str) -> list[Span]:
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def _words(text: str, words: set[str]) -> dict[str, list[Span]]:
    """Every occurrence of every word by `str.find`, the slow and obvious way."""
    out: dict[str, list[Span]] = {}
    for w in words:
        i = text.find(w)
        while i >= 0:
            out.setdefault(w, []).append((i, i + len(w)))
            i = text.find(w, i + 1)
    return out


def _plan_words(pattern: re.Pattern[str]) -> set[str]:
    p = plan(pattern)
    return ({w for need in p.needs for w in need} | set(p.near.core_words or () if p.near else ())
            | set(p.starts or ()))


def test_the_automaton_finds_what_find_finds(rubrics: list[Rubric], texts: list[str]) -> None:
    for rubric in rubrics:
        terms = {t for i in rubric.items for rule in i.rules for t in rule.words()}
        for text in texts:
            found = rubric.searcher.words(text)
            expected = _words(text, terms)
            assert {w: found[w] for w in expected} == expected
            assert sum(map(len, expected.values())) > 20


# Characters whose UTF-16 bytes line up across character boundaries (U+6CD5 U+6CBB 法治 hold
# the unit D56C, Hangul 핬, one byte off), outside the BMP, U+FFFF and a lone surrogate.
_TRICKY = "法治\ud56c핬\U00020000\U0002000b\uffff\ud800a"


def _searcher(words: list[str]) -> Searcher:
    rule = TextRule(kinds=(Terms(tuple(words)),), exclude=(), roles=COUNTING_ROLES)
    item = Item(id="x", title="x", part="p", requirement="", source="", weight=1.0, severity="",
                match=rule, elements=(), covered_min=1, partial=None, examples=(), file="", line=0)
    return Searcher((item,))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_TRICKY, min_size=1, max_size=3), min_size=1, max_size=6, unique=True),
       st.text(alphabet=_TRICKY, max_size=40))
def test_the_automaton_finds_what_find_finds_in_any_characters(words: list[str], text: str) -> None:
    assert _searcher(words).words(text) == _words(text, set(words))


def test_no_hit_from_a_byte_between_characters() -> None:
    # 法治 is the bytes 6C D5 6C BB: the middle two, D5 6C, are 핬; 𠀀 is D8 40 DC 00.
    assert _searcher(["핬", "\U00020000", "\uffff"]).words("法治 \U00020000\uffff") == {
        "\U00020000": [(3, 4)], "\uffff": [(4, 5)]}


@pytest.mark.slow   # every rubric regex (0.7 s)
def test_every_rubric_regex_gives_finditer_spans(rubrics: list[Rubric], texts: list[str]) -> None:
    shortcuts = 0
    for rubric in rubrics:
        for text in texts:
            words = rubric.searcher.words(text)
            for pattern in _patterns(rubric):
                assert rubric.searcher.spans(pattern, text, words) == _finditer(pattern, text), pattern.pattern
                p = plan(pattern)
                shortcuts += bool(p.near or p.starts or p.windowed)
    assert shortcuts > 300   # the shortcuts are in fact taken for most patterns


def test_the_slow_shapes_get_their_shortcut(rubrics: list[Rubric]) -> None:
    near = [p for r in rubrics for p in _patterns(r) if p.pattern.startswith("[^\\n。;]{0,30}((为|向|面向)")]
    assert near and all(plan(p).near and plan(p).near.core_words for p in near)
    lecture = plan(re.compile(r"(法治|法律)[^\n。;,]{0,6}专题讲座"))
    assert frozenset({"专题讲座"}) in lecture.needs and frozenset({"法治", "法律"}) in lecture.needs
    assert lecture.width == 2 + 6 + 4 and lecture.margin == 2
    assert frozenset({"督查", "督察", "督办"}) in plan(re.compile("执法[^。]{0,12}督(查|察|办)")).needs
    assert plan(re.compile(r"(?<!\d)12345(?!\d)")).margin == 3
    assert plan(re.compile(r"审查(?!.*部署)")).margin is None          # unbounded look-ahead
    assert plan(re.compile(r"(法治)[^。]{0,5}\1")).margin is None       # back-reference
    assert plan(re.compile(r"[^。]{0,5}(a|b)[^。]{0,5}|c")).near is None  # not one CORE
    assert plan(re.compile("(?i)[^。]{0,5}abc")).needs == ()


_NEAR_SHAPES = [
    r"[^。;]{0,3}(ab|a|ba)[^。]{0,2}",
    r"[^。]{0,4}(?<!x)ab[^。;]{0,3}",
    r"[^\n。]{0,2}((a|b)c|cc)",
    r"[^。]{0,5}a(?!b)",
    r"[^;]{0,3}(a[^。]{0,2}b)[^;]{0,1}",
    r"[^。]{0,2}(ab|abab)[^。]{0,9}",
    r"[^。]{0,1}(a|ab)",
    r"[^。;]{0,6}(?<=b)a[^;]{0,3}",
    r"[^。]{0,3}(a|b)+c[^。]{0,2}",      # CORE is not a fixed set of words
    r"[^ab]{0,2}c[^c]{0,2}",             # different classes at either end
]
_WINDOW_SHAPES = [
    r"(ab|ba)[^。]{0,3}cc",
    r"(?<!a)bc(?!a)",
    r"a[^。]{0,4}(b|c)[^;]{0,2}ab",
    r"x?ab[^。]{0,3}(c|a)$",
    r"ba[^。]{0,2}\bc",
]
_ANCHORED_SHAPES = [          # no longest match: tried only where a match can begin
    r"(ab)+c",
    r"(ab|ba)+c",
    r"(?<!a)bc\d*",
    r"ab[^。]*c(?!a)",
    r"(?=ab)ab+",
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcx1。;\n", max_size=60), st.sampled_from(_NEAR_SHAPES + _WINDOW_SHAPES + _ANCHORED_SHAPES))
def test_shortcuts_agree_with_finditer_on_any_text(text: str, shape: str) -> None:
    pattern = re.compile(shape)
    assert regex_spans(plan(pattern), text, _words(text, _plan_words(pattern))) == _finditer(pattern, text)


def test_the_shapes_take_the_shortcuts() -> None:
    near = {s: plan(re.compile(s)) for s in _NEAR_SHAPES}
    # CORE is found from its own words, or (when it cannot be spelled but holds a required word)
    # the regex is searched in the windows around that word instead of trying CORE everywhere.
    assert all(p.near if p.near and p.near.core_words or not p.windowed else p.needs for p in near.values())
    assert near[r"[^。]{0,4}(?<!x)ab[^。;]{0,3}"].windowed and near[r"[^。]{0,4}(?<!x)ab[^。;]{0,3}"].near is None
    assert sum(bool(p.near) for p in near.values()) >= 8
    windowed = [plan(re.compile(s)) for s in _WINDOW_SHAPES]
    assert all(p.windowed and p.needs and p.near is None and p.width is not None for p in windowed)
    # a windowed regex that starts with fixed words may instead be tried at them (see below)
    assert [p.starts for p in windowed] == [{"ab", "ba"}, {"bc"}, None, None, {"ba"}]
    anchored = [plan(re.compile(s)) for s in _ANCHORED_SHAPES]
    assert all(p.starts and p.width is None and p.near is None for p in anchored)
    assert plan(re.compile(r"(ab|ba)+c")).starts == {"ab", "ba"}


def test_a_windowed_regex_is_tried_at_its_starts_when_that_is_cheaper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The choice is made per report, from the hits: a cited title (up to 500 characters, so
    wide windows) whose start words are few is tried at them; a narrow regex whose start word
    is everywhere but whose other word is rare is searched around that word. Both give what
    `finditer` gives."""
    import fazhi.search as search
    taken: list[str] = []
    for name in ("_anchored", "_windowed"):
        real = getattr(search, name)
        monkeypatch.setattr(search, name, lambda *a, real=real, name=name: taken.append(name) or real(*a))
    title = re.compile(r"(根据|按照)(《[^》]{0,80}》[,和及与]?){1,6}")
    text = "按照《甲法》《乙条例》规定," + "法治政府建设扎实推进。" * 60 + "根据《丙办法》,"
    found = regex_spans(plan(title), text, _words(text, _plan_words(title)))
    assert found == _finditer(title, text) and len(found) == 2
    rare = re.compile(r"法治[^。]{0,3}督察")
    text = "法治建设。" * 60 + "法治工作督察。"
    found = regex_spans(plan(rare), text, _words(text, _plan_words(rare)))
    assert found == _finditer(rare, text) == [(len(text) - 7, len(text) - 1)]
    assert taken == ["_anchored", "_windowed"]
    assert plan(title).windowed and plan(rare).windowed and plan(rare).starts == {"法治"}


_WORDS = ["群众", "为群众", "企业", "进社区", "信访", "规范性文件", "备案审查", "审查", "法治", "12345"]


@pytest.mark.slow   # every rubric regex on generated text (1 s)
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + ["。", ";", "\n", ",", "的", "1", "为", "进"]), max_size=80),
       st.data())
def test_rubric_regexes_agree_with_finditer_on_word_soup(rubrics: list[Rubric], chunks: list[str],
                                                         data: st.DataObject) -> None:
    rubric = data.draw(st.sampled_from(rubrics))
    pattern = data.draw(st.sampled_from(_patterns(rubric)))
    text = "".join(chunks)
    assert rubric.searcher.spans(pattern, text, rubric.searcher.words(text)) == _finditer(pattern, text)


@pytest.mark.slow   # every Unicode code point (4 s)
def test_quality_classes_are_the_unicode_categories() -> None:
    for cp in range(0x110000):
        ch = chr(cp)
        assert _han(ch) == ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
        garbage = not ch.isspace() and (ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cs"))
        assert bool(_GARBAGE.match(ch)) == garbage, hex(cp)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="法治 \t\n\u3000\ufffd\x01\ue000a。\U00020000\u4d00\u4dbf\u4dc0\u4dff\u3400\ud800"))
def test_quality_counts_are_counts_of_characters(text: str) -> None:
    assert _count(_GARBAGE, text) == sum(1 for ch in text if _GARBAGE.match(ch))
    assert _han(text) == sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    assert sum(map(len, text.split())) == sum(1 for ch in text if not ch.isspace())   # visible characters


def test_folding_is_the_translate_table() -> None:
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert fold(every) == every.translate(_TABLE)
    assert fold("") == "" and fold(",") == "," and fold("a") == "a"


def test_most_items_are_gated_by_their_words(rubrics: list[Rubric]) -> None:
    for rubric in rubrics:
        gates = rubric.searcher.gates
        assert len(gates) >= 0.9 * len(rubric.items)
        deadline = next(i for i in rubric.items if any(isinstance(rule, Deadline) for rule in i.rules))
        assert deadline.id not in gates   # a date rule needs no word
