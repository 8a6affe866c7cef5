"""Client profiles: parsed strictly, round-tripped, written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from massage_match.client.profile import Profile, ProfileError, dump_profile, parse_profile, save_profile

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


def test_atomic_write_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    save_profile(Profile(("on warfarin",)), path, force=False)
    with pytest.raises(ProfileError, match="--force"):
        save_profile(Profile(), path, force=False)
    save_profile(Profile(("pregnant",)), path, force=True)
    assert parse_profile(path.read_text(encoding="utf-8"), path).health == ("pregnant",)
    assert [p.name for p in tmp_path.iterdir()] == ["client.yaml"], "no temporary file left behind"
