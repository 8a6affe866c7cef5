"""One renderer per output format; the CLI picks one by name and never formats anything itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TextIO

from massage_match.model import Recommendation
from massage_match.output import records

FORMATS = ("table", "json", "jsonl", "csv", "tsv")

# (name, header) pairs saying which fields of a record a listing shows, in order.
Columns = list[tuple[str, str]]


def write_recommendation_tables(recs: Iterable[Recommendation], out: TextIO, explain: bool, color: bool) -> None:
    """Write each recommendation as tables as soon as it arrives. (The machine formats are rendered
    record by record, possibly in worker processes, and joined by records.RenderedWriter.)"""
    from massage_match.output import table  # Rich is imported only when a person is reading

    table.write_recommendations(recs, out, explain=explain, color=color)


def write_listing(rows: list[dict[str, Any]], fmt: str, out: TextIO, columns: Columns, title: str, color: bool) -> None:
    """Write a list of records (conditions, modalities, contraindications)."""
    if fmt == "table":
        from massage_match.output import table

        table.write_listing(rows, out, columns, title, color=color)
    else:
        LISTING_WRITERS[fmt](rows, out, columns)


def write_detail(kind: str, data: dict[str, Any], fmt: str, out: TextIO, color: bool) -> None:
    """Write one knowledge-base entry in full."""
    if fmt == "table":
        from massage_match.output import table

        table.write_detail(kind, data, out, color=color)
    else:
        records.write_detail(kind, data, fmt, out)


LISTING_WRITERS: dict[str, Callable[[list[dict[str, Any]], TextIO, Columns], None]] = {
    "json": records.listing_json,
    "jsonl": records.listing_jsonl,
    "csv": lambda rows, out, columns: records.listing_delimited(rows, out, columns, "excel"),
    "tsv": lambda rows, out, columns: records.listing_delimited(rows, out, columns, "excel-tab"),
}
