"""Health terms, negation and red flags in the words people write."""

from __future__ import annotations

import pytest

from massage_match.engine import engine_for
from massage_match.kb import load_knowledge_base

ENGINE = engine_for(load_knowledge_base())


def health_ids(text: str) -> list[str | None]:
    return [f.contraindication.id if f.contraindication else None for f in ENGINE.matcher.health(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("on warfarin", "anticoagulants"),
        ("takes Eliquis", "anticoagulants"),
        ("Xarelto", "anticoagulants"),
        ("on blood thinners", "anticoagulants"),
        ("plavix", "antiplatelets"),
        ("pregnancy", "pregnancy"),
        ("fever", "fever"),
        ("open wound", "open-wound"),
        ("allergic to massage oil", "oil-allergy"),
        ("osteoporosis", "osteoporosis"),
        ("having chemo", "cancer-treatment"),
        ("on methotrexate", "immunosuppressants"),
    ],
)
def test_health_terms(text: str, expected: str) -> None:
    assert expected in health_ids(text)


def test_several_terms_in_one_string() -> None:
    assert set(health_ids("pregnant, on warfarin")) >= {"pregnancy", "anticoagulants"}


@pytest.mark.parametrize("text", ["no fever", "denies fever", "not pregnant", "no blood thinners"])
def test_negated_health_terms_limit_nothing(text: str) -> None:
    findings = ENGINE.matcher.health(text)
    assert [f.contraindication for f in findings] == [None]
    assert findings[0].negated


@pytest.mark.parametrize(
    "symptom,urgencies",
    [
        ("back pain with loss of bladder control", {"emergency"}),
        ("one leg suddenly swollen and painful", {"urgent", "emergency"}),
        ("headache, fever and a stiff neck", {"emergency"}),
        ("worst headache of my life", {"emergency"}),
        ("chest pain spreading to my left arm", {"emergency"}),
        ("red streaks going up my arm from a cut", {"urgent"}),
    ],
)
def test_red_flags(symptom: str, urgencies: set[str]) -> None:
    rec = ENGINE.recommend(symptom)
    assert rec.referral is not None and rec.referral.urgency in urgencies
    assert not [a for a in rec.modalities if a.status == "recommended"]


@pytest.mark.parametrize(
    "symptom",
    [
        "neck pain",
        "back pain, no numbness, no fever",
        "lower back pain, denies bladder problems",
        "stiff neck",
    ],
)
def test_no_red_flag_when_denied_or_absent(symptom: str) -> None:
    assert ENGINE.recommend(symptom).referral is None


def test_red_flag_from_health_text() -> None:
    rec = ENGINE.recommend("lower back pain", ["fever"])
    assert rec.referral is not None
    assert not [a for a in rec.modalities if a.status == "recommended"]
