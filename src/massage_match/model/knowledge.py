"""The knowledge base's entries as typed, immutable values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

Kind = Literal["absolute", "local", "relative"]
# The contract's five triage levels, most urgent first.
Urgency = Literal["emergency", "urgent", "postpone", "clearance", "routine"]
Status = Literal["recommended", "caution", "avoid"]

KINDS: tuple[Kind, ...] = ("absolute", "local", "relative")
URGENCIES: tuple[Urgency, ...] = ("emergency", "urgent", "postpone", "clearance", "routine")
# Referrals that stop the session today: no modality is done, whatever the findings.
SESSION_STOPPING: tuple[Urgency, ...] = ("emergency", "urgent", "postpone")
# Facts read as numbers from the client's words, which red-flag rules compare.
# (systolic_difference: between two readings in one text, the arms compared: "L arm 170/95, R arm 130/80")
# (glucose_low, glucose_high: the lowest and highest blood sugar told, in mmol/L, a reading in mg/dL converted)
# (partner_age: the age a client gives of a boyfriend or girlfriend, "I'm 15, my boyfriend is 24": a
# safeguarding fact, read only where the partner's age is told)
# (potassium: a blood potassium told with its word, in mmol/L)
# (inr: a warfarin blood test's INR, the highest told; platelets_low: the lowest platelet count told, in 10^9/L,
# "15,000" and "15k" read as 15; sodium_low and calcium, in mmol/L; haemoglobin_low in g/L, "6.8" in g/dL read
# as 68; oxygen_low: an oxygen saturation in per cent, the lowest told; resp_rate: breaths a minute, the highest
# told; neutrophils_low: the lowest neutrophil count told, in 10^9/L, "ANC 200" read as 0.2; sodium_high: the
# highest sodium told; ketones, lactate and lithium in mmol/L and crp in mg/L, the highest told; troponin in ng/L,
# "0.12" read as 120; magnesium_low in mmol/L; ck in units a litre; gcs_low: the lowest Glasgow Coma Scale told;
# egfr_low: the lowest eGFR told, in mL/min/1.73 m2; ferritin_low: the lowest ferritin told, in micrograms a litre;
# creatinine in micromoles a litre, "4.8" read in mg/dL as 424; digoxin: a digoxin level in micrograms a litre;
# alt and amylase in units a litre; bilirubin in micromoles a litre, under 25 read in mg/dL; psa in ng/mL; esr in
# mm/hour; wbc_low and wbc_high: the lowest and highest white-cell count told, in 10^9/L, "45,000" read as 45)
FACTS: tuple[str, ...] = (
    "age", "systolic", "diastolic", "systolic_difference", "temperature", "weeks_pregnant", "partner_age",
    "heart_rate", "glucose_low", "glucose_high", "potassium", "inr", "platelets_low", "sodium_low", "calcium",
    "haemoglobin_low", "oxygen_low", "resp_rate", "neutrophils_low", "sodium_high", "ketones", "lactate", "crp",
    "troponin", "magnesium_low", "lithium", "ck", "gcs_low", "egfr_low", "ferritin_low",
    "creatinine", "digoxin", "alt", "bilirubin", "psa", "esr", "wbc_low", "wbc_high", "amylase",
)  # fmt: skip
COMPARISONS: tuple[str, ...] = (">=", ">", "<=", "<")
STATUSES: tuple[Status, ...] = ("recommended", "caution", "avoid")
# How much an evidence grade counts when ranking a condition's modalities.
EVIDENCE_WEIGHTS: Mapping[str, float] = {
    "high": 1.0,
    "moderate": 0.92,
    "low": 0.84,
    "very-low": 0.76,
    "expert-opinion": 0.7,
}


# A red flag's rule, as nested plain tuples (they travel through the store as they are):
#   ("concept", id)                 the concept is in any of the client's texts, now
#   ("complaint", id)               the concept is in the complaint (a symptom text) itself
#   ("fact", name, comparison, n)   a number read from the texts compares true ("age", ">=", 50)
#   ("same_clause", id, id, ...)    the concepts appear together in one clause of one text
#   ("all", rule, ...), ("any", rule, ...), ("not", rule)
Rule = tuple


def finds_something(rule: Rule) -> bool:
    """Whether the rule can be met by something present: a rule made only of "not" never is, and
    would raise its flag for every text that lacks the words."""
    op = rule[0]
    if op in ("concept", "complaint", "fact", "same_clause"):
        return True
    if op == "not":
        return False
    if op == "all":
        return any(finds_something(child) for child in rule[1:])
    return all(finds_something(child) for child in rule[1:])


class Link(NamedTuple):
    """Why a modality helps a condition (or, in a condition's avoid list, why it does not)."""

    modality: str
    reason: str
    evidence: str | None = None
    source: str | None = None


class Plan(NamedTuple):
    session_minutes: int
    frequency: str
    visits: tuple[int, int]
    home_care: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_minutes": self.session_minutes,
            "frequency": self.frequency,
            "visits": list(self.visits),
            "home_care": list(self.home_care),
        }


class Condition(NamedTuple):
    id: str
    name: str
    icd10: tuple[str, ...]
    region: tuple[str, ...]
    aliases: tuple[str, ...]
    links: tuple[Link, ...]
    avoid: tuple[Link, ...] = ()
    plan: Plan | None = None
    note: str | None = None
    generic: bool = False  # a catch-all ("knee pain"): a specific condition close behind it is preferred
    # A reason for the visit rather than a complaint (relaxation, maintenance): beside it, a catch-all
    # reading of the whole body ("everything hurts, need an hour of peace") is the same booking.
    request: bool = False
    # Contraindications the condition's own plan already allows for when the complaint itself names
    # them ("sprained ankle" is an acute injury; the sprain's plan is written for it).
    covers: tuple[str, ...] = ()
    # Broader conditions this one is a kind of (a hamstring strain is a muscle strain).
    kind_of: tuple[str, ...] = ()
    no_code: str | None = None  # why a request that is no diagnosis has no ICD-10-CM code
    # What the text must hold for the condition to be read from description rather than its name
    # (fibromyalgia: widespread pain and how long, or fatigue and poor sleep).
    criteria: Rule | None = None
    # The condition's defining features as a clinician recognises them in a description that never
    # names it ("heel pain on the first steps of the morning" is plantar fasciitis).
    signs: Rule | None = None
    # A concept in whose presence complaints within this condition's region are this condition
    # (pregnancy: back, hip and leg aches are pregnancy aches).
    context: str | None = None
    # Words that, said with nothing else the tool reads (no place, no complaint it knows, nothing outside
    # massage), are this condition's general reading: "sore." is muscle soreness, "feel rubbish" a visit
    # to relax. Checked only when nothing else was found.
    said_alone: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "icd10": list(self.icd10),
            "aliases": list(self.aliases),
            "modalities": [link.modality for link in self.links],
        }


class Modality(NamedTuple):
    id: str
    name: str
    description: str
    aliases: tuple[str, ...]
    cpt: tuple[str, ...]
    pressure: int
    min_pressure: int
    session_minutes: int


class Adjustments(NamedTuple):
    """Element-level limits a contraindication imposes (Walton): the session changes, not stops."""

    pressure_max: int | None = None
    avoid_sites: tuple[str, ...] = ()
    position: str | None = None
    session_max_minutes: int | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "pressure_max": self.pressure_max,
            "avoid_sites": list(self.avoid_sites),
            "position": self.position,
            "session_max_minutes": self.session_max_minutes,
            "notes": list(self.notes),
        }


class Preferences(NamedTuple):
    """What the client asked for: comfort, not safety (it never makes anything more allowed)."""

    pressure_max: int | None = None
    avoid_areas: tuple[str, ...] = ()


class Contraindication(NamedTuple):
    id: str
    name: str
    kind: Kind
    modalities: tuple[str, ...] | None  # None: every modality
    avoid: frozenset[str]
    reason: str
    guidance: str
    adjustments: Adjustments
    terms: tuple[str, ...]
    source: str | None = None
    implies: tuple[str, ...] = ()  # ids of contraindications that come with this one
    lasting: bool = False  # a chronic state: a date ("diagnosed 2015") does not make it past
    # The referral the finding calls for by itself: a fever postpones the session, recent surgery
    # needs a physician's clearance. None: it changes the session, not whether it happens.
    triage: Urgency | None = None
    # Generic names of the medicines that bring it; their brand names and synonyms join `terms` when
    # the knowledge base is built (see kb/medicine_names.py).
    medicines: tuple[str, ...] = ()
    medicine_names: tuple[str, ...] = ()  # what the dictionary adds for them: matched as written only
    fact: Rule | None = None  # a number that is this finding too ("temperature >= 38" is a fever)
    site_bound: bool = False  # limits only the work at its site when the client names one
    # Findings that keep a past one current while the client has them: a past preterm labour makes
    # the pregnancy of today high-risk.
    counts_while: tuple[str, ...] = ()
    # A rule over concepts that says the finding is over though written in the present ("the shingles
    # rash went months ago, the skin still burns"; "4/12 post ..., wound healed"): read then as the
    # client's history.
    over_when: Rule | None = None
    # A rule over concepts that says the finding is fresh ("sprained it this morning"): a complaint
    # whose plan covers it (an ankle sprain covers an acute injury) is screened for it then all the
    # same, since such a plan is written for the weeks after, not the first days.
    fresh_when: Rule | None = None

    @property
    def phrases(self) -> tuple[str, ...]:
        """Everything the client may write for it: its name, terms and its medicines' names."""
        return (self.name, *self.terms, *self.medicine_names)

    def concerns(self, modality_id: str) -> bool:
        return self.modalities is None or modality_id in self.modalities or modality_id in self.avoid

    def rules_out(self, modality_id: str) -> bool:
        return self.concerns(modality_id) and (self.kind == "absolute" or modality_id in self.avoid)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "modalities": "all" if self.modalities is None else list(self.modalities),
            "avoid": sorted(self.avoid),
            "guidance": self.guidance,
            "adjustments": self.adjustments.to_dict(),
            "terms": list(self.terms),
            "medicines": list(self.medicines),
        }


class Concept(NamedTuple):
    """A named idea red-flag rules are written with ("saddle numbness", "bladder trouble"): the
    phrases a client may use for it, each read within one clause, typos and word order forgiven."""

    id: str
    name: str
    phrases: tuple[str, ...]
    past: bool = False  # a past mention counts too ("had breast cancer in 2015" is a cancer history)
    # A complaint massage does not treat (a rash, heartburn): what the client should do instead.
    outside_massage: str | None = None
    # Told of what someone else does to the client ("he takes my money"): read in clauses about
    # someone else too, which no other concept reads.
    others: bool = False


class RedFlag(NamedTuple):
    """A pattern in the client's words that means: refer, and how urgently.

    `when` is a rule over named concepts and facts (see Rule); `examples` are texts that must raise
    it and `counterexamples` texts that must not, both checked by the tests for every flag."""

    id: str
    name: str
    urgency: Urgency
    reason: str
    when: Rule
    source: str | None = None
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()


class Vocabulary(NamedTuple):
    """Language knowledge the matcher reads from the knowledge base rather than from code."""

    synonyms: Mapping[str, str] = {}  # variant -> canonical word
    phrases: Mapping[str, str] = {}  # multi-word variant -> canonical text
    # The same for phrases in other languages ("dolor en el pecho" -> "chest pain"): rewritten alike, but their
    # words are no spelling targets (a typo of "ball" is no Hindi "bal").
    foreign_phrases: Mapping[str, str] = {}
    stop_words: frozenset[str] = frozenset()
    negation_cues: frozenset[str] = frozenset()
    negation_after: frozenset[str] = frozenset()  # deny what precedes them: "test negative"
    history_cues: frozenset[str] = frozenset()  # dated: "history of", "previous"
    ended_cues: frozenset[str] = frozenset()  # over: "stopped", "resolved"
    other_person_cues: frozenset[str] = frozenset()
    self_cues: frozenset[str] = frozenset()  # "my son and I": the client is included after all
    future_cues: frozenset[str] = frozenset()  # "surgery scheduled": not yet
    secondary_cues: frozenset[str] = frozenset()  # "also", "a bit of": what follows is a side note
    clause_breaks: frozenset[str] = frozenset()
    not_human_cues: frozenset[str] = frozenset()  # "my dog has ...": not the client's at all
    body_words: frozenset[str] = frozenset()  # body parts: no complaint on their own
    symptom_words: frozenset[str] = frozenset()  # what makes text a complaint even when everyday English
    screening_words: frozenset[str] = frozenset()  # stop words red flags still read ("both legs")
    allergy_cues: frozenset[str] = frozenset()  # "allergic to aspirin": the medicine named next is not taken
    # Words that only describe what the clause before names ("calf tight, swollen and red", "breathless,
    # came on suddenly"): a piece after a comma made of them alone stays in that clause.
    describing_words: frozenset[str] = frozenset()
    third_person_cues: frozenset[str] = frozenset()  # "she", "his": a carer's note speaks of the client so
    reported_speech_cues: frozenset[str] = frozenset()  # "she says": a carer passing on the client's words
    family_history_cues: frozenset[str] = frozenset()  # "runs in the family": another's history, not a report
    news_cues: frozenset[str] = frozenset()  # "this morning", "suddenly": happening now, not history
    # "shoulder's not right", "neck. again.", "back is done": a place with only these words beside it is
    # that place's complaint, told as people tell it when booking.
    trouble_words: frozenset[str] = frozenset()

    @property
    def every_phrase(self) -> dict[str, str]:
        """The phrases rewritten before reading, in English and in other languages."""
        return {**self.phrases, **self.foreign_phrases}

    def for_screening(self) -> Vocabulary:
        """The vocabulary red flags are read with: the stop words they need kept."""
        return self._replace(stop_words=self.stop_words - self.screening_words)
