"""csv and tsv through the csv module: one row per (query, modality), spreadsheet-safe cells."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from massage_match.model import Recommendation
from massage_match.output import Listing, TextOut

RECOMMENDATION_COLUMNS = (
    "record",
    "query",
    "condition_id",
    "condition_name",
    "icd10",
    "match_score",
    "referral",
    "health",
    "modality_id",
    "modality_name",
    "status",
    "score",
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


def recommendation_rows(rec: Recommendation, position: int) -> list[list[str]]:
    """One row per (query, modality); a query with no modality still gets one row."""
    m = rec.match
    head = [
        rec.record_id if rec.record_id is not None else str(position),
        rec.query,
        m.condition.id if m else "",
        m.condition.name if m else "",
        _cell(m.condition.icd10) if m else "",
        str(m.score) if m else "",
        rec.referral.urgency if rec.referral else "",
        _cell([h.contraindication.id if h.contraindication else f"?{h.query}" for h in rec.health]),
    ]
    if not rec.modalities:
        return [[_cell(v) for v in head] + [""] * 7]
    return [
        [_cell(v) for v in head]
        + [
            a.modality.id,
            a.modality.name,
            a.status,
            str(a.score),
            _cell(a.modality.cpt),
            _cell(a.adjustments),
            _cell(a.reasons),
        ]
        for a in rec.modalities
    ]


class _RecommendationRows:
    def __init__(self, out: TextOut, dialect: str):
        self.out = out
        self.dialect = dialect
        csv.writer(out, dialect=dialect, lineterminator="\n").writerow(RECOMMENDATION_COLUMNS)

    def render(self, rec: Recommendation, position: int) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, dialect=self.dialect, lineterminator="\n").writerows(recommendation_rows(rec, position))
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
        return _RecommendationRows(out, self.dialect)

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
