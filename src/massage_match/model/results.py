"""What a recommendation is made of: immutable results the renderers turn into JSON, rows or tables."""

from __future__ import annotations

from typing import Any, NamedTuple

from massage_match.model.knowledge import Condition, Contraindication, Modality, Plan, RedFlag, Status, Urgency


class HealthFinding(NamedTuple):
    query: str
    contraindication: Contraindication | None
    negated: bool = False  # the text only denied things ("no fever"): nothing to limit
    history: bool = False  # in the client's past ("DVT 10 years ago"): confirm, don't assume

    def to_dict(self) -> dict[str, Any]:
        c = self.contraindication
        data: dict[str, Any] = {"query": self.query, "id": c.id if c else None, "name": c.name if c else None}
        if self.history:
            data["history"] = True
        if self.negated:
            data["negated"] = True  # denied ("no fever"), as opposed to not understood
        return data


class FlagHit(NamedTuple):
    flag: RedFlag
    source: str  # the text that raised it


class ConditionMatch(NamedTuple):
    condition: Condition
    score: float

    def to_dict(self) -> dict[str, Any]:
        c = self.condition
        return {"id": c.id, "name": c.name, "score": self.score, "icd10": list(c.icd10)}


class Referral(NamedTuple):
    urgency: Urgency
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"urgency": self.urgency, "reasons": list(self.reasons)}


class ModalityAdvice(NamedTuple):
    modality: Modality
    status: Status
    score: float
    reasons: tuple[str, ...]
    adjustments: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        m = self.modality
        return {
            "id": m.id,
            "name": m.name,
            "status": self.status,
            "score": self.score,
            "reasons": list(self.reasons),
            "adjustments": list(self.adjustments),
            "cpt": list(m.cpt),
        }


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

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        data = self.head_dict()
        data["modalities"] = self.modalities_list()
        data["plan"] = self.plan.to_dict() if self.plan else None
        if explain:
            data["explanation"] = list(self.explanation)
        return data

    def head_dict(self) -> dict[str, Any]:
        """The fields before `modalities`, in the order the JSON shows them."""
        data: dict[str, Any] = {}
        if self.record_id is not None:
            data["record"] = self.record_id
        data["query"] = self.query
        data["match"] = self.match.to_dict() if self.match else None
        data["alternatives"] = [
            {"id": a.condition.id, "name": a.condition.name, "score": a.score} for a in self.alternatives
        ]
        data["referral"] = self.referral.to_dict() if self.referral else None
        data["health"] = [h.to_dict() for h in self.health]
        return data

    def modalities_list(self) -> list[dict[str, Any]]:
        return [m.to_dict() for m in self.modalities]
