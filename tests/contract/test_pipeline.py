"""Batches through real pipes: streaming, bad lines, a closed pipe, Ctrl-C, fuzzed input."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile

from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_match.cli.app import COMMANDS
from massage_match.errors import ExitCode

from ..conftest import run

COMMAND = [sys.executable, "-m", "massage_match"]
# The exit codes ../shared/CONTRACT.md documents (not the ExitCode enum, which would agree with itself).
DOCUMENTED_EXITS = {0, 1, 2, 3, 130}


def _spawn(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [*COMMAND, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **kwargs
    )


def _first_answer(proc: subprocess.Popen) -> bytes:
    """Send one line, keep stdin open, and wait for the answer to it."""
    assert proc.stdin and proc.stdout
    proc.stdin.write(b"neck pain\n")
    proc.stdin.flush()
    return proc.stdout.readline()  # blocks until the first answer is written


def test_first_answer_arrives_while_stdin_is_still_open() -> None:
    proc = _spawn("--format", "jsonl", "recommend")
    try:
        assert json.loads(_first_answer(proc))["match"]["id"] == "neck-pain"
        assert proc.stdin and proc.stdout
        proc.stdin.write(b"sciatica\n")
        proc.stdin.close()
        rest = proc.stdout.read().decode().splitlines()
        assert [json.loads(x)["query"] for x in rest] == ["sciatica"]
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()


def test_answers_keep_coming_one_by_one_deep_into_a_live_stream() -> None:
    """Past the first few hundred lines too, each answer is written as soon as its line is read."""
    import threading
    import time

    # Python's own buffering of a pipe left on: the program itself must flush each answer.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.Popen(
        [*COMMAND, "--format", "jsonl", "recommend"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    answers: list[bytes] = []
    assert proc.stdin and proc.stdout
    threading.Thread(target=lambda: answers.extend(iter(proc.stdout.readline, b"")), daemon=True).start()

    def wait_for(count: int) -> bool:
        deadline = time.monotonic() + 30
        while len(answers) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(answers) >= count

    try:
        proc.stdin.write(b"neck pain\n" * 299)
        proc.stdin.flush()
        assert wait_for(299)
        proc.stdin.write(b"sciatica\n")  # line 300, stdin still open
        proc.stdin.flush()
        assert wait_for(300)
        assert json.loads(answers[299])["query"] == "sciatica"
    finally:
        proc.kill()


def test_a_closed_pipe_ends_quietly() -> None:
    lines = b"neck pain\n" * 20000
    producer = subprocess.run(
        f"{sys.executable} -m massage_match --format jsonl recommend | head -1",
        shell=True,
        input=lines,
        capture_output=True,
        timeout=120,
    )
    assert len(producer.stdout.splitlines()) == 1
    assert b"Traceback" not in producer.stderr
    assert producer.stderr == b""


def test_ctrl_c_exits_130_with_one_line() -> None:
    proc = _spawn("--format", "jsonl", "recommend")
    try:
        _first_answer(proc)  # it is up and waiting for more input
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130
        assert err.decode().strip() == "massage-match: interrupted"
    finally:
        proc.kill()


def test_each_bad_line_is_reported_and_kept() -> None:
    big = b"x" * (1024 * 1024)
    stdin = b"neck pain\n\n\xff\xfe oops\nneck\x00pain\n" + big + b"\nsciatica\n"
    result = run("--format", "jsonl", "recommend", input=stdin)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 6
    assert [r["match"] is None for r in records] == [False, True, True, True, True, False]
    err = result.stderr
    assert "line 2: empty symptom" in err
    assert "line 3: not valid UTF-8" in err
    assert "line 4: contains NUL bytes" in err
    assert "line 5: 1,048,576 bytes is over the 65,536-byte limit" in err
    assert result.exit_code == ExitCode.NO_MATCH


def test_tsv_records_keep_their_ids() -> None:
    result = run("--format", "tsv", "recommend", input="R1\tneck pain\nR2\tasdfgh\n")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0][0] == "record"
    assert {r[0] for r in rows[1:]} == {"R1", "R2"}
    assert result.exit_code == 1


def _answered_properly(result: Result) -> None:
    """A documented exit code, no traceback, and a refusal that says why. (run() lets exceptions
    through, so an uncaught one fails the test by itself.)"""
    assert result.exit_code in DOCUMENTED_EXITS, result.output
    assert "Traceback" not in result.output
    if result.exit_code not in (ExitCode.OK, ExitCode.NO_MATCH):
        assert result.stderr.strip(), result.exit_code


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_random_bytes_on_stdin_never_crash(data: bytes) -> None:
    result = run("--format", "jsonl", "recommend", input=data)
    _answered_properly(result)
    if result.exit_code in (ExitCode.OK, ExitCode.NO_MATCH):
        assert all("query" in json.loads(line) for line in result.stdout.splitlines())


@settings(max_examples=60, deadline=None)
# ("-" is no text: the contract makes `--symptom -` read the symptoms from stdin, tested on its own.)
@given(st.text(max_size=80).filter(lambda s: s != "-"), st.lists(st.text(max_size=40), max_size=3))
def test_random_text_in_options_never_crashes(symptom: str, health: list[str]) -> None:
    args = ["--format", "json", "recommend", "--symptom", symptom]
    for h in health:
        args += ["--health", h]
    result = run(*args)
    _answered_properly(result)
    if result.exit_code in (0, 1):
        assert json.loads(result.stdout)[0]["query"] == symptom  # exactly as given


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(COMMANDS)) | st.text(max_size=12), max_size=4))
def test_random_arguments_never_crash(args: list[str]) -> None:
    # `export x` or `intake x` must not write into the checkout
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        result = run(*args, input="")
    _answered_properly(result)


def test_no_traceback_for_an_unreadable_profile(tmp_path) -> None:
    result = run("recommend", "-s", "neck pain", "--profile", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "not found" in result.stderr


def test_csv_with_a_header_as_a_spreadsheet_saves_it() -> None:
    stdin = 'ID,Symptom,Health\nA1,neck pain,"pregnant; on warfarin"\nA2,"sciatica, left leg",\nA3,,fever\n'
    result = run("--format", "jsonl", "recommend", input=stdin)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["record"] for r in records] == ["A1", "A2", "A3"]
    assert [h["id"] for h in records[0]["health"]] == ["pregnancy", "anticoagulants"]
    assert records[1]["query"] == "sciatica, left leg" and records[1]["match"]["id"] == "sciatica"
    assert records[2]["match"] is None and "line 4: empty symptom" in result.stderr
    assert result.exit_code == 1
