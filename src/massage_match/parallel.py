"""A large batch answered on several cores, in input order, with bounded memory.

Worker processes are forked from the one that already holds the loaded knowledge base, so they
start at once and share its memory. Input is handed out in blocks; at most a few blocks are in
flight at any time, so a million-line batch holds no more than a thousand-line one, and output
leaves in input order as soon as each block is done.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

# What every worker runs, set before the workers are forked (a fork copies it; nothing is pickled
# but the blocks of input and their answers).
_work: Callable[[Any], Any] | None = None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the group: the parent alone reports it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_block(block: list[Any]) -> list[Any]:
    assert _work is not None
    return [_work(item) for item in block]


def ordered_map(work: Callable[[Any], Any], items: Iterable[Any], jobs: int, block: int = 256) -> Iterator[Any]:
    """work(item) for every item, computed in `jobs` forked processes, yielded in input order."""
    global _work
    import multiprocessing

    _work = work
    context = multiprocessing.get_context("fork")
    pool = context.Pool(jobs, initializer=_ignore_interrupts)
    in_flight: deque[Any] = deque()
    source = iter(items)
    try:
        while True:
            while len(in_flight) < 2 * jobs:
                chunk = list(islice(source, block))
                if not chunk:
                    break
                in_flight.append(pool.apply_async(_run_block, (chunk,)))
            if not in_flight:
                break
            yield from in_flight.popleft().get()
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        _work = None
