"""The exception family raised below the CLI, and the exit codes the contract fixes."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    OK = 0
    NO_MATCH = 1
    USAGE = 2
    KNOWLEDGE_BASE = 3
    INTERRUPTED = 130


class Problem(NamedTuple):
    """One thing wrong with a knowledge-base file, located like a compiler error."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class MassageMatchError(Exception):
    """Base of every error this package raises on purpose."""


class KnowledgeBaseError(MassageMatchError):
    """The knowledge base is missing, unreadable or invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
