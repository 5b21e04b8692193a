"""Load a rubric YAML file: parse safely, validate against the schema, compile rules.

Every problem is reported with its place, ``file:line:col: item-id: message``, taken
from the YAML node marks, so a reviewer editing the file by hand can go straight to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import rubric_cache
from .errors import OutputError, Problem, RubricError, UsageError
from .limits import MAX_RUBRIC_BYTES, read_regular
from .model import ElementResult, ItemInfo, ItemResult, RubricInfo, Status
from .normalise import normalise
from .patterns import Pattern, backtracks, compile_pattern
from .references import References, reference
from .rules import Rule, parse_rule
from .yamlmarks import Marks, _Path, at_path, parse_with_marks, unknown_keys, validate_schema

if TYPE_CHECKING:
    import jsonschema

    from .search import Searcher

DEFAULT_RUBRIC = "fazhi-2021.yaml"
SCHEMA_FILE = "rubric.schema.json"
RUBRIC_ENV = "FAZHI_RUBRIC"   # the default for --rubric (the option wins)


@dataclass(frozen=True)
class Element:
    name: str
    rule: Rule


@dataclass(frozen=True)
class Example:
    text: str
    expect: Status
    source: str | None
    note: str | None
    line: int


@dataclass(frozen=True)
class Item(ItemInfo):
    match: Rule | None
    elements: tuple[Element, ...]
    covered_min: int
    partial: Rule | None
    examples: tuple[Example, ...]
    file: str
    line: int
    applies_to: frozenset[str] | None = None   # levels it applies to; None: every level
    applies_note: str | None = None

    @property
    def rules(self) -> list[Rule]:
        """Every rule of the item: match, partial and each element's."""
        return [m for m in (self.match, self.partial) if m] + [e.rule for e in self.elements]

    @cached_property
    def searched(self) -> tuple[str, ...]:
        """What the item's rules search for, in reviewer terms (shown for a gap)."""
        return ((self.match.describe() if self.match else ())
                + tuple(f"{e.name}:" + "、".join(e.rule.describe()) for e in self.elements)
                + (tuple(f"部分:{d}" for d in self.partial.describe()) if self.partial else ()))

    @cached_property
    def unfound(self) -> ItemResult:
        """The result where nothing the item's rules need is in the report (shared by every such
        report: a result is immutable)."""
        return ItemResult(item=self, status=Status.MISSING,
                          elements=tuple(ElementResult(e.name, False) for e in self.elements),
                          evidence=(), mentions=(), searched=self.searched)


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

    @cached_property
    def searcher(self) -> Searcher:
        """The rubric compiled for search (built on first use, once per process)."""
        from .search import Searcher
        return Searcher(self.items)


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
        return json.load(fh)  # type: ignore[no-any-return]  # json.load is untyped; the schema is an object


def bundled_ids() -> list[str]:
    """The ids of the bundled rubrics (default first): what `--rubric` and `extends:` accept as a name."""
    return [p.stem for p in bundled_rubrics()]


def rubric_path(ref: str | Path) -> Path:
    """*ref* as a file: a path, or a bundled rubric's id (`fazhi-2015`) when no file has that name."""
    path = Path(ref)
    if not path.exists() and re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(ref)):
        bundled = rubric_dir() / f"{ref}.yaml"
        if bundled.is_file():
            return bundled
    return path


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate the rubric at *path* (a file or a bundled id; default rubric when None),
    overlays resolved; from the cache when neither it nor anything it was built from has changed."""
    top_path = rubric_path(path) if path is not None else default_rubric_path()
    schema = rubric_dir() / SCHEMA_FILE
    cached = rubric_cache.get(top_path, schema)
    if cached is not None:
        return cached
    chain = _load_chain(top_path, ())
    parts, items, refs, problems = _merge(chain)
    problems += refs.check()
    built = [_build(located, refs, problems) for located in items.values()]
    problems += _check(parts, items)
    if problems:
        raise RubricError(sorted(set(problems), key=lambda p: (p.file, p.line, p.col, p.message)))
    top = chain[-1].data
    years = next((tuple(s.data["years"]) for s in reversed(chain) if "years" in s.data), None)
    sha256 = _digest(chain)
    info = RubricInfo(id=top["id"], version=str(top["version"]), title=top["title"], sha256=sha256,
                      path=chain[-1].name, years=years, bases=tuple(s.data["id"] for s in chain[:-1]),
                      sources=tuple(s.name for s in chain), modified=_modified(top["id"], sha256, top_path))
    used = {item.part for item in built}   # a part left without items (e.g. all disabled) is not shown
    rubric = Rubric(info=info, parts=tuple(Part(p["id"], p["title"], p["source"]) for p in parts.values()
                                           if p["id"] in used),
                    items=tuple(built))
    for item in built:   # worked out now so that the cache keeps them: putting a regex into words parses it
        _ = item.unfound
    rubric_cache.put(top_path, schema, [s.name for s in chain[:-1]], rubric)
    return rubric


def _digest(chain: list[_Source]) -> str:
    """The sha256 of a rubric: of every file it was read from, base first."""
    return hashlib.sha256(b"".join(s.raw for s in chain)).hexdigest()


def _modified(rubric_id: str, sha256: str, path: Path) -> bool:
    """Is this an edited copy of a bundled rubric: its id, other bytes? (It must not pass for the
    bundled id and version unchanged; an overlay has an id of its own.)"""
    bundled = rubric_dir() / f"{rubric_id}.yaml"
    if not bundled.is_file() or path.resolve() == bundled.resolve():
        return False
    return _digest(_load_chain(bundled, ())) != sha256


def bundled_rubrics() -> list[Path]:
    """The rubric files shipped with the tool (default first)."""
    found = sorted(rubric_dir().glob("*.yaml"))
    return sorted(found, key=lambda p: p.name != DEFAULT_RUBRIC)


class RubricChooser:
    """Picks each report's rubric: the one given with --rubric (or $FAZHI_RUBRIC: *origin* says
    which), else by reported year."""

    def __init__(self, explicit: str | Path | None = None, origin: str = "--rubric") -> None:
        self.explicit = load_rubric(explicit) if explicit is not None else None
        self.origin = origin
        self.bundled = [] if self.explicit else [load_rubric(p) for p in bundled_rubrics()]

    def choose(self, year: int | None) -> tuple[Rubric, str]:
        """The rubric for a report on *year*, and why (shown on the scorecard)."""
        if self.explicit is not None:
            return self.explicit, f"由 {self.origin} 指定({self.explicit.info.path})"
        default = self.bundled[0]
        if year is None:
            return default, "未识别报告年度,使用默认规则"
        dated = [r for r in self.bundled if r.info.years]
        for r in dated:
            a, b = r.info.years or (0, 0)
            if a <= year <= b:
                return r, f"报告年度 {year} 在其适用范围 {a}–{b} 年内"
        if not dated:
            return default, "内置规则未标注适用年度,使用默认规则"
        nearest = min(dated, key=lambda r: min(abs(year - y) for y in (r.info.years or (0,))))
        a, b = nearest.info.years or (0, 0)
        return nearest, f"报告年度 {year} 不在任何内置规则的适用范围内,使用最接近的({a}–{b} 年)"

    def year_warning(self, year: int | None) -> str | None:
        """A warning for the scorecard when the rubric given explicitly is not meant for a report
        on *year* (the automatic choice says so in its reason instead)."""
        years = self.explicit.info.years if self.explicit else None
        if self.explicit is None or year is None or years is None or years[0] <= year <= years[-1]:
            return None
        return (f"报告年度 {year} 不在评分规则 {self.explicit.info.id} 的适用年度 {years[0]}–{years[-1]} 年内"
                f"(由 {self.origin} 指定)— 请确认规则是否适用;不指定规则时按报告年度自动选用")


@dataclass
class _Source:
    """One parsed, schema-valid rubric file."""

    name: str
    raw: bytes
    data: dict[str, Any]
    marks: Marks

    def at(self, path: _Path, item: str | None, message: str) -> Problem:
        return at_path(self.name, self.marks, path, item, message)


@dataclass
class _Located:
    """A merged item and, per field, the file and path it came from (for error locations)."""

    data: dict[str, Any]
    where: dict[str, tuple[_Source, _Path]]

    def at(self, field: str, rest: _Path, message: str) -> Problem:
        src, path = self.where.get(field, self.where[""])
        return src.at(path + ((field,) + rest if field else rest), self.data["id"], message)


def _read(p: Path) -> _Source:
    name = str(p)
    try:
        raw = read_regular(p, MAX_RUBRIC_BYTES)
    except FileNotFoundError:
        raise RubricError([Problem(name, 0, 0, None, "评分规则文件不存在 — 请检查路径;内置规则也可直接写 id("
                                   + "、".join(bundled_ids()) + ")")]) from None
    except ValueError as exc:
        raise RubricError([Problem(name, 0, 0, None, str(exc))]) from None
    except OSError as exc:
        raise RubricError([Problem(name, 0, 0, None, f"无法读取评分规则({exc.strerror})")]) from None
    return _parsed(name, raw)


@lru_cache(maxsize=8)
def _parsed(name: str, raw: bytes) -> _Source:
    """The file's content parsed and validated, once per process for the same bytes (the 2015
    rubric extends the 2021 one: loading both bundled rubrics reads it twice). Never mutated."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RubricError([Problem(name, 1, 1, None, f"第 {exc.start} 字节不是 UTF-8 — 请以 UTF-8 保存")]) from None
    data, marks = parse_with_marks(name, text)
    problems = validate_schema(name, data, marks, _schema(), explain=_explain, item_of=_item_of)
    if problems:
        raise RubricError(problems)
    return _Source(name, raw, data, marks)


def _load_chain(p: Path, seen: tuple[Path, ...]) -> list[_Source]:
    """The file and its bases, base first; an `extends` cycle is an error at its line."""
    src = _read(p)
    base_ref = src.data.get("extends")
    if base_ref is None:
        return [src]
    base = _resolve_base(base_ref, p)
    if base is None:
        known = "、".join(sorted(x.stem for x in rubric_dir().glob("*.yaml")))
        raise RubricError([src.at(("extends",), None, f"extends 只能是内置规则的 id({known})"
                                                    "或一个 .yaml/.yml 文件 — 请检查这一行")])
    here = p.resolve()
    if base.resolve() in seen + (here,):
        cycle = " → ".join(x.name for x in seen + (here, base.resolve()))
        raise RubricError([src.at(("extends",), None, f"继承循环:{cycle} — 请去掉其中一个 extends")])
    return _load_chain(base, seen + (here,)) + [src]


def _resolve_base(ref: str, child: Path) -> Path | None:
    """`extends:` names a bundled rubric by id, or a .yaml/.yml file (relative to the overlay);
    None for anything else (`/etc/shadow`, `/dev/zero`), which is never opened."""
    if Path(ref).suffix in (".yaml", ".yml"):
        return child.parent / ref
    bundled = rubric_dir() / f"{ref}.yaml"
    return bundled if re.fullmatch(r"[A-Za-z0-9_.-]+", ref) and bundled.is_file() else None


def _merge(chain: list[_Source]) -> tuple[dict[str, dict[str, Any]], dict[str, _Located], References,
                                         list[Problem]]:
    parts: dict[str, dict[str, Any]] = {}
    items: dict[str, _Located] = {}
    refs = References()
    problems: list[Problem] = []
    for layer, src in enumerate(chain):
        for kind in ("vocabularies", "patterns"):
            for name, value in src.data.get(kind, {}).items():
                problem = refs.define(layer, src, kind, name, value)
                if problem is not None:
                    problems.append(problem)
        for part in src.data.get("parts", []):
            parts[part["id"]] = part   # a base's part keeps its place; a new one comes last
        for j, iid in enumerate(src.data.get("disable", [])):
            if items.pop(iid, None) is None:
                problems.append(src.at(("disable", j), iid, "disable 了不存在的条目 — 请检查 id 拼写"))
        for k, override in enumerate(src.data.get("override", [])):
            located = items.get(override["id"])
            if located is None:
                problems.append(src.at(("override", k, "id"), override["id"],
                                       "override 了不存在的条目 — 请检查 id 拼写"))
                continue
            for field, value in override.items():
                if field != "id":
                    located.data[field] = value
                    located.where[field] = (src, ("override", k))
        for i, item in enumerate(src.data.get("items", [])):
            iid = item["id"]
            if iid in items:
                hint = ("条目 id 重复 — 每个 id 只能出现一次" if items[iid].where[""][0] is src
                        else "基础规则中已有此条目 — 要修改请用 override,要去掉请用 disable")
                problems.append(src.at(("items", i, "id"), iid, hint))
                continue
            items[iid] = _Located(dict(item), {"": (src, ("items", i))})
    if not items:
        problems.append(chain[-1].at((), None, "评分规则没有任何条目"))
    return parts, items, refs, problems


# ---------------------------------------------------------------- validation

def _check(parts: dict[str, dict[str, Any]], items: dict[str, _Located]) -> list[Problem]:
    """Checks across fields and files: part references, covered_min."""
    problems: list[Problem] = []
    for located in items.values():
        item = located.data
        if item["part"] not in parts:
            problems.append(located.at("part", (), f"未定义的部分 '{item['part']}' — 可选:{', '.join(parts)}"))
        elements = item.get("elements", [])
        if "covered_min" in item and item["covered_min"] > len(elements):
            problems.append(located.at("covered_min", (),
                                       f"covered_min={item['covered_min']} 大于要素个数 {len(elements)}"))
    return problems


# Keys of rule kinds and their options, for a message that says where a misplaced one belongs.
_RULE_KEYS = frozenset({"any", "regex", "all", "near", "exclude", "roles", "section", "published_by",
                        "scope", "within", "clause", "ordered", "groups"})
_MOVED = {
    "scope": "scope 是 all 的选项,请写成 all: {groups: [...], scope: paragraph}",
    "within": "within 是 near 的选项,请写成 near: {groups: [...], within: 10}",
    "clause": "clause 是 near 的选项", "ordered": "ordered 是 near 的选项",
    "groups": "groups 写在 all 或 near 里面",
}


def _explain(error: jsonschema.ValidationError) -> str | None:
    """A rubric's own words for a schema error (rule kinds, elements), or None for the shared ones."""
    v = error.validator
    if v == "additionalProperties" and isinstance(error.schema, dict) and error.schema.get("title"):
        extra = unknown_keys(error)
        if any(k in _RULE_KEYS for k in extra):
            # A field of another rule kind: a section or date rule stands alone, options live in their kind.
            kind, allowed = error.schema["title"], list(error.schema.get("properties", {}))
            hint = _MOVED.get(extra[0], "请把它写成另一条规则(如另一个要素),或删去")
            return f"字段 {', '.join(extra)} 不能用于{kind} — {hint};{kind}可用的字段:{', '.join(allowed)}"
    if v == "not" and error.validator_value == {"required": ["name"]}:
        return "name 只用于 elements 中的要素 — match 和 partial 不需要 name"
    if v == "anyOf":
        if {"required": ["elements"]} in error.validator_value:  # type: ignore[operator]  # set by validation: a list
            return "缺少匹配规则 — 条目需要 match 或 elements"
        return "规则没有可查找的内容 — 需要 any、regex、all、near 之一(或单独的 section、published_by)"
    return None


def _item_of(data: Any, path: _Path) -> str | None:
    """The id of the item a problem at *path* is in, when it has one."""
    if len(path) >= 2 and path[0] == "items" and isinstance(data, dict):
        try:
            found = data["items"][path[1]].get("id")
            return found if isinstance(found, str) else None
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
    return None


# ---------------------------------------------------------------- building

def _build(located: _Located, refs: References, problems: list[Problem]) -> Item:
    """The item, its rules built with references resolved; problems are added to *problems*."""
    d = located.data
    src, path = located.where.get("examples", located.where[""])
    base = path + ("examples",)

    def rule(field: str, rest: _Path, data: dict[str, Any]) -> Rule:
        return parse_rule(data, _RuleContext(located, field, rest, refs, problems))

    elements = tuple(Element(e["name"], rule("elements", (j,), e)) for j, e in enumerate(d.get("elements", [])))
    examples = tuple(
        Example(text=x["text"], expect=Status(x["expect"]), source=x.get("from"), note=x.get("note"),
                line=src.marks.get(base + (j,), (0, 0))[0])
        for j, x in enumerate(d["examples"]))
    return Item(
        id=d["id"], title=d["title"], short=d.get("short"), part=d["part"], requirement=d["requirement"],
        source=f"{d['source']['document']} {d['source']['article']}", weight=float(d["weight"]),
        severity=d["severity"], match=rule("match", (), d["match"]) if "match" in d else None,
        elements=elements, covered_min=d.get("covered_min", len(elements)),
        partial=rule("partial", (), d["partial"]) if "partial" in d else None,
        examples=examples, file=located.where[""][0].name,
        applies_to=frozenset(d["applies_to"]) if "applies_to" in d else None, applies_note=d.get("applies_note"),
        line=located.where[""][0].marks.get(located.where[""][1], (0, 0))[0])


@cache
def _checked(source: str) -> tuple[Pattern, str | None]:
    """A regex compiled, and why it could be slow, if it could (once per process: the 2015
    rubric shares the 2021 one's regexes)."""
    compiled = compile_pattern(source)
    return compiled, backtracks(compiled)


class _RuleContext:
    """What a rule kind reads its value through (see rules.base.Context): references resolved
    with the merged rubric's vocabularies and patterns, problems located in the item's file."""

    def __init__(self, located: _Located, field: str, rest: _Path, refs: References,
                 problems: list[Problem]) -> None:
        self.located, self.field, self.rest, self.refs, self.problems = located, field, rest, refs, problems

    def problem(self, path: _Path, message: str) -> None:
        self.problems.append(self.located.at(self.field, self.rest + path, message))

    def terms(self, values: Iterable[str], path: _Path) -> tuple[str, ...]:
        out: list[str] = []
        for j, value in enumerate(values):
            name = reference(value)
            if name is None:
                out.append(normalise(value))
                continue
            found, error = self.refs.vocabulary(name)
            if error:
                self.problem(path + (j,), error)
            out.extend(found)
        return tuple(dict.fromkeys(out))

    def regexes(self, values: Iterable[str], path: _Path) -> tuple[Pattern, ...]:
        out: list[Pattern] = []
        for j, value in enumerate(values):
            sources, error = self.refs.regexes(value)
            if error:
                self.problem(path + (j,), error)
                continue
            for source in sources:
                try:
                    compiled, risky = _checked(source)
                except re.error as exc:
                    self.problem(path + (j,), f"正则表达式无法编译:{exc.msg} — {value!r}")
                    continue
                if risky:
                    shown = value if len(value) <= 60 else value[:60] + "…"
                    self.problem(path + (j,), f"正则表达式 {shown!r} {risky}")
                    continue
                out.append(compiled)
        return tuple(out)


# ---------------------------------------------------------------- score rubric init

def init_rubric(rubric_id: str, directory: Path, copy: bool = False) -> Path:
    """Write an editable rubric into *directory* (created if missing): an overlay extending the
    bundled *rubric_id* (`<id>-local.yaml`), or with *copy* the bundled file itself (`<id>.yaml`).
    An existing file is never replaced."""
    if rubric_id not in bundled_ids():
        raise UsageError(f"{rubric_id}: 不是内置规则的 id — 可选:{'、'.join(bundled_ids())}"
                         "(用法:score rubric init [ID] [DIR])")
    bundled = rubric_dir() / f"{rubric_id}.yaml"
    target = directory / (f"{rubric_id}.yaml" if copy else f"{rubric_id}-local.yaml")
    data = bundled.read_bytes() if copy else overlay_template(load_rubric(bundled), target.name).encode("utf-8")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # O_EXCL: created here or not at all, even if another process makes the name meanwhile;
        # it also refuses a symbolic link standing at the name.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise UsageError(f"{target}: 文件已存在,不会覆盖 — 请换一个目录,或先把原文件改名") from None
    except OSError as exc:
        raise OutputError(f"{target}: 无法创建({exc.strerror})— 请换一个目录") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        target.unlink(missing_ok=True)   # never leave half a rubric behind
        raise OutputError(f"{target}: 写入失败({exc.strerror})— 未留下文件") from None
    return target


def overlay_template(base: Rubric, name: str) -> str:
    """An overlay extending *base*, to be saved as *name*: a header and commented examples (add,
    override, disable an item) that are valid as soon as their `#` is removed."""
    info = base.info
    changed = base.items[len(base.items) // 2]
    dropped = base.items[-1]
    return f"""\
# 本地评分规则:继承内置规则 {info.id}(v{info.version}),只写与之不同的部分。
# 内置规则随 fazhi-score 升级而更新,本文件里的增加、修改、删除继续生效。
#
# 改完后检查:  score rubric test {name}
# 用它评分:    score 报告.txt --rubric {name}    (或设置环境变量 FAZHI_RUBRIC={name})
# 查看全部条目:score rubric show {name}
#
# 下面三段示例默认不生效:去掉行首的“# ”即可(注意保持缩进)。

id: {info.id}-local        # 本规则的 id(小写字母、数字、连字符),可改为本地名称,如 guangdong-2021
version: "1.0.0"            # 每次修改请提高版本号;评分卡同时记录本文件和内置规则的 sha256
title: {json.dumps(info.title + "(本地补充)", ensure_ascii=False)}
extends: {info.id}

# 一、去掉不适用的条目(写条目 id):
# disable:
#   - {dropped.id}

# 二、修改已有条目的部分字段(其余字段沿用内置规则),如调整权重、严重程度:
# override:
#   - id: {changed.id}
#     weight: {min(changed.weight + 1, 10):g}
#     severity: error

# 三、新增条目(id 不能与内置规则重复;part 写已有部分的 id,见 score rubric show):
# items:
#   - id: {changed.part}.local_example
#     title: 本地新增要求示例
#     short: 本地示例         # 短标题(至多 8 字),用作 HTML 热力图的列头
#     part: {changed.part}
#     requirement: 用一句话写明要求
#     source: {{document: 《本地规定》, article: 第一条}}
#     weight: 1
#     severity: warning
#     match:
#       any: [法治建设示范点]
#     examples:
#       - {{text: "全县建成法治建设示范点12个。", expect: covered}}
#       - {{text: "下一步,将建设一批法治建设示范点。", expect: missing}}
"""
