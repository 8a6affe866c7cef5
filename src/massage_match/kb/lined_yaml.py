"""Read YAML safely while keeping the line of every key and item, so problems can name them.

Only plain YAML is accepted: the composer builds a node tree and we construct the values ourselves,
so tags that would build Python objects never reach a constructor that could honour them.
"""

from __future__ import annotations

from typing import Any

import yaml

from massage_match.errors import Problem

try:  # libyaml's parser when present: several times faster on the shipped files
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_PLAIN_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class LineMap(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    def __init__(self, line: int = 1) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class LineList(list[Any]):
    """A list that remembers its own line and the line of each item (1-based)."""

    line: int
    item_lines: list[int]


def line_of(value: Any, default: int | None = None) -> int | None:
    return getattr(value, "line", default)


def load_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse `text`; return the value (LineMap/LineList/scalars) and every problem found."""
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(file, line, f"malformed YAML: {exc.problem or exc.context}"))
        return None, problems
    except yaml.YAMLError as exc:
        problems.append(Problem(file, None, f"malformed YAML: {exc}"))
        return None, problems
    if node is None:
        return None, problems
    constructor = yaml.constructor.SafeConstructor()
    return _build(node, file, problems, constructor), problems


def _build(node: yaml.Node, file: str, problems: list[Problem], constructor: Any) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP_TAG:
            problems.append(Problem(file, line, f"tag {node.tag!r} is not allowed: plain YAML only"))
            return None
        result = LineMap(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_SCALAR_TAGS:
                problems.append(Problem(file, key_line, "keys must be plain words"))
                continue
            key = str(key_node.value)
            if key in result.key_lines:
                problems.append(
                    Problem(file, key_line, f"duplicated key {key!r} (first at line {result.key_lines[key]})")
                )
                continue
            result.key_lines[key] = key_line
            result[key] = _build(value_node, file, problems, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            problems.append(Problem(file, line, f"tag {node.tag!r} is not allowed: plain YAML only"))
            return None
        items = LineList()
        items.line = line
        items.item_lines = []
        for item in node.value:
            items.item_lines.append(item.start_mark.line + 1)
            items.append(_build(item, file, problems, constructor))
        return items
    if node.tag not in _PLAIN_SCALAR_TAGS:
        problems.append(Problem(file, line, f"tag {node.tag!r} is not allowed: plain YAML only"))
        return None
    try:
        return constructor.construct_object(node)
    except yaml.YAMLError as exc:  # e.g. a malformed timestamp
        problems.append(Problem(file, line, f"unreadable value: {exc}"))
        return None
