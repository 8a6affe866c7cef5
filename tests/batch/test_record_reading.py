"""Reading records: a huge line is read in bounded pieces, reported once and skipped; a byte-order mark
never sticks to the first id; an unusable line keeps its id, so its result still joins back."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from massage_match.batch.records import MAX_LINE_BYTES, Record, read_records


class MeasuredStream(io.RawIOBase):
    """A binary stream that remembers the largest piece any single read handed out."""

    def __init__(self, data: bytes):
        self.inner = io.BytesIO(data)
        self.largest = 0

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> bytes:
        line = self.inner.readline(-1 if size is None else size)
        self.largest = max(self.largest, len(line))
        return line

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # (typeshed: Buffer)
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.largest = max(self.largest, len(data))
        return len(data)

    def __iter__(self) -> MeasuredStream:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def test_a_huge_line_is_read_in_bounded_pieces_and_reported_once() -> None:
    huge = 20 * 1024 * 1024
    stream = MeasuredStream(b"A1\tneck pain\nA2\t" + b"x" * huge + b"\r\nA3\tlower back pain\n")
    records = list(read_records(stream))
    assert stream.largest <= 2 * 1024 * 1024, f"{stream.largest:,} bytes held at once"
    assert [r.record_id for r in records] == ["A1", "A2", "A3"]
    assert records[0].problem is None and records[2].problem is None
    assert records[1].problem == f"line 2: {huge + 3:,} bytes is over the {MAX_LINE_BYTES:,}-byte limit; skipped"
    assert records[1].symptom == "x" * 80 + "..."


def test_lines_at_the_limit_are_kept_and_just_over_it_are_not() -> None:
    at = b"s" * MAX_LINE_BYTES
    records = list(read_records(MeasuredStream(at + b"\r\n" + at + b"s\n" + at + b"ss")))
    assert [r.problem is None for r in records] == [True, False, False]
    assert [r.line for r in records] == [1, 2, 3]
    assert f"{MAX_LINE_BYTES + 1:,} bytes" in str(records[1].problem)
    assert f"{MAX_LINE_BYTES + 2:,} bytes" in str(records[2].problem)


def test_a_byte_order_mark_does_not_stick_to_the_first_id() -> None:
    bom = b"\xef\xbb\xbf"
    tsv = list(read_records(io.BytesIO(bom + b"A17\tneck pain\nA18\tback pain\n")))
    assert [r.record_id for r in tsv] == ["A17", "A18"]
    csv = list(read_records(io.BytesIO(bom + b"id,symptom\r\nA17,neck pain\r\n")))
    assert csv == [Record(2, "neck pain", (), "A17", None)]
    plain = list(read_records(io.BytesIO(bom + b"neck pain\n")))
    assert plain == [Record(1, "neck pain", (), None, None)]


def test_an_unusable_line_keeps_its_id() -> None:
    records = list(read_records(io.BytesIO(b"A1\tneck\xff pain\nA2\tneck\x00pain\nA3\t \n")))
    assert [r.record_id for r in records] == ["A1", "A2", "A3"]
    assert [r.problem for r in records] == [
        "line 1: not valid UTF-8 (save the file as UTF-8); skipped",
        "line 2: contains NUL bytes; skipped",
        "line 3: empty symptom",
    ]
    assert records[0].symptom == "neck\ufffd pain"
    csv = list(read_records(io.BytesIO(b"symptom,id\nneck\xff pain,B1\n" + b"x" * 100_000 + b",B2\n")))
    assert [r.record_id for r in csv] == ["B1", None]  # B2 was past the part of its line that is kept
    assert all(r.problem for r in csv)
    head = list(read_records(io.BytesIO(b"id,symptom\nB3," + b"x" * 100_000 + b"\n")))
    assert head[0].record_id == "B3" and head[0].problem is not None


def test_records_stream_from_a_pipe(tmp_path: Path) -> None:
    """The first answer is out before the second line is written: nothing waits for a block to fill."""
    child = _start("--format", "jsonl", "recommend", cache=tmp_path / "cache")
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(b"\xef\xbb\xbfA1\tneck pain\n")
        child.stdin.flush()
        first = json.loads(child.stdout.readline())
        assert first["query"] == "neck pain" and first["record"] == "A1"
        child.stdin.write(b"A2\tlower back pain\n")
        child.stdin.close()
        assert json.loads(child.stdout.readline())["record"] == "A2"
    finally:
        child.kill()
        child.wait()


def test_a_300_mb_line_stays_under_250_mb_for_the_whole_process(tmp_path: Path) -> None:
    child = _start("--format", "jsonl", "recommend", cache=tmp_path / "cache")
    assert child.stdin is not None and child.stdout is not None
    stdin = child.stdin

    def feed() -> None:
        chunk = b"a" * (1 << 20)
        try:
            for _ in range(300):
                stdin.write(chunk)
            stdin.write(b"\nID7\tneck pain\n")
        finally:
            stdin.close()

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    feeder.join()
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["match"] is None for a in answers] == [True, False]
    assert answers[1]["record"] == "ID7"
    assert child.returncode == 1
    assert usage.ru_maxrss < 250 * 1024, f"peak {usage.ru_maxrss / 1024:.0f} MiB"


def _start(*args: str, cache: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MASSAGE_MATCH_CACHE": str(cache)}
    env.pop("MASSAGE_MATCH_DATA", None)
    return subprocess.Popen(
        [sys.executable, "-m", "massage_match", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
