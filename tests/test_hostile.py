"""Hostile inputs: small files built to make a stage take minutes. Each is generated here (nothing
large is committed) and scored in a subprocess under a wall-time and a memory limit, so that a
quadratic regex shows up as a killed run, not as a slow suite. The limits are bounds against
hanging, far above what a linear pass takes; they are not speed targets.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

# Nearly every test here runs the CLI in a subprocess on a generated hostile input (86 of 100
# take over 0.5 s, 190 s in all): the whole module is slow.
pytestmark = pytest.mark.slow

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
    waivers.write_text("waivers:\n  - {item: structure.next_year, covers: {report: x.txt}, justification: 无,"
                       " approver: 办, expires: 2099-12-31}\n", encoding="utf-8")
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


# ---------------------------------------------------------------- small inputs that would take minutes

_REPORT = Path(__file__).resolve().parent.parent / "examples" / "reports" / "2021-beijing-yanqing.txt"


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fazhi", *args], capture_output=True, encoding="utf-8",
                          errors="replace", timeout=_WALL, preexec_fn=_limited if os.name == "posix" else None,
                          **kwargs)  # type: ignore[call-overload]


def _one_line(stderr: str, *needles: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("unit", ["<!--", "</a", "<?", "</", "<!", "<a x='", "<a>", "<a ", "<a", "<b x=1 "])
@pytest.mark.parametrize("bound", ["below", "above"])
def test_html_made_of_unclosed_or_endless_markup(tmp_path: Path, unit: str, bound: str) -> None:
    # The standard library's parser rescans an unclosed construct from each of its "<": 50,000
    # "<!--" took 44 s and "<a>" two million times 17 s. Below the markup bound the page is read
    # (in linear time) and its text scored, or refused when the markup left as text drowns the
    # Chinese (the quality gate); above the bound, refused at once.
    count = 95_000 if bound == "below" else 9_000_000 // len(unit)   # above: as much as 10 MB holds
    path = tmp_path / "page.html"
    body = _REPORT.read_text(encoding="utf-8").replace("\n", "<br>")
    path.write_text(f"<html><body><p>{body}</p>{unit * count}", encoding="utf-8")
    before = _sha(path)
    done = _run([str(path), "--format", "jsonl"])
    if count < 100_000 and done.returncode == 0:
        assert '"enforcement.three_systems"' in done.stdout
    elif count < 100_000:
        assert done.returncode == 3
        _one_line(done.stderr, str(path), "不是中文文本")
    else:
        assert done.returncode == 3
        _one_line(done.stderr, str(path), "网页标记过多")
    assert _sha(path) == before


def _docx(document_xml: str, numbering_xml: str = "", compress: bool = True) -> bytes:
    """A minimal Word package around *document_xml* (the body's content) and a numbering part."""
    import io
    import zipfile
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.numbering+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels}/numbering" Target="numbering.xml"/></Relationships>'),
        "word/document.xml": f'<?xml version="1.0"?><w:document {w}><w:body>{document_xml}</w:body></w:document>',
        "word/numbering.xml": f'<?xml version="1.0"?><w:numbering {w}>{numbering_xml}</w:numbering>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def _paragraphs(lines: list[str], numbered: bool = False) -> str:
    numpr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ""
    return "".join(f"<w:p>{numpr}<w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)


@pytest.mark.parametrize("fmt", ["lowerLetter", "upperLetter", "decimal", "chineseCounting", "decimalZero"])
@pytest.mark.parametrize("start", ["1000000000000", "99999999999999999999999999999999999999" * 200, "-5", "²"])
def test_word_list_numbers_far_out_of_range(tmp_path: Path, fmt: str, start: str) -> None:
    # A list numbered from 10**12 in letters asked for a label of 4 * 10**10 characters: the
    # batch died of it. Numbers are bounded; the report is read and scored.
    numbering = ('<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
                 f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    lines = [line for line in _REPORT.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = tmp_path / "numbered.docx"
    path.write_bytes(_docx(_paragraphs(lines[:3], numbered=True) + _paragraphs(lines[3:]), numbering))
    done = _run([str(path), "--format", "jsonl"])
    assert done.returncode == 0, done.stderr
    assert '"enforcement.three_systems"' in done.stdout


def test_word_package_that_expands_to_millions_of_characters(tmp_path: Path) -> None:
    # A few KB of zip holding 6 million characters: refused after the character bound, not read.
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx(_paragraphs(["法治政府建设" * 1000] * 1000)))
    assert path.stat().st_size < 200_000
    done = _run([str(path)])
    assert done.returncode == 3
    _one_line(done.stderr, str(path), "超过 5,000,000 字")


def test_word_package_that_unzips_past_the_bound(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    path.write_bytes(_docx(_paragraphs(["法治"]) + " " * (110 * 1024 * 1024)))
    done = _run([str(path)])
    assert done.returncode == 3
    _one_line(done.stderr, str(path), "解压后过大")


def test_pdf_with_tens_of_thousands_of_pages(tmp_path: Path) -> None:
    # 60,000 blank pages took 345 s and 3.6 GB; the page bound is checked before any page is read.
    import io

    from pypdf import PdfWriter
    writer = PdfWriter()
    for _ in range(2_000):
        writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "pages.pdf"
    path.write_bytes(out.getvalue())
    done = _run([str(path)])
    assert done.returncode == 3
    _one_line(done.stderr, str(path), "2,000 页", "上限 500 页")


def test_damaged_pdf_is_one_line_however_much_pypdf_complains(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "2021-beijing-yanqing.pdf"
    data = fixture.read_bytes()
    cut = data.rfind(b"startxref")
    path = tmp_path / "damaged.pdf"   # every cross-reference offset wrong, and the end pointer too
    path.write_bytes(data[:cut].replace(b" 00000 n", b" 00000 x") + b"startxref\n999999\n%%EOF\n")
    done = _run([str(path), "--format", "jsonl"])
    assert done.returncode in (0, 3)
    if done.returncode == 3:
        _one_line(done.stderr, str(path))
    else:
        assert done.stderr == ""


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_recursive_glob_over_symlink_loops_ends(tmp_path: Path) -> None:
    # Two links to a parent directory made `glob("**")` walk 2**n paths until the names were too long.
    root = tmp_path / "reports"
    (root / "a").mkdir(parents=True)
    (root / "a" / "r.txt").write_bytes(_REPORT.read_bytes())
    for name in ("up1", "up2", "up3"):
        os.symlink("..", root / "a" / name)
    done = _run([f"{root}/**/*.txt", "--format", "jsonl"])
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1
    done = _run([str(root), "--format", "jsonl"])
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 1


# ---------------------------------------------------------------- one file never kills a batch

def _batch(tmp_path: Path, count: int = 9) -> Path:
    """A directory of *count* copies of example reports (enough to use worker processes)."""
    from .conftest import REPORTS
    folder = tmp_path / "batch"
    folder.mkdir()
    sources = sorted(REPORTS.glob("*.txt"))
    for i in range(count):
        (folder / f"r{i:03d}.txt").write_bytes(sources[i % len(sources)].read_bytes())
    return folder


def _children(pid: int) -> set[int]:
    """Every descendant of *pid* (workers are forked from a fork server, a child of the run)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in map(int, (task / "children").read_text(encoding="ascii").split()):
                found |= {child} | _children(child)
    return found


def _reading(pid: int, path: Path) -> int:
    """The child of *pid* that has *path* open (0: none)."""
    for child in _children(pid):
        with contextlib.suppress(OSError):
            if any(os.readlink(f) == str(path) for f in Path(f"/proc/{child}/fd").iterdir()):
                return child
    return 0


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


_PROC = pytest.mark.skipif(not Path("/proc/self/task").exists() or not hasattr(os, "mkfifo"),
                           reason="needs /proc and FIFOs")


@_PROC
def test_a_killed_worker_is_replaced_and_only_its_report_fails(tmp_path: Path) -> None:
    # The report at the FIFO is read by a worker that the test kills with -9 each time one reads
    # it: the run goes on in fresh workers, names that report alone, and writes all the others.
    import threading
    folder = _batch(tmp_path)
    fifo = folder / "r004-killer.txt"
    os.mkfifo(fifo)
    before = {p.name: _sha(p) for p in folder.iterdir() if p.is_file()}
    out = tmp_path / "out.jsonl"
    paths = sorted(map(str, folder.iterdir()))   # named: a directory's walk takes regular files only
    proc = subprocess.Popen([sys.executable, "-m", "fazhi", *paths, "--format", "jsonl", "--jobs", "2",
                             "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            encoding="utf-8", preexec_fn=_limited)
    kills: list[int] = []
    keep = os.open(fifo, os.O_RDWR)   # a writer that never writes: a worker's read of the FIFO waits

    def killer() -> None:
        while proc.poll() is None:
            reader = _reading(proc.pid, fifo)
            if reader:
                with contextlib.suppress(OSError):
                    os.kill(reader, signal.SIGKILL)
                    kills.append(reader)
            time.sleep(0.02)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    try:
        _, err = proc.communicate(timeout=_WALL)
    finally:
        proc.kill()
        os.close(keep)
    assert len(kills) >= 2   # killed in the pool, then again when tried alone
    assert proc.returncode == 3, err
    _one_line(err, "r004-killer.txt", "评分进程意外终止")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9 and all('"schema_version"' in line for line in lines)
    assert {p.name: _sha(p) for p in folder.iterdir() if p.is_file()} == before


@_PROC
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_run_leaves_no_workers_and_no_temporary_file(tmp_path: Path, how: signal.Signals) -> None:
    # A FIFO no one writes to holds the run open; the run is then killed. Its workers end with
    # it, and nothing is left beside the destination, even after -9 (the temporary file has no
    # name until it is complete); after SIGTERM the run says it was interrupted.
    folder = _batch(tmp_path, 40)
    os.mkfifo(folder / "r020-stuck.txt")
    out = tmp_path / "out" / "all.jsonl"
    out.parent.mkdir()
    paths = sorted(map(str, folder.iterdir()))
    proc = subprocess.Popen([sys.executable, "-m", "fazhi", *paths, "--format", "jsonl", "--jobs", "2",
                             "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            encoding="utf-8", preexec_fn=_limited)
    try:
        deadline = time.monotonic() + _WALL
        workers: set[int] = set()
        while len(workers) < 4 and time.monotonic() < deadline:   # fork server, tracker, 2 workers
            workers |= _children(proc.pid)
            time.sleep(0.1)
        time.sleep(2)   # the workers are scoring, one of them stuck at the FIFO
        assert len(workers) >= 4 and proc.poll() is None
        os.kill(proc.pid, how)
        _, err = proc.communicate(timeout=_WALL)
    finally:
        proc.kill()
    gone = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < gone:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    assert list(out.parent.iterdir()) == []
    if how == signal.SIGTERM:
        assert proc.returncode == 130
        _one_line(err, "已中断")


def test_file_names_that_are_not_utf8_or_hold_control_characters(tmp_path: Path) -> None:
    # A name with bytes that are not UTF-8 killed a CSV batch; a name holding a newline or an
    # escape sequence reached the terminal raw and could fake an error line.
    folder = _batch(tmp_path)
    names = [b"\xff\xfe-gbk-\xd6\xd0.txt", b"evil\n\x1b[31mscore: fake.txt", "rtl-\u202etxt.txt".encode()]
    for name in names:
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(_REPORT.read_bytes())
    with open(os.path.join(os.fsencode(folder), b"empty-\n\x1b[2J.txt"), "wb"):
        pass
    for fmt in ("csv", "jsonl", "rich", "md"):
        out = tmp_path / f"out.{fmt}"
        done = _run([str(folder), "--format", fmt, "-o", str(out)])
        assert done.returncode == 3, done.stderr
        line = _one_line(done.stderr, "empty-\\n\\x1b[2J.txt", "文件为空")
        assert "\x1b" not in line
        text = out.read_text(encoding="utf-8-sig")
        if fmt == "jsonl":
            import json
            text = "\n".join(json.loads(line)["report"]["path"] for line in text.splitlines())
        assert "\x1b" not in text and "\u202e" not in text   # the summary (rich) shows issuers, not names
        if fmt != "rich":
            assert "\\xff\\xfe-gbk-\\xd6\\xd0.txt" in text
        if fmt in ("csv", "jsonl"):
            assert "evil\\n\\x1b[31mscore: fake.txt" in text and "rtl-\\u202etxt.txt" in text


# ---------------------------------------------------------------- no write fails silently

@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "rich"])
def test_a_full_disk_is_an_error_never_a_silent_loss(fmt: str) -> None:
    import stat
    for args in (["-o", "/dev/full"], []):
        if args:
            done = _run([str(_REPORT), "--format", fmt, *args])
        else:   # standard output itself on a full disk
            with open("/dev/full", "wb") as full:
                done = subprocess.run([sys.executable, "-m", "fazhi", str(_REPORT), "--format", fmt],
                                      stdout=full, stderr=subprocess.PIPE, encoding="utf-8", timeout=_WALL)
        assert done.returncode == 74, done.stderr
        _one_line(done.stderr, "写入失败", "No space left")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_closed_pipe_is_reported_once(tmp_path: Path) -> None:
    folder = _batch(tmp_path)
    for jobs in ("1", "2"):
        done = subprocess.run(f"{sys.executable} -m fazhi {folder} --format jsonl --jobs {jobs} | head -c 10",
                              shell=True, capture_output=True, encoding="utf-8", timeout=_WALL,
                              executable="/bin/bash", env={**os.environ, "PIPESTATUS_ECHO": "1"})
        assert len(done.stdout) == 10
        _one_line(done.stderr, "标准输出已被关闭")
        status = subprocess.run(f"{sys.executable} -m fazhi {folder} --format jsonl --jobs {jobs} | head -c 10"
                                " >/dev/null; echo ${PIPESTATUS[0]}", shell=True, capture_output=True,
                                encoding="utf-8", timeout=_WALL, executable="/bin/bash")
        assert status.stdout.strip() == "74"


@pytest.mark.skipif(not Path("/dev/stdout").is_symlink(), reason="no /dev/stdout link")
def test_output_to_dev_stdout_redirected_to_a_file(tmp_path: Path) -> None:
    # "-o /dev/stdout" with stdout sent to a file: the file gets the output, /dev/stdout stays.
    received = tmp_path / "received.json"
    with open(received, "wb") as fh:
        done = subprocess.run([sys.executable, "-m", "fazhi", str(_REPORT), "--format", "json", "-o", "/dev/stdout"],
                              stdout=fh, stderr=subprocess.PIPE, encoding="utf-8", timeout=_WALL)
    assert done.returncode == 0, done.stderr
    assert '"schema_version"' in received.read_text(encoding="utf-8")
    assert Path("/dev/stdout").is_symlink()


# ---------------------------------------------------------------- rubrics and waivers

_MINI = Path(__file__).parent / "fixtures" / "mini-rubric.yaml"


def _overlay(tmp_path: Path, extends: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(f"id: mine\nversion: '1'\ntitle: 本地规则\nextends: {extends}\n"
                    "disable: [enforcement.three_systems]\n", encoding="utf-8")
    return path


def test_a_billion_laughs_rubric_is_refused_at_once(tmp_path: Path) -> None:
    # Nine lines of nested aliases stand for a billion values: 79 s and 7.7 GB, then exit 70.
    lines = ["a: &a [法, 法, 法, 法, 法, 法, 法, 法, 法]"] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(9)]
    rubric = tmp_path / "laughs.yaml"
    rubric.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert rubric.stat().st_size < 1000
    done = _run([str(_REPORT), "--rubric", str(rubric)])
    assert done.returncode == 2
    assert all("不支持 YAML 锚点和别名" in line for line in done.stderr.strip().splitlines())


@pytest.mark.parametrize("target", ["/etc/shadow", "/etc/passwd", "/dev/zero", "fifo.yaml", "../../../etc/hosts"])
def test_extends_reads_only_bundled_ids_and_yaml_files(tmp_path: Path, target: str) -> None:
    # `extends: /etc/shadow` printed the file in the error; `extends: /dev/zero` exhausted memory.
    if target == "fifo.yaml":
        os.mkfifo(tmp_path / "fifo.yaml")
    overlay = _overlay(tmp_path, target)
    for args in (["rubric", "check", str(overlay)], [str(_REPORT), "--rubric", str(overlay)]):
        done = _run(args)
        assert done.returncode == 2, done.stderr
        line = _one_line(done.stderr)
        assert str(overlay) in line or str(tmp_path / "fifo.yaml") in line
        assert "root:" not in line and "localhost" not in line
        assert ("extends 只能是内置规则的 id" in line) or ("不是普通文件" in line)


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_rubric_or_waiver_file_that_is_not_a_regular_file(tmp_path: Path, target: str) -> None:
    path = target
    if target == "fifo":
        path = str(tmp_path / "rubric.yaml")
        os.mkfifo(path)
    for option in ("--rubric", "--waivers"):
        done = _run([str(_REPORT), option, path])
        assert done.returncode == 2
        _one_line(done.stderr, path, "不是普通文件")


def test_output_onto_a_file_the_rubric_extends_is_refused(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_bytes(_MINI.read_bytes())
    overlay = _overlay(tmp_path, "base.yaml")
    before = _sha(base)
    done = _run([str(_REPORT), "--rubric", str(overlay), "-o", str(base)])
    assert done.returncode == 2
    _one_line(done.stderr, "从不覆盖输入文件")
    assert _sha(base) == before


_BATTERY = r'''
import random, re, sys, time
from fazhi.patterns import backtracks
rng = random.Random(20261203)
ATOMS = ["a", "b", "法", "[ab]", "[^。]", "[^b]", ".", "\\w", "(?:a|b)", "(?:a|ab)", "(?:法|法治)", "(?:a|)"]
def node(depth):
    r = rng.random()
    if depth > 3 or r < 0.35:
        return rng.choice(ATOMS)
    if r < 0.55:
        return "".join(node(depth + 1) for _ in range(rng.randint(2, 3)))
    if r < 0.7:
        return "(?:" + "|".join(node(depth + 1) for _ in range(2)) + ")"
    body = node(depth + 1)
    if len(body) > 1 and not body.startswith("(?:"):
        body = "(?:" + body + ")"
    low = rng.randint(0, 3)
    return body + rng.choice(["*", "+", "?", "{%d,%d}" % (low, low + rng.choice([1, 5, 30, 200]))])
texts = ["a" * 20000, "ab" * 10000 + "c", "法" * 20000 + "。", "aab" * 6000 + "法治" * 1000, "b" * 20000 + "x"]
accepted = worst = 0
for n in range(600):
    source = node(0) + rng.choice(["", "$", "x", "法治", "(?!a)"])
    try:
        pattern = re.compile(source)
    except re.error:
        continue
    if backtracks(pattern):
        continue
    accepted += 1
    for text in texts:
        started = time.perf_counter()
        sum(1 for _ in pattern.finditer(text))
        took = time.perf_counter() - started
        if took > worst:
            worst, slowest = took, source
print(accepted, round(worst, 3), slowest if accepted else "")
'''


def test_regexes_the_checker_accepts_run_fast_on_hostile_texts() -> None:
    # 600 random regexes (nested and adjacent repeats, overlapping alternatives, bounded and not);
    # every one the checker accepts is run on five hostile 20,000-character texts. The checker
    # bounds the work at one position (at most 100,000 ways to match): no accepted regex is
    # exponential or quadratic, the slowest takes about a second per 20,000 such characters.
    done = subprocess.run([sys.executable, "-c", _BATTERY], capture_output=True, encoding="utf-8",
                          timeout=_WALL * 2, preexec_fn=_limited)
    assert done.returncode == 0, done.stderr
    accepted, worst, slowest = (done.stdout.split(" ", 2) + ["", ""])[:3]
    print(f"regex battery: {accepted} accepted of 600, slowest {worst} s on 20,000 characters: {slowest.strip()}")
    assert int(accepted) >= 100
    assert float(worst) < 3.0


_SLOW_RUBRIC = """id: slow
version: "1"
title: 慢正则
parts:
  - {id: p, title: 测试, source: 测试}
items:
  - id: p.slow
    title: 慢
    part: p
    requirement: 测试
    source: {document: 测试, article: 一}
    weight: 1
    severity: info
    # Within the checker's bounds (40,000 ways at one position, 401 characters wide), yet
    # quadratic on a long text with no 。: 107 s on 146,000 characters.
    match: {regex: ['(?:x|[^。]{0,200}[^。]{0,200}[xy])']}
    examples:
      - {text: "甲乙x。", expect: covered}
      - {text: "甲乙。", expect: missing}
"""


def test_a_slow_regex_the_checker_lets_through_is_stopped_by_the_time_limit(tmp_path: Path) -> None:
    # The shape check bounds the work at one position, not the product with the text's length:
    # the time limit (--timeout, 60 s by default) stops any rubric regex mid-match. In a batch
    # the slow report fails alone, named with the item, and the others are written.
    rubric = tmp_path / "slow.yaml"
    rubric.write_text(_SLOW_RUBRIC, encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    slow = reports / "slow.txt"
    slow.write_text("某县2023年法治政府建设年度报告\n" + ("推进法治政府建设" * 12 + "\n") * 1500, encoding="utf-8")
    for n in range(9):
        (reports / f"r{n}.txt").write_bytes(_REPORT.read_bytes())
    before = {p: _sha(p) for p in reports.iterdir()}
    out = tmp_path / "out.csv"
    started = time.monotonic()
    done = _run([str(reports), "--rubric", str(rubric), "--timeout", "1", "--jobs", "2", "--format", "csv",
                 "-o", str(out)])
    assert time.monotonic() - started < 15
    assert done.returncode == 3
    _one_line(done.stderr, str(slow), "评分超过 1 秒", "p.slow", "--timeout")
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 9 and not any("slow.txt" in r for r in rows)
    assert before == {p: _sha(p) for p in reports.iterdir()}


@pytest.mark.parametrize("value", ["-1", "abc", "nan", "1e9"])
def test_a_time_limit_that_is_not_a_number_of_seconds_is_refused(value: str) -> None:
    done = _run([str(_REPORT), "--timeout", value])
    assert done.returncode == 2   # argparse's usage, then one error line
    assert done.stderr.strip().splitlines()[-1].startswith("score: 错误:参数 --timeout:")
    assert "Traceback" not in done.stderr


def test_the_time_limit_is_off_where_signals_cannot_reach_and_restores_what_it_replaced() -> None:
    from fazhi.limits import Expired, time_limit
    previous = signal.getsignal(signal.SIGALRM)
    with pytest.raises(Expired):
        with time_limit(0.05):
            re.search(r"(?:a|aa){1,40}b", "a" * 30)   # exponential (about a second): stopped mid-match
    assert signal.getsignal(signal.SIGALRM) == previous and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    finished = []

    def in_thread() -> None:
        with time_limit(0.01):
            time.sleep(0.05)   # no signal reaches a thread: the block runs to its end
        finished.append(True)

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    assert finished == [True]


_WAIVER = "  - item: enforcement.three_systems\n    covers: {covers}\n    justification: 机构改革\n" \
          "    approver: 依法治县办\n    expires: {expires}\n"


@pytest.mark.parametrize("covers,expires,message", [
    ("{report: '*.txt'}", "2027-13-45", "不是有效的日期"),
    ("{report: '*.txt'}", "2027-02-30", "不是有效的日期"),
    ("{report: '*.txt'}", "'2027-02-30'", "不是有效的日期"),
    ("{report: '*.txt'}", "2027-03-31 10:00:00", "应为日期"),
    ("{report: '*.txt'}", "[2027-03-31]", "类型错误"),
    ("{issuer: }", "2027-03-31", "不能为空"),
    ("{issuer: ''}", "2027-03-31", "不能为空"),
    ("{}", "2027-03-31", "内容太少"),
    ("{report: [a.txt]}", "2027-03-31", "类型错误"),
    ("{region: 清河县}", "2027-03-31", "未知字段 region"),
])
def test_broken_waivers_are_errors_at_their_line(tmp_path: Path, covers: str, expires: str, message: str) -> None:
    # Each of these was exit 70, or (an empty matcher) passed and waived the item for every report.
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n" + _WAIVER.format(covers=covers, expires=expires), encoding="utf-8")
    for args in (["waivers", "check", str(waivers)], [str(_REPORT), "--waivers", str(waivers)]):
        done = _run(args)
        assert done.returncode == 2, done.stderr
        line = _one_line(done.stderr, f"{waivers}:", message)
        assert re.search(r"w\.yaml:[2-6]:\d+:", line), line


def test_a_hundred_thousand_waivers_are_indexed(tmp_path: Path) -> None:
    # 100,000 waivers took 10 s for one report (each item scanned them all).
    waivers = tmp_path / "many.yaml"
    entries = [_WAIVER.format(covers=f"{{report: 'r{i:06d}.txt'}}", expires="2099-12-31") for i in range(100_000)]
    entries.append(_WAIVER.format(covers="{report: '2021-*.txt'}", expires="2099-12-31"))
    waivers.write_text("waivers:\n" + "".join(entries), encoding="utf-8")
    started = time.monotonic()
    done = _run([str(_REPORT), "--waivers", str(waivers), "--format", "jsonl"])
    took = time.monotonic() - started
    print(f"100,001 waivers, one report: {took:.1f} s")
    assert done.returncode == 0, done.stderr
    assert '"status":"waived"' in done.stdout or '"status":"covered"' in done.stdout
