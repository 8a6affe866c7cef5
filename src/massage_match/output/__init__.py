"""One renderer per output format, and the one registry of them: the CLI picks a format by name and
never formats anything itself. A new format is one module (an object with Format's methods) and one line in FORMATS."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from massage_match.model import Recommendation


class TextOut(Protocol):
    """Where a renderer writes: standard output, or anything else that takes text."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


# (name, header) pairs saying which fields of a record a listing shows, in order.
Columns = Sequence[tuple[str, str]]


class Listing(NamedTuple):
    """A list of knowledge-base records (conditions, modalities, contraindications), described both for
    machines (every field) and for a person reading a table at 80 columns (fewer, shorter fields)."""

    title: str
    rows: Sequence[dict[str, Any]]  # the records whole: what json and jsonl write
    columns: Columns  # their fields, flat and in order: what csv and tsv write
    summary: Columns  # the columns a person reads
    summary_rows: Sequence[dict[str, Any]] | None = None  # rows with the summary's own fields, if it has any


class RecommendationStream(Protocol):
    """Writes recommendations as one document (a json array, a csv file...) as they arrive."""

    def render(self, rec: Recommendation, position: int) -> Any:
        """What `write` needs of one recommendation. Runs where the recommendation was computed, possibly
        in a forked worker process: it must not write, and what it returns is sent back pickled."""
        ...

    def write(self, rendered: Any) -> None: ...

    def close(self) -> None: ...


class Format(Protocol):
    """What every command needs of an output format. Renderers never decide exit codes."""

    def recommendations(self, out: TextOut, explain: bool, color: bool) -> RecommendationStream:
        """Start the document: what opens it (a header, a bracket) is written at once."""
        ...

    def summaries(self, out: TextOut, color: bool) -> RecommendationStream:
        """Like recommendations, one summary row per recommendation (`recommend --summary`)."""
        ...

    def listing(self, listing: Listing, out: TextOut, color: bool) -> None: ...

    def detail(self, kind: str, data: dict[str, Any], out: TextOut, color: bool) -> None:
        """One knowledge-base entry in full."""
        ...

    def report(self, data: dict[str, Any], text: str, out: TextOut) -> None:
        """A short outcome (e.g. of `validate`): `data` for machines that parse it, else `text`."""
        ...


class _Deferred:
    """A format whose module is imported on its first use: start-up pays only for the format used
    (Rich alone costs more than the rest of a one-symptom run)."""

    def __init__(self, module: str, name: str):
        self._module = module
        self._name = name
        self._format: Format | None = None

    def _load(self) -> Format:
        if self._format is None:
            self._format = getattr(importlib.import_module(f"massage_match.output.{self._module}"), self._name)
        return self._format

    def recommendations(self, out: TextOut, explain: bool, color: bool) -> RecommendationStream:
        return self._load().recommendations(out, explain, color)

    def summaries(self, out: TextOut, color: bool) -> RecommendationStream:
        return self._load().summaries(out, color)

    def listing(self, listing: Listing, out: TextOut, color: bool) -> None:
        self._load().listing(listing, out, color)

    def detail(self, kind: str, data: dict[str, Any], out: TextOut, color: bool) -> None:
        self._load().detail(kind, data, out, color)

    def report(self, data: dict[str, Any], text: str, out: TextOut) -> None:
        self._load().report(data, text, out)


FORMATS: dict[str, Format] = {
    "table": _Deferred("table", "TABLE"),
    "json": _Deferred("json_format", "JSON"),
    "jsonl": _Deferred("json_format", "JSONL"),
    "csv": _Deferred("delimited", "CSV"),
    "tsv": _Deferred("delimited", "TSV"),
}


class _ByteOrderMarked:
    """A format whose every document starts with a UTF-8 byte-order mark: the one sign Excel reads to
    open a csv as UTF-8 rather than the system's code page (which turns accents into mojibake)."""

    MARK = "\ufeff"

    def __init__(self, inner: Format):
        self._inner = inner

    def recommendations(self, out: TextOut, explain: bool, color: bool) -> RecommendationStream:
        out.write(self.MARK)
        return self._inner.recommendations(out, explain, color)

    def summaries(self, out: TextOut, color: bool) -> RecommendationStream:
        out.write(self.MARK)
        return self._inner.summaries(out, color)

    def listing(self, listing: Listing, out: TextOut, color: bool) -> None:
        out.write(self.MARK)
        self._inner.listing(listing, out, color)

    def detail(self, kind: str, data: dict[str, Any], out: TextOut, color: bool) -> None:
        out.write(self.MARK)
        self._inner.detail(kind, data, out, color)

    def report(self, data: dict[str, Any], text: str, out: TextOut) -> None:
        self._inner.report(data, text, out)  # a one-line outcome, not a document to open


# The formats a spreadsheet opens: the ones --bom applies to.
SPREADSHEET_FORMATS = ("csv", "tsv")


def with_byte_order_mark(fmt: Format) -> Format:
    return _ByteOrderMarked(fmt)
