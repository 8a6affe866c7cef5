"""Match free text against the knowledge base: conditions, contraindications, red-flag phrases.

One index per kind of entry, built from the knowledge base's names, aliases and terms (never from
lists in code). A query is tokenised (see text.py), its typos corrected against the words the
knowledge base knows, then scored phrase by phrase with rare words weighing more than common ones.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from massage_match.language.normalize import Normalizer, Token, acronyms

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
# A query that holds every word of a phrase holds its whole weight, up to rounding.
WHOLE_PHRASE = 1 - 1e-9
# A complaint mentioned as a side note ("also a bit of neck stiffness") ranks below the main one.
SECONDARY_FACTOR = 0.85
SECONDARY_WEIGHT = 0.3
_VOWELS = re.compile("[aeiouy]")
# Words longer than this may carry two typos and still be recognised.
LONG_WORD = 5


class Scored(NamedTuple):
    id: str
    score: float  # 0..100


# A batch that keeps meeting unknown words gets an index that finds close words without comparing
# against every candidate; a single call never pays for building it.
INDEX_AFTER_MISSES = 256


def _deletions(word: str, most: int) -> set[str]:
    """`word` with one letter deleted, and with two if `most` is 2, itself included."""
    size = len(word)
    ones = [word[:i] + word[i + 1 :] for i in range(size)]
    forms = {word, *ones}
    if most > 1:  # each pair once: from the word without letter i, a letter after it
        forms.update(one[:j] + one[j + 1 :] for i, one in enumerate(ones) for j in range(i, size - 1))
    return forms


class SpellCorrector:
    """Maps a misspelt word to the index word it was meant to be, when exactly one is close.

    `targets` are the words the indexes match on; `known` are words that are already correct English
    (every word the knowledge base uses anywhere, its reasons and guidance included), which are
    never "corrected" into a medical term ("every" is not "fever", "hearing" is not "heparin").
    """

    def __init__(self, targets: Iterable[str], known: Iterable[str] = ()):
        words = frozenset(targets)
        self.known = frozenset(known) | words
        # Abbreviation-shaped words ("chf", "tkr": no vowel) are never what a typo meant.
        self._choices = sorted(w for w in words if w.isalpha() and len(w) >= 3 and _VOWELS.search(w))
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

    _misses = 0

    @cached_property
    def _by_deletion(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Each candidate word under every form it takes with one letter deleted (first index) and
        with up to two deleted (second). Two words within k slips of each other (wrong, missing,
        extra or swapped letters) share a form with at most k letters deleted from each, so looking
        up the typo's own forms finds every word close enough, and few others."""
        one: dict[str, list[str]] = defaultdict(list)
        two: dict[str, list[str]] = defaultdict(list)
        for word in self._choices:
            for form in _deletions(word, 1):
                one[form].append(word)
            for form in _deletions(word, 2):
                two[form].append(word)
        return dict(one), dict(two)

    def _sharing_deletions(self, word: str, slips: int) -> list[str]:
        """The candidate words that share a deletion form with `word`, in alphabetical order (the
        order ties are settled in over the whole list)."""
        index = self._by_deletion[slips - 1]
        found: set[str] = set()
        for form in _deletions(word, slips):
            found.update(index.get(form, ()))
        return sorted(c for c in found if abs(len(c) - len(word)) <= slips)

    def parts(self) -> dict[str, Any]:
        """What the cache keeps: two sections, read only when a word needs checking."""
        return {"corrector.known": frozenset(self.known), "corrector.choices": tuple(self._choices)}

    @classmethod
    def stored(cls, store: Any) -> SpellCorrector:
        self = cls.__new__(cls)
        self._store = store
        self.correct = lru_cache(maxsize=65536)(self._correct)
        return self

    @cached_property
    def known(self) -> frozenset[str]:  # type: ignore[no-redef]  # built correctors set it in __init__
        return self._store.section("corrector.known")  # type: ignore[no-any-return]

    @cached_property
    def _choices(self) -> list[str]:  # type: ignore[no-redef]
        return list(self._store.section("corrector.choices"))

    def _correct(self, word: str) -> str:
        if word in self.known or len(word) < 3 or not word.isalpha():
            return word
        from rapidfuzz import process  # only when a word needs repairing: it costs start-up time
        from rapidfuzz.distance import OSA

        # One slip (a wrong, missing, extra or swapped letter) in a short word; two in a long one.
        allowed = 1 if len(word) <= LONG_WORD else 2
        self._misses += 1
        if self._misses > INDEX_AFTER_MISSES:
            candidates = self._sharing_deletions(word, allowed)
        else:  # Only words whose length is within the allowed number of slips can be close enough.
            candidates = self._near(len(word), allowed)
        best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=allowed)
        if best is None:
            return word
        candidate = best[0]
        if len(word) <= 4 and candidate[0] != word[0]:
            return word
        return candidate


# A word's posting: everything a query needs to know about one word of an index, read as one part.
#   (weight, entry_weight, entries, anchor, phrase numbers, exact)
# weight: how rare the word is among phrases; entry_weight: among entries' whole vocabularies;
# entries: the entries whose vocabulary holds it; anchor: whether a match can rest on it; phrase
# numbers: every phrase holding it (32-bit integers, packed as bytes in the cache, read through a
# memoryview); exact: the phrases (as word tuples) that start with it, and their entries, or None.
Posting = tuple[float, float, tuple[str, ...], bool, memoryview, "dict[tuple[str, ...], str] | None"]


class StoredPostings:
    """A word -> posting table read from the cache a word at a time, each word read once."""

    # Words the index lacks are remembered too, up to a limit: a long batch full of typos must not
    # grow this without bound.
    MAX_MISSES = 65536

    def __init__(self, store: Any, table: str):
        self._store = store
        self._table = table
        self._found: dict[str, Posting] = {}
        self._missing: set[str] = set()

    def get(self, word: str) -> Posting | None:
        found = self._found.get(word)
        if found is not None or word in self._missing:
            return found
        stored = self._store.record(self._table, word)
        if stored is None:
            if len(self._missing) >= self.MAX_MISSES:
                self._missing.clear()
            self._missing.add(word)
            return None
        weight, entry_weight, entries, anchor, numbers, exact = stored
        found = self._found[word] = (weight, entry_weight, entries, anchor, memoryview(numbers).cast("i"), exact)
        return found


class PhraseColumns:
    """Every phrase of an index, one column per attribute, as packed numbers: a knowledge base of a
    hundred thousand phrases loads in a few copies of memory rather than as a hundred thousand objects.

    Phrase i belongs to entries[entry_of[i]], weighs phrase_weight[i] in all, is literal when
    literal[i] (it holds a negation cue, "not sleeping", and is matched against every word, cues
    included) and is made of words[word_ids[k]] for k in word_start[i] .. word_start[i + 1].
    """

    def __init__(self, state: tuple[Any, ...]):
        self.state = state
        entries, entry_of, literal, phrase_weight, word_start, word_ids, words = state
        self.entries: tuple[str, ...] = entries
        self.entry_of = memoryview(entry_of).cast("i")
        self.literal: bytes = literal
        self.phrase_weight = memoryview(phrase_weight).cast("d")
        self.word_start = memoryview(word_start).cast("i")
        self.word_ids = memoryview(word_ids).cast("i")
        self.words: tuple[str, ...] = words
        self.sets: dict[int, frozenset[str]] = {}  # phrase number -> its words, built on first use

    @classmethod
    def build(
        cls,
        entry_of: list[str],
        literal: list[bool],
        phrase_sets: list[frozenset[str]],
        phrase_weight: list[float],
        words: tuple[str, ...],
    ) -> PhraseColumns:
        from array import array

        entries = tuple(dict.fromkeys(entry_of))
        entry_number = {e: n for n, e in enumerate(entries)}
        word_number = {w: n for n, w in enumerate(words)}
        starts, ids = [0], []
        for phrase in phrase_sets:
            ids.extend(word_number[w] for w in phrase)
            starts.append(len(ids))
        return cls(
            (
                entries,
                array("i", [entry_number[e] for e in entry_of]).tobytes(),
                bytes(literal),
                array("d", phrase_weight).tobytes(),
                array("i", starts).tobytes(),
                array("i", ids).tobytes(),
                words,
            )
        )

    def phrase_set(self, i: int) -> frozenset[str]:
        found = self.sets.get(i)
        if found is None:
            words, ids = self.words, self.word_ids
            found = self.sets[i] = frozenset(words[ids[k]] for k in range(self.word_start[i], self.word_start[i + 1]))
        return found

    def entry(self, i: int) -> str:
        return self.entries[self.entry_of[i]]


class PhraseIndex:
    """Weighted-word index over the phrases that name each entry."""

    def __init__(self, normalizer: Normalizer, entries: Sequence[tuple[str, Sequence[str]]], common: frozenset[str]):
        self.normalizer = normalizer
        # Everyday words ("march", "keen") say less about a query than an unknown, possibly medical, one.
        self.common = common
        cues = normalizer.vocabulary.negation_cues
        entry_of: list[str] = []
        literal: list[bool] = []
        phrase_sets: list[frozenset[str]] = []
        exact: dict[tuple[str, ...], str] = {}
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
                entry_of.append(entry_id)
                literal.append(any(w in cues for w in words))
                phrase_sets.append(frozenset(words))
                exact.setdefault(words, entry_id)
                self.whole.setdefault(" ".join(words), entry_id)
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
        for entry, words in entry_words.items():
            for word in words:
                entries_by_word[word].append(entry)
        entry_total = len(entry_words) + 1
        self.symptom_words = frozenset(normalizer.canon(w) for w in normalizer.vocabulary.symptom_words)
        anchors = self._anchors(normalizer, weight)
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
        for words, entry in exact.items():
            exact_by_first[words[0]][words] = entry
        from array import array

        self.postings: dict[str, Posting] | StoredPostings = {
            w: (
                weight[w],
                math.log(entry_total / (len(entries_by_word[w]) + 0.5)),
                tuple(entries_by_word[w]),
                w in anchors,
                memoryview(array("i", by_word[w]).tobytes()).cast("i"),
                exact_by_first.get(w),
            )
            for w in weight
        }
        self.columns = PhraseColumns.build(entry_of, literal, phrase_sets, phrase_weight, tuple(weight))

    def _anchors(self, normalizer: Normalizer, weight: dict[str, float]) -> frozenset[str]:
        """Words a match can rest on: symptoms, and words that are neither everyday nor body parts."""
        vocab = normalizer.vocabulary
        body = {normalizer.canon(w) for w in vocab.body_words}
        symptoms = {normalizer.canon(w) for w in vocab.symptom_words}
        return frozenset(w for w in weight if w in symptoms or (w not in self.common and w not in body))

    def parts(self, name: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """Everything built, as plain values for the cache: sections and the word table."""
        assert isinstance(self.postings, dict)
        sections = {
            f"{name}.symptom_words": self.symptom_words,
            f"{name}.whole": self.whole,
            f"{name}.columns": self.columns.state,
        }
        words = {w: (*p[:4], p[4].tobytes(), p[5]) for w, p in self.postings.items()}
        return sections, {f"{name}.words": words}

    @classmethod
    def stored(cls, normalizer: Normalizer, store: Any, name: str, common: frozenset[str]) -> PhraseIndex:
        """The index over a cache store: words are read as queries use them."""
        self = cls.__new__(cls)
        self.normalizer, self.common = normalizer, common
        self.postings = StoredPostings(store, f"{name}.words")
        self._store, self._name = store, name
        return self

    @cached_property
    def columns(self) -> PhraseColumns:  # type: ignore[no-redef]  # built indexes set it in __init__
        return PhraseColumns(self._store.section(f"{self._name}.columns"))

    @cached_property
    def whole(self) -> dict[str, str]:  # type: ignore[no-redef]
        return self._store.section(f"{self._name}.whole")  # type: ignore[no-any-return]

    @cached_property
    def symptom_words(self) -> frozenset[str]:  # type: ignore[no-redef]
        return self._store.section(f"{self._name}.symptom_words")  # type: ignore[no-any-return]

    @cached_property
    def _whole_by_length(self) -> tuple[list[str], list[int], list[int]]:
        """The whole phrases shortest first, with their places in the index and their lengths."""
        choices = list(self.whole)
        order = sorted(range(len(choices)), key=lambda i: (len(choices[i]), i))
        strings = [choices[i] for i in order]
        return strings, order, [len(c) for c in strings]

    def _closest_whole(self, glued: str, process: Any, fuzz: Any) -> tuple[str, float] | None:
        """The whole phrase most like `glued` (ratio at least the cutoff), the first in the index
        among equals. Only phrases of a length that can reach the cutoff are compared: a ratio of
        80 needs the shorter string to be at least two thirds of the longer."""
        strings, order, lengths = self._whole_by_length
        size = len(glued)
        low = bisect_left(lengths, (2 * size) // 3)
        high = bisect_right(lengths, (3 * size + 1) // 2)
        found = process.extract(
            glued, strings[low:high], scorer=fuzz.ratio, score_cutoff=WHOLE_STRING_CUTOFF, limit=None
        )
        if not found:
            return None
        top = max(score for _, score, _ in found)
        choice, score, _ = min((f for f in found if f[1] == top), key=lambda f: order[low + f[2]])
        return choice, score

    def words(self) -> set[str]:
        return set(self.postings)

    def _postings(self, words: Iterable[str]) -> dict[str, Posting]:
        get = self.postings.get
        return {w: p for w in words if (p := get(w)) is not None}

    def relevant(self, tokens: Sequence[Token]) -> list[Token]:
        """The tokens ranking looks at. A bare number no phrase of the index holds ("pain 7/10",
        "3 weeks", "#1024") says how bad, how long or which record, not what: it counts neither
        against a match nor for one."""
        get = self.postings.get
        return [t for t in tokens if not (t.word.isdigit() and get(t.word) is None)]

    def rank(self, tokens: Sequence[Token], corrected: int = 0) -> list[Scored]:
        """Every entry with a positive score, best first (one score per entry: its best phrase)."""
        tokens = self.relevant(tokens)
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
        content_set, every_set = set(content), set(every)
        posts = self._postings(every_set)
        best: dict[str, float] = {}
        if content:
            first = posts.get(content[0])
            exact = first[5] if first is not None else None
            if exact and tuple(content) in exact:
                best[exact[tuple(content)]] = 100.0
        # A side note neither makes nor spoils the main complaint's match: it counts for little here.
        query_weight = (
            sum(
                (posts[w][0] if w in posts else UNKNOWN_WORD_WEIGHT) * (SECONDARY_WEIGHT if w in secondary else 1.0)
                for w in content_set
            )
            or 1.0
        )
        anchors = {w for w, p in posts.items() if p[3]}
        if posts:
            self._rank_phrases(self._held(posts), posts, content_set, every_set, secondary, first_seen, query_weight,
                               anchors, best)  # fmt: skip
        self._rank_by_vocabulary(content_set, posts, anchors, best)
        anchored = any(w in anchors or w not in posts and w not in self.common for w in content)
        if anchored and max(best.values(), default=0.0) < WHOLE_STRING_CUTOFF * WHOLE_STRING_DISCOUNT:
            from rapidfuzz import fuzz, process  # only for text no phrase explained well

            hit = self._closest_whole(" ".join(content), process, fuzz)
            if hit is not None:
                entry = self.whole[hit[0]]
                score = hit[1] * WHOLE_STRING_DISCOUNT
                if score > best.get(entry, 0.0):
                    best[entry] = score
        penalty = TYPO_PENALTY**corrected
        ranked = [Scored(e, round(s * penalty, 1)) for e, s in best.items()]
        ranked.sort(key=lambda s: (-s.score, s.id))
        return ranked

    def _held(self, posts: dict[str, Posting]) -> dict[int, float]:
        """How much of each phrase the query holds, accumulated word by word through the inverted
        index, for the phrases that could still score.

        The word with the longest list ("pain") is not walked whole: a phrase of it that shares no
        other word with the query holds only its weight, which carries just the lightest phrases
        over the bar, and those come first in its list."""
        lists = sorted(((p[4], p[0], w) for w, p in posts.items()), key=lambda x: len(x[0]))
        longest, top_weight, top_word = lists.pop()
        held: dict[int, float] = {}
        get = held.get
        for ids, weight, _ in lists:
            for i in ids:
                held[i] = get(i, 0.0) + weight
        if held:
            members = _kept_set(self._members, top_word, longest)
            for i in held:
                if i in members:
                    held[i] += top_weight
        phrase_weight = self.columns.phrase_weight
        carried = top_weight * PERFECT_SCORE_FACTOR
        for i in longest:
            if carried < phrase_weight[i] * SKIP_BELOW:
                break
            if i not in held:
                held[i] = top_weight
        return held

    @cached_property
    def _members(self) -> dict[str, frozenset[int]]:
        """Per word, the phrases holding it as a set (made on first use)."""
        return {}

    @cached_property
    def _entry_members(self) -> dict[str, frozenset[str]]:
        """Per word, the entries whose vocabulary holds it as a set (made on first use)."""
        return {}

    def _rank_phrases(
        self,
        held: dict[int, float],
        posts: dict[str, Posting],
        content_set: set[str],
        every_set: set[str],
        secondary: set[str],
        first_seen: dict[str, tuple[int, int]],
        query_weight: float,
        anchors: set[str],
        best: dict[str, float],
    ) -> None:
        columns = self.columns
        phrase_weights, literals = columns.phrase_weight, columns.literal
        entries, entry_of, sets = columns.entries, columns.entry_of, columns.sets
        # A phrase scores at most 100 x (weight held / its weight). Taking the most promising first,
        # a phrase that cannot beat its entry's best so far is passed over unscored.
        promising = []
        # A phrase with none of the query's complaint words counts only if the query holds all of it
        # (below), and then it holds its whole weight: the others need no closer look.
        anchored = frozenset().union(*(_kept_set(self._members, w, posts[w][4]) for w in anchors))
        for i, weight_held in held.items():
            phrase_weight = phrase_weights[i]
            if weight_held * PERFECT_SCORE_FACTOR < phrase_weight * SKIP_BELOW:
                continue  # cannot reach a score anyone will be shown
            if i not in anchored and weight_held < phrase_weight * WHOLE_PHRASE:
                continue
            promising.append((PERFECT_SCORE_FACTOR * (weight_held / phrase_weight), i, phrase_weight))
        promising.sort(reverse=True)
        for bound, i, phrase_weight in promising:
            entry = entries[entry_of[i]]
            if bound <= best.get(entry, 0.0):
                continue
            literal = literals[i]
            phrase_set = sets.get(i) or columns.phrase_set(i)
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
                weight = posts[w][0]
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
            score = 100.0 * (recalled / phrase_weight) * ((1 - QUERY_COVERAGE_SHARE) + QUERY_COVERAGE_SHARE * precision)
            if side_note_only:
                score *= SECONDARY_FACTOR
            if start is not None:
                clause, index = start
                score *= 1 - LATER_CLAUSE_PENALTY * min(clause, 3) - LATER_WORD_PENALTY * min(index, 10)
            if score > best.get(entry, 0.0):
                best[entry] = score

    def _rank_by_vocabulary(
        self, words: set[str], posts: dict[str, Posting], anchors: set[str], best: dict[str, float]
    ) -> None:
        """Score entries by how much of the query their whole vocabulary explains: two words at least,
        or one complaint word that belongs to very few entries ("posture problems")."""
        if not words:
            return
        weights = {
            w: posts[w][1] if w in posts else COMMON_WORD_WEIGHT if w in self.common else UNKNOWN_WORD_WEIGHT
            for w in words
        }
        total = sum(weights.values())
        # One word alone names an entry only if it is a complaint word found in very few entries.
        distinctive = {w for w in anchors if posts[w][1] >= DISTINCTIVE_WORD and w in self.symptom_words}
        seen: dict[str, set[str]] = defaultdict(set)
        listed = [(w, posts[w][2]) for w in words if w in posts]
        if not listed:
            return
        # The word in most entries ("pain") matters only to entries another word names too, unless
        # it is distinctive itself: its list is not walked whole.
        top_word, top_entries = max(listed, key=lambda pair: len(pair[1]))
        for w, entries in listed:
            if w != top_word or w in distinctive:
                for entry in entries:
                    seen[entry].add(w)
        if top_word not in distinctive:
            members = _kept_set(self._entry_members, top_word, top_entries)
            for entry, matched in seen.items():
                if entry in members:
                    matched.add(top_word)
        for entry, matched in seen.items():
            if len(matched) < 2:
                if matched.isdisjoint(distinctive):
                    continue
            elif matched.isdisjoint(anchors):
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
        columns = self.columns
        candidates = {i for posting in self._postings({t.word for t in tokens}).values() for i in posting[4]}
        for i in sorted(candidates):
            words = columns.phrase_set(i)
            pool = literal if columns.literal[i] else clauses
            hits.extend((columns.entry(i), clause, words) for clause, have in pool.items() if words <= have)
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


def _kept_set(kept: dict[str, frozenset[Any]], word: str, items: Iterable[Any]) -> frozenset[Any]:
    """`items` (a posting's list for `word`) as a set, made once and kept in `kept`."""
    found = kept.get(word)
    if found is None:
        found = kept[word] = frozenset(items)
    return found


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
