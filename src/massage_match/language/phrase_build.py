"""Building a phrase index's parts: the one place its postings, columns and whole phrases are made.

PhraseIndex (phrases.py) reads exactly these parts, whether they come straight from here or from
the store on disk.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from massage_match.language.index_layout import ColumnsState, Posting
from massage_match.model import MemoryParts
from massage_match.normalize import Normalizer, acronyms


class BuiltIndex(NamedTuple):
    parts: MemoryParts
    words: frozenset[str]  # the canonical words it answers to
    raw_words: frozenset[str]  # as written in the knowledge base: what typos are repaired to


def phrase_index_parts(
    normalizer: Normalizer, name: str, entries: Sequence[tuple[str, Sequence[str]]], common: frozenset[str]
) -> BuiltIndex:
    """The parts of the index `name` over each entry's phrases (its name, aliases or terms).

    `common`: everyday words ("march", "keen"), which say less about a query than an unknown,
    possibly medical, one."""
    cues = normalizer.vocabulary.negation_cues
    entry_of: list[str] = []
    literal: list[bool] = []
    phrase_sets: list[frozenset[str]] = []
    exact: dict[tuple[str, ...], str] = {}
    whole: dict[str, str] = {}
    raw_words: set[str] = set()
    for entry_id, texts in entries:
        for text in texts:
            tokens = normalizer.tokens(text)
            # Abbreviations ("ACDF", "TKR") are matched as written, never guessed from a typo.
            abbreviations = acronyms(text)
            raw_words.update(t.raw for t in tokens if t.raw not in abbreviations)
            phrase = tuple(t.word for t in tokens)
            if not phrase:
                continue
            entry_of.append(entry_id)
            literal.append(any(w in cues for w in phrase))
            phrase_sets.append(frozenset(phrase))
            exact.setdefault(phrase, entry_id)
            whole.setdefault(" ".join(phrase), entry_id)
    df: dict[str, int] = defaultdict(int)
    for words in phrase_sets:
        for word in words:
            df[word] += 1
    total = len(phrase_sets) + 1
    weight = {w: math.log(total / (n + 0.5)) + 0.1 for w, n in df.items()}
    # Which words each entry uses anywhere, and in how many entries a word appears: an entry whose
    # vocabulary explains most of a query is a candidate even when no single phrase matches whole.
    entry_words: dict[str, set[str]] = defaultdict(set)
    for entry, words in zip(entry_of, phrase_sets, strict=True):
        entry_words[entry].update(words)
    entries_by_word: dict[str, list[str]] = defaultdict(list)
    for entry, used in entry_words.items():
        for word in used:
            entries_by_word[word].append(entry)
    entry_total = len(entry_words) + 1
    vocabulary = normalizer.vocabulary
    symptom_words = frozenset(normalizer.canon(w) for w in vocabulary.symptom_words)
    body = {normalizer.canon(w) for w in vocabulary.body_words}
    # Words a match can rest on: symptoms, and words that are neither everyday nor body parts.
    anchors = frozenset(w for w in weight if w in symptom_words or (w not in common and w not in body))
    # Aliases that read the same ("lower back pain", "low back pain") score the same: the weights
    # above count every alias, but each distinct reading is indexed, and scored, once.
    distinct = dict.fromkeys(zip(entry_of, phrase_sets, literal, strict=True))
    entry_of = [e for e, _, _ in distinct]
    phrase_sets = [words for _, words, _ in distinct]
    literal = [flag for _, _, flag in distinct]
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(phrase_sets):
        for word in words:
            by_word[word].append(i)
    # Each word's phrases lightest first: the phrases its weight alone could carry come first.
    phrase_weight = [sum(weight[w] for w in words) for words in phrase_sets]
    for ids in by_word.values():
        ids.sort(key=lambda i: (phrase_weight[i], i))
    exact_by_first: dict[str, dict[tuple[str, ...], str]] = defaultdict(dict)
    for phrase, entry in exact.items():
        exact_by_first[phrase[0]][phrase] = entry
    postings = {
        w: tuple(
            Posting(
                weight=weight[w],
                entry_weight=math.log(entry_total / (len(entries_by_word[w]) + 0.5)),
                entries=tuple(entries_by_word[w]),
                anchor=w in anchors,
                phrases=array("i", by_word[w]).tobytes(),
                exact=exact_by_first.get(w),
            )
        )
        for w in weight
    }
    sections = {
        f"{name}.symptom_words": symptom_words,
        f"{name}.whole": whole,
        f"{name}.columns": _columns(entry_of, literal, phrase_sets, phrase_weight, tuple(weight)),
    }
    return BuiltIndex(MemoryParts(sections, {f"{name}.words": postings}), frozenset(weight), frozenset(raw_words))


def _columns(
    entry_of: list[str],
    literal: list[bool],
    phrase_sets: list[frozenset[str]],
    phrase_weight: list[float],
    words: tuple[str, ...],
) -> tuple[object, ...]:
    """Every phrase's attributes as packed columns, as a plain tuple (the store keeps builtins only)."""
    entries = tuple(dict.fromkeys(entry_of))
    entry_number = {e: n for n, e in enumerate(entries)}
    word_number = {w: n for n, w in enumerate(words)}
    starts: list[int] = [0]
    ids: list[int] = []
    for phrase in phrase_sets:
        ids.extend(word_number[w] for w in phrase)
        starts.append(len(ids))
    return tuple(
        ColumnsState(
            entries=entries,
            entry_of=array("i", [entry_number[e] for e in entry_of]).tobytes(),
            literal=bytes(literal),
            phrase_weight=array("d", phrase_weight).tobytes(),
            word_start=array("i", starts).tobytes(),
            word_ids=array("i", ids).tobytes(),
            words=words,
        )
    )
