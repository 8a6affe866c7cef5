"""What one record comes to, in one row (`recommend --summary`), and how a health finding reads in a
spreadsheet cell. The delimited and json formats write these; neither decides what they hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from massage_match.model import SESSION_STOPPING, HealthFinding, Recommendation


def health_label(h: HealthFinding) -> str:
    """A finding as one cell item: what it is, then in brackets what qualifies it. `anticoagulants`,
    `dvt [history]`, `skin-infection [on the back]`, `no fever [denied]`, `lupus [not assessed]`."""
    c = h.contraindication
    tags: list[str] = []
    if c is None:
        if h.negated:
            tags.append("denied")
        elif h.facts:
            tags.append("noted: " + ", ".join(f"{name.replace('_', ' ')} {value:g}" for name, value in h.facts))
        else:
            tags.append("not assessed")
    if c is not None and h.history:
        tags.append("history")
    if c is not None and h.site:
        tags.append("on the " + " and ".join(h.site))
    if h.in_symptom:
        tags.append("in the symptom")
    what = c.id if c is not None else h.query
    return f"{what} [{'; '.join(tags)}]" if tags else what


def _modalities(status: str, declined: bool = False) -> Callable[[Recommendation, int], list[str]]:
    def names(rec: Recommendation, position: int) -> list[str]:
        return [a.modality.name for a in rec.modalities if a.status == status and a.declined == declined]

    return names


def _plan(rec: Recommendation, position: int) -> str | None:
    p = rec.plan
    if p is None or (rec.referral and rec.referral.urgency in SESSION_STOPPING):
        return None
    return f"{p.session_minutes}-minute sessions, {p.frequency}, {p.visits[0]}-{p.visits[1]} visits"


def _record(rec: Recommendation, position: int) -> str:
    return rec.record_id if rec.record_id is not None else str(position)


# What a record comes to, by column: values are text, numbers, lists or None. The summary row and
# the record columns of the per-modality csv/tsv rows are both chosen from these.
RECORD_FIELDS: dict[str, Callable[[Recommendation, int], Any]] = {
    "record": _record,
    "query": lambda r, p: r.query,
    "condition_id": lambda r, p: r.match.condition.id if r.match else None,
    "condition_name": lambda r, p: r.match.condition.name if r.match else None,
    "icd10": lambda r, p: list(r.match.condition.icd10) if r.match else [],
    "condition_score": lambda r, p: r.match.score if r.match else None,
    "condition_confidence": lambda r, p: r.match.confidence if r.match else None,
    "other_complaints": lambda r, p: [m.condition.id for _, m in r.complaints[1:] if m is not None],
    "outside_massage": lambda r, p: [c.name for c in r.outside_massage],
    "referral_urgency": lambda r, p: r.referral.urgency if r.referral else None,
    "referral_reasons": lambda r, p: list(r.referral.reasons) if r.referral else [],
    "health_findings": lambda r, p: [health_label(h) for h in r.health],
    "recommended": _modalities("recommended"),
    "caution": _modalities("caution"),
    "avoid": _modalities("avoid"),
    "declined_by_client": _modalities("avoid", declined=True),
    "plan": _plan,
}
SUMMARY_COLUMNS: tuple[str, ...] = (
    "record", "query", "condition_id", "condition_name", "icd10", "condition_score", "other_complaints",
    "outside_massage", "referral_urgency", "referral_reasons", "health_findings", "recommended", "caution", "avoid",
    "declined_by_client", "plan",
)  # fmt: skip


def record_values(rec: Recommendation, position: int, columns: tuple[str, ...]) -> dict[str, Any]:
    """The record's values for these columns (position: its place in the input, its id if none)."""
    return {name: RECORD_FIELDS[name](rec, position) for name in columns}


def summary(rec: Recommendation, position: int) -> dict[str, Any]:
    """One record's summary row, by column name."""
    return record_values(rec, position, SUMMARY_COLUMNS)
