"""Client profiles: parsed strictly, round-tripped, written atomically; intake with scripted answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from massage_match.client.intake import run_intake
from massage_match.client.profile import Profile, ProfileError, dump_profile, parse_profile, write_profile_atomically
from massage_match.kb import load_knowledge_base

from .conftest import run, run_json

KB = load_knowledge_base()
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s.strip()
)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, max_size=4), st.none() | st.integers(1, 5), st.lists(texts, max_size=3))
def test_profile_round_trip(health, pressure, areas) -> None:
    profile = Profile(tuple(health), pressure, tuple(areas))
    assert parse_profile(dump_profile(profile), Path("p.yaml")) == profile


@pytest.mark.parametrize(
    "text,message",
    [
        ("health: [x]\npressure: 9\n", "pressure must be a whole number from 1 to 5"),
        ("health: [x]\npressure: true\n", "pressure must be a whole number"),
        ("helth: [x]\n", "unknown field 'helth'"),
        ("- just a list\n", "a profile is a mapping"),
        ("health: [x\n", "malformed YAML"),
        ("health: {a: 1}\n", "health must be a list of text"),
    ],
)
def test_bad_profiles_are_refused_with_a_line(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(text, Path("p.yaml"))


def test_profile_preferences_limit_pressure_and_areas(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_text("health: []\npressure: 2\navoid_areas: [feet]\n", encoding="utf-8")
    data, _ = run_json("recommend", "-s", "lower back pain", "--profile", str(path))
    mods = {m["id"]: m for m in data[0]["modalities"]}
    assert mods["neuromuscular-therapy"]["status"] == "avoid"  # needs more than pressure 2
    assert "pressure at most 2 of 5 (client's preference)" in mods["swedish-massage"]["adjustments"]
    assert any("feet" in a for a in mods["swedish-massage"]["adjustments"])


def test_atomic_write_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    write_profile_atomically(Profile(("on warfarin",)), path, force=False)
    with pytest.raises(ProfileError, match="--force"):
        write_profile_atomically(Profile(), path, force=False)
    write_profile_atomically(Profile(("pregnant",)), path, force=True)
    assert parse_profile(path.read_text(encoding="utf-8"), path).health == ("pregnant",)
    assert [p.name for p in tmp_path.iterdir()] == ["client.yaml"], "no temporary file left behind"


def test_intake_asks_about_every_contraindication() -> None:
    asked: list[str] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return "Anticoagulant" in question

    answers = iter(["since 2019", "metformin", "", "3", "face"])
    profile = run_intake(KB, ask=lambda q: next(answers), confirm=confirm, say=lambda t: None)
    assert len(asked) == len(KB.contraindications)
    assert profile.health == ("Anticoagulant medication: since 2019", "metformin")
    assert profile.pressure == 3 and profile.avoid_areas == ("face",)


def test_intake_command_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    answers = "\n".join(["n"] * len(KB.contraindications) + ["on warfarin", "", "2", "feet, face"]) + "\n"
    result = run("intake", str(path), input=answers)
    assert result.exit_code == 0, result.output
    data, _ = run_json("recommend", "-s", "neck pain", "--profile", str(path))
    assert data[0]["health"][0]["id"] == "anticoagulants"
    again = run("intake", str(path), input=answers)
    assert again.exit_code == 2 and "--force" in again.stderr


def test_intake_stops_cleanly_when_input_ends(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    result = run("intake", str(path), input="n\nn\n")
    assert result.exit_code == 2
    assert "nothing was written" in result.stderr
    assert not path.exists()


def test_intake_refuses_a_missing_folder_before_asking(tmp_path: Path) -> None:
    result = run("intake", str(tmp_path / "nope" / "client.yaml"), input="")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_intake_asks_again_for_an_impossible_pressure() -> None:
    said: list[str] = []
    answers = iter(["", "light", "7", "2", ""])
    profile = run_intake(KB, ask=lambda q: next(answers), confirm=lambda q: False, say=said.append)
    assert profile.pressure == 2
    assert sum("not a whole number from 1 to 5" in s for s in said) == 2
