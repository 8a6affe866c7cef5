"""The intake questionnaire: the client's complaint, pain and goals, then their health one body
system at a time, in plain words, then preferences and consent.

The wording and which contraindications each question covers are data (intake_questions.yaml), so
the questions can be reworded without touching this code, and a test can prove that every
contraindication in the knowledge base is asked about. Kept apart from the CLI so it can be driven
by any prompt functions (Rich at the terminal, scripted answers in tests).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

from massage_match.client.profile import Profile, clean_text
from massage_match.errors import MassageMatchError
from massage_match.model import KnowledgeBase
from massage_match.model.pressure import parse_pressure, pressure_choices
from massage_match.records.model import Intake

Ask = Callable[[str], str]  # a free-text question -> the answer ("" for none)
Confirm = Callable[[str], bool]  # a yes/no question (default no) -> the answer

QUESTIONS_FILE = "intake_questions.yaml"
WORDING_KEYS = (
    "complaint",
    "pain",
    "pain_again",
    "goals",
    "health_heading",
    "follow_up",
    "pressure",
    "pressure_again",
    "avoid",
    "physician",
    "consent",
    "others",
)
_PAIN = re.compile(r"(\d{1,2})(?:\s*/\s*10)?", re.ASCII)


class QuestionnaireError(MassageMatchError):
    """The questionnaire file shipped with the package is malformed: a packaging bug."""


class Group(NamedTuple):
    """One yes/no question about a body system, with the follow-up that a yes brings."""

    id: str
    question: str
    label: str  # kept when a yes gets no details, so the yes is not lost
    covers: tuple[str, ...]  # contraindication ids the question asks about
    follow_up: str | None = None  # None: the questionnaire's default follow-up


class Questionnaire(NamedTuple):
    wording: dict[str, str]
    groups: tuple[Group, ...]
    medicines: Group
    empty_answers: frozenset[str]

    @property
    def covered(self) -> frozenset[str]:
        return frozenset(i for g in (*self.groups, self.medicines) for i in g.covers)


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise QuestionnaireError(f"{QUESTIONS_FILE}: {where}: {key} must be text")
    return value


def _group(data: object, where: str) -> Group:
    if not isinstance(data, dict):
        raise QuestionnaireError(f"{QUESTIONS_FILE}: {where} must be a mapping")
    covers = data.get("covers")
    if not isinstance(covers, list) or not all(isinstance(c, str) for c in covers):
        raise QuestionnaireError(f"{QUESTIONS_FILE}: {where}: covers must be a list of contraindication ids")
    follow_up = _text(data, "follow_up", where) if "follow_up" in data else None
    label = _text(data, "label", where)
    return Group(_text(data, "id", where), _text(data, "question", where), label, tuple(covers), follow_up)


def parse_questionnaire(text: str) -> Questionnaire:
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
        raise QuestionnaireError(f"{QUESTIONS_FILE}: a mapping with questions, groups and medicines expected")
    wording = {key: _text(data["questions"], key, "questions") for key in WORDING_KEYS}
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise QuestionnaireError(f"{QUESTIONS_FILE}: groups must be a list")
    empty = data.get("empty_answers") or []
    if not isinstance(empty, list) or not all(isinstance(e, str) for e in empty):
        raise QuestionnaireError(f"{QUESTIONS_FILE}: empty_answers must be a list of text")
    return Questionnaire(
        wording,
        tuple(_group(g, f"groups[{n}]") for n, g in enumerate(groups)),
        _group(data.get("medicines"), "medicines"),
        frozenset(e.casefold() for e in empty),
    )


@cache
def questionnaire() -> Questionnaire:
    """The questionnaire shipped in the package (read once)."""
    return parse_questionnaire(resources.files(__package__).joinpath(QUESTIONS_FILE).read_text(encoding="utf-8"))


def _uncovered(kb: KnowledgeBase, q: Questionnaire) -> Iterable[Group]:
    # A knowledge base of the user's own may add contraindications that no plain-words question
    # covers: they are asked about by name rather than never asked about.
    names = [c.name for c in kb.contraindications if c.id not in q.covered]
    if names:
        yield Group("others", q.wording["others"].format(names=", ".join(names)), ", ".join(names), ())


def _pain(text: str) -> int | None:
    found = _PAIN.fullmatch(text)
    return int(found.group(1)) if found and int(found.group(1)) <= 10 else None


def run_intake(kb: KnowledgeBase, ask: Ask, confirm: Confirm, say: Callable[[str], None], *, today: str) -> Intake:
    q = questionnaire()
    words = q.wording

    def reply(question: str) -> str:
        # A terminal that is not UTF-8 hands us surrogate escapes: cleaned here, so what is kept is
        # what a file of it reads back.
        text = clean_text(ask(question)).strip()
        return "" if text.casefold() in q.empty_answers else text

    complaint = reply(words["complaint"]) or None
    while True:  # a pain score is compared visit to visit: a guess at a typo would corrupt the chart
        pain_text = reply(words["pain"])
        pain = _pain(pain_text)
        if pain is not None:
            break
        say(words["pain_again"].format(answer=pain_text))
    goals = reply(words["goals"]) or None

    say(words["health_heading"])
    health = [
        reply(group.follow_up or words["follow_up"]) or group.label  # only a yes brings the follow-up
        for group in (*q.groups, *_uncovered(kb, q), q.medicines)
        if confirm(group.question)
    ]

    pressure: int | None = None
    while True:  # a client who asked for light pressure must not silently get no limit
        pressure_text = reply(words["pressure"])
        if not pressure_text:
            break
        pressure = parse_pressure(pressure_text)
        if pressure is not None:
            break
        say(words["pressure_again"].format(answer=pressure_text, choices=pressure_choices()))
    areas_text = reply(words["avoid"])
    areas = tuple(a.strip() for a in areas_text.split(",") if a.strip())
    physician = reply(words["physician"]) or None
    consent = confirm(words["consent"])
    return Intake(
        complaint=complaint,
        pain=pain,
        goals=goals,
        health=tuple(health),
        pressure=pressure,
        avoid_areas=areas,
        physician=physician,
        consent=consent,
        date=today,
    )


def profile_of(intake: Intake) -> Profile:
    """What the screening reads of an intake: the client profile `intake FILE` saves."""
    return Profile(intake.health, intake.pressure, intake.avoid_areas)
