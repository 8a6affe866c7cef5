"""Everyday senses of words that look like findings, and findings said in everyday words: each case is
one thing a clinician reads at once and a keyword screen gets wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from massage_match.engine import Engine


def findings(engine: Engine, symptom: str, health: tuple[str, ...] = ()) -> dict[str, bool]:
    """Each contraindication found, and whether it is in the client's past."""
    rec = engine.recommend(symptom, health)
    return {f.contraindication.id: f.history for f in rec.health if f.contraindication is not None}


def flags(engine: Engine, symptom: str, health: tuple[str, ...] = ()) -> set[str]:
    return {hit.flag.id for hit in engine.matcher.red_flags(symptom, health)}


@pytest.mark.parametrize(
    "symptom,absent",
    [
        ("achy and wiped out months after covid", "contagious-condition"),  # long covid, not an infection
        ("since covid I'm exhausted all the time", "contagious-condition"),
        ("neck stiff from dancing, hangover headache, self-inflicted", "acute-infection"),  # not "infected"
    ],
)
def test_a_word_in_another_sense_is_no_finding(engine: Engine, symptom: str, absent: str) -> None:
    assert absent not in findings(engine, symptom)


def test_surgery_next_month_limits_nothing_today(engine: Engine) -> None:
    assert "recent-surgery" not in findings(engine, "upper back tight", ("having my gallbladder out next month",))
    assert findings(engine, "upper back tight", ("had my gallbladder out last week",)).get("recent-surgery") is False


def test_an_event_dated_by_an_age_then_is_past(engine: Engine) -> None:
    assert findings(engine, "neck pain", ("appendix out at age 12",))["recent-surgery"] is True
    assert findings(engine, "neck pain", ("appendix out when I was 30",))["recent-surgery"] is True
    # The client's age now is no event: it stays a number the red flags read.
    rec = engine.recommend("lower back pain", ("age 72",))
    assert any(dict(f.facts).get("age") == 72 for f in rec.health)


@pytest.mark.parametrize(
    "symptom,flag",
    [
        ("c/o transient L facial droop & slurred speech ~30 min, resolved, 2/7 ago", "possible-tia"),
        ("wife says I'm not making sense and my left leg keeps giving way, started an hour ago", "stroke-signs"),
        ("my speech came out all jumbled 20 min ago and my right hand is still clumsy", "stroke-signs"),
        ("really exhausted, short of breath doing nothing, feels like a weight on my chest", "cardiac-chest-pain"),
        ("7 weeks pregnant, spotting, sharp pain low on one side of my tummy, shoulder tip hurts", "possible-ectopic"),
        ("neck ache, hands gone clumsy, can't do buttons, legs feel stiff when I walk", "cervical-myelopathy"),
        ("Bad back since gardening. Can't really tell when I need the loo any more", "cauda-equina"),
        # a relative's signs told with no word of the writer's own, or by a writer who says who they are to her
        ("son is type 1, vomiting and breathing deep and fast, very sleepy", "possible-dka"),
        ("she is 80, complaining of pressure in chest, grey and sweaty, I'm her daughter", "cardiac-chest-pain"),
        ("I don't feel the toilet paper when I wipe, and my back hurts", "cauda-equina"),
        # "no strength" is a weakness told, not one denied; the waiting room is a room, not a wait
        ("since she woke up her left hand has no strength and her speech is slurred", "stroke-signs"),
        ("lips swelling and throat tight after the cashew in your waiting room", "anaphylaxis"),
        # Scots: "a burden tae a'body, they'd be better aff wi'oot me"
        ("I'm jist a burden tae a'body, they'd be better aff wi'oot me", "suicidal-passive-thoughts"),
    ],
)
def test_a_danger_in_everyday_words_is_raised(engine: Engine, symptom: str, flag: str) -> None:
    assert flag in flags(engine, symptom)


@pytest.mark.parametrize(
    "symptom,flag",
    [
        ("PT made us do suicide sprints, quads are dead lol", "suicidal-thoughts"),
        ("watched a documentary on strokes, all fine, just want my shoulders done", "stroke-signs"),
        ("pain 24/7 in my lower back", "possible-tia"),
        ("I can't feel my legs after that spin class haha", "cauda-equina"),
        ("arms are numb from holding the baby all day lol not really", "psychosis-crisis"),
        ("blacked out the memory of that meeting, need to unwind", "exertional-fainting"),
        ("PhD student researching sepsis biomarkers, hunched over a microscope, neck stiff", "possible-sepsis"),
        ("had a mini stroke in 2008, fully recovered", "possible-tia"),
    ],
)
def test_a_danger_word_in_another_sense_raises_nothing(engine: Engine, symptom: str, flag: str) -> None:
    assert flag not in flags(engine, symptom)
    assert engine.recommend(symptom).referral is None


def test_signs_told_beside_a_question_or_an_old_negative_scan_still_count(engine: Engine) -> None:
    for symptom in (
        "calf swollen and hot, could it be a clot?",
        "DVT ruled out last month, now my calf is swollen and red",
    ):
        referral = engine.recommend(symptom).referral
        assert referral is not None and referral.urgency == "urgent", symptom


def test_a_past_risk_counts_in_todays_pregnancy(engine: Engine) -> None:
    rec = engine.recommend("28 weeks pregnant, hx preterm labour with my first, sore back")
    assert rec.referral is not None and rec.referral.urgency == "clearance"
    not_pregnant = engine.recommend("hx preterm labour years ago, sore neck")
    assert not_pregnant.referral is None


@pytest.mark.parametrize(
    "symptom,expected,not_expected",
    [
        ("shoulders are stiff", "shoulder-pain", "frozen-shoulder"),  # stiffness alone is no diagnosis
        ("I'm anxious about going back to work", "stress-anxiety", "low-back-pain"),  # "back" is a return
        ("had my knee replaced eight weeks ago, still tight", "post-surgical-rehabilitation", "knee-osteoarthritis"),
    ],
)
def test_the_complaint_is_read_in_its_sense(engine: Engine, symptom: str, expected: str, not_expected: str) -> None:
    ids = [m.condition.id for _, m in engine.recommend(symptom).complaints if m is not None]
    assert expected in ids and not_expected not in ids


def test_a_form_s_operations_field_is_dated_by_its_answer_and_a_doric_greeting_is_no_fit(engine: Engine) -> None:
    rec = engine.recommend("Reason for visit: relaxation", ("Surgeries: tonsils age 6",))
    assert rec.referral is None
    recent = engine.recommend("neck sore", ("Surgeries: knee replacement 3 weeks ago",))
    assert recent.referral is not None and recent.referral.urgency == "clearance"
    greeted = engine.recommend("Fit like. Ma shooders are stiff.")
    assert greeted.match is not None and greeted.match.condition.id != "seizures"


@pytest.mark.parametrize(
    "symptom,health,flag",
    [
        # what another person does with what is the client's keeps the words the client's
        ("partner checks my phone and doesn't let me see my friends, bruises on neck", (), "domestic-abuse-signs"),
        ("the boss keeps my passport and i work 16 hours, back pain", (), "forced-labour"),
        # a disclosure told plainly in the health line
        ("back pain", ("my partner hurts me",), "domestic-abuse-signs"),
        ("nan is thin, bed sores, carer doesn't feed her properly", (), "adult-abuse-concern"),
        # a poison, an allergen met, a fire's smoke, a withdrawal told in other words
        ("my kid drank dishwasher liquid", (), "poison-swallowed"),
        ("tongue tingly after kiwi, voice hoarse", (), "anaphylaxis"),
        ("drinking a bottle of vodka a day, stopped 2 days ago, shaking, seeing things", (), "alcohol-withdrawal"),
    ],
)
def test_a_danger_told_by_what_was_done_or_met_is_raised(
    engine: Engine, symptom: str, health: tuple[str, ...], flag: str
) -> None:
    assert flag in flags(engine, symptom, health)


def test_another_s_doings_to_their_own_things_stay_theirs(engine: Engine) -> None:
    assert engine.recommend("my sister's husband checks her phone, I need my shoulders done").referral is None


@pytest.mark.parametrize(
    "symptom,health",
    [
        # a clinician's or a student's working day, a game, a pet stroked, a family history as a form's fields
        ("I'm a surgeon, long operations, neck and shoulders tight", ()),
        ("I'm a neurosurgeon, operating on brain tumours, neck tight", ()),
        ("pathologist, hunched over microscope looking at cancers, neck stiff", ()),
        ("Operation board game with kids, back sore from floor", ()),
        ("stroking my cat all evening lol, neck stiff from the couch", ()),
        ("heart attack on a plate breakfast this morning, now tense", ()),
        ("back tight", ("mother: breast cancer",)),
        ("back", ("FHx CVA",)),
    ],
)
def test_a_job_a_game_or_a_relative_s_history_raises_nothing(
    engine: Engine, symptom: str, health: tuple[str, ...]
) -> None:
    assert engine.recommend(symptom, health).referral is None


@pytest.mark.parametrize(
    "symptom,flag,raised",
    [
        # flights of stairs are no plane journey; a flight from Sydney still is
        ("ran down 10 flights of stairs in the fire drill, calves sore", "suspected-dvt", False),
        ("I climbed 20 flights for a charity stair climb, calves sore", "suspected-dvt", False),
        ("calf sore and swollen after a long flight from Sydney", "suspected-dvt", True),
        # a fever told as over is no meningitis; one that went up is today's
        ("I got fever last week, now recover already, neck stiff from sleep", "meningitis-signs", False),
        ("fever gone since Monday, feeling great, stiff neck from the gym", "meningitis-signs", False),
        ("temp went up to 39 and stiff neck", "meningitis-signs", True),
        # slurring from the dentist's numbing, over, is no mini-stroke; jumbled words that came and went are
        ("my speech was slurred after the dentist numbed my mouth, fine now", "possible-tia", False),
        ("my words came out jumbled for ten minutes last week, all gone now", "possible-tia", True),
        # a crash already checked at hospital is no urgent spine; yesterday's motorway crash is
        (
            "minor car accident last week, checked at A&E, nothing broken, a bit stiff in the neck",
            "spinal-pain-after-trauma",
            False,
        ),
        ("car crash yesterday on the motorway, neck really sore", "spinal-pain-after-trauma", True),
        # spotting in an early week is an earlier bleed; spotting today is today's
        (
            "pregnant, had a bit of spotting in week 6, scanned and all fine, now 20 weeks, back ache",
            "bleeding-in-pregnancy",
            False,
        ),
        ("20 weeks pregnant, some spotting today", "bleeding-in-pregnancy", True),
    ],
)
def test_an_everyday_or_past_sense_raises_no_flag_and_the_present_one_does(
    engine: Engine, symptom: str, flag: str, raised: bool
) -> None:
    assert (flag in flags(engine, symptom)) is raised


@pytest.mark.parametrize(
    "health,raised",
    [
        ("took 30 x 500mg paracetamol about 6 hours ago", True),
        ("took 2 x 500mg paracetamol for my headache", False),
    ],
)
def test_a_count_of_tablets_told_with_their_strength_is_counted(engine: Engine, health: str, raised: bool) -> None:
    rec = engine.recommend("back ache", (health,))
    assert (rec.referral is not None and rec.referral.urgency == "emergency") is raised
