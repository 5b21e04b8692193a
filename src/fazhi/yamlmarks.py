"""YAML read with the place of every value, and JSON Schema errors located by it.

Rubrics, waivers and gold files are edited by hand, so each problem is reported at its
``file:line:col``: `parse_with_marks` builds plain data (no aliases, no duplicate keys, no
tags beyond the plain ones) together with the (line, column) of each path in it, and
`validate_schema` turns every JSON Schema error into a `Problem` at the path it is about.
What is particular to one kind of file (a rubric's hints for rule kinds, say) is left to its
module, which passes it in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from .errors import Problem, RubricError

if TYPE_CHECKING:
    import jsonschema
    import yaml

_Path = tuple[Any, ...]
Marks = dict[_Path, tuple[int, int]]
# A file kind's own wording for a schema error, or None to leave it to `describe`.
Explain = Callable[["jsonschema.ValidationError"], "str | None"]
# The item a problem at a path belongs to (shown before the message), if any.
ItemOf = Callable[[Any, _Path], "str | None"]

_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in
                        ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))
_ITEM_ID_LINE = re.compile(r"^\s*- id:\s*([a-z][a-z0-9_.]*)\s*$")


@dataclass(frozen=True)
class Wording:
    """How messages name a kind of file."""

    empty: str        # the whole message for a file with nothing in it
    plain_only: str   # who allows only plain values (an unsupported tag)
    no_alias: str     # what to do instead of an alias
    not_a_map: str    # what a file that is no mapping does not look like


# Rubrics' wording, which waiver files have always shared (tests pin these messages).
RUBRIC_WORDING = Wording(
    empty="评分规则文件为空",
    plain_only="评分规则只允许普通的文字、数字、列表和映射",
    no_alias="请把内容直接写出;共用的词语请放在 vocabularies 中",
    not_a_map="评分规则或豁免文件",
)


# ---------------------------------------------------------------- parsing with marks

def parse_with_marks(name: str, source: str, wording: Wording = RUBRIC_WORDING) -> tuple[Any, Marks]:
    """Plain data from the YAML text *source* and each path's (line, column), both from 1;
    every problem is raised at once as a `RubricError`."""
    import yaml
    # libyaml's parser (bundled with PyYAML wheels) composes a large rubric ~10× faster; same nodes and marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(source, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RubricError([Problem(name, line, col, _item_above(source, line),
                                   f"YAML 语法错误:{what} — 请检查缩进、冒号和引号")]) from None
    if node is None:
        raise RubricError([Problem(name, 1, 1, None, wording.empty)])
    marks: Marks = {}
    problems: list[Problem] = []
    data = _construct(node, (), marks, problems, name, yaml.SafeLoader(""), set(), wording)
    if problems:
        raise RubricError(list(dict.fromkeys(problems)))   # each alias once
    return data, marks


def _item_above(source: str, line: int) -> str | None:
    """The id of the rubric item a broken line belongs to: the last `- id:` at or above it."""
    for text in reversed(source.splitlines()[:line]):
        m = _ITEM_ID_LINE.match(text)
        if m:
            return m.group(1)
    return None


def _construct(node: yaml.Node, path: _Path, marks: Marks, problems: list[Problem], name: str,
               scalars: yaml.SafeLoader, seen: set[int], wording: Wording) -> Any:
    """Plain data from *node*, recording each path's line and column; *scalars* constructs
    scalar nodes only (safe: no object construction). A node met twice is an alias (`*name`):
    refused, since nine lines of nested aliases stand for a billion values (and a rubric shares
    words through its vocabularies)."""
    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if node.id in ("mapping", "sequence"):  # type: ignore[attr-defined]  # stubs: Node.id is declared on the subclasses only
        if id(node) in seen:
            problems.append(Problem(name, node.start_mark.line + 1, node.start_mark.column + 1, None,
                                    f"不支持 YAML 锚点和别名(&名字 / *名字)— {wording.no_alias}"))
            return None
        seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(name, node.start_mark.line + 1, node.start_mark.column + 1, None,
                                f"不支持的 YAML 标签 {node.tag} — {wording.plain_only}"))
        return None
    if node.id == "mapping":  # type: ignore[attr-defined]  # stubs: Node.id is declared on the subclasses only
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                problems.append(Problem(name, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        None, f"重复的字段 '{key}' — YAML 只会保留最后一个,请删除多余的一个"))
            marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _construct(value_node, path + (key,), marks, problems, name, scalars, seen, wording)
        return out
    if node.id == "sequence":  # type: ignore[attr-defined]  # stubs: Node.id is declared on the subclasses only
        return [_construct(v, path + (i,), marks, problems, name, scalars, seen, wording)
                for i, v in enumerate(node.value)]
    try:
        return scalars.construct_object(node, deep=True)
    except (ValueError, OverflowError):   # 2027-13-45, 2027-02-30: a date that is none
        problems.append(Problem(name, node.start_mark.line + 1, node.start_mark.column + 1, None,
                                f"无法解读的值 {node.value[:40]!r}(不是有效的日期?)— 日期请写成 2027-03-31"))
        return None


def dates_as_text(value: Any) -> Any:
    """YAML dates as the text they were written as (2027-03-31), for a schema to check: JSON has
    no date type, and a date and time (2027-03-31 10:00) comes out with its time and fails a
    date pattern."""
    if isinstance(value, dict):
        return {k: dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ---------------------------------------------------------------- validation

def validate_schema(name: str, data: Any, marks: Marks, schema: dict[str, Any], *,
                    wording: Wording = RUBRIC_WORDING, explain: Explain | None = None,
                    item_of: ItemOf | None = None) -> list[Problem]:
    """Every way *data* breaks *schema*, each at its file:line:col, worded by *explain* where
    it has words of its own and by `describe` otherwise."""
    import jsonschema
    validator = jsonschema.Draft202012Validator(schema)
    problems = [_schema_problem(name, data, marks, e, wording, explain, item_of) for e in validator.iter_errors(data)]
    return sorted(problems, key=lambda p: (p.line, p.col))


def _schema_problem(name: str, data: Any, marks: Marks, error: jsonschema.ValidationError, wording: Wording,
                    explain: Explain | None, item_of: ItemOf | None) -> Problem:
    path = tuple(error.absolute_path)
    item = item_of(data, path) if item_of else None
    message = (explain(error) if explain else None) or describe(error, wording)
    extra = _keys_at_fault(error)
    if extra and path + (extra[0],) in marks:   # at the key itself, not at the mapping holding it
        path = path + (extra[0],)
    return at_path(name, marks, path, item, message)


def _keys_at_fault(error: jsonschema.ValidationError) -> list[str]:
    """The keys of the mapping an error is about: those it may not have, or a key whose name
    is wrong (`propertyNames` checks the key itself, so it is the error's instance)."""
    if "propertyNames" in error.relative_schema_path and isinstance(error.instance, str):
        return [error.instance]
    if error.validator == "not" and isinstance(error.validator_value, dict) \
            and set(error.validator_value) == {"required"} and isinstance(error.instance, dict):
        return [key for key in error.validator_value["required"] if key in error.instance]
    return unknown_keys(error)


def unknown_keys(error: jsonschema.ValidationError) -> list[str]:
    """The keys an `additionalProperties: false` error is about, read from the instance (the
    library's message text is for people and may change)."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    allowed = _allowed_keys(error)
    return [key for key in error.instance if key not in allowed]


def _allowed_keys(error: jsonschema.ValidationError) -> list[str]:
    return list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []


def describe(error: jsonschema.ValidationError, wording: Wording = RUBRIC_WORDING) -> str:
    """A schema error in the reviewer's words (Chinese), for any kind of file."""
    v = error.validator
    if v == "additionalProperties":
        allowed = _allowed_keys(error)
        hint = f" — 允许的字段:{', '.join(allowed)}" if allowed else ""
        return f"未知字段 {', '.join(unknown_keys(error))}(拼写错误?){hint}"
    if v == "required":
        return f"缺少必填字段 — {error.message}"
    if v == "type" and not error.absolute_path:
        return f"这不是一个 YAML 映射(字段: 值),不像{wording.not_a_map} — 请检查文件路径"
    if v == "type" and error.instance is None:
        return "不能为空:写了字段名却没有值 — 请填写或删去这一行"
    if v == "type":
        return f"类型错误:应为 {error.validator_value},实际为 {shown(error.instance)}"
    if v == "enum":
        values = ", ".join(map(str, cast(list[Any], error.validator_value)))   # an enum's values
        return f"取值 {shown(error.instance)} 不在允许范围内:{values}"
    if v in ("exclusiveMinimum", "minimum", "maximum"):
        return f"数值 {shown(error.instance)} 超出范围({v} {error.validator_value})"
    if v == "pattern" and error.validator_value == "\\S":
        return "不能为空"
    if v == "pattern" and str(error.validator_value).startswith("^\\d{4}-"):
        return f"应为日期(年-月-日,如 2027-03-31),实际为 {shown(error.instance)}"
    if v == "pattern":
        return f"格式不符:{shown(error.instance)} 应匹配 {error.validator_value}"
    if v in ("minItems", "minLength", "minProperties"):
        return f"内容太少:{error.message}"
    if v == "maxLength":
        return f"过长:{shown(error.instance)} 有 {len(str(error.instance))} 个字符,至多 {error.validator_value} 个"
    return error.message


def shown(value: Any) -> str:
    """A value in a message: a short one as written, a long one only by its kind and size
    (a file named by mistake, /etc/shadow say, is never echoed)."""
    if isinstance(value, dict):
        return f"映射({len(value)} 个字段)"
    if isinstance(value, list):
        return f"列表({len(value)} 项)"
    text = repr(value)
    return text if len(text) <= 40 else f"一段 {len(str(value))} 字的文字"


def at_path(name: str, marks: Marks, path: _Path, item: str | None, message: str) -> Problem:
    """A problem at *path*, or at the nearest enclosing path that has a mark."""
    while path not in marks and path:
        path = path[:-1]
    line, col = marks.get(path, (0, 0))
    return Problem(name, line, col, item, message)
