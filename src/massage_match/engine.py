"""The rule engine: indications, contraindications with their kind and adjustments, red flags.

It knows no condition, modality or medicine by name: every decision follows from the rules the
knowledge base holds, and every decision carries its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from massage_match.language.matcher import (
    CONDITION_THRESHOLD,
    MAX_ALTERNATIVES,
    HealthFinding,
    Matcher,
    alternative_floor,
)
from massage_match.model import (
    EVIDENCE_WEIGHTS,
    Condition,
    ConditionMatch,
    Contraindication,
    KnowledgeBase,
    Link,
    Modality,
    ModalityAdvice,
    Preferences,
    Recommendation,
    Referral,
    Status,
)

STATUS_ORDER: dict[Status, int] = {"recommended": 0, "caution": 1, "avoid": 2}
# How much a modality's rank drops per place down the condition's list (the list's order is the
# knowledge base's ranking).
POSITION_STEP = 0.05
# A modality that needs adjusting is worth less than one that can be done as usual.
CAUTION_FACTOR = 0.75
# Referrals at these urgencies stop every modality until a physician has seen the client.
STOPPING_URGENCIES = ("emergency", "urgent")
# Distinct situations (condition, health, referral, preferences) whose advice is kept: bounded memory.
ADVICE_MEMO = 4096


class _Limits:
    """The element-level limits gathered for one modality; the strictest cap wins, sites accumulate."""

    def __init__(self) -> None:
        self.pressure_max: int | None = None
        self.sites: list[str] = []
        self.positions: list[str] = []
        self.session_max: int | None = None
        self.notes: list[str] = []

    def add(self, c: Contraindication) -> None:
        a = c.adjustments
        if a.pressure_max is not None:
            self.pressure_max = a.pressure_max if self.pressure_max is None else min(self.pressure_max, a.pressure_max)
        if a.session_max_minutes is not None:
            self.session_max = (
                a.session_max_minutes if self.session_max is None else min(self.session_max, a.session_max_minutes)
            )
        sites = a.avoid_sites or (("the affected area",) if c.kind == "local" else ())
        _extend_unique(self.sites, sites)
        if a.position:
            _extend_unique(self.positions, (a.position,))
        _extend_unique(self.notes, a.notes)


def _extend_unique(target: list[str], items: Sequence[str]) -> None:
    for item in items:
        if item not in target:
            target.append(item)


class Engine:
    """Recommendations over one knowledge base, through the matcher over its indexes."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher):
        self.kb = kb
        self.matcher = matcher
        self._advice_memo: dict[Any, tuple[tuple[ModalityAdvice, ...], tuple[str, ...]]] = {}

    def recommend(
        self,
        symptom: str,
        health: Sequence[str] = (),
        top: int | None = None,
        record_id: str | None = None,
        preferences: Preferences | None = None,
    ) -> Recommendation:
        kb = self.kb
        prefs = preferences or Preferences()
        explanation: list[str] = []
        ranked = self.matcher.rank_conditions(symptom)
        best = ranked[0] if ranked and ranked[0].score >= CONDITION_THRESHOLD else None
        match = ConditionMatch(kb.condition(best.id), best.score) if best else None
        rest = ranked[1:] if best else ranked
        floor = alternative_floor(best.score if best else None)
        shown = [s for s in rest if s.score >= floor][:MAX_ALTERNATIVES]  # entries read only for these
        alternatives = tuple(ConditionMatch(kb.condition(s.id), s.score) for s in shown)
        if match:
            explanation.append(f"symptom {symptom!r} -> {match.condition.name} (score {match.score})")
        else:
            explanation.append(f"symptom {symptom!r} -> no condition matched well enough")

        findings: list[HealthFinding] = [f for text in health for f in self.matcher.health(text)]
        contras: list[Contraindication] = []
        past: list[Contraindication] = []
        for f in findings:
            c = f.contraindication
            if c is None:
                what = "only denials: nothing limited" if f.negated else "not understood"
                explanation.append(f"health {f.query!r} -> {what}")
            elif f.history:
                explanation.append(f"health {f.query!r} -> past {c.name} [history: confirm it has resolved]")
                if c not in past:
                    past.append(c)
            else:
                explanation.append(f"health {f.query!r} -> {c.name} [{c.kind}]")
                if c not in contras:
                    contras.append(c)
        past = [c for c in past if c not in contras]
        unknown = [f.query for f in findings if f.contraindication is None and not f.negated]

        hits = self.matcher.red_flags(symptom, health)
        referral = None
        if hits:
            referral = Referral(hits[0].flag.urgency, tuple(f"{h.flag.name}: {h.flag.reason}" for h in hits))
            explanation.extend(f"red flag in {h.source!r} -> {h.flag.name} [{h.flag.urgency}]" for h in hits)

        advice: tuple[ModalityAdvice, ...] = ()
        if match:
            advice, lines = self._advice(
                match.condition, tuple(contras), tuple(past), tuple(unknown), referral, prefs, top
            )
            explanation.extend(lines)
        return Recommendation(
            query=symptom,
            match=match,
            alternatives=alternatives,
            referral=referral,
            health=tuple(findings),
            modalities=advice,
            plan=match.condition.plan if match else None,
            explanation=tuple(explanation),
            record_id=record_id,
        )

    def _advice(
        self,
        condition: Condition,
        contras: tuple[Contraindication, ...],
        past: tuple[Contraindication, ...],
        unknown: tuple[str, ...],
        referral: Referral | None,
        prefs: Preferences,
        top: int | None,
    ) -> tuple[tuple[ModalityAdvice, ...], tuple[str, ...]]:
        """The condition's modalities, each recommended, limited or ruled out, best first, with the
        explanation of each decision. The same situation recurs all through a batch: decided once."""
        key = (condition.id, tuple(c.id for c in contras), tuple(c.id for c in past), unknown, referral, prefs, top)
        found = self._advice_memo.get(key)
        if found is not None:
            return found
        explanation: list[str] = []
        advice: list[ModalityAdvice] = []
        for place, link in enumerate(condition.links):
            advice.append(self._advise(link, place, contras, past, unknown, referral, prefs, explanation))
        for link in condition.avoid:
            modality = self.kb.modality(link.modality)
            advice.append(
                ModalityAdvice(modality, "avoid", 0.0, (f"Not for {condition.name.lower()}: {link.reason}",), ())
            )
            explanation.append(f"{condition.name} -> {modality.name}: avoid ({link.reason})")
        order = {id(a): i for i, a in enumerate(advice)}
        advice.sort(key=lambda a: (STATUS_ORDER[a.status], -a.score, order[id(a)]))
        if top is not None:
            usable = [a for a in advice if a.status != "avoid"][:top]
            advice = usable + [a for a in advice if a.status == "avoid"]
        if len(self._advice_memo) >= ADVICE_MEMO:
            self._advice_memo.clear()
        found = self._advice_memo[key] = (tuple(advice), tuple(explanation))
        return found

    def _advise(
        self,
        link: Link,
        place: int,
        contras: Sequence[Contraindication],
        past: Sequence[Contraindication],
        unknown: Sequence[str],
        referral: Referral | None,
        prefs: Preferences,
        explanation: list[str],
    ) -> ModalityAdvice:
        modality = self.kb.modality(link.modality)
        reasons = [link.reason]
        if link.evidence:
            grade = f"evidence: {link.evidence}" + (f" ({link.source})" if link.source else "")
            reasons.append(grade)
        ruled_out: list[str] = []
        limited_by: list[Contraindication] = []
        limits = _Limits()
        for c in contras:
            if not c.concerns(modality.id):
                continue
            if c.rules_out(modality.id):
                ruled_out.append(f"{c.name} ({c.kind} contraindication): {c.reason}")
                explanation.append(f"{c.name} -> {modality.name}: avoid")
                continue
            limited_by.append(c)
            limits.add(c)
        confirm_first = [
            f"past {c.name.lower()}: confirm it has resolved before going ahead ({c.reason})"
            for c in past
            if c.concerns(modality.id)
        ]
        # What the tool could not read, it cannot vouch for: the therapist checks it first.
        confirm_first += [f"health term {q!r} not understood: check it before treating" for q in unknown]
        adjustments = _describe(modality, limits)
        if limits.pressure_max is not None and modality.min_pressure > limits.pressure_max:
            ruled_out.append(
                f"cannot be done within pressure {limits.pressure_max} of 5 (needs at least {modality.min_pressure})"
            )
            explanation.append(f"pressure cap {limits.pressure_max} -> {modality.name}: avoid")
        wanted = prefs.pressure_max
        if wanted is not None and (limits.pressure_max is None or wanted < limits.pressure_max):
            if modality.min_pressure > wanted:
                ruled_out.append(f"needs pressure {modality.min_pressure} or more; the client wants at most {wanted}")
            elif modality.pressure > wanted:
                adjustments = [a for a in adjustments if not a.startswith("pressure at most")]
                adjustments.insert(0, f"pressure at most {wanted} of 5 (client's preference)")
        if prefs.avoid_areas:
            adjustments.append(f"avoid {'; '.join(prefs.avoid_areas)} (client's wish)")
        status: Status = "avoid" if ruled_out else "caution" if limited_by or confirm_first else "recommended"
        if referral and referral.urgency in STOPPING_URGENCIES:
            ruled_out.insert(0, f"Refer first ({referral.urgency}): no massage until a physician has assessed")
            status = "avoid"
        if status == "avoid":
            return ModalityAdvice(modality, "avoid", 0.0, tuple(ruled_out + reasons), tuple(adjustments))
        reasons.extend(confirm_first)
        for c in limited_by:
            reasons.append(f"limited by {c.name} ({c.kind}): {c.reason}")
            own = _Limits()
            own.add(c)  # what this contraindication alone asks of this modality
            explanation.append(
                f"{c.name} -> {modality.name}: caution ({'; '.join(_describe(modality, own)) or c.reason})"
            )
        weight = EVIDENCE_WEIGHTS.get(link.evidence or "", min(EVIDENCE_WEIGHTS.values()))
        score = weight * max(0.1, 1 - POSITION_STEP * place)
        if status == "caution":
            score *= CAUTION_FACTOR
        return ModalityAdvice(modality, status, round(score, 2), tuple(reasons), tuple(adjustments))


def _describe(modality: Modality, limits: _Limits) -> list[str]:
    """Limits in words a therapist can act on, only where they change this modality."""
    out: list[str] = []
    if limits.pressure_max is not None and modality.pressure > limits.pressure_max:
        out.append(f"pressure at most {limits.pressure_max} of 5 (usual {modality.pressure})")
    if limits.sites:
        out.append("avoid " + "; ".join(limits.sites))
    out.extend(f"position: {p}" for p in limits.positions)
    if limits.session_max is not None and limits.session_max < modality.session_minutes:
        out.append(f"session at most {limits.session_max} minutes")
    out.extend(limits.notes)
    return out
