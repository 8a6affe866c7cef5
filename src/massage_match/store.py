"""The built knowledge base on disk: its parts kept in the user's cache folder, so a call starts fast.

A store file holds the parts a fresh build makes (see model/parts.py), each readable on its own, so
a call reads only what it uses: the postings of its own words, the entries it names.

    MAGIC | header length (4 bytes) | header crc (4 bytes) | header | part | part | ...

The header (marshal) holds the key and, per named section, its (offset, length, crc). A table is a
section holding such a triple for each of its keys. `marshal` builds plain values and runs no code.

Nothing is trusted that another user could have put there: the folder must be the caller's and
writable by no one else, and a store file a regular file of the caller's, opened without following
a symlink and without waiting on a FIFO. A store that is stale, damaged or untrusted is never read;
a part found damaged while answering is rebuilt in memory, answered from, and written again.
Only files named like this module's own are ever replaced or pruned: the folder may be shared.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable
from typing import Any

from massage_match.hashing import blake2b
from massage_match.model import MemoryParts
from massage_match.version import __version__

CACHE_ENV = "MASSAGE_MATCH_CACHE"  # a directory, or "off" to neither read nor write a store
FORMAT = 4
MAGIC = b"MMSTORE\x04"
PREFIX = len(MAGIC) + 8
# Stores of other knowledge bases (an old version of the files, a colleague's data dir) are kept, up
# to this many, newest first: switching back is then fast, and the folder cannot grow forever.
KEEP_FILES = 8
_OWN_NAME = re.compile(r"massage-match-[0-9a-f]{32}\.store")
# A temporary file of a write that was killed (SIGKILL, a power cut) is ours too, once it is old
# enough that no write can still be going on.
_OWN_TEMPORARY = re.compile(r"\.massage-match-[0-9a-f]{32}\.store\.[0-9]+\.[0-9a-f]{8}\.tmp")
STALE_TEMPORARY_SECONDS = 3600
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

Part = tuple[int, int, int]  # offset (from the end of the header), length, crc32


class StoreDamaged(Exception):
    """A part of the store file does not read back as written."""


def cache_dir() -> str | None:
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else chosen
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "massage-match")


def _code_stamp() -> str:
    """Sizes and times of the package's sources and snapshots: a store written by other code (an upgrade, a
    checkout being edited) is never read, even when the version number has not moved."""
    package = os.path.dirname(os.path.abspath(__file__))
    stamp = []
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(n for n in names if n.endswith((".py", ".json", ".txt"))):
            with contextlib.suppress(OSError):
                info = os.stat(os.path.join(folder, name))
                stamp.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return ",".join(stamp)


def store_key(kb_digest: str) -> str:
    """The store's name for this knowledge base, under this code and this Python."""
    tag = f"{kb_digest}|{__version__}|{FORMAT}|{sys.version_info[:2]}|{marshal.version}|{sys.byteorder}"
    return blake2b(f"{tag}|{_code_stamp()}".encode(), digest_size=16).hexdigest()


def _file_name(key: str) -> str:
    return f"massage-match-{key}.store"


def _trusted(info: os.stat_result, is_folder: bool) -> bool:
    """The caller's own, and writable by no one else (a folder: a folder; a file: a regular file)."""
    kind = stat.S_ISDIR(info.st_mode) if is_folder else stat.S_ISREG(info.st_mode)
    getuid = getattr(os, "getuid", None)
    return kind and (getuid is None or info.st_uid == getuid()) and not info.st_mode & 0o022


def _open_folder(create: bool) -> int | None:
    """A descriptor of the cache folder if it can be trusted (everything else is opened relative to
    it, so it cannot be swapped under us), else None."""
    path = cache_dir()
    if path is None:
        return None
    try:
        if create:
            os.makedirs(path, mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if _trusted(os.fstat(fd), is_folder=True):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


class Store:
    """A store file opened for reading parts on demand (the Parts protocol of model/parts.py).

    `rebuild` makes the same parts from the knowledge base itself; it is called (once) only if a part
    turns out to be damaged: everything is then answered from its result, which replaces the file.
    """

    def __init__(self, key: str, fd: int, base: int, sections: dict[str, Part], rebuild: Callable[[], MemoryParts]):
        import weakref

        weakref.finalize(self, os.close, fd)  # the file stays open while the store is in use, no longer
        self._key = key
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
            raise StoreDamaged
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            raise StoreDamaged from None

    def _fall_back(self) -> MemoryParts:
        if self._fallback is None:
            self._fallback = self._rebuild()
            write_store(self._key, self._fallback)
        return self._fallback

    def section(self, name: str) -> Any:
        if self._fallback is None:
            try:
                return self._read(self._sections[name])
            except (StoreDamaged, OSError, KeyError, TypeError, ValueError):
                pass
        return self._fall_back().section(name)

    def _table(self, name: str) -> dict[Any, Part]:
        index = self._tables.get(name)
        if index is None:
            index = self._tables[name] = self._read(self._sections[name])
        return index

    def record(self, table: str, key: Any) -> Any | None:
        if self._fallback is None:
            try:
                part = self._table(table).get(key)
                return None if part is None else self._read(part)
            except (StoreDamaged, OSError, KeyError, TypeError, ValueError, AttributeError):
                pass
        return self._fall_back().record(table, key)


def open_store(key: str, rebuild: Callable[[], MemoryParts]) -> Store | None:
    """The store for `key`, if there is a trusted one whose header reads back intact."""
    folder = _open_folder(create=False)
    if folder is None:
        return None
    try:
        # Non-blocking: a FIFO planted under the store's name must not make the call wait for a writer.
        fd = os.open(_file_name(key), os.O_RDONLY | os.O_NONBLOCK | _NO_FOLLOW, dir_fd=folder)
    except OSError:
        return None
    finally:
        os.close(folder)
    try:
        if not _trusted(os.fstat(fd), is_folder=False):
            raise StoreDamaged
        head = os.pread(fd, PREFIX, 0)
        if len(head) != PREFIX or head[: len(MAGIC)] != MAGIC:
            raise StoreDamaged
        length = int.from_bytes(head[len(MAGIC) : len(MAGIC) + 4], "little")
        crc = int.from_bytes(head[len(MAGIC) + 4 :], "little")
        blob = os.pread(fd, length, PREFIX)
        if len(blob) != length or zlib.crc32(blob) != crc:
            raise StoreDamaged
        header = marshal.loads(blob)
        if not (isinstance(header, tuple) and len(header) == 3 and header[:2] == ("massage-match", key)):
            raise StoreDamaged
        sections = dict(header[2])
    except (StoreDamaged, OSError, EOFError, ValueError, TypeError, AttributeError):
        os.close(fd)
        return None
    return Store(key, fd, PREFIX + length, sections, rebuild)


def write_store(key: str, parts: MemoryParts) -> None:
    """Write `parts` as the store for `key`. Best effort: a store that cannot be written only costs
    time on the next call."""
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
    folder = _open_folder(create=True)
    if folder is None:
        return
    try:
        if _replace_file(folder, _file_name(key), (prefix, header, *blobs)):
            _prune(folder)
    finally:
        os.close(folder)


def _replace_file(folder: int, name: str, chunks: tuple[bytes, ...]) -> bool:
    """Write a new file `name` in the folder atomically (readers see the old file or the new one,
    never half of one), readable by the caller only."""
    tmp = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600, dir_fd=folder)
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        return False
    return True


def _prune(folder: int) -> None:
    """Keep the newest KEEP_FILES stores, and no temporary file left by a killed write; never touch a
    file this module did not name."""
    own = []
    stale_before = (time.time() - STALE_TEMPORARY_SECONDS) * 1e9
    for name in os.listdir(folder):
        temporary = _OWN_TEMPORARY.fullmatch(name) is not None
        if _OWN_NAME.fullmatch(name) or temporary:
            with contextlib.suppress(OSError):
                info = os.stat(name, dir_fd=folder, follow_symlinks=False)
                if not _trusted(info, is_folder=False):
                    continue
                if not temporary:
                    own.append((info.st_mtime_ns, name))
                elif info.st_mtime_ns < stale_before:
                    os.unlink(name, dir_fd=folder)
    own.sort(reverse=True)
    for _, name in own[KEEP_FILES:]:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
