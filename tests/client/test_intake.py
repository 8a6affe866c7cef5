"""The intake interview with a scripted client: a short conversation in plain words, follow-ups only
after a yes, every contraindication asked about, bad answers asked again."""

from __future__ import annotations

import pytest
import yaml

from massage_match.client import intake as intake_module
from massage_match.client.intake import (
    QUESTIONS_FILE,
    Group,
    Questionnaire,
    parse_questionnaire,
    profile_of,
    questionnaire,
    run_intake,
)
from massage_match.client.profile import Profile
from massage_match.model import KnowledgeBase
from massage_match.records.model import Intake

TODAY = "2024-05-06"
Q = questionnaire()
WORDS = Q.wording
FOLLOW_UPS = {WORDS["follow_up"]} | {g.follow_up for g in (*Q.groups, Q.medicines) if g.follow_up}
# The contraindications' own words, that a client should never be asked in.
JARGON = (
    "contraindication",
    "lymphangitis",
    "thrombo",
    "anticoagulant",
    "antiplatelet",
    "corticosteroid",
    "immunosuppress",
    "metastas",
    "neuropathy",
    "intoxication",
    "myocardial",
    "nsaid",
)


class Client:
    """Answers each question by what it asks, as a person would, and counts every prompt.

    answers: free-text answers by wording key ("pain", "pressure", ...), taken in turn; Enter once
    they run out (pain: 0). yes: the groups answered yes, with the follow-up answer for each."""

    def __init__(self, answers: dict[str, list[str]] | None = None, yes: dict[str, str] | None = None) -> None:
        self.answers = {key: list(texts) for key, texts in (answers or {}).items()}
        self.yes = dict(yes or {})
        self.consent = True
        self.asked: list[str] = []  # every ask and confirm, in order
        self.said: list[str] = []
        self._pending: str | None = None  # the group whose follow-up may come next

    def ask(self, question: str) -> str:
        self.asked.append(question)
        if question in FOLLOW_UPS:
            assert self._pending is not None, f"a follow-up without a yes: {question!r}"
            group, self._pending = self._pending, None
            return self.yes[group]
        self._pending = None
        key = next(k for k, text in WORDS.items() if text == question)
        queue = self.answers.get(key) or []
        return queue.pop(0) if queue else ("0" if key == "pain" else "")

    def confirm(self, question: str) -> bool:
        self.asked.append(question)
        self._pending = None
        if question == WORDS["consent"]:
            return self.consent
        group = next((g for g in (*Q.groups, Q.medicines) if g.question == question), None)
        if group is None:  # the question about contraindications no group covers
            return "others" in self.yes and self._answer_yes("others")
        return group.id in self.yes and self._answer_yes(group.id)

    def _answer_yes(self, group: str) -> bool:
        self._pending = group
        return True

    def intake(self, kb: KnowledgeBase) -> Intake:
        return run_intake(kb, self.ask, self.confirm, self.said.append, today=TODAY)

    def follow_ups(self) -> list[str]:
        return [q for q in self.asked if q in FOLLOW_UPS]


FIVE_YES = {
    "heart": "high blood pressure since 2015",
    "clots": "a clot in my left calf in 2019",
    "bones": "hip replaced last year",
    "pregnancy": "20 weeks, all fine so far",
    "medicines": "warfarin and amlodipine",
}


def test_a_client_with_nothing_to_report_answers_at_most_25_prompts(kb: KnowledgeBase) -> None:
    client = Client({"complaint": ["my neck is stiff from the desk"], "pain": ["4"], "goals": ["turn my head"]})
    result = client.intake(kb)
    assert len(client.asked) <= 25, client.asked
    assert client.follow_ups() == []
    assert result == Intake(
        complaint="my neck is stiff from the desk",
        pain=4,
        goals="turn my head",
        health=(),
        pressure=None,
        avoid_areas=(),
        physician=None,
        consent=True,
        date=TODAY,
    )


def test_the_conversation_goes_complaint_pain_goals_health_then_preferences_and_consent(kb: KnowledgeBase) -> None:
    client = Client()
    client.intake(kb)
    groups = [g.question for g in Q.groups]
    assert client.asked == [
        WORDS["complaint"],
        WORDS["pain"],
        WORDS["goals"],
        *groups,
        Q.medicines.question,
        WORDS["pressure"],
        WORDS["avoid"],
        WORDS["physician"],
        WORDS["consent"],
    ]


def test_a_follow_up_comes_only_after_a_yes_and_its_answer_is_kept_as_said(kb: KnowledgeBase) -> None:
    client = Client(yes={"clots": "a clot in my left calf in 2019"})
    result = client.intake(kb)
    clots = next(g for g in Q.groups if g.id == "clots")
    assert client.follow_ups() == [WORDS["follow_up"]]
    assert client.asked[client.asked.index(clots.question) + 1] == WORDS["follow_up"]
    assert result.health == ("a clot in my left calf in 2019",)


def test_a_yes_without_details_keeps_the_group_s_plain_label(kb: KnowledgeBase) -> None:
    client = Client(yes={"heart": "", "pregnancy": "none", "medicines": "on warfarin"})
    result = client.intake(kb)
    labels = {g.id: g.label for g in Q.groups}
    assert result.health == (labels["heart"], labels["pregnancy"], "on warfarin")


def test_five_yes_answers_take_far_fewer_prompts_than_the_old_63(kb: KnowledgeBase) -> None:
    client = Client(yes=FIVE_YES)
    result = client.intake(kb)
    assert len(client.asked) <= 35, len(client.asked)
    assert len(client.follow_ups()) == 5
    assert result.health == tuple(FIVE_YES.values())


def test_the_answers_read_by_the_screening(kb: KnowledgeBase) -> None:
    result = Client(yes=FIVE_YES, answers={"pressure": ["2"], "avoid": ["feet, face"]}).intake(kb)
    assert profile_of(result) == Profile(tuple(FIVE_YES.values()), 2, ("feet", "face"))


def test_an_impossible_pain_score_is_asked_again(kb: KnowledgeBase) -> None:
    client = Client({"pain": ["", "lots", "11", "-1", "7/10"]})
    assert client.intake(kb).pain == 7
    assert client.asked.count(WORDS["pain"]) == 5
    assert sum("not a whole number from 0 to 10" in s for s in client.said) == 4


def test_an_impossible_pressure_is_asked_again(kb: KnowledgeBase) -> None:
    client = Client({"pressure": ["hard as you like", "7", "2"]})
    assert client.intake(kb).pressure == 2
    assert sum("not a whole number from 1 to 5" in s for s in client.said) == 2


@pytest.mark.parametrize(("said", "level"), [("Medium", 3), ("light", 1), ("deep pressure", 4), ("", None)])
def test_pressure_in_walton_s_words_or_enter_for_no_preference(kb: KnowledgeBase, said: str, level: int | None) -> None:
    assert Client({"pressure": [said]}).intake(kb).pressure == level


def test_consent_and_physician_are_recorded(kb: KnowledgeBase) -> None:
    client = Client({"physician": ["Dr Jones, High Street Surgery"]})
    client.consent = False
    result = client.intake(kb)
    assert result.physician == "Dr Jones, High Street Surgery"
    assert result.consent is False and result.date == TODAY
    assert Client().intake(kb).consent is True


def test_none_typed_for_enter_is_not_kept_as_an_answer(kb: KnowledgeBase) -> None:
    result = Client({"avoid": ["None"], "physician": ["n/a"], "goals": ["no"]}).intake(kb)
    assert (result.avoid_areas, result.physician, result.goals) == ((), None, None)


def test_answers_from_a_non_utf8_terminal_are_cleaned(kb: KnowledgeBase) -> None:
    # what input() gives for the bytes "caf\xc3\xa9" and "\xff" when the locale is not UTF-8
    client = Client({"complaint": ["caf\udcc3\udca9"], "avoid": ["feet, \ud800x"]}, yes={"skin": "broken \udcff byte"})
    result = client.intake(kb)
    assert result.complaint == "café"
    assert result.health == ("broken \ufffd byte",)
    assert result.avoid_areas == ("feet", "\ufffdx")


def test_no_question_is_in_the_knowledge_base_s_jargon(kb: KnowledgeBase) -> None:
    client = Client(yes=dict.fromkeys([g.id for g in Q.groups] + ["medicines"], "x"))
    client.intake(kb)
    verbatim = {f"{c.name}?".casefold() for c in kb.contraindications}
    for question in client.asked:
        assert question.strip().casefold() not in verbatim, question
        assert not any(word in question.casefold() for word in JARGON), question


def test_blood_pressure_medicine_is_not_asked_about_twice(kb: KnowledgeBase) -> None:
    client = Client()
    client.intake(kb)
    assert sum("blood pressure" in q.casefold() for q in client.asked) == 1


def test_every_contraindication_is_asked_about_and_every_covered_id_exists(kb: KnowledgeBase) -> None:
    ids = {c.id for c in kb.contraindications}
    assert ids - Q.covered == set(), "never asked about"
    assert Q.covered - ids == set(), "not in the knowledge base"
    group_ids = [g.id for g in (*Q.groups, Q.medicines)]
    assert len(group_ids) == len(set(group_ids))


def test_the_questionnaire_file_ships_in_the_package_and_loads_with_safe_load() -> None:
    path = intake_module.resources.files("massage_match.client").joinpath(QUESTIONS_FILE)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data["groups"]
    assert parse_questionnaire(path.read_text(encoding="utf-8")) == Q
    assert WORDS["pain_again"].format(answer="x") and WORDS["pressure_again"].format(answer="x", choices="y")


def test_a_contraindication_no_group_covers_is_still_asked_about(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as with a knowledge base of the user's own that adds a contraindication
    heart = next(g for g in Q.groups if g.id == "heart")
    fewer = Questionnaire(Q.wording, tuple(g for g in Q.groups if g is not heart), Q.medicines, Q.empty_answers)
    monkeypatch.setattr(intake_module, "questionnaire", lambda: fewer)
    client = Client(yes={"others": ""})
    result = client.intake(kb)
    names = [c.name for c in kb.contraindications if c.id in heart.covers]
    (others,) = [q for q in client.asked if q.startswith("Any of these:")]
    assert all(name in others for name in names)
    assert result.health == (", ".join(names),)


def test_a_malformed_questionnaire_is_one_clear_error() -> None:
    with pytest.raises(intake_module.QuestionnaireError, match="covers"):
        parse_questionnaire(
            "questions: {"
            + ", ".join(f"{k}: x" for k in intake_module.WORDING_KEYS)
            + "}\ngroups: [{id: a, question: q, label: l, covers: nope}]\n"
        )
    assert isinstance(Q.medicines, Group)
