"""Blood results and bedside readings told with their name: "K 6.4", "INR was 6.2", "sats 88%", "RR 32",
"ketones 3.4", "lactate 5", "CRP 250", "GCS 13".

Each is read only beside its own word and only inside the range a body can hold, so that a dose ("lithium
400 mg"), a count of days or a score is no result. One table says, for each, the words that must be in a
sentence before its pattern runs, the facts the value is kept as, and how a value in other units is scaled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from massage_match.language.lazy_pattern import LazyPattern

# What may stand between a result's name and its value: "sodium was 121", "calcium came back at 1.6",
# "haemoglobin down to 68", "potassium on bloods today: 6.8".
_BETWEEN = (
    r"(?: level| levels| count| result| reading| test)?(?: is| was| were| of| at| came back| came back at| down to"
    r"| dropped to| fell to| only| now| just| high| high at| low| low at| up to| gone up to| went up to| reading"
    r"| said| showing| says| today| yesterday| this morning| on bloods| on my bloods| over"
    r"| checked| tested| rechecked"
    r"| heute| gestern| hoy| ayer| oggi| ieri| hoje| ontem| dzisiaj| wczoraj| aujourd'hui| hier)*\s*[:=]?\s*"
)
# What after a number makes it no result: a dose, a count, a score, a span of time.
_NOT_A_RESULT = (
    r"(?!\s*(?:mg|mcg|g\b(?!\s*/\s*d?l\b)|kg|km|x\b|times|%|years?|yrs?|weeks?|days?|hours?|hrs?|mins?|minutes|tablets?|units?"
    r"|miles?|/10))"
)
_DECIMAL = r"(\d{1,2}[.,]\d{1,2})\b"
_NUMBER = r"(\d{1,6}(?:[.,]\d{1,2})?)\b"


def _plain(found: re.Match[str]) -> float:
    return float(found.group(1).replace(",", "."))


def _per_microlitre_or_plain(found: re.Match[str]) -> float:
    # (a white-cell count of 50 or more is per microlitre: "ANC 200" is 0.2 x 10^9/L)
    count = _plain(found)
    return count / 1000 if count >= 50 else count


def _platelets(found: re.Match[str]) -> float:
    count = float(found.group(1).replace(",", ""))
    # (a count per microlitre, "15,000" or "15k", is a thousand times the count in 10^9/L)
    return count / 1000 if not found.group(2) and count >= 1000 else count


def _calcium(found: re.Match[str]) -> float:
    # (from 6 up a calcium is told in mg/dL, about four times the mmol/L: "calcium 12.4" is 3.1)
    value = _plain(found)
    return value / 4.008 if value >= 6 else value


def _haemoglobin(found: re.Match[str]) -> float:
    # (a haemoglobin under 25 is told in g/dL: "Hb 6.8" is 68 g/L)
    grams = _plain(found)
    return grams * 10 if grams < 25 else grams


def _thousands(found: re.Match[str]) -> float:
    # ("CK 25,000": a comma groups the thousands of a count that has no decimals)
    return float(found.group(1).replace(",", ""))


def _bilirubin(found: re.Match[str]) -> float:
    # (a bilirubin under 25 is told in mg/dL, one seventeenth of the micromoles a litre: "bilirubin 6" is 103)
    value = _plain(found)
    return value * 17.1 if value < 25 else value


def _white_cells(found: re.Match[str]) -> float:
    # (a white-cell count of 500 or more is per microlitre: "WBC 45,000" is 45 x 10^9/L)
    count = float(found.group(1).replace(",", ""))
    return count / 1000 if count >= 500 else count


def _creatinine(found: re.Match[str]) -> float:
    # (a creatinine under 20 is told in mg/dL, one eighty-eighth of the micromoles a litre: "creatinine 4.8" is 424)
    value = _plain(found)
    return value * 88.4 if value < 20 else value


def _digoxin(found: re.Match[str]) -> float:
    # (a level told in nmol/L is about 1.28 times the micrograms a litre, ng/mL, the unit the ranges are given in)
    return _plain(found) / 1.28 if found.group(2) else _plain(found)


def _troponin(found: re.Match[str]) -> float:
    # (a troponin under 1 is told in micrograms a litre: "trop 0.12" is 120 ng/L)
    value = _plain(found)
    return value * 1000 if value < 1 else value


class Result(NamedTuple):
    cues: tuple[str, ...]
    pattern: LazyPattern
    names: tuple[str, ...]
    lowest: float
    highest: float
    value: Callable[[re.Match[str]], float] = _plain


def _named(words: str, number: str = _NUMBER, after: str = _NOT_A_RESULT) -> LazyPattern:
    return LazyPattern(rf"\b(?:{words}){_BETWEEN}{number}{after}")


RESULTS: tuple[Result, ...] = (
    # (a blood potassium lies between about 2 and 9 mmol/L: "potassium 40 mg" is a tablet's dose)
    # (its name in German, Dutch and the Nordic languages, Spanish, Italian and Portuguese, on a lab sheet abroad)
    Result(
        ("potassium", "kalium", "potasio", "potassio", "potássio"),
        _named(r"potassium|serum potassium|kalium|potasio|pot[aá]ssio"),
        ("potassium",),
        1.5,
        9.9,
    ),
    # A lab sheet's "K 6.4", "K+ 2.8": only with its decimal, which no other "k" carries ("15k", "5k run").
    Result(("k",), _named(r"k\+?", _DECIMAL), ("potassium",), 1.5, 9.9),
    Result(("inr", "normali"), _named(r"inr|international normali[sz]ed ratio"), ("inr",), 0.5, 20),
    Result(
        ("sodium", "na", "natrium"),
        _named(r"sodium|natrium|na\b\+?", r"(1[0-9]\d)\b"),
        ("sodium_low", "sodium_high"),
        100,
        189,
    ),
    # ("Ca 1.7": the shorthand only with its decimal, since "Ca prostate" is a cancer)
    Result(("calcium",), _named(r"calcium|adjusted calcium|corrected calcium"), ("calcium",), 1.0, 5.0, _calcium),
    Result(("ca",), _named(r"(?:adjusted |corrected )?ca\b\+{0,2}", _DECIMAL), ("calcium",), 1.0, 5.0),
    Result(
        ("hb", "moglobin", "hgb"), _named(r"haemoglobin|hemoglobin|hb|hgb"), ("haemoglobin_low",), 20, 220, _haemoglobin
    ),
    Result(
        ("sat", "o2", "02", "oxygen", "oximeter", "pulse ox"),
        LazyPattern(
            rf"\b(?:sats?|saturations?|spo2|sp02|o2 sats?|oxygen sats?|oxygen saturations?|oxygen levels?|oxygen"
            rf"|oximeter|pulse ?ox(?:imeter)?)\b"
            rf"{_BETWEEN}([5-9]\d|100)\s*(?:%|percent|per cent)?(?!\s*(?:mg|x|times|years?|yrs?|\d))"
        ),
        ("oxygen_low",),
        50,
        100,
    ),
    Result(
        ("neut", "anc"),
        _named(r"neutrophils?|neuts?|anc", r"(\d{1,4}(?:[.,]\d{1,2})?)\b"),
        ("neutrophils_low",),
        0,
        30,
        _per_microlitre_or_plain,
    ),
    Result(
        ("platelet", "plt"),
        LazyPattern(
            rf"\b(?:platelets?|plts?){_BETWEEN}(\d{{1,3}}(?:,\d{{3}}|\d{{3}})?)\s*(k\b)?"
            # ("x10^9/L" is the count's unit; "x 2" a number of times)
            r"(?!\s*(?:mg|x(?!\s*10)|times|%|years?|yrs?|weeks?|days?|units?|bags?))"
        ),
        ("platelets_low",),
        1,
        1500,
        _platelets,
    ),
    # (a breathing rate lies between about 4 and 70 a minute)
    Result(
        ("rr", "resp", "breath"),
        LazyPattern(
            r"\b(?:rr|resp rate|resps|respiratory rate|respirations?|breathing rate|breathing)"
            r"(?: is| was| of| at| rate)*"
            r"\s*:?\s*(\d{1,2})\b(?!\s*(?:years?|yrs?|%|mg|kg|weeks?|days?|times|x|mins?|minutes|hours?|hrs?|/))"
        ),
        ("resp_rate",),
        4,
        70,
    ),
    Result(
        ("breath",),
        LazyPattern(r"\b(\d{1,2})\s*(?:breaths? (?:a|per) min(?:ute)?|breaths?/min|breaths a minute)\b"),
        ("resp_rate",),
        4,
        70,
    ),
    # Blood ketones in mmol/L ("ketones 3.4", "blood ketones 1.8"); urine strips read in pluses are not numbers.
    Result(
        ("keton",),
        _named(r"(?<!urine )ketones?|blood ketones?|bhb", after=r"(?!\s*(?:\+|/|mg|x\b|times))"),
        ("ketones",),
        0,
        12,
    ),
    Result(("lact",), _named(r"lactate|lactic acid|venous lactate|serum lactate"), ("lactate",), 0.3, 30),
    Result(("crp",), _named(r"crp"), ("crp",), 0, 700),
    Result(
        ("trop", "tnt", "tni"),
        _named(r"hs ?troponin(?: [ti])?|troponin(?: [ti])?|hs ?trop|trop(?: [ti])?|hs ?tn[ti]|tn[ti]"),
        ("troponin",),
        0.001,
        100000,
        _troponin,
    ),
    # ("Mg 0.4": the shorthand only with its decimal, since "400 mg" is a dose)
    Result(("magnesium", "mg"), _named(r"magnesium|serum magnesium|mg", _DECIMAL), ("magnesium_low",), 0.1, 3.0),
    Result(("lithium",), _named(r"lithium|serum lithium", _DECIMAL), ("lithium",), 0.1, 6.0),
    Result(
        ("ck", "creatine kinase"),
        _named(r"ck|cpk|creatine kinase", r"(\d{1,3}(?:,\d{3})+|\d{2,6})\b"),
        ("ck",),
        20,
        500000,
        _thousands,
    ),
    Result(
        ("gcs", "glasgow"),
        _named(r"gcs|glasgow coma scale|glasgow coma score", r"(\d{1,2})\b", r"(?!\s*(?:mg|x\b|%))"),
        ("gcs_low",),
        3,
        15,
    ),
    # (a kidney's filtration rate, "eGFR 18", lies between about 1 and 150; "eGFR >90" is normal and no number to keep)
    Result(("gfr",), _named(r"e?gfr", r"(\d{1,3})\b(?![.,]\d)"), ("egfr_low",), 1, 150),
    Result(
        ("creat", "cr "),
        _named(r"creatinine|serum creatinine|creat|cr", r"(\d{1,4}(?:[.,]\d{1,2})?)\b"),
        ("creatinine",),
        0.2,
        3000,
        _creatinine,
    ),
    Result(
        ("digoxin",),
        # (never "dig" alone: "dig 2.5 hours in the garden" is a day's work)
        _named(r"digoxin|digoxin level|serum digoxin", r"(\d[.,]\d{1,2})\b\s*(nmol)?"),
        ("digoxin",),
        0.1,
        10,
        _digoxin,
    ),
    # (liver enzyme ALT, in units a litre: "ALT 900"; "alt" alone is no word of English prose worth a number)
    Result(
        ("alt", "alanine"),
        _named(r"alt|alanine (?:amino)?transferase|sgpt", r"(\d{1,5})\b(?![.,]\d)"),
        ("alt",),
        1,
        20000,
    ),
    Result(("bilirubin", "bili"), _named(r"bilirubin|bili|serum bilirubin"), ("bilirubin",), 1, 1000, _bilirubin),
    Result(("psa",), _named(r"psa"), ("psa",), 0.01, 10000),
    Result(("esr", "sed rate"), _named(r"esr|sed rate|sedimentation rate", r"(\d{1,3})\b(?![.,]\d)"), ("esr",), 1, 150),
    Result(
        ("wbc", "white cell", "white count", "wcc", "white blood"),
        _named(
            r"wbc|wcc|white cell count|white cells|white count|white blood cells?|white blood count",
            r"(\d{1,3}(?:,\d{3})+|\d{1,6}(?:[.,]\d{1,2})?)\b",
        ),
        ("wbc_low", "wbc_high"),
        0.05,
        1000,
        _white_cells,
    ),
    Result(
        ("amylase", "lipase"),
        _named(r"amylase|lipase|serum amylase", r"(\d{2,5})\b(?![.,]\d)"),
        ("amylase",),
        10,
        50000,
    ),
    Result(("ferritin",), _named(r"ferritin|serum ferritin", r"(\d{1,4})\b(?![.,]\d)"), ("ferritin_low",), 1, 5000),
    Result(("systolic", "sbp"), _named(r"systolic|sbp|systolic bp", r"(\d{2,3})\b"), ("systolic",), 40, 300),
)

# The words any result needs, for the quick test of whether a text may hold a fact at all.
RESULT_WORDS = (
    r"potassium|kalium|potasio|pot[aá]ssio|\binr\b|normali[sz]ed ratio"
    r"|platelet|\bplts?\b|sodium|natrium|\bna\b|calcium|\bca\b|haemoglobin|hemoglobin|\bhb\b|\bhgb\b|\bsats?\b"
    r"|saturation|spo2|sp02|oxygen|oximeter|pulse ?ox|neutrophil|\bneuts?\b|\banc\b|keton|\bbhb\b|lactate|lactic"
    r"|\bcrp\b|troponin|\btrop"
    r"|\btn[ti]\b|magnesium|\bmg\b|lithium|\bck\b|\bcpk\b|creatine kinase|\bgcs\b|glasgow|systolic|\bsbp\b"
    r"|gfr\b|ferritin|creat|\bcr\b|digoxin|\balt\b|alanine|sgpt|bili|\bpsa\b|\besr\b|sed rate"
    r"|sedimentation|\bwbc\b|\bwcc\b|white (?:cell|count|blood)|amylase|lipase"
)


def read_results(sentence: str) -> Iterator[tuple[str, float]]:
    """Each (fact name, value) the sentence tells, in range."""
    for result in RESULTS:
        if not any(cue in sentence for cue in result.cues):
            continue
        for found in result.pattern.finditer(sentence):
            value = result.value(found)
            if result.lowest <= value <= result.highest:
                for name in result.names:
                    yield name, value
