"""Understand the client's health text and find red flags, using the knowledge base's words only."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .match import PhraseIndex, Scored, SpellCorrector, correct_tokens
from .model import URGENCIES, Contraindication, KnowledgeBase, RedFlag
from .text import Normalizer, Token, fold, stem

_WORDS = re.compile(r"[a-z0-9]+")
# A health term that no known phrase stands in whole must come this close to one (glued words,
# a stray extra word) or it is reported as not understood: safety screening does not guess.
HEALTH_THRESHOLD = 85.0
# Below this a symptom gets no condition: a confident wrong match is worse than none.
CONDITION_THRESHOLD = 60.0
# Alternatives ("did you mean") must at least share a meaningful word with the query.
ALTERNATIVE_FLOOR = 35.0
MAX_ALTERNATIVES = 3


@dataclass(frozen=True)
class HealthFinding:
    query: str
    contraindication: Contraindication | None
    negated: bool = False  # the text only denied things ("no fever"): nothing to limit
    history: bool = False  # in the client's past ("DVT 10 years ago"): confirm, don't assume

    def to_dict(self) -> dict[str, Any]:
        c = self.contraindication
        data: dict[str, Any] = {"query": self.query, "id": c.id if c else None, "name": c.name if c else None}
        if self.history:
            data["history"] = True
        return data


@dataclass(frozen=True)
class FlagHit:
    flag: RedFlag
    source: str  # the text that raised it


class Matcher:
    """All the indexes over one knowledge base, built once."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.normalizer = Normalizer(kb.vocabulary)
        self.conditions = PhraseIndex(self.normalizer, [(c.id, (c.name, *c.aliases)) for c in kb.conditions])
        self.contraindications = PhraseIndex(
            self.normalizer, [(c.id, (c.name, *c.terms)) for c in kb.contraindications]
        )
        self.modalities = PhraseIndex(
            self.normalizer, [(m.id, (m.id.replace("-", " "), m.name, *m.aliases)) for m in kb.modalities]
        )
        self.flag_phrases: dict[str, list[tuple[tuple[str, ...], ...]]] = {}
        flag_words: set[str] = set()
        for flag in kb.red_flags:
            groups = []
            for group in flag.when:
                phrases = tuple(self.normalizer.phrase(p) for p in group)
                groups.append(tuple(p for p in phrases if p))
                flag_words.update(w for p in phrases for w in p)
            self.flag_phrases[flag.id] = groups
        self.corrector = SpellCorrector(
            self.conditions.words() | self.contraindications.words() | self.modalities.words() | flag_words,
            known=self._known_words(),
        )

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
        return words | {stem(w) for w in words}

    def tokens(self, text: str) -> tuple[list[Token], int]:
        return correct_tokens(self.normalizer.tokens(text), self.corrector, self.normalizer)

    def rank_conditions(self, text: str) -> list[Scored]:
        tokens, corrected = self.tokens(text)
        return self.conditions.rank(tokens, corrected)

    def health(self, text: str) -> list[HealthFinding]:
        """Every contraindication the text names (not denied); one finding with id None if none."""
        tokens, corrected = self.tokens(text)
        kb = self.kb
        index = self.contraindications
        now = index.contained([t for t in tokens if not t.history])
        past = [cid for cid in index.contained([t for t in tokens if t.history]) if cid not in now]
        if now or past:
            return [HealthFinding(text, kb.contraindication(cid)) for cid in now] + [
                HealthFinding(text, kb.contraindication(cid), history=True) for cid in past
            ]
        ranked = index.rank(tokens, corrected)
        if ranked and ranked[0].score >= HEALTH_THRESHOLD:
            content = [t for t in tokens if not t.negated and not t.cue]
            in_past = bool(content) and all(t.history for t in content)
            return [HealthFinding(text, kb.contraindication(ranked[0].id), history=in_past)]
        only_denials = any(t.cue for t in tokens) and all(t.cue or t.negated for t in tokens)
        return [HealthFinding(text, None, negated=only_denials)]

    def red_flags(self, texts: list[str]) -> list[FlagHit]:
        """Red flags raised by the texts taken together; each group may be met in any text."""
        per_text = [(text, self.tokens(text)[0]) for text in texts]
        hits: list[FlagHit] = []
        for flag in self.kb.red_flags:
            sources: list[str] = []
            for group in self.flag_phrases[flag.id]:
                met = next((text for text, toks in per_text if _any_phrase_in_a_clause(group, toks)), None)
                if met is None:
                    break
                sources.append(met)
            else:
                hits.append(FlagHit(flag, sources[0] if sources else ""))
        hits.sort(key=lambda h: URGENCIES.index(h.flag.urgency))
        return hits

    @cached_property
    def modality_names(self) -> dict[str, str]:
        return {m.id: m.name for m in self.kb.modalities}


def _any_phrase_in_a_clause(phrases: tuple[tuple[str, ...], ...], tokens: list[Token]) -> bool:
    clauses: dict[int, set[str]] = defaultdict(set)
    for t in tokens:
        if not t.negated and not t.cue:
            clauses[t.clause].add(t.word)
    return any(set(p) <= words for p in phrases for words in clauses.values())
