"""Load the three knowledge-base files, check them field by field, and build the typed model.

Every problem is collected (file and line) before anything is raised, so `validate` can report them
all at once, the way a compiler does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from massage_match.errors import KnowledgeBaseError, Problem
from massage_match.kb.sources import FILES, decode_sources, read_sources
from massage_match.language.normalize import Normalizer, fold
from massage_match.model import (
    EVIDENCE_WEIGHTS,
    KINDS,
    URGENCIES,
    Adjustments,
    Condition,
    Contraindication,
    KnowledgeBase,
    Link,
    Modality,
    Plan,
    RedFlag,
    Vocabulary,
)

if TYPE_CHECKING:  # the YAML reader is imported only when the files must really be parsed
    from massage_match.kb.fields import FieldReader
    from massage_match.kb.lined_yaml import LineMap

ICD10_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
CPT_SHAPE = re.compile(r"^[0-9]{4}[0-9A-Z]$")
ID_SHAPE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_knowledge_base(data_dir: str | os.PathLike[str] | None = None) -> KnowledgeBase:
    """Load and validate a knowledge base (the embedded one when `data_dir` is None).

    Raises KnowledgeBaseError listing every problem found, each with file and line.
    """
    raws, where, digest = read_sources(data_dir)
    return build(decode_sources(raws, where), where, digest)


def build(texts: dict[str, str], where: str, digest: str) -> KnowledgeBase:
    from massage_match.kb.lined_yaml import load_yaml

    problems: list[Problem] = []
    docs: dict[str, Any] = {}
    for name in FILES:
        doc, found = load_yaml(texts[name], str(Path(where) / name))
        problems.extend(found)
        docs[name] = doc
    if problems:
        raise KnowledgeBaseError(problems)
    loader = _Loader(where, problems)
    kb = loader.knowledge_base(docs, digest)
    if problems:
        raise KnowledgeBaseError(problems)
    return kb


class _Loader:
    def __init__(self, where: str, problems: list[Problem]):
        self.where = where
        self.problems = problems

    def reader(self, name: str) -> FieldReader:
        from massage_match.kb.fields import FieldReader

        return FieldReader(str(Path(self.where) / name), self.problems)

    def top(self, r: FieldReader, doc: Any, required: set[str], optional: set[str]) -> LineMap:
        from massage_match.kb.lined_yaml import LineMap

        m = r.mapping(doc, "the file", 1) if doc is not None else None
        if m is None:
            if doc is None:
                r.error(1, "the file is empty")
            return LineMap()
        r.known_keys(m, "top level", required, optional)
        return m

    def knowledge_base(self, docs: dict[str, Any], digest: str) -> KnowledgeBase:
        cr = self.reader("conditions.yaml")
        mr = self.reader("modalities.yaml")
        xr = self.reader("contraindications.yaml")
        ctop = self.top(cr, docs["conditions.yaml"], {"conditions"}, {"vocabulary"})
        mtop = self.top(mr, docs["modalities.yaml"], {"modalities"}, set())
        xtop = self.top(xr, docs["contraindications.yaml"], {"contraindications"}, {"red_flags"})

        vocabulary = self.vocabulary(cr, ctop)
        modalities = self.collect(mr, mtop, "modalities", self.modality)
        known = {m.id for m, _ in modalities}
        conditions = self.collect(cr, ctop, "conditions", lambda r, m, w: self.condition(r, m, w, known))
        contras = self.collect(xr, xtop, "contraindications", lambda r, m, w: self.contraindication(r, m, w, known))
        flags = self.collect(xr, xtop, "red_flags", self.red_flag, required=False)
        contra_ids = {c.id for c, _ in contras}
        for c, line in contras:
            for other in c.implies:
                if other not in contra_ids or other == c.id:
                    xr.error(line, f"contraindications[{c.id}]: implies unknown contraindication {other!r}")

        normalizer = Normalizer(vocabulary)
        self.unique_phrases(cr, [(c, line, (c.name, *c.aliases)) for c, line in conditions], normalizer)
        self.unique_phrases(xr, [(c, line, (c.name, *c.terms)) for c, line in contras], normalizer)
        self.no_shrunken_phrases(xr, [(c, line, c.terms) for c, line in contras], normalizer)
        self.no_shrunken_phrases(
            xr, [(f, line, tuple(p for g in (*f.when, f.complaint) for p in g)) for f, line in flags], normalizer
        )
        return KnowledgeBase(
            conditions=tuple(c for c, _ in conditions),
            modalities=tuple(m for m, _ in modalities),
            contraindications=tuple(c for c, _ in contras),
            red_flags=tuple(f for f, _ in flags),
            vocabulary=vocabulary,
            source=self.where,
            digest=digest,
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

    def entry_id(self, r: FieldReader, m: LineMap, where: str) -> str | None:
        value = r.text(m, "id", where)
        if value is not None and not ID_SHAPE.match(value):
            r.error(r.line(m, "id"), f"{where}: id {value!r} must be lowercase words joined by '-'")
            return None
        return value

    def vocabulary(self, r: FieldReader, top: LineMap) -> Vocabulary:
        if "vocabulary" not in top:
            return Vocabulary()
        m = r.mapping(top["vocabulary"], "vocabulary", r.line(top, "vocabulary"))
        if m is None:
            return Vocabulary()
        word_lists = (
            "stop_words", "negation_cues", "negation_after", "history_cues", "ended_cues",
            "other_person_cues", "self_cues", "future_cues", "secondary_cues", "clause_breaks", "known_words",
            "not_human_cues", "body_words", "symptom_words",
        )  # fmt: skip
        r.known_keys(m, "vocabulary", set(), {"synonyms", "phrases", *word_lists})
        lists = {key: frozenset(fold(w) for w in r.text_list(m, key, "vocabulary")) for key in word_lists}
        return Vocabulary(
            synonyms=self.variant_map(r, m, "synonyms"),
            phrases=self.variant_map(r, m, "phrases"),
            **lists,
        )

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

    def modality(self, r: FieldReader, m: LineMap, where: str) -> Modality | None:
        r.known_keys(
            m,
            where,
            {"id", "name", "description", "pressure", "min_pressure", "session_minutes"},
            {"aliases", "cpt"},
        )
        id_ = self.entry_id(r, m, where)
        name = r.text(m, "name", where)
        description = r.text(m, "description", where)
        pressure = r.integer(m, "pressure", where, 1, 5)
        min_pressure = r.integer(m, "min_pressure", where, 1, 5)
        minutes = r.integer(m, "session_minutes", where, 5, 180)
        cpt = r.text_list(m, "cpt", where)
        for code in cpt:
            if not CPT_SHAPE.match(code):
                r.error(r.line(m, "cpt"), f"{where}: CPT code {code!r} is not five characters like 97124")
        if None in (id_, name, description, pressure, min_pressure, minutes):
            return None
        assert pressure is not None and min_pressure is not None
        if min_pressure > pressure:
            r.error(r.line(m, "min_pressure"), f"{where}: min_pressure {min_pressure} exceeds pressure {pressure}")
        return Modality(
            id=id_,
            name=name,
            description=description,  # type: ignore[arg-type]
            aliases=r.text_list(m, "aliases", where),
            cpt=cpt,
            pressure=pressure,
            min_pressure=min_pressure,
            session_minutes=minutes,  # type: ignore[arg-type]
        )

    def links(self, r: FieldReader, m: LineMap, key: str, where: str, known: set[str], graded: bool) -> tuple:
        links: list[Link] = []
        seen: set[str] = set()
        if key not in m:
            return ()
        for line, item in r.items(m[key], f"{where}: {key}", r.line(m, key)):
            lm = r.mapping(item, f"{where}: an entry of {key}", line)
            if lm is None:
                continue
            lw = f"{where}: {key}"
            r.known_keys(lm, lw, {"modality", "reason"} | ({"evidence"} if graded else set()), {"source"})
            modality = r.text(lm, "modality", lw)
            reason = r.text(lm, "reason", lw)
            evidence = r.text(lm, "evidence", lw, required=graded) if graded or "evidence" in lm else None
            if evidence is not None and evidence not in EVIDENCE_WEIGHTS:
                r.error(
                    r.line(lm, "evidence"),
                    f"{lw}: evidence {evidence!r} is not one of {', '.join(EVIDENCE_WEIGHTS)}",
                )
            if modality is not None and modality not in known:
                r.error(r.line(lm, "modality"), f"{lw}: unknown modality {modality!r}")
                continue
            if modality in seen:
                r.error(r.line(lm, "modality"), f"{lw}: modality {modality!r} listed twice")
                continue
            if modality is None or reason is None:
                continue
            seen.add(modality)
            links.append(Link(modality, reason, evidence, r.text(lm, "source", lw, required=False)))
        return tuple(links)

    def condition(self, r: FieldReader, m: LineMap, where: str, known: set[str]) -> Condition | None:
        r.known_keys(
            m, where, {"id", "name", "icd10", "aliases", "modalities"}, {"region", "avoid", "plan", "note", "generic"}
        )
        id_ = self.entry_id(r, m, where)
        name = r.text(m, "name", where)
        icd10 = r.text_list(m, "icd10", where, min_items=1)
        for code in icd10:
            if not ICD10_SHAPE.match(code):
                r.error(r.line(m, "icd10"), f"{where}: ICD-10-CM code {code!r} has the wrong shape (like M54.50)")
        links = self.links(r, m, "modalities", where, known, graded=True)
        avoid = self.links(r, m, "avoid", where, known, graded=False)
        for clash in {link.modality for link in links} & {a.modality for a in avoid}:
            r.error(r.line(m, "avoid"), f"{where}: {clash!r} is both linked and avoided")
        plan = self.plan(r, m.get("plan"), where, r.line(m, "plan")) if "plan" in m else None
        if id_ is None or name is None or not icd10:
            return None
        return Condition(
            id=id_,
            name=name,
            icd10=icd10,
            region=r.text_list(m, "region", where),
            aliases=r.text_list(m, "aliases", where),
            links=links,
            avoid=avoid,
            plan=plan,
            note=r.text(m, "note", where, required=False),
            generic=self.flag(r, m, "generic", where),
        )

    def plan(self, r: FieldReader, value: Any, where: str, line: int) -> Plan | None:
        m = r.mapping(value, f"{where}: plan", line)
        if m is None:
            return None
        pw = f"{where}: plan"
        r.known_keys(m, pw, {"session_minutes", "frequency", "visits"}, {"home_care"})
        minutes = r.integer(m, "session_minutes", pw, 10, 180)
        frequency = r.text(m, "frequency", pw)
        visits: tuple[int, int] | None = None
        raw = m.get("visits")
        if (
            isinstance(raw, list)
            and len(raw) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in raw)
            and 1 <= raw[0] <= raw[1] <= 52
        ):
            visits = (raw[0], raw[1])
        elif "visits" in m:
            r.error(r.line(m, "visits"), f"{pw}: visits must be [min, max], whole numbers, 1 <= min <= max <= 52")
        if minutes is None or frequency is None or visits is None:
            return None
        return Plan(minutes, frequency, visits, r.text_list(m, "home_care", pw))

    def contraindication(self, r: FieldReader, m: LineMap, where: str, known: set[str]) -> Contraindication | None:
        r.known_keys(
            m,
            where,
            {"id", "name", "kind", "modalities", "reason", "guidance", "terms"},
            {"avoid", "adjustments", "source", "implies", "lasting"},
        )
        id_ = self.entry_id(r, m, where)
        name = r.text(m, "name", where)
        kind = r.text(m, "kind", where)
        if kind is not None and kind not in KINDS:
            r.error(r.line(m, "kind"), f"{where}: kind {kind!r} is not one of absolute, local, relative")
            kind = None
        concerned: tuple[str, ...] | None = None
        if m.get("modalities") != "all":
            concerned = self.modality_refs(r, m, "modalities", where, known)
        avoid = frozenset(self.modality_refs(r, m, "avoid", where, known))
        if kind == "absolute" and concerned is not None:
            r.error(r.line(m, "modalities"), f"{where}: an absolute contraindication concerns all modalities")
        if concerned is not None and not avoid <= set(concerned):
            outside = ", ".join(sorted(avoid - set(concerned)))
            r.error(r.line(m, "avoid"), f"{where}: avoid names modalities it does not concern: {outside}")
        adjustments = self.adjustments(r, m, where)
        reason = r.text(m, "reason", where)
        guidance = r.text(m, "guidance", where)
        terms = r.text_list(m, "terms", where, min_items=1)
        if None in (id_, name, kind, reason, guidance, adjustments):
            return None
        return Contraindication(
            id=id_,
            name=name,
            kind=kind,
            modalities=concerned,
            avoid=avoid,  # type: ignore[arg-type]
            reason=reason,
            guidance=guidance,
            adjustments=adjustments,
            terms=terms,  # type: ignore[arg-type]
            source=r.text(m, "source", where, required=False),
            implies=r.text_list(m, "implies", where),
            lasting=self.flag(r, m, "lasting", where),
        )

    def flag(self, r: FieldReader, m: LineMap, key: str, where: str) -> bool:
        value = m.get(key, False)
        if not isinstance(value, bool):
            r.error(r.line(m, key), f"{where}: {key} must be true or false")
            return False
        return value

    def modality_refs(self, r: FieldReader, m: LineMap, key: str, where: str, known: set[str]) -> tuple[str, ...]:
        if key not in m:
            return ()
        refs = r.text_list(m, key, where)
        for ref in refs:
            if ref not in known:
                r.error(r.line(m, key), f"{where}: {key} names unknown modality {ref!r}")
        return tuple(ref for ref in refs if ref in known)

    def adjustments(self, r: FieldReader, m: LineMap, where: str) -> Adjustments | None:
        if m.get("adjustments") is None:
            return Adjustments()
        am = r.mapping(m["adjustments"], f"{where}: adjustments", r.line(m, "adjustments"))
        if am is None:
            return None
        aw = f"{where}: adjustments"
        r.known_keys(am, aw, set(), {"pressure_max", "avoid_sites", "position", "session_max_minutes", "notes"})
        return Adjustments(
            pressure_max=r.integer(am, "pressure_max", aw, 1, 5),
            avoid_sites=r.text_list(am, "avoid_sites", aw),
            position=r.text(am, "position", aw, required=False),
            session_max_minutes=r.integer(am, "session_max_minutes", aw, 5, 180),
            notes=r.text_list(am, "notes", aw),
        )

    def red_flag(self, r: FieldReader, m: LineMap, where: str) -> RedFlag | None:
        r.known_keys(m, where, {"id", "name", "urgency", "reason", "when"}, {"complaint", "past_counts"})
        id_ = self.entry_id(r, m, where)
        name = r.text(m, "name", where)
        urgency = r.text(m, "urgency", where)
        if urgency is not None and urgency not in URGENCIES:
            r.error(r.line(m, "urgency"), f"{where}: urgency {urgency!r} is not one of {', '.join(URGENCIES)}")
            urgency = None
        groups: list[tuple[str, ...]] = []
        for line, group in r.items(m.get("when"), f"{where}: when", r.line(m, "when")):
            phrases = [str(p).strip() for p in group] if isinstance(group, list) else []
            if not phrases or not all(phrases):
                r.error(line, f"{where}: each item of when must be a non-empty list of phrases")
                continue
            groups.append(tuple(phrases))
        reason = r.text(m, "reason", where)
        complaint = r.text_list(m, "complaint", where)
        past_counts = self.flag(r, m, "past_counts", where)
        if None in (id_, name, urgency, reason) or not groups:
            return None
        return RedFlag(id_, name, urgency, reason, tuple(groups), complaint, past_counts)  # type: ignore[arg-type]

    def no_shrunken_phrases(
        self, r: FieldReader, entries: Iterable[tuple[Any, int, tuple[str, ...]]], n: Normalizer
    ) -> None:
        """A phrase of several words that reads as one everyday word ("wet myself" -> "wet") would
        fire on any text holding that word: refuse it."""
        everyday = n.vocabulary.known_words | n.vocabulary.negation_cues
        for entry, line, phrases in entries:
            for phrase in phrases:
                tokens = n.tokens(phrase)
                if len(phrase.split()) > 1 and len(tokens) == 1 and tokens[0].raw in everyday:
                    r.error(line, f"{entry.id}: {phrase!r} reads as the everyday word {tokens[0].raw!r} alone")

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
