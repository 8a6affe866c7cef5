"""`export`: write the knowledge base in use to a folder for editing, all three files or none."""

from __future__ import annotations

import errno
import os

from massage_match.errors import KnowledgeBaseError, MassageMatchError, Problem
from massage_match.files import FileReadError, FileWriteError, check_target, read_regular_file, write_files_atomically
from massage_match.kb.sources import FILES, MAX_FILE_BYTES, embedded_data_dir

# A knowledge base holds no client data: readable by others, as the shipped files are.
EXPORT_MODE = 0o644


class ExportError(MassageMatchError):
    """The export was refused before anything was written (a usage error: exit 2)."""


def export_knowledge_base(
    source_dir: str | os.PathLike[str] | None, target_dir: str | os.PathLike[str], force: bool
) -> list[str]:
    """Copy the three files of `source_dir` (None: the embedded knowledge base) into `target_dir`.

    Returns the paths written. Raises ExportError or FileWriteError (one line each, nothing written)
    or KnowledgeBaseError when the source cannot be read."""
    source = os.fspath(source_dir) if source_dir is not None else embedded_data_dir()
    target = os.fspath(target_dir)
    targets = [os.path.join(target, name) for name in FILES]
    _refuse_same_folder(source, target)
    existing = _check_targets(target, targets)
    if existing and not force:
        files = "files already exist" if len(existing) > 1 else "a file already exists"
        raise ExportError(f"{files} ({', '.join(existing)}); use --force to overwrite")
    data = _read_sources(source)
    try:
        os.makedirs(target, exist_ok=True)
    except OSError as exc:  # e.g. a part of the path is a regular file, or a read-only disk
        raise FileWriteError(target, exc.strerror or str(exc), exc.errno) from None
    write_files_atomically(list(zip(targets, data, strict=True)), mode=EXPORT_MODE, overwrite=force)
    return targets


def _refuse_same_folder(source: str, target: str) -> None:
    try:
        same = os.path.samefile(source, target)
    except OSError:  # the target does not exist yet (or cannot be looked at: the write will say why)
        return
    if same:
        raise ExportError(f"cannot export into {target}: it is the knowledge base being exported")


def _check_targets(target: str, targets: list[str]) -> list[str]:
    """The targets that exist; a link, a folder or anything but a regular file is refused.

    A link is refused even with --force, dangling or not: writing through it would put a file
    wherever it points, outside the folder named."""
    try:
        os.lstat(target)
    except FileNotFoundError:
        pass
    except OSError as exc:  # ENOTDIR: the folder named is under a regular file
        raise FileWriteError(target, exc.strerror or str(exc), exc.errno) from None
    else:
        if not os.path.isdir(target):
            raise FileWriteError(target, "it exists and is not a folder")
    return [path for path in targets if check_target(path, overwrite=True)]


def _read_sources(source: str) -> list[bytes]:
    data: list[bytes] = []
    problems: list[Problem] = []
    for name in FILES:
        path = os.path.join(source, name)
        try:
            data.append(read_regular_file(path, MAX_FILE_BYTES))
        except FileReadError as exc:
            reason = "file not found" if exc.errno == errno.ENOENT else f"cannot read: {exc.reason}"
            problems.append(Problem(path, None, reason))
    if problems:
        raise KnowledgeBaseError(problems)
    return data
