"""The types everything else speaks: the knowledge base's entries and the results built from them."""

from massage_match.model.knowledge import (
    COMPARISONS,
    EVIDENCE_WEIGHTS,
    FACTS,
    KINDS,
    SESSION_STOPPING,
    STATUSES,
    URGENCIES,
    Adjustments,
    Concept,
    Condition,
    Contraindication,
    Kind,
    Link,
    Modality,
    Plan,
    Preferences,
    RedFlag,
    Rule,
    Status,
    Urgency,
    Vocabulary,
    finds_something,
)
from massage_match.model.knowledge_base import KnowledgeBase, knowledge_parts
from massage_match.model.parts import MemoryParts, Parts
from massage_match.model.results import (
    ConditionMatch,
    FlagHit,
    HealthFinding,
    ModalityAdvice,
    Recommendation,
    Referral,
)

__all__ = [
    "COMPARISONS", "EVIDENCE_WEIGHTS", "FACTS", "KINDS", "SESSION_STOPPING", "STATUSES", "URGENCIES", "Adjustments",
    "Concept", "Condition", "ConditionMatch", "Contraindication", "FlagHit", "HealthFinding", "Kind", "KnowledgeBase",
    "Link", "MemoryParts", "Modality", "ModalityAdvice", "Parts", "Plan", "Preferences", "Recommendation", "Referral",
    "RedFlag", "Rule", "Status", "Urgency", "Vocabulary", "finds_something", "knowledge_parts",
]  # fmt: skip
