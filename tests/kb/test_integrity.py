"""The shipped knowledge base: complete, consistent, and every code real."""

from __future__ import annotations

from massage_match.model import EVIDENCE_WEIGHTS, KnowledgeBase
from massage_match.normalize import Normalizer

ALLOWED_CPT = {"97124", "97140", "97112", "97110", "97010"}


def test_sizes_meet_the_scope(kb: KnowledgeBase) -> None:
    assert len(kb.conditions) >= 40
    assert len(kb.modalities) >= 18
    assert len(kb.contraindications) >= 30
    # Red flags send to a physician now, today or routinely, and a combination of findings can make a
    # case for clearance (a pregnancy on blood thinners); "postpone" belongs to illnesses, never to a flag.
    urgencies = {f.urgency for f in kb.red_flags}
    assert {"emergency", "urgent", "routine"} <= urgencies <= {"emergency", "urgent", "clearance", "routine"}


def test_every_icd10_code_is_a_valid_billable_leaf(kb: KnowledgeBase) -> None:
    import simple_icd_10_cm as icd  # reads the whole code set (seconds): only when this test runs

    bad = [
        (c.id, code) for c in kb.conditions for code in c.icd10 if not (icd.is_valid_item(code) and icd.is_leaf(code))
    ]
    assert bad == []


def test_every_cpt_code_is_from_the_allowed_set(kb: KnowledgeBase) -> None:
    assert {code for m in kb.modalities for code in m.cpt} <= ALLOWED_CPT


def test_every_condition_is_described_and_linked(kb: KnowledgeBase) -> None:
    for c in kb.conditions:
        assert len(c.aliases) >= 4, c.id
        assert c.links, c.id
        assert c.region, c.id
        for link in c.links:
            assert link.reason and link.evidence in EVIDENCE_WEIGHTS, (c.id, link)
        assert c.plan is not None, c.id
        assert 30 <= c.plan.session_minutes <= 90, c.id
        assert 4 <= c.plan.visits[0] <= c.plan.visits[1] <= 16, c.id
        assert c.plan.home_care, c.id


def test_every_reference_resolves(kb: KnowledgeBase) -> None:
    modality_ids = {m.id for m in kb.modalities}
    for c in kb.conditions:
        assert {link.modality for link in (*c.links, *c.avoid)} <= modality_ids
    for x in kb.contraindications:
        assert set(x.modalities or ()) <= modality_ids
        assert x.avoid <= modality_ids


def test_ids_and_words_are_unique(kb: KnowledgeBase) -> None:
    for group in (kb.conditions, kb.modalities, kb.contraindications, kb.red_flags):
        ids = [entry.id for entry in group]
        assert len(ids) == len(set(ids))
    n = Normalizer(kb.vocabulary)
    owners: dict[tuple[str, ...], str] = {}
    for c in kb.conditions:
        for phrase in (c.name, *c.aliases):
            assert owners.setdefault(n.phrase(phrase), c.id) == c.id, phrase


def test_contraindications_are_usable(kb: KnowledgeBase) -> None:
    for x in kb.contraindications:
        assert len(x.terms) >= 3, x.id
        assert x.guidance and x.reason, x.id
        if x.kind == "absolute":
            assert x.modalities is None, x.id


def test_the_named_contraindications_are_present(kb: KnowledgeBase) -> None:
    ids = {x.id for x in kb.contraindications}
    for required in (
        "fever",
        "dvt",
        "anticoagulants",
        "pregnancy",
        "open-wound",
        "recent-surgery",
        "osteoporosis",
        "cancer-treatment",
        "oil-allergy",
    ):
        assert required in ids


def test_modalities_have_sane_pressures(kb: KnowledgeBase) -> None:
    for m in kb.modalities:
        assert 1 <= m.min_pressure <= m.pressure <= 5, m.id
        assert m.description and m.session_minutes > 0
