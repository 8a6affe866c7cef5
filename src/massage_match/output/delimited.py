"""csv and tsv through the csv module: one row per (query, modality), spreadsheet-safe cells."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from massage_match.model import Recommendation
from massage_match.output import Listing, TextOut
from massage_match.output.summary import SUMMARY_COLUMNS, record_values, summary

# Each column's meaning is in the README ("csv and tsv columns").
RECOMMENDATION_COLUMNS = (
    "record",
    "query",
    "condition_id",
    "condition_name",
    "icd10",
    "condition_score",  # how well the words match the condition, 0-100
    "condition_confidence",  # exact, high, likely or low
    "other_complaints",  # conditions of the text's other complaints, if it names several
    "referral_urgency",
    "referral_reasons",
    "health_findings",  # each health term as understood: see health_label
    "modality_id",
    "modality_name",
    "status",  # recommended, caution or avoid
    "declined_by_client",  # "yes": avoided only because the client does not want it, not for safety
    "modality_score",  # the modality's rank for this condition and client, 0-1
    "evidence",
    "cpt",
    "adjustments",
    "reasons",
)
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula: what a user typed must stay text.
_FORMULA_STARTS = ("=", "+", "-", "@")


def _cell(value: Any) -> str:
    text = _plain(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_plain(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    # Keep one row on one line whatever a user typed.
    return str(value).replace("\r", " ").replace("\n", " ").replace("\t", " ")


# The columns of a per-modality row that say what the record came to (the rest are the modality's).
RECORD_COLUMNS = RECOMMENDATION_COLUMNS[: RECOMMENDATION_COLUMNS.index("modality_id")]


def recommendation_rows(rec: Recommendation, position: int) -> list[list[str]]:
    """One row per (query, modality); a query with no modality still gets one row."""
    cells = [_cell(v) for v in record_values(rec, position, RECORD_COLUMNS).values()]
    if not rec.modalities:
        return [cells + [""] * (len(RECOMMENDATION_COLUMNS) - len(cells))]
    return [
        cells
        + [
            a.modality.id,
            a.modality.name,
            a.status,
            "yes" if a.declined else "",
            str(a.score),
            a.evidence or "",
            _cell(a.modality.cpt),
            _cell(a.adjustments),
            _cell(a.reasons),
        ]
        for a in rec.modalities
    ]


def summary_row(rec: Recommendation, position: int) -> list[str]:
    return [_cell(value) for value in summary(rec, position).values()]


class _RecommendationRows:
    def __init__(self, out: TextOut, dialect: str, summarized: bool):
        self.out = out
        self.dialect = dialect
        self.rows = (lambda rec, position: [summary_row(rec, position)]) if summarized else recommendation_rows
        header = SUMMARY_COLUMNS if summarized else RECOMMENDATION_COLUMNS
        csv.writer(out, dialect=dialect, lineterminator="\n").writerow(header)

    def render(self, rec: Recommendation, position: int) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, dialect=self.dialect, lineterminator="\n").writerows(self.rows(rec, position))
        return buffer.getvalue()

    def write(self, rendered: str) -> None:
        self.out.write(rendered)

    def close(self) -> None:
        self.out.flush()


class DelimitedFormat:
    # (A plain class, not a dataclass: the dataclasses module costs a call about 1.5 ms to import.)
    def __init__(self, dialect: str):
        self.dialect = dialect  # a csv module dialect

    def _writer(self, out: TextOut) -> Any:
        return csv.writer(out, dialect=self.dialect, lineterminator="\n")

    def recommendations(self, out: TextOut, explain: bool, color: bool) -> _RecommendationRows:
        return _RecommendationRows(out, self.dialect, summarized=False)

    def summaries(self, out: TextOut, color: bool) -> _RecommendationRows:
        return _RecommendationRows(out, self.dialect, summarized=True)

    def listing(self, listing: Listing, out: TextOut, color: bool) -> None:
        writer = self._writer(out)
        writer.writerow([name for name, _ in listing.columns])
        writer.writerows([_cell(row.get(name)) for name, _ in listing.columns] for row in listing.rows)

    def detail(self, kind: str, data: dict[str, Any], out: TextOut, color: bool) -> None:
        writer = self._writer(out)
        writer.writerow(["field", "value"])
        writer.writerow(["type", kind])
        writer.writerows([key, _cell(value)] for key, value in data.items())

    def report(self, data: dict[str, Any], text: str, out: TextOut) -> None:
        out.write(text + "\n")


CSV = DelimitedFormat("excel")
TSV = DelimitedFormat("excel-tab")
