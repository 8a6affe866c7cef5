"""The rule engine: indications, contraindications with their kind and adjustments, red flags.

It knows no condition, modality or medicine by name: every decision follows from the rules the
knowledge base holds, and every decision carries its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from massage_match.language.matcher import (
    MAX_ALTERNATIVES,
    PERFECT,
    WHOLE_BODY,
    HealthFinding,
    Matcher,
    alternative_floor,
    best_match,
)
from massage_match.model import (
    EVIDENCE_WEIGHTS,
    SESSION_STOPPING,
    URGENCIES,
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
    Urgency,
)
from massage_match.model.pressure import pressure_label

STATUS_ORDER: dict[Status, int] = {"recommended": 0, "caution": 1, "avoid": 2}
# How much a modality's rank drops per place down the condition's list (the list's order is the
# knowledge base's ranking).
POSITION_STEP = 0.05
# A modality that needs adjusting is worth less than one that can be done as usual.
CAUTION_FACTOR = 0.75
# Beside a complaint outside massage, a condition is read only when named this clearly (the
# matcher's "high" confidence): "sore throat and swollen glands in my neck" is no neck pain.
OUTSIDE_MASSAGE_YIELDS_TO = 85.0
# Referrals that stop the session stop every modality today, each for the reason given.
_STOPPING_REASONS: dict[str, str] = {
    "emergency": "Refer first (emergency): no massage; call emergency services",
    "urgent": "Refer first (urgent): no massage until a physician has assessed",
    "postpone": "Postpone: no massage today; rebook once the client is well",
}
STOPPING_URGENCIES: dict[str, str] = {urgency: _STOPPING_REASONS[urgency] for urgency in SESSION_STOPPING}
# A referral for clearance holds every modality back until the physician agrees.
CLEARANCE_FIRST = "only once a physician has cleared massage"
# Said of a referral for clearance once a physician's clearance is on record.
CLEARED = "a physician has cleared massage; keep them informed"


class Where(NamedTuple):
    """Where the findings are, relative to the area one condition's work covers."""

    on_site: tuple[str, ...]  # local findings on the treated area (ids): the work there is ruled out
    located: tuple[tuple[str, tuple[str, ...]], ...]  # (finding id, the body parts named with it)
    aside: tuple[tuple[str, tuple[str, ...]], ...]  # site-bound findings elsewhere: (name, site) to mind


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

    def add(self, c: Contraindication, site: tuple[str, ...] = ()) -> None:
        a = c.adjustments
        if a.pressure_max is not None:
            self.pressure_max = a.pressure_max if self.pressure_max is None else min(self.pressure_max, a.pressure_max)
        if a.session_max_minutes is not None:
            self.session_max = (
                a.session_max_minutes if self.session_max is None else min(self.session_max, a.session_max_minutes)
            )
        if c.kind == "local" and site:  # the client said where: name it
            sites: tuple[str, ...] = (f"the {' and '.join(site)} ({c.name.lower()})",)
        else:
            sites = a.avoid_sites or (("the affected area",) if c.kind == "local" else ())
        _extend_unique(self.sites, sites)
        if a.position:
            _extend_unique(self.positions, (a.position,))
        _extend_unique(self.notes, a.notes)


def _same_area(a: Condition, b: Condition) -> bool:
    """Whether two conditions can be readings of one complaint: they share a region, or one of them
    is felt all over."""
    return bool(set(a.region) & set(b.region)) or WHOLE_BODY in a.region or WHOLE_BODY in b.region


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
        cleared: frozenset[str] = frozenset(),
    ) -> Recommendation:
        """The answer for one symptom text and the client's health terms. `cleared` holds the names
        of referral reasons a physician has cleared massage for (casefolded): those referrals for
        clearance are lifted to routine (the physician is kept informed)."""
        kb = self.kb
        prefs = preferences or Preferences()
        explanation: list[str] = []
        ranked = self.matcher.rank_conditions(symptom)
        best = best_match(ranked)
        found = self.matcher.complaints(symptom, ranked)
        outside = tuple(self.matcher.outside_massage(symptom))
        if outside:
            # A rash, heartburn or a sore throat is not for massage: only a complaint named clearly
            # beside it ("rash on my arm, and lower back pain") is still read as one.
            kept = []
            for piece, s in found:
                # (a wish beside it must be said outright, "and a relaxing massage": "want it treated at the
                # spa" asks for the complaint to be treated)
                needed = PERFECT if kb.condition(s.id).request else OUTSIDE_MASSAGE_YIELDS_TO
                # (a part that itself names the complaint outside massage is that complaint told: "burning feet
                # from athlete's foot")
                own_words = piece == symptom or not self.matcher.outside_massage(piece)
                if own_words and (s.score >= needed or self.matcher.named_clearly(symptom, s.id, needed)):
                    kept.append((piece, s))
                else:
                    explanation.append(f"{piece!r}: outside massage ({outside[0].name}), not read as {s.id}")
            found = kept
        pieces = [piece for piece, _ in found]
        complaints = [ConditionMatch(kb.condition(s.id), s.score) for _, s in found]
        match = complaints[0] if complaints else None
        named = {s.id for _, s in found}
        rest = [s for s in ranked if s.id not in named]
        floor = alternative_floor(best.score if best else None)
        # Beside a complaint outside massage and no match, a "did you mean" would only be noise.
        candidates = [] if outside and not found else [s for s in rest if s.score >= floor]
        if match is not None:
            # Beside a match, an alternative is another reading of the same place, never a condition
            # that merely shares a word ("shin splints" beside lower back pain).
            candidates = [s for s in candidates if _same_area(match.condition, kb.condition(s.id))]
        shown = candidates[:MAX_ALTERNATIVES]
        alternatives = tuple(ConditionMatch(kb.condition(s.id), s.score) for s in shown)
        if len(complaints) > 1:
            for piece, complaint in zip(pieces, complaints, strict=True):
                explanation.append(f"complaint {piece!r} -> {complaint.condition.name} (score {complaint.score})")
        elif match:
            explanation.append(f"symptom {symptom!r} -> {match.condition.name} (score {match.score})")
        else:
            explanation.append(f"symptom {symptom!r} -> no condition matched well enough")

        findings = self._findings(symptom, health, match.condition if match else None, explanation)
        current = {f.contraindication.id for f in findings if f.contraindication and not f.history}
        for i, f in enumerate(findings):
            c = f.contraindication
            if c is not None and f.history and current.intersection(c.counts_while):
                findings[i] = f._replace(history=False)
                explanation.append(f"past {c.name.lower()} counts today: {', '.join(c.counts_while)} is current")
        contras: list[Contraindication] = []
        past: list[Contraindication] = []
        sites: dict[str, list[str]] = {}
        for f in findings:
            c = f.contraindication
            if c is None:
                continue
            if f.history:
                if c not in past:
                    past.append(c)
                continue
            if c not in contras:
                contras.append(c)
            sites.setdefault(c.id, [])
            sites[c.id] += [w for w in f.site if w not in sites[c.id]]
        past = [c for c in past if c not in contras]

        referral = self._referral(symptom, health, contras, explanation, cleared)
        plans: list[tuple[tuple[ModalityAdvice, ...], str]] = []
        for complaint in complaints:
            limits, where = self._where(complaint.condition, contras, sites, explanation)
            advice, lines = self._advice(complaint.condition, limits, tuple(past), where, referral, prefs, top)
            plans.append((advice, complaint.condition.id))
            explanation.extend(lines)
        return Recommendation(
            query=symptom,
            match=match,
            alternatives=alternatives,
            referral=referral,
            health=tuple(findings),
            modalities=_combined(plans, top),
            plan=match.condition.plan if match else None,
            explanation=tuple(explanation),
            record_id=record_id,
            complaints=tuple(zip(pieces, complaints, strict=True)),
            outside_massage=outside,
        )

    def _where(
        self, condition: Condition, contras: list[Contraindication], sites: dict[str, list[str]], explanation: list[str]
    ) -> tuple[tuple[Contraindication, ...], Where]:
        """The findings that limit this condition's work, and where each one is relative to it."""
        # A local finding where the complaint is: the work the complaint needs is what it rules out.
        treated = self._treated_area(condition)
        on_site = tuple(c.id for c in contras if c.kind == "local" and treated & set(sites.get(c.id, ())))
        # A finding bound to its site (a replaced knee, an arm at risk of lymphoedema) limits the work
        # on that site only: treating elsewhere, it is an area to mind, not a limit on every modality.
        aside = [c for c in contras if c.site_bound and sites.get(c.id) and not treated & set(sites[c.id])]
        explanation.extend(f"{c.name} at the {', '.join(sites[c.id])}: away from the treated area" for c in aside)
        aside_ids = {c.id for c in aside}
        located = tuple((cid, tuple(words)) for cid, words in sites.items() if words and cid not in aside_ids)
        minded = tuple((c.name.lower(), tuple(sites[c.id])) for c in aside)
        return tuple(c for c in contras if c.id not in aside_ids), Where(on_site, located, minded)

    def _findings(
        self, symptom: str, health: Sequence[str], condition: Condition | None, explanation: list[str]
    ) -> list[HealthFinding]:
        """What the health texts name, then what the symptom text names that they did not: every text
        the client's words arrive in is screened. A finding that is the complaint itself ("sprained
        ankle" for an ankle sprain) is left to the condition's own plan, which is written for it, unless
        the text dates the complaint to the days such a plan does not allow for ("rolled it this morning")."""
        findings: list[HealthFinding] = [f for text in health for f in self.matcher.health(text)]
        told = self.matcher.health(symptom, in_symptom=True)
        # A terse health term the symptom dates to the past ("hardware removed" beside "they took the
        # plate out last year, totally healed") is that past: the symptom says when, the term does not.
        told_now = {f.contraindication.id for f in told if f.contraindication and not f.history}
        told_past = {f.contraindication.id for f in told if f.contraindication and f.history} - told_now
        for i, f in enumerate(findings):
            c = f.contraindication
            if c is not None and not f.history and c.id in told_past and not self.matcher.dated_recent(f.query):
                findings[i] = f._replace(history=True)
                explanation.append(f"health {f.query!r}: the symptom dates {c.name.lower()} to the past")
        known = {(f.contraindication.id, f.history) for f in findings if f.contraindication}
        for f in self.matcher.fact_findings((symptom, *health)):
            c = f.contraindication
            if c is not None and (c.id, False) not in known:
                known.add((c.id, False))
                # The number is the finding: the same text read as "noted, nothing to limit" goes.
                findings = [g for g in findings if not (g.query == f.query and g.contraindication is None)]
                findings.append(f)
        for f in told:
            c = f.contraindication
            if c is None or (c.id, f.history) in known:
                continue
            if condition is not None and c.id in condition.covers:
                explanation.append(f"symptom names {c.name}: part of the complaint, allowed for by its plan")
                continue
            known.add((c.id, f.history))
            findings.append(f)
        # The complaint is itself the finding while it is fresh ("rolled my ankle yesterday"), named or not.
        for cid in condition.covers if condition is not None else ():
            c = self.kb.contraindication(cid)
            if (cid, False) not in known and self.matcher.said_fresh(symptom, c):
                known.add((cid, False))
                findings.append(HealthFinding(symptom, c, in_symptom=True))
        for f in findings:
            c = f.contraindication
            where = f" on the {', '.join(f.site)}" if f.site else ""
            source = "symptom" if f.in_symptom else "health"
            if c is None and f.facts:
                explanation.append(f"health {f.query!r} -> noted: {dict(f.facts)}")
            elif c is None:
                what = "only denials: nothing limited" if f.negated else "not understood: not assessed"
                explanation.append(f"health {f.query!r} -> {what}")
            elif f.history:
                explanation.append(f"{source} {f.query!r} -> past {c.name} [history: confirm it has resolved]")
            else:
                explanation.append(f"{source} {f.query!r} -> {c.name}{where} [{c.kind}]")
        return findings

    def _treated_area(self, condition: Condition) -> frozenset[str]:
        """The body parts a condition's work covers: the last word of each region ("lower back": back)."""
        canon = self.matcher.normalizer.canon
        return frozenset(canon(region.split()[-1]) for region in condition.region if region.split())

    def _referral(
        self,
        symptom: str,
        health: Sequence[str],
        contras: Sequence[Contraindication],
        explanation: list[str],
        cleared: frozenset[str] = frozenset(),
    ) -> Referral | None:
        """The red flags the texts raise and the referrals current findings call for, most urgent first."""
        reasons: list[tuple[int, str, str]] = []

        def add(urgency: Urgency, name: str, reason: str) -> None:
            if urgency == "clearance" and name.casefold() in cleared:
                reasons.append((URGENCIES.index("routine"), f"{name}: {CLEARED} ({reason})", name))
                explanation.append(f"{name}: cleared by a physician -> routine")
                return
            reasons.append((URGENCIES.index(urgency), f"{name}: {reason}", name))

        for hit in self.matcher.red_flags(symptom, health):
            flag = hit.flag
            add(flag.urgency, flag.name, flag.reason)
            found = "; ".join(hit.evidence)
            explanation.append(f"red flag in {hit.source!r} -> {flag.name} [{flag.urgency}] ({found})")
        for c in contras:
            if c.triage is not None:
                add(c.triage, c.name, c.reason)
                explanation.append(f"{c.name} -> referral [{c.triage}]")
        if not reasons:
            return None
        reasons.sort(key=lambda r: r[0])
        unique = {text: (name, URGENCIES[level]) for level, text, name in reversed(reasons)}  # the most urgent kept
        texts = tuple(dict.fromkeys(text for _, text, _ in reasons))
        return Referral(URGENCIES[reasons[0][0]], texts, tuple(unique[text] for text in texts))

    def _advice(
        self,
        condition: Condition,
        contras: tuple[Contraindication, ...],
        past: tuple[Contraindication, ...],
        where: Where,
        referral: Referral | None,
        prefs: Preferences,
        top: int | None,
    ) -> tuple[tuple[ModalityAdvice, ...], tuple[str, ...]]:
        """The condition's modalities, each recommended, limited or ruled out, best first, with the
        explanation of each decision. The same situation recurs all through a batch: decided once."""
        key = (condition.id, tuple(c.id for c in contras), tuple(c.id for c in past), where, referral, prefs, top)
        found = self._advice_memo.get(key)
        if found is not None:
            return found
        explanation: list[str] = []
        advice: list[ModalityAdvice] = []
        for place, link in enumerate(condition.links):
            advice.append(self._advise(link, place, contras, past, where, referral, prefs, explanation))
        for link in condition.avoid:
            modality = self.kb.modality(link.modality)
            advice.append(
                ModalityAdvice(modality, "avoid", 0.0, (f"Not for {condition.name.lower()}: {link.reason}",), ())
            )
            explanation.append(f"{condition.name} -> {modality.name}: avoid ({link.reason})")
        order = {id(a): i for i, a in enumerate(advice)}
        advice.sort(key=lambda a: (STATUS_ORDER[a.status], -a.score, order[id(a)]))
        advice = _top(advice, top)
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
        where: Where,
        referral: Referral | None,
        prefs: Preferences,
        explanation: list[str],
    ) -> ModalityAdvice:
        on_site, located, aside = where
        sites = dict(located)
        modality = self.kb.modality(link.modality)
        reasons = [link.reason]
        if link.evidence:
            grade = f"evidence: {link.evidence}" + (f" ({link.source})" if link.source else "")
            reasons.append(grade)
        ruled_out: list[str] = []
        causes: list[str] = []  # what rules it out, in a few words, beside the full reasons
        limited_by: list[Contraindication] = []
        limits = _Limits()
        for c in contras:
            if not c.concerns(modality.id):
                continue
            if c.rules_out(modality.id):
                ruled_out.append(f"{c.name} ({c.kind} contraindication): {c.reason}")
                causes.append(c.name.lower())
                explanation.append(f"{c.name} -> {modality.name}: avoid")
                continue
            if c.id in on_site:
                ruled_out.append(f"{c.name} on the area being treated: work around it, not on it ({c.reason})")
                causes.append(f"{c.name.lower()} on the treated area")
                explanation.append(f"{c.name} on the treated area -> {modality.name}: avoid")
                continue
            limited_by.append(c)
            limits.add(c, sites.get(c.id, ()))
        past_here = [c for c in past if c.concerns(modality.id)]
        confirm_first = [
            f"past {c.name.lower()}: confirm it has resolved before going ahead ({c.reason})" for c in past_here
        ]
        adjustments = _describe(modality, limits)
        # What "caution" asks for a past finding: the check itself.
        adjustments += [f"first confirm the past {c.name.lower()} has resolved" for c in past_here]
        if limits.pressure_max is not None and modality.min_pressure > limits.pressure_max:
            ruled_out.append(
                f"cannot be done within pressure {limits.pressure_max} of 5 (needs at least {modality.min_pressure})"
            )
            causes.append(f"the pressure cap of {limits.pressure_max} (needs {modality.min_pressure})")
            explanation.append(f"pressure cap {limits.pressure_max} -> {modality.name}: avoid")
        wanted = prefs.pressure_max
        declined = False
        if wanted is not None and (limits.pressure_max is None or wanted < limits.pressure_max):
            if modality.min_pressure > wanted:
                declined = not ruled_out  # only the client's wish keeps it out: not a danger
                ruled_out.append(
                    f"not wanted: needs pressure {modality.min_pressure} or more; the client wants at most {wanted}"
                )
            elif modality.pressure > wanted:
                adjustments = [a for a in adjustments if not a.startswith("pressure at most")]
                adjustments.insert(0, f"pressure at most {pressure_label(wanted)} (client's preference)")
        for name, site in aside:  # still a finding that concerns the modality: never "recommended"
            adjustments.append(f"no deep work or stretching at the {' and '.join(site)} ({name})")
            confirm_first.append(f"mind the {' and '.join(site)} ({name}): away from the treated area")
        if prefs.avoid_areas:
            adjustments.append(f"avoid {'; '.join(prefs.avoid_areas)} (client's wish)")
        status: Status = "avoid" if ruled_out else "caution" if limited_by or confirm_first else "recommended"
        if referral and referral.urgency in STOPPING_URGENCIES:
            ruled_out.insert(0, STOPPING_URGENCIES[referral.urgency])
            causes.insert(0, f"the {referral.urgency} referral")
            status = "avoid"
            declined = False
        elif referral and referral.urgency == "clearance" and status != "avoid":
            adjustments.insert(0, CLEARANCE_FIRST)
            status = "caution"
        if status == "avoid":
            return ModalityAdvice(
                modality,
                "avoid",
                0.0,
                tuple(ruled_out + reasons),
                tuple(adjustments),
                evidence=link.evidence,
                ruled_out_by=tuple(causes),
                declined=declined,
            )
        reasons.extend(confirm_first)
        for c in limited_by:
            reasons.append(f"limited by {c.name} ({c.kind}): {c.reason}")
            own = _Limits()
            own.add(c, sites.get(c.id, ()))  # what this contraindication alone asks of this modality
            explanation.append(
                f"{c.name} -> {modality.name}: caution ({'; '.join(_describe(modality, own)) or c.reason})"
            )
        weight = EVIDENCE_WEIGHTS.get(link.evidence or "", min(EVIDENCE_WEIGHTS.values()))
        score = weight * max(0.1, 1 - POSITION_STEP * place)
        if status == "caution":
            score *= CAUTION_FACTOR
        return ModalityAdvice(
            modality, status, round(score, 2), tuple(reasons), tuple(adjustments), evidence=link.evidence
        )


def _describe(modality: Modality, limits: _Limits) -> list[str]:
    """Limits in words a therapist can act on, only where they change this modality."""
    out: list[str] = []
    if limits.pressure_max is not None and modality.pressure > limits.pressure_max:
        out.append(f"pressure at most {pressure_label(limits.pressure_max)} (usual {modality.pressure})")
    if limits.sites:
        # each with its own verb: "avoid the knee; heat or cold on numb areas" reads as advice to heat
        out.append("; ".join(f"avoid {site}" for site in limits.sites))
    out.extend(f"position: {p}" for p in limits.positions)
    if limits.session_max is not None and limits.session_max < modality.session_minutes:
        out.append(f"session at most {limits.session_max} minutes")
    out.extend(limits.notes)
    return out


def _combined(plans: list[tuple[tuple[ModalityAdvice, ...], str]], top: int | None) -> tuple[ModalityAdvice, ...]:
    """One list for the session from each complaint's: a modality that serves several is listed once,
    as the strictest of its entries (safety never loosens), with the complaints it serves."""
    if len(plans) == 1:
        return plans[0][0]
    chosen: dict[str, ModalityAdvice] = {}
    served: dict[str, list[str]] = {}
    for advice, condition_id in plans:
        for a in advice:
            key = a.modality.id
            served.setdefault(key, []).append(condition_id)
            held = chosen.get(key)
            # the strictest wins, and a safety "avoid" over one the client merely declined
            if held is None or (STATUS_ORDER[a.status], not a.declined, a.score) > (
                STATUS_ORDER[held.status],
                not held.declined,
                held.score,
            ):
                chosen[key] = a
    merged = [a._replace(complaints=tuple(served[m])) if len(served[m]) > 1 else a for m, a in chosen.items()]
    order = {m: i for i, m in enumerate(chosen)}
    merged.sort(key=lambda a: (STATUS_ORDER[a.status], -a.score, order[a.modality.id]))
    return tuple(_top(merged, top))


def _top(advice: list[ModalityAdvice], top: int | None) -> list[ModalityAdvice]:
    """The best `top` usable modalities, then every "avoid" (never dropped: the reasons matter)."""
    if top is None:
        return advice
    return [a for a in advice if a.status != "avoid"][:top] + [a for a in advice if a.status == "avoid"]
