"""A client profile: what a client's intake recorded, kept in a small YAML file.

health: [20 weeks pregnant, on warfarin]   # free text, as on the intake form
pressure: 2                                # the most pressure the client wants, 1..5
avoid_areas: [feet, abdomen]               # areas the client does not want worked
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from massage_match.errors import MassageMatchError
from massage_match.kb.lined_yaml import LineMap, load_yaml

PROFILE_FIELDS = ("health", "pressure", "avoid_areas")


class ProfileError(MassageMatchError):
    """The profile file cannot be used."""


class Profile(NamedTuple):
    health: tuple[str, ...] = ()
    pressure: int | None = None
    avoid_areas: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"health": list(self.health)}
        if self.pressure is not None:
            data["pressure"] = self.pressure
        if self.avoid_areas:
            data["avoid_areas"] = list(self.avoid_areas)
        return data


def _texts(data: LineMap, key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f"{path}:{data.key_lines.get(key, 1)}: {key} must be a list of text")
    return tuple(v.strip() for v in value)


def parse_profile(text: str, path: Path) -> Profile:
    data, problems = load_yaml(text, str(path))
    if problems:
        raise ProfileError(str(problems[0]))
    if data is None:
        return Profile()
    if not isinstance(data, LineMap):
        raise ProfileError(f"{path}:1: a profile is a mapping like 'health: [pregnant, on warfarin]'")
    for key in data:
        if key not in PROFILE_FIELDS:
            known = ", ".join(PROFILE_FIELDS)
            raise ProfileError(f"{path}:{data.key_lines[key]}: unknown field {key!r} (known: {known})")
    pressure = data.get("pressure")
    whole = isinstance(pressure, int) and not isinstance(pressure, bool)
    if pressure is not None and not (whole and 1 <= pressure <= 5):
        raise ProfileError(f"{path}:{data.key_lines['pressure']}: pressure must be a whole number from 1 to 5")
    return Profile(_texts(data, "health", path), pressure, _texts(data, "avoid_areas", path))


def load_profile(path: Path) -> Profile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"profile {path} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"profile {path} cannot be read: {exc}") from None
    return parse_profile(text, path)


def dump_profile(profile: Profile) -> str:
    header = "# massage-match client profile (see README: A client profile)\n"
    return header + yaml.safe_dump(profile.to_dict(), sort_keys=False, allow_unicode=True)


def write_profile_atomically(profile: Profile, path: Path, force: bool) -> None:
    """Write via a temporary file in the same folder, then rename: never a half-written profile."""
    if path.exists() and not force:
        raise ProfileError(f"{path} already exists; use --force to overwrite")
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(dump_profile(profile))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
