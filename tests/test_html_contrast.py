"""The HTML report's colours meet WCAG AA: every text colour of the stylesheet against every
background it can sit on has a contrast ratio of at least 4.5:1 (computed, WCAG 2.1 §1.4.3)."""

from __future__ import annotations

import re

import pytest

from fazhi.html_report import _CSS

PAGE, TEXT = "#ffffff", "#222222"   # body { color: #222; background: #fff }
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def _luminance(colour: str) -> float:
    hexa = colour.lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    channels = [int(hexa[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rules() -> list[tuple[str, dict[str, str]]]:
    variables = dict(re.findall(r"--([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})", _CSS))
    rules = []
    for selector, body in _RULE.findall(_CSS):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = (part.strip() for part in declaration.split(":", 1))
                value = re.sub(r"var\(--([\w-]+)\)", lambda m: variables[m.group(1)], value)
                if re.fullmatch(r"#[0-9a-fA-F]{3,6}", value):
                    declarations[name] = value
        rules.append((" ".join(selector.split()), declarations))
    return rules


def _pairs() -> list[tuple[str, str, str]]:
    """(selector, text colour, background) for every pair the page can show."""
    rules = [(s, d) for s, d in _rules() if not s.startswith((":root", "svg"))]
    # Light backgrounds that whole blocks of text sit on (table heads, the score box, a targeted
    # row) — not the highlights within a line (marks, tags), which carry the body's text colour.
    light = {d["background"] for s, d in rules if "background" in d and "color" not in d
             and _luminance(d["background"]) > 0.8 and not re.search(r"mark|\.tag| b$", s)}
    light.add(PAGE)
    pairs = []
    for selector, d in rules:
        if "color" in d and "background" in d:
            pairs.append((selector, d["color"], d["background"]))
        elif "color" in d and d["color"] != "#fff":
            pairs += [(selector, d["color"], back) for back in sorted(light)]
        elif "background" in d and re.search(r"\bst-", selector):   # a heat-map cell: white symbols on it
            pairs.append((selector, "#fff", d["background"]))
        elif "background" in d and _luminance(d["background"]) > 0.3:   # highlights: the text runs on
            pairs.append((selector, TEXT, d["background"]))
    return pairs


def test_the_checker_knows_what_fails() -> None:
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0
    assert round(contrast("#f9a825", "#ffffff"), 2) == 1.97   # the old "partial" cell
    assert any(sel.startswith("td.st-partial") for sel, _, _ in _pairs())


@pytest.mark.parametrize(("selector", "text", "background"), _pairs(), ids=lambda v: str(v)[:40])
def test_every_text_colour_meets_wcag_aa(selector: str, text: str, background: str) -> None:
    ratio = contrast(text, background)
    assert ratio >= 4.5, f"{selector}: {text} on {background} is {ratio:.2f}:1"
