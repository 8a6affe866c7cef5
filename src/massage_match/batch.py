"""Symptom records read from a stream, one per line, each checked before it reaches the engine.

A line is `symptom`, or `ID<TAB>symptom[<TAB>health;health...]` so results can be joined back to
the intake record they came from. Bad lines are reported and kept, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

# Longer lines are not symptoms; matching them would only burn time.
MAX_LINE_BYTES = 64 * 1024
HEALTH_SEPARATOR = ";"


class Record(NamedTuple):
    line: int
    symptom: str
    health: tuple[str, ...] = ()
    record_id: str | None = None
    problem: str | None = None  # set when the line is unusable: it gets "match": null


def read_records(stream: Iterable[bytes]) -> Iterator[Record]:
    for number, raw in enumerate(stream, start=1):
        yield parse_line(number, raw)


def parse_line(number: int, raw: bytes) -> Record:
    line = raw.rstrip(b"\r\n")
    if len(line) > MAX_LINE_BYTES:
        return Record(
            number,
            line[:80].decode("utf-8", "replace") + "...",
            problem=(f"line {number}: {len(line):,} bytes is over the {MAX_LINE_BYTES:,}-byte limit; skipped"),
        )
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return Record(
            number,
            line.decode("utf-8", "replace"),
            problem=(f"line {number}: not valid UTF-8 (save the file as UTF-8); skipped"),
        )
    if "\0" in text:
        return Record(number, text.replace("\0", ""), problem=f"line {number}: contains NUL bytes; skipped")
    record_id: str | None = None
    health: tuple[str, ...] = ()
    symptom = text
    if "\t" in text:
        fields = text.split("\t")
        record_id, symptom = fields[0].strip(), fields[1]
        if len(fields) > 2:
            health = tuple(h.strip() for h in fields[2].split(HEALTH_SEPARATOR) if h.strip())
    if not symptom.strip():
        return Record(number, symptom, health, record_id, problem=f"line {number}: empty symptom")
    return Record(number, symptom, health, record_id)
