"""Pressure on Walton's 1-5 scale, in the words therapists use for it as well as the number."""

from __future__ import annotations

# Walton, Medical Conditions and Massage Therapy (2011): the name of each level.
PRESSURE_NAMES: dict[int, str] = {
    1: "light lotioning",
    2: "heavy lotioning",
    3: "moderate",
    4: "deep",
    5: "deepest",
}
# Other words for a level. "light" is read as the lightest level: a client asking for light
# pressure must never get more than they asked for.
_SYNONYMS: dict[str, int] = {
    "light": 1,
    "very light": 1,
    "lightest": 1,
    "medium": 3,
    "very deep": 5,
}
_WORDS: dict[str, int] = {**{name: level for level, name in PRESSURE_NAMES.items()}, **_SYNONYMS}


def pressure_label(level: int) -> str:
    """'2 of 5, heavy lotioning': the number and Walton's name for it."""
    name = PRESSURE_NAMES.get(level)
    return f"{level} of 5, {name}" if name else f"{level} of 5"


def parse_pressure(value: object) -> int | None:
    """The level a pressure names, from a whole number 1-5 (or its digit) or a level's name; None
    when it names none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in PRESSURE_NAMES else None
    if not isinstance(value, str):
        return None
    text = " ".join(value.lower().replace("-", " ").split())
    if text.isdigit():
        return int(text) if int(text) in PRESSURE_NAMES else None
    text = text.removesuffix(" pressure")
    return _WORDS.get(text)


def pressure_choices() -> str:
    """What parse_pressure accepts, for an error message."""
    return "a whole number from 1 to 5 or " + ", ".join(repr(name) for name in PRESSURE_NAMES.values())
