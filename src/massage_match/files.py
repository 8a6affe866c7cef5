"""Writing and reading files the user names, safely: every writer of the package goes through here.

Writes are atomic (a temporary file in the same folder, synced, then renamed over the target), owner-only
by default (client data is health data), and never go through a symbolic link at the target: a link
there may point anywhere, and `--force` must not turn into "overwrite whatever it points at". Reads
follow links (a knowledge base or a profile given as a link is legitimate) but take only a regular file,
and no more of it than a limit: a FIFO, /dev/zero or a huge file must not hang us or fill memory.

Every failure is one exception whose message is one line: "cannot write <path>: <reason>".
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Sequence
from typing import TypeAlias

from massage_match.errors import MassageMatchError

PathLike: TypeAlias = "str | os.PathLike[str]"

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_READ_CHUNK = 1 << 20


class _FileError(MassageMatchError):
    """One line: "cannot <verb> <path>: <reason>", with the OS error number where there is one."""

    verb = "use"

    def __init__(self, path: PathLike, reason: str, code: int | None = None):
        self.path = os.fspath(path)
        self.reason = reason
        self.errno = code
        super().__init__(f"cannot {self.verb} {self.path}: {reason}")


class FileWriteError(_FileError):
    """A file could not be written; nothing half-written was left behind."""

    verb = "write"


class FileExistsWriteError(FileWriteError):
    """The target exists and overwriting was not asked for."""


class FileReadError(_FileError):
    """A file could not be read, or is not a regular file, or is over its size limit."""

    verb = "read"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_regular_file(path: PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a FileReadError."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    except OSError as exc:
        raise FileReadError(path, _reason(exc), exc.errno) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise FileReadError(path, f"{what} (a file was expected)")
        if info.st_size > limit:
            raise FileReadError(path, f"larger than the {limit:,}-byte limit")
        # One read of the size fstat gives (plus one byte, to see growth) takes the usual file whole,
        # with no copy to join; a file still growing is read on, never past limit + 1 bytes.
        first = os.read(fd, min(info.st_size + 1, limit + 1))
        parts = [first]
        size = len(first)
        while size <= limit:
            part = os.read(fd, min(_READ_CHUNK, limit + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
        if size > limit:
            raise FileReadError(path, f"larger than the {limit:,}-byte limit")
        return first if len(parts) == 1 else b"".join(parts)
    except OSError as exc:
        raise FileReadError(path, _reason(exc), exc.errno) from None
    finally:
        os.close(fd)


def check_target(path: PathLike, *, overwrite: bool) -> bool:
    """Refuse a target that is a link or not a regular file (and, without overwrite, one that exists).

    Returns whether the target exists."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:  # e.g. ENOTDIR: a part of the path is a file
        raise FileWriteError(path, _reason(exc), exc.errno) from None
    if stat.S_ISLNK(info.st_mode):
        raise FileWriteError(path, "it is a symbolic link; refusing to write through it (remove the link first)")
    if not stat.S_ISREG(info.st_mode):
        raise FileWriteError(path, "it exists and is not a regular file")
    if not overwrite:
        raise FileExistsWriteError(path, "it already exists", errno.EEXIST)
    return True


def _folder(path: PathLike) -> str:
    return os.path.dirname(os.fspath(path)) or os.curdir


def _create_temp(path: PathLike, mode: int) -> tuple[int, str]:
    folder, name = _folder(path), os.path.basename(os.fspath(path))
    for _ in range(100):
        temp = os.path.join(folder, f".{name}.{os.urandom(4).hex()}.tmp")
        try:
            # O_EXCL|O_NOFOLLOW: a file or link planted under our temporary name is never opened
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
            return os.open(temp, flags, mode & 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", folder)


def _write_temp(path: PathLike, data: bytes, mode: int) -> str:
    """A synced temporary file beside `path` holding `data` with `mode`; its name."""
    fd, temp = _create_temp(path, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # exactly `mode`, whatever the umask
    except BaseException:
        os.close(fd)
        _remove(temp)
        raise
    os.close(fd)
    return temp


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _sync_folder(folder: str) -> None:
    """Make the renames themselves durable; not every system can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY | _CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _put(temp: str, path: PathLike, overwrite: bool) -> None:
    if overwrite:
        check_target(path, overwrite=True)  # again, just before: a link planted meanwhile is still refused
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)  # fails if anything, even a dangling link, appeared at the target meanwhile
    except FileExistsError:
        raise FileExistsWriteError(path, "it already exists", errno.EEXIST) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        check_target(path, overwrite=False)  # a file system without hard links
        os.replace(temp, path)
        return
    os.unlink(temp)


def write_files_atomically(files: Sequence[tuple[PathLike, bytes]], *, mode: int = 0o600, overwrite: bool) -> None:
    """Write every (path, data) or none: all temporaries first, then the renames.

    On a failure while writing, no target has changed and no temporary is left. Without `overwrite`,
    a failure during the renames removes the targets already created, so none of them is left either;
    with it, each target holds either its old or its new content, never a mix."""
    for path, _ in files:
        check_target(path, overwrite=overwrite)
    temps: list[str] = []
    created: list[PathLike] = []
    current: PathLike = files[0][0] if files else ""
    try:
        for path, data in files:
            current = path
            temps.append(_write_temp(path, data, mode))
        for (path, _), temp in zip(files, temps, strict=True):
            current = path
            _put(temp, path, overwrite)
            if not overwrite:
                created.append(path)
    except FileWriteError:
        _undo(temps, created)
        raise
    except OSError as exc:
        _undo(temps, created)
        raise FileWriteError(current, _reason(exc), exc.errno) from None
    except BaseException:
        _undo(temps, created)
        raise
    for folder in {_folder(path) for path, _ in files}:
        _sync_folder(folder)


def _undo(temps: list[str], created: list[PathLike]) -> None:
    for temp in temps:
        if os.path.lexists(temp):
            _remove(temp)
    for path in created:
        _remove(os.fspath(path))


def write_private_atomically(path: PathLike, data: bytes, *, mode: int = 0o600, overwrite: bool) -> None:
    """Write `data` to `path` atomically, readable by its owner only (by default)."""
    write_files_atomically([(path, data)], mode=mode, overwrite=overwrite)


def check_writable(path: PathLike) -> None:
    """Fail now, with the same error a write would give, if a file could not be created beside `path`.

    Asked before a long questionnaire, so its answers are not lost to a read-only or missing folder."""
    try:
        fd, temp = _create_temp(path, 0o600)
    except OSError as exc:
        raise FileWriteError(path, _reason(exc), exc.errno) from None
    os.close(fd)
    _remove(temp)
