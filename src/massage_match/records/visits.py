"""A visit's screening: the stored client plus today's words, read exactly as `recommend` reads them,
and the check of what the therapist says was done against it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date as Date
from typing import Any, NamedTuple

from massage_match.errors import MassageMatchError
from massage_match.language.matcher import CONDITION_THRESHOLD
from massage_match.model import SESSION_STOPPING, Modality, Preferences, Recommendation
from massage_match.records.model import Clearance, Client

# How `visit` says that the session's screening asks for a physician's clearance first.
CLEARANCE_URGENCY = "clearance"
NO_CONSENT = "the client has not consented to treatment ('client update --consent' records it)"


class VisitRefused(MassageMatchError):
    """A modality recorded as done that today's screening says must not be done (one line)."""


def client_health(client: Client, today: Sequence[str], on: str) -> tuple[str, ...]:
    """Every health text screened at a visit on `on`: the stored ones, aged to that day, the client's
    age as a fact the red flags read, then today's."""
    age = (f"age {client.age}",) if client.age is not None else ()
    stored = tuple(aged(text, noted, on) if noted else text for text, noted in client.intake.health_noted())
    return (*stored, *age, *today)


_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
_AGO = re.compile(r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                  r"(day|week|month|year)s?\s+ago\b", re.IGNORECASE)  # fmt: skip
_LAST = re.compile(r"\b(yesterday|last (?:week|month|year))\b", re.IGNORECASE)
_WEEKS_PREGNANT = re.compile(r"\b(\d{1,2})\s*(?:weeks?|wks?)\s+pregnant\b", re.IGNORECASE)
FULL_TERM_WEEKS = 42


def _ago(days: float) -> str:
    for unit, below, size in (("day", 14, 1.0), ("week", 61, 7.0), ("month", 730, 30.44)):
        if days < below:
            n = max(1, round(days / size))
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    n = round(days / 365.25)
    return f"{n} year{'s' if n != 1 else ''} ago"


def aged(text: str, noted: str, on: str) -> str:
    """`text` as it reads on `on` when it was said on `noted`: "2 weeks ago" said in March is "3
    months ago" in June, "20 weeks pregnant" is 28 weeks two months later. A pregnancy past term is
    left as said (the therapist is told to ask)."""
    try:
        elapsed = (Date.fromisoformat(on) - Date.fromisoformat(noted)).days
    except ValueError:
        return text
    if elapsed <= 0:
        return text

    def shift(match: re.Match[str]) -> str:
        count = match.group(1).lower()
        n = int(count) if count.isdigit() else _NUMBERS[count]
        return _ago(n * _UNIT_DAYS[match.group(2).lower()] + elapsed)

    def shift_last(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        unit = "day" if word == "yesterday" else word.split()[1]
        return _ago(_UNIT_DAYS[unit] + elapsed)

    def pregnant(match: re.Match[str]) -> str:
        weeks = int(match.group(1)) + elapsed // 7
        return match.group(0) if weeks > FULL_TERM_WEEKS else f"{weeks} weeks pregnant"

    return _WEEKS_PREGNANT.sub(pregnant, _LAST.sub(shift_last, _AGO.sub(shift, text)))


def past_term(text: str, noted: str | None, on: str) -> bool:
    """Whether a pregnancy noted in `text` would be past term by `on`."""
    match = _WEEKS_PREGNANT.search(text)
    if match is None or not noted:
        return False
    try:
        elapsed = (Date.fromisoformat(on) - Date.fromisoformat(noted)).days
    except ValueError:
        return False
    return int(match.group(1)) + elapsed // 7 > FULL_TERM_WEEKS


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


def untimed(cpt: str) -> bool:
    """Whether a CPT code is a supervised modality billed once per session, whatever its length
    (97010-97028: hot or cold packs, traction, unattended stimulation...), not in 15-minute units."""
    return cpt.isdigit() and 97010 <= int(cpt) <= 97028


def billing_units(minutes: int | None) -> int | None:
    """15-minute units of timed treatment by the CMS 8-minute rule: 8-22 minutes is one unit,
    23-37 two, and so on; under 8 minutes none."""
    if minutes is None:
        return None
    if minutes < 8:
        return 0
    return (minutes + 7) // 15
