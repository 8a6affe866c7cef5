"""Load the three knowledge-base files, check them field by field, and build the typed model.

Every problem is collected (file and line) before anything is raised, so `validate` can report them
all at once, the way a compiler does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from massage_match.errors import KnowledgeBaseError, Problem
from massage_match.kb import entries
from massage_match.kb.fields import FieldReader
from massage_match.kb.lined_yaml import LineMap, load_yaml
from massage_match.kb.medicine_names import with_medicine_names
from massage_match.kb.sources import FILES, decode_sources, read_sources
from massage_match.model import KnowledgeBase, MemoryParts, Vocabulary, knowledge_parts
from massage_match.normalize import Normalizer, Token, fold


def load_knowledge_base(data_dir: str | os.PathLike[str] | None = None) -> KnowledgeBase:
    """Load and validate a knowledge base (the embedded one when `data_dir` is None).

    Raises KnowledgeBaseError listing every problem found, each with file and line.
    """
    raws, where, digest = read_sources(data_dir)
    return build(decode_sources(raws, where), where, digest)


def build(texts: dict[str, str], where: str, digest: str) -> KnowledgeBase:
    """The knowledge base the files' texts describe, checked in full."""
    return build_parts(texts, where, digest)[1]


def build_parts(texts: dict[str, str], where: str, digest: str) -> tuple[MemoryParts, KnowledgeBase]:
    """The same, with the parts it reads its entries from (which the store keeps)."""
    problems: list[Problem] = []
    docs: dict[str, Any] = {}
    for name in FILES:
        doc, found = load_yaml(texts[name], str(Path(where) / name))
        problems.extend(found)
        docs[name] = doc
    if problems:
        raise KnowledgeBaseError(problems)
    parts = _Loader(where, problems).knowledge_parts(docs)
    if problems:
        raise KnowledgeBaseError(problems)
    return parts, KnowledgeBase(parts, where, digest)


class _Loader:
    def __init__(self, where: str, problems: list[Problem]):
        self.where = where
        self.problems = problems

    def reader(self, name: str) -> FieldReader:
        return FieldReader(str(Path(self.where) / name), self.problems)

    def top(self, r: FieldReader, doc: Any, required: set[str], optional: set[str]) -> LineMap:
        m = r.mapping(doc, "the file", 1) if doc is not None else None
        if m is None:
            if doc is None:
                r.error(1, "the file is empty")
            return LineMap()
        r.known_keys(m, "top level", required, optional)
        return m

    def knowledge_parts(self, docs: dict[str, Any]) -> MemoryParts:
        cr = self.reader("conditions.yaml")
        mr = self.reader("modalities.yaml")
        xr = self.reader("contraindications.yaml")
        ctop = self.top(cr, docs["conditions.yaml"], {"conditions"}, {"vocabulary"})
        mtop = self.top(mr, docs["modalities.yaml"], {"modalities"}, set())
        xtop = self.top(xr, docs["contraindications.yaml"], {"contraindications"}, {"red_flags", "concepts"})

        vocabulary, known_words = self.vocabulary(cr, ctop)
        modalities = self.collect(mr, mtop, "modalities", entries.modality)
        known = {m.id for m, _ in modalities}
        criteria_named: dict[str, list[tuple[str, int]]] = {}
        conditions = self.collect(
            cr, ctop, "conditions", lambda r, m, w: entries.condition(r, m, w, known, criteria_named)
        )
        contra_named: dict[str, list[tuple[str, int]]] = {}
        contras = self.collect(
            xr, xtop, "contraindications", lambda r, m, w: entries.contraindication(r, m, w, known, contra_named)
        )
        concepts = self.collect(xr, xtop, "concepts", entries.concept, required=False)
        named: dict[str, list[tuple[str, int]]] = {}
        flags = self.collect(xr, xtop, "red_flags", lambda r, m, w: entries.red_flag(r, m, w, named), required=False)
        concept_ids = {c.id for c, _ in concepts}
        for flag, _ in flags:
            for concept_id, line in named.get(flag.id, ()):
                if concept_id not in concept_ids:
                    xr.error(line, f"red_flags[{flag.id}]: unknown concept {concept_id!r}")
        flags = [(f, line) for f, line in flags if all(c in concept_ids for c, _ in named.get(f.id, ()))]
        for c, _ in contras:
            for concept_id, line in contra_named.get(c.id, ()):
                if concept_id not in concept_ids:
                    xr.error(line, f"contraindications[{c.id}]: unknown concept {concept_id!r}")
        for condition, _ in conditions:
            for concept_id, line in criteria_named.get(condition.id, ()):
                if concept_id not in concept_ids:
                    cr.error(line, f"conditions[{condition.id}]: criteria or signs name unknown concept {concept_id!r}")
        contra_ids = {c.id for c, _ in contras}
        condition_ids = {c.id for c, _ in conditions}
        for condition, line in conditions:
            for cid in condition.covers:
                if cid not in contra_ids:
                    cr.error(line, f"conditions[{condition.id}]: covers unknown contraindication {cid!r}")
            for broader in condition.kind_of:
                if broader not in condition_ids or broader == condition.id:
                    cr.error(line, f"conditions[{condition.id}]: kind_of unknown condition {broader!r}")
        for c, line in contras:
            for other in c.implies:
                if other not in contra_ids or other == c.id:
                    xr.error(line, f"contraindications[{c.id}]: implies unknown contraindication {other!r}")
            for other in c.counts_while:
                if other not in contra_ids or other == c.id:
                    xr.error(line, f"contraindications[{c.id}]: counts_while unknown contraindication {other!r}")

        normalizer = Normalizer(vocabulary)
        home: dict[str, str] = {}
        for c, line in contras:
            for generic in c.medicines:
                other = home.setdefault(generic, c.id)
                if other != c.id:
                    xr.error(line, f"contraindications[{c.id}]: medicine {generic!r} is already listed under {other!r}")
        expanded = with_medicine_names([c for c, _ in contras], normalizer.phrase)
        contras = [(c, line) for c, (_, line) in zip(expanded, contras, strict=True)]
        self.unique_phrases(cr, [(c, line, (c.name, *c.aliases)) for c, line in conditions], normalizer)
        self.unique_phrases(xr, [(c, line, c.phrases) for c, line in contras], normalizer)
        self.no_shrunken_phrases(xr, [(c, line, c.terms) for c, line in contras], normalizer, known_words)
        # Concepts are read the way red flags read a text: with the stop words screening keeps ("all over").
        screening = Normalizer(vocabulary.for_screening())
        self.no_shrunken_phrases(xr, [(c, line, c.phrases) for c, line in concepts], screening, known_words)
        return knowledge_parts(
            conditions=[c for c, _ in conditions],
            modalities=[m for m, _ in modalities],
            contraindications=[c for c, _ in contras],
            red_flags=[f for f, _ in flags],
            vocabulary=vocabulary,
            known_words=known_words,
            concepts=[c for c, _ in concepts],
        )

    def collect(self, r: FieldReader, top: LineMap, key: str, make: Any, required: bool = True) -> list:
        """Build every entry of top[key], then refuse duplicated ids (naming both lines)."""
        if key not in top and not required:
            return []
        built: list[tuple[Any, int]] = []
        first_line: dict[str, int] = {}
        for line, item in r.items(top.get(key), key, r.line(top, key)):
            m = r.mapping(item, f"an entry of {key}", line)
            if m is None:
                continue
            entry = make(r, m, f"{key}[{m.get('id', '?')}]")
            if entry is None:
                continue
            if entry.id in first_line:
                r.error(line, f"duplicated id {entry.id!r} (first at line {first_line[entry.id]})")
                continue
            first_line[entry.id] = line
            built.append((entry, line))
        return built

    def vocabulary(self, r: FieldReader, top: LineMap) -> tuple[Vocabulary, frozenset[str]]:
        """The matcher's language, and the everyday words (known_words), which are kept apart."""
        if "vocabulary" not in top:
            return Vocabulary(), frozenset()
        m = r.mapping(top["vocabulary"], "vocabulary", r.line(top, "vocabulary"))
        if m is None:
            return Vocabulary(), frozenset()
        word_lists = (
            "stop_words", "negation_cues", "negation_after", "history_cues", "ended_cues",
            "other_person_cues", "self_cues", "future_cues", "secondary_cues", "clause_breaks", "known_words",
            "not_human_cues", "body_words", "symptom_words", "screening_words", "allergy_cues",
            "third_person_cues", "family_history_cues", "describing_words",
            "reported_speech_cues", "news_cues", "trouble_words",
        )  # fmt: skip
        r.known_keys(m, "vocabulary", set(), {"synonyms", "phrases", "foreign_phrases", *word_lists})
        lists = {key: frozenset(fold(w) for w in r.text_list(m, key, "vocabulary")) for key in word_lists}
        known_words = lists.pop("known_words")
        vocabulary = Vocabulary(
            synonyms=self.variant_map(r, m, "synonyms"),
            phrases=self.variant_map(r, m, "phrases"),
            foreign_phrases=self.variant_map(r, m, "foreign_phrases"),
            **lists,
        )
        for variant in sorted(vocabulary.phrases.keys() & vocabulary.foreign_phrases.keys()):
            r.error(r.line(m, "foreign_phrases"), f"{variant!r} is listed under both phrases and foreign_phrases")
        return vocabulary, known_words

    def variant_map(self, r: FieldReader, m: LineMap, key: str) -> dict[str, str]:
        """`canonical: [variant, ...]` groups turned into a variant -> canonical lookup."""
        result: dict[str, str] = {}
        groups = r.mapping(m[key], f"vocabulary: {key}", r.line(m, key)) if key in m else None
        for canonical in groups or {}:
            assert groups is not None
            for variant in r.text_list(groups, canonical, f"{key} of {canonical!r}", min_items=1):
                folded = " ".join(fold(variant).split())
                if result.get(folded, canonical) != canonical:
                    r.error(
                        groups.key_lines[canonical],
                        f"{variant!r} is listed under both {result[folded]!r} and {canonical!r}",
                    )
                result[folded] = fold(canonical)
        return result

    def no_shrunken_phrases(
        self,
        r: FieldReader,
        entries: Iterable[tuple[Any, int, tuple[str, ...]]],
        n: Normalizer,
        known_words: frozenset[str],
    ) -> None:
        """A phrase of several words that reads as one everyday word ("wet myself" -> "wet") would
        fire on any text holding that word: refuse it."""
        everyday = known_words | n.vocabulary.negation_cues
        for entry, line, phrases in entries:
            for phrase in phrases:
                tokens = n.tokens(phrase)
                if not tokens:
                    # (every word a stop word: "how I'd do it" would never be found)
                    r.error(line, f"{entry.id}: {phrase!r} has no word the reading keeps")
                elif len(phrase.split()) > 1 and len(tokens) == 1 and tokens[0].raw in everyday:
                    r.error(line, f"{entry.id}: {phrase!r} reads as the everyday word {tokens[0].raw!r} alone")
                elif len(tokens) > 1 and len({t.word for t in tokens}) == 1:
                    # ("agonising pain" reads as "pain pain": a synonym folded into the word beside it)
                    r.error(line, f"{entry.id}: {phrase!r} reads as the word {tokens[0].word!r} alone, repeated")
                elif len(phrase.split()) > 1 and len(tokens) == 1 and self._only_one_word_kept(phrase, tokens, n):
                    # ("from my stroke" kept only "stroke", so any stroke told, this year's too, read as an old one's
                    # leftovers): a phrase whose other words are all dropped is that one word; write it so.
                    r.error(
                        line,
                        f"{entry.id}: {phrase!r} keeps only the word {tokens[0].raw!r}: write it, or words that stay",
                    )

    @staticmethod
    def _only_one_word_kept(phrase: str, tokens: Sequence[Token], n: Normalizer) -> bool:
        """True when reading the phrase's words one by one keeps the same single word: the rest were
        dropped as filler, not rewritten together into one term ("little finger" -> "pinky" is kept)."""
        return [t.word for w in phrase.split() for t in n.tokens(w)] == [t.word for t in tokens]

    def unique_phrases(
        self, r: FieldReader, entries: Iterable[tuple[Any, int, tuple[str, ...]]], n: Normalizer
    ) -> None:
        """Two entries answering to the same words would make matching a coin toss: refuse it."""
        owner: dict[tuple[str, ...], str] = {}
        for entry, line, phrases in entries:
            for phrase in phrases:
                key = n.phrase(phrase)
                if not key:
                    r.error(line, f"{entry.id}: {phrase!r} has no content words")
                    continue
                other = owner.setdefault(key, entry.id)
                if other != entry.id:
                    r.error(line, f"{entry.id}: {phrase!r} reads the same as a name or alias of {other!r}")
