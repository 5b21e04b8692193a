"""Every bound the tool enforces on what it reads, in one place (README, "Limits and safety").

A real annual report is a few dozen KB of text, a few pages, a few thousand HTML tags; each
bound is far above that and keeps the worst input of its kind to seconds and a few hundred MB.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

MAX_BYTES = 10 * 1024 * 1024      # bytes read from a file, a device, a pipe or stdin
MAX_CHARS = 5_000_000             # characters extracted from a Word, PDF or HTML file
MAX_PAGES = 500                   # pages of a PDF
MAX_TAGS = 100_000                # markup ("<") in an HTML page
MAX_UNZIPPED = 100 * 1024 * 1024  # bytes of a .docx package once unzipped
MAX_LIST_NUMBER = 100_000         # a Word list's counter (larger is shown in digits)
MAX_RUBRIC_BYTES = 32 * 1024 * 1024  # a rubric or waiver file (the bundled rubric is 260 KB; 100,000 waivers 12 MB)
# Seconds to match one report against the rubric (--timeout). A report of MAX_CHARS takes a few
# seconds; the limit is for a rubric regex that passes the shape check (patterns.py) and is still
# slow on some text: its run is stopped and the report fails alone, naming the item.
MAX_SECONDS = 60.0


class Expired(Exception):
    """The time given to `time_limit` ran out."""


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of *path*, a regular file of at most *limit* bytes; ValueError (the message) for
    a device, a pipe or a directory (/dev/zero never ends, a FIFO blocks) or a larger file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("不是普通文件(设备、管道或目录)— 请给出 YAML 文件的路径")
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(f"文件超过 {limit // 1048576} MB — 不像手写的 YAML,请检查路径")
    return raw


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Expired inside the block once *seconds* of wall time have passed. Python's regex
    engine checks for signals while it backtracks, so a slow rubric regex is stopped mid-match.
    No limit for 0, outside the main thread (signals reach only it) or while a timer is already
    running (it belongs to the program that calls us)."""
    if (seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0]):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
