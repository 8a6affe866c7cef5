"""Measure the matcher and the screening against case tables (used by benchmarks/ and the tests).

Case files are tab-separated and ship with the project under tests/data/.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from massage_match.engine import Engine
from massage_match.language.matcher import CONDITION_THRESHOLD, MAX_ALTERNATIVES, alternative_floor, best_match


@dataclass(frozen=True)
class SymptomCase:
    text: str
    expected: frozenset[str]  # empty: must match nothing


def read_symptom_cases(path: Path) -> list[SymptomCase]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")[:2]
        ids = frozenset() if expected.strip() == "-" else frozenset(expected.strip().split("|"))
        cases.append(SymptomCase(text, ids))
    return cases


@dataclass
class MatchReport:
    positives: int = 0
    negatives: int = 0
    top1: int = 0
    top3: int = 0
    matched: int = 0  # positives that got any match
    rejected: int = 0  # negatives that got no match
    failures: list[str] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.positives if self.positives else 1.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.positives if self.positives else 1.0

    @property
    def no_match_rate(self) -> float:
        return self.rejected / self.negatives if self.negatives else 1.0


def evaluate_matching(
    engine: Engine, cases: Iterable[SymptomCase], threshold: float = CONDITION_THRESHOLD
) -> MatchReport:
    report = MatchReport()
    for case in cases:
        ranked = list(engine.matcher.rank_conditions(case.text))
        best = best_match(ranked, threshold)
        if not case.expected:
            report.negatives += 1
            if best is None:
                report.rejected += 1
            else:
                report.failures.append(f"{case.text!r}: expected no match, got {best.id} ({best.score})")
            continue
        report.positives += 1
        shown = ([best.id] if best else []) + [
            s.id for s in (ranked[1:] if best else ranked) if s.score >= alternative_floor(best.score if best else None)
        ][:MAX_ALTERNATIVES]
        if best is not None:
            report.matched += 1
        if best is not None and best.id in case.expected:
            report.top1 += 1
        else:
            got = (
                f"{best.id} ({best.score})"
                if best
                else f"nothing (best {ranked[0].id} {ranked[0].score})"
                if ranked
                else "nothing"
            )
            report.failures.append(f"{case.text!r}: expected {'|'.join(sorted(case.expected))}, got {got}")
        if set(shown[:3]) & case.expected:
            report.top3 += 1
    return report


# Referrals that leave no modality recommended (CONTRACT.md): every urgency but routine.
STOPPING = ("emergency", "urgent", "postpone", "clearance")


@dataclass(frozen=True)
class ScreeningCase:
    case: str
    symptom: str
    health: tuple[str, ...]
    contraindications: frozenset[str]  # must be found; empty: none may be found
    referral: frozenset[str]  # acceptable urgencies; empty: no referral may be raised


def read_screening_cases(path: Path) -> list[ScreeningCase]:
    cases = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, dialect="excel-tab"):
            contras = row["expect_contraindications"].strip()
            referral = row["expect_referral"].strip()
            cases.append(
                ScreeningCase(
                    row["case"],
                    row["symptom"],
                    tuple(h.strip() for h in row["health"].split(";") if h.strip()),
                    frozenset() if contras == "-" else frozenset(c.strip() for c in contras.split(",")),
                    frozenset() if referral == "-" else frozenset(referral.split("|")),
                )
            )
    return cases


@dataclass
class ScreeningReport:
    total: int = 0
    passed: int = 0
    unsafe: int = 0  # something contraindicated (or during a stopping referral) still recommended
    failures: list[str] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.total if self.total else 1.0


def evaluate_screening(engine: Engine, cases: Iterable[ScreeningCase]) -> ScreeningReport:
    report = ScreeningReport()
    kb = engine.kb
    for case in cases:
        report.total += 1
        rec = engine.recommend(case.symptom, case.health)
        found = {h.contraindication.id for h in rec.health if h.contraindication and not h.history}
        problems = []
        if case.contraindications and not case.contraindications <= found:
            problems.append(f"missing {sorted(case.contraindications - found)} (found {sorted(found)})")
        if not case.contraindications and found:
            problems.append(f"found {sorted(found)}, expected none")
        urgency = rec.referral.urgency if rec.referral else None
        if case.referral and urgency not in case.referral:
            problems.append(f"referral {urgency}, expected {'|'.join(sorted(case.referral))}")
        if not case.referral and urgency is not None:
            problems.append(f"unexpected {urgency} referral: {rec.referral.reasons[0] if rec.referral else ''}")
        stopping = urgency in STOPPING
        for advice in rec.modalities:
            if advice.status != "recommended":
                continue
            limiting = [c for c in case.contraindications if kb.contraindication(c).concerns(advice.modality.id)]
            if limiting or stopping or any(kb.contraindication(c).kind == "absolute" for c in case.contraindications):
                report.unsafe += 1
                problems.append(f"UNSAFE: {advice.modality.id} recommended")
        if problems:
            report.failures.append(f"{case.case} {case.symptom!r} +{list(case.health)}: {'; '.join(problems)}")
        else:
            report.passed += 1
    return report


@dataclass(frozen=True)
class TriageCase:
    case: str
    symptom: str
    health: tuple[str, ...]
    triage: frozenset[str]  # acceptable referral urgencies, "-" for none
    category: str  # "harmless" cases must raise no referral at all


def read_triage_cases(path: Path) -> list[TriageCase]:
    """Cases written by someone who had not read the knowledge base: columns case, symptom, health
    (";"-separated), expect_triage (urgencies joined by "|", "-" for no referral), category. Lines
    starting with "#" say where the cases came from."""
    with path.open(encoding="utf-8", newline="") as f:
        return [
            TriageCase(
                row["case"],
                row["symptom"],
                tuple(h.strip() for h in row["health"].split(";") if h.strip()),
                frozenset(row["expect_triage"].strip().split("|")),
                row["category"],
            )
            for row in csv.DictReader((line for line in f if not line.startswith("#")), dialect="excel-tab")
        ]


@dataclass
class GroupedReport:
    """Cases passed per group (a red-flag category, a kind of description), and the misses."""

    by_group: dict[str, list[int]] = field(default_factory=dict)  # group -> [passed, total]
    failures: list[str] = field(default_factory=list)

    def count(self, group: str, passed: bool) -> None:
        counts = self.by_group.setdefault(group, [0, 0])
        counts[0] += passed
        counts[1] += 1

    @property
    def passed(self) -> int:
        return sum(p for p, _ in self.by_group.values())

    @property
    def total(self) -> int:
        return sum(t for _, t in self.by_group.values())

    def group_lines(self) -> list[str]:
        """One line per group, by name: passed of total and the share."""
        return [f"    {g:30} {p:4d} / {t:<4d} {p / t:6.1%}" for g, (p, t) in sorted(self.by_group.items())]


@dataclass
class TriageReport(GroupedReport):
    false_alarms: int = 0  # harmless cases that raised a referral
    harmless: int = 0


def evaluate_triage(engine: Engine, cases: Iterable[TriageCase]) -> TriageReport:
    """Whether each case gets an acceptable referral urgency (or none where none is expected)."""
    report = TriageReport()
    for case in cases:
        rec = engine.recommend(case.symptom, case.health)
        got = rec.referral.urgency if rec.referral else "-"
        report.count(case.category, got in case.triage)
        if case.category == "harmless":
            report.harmless += 1
            report.false_alarms += got != "-"
        if got not in case.triage:
            reason = rec.referral.reasons[0] if rec.referral else ""
            expected = "|".join(sorted(case.triage))
            report.failures.append(
                f"{case.case} [{case.category}] {case.symptom!r}: {got}, expected {expected} {reason}"
            )
    return report


@dataclass(frozen=True)
class DescriptionCase:
    text: str
    # One set of acceptable condition ids per complaint the text holds, in order; empty: the text is
    # outside massage (or too vague to name anything) and must get no condition.
    complaints: tuple[frozenset[str], ...]
    kind: str  # described, several, vague, outside, slang


def read_description_cases(path: Path) -> list[DescriptionCase]:
    """Columns: text, expected (complaints joined by ",", acceptable ids by "|", "-" for none), kind.
    A first line whose kind column says "kind" is a header."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected, kind = (line.split("\t") + ["", ""])[:3]
        if kind.strip() == "kind":
            continue
        expected = expected.strip()
        complaints = () if expected in ("-", "") else tuple(frozenset(c.split("|")) for c in expected.split(","))
        cases.append(DescriptionCase(text, complaints, kind.strip() or "described"))
    return cases


def evaluate_descriptions(engine: Engine, cases: Iterable[DescriptionCase]) -> GroupedReport:
    """A case passes when the recommendation reads it as expected: a text outside massage gets no
    condition and nothing recommended; one complaint is the match; several are all among the
    complaints found (in any order), and nothing else is."""
    report = GroupedReport()
    for case in cases:
        rec = engine.recommend(case.text)
        matches = [m for _, m in rec.complaints if m] or ([rec.match] if rec.match else [])
        found = [m.condition.id for m in matches]
        # A narrower reading is a right one: a hamstring strain where a muscle strain was expected.
        readings = [{m.condition.id, *m.condition.kind_of} for m in matches]
        if not case.complaints:
            recommended = [a.modality.id for a in rec.modalities if a.status == "recommended"]
            ok = rec.match is None and not recommended
        elif len(case.complaints) == 1:
            ok = bool(readings) and bool(readings[0] & case.complaints[0])
        else:
            ok = len(found) == len(case.complaints) and all(
                any(r & accepted for r in readings) for accepted in case.complaints
            )
        report.count(case.kind, ok)
        if not ok:
            expected = ",".join("|".join(sorted(c)) for c in case.complaints) or "nothing"
            report.failures.append(
                f"[{case.kind}] {case.text!r}: expected {expected}, got {','.join(found) or 'nothing'}"
            )
    return report
