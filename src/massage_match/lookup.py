"""Find one knowledge-base entry by id or fuzzy name, and describe it in full."""

from __future__ import annotations

from typing import Any

from massage_match.language.matcher import CONDITION_THRESHOLD, Matcher
from massage_match.model import Condition, Contraindication, KnowledgeBase, Modality


def condition_detail(c: Condition) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "icd10": list(c.icd10),
        "region": list(c.region),
        "aliases": list(c.aliases),
        "modalities": [
            {"id": link.modality, "reason": link.reason, "evidence": link.evidence, "source": link.source}
            for link in c.links
        ],
        "avoid": [{"id": link.modality, "reason": link.reason} for link in c.avoid],
        "plan": c.plan.to_dict() if c.plan else None,
        "note": c.note,
    }


def modality_detail(kb: KnowledgeBase, m: Modality) -> dict[str, Any]:
    return {
        **kb.modality_dict(m),
        "description": m.description,
        "aliases": list(m.aliases),
        "min_pressure": m.min_pressure,
        "session_minutes": m.session_minutes,
        "treats": [c.id for c in kb.conditions if any(link.modality == m.id for link in c.links)],
    }


def contraindication_detail(c: Contraindication) -> dict[str, Any]:
    return {**c.to_dict(), "reason": c.reason, "source": c.source}


def find_entry(kb: KnowledgeBase, matcher: Matcher, name: str) -> tuple[str, dict[str, Any]] | None:
    """The entry `name` means: an exact id first, else the best fuzzy match over all three kinds."""
    key = name.strip().lower()
    for c in kb.conditions:
        if c.id == key:
            return "condition", condition_detail(c)
    for m in kb.modalities:
        if m.id == key:
            return "modality", modality_detail(kb, m)
    for x in kb.contraindications:
        if x.id == key:
            return "contraindication", contraindication_detail(x)
    tokens, corrected = matcher.tokens(name)
    best: tuple[float, str, str] | None = None
    for kind, index in (
        ("condition", matcher.conditions),
        ("modality", matcher.modalities),
        ("contraindication", matcher.contraindications),
    ):
        ranked = index.rank(tokens, corrected)
        if ranked and (best is None or ranked[0].score > best[0]):
            best = (ranked[0].score, kind, ranked[0].id)
    if best is None or best[0] < CONDITION_THRESHOLD:
        return None
    _, kind, id_ = best
    if kind == "condition":
        return kind, condition_detail(kb.condition(id_))
    if kind == "modality":
        return kind, modality_detail(kb, kb.modality(id_))
    return kind, contraindication_detail(kb.contraindication(id_))
