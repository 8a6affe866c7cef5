"""Match free text against the knowledge base: conditions, contraindications, red-flag phrases.

One index per kind of entry, built from the knowledge base's names, aliases and terms (never from
lists in code). A query is tokenised (see text.py), its typos corrected against the words the
knowledge base knows, then scored phrase by phrase with rare words weighing more than common ones.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from .text import Normalizer, Token, acronyms

# Words the index has never seen still count against a match (they may carry meaning the index
# lacks), about as much as a moderately rare indexed word.
UNKNOWN_WORD_WEIGHT = 1.5
COMMON_WORD_WEIGHT = 1.0
# Share of the score that depends on how much of the query the phrase explains (the rest is how
# much of the phrase the query contains).
QUERY_COVERAGE_SHARE = 0.35
# Each corrected typo costs a little confidence, so an exact wording always outranks a repaired one.
TYPO_PENALTY = 0.96
# Glued or badly mangled text ("lowerbackpain") is compared as a whole string, discounted.
WHOLE_STRING_DISCOUNT = 0.9
WHOLE_STRING_CUTOFF = 80.0
# A complaint named later (another clause, further along) weighs a little less than the first one.
LATER_CLAUSE_PENALTY = 0.04
LATER_WORD_PENALTY = 0.005
# A complaint word found in at most two entries' vocabulary says which entry is meant, even alone.
DISTINCTIVE_WORD = 3.0
# An entry recognised only by its vocabulary (no phrase matched whole) is never a perfect match.
VOCABULARY_FACTOR = 0.8
# Phrases whose best possible score is below this are skipped unscored (alternatives start at 35).
SKIP_BELOW = 30.0
PERFECT_SCORE_FACTOR = 100.0
# A complaint mentioned as a side note ("also a bit of neck stiffness") ranks below the main one.
SECONDARY_FACTOR = 0.85
SECONDARY_WEIGHT = 0.3
_VOWELS = re.compile("[aeiouy]")
# Words longer than this may carry two typos and still be recognised.
LONG_WORD = 5


class Scored(NamedTuple):
    id: str
    score: float  # 0..100


class SpellCorrector:
    """Maps a misspelt word to the index word it was meant to be, when exactly one is close.

    `targets` are the words the indexes match on; `known` are words that are already correct English
    (every word the knowledge base uses anywhere, its reasons and guidance included), which are
    never "corrected" into a medical term ("every" is not "fever", "hearing" is not "heparin").
    """

    def __init__(self, targets: Iterable[str], known: Iterable[str] = ()):
        self.words = frozenset(targets)
        self.known = frozenset(known) | self.words
        # Abbreviation-shaped words ("chf", "tkr": no vowel) are never what a typo meant.
        self._choices = sorted(w for w in self.words if w.isalpha() and len(w) >= 3 and _VOWELS.search(w))
        self.correct = lru_cache(maxsize=65536)(self._correct)

    def _near(self, length: int, slips: int) -> list[str]:
        """The candidate words within `slips` letters of `length`, in alphabetical order (ties in
        closeness go to the first, as they would over the whole list)."""
        key = (length, slips)
        found = self._near_memo.get(key)
        if found is None:
            found = self._near_memo[key] = [w for w in self._choices if abs(len(w) - length) <= slips]
        return found

    @cached_property
    def _near_memo(self) -> dict[tuple[int, int], list[str]]:
        return {}

    def to_state(self) -> tuple[Any, ...]:
        from .snapshot import LazyWords

        return (self.words, LazyWords.pack(self.known), tuple(self._choices))

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> SpellCorrector:
        from .snapshot import LazyWords

        self = cls.__new__(cls)
        self.words, known, choices = state
        self.known = LazyWords(known)  # type: ignore[assignment]
        self._choices = list(choices)
        self.correct = lru_cache(maxsize=65536)(self._correct)
        return self

    def _correct(self, word: str) -> str:
        if word in self.known or len(word) < 3 or not word.isalpha():
            return word
        from rapidfuzz import process  # only when a word needs repairing: it costs start-up time
        from rapidfuzz.distance import OSA

        # One slip (a wrong, missing, extra or swapped letter) in a short word; two in a long one.
        allowed = 1 if len(word) <= LONG_WORD else 2
        # Only words whose length is within the allowed number of slips can be close enough.
        best = process.extractOne(word, self._near(len(word), allowed), scorer=OSA.distance, score_cutoff=allowed)
        if best is None:
            return word
        candidate = best[0]
        if len(word) <= 4 and candidate[0] != word[0]:
            return word
        return candidate


class PhraseIndex:
    """Weighted-word index over the phrases that name each entry."""

    def __init__(self, normalizer: Normalizer, entries: Sequence[tuple[str, Sequence[str]]], common: frozenset[str]):
        self.normalizer = normalizer
        cues = normalizer.vocabulary.negation_cues
        # One column per attribute of a phrase (its entry, word set, ...), indexed by phrase number:
        # the columns go to the cache as they are and come back without a per-phrase object.
        self.entry_of: list[str] = []
        # A phrase holding a negation cue ("not sleeping") is matched against every word, cues included.
        self.literal: list[bool] = []
        self.phrase_sets: list[frozenset[str]] = []
        self.exact: dict[tuple[str, ...], str] = {}
        self.whole: dict[str, str] = {}
        self.raw_words: set[str] = set()  # as written in the knowledge base: what typos are repaired to
        for entry_id, texts in entries:
            for text in texts:
                tokens = normalizer.tokens(text)
                # Abbreviations ("ACDF", "TKR") are matched as written, never guessed from a typo.
                abbreviations = acronyms(text)
                self.raw_words.update(t.raw for t in tokens if t.raw not in abbreviations)
                words = tuple(t.word for t in tokens)
                if not words:
                    continue
                self.entry_of.append(entry_id)
                self.literal.append(any(w in cues for w in words))
                self.phrase_sets.append(frozenset(words))
                self.exact.setdefault(words, entry_id)
                self.whole.setdefault(" ".join(words), entry_id)
        df: dict[str, int] = defaultdict(int)
        for words in self.phrase_sets:
            for word in words:
                df[word] += 1
        total = len(self.phrase_sets) + 1
        self.weight = {w: math.log(total / (n + 0.5)) + 0.1 for w, n in df.items()}
        # Which words each entry uses anywhere, and in how many entries a word appears: an entry whose
        # vocabulary explains most of a query is a candidate even when no single phrase matches whole.
        entry_words: dict[str, set[str]] = defaultdict(set)
        for entry, words in zip(self.entry_of, self.phrase_sets, strict=True):
            entry_words[entry].update(words)
        entry_df: dict[str, int] = defaultdict(int)
        for words in entry_words.values():
            for word in words:
                entry_df[word] += 1
        entries = len(entry_words) + 1
        self.entry_weight = {w: math.log(entries / (n + 0.5)) for w, n in entry_df.items()}
        entries_by_word: dict[str, list[str]] = defaultdict(list)
        for entry, words in entry_words.items():
            for word in words:
                entries_by_word[word].append(entry)
        self.entries_by_word = {w: tuple(e) for w, e in entries_by_word.items()}
        # Everyday words ("march", "keen") say less about a query than an unknown, possibly medical, one.
        self.common = common
        self.symptom_words = frozenset(normalizer.canon(w) for w in normalizer.vocabulary.symptom_words)
        self.anchors = self._anchors(normalizer)
        by_word: dict[str, list[int]] = defaultdict(list)
        for i, words in enumerate(self.phrase_sets):
            for word in words:
                by_word[word].append(i)
        self.by_word = {w: tuple(ids) for w, ids in by_word.items()}
        self.phrase_weight = [sum(self.weight[w] for w in words) for words in self.phrase_sets]

    def _anchors(self, normalizer: Normalizer) -> frozenset[str]:
        """Words a match can rest on: symptoms, and words that are neither everyday nor body parts."""
        vocab = normalizer.vocabulary
        body = {normalizer.canon(w) for w in vocab.body_words}
        symptoms = {normalizer.canon(w) for w in vocab.symptom_words}
        return frozenset(w for w in self.weight if w in symptoms or (w not in self.common and w not in body))

    _STATE = (
        "entry_of", "literal", "phrase_sets", "phrase_weight", "exact", "whole", "raw_words", "weight",
        "entry_weight", "entries_by_word", "symptom_words", "anchors", "by_word",
    )  # fmt: skip

    def to_state(self) -> tuple[Any, ...]:
        """Everything built, as plain values (for the on-disk cache): read back as it is, no rework."""
        return tuple(getattr(self, name) for name in self._STATE)

    @classmethod
    def from_state(cls, normalizer: Normalizer, state: tuple[Any, ...], common: frozenset[str]) -> PhraseIndex:
        if len(state) != len(cls._STATE):
            raise ValueError("index state of the wrong shape")
        self = cls.__new__(cls)
        self.normalizer, self.common = normalizer, common
        for name, value in zip(cls._STATE, state, strict=True):
            setattr(self, name, value)
        return self

    @cached_property
    def _whole_choices(self) -> list[str]:
        return list(self.whole)

    def words(self) -> set[str]:
        return set(self.weight)

    def _w(self, word: str) -> float:
        return self.weight.get(word, UNKNOWN_WORD_WEIGHT)

    def rank(self, tokens: Sequence[Token], corrected: int = 0) -> list[Scored]:
        """Every entry with a positive score, best first (one score per entry: its best phrase)."""
        content_tokens = [t for t in tokens if not t.cue and not t.negated]
        content = [t.word for t in content_tokens]
        every = [t.word for t in tokens]
        # Where each word first appears: the complaint named first is usually the main one.
        clause_rank = {c: i for i, c in enumerate(sorted({t.clause for t in content_tokens}))}
        secondary = {t.word for t in content_tokens if t.secondary} - {
            t.word for t in content_tokens if not t.secondary
        }
        first_seen: dict[str, tuple[int, int]] = {}
        for i, t in enumerate(content_tokens):
            first_seen.setdefault(t.word, (clause_rank[t.clause], i))
        best: dict[str, float] = {}
        if content and tuple(content) in self.exact:
            best[self.exact[tuple(content)]] = 100.0
        content_set, every_set = set(content), set(every)
        # A side note neither makes nor spoils the main complaint's match: it counts for little here.
        query_weight = sum(self._w(w) * (SECONDARY_WEIGHT if w in secondary else 1.0) for w in content_set) or 1.0
        # How much of each phrase the query holds, accumulated word by word through the inverted
        # index; only phrases that could still score are looked at closely.
        held: dict[int, float] = defaultdict(float)
        weights, by_word = self.weight, self.by_word
        for w in every_set:
            weight = weights.get(w)
            if weight is not None:
                for i in by_word[w]:
                    held[i] += weight
        phrase_weight, phrase_sets, literals, anchors = self.phrase_weight, self.phrase_sets, self.literal, self.anchors
        for i, weight_held in held.items():
            if weight_held * PERFECT_SCORE_FACTOR < phrase_weight[i] * SKIP_BELOW:
                continue  # cannot reach a score anyone will be shown
            literal = literals[i]
            phrase_set = phrase_sets[i]
            matched = phrase_set & (every_set if literal else content_set)
            # A whole alias of two words or more stands on its own ("tennis elbow"); anything less
            # must include a word that makes it a complaint ("knee" alone is not "knee pain").
            if not matched or not (matched & anchors or (len(matched) == len(phrase_set) and len(phrase_set) > 1)):
                continue
            # One pass over the matched words: how much of the phrase they are, how much of the query
            # they explain, whether they are all side notes, and where the earliest stands.
            recalled = explained = 0.0
            side_note_only = True
            start: tuple[int, int] | None = None
            for w in matched:
                weight = weights[w]
                recalled += weight
                if w in secondary:
                    explained += weight * SECONDARY_WEIGHT if w in content_set else 0.0
                else:
                    side_note_only = False
                    if w in content_set:
                        explained += weight
                seen = first_seen.get(w)
                if seen is not None and (start is None or seen < start):
                    start = seen
            precision = min(1.0, explained / query_weight) if not literal else 1.0
            score = (
                100.0 * (recalled / phrase_weight[i]) * ((1 - QUERY_COVERAGE_SHARE) + QUERY_COVERAGE_SHARE * precision)
            )
            if side_note_only:
                score *= SECONDARY_FACTOR
            if start is not None:
                clause, index = start
                score *= 1 - LATER_CLAUSE_PENALTY * min(clause, 3) - LATER_WORD_PENALTY * min(index, 10)
            entry = self.entry_of[i]
            if score > best.get(entry, 0.0):
                best[entry] = score
        self._rank_by_vocabulary(content_set, best)
        anchored = any(w in self.anchors or w not in self.weight and w not in self.common for w in content)
        if anchored and max(best.values(), default=0.0) < WHOLE_STRING_CUTOFF * WHOLE_STRING_DISCOUNT:
            from rapidfuzz import fuzz, process  # only for text no phrase explained well

            glued = " ".join(content)
            hit = process.extractOne(glued, self._whole_choices, scorer=fuzz.ratio, score_cutoff=WHOLE_STRING_CUTOFF)
            if hit is not None:
                entry = self.whole[hit[0]]
                score = hit[1] * WHOLE_STRING_DISCOUNT
                if score > best.get(entry, 0.0):
                    best[entry] = score
        penalty = TYPO_PENALTY**corrected
        ranked = [Scored(e, round(s * penalty, 1)) for e, s in best.items()]
        ranked.sort(key=lambda s: (-s.score, s.id))
        return ranked

    def _rank_by_vocabulary(self, words: set[str], best: dict[str, float]) -> None:
        """Score entries by how much of the query their whole vocabulary explains: two words at least,
        or one complaint word that belongs to very few entries ("posture problems")."""
        if not words:
            return
        weights = {
            w: self.entry_weight.get(w, COMMON_WORD_WEIGHT if w in self.common else UNKNOWN_WORD_WEIGHT) for w in words
        }
        total = sum(weights.values())
        seen: dict[str, set[str]] = defaultdict(set)
        for w in words:
            for entry in self.entries_by_word.get(w, ()):
                seen[entry].add(w)
        for entry, matched in seen.items():
            anchored = matched & self.anchors
            if not anchored:
                continue
            if len(matched) < 2 and not any(
                self.entry_weight[w] >= DISTINCTIVE_WORD and w in self.symptom_words for w in anchored
            ):
                continue
            score = 100.0 * VOCABULARY_FACTOR * sum(weights[w] for w in matched) / total
            if score > best.get(entry, 0.0):
                best[entry] = score

    def contained(self, tokens: Sequence[Token]) -> list[str]:
        """Entries one of whose phrases stands whole, un-negated, inside a single clause, in text order."""
        clauses: dict[int, set[str]] = defaultdict(set)
        literal: dict[int, set[str]] = defaultdict(set)
        for t in tokens:
            literal[t.clause].add(t.word)
            if not t.negated and not t.cue:
                clauses[t.clause].add(t.word)
        hits: list[tuple[str, int, frozenset[str]]] = []
        # Only phrases that share a word with the text can stand whole in it.
        present = {t.word for t in tokens}
        for i in sorted({i for w in present for i in self.by_word.get(w, ())}):
            words = self.phrase_sets[i]
            pool = literal if self.literal[i] else clauses
            hits.extend((self.entry_of[i], clause, words) for clause, have in pool.items() if words <= have)
        # The longest reading wins: in "skin infection", "infection" alone names nothing more.
        kept = [
            (entry, clause)
            for entry, clause, words in hits
            if not any(c == clause and words < w and e != entry for e, c, w in hits)
        ]
        first: dict[str, int] = {}
        for entry, clause in kept:
            first[entry] = min(clause, first.get(entry, clause))
        return sorted(first, key=lambda e: (first[e], e))


def correct_tokens(
    tokens: list[Token], corrector: SpellCorrector, normalizer: Normalizer, indexed: frozenset[str]
) -> tuple[list[Token], int]:
    """Repair misspelt words (`indexed`: canonical words the indexes know, left alone); count repairs."""
    fixed: list[Token] = []
    changed = 0
    for t in tokens:
        if t.cue or t.word in indexed:
            fixed.append(t)
            continue
        better = corrector.correct(t.raw)
        if better != t.raw:
            fixed.append(t._replace(word=normalizer.canon(better)))
            changed += 1
        else:
            fixed.append(t)
    return fixed, changed
