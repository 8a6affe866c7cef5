"""Client profiles and the intake interview through the command line: --profile, `intake FILE`."""

from __future__ import annotations

from pathlib import Path

from massage_match.client.intake import questionnaire
from massage_match.client.profile import Profile, load_profile

from ..conftest import run, run_json


def test_profile_preferences_limit_pressure_and_areas(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_text("health: []\npressure: 2\navoid_areas: [feet]\n", encoding="utf-8")
    data, _ = run_json("recommend", "-s", "lower back pain", "--profile", str(path))
    mods = {m["id"]: m for m in data[0]["modalities"]}
    assert mods["neuromuscular-therapy"]["status"] == "avoid"  # needs more than pressure 2
    assert "pressure at most 2 of 5, heavy lotioning (client's preference)" in mods["swedish-massage"]["adjustments"]
    assert any("feet" in a for a in mods["swedish-massage"]["adjustments"])


def _answers(details: list[str], medicines: str, pressure: str, areas: str) -> str:
    """The typed answers, in the questionnaire's order: complaint, pain, goals, one y/n per health
    group (the first groups answered y, each followed by its details), medicines, pressure, areas,
    physician, consent."""
    groups = [answer for d in details for answer in ("y", d)] + ["n"] * (len(questionnaire().groups) - len(details))
    medicine = ["y", medicines] if medicines else ["n"]
    lines = ["stiff neck", "6", "", *groups, *medicine, pressure, areas, "Dr Lee", "y"]
    return "\n".join(lines) + "\n"


def test_intake_command_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    answers = _answers([], "on warfarin", "2", "feet, face")
    result = run("intake", str(path), input=answers)
    assert result.exit_code == 0, result.output
    assert load_profile(path) == Profile(("on warfarin",), 2, ("feet", "face"))
    data, _ = run_json("recommend", "-s", "neck pain", "--profile", str(path))
    assert data[0]["health"][0]["id"] == "anticoagulants"
    again = run("intake", str(path), input=answers)
    assert again.exit_code == 2 and "--force" in again.stderr


def test_intake_command_records_a_yes_with_its_details(tmp_path: Path) -> None:
    # the first group (heart and circulation) answered yes, its details as the client said them
    answers = _answers(["high blood pressure since 2015"], "", "medium", "")
    result = run("intake", input=answers)
    assert result.exit_code == 0, result.output
    assert "- high blood pressure since 2015\npressure: 3\n" in result.stdout


def test_intake_stops_cleanly_when_input_ends(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    result = run("intake", str(path), input="n\nn\n")
    assert result.exit_code == 2
    assert "nothing was written" in result.stderr
    assert not path.exists()


def test_intake_refuses_a_missing_folder_before_asking(tmp_path: Path) -> None:
    result = run("intake", str(tmp_path / "nope" / "client.yaml"), input="")
    assert result.exit_code == 2 and "does not exist" in result.stderr
