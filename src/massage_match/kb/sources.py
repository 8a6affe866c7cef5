"""Where the knowledge base lives, and reading its three files (without parsing them)."""

from __future__ import annotations

import errno
import os

from massage_match.errors import KnowledgeBaseError, Problem
from massage_match.files import FileReadError, read_regular_file
from massage_match.hashing import blake2b

FILES = ("conditions.yaml", "modalities.yaml", "contraindications.yaml")
# A benchmark builds a 10 MB knowledge base; far beyond that is not a knowledge base but a mistake
# (or /dev/zero), and must not fill memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


def embedded_data_dir() -> str:
    """The knowledge base shipped with the package (a wheel), or the checkout's data/ (editable).

    Plain os.path: pathlib's import alone costs a noticeable share of a call's start-up."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    for candidate in (os.path.join(here, "data"), os.path.join(here, os.pardir, os.pardir, "data")):
        if os.path.isfile(os.path.join(candidate, FILES[0])):
            return os.path.normpath(candidate)
    from importlib import resources  # the package is somewhere unusual (a zip): ask the import system

    return os.path.join(str(resources.files("massage_match")), "data")


def read_sources(data_dir: str | os.PathLike[str] | None) -> tuple[dict[str, bytes], str, str]:
    """Read the three files' bytes; return them with a display location and a digest.

    The bytes are decoded (decode_sources) only when they must be parsed: a call answered from the
    cache never pays for it."""
    base = os.fspath(data_dir) if data_dir is not None else embedded_data_dir()
    raws: dict[str, bytes] = {}
    problems: list[Problem] = []
    # The on-disk cache is keyed by this digest: it must change with any edit, a crafted one included
    # (a checksum plus sizes can be kept by patching four bytes). BLAKE2b is faster than MD5 or SHA-256.
    digest = blake2b(digest_size=16, person=b"massage-match-kb")
    if data_dir is not None and not os.path.isdir(base):
        raise KnowledgeBaseError([Problem(base, None, "knowledge-base directory not found")])
    for name in FILES:
        path = os.path.join(base, name)
        try:
            raw = read_regular_file(path, MAX_FILE_BYTES)
        except FileReadError as exc:
            problems.append(
                Problem(path, None, "file not found" if exc.errno == errno.ENOENT else f"cannot read: {exc.reason}")
            )
            continue
        raws[name] = raw
        # name and length first: the bytes of one file can never pass for those of another
        digest.update(b"%s\0%d\0" % (name.encode(), len(raw)))
        digest.update(raw)
    if problems:
        raise KnowledgeBaseError(problems)
    return raws, base, digest.hexdigest()


def decode_sources(raws: dict[str, bytes], base: str) -> dict[str, str]:
    """The files as text; every file that is not UTF-8 is reported with the line where it breaks."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for name, raw in raws.items():
        try:
            texts[name] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(Problem(os.path.join(base, name), line, "not valid UTF-8 text"))
    if problems:
        raise KnowledgeBaseError(problems)
    return texts
