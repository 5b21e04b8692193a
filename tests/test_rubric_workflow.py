"""The reviewers' loop: `score rubric init` → edit → `score rubric test` → `score REPORT --rubric`
(or $FAZHI_RUBRIC); bundled ids wherever a rubric is named; an edited copy of a bundled rubric
marked as modified; the year warning; and the loop from a freshly installed package."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from fazhi.cli import main
from fazhi.rubric import rubric_dir

from .conftest import REPORTS, ROOT, bundled

MINI = ROOT / "tests" / "fixtures" / "mini-rubric.yaml"
YANQING = str(REPORTS / "2021-beijing-yanqing.txt")        # reported year 2021
RONGCHANG = str(REPORTS / "2019-chongqing-rongchang.txt")  # reported year 2019
SCORECARD_SCHEMA = ROOT / "src" / "fazhi" / "schemas" / "scorecard.schema.json"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def uncomment_examples(path: Path) -> None:
    """Turn on the three commented examples of an overlay written by `score rubric init`."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^# ((?:disable|override|items):|  )", r"\1", text), encoding="utf-8")


# ---------------------------------------------------------------- init

def test_init_writes_an_overlay_that_check_and_test_pass(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rubric", "init", "fazhi-2021", str(tmp_path / "mine")], capsys)
    written = tmp_path / "mine" / "fazhi-2021-local.yaml"
    assert (code, err) == (0, "") and written.is_file()
    assert out.startswith(f"已写入 {written}:继承内置规则 fazhi-2021")
    assert f"score rubric test {written}" in out and f"score 报告.txt --rubric {written}" in out
    assert "FAZHI_RUBRIC" in out
    text = written.read_text(encoding="utf-8")
    assert "extends: fazhi-2021\n" in text and "id: fazhi-2021-local " in text
    assert "\n# disable:" in text and "\n# override:" in text and "\n# items:" in text

    code, out, err = run(["rubric", "check", str(written)], capsys)
    assert (code, err) == (0, "") and out.startswith(f"{written}: 通过 — fazhi-2021-local v1.0.0")
    code, out, err = run(["rubric", "test", str(written)], capsys)
    assert (code, err) == (0, "")
    assert re.fullmatch(r"fazhi-2021-local v1\.0\.0\(.*\):(\d+) 个示例,\1 通过,0 失败\(加 -v 列出每个示例\)\n", out)


def test_the_overlays_examples_work_once_uncommented(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each commented example is valid YAML for the rubric once its `# ` is removed."""
    code, _, _ = run(["rubric", "init", "fazhi-2015", str(tmp_path)], capsys)
    written = tmp_path / "fazhi-2015-local.yaml"
    assert code == 0
    uncomment_examples(written)
    code, out, err = run(["rubric", "test", str(written)], capsys)
    assert (code, err) == (0, "") and "0 失败" in out
    text = written.read_text(encoding="utf-8")
    dropped = re.search(r"disable:\n  - (\S+)", text)
    changed = re.search(r"override:\n  - id: (\S+)\n    weight: (\S+)", text)
    assert dropped and changed
    code, out, err = run([RONGCHANG, "--rubric", str(written), "--format", "json"], capsys)
    items = {i["id"]: i for i in json.loads(out)["items"]}
    assert (code, err) == (0, "")
    assert dropped.group(1) not in items and items[changed.group(1)]["weight"] == float(changed.group(2))
    assert any(i.endswith(".local_example") for i in items)
    assert bundled("fazhi-2015").info.sha256 != json.loads(out)["rubric"]["sha256"]


def test_init_copy_is_the_bundled_file_and_not_modified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rubric", "init", "fazhi-2015", str(tmp_path), "--copy"], capsys)
    copy = tmp_path / "fazhi-2015.yaml"
    assert (code, err) == (0, "") and out.startswith(f"已写入 {copy}:内置规则 fazhi-2015 的完整副本")
    assert copy.read_bytes() == (rubric_dir() / "fazhi-2015.yaml").read_bytes()
    code, out, err = run([RONGCHANG, "--rubric", str(copy), "--format", "json"], capsys)
    rubric = json.loads(out)["rubric"]
    assert (code, err) == (0, "")
    assert rubric["modified"] is False and rubric["sha256"] == bundled("fazhi-2015").info.sha256


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "fazhi-2021-local.yaml"
    mine.write_text("# 审阅人已改过的规则\n", encoding="utf-8")
    code, out, err = run(["rubric", "init", "fazhi-2021", str(tmp_path)], capsys)
    assert (code, out) == (2, "")
    assert err == f"score: {mine}: 文件已存在,不会覆盖 — 请换一个目录,或先把原文件改名\n"
    assert mine.read_text(encoding="utf-8") == "# 审阅人已改过的规则\n"
    (tmp_path / "fazhi-2021.yaml").symlink_to(tmp_path / "elsewhere.yaml")   # a dangling link is refused too
    code, out, err = run(["rubric", "init", "fazhi-2021", str(tmp_path), "--copy"], capsys)
    assert (code, out) == (2, "") and "文件已存在,不会覆盖" in err and not (tmp_path / "elsewhere.yaml").exists()


def test_init_names_the_bundled_ids_for_an_unknown_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rubric", "init", "fazhi-2030", str(tmp_path)], capsys)
    assert (code, out) == (2, "")
    assert err == ("score: fazhi-2030: 不是内置规则的 id — 可选:fazhi-2021、fazhi-2015"
                   "(用法:score rubric init [ID] [DIR])\n")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- bundled ids, FAZHI_RUBRIC

def test_show_test_check_accept_a_bundled_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rubric", "check", "fazhi-2015"], capsys)
    assert (code, err) == (0, "") and out.startswith("fazhi-2015: 通过 — fazhi-2015 v")
    code, out, err = run(["rubric", "show", "fazhi-2015"], capsys)
    assert (code, err) == (0, "") and "继承自 fazhi-2021" in out
    code, out, err = run(["rubric", "test", "fazhi-2015"], capsys)
    assert (code, err) == (0, "") and out.startswith("fazhi-2015 v") and out.count("\n") == 1


def test_a_missing_rubric_names_the_bundled_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rubric", "check", "fazhi-2030"], capsys)
    assert (code, out) == (2, "")
    assert err == "fazhi-2030:0:0: 评分规则文件不存在 — 请检查路径;内置规则也可直接写 id(fazhi-2021、fazhi-2015)\n"


def test_fazhi_rubric_is_the_default_and_the_option_wins(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAZHI_RUBRIC", str(MINI))
    code, out, err = run([YANQING, "--format", "json"], capsys)
    data = json.loads(out)
    assert (code, err) == (0, "") and data["rubric"]["id"] == "mini"
    assert data["rubric"]["reason"] == f"由 环境变量 FAZHI_RUBRIC 指定({MINI})"
    code, out, err = run([YANQING, "--format", "json", "--rubric", "fazhi-2021"], capsys)
    data = json.loads(out)
    assert (code, err) == (0, "") and data["rubric"]["id"] == "fazhi-2021"
    assert data["rubric"]["reason"].startswith("由 --rubric 指定(")
    code, out, err = run(["rubric", "test"], capsys)   # the rubric test without a path is that one too
    assert (code, err) == (0, "") and out.startswith(f"mini v0.1({MINI}):6 个示例,6 通过,0 失败")
    code, out, err = run(["explain", "enforcement.three_systems", YANQING], capsys)
    assert (code, err) == (0, "") and "三项制度" in out
    monkeypatch.setenv("FAZHI_RUBRIC", "")   # empty: unset
    code, out, err = run([YANQING, "--format", "json"], capsys)
    assert (code, err) == (0, "") and json.loads(out)["rubric"]["id"] == "fazhi-2021"


# ---------------------------------------------------------------- an edited copy is marked

def test_an_edited_copy_is_marked_modified_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["rubric", "init", "fazhi-2021", str(tmp_path), "--copy"], capsys)
    copy = tmp_path / "fazhi-2021.yaml"
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("    weight: 3\n", "    weight: 2\n", 1), encoding="utf-8")   # version unchanged
    own = bundled("fazhi-2021").info

    code, out, err = run([YANQING, "--rubric", str(copy), "--format", "json"], capsys)
    data = json.loads(out)
    assert (code, err) == (0, "")
    jsonschema.validate(data, json.loads(SCORECARD_SCHEMA.read_text(encoding="utf-8")))
    rubric = data["rubric"]
    assert (rubric["id"], rubric["version"], rubric["modified"]) == ("fazhi-2021", own.version, True)
    assert rubric["sha256"] != own.sha256
    sha = rubric["sha256"]

    code, out, err = run([YANQING, "--rubric", str(copy)], capsys)
    assert (code, err) == (0, "")
    assert f"fazhi-2021 v{own.version}(已修改)  sha256:{sha[:12]}" in out

    code, out, err = run([YANQING, "--rubric", str(copy), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (code, err) == (0, "") and rows
    marked = f"{own.version}(已修改 sha256:{sha[:12]})"
    assert {(r["rubric"], r["rubric_version"]) for r in rows} == {("fazhi-2021", marked)}

    code, out, err = run([YANQING, RONGCHANG, "--rubric", str(copy), "--format", "csv", "--wide", "--jobs", "1"],
                         capsys)
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert (code, err) == (0, "") and len(rows) == 2
    assert {r["rubric"] for r in rows} == {f"fazhi-2021(已修改 sha256:{sha[:12]})"}

    code, out, err = run(["rubric", "test", str(copy)], capsys)
    assert (code, err) == (0, "") and out.startswith(f"fazhi-2021 v{own.version}(已修改 sha256:{sha[:12]})(")


def test_the_bundled_rubric_is_not_modified(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([YANQING, "--format", "json"], capsys)
    assert (code, err) == (0, "") and json.loads(out)["rubric"]["modified"] is False
    code, out, err = run([YANQING], capsys)
    assert (code, err) == (0, "") and "已修改" not in out


# ---------------------------------------------------------------- the year warning

def test_a_rubric_for_other_years_warns(capsys: pytest.CaptureFixture[str]) -> None:
    warning = ("报告年度 2021 不在评分规则 fazhi-2015 的适用年度 2016–2020 年内(由 --rubric 指定)"
               "— 请确认规则是否适用;不指定规则时按报告年度自动选用")
    code, out, err = run([YANQING, "--rubric", "fazhi-2015", "--format", "json"], capsys)
    assert (code, err) == (0, "") and json.loads(out)["warnings"][0] == warning
    code, out, err = run([YANQING, "--rubric", "fazhi-2015"], capsys)
    assert (code, err) == (0, "") and "报告年度 2021 不在评分规则 fazhi-2015 的适用年度 2016–2020 年内" in out
    code, out, err = run([RONGCHANG, "--rubric", "fazhi-2015", "--format", "json"], capsys)   # 2019: in range
    assert (code, err) == (0, "") and not any("适用年度" in w for w in json.loads(out)["warnings"])
    code, out, err = run([YANQING, "--format", "json"], capsys)   # chosen by year: never
    assert (code, err) == (0, "") and not any("适用年度" in w for w in json.loads(out)["warnings"])


# ---------------------------------------------------------------- rubric test output

def test_rubric_test_prints_failures_and_one_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    covered = '{text: "落实行政执法“三项制度”。", expect: covered}'
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(MINI.read_text(encoding="utf-8").replace(
        covered, covered + '\n      - {text: "开展普法宣传。", expect: covered}'), encoding="utf-8")
    code, out, err = run(["rubric", "test", str(wrong)], capsys)
    line = next(n for n, text in enumerate(wrong.read_text(encoding="utf-8").splitlines(), 1) if "开展普法宣传" in text)
    assert (code, err) == (1, "")
    assert out == ("✗ enforcement.three_systems  2/3\n"
                   f"   ✗ 期望覆盖,实际缺失({wrong}:{line}):开展普法宣传。\n"
                   f"mini v0.1({wrong}):7 个示例,6 通过,1 失败\n")

    code, out, err = run(["rubric", "test", "-v", str(wrong)], capsys)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert len(lines) == 3 + 7 + 1   # every item, every example, the summary
    assert lines[0] == "✓ structure.next_year  2/2" and lines[-1] == f"mini v0.1({wrong}):7 个示例,6 通过,1 失败"


# ---------------------------------------------------------------- from an installed package

@pytest.mark.slow
def test_the_loop_from_a_fresh_install(tmp_path: Path) -> None:
    """`pip install .` into a new virtualenv (no system site-packages), then init → edit → test →
    score in a directory outside the repository: the edit takes effect."""
    venv = tmp_path / "venv"
    started = time.monotonic()
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    if made.returncode:
        pytest.skip(f"无法创建 virtualenv: {made.stderr.strip()[-300:]}")
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    installed = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--quiet",
                                "--disable-pip-version-check", str(ROOT)],
                               capture_output=True, text=True, encoding="utf-8", timeout=600)
    if installed.returncode:
        pytest.skip(f"无法安装(离线?): {installed.stderr.strip()[-300:]}")
    print(f"virtualenv + pip install: {time.monotonic() - started:.1f} s")
    work = tmp_path / "reviewer"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FAZHI_RUBRIC")}

    def score(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(bindir / "score"), *args], cwd=work, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=300)

    where = subprocess.run([str(bindir / "python"), "-c", "import fazhi; print(fazhi.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert where.stdout.startswith(str(venv)), where   # the installed package, not this checkout

    done = score("rubric", "init")
    assert (done.returncode, done.stderr) == (0, "") and "已写入 fazhi-2021-local.yaml" in done.stdout
    overlay = work / "fazhi-2021-local.yaml"
    # The edit: one item's weight changed, a new item that the report covers added.
    overlay.write_text(overlay.read_text(encoding="utf-8") + """
override:
  - id: enforcement.three_systems
    weight: 9
items:
  - id: enforcement.local_yanqing
    title: 本地新增:执法考评指标
    part: enforcement
    requirement: 制定行政执法考评指标
    source: {document: 《本地规定》, article: 第一条}
    weight: 1
    severity: warning
    match:
      any: [行政执法考评指标]
    examples:
      - {text: "制定《2021年延庆区行政执法考评指标》。", expect: covered}
      - {text: "下一步,将制定行政执法考评指标。", expect: missing}
""", encoding="utf-8")
    done = score("rubric", "test", overlay.name)
    assert (done.returncode, done.stderr) == (0, "")
    assert re.fullmatch(r"fazhi-2021-local v1\.0\.0\(fazhi-2021-local\.yaml\):(\d+) 个示例,\1 通过,0 失败.*\n",
                        done.stdout)

    done = score(YANQING, "--rubric", overlay.name, "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    data = json.loads(done.stdout)
    items = {i["id"]: i for i in data["items"]}
    assert data["rubric"]["id"] == "fazhi-2021-local" and data["rubric"]["bases"] == ["fazhi-2021"]
    assert items["enforcement.three_systems"]["weight"] == 9
    assert items["enforcement.local_yanqing"]["status"] == "covered"

    env["FAZHI_RUBRIC"] = overlay.name
    done = score(YANQING)
    assert (done.returncode, done.stderr) == (0, "")
    assert "fazhi-2021-local v1.0.0" in done.stdout and "执法考评指标" in done.stdout
