"""A cache of loaded rubrics, so that a run does not re-parse and re-validate unchanged YAML.

Loading both bundled rubrics (YAML, JSON Schema, regex checks, the search automaton) takes about
0.44 s; from the cache, about 0.09 s (the regexes are compiled again when unpickled). An entry is
used only when the rubric file, every file it `extends:`, the schema and the package's code are
byte for byte the ones it was built from, so an edited rubric is always validated afresh. Only
rubrics that loaded without problems are cached.

Location: `$FAZHI_CACHE_DIR`, else `$XDG_CACHE_HOME/fazhi-score`, else `~/.cache/fazhi-score`;
`FAZHI_CACHE_DIR=` (empty) turns the cache off. A cache that cannot be read or written is
ignored: it never makes a run fail.

An entry must never be able to run code, even in a cache directory others can reach: the
directory is used only when it is a real directory (not a symlink) that this user owns and
nobody else can write; an entry is opened without following symlinks and checked on the opened
descriptor (a regular file of this user's, writable by nobody else), so that a rename between a
check and the open cannot swap it; and it is unpickled with a closed list of what it may name:
the package's own classes, `re._compile` and the search automaton. Anything else is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .limits import MAX_RUBRIC_BYTES, read_regular

if TYPE_CHECKING:
    from .rubric import Rubric

_FORMAT = 3


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    configured = os.environ.get("FAZHI_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fazhi-score"


def get(path: Path, schema: Path) -> Rubric | None:
    """The cached rubric for *path*, if every file it was built from is unchanged."""
    entry = _entry(path, schema)
    if entry is None or not _safe_directory(entry.parent):
        return None
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or not _own(st):
                return None
            fmt, bases, rubric = _Unpickler(fh).load()
        if fmt != _FORMAT or any(_digest(Path(p)) != digest for p, digest in bases):
            return None
        return rubric  # type: ignore[no-any-return]  # unpickled (Any); _Unpickler admits only rubric classes
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, never an error
        return None


def put(path: Path, schema: Path, bases: Sequence[str], rubric: Rubric) -> None:
    """Store *rubric* (loaded from *path*, extending *bases*), with its search automaton built."""
    entry = _entry(path, schema)
    if entry is None:
        return
    rubric.searcher  # noqa: B018 - built now, so that a cached rubric comes with it
    tmp = None
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe_directory(entry.parent):
            return   # another user's or a shared directory: never write where others can swap entries
        data = pickle.dumps((_FORMAT, [(b, _digest(Path(b))) for b in bases], rubric))
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, entry)
        for old in entry.parent.glob(entry.name.rsplit("-", 1)[0] + "-*.pickle"):
            if old != entry:   # one entry per rubric file: an edited rubric replaces its old entry
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - an unwritable cache only costs time
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _entry(path: Path, schema: Path) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    key = hashlib.sha256()
    key.update(f"{_FORMAT}\0{__version__}\0{sys.version}\0{path.resolve()}\0".encode())
    try:
        key.update(read_regular(path, MAX_RUBRIC_BYTES))
        key.update(_shared(schema))
    except (OSError, ValueError):   # the loader reports what is wrong with the file
        return None
    place = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    return directory / f"rubric-{place}-{key.hexdigest()[:32]}.pickle"


@cache
def _shared(schema: Path) -> bytes:
    """The digest of what every entry of a run is built from besides its rubric file: the
    schema, the bundled rubrics (a copy of one is `modified` against it) and every module of the
    package (what a loaded rubric holds — rule kinds, references, search plans — is decided by
    code spread over many modules, and a new module must count too). Read once per process, not
    once per rubric looked up."""
    key = hashlib.sha256(schema.read_bytes())
    for bundled in sorted(schema.parent.glob("*.yaml")):
        key.update(bundled.read_bytes())
    here = Path(__file__).resolve().parent
    for module in sorted(here.rglob("*.py")):
        key.update(module.relative_to(here).as_posix().encode() + b"\0" + module.read_bytes())
    return key.digest()


class _Unpickler(pickle.Unpickler):
    """Unpickles what a rubric is made of and nothing else: a pickle naming any other callable
    (os.system, builtins.eval, …) fails before it can be called."""

    _ALLOWED = {("re", "_compile"), ("ahocorasick", "Automaton")}

    def find_class(self, module: str, name: str) -> Any:
        if (module == "fazhi" or module.startswith("fazhi.")) and not name.startswith("_") \
                or (module, name) in self._ALLOWED:
            found = super().find_class(module, name)
            if isinstance(found, type) or (module, name) in self._ALLOWED:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a rubric")


def _own(st: os.stat_result) -> bool:
    """A regular file (or directory) of this user's that nobody else can change."""
    if not hasattr(os, "geteuid"):
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _safe_directory(directory: Path) -> bool:
    """Is *directory* a real directory (not a symlink) of this user's that nobody else can write?"""
    try:
        st = os.lstat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _own(st)


def _digest(path: Path) -> str:
    return hashlib.sha256(read_regular(path, MAX_RUBRIC_BYTES)).hexdigest()
