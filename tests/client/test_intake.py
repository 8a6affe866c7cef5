"""The intake interview with scripted answers: every contraindication asked about, bad answers asked again."""

from __future__ import annotations

from massage_match.client.intake import run_intake
from massage_match.model import KnowledgeBase


def test_intake_asks_about_every_contraindication(kb: KnowledgeBase) -> None:
    asked: list[str] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return "Anticoagulant" in question

    answers = iter(["since 2019", "metformin", "", "3", "face"])
    profile = run_intake(kb, ask=lambda q: next(answers), confirm=confirm, say=lambda t: None)
    assert len(asked) == len(kb.contraindications)
    assert profile.health == ("Anticoagulant medication: since 2019", "metformin")
    assert profile.pressure == 3 and profile.avoid_areas == ("face",)


def test_intake_asks_again_for_an_impossible_pressure(kb: KnowledgeBase) -> None:
    said: list[str] = []
    answers = iter(["", "hard as you like", "7", "2", ""])
    profile = run_intake(kb, ask=lambda q: next(answers), confirm=lambda q: False, say=said.append)
    assert profile.pressure == 2
    assert sum("not a whole number from 1 to 5" in s for s in said) == 2


def test_intake_takes_a_pressure_in_walton_s_words(kb: KnowledgeBase) -> None:
    answers = iter(["", "Medium", ""])
    profile = run_intake(kb, ask=lambda q: next(answers), confirm=lambda q: False, say=lambda t: None)
    assert profile.pressure == 3
