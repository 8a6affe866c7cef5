"""Texts that meet a red flag's rule, written from the rule itself: every flag in the knowledge base
gets one, whether or not its author wrote examples."""

from __future__ import annotations

from massage_match.engine import Engine
from massage_match.model import KnowledgeBase, Rule

_FACT_TEXT = {
    "age": "I am {n:g}",
    "systolic": "BP {n:g}/{low:g}",
    "diastolic": "BP 200/{n:g}",
    "temperature": "temperature {n:g}C",
    "weeks_pregnant": "{n:g} weeks pregnant",
    "heart_rate": "pulse {n:g}",
    "glucose_low": "blood sugar {n:g}",
    "glucose_high": "blood sugar {n:g}",
    "partner_age": "my boyfriend is {n:g}",
    "potassium": "potassium {n:g}",
    "inr": "INR {n:g}",
    "platelets_low": "platelets {n:g}",
    "sodium_low": "sodium {n:g}",
    "calcium": "calcium {n:g}",
    "haemoglobin_low": "haemoglobin {n:g}",
    "oxygen_low": "sats {n:g}%",
    "resp_rate": "RR {n:g}",
    "neutrophils_low": "neutrophils {n:g}",
    "sodium_high": "sodium {n:g}",
    "ketones": "blood ketones {n:g}",
    "lactate": "lactate {n:g}",
    "crp": "CRP {n:g}",
    "troponin": "troponin {n:g}",
    "magnesium_low": "magnesium {n:g}",
    "lithium": "lithium level {n:.1f}",
    "ck": "CK {n:g}",
    "gcs_low": "GCS {n:g}",
    "egfr_low": "eGFR {n:g}",
    "ferritin_low": "ferritin {n:g}",
    "creatinine": "creatinine {n:g}",
    "digoxin": "digoxin level {n:.1f}",
    "alt": "ALT {n:g}",
    "bilirubin": "bilirubin {n:g}",
    "psa": "PSA {n:g}",
    "esr": "ESR {n:g}",
    "wbc_low": "WBC {n:.1f}",
    "wbc_high": "WBC {n:g}",
    "amylase": "amylase {n:g}",
}
_NUDGE = {">=": 0, ">": 1, "<=": 0, "<": -1}


def rule_example(rule: Rule, kb: KnowledgeBase) -> list[str]:
    """Clauses that together meet the rule (one per concept, so no clause meets two by accident)."""
    op = rule[0]
    if op in ("concept", "complaint"):
        return [kb.concept(rule[1]).phrases[0]]
    if op == "same_clause":
        return [" ".join(kb.concept(c).phrases[0] for c in rule[1:])]
    if op == "fact":
        _, name, comparison, limit = rule
        n = limit + _NUDGE[comparison]
        # (a top pressure's reading needs a lower second number: 89/50, 180/100)
        return [_FACT_TEXT[name].format(n=n, low=100 if n > 120 else 50)]
    if op == "not":
        return []
    if op == "all":
        return [clause for child in rule[1:] for clause in rule_example(child, kb)]
    return rule_example(next(c for c in rule[1:] if c[0] != "not"), kb)


def _guards(rule: Rule) -> set[str]:
    """The concepts a rule sets aside (under "not")."""
    if rule[0] == "not":
        return {leaf[1] for leaf in _leaves(rule[1]) if leaf[0] in ("concept", "complaint")}
    if rule[0] in ("all", "any"):
        return set().union(*(_guards(child) for child in rule[1:]))
    return set()


def _leaves(rule: Rule) -> list[Rule]:
    if rule[0] in ("all", "any", "not"):
        return [leaf for child in rule[1:] for leaf in _leaves(child)]
    if rule[0] == "same_clause":
        return [("concept", c) for c in rule[1:]]
    return [rule]


def guards_met(rule: Rule, engine: Engine, text: str) -> bool:
    """Whether `text` holds a concept the rule sets aside."""
    flags = engine.matcher.flags
    present = flags.concepts_present([engine.matcher.screening_tokens(text)])
    ids = {flags._concept_ids[position] for position in present}
    return bool(ids & _guards(rule))
