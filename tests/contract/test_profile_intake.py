"""Client profiles and the intake interview through the command line: --profile, `intake FILE`."""

from __future__ import annotations

from pathlib import Path

from massage_match.model import KnowledgeBase

from ..conftest import run, run_json


def test_profile_preferences_limit_pressure_and_areas(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_text("health: []\npressure: 2\navoid_areas: [feet]\n", encoding="utf-8")
    data, _ = run_json("recommend", "-s", "lower back pain", "--profile", str(path))
    mods = {m["id"]: m for m in data[0]["modalities"]}
    assert mods["neuromuscular-therapy"]["status"] == "avoid"  # needs more than pressure 2
    assert "pressure at most 2 of 5, heavy lotioning (client's preference)" in mods["swedish-massage"]["adjustments"]
    assert any("feet" in a for a in mods["swedish-massage"]["adjustments"])


def test_intake_command_end_to_end(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "client.yaml"
    answers = "\n".join(["n"] * len(kb.contraindications) + ["on warfarin", "", "2", "feet, face"]) + "\n"
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
