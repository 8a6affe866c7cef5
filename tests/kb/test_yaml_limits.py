"""Hostile YAML is refused with a located problem, quickly and in little memory: alias bombs, recursive
aliases, deep nesting, values the constructor cannot build, and files that are not files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from massage_match.errors import Problem
from massage_match.kb.lined_yaml import load_yaml

from .cli_process import run_process

# 342 bytes that stand for 9**9 (387 million) strings once every alias is expanded
ALIAS_BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)


def test_the_bomb_is_the_classic_342_bytes() -> None:
    assert len(ALIAS_BOMB) + 1 == 342


def test_an_alias_bomb_in_a_knowledge_base_is_refused_quickly(kb_copy: Path, tmp_path: Path) -> None:
    (kb_copy / "conditions.yaml").write_text(ALIAS_BOMB + "\n", encoding="utf-8")
    started = time.monotonic()
    done = run_process("--data-dir", str(kb_copy), "validate", cache=tmp_path / "cache")
    assert time.monotonic() - started < 30
    assert done.returncode == 3, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith(f"{kb_copy / 'conditions.yaml'}:7: more than 1,000,000 values")


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "directory"])
def test_a_knowledge_base_file_that_is_not_a_file_is_refused(kind: str, kb_copy: Path, tmp_path: Path) -> None:
    target = kb_copy / "modalities.yaml"
    target.unlink()
    if kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    done = run_process("--data-dir", str(kb_copy), "validate", cache=tmp_path / "cache", timeout=30)
    assert done.returncode == 3, done.stderr
    what = "a directory" if kind == "directory" else "not a regular file"
    assert done.stderr.splitlines() == [f"{target}: cannot read: {what} (a file was expected)"]


def test_a_knowledge_base_file_over_the_size_limit_is_refused(kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from massage_match.errors import KnowledgeBaseError
    from massage_match.kb import sources

    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1000)
    with pytest.raises(KnowledgeBaseError) as caught:
        sources.read_sources(kb_copy)
    assert [p.message for p in caught.value.problems] == ["cannot read: larger than the 1,000-byte limit"] * 3


def test_the_node_budget_counts_every_alias_expansion() -> None:
    # 10 + 10 * 10 values: refused at 50 even though the text holds 22 nodes
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    value, problems = load_yaml(text, "f.yaml", max_nodes=50)
    assert value is None
    assert problems == [Problem("f.yaml", 2, "more than 50 values from here on (an alias expanding without end?)")]
    value, problems = load_yaml(text, "f.yaml", max_nodes=200)
    assert problems == [] and len(value["b"]) == 10


def test_the_default_budget_grows_with_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from massage_match.kb import lined_yaml

    monkeypatch.setattr(lined_yaml, "MAX_NODES", 1000)
    written_out = "a:\n" + "- lol\n" * 1100  # more values than MAX_NODES, each written in full: not a bomb
    value, problems = load_yaml(written_out, "f.yaml")
    assert problems == [] and len(value["a"]) == 1100
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: [" + ", ".join(["*a"] * 110) + "]\n"
    _, problems = load_yaml(bomb, "f.yaml")
    assert [p.line for p in problems] == [2]


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("x: 1\ny: &a [*a]\n", 2, "an alias that contains itself (recursive alias)"),
        ("x: 1\ny: &a {z: *a}\n", 2, "an alias that contains itself (recursive alias)"),
        ("x: 2024-02-30\n", 1, "unreadable value '2024-02-30': day is out of range for month"),
        ("x: 1\ny: " + "9" * 5000 + "\n", 2, "unreadable value '99999"),
        ("x: " + "[" * 150 + "]" * 150 + "\n", 1, "nested more than 100 levels deep"),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", None, "malformed YAML"),  # libyaml's own bound: 1000 levels
    ],
)
def test_bad_values_are_located_problems_not_tracebacks(text: str, line: int | None, message: str) -> None:
    _, problems = load_yaml(text, "f.yaml")
    assert len(problems) == 1
    assert problems[0].file == "f.yaml"
    if line is not None:
        assert problems[0].line == line
    assert problems[0].message.startswith(message) or problems[0].message.startswith("nested more than")
    assert "\n" not in str(problems[0])


def test_a_bad_value_in_a_knowledge_base_exits_3_with_its_line(kb_copy: Path) -> None:
    from tests.conftest import run

    path = kb_copy / "modalities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "when: 2024-02-30\n", encoding="utf-8")
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert f"{path}:{line}: unreadable value '2024-02-30'" in result.stderr


def test_a_large_plain_file_is_refused_in_bounded_memory() -> None:
    """No alias at all, just many values: counted before it is composed (which holds ~160 bytes a byte)."""
    import resource

    text = "junk:\n" + ("  - [" + ",".join(["a"] * 50) + "]\n") * 40_000  # 4.2 MB, 2 million values
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    value, problems = load_yaml(text, "big.yaml")
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert value is None
    assert len(problems) == 1 and problems[0].message.endswith("values: too large to read")
    assert grown_mib < 100  # composing it whole would take about 700 MiB


def test_a_concept_phrase_of_only_stop_words_is_refused_with_its_line(kb_copy: Path) -> None:
    """A phrase every word of which the reading drops ("how I'd do it") would never be found: the
    rule it serves would be silently weaker, so the knowledge base is refused."""
    from tests.conftest import run

    path = kb_copy / "contraindications.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "    phrases: [plan, planned, planning,"
    assert marker in text
    path.write_text(text.replace(marker, "    phrases: [how would do it, plan, planned, planning,"), encoding="utf-8")
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3
    assert "suicide-plan: 'how would do it' has no word the reading keeps" in result.stderr
