"""How a phrase index's parts are laid out, and read back: postings per word, packed phrase columns.

phrase_build.py writes these layouts; phrases.py reads them through the classes here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from massage_match.model import Parts
from massage_match.normalize import WORD_MEMO


class Posting(NamedTuple):
    """Everything a query needs to know about one word of an index, read as one part."""

    weight: float  # how rare the word is among phrases
    entry_weight: float  # how rare among entries' whole vocabularies
    entries: tuple[str, ...]  # the entries whose vocabulary holds it
    anchor: bool  # whether a match can rest on it
    # Every phrase holding it, as 32-bit numbers: packed bytes in the parts, a memoryview once read.
    phrases: Any
    exact: dict[tuple[str, ...], str] | None  # the phrases (as word tuples) that start with it, and their entries


class ColumnsState(NamedTuple):
    """The packed columns of an index's phrases, as its parts keep them (see PhraseColumns)."""

    entries: tuple[str, ...]
    entry_of: bytes  # 32-bit entry numbers
    literal: bytes
    phrase_weight: bytes  # doubles
    word_start: bytes  # 32-bit
    word_ids: bytes  # 32-bit
    words: tuple[str, ...]


class Postings:
    """A word -> posting table read from the parts a word at a time, each word read once."""

    def __init__(self, parts: Parts, table: str):
        self._parts = parts
        self._table = table
        self._found: dict[str, Posting] = {}
        # Words the index lacks are remembered too, up to a limit: a long batch full of typos must
        # not grow this without bound.
        self._missing: set[str] = set()

    def get(self, word: str) -> Posting | None:
        found = self._found.get(word)
        if found is not None or word in self._missing:
            return found
        stored = self._parts.record(self._table, word)
        if stored is None:
            if len(self._missing) >= WORD_MEMO:
                self._missing.clear()
            self._missing.add(word)
            return None
        posting = Posting._make(stored)
        found = self._found[word] = posting._replace(phrases=memoryview(posting.phrases).cast("i"))
        return found


class PhraseColumns:
    """Every phrase of an index, one column per attribute, as packed numbers: a knowledge base of a
    hundred thousand phrases loads in a few copies of memory rather than as a hundred thousand objects.

    Phrase i belongs to entries[entry_of[i]], weighs phrase_weight[i] in all, is literal when
    literal[i] (it holds a negation cue, "not sleeping", and is matched against every word, cues
    included) and is made of words[word_ids[k]] for k in word_start[i] .. word_start[i + 1].
    """

    def __init__(self, state: ColumnsState):
        self.entries = state.entries
        self.entry_of = memoryview(state.entry_of).cast("i")
        self.literal = state.literal
        self.phrase_weight = memoryview(state.phrase_weight).cast("d")
        self.word_start = memoryview(state.word_start).cast("i")
        self.word_ids = memoryview(state.word_ids).cast("i")
        self.words = state.words
        self.sets: dict[int, frozenset[str]] = {}  # phrase number -> its words, built on first use

    def phrase_set(self, i: int) -> frozenset[str]:
        found = self.sets.get(i)
        if found is None:
            words, ids = self.words, self.word_ids
            found = self.sets[i] = frozenset(words[ids[k]] for k in range(self.word_start[i], self.word_start[i + 1]))
        return found

    def entry(self, i: int) -> str:
        return self.entries[self.entry_of[i]]


def kept_set(kept: dict[str, frozenset[Any]], word: str, items: Iterable[Any]) -> frozenset[Any]:
    """`items` (a posting's list for `word`) as a set, made once and kept in `kept`."""
    found = kept.get(word)
    if found is None:
        found = kept[word] = frozenset(items)
    return found


class LazyWords:
    """A large word set read only when first asked: most calls never need the everyday-word list,
    so they should not pay for reading it."""

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
