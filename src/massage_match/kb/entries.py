"""Reading each kind of knowledge-base entry out of its YAML mapping, field by field.

Each function returns the typed entry, or None when a required field is missing or wrong; every
problem is recorded on the FieldReader with its line, never raised.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from massage_match.kb.fields import FieldReader
from massage_match.kb.lined_yaml import LineMap
from massage_match.kb.rules import RuleReader, read_when
from massage_match.model import (
    EVIDENCE_WEIGHTS,
    KINDS,
    URGENCIES,
    Adjustments,
    Concept,
    Condition,
    Contraindication,
    Link,
    Modality,
    Plan,
    RedFlag,
)

ICD10_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
CPT_SHAPE = re.compile(r"^[0-9]{4}[0-9A-Z]$")
ID_SHAPE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
Choice = TypeVar("Choice", bound=str)


def read_choice(r: FieldReader, m: LineMap, key: str, where: str, choices: tuple[Choice, ...]) -> Choice | None:
    """The field's text if it is one of `choices` (a problem recorded otherwise)."""
    text = r.text(m, key, where)
    for choice in choices:
        if text == choice:
            return choice
    if text is not None:
        r.error(r.line(m, key), f"{where}: {key} {text!r} is not one of {', '.join(choices)}")
    return None


def read_id(r: FieldReader, m: LineMap, where: str) -> str | None:
    value = r.text(m, "id", where)
    if value is not None and not ID_SHAPE.match(value):
        r.error(r.line(m, "id"), f"{where}: id {value!r} must be lowercase words joined by '-'")
        return None
    return value


def modality(r: FieldReader, m: LineMap, where: str) -> Modality | None:
    r.known_keys(
        m,
        where,
        {"id", "name", "description", "pressure", "min_pressure", "session_minutes"},
        {"aliases", "cpt"},
    )
    id_ = read_id(r, m, where)
    name = r.text(m, "name", where)
    description = r.text(m, "description", where)
    pressure = r.integer(m, "pressure", where, 1, 5)
    min_pressure = r.integer(m, "min_pressure", where, 1, 5)
    minutes = r.integer(m, "session_minutes", where, 5, 180)
    cpt = r.text_list(m, "cpt", where)
    for code in cpt:
        if not CPT_SHAPE.match(code):
            r.error(r.line(m, "cpt"), f"{where}: CPT code {code!r} is not five characters like 97124")
    if id_ is None or name is None or description is None or minutes is None:
        return None
    if pressure is None or min_pressure is None:
        return None
    if min_pressure > pressure:
        r.error(r.line(m, "min_pressure"), f"{where}: min_pressure {min_pressure} exceeds pressure {pressure}")
    return Modality(
        id=id_,
        name=name,
        description=description,
        aliases=r.text_list(m, "aliases", where),
        cpt=cpt,
        pressure=pressure,
        min_pressure=min_pressure,
        session_minutes=minutes,
    )


def read_links(r: FieldReader, m: LineMap, key: str, where: str, known: set[str], graded: bool) -> tuple:
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


def condition(
    r: FieldReader, m: LineMap, where: str, known: set[str], named: dict[str, list[tuple[str, int]]]
) -> Condition | None:
    """The condition; the concepts its criteria name (with lines) go into `named` for the loader."""
    r.known_keys(
        m,
        where,
        {"id", "name", "aliases", "modalities"},
        {
            "icd10",
            "region",
            "avoid",
            "plan",
            "note",
            "generic",
            "request",
            "covers",
            "kind_of",
            "no_code",
            "criteria",
            "signs",
            "context",
            "said_alone",
        },
    )
    id_ = read_id(r, m, where)
    name = r.text(m, "name", where)
    # A request that is no diagnosis (maintenance massage) has no code, and says why instead.
    no_code = r.text(m, "no_code", where, required=False)
    icd10 = r.text_list(m, "icd10", where, min_items=0 if no_code else 1)
    if no_code and icd10:
        r.error(r.line(m, "no_code"), f"{where}: has ICD-10-CM codes and a reason for having none")
    if not no_code and "icd10" not in m:
        r.error(r.line(m, "id"), f"{where}: needs ICD-10-CM codes (icd10) or a reason for none (no_code)")
    for code in icd10:
        if not ICD10_SHAPE.match(code):
            r.error(r.line(m, "icd10"), f"{where}: ICD-10-CM code {code!r} has the wrong shape (like M54.50)")
    links = read_links(r, m, "modalities", where, known, graded=True)
    avoid = read_links(r, m, "avoid", where, known, graded=False)
    for clash in {link.modality for link in links} & {a.modality for a in avoid}:
        r.error(r.line(m, "avoid"), f"{where}: {clash!r} is both linked and avoided")
    plan = read_plan(r, m.get("plan"), where, r.line(m, "plan")) if "plan" in m else None
    criteria, concepts = read_when(r, m, where, "criteria")
    signs, sign_concepts = read_when(r, m, where, "signs")
    concepts += sign_concepts
    context = r.text(m, "context", where, required=False)
    if context is not None:
        concepts.append((context, r.line(m, "context")))
    if id_ is None or name is None or not (icd10 or no_code):
        return None
    named[id_] = concepts
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
        generic=read_flag(r, m, "generic", where),
        request=read_flag(r, m, "request", where),
        covers=r.text_list(m, "covers", where),
        kind_of=r.text_list(m, "kind_of", where),
        no_code=no_code,
        criteria=criteria,
        signs=signs,
        context=context,
        said_alone=r.text_list(m, "said_alone", where),
    )


def read_plan(r: FieldReader, value: Any, where: str, line: int) -> Plan | None:
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


def contraindication(
    r: FieldReader, m: LineMap, where: str, known: set[str], named: dict[str, list[tuple[str, int]]]
) -> Contraindication | None:
    """The contraindication; the concepts its rules name (with lines) go into `named` for the loader."""
    r.known_keys(
        m,
        where,
        {"id", "name", "kind", "modalities", "reason", "guidance", "terms"},
        {
            "avoid",
            "adjustments",
            "source",
            "implies",
            "lasting",
            "triage",
            "medicines",
            "fact",
            "site_bound",
            "counts_while",
            "over_when",
            "fresh_when",
            "spares",
        },
    )
    id_ = read_id(r, m, where)
    name = r.text(m, "name", where)
    kind = read_choice(r, m, "kind", where, KINDS)
    concerned: tuple[str, ...] | None = None
    if m.get("modalities") != "all":
        concerned = read_modality_refs(r, m, "modalities", where, known)
        if "spares" in m:
            r.error(r.line(m, "spares"), f"{where}: spares goes with modalities: all")
    elif "spares" in m:
        # "All but the care for it": ice is what a fresh injury needs, not a modality to keep off it.
        spared = set(read_modality_refs(r, m, "spares", where, known))
        concerned = tuple(sorted(known - spared))
    avoid = frozenset(read_modality_refs(r, m, "avoid", where, known))
    if kind == "absolute" and concerned is not None:
        r.error(r.line(m, "modalities"), f"{where}: an absolute contraindication concerns all modalities")
    if concerned is not None and not avoid <= set(concerned):
        outside = ", ".join(sorted(avoid - set(concerned)))
        r.error(r.line(m, "avoid"), f"{where}: avoid names modalities it does not concern: {outside}")
    adjustments = read_adjustments(r, m, where)
    reason = r.text(m, "reason", where)
    guidance = r.text(m, "guidance", where)
    terms = r.text_list(m, "terms", where, min_items=1)
    triage = read_choice(r, m, "triage", where, URGENCIES) if "triage" in m else None
    over_when, concepts = read_when(r, m, where, "over_when")
    fresh_when, fresh_concepts = read_when(r, m, where, "fresh_when")
    concepts += fresh_concepts
    if id_ is None or name is None or kind is None or reason is None or guidance is None or adjustments is None:
        return None
    named[id_] = concepts
    return Contraindication(
        id=id_,
        name=name,
        kind=kind,
        modalities=concerned,
        avoid=avoid,
        reason=reason,
        guidance=guidance,
        adjustments=adjustments,
        terms=terms,
        source=r.text(m, "source", where, required=False),
        implies=r.text_list(m, "implies", where),
        lasting=read_flag(r, m, "lasting", where),
        triage=triage,
        medicines=tuple(name.lower() for name in r.text_list(m, "medicines", where)),
        fact=RuleReader(r, where).read_fact(m["fact"], r.line(m, "fact")) if "fact" in m else None,
        site_bound=read_flag(r, m, "site_bound", where),
        counts_while=r.text_list(m, "counts_while", where),
        over_when=over_when,
        fresh_when=fresh_when,
    )


def read_flag(r: FieldReader, m: LineMap, key: str, where: str) -> bool:
    value = m.get(key, False)
    if not isinstance(value, bool):
        r.error(r.line(m, key), f"{where}: {key} must be true or false")
        return False
    return value


def read_modality_refs(r: FieldReader, m: LineMap, key: str, where: str, known: set[str]) -> tuple[str, ...]:
    if key not in m:
        return ()
    refs = r.text_list(m, key, where)
    for ref in refs:
        if ref not in known:
            r.error(r.line(m, key), f"{where}: {key} names unknown modality {ref!r}")
    return tuple(ref for ref in refs if ref in known)


def read_adjustments(r: FieldReader, m: LineMap, where: str) -> Adjustments | None:
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


def concept(r: FieldReader, m: LineMap, where: str) -> Concept | None:
    r.known_keys(m, where, {"id", "phrases"}, {"name", "past", "outside_massage", "others"})
    id_ = read_id(r, m, where)
    phrases = r.text_list(m, "phrases", where, min_items=1)
    name = r.text(m, "name", where, required=False)
    if id_ is None or not phrases:
        return None
    return Concept(
        id_,
        name or id_.replace("-", " "),
        phrases,
        read_flag(r, m, "past", where),
        r.text(m, "outside_massage", where, required=False),
        read_flag(r, m, "others", where),
    )


def red_flag(r: FieldReader, m: LineMap, where: str, named: dict[str, list[tuple[str, int]]]) -> RedFlag | None:
    """The flag; the concepts its rule names (with lines) go into `named` for the loader to check."""
    r.known_keys(m, where, {"id", "name", "urgency", "reason", "when"}, {"source", "examples", "counterexamples"})
    id_ = read_id(r, m, where)
    name = r.text(m, "name", where)
    urgency = read_choice(r, m, "urgency", where, URGENCIES)
    reason = r.text(m, "reason", where)
    rule, concepts = read_when(r, m, where)
    if id_ is None or name is None or urgency is None or reason is None or rule is None:
        return None
    named[id_] = concepts
    return RedFlag(
        id=id_,
        name=name,
        urgency=urgency,
        reason=reason,
        when=rule,
        source=r.text(m, "source", where, required=False),
        examples=r.text_list(m, "examples", where),
        counterexamples=r.text_list(m, "counterexamples", where),
    )
