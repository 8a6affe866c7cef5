"""The rule engine alone: what a recommendation holds for a symptom, health terms, red flags, --top and
the client's preferences. Through the session's engine (conftest), never built here."""

from __future__ import annotations

import pytest

from massage_match.engine import Engine
from massage_match.language.matcher import alternative_floor
from massage_match.model import KnowledgeBase, Preferences, Recommendation

STOPPING = ("emergency", "urgent")


def statuses(rec: Recommendation) -> dict[str, str]:
    return {a.modality.id: a.status for a in rec.modalities}


def usable(rec: Recommendation) -> list[str]:
    return [a.modality.id for a in rec.modalities if a.status != "avoid"]


def test_a_plain_symptom_is_matched_and_everything_recommended(engine: Engine) -> None:
    rec = engine.recommend("lower back pain")
    assert rec.query == "lower back pain"
    assert rec.match is not None and rec.match.condition.id == "low-back-pain" and rec.match.score == 100.0
    assert rec.referral is None and rec.health == ()
    assert rec.modalities and {a.status for a in rec.modalities} == {"recommended"}
    scores = [a.score for a in rec.modalities]
    assert scores == sorted(scores, reverse=True)


def test_typos_and_synonyms_reach_the_same_condition(engine: Engine) -> None:
    plain = engine.recommend("lower back pain")
    for text in ("lower bak pain", "lumbago", "my lower back aches"):
        rec = engine.recommend(text)
        assert rec.match is not None and rec.match.condition.id == "low-back-pain", text
        assert statuses(rec) == statuses(plain), text


def test_an_unmatched_symptom_has_no_match_and_no_modalities(engine: Engine) -> None:
    rec = engine.recommend("my car makes a noise")
    assert rec.match is None and rec.modalities == ()


def test_alternatives_stay_above_the_floor(engine: Engine) -> None:
    for text in ("lower back pain", "sore back", "pain in my heel", "qwerty"):
        rec = engine.recommend(text)
        floor = alternative_floor(rec.match.score if rec.match else None)
        assert all(a.score >= floor for a in rec.alternatives), text
        assert len(rec.alternatives) <= 3
        assert rec.match is None or rec.match.condition not in [a.condition for a in rec.alternatives]
    # beside a perfect match, a distant condition is no alternative (half the match's score at least)
    assert all(a.score >= 50 for a in engine.recommend("lower back pain").alternatives)


def test_a_contraindicated_modality_is_never_recommended(engine: Engine, kb: KnowledgeBase) -> None:
    rec = engine.recommend("lower back pain", ["on warfarin"])
    anticoagulants = kb.contraindication("anticoagulants")
    assert [h.contraindication for h in rec.health] == [anticoagulants]
    concerned = [a for a in rec.modalities if anticoagulants.concerns(a.modality.id)]
    assert concerned and all(a.status != "recommended" for a in concerned)
    assert statuses(rec)["neuromuscular-therapy"] == "avoid"  # needs more pressure than the cap allows
    assert usable(rec), "limited, not stopped: the rest stays usable with adjustments"


def test_an_absolute_contraindication_leaves_nothing_recommended(engine: Engine, kb: KnowledgeBase) -> None:
    absolute = [c for c in kb.contraindications if c.kind == "absolute"]
    assert absolute
    for c in absolute:
        rec = engine.recommend("neck pain", [c.terms[0]])
        assert c in [h.contraindication for h in rec.health], c.id
        assert rec.modalities and "recommended" not in statuses(rec).values(), c.id


def test_the_strictest_pressure_cap_wins(engine: Engine, kb: KnowledgeBase) -> None:
    # pain medication caps pressure at 3, anticoagulants at 2: 2 holds whichever comes first
    caps = {c: kb.contraindication(c).adjustments.pressure_max for c in ("pain-medication", "anticoagulants")}
    assert caps == {"pain-medication": 3, "anticoagulants": 2}
    for health in (["on oxycodone", "on warfarin"], ["on warfarin", "on oxycodone"]):
        rec = engine.recommend("lower back pain", health)
        assert {h.contraindication.id for h in rec.health if h.contraindication} == set(caps), health
        swedish = next(a for a in rec.modalities if a.modality.id == "swedish-massage")
        assert swedish.status == "caution"
        assert "pressure at most 2 of 5, heavy lotioning (usual 3)" in swedish.adjustments
        assert not any("pressure at most 3" in x for x in swedish.adjustments)


def test_denied_health_terms_limit_nothing(engine: Engine) -> None:
    plain = engine.recommend("neck pain")
    rec = engine.recommend("neck pain", ["no fever", "not on blood thinners"])
    assert [h.contraindication for h in rec.health] == [None, None]
    assert all(h.negated for h in rec.health)
    assert rec.modalities == plain.modalities and rec.referral is None


def test_someone_else_s_condition_limits_nothing(engine: Engine) -> None:
    rec = engine.recommend("neck pain", ["my mother has cancer"])
    assert rec.modalities == engine.recommend("neck pain").modalities


def test_history_asks_to_confirm_instead_of_ruling_out(engine: Engine) -> None:
    rec = engine.recommend("neck pain", ["history of DVT"])
    (finding,) = rec.health
    assert finding.contraindication is not None and finding.contraindication.id == "dvt" and finding.history
    assert rec.modalities and all(a.status == "caution" for a in rec.modalities)
    assert all(any("confirm it has resolved" in r for r in a.reasons) for a in rec.modalities)
    now = engine.recommend("neck pain", ["DVT"])  # the same term today: an absolute contraindication
    assert set(statuses(now).values()) == {"avoid"}


def test_an_unknown_health_term_is_reported_and_limits_nothing(engine: Engine) -> None:
    rec = engine.recommend("neck pain", ["enjoys gardening"])
    assert [(h.query, h.contraindication, h.negated) for h in rec.health] == [("enjoys gardening", None, False)]
    # reported loudly (the CLI warns; the table leads with it), but by itself it is no reason for
    # caution: "caution" means a specific adjustment applies
    assert set(statuses(rec).values()) == {"recommended"}
    assert "health 'enjoys gardening' -> not understood: not assessed" in rec.explanation


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
def test_red_flags(engine: Engine, symptom: str, urgencies: set[str]) -> None:
    rec = engine.recommend(symptom)
    assert rec.referral is not None and rec.referral.urgency in urgencies
    assert rec.referral.reasons
    assert not [a for a in rec.modalities if a.status == "recommended"]


def test_a_stopping_referral_leaves_no_modality_usable(engine: Engine) -> None:
    rec = engine.recommend("lower back pain with loss of bladder control")
    assert rec.match is not None and rec.referral is not None and rec.referral.urgency in STOPPING
    assert rec.modalities and usable(rec) == []
    assert all(a.reasons[0].startswith(f"Refer first ({rec.referral.urgency})") for a in rec.modalities)


def test_a_red_flag_from_health_text(engine: Engine) -> None:
    rec = engine.recommend("lower back pain", ["fever"])
    assert rec.referral is not None and rec.referral.urgency == "urgent"
    assert rec.modalities and usable(rec) == []


@pytest.mark.parametrize("symptom", ["neck pain", "back pain, no numbness, no fever", "stiff neck"])
def test_no_referral_when_denied_or_absent(engine: Engine, symptom: str) -> None:
    assert engine.recommend(symptom).referral is None


@pytest.mark.parametrize("top", [1, 2])
def test_top_limits_the_usable_modalities_and_keeps_every_avoid(engine: Engine, top: int) -> None:
    full = engine.recommend("lower back pain", ["on warfarin"])
    rec = engine.recommend("lower back pain", ["on warfarin"], top=top)
    assert usable(rec) == usable(full)[:top]
    assert [a for a in rec.modalities if a.status == "avoid"] == [a for a in full.modalities if a.status == "avoid"]


def test_preferences_cap_pressure_and_add_avoided_areas(engine: Engine) -> None:
    rec = engine.recommend("lower back pain", preferences=Preferences(pressure_max=2, avoid_areas=("feet",)))
    by_id = {a.modality.id: a for a in rec.modalities}
    assert by_id["neuromuscular-therapy"].status == "avoid"  # needs at least pressure 3
    swedish = by_id["swedish-massage"]
    assert swedish.status != "avoid"
    assert "pressure at most 2 of 5, heavy lotioning (client's preference)" in swedish.adjustments
    assert "avoid feet (client's wish)" in swedish.adjustments


def test_a_stricter_contraindication_cap_beats_a_looser_preference(engine: Engine) -> None:
    rec = engine.recommend("lower back pain", ["on warfarin"], preferences=Preferences(pressure_max=3))
    swedish = next(a for a in rec.modalities if a.modality.id == "swedish-massage")
    assert "pressure at most 2 of 5, heavy lotioning (usual 3)" in swedish.adjustments
    assert not any("client's preference" in x for x in swedish.adjustments)


def test_the_record_id_is_carried_through(engine: Engine) -> None:
    assert engine.recommend("neck pain", record_id="R7").record_id == "R7"
    assert engine.recommend("neck pain").record_id is None


def _by_status(rec) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for a in rec.modalities:
        grouped.setdefault(a.status, set()).add(a.modality.id)
    return grouped


def test_health_written_in_the_symptom_is_screened(engine: Engine) -> None:
    rec = engine.recommend("neck pain, I take Xarelto")
    (finding,) = rec.health
    assert finding.contraindication is not None and finding.contraindication.id == "anticoagulants"
    assert finding.in_symptom and finding.to_dict()["source"] == "symptom"
    assert "recommended" not in {a.status for a in rec.modalities if a.modality.id == "trigger-point-therapy"}
    assert rec.match is not None and rec.match.condition.id == "neck-pain"


def test_a_symptom_holds_no_unknown_health_terms(engine: Engine) -> None:
    assert engine.recommend("my knee aches when I open the car door").health == ()


def test_a_fever_postpones_the_session(engine: Engine) -> None:
    rec = engine.recommend("knee pain", ["fever since last night"])
    assert rec.referral is not None and rec.referral.urgency == "postpone"
    assert _by_status(rec).keys() == {"avoid"}
    assert all(a.reasons[0].startswith("Postpone") for a in rec.modalities)


def test_recent_surgery_needs_clearance_before_anything(engine: Engine) -> None:
    rec = engine.recommend("knee pain", ["gallbladder removed 2 weeks ago"])
    assert rec.referral is not None and rec.referral.urgency == "clearance"
    assert "recommended" not in _by_status(rec)
    assert all(
        a.adjustments[0] == "only once a physician has cleared massage" for a in rec.modalities if a.status == "caution"
    )


def test_an_old_joint_replacement_is_not_recent_surgery(engine: Engine) -> None:
    rec = engine.recommend("sore shoulders", ["total hip replacement 2015"])
    ids = {h.contraindication.id for h in rec.health if h.contraindication}
    assert "joint-replacement" in ids and "recent-surgery" not in ids
    assert rec.referral is None


def test_a_local_finding_on_the_treated_area_rules_its_work_out(engine: Engine) -> None:
    on_it = engine.recommend("lower back pain", ["rash on my back"])
    assert _by_status(on_it).keys() == {"avoid"}
    assert all("on the area being treated" in a.reasons[0] for a in on_it.modalities)
    elsewhere = engine.recommend("lower back pain", ["rash on my arm"])
    assert "avoid" not in _by_status(elsewhere)
    assert all("avoid the arm (rash or inflamed skin)" in a.adjustments for a in elsewhere.modalities)


def test_the_complaint_itself_is_not_a_finding_against_it(engine: Engine) -> None:
    rec = engine.recommend("sprained my ankle playing football")
    assert rec.match is not None and rec.match.condition.id == "ankle-sprain"
    assert rec.health == ()
    assert "recommended" in _by_status(rec)


def test_a_replaced_joint_elsewhere_is_an_area_to_mind_not_a_limit_everywhere(engine: Engine) -> None:
    away = engine.recommend("sore shoulders", ["knee replaced in 2019"])
    assert away.referral is None
    assert {a.status for a in away.modalities} == {"caution"}  # a finding that concerns them: never recommended
    assert all("no deep work or stretching at the knee (joint replacement)" in a.adjustments for a in away.modalities)
    assert not any(adj.startswith("pressure at most") for a in away.modalities for adj in a.adjustments)
    on_it = engine.recommend("knee pain", ["knee replaced in 2019"])  # the work is on the new joint
    assert all(any(r.startswith("limited by Joint replacement") for r in a.reasons) for a in on_it.modalities)


def test_a_temperature_of_38_is_a_fever(engine: Engine) -> None:
    rec = engine.recommend("neck pain", ["temp 38.5 last night"])
    assert [h.contraindication.id for h in rec.health if h.contraindication] == ["fever"]
    assert rec.referral is not None and rec.referral.urgency in ("postpone", "urgent")
    assert engine.recommend("neck pain", ["temp 37.1"]).referral is None


def test_a_number_the_client_states_is_understood(engine: Engine) -> None:
    rec = engine.recommend("neck pain", ["I'm 72"])
    (finding,) = rec.health
    assert finding.assessed and finding.contraindication is None
    assert finding.to_dict()["facts"] == {"age": 72.0}
    high = engine.recommend("neck pain", ["BP 172/95 this morning"])
    assert "hypertension" in {h.contraindication.id for h in high.health if h.contraindication}
