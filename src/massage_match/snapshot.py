"""A loaded knowledge base and its indexes as plain values, and back: what the on-disk cache holds.

Only builtins (tuples, lists, dicts, sets, strings, numbers, None) go in, so the cache can be read with
`marshal`, which builds values and never runs code.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from typing import Any

from .model import (
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
    """A large word set kept marshalled until first asked: most calls never need the everyday-word
    lists, so they should not pay for reading them."""

    __slots__ = ("_blob", "_words")

    def __init__(self, blob: bytes):
        self._blob = blob
        self._words: frozenset[str] | None = None

    @staticmethod
    def pack(words: Iterable[str]) -> bytes:
        return marshal.dumps(frozenset(words))

    def _get(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(marshal.loads(self._blob))
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


def kb_to_state(kb: KnowledgeBase) -> tuple[Any, ...]:
    v = kb.vocabulary
    vocabulary = (
        dict(v.synonyms), dict(v.phrases), v.stop_words, v.negation_cues, v.negation_after, v.history_cues,
        v.ended_cues, v.other_person_cues, v.self_cues, v.future_cues, v.secondary_cues, v.clause_breaks,
        LazyWords.pack(v.known_words), v.not_human_cues, v.body_words, v.symptom_words,
    )  # fmt: skip
    return (
        tuple(_condition(c) for c in kb.conditions),
        tuple(
            (m.id, m.name, m.description, m.aliases, m.cpt, m.pressure, m.min_pressure, m.session_minutes)
            for m in kb.modalities
        ),
        tuple(_contraindication(x) for x in kb.contraindications),
        tuple((f.id, f.name, f.urgency, f.reason, f.when, f.complaint, f.past_counts) for f in kb.red_flags),
        vocabulary,
        kb.source,
        kb.digest,
    )


def kb_from_state(state: tuple[Any, ...]) -> KnowledgeBase:
    conditions, modalities, contras, flags, vocabulary, source, digest = state
    return KnowledgeBase(
        conditions=tuple(
            Condition(
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
            )  # fmt: skip
            for id_, name, icd10, region, aliases, links, avoid, plan, note, generic in conditions
        ),
        modalities=tuple(Modality(*m) for m in modalities),
        contraindications=tuple(
            Contraindication(
                id_,
                name,
                kind,
                concerned,
                avoid,
                reason,
                guidance,
                Adjustments(*adjustments),
                terms,
                src,
                implies,
                lasting,
            )  # fmt: skip
            for (id_, name, kind, concerned, avoid, reason, guidance, adjustments, terms, src, implies, lasting) in (
                contras
            )
        ),
        red_flags=tuple(RedFlag(*f) for f in flags),
        vocabulary=Vocabulary(*vocabulary[:12], LazyWords(vocabulary[12]), *vocabulary[13:]),
        source=source,
        digest=digest,
    )
