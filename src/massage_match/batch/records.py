"""Symptom records read from a stream, one per line, each checked before it reaches the engine.

A line is `symptom`, or `ID<TAB>symptom[<TAB>health;health...]` so results can be joined back to
the intake record they came from; or the input is CSV whose header names a `symptom` column (and
optionally `id` and `health`), as a spreadsheet saves it. Bad lines are reported and kept, never
dropped.
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


ID_COLUMNS = ("id", "record", "record_id", "client", "client_id")
HEALTH_COLUMNS = ("health", "health_terms", "conditions", "medications")


def read_records(stream: Iterable[bytes]) -> Iterator[Record]:
    lines = iter(stream)
    first = next(lines, None)
    if first is None:
        return
    columns = _csv_header(first)
    if columns is not None:
        yield from _read_csv(columns, lines)
        return
    yield parse_line(1, first)
    for number, raw in enumerate(lines, start=2):
        yield parse_line(number, raw)


def _csv_header(raw: bytes) -> dict[str, int] | None:
    """Column positions when the first line is a CSV header with a `symptom` column, else None."""
    try:
        text = raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        return None
    if "\t" in text or "," not in text:
        return None
    import csv

    names = [name.strip().lower().replace(" ", "_") for name in next(csv.reader([text]))]
    if "symptom" not in names:
        return None
    columns = {"symptom": names.index("symptom")}
    for key, choices in (("id", ID_COLUMNS), ("health", HEALTH_COLUMNS)):
        found = next((names.index(c) for c in choices if c in names), None)
        if found is not None:
            columns[key] = found
    return columns


def _read_csv(columns: dict[str, int], lines: Iterator[bytes]) -> Iterator[Record]:
    import csv

    for number, raw in enumerate(lines, start=2):
        checked = parse_line(number, raw.replace(b"\t", b" "))  # same limits as any line
        if checked.problem:
            yield checked
            continue
        try:
            row = next(csv.reader([raw.decode("utf-8").rstrip("\r\n")]), [])
        except csv.Error as exc:
            yield Record(number, checked.symptom, problem=f"line {number}: not valid CSV ({exc}); skipped")
            continue
        symptom = _cell(row, columns, "symptom")
        record_id = _cell(row, columns, "id") or None
        health = tuple(h.strip() for h in _cell(row, columns, "health").split(HEALTH_SEPARATOR) if h.strip())
        problem = None if symptom else f"line {number}: empty symptom"
        yield Record(number, symptom, health, record_id, problem)


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


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""
