"""Reading a red flag's rule out of YAML into the nested tuples the model keeps (model.Rule).

    when:
      any:
        - saddle-numbness                         # a concept, in any of the client's texts
        - all: [bladder-trouble, {complaint: back-complaint}]
        - {same_clause: [both-legs, leg-nerve-pain]}
        - all: [{fact: age >= 50}, minor-trauma, {not: no-injury}]

Every concept a rule names is returned with its line, so the loader can report the unknown ones.
"""

from __future__ import annotations

import re
from typing import Any

from massage_match.kb.fields import FieldReader
from massage_match.kb.lined_yaml import LineList, LineMap, line_of
from massage_match.model import COMPARISONS, FACTS, Rule, finds_something

_FACT = re.compile(r"^\s*([a-z_]+)\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_GROUPS = ("all", "any")
_LEAVES = ("complaint", "fact", "same_clause", "not")
# Deeper than any clinical rule needs; a crafted file cannot make the reader recurse without end.
MAX_RULE_DEPTH = 12


class RuleReader:
    """Reads one rule tree, recording problems on the FieldReader and the concepts it names."""

    def __init__(self, r: FieldReader, where: str):
        self.r = r
        self.where = where
        self.concepts: list[tuple[str, int]] = []

    def read(self, value: Any, line: int, depth: int = 0) -> Rule | None:
        line = line_of(value, line) or line
        if depth > MAX_RULE_DEPTH:
            self.r.error(line, f"{self.where}: the rule nests deeper than {MAX_RULE_DEPTH} levels")
            return None
        if isinstance(value, str) and value.strip():
            self.concepts.append((value.strip(), line))
            return ("concept", value.strip())
        if not isinstance(value, LineMap) or len(value) != 1:
            self.r.error(
                line,
                f"{self.where}: a rule is a concept id or a mapping with one of {', '.join(_GROUPS + _LEAVES)}",
            )
            return None
        ((key, body),) = value.items()
        line = value.key_lines.get(key, line)
        if key in _GROUPS:
            return self._group(key, body, line, depth)
        if key == "not":
            inner = self.read(body, line, depth + 1)
            return None if inner is None else ("not", inner)
        if key == "complaint":
            if not isinstance(body, str) or not body.strip():
                self.r.error(line, f"{self.where}: complaint names one concept id")
                return None
            self.concepts.append((body.strip(), line))
            return ("complaint", body.strip())
        if key == "fact":
            return self.read_fact(body, line)
        if key == "same_clause":
            ids = body if isinstance(body, LineList) else None
            if not ids or len(ids) < 2 or not all(isinstance(i, str) and i.strip() for i in ids):
                self.r.error(line, f"{self.where}: same_clause lists two or more concept ids")
                return None
            self.concepts.extend((i.strip(), line) for i in ids)
            return ("same_clause", *(i.strip() for i in ids))
        self.r.error(line, f"{self.where}: unknown rule {key!r} (one of {', '.join(_GROUPS + _LEAVES)})")
        return None

    def _group(self, key: str, body: Any, line: int, depth: int) -> Rule | None:
        if not isinstance(body, LineList) or not body:
            self.r.error(line, f"{self.where}: {key} must list at least one rule")
            return None
        items = zip(body.item_lines, body, strict=True)
        children = [self.read(item, item_line, depth + 1) for item_line, item in items]
        if any(c is None for c in children):
            return None
        return (key, *children)

    def read_fact(self, body: Any, line: int) -> Rule | None:
        found = _FACT.match(body) if isinstance(body, str) else None
        if found is None:
            self.r.error(line, f"{self.where}: a fact reads like 'age >= 50' (one of {', '.join(COMPARISONS)})")
            return None
        name, comparison, number = found.groups()
        if name not in FACTS:
            self.r.error(line, f"{self.where}: unknown fact {name!r} (one of {', '.join(FACTS)})")
            return None
        return ("fact", name, comparison, float(number))


def read_when(r: FieldReader, m: LineMap, where: str, key: str = "when") -> tuple[Rule | None, list[tuple[str, int]]]:
    """The rule under `key` (a flag's `when`, a condition's `criteria`) and the concepts it names
    (with lines)."""
    reader = RuleReader(r, where)
    if key not in m:
        return None, []
    line = r.line(m, key)
    rule = reader.read(m[key], line)
    if rule is not None and not finds_something(rule):
        r.error(line, f"{where}: the rule must require something present, not only absences")
        return None, reader.concepts
    return rule, reader.concepts
