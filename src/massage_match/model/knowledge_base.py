"""The knowledge base as one object with lookups by id, read from its parts on demand.

A call answered from the store reads the handful of entries it uses, not the whole knowledge base
(which matters once a clinic's knowledge base is large); a listing reads them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from massage_match.model.codec import from_plain, to_plain
from massage_match.model.knowledge import Concept, Condition, Contraindication, Modality, RedFlag, Vocabulary
from massage_match.model.parts import MemoryParts, Parts

_CONDITIONS, _MODALITIES, _CONTRAINDICATIONS = "kb.conditions", "kb.modalities", "kb.contraindications"
_RED_FLAGS, _CONCEPTS = "kb.red_flags", "kb.concepts"
_TABLES = (_CONDITIONS, _MODALITIES, _CONTRAINDICATIONS, _RED_FLAGS, _CONCEPTS)


def knowledge_parts(
    conditions: Sequence[Condition],
    modalities: Sequence[Modality],
    contraindications: Sequence[Contraindication],
    red_flags: Sequence[RedFlag],
    vocabulary: Vocabulary,
    known_words: frozenset[str] = frozenset(),
    concepts: Sequence[Concept] = (),
) -> MemoryParts:
    """The entries as parts: one record per entry, by id, and their order.

    `known_words` (everyday English, thousands of words) is a part of its own: only building the
    indexes reads it, so a call answered from the store never pays for it."""
    entries: tuple[Sequence[Any], ...] = (conditions, modalities, contraindications, red_flags, concepts)
    return MemoryParts(
        {
            "kb.vocabulary": to_plain(vocabulary),
            "kb.known_words": frozenset(known_words),
            "kb.order": tuple(tuple(x.id for x in part) for part in entries),
        },
        {table: {x.id: to_plain(x) for x in part} for table, part in zip(_TABLES, entries, strict=True)},
    )


class KnowledgeBase:
    """The whole knowledge base. Treated as immutable; every entry is decoded once, when first used."""

    def __init__(self, parts: Parts, source: str, digest: str):
        self.parts = parts
        self.source = source  # where it was loaded from, for messages
        self.digest = digest  # identifies this knowledge base's files (store keys, reports)
        self._entries: dict[tuple[str, str], Any] = {}

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return _checked(from_plain(self.parts.section("kb.vocabulary")), Vocabulary)

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Everyday words: real words, never "corrected" into a medical term, weighing little."""
        return frozenset(self.parts.section("kb.known_words"))

    @cached_property
    def _order(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(ids) for ids in self.parts.section("kb.order"))

    @cached_property
    def concepts(self) -> tuple[Concept, ...]:
        return tuple(self.concept(i) for i in self._order[4])

    @cached_property
    def red_flags(self) -> tuple[RedFlag, ...]:
        return tuple(self.red_flag(i) for i in self._order[3])

    @cached_property
    def conditions(self) -> tuple[Condition, ...]:
        return tuple(self.condition(i) for i in self._order[0])

    @cached_property
    def modalities(self) -> tuple[Modality, ...]:
        return tuple(self.modality(i) for i in self._order[1])

    @cached_property
    def contraindications(self) -> tuple[Contraindication, ...]:
        return tuple(self.contraindication(i) for i in self._order[2])

    def _entry(self, table: str, id: str, cls: type) -> Any:
        key = (table, id)
        found = self._entries.get(key)
        if found is None:
            stored = self.parts.record(table, id)
            if stored is None:
                raise KeyError(id)
            found = self._entries[key] = _checked(from_plain(stored), cls)
        return found

    def condition(self, id: str) -> Condition:
        entry: Condition = self._entry(_CONDITIONS, id, Condition)
        return entry

    def modality(self, id: str) -> Modality:
        entry: Modality = self._entry(_MODALITIES, id, Modality)
        return entry

    def contraindication(self, id: str) -> Contraindication:
        entry: Contraindication = self._entry(_CONTRAINDICATIONS, id, Contraindication)
        return entry

    def red_flag(self, id: str) -> RedFlag:
        entry: RedFlag = self._entry(_RED_FLAGS, id, RedFlag)
        return entry

    def concept(self, id: str) -> Concept:
        entry: Concept = self._entry(_CONCEPTS, id, Concept)
        return entry

    def contraindications_of(self, modality_id: str) -> tuple[Contraindication, ...]:
        return tuple(c for c in self.contraindications if c.concerns(modality_id))

    def modality_dict(self, m: Modality) -> dict[str, Any]:
        return {
            "id": m.id,
            "name": m.name,
            "cpt": list(m.cpt),
            "pressure": m.pressure,
            "contraindications": [c.id for c in self.contraindications_of(m.id)],
        }

    def _contents(self) -> tuple[Any, ...]:
        return (
            self.conditions, self.modalities, self.contraindications, self.red_flags, self.concepts, self.vocabulary,
            self.known_words,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnowledgeBase) and self._contents() == other._contents()

    __hash__ = None  # type: ignore[assignment]  # equal by contents, which a hash could not follow cheaply

    def __repr__(self) -> str:
        return f"KnowledgeBase({self.source!r}, {len(self._order[0])} conditions)"


def _checked(value: Any, cls: type) -> Any:
    if not isinstance(value, cls):
        raise TypeError(f"expected {cls.__name__}, found {type(value).__name__}")
    return value
