"""A client profile: what a client's intake recorded, kept in a small YAML file.

health: [20 weeks pregnant, on warfarin]   # free text, as on the intake form
pressure: 2                                # the most pressure the client wants: 1..5 or
                                           # Walton's words (light lotioning, heavy lotioning,
                                           # moderate or medium, deep, deepest)
avoid_areas: [feet, abdomen]               # areas the client does not want worked
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import yaml

from massage_match.errors import MassageMatchError
from massage_match.files import (
    FileExistsWriteError,
    FileReadError,
    FileWriteError,
    check_target,
    check_writable,
    read_regular_file,
    write_private_atomically,
)
from massage_match.kb.lined_yaml import LineMap, load_yaml
from massage_match.model.pressure import parse_pressure, pressure_choices

PROFILE_FIELDS = ("health", "pressure", "avoid_areas")
# A profile is a few lines typed at intake: these bounds leave room for any real one, and keep a
# crafted file (an alias bomb, /dev/zero) from costing more than a moment.
MAX_PROFILE_BYTES = 1024 * 1024
MAX_PROFILE_NODES = 10_000
MAX_PROFILE_DEPTH = 20


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
    data, problems = load_yaml(text, str(path), max_nodes=MAX_PROFILE_NODES, max_depth=MAX_PROFILE_DEPTH)
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
    given = data.get("pressure")
    pressure = parse_pressure(given)
    if given is not None and pressure is None:
        raise ProfileError(f"{path}:{data.key_lines['pressure']}: pressure must be {pressure_choices()}")
    return Profile(_texts(data, "health", path), pressure, _texts(data, "avoid_areas", path))


def load_profile(path: Path) -> Profile:
    try:
        raw = read_regular_file(path, MAX_PROFILE_BYTES)
    except FileReadError as exc:
        if exc.errno == errno.ENOENT:
            raise ProfileError(f"profile {path} not found") from None
        raise ProfileError(f"profile {path} cannot be read: {exc.reason}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError(f"{path}:{line}: not valid UTF-8 text (save the profile as UTF-8)") from None
    return parse_profile(text, path)


def clean_text(text: str) -> str:
    """`text` as it can be written in UTF-8: bytes a non-UTF-8 terminal passed through as surrogate
    escapes become the text they spell, or U+FFFD where they spell none. A NEL inside a text would be
    read back as a line break folded into a space: it is one now, so what is saved is what is read."""
    text = text.replace("\x85", " ")
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that no byte stands for
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def clean_profile(profile: Profile) -> Profile:
    return Profile(
        tuple(clean_text(h) for h in profile.health),
        profile.pressure,
        tuple(clean_text(a) for a in profile.avoid_areas),
    )


def dump_profile(profile: Profile) -> str:
    header = "# massage-match client profile (see README: A client profile)\n"
    return header + yaml.safe_dump(clean_profile(profile).to_dict(), sort_keys=False, allow_unicode=True)


def check_profile_target(path: Path, force: bool) -> None:
    """Refuse, before the questionnaire, a FILE that save_profile could not write: answers typed for
    nothing are lost. Raises ProfileError or FileWriteError (one line each)."""
    try:
        check_target(path, overwrite=force)
    except FileExistsWriteError:
        raise ProfileError(f"{path} already exists; use --force to overwrite") from None
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ProfileError(f"folder {folder} does not exist: nothing would be saved")
    check_writable(path)


def save_profile(profile: Profile, path: Path, force: bool, rescue: TextIO | None = None) -> None:
    """Write the profile atomically, owner-only, never through a link. If that fails, the profile is
    printed on `rescue` (stderr by default) so the answers can still be saved, then the one-line
    error is raised."""
    text = dump_profile(profile)
    try:
        write_private_atomically(path, text.encode("utf-8"), overwrite=force)
    except FileWriteError as exc:
        out = rescue if rescue is not None else sys.stderr
        out.write(f"massage-match: the profile was not saved; here it is, to keep:\n{text}")
        out.flush()
        if isinstance(exc, FileExistsWriteError):
            raise ProfileError(f"{path} already exists; use --force to overwrite") from None
        raise
