"""Field-by-field checks of parsed YAML, collecting every problem with its file and line."""

from __future__ import annotations

import difflib
from typing import Any

from massage_match.errors import Problem
from massage_match.kb.lined_yaml import LineList, LineMap, line_of


class FieldReader:
    """Reads typed fields out of LineMaps, recording a located Problem for each one that is wrong."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def error(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def mapping(self, value: Any, where: str, line: int | None) -> LineMap | None:
        if not isinstance(value, LineMap):
            self.error(line_of(value, line), f"{where} must be a mapping")
            return None
        return value

    def items(self, value: Any, where: str, line: int | None) -> list[tuple[int, Any]]:
        """The items of a list with their lines; a missing or non-list value is reported."""
        if not isinstance(value, LineList):
            self.error(line_of(value, line), f"{where} must be a list")
            return []
        return list(zip(value.item_lines, value, strict=True))

    def known_keys(self, m: LineMap, where: str, required: set[str], optional: set[str]) -> None:
        allowed = required | optional
        for key in m:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.error(m.key_lines[key], f"{where}: unknown field {key!r}{hint}")
        for key in sorted(required - set(m)):
            self.error(m.line, f"{where}: missing field {key!r}")

    def line(self, m: LineMap, key: str) -> int:
        return m.key_lines.get(key, m.line)

    def text(self, m: LineMap, key: str, where: str, required: bool = True) -> str | None:
        value = m.get(key)
        if value is None:
            if required and key in m:
                self.error(self.line(m, key), f"{where}: {key} must not be empty")
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(self.line(m, key), f"{where}: {key} must be non-empty text")
            return None
        return value.strip()

    def integer(self, m: LineMap, key: str, where: str, low: int, high: int) -> int | None:
        value = m.get(key)
        if value is None and key not in m:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(self.line(m, key), f"{where}: {key} must be a whole number from {low} to {high}")
            return None
        if not low <= value <= high:
            self.error(self.line(m, key), f"{where}: {key} {value} is outside {low}..{high}")
            return None
        return value

    def text_list(self, m: LineMap, key: str, where: str, min_items: int = 0) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            if min_items and key in m:
                self.error(self.line(m, key), f"{where}: {key} needs at least {min_items} item(s)")
            return ()
        result: list[str] = []
        for line, item in self.items(value, f"{where}: {key}", self.line(m, key)):
            if isinstance(item, bool):
                self.error(line, f"{where}: an item of {key} reads as true/false: quote words like 'no' or 'on'")
                continue
            if not isinstance(item, str | int | float) or not str(item).strip():
                self.error(line, f"{where}: every item of {key} must be non-empty text")
                continue
            result.append(str(item).strip())
        if len(result) < min_items:
            self.error(self.line(m, key), f"{where}: {key} needs at least {min_items} item(s)")
        return tuple(result)
