"""The shipped evaluation sets: the figures reached must not slip back."""

from __future__ import annotations

import pytest

from massage_match.engine import Engine
from massage_match.evaluation import (
    evaluate_descriptions,
    evaluate_matching,
    evaluate_screening,
    evaluate_triage,
    read_description_cases,
    read_screening_cases,
    read_symptom_cases,
    read_triage_cases,
)

from .conftest import DATA


def test_screening_cases_pass_and_nothing_unsafe_is_recommended(engine: Engine) -> None:
    cases = read_screening_cases(DATA / "screening_cases.tsv")
    assert len(cases) >= 80
    report = evaluate_screening(engine, cases)
    assert report.unsafe == 0, report.failures
    assert report.pass_rate >= 0.98, report.failures


def test_symptom_phrasings_keep_their_figures(engine: Engine) -> None:
    cases = read_symptom_cases(DATA / "symptom_phrasings.tsv")
    assert sum(1 for c in cases if c.expected) >= 150
    assert sum(1 for c in cases if not c.expected) >= 15
    report = evaluate_matching(engine, cases)
    assert report.top1_rate >= MATCH_TOP1, report.failures
    assert report.top3_rate >= MATCH_TOP3, report.failures
    assert report.no_match_rate >= MATCH_REFUSED, report.failures


def test_hard_phrasings_keep_their_figures(engine: Engine) -> None:
    """Symptoms described without naming the condition, chart shorthand, slang, traps."""
    report = evaluate_matching(engine, read_symptom_cases(DATA / "symptom_phrasings_hard.tsv"))
    assert report.top1_rate >= HARD_TOP1, report.failures
    assert report.top3_rate >= HARD_TOP3, report.failures
    assert report.no_match_rate >= HARD_REFUSED, report.failures


# The figures reached on the shipped sets (python benchmarks/eval_matching.py FILE); raise them as
# the matcher improves. A change may trade a little on one set for more on the other (the hard set
# measures generalisation); say so in its commit. symptom_phrasings.tsv, written first, guided the matcher's design;
# symptom_phrasings_hard.tsv was written later, independently, to measure generalisation; its misses were read
# when conditions' signs were first written (72.4% -> 85.8%) and again when the language was taught (-> 94.6%), so
# the blind description rounds now measure that.
MATCH_TOP1 = 0.98
MATCH_TOP3 = 0.99
MATCH_REFUSED = 1.0
HARD_TOP1 = 0.94
HARD_TOP3 = 0.97
HARD_REFUSED = 0.98


@pytest.mark.parametrize(
    "name,size,rate,alarms",
    [
        # written by someone who had not read the knowledge base; not tuned on (its misses were read)
        ("screening_independent.tsv", 400, 0.96, 1),
        # written in two rounds before the red-flag rules were read, then used to improve them
        ("screening_development.tsv", 600, 0.97, 5),
        # round 3, written from the categories only: 78.8% when first measured, then its misses were read
        ("screening_round3.tsv", 330, 0.95, 1),
        # round 4, written the same way after round 3 was worked on: 84.5% when first measured
        ("screening_round4.tsv", 200, 0.975, 0),
        # round 5, written the same way after round 4 was worked on: 72.5% when first measured (80.0% with
        # the 15 labels corrected to the contract's urgencies, see the file)
        ("screening_round5.tsv", 200, 0.96, 2),
        # round 6, written the same way after round 5 was worked on: 71.3% when first measured (74.0% with
        # 4 labels corrected, see the file)
        ("screening_round6.tsv", 150, 0.94, 0),
        # round 7, written the same way after round 6 was worked on: 67.5% when first measured (76.5% with
        # the 19 'routine' labels read as the contract's, see the file)
        ("screening_round7.tsv", 200, 0.955, 2),
        # round 8, written the same way after round 7 was worked on: 88.5% when first measured
        ("screening_round8.tsv", 200, 0.95, 1),
        # round 9, written the same way after round 8 was worked on: 92.0% when first measured
        ("screening_round9.tsv", 200, 0.98, 0),
        # round 10, written the same way after round 9 was worked on: 82.0% when first measured
        ("screening_round10.tsv", 200, 0.99, 0),
        # round 11, written the same way after round 10 was worked on: 85.5% when first measured
        ("screening_round11.tsv", 200, 0.98, 0),
        # round 12, written the same way after round 11 was worked on: 92.7% when first measured
        ("screening_round12.tsv", 150, 0.98, 1),
        # round 13, written the same way after round 12 was worked on: 92.5% when first measured
        ("screening_round13.tsv", 200, 0.995, 0),
        # round 14, written the same way after round 13 was worked on: 82.7% when first measured
        ("screening_round14.tsv", 150, 0.96, 2),
        # round 15, written the same way after round 14 was worked on: 80.6% when first measured (one point
        # less since a changing mole is routine, a suspected-cancer referral seen within two weeks, as the
        # writers of rounds 28-31 label it; this round's writer asked for today)
        ("screening_round15.tsv", 160, 0.93, 0),
        # round 16, written the same way after round 15 was worked on: 75.6% when first measured
        ("screening_round16.tsv", 160, 0.92, 1),
        # round 17, written the same way after round 16 was worked on: 81.3% when first measured
        ("screening_round17.tsv", 150, 0.93, 1),
        # round 18, written the same way after round 17 was worked on: 84.4% when first measured (9 of the
        # misses left ask for a routine referral for stable conditions every other set expects none for)
        ("screening_round18.tsv", 160, 0.92, 1),
        # round 19, written the same way after round 18 was worked on: 80.0% when first measured
        ("screening_round19.tsv", 160, 0.96, 1),
        # round 20, written the same way after round 19 was worked on: 85.0% when first measured
        ("screening_round20.tsv", 160, 0.975, 1),
        # round 21, written the same way after round 20 was worked on: 78.8% when first measured
        ("screening_round21.tsv", 160, 0.975, 1),
        # round 22, written the same way after round 21 was worked on: 73.8% when first measured
        ("screening_round22.tsv", 160, 0.97, 0),
        # round 23, written the same way after round 22 was worked on: 70.6% when first measured
        ("screening_round23.tsv", 160, 0.93, 1),
        # round 24, written the same way after round 23 was worked on: 75.6% when first measured
        ("screening_round24.tsv", 160, 0.93, 1),
        # round 25, written the same way after round 24 was worked on: 82.5% when first measured
        ("screening_round25.tsv", 160, 0.94, 0),
        # round 26, written the same way after round 25 was worked on: 73.8% when first measured
        ("screening_round26.tsv", 160, 0.99, 0),
        # round 27, written the same way after round 26 was worked on: 80.0% when first measured
        ("screening_round27.tsv", 160, 0.95, 2),
        # round 28, written the same way after round 27 was worked on: 78.8% when first measured
        ("screening_round28.tsv", 160, 0.97, 0),
        # round 29, written the same way after round 28 was worked on: 83.8% when first measured
        ("screening_round29.tsv", 160, 0.95, 0),
        # round 30, written the same way after round 29 was worked on: 74.4% when first measured
        ("screening_round30.tsv", 160, 0.95, 0),
        # round 31, written the same way after round 30 and two reviews were worked on: 82.5% when first measured
        ("screening_round31.tsv", 160, 0.98, 0),
        # round 32, written the same way after round 31 was worked on: 84.4% when first measured
        ("screening_round32.tsv", 160, 0.96, 2),
        # round 33, written the same way after round 32 and a clinical review were worked on: 80.0% when first measured
        ("screening_round33.tsv", 160, 0.96, 1),
        # round 34, written the same way after round 33 was worked on: 83.1% when first measured
        ("screening_round34.tsv", 160, 0.96, 1),
        # round 35, written the same way after round 34 was worked on: 87.5% when first measured
        ("screening_round35.tsv", 160, 0.99, 0),
        # round 36, written the same way after round 35 was worked on: 81.2% when first measured
        ("screening_round36.tsv", 160, 0.95, 0),
        # round 37, written the same way after round 36 was worked on: 80.6% when first measured
        ("screening_round37.tsv", 160, 0.93, 0),
        # round 38, written the same way after round 37 was worked on: 86.2% when first measured
        ("screening_round38.tsv", 160, 0.98, 0),
        # round 39, written the same way after round 38 was worked on: 79.4% when first measured
        ("screening_round39.tsv", 160, 0.98, 0),
        # round 40, written the same way after round 39 was worked on: 82.5% when first measured
        ("screening_round40.tsv", 160, 0.98, 0),
        # round 41, written the same way after round 40 was worked on: 85.6% when first measured
        ("screening_round41.tsv", 160, 0.95, 2),
        # round 42, written the same way after round 41 was worked on: 85.6% when first measured
        ("screening_round42.tsv", 160, 0.98, 1),
        # round 43, written the same way after round 42 was worked on: 88.8% when first measured
        ("screening_round43.tsv", 160, 0.95, 1),
        # round 44, written the same way after round 43 was worked on: 88.8% when first measured
        ("screening_round44.tsv", 160, 0.96, 1),
        # round 45, written the same way after round 44 was worked on: 91.9% when first measured
        ("screening_round45.tsv", 160, 0.99, 0),
        # round 46, written the same way after round 45 was worked on: 86.9% when first measured
        ("screening_round46.tsv", 160, 0.89, 0),
        # round 47, written the same way after round 46 was worked on: 88.1% when first measured
        ("screening_round47.tsv", 160, 0.98, 0),
        # round 48, written the same way after round 47 was worked on: 87.5% when first measured
        ("screening_round48.tsv", 160, 0.98, 0),
        # round 49, written the same way after round 48 was worked on: 82.5% when first measured
        ("screening_round49.tsv", 160, 0.96, 0),
        # round 50, written the same way after round 49 was worked on: 84.4% when first measured
        ("screening_round50.tsv", 160, 0.91, 0),
        ("screening_round51.tsv", 160, 0.95, 1),
        # round 52, written the same way after round 51 was worked on: 84.4% when first measured
        ("screening_round52.tsv", 160, 0.89, 2),
        # round 53, written the same way after round 52 was worked on: 85.6% when first measured
        ("screening_round53.tsv", 160, 0.91, 1),
    ],
)
def test_triage_cases_keep_their_figures(engine: Engine, name: str, size: int, rate: float, alarms: int) -> None:
    cases = read_triage_cases(DATA / name)
    assert len(cases) >= size
    report = evaluate_triage(engine, cases)
    assert report.passed / report.total >= rate, report.failures
    assert report.false_alarms <= alarms, [f for f in report.failures if "[harmless]" in f]


@pytest.mark.parametrize(
    "name,size,floors",
    [
        # written without the knowledge base's aliases; its vague rows re-graded once by rule (see the file)
        (
            "symptom_descriptions_independent.tsv",
            390,
            {"outside": 0.98, "several": 0.83, "vague": 0.71, "described": 0.82, "slang": 0.88},
        ),
        # written from condition names only (issue 13), then used to teach the language
        (
            "symptom_descriptions_development.tsv",
            430,
            {"outside": 0.96, "several": 0.75, "vague": 0.85, "described": 0.78, "slang": 0.9},
        ),
        # round 3, from condition names only: 66.0% when first measured, then its vague misses were read
        (
            "symptom_descriptions_round3.tsv",
            300,
            {"outside": 0.98, "several": 0.78, "vague": 0.82, "described": 0.85, "slang": 0.85},
        ),
        # round 4, written the same way after round 3 was worked on: 77.5% when first measured
        (
            "symptom_descriptions_round4.tsv",
            200,
            {"outside": 0.98, "several": 0.87, "vague": 0.88, "described": 0.83, "slang": 0.92},
        ),
        # round 5, written the same way after round 4 was worked on: 70.0% when first measured
        (
            "symptom_descriptions_round5.tsv",
            200,
            {"outside": 0.96, "several": 0.71, "vague": 0.83, "described": 0.9, "slang": 0.95},
        ),
        # round 6, written the same way after round 5 was worked on: 77.3% when first measured
        (
            "symptom_descriptions_round6.tsv",
            150,
            {"outside": 1.0, "several": 0.88, "vague": 0.92, "described": 0.86, "slang": 0.93},
        ),
        # round 7, written the same way after round 6 was worked on: 71.0% when first measured
        (
            "symptom_descriptions_round7.tsv",
            200,
            {"outside": 1.0, "several": 0.76, "vague": 0.9, "described": 0.73, "slang": 1.0},
        ),
        # round 8, written the same way after round 7 was worked on: 85.0% when first measured
        (
            "symptom_descriptions_round8.tsv",
            200,
            {"outside": 1.0, "several": 0.9, "vague": 0.9, "described": 0.95, "slang": 1.0},
        ),
        # round 9, written the same way after round 8 was worked on: 71.5% when first measured
        (
            "symptom_descriptions_round9.tsv",
            200,
            {"outside": 1.0, "several": 0.73, "vague": 1.0, "described": 0.82, "slang": 0.96},
        ),
        # round 10, written the same way after round 9 was worked on: 80.5% when first measured
        (
            "symptom_descriptions_round10.tsv",
            200,
            {"outside": 1.0, "several": 0.77, "vague": 0.71, "described": 0.92, "slang": 0.96},
        ),
        # round 11, written the same way after round 10 was worked on: 72.0% when first measured
        (
            "symptom_descriptions_round11.tsv",
            200,
            {"outside": 0.96, "several": 0.71, "vague": 0.82, "described": 0.87, "slang": 1.0},
        ),
        # round 13, written the same way after round 12 was worked on: 79.0% when first measured
        (
            "symptom_descriptions_round13.tsv",
            200,
            {"outside": 0.96, "several": 0.95, "vague": 0.82, "described": 0.93, "slang": 0.95},
        ),
        # round 14, written the same way after round 13 was worked on: 78.7% when first measured
        (
            "symptom_descriptions_round14.tsv",
            150,
            {"outside": 0.95, "several": 0.76, "vague": 0.8, "described": 0.93, "slang": 0.86},
        ),
        # round 15, written the same way after round 14 was worked on: 80.0% when first measured
        (
            "symptom_descriptions_round15.tsv",
            160,
            {"outside": 0.96, "several": 0.76, "vague": 0.88, "described": 0.91, "slang": 0.95},
        ),
        # round 16, written the same way after round 15 was worked on: 78.1% when first measured
        (
            "symptom_descriptions_round16.tsv",
            160,
            {"outside": 1.0, "several": 0.66, "vague": 0.92, "described": 0.88, "slang": 1.0},
        ),
        # round 17, written the same way after round 16 was worked on: 74.0% when first measured
        (
            "symptom_descriptions_round17.tsv",
            150,
            {"outside": 0.95, "several": 0.6, "vague": 0.64, "described": 0.83, "slang": 0.95},
        ),
        # round 18, written the same way after round 17 was worked on: 78.1% when first measured
        (
            "symptom_descriptions_round18.tsv",
            160,
            {"outside": 1.0, "several": 0.56, "vague": 0.92, "described": 0.87, "slang": 0.93},
        ),
        # round 18b, a second writer given the same brief at the same time: 81.2% when first measured
        (
            "symptom_descriptions_round18b.tsv",
            160,
            {"outside": 1.0, "several": 0.6, "vague": 0.96, "described": 0.92, "slang": 0.9},
        ),
        # round 19, written the same way after round 18 was worked on: 81.9% when first measured
        (
            "symptom_descriptions_round19.tsv",
            160,
            {"outside": 0.95, "several": 0.6, "vague": 1.0, "described": 0.94, "slang": 0.76},
        ),
        # round 20, written the same way after round 19 was worked on: 78.8% when first measured
        (
            "symptom_descriptions_round20.tsv",
            160,
            {"outside": 0.95, "several": 0.56, "vague": 0.88, "described": 0.85, "slang": 0.83},
        ),
        # round 21, written the same way after round 20 was worked on: 81.9% when first measured
        (
            "symptom_descriptions_round21.tsv",
            160,
            {"outside": 0.95, "several": 0.66, "vague": 0.84, "described": 0.9, "slang": 0.7},
        ),
        # round 22, written the same way after round 21 was worked on: 81.2% when first measured
        (
            "symptom_descriptions_round22.tsv",
            160,
            {"outside": 1.0, "several": 1.0, "vague": 0.7, "described": 0.83, "slang": 0.95},
        ),
        # round 23, written the same way after round 22 was worked on: 78.1% when first measured
        (
            "symptom_descriptions_round23.tsv",
            160,
            {"outside": 1.0, "several": 0.7, "vague": 0.63, "described": 0.87, "slang": 0.85},
        ),
        # round 24, written the same way after round 23 was worked on: 73.1% when first measured
        (
            "symptom_descriptions_round24.tsv",
            160,
            {"outside": 0.93, "several": 0.64, "vague": 0.6, "described": 0.91, "slang": 0.76},
        ),
        # round 25, written the same way after round 24 was worked on: 75.0% when first measured
        (
            "symptom_descriptions_round25.tsv",
            160,
            {"outside": 0.86, "several": 0.68, "vague": 0.68, "described": 0.87, "slang": 0.6},
        ),
        # round 26, written the same way after round 25 was worked on: 83.1% when first measured
        (
            "symptom_descriptions_round26.tsv",
            160,
            {"outside": 1.0, "several": 0.72, "vague": 0.88, "described": 0.9, "slang": 0.92},
        ),
        # round 27, written the same way after round 26 was worked on: 78.1% when first measured
        (
            "symptom_descriptions_round27.tsv",
            160,
            {"outside": 1.0, "several": 0.6, "vague": 0.8, "described": 0.87, "slang": 0.76},
        ),
        # round 28, written the same way after round 27 was worked on: 79.4% when first measured
        (
            "symptom_descriptions_round28.tsv",
            160,
            {"outside": 0.93, "several": 0.64, "vague": 0.8, "described": 0.88, "slang": 0.76},
        ),
        # round 29, written the same way after round 28 was worked on: 74.4% when first measured
        (
            "symptom_descriptions_round29.tsv",
            160,
            {"outside": 0.93, "several": 0.56, "vague": 0.68, "described": 0.82, "slang": 0.72},
        ),
        # round 32, written the same way after round 29 was worked on: 83.8% when first measured
        (
            "symptom_descriptions_round32.tsv",
            160,
            {"outside": 1.0, "several": 0.76, "vague": 0.96, "described": 0.94, "slang": 0.8},
        ),
        # round 33, written the same way after round 32 was worked on: 80.6% when first measured
        (
            "symptom_descriptions_round33.tsv",
            160,
            {"outside": 0.93, "several": 0.64, "vague": 0.76, "described": 0.88, "slang": 0.84},
        ),
        # round 34, written the same way after round 33 was worked on: 85.6% when first measured
        (
            "symptom_descriptions_round34.tsv",
            160,
            {"outside": 1.0, "several": 0.84, "vague": 0.92, "described": 0.92, "slang": 0.72},
        ),
        # round 35, written the same way after round 34 was worked on: 77.5% when first measured
        (
            "symptom_descriptions_round35.tsv",
            160,
            {"outside": 1.0, "several": 0.6, "vague": 0.84, "described": 0.94, "slang": 0.72},
        ),
        # round 36, written the same way after round 35 was worked on: 74.4% when first measured
        (
            "symptom_descriptions_round36.tsv",
            160,
            {"outside": 1.0, "several": 0.76, "vague": 0.6, "described": 0.82, "slang": 0.6},
        ),
        # round 37, written the same way after round 36 was worked on: 84.4% when first measured
        (
            "symptom_descriptions_round37.tsv",
            160,
            {"outside": 1.0, "several": 0.68, "vague": 0.96, "described": 0.94, "slang": 0.92},
        ),
        # round 38, written the same way after round 37 was worked on: 78.8% when first measured
        (
            "symptom_descriptions_round38.tsv",
            160,
            {"outside": 1.0, "several": 0.6, "vague": 0.76, "described": 0.95, "slang": 0.72},
        ),
        # round 39, written the same way after round 38 was worked on: 81.2% when first measured
        (
            "symptom_descriptions_round39.tsv",
            160,
            {"outside": 1.0, "several": 0.6, "vague": 0.96, "described": 0.92, "slang": 0.88},
        ),
        # round 40, written the same way after round 39 was worked on: 71.2% when first measured
        (
            "symptom_descriptions_round40.tsv",
            160,
            {"outside": 1.0, "several": 0.52, "vague": 0.64, "described": 0.81, "slang": 0.68},
        ),
        # round 41, written the same way after round 40 was worked on: 81.2% when first measured
        (
            "symptom_descriptions_round41.tsv",
            160,
            {"outside": 1.0, "several": 0.64, "vague": 0.92, "described": 0.84, "slang": 0.8},
        ),
        # round 42, written the same way after round 41 was worked on: 83.1% when first measured (87.5% with seven
        # vague labels made to agree with the older sets)
        (
            "symptom_descriptions_round42.tsv",
            160,
            {"outside": 1.0, "several": 0.88, "vague": 0.84, "described": 0.87, "slang": 0.92},
        ),
        # round 43, written the same way after round 42 was worked on: 85.6% when first measured
        (
            "symptom_descriptions_round43.tsv",
            160,
            {"outside": 1.0, "several": 0.8, "vague": 0.84, "described": 0.95, "slang": 0.76},
        ),
        # round 44, written the same way after round 43 was worked on: 90.6% when first measured
        (
            "symptom_descriptions_round44.tsv",
            160,
            {"outside": 0.93, "several": 0.96, "vague": 0.88, "described": 0.91, "slang": 0.92},
        ),
        # round 45, written the same way after round 44 was worked on: 87.5% when first measured
        (
            "symptom_descriptions_round45.tsv",
            160,
            {"outside": 0.93, "several": 0.64, "vague": 0.88, "described": 0.95, "slang": 0.88},
        ),
        # round 46, written the same way after round 45 was worked on: 88.8% when first measured
        (
            "symptom_descriptions_round46.tsv",
            160,
            {"outside": 1.0, "several": 0.72, "vague": 1.0, "described": 0.91, "slang": 0.8},
        ),
        # round 47, written the same way after round 46 was worked on: 79.4% when first measured
        (
            "symptom_descriptions_round47.tsv",
            160,
            {"outside": 1.0, "several": 0.8, "vague": 0.64, "described": 0.85, "slang": 0.88},
        ),
        # round 48, written the same way after round 47 was worked on: 91.2% when first measured
        (
            "symptom_descriptions_round48.tsv",
            160,
            {"outside": 1.0, "several": 0.8, "vague": 0.88, "described": 0.95, "slang": 1.0},
        ),
        # round 49, written the same way after round 48 was worked on: 80.6% when first measured
        (
            "symptom_descriptions_round49.tsv",
            160,
            {"outside": 0.93, "several": 0.72, "vague": 0.68, "described": 0.9, "slang": 0.96},
        ),
        # round 50, written the same way after round 49 was worked on: 79.4% when first measured
        (
            "symptom_descriptions_round50.tsv",
            160,
            {"outside": 1.0, "several": 0.68, "vague": 0.92, "described": 0.84, "slang": 1.0},
        ),
        # round 51, written the same way after round 50 was worked on: 85.0% when first measured
        (
            "symptom_descriptions_round51.tsv",
            160,
            {"outside": 0.93, "several": 0.76, "vague": 0.84, "described": 0.9, "slang": 0.8},
        ),
        # round 52, written the same way after round 51 was worked on: 85.6% when first measured
        (
            "symptom_descriptions_round52.tsv",
            160,
            {"outside": 1.0, "several": 0.88, "vague": 0.88, "described": 0.88, "slang": 0.8},
        ),
        # round 53, written the same way after round 52 was worked on: 83.1% when first measured
        (
            "symptom_descriptions_round53.tsv",
            160,
            {"outside": 1.0, "several": 0.56, "vague": 0.92, "described": 0.83, "slang": 0.88},
        ),
    ],
)
def test_description_sets_keep_their_figures(engine: Engine, name: str, size: int, floors: dict[str, float]) -> None:
    """The whole recommendation, kind by kind: outside massage, several complaints, vague, described."""
    cases = read_description_cases(DATA / name)
    assert len(cases) >= size
    report = evaluate_descriptions(engine, cases)
    for kind, floor in floors.items():
        passed, total = report.by_group[kind]
        assert passed / total >= floor, (kind, [f for f in report.failures if f.startswith(f"[{kind}]")])
