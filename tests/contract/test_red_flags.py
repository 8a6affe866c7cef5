"""Every red flag in the knowledge base, as written: its examples raise it, its counterexamples do
not, and neither does the same finding denied or said of someone else."""

from __future__ import annotations

import pytest

from massage_match.engine import Engine
from massage_match.kb import load_knowledge_base
from tests.rule_text import rule_example

FLAGS = load_knowledge_base().red_flags


def _raised(engine: Engine, text: str) -> list[str]:
    return [hit.flag.id for hit in engine.matcher.red_flags(text)]


def test_every_flag_has_a_source_examples_and_counterexamples() -> None:
    for flag in FLAGS:
        assert flag.source, flag.id
        assert len(flag.examples) >= 3, flag.id
        assert len(flag.counterexamples) >= 3, flag.id


@pytest.mark.parametrize("flag", FLAGS, ids=lambda f: f.id)
def test_a_flag_s_examples_raise_it_and_its_counterexamples_do_not(engine: Engine, flag) -> None:
    for text in flag.examples:
        assert flag.id in _raised(engine, text), text
    for text in flag.counterexamples:
        assert flag.id not in _raised(engine, text), text


@pytest.mark.parametrize("flag", FLAGS, ids=lambda f: f.id)
def test_a_flag_is_raised_from_its_rule_and_not_for_someone_else(engine: Engine, flag) -> None:
    clauses = rule_example(flag.when, engine.kb)
    assert flag.id in _raised(engine, ". ".join(clauses))
    # the same words, every clause about the client's mother: nothing of the client's is there
    assert flag.id not in _raised(engine, ". ".join(f"my mother had {c}" for c in clauses))
