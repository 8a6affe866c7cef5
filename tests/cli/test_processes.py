"""The console script as a user starts it: streams closed, full or strict, and what it ends with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from massage_match.errors import ExitCode

SCRIPT = shutil.which("massage-match", path=str(Path(sys.executable).parent))
# The console script when this environment has one, else what it runs: the same path either way.
COMMAND = [SCRIPT] if SCRIPT else [sys.executable, "-m", "massage_match"]
needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
posix_shell = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell for redirections")


@pytest.fixture
def env() -> dict[str, str]:
    # The session's store folder (conftest): every process here reads one store instead of building its own.
    return dict(os.environ)


def _shell(line: str, env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    command = " ".join(f"'{part}'" for part in COMMAND)
    return subprocess.run(
        ["sh", "-c", f"{command} {line}"],
        capture_output=True,
        env=env,
        timeout=120,
        **kwargs,  # type: ignore[call-overload]  # subprocess.run's overloads want literal keywords
    )


@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [["show", "sciatica"], ["--format", "json", "recommend", "-s", "x"], ["--format", "table", "conditions"]],
)
def test_a_full_disk_is_5_with_one_line(args: list[str], env: dict[str, str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([*COMMAND, *args], stdout=full, stderr=subprocess.PIPE, env=env, timeout=120)
    assert done.returncode == ExitCode.OUTPUT
    assert done.stderr.decode() == "massage-match: cannot write output: No space left on device\n"


@posix_shell
def test_a_closed_stdout_is_5_with_one_line(env: dict[str, str]) -> None:
    done = _shell("recommend -s x >&-", env)
    assert done.returncode == ExitCode.OUTPUT
    assert done.stderr.decode() == "massage-match: cannot write output: standard output is closed\n"


@posix_shell
@pytest.mark.parametrize("args", ["recommend", "recommend -s -"])
def test_a_closed_stdin_is_a_usage_error(args: str, env: dict[str, str]) -> None:
    done = _shell(f"{args} <&-", env)
    assert done.returncode == ExitCode.USAGE
    assert done.stdout == b""
    assert b"Traceback" not in done.stderr and b"Error: " in done.stderr


@needs_dev_full
def test_a_full_stderr_keeps_stdout_whole(env: dict[str, str]) -> None:
    args = ["--format", "jsonl", "recommend", "-s", "neck pain", "-H", "zzqx unknown"]  # warns on stderr
    whole = subprocess.run([*COMMAND, *args], capture_output=True, env=env, timeout=120)
    with open("/dev/full", "w") as full:
        done = subprocess.run([*COMMAND, *args], stdout=subprocess.PIPE, stderr=full, env=env, timeout=120)
    assert whole.returncode == ExitCode.OK and b"not understood" in whole.stderr
    assert done.stdout == whole.stdout
    assert done.returncode == ExitCode.OUTPUT  # the warning was lost: not a clean success


@pytest.mark.parametrize(
    "extra", [{"PYTHONIOENCODING": "ascii:strict"}, {"LC_ALL": "C", "PYTHONIOENCODING": ""}, {"LC_ALL": "C"}]
)
@pytest.mark.parametrize("fmt", ["json", "tsv", "table"])
def test_a_non_utf8_argument_gives_no_traceback(extra: dict[str, str], fmt: str, env: dict[str, str]) -> None:
    argv = [os.fsencode(part) for part in COMMAND] + [b"--format", fmt.encode(), b"recommend", b"-s", b"\xff neck pain"]
    done = subprocess.run(argv, capture_output=True, env={**env, **extra}, timeout=120)
    assert b"Traceback" not in done.stderr
    assert done.returncode == ExitCode.OK, done.stderr
    assert b"Neck pain" in done.stdout or b"neck-pain" in done.stdout


def test_a_table_to_a_reader_that_left_is_a_quiet_0(env: dict[str, str]) -> None:
    # Far more than a pipe holds: the writer is still writing when the reader goes.
    symptoms = [arg for _ in range(150) for arg in ("-s", "neck pain")]
    proc = subprocess.Popen(
        [*COMMAND, "--format", "table", "recommend", *symptoms],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout and proc.stderr
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == ExitCode.OK
    assert b"Neck pain" in first
    assert err == b""


def test_python_m_takes_the_same_path(env: dict[str, str]) -> None:
    script = subprocess.run([*COMMAND, "show", "qqqqzzzzxxxx"], capture_output=True, env=env, timeout=120)
    module = subprocess.run(
        [sys.executable, "-m", "massage_match", "show", "qqqqzzzzxxxx"], capture_output=True, env=env, timeout=120
    )
    assert script.returncode == module.returncode == ExitCode.NO_MATCH
    assert script.stderr == module.stderr != b""


def test_a_zero_width_terminal_still_gets_the_table(env: dict[str, str]) -> None:
    done = subprocess.run(
        [*COMMAND, "--format", "table", "recommend", "-s", "neck pain"],
        capture_output=True,
        env={**env, "COLUMNS": "0"},
        timeout=120,
    )
    assert done.returncode == 0
    assert "Neck pain" in done.stdout.decode()


@posix_shell
def test_intake_with_a_closed_stdin_is_one_line(env: dict[str, str]) -> None:
    done = _shell("intake <&-", env)
    assert done.returncode == ExitCode.USAGE
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().rstrip().endswith("nothing was written")
