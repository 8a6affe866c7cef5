"""An on-disk cache of the loaded knowledge base and its match indexes, so a call starts fast.

Keyed by a hash of the knowledge base's bytes, the program version and the Python version; kept in
the user's cache directory. A cache that is stale, corrupt, unreadable, or not owned by the user is
ignored and rebuilt, never trusted blindly and never a crash. `marshal` reads plain values only; it
builds no objects of its own and runs no code.

A cache file is a store of separately readable parts, so a call reads only what it uses: a query
reads the postings of its own words and the records of the entries it names, never the whole
knowledge base (which matters once a clinic's knowledge base is large).

    MAGIC | header length (4 bytes) | header crc (4 bytes) | header | part | part | ...

The header (marshal) holds the key and, per named section, its (offset, length, crc). A table is
a section holding such a triple for each of its keys. Every part's crc is checked when it is read;
a part that fails the check makes the store fall back to a freshly built copy of the same values.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from collections.abc import Callable
from typing import Any

from massage_match import __version__

CACHE_ENV = "MASSAGE_MATCH_CACHE"  # a directory, or "off" to neither read nor write a cache


def cache_dir() -> str | None:
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else chosen
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "massage-match")


def _trustworthy(info: os.stat_result) -> bool:
    """Only a file the user owns, that no one else may write."""
    getuid = getattr(os, "getuid", None)
    return (getuid is None or info.st_uid == getuid()) and not info.st_mode & 0o022


FORMAT = 3
MAGIC = b"MMSTORE\x03"
PREFIX = len(MAGIC) + 8
# Caches of other knowledge bases (an old version of the files, a colleague's data dir) are kept,
# up to this many, newest first: switching back is then fast, and the folder cannot grow forever.
KEEP_FILES = 8

Part = tuple[int, int, int]  # offset (from the end of the header), length, crc32


class CacheCorrupt(Exception):
    """A part of the cache file does not read back as written."""


# The modules whose code decides what a cache holds: a cache written by other code (an upgrade, a
# checkout being edited) is never read, even when the version number has not moved.
STATE_MODULES = (
    "store",
    "snapshot",
    "language/phrases",
    "language/matcher",
    "language/normalize",
    "model/knowledge",
    "kb/loader",
)


def _code_stamp() -> str:
    here = os.path.dirname(__file__)
    stamp = []
    for name in STATE_MODULES:
        try:
            info = os.stat(os.path.join(here, f"{name}.py"))
        except OSError:
            continue  # shipped without sources: the version alone tells
        stamp.append(f"{info.st_size}:{info.st_mtime_ns}")
    return ",".join(stamp)


def cache_key(kb_digest: str) -> str:
    tag = f"{kb_digest}|{__version__}|{FORMAT}|{sys.version_info[:2]}|{marshal.version}|{sys.byteorder}|{_code_stamp()}"
    return f"{zlib.crc32(tag.encode()):08x}-{kb_digest}"


def _path(key: str) -> str | None:
    folder = cache_dir()
    return None if folder is None else os.path.join(folder, f"{key}.cache")


class MemoryParts:
    """The same sections and tables as a store file, held as values (a freshly built knowledge base)."""

    def __init__(self, sections: dict[str, Any], tables: dict[str, dict[Any, Any]]):
        self.sections = sections
        self.tables = tables

    def section(self, name: str) -> Any:
        return self.sections[name]

    def record(self, table: str, key: Any) -> Any | None:
        return self.tables[table].get(key)


class Store:
    """A cache file opened for reading parts on demand.

    `rebuild` makes the same values from the knowledge base itself; it is called (once) only if a part
    turns out to be damaged, and everything is then answered from its result.
    """

    def __init__(self, fd: int, base: int, sections: dict[str, Part], rebuild: Callable[[], MemoryParts]):
        import weakref

        weakref.finalize(self, os.close, fd)  # the file stays open while the store is in use, no longer
        self._fd = fd
        self._base = base
        self._sections = sections
        self._rebuild = rebuild
        self._fallback: MemoryParts | None = None
        self._tables: dict[str, dict[Any, Part]] = {}

    def _read(self, part: Part) -> Any:
        offset, length, crc = part
        blob = os.pread(self._fd, length, self._base + offset)
        if len(blob) != length or zlib.crc32(blob) != crc:
            raise CacheCorrupt
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            raise CacheCorrupt from None

    def _fall_back(self) -> MemoryParts:
        if self._fallback is None:
            self._fallback = self._rebuild()
        return self._fallback

    def section(self, name: str) -> Any:
        if self._fallback is None:
            try:
                return self._read(self._sections[name])
            except (CacheCorrupt, KeyError, OSError):
                pass
        return self._fall_back().section(name)

    def _table(self, name: str) -> dict[Any, Part]:
        index = self._tables.get(name)
        if index is None:
            index = self._tables[name] = self._read(self._sections[name])
        return index

    def record(self, table: str, key: Any) -> Any | None:
        """The value stored under `key` in `table`, or None when there is none."""
        if self._fallback is None:
            try:
                part = self._table(table).get(key)
                return None if part is None else self._read(part)
            except (CacheCorrupt, OSError, KeyError, TypeError, ValueError):
                pass
        return self._fall_back().record(table, key)


def open_store(key: str, rebuild: Callable[[], MemoryParts]) -> Store | None:
    """The cache file for `key`, if there is a trustworthy one whose header reads back intact."""
    path = _path(key)
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not _trustworthy(os.fstat(fd)):
            raise CacheCorrupt
        head = os.pread(fd, PREFIX, 0)
        if len(head) != PREFIX or head[: len(MAGIC)] != MAGIC:
            raise CacheCorrupt
        length = int.from_bytes(head[len(MAGIC) : len(MAGIC) + 4], "little")
        crc = int.from_bytes(head[len(MAGIC) + 4 :], "little")
        blob = os.pread(fd, length, PREFIX)
        if len(blob) != length or zlib.crc32(blob) != crc:
            raise CacheCorrupt
        header = marshal.loads(blob)
        if not (isinstance(header, tuple) and len(header) == 3 and header[:2] == ("massage-match", key)):
            raise CacheCorrupt
        sections = dict(header[2])
    except (CacheCorrupt, OSError, EOFError, ValueError, TypeError, AttributeError):
        os.close(fd)
        return None
    return Store(fd, PREFIX + length, sections, rebuild)


def write_store(key: str, parts: MemoryParts) -> None:
    """Write `parts` as the cache for `key`. Best effort: a cache that cannot be written only costs
    time on the next call."""
    path = _path(key)
    if path is None:
        return
    blobs: list[bytes] = []
    offset = 0

    def add(value: Any) -> Part:
        nonlocal offset
        blob = marshal.dumps(value)
        blobs.append(blob)
        offset += len(blob)
        return (offset - len(blob), len(blob), zlib.crc32(blob))

    try:
        directory = {name: add(value) for name, value in parts.sections.items()}
        for name, table in parts.tables.items():
            index = {k: add(v) for k, v in table.items()}
            directory[name] = add(index)
        header = marshal.dumps(("massage-match", key, directory))
    except ValueError:  # a value marshal cannot hold: a programming error, but never the user's problem
        return
    prefix = MAGIC + len(header).to_bytes(4, "little") + zlib.crc32(header).to_bytes(4, "little")
    if write_private_file(path, prefix, header, *blobs):
        _prune(os.path.dirname(path))


def write_private_file(path: str, *parts: bytes) -> bool:
    """Write `parts` to `path` as one file only the user may read, atomically (readers see the old
    file or the new one, never half of one). Best effort: False when it cannot be written."""
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            for part in parts:
                f.write(part)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def _prune(folder: str) -> None:
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".cache"):
            with contextlib.suppress(OSError):
                entries.append((entry.stat().st_mtime_ns, entry.path))
    entries.sort(reverse=True)
    for _, path in entries[KEEP_FILES:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
