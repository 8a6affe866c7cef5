"""What a recommendation is made of: immutable results the renderers turn into JSON, rows or tables."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from massage_match.model.knowledge import Concept, Condition, Contraindication, Modality, Plan, RedFlag, Status, Urgency


class HealthFinding(NamedTuple):
    query: str
    contraindication: Contraindication | None
    negated: bool = False  # the text only denied things ("no fever"): nothing to limit
    history: bool = False  # in the client's past ("DVT 10 years ago"): confirm, don't assume
    site: tuple[str, ...] = ()  # the body parts named with it ("rash on my back": back)
    in_symptom: bool = False  # read from the symptom text rather than given as a health term
    facts: tuple[tuple[str, float], ...] = ()  # what a term that names no finding states ("I'm 72")

    @property
    def assessed(self) -> bool:
        """Whether the tool understood the term (a finding, a denial, or a number it reads)."""
        return self.contraindication is not None or self.negated or bool(self.facts)

    def to_dict(self) -> dict[str, Any]:
        c = self.contraindication
        data: dict[str, Any] = {"query": self.query, "id": c.id if c else None, "name": c.name if c else None}
        if self.history:
            data["history"] = True
        if self.negated:
            data["negated"] = True  # denied ("no fever"), as opposed to not understood
        if self.site:
            data["site"] = list(self.site)
        if self.in_symptom:
            data["source"] = "symptom"
        if self.facts:
            data["facts"] = dict(self.facts)
        return data


class FlagHit(NamedTuple):
    flag: RedFlag
    source: str  # the text that raised it
    evidence: tuple[str, ...] = ()  # the concepts (with the words found) and facts that raised it


# How sure a match is, by its score: the words of a name or alias, most of a description, part of
# one. Below "likely" the alternatives are as good a reading as the match.
CONFIDENCE_LEVELS: tuple[tuple[float, str], ...] = ((100.0, "exact"), (85.0, "high"), (70.0, "likely"), (0.0, "low"))


def confidence(score: float) -> str:
    return next(label for floor, label in CONFIDENCE_LEVELS if score >= floor)


class ConditionMatch(NamedTuple):
    condition: Condition
    score: float

    @property
    def confidence(self) -> str:
        return confidence(self.score)

    def to_dict(self) -> dict[str, Any]:
        c = self.condition
        data = {"id": c.id, "name": c.name, "score": self.score, "icd10": list(c.icd10), "confidence": self.confidence}
        if c.no_code:
            data["no_code"] = c.no_code
        return data


class Referral(NamedTuple):
    urgency: Urgency
    reasons: tuple[str, ...]  # "name: why", most urgent first
    # Each reason's own (name, urgency), in the same order: a reader can lead with the most urgent.
    sources: tuple[tuple[str, Urgency], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"urgency": self.urgency, "reasons": list(self.reasons)}


class ModalityAdvice(NamedTuple):
    modality: Modality
    status: Status
    score: float
    reasons: tuple[str, ...]
    adjustments: tuple[str, ...]
    complaints: tuple[str, ...] = ()  # the conditions it serves, when it serves several
    evidence: str | None = None  # the grade of the evidence that it helps this condition
    # What rules it out, in a few words each (a finding's name, "referral"): the full reasons say why.
    ruled_out_by: tuple[str, ...] = ()
    # Left out only because the client does not want it (a preference, not a danger).
    declined: bool = False

    def to_dict(self) -> dict[str, Any]:
        m = self.modality
        data = {
            "id": m.id,
            "name": m.name,
            "status": self.status,
            "score": self.score,
            "reasons": list(self.reasons),
            "adjustments": list(self.adjustments),
            "cpt": list(m.cpt),
        }
        if self.evidence:
            data["evidence"] = self.evidence
        if self.declined:
            data["declined"] = True  # "avoid" by the client's wish, not for safety
        if self.complaints:
            data["complaints"] = list(self.complaints)
        return data


class Recommendation(NamedTuple):
    query: str
    match: ConditionMatch | None
    alternatives: tuple[ConditionMatch, ...]
    referral: Referral | None
    health: tuple[HealthFinding, ...]
    modalities: tuple[ModalityAdvice, ...]
    plan: Plan | None = None
    explanation: tuple[str, ...] = ()
    record_id: str | None = None
    # Every complaint the text names, as (the words, its match); the first is the whole text's match.
    complaints: tuple[tuple[str, ConditionMatch | None], ...] = ()
    # Complaints the text names that massage does not treat, with what to do instead.
    outside_massage: tuple[Concept, ...] = ()

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """The recommendation's JSON object, as RECOMMENDATION_JSON lays it out."""
        data: dict[str, Any] = {}
        for field in RECOMMENDATION_JSON:
            if field.explain_only and not explain:
                continue
            value = field.value(self)
            if value is not None or not field.omitted_when_none:
                data[field.key] = value
        return data


class JsonField(NamedTuple):
    """One key of a recommendation's JSON object."""

    key: str
    value: Callable[[Recommendation], Any]
    # What the value is computed from alone, when records often share it: an encoder may then encode
    # the value once per distinct key and reuse the text (None: the value is the record's own).
    shared_by: Callable[[Recommendation], Hashable] | None = None
    omitted_when_none: bool = False
    explain_only: bool = False


# The one definition of a recommendation's JSON (the contract's shape), in key order: to_dict and the
# fast encoder in output are both derived from it.
RECOMMENDATION_JSON: tuple[JsonField, ...] = (
    JsonField("record", lambda r: r.record_id, omitted_when_none=True),
    JsonField("query", lambda r: r.query),
    JsonField("match", lambda r: r.match.to_dict() if r.match else None),
    JsonField(
        "alternatives",
        lambda r: [{"id": a.condition.id, "name": a.condition.name, "score": a.score} for a in r.alternatives],
    ),
    # Every complaint found in the text, the first being the one in "match" (CONTRACT.md).
    JsonField(
        "complaints",
        lambda r: (
            [{"query": q, "match": m.to_dict() if m else None} for q, m in r.complaints]
            or [{"query": r.query, "match": r.match.to_dict() if r.match else None}]
        ),
    ),
    JsonField(
        "outside_massage",
        lambda r: [{"id": c.id, "name": c.name, "advice": c.outside_massage} for c in r.outside_massage] or None,
        omitted_when_none=True,
    ),
    JsonField("referral", lambda r: r.referral.to_dict() if r.referral else None),
    JsonField("health", lambda r: [h.to_dict() for h in r.health]),
    JsonField("modalities", lambda r: [m.to_dict() for m in r.modalities], shared_by=lambda r: r.modalities),
    JsonField("plan", lambda r: r.plan.to_dict() if r.plan else None, shared_by=lambda r: r.plan),
    JsonField("explanation", lambda r: list(r.explanation), explain_only=True),
)
