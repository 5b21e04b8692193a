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
