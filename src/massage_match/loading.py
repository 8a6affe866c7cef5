"""Where an engine comes from: the store on disk when it holds this knowledge base, else a fresh build.

Either way the knowledge base and the matcher read the same parts through the same constructors:
the store only decides whether the parts come from disk or from memory.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from massage_match import store
from massage_match.engine import Engine
from massage_match.kb.sources import decode_sources, read_sources
from massage_match.language.matcher import Matcher
from massage_match.model import KnowledgeBase, MemoryParts, Parts, Preferences, Recommendation


def load_engine(data_dir: str | os.PathLike[str] | None = None) -> Engine:
    """An engine over the knowledge base in `data_dir` (None: the embedded one), from the store when
    it holds this exact knowledge base, else loaded, validated, built and stored."""
    raws, where, digest = read_sources(data_dir)
    key = store.store_key(digest)

    def build() -> MemoryParts:
        from massage_match.kb.loader import build_parts
        from massage_match.language.build import matcher_parts

        entries, kb = build_parts(decode_sources(raws, where), where, digest)
        return MemoryParts(entries.sections, entries.tables).update(matcher_parts(kb))

    parts: Parts | None = store.open_store(key, rebuild=build)
    if parts is None:
        fresh = build()
        store.write_store(key, fresh)
        parts = fresh
    return _engine(parts, where, digest)


def _engine(parts: Parts, where: str, digest: str) -> Engine:
    kb = KnowledgeBase(parts, where, digest)
    return Engine(kb, Matcher(kb, parts))


# Engines of the knowledge bases the Python API was handed, by digest (a program may load a few).
_ENGINES: dict[str, Engine] = {}
KEEP_ENGINES = 8


def engine_for(kb: KnowledgeBase) -> Engine:
    """The engine over `kb` (from load_knowledge_base), its indexes built once per knowledge base."""
    engine = _ENGINES.get(kb.digest)
    if engine is None or engine.kb is not kb:
        from massage_match.language.build import matcher_parts

        engine = Engine(kb, Matcher(kb, matcher_parts(kb)))
        if len(_ENGINES) >= KEEP_ENGINES:
            _ENGINES.clear()
        _ENGINES[kb.digest] = engine
    return engine


def recommend(
    kb: KnowledgeBase,
    symptom: str,
    health: Sequence[str] = (),
    top: int | None = None,
    preferences: Preferences | None = None,
) -> Recommendation:
    """Recommend modalities for one symptom, given the client's health terms and preferences."""
    return engine_for(kb).recommend(symptom, health, top, preferences=preferences)
