"""Read a report (file or stdin) into a Document: bytes → text, whatever the format.

The format is sniffed from the content, never guessed from the extension: PDF, Word (.docx),
HTML (main text only), or plain text in UTF-8/UTF-16/UTF-32 (with or without BOM) or
GBK/GB18030. The text that comes out is the "original" every evidence offset and line number
refers to. A quality gate refuses what is not Chinese text.
"""

from __future__ import annotations

import codecs
import hashlib
import sys
from pathlib import Path

from .errors import InputError, printable
from .formats import FORMATS, SUFFIXES
from .limits import MAX_BYTES
from .model import Document
from .quality import assess

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"BM")


def read_document(path: str) -> Document:
    """Read *path* ('-' for stdin), extract its text and check it; InputError with advice."""
    data = _read_bytes(path)
    text, encoding, fmt = extract(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n") if fmt != "text" else text
    if not text.strip():
        raise InputError(f"{path}: 文件为空或只有空白 — 请检查是否选错了文件")
    quality = assess(text, path)
    # The name as shown in every output: a name that is not UTF-8 or holds control characters
    # could not be written to a UTF-8 file, or would reach a terminal raw.
    return Document(path=printable(path), text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
                    format=fmt, quality=quality)


def extract(data: bytes, path: str) -> tuple[str, str, str]:
    """(text, encoding, format) of a report's bytes, in the first format that recognises them
    (see formats.FORMATS); what no format reads is refused with advice."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS:
        if fmt.binary and suffix in fmt.suffixes and not data.startswith(fmt.magic):
            raise InputError(f"{path}: {fmt.misnamed}")
    for fmt in FORMATS:
        if fmt.binary and fmt.recognises(data):
            return fmt.text(data, path), "—", fmt.key
    if data.startswith(_OLE):
        raise InputError(f"{path}: 这是旧版 Word(.doc)或 Excel 文件 — 请另存为 .docx 或 .txt 后再评分")
    if data.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: 这是压缩包(zip)而不是报告 — 请解压后对其中的报告文件评分")
    if data.startswith(_BINARY_MAGIC):
        raise InputError(f"{path}: 这是图片或压缩文件,不是文本报告 — 请提供报告的文字版({'/'.join(SUFFIXES)})")
    text, encoding = _decode(path, data)
    fmt = next(f for f in FORMATS if not f.binary and f.recognises(text))   # plain text takes any
    return fmt.text(text, path), encoding, fmt.key


def _read_bytes(path: str) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"-: 标准输入超过 {MAX_BYTES // 1048576} MB 上限 — 请只提交报告正文")
        return data
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: 文件不存在 — 请检查路径")
    if p.is_dir():
        raise InputError(f"{path}: 这是一个目录,不是报告文件 — 请给出报告文件的路径")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: 文件过大({size / 1048576:.0f} MB,上限 {MAX_BYTES // 1048576} MB)"
                             " — 请只提交报告正文")
        # st_size says nothing of a device or a pipe (/dev/zero, a FIFO): the read is bounded too
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"{path}: 内容超过 {MAX_BYTES // 1048576} MB 上限(不是普通文件或仍在增长)"
                             " — 请只提交报告正文")
        return data
    except PermissionError:
        raise InputError(f"{path}: 没有读取权限 — 请检查文件权限") from None
    except OSError as exc:
        raise InputError(f"{path}: 无法读取({exc.strerror}) — 请检查文件") from None


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(path: str, data: bytes) -> tuple[str, str]:
    """Detect the encoding from the bytes: BOM, then strict UTF-8, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(path, data, encoding), encoding
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is not None and (b"\x00" not in data or best.encoding.startswith("utf_")):
        text = str(best)
        controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r")
        if controls <= 0.05 * len(text):
            return text, best.encoding.replace("_", "-")
    if b"\x00" in data:
        raise InputError(f"{path}: 这是二进制文件,不是文本报告 — 请另存为 .txt(UTF-8)后再评分")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise InputError(f"{path}: 无法识别文本编码 — 请另存为 UTF-8 文本后再评分") from None


def _strict(path: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: 第 {exc.start} 字节处不是有效的 {encoding} 编码 — "
                         "请另存为 UTF-8 文本后再评分") from None
