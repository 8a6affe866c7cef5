"""An on-disk cache of the loaded knowledge base and its match indexes, so a call starts fast.

Keyed by a hash of the knowledge base's bytes, the program version and the Python version; kept in
the user's cache directory. A cache that is stale, corrupt, unreadable, or not owned by the user is
ignored and rebuilt, never trusted blindly and never a crash. `marshal` reads plain values only; it
builds no objects of its own and runs no code.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from typing import Any

from . import __version__

CACHE_ENV = "MASSAGE_MATCH_CACHE"  # a directory, or "off" to neither read nor write a cache
FORMAT = 2


def cache_dir() -> str | None:
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else chosen
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "massage-match")


# The modules whose code decides what a cache holds: a cache written by other code (an upgrade, a
# checkout being edited) is never read, even when the version number has not moved.
STATE_MODULES = ("cache", "snapshot", "match", "interpret", "text", "model", "kb")


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
    tag = f"{kb_digest}|{__version__}|{FORMAT}|{sys.version_info[:2]}|{marshal.version}|{_code_stamp()}"
    return f"{zlib.crc32(tag.encode()):08x}-{kb_digest}"


def _trustworthy(path: str) -> bool:
    """Only a regular file the user owns, that no one else may write."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return False
    return not info.st_mode & 0o022


def read(key: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = os.path.join(folder, f"{key}.cache")
    if not _trustworthy(path):
        return None
    try:
        with open(path, "rb") as f:
            data = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 3 and data[0] == "massage-match" and data[1] == key):
        return None
    return data[2]


def write(key: str, payload: Any) -> None:
    """Best effort: a cache that cannot be written only costs time on the next call."""
    folder = cache_dir()
    if folder is None:
        return
    import tempfile

    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(("massage-match", key, payload)))
            os.chmod(tmp, 0o600)
            os.replace(tmp, os.path.join(folder, f"{key}.cache"))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass
