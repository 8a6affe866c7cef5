"""Where a built knowledge base's parts are read from: memory, or the store on disk.

Everything built from the knowledge base (its entries, the phrase indexes, the red-flag index, the
spelling repairer) is a set of named parts of plain values, built once by one function each. The
readers (KnowledgeBase, PhraseIndex, Matcher, ...) take any `Parts` and read what a call needs: a
fresh build hands them its values in memory, a later call the same values from the store. So each
index has one builder and one reader, whichever way its parts arrive.
"""

from __future__ import annotations

from typing import Any, Protocol

# A table is a section whose values are read one key at a time (a word's posting, an entry by id).
Sections = dict[str, Any]
Tables = dict[str, dict[Any, Any]]


class Parts(Protocol):
    def section(self, name: str) -> Any:
        """A whole named part (raises KeyError when there is none)."""
        ...

    def record(self, table: str, key: Any) -> Any | None:
        """One value of a table, or None when the table has no such key."""
        ...


class MemoryParts:
    """Parts held as values: what a fresh build produces, and what the store writes."""

    def __init__(self, sections: Sections | None = None, tables: Tables | None = None):
        self.sections: Sections = dict(sections or {})
        self.tables: Tables = dict(tables or {})

    def section(self, name: str) -> Any:
        return self.sections[name]

    def record(self, table: str, key: Any) -> Any | None:
        return self.tables[table].get(key)

    def update(self, other: MemoryParts) -> MemoryParts:
        """These parts and `other`'s together (names must not clash: each builder owns its prefix)."""
        clash = (self.sections.keys() & other.sections.keys()) | (self.tables.keys() & other.tables.keys())
        if clash:
            raise ValueError(f"parts built twice: {sorted(clash)}")
        self.sections.update(other.sections)
        self.tables.update(other.tables)
        return self
