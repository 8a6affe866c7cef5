"""Red flags: concepts' phrases indexed once (flag_parts), and flags raised from a call's texts and
facts (RedFlagIndex).

A call's cost does not grow with the number of flags or concepts: each concept phrase is filed under
its rarest word, so a text's words find the concepts present; each flag is filed under the concepts
and facts its rule needs, so only flags something present could raise are evaluated.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import NamedTuple

from massage_match.language.facts import Facts
from massage_match.model import URGENCIES, Concept, KnowledgeBase, MemoryParts, Parts, RedFlag, Rule, finds_something
from massage_match.normalize import Normalizer, Token

# A concept phrase filed under its key word, as a plain tuple in this order (the store keeps builtins):
# (concept position, words, literal, dated).
#   literal: holds a negation word ("without trying"), matched against every word, cues included
#   dated: holds a history word ("history of cancer"), so past events are what it is about
StoredPhrase = tuple[int, frozenset[str], bool, bool]
Location = tuple[int, int]  # (text number, clause number)

COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


class BuiltFlags(NamedTuple):
    parts: MemoryParts
    words: frozenset[str]  # the canonical words concept phrases use
    raw_words: frozenset[str]  # as written: what typos are repaired to


def triggers(rule: Rule) -> tuple[set[str], set[str]]:
    """The concepts and facts whose presence could make the rule true (what is under "not" cannot)."""
    concepts: set[str] = set()
    facts: set[str] = set()
    op = rule[0]
    if op in ("concept", "complaint"):
        concepts.add(rule[1])
    elif op == "same_clause":
        concepts.update(rule[1:])
    elif op == "fact":
        facts.add(rule[1])
    elif op in ("all", "any"):
        for child in rule[1:]:
            more_concepts, more_facts = triggers(child)
            concepts |= more_concepts
            facts |= more_facts
    return concepts, facts


def needs(rule: Rule, usage: dict[str, int]) -> tuple[set[str], set[str]]:
    """Concepts and facts one of which must be present for the rule to hold, chosen to be rare: of an
    `all`, only its least used child's (a setting such as back pain, which many rules share and many
    texts hold, then raises no evaluation by itself)."""
    op = rule[0]
    if op in ("concept", "complaint"):
        return {rule[1]}, set()
    if op == "same_clause":
        return {min(rule[1:], key=lambda c: (usage.get(c, 0), c))}, set()
    if op == "fact":
        return set(), {rule[1]}
    if op == "all":
        options = [needs(child, usage) for child in rule[1:] if finds_something(child)]
        return min(options, key=lambda o: (sum(usage.get(c, 0) for c in o[0]) + len(o[1]) * 0.5, sorted(o[0])))
    concepts: set[str] = set()
    facts: set[str] = set()
    for child in rule[1:]:  # any: each child may be the one that holds
        more_concepts, more_facts = needs(child, usage)
        concepts |= more_concepts
        facts |= more_facts
    return concepts, facts


def flag_parts(kb: KnowledgeBase, normalizer: Normalizer) -> BuiltFlags:
    """Concept phrases filed by key word; per concept and per fact, the flags they may raise."""
    vocab = normalizer.vocabulary
    words: set[str] = set()
    raw_words: set[str] = set()
    compiled: list[tuple[int, frozenset[str], bool, bool]] = []
    concepts = kb.concepts
    for position, concept in enumerate(concepts):
        for text in concept.phrases:
            tokens = normalizer.tokens(text)
            if not tokens:
                continue
            words.update(t.word for t in tokens)
            raw_words.update(t.raw for t in tokens)
            raws = {t.raw for t in tokens}
            literal = bool(raws & (vocab.negation_cues | vocab.negation_after))
            dated = bool(raws & vocab.history_cues)
            compiled.append((position, frozenset(t.word for t in tokens), literal, dated))
    df: dict[str, int] = defaultdict(int)
    for _, phrase_words, _, _ in compiled:
        for word in phrase_words:
            df[word] += 1
    by_word: dict[str, list[StoredPhrase]] = defaultdict(list)
    for entry in compiled:
        by_word[min(entry[1], key=lambda w: (df[w], w))].append(entry)

    concept_position = {c.id: i for i, c in enumerate(concepts)}
    sign_concepts = {c for condition in kb.conditions if condition.signs for c in triggers(condition.signs)[0]}
    by_concept: list[list[int]] = [[] for _ in concepts]
    by_fact: dict[str, list[int]] = defaultdict(list)
    usage: dict[str, int] = defaultdict(int)
    for flag in kb.red_flags:
        for concept_id in triggers(flag.when)[0]:
            usage[concept_id] += 1
    for position, flag in enumerate(kb.red_flags):
        needed_concepts, needed_facts = needs(flag.when, usage)
        for concept_id in sorted(needed_concepts):
            by_concept[concept_position[concept_id]].append(position)
        for fact in sorted(needed_facts):
            by_fact[fact].append(position)
    sections = {
        "flags.ids": tuple(f.id for f in kb.red_flags),
        "flags.concepts": tuple(c.id for c in concepts),
        "flags.concept_past": tuple(c.past for c in concepts),
        "flags.concept_others": tuple(c.others for c in concepts),
        "flags.by_concept": tuple(tuple(p) for p in by_concept),
        "flags.by_fact": {f: tuple(p) for f, p in by_fact.items()},
        "flags.words": frozenset(words),
        "flags.outside_massage": tuple(i for i, c in enumerate(concepts) if c.outside_massage),
        # The words outside-massage phrases are filed under: a text with none of them names none.
        "flags.outside_words": frozenset(
            w for w, entries in by_word.items() if any(concepts[e[0]].outside_massage for e in entries)
        ),
        # Likewise for the concepts conditions' signs are recognised by.
        "flags.sign_words": frozenset(
            w for w, entries in by_word.items() if any(concepts[e[0]].id in sign_concepts for e in entries)
        ),
    }
    # The phrases filed under each word are a record of their own: a call reads only its words'.
    tables = {"flags.by_word": {w: tuple(entries) for w, entries in by_word.items()}}
    return BuiltFlags(MemoryParts(sections, tables), frozenset(words), frozenset(raw_words))


class RaisedFlag(NamedTuple):
    position: int
    source: int  # the number of the text that raised it
    evidence: tuple[str, ...]  # the concepts (with the words found) and facts that made it true


class RedFlagIndex:
    """Raises the knowledge base's red flags from tokenised texts and the facts read from them."""

    def __init__(self, kb: KnowledgeBase, parts: Parts):
        self.kb = kb
        self._parts = parts

    @cached_property
    def _ids(self) -> tuple[str, ...]:
        return tuple(self._parts.section("flags.ids"))

    @cached_property
    def _concept_ids(self) -> tuple[str, ...]:
        return tuple(self._parts.section("flags.concepts"))

    @cached_property
    def _concept_position(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self._concept_ids)}

    @cached_property
    def _concept_past(self) -> tuple[bool, ...]:
        return tuple(self._parts.section("flags.concept_past"))

    @cached_property
    def _concept_others(self) -> tuple[bool, ...]:
        return tuple(self._parts.section("flags.concept_others"))

    def _phrases_under(self, word: str) -> tuple[StoredPhrase, ...]:
        found = self._by_word.get(word)
        if found is None:
            stored = self._parts.record("flags.by_word", word) if word in self.words else None
            found = self._by_word[word] = tuple(stored or ())
        return found

    @cached_property
    def _by_word(self) -> dict[str, tuple[StoredPhrase, ...]]:
        return {}

    @cached_property
    def _by_concept(self) -> tuple[tuple[int, ...], ...]:
        return tuple(self._parts.section("flags.by_concept"))

    @cached_property
    def _by_fact(self) -> dict[str, tuple[int, ...]]:
        by_fact: dict[str, tuple[int, ...]] = self._parts.section("flags.by_fact")
        return by_fact

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word some concept phrase holds: only these can change which flags are raised."""
        return frozenset(self._parts.section("flags.words"))

    def positions(self, concept_ids: set[str]) -> frozenset[int]:
        """The positions of these concepts, as concepts_present keys them."""
        return frozenset(self._concept_position[c] for c in concept_ids)

    def flag(self, position: int) -> RedFlag:
        return self.kb.red_flag(self._ids[position])

    def concepts_present(self, token_lists: Sequence[list[Token]]) -> dict[int, dict[Location, frozenset[str]]]:
        """Per concept found: where (text, clause), with the words of the phrase that found it."""
        found: dict[int, dict[Location, frozenset[str]]] = defaultdict(dict)
        past, others = self._concept_past, self._concept_others
        for number, tokens in enumerate(token_lists):
            if not tokens:
                continue
            views = _ClauseViews(tokens)
            for word in views.words:
                for concept, phrase_words, literal, dated in self._phrases_under(word):
                    if others[concept]:
                        told = views.told_ever if past[concept] or dated else views.told
                        pool = views.told_every if literal else told
                    else:
                        pool = views.every if literal else views.ever if past[concept] or dated else views.now
                    for clause, clause_words in pool.items():
                        if phrase_words <= clause_words:
                            where = found[concept]
                            before = where.get((number, clause))
                            # Where several phrases find it, the fullest one is kept (ties: the first in
                            # word order): the same evidence in every process, whatever the set order.
                            if before is None or _fuller(phrase_words, before):
                                where[(number, clause)] = phrase_words
        return found

    @cached_property
    def _outside_massage(self) -> tuple[int, ...]:
        return tuple(self._parts.section("flags.outside_massage"))

    @cached_property
    def outside_words(self) -> frozenset[str]:
        return frozenset(self._parts.section("flags.outside_words"))

    @cached_property
    def sign_words(self) -> frozenset[str]:
        """The words the phrases of conditions' signs are filed under: a text with none shows no sign."""
        return frozenset(self._parts.section("flags.sign_words"))

    def outside_massage(self, present: dict[int, dict[Location, frozenset[str]]]) -> list[Concept]:
        """The complaints outside massage among the concepts a text holds, in concept order."""
        if not self._outside_massage:
            return []
        ids = self._concept_ids
        found = []
        for position in self._outside_massage:
            where = present.get(position)
            # A past mention ("had eczema as a child") is no complaint today.
            if where:
                found.append(self.kb.concept(ids[position]))
        return found

    def holds(self, rule: Rule, present: dict[int, dict[Location, frozenset[str]]]) -> bool:
        """Whether a rule over concepts alone (a condition's criteria) holds for what is present."""
        return _Evaluation(present, {}, self._concept_position, self.kb).holds(rule, noting=False)

    def raised(self, token_lists: Sequence[list[Token]], facts: Facts) -> tuple[RaisedFlag, ...]:
        """Every flag raised, most urgent first. The first text is the complaint."""
        present = self.concepts_present(token_lists)
        candidates: set[int] = set()
        for concept in present:
            candidates.update(self._by_concept[concept])
        for fact in facts:
            candidates.update(self._by_fact.get(fact, ()))
        hits: list[RaisedFlag] = []
        for position in sorted(candidates):
            flag = self.flag(position)
            evaluation = _Evaluation(present, facts, self._concept_position, self.kb)
            if evaluation.holds(flag.when):
                hits.append(RaisedFlag(position, evaluation.source(), tuple(evaluation.evidence)))
        hits.sort(key=lambda hit: URGENCIES.index(self.flag(hit.position).urgency))
        return tuple(hits)


class _Evaluation:
    """One rule evaluated against what a call's texts hold, remembering what made it true."""

    def __init__(
        self,
        present: dict[int, dict[Location, frozenset[str]]],
        facts: Facts,
        positions: dict[str, int],
        kb: KnowledgeBase,
    ):
        self.present = present
        self.facts = facts
        self.positions = positions
        self.kb = kb
        self.evidence: list[str] = []
        self.sources: list[int] = []

    def source(self) -> int:
        return min(self.sources) if self.sources else 0

    def _found(self, concept_id: str, where: dict[Location, frozenset[str]], complaint: bool = False) -> None:
        location = min(where)  # the first place in the text, whatever order the words were read in
        words = where[location]
        if not complaint:  # the complaint is the setting; the text that raised the flag is the finding's
            self.sources.append(location[0])
        note = f"{self.kb.concept(concept_id).name} ({' '.join(sorted(words))})"
        if note not in self.evidence:
            self.evidence.append(note)

    def holds(self, rule: Rule, noting: bool = True) -> bool:
        op = rule[0]
        if op == "concept" or op == "complaint":
            where = self.present.get(self.positions[rule[1]], {})
            if op == "complaint":
                where = {loc: w for loc, w in where.items() if loc[0] == 0}
            if where and noting:
                self._found(rule[1], where, complaint=op == "complaint")
            return bool(where)
        if op == "fact":
            _, name, comparison, limit = rule
            value = self.facts.get(name)
            met = value is not None and COMPARE[comparison](value, limit)
            if met and noting:
                self.evidence.append(f"{name.replace('_', ' ')} {value:g} ({comparison} {limit:g})")
            return met
        if op == "same_clause":
            places = [set(self.present.get(self.positions[c], {})) for c in rule[1:]]
            shared = set.intersection(*places) if places else set()
            if shared and noting:
                for concept_id in rule[1:]:
                    where = self.present[self.positions[concept_id]]
                    self._found(concept_id, {loc: where[loc] for loc in shared})
            return bool(shared)
        if op == "not":
            return not self.holds(rule[1], noting=False)
        if op == "all":
            # Evidence is noted only once the whole group holds: a half-met group explains nothing.
            if all(self.holds(child, noting=False) for child in rule[1:]):
                for child in rule[1:]:
                    self.holds(child, noting)
                return True
            return False
        if op == "any":
            holding = [child for child in rule[1:] if self.holds(child, noting=False)]
            for child in holding:
                self.holds(child, noting)
            return bool(holding)
        raise ValueError(f"unknown rule {op!r}")


class _ClauseViews:
    """One text's words about the client per clause, seen three ways: now, now or past, and every
    word (negated ones too, for phrases that hold their own negation); and, whoever it is told of, what
    is told now (and every word), for what someone else does to the client: read only for the few
    concepts that ask, so most texts never build them."""

    def __init__(self, tokens: list[Token]):
        self._tokens = tokens
        self.now: dict[int, set[str]] = defaultdict(set)
        self.ever: dict[int, set[str]] = defaultdict(set)
        self.every: dict[int, set[str]] = defaultdict(set)
        self.words = frozenset(t.word for t in tokens)
        for t in tokens:
            if t.elsewhere:  # someone else's: no reading of the client's words includes it
                continue
            self.every[t.clause].add(t.word)
            if t.negated or t.cue:
                continue
            self.ever[t.clause].add(t.word)
            if not t.history:
                self.now[t.clause].add(t.word)

    def _told(self, counts: Callable[[Token], bool]) -> dict[int, set[str]]:
        """Whoever it is told of, per clause, the words of the tokens that count."""
        told: dict[int, set[str]] = defaultdict(set)
        for t in self._tokens:
            if counts(t):
                told[t.clause].add(t.word)
        return told

    @cached_property
    def told(self) -> dict[int, set[str]]:
        return self._told(lambda t: not (t.negated or t.cue or t.history))

    @cached_property
    def told_ever(self) -> dict[int, set[str]]:
        return self._told(lambda t: not (t.negated or t.cue))

    @cached_property
    def told_every(self) -> dict[int, set[str]]:
        return self._told(lambda t: True)


def _fuller(words: frozenset[str], than: frozenset[str]) -> bool:
    return (len(words), sorted(than)) > (len(than), sorted(words))
