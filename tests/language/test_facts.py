"""Numbers the client states about themselves, and only those."""

from __future__ import annotations

import pytest

from massage_match.engine import Engine
from massage_match.language.facts import read_facts
from massage_match.model import KnowledgeBase


@pytest.mark.parametrize(
    "text,facts",
    [
        ("I'm 81 and my hip hurts", {"age": 81}),
        ("81 year old woman, fell", {"age": 81}),
        ("aged 67", {"age": 67}),
        ("74yo M, LBP", {"age": 74}),
        ("Pt 6y M, brought in for tight legs", {"age": 6}),
        ("swam 100 m, shoulders tight", {}),
        ("hi im 14 can i book without my mum", {"age": 14}),
        ("in my late 70s", {"age": 77}),
        ("BP 190/110 this morning", {"systolic": 190, "diastolic": 110}),
        ("blood pressure was 150 over 95", {"systolic": 150, "diastolic": 95}),
        ("temp 38.5", {"temperature": 38.5}),
        ("101F last night", {"temperature": 38.3}),
        ("32 weeks pregnant", {"weeks_pregnant": 32}),
        ("third trimester", {"weeks_pregnant": 28}),
        ("my mum is 81 and has dementia", {}),
        ("lifted 20 kg boxes for 3 years", {}),
        ("ran 10 miles in 38.5 minutes", {}),
        ("38.4 under the arm, not feeding", {"temperature": 38.4}),
        ("she was 39.1 in her ear", {"temperature": 39.1}),
        ("my arm is 38.5 cm round", {}),
        ("worked 12/7 shifts", {}),
        ("at 61 my back aches more", {"age": 61}),
        ("at 70, I'm slower to recover", {"age": 70}),
        ("woke at 12, my neck was stiff", {}),
        ("worse at 60 degrees of lifting", {}),
        ("knee clicks at 30 mph on the bike", {}),
        ("home monitor says 210/130", {"systolic": 210, "diastolic": 130}),
        ("BP at the pharmacy was 186/124", {"systolic": 186, "diastolic": 124}),
        ("three readings around 180/120 today", {"systolic": 180, "diastolic": 120}),
        ("Pt 32/40, leg swollen", {"weeks_pregnant": 32}),
        ("pain 8/10, onset 2/7", {}),
        ("T 39.2, photophobia", {"temperature": 39.2}),
        ("T12 wedge fracture", {}),
        ("Older client (74) doubled over with back pain", {"age": 74}),
        ("Bloke, 68, says his back hurts", {"age": 68}),
        ("old man 74 with back pain that started suddenly", {"age": 74}),
        ("pt 10 days post op, wound fine", {}),
        # two readings in one text: the arms compared
        ("BP L arm 170/95, R arm 130/80", {"systolic": 170, "diastolic": 95, "systolic_difference": 40}),
        # a pressure said with "to" once it is named; a rise "from 120 to 140" is no reading
        ("my blood pressure, it was 215 to 125", {"systolic": 215, "diastolic": 125}),
        ("bp went from 120 to 140 when I ran", {}),
        # weeks of pregnancy in French and Spanish
        ("enceinte de 34 semaines", {"weeks_pregnant": 34}),
        ("32 semanas, el bebe se mueve menos", {"weeks_pregnant": 32}),
        # a partner's age is the partner's, never the client's
        ("I'm 15 and my boyfriend is 24", {"age": 15, "partner_age": 24}),
        ("I'm 16, dating a 25 year old", {"age": 16, "partner_age": 25}),
        ("my girlfriend is 30 weeks", {}),
        # a pulse with its word or unit, never a count of years
        ("pulse was 128 this morning", {"heart_rate": 128}),
        ("my watch says 112 bpm", {"heart_rate": 112}),
        ("heart surgery 20 years ago", {}),
        # a blood sugar, a reading in mg/dL converted; sugar in tea is no reading
        ("my sugar is 2 and I feel shaky", {"glucose_low": 2, "glucose_high": 2}),
        ("glucose 450 and vomiting", {"glucose_low": 25, "glucose_high": 25}),
        ("2 sugars in my tea", {}),
        # a blood potassium told with its word; a supplement's dose is no reading
        ("potassium was 6.8 on bloods today", {"potassium": 6.8}),
        ("potassium 7.1, doctor rang", {"potassium": 7.1}),
        ("potassium 40 mg tablets from the pharmacy", {}),
        # a lab sheet's "K" with its decimal; a "5k" run, vitamin K and thousands are none
        ("CKD stage 4; K 6.4 on bloods today", {"potassium": 6.4}),
        ("K+ 2.8 from clinic yesterday", {"potassium": 2.8}),
        ("vitamin K 2.5 mg", {}),
        ("ran a 5k, 6.4 miles total", {}),
        # a breathing rate with its word or unit; breathing exercises and a held breath are none
        ("RR 8, drowsy", {"resp_rate": 8}),
        ("28 breaths/min sitting still", {"resp_rate": 28}),
        ("breathing exercises 3 times a day", {}),
        ("hold my breath for 10 seconds", {}),
        # a neutrophil count in 10^9/L or per microlitre
        ("neuts 0.4, back sore", {"neutrophils_low": 0.4}),
        ("ANC 200 on my bloods", {"neutrophils_low": 0.2}),
        # a reading dated years back is none of today's; the age beside it still is
        ("neutrophils were 0.4 during chemo in 2019", {}),
        ("72 year old had stroke in 2015", {"age": 72}),
        ("BP 180/110 since 2019", {"systolic": 180, "diastolic": 110}),
        # results told with their names, in range and with their units read; doses and urine pluses are none
        ("blood ketones 1.8, type 1", {"ketones": 1.8}),
        ("urine ketones 3+ and vomiting", {}),
        ("my lab results said lactate 4.5", {"lactate": 4.5}),
        ("CRP 250", {"crp": 250}),
        ("troponin 0.12", {"troponin": 120}),
        ("Mg 0.4, cramps", {"magnesium_low": 0.4}),
        ("magnesium 400 mg at night", {}),
        ("lithium level 2.1, shaky", {"lithium": 2.1}),
        ("lithium 400mg", {}),
        ("CK 20000 after the gym", {"ck": 20000}),
        ("GCS 13 post fall", {"gcs_low": 13}),
        ("Na+ 121, headache", {"sodium_low": 121, "sodium_high": 121}),
        ("Ca 1.7, tingling lips", {"calcium": 1.7}),
        ("Ca prostate with bony mets", {}),
        ("systolic 75", {"systolic": 75}),
        # a haemoglobin in g/L or g/dL with its unit; a kidney's eGFR (an earlier one after "was" is not its name's);
        # a ferritin, never an iron tablet's dose
        ("Hb 62 g/L on yesterday's bloods", {"haemoglobin_low": 62}),
        ("haemoglobin 6.8 g/dL", {"haemoglobin_low": 68}),
        ("eGFR 18 on bloods last week (was 45 three months ago)", {"egfr_low": 18}),
        ("ferritin 8, tired", {"ferritin_low": 8}),
        ("ferrous sulphate 200 mg", {}),
        ("glucose meter 27 mmol/L this morning", {"glucose_low": 27, "glucose_high": 27}),
        # an Australian chart's blood sugar level
        ("BSL 1.9, shaky", {"glucose_low": 1.9, "glucose_high": 1.9}),
        # an age an event is dated by is the client's age then, not now
        ("Surgeries: tonsils age 6", {}),
        ("appendix out at age 12", {}),
        ("I'm 45, appendix out at 12", {"age": 45}),
        # a warfarin test's INR, and a platelet count in 10^9/L or per microlitre; platelet bags are no count
        ("my INR was 6.2 yesterday, neck ache", {"inr": 6.2}),
        ("platelets 15 on my last bloods", {"platelets_low": 15}),
        ("platelet count was 15,000", {"platelets_low": 15}),
        ("plt 12k", {"platelets_low": 12}),
        ("had 2 bags of platelets", {}),
        # a temperature read where the thermometer was held
        ("baby is 7 weeks, 38.0 on the forehead thermometer", {"temperature": 38.0}),
        # an intake form's first field, the age alone; never a count of minutes, reps or a second number
        ("72, bit of arthritis, they said polymyalgia last year", {"age": 72}),
        ("45, female, desk job", {"age": 45}),
        ("20, maybe 30 minutes walking and my knee goes", {}),
        ("10, 15 reps and my shoulder clicks", {}),
        # a note's noun then the age, at the note's end too
        ("weird tiredness and nausea, woman 65", {"age": 65}),
        # waters that broke "at 34 weeks" are this pregnancy's weeks
        ("my waters broke at 34 weeks, no contractions yet", {"weeks_pregnant": 34}),
        ("waters broke this morning, 35 weeks", {"weeks_pregnant": 35}),
        # (a hedge after the weeks, and a booking for a prenatal massage, speak of this pregnancy too)
        ("waters went at 33 weeks I think, clear fluid trickling", {"weeks_pregnant": 33}),
        ("prenatal massage, 30 weeks, hands puffy", {"weeks_pregnant": 30}),
        ("back pain, 6 weeks I think", {}),
    ],
)
def test_facts_are_read_only_where_they_say_what_they_are(engine: Engine, text: str, facts: dict) -> None:
    assert read_facts([text], engine.kb.vocabulary) == facts


def test_the_most_telling_value_is_kept(engine: Engine) -> None:
    facts = read_facts(["temp 37.2 this morning", "temp 38.9 now", "BP 120/80", "BP 185/100"], engine.kb.vocabulary)
    assert facts == {"temperature": 38.9, "systolic": 185, "diastolic": 100}
    # a blood sugar's low end keeps the lowest reading, its high end the highest
    sugars = read_facts(["sugar 3.1 at lunch", "sugar 14 tonight"], engine.kb.vocabulary)
    assert sugars == {"glucose_low": 3.1, "glucose_high": 14}


def test_a_clause_about_someone_else_leaves_the_rest_of_the_note_read(kb: KnowledgeBase) -> None:
    note = "Chart: 34M, R ankle hot/swollen x2/7, nil trauma, T 38.1, new sexual partner last month"
    assert read_facts((note,), kb.vocabulary) == {"age": 34.0, "temperature": 38.1}
    assert read_facts(("my mum had a bad back at 81",), kb.vocabulary) == {}
    # A carer's note gives the client's age as it gives the complaint ("my mum, 81, has a bad back").
    assert read_facts(("my mum, 81, has a bad back",), kb.vocabulary) == {"age": 81.0}
    assert read_facts(("mum 79, says her scalp hurts to touch",), kb.vocabulary) == {"age": 79.0}
    assert read_facts(("Bloke, 68, says the side of his head is tender",), kb.vocabulary) == {"age": 68.0}


def test_a_temperature_said_with_a_verb_is_read_and_other_decimals_are_not(kb: KnowledgeBase) -> None:
    assert read_facts(("had 38.6 last night, sweating buckets",), kb.vocabulary) == {"temperature": 38.6}
    assert read_facts(("spiked to 39.1 this morning",), kb.vocabulary) == {"temperature": 39.1}
    for text in ("BMI 38.5, sore back", "ran 38.5 km at the weekend", "had 38.5 kg of luggage"):
        assert "temperature" not in read_facts((text,), kb.vocabulary), text


def test_a_bare_count_of_weeks_is_a_pregnancy_only_where_the_note_speaks_of_one(kb: KnowledgeBase) -> None:
    note = "Booking for my wife, 35 weeks. The midwife said her blood pressure was a bit high"
    assert read_facts((note,), kb.vocabulary) == {"weeks_pregnant": 35.0}
    assert read_facts(("back pain, 16 weeks",), kb.vocabulary) == {}
    # Under 12 weeks a bare count is as likely how long it has hurt, midwife or not.
    assert read_facts(("neck pain, 3 weeks, midwife appointment next month",), kb.vocabulary) == {}


def test_weeks_and_days_of_a_pregnancy_are_its_weeks_and_other_sums_are_not(kb: KnowledgeBase) -> None:
    assert read_facts(("35+2, second baby, back aches",), kb.vocabulary) == {"weeks_pregnant": 35.0}
    for text in ("score 10+2 on the test", "12+3=15", "BP 120/80+2 on the day"):
        assert "weeks_pregnant" not in read_facts((text,), kb.vocabulary), text


@pytest.mark.parametrize(
    "text,reading",
    [("she's hot (39.2) and off her food", 39.2), ("she's a bit hot today, 38.3, feeding less", 38.3)],
)
def test_a_reading_beside_feeling_hot_is_a_temperature(kb: KnowledgeBase, text: str, reading: float) -> None:
    assert read_facts((text,), kb.vocabulary) == {"temperature": reading}


def test_the_heat_of_a_hot_yoga_room_is_no_temperature(kb: KnowledgeBase) -> None:
    assert "temperature" not in read_facts(("hot yoga at 38.5 degrees, back sore",), kb.vocabulary)


def test_an_age_opening_a_form_is_the_client_s_only_at_the_text_s_start(kb: KnowledgeBase) -> None:
    # (a clause left once another's is cut is no form's first field: the dad's age stays his)
    assert "age" not in read_facts(("my dad, 75, gets calf pain walking; I need my back done",), kb.vocabulary)
