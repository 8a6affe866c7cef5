"""main(argv) in this process: it returns the exit code, decides it in one place, and leaves the
interpreter as it found it."""

from __future__ import annotations

import errno
import gc
import io
import json
import signal
import sys
from pathlib import Path

import click
import pytest

from massage_match.cli import main
from massage_match.cli.app import OUTCOMES, Settings, exit_code
from massage_match.errors import (
    ExitCode,
    KnowledgeBaseError,
    MassageMatchError,
    OutputFailed,
    Problem,
    WorkerFailed,
)


def test_main_returns_the_exit_code_to_its_caller(capsys: pytest.CaptureFixture[str]) -> None:
    finished = []
    try:
        code = main(["--format", "json", "recommend", "-s", "lower back pain"])
    finally:
        finished.append(True)  # a main that ends the process never gets here
    assert finished == [True]
    assert code == ExitCode.OK and type(code) is int
    assert json.loads(capsys.readouterr().out)[0]["match"]["id"] == "low-back-pain"


@pytest.mark.parametrize(
    "argv,code",
    [
        (["recommend", "-s", "neck pain"], ExitCode.OK),
        (["recommend", "-s", "neck pain", "-s", "qwertyuiop zzqx"], ExitCode.NO_MATCH),
        (["show", "qqqqzzzzxxxx"], ExitCode.NO_MATCH),
        (["contraindications", "--health", "zzqx nothing"], ExitCode.NO_MATCH),
        (["contraindications", "--health", "on warfarin"], ExitCode.OK),
        (["recommend", "--bogus"], ExitCode.USAGE),
        (["recommend", "-s", "  "], ExitCode.USAGE),
        (["recommend", "-j", "1000", "-s", "neck pain"], ExitCode.USAGE),
        (["--help"], ExitCode.OK),
        (["--version"], ExitCode.OK),
    ],
)
def test_commands_return_their_exit_code(argv: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == code


def test_a_broken_knowledge_base_is_3_with_one_line_per_problem(
    kb_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_copy / "modalities.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    assert main(["--data-dir", str(kb_copy), "recommend", "-s", "neck pain"]) == ExitCode.KNOWLEDGE_BASE
    lines = capsys.readouterr().err.splitlines()
    assert lines and all(line.startswith(str(kb_copy / "modalities.yaml")) for line in lines)


def test_ctrl_c_is_130_with_one_short_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(self: Settings) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Settings, "engine", interrupted)
    assert main(["recommend", "-s", "neck pain"]) == ExitCode.INTERRUPTED
    assert capsys.readouterr().err == "massage-match: interrupted\n"


def test_debug_lets_the_traceback_through(monkeypatch: pytest.MonkeyPatch, kb_copy: Path) -> None:
    (kb_copy / "modalities.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("MASSAGE_MATCH_DEBUG", "1")
    with pytest.raises(KnowledgeBaseError):
        main(["--data-dir", str(kb_copy), "recommend", "-s", "neck pain"])


class _Unwritable(io.StringIO):
    def __init__(self, error: OSError):
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


def test_a_failed_write_of_our_output_is_5(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdout", _Unwritable(OSError(errno.ENOSPC, "No space left on device")))
    assert main(["--format", "json", "recommend", "-s", "neck pain"]) == ExitCode.OUTPUT
    assert capsys.readouterr().err == "massage-match: cannot write output: No space left on device\n"


def test_a_reader_that_left_is_a_quiet_0(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("table", "json", "tsv"):
        monkeypatch.setattr(sys, "stdout", _Unwritable(BrokenPipeError(errno.EPIPE, "Broken pipe")))
        assert main(["--format", fmt, "recommend", "-s", "neck pain"]) == ExitCode.OK, fmt
        assert capsys.readouterr().err == ""


def _batch(monkeypatch: pytest.MonkeyPatch, lines: int) -> None:
    data = "".join(f"neck pain {i}\n" for i in range(lines)).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="worker processes are forked")
def test_a_worker_that_stops_is_4(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from massage_match.batch import workers

    monkeypatch.setattr(workers, "_serve", lambda *args: os._exit(9))  # runs in the forked worker only
    _batch(monkeypatch, 600)
    assert main(["--format", "jsonl", "recommend", "-j", "2"]) == ExitCode.WORKER
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 200  # the serial start was answered before workers were needed
    assert err.splitlines()[-1].startswith("massage-match: a worker process stopped unexpectedly")
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="worker processes are forked")
def test_workers_that_cannot_start_are_4_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    def refused() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    _batch(monkeypatch, 600)
    assert main(["--format", "jsonl", "recommend", "-j", "2"]) == ExitCode.WORKER
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "massage-match: worker processes could not run (Resource temporarily unavailable); run again with --jobs 1"
    ]


def test_main_leaves_the_interpreter_as_it_was(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled(), signal.getsignal(signal.SIGINT))
    stdout, stderr = sys.stdout, sys.stderr
    _batch(monkeypatch, 300)  # a stdin batch: it once froze the collector and raised its threshold
    assert main(["--format", "jsonl", "recommend", "-j", "1"]) == ExitCode.OK
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled(), signal.getsignal(signal.SIGINT)) == before
    assert (sys.stdout, sys.stderr) == (stdout, stderr)


@pytest.mark.parametrize(
    "error,code,message",
    [
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), ExitCode.OK, ""),
        (click.UsageError("no such thing"), ExitCode.USAGE, "Error: no such thing\n"),
        (KeyboardInterrupt(), ExitCode.INTERRUPTED, "massage-match: interrupted\n"),
        (click.Abort(), ExitCode.INTERRUPTED, "massage-match: interrupted\n"),
        (
            KnowledgeBaseError([Problem("a.yaml", 3, "bad"), Problem("b.yaml", None, "worse")]),
            3,
            "a.yaml:3: bad\nb.yaml: worse\n",
        ),
        (WorkerFailed("a worker process stopped"), ExitCode.WORKER, "massage-match: a worker process stopped\n"),
        (
            OutputFailed(OSError(errno.EIO, "Input/output error")),
            ExitCode.OUTPUT,
            "massage-match: cannot write output: Input/output error\n",
        ),
        (MassageMatchError("bad profile"), ExitCode.USAGE, "massage-match: bad profile\n"),
        (
            FileNotFoundError(errno.ENOENT, "No such file or directory", "x.yaml"),
            ExitCode.USAGE,
            "massage-match: x.yaml: No such file or directory\n",
        ),
    ],
)
def test_every_outcome_has_its_code_and_one_message(
    error: BaseException, code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exit_code(error) == code
    assert capsys.readouterr().err == message


def test_every_documented_failure_code_has_an_outcome() -> None:
    decided = {code for _, code, _ in OUTCOMES}
    assert decided | {ExitCode.NO_MATCH} == set(ExitCode)  # NO_MATCH is returned by commands, not raised


def test_a_bug_is_not_hidden() -> None:
    with pytest.raises(ZeroDivisionError):
        exit_code(ZeroDivisionError("a bug"))
