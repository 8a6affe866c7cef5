"""Long batches answered by worker processes: the same bytes, order, messages and exit code as one
process gives, and the same behaviour when the reader leaves or the user presses Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from massage_match.batch import workers as parallel
from massage_match.errors import ExitCode

COMMAND = [sys.executable, "-m", "massage_match"]
LINES = [
    "lower back pain",
    "neck pain, fever and a stiff neck",
    "pt c/o L hip pain x3 wks",
    "A17\ttennis elbow\ton warfarin",
    "qwertyuiop",
    "",
    "my dog has arthritis",
    "B22\tsciatica\tpregnant;history of DVT",
    "crick in my neck 7/10",
    "\tfrozen shoulder\tdiabetes type 2",
]

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="worker processes are forked")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 records: long enough to be handed to workers after the first ones."""
    path = tmp_path_factory.mktemp("batch") / "intake.txt"
    path.write_text("".join(f"{LINES[i % len(LINES)]} #{i // 7}\n" for i in range(1500)), encoding="utf-8")
    return path


def _run(batch: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    with batch.open("rb") as stdin:
        return subprocess.run([*COMMAND, *args], stdin=stdin, capture_output=True, timeout=300)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_workers_give_exactly_what_one_process_gives(batch: Path, fmt: str) -> None:
    alone = _run(batch, "--format", fmt, "recommend", "--jobs", "1")
    shared = _run(batch, "--format", fmt, "recommend", "--jobs", "3")
    automatic = _run(batch, "--format", fmt, "recommend")  # stdin is a file: every core
    assert alone.returncode == shared.returncode == automatic.returncode == 1  # some lines match nothing
    assert alone.stdout == shared.stdout == automatic.stdout
    assert alone.stderr == shared.stderr == automatic.stderr
    assert alone.stdout.count(b"frozen-shoulder") >= 150


def test_workers_keep_every_option(batch: Path) -> None:
    options = ["recommend", "--explain", "--top", "2", "-H", "on warfarin", "-H", "zzqx unknown term"]
    alone = _run(batch, "--format", "jsonl", *options, "--jobs", "1")
    shared = _run(batch, "--format", "jsonl", *options, "--jobs", "2")
    assert (alone.returncode, alone.stdout, alone.stderr) == (shared.returncode, shared.stdout, shared.stderr)
    assert b'"explanation"' in shared.stdout and b"anticoagulant" in shared.stdout.lower()


def _long_batch(tmp_path: Path, **options: object) -> subprocess.Popen[bytes]:
    """A batch on two workers long enough to be stopped while they run (stdin is a file)."""
    big = tmp_path / "big.txt"
    big.write_text("".join(f"{LINES[i % 5]} {i}\n" for i in range(200_000)), encoding="utf-8")
    with big.open("rb") as stdin:
        return subprocess.Popen(
            [*COMMAND, "--format", "jsonl", "recommend", "-j", "2"],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            **options,  # type: ignore[call-overload]
        )


def _workers_of(proc: subprocess.Popen[bytes]) -> list[int]:
    """The process ids of the batch's workers, once they are up (found through /proc; [] after 10 s)."""
    found = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    for _ in range(200):
        children = found.read_text().split() if found.exists() else []
        if children:
            return [int(pid) for pid in children]
        time.sleep(0.05)
    return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers through /proc")
def test_a_worker_that_dies_is_reported_in_one_line(tmp_path: Path) -> None:
    proc = _long_batch(tmp_path)
    try:
        children = _workers_of(proc)
        assert children
        os.kill(children[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == ExitCode.WORKER  # its own code: not the usage error it once shared
    assert b"Traceback" not in err
    assert err.decode().splitlines()[-1].startswith("massage-match: a worker process stopped unexpectedly")


def test_workers_also_serve_a_pipe_when_asked(batch: Path) -> None:
    data = batch.read_bytes()
    piped = subprocess.run(
        [*COMMAND, "--format", "jsonl", "recommend", "-j", "2"], input=data, capture_output=True, timeout=300
    )
    assert piped.stdout == _run(batch, "--format", "jsonl", "recommend", "-j", "1").stdout


def test_a_reader_that_leaves_ends_the_workers_quietly(batch: Path) -> None:
    # Repeated: where the reader leaves (mid-block, between blocks) varies from run to run, and
    # stopping must never wait on a worker (a pool that joins its threads can hang right there).
    for _ in range(8):
        done = subprocess.run(
            f"{sys.executable} -m massage_match --format jsonl recommend -j 2 < {batch} | head -300",
            shell=True,
            capture_output=True,
            timeout=60,
        )
        assert len(done.stdout.splitlines()) == 300
        assert b"Traceback" not in done.stderr


def test_ctrl_c_during_parallel_work_exits_130(tmp_path: Path) -> None:
    proc = _long_batch(tmp_path, start_new_session=True)  # Ctrl-C goes to the group, as from a terminal
    try:
        if Path("/proc/self/task").is_dir():
            assert _workers_of(proc)  # past the serial start: the workers are running
            time.sleep(0.2)  # and busy with their blocks
        else:
            time.sleep(3)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert err.decode().splitlines()[-1] == "massage-match: interrupted"
