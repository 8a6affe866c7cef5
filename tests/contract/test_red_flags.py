"""Every red flag in the knowledge base, as written: its examples raise it, its counterexamples do
not, and neither does the same finding denied or said of someone else."""

from __future__ import annotations

import pytest

from massage_match.engine import Engine
from massage_match.kb import load_knowledge_base
from tests.rule_text import rule_example

FLAGS = load_knowledge_base().red_flags


def _raised(engine: Engine, text: str) -> list[str]:
    return [hit.flag.id for hit in engine.matcher.red_flags(text)]


def test_every_flag_has_a_source_examples_and_counterexamples() -> None:
    for flag in FLAGS:
        assert flag.source, flag.id
        assert len(flag.examples) >= 3, flag.id
        assert len(flag.counterexamples) >= 3, flag.id


@pytest.mark.parametrize("flag", FLAGS, ids=lambda f: f.id)
def test_a_flag_s_examples_raise_it_and_its_counterexamples_do_not(engine: Engine, flag) -> None:
    for text in flag.examples:
        assert flag.id in _raised(engine, text), text
    for text in flag.counterexamples:
        assert flag.id not in _raised(engine, text), text


@pytest.mark.parametrize("flag", FLAGS, ids=lambda f: f.id)
def test_a_flag_is_raised_from_its_rule_and_not_for_someone_else(engine: Engine, flag) -> None:
    clauses = rule_example(flag.when, engine.kb)
    assert flag.id in _raised(engine, ". ".join(clauses))
    # the same words, every clause about the client's mother: nothing of the client's is there
    assert flag.id not in _raised(engine, ". ".join(f"my mother had {c}" for c in clauses))


def test_a_carer_s_note_about_the_client_is_screened_as_the_client_s(engine: Engine) -> None:
    # A note that speaks of one relative throughout, with no word of the writer's own, and gives their
    # age or passes on their words, is a carer's note about the client.
    assert "stroke-signs" in _raised(engine, "Dad, 78: his face drooped at lunch and now he can't lift his arm")
    assert "thunderclap-headache" in _raised(engine, "my wife suddenly clutched her head, she says worst pain ever")
    # A relative's history, or a worry about them, stays theirs.
    assert _raised(engine, "my mother had a stroke, runs in the family") == []
    assert _raised(engine, "my husband gets chest pains") == []
    assert _raised(engine, "my wife had a DVT after her c-section") == []
    # The writer's own complaint beside a relative's illness: the illness is the relative's.
    assert _raised(engine, "I have back pain and my dad's face drooped last year") == []


def test_a_relative_s_own_complaint_makes_the_note_about_them(engine: Engine) -> None:
    # "his knee", "her back": the complaint that is matched is the relative's, so their health is screened.
    rec = engine.recommend("my dad is on warfarin, his back is sore")
    assert "anticoagulants" in {h.contraindication.id for h in rec.health if h.contraindication}
    assert "bleeding-on-anticoagulant" in _raised(engine, "my husband is on warfarin and his gums bleed")
    assert "recent-stroke" in {
        h.contraindication.id
        for h in engine.recommend("my mother had a stroke last month and her shoulder hurts").health
        if h.contraindication
    }
    # A relative's trouble beside the writer's own complaint stays theirs.
    assert _raised(engine, "my husband is on warfarin and his gums bleed, my shoulders are tight") == []
    assert not engine.recommend("my dad is on warfarin, I have a sore back").health


def test_news_of_a_relative_this_morning_is_acted_on_and_a_passed_on_remark_is_the_client_s(engine: Engine) -> None:
    # Told so that someone acts now: whoever it is about, the advice to act is the client's to pass on.
    assert "stroke-signs" in _raised(
        engine, "husband's face drooping on one side and his words slurred, started 20 mins ago"
    )
    assert "stroke-signs" in _raised(engine, "mum suddenly can't find her words and her right hand is clumsy")
    # Told in the present ("is drooping", "has crushing chest pain") it is news as much as "this morning" is;
    # "my mother had" stays her history even with news, and beside the writer's own booking it stays theirs.
    assert "stroke-signs" in _raised(engine, "my dad's face is drooping")
    assert "cardiac-chest-pain" in _raised(engine, "my husband has crushing chest pain and is sweaty")
    assert _raised(engine, "my mother had a funny turn this morning") == []
    assert _raised(engine, "my dad's face is drooping; I'm booking for my neck") == []
    # A bare fact of theirs, with no sign of how they are now, stays theirs.
    assert not engine.recommend("lower back pain", ["brother has epilepsy"]).health[0].contraindication
    # What another person sees of the client is the client's ("says my"), what they say of themselves is not.
    assert "stroke-signs" in _raised(engine, "wife says my smile is lopsided and my words are coming out wrong")
    assert _raised(engine, "my wife says she has a headache with zigzag lights") == []


def test_a_booking_for_a_relative_who_is_unwell_now_is_screened_as_the_client_s(engine: Engine) -> None:
    # How they are now, after a history ("had a bypass ... he's home now"), or what they think, after one.
    assert "cauda-equina" in _raised(
        engine,
        "My wife has had a disc problem for years but since Tuesday both her legs are going numb and "
        "she's wet herself twice. She thinks a massage will loosen it.",
    )
    assert "abdominal-aortic-aneurysm" in _raised(
        engine,
        "my husband's 70 and says he can feel his tummy throbbing, then he got sudden back pain today and "
        "nearly passed out",
    )  # "passed out" is no "passed away": nothing of family history
    assert _raised(engine, "my dad passed away from a stroke, runs in the family") == []
    # The writer who only looks ("when I press a glass on it") names no complaint of their own.
    assert "meningitis-signs" in _raised(
        engine,
        "my son has a bad headache and stiff neck, cant stand the light and has a rash that doesnt fade when i "
        "press a glass on it",
    )


def test_an_abbreviation_in_capitals_is_a_finding_and_the_same_letters_in_lower_case_a_word(engine: Engine) -> None:
    # "hx MI" dates only the heart attack, not the chest pain at rest in the clause before it
    assert "cardiac-chest-pain" in _raised(
        engine, "Pt 61M, central CP radiating to jaw, 20min at rest, diaphoretic, hx MI"
    )
    (finding,) = [f for f in engine.matcher.health("MI 3 weeks ago") if f.contraindication]
    assert finding.contraindication.id == "recent-heart-attack"
    # Jamaican "mi" is "me"/"my": no heart attack
    assert all(f.contraindication is None for f in engine.matcher.health("mi shoulder tight, mi feel good"))


def test_chart_shorthand_for_a_fracture_is_a_fracture(engine: Engine) -> None:
    assert "compartment-syndrome" in _raised(
        engine, "closed tib # in backslab since yesterday, pain on passive toe ext"
    )
    assert "compartment-syndrome" not in _raised(engine, "record #1024, calf tight after a run")


def test_signs_that_came_and_went_are_a_mini_stroke_not_a_stroke(engine: Engine) -> None:
    raised = _raised(engine, "vision in one eye went dark like a curtain for a few minutes, back to normal")
    assert "possible-tia" in raised and "stroke-signs" not in raised
    raised = _raised(engine, "couldn't get my words out for 10 min last week, fine now")
    assert "possible-tia" in raised and "stroke-signs" not in raised
    assert "stroke-signs" in _raised(engine, "couldn't get my words out for 10 min and it's still going")
    assert _raised(engine, "arm went numb when I slept on it, came back quickly") == []


def test_a_pain_score_does_not_cut_the_sentence_it_is_in(engine: Engine) -> None:
    assert "thunderclap-headache" in _raised(engine, "sudden 10/10 pain back of head while lifting at the gym")
    assert "thunderclap-headache" in _raised(engine, "sudden 10 / 10 pain in the back of my head")


def test_a_gym_day_is_a_session_and_chest_pain_at_rest_is_unstable(engine: Engine) -> None:
    # "chest pain ... 3 days ago" holds the words of "chest day" but is no workout.
    raised = _raised(engine, "Had a bad chest pain episode 3 days ago with sweating, lasted half an hour")
    assert "cardiac-chest-pain" in raised
    assert "cardiac-chest-pain" in _raised(
        engine, "Chest pain on and off for 2 days, now it comes on even when resting"
    )
    # An arm that aches at night is a shoulder's, not the heart's.
    assert _raised(engine, "shoulder pain wakes me at night, sore arm") == []


def test_suicidal_thoughts_in_the_words_people_use(engine: Engine) -> None:
    assert "suicidal-thoughts" in _raised(engine, "pt disclosed plan to hang himself, has chosen a date")
    assert "suicidal-passive-thoughts" in _raised(engine, "I keep wishing I just wouldn't wake up in the morning")


def test_run_over_is_a_crush_only_where_a_vehicle_or_a_victim_follows(engine: Engine) -> None:
    assert _raised(engine, "calf tight when I run over 5k") == []
    assert _raised(engine, "I run a lot, pain over my foot") == []
    assert "compartment-syndrome" in _raised(
        engine, "a car ran over my foot, swollen and tense, pain out of proportion"
    )


def test_words_for_the_genitals_are_read_whole_not_bagged(engine: Engine) -> None:
    # "can't get it up" must not be "can't ... up" in "can't stand up straight", nor "numb down there"
    # any numb hand "there".
    text = "long term steroids, sat down hard on a chair, low back agony, can't stand up straight"
    assert "cauda-equina" not in _raised(engine, text)
    assert _raised(engine, "my hand is numb there, back sore") == []
    assert "cauda-equina" in _raised(engine, "back pain and numb down there")
    assert "cauda-equina" in _raised(engine, "bad back since yesterday and I can't get it up")
    # A level below which the trunk is numb, with cancer in the bones: cord compression.
    assert "metastatic-cord-compression" in _raised(engine, "myeloma, upper back pain, numb from my belly button down")


def test_the_person_a_note_books_in_is_the_client(engine: Engine) -> None:
    assert "testicular-torsion" in _raised(
        engine, "Hi I want to book my son (14) for sports massage. He woke with bad pain in one of his balls, been sick"
    )
    assert "possible-sepsis" in _raised(
        engine, "writing for my nan, she's off her food, her wee smells, and now she's confused and very drowsy"
    )
    assert "exertional-fainting" in _raised(
        engine, "My son (16) fainted mid-sprint at football. His uncle died suddenly at 35. Can you see him Friday?"
    )
    assert "head-injury-warning" in _raised(
        engine,
        "my daughter is 7, fell off the trampoline yesterday and hit her head, sick twice and very sleepy, "
        "I want a massage for her neck",
    )
    # Booking for themself, the client's relative's illness stays the relative's.
    assert _raised(engine, "I took my son to A&E with a fever last night, my back is sore") == []


def test_a_health_worker_s_shift_is_the_patients_and_a_clinician_s_note_is_the_client_s(engine: Engine) -> None:
    assert (
        _raised(engine, "I'm an A&E nurse, dealt with three overdoses and a stroke on my last shift, need to unwind")
        == []
    )
    assert (
        _raised(engine, "Paramedic here, two cardiac arrests and a big RTC on Tuesday. Just my shoulders from CPR")
        == []
    )
    assert _raised(engine, "ICU nurse, four nights. Sepsis, two arrests, a stroke thrombolysis. Me? Tight traps") == []
    assert _raised(engine, "I'm a clinical psychologist working with suicidal adolescents, shoulders tight") == []
    assert _raised(engine, "Paramedic, did three chest pain jobs and a stroke call on shift, my neck is cooked") == []
    assert _raised(engine, "I am a midwife, we had an emergency with pre-eclampsia last night, my feet ache") == []
    assert _raised(engine, "I'm a GP and I see lots of back pain with cauda equina, my own neck is stiff") == []
    assert _raised(engine, "I'm a paramedic, I deal with suicides and overdoses, my lower back is wrecked") == []
    assert _raised(engine, "as a carer I look after a man with dementia who has DVT, my shoulders are tight") == []
    # (what the worker sees of their own body is theirs: "I see double")
    assert "stroke-signs" in _raised(engine, "I'm a GP, I see double since this morning and my face dropped")
    # (a needlestick off a patient is the worker's own injury, whatever the patient has)
    assert _raised(engine, "I'm a nurse, got a needlestick from a used needle off a patient with hep C this morning")
    # The worker's own trouble, and a clinician's note on the client, are read.
    assert "cardiac-chest-pain" in _raised(engine, "nurse, busy night shift, chest pain since 3am, sweating")
    assert "new-confusion" in _raised(
        engine, "Care home nurse: Mrs E, 88, normally chatty. Since yesterday muddled, seeing cats in the room."
    )


def test_paracetamol_taken_too_often_is_read_however_it_is_told(engine: Engine) -> None:
    for text in (
        "taking paracetamol every 3 hours for 5 days for toothache, feel sick",
        "been popping panadol all week for my teeth, like 12 a day, now feel sick",
        "handfuls of paracetamol for my back all week, now throwing up",
    ):
        assert "paracetamol-excess-unwell" in _raised(engine, text), text
    assert _raised(engine, "paracetamol every 4 hours for my knee, no more than 8 a day") == []


def test_what_the_client_took_of_someone_else_s_is_the_client_s(engine: Engine) -> None:
    text = "on citalopram and took some of my mates MDMA, since then muscles twitching, heart racing, feel very hot"
    assert "serotonin-toxicity-severe" in _raised(engine, text)


def test_a_short_illness_dated_weeks_back_is_over(engine: Engine) -> None:
    assert _raised(engine, "had a fever last month, neck stiff") == []
    assert _raised(engine, "had flu three weeks ago, stiff neck from the sofa") == []
    assert "meningitis-signs" in _raised(engine, "had a fever since this morning, neck stiff, light hurts my eyes")


def test_a_dialect_denial_reads_as_a_denial_and_a_second_language_is_no_lost_speech(engine: Engine) -> None:
    assert "reduced-fetal-movements" in _raised(engine, "33 weeks pregnant, di baby nuh kick much since yesterday")
    assert _raised(engine, "I do not speak good English, sorry, my back hurts") == []
    assert "stroke-signs" in _raised(engine, "husband speak not good since 1 hour, his hand not working right side")


def test_what_someone_did_to_the_client_or_told_of_them_is_read_when_dated_too(engine: Engine) -> None:
    assert "strangulation" in _raised(engine, "my husband grabbed me by the throat last week, neck sore")
    assert _raised(engine, "Stiff neck from driving Grab whole day lah.") == []


def test_a_feverish_child_under_five_who_is_floppy_is_an_emergency(engine: Engine) -> None:
    assert "sick-baby" in _raised(engine, "my 3 year old has a high temp and is floppy and not waking properly")
    assert "sick-baby" not in _raised(engine, "my 9 year old has a high temp, watching telly, eating fine")


def test_chemotherapy_that_ended_days_ago_still_makes_a_fever_neutropenic_sepsis(engine: Engine) -> None:
    assert "neutropenic-sepsis" in _raised(engine, "chemo finished last week, now shivery with a temp of 38")
    assert "neutropenic-sepsis" not in _raised(engine, "finished chemo in 2019, temp of 38 today with a cold")


def test_meningism_stroke_and_guillain_barre_told_in_everyday_words(engine: Engine) -> None:
    assert "meningitis-signs" in _raised(engine, "neck stiff, headache, feel hot and sleepy, little spots on my legs")
    assert "stroke-signs" in _raised(engine, "can't walk straight since this morning, room spinning, threw up")
    assert "stroke-signs" in _raised(engine, "since lunch I couldn't understand what people were saying to me")
    assert "guillain-barre" in _raised(engine, "tummy bug 2 weeks ago, now both legs going weak, tingling creeping up")


def test_what_an_adult_at_home_does_to_a_teenager_is_a_disclosure(engine: Engine) -> None:
    text = "hi im 14 can i book w/o my mum. her boyfriend hits me with the belt"
    assert "child-harmed-at-home" in _raised(engine, text)
    assert "domestic-abuse-signs" in _raised(engine, "my partner gets angry and grabs me, bruises on my arms")
    assert _raised(engine, "my husband gets home late and grabs a beer, I'm tired") == []


def test_a_denied_list_denies_every_item(engine: Engine) -> None:
    for text in (
        "Pt denies chest pain, SOB, calf pain. Requests sports massage for hamstrings.",
        "no chest pain, breathlessness, or calf swelling, hamstrings tight",
        "denies saddle anaesthesia, urinary retention, leg weakness. LBP 2/52",
        "no saddle numbness, bladder or bowel problems, back ache",
        "no fever, weight loss or night pain, back stiff from gardening",
    ):
        assert _raised(engine, text) == [], text
    # The list ends at its "or" or full stop, and a word of taking or having ends it sooner.
    assert "cauda-equina" in _raised(engine, "no fever or rash, numb around my bottom and can't pee, back pain")
    assert "anticoagulants" in [h.contraindication.id for h in engine.recommend("denies fever, on warfarin").health]


def test_a_person_the_client_lifts_keeps_their_own_fever(engine: Engine) -> None:
    assert "spinal-infection" not in _raised(engine, "lifting my son who has a fever, back sore")
    assert "spinal-infection" in _raised(engine, "back sore and I have a fever since yesterday")


def test_a_job_or_topic_about_an_illness_is_no_one_s(engine: Engine) -> None:
    for text in (
        "I run the hospital's DVT clinic, tight shoulders from the desk",
        "did a stroke awareness course at work, shoulders tight from sitting",
        "I'm writing a novel where the character has a brain tumour, neck stiff from typing",
    ):
        recommendation = engine.recommend(text)
        assert recommendation.referral is None, text
    # (a course of treatment is the client's own)
    assert engine.recommend("did a course of chemo last month, neck stiff").referral is not None


def test_a_trailing_date_dates_the_clause_before_it(engine: Engine) -> None:
    assert _raised(engine, "passed out once at my own wedding from nerves and heat, 20 years ago") == []
    assert "heat-stroke" in _raised(engine, "passed out on the roof in the heatwave this afternoon")


def test_blood_results_told_as_numbers_raise_their_rules(engine: Engine) -> None:
    expected = {
        "neck ache; my INR was 6.2 at the clinic yesterday": "bleeding-on-anticoagulant",
        "sodium 119, feel confused": "sodium-low-severe",
        "oxygen sats 88% on my finger monitor": "oxygen-low",
        "haemoglobin 52 breathless": "haemoglobin-very-low-symptoms",
        "calcium came back at 3.6": "calcium-high",
    }
    for text, flag in expected.items():
        assert flag in _raised(engine, text), text
    for text in ("INR 2.5, in range, back stiff", "sats 97, all fine, neck stiff", "sodium 139, shoulders tight"):
        assert _raised(engine, text) == [], text
