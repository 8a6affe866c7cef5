"""A visit's screening: the stored client plus today's words, read exactly as `recommend` reads them,
and the check of what the therapist says was done against it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from massage_match.errors import MassageMatchError
from massage_match.language.matcher import CONDITION_THRESHOLD
from massage_match.model import SESSION_STOPPING, Modality, Preferences, Recommendation
from massage_match.records.model import Clearance, Client

# How `visit` says that the session's screening asks for a physician's clearance first.
CLEARANCE_URGENCY = "clearance"


class VisitRefused(MassageMatchError):
    """A modality recorded as done that today's screening says must not be done (one line)."""


def client_health(client: Client, today: Sequence[str]) -> tuple[str, ...]:
    """Every health text screened at a visit: the stored intake's, the client's age as a fact the red
    flags read, then today's."""
    age = (f"age {client.age}",) if client.age is not None else ()
    return (*client.intake.health, *age, *today)


def cleared_names(clearances: Sequence[Clearance], date: str) -> frozenset[str]:
    """The referral reasons a physician had cleared by `date` (a clearance given later does not reach
    back to an earlier visit)."""
    return frozenset(name.casefold() for c in clearances if c.date <= date for name in c.covers)


def screen(
    engine: Any, client: Client, clearances: Sequence[Clearance], symptom: str, health: Sequence[str], date: str
) -> Recommendation:
    intake = client.intake
    preferences = Preferences(intake.pressure, intake.avoid_areas)
    result: Recommendation = engine.recommend(
        symptom, list(health), preferences=preferences, cleared=cleared_names(clearances, date)
    )
    return result


def find_modality(engine: Any, name: str) -> Modality:
    """The modality `name` means: its id, or a name close enough (typos forgiven)."""
    kb = engine.kb
    key = name.strip().lower()
    for m in kb.modalities:
        if m.id == key:
            return m
    tokens, corrected = engine.matcher.tokens(name)
    ranked = engine.matcher.modalities.rank(tokens, corrected)
    if ranked and ranked[0].score >= CONDITION_THRESHOLD:
        return kb.modality(ranked[0].id)
    raise MassageMatchError(f"modality {name!r} not known ('massage-match modalities' lists them)")


class Refusal(NamedTuple):
    modality: Modality
    why: str  # in a few words, for the one-line error


def _pressure_cap(answer: Recommendation, modality: Modality) -> tuple[int, str] | None:
    """The strictest pressure cap today's findings put on a modality, and the finding that sets it."""
    caps = [
        (c.adjustments.pressure_max, c.name.lower())
        for f in answer.health
        if (c := f.contraindication) is not None and not f.history and c.concerns(modality.id)
        if c.adjustments.pressure_max is not None
    ]
    return min(caps) if caps else None


def refusals(answer: Recommendation, done: Sequence[Modality], pressure: int | None = None) -> list[Refusal]:
    """The done modalities today's screening does not allow: those it lists as "avoid", any other
    that a current finding rules out, every one while a referral stops the session, every one while
    a physician's clearance is still awaited, and one done at more pressure than a finding allows."""
    listed = {a.modality.id: a for a in answer.modalities}
    out = []
    for m in done:
        why = _why_not(answer, m, listed.get(m.id), pressure)
        if why is not None:
            out.append(Refusal(m, why))
    return out


def _why_not(answer: Recommendation, m: Modality, advice: Any, pressure: int | None) -> str | None:
    """Why today's screening does not allow `m` (None: it does)."""
    referral = answer.referral
    if referral is not None and referral.urgency in SESSION_STOPPING:
        return f"the {referral.urgency} referral ({referral.reasons[0]})"
    if referral is not None and referral.urgency == CLEARANCE_URGENCY:
        pending = [name for name, urgency in referral.sources if urgency == CLEARANCE_URGENCY]
        return f"a physician's clearance is awaited for {', '.join(pending)}"
    if advice is not None and advice.status == "avoid":
        return f"the screening says avoid: {', '.join(advice.ruled_out_by) or advice.reasons[0]}"
    if advice is None:  # not one of the condition's modalities: the findings still decide
        ruling = [
            c.name.lower()
            for f in answer.health
            if (c := f.contraindication) is not None and not f.history and c.rules_out(m.id)
        ]
        if ruling:
            return f"ruled out by {', '.join(dict.fromkeys(ruling))}"
    cap = _pressure_cap(answer, m)
    if cap is not None and pressure is not None and pressure > cap[0]:
        return f"pressure {pressure} is above the most {cap[1]} allows ({cap[0]} of 5)"
    return None


def billing_units(minutes: int | None) -> int | None:
    """15-minute units of timed treatment by the CMS 8-minute rule: 8-22 minutes is one unit,
    23-37 two, and so on; under 8 minutes none."""
    if minutes is None:
        return None
    if minutes < 8:
        return 0
    return (minutes + 7) // 15
