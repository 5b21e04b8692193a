"""Hostile inputs: small files built to make a stage take minutes. Each is generated here (nothing
large is committed) and scored in a subprocess under a wall-time and a memory limit, so that a
quadratic regex shows up as a killed run, not as a slow suite. The limits are bounds against
hanging, far above what a linear pass takes; they are not speed targets.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

_WALL = 60                   # seconds: a linear pass takes about one
_MEMORY = 2 * 1024 ** 3      # bytes of address space
_BODY = "全面推进依法行政,落实行政执法三项制度,开展普法宣传。" * 20


def _limited() -> None:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY, _MEMORY))


def _score(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fazhi", str(path), "--format", "json"], capture_output=True,
                          encoding="utf-8", timeout=_WALL, preexec_fn=_limited if os.name == "posix" else None)


@pytest.mark.parametrize("blank", [" ", "\t", "\u3000"])
@pytest.mark.parametrize("after", ["x", "完善", "(一)"])
def test_a_heading_followed_by_a_long_run_of_blanks(tmp_path: Path, blank: str, after: str) -> None:
    # A heading line, 160,000 blanks, then text on the same line: a regex "\s+(?=…)" or "[…\s]+$"
    # tried from every blank of the run took 79 s.
    path = tmp_path / "blanks.txt"
    path.write_text(f"清河县2023年法治政府建设情况报告\n{_BODY}\n一、加强组织领导{blank * 160_000}{after}\n"
                    f"二、完善制度。{_BODY}\n", encoding="utf-8")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    done = _score(path)
    assert done.returncode == 0, done.stderr
    assert '"schema_version"' in done.stdout
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before   # the input is never modified


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_refused_after_the_size_limit() -> None:
    done = _score(Path("/dev/zero"))
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "/dev/zero" in lines[0] and "上限" in lines[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_pipe_that_never_ends_is_refused_after_the_size_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"yes 法治政府建设 > {fifo}"], stderr=subprocess.DEVNULL)
    try:
        done = _score(fifo)
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 3 and len(done.stderr.strip().splitlines()) == 1 and "上限" in done.stderr


# ---------------------------------------------------------------- -o never replaces what the run reads

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("how", ["found in a directory", "matched by a glob", "the rubric", "the waivers",
                                 "the baseline", "a hard link to a report"])
def test_output_onto_anything_the_run_reads_is_refused(tmp_path: Path, how: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from fazhi.cli import main

    from .conftest import REPORTS
    reports = tmp_path / "reports"
    reports.mkdir()
    report = reports / "a.txt"
    report.write_bytes((REPORTS / "2021-beijing-yanqing.txt").read_bytes())
    other = tmp_path / "b.txt"
    other.write_bytes((REPORTS / "2020-fujian-sanming-qingliu.txt").read_bytes())
    rubric = tmp_path / "my.yaml"
    rubric.write_text((Path(__file__).parent / "fixtures" / "mini-rubric.yaml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers: []\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    os.link(report, link)
    args, target = {
        "found in a directory": ([str(reports)], report),
        "matched by a glob": ([str(reports / "*.txt")], report),
        "the rubric": ([str(other), "--rubric", str(rubric)], rubric),
        "the waivers": ([str(other), "--waivers", str(waivers)], waivers),
        "the baseline": ([str(other), "--baseline", str(report)], report),
        "a hard link to a report": ([str(other), str(report)], link),
    }[how]
    before = {p: _sha(p) for p in (report, other, rubric, waivers)}
    code = main([*args, "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and "从不覆盖输入文件" in err and len(err.strip().splitlines()) == 1
    assert {p: _sha(p) for p in before} == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_output_onto_a_pipe_writes_to_it_and_never_replaces_it(tmp_path: Path) -> None:
    # (A FIFO stands for any file that is not a regular one, /dev/null included: a regression
    # here must not replace a real device on the machine running the tests.)
    import stat

    from .conftest import REPORTS
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    received = tmp_path / "received.json"
    reader = subprocess.Popen(["sh", "-c", f"cat {fifo} > {received}"])
    try:
        done = subprocess.run([sys.executable, "-m", "fazhi", str(REPORTS / "2021-beijing-yanqing.txt"),
                               "--format", "json", "-o", str(fifo)], capture_output=True, encoding="utf-8",
                              timeout=_WALL)
    finally:
        try:
            reader.wait(timeout=_WALL)
        except subprocess.TimeoutExpired:   # nothing was written to the pipe
            reader.kill()
            reader.wait()
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert '"schema_version"' in received.read_text(encoding="utf-8")
