"""Ranking entries (conditions, contraindications, modalities) by the phrases that name them.

One index per kind of entry, over the knowledge base's names, aliases and terms (never lists in
code), built by phrase_build.py. A query's tokens (normalize.py, typos repaired by spelling.py) are
scored phrase by phrase, rare words weighing more than common ones.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from functools import cached_property
from typing import Any, NamedTuple

from massage_match.language.index_layout import ColumnsState, PhraseColumns, Posting, Postings, kept_set
from massage_match.model import Parts
from massage_match.normalize import Normalizer, Token

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
# The best score of a query that is not word for word a name or alias (other order, extra words).
NEAR_EXACT = 99.0
# A query that holds every word of a phrase holds its whole weight, up to rounding.
WHOLE_PHRASE = 1 - 1e-9
# A complaint mentioned as a side note ("also a bit of neck stiffness") ranks below the main one.
SECONDARY_FACTOR = 0.85
SECONDARY_WEIGHT = 0.3


class Scored(NamedTuple):
    id: str
    score: float  # 0..100


class PhraseIndex:
    """Weighted-word index over the phrases that name each entry."""

    def __init__(self, normalizer: Normalizer, parts: Parts, name: str, common: Container[str]):
        self.normalizer = normalizer
        # Everyday words ("march", "keen") say less about a query than an unknown, possibly medical, one.
        self.common = common
        self.postings = Postings(parts, f"{name}.words")
        self._parts, self._name = parts, name

    @cached_property
    def columns(self) -> PhraseColumns:
        return PhraseColumns(ColumnsState._make(self._parts.section(f"{self._name}.columns")))

    @cached_property
    def whole(self) -> dict[str, str]:
        whole: dict[str, str] = self._parts.section(f"{self._name}.whole")
        return whole

    @cached_property
    def symptom_words(self) -> frozenset[str]:
        return frozenset(self._parts.section(f"{self._name}.symptom_words"))

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
        named: str | None = None  # the entry the query names exactly, if any
        if content:
            first = posts.get(content[0])
            exact = first.exact if first is not None else None
            if exact and tuple(content) in exact:
                named = exact[tuple(content)]
                best[named] = 100.0
        # A side note neither makes nor spoils the main complaint's match: it counts for little here.
        query_weight = (
            sum(
                (posts[w].weight if w in posts else UNKNOWN_WORD_WEIGHT) * (SECONDARY_WEIGHT if w in secondary else 1.0)
                for w in content_set
            )
            or 1.0
        )
        anchors = {w for w, p in posts.items() if p.anchor}
        if posts:
            self._rank_phrases(self._held(posts), posts, content_set, every_set, secondary, first_seen, query_weight,
                               anchors, best)  # fmt: skip
        self._rank_by_vocabulary(content_set, posts, anchors, best)
        unexplained = any(w not in posts and w not in self.common for w in content)
        anchored = unexplained or any(w in anchors for w in content)
        if anchored and max(best.values(), default=0.0) < WHOLE_STRING_CUTOFF * WHOLE_STRING_DISCOUNT:
            from rapidfuzz import fuzz, process  # only for text no phrase explained well

            hit = self._closest_whole(" ".join(content), process, fuzz)
            if hit is not None and (unexplained or corrected or self._shares_a_place(hit[0], content)):
                entry = self.whole[hit[0]]
                score = hit[1] * WHOLE_STRING_DISCOUNT
                if score > best.get(entry, 0.0):
                    best[entry] = score
        penalty = TYPO_PENALTY**corrected
        # 100 says the query is a name or alias, word for word; anything else is at most near it.
        ranked = [Scored(e, round((s if e == named else min(s, NEAR_EXACT)) * penalty, 1)) for e, s in best.items()]
        ranked.sort(key=lambda s: (-s.score, s.id))
        return ranked

    def _shares_a_place(self, whole: str, content: Sequence[str]) -> bool:
        """Whether a near-match as a whole string shares more than a symptom word with the text: it
        stands for glued or mangled text (a word nothing explains, a repaired typo) or for a near
        wording ("groin twinge" near "groin strain"), never for "sore most" near "hamstring pain",
        which names a place the text never did."""
        return bool((set(whole.split()) & set(content)) - self.symptom_words)

    def _held(self, posts: dict[str, Posting]) -> dict[int, float]:
        """How much of each phrase the query holds, accumulated word by word through the inverted
        index, for the phrases that could still score.

        The word with the longest list ("pain") is not walked whole: a phrase of it that shares no
        other word with the query holds only its weight, which carries just the lightest phrases
        over the bar, and those come first in its list."""
        lists = sorted(((p.phrases, p.weight, w) for w, p in posts.items()), key=lambda x: len(x[0]))
        longest, top_weight, top_word = lists.pop()
        held: dict[int, float] = {}
        get = held.get
        for ids, weight, _ in lists:
            for i in ids:
                held[i] = get(i, 0.0) + weight
        if held:
            members = kept_set(self._members, top_word, longest)
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
        anchored = frozenset().union(*(kept_set(self._members, w, posts[w].phrases) for w in anchors))
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
                weight = posts[w].weight
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
            w: posts[w].entry_weight if w in posts else COMMON_WORD_WEIGHT if w in self.common else UNKNOWN_WORD_WEIGHT
            for w in words
        }
        total = sum(weights.values())
        # One word alone names an entry only if it is a complaint word found in very few entries.
        distinctive = {w for w in anchors if posts[w].entry_weight >= DISTINCTIVE_WORD and w in self.symptom_words}
        seen: dict[str, set[str]] = defaultdict(set)
        listed = [(w, posts[w].entries) for w in words if w in posts]
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
            members = kept_set(self._entry_members, top_word, top_entries)
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
        return list(self.contained_at(tokens))

    def contained_at(self, tokens: Sequence[Token]) -> dict[str, int]:
        """contained(), each entry with the clause it was first found in."""
        # Only phrases that share a word with the text can stand whole in it (most texts share none).
        candidates = {i for posting in self._postings({t.word for t in tokens}).values() for i in posting.phrases}
        if not candidates:
            return {}
        clauses: dict[int, set[str]] = defaultdict(set)
        literal: dict[int, set[str]] = defaultdict(set)
        at: dict[tuple[int, str], int] = {}  # where a word first stands in its clause: text order
        for position, t in enumerate(tokens):
            at.setdefault((t.clause, t.word), position)
            literal[t.clause].add(t.word)
            if not t.negated and not t.cue:
                clauses[t.clause].add(t.word)
        hits: list[tuple[str, int, frozenset[str]]] = []
        columns = self.columns
        for i in sorted(candidates):
            words = columns.phrase_set(i)
            pool = literal if columns.literal[i] else clauses
            hits.extend((columns.entry(i), clause, words) for clause, have in pool.items() if words <= have)
        # The longest reading wins: in "skin infection", "infection" alone names nothing more.
        kept = [
            (entry, clause, words)
            for entry, clause, words in hits
            if not any(c == clause and words < w and e != entry for e, c, w in hits)
        ]
        first: dict[str, tuple[int, int]] = {}
        for entry, clause, words in kept:
            where = (clause, min(at[(clause, w)] for w in words))
            first[entry] = min(where, first.get(entry, where))
        return {e: first[e][0] for e in sorted(first, key=lambda e: (first[e], e))}
