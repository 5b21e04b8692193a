"""Load a rubric YAML file: parse safely, validate against the schema, compile rules.

Every problem is reported with its place, ``file:line:col: item-id: message``, taken
from the YAML node marks, so a reviewer editing the file by hand can go straight to it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import Problem, RubricError
from .model import COUNTING_ROLES, Role, RubricInfo, Status
from .normalise import normalise

DEFAULT_RUBRIC = "fazhi-2021.yaml"
SCHEMA_FILE = "rubric.schema.json"

_Path = tuple[Any, ...]
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in
                        ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))
_SCALARS = yaml.SafeLoader("")  # constructs scalar nodes only (safe: no object construction)


@dataclass(frozen=True)
class Matcher:
    """One closed-set rule: literal terms, regexes, co-occurring groups or a section."""

    any: tuple[str, ...]
    regex: tuple[re.Pattern[str], ...]
    all: tuple[tuple[str, ...], ...]
    scope: str
    exclude: tuple[re.Pattern[str], ...]
    roles: frozenset[Role]
    section: Role | None

    def describe(self) -> tuple[str, ...]:
        """What this rule searches for, in reviewer terms."""
        out = list(self.any)
        out += [f"/{p.pattern}/" for p in self.regex]
        scope = "同句" if self.scope == "sentence" else "同段"
        out += [f"{scope}:" + "+".join("|".join(g) for g in self.all)] if self.all else []
        out += [f"[{ROLE_SECTION_LABEL[self.section]}]"] if self.section else []
        return tuple(out)


ROLE_SECTION_LABEL = {
    Role.MEASURES: "主要举措和成效部分", Role.SHORTCOMINGS: "存在的不足部分",
    Role.FIRST_RESPONSIBLE: "第一责任人履职部分", Role.PLANS: "下一年度安排部分",
    Role.HIGHLIGHTS: "亮点部分", Role.OTHER: "其他情况部分", Role.OPENING: "开头",
    Role.TITLE: "标题", Role.REQUIREMENT: "部署要求",
}


@dataclass(frozen=True)
class Element:
    name: str
    matcher: Matcher


@dataclass(frozen=True)
class Example:
    text: str
    expect: Status
    source: str | None
    note: str | None
    line: int


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    part: str
    requirement: str
    source: str
    weight: float
    match: Matcher | None
    elements: tuple[Element, ...]
    covered_min: int
    partial: Matcher | None
    examples: tuple[Example, ...]
    line: int


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    source: str


@dataclass(frozen=True)
class Rubric:
    info: RubricInfo
    parts: tuple[Part, ...]
    items: tuple[Item, ...]


def rubric_dir() -> Path:
    """The directory holding the default rubric: inside the installed package, or the repo."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rubric", here.parent.parent / "rubric"):
        if (candidate / SCHEMA_FILE).is_file():
            return candidate
    raise RubricError([Problem(str(here / "rubric"), 0, 0, None,
                               "找不到默认评分规则目录 — 请重新安装 fazhi-score")])


def default_rubric_path() -> Path:
    return rubric_dir() / DEFAULT_RUBRIC


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    with open(rubric_dir() / SCHEMA_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate the rubric at *path* (default rubric when None)."""
    p = Path(path) if path is not None else default_rubric_path()
    name = str(p)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise RubricError([Problem(name, 0, 0, None, "评分规则文件不存在 — 请检查 --rubric 路径")]) from None
    except OSError as exc:
        raise RubricError([Problem(name, 0, 0, None, f"无法读取评分规则({exc.strerror})")]) from None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RubricError([Problem(name, 1, 1, None, f"第 {exc.start} 字节不是 UTF-8 — 请以 UTF-8 保存")]) from None
    data, marks = _parse(name, source)
    problems = _validate(name, data, marks)
    if problems:
        raise RubricError(problems)
    info = RubricInfo(id=data["id"], version=str(data["version"]), title=data["title"],
                      sha256=hashlib.sha256(raw).hexdigest(), path=name)
    return _build(name, data, marks, info)


# ---------------------------------------------------------------- parsing with marks

def _parse(name: str, source: str) -> tuple[Any, dict[_Path, tuple[int, int]]]:
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RubricError([Problem(name, line, col, None, f"YAML 语法错误:{what} — 请检查缩进、冒号和引号")]) from None
    if node is None:
        raise RubricError([Problem(name, 1, 1, None, "评分规则文件为空")])
    marks: dict[_Path, tuple[int, int]] = {}
    problems: list[Problem] = []
    data = _construct(node, (), marks, problems, name)
    if problems:
        raise RubricError(problems)
    return data, marks


def _construct(node: yaml.Node, path: _Path, marks: dict[_Path, tuple[int, int]],
               problems: list[Problem], name: str) -> Any:
    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(name, node.start_mark.line + 1, node.start_mark.column + 1, None,
                                f"不支持的 YAML 标签 {node.tag} — 评分规则只允许普通的文字、数字、列表和映射"))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                problems.append(Problem(name, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        None, f"重复的字段 '{key}' — YAML 只会保留最后一个,请删除多余的一个"))
            marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _construct(value_node, path + (key,), marks, problems, name)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, path + (i,), marks, problems, name) for i, v in enumerate(node.value)]
    return _SCALARS.construct_object(node, deep=True)


# ---------------------------------------------------------------- validation

def _validate(name: str, data: Any, marks: dict[_Path, tuple[int, int]]) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(_schema())
    problems = [_schema_problem(name, data, marks, e) for e in validator.iter_errors(data)]
    if problems or not isinstance(data, dict):
        return sorted(problems, key=lambda p: (p.line, p.col))
    part_ids = [p["id"] for p in data["parts"]]
    for i, pid in enumerate(part_ids):
        if pid in part_ids[:i]:
            problems.append(_at(name, marks, ("parts", i, "id"), None, f"部分 id '{pid}' 重复"))
    seen: set[str] = set()
    for i, item in enumerate(data["items"]):
        iid = item["id"]
        if iid in seen:
            problems.append(_at(name, marks, ("items", i, "id"), iid, "条目 id 重复 — 每个 id 只能出现一次"))
        seen.add(iid)
        if item["part"] not in part_ids:
            problems.append(_at(name, marks, ("items", i, "part"), iid,
                                f"未定义的部分 '{item['part']}' — 可选:{', '.join(part_ids)}"))
        elements = item.get("elements", [])
        if "covered_min" in item and item["covered_min"] > len(elements):
            problems.append(_at(name, marks, ("items", i, "covered_min"), iid,
                                f"covered_min={item['covered_min']} 大于要素个数 {len(elements)}"))
        for mpath, matcher in _matchers(item):
            for key in ("regex", "exclude"):
                for j, pattern in enumerate(matcher.get(key, [])):
                    try:
                        re.compile(pattern)
                    except re.error as exc:
                        problems.append(_at(name, marks, ("items", i) + mpath + (key, j), iid,
                                            f"正则表达式无法编译:{exc.msg} — {pattern!r}"))
    return sorted(problems, key=lambda p: (p.line, p.col))


def _matchers(item: dict[str, Any]) -> list[tuple[_Path, dict[str, Any]]]:
    out = [((key,), item[key]) for key in ("match", "partial") if key in item]
    out += [(("elements", j), e) for j, e in enumerate(item.get("elements", []))]
    return out


def _schema_problem(name: str, data: Any, marks: dict[_Path, tuple[int, int]],
                    error: jsonschema.ValidationError) -> Problem:
    path = tuple(error.absolute_path)
    item = None
    if len(path) >= 2 and path[0] == "items" and isinstance(data, dict):
        try:
            item = data["items"][path[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            item = None
    message = _message(error)
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        extra = re.findall(r"'([^']+)'", error.message)
        if extra and path + (extra[0],) in marks:
            path = path + (extra[0],)
    return _at(name, marks, path, item, message)


def _message(error: jsonschema.ValidationError) -> str:
    v = error.validator
    if v in ("additionalProperties", "unevaluatedProperties"):
        extra = ", ".join(re.findall(r"'([^']+)'", error.message.split("(")[-1]))
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        hint = f" — 允许的字段:{', '.join(allowed)}" if allowed else ""
        return f"未知字段 {extra}(拼写错误?){hint}"
    if v == "required":
        return f"缺少必填字段 — {error.message}"
    if v == "type":
        return f"类型错误:应为 {error.validator_value},实际为 {error.instance!r}"
    if v == "enum":
        return f"取值 {error.instance!r} 不在允许范围内:{', '.join(map(str, error.validator_value))}"
    if v in ("exclusiveMinimum", "minimum", "maximum"):
        return f"数值 {error.instance!r} 超出范围({v} {error.validator_value})"
    if v == "pattern":
        return f"格式不符:{error.instance!r} 应匹配 {error.validator_value}"
    if v in ("minItems", "minLength", "minProperties"):
        return f"内容太少:{error.message}"
    if v == "anyOf":
        return "缺少匹配规则 — 条目需要 match 或 elements;规则需要 any、regex、all 或 section 之一"
    return error.message


def _at(name: str, marks: dict[_Path, tuple[int, int]], path: _Path, item: str | None,
        message: str) -> Problem:
    while path not in marks and path:
        path = path[:-1]
    line, col = marks.get(path, (0, 0))
    return Problem(name, line, col, item, message)


# ---------------------------------------------------------------- building

def _build(name: str, data: dict[str, Any], marks: dict[_Path, tuple[int, int]],
           info: RubricInfo) -> Rubric:
    parts = tuple(Part(p["id"], p["title"], p["source"]) for p in data["parts"])
    items = []
    for i, d in enumerate(data["items"]):
        elements = tuple(Element(e["name"], _matcher(e)) for e in d.get("elements", []))
        examples = tuple(
            Example(text=x["text"], expect=Status(x["expect"]), source=x.get("from"),
                    note=x.get("note"), line=marks.get(("items", i, "examples", j), (0, 0))[0])
            for j, x in enumerate(d["examples"]))
        items.append(Item(
            id=d["id"], title=d["title"], part=d["part"], requirement=d["requirement"],
            source=f"{d['source']['document']} {d['source']['article']}", weight=float(d["weight"]),
            match=_matcher(d["match"]) if "match" in d else None, elements=elements,
            covered_min=d.get("covered_min", len(elements)),
            partial=_matcher(d["partial"]) if "partial" in d else None,
            examples=examples, line=marks.get(("items", i), (0, 0))[0]))
    return Rubric(info=info, parts=parts, items=tuple(items))


def _matcher(d: dict[str, Any]) -> Matcher:
    return Matcher(
        any=tuple(normalise(t) for t in d.get("any", [])),
        regex=tuple(re.compile(p) for p in d.get("regex", [])),
        all=tuple(tuple(normalise(t) for t in group) for group in d.get("all", [])),
        scope=d.get("scope", "sentence"),
        exclude=tuple(re.compile(p) for p in d.get("exclude", [])),
        roles=frozenset(Role(r) for r in d["roles"]) if "roles" in d else COUNTING_ROLES,
        section=Role(d["section"]) if "section" in d else None,
    )
