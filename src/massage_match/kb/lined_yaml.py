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


# Bounds on what one document may build. Aliases let a few hundred bytes stand for billions of values
# ("billion laughs"): every value built is counted, each expansion of an alias included. The budget
# grows with the text (the shipped files build about one value per 9 bytes; a quarter of the size
# leaves room), so aliases buy at most a constant factor over a file written out in full.
MAX_NODES = 1_000_000
NODES_PER_BYTE = 1 / 4
MAX_DEPTH = 100
# Texts longer than this are counted event by event before they are composed (see _crowded_line).
COUNT_FIRST_ABOVE = 1 << 20
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CONSTRUCTION_ERRORS = (yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError)


class _TooMany(Exception):
    """Raised out of the builder once the node budget is spent: nothing it built is kept."""


def load_yaml(
    text: str, file: str, *, max_nodes: int | None = None, max_depth: int = MAX_DEPTH
) -> tuple[Any, list[Problem]]:
    """Parse `text`; return the value (LineMap/LineList/scalars) and every problem found.

    At most `max_nodes` values are built (each use of an alias counts again; by default MAX_NODES or
    NODES_PER_BYTE of the text, the larger) and nesting goes at most `max_depth` deep; past either, the
    document is refused with a located problem."""
    if max_nodes is None:
        max_nodes = max(MAX_NODES, int(len(text) * NODES_PER_BYTE))
    problems: list[Problem] = []
    if len(text) > COUNT_FIRST_ABOVE:
        crowded = _crowded_line(text, max_nodes)
        if crowded is not None:
            return None, [Problem(file, crowded, f"more than {max_nodes:,} values: too large to read")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(file, line, f"malformed YAML: {_one_line(exc.problem or exc.context)}"))
        return None, problems
    except yaml.YAMLError as exc:
        problems.append(Problem(file, None, f"malformed YAML: {_one_line(exc)}"))
        return None, problems
    except RecursionError:  # the pure-Python composer recurses once per level (libyaml stops at 1000)
        problems.append(Problem(file, None, f"nested more than {max_depth} levels deep"))
        return None, problems
    finally:
        loader.dispose()
    if node is None:
        return None, problems
    builder = _Builder(file, problems, max_nodes, max_depth)
    try:
        return builder.build(node, 1), problems
    except _TooMany as exc:
        message = f"more than {max_nodes:,} values from here on (an alias expanding without end?)"
        return None, [Problem(file, exc.args[0], message)]


def _crowded_line(text: str, max_nodes: int) -> int | None:
    """The line where the document's values pass `max_nodes`, counted from the parser's events one at
    a time (nothing kept), or None. Composing keeps every node at once, about 160 bytes of memory per
    byte of text: a large file is counted first, so it is refused in bounded memory."""
    left = max_nodes
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, _VALUE_EVENTS):
                left -= 1
                if left < 0:
                    mark = event.start_mark
                    return mark.line + 1 if mark is not None else 1
    except yaml.YAMLError:
        return None  # reported, with its line, by the composer
    return None


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


class _Builder:
    def __init__(self, file: str, problems: list[Problem], max_nodes: int, max_depth: int):
        self.file = file
        self.problems = problems
        self.left = max_nodes
        self.max_depth = max_depth
        self.open: set[int] = set()  # the collections being built: an alias back to one of them is a cycle
        self.entry_line = 1  # where a runaway expansion is reported
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def build(self, node: yaml.Node, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.left -= 1
        if self.left < 0:
            raise _TooMany(self.entry_line)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, line)
        if depth > self.max_depth:
            self.problem(line, f"nested more than {self.max_depth} levels deep")
            return None
        if depth <= 3 and line > self.entry_line:
            self.entry_line = line  # aliases go back to earlier lines: the furthest entry reached is the culprit
        if id(node) in self.open:
            self.problem(line, "an alias that contains itself (recursive alias)")
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, line, depth)
            if isinstance(node, yaml.SequenceNode):
                return self.sequence(node, line, depth)
        finally:
            self.open.discard(id(node))
        self.problem(line, "unexpected YAML node")  # pragma: no cover - the composer makes only these three
        return None

    def mapping(self, node: yaml.MappingNode, line: int, depth: int) -> Any:
        if node.tag != _MAP_TAG:
            self.problem(line, f"tag {node.tag!r} is not allowed: plain YAML only")
            return None
        result = LineMap(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            self.left -= 1
            if self.left < 0:
                raise _TooMany(self.entry_line)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_SCALAR_TAGS:
                self.problem(key_line, "keys must be plain words")
                continue
            key = str(key_node.value)
            if key in result.key_lines:
                self.problem(key_line, f"duplicated key {key!r} (first at line {result.key_lines[key]})")
                continue
            result.key_lines[key] = key_line
            result[key] = self.build(value_node, depth + 1)
        return result

    def sequence(self, node: yaml.SequenceNode, line: int, depth: int) -> Any:
        if node.tag != _SEQ_TAG:
            self.problem(line, f"tag {node.tag!r} is not allowed: plain YAML only")
            return None
        items = LineList()
        items.line = line
        items.item_lines = []
        for item in node.value:
            items.item_lines.append(item.start_mark.line + 1)
            items.append(self.build(item, depth + 1))
        return items

    def scalar(self, node: yaml.ScalarNode, line: int) -> Any:
        if node.tag not in _PLAIN_SCALAR_TAGS:
            self.problem(line, f"tag {node.tag!r} is not allowed: plain YAML only")
            return None
        try:
            return self.constructor.construct_object(node)
        except _CONSTRUCTION_ERRORS as exc:  # a date like 2024-02-30, a 5,000-digit number...
            self.problem(line, f"unreadable value {_excerpt(node.value)}: {_one_line(exc)}")
            return None


def _excerpt(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")
