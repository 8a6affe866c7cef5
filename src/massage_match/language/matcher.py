"""Understand the client's health text and find red flags, using the knowledge base's words only."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from massage_match.language.normalize import Normalizer, Token, fold, stem
from massage_match.language.phrases import PhraseIndex, Scored, SpellCorrector, correct_tokens
from massage_match.model import URGENCIES, FlagHit, HealthFinding, KnowledgeBase
from massage_match.snapshot import LazyWords

_WORDS = re.compile(r"[a-z0-9]+")
# A health term that no known phrase stands in whole must come this close to one (glued words,
# a stray extra word) or it is reported as not understood: safety screening does not guess.
HEALTH_THRESHOLD = 85.0
# Below this a symptom gets no condition: a confident wrong match is worse than none.
CONDITION_THRESHOLD = 60.0
# How far behind a catch-all condition a specific one may score and still lead.
GENERIC_MARGIN = 10.0
# Texts whose tokens are kept for reuse; the memo is emptied when it fills (bounded memory).
TOKEN_MEMO = 8192
# Alternatives ("did you mean") must at least share a meaningful word with the query.
ALTERNATIVE_FLOOR = 35.0
MAX_ALTERNATIVES = 3
# Beside a match, an alternative must also score at least this share of it: next to a perfect
# "lower back pain", a 40-point "Achilles tendinopathy" is noise, not a candidate.
ALTERNATIVE_SHARE = 0.5


def alternative_floor(best_match: float | None) -> float:
    """The score an alternative needs, given the match's score (None: nothing matched)."""
    return ALTERNATIVE_FLOOR if best_match is None else max(ALTERNATIVE_FLOOR, best_match * ALTERNATIVE_SHARE)


# A red-flag phrase: its words, whether it holds a negation word ("without trying": matched against
# every word, cues included), whether it holds a history word ("history of cancer": past events are
# what it is about).
FlagPhrase = tuple[frozenset[str], bool, bool]
# A group's phrases filed under their rarest word.
FlagGroup = dict[str, tuple[FlagPhrase, ...]]
# Per word, the (flag position, requirement number) pairs it is a key of; per flag, how many
# requirements it has.
FlagIndex = tuple[dict[str, tuple[tuple[int, int], ...]], tuple[int, ...]]


class Matcher:
    """All the indexes over one knowledge base, built once."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.normalizer = Normalizer(kb.vocabulary)
        common = frozenset(self.normalizer.canon(w) for w in kb.vocabulary.known_words)
        self.conditions = PhraseIndex(self.normalizer, [(c.id, (c.name, *c.aliases)) for c in kb.conditions], common)
        self.contraindications = PhraseIndex(
            self.normalizer, [(c.id, (c.name, *c.terms)) for c in kb.contraindications], common
        )
        self.modalities = PhraseIndex(
            self.normalizer, [(m.id, (m.id.replace("-", " "), m.name, *m.aliases)) for m in kb.modalities], common
        )
        vocab = kb.vocabulary
        flag_words: set[str] = set()
        flag_raw: set[str] = set()
        compiled: dict[str, tuple[list[list[FlagPhrase]], list[FlagPhrase]]] = {}

        def compile_group(group: tuple[str, ...]) -> list[FlagPhrase]:
            phrases = []
            for text in group:
                tokens = self.normalizer.tokens(text)
                if not tokens:
                    continue
                flag_words.update(t.word for t in tokens)
                flag_raw.update(t.raw for t in tokens)
                raws = {t.raw for t in tokens}
                literal = bool(raws & (vocab.negation_cues | vocab.negation_after))
                phrases.append((frozenset(t.word for t in tokens), literal, bool(raws & vocab.history_cues)))
            return phrases

        for flag in kb.red_flags:
            compiled[flag.id] = ([compile_group(group) for group in flag.when], compile_group(flag.complaint))
        # Each phrase is filed under its rarest word: a text can only meet the phrases filed under
        # its own words, so a check looks at a handful of phrases, not every one of the flag's.
        df: dict[str, int] = defaultdict(int)
        for groups, complaint in compiled.values():
            for phrase in (p for g in (*groups, complaint) for p in g):
                for word in phrase[0]:
                    df[word] += 1

        def by_key(phrases: list[FlagPhrase]) -> FlagGroup:
            keyed: dict[str, list[FlagPhrase]] = defaultdict(list)
            for phrase in phrases:
                keyed[min(phrase[0], key=lambda w: (df[w], w))].append(phrase)
            return {k: tuple(v) for k, v in keyed.items()}

        self.flag_groups: dict[str, list[FlagGroup]] = {
            k: [by_key(g) for g in groups] for k, (groups, _) in compiled.items()
        }
        self.flag_complaints: dict[str, FlagGroup] = {k: by_key(c) for k, (_, c) in compiled.items()}
        self.flag_index = self._flag_index(kb)
        indexes = (self.conditions, self.contraindications, self.modalities)
        self.indexed = frozenset(flag_words.union(*(i.words() for i in indexes)))
        # Catch-all conditions ("knee pain"), which give way to a specific one close behind.
        self.generic = frozenset(c.id for c in kb.conditions if c.generic)
        # Typos are repaired towards every word the indexes answer to, synonyms' variants included
        # ("killin" -> "killing", which reads as "pain").
        variants = set(vocab.synonyms) | {w for p in vocab.phrases for w in p.split()}
        targets = flag_raw.union(*(i.raw_words for i in indexes)) | variants
        self.corrector = SpellCorrector(targets, known=self._known_words())

    def parts(self) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """Everything built, as plain values for the cache: named sections and tables."""
        sections: dict[str, Any] = {
            "common": frozenset(self.conditions.common),
            "flags": (self.flag_groups, self.flag_complaints, self.flag_index),
            "indexed": self.indexed,
            "generic": self.generic,
            **self.corrector.parts(),
        }
        tables: dict[str, dict[str, Any]] = {}
        for name, index in self._indexes().items():
            more_sections, more_tables = index.parts(name)
            sections.update(more_sections)
            tables.update(more_tables)
        return sections, tables

    def _flag_index(self, kb: KnowledgeBase) -> FlagIndex:
        """Which flags could be raised, found from the text's words: per word, the (flag, requirement)
        pairs it is a key of; per flag, how many requirements (its groups, and its complaint if it
        has one) must all have a key present."""
        by_word: dict[str, list[tuple[int, int]]] = defaultdict(list)
        needs: list[int] = []
        for position, flag in enumerate(kb.red_flags):
            requirements = [*self.flag_groups[flag.id], *([self.flag_complaints[flag.id]] if flag.complaint else [])]
            needs.append(len(requirements))
            for number, group in enumerate(requirements):
                for word in group:
                    by_word[word].append((position, number))
        return {w: tuple(pairs) for w, pairs in by_word.items()}, tuple(needs)

    def _indexes(self) -> dict[str, PhraseIndex]:
        return {
            "conditions": self.conditions,
            "contraindications": self.contraindications,
            "modalities": self.modalities,
        }

    @classmethod
    def stored(cls, kb: KnowledgeBase, store: Any) -> Matcher:
        """The matcher over a cache store: each part is read when a query first needs it."""
        self = cls.__new__(cls)
        self.kb = kb
        self.normalizer = Normalizer(kb.vocabulary)
        common = LazyWords(lambda: store.section("common"))
        self.conditions = PhraseIndex.stored(self.normalizer, store, "conditions", common)
        self.contraindications = PhraseIndex.stored(self.normalizer, store, "contraindications", common)
        self.modalities = PhraseIndex.stored(self.normalizer, store, "modalities", common)
        self.flag_groups, self.flag_complaints, self.flag_index = store.section("flags")
        self.indexed = store.section("indexed")
        self.generic = store.section("generic")
        self.corrector = SpellCorrector.stored(store)
        return self

    def _known_words(self) -> set[str]:
        """Every word the knowledge base writes anywhere: real words, never to be "corrected"."""
        kb, vocab = self.kb, self.kb.vocabulary
        texts: list[str] = []
        for c in kb.conditions:
            texts += [c.name, *c.aliases, *c.region, c.note or ""]
            texts += [link.reason for link in (*c.links, *c.avoid)]
            texts += list(c.plan.home_care) if c.plan else []
        for m in kb.modalities:
            texts += [m.name, m.description, *m.aliases]
        for x in kb.contraindications:
            texts += [
                x.name,
                x.reason,
                x.guidance,
                *x.terms,
                *x.adjustments.notes,
                *x.adjustments.avoid_sites,
            ]
        for f in kb.red_flags:
            texts += [f.name, f.reason, *(p for group in f.when for p in group)]
        words = {w for text in texts for w in _WORDS.findall(fold(text))}
        words |= set(vocab.synonyms) | set(vocab.stop_words) | set(vocab.negation_cues)
        words |= set(vocab.history_cues) | set(vocab.other_person_cues) | set(vocab.clause_breaks)
        words |= vocab.known_words
        return words | {stem(w) for w in words}

    def tokens(self, text: str) -> tuple[list[Token], int]:
        """The text's tokens, typos repaired, and how many were (memoised: a symptom is read for its
        condition and again for red flags, and batches repeat themselves)."""
        found = self._tokens.get(text)
        if found is None:
            if len(self._tokens) >= TOKEN_MEMO:
                self._tokens.clear()
            tokens, changed = correct_tokens(
                self.normalizer.tokens(text), self.corrector, self.normalizer, self.indexed
            )
            found = self._tokens[text] = (tuple(tokens), changed)
        return list(found[0]), found[1]

    @cached_property
    def _tokens(self) -> dict[str, tuple[tuple[Token, ...], int]]:
        return {}

    def rank_conditions(self, text: str) -> list[Scored]:
        tokens, corrected = self.tokens(text)
        tokens = self.conditions.relevant(tokens)
        # Texts that differ only in what the ranking ignores (a repaired typo, a record number, the
        # case of a letter) share one ranking.
        key = (tuple((t.word, t.clause, t.negated, t.cue, t.secondary) for t in tokens), corrected)
        found = self._rankings.get(key)
        if found is None:
            if len(self._rankings) >= TOKEN_MEMO:
                self._rankings.clear()
            found = self._rankings[key] = tuple(self._rank_conditions(tokens, corrected))
        return list(found)

    @cached_property
    def _rankings(self) -> dict[Any, tuple[Scored, ...]]:
        return {}

    def _rank_conditions(self, tokens: list[Token], corrected: int) -> list[Scored]:
        ranked = self.conditions.rank(tokens, corrected)
        if len(ranked) > 1 and ranked[0].id in self.generic:
            # "elbow hurts when I shake hands": the catch-all matches the words, the specific condition
            # behind it explains the rest. Close enough behind, the specific one leads.
            lead = ranked[0]
            for i, s in enumerate(ranked[1:], start=1):
                if s.score < lead.score - GENERIC_MARGIN:
                    break
                if s.id not in self.generic:
                    ranked.insert(0, ranked.pop(i))
                    break
        return ranked

    def health(self, text: str) -> list[HealthFinding]:
        """Every contraindication the text names (not denied); one finding with id None if none."""
        every, corrected = self.tokens(text)
        # Health screening is about this client, now: someone else's or a planned event limits nothing.
        tokens = [t for t in every if not t.elsewhere]
        kb = self.kb
        index = self.contraindications
        now = index.contained([t for t in tokens if not t.history])
        # Dated but not over: a lasting condition ("hip replacement 2015", "HTN since 2010") is current.
        for cid in index.contained([t for t in tokens if t.history and not t.ended]):
            if kb.contraindication(cid).lasting and cid not in now:
                now.append(cid)
        past = [cid for cid in index.contained([t for t in tokens if t.history]) if cid not in now]
        if now or past:
            now, past = self._with_implied(now), self._with_implied(past)
            return [HealthFinding(text, kb.contraindication(cid)) for cid in now] + [
                HealthFinding(text, kb.contraindication(cid), history=True) for cid in past if cid not in now
            ]
        ranked = index.rank(tokens, corrected)
        if ranked and ranked[0].score >= HEALTH_THRESHOLD:
            content = [t for t in tokens if not t.negated and not t.cue]
            in_past = bool(content) and all(t.history for t in content)
            return [
                HealthFinding(text, kb.contraindication(cid), history=in_past)
                for cid in self._with_implied([ranked[0].id])
            ]
        only_denials = any(t.cue or t.elsewhere for t in every) and all(
            t.cue or t.negated or t.elsewhere for t in every
        )
        return [HealthFinding(text, None, negated=only_denials)]

    def _with_implied(self, ids: list[str]) -> list[str]:
        """The ids plus what they imply ("knee replacement" is also recent surgery), each once."""
        result = list(ids)
        for cid in ids:
            result += [other for other in self.kb.contraindication(cid).implies if other not in result]
        return result

    @cached_property
    def _unconditional_flags(self) -> list[int]:
        """Flags with no requirement at all (none ship, but a knowledge base may define one)."""
        return [p for p, need in enumerate(self.flag_index[1]) if not need]

    def red_flags(self, symptom: str, health: Sequence[str] = ()) -> list[FlagHit]:
        """Red flags raised by the symptom and health texts taken together, most urgent first."""
        texts = (symptom, *health)
        # Only words some flag phrase holds can change which flags are raised: texts that agree on
        # those (most of a batch holds none) share one answer.
        flag_words = self._flag_words
        token_lists = [[t for t in self.tokens(text)[0] if t.word in flag_words] for text in texts]
        key = tuple(
            tuple((t.word, t.clause, t.negated, t.cue, t.elsewhere, t.history) for t in ts) for ts in token_lists
        )
        raised = self._raised.get(key)
        if raised is None:
            if len(self._raised) >= TOKEN_MEMO:
                self._raised.clear()
            raised = self._raised[key] = self._raise(token_lists)
        flags = self.kb.red_flags
        return [FlagHit(flags[position], texts[source]) for position, source in raised]

    @cached_property
    def _flag_words(self) -> frozenset[str]:
        groups = [g for gs in self.flag_groups.values() for g in gs] + list(self.flag_complaints.values())
        return frozenset(w for group in groups for phrases in group.values() for words, _, _ in phrases for w in words)

    @cached_property
    def _raised(self) -> dict[Any, tuple[tuple[int, int], ...]]:
        return {}

    def _raise(self, token_lists: list[list[Token]]) -> tuple[tuple[int, int], ...]:
        """(flag position, number of the text that raised it) for every flag raised, most urgent first."""
        # Only a flag each of whose requirements has a key word somewhere in the texts can be raised.
        by_word, needs = self.flag_index
        met: dict[int, set[int]] = defaultdict(set)
        for word in {t.word for tokens in token_lists for t in tokens}:
            for position, number in by_word.get(word, ()):
                met[position].add(number)
        possible = [p for p, numbers in met.items() if len(numbers) == needs[p]] + self._unconditional_flags
        if not possible:
            return ()
        views = [_ClauseViews(tokens) for tokens in token_lists]
        hits: list[tuple[int, int]] = []
        flags = self.kb.red_flags
        for position in sorted(possible):
            flag = flags[position]
            complaint = self.flag_complaints[flag.id]
            if complaint and not views[0].meets(complaint, flag.past_counts):
                continue
            sources: list[int] = []
            for group in self.flag_groups[flag.id]:
                source = next((n for n, v in enumerate(views) if v.meets(group, flag.past_counts)), None)
                if source is None:
                    break
                sources.append(source)
            else:
                hits.append((position, sources[0] if sources else 0))
        hits.sort(key=lambda hit: URGENCIES.index(flags[hit[0]].urgency))
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
