"""The exception family raised below the CLI, and the exit codes the contract fixes."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    OK = 0
    NO_MATCH = 1
    USAGE = 2
    KNOWLEDGE_BASE = 3
    WORKER = 4  # a worker process of a long batch stopped, or could not be started
    OUTPUT = 5  # our output could not be written (a full disk, an I/O error); not a reader that left
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


class WorkerFailed(MassageMatchError):
    """A worker process answering part of a batch stopped unexpectedly, or could not be started."""


class OutputFailed(MassageMatchError):
    """Writing our own output failed (ENOSPC, EIO...). A reader that left (EPIPE) is not a failure."""

    def __init__(self, error: OSError):
        self.error = error
        super().__init__(f"cannot write output: {error.strerror or error}")
