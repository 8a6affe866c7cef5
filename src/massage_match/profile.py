"""A client profile: the health terms a client's intake recorded, kept in a small YAML file.

health: [pregnant 20 weeks, on warfarin]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import MassageMatchError
from .yamlsource import LineMap, load_yaml

PROFILE_FIELDS = ("health",)


class ProfileError(MassageMatchError):
    """The profile file cannot be used."""


@dataclass(frozen=True)
class Profile:
    health: tuple[str, ...] = ()


def load_profile(path: Path) -> Profile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"profile {path} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"profile {path} cannot be read: {exc}") from None
    data, problems = load_yaml(text, str(path))
    if problems:
        raise ProfileError(str(problems[0]))
    if data is None:
        return Profile()
    if not isinstance(data, LineMap):
        raise ProfileError(f"{path}:1: a profile is a mapping like 'health: [pregnant, on warfarin]'")
    for key in data:
        if key not in PROFILE_FIELDS:
            raise ProfileError(f"{path}:{data.key_lines[key]}: unknown field {key!r} (known: health)")
    health = data.get("health") or []
    if isinstance(health, str):
        health = [health]
    if not isinstance(health, list) or not all(isinstance(h, str) and h.strip() for h in health):
        raise ProfileError(f"{path}:{data.key_lines.get('health', 1)}: health must be a list of text")
    return Profile(tuple(h.strip() for h in health))
