"""Symptom records read from a stream, one per line, each checked before it reaches the engine.

A line is `symptom`, or `ID<TAB>symptom[<TAB>health;health...]` so results can be joined back to
the intake record they came from; or the input is CSV whose header names a `symptom` column (and
optionally `id` and `health`), as a spreadsheet saves it. Bad lines are reported and kept, never
dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO, NamedTuple

# Longer lines are not symptoms; matching them would only burn time.
MAX_LINE_BYTES = 64 * 1024
SKIP_CHUNK = 1024 * 1024  # the rest of a longer line is read and dropped in pieces this big
HEAD_BYTES = 1024  # kept of a longer line: its id, and the start shown in the report
HEALTH_SEPARATOR = ";"
BOM = b"\xef\xbb\xbf"


class Record(NamedTuple):
    line: int
    symptom: str
    health: tuple[str, ...] = ()
    record_id: str | None = None
    problem: str | None = None  # set when the line is unusable: it gets "match": null


ID_COLUMNS = ("id", "record", "record_id", "client", "client_id")
HEALTH_COLUMNS = ("health", "health_terms", "conditions", "medications")


def read_records(stream: BinaryIO | Iterable[bytes]) -> Iterator[Record]:
    """The records of a binary stream (read in bounded pieces) or an iterable of lines, in order."""
    lines = _bounded_lines(stream)
    first = next(lines, None)
    if first is None:
        return
    if first.startswith(BOM):  # a spreadsheet's byte-order mark is not part of the first id
        first = (
            _overlong_head(first[len(BOM) :], first.length - len(BOM))
            if isinstance(first, _Overlong)
            else first[len(BOM) :]
        )
    columns = _csv_header(first) if not isinstance(first, _Overlong) else None
    if columns is not None:
        yield from _read_csv(columns, lines)
        return
    yield parse_line(1, first)
    for number, raw in enumerate(lines, start=2):
        yield parse_line(number, raw)


class _Overlong(bytes):
    """The start of a line over MAX_LINE_BYTES (the rest was read and dropped) and its full length."""

    length: int


def _bounded_lines(stream: BinaryIO | Iterable[bytes]) -> Iterator[bytes]:
    """Lines, each at most MAX_LINE_BYTES (+ its line end) held at once: a longer line comes as an
    _Overlong, its rest read in chunks and dropped, so a 400 MB line costs no more memory than a short one.

    readline() returns as soon as a line is complete: a pipe is answered line by line, as it comes."""
    readline = getattr(stream, "readline", None)
    if readline is None:
        yield from stream  # already lines in memory (tests, callers with a list)
        return
    while True:
        line = readline(MAX_LINE_BYTES + 3)  # room for "\r\n", and one byte more to tell a long line
        if not line:
            return
        if line.endswith(b"\n") or len(line) <= MAX_LINE_BYTES + 2:
            yield line
            continue
        length = len(line)
        while True:
            rest = readline(SKIP_CHUNK)
            length += len(rest)
            if not rest or rest.endswith(b"\n"):
                break
        if rest.endswith(b"\r\n") or (rest == b"\n" and line.endswith(b"\r")):
            length -= 2
        elif rest.endswith(b"\n"):
            length -= 1
        yield _overlong_head(line, length)


def _overlong_head(line: bytes, length: int) -> _Overlong:
    head = _Overlong(line[:HEAD_BYTES])
    head.length = length
    return head


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

    id_column = columns.get("id")
    for number, raw in enumerate(lines, start=2):
        if isinstance(raw, _Overlong):
            checked = _overlong(number, raw.replace(b"\t", b" "), raw.length)
            text, whole = raw.decode("utf-8", "replace"), False
        else:
            checked = parse_line(number, raw.replace(b"\t", b" "))  # same limits as any line
            text, whole = raw.decode("utf-8", "replace").rstrip("\r\n"), True
        try:
            row = next(csv.reader([text]), [])
        except csv.Error as exc:
            yield (
                checked
                if checked.problem
                else Record(number, checked.symptom, problem=f"line {number}: not valid CSV ({exc}); skipped")
            )
            continue
        # an unusable row keeps its id (the id joins results back), if the id cell was read whole
        id_whole = whole or (id_column is not None and id_column < len(row) - 1)
        record_id = (_cell(row, columns, "id") or None) if id_whole else None
        if checked.problem:
            yield checked._replace(record_id=record_id)
            continue
        symptom = _cell(row, columns, "symptom")
        health = tuple(h.strip() for h in _cell(row, columns, "health").split(HEALTH_SEPARATOR) if h.strip())
        problem = None if symptom else f"line {number}: empty symptom"
        yield Record(number, symptom, health, record_id, problem)


def parse_line(number: int, raw: bytes) -> Record:
    if isinstance(raw, _Overlong):
        return _overlong(number, raw, raw.length)
    line = raw.rstrip(b"\r\n")
    if len(line) > MAX_LINE_BYTES:
        return _overlong(number, line, len(line))
    problem = None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        # still split into fields: the id is what joins the result back to its record
        text = line.decode("utf-8", "replace")
        problem = f"line {number}: not valid UTF-8 (save the file as UTF-8); skipped"
    if "\0" in text:
        text = text.replace("\0", "")
        problem = problem or f"line {number}: contains NUL bytes; skipped"
    record_id: str | None = None
    health: tuple[str, ...] = ()
    symptom = text
    if "\t" in text:
        fields = text.split("\t")
        record_id, symptom = fields[0].strip(), fields[1]
        if len(fields) > 2:
            health = tuple(h.strip() for h in fields[2].split(HEALTH_SEPARATOR) if h.strip())
    if problem is None and not symptom.strip():
        problem = f"line {number}: empty symptom"
    return Record(number, symptom, health, record_id, problem)


def _overlong(number: int, head: bytes, length: int) -> Record:
    record_id = None
    tab = head.find(b"\t")
    if 0 <= tab < len(head) - 1:  # the id is whole only if the tab came before the cut
        record_id = head[:tab].decode("utf-8", "replace").strip()
        head = head[tab + 1 :]
    return Record(
        number,
        head[:80].decode("utf-8", "replace") + "...",
        record_id=record_id,
        problem=f"line {number}: {length:,} bytes is over the {MAX_LINE_BYTES:,}-byte limit; skipped",
    )


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""
