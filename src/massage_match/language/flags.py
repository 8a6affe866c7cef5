"""Red flags: their phrases indexed once (flag_parts), and raised from a text's tokens (RedFlagIndex).

A call's cost does not grow with the number of flags: each phrase is filed under its rarest word,
and only a flag each of whose requirements has a key word among the text's words is looked at.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property
from typing import NamedTuple

from massage_match.model import URGENCIES, KnowledgeBase, MemoryParts, Parts, RedFlag
from massage_match.normalize import Normalizer, Token


class FlagPhrase(NamedTuple):
    words: frozenset[str]
    literal: bool  # holds a negation word ("without trying"): matched against every word, cues included
    dated: bool  # holds a history word ("history of cancer"): past events are what it is about


# A group's phrases filed under their rarest word. The parts keep each phrase as a plain tuple in
# FlagPhrase's field order, read back by unpacking (words, literal, dated).
FlagGroup = dict[str, tuple[tuple[frozenset[str], bool, bool], ...]]


class BuiltFlags(NamedTuple):
    parts: MemoryParts
    words: frozenset[str]  # the canonical words flag phrases use
    raw_words: frozenset[str]  # as written: what typos are repaired to


def flag_parts(kb: KnowledgeBase, normalizer: Normalizer) -> BuiltFlags:
    """Every flag's requirement groups (and complaint) as phrases filed by key word, and per word the
    (flag position, requirement number) pairs it is a key of."""
    vocab = normalizer.vocabulary
    words: set[str] = set()
    raw_words: set[str] = set()

    def compile_group(group: tuple[str, ...]) -> list[FlagPhrase]:
        phrases = []
        for text in group:
            tokens = normalizer.tokens(text)
            if not tokens:
                continue
            words.update(t.word for t in tokens)
            raw_words.update(t.raw for t in tokens)
            raws = {t.raw for t in tokens}
            literal = bool(raws & (vocab.negation_cues | vocab.negation_after))
            phrases.append(FlagPhrase(frozenset(t.word for t in tokens), literal, bool(raws & vocab.history_cues)))
        return phrases

    compiled = {f.id: ([compile_group(g) for g in f.when], compile_group(f.complaint)) for f in kb.red_flags}
    df: dict[str, int] = defaultdict(int)
    for requirement_groups, complaint in compiled.values():
        for phrase in (p for g in (*requirement_groups, complaint) for p in g):
            for word in phrase.words:
                df[word] += 1

    def by_key(phrases: list[FlagPhrase]) -> dict[str, tuple[tuple[object, ...], ...]]:
        keyed: dict[str, list[tuple[object, ...]]] = defaultdict(list)
        for phrase in phrases:
            keyed[min(phrase.words, key=lambda w: (df[w], w))].append(tuple(phrase))
        return {k: tuple(v) for k, v in keyed.items()}

    groups = {k: [by_key(g) for g in gs] for k, (gs, _) in compiled.items()}
    complaints = {k: by_key(c) for k, (_, c) in compiled.items()}
    by_word: dict[str, list[tuple[int, int]]] = defaultdict(list)
    needs: list[int] = []
    for position, flag in enumerate(kb.red_flags):
        requirements = [*groups[flag.id], *([complaints[flag.id]] if flag.complaint else [])]
        needs.append(len(requirements))
        for number, group in enumerate(requirements):
            for word in group:
                by_word[word].append((position, number))
    sections = {
        "flags.ids": tuple(f.id for f in kb.red_flags),
        "flags.by_word": {w: tuple(pairs) for w, pairs in by_word.items()},
        "flags.needs": tuple(needs),
        "flags.words": frozenset(words),
    }
    # Each flag's phrases are a record of their own: a call reads only the flags its words could raise.
    tables = {"flags.phrases": {k: (groups[k], complaints[k]) for k in compiled}}
    return BuiltFlags(MemoryParts(sections, tables), frozenset(words), frozenset(raw_words))


class RedFlagIndex:
    """Raises the knowledge base's red flags from tokenised texts."""

    def __init__(self, kb: KnowledgeBase, parts: Parts):
        self.kb = kb
        self._parts = parts

    @cached_property
    def _ids(self) -> tuple[str, ...]:
        return tuple(self._parts.section("flags.ids"))

    @cached_property
    def _by_word(self) -> dict[str, tuple[tuple[int, int], ...]]:
        by_word: dict[str, tuple[tuple[int, int], ...]] = self._parts.section("flags.by_word")
        return by_word

    @cached_property
    def _needs(self) -> tuple[int, ...]:
        return tuple(self._parts.section("flags.needs"))

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word some flag phrase holds: only these can change which flags are raised."""
        return frozenset(self._parts.section("flags.words"))

    def flag(self, position: int) -> RedFlag:
        return self.kb.red_flag(self._ids[position])

    def _phrases(self, position: int) -> tuple[list[FlagGroup], FlagGroup]:
        stored = self._parts.record("flags.phrases", self._ids[position])
        if stored is None:
            raise KeyError(self._ids[position])
        groups, complaint = stored
        return list(groups), complaint

    @cached_property
    def _unconditional(self) -> list[int]:
        """Flags with no requirement at all (none ship, but a knowledge base may define one)."""
        return [p for p, need in enumerate(self._needs) if not need]

    def raised(self, token_lists: Sequence[list[Token]]) -> tuple[tuple[int, int], ...]:
        """(flag position, number of the text that raised it) for every flag raised, most urgent first."""
        # Only a flag each of whose requirements has a key word somewhere in the texts can be raised.
        by_word, needs = self._by_word, self._needs
        met: dict[int, set[int]] = defaultdict(set)
        for word in {t.word for tokens in token_lists for t in tokens}:
            for position, number in by_word.get(word, ()):
                met[position].add(number)
        possible = [p for p, numbers in met.items() if len(numbers) == needs[p]] + self._unconditional
        if not possible:
            return ()
        views = [_ClauseViews(tokens) for tokens in token_lists]
        hits: list[tuple[int, int]] = []
        for position in sorted(possible):
            flag = self.flag(position)
            groups, complaint = self._phrases(position)
            if complaint and not views[0].meets(complaint, flag.past_counts):
                continue
            sources: list[int] = []
            for group in groups:
                source = next((n for n, v in enumerate(views) if v.meets(group, flag.past_counts)), None)
                if source is None:
                    break
                sources.append(source)
            else:
                hits.append((position, sources[0] if sources else 0))
        hits.sort(key=lambda hit: URGENCIES.index(self.flag(hit[0]).urgency))
        return tuple(hits)


class _ClauseViews:
    """One text's words per clause, seen three ways: now, now or past, and every word."""

    def __init__(self, tokens: list[Token]):
        self.now: dict[int, set[str]] = defaultdict(set)
        self.ever: dict[int, set[str]] = defaultdict(set)
        self.every: dict[int, set[str]] = defaultdict(set)
        self.words = frozenset(t.word for t in tokens)
        for t in tokens:
            self.every[t.clause].add(t.word)
            if t.negated or t.cue or t.elsewhere:
                continue
            self.ever[t.clause].add(t.word)
            if not t.history:
                self.now[t.clause].add(t.word)

    def meets(self, group: FlagGroup, past_counts: bool) -> bool:
        """Whether one clause of the text holds every word of one of the group's phrases."""
        for word in self.words:
            for words, literal, dated in group.get(word, ()):
                pool = self.every if literal else self.ever if past_counts or dated else self.now
                if any(words <= clause for clause in pool.values()):
                    return True
        return False
