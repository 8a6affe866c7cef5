"""A loaded knowledge base as plain values, and back: what the on-disk cache holds.

Only builtins (tuples, lists, dicts, sets, strings, numbers, None) go in, so the cache can be read with
`marshal`, which builds values and never runs code. Each condition, modality and contraindication is
its own record, read the first time it is asked for: a query touches a handful of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from massage_match.model import (
    Adjustments,
    Condition,
    Contraindication,
    KnowledgeBase,
    Link,
    Modality,
    Plan,
    RedFlag,
    Vocabulary,
)


class LazyWords:
    """A large word set read only when first asked: most calls never need the everyday-word lists,
    so they should not pay for reading them."""

    __slots__ = ("_load", "_words")

    def __init__(self, load: Callable[[], Iterable[str]]):
        self._load = load
        self._words: frozenset[str] | None = None

    def _get(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(self._load())
        return self._words

    def __contains__(self, word: object) -> bool:
        return word in self._get()

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __eq__(self, other: object) -> bool:
        return self._get() == (other._get() if isinstance(other, LazyWords) else other)

    __hash__ = None  # type: ignore[assignment]

    def __or__(self, other: Iterable[str]) -> frozenset[str]:
        return self._get() | frozenset(other)


def _link(link: Link) -> tuple[Any, ...]:
    return (link.modality, link.reason, link.evidence, link.source)


def _condition(c: Condition) -> tuple[Any, ...]:
    plan = (c.plan.session_minutes, c.plan.frequency, c.plan.visits, c.plan.home_care) if c.plan else None
    links = tuple(_link(x) for x in c.links)
    avoid = tuple(_link(x) for x in c.avoid)
    return (c.id, c.name, c.icd10, c.region, c.aliases, links, avoid, plan, c.note, c.generic)


def _contraindication(x: Contraindication) -> tuple[Any, ...]:
    a = x.adjustments
    adjustments = (a.pressure_max, a.avoid_sites, a.position, a.session_max_minutes, a.notes)
    return (
        x.id, x.name, x.kind, x.modalities, x.avoid, x.reason, x.guidance, adjustments, x.terms, x.source,
        x.implies, x.lasting,
    )  # fmt: skip


def _modality(m: Modality) -> tuple[Any, ...]:
    return (m.id, m.name, m.description, m.aliases, m.cpt, m.pressure, m.min_pressure, m.session_minutes)


def kb_parts(kb: KnowledgeBase) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The knowledge base as cache sections and tables (one record per entry, by id)."""
    v = kb.vocabulary
    vocabulary = (
        dict(v.synonyms), dict(v.phrases), v.stop_words, v.negation_cues, v.negation_after, v.history_cues,
        v.ended_cues, v.other_person_cues, v.self_cues, v.future_cues, v.secondary_cues, v.clause_breaks,
        None, v.not_human_cues, v.body_words, v.symptom_words,
    )  # fmt: skip
    sections = {
        "kb.vocabulary": vocabulary,
        "kb.known_words": frozenset(v.known_words),
        "kb.red_flags": tuple(
            (f.id, f.name, f.urgency, f.reason, f.when, f.complaint, f.past_counts) for f in kb.red_flags
        ),
        "kb.order": tuple(tuple(x.id for x in part) for part in (kb.conditions, kb.modalities, kb.contraindications)),
    }
    tables = {
        "kb.conditions": {c.id: _condition(c) for c in kb.conditions},
        "kb.modalities": {m.id: _modality(m) for m in kb.modalities},
        "kb.contraindications": {x.id: _contraindication(x) for x in kb.contraindications},
    }
    return sections, tables


def _make_condition(state: tuple[Any, ...]) -> Condition:
    id_, name, icd10, region, aliases, links, avoid, plan, note, generic = state
    return Condition(
        id_,
        name,
        icd10,
        region,
        aliases,
        tuple(Link(*x) for x in links),
        tuple(Link(*x) for x in avoid),
        Plan(*plan) if plan else None,
        note,
        generic,
    )


def _make_contraindication(state: tuple[Any, ...]) -> Contraindication:
    id_, name, kind, concerned, avoid, reason, guidance, adjustments, terms, src, implies, lasting = state
    return Contraindication(
        id_, name, kind, concerned, avoid, reason, guidance, Adjustments(*adjustments), terms, src, implies, lasting
    )


_MAKERS: dict[str, Callable[[tuple[Any, ...]], Any]] = {
    "kb.conditions": _make_condition,
    "kb.modalities": lambda m: Modality(*m),
    "kb.contraindications": _make_contraindication,
}


class StoredKnowledgeBase(KnowledgeBase):
    """A knowledge base read from the cache: an entry is read the first time it is asked for, the
    full lists only when something asks for all of them (listings, exports)."""

    def __init__(self, store: Any, source: str, digest: str, _memo: dict[tuple[str, str], Any] | None = None):
        self._store = store
        self.source = source
        self.digest = digest
        self._memo = {} if _memo is None else _memo
        vocabulary = store.section("kb.vocabulary")
        known = LazyWords(lambda: store.section("kb.known_words"))
        self.vocabulary = Vocabulary(*vocabulary[:12], known, *vocabulary[13:])  # type: ignore[arg-type]
        self.red_flags = tuple(RedFlag(*f) for f in store.section("kb.red_flags"))

    def _entry(self, table: str, id: str) -> Any:
        key = (table, id)
        found = self._memo.get(key)
        if found is None:
            state = self._store.record(table, id)
            if state is None:
                raise KeyError(id)
            found = self._memo[key] = _MAKERS[table](state)
        return found

    def _all(self, table: str, position: int) -> tuple[Any, ...]:
        key = (table, "")
        found = self._memo.get(key)
        if found is None:
            ids = self._store.section("kb.order")[position]
            found = self._memo[key] = tuple(self._entry(table, i) for i in ids)
        return found  # type: ignore[no-any-return]

    @property  # type: ignore[override]
    def conditions(self) -> tuple[Condition, ...]:
        return self._all("kb.conditions", 0)

    @property  # type: ignore[override]
    def modalities(self) -> tuple[Modality, ...]:
        return self._all("kb.modalities", 1)

    @property  # type: ignore[override]
    def contraindications(self) -> tuple[Contraindication, ...]:
        return self._all("kb.contraindications", 2)

    def condition(self, id: str) -> Condition:
        return self._entry("kb.conditions", id)  # type: ignore[no-any-return]

    def modality(self, id: str) -> Modality:
        return self._entry("kb.modalities", id)  # type: ignore[no-any-return]

    def contraindication(self, id: str) -> Contraindication:
        return self._entry("kb.contraindications", id)  # type: ignore[no-any-return]

    def with_source(self, source: str) -> KnowledgeBase:
        return StoredKnowledgeBase(self._store, source, self.digest, self._memo)

    def __repr__(self) -> str:
        return f"KnowledgeBase({self.source!r}, from the cache)"
