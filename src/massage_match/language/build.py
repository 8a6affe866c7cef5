"""Everything the matcher reads, built from a knowledge base once: the one way its parts are made.

A fresh call hands these parts to Matcher straight away; the store on disk keeps them for later
calls, which hand Matcher the same values read back.
"""

from __future__ import annotations

import re

from massage_match.kb.english_words import english_words
from massage_match.language.flags import flag_parts
from massage_match.language.phrase_build import phrase_index_parts
from massage_match.language.spelling import spelling_parts
from massage_match.model import KnowledgeBase, MemoryParts
from massage_match.normalize import Normalizer, fold, stem

_WORDS = re.compile(r"[a-z0-9]+")


def matcher_parts(kb: KnowledgeBase) -> MemoryParts:
    """The phrase indexes of conditions, contraindications and modalities, the red-flag index and the
    spelling repairer's word lists, as parts."""
    vocab = kb.vocabulary
    normalizer = Normalizer(vocab)
    common = frozenset(normalizer.canon(w) for w in kb.known_words)
    indexes = [
        phrase_index_parts(normalizer, "conditions", [(c.id, (c.name, *c.aliases)) for c in kb.conditions], common),
        phrase_index_parts(normalizer, "contraindications", [(c.id, c.phrases) for c in kb.contraindications], common),
        phrase_index_parts(
            normalizer,
            "modalities",
            [(m.id, (m.id.replace("-", " "), m.name, *m.aliases)) for m in kb.modalities],
            common,
        ),
    ]
    flags = flag_parts(kb, Normalizer(vocab.for_screening()))
    parts = MemoryParts(
        {
            "matcher.common": common,
            "matcher.indexed": flags.words.union(*(i.words for i in indexes)),
            "matcher.generic": frozenset(c.id for c in kb.conditions if c.generic),
            "matcher.fact_entries": tuple(c.id for c in kb.contraindications if c.fact is not None),
        }
    )
    for index in indexes:
        parts.update(index.parts)
    parts.update(flags.parts)
    # Typos are repaired towards every word the indexes answer to, synonyms' variants included
    # ("killin" -> "killing", which reads as "pain").
    variants = set(vocab.synonyms) | {w for p in vocab.phrases for w in p.split()}
    targets = flags.raw_words.union(*(i.raw_words for i in indexes)) | variants
    # Medicine names from the lists are matched as written, never repaired to: thousands of them sit one
    # letter from an everyday word ("vitamin" is not Viarin, "relaxer" is not Relafen), and every one
    # would make each repair slower. Names written as terms by hand are still repaired to.
    targets -= dictionary_only_words(kb)
    return parts.update(spelling_parts(targets, known_words(kb), english_words()))


def dictionary_only_words(kb: KnowledgeBase) -> set[str]:
    """Words that come into the index only through the medicine lists (generics and the dictionary's
    names): hundreds of long drug names, matched as written rather than repaired to."""
    added = {
        w
        for c in kb.contraindications
        for name in (*c.medicines, *c.medicine_names)
        for w in _WORDS.findall(fold(name))
    }
    own = {w for c in kb.contraindications for t in (c.name, *c.terms) for w in _WORDS.findall(fold(t))}
    return added - own


def known_words(kb: KnowledgeBase) -> set[str]:
    """Every word the knowledge base writes anywhere: real words, never to be "corrected"."""
    vocab = kb.vocabulary
    texts: list[str] = []
    for c in kb.conditions:
        texts += [c.name, *c.aliases, *c.region, c.note or ""]
        texts += [link.reason for link in (*c.links, *c.avoid)]
        texts += list(c.plan.home_care) if c.plan else []
    for m in kb.modalities:
        texts += [m.name, m.description, *m.aliases]
    for x in kb.contraindications:
        texts += [x.name, x.reason, x.guidance, *x.terms, *x.adjustments.notes, *x.adjustments.avoid_sites]
    for f in kb.red_flags:
        texts += [f.name, f.reason]
    for concept in kb.concepts:
        texts += list(concept.phrases)
    words = {w for text in texts for w in _WORDS.findall(fold(text))}
    words |= set(vocab.synonyms) | set(vocab.stop_words) | set(vocab.negation_cues)
    words |= set(vocab.history_cues) | set(vocab.other_person_cues) | set(vocab.clause_breaks)
    words |= kb.known_words
    return words | {stem(w) for w in words}
