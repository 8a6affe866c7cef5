"""The command line run as a real process, fenced: hostile inputs (an alias bomb, /dev/zero, a FIFO)
must end quickly and small, and a regression must fail its test, not take the machine or the run with it."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

MEMORY_FENCE = 1 << 30  # address space: far above a healthy call, far below what a runaway one takes


def _fence() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_FENCE, MEMORY_FENCE))


def run_process(*args: str, cache: Path, timeout: float = 60, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """`massage-match ARGS` in a child limited to MEMORY_FENCE and `timeout` seconds (TimeoutExpired fails)."""
    env = {**os.environ, "MASSAGE_MATCH_CACHE": str(cache), "NO_COLOR": "1"}
    env.pop("MASSAGE_MATCH_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "massage_match", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=env,
        preexec_fn=_fence,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )
