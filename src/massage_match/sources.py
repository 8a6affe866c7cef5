"""Where the knowledge base lives, and reading its three files (without parsing them)."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from .errors import KnowledgeBaseError, Problem

FILES = ("conditions.yaml", "modalities.yaml", "contraindications.yaml")


def embedded_data_dir() -> Path:
    """The knowledge base shipped with the package (a wheel), or the checkout's data/ (editable)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parents[1] / "data"):
        if (candidate / FILES[0]).is_file():
            return candidate
    from importlib import resources  # the package is somewhere unusual (a zip): ask the import system

    return Path(str(resources.files("massage_match"))) / "data"


def read_sources(data_dir: str | os.PathLike[str] | None) -> tuple[dict[str, str], str, str]:
    """Read the three files as text; return them with a display location and a digest."""
    base = Path(data_dir) if data_dir is not None else embedded_data_dir()
    texts: dict[str, str] = {}
    sizes: list[int] = []
    problems: list[Problem] = []
    digest = 0
    if data_dir is not None and not base.is_dir():
        raise KnowledgeBaseError([Problem(str(base), None, "knowledge-base directory not found")])
    for name in FILES:
        path = base / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(str(path), None, "file not found"))
            continue
        except OSError as exc:
            problems.append(Problem(str(path), None, f"cannot read: {exc.strerror or exc}"))
            continue
        try:
            texts[name] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(Problem(str(path), line, "not valid UTF-8 text"))
            continue
        digest = zlib.crc32(raw, zlib.crc32(name.encode(), digest))
        sizes.append(len(raw))
    if problems:
        raise KnowledgeBaseError(problems)
    # A content checksum plus the sizes: enough to tell one knowledge base from another (cache keys,
    # reports) without paying for a cryptographic hash on every call.
    return texts, str(base), f"{digest:08x}-" + "-".join(map(str, sizes))
