"""Knowledge-base entries as plain values and back, field by field, by name.

Parts must hold only builtins (the store is read with `marshal`, which builds values and runs no
code), so each entry is kept as its type's name and a mapping of its fields. Decoding looks the
name up among the model's own types only and fills fields by name: a field added to a model type
needs no change here, and a part written before the field existed reads with its default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from massage_match.model.knowledge import (
    Adjustments,
    Concept,
    Condition,
    Contraindication,
    Link,
    Modality,
    Plan,
    RedFlag,
    Vocabulary,
)

# A plain tuple never starts with this string, so an encoded entry cannot be mistaken for one.
_TAG = "massage-match:entry"
_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (Adjustments, Concept, Condition, Contraindication, Link, Modality, Plan, RedFlag, Vocabulary)
}


def to_plain(value: Any) -> Any:
    """`value` (entries, tuples, sets, mappings, scalars) as builtins only."""
    fields = getattr(value, "_fields", None)
    if isinstance(value, tuple) and fields is not None:
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise TypeError(f"not a knowledge-base type: {name}")
        return (_TAG, name, {f: to_plain(getattr(value, f)) for f in fields})
    if isinstance(value, tuple):
        return tuple(to_plain(v) for v in value)
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def from_plain(value: Any) -> Any:
    """The inverse of to_plain. Raises TypeError or ValueError on a value of the wrong shape."""
    if isinstance(value, tuple):
        if len(value) == 3 and value[0] == _TAG:
            cls = _TYPES.get(value[1])
            if cls is None or not isinstance(value[2], dict):
                raise ValueError(f"unknown entry type {value[1]!r}")
            return cls(**{k: from_plain(v) for k, v in value[2].items()})
        return tuple(from_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: from_plain(v) for k, v in value.items()}
    return value
