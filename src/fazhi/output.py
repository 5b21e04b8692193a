"""Where output goes: standard output, or the -o file written atomically (never replacing an
input, never lost silently), and rich drawings for the terminal or a file."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .errors import OutputError, UsageError, printable


def flush_stdout() -> None:
    """Flush now, so that a write error is reported here rather than lost at exit."""
    with stdout_reported():
        sys.stdout.flush()


@contextlib.contextmanager
def stdout_reported() -> Iterator[None]:
    """A failed write to stdout (a full disk) as an OutputError; a closed pipe is main's to report."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        silence_stdout()
        raise OutputError(f"标准输出: 写入失败({exc.strerror})— 请检查磁盘空间或输出目标") from None


def silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's own flush at exit stays quiet."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class Output:
    """Standard output; or the -o file, written to a temporary file in its directory and renamed
    into place at the end (an unnamed one where the system has O_TMPFILE, so that even a run
    killed with -9 leaves nothing behind); or, for a device or a pipe, written to in place.
    A failed write is an OutputError, never a silent loss."""

    def __init__(self, target: str | None, bom: bool) -> None:
        self.name = target or "标准输出"
        self.target = Path(target) if target else None
        self.encoding = "utf-8-sig" if bom else "utf-8"   # the BOM lets spreadsheet programs read Chinese CSV
        self.tmp: str | None = None   # the named temporary file, when there is one
        self.fd = -1                  # the unnamed one, linked into place at the end

    def __enter__(self) -> Output:
        try:
            self._open()
        except OSError as exc:
            raise OutputError(f"{self.name}: 无法写入({exc.strerror})— 请换一个输出位置") from None
        return self

    def _open(self) -> None:
        if self.target is None:
            self.stream = sys.stdout
        elif _in_place(self.target):
            self.stream = open(self.target, "w", encoding=self.encoding, newline="")
        else:
            self.target = self.target.resolve()   # through a symlink, as the shell's ">" writes
            self.fd = _unnamed_file(self.target.parent)
            if self.fd < 0:
                self.fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp",
                                                     dir=self.target.parent)
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.tmp, 0o666 & ~umask)   # an ordinary file, not mkstemp's private 0600
            self.stream = os.fdopen(os.dup(self.fd), "w", encoding=self.encoding, newline="")

    def write(self, text: str) -> None:
        with self._reported():
            self.stream.write(text)

    def write_utf8(self, data: bytes) -> None:
        """Text already encoded as UTF-8: written as is when the stream would write the same
        bytes (UTF-8, no newline translation), saving this process the decoding and encoding
        again of a batch's megabytes."""
        buffer = getattr(self.stream, "buffer", None)
        translated = self.stream is sys.stdout and os.linesep != "\n"   # our files use newline=""
        if buffer is None or translated or codecs.lookup(self.stream.encoding or "ascii").name != "utf-8":
            self.write(data.decode())
            return
        with self._reported():
            self.stream.flush()
            buffer.write(data)

    def write_bytes(self, data: bytes) -> None:
        """A binary file (an .xlsx workbook): written to the stream's byte buffer, into the same
        temporary file renamed into place at the end."""
        with self._reported():
            self.stream.flush()
            self.stream.buffer.write(data)

    @contextlib.contextmanager
    def _reported(self) -> Iterator[None]:
        """A failed write as an OutputError (a closed pipe is main's to report)."""
        try:
            yield
        except BrokenPipeError:
            raise
        except OSError as exc:
            kept = ";目标文件未被改动" if self.fd >= 0 else ""
            raise OutputError(f"{self.name}: 写入失败({exc.strerror})— 请检查磁盘空间或输出目标{kept}") from None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.target is None:
            return   # stdout: flushed, and its errors reported, by main
        try:
            if exc_type is None:
                with self._reported():
                    self.stream.close()   # flushes: a full disk fails here
                    if self.fd >= 0 and self.tmp is None:
                        self._link()
                    if self.tmp is not None:
                        os.replace(self.tmp, self.target)
                        self.tmp = None
        finally:
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()
            if self.fd >= 0:
                os.close(self.fd)
            if self.tmp is not None:
                Path(self.tmp).unlink(missing_ok=True)

    def _link(self) -> None:
        """Give the unnamed file a name beside the destination, then rename it into place."""
        assert self.target is not None
        name = f".{self.target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        directory = os.open(self.target.parent, os.O_RDONLY)
        try:   # with a directory descriptor, os.link is linkat(…, AT_SYMLINK_FOLLOW), as this needs
            os.link(f"/proc/self/fd/{self.fd}", name, dst_dir_fd=directory)
        finally:
            os.close(directory)
        self.tmp = str(self.target.parent / name)


def _in_place(target: Path) -> bool:
    """A destination written to, never replaced: a device, a pipe, /dev/stdout (a link into
    /proc that may well resolve to a regular file), anything under /dev or /proc."""
    special = ("/dev/", "/proc/")
    return (str(target.absolute()).startswith(special) or str(target.resolve()).startswith(special)
            or (target.exists() and not target.is_file()))


def _unnamed_file(directory: Path) -> int:
    """A file in *directory* with no name yet (Linux O_TMPFILE), or -1 where there is none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return -1
    try:
        return os.open(directory, flag | os.O_WRONLY, 0o666)   # the umask applies, as to any new file
    except OSError:   # a file system without it
        return -1


def draw(picture: Callable[..., None], to_file: bool = False) -> str | None:
    """Draw *picture* (a function of a rich Console) on the terminal (None returned), or into
    plain text for a file."""
    from rich.console import Console
    if not to_file:
        with stdout_reported():
            picture(Console())
        return None
    buffer = io.StringIO()
    picture(Console(file=buffer, width=100, color_system=None, force_terminal=False))
    return buffer.getvalue()


def check_output(output: str, reports: Sequence[str]) -> None:
    """Fail before any work when the destination cannot be written or is an input."""
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"{output}: 是一个目录 — -o 需要文件路径")
    device = _in_place(target)   # written in place (see Output)
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{output}: 目录 {parent} 不存在 — 请先创建")
    if not device and not os.access(parent, os.W_OK):
        raise UsageError(f"{output}: 目录 {parent} 不可写 — 请换一个输出位置")
    for r in reports:
        if r != "-" and _same_file(r, output):
            raise UsageError(f"{output}: 是本次运行要读取的文件({r})— 本工具从不覆盖输入文件,请换一个输出文件")


def _same_file(a: str, b: str) -> bool:
    """The same existing file, under any name (itself, a symlink to it, a hard link)?"""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def report_error(message: str) -> None:
    """One line on stderr: a file name cannot break it or fake another (see errors.printable)."""
    print(f"score: {printable(message)}", file=sys.stderr)
