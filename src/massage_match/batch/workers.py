"""A large batch answered on several cores, in input order, with bounded memory.

Worker processes are forked from the one that already holds the loaded knowledge base, so they
start at once and share its memory. Input goes out in blocks, round robin, each worker answering
its blocks in turn; the answers are read back block by block in input order, so output leaves as
soon as each block is done. At most two blocks per worker are out at any time, so a million-line
batch holds no more than a thousand-line one.

One thread feeds the workers while the main thread reads their answers: a worker busy writing a
long answer never waits on a parent busy writing it the next block. Stopping early (the reader of
our output went away, Ctrl-C) kills the workers outright: nothing they hold is worth waiting for.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

BLOCK = 256  # records per block
BLOCKS_PER_WORKER = 2  # in flight at once
WORKER_GC_THRESHOLD = 50_000  # allocations between young-generation collections in a worker


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork")


class _Failed:
    """An exception raised while answering a block, carried back to be raised in the parent."""

    def __init__(self, error: BaseException):
        self.error = error


def _send(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> Any:
    def exactly(size: int) -> bytes:
        parts, left = [], size
        while left:
            part = os.read(fd, min(left, 1 << 20))
            if not part:
                raise EOFError("a worker ended without answering")
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    return pickle.loads(exactly(int.from_bytes(exactly(8), "little")))


class _Worker:
    def __init__(self, work: Callable[[Any], Any]):
        task_read, self.tasks = os.pipe()
        self.answers, answer_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the worker: answer blocks until told to stop, then leave at once
            os.close(self.tasks)
            os.close(self.answers)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
            # This process only answers blocks and then ends: what it inherited (the loaded knowledge
            # base, its indexes) stays put, so the cycle collector leaves it out of every scan, and
            # runs less often (the answers make millions of small objects, none in cycles). Nothing
            # is restored because nothing outlives this process.
            gc.freeze()
            gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
            code = 0
            try:
                _serve(work, task_read, answer_write)
            except BaseException:  # noqa: BLE001  (the parent is gone or going: nothing to tell)
                code = 1
            os._exit(code)
        os.close(task_read)
        os.close(answer_write)

    def stop(self) -> None:
        for fd in (self.tasks, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):  # ChildProcessError is an OSError: already reaped
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def _serve(work: Callable[[Any], Any], tasks: int, answers: int) -> None:
    while True:
        block = _receive(tasks)
        if block is None:
            return
        try:
            result: Any = [work(item) for item in block]
        except Exception as exc:  # noqa: BLE001  (raised again in the parent, where it is reported)
            result = _Failed(exc)
        _send(answers, result)


def ordered_map(work: Callable[[Any], Any], items: Iterable[Any], jobs: int) -> Iterator[Any]:
    """work(item) for every item, computed in `jobs` forked processes, yielded in input order."""
    workers = [_Worker(work) for _ in range(jobs)]
    order: queue.Queue[Any] = queue.Queue()  # the worker of each block sent, in input order
    slots = threading.Semaphore(BLOCKS_PER_WORKER * jobs)
    stopping = threading.Event()

    def feed() -> None:
        source = iter(items)
        try:
            for number in range(1 << 62):
                block = list(islice(source, BLOCK))
                slots.acquire()
                if stopping.is_set():
                    return
                worker = workers[number % jobs]
                if not block:
                    for each in workers:
                        _send(each.tasks, None)
                    order.put(None)
                    return
                _send(worker.tasks, block)
                order.put(worker)
        except BaseException as exc:  # noqa: BLE001  (reading the input failed: the main thread raises it)
            order.put(_Failed(exc))

    feeder = threading.Thread(target=feed, name="massage-match feeder", daemon=True)
    feeder.start()
    try:
        while True:
            worker = order.get()
            if worker is None:
                break
            if isinstance(worker, _Failed):
                raise worker.error
            try:
                answers = _receive(worker.answers)
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                from massage_match.errors import WorkerFailed

                raise WorkerFailed(f"a worker process stopped unexpectedly ({exc}); run again with --jobs 1") from None
            if isinstance(answers, _Failed):
                raise answers.error
            slots.release()
            yield from answers
    finally:
        stopping.set()
        slots.release()  # a feeder waiting for a slot wakes, sees the stop and ends
        for worker in workers:
            worker.stop()
