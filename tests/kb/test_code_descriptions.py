"""Every ICD-10-CM code says what its condition is: a billable code whose official description names
the condition's body site or the condition itself, and, for an injury, a code for the visits during
recovery (a massage therapist rarely sees the first, active-treatment encounter)."""

from __future__ import annotations

import re
from types import ModuleType

import pytest

from massage_match.model import Condition, KnowledgeBase

# The words ICD-10-CM uses for each region of conditions.yaml. A term matches the start of a word
# ("sacr" matches "sacral", "sacrococcygeal"); a term of two words matches them side by side.
SITE_WORDS: dict[str, tuple[str, ...]] = {
    "head": ("head", "cranial", "cephal", "occipit"),
    "face": ("face", "facial", "trigeminal", "jaw"),
    "jaw": ("jaw", "temporomandibular", "mandib", "mastication"),
    "neck": ("neck", "cervic"),
    "upper back": ("back", "thoracic", "dorsalgia"),
    "lower back": ("low back", "lower back", "lumbar", "lumbosacral", "lumbago", "sacr", "dorsalgia"),
    "chest": ("chest", "thorax", "rib", "breast"),
    "shoulder": ("shoulder", "rotator cuff", "scapul"),
    "arm": ("arm", "upper limb", "brachial"),
    "elbow": ("elbow", "epicondyl"),
    "wrist": ("wrist", "carpal", "radial styloid"),
    "hand": ("hand", "finger", "thumb", "upper limb"),
    "pelvis": ("pelvi", "symphysis", "pubi", "sacr", "hip"),
    "hip": ("hip", "trochanter", "gluteal", "lower limb"),
    "thigh": ("thigh", "lower limb"),
    "knee": ("knee", "patell", "lower limb"),
    "leg": ("leg", "lower limb"),
    "calf": ("calf", "lower leg", "achilles", "lower limb"),
    "ankle": ("ankle", "achilles", "lower limb"),
    "foot": ("foot", "toe", "plantar", "heel", "lower limb"),
    "whole body": (),
}
# Words of a condition's name that say nothing about what it is.
NAME_STOP_WORDS = {"and", "of", "the", "pain", "aches", "related", "chronic", "post", "syndrome", "disorder"}
# Conditions whose name and site share no word with a code that fits them: the official word for it.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "tendonitis": ("enthesopathy",),  # M77.9 Enthesopathy, unspecified (includes Tendinitis NOS)
    "cancer-pain": ("neoplasm",),
    "nerve-pain": ("radiculopathy",),
    "post-surgical-rehabilitation": ("aftercare",),
    "seizures": ("convulsions",),
    "delayed-onset-muscle-soreness": ("myalgia",),
    "myofascial-pain": ("myalgia",),
}
# Words naming a lesion a condition is not, unless its name says so (a tendinopathy is not a tear).
LESION_WORDS = ("tear", "rupture", "fracture", "dislocation")
INJURY = re.compile(r"^[ST][0-9][0-9A-Z]\.[0-9A-Z]{3}[A-Z]$")  # a code with a 7th character


@pytest.fixture(scope="module")
def icd() -> ModuleType:
    import simple_icd_10_cm as cm  # reads the whole code set (seconds): only when these tests run

    return cm


def words(text: str) -> str:
    """The text as lowercase words between spaces, so that " term" finds a word starting with term."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def described(icd: ModuleType, code: str) -> str:
    """The code's description and those of its ancestors down from its three-character category
    (blocks and chapters are too broad to say what a code is about)."""
    chain = [code, *(a for a in icd.get_ancestors(code) if re.match(r"^[A-Z][0-9][0-9A-Z]", a) and "-" not in a)]
    return words(" ".join(icd.get_description(c) for c in chain))


def name_words(condition: Condition) -> tuple[str, ...]:
    found = re.findall(r"[a-z0-9]+", condition.name.lower().replace("'s", ""))
    return tuple(w.removesuffix("s") for w in found if w not in NAME_STOP_WORDS and len(w) > 2)


def misfits(icd: ModuleType, conditions: tuple[Condition, ...]) -> list[str]:
    """Each code that is not a billable code, or whose description fits neither the condition's
    site nor its name, or names a lesion (or, in its own Excludes1, the condition) it is not."""
    bad: list[str] = []
    for c in conditions:
        terms = {t for r in c.region for t in SITE_WORDS[r]} | set(name_words(c)) | set(KEYWORDS.get(c.id, ()))
        name = words(c.name)
        main_name = words(c.name.split("(")[0])
        for code in c.icd10:
            if not (icd.is_valid_item(code) and icd.is_leaf(code)):
                bad.append(f"{c.id}: {code} is not a billable ICD-10-CM code")
                continue
            text = described(icd, code)
            if not any(f" {t}" in text for t in terms):
                bad.append(f"{c.id}: {code} {icd.get_description(code)!r} names neither its site nor it")
            own = words(icd.get_description(code))  # its category may group lesions ("Dislocation and sprain")
            lesions = [w for w in LESION_WORDS if f" {w} " in own and f" {w}" not in name]
            if lesions:
                bad.append(f"{c.id}: {code} {icd.get_description(code)!r} is a {lesions[0]}")
            # an Excludes1 note that starts with the condition's name ("Parkinson's disease NOS") rules it out
            if any(words(note).startswith(main_name) for note in icd.get_excludes1(code)):
                bad.append(f"{c.id}: {code} excludes {c.name!r} (Excludes1)")
    return bad


def recovery_gaps(conditions: tuple[Condition, ...]) -> list[str]:
    """Each injury condition without a subsequent-encounter (D) code first, and each initial-encounter
    (A) code without its D twin."""
    bad: list[str] = []
    for c in conditions:
        injuries = [code for code in c.icd10 if INJURY.match(code)]
        if injuries and not injuries[0].endswith("D"):
            bad.append(f"{c.id}: the first injury code {injuries[0]} is not a subsequent encounter (D)")
        bad.extend(
            f"{c.id}: {code} has no subsequent-encounter twin {code[:-1]}D"
            for code in injuries
            if code.endswith("A") and code[:-1] + "D" not in c.icd10
        )
    return bad


def test_every_code_is_billable_and_describes_its_condition(kb: KnowledgeBase, icd: ModuleType) -> None:
    assert misfits(icd, kb.conditions) == []


def test_every_injury_condition_offers_a_subsequent_encounter_code_first(kb: KnowledgeBase) -> None:
    assert any(INJURY.match(code) for c in kb.conditions for code in c.icd10)
    assert recovery_gaps(kb.conditions) == []


def test_every_region_has_its_site_words(kb: KnowledgeBase) -> None:
    assert {r for c in kb.conditions for r in c.region} <= set(SITE_WORDS)
    assert set(KEYWORDS) <= {c.id for c in kb.conditions}


def fake(id_: str, name: str, region: tuple[str, ...], *codes: str) -> Condition:
    return Condition(id=id_, name=name, icd10=codes, region=region, aliases=(), links=())


@pytest.mark.parametrize(
    ("condition", "complaint"),
    [
        (fake("rc", "Rotator cuff tendinopathy", ("shoulder",), "M75.101"), "is a tear"),
        (fake("pd", "Parkinson's disease", ("whole body",), "G20.C"), "Excludes1"),
        (fake("strain", "Muscle strain", ("lower back", "thigh", "whole body"), "T14.8XXD"), "neither"),
        (fake("nerve", "Nerve pain (neuralgia, neuritis)", ("whole body",), "G57.10"), "neither"),
        (fake("neck", "Neck pain", ("neck",), "M54.5"), "not a billable"),
        (fake("knee", "Knee pain", ("knee",), "M25.551"), "neither"),
    ],
)
def test_a_code_that_describes_something_else_is_found(condition: Condition, complaint: str, icd: ModuleType) -> None:
    found = misfits(icd, (condition,))
    assert len(found) == 1 and complaint in found[0], found


def test_an_injury_coded_only_for_the_first_encounter_is_found() -> None:
    only_initial = fake("sprain", "Ankle sprain", ("ankle",), "S93.401A")
    initial_first = fake("sprain", "Ankle sprain", ("ankle",), "S93.401A", "S93.401D")
    assert len(recovery_gaps((only_initial, initial_first))) == 3
    assert recovery_gaps((fake("sprain", "Ankle sprain", ("ankle",), "S93.401D", "S93.401A"),)) == []
