"""Where the knowledge base lives, and reading its three files (without parsing them)."""

from __future__ import annotations

import os
import zlib

from massage_match.errors import KnowledgeBaseError, Problem

FILES = ("conditions.yaml", "modalities.yaml", "contraindications.yaml")


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
    digest = 0
    if data_dir is not None and not os.path.isdir(base):
        raise KnowledgeBaseError([Problem(base, None, "knowledge-base directory not found")])
    for name in FILES:
        path = os.path.join(base, name)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            problems.append(Problem(path, None, "file not found"))
            continue
        except OSError as exc:
            problems.append(Problem(path, None, f"cannot read: {exc.strerror or exc}"))
            continue
        raws[name] = raw
        digest = zlib.crc32(raw, zlib.crc32(name.encode(), digest))
    if problems:
        raise KnowledgeBaseError(problems)
    # A content checksum plus the sizes: enough to tell one knowledge base from another (cache keys,
    # reports) without paying for a cryptographic hash on every call.
    return raws, base, f"{digest:08x}-" + "-".join(str(len(raws[name])) for name in FILES)


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
