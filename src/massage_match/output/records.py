"""Machine formats: json (one streamed array), jsonl, and csv/tsv through the csv module."""

from __future__ import annotations

import json
from typing import Any, TextIO

from massage_match.model import Recommendation

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


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def render_recommendation(fmt: str, rec: Recommendation, position: int, explain: bool) -> str:
    """One recommendation as text in a machine format, without what joins records (commas, header):
    rendering and writing are apart so records can be rendered in other processes."""
    if fmt in ("json", "jsonl"):
        return recommendation_json(rec, explain)
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, dialect=DIALECTS[fmt], lineterminator="\n").writerows(recommendation_rows(rec, position))
    return buffer.getvalue()


DIALECTS = {"csv": "excel", "tsv": "excel-tab"}


def recommendation_json(rec: Recommendation, explain: bool) -> str:
    """json.dumps(rec.to_dict(explain)), character for character. A batch gives the same advice for
    the same condition and health again and again, so that part (most of the text) is encoded once
    and reused; the rest is encoded per record."""
    text = _dumps(rec.head_dict())[:-1]
    text += ', "modalities": ' + _fragment(rec.modalities, rec.modalities_list)
    text += ', "plan": ' + _fragment(rec.plan, lambda: rec.plan.to_dict() if rec.plan else None)
    if explain:
        text += ', "explanation": ' + _dumps(list(rec.explanation))
    return text + "}"


_FRAGMENTS: dict[Any, str] = {}
FRAGMENT_MEMO = 4096  # distinct fragments kept: bounded memory however long the batch


def _fragment(key: Any, value: Any) -> str:
    found = _FRAGMENTS.get(key)
    if found is None:
        if len(_FRAGMENTS) >= FRAGMENT_MEMO:
            _FRAGMENTS.clear()
        found = _FRAGMENTS[key] = _dumps(value())
    return found


class RenderedWriter:
    """Writes rendered recommendations as one document: the json array's brackets and commas, one
    jsonl object per line, the csv/tsv header once."""

    def __init__(self, fmt: str, out: TextIO):
        self.fmt = fmt
        self.out = out
        self.count = 0
        if fmt == "json":
            out.write("[")  # the array opens at once: a stream shows its first object as soon as it exists
        elif fmt in DIALECTS:
            import csv

            csv.writer(out, dialect=DIALECTS[fmt], lineterminator="\n").writerow(RECOMMENDATION_COLUMNS)

    def write(self, text: str) -> None:
        if self.fmt == "json":
            self.out.write(("\n" if not self.count else ",\n") + text)
        elif self.fmt == "jsonl":
            self.out.write(text + "\n")
        else:
            self.out.write(text)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()


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
        return _dumps(value)
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


def listing_json(rows: list[dict[str, Any]], out: TextIO, columns: Any) -> None:
    out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def listing_jsonl(rows: list[dict[str, Any]], out: TextIO, columns: Any) -> None:
    for row in rows:
        out.write(_dumps(row) + "\n")


def listing_delimited(rows: list[dict[str, Any]], out: TextIO, columns: list[tuple[str, str]], dialect: str) -> None:
    import csv

    writer = csv.writer(out, dialect=dialect, lineterminator="\n")
    writer.writerow([name for name, _ in columns])
    writer.writerows([_cell(row.get(name)) for name, _ in columns] for row in rows)


def write_detail(kind: str, data: dict[str, Any], fmt: str, out: TextIO) -> None:
    if fmt in ("json", "jsonl"):
        payload = {"type": kind, **data}
        out.write((json.dumps(payload, ensure_ascii=False, indent=2) if fmt == "json" else _dumps(payload)) + "\n")
        return
    import csv

    writer = csv.writer(out, dialect="excel" if fmt == "csv" else "excel-tab", lineterminator="\n")
    writer.writerow(["field", "value"])
    writer.writerow(["type", kind])
    writer.writerows([key, _cell(value)] for key, value in data.items())
