"""Red-flag rules as data: every mistake in one is a located problem, and each kind of rule works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from massage_match.kb import load_knowledge_base
from massage_match.loading import engine_for

from ..conftest import run

CONCEPTS = """
concepts:
  - id: calf-pain
    phrases: [calf pain, sore calf]
  - id: long-flight
    phrases: [long flight, long haul flight]
  - id: both-legs
    phrases: [both legs, both calves]
  - id: old-cancer
    past: true
    phrases: [cancer]
"""


def _words(rule: Any) -> set[str]:
    if isinstance(rule, str):
        return {rule}
    if isinstance(rule, dict):
        return set().union(*(_words(v) for v in rule.values()))
    if isinstance(rule, list):
        return set().union(*(_words(v) for v in rule))
    return set()


def _criteria_concepts(kb_copy: Path) -> str:
    """The copy's own concepts that conditions' criteria, signs and contexts and contraindications' over_when
    and fresh_when name, as YAML entries (they must stay)."""
    conditions = yaml.safe_load((kb_copy / "conditions.yaml").read_text(encoding="utf-8"))["conditions"]
    named = set().union(
        *(_words(c.get("criteria")) | _words(c.get("signs")) | _words(c.get("context")) for c in conditions)
    )
    document = yaml.safe_load((kb_copy / "contraindications.yaml").read_text(encoding="utf-8"))
    named |= set().union(
        *(_words(c.get(key)) for c in document["contraindications"] for key in ("over_when", "fresh_when"))
    )
    concepts = document["concepts"]
    kept = [c for c in concepts if c["id"] in named]
    return yaml.safe_dump(kept, default_flow_style=None).replace("\n", "\n  ").join(["  ", "\n"]) if kept else ""


def _flags(kb_copy: Path, when: str, extra: str = "") -> Path:
    """The copy's red flags replaced by one flag with the rule `when` (YAML, indented for `when:`)."""
    path = kb_copy / "contraindications.yaml"
    kept = _criteria_concepts(kb_copy)
    text = path.read_text(encoding="utf-8")
    cut = text.index("\nconcepts:")
    flag = (
        "red_flags:\n  - id: test-flag\n    name: Test flag\n    urgency: urgent\n"
        f"    reason: For the test.\n    when:\n{when}\n{extra}"
    )
    path.write_text(text[:cut] + CONCEPTS + kept + flag, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "when,message",
    [
        ("      all: [calf-pain, clot-words]", "unknown concept 'clot-words'"),
        ("      fact: height >= 2", "unknown fact 'height'"),
        ("      fact: age is old", "a fact reads like 'age >= 50'"),
        ("      not: calf-pain", "must require something present"),
        ("      any: [calf-pain, {not: both-legs}]", "must require something present"),
        ("      every: [calf-pain]", "unknown rule 'every'"),
        ("      all: []", "all must list at least one rule"),
        ("      same_clause: [calf-pain]", "same_clause lists two or more"),
    ],
)
def test_a_wrong_rule_is_a_located_problem(kb_copy: Path, when: str, message: str) -> None:
    path = _flags(kb_copy, when)
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3, result.output
    line = next(line for line in result.stderr.splitlines() if message in line)
    assert line.startswith(f"{path}:"), line


def test_a_rule_nested_without_end_is_refused(kb_copy: Path) -> None:
    _flags(kb_copy, "      " + "{not: " * 20 + "calf-pain" + "}" * 20)
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3
    assert "nests deeper" in result.stderr


def _raised(kb_copy: Path, symptom: str, health: tuple[str, ...] = ()) -> list[str]:
    engine = engine_for(load_knowledge_base(kb_copy))
    return [hit.flag.id for hit in engine.matcher.red_flags(symptom, health)]


def test_all_any_not_and_facts(kb_copy: Path) -> None:
    _flags(kb_copy, "      all: [calf-pain, {any: [long-flight, {fact: age >= 60}]}, {not: both-legs}]")
    assert _raised(kb_copy, "sore calf after a long flight") == ["test-flag"]
    assert _raised(kb_copy, "sore calf", ("I am 72",)) == ["test-flag"]
    assert _raised(kb_copy, "sore calf", ("I am 42",)) == []
    assert _raised(kb_copy, "sore calf after a long flight, both legs") == []
    assert _raised(kb_copy, "no calf pain after a long flight") == []


def test_same_clause_and_complaint_scopes(kb_copy: Path) -> None:
    _flags(kb_copy, "      all: [{same_clause: [calf-pain, long-flight]}]")
    assert _raised(kb_copy, "sore calf since my long flight") == ["test-flag"]
    assert _raised(kb_copy, "sore calf. I enjoyed my long flight") == []
    _flags(kb_copy, "      all: [{complaint: calf-pain}, long-flight]")
    assert _raised(kb_copy, "sore calf", ("long flight yesterday",)) == ["test-flag"]
    assert _raised(kb_copy, "neck pain", ("sore calf", "long flight yesterday")) == []


def test_a_past_concept_counts_history_and_never_someone_else(kb_copy: Path) -> None:
    _flags(kb_copy, "      all: [calf-pain, old-cancer]")
    assert _raised(kb_copy, "sore calf, had cancer in 2015") == ["test-flag"]
    assert _raised(kb_copy, "sore calf, my mother had cancer") == []


def test_explain_names_the_words_and_facts(kb_copy: Path) -> None:
    _flags(kb_copy, "      all: [calf-pain, {fact: age >= 60}]")
    engine = engine_for(load_knowledge_base(kb_copy))
    (hit,) = engine.matcher.red_flags("sore calf", ("I'm 70",))
    assert hit.evidence == ("calf pain (calf pain)", "age 70 (>= 60)")
    assert hit.source == "sore calf"  # the finding's text: a fact only qualifies it


def test_a_phrase_whose_other_words_are_all_dropped_is_refused(kb_copy: Path) -> None:
    # ("from my stroke" was read as "stroke": any stroke told, today's too, looked like an old one's leftovers)
    path = _flags(kb_copy, "      all: [calf-pain]")
    path.write_text(
        path.read_text(encoding="utf-8").replace("    phrases: [cancer]", "    phrases: [cancer, from my cancer]")
    )
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3, result.output
    assert "old-cancer: 'from my cancer' keeps only the word 'cancer'" in result.stderr
