"""Read a report file (or stdin) into a Document: bytes → decoded original text."""

from __future__ import annotations

import codecs
import hashlib
import sys
from pathlib import Path

from .errors import InputError
from .model import Document

MAX_BYTES = 50 * 1024 * 1024


def read_document(path: str) -> Document:
    """Read *path* ('-' for stdin) and decode it; raise InputError with advice."""
    data = _read_bytes(path)
    text, encoding = _decode(path, data)
    if not text.strip():
        raise InputError(f"{path}: 文件为空或只有空白 — 请检查是否选错了文件")
    return Document(path=path, text=text, encoding=encoding,
                    sha256=hashlib.sha256(data).hexdigest())


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: 文件不存在 — 请检查路径")
    if p.is_dir():
        raise InputError(f"{path}: 这是一个目录,不是报告文件 — 请给出报告文件的路径")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: 文件过大({size // 1048576} MB,上限 50 MB) — 请只提交报告正文")
        return p.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: 没有读取权限 — 请检查文件权限") from None
    except OSError as exc:
        raise InputError(f"{path}: 无法读取({exc.strerror}) — 请检查文件") from None


def _decode(path: str, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(path, data, "utf-16"), "utf-16"
    if b"\x00" in data:
        raise InputError(f"{path}: 这是二进制文件,不是文本报告 — 请另存为 .txt(UTF-8)后再评分")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: 无法识别文本编码 — 请另存为 UTF-8 文本后再评分")


def _strict(path: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: 第 {exc.start} 字节处不是有效的 {encoding} 编码 — "
                         "请另存为 UTF-8 文本后再评分") from None
