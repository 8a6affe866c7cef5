"""A broken knowledge base: every problem named with file and line, exit 3 for every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import run


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    """The first line holding `needle`; the last one if `needle` ends with a newline (a duplicate)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbers = [n for n, line in enumerate(lines, start=1) if needle.rstrip("\n") in line]
    assert numbers, needle
    return numbers[-1] if needle.endswith("\n") else numbers[0]


def test_missing_directory(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path / "nope"), "validate")
    assert result.exit_code == 3
    assert "not found" in result.stderr


def test_missing_file(kb_copy: Path) -> None:
    (kb_copy / "modalities.yaml").unlink()
    result = run("--data-dir", str(kb_copy), "conditions")
    assert result.exit_code == 3
    assert "modalities.yaml: file not found" in result.stderr


def test_env_var_selects_the_knowledge_base(kb_copy: Path) -> None:
    (kb_copy / "conditions.yaml").write_text("conditions: [\n", encoding="utf-8")
    result = run("validate", env={"MASSAGE_MATCH_DATA": str(kb_copy)})
    assert result.exit_code == 3
    assert "conditions.yaml" in result.stderr and "malformed YAML" in result.stderr


CASES = [
    # (file, old text, new text, expected message part, the line the message must name: the first
    # holding this text, the last if it ends with a newline; None: the message names a line of its own)
    ("modalities.yaml", "pressure: 4", "pressure: 9", "outside 1..5", "pressure: 9"),
    (
        "modalities.yaml",
        "session_minutes:",
        "sesion_minutes: 60\n    session_minutes:",
        "did you mean 'session_minutes'",
        "sesion_minutes",
    ),
    ("contraindications.yaml", "kind: relative", "kind: sometimes", "kind 'sometimes'", "kind: sometimes"),
    ("conditions.yaml", '"M54.50"', '"M5450X"', "wrong shape", '"M5450X"'),
    ("modalities.yaml", '"97124"', '"9712"', "five characters", '"9712"'),
    (
        "conditions.yaml",
        "- modality: swedish-massage",
        "- modality: swedish-masage",
        "unknown modality",
        "swedish-masage",
    ),
    (
        "conditions.yaml",
        "  - id: neck-pain",
        "  - id: low-back-pain",
        "duplicated id 'low-back-pain'",
        "id: low-back-pain\n",
    ),
    ("contraindications.yaml", "guidance:", "guidance: x\n    guidance:", "duplicated key 'guidance'", None),
    (
        "conditions.yaml",
        "conditions:\n",
        "conditions: !!python/object:os.system\n",
        "not allowed",
        "!!python",
    ),
]


@pytest.mark.parametrize("file,old,new,message,line_text", CASES)
def test_each_problem_is_located(
    kb_copy: Path, file: str, old: str, new: str, message: str, line_text: str | None
) -> None:
    path = kb_copy / file
    _replace(path, old, new)
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3, result.output
    assert message in result.stderr
    hit = next(line for line in result.stderr.splitlines() if message in line)
    assert hit.startswith(f"{path}:")
    if line_text is not None:
        assert hit.startswith(f"{path}:{_line_of(path, line_text)}:"), hit


def test_all_problems_are_reported_at_once(kb_copy: Path) -> None:
    _replace(kb_copy / "modalities.yaml", "pressure: 4", "pressure: 9")
    _replace(kb_copy / "contraindications.yaml", "kind: relative", "kind: sometimes")
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3
    assert "outside 1..5" in result.stderr and "kind 'sometimes'" in result.stderr


@pytest.mark.parametrize("args", [["recommend", "-s", "neck pain"], ["conditions"], ["show", "x"]])
def test_every_command_refuses_an_invalid_knowledge_base(kb_copy: Path, args: list[str]) -> None:
    _replace(kb_copy / "modalities.yaml", "pressure: 4", "pressure: 9")
    result = run("--data-dir", str(kb_copy), *args)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert f"{kb_copy / 'modalities.yaml'}:" in result.stderr and "outside 1..5" in result.stderr


def test_not_utf8(kb_copy: Path) -> None:
    (kb_copy / "modalities.yaml").write_bytes(b"modalities:\n  - id: \xff\n")
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3
    assert "modalities.yaml:2: not valid UTF-8" in result.stderr


@pytest.mark.parametrize("text", ["", "- a list\n", "just words\n"])
def test_a_file_that_is_not_a_mapping_is_a_located_problem(kb_copy: Path, text: str) -> None:
    (kb_copy / "conditions.yaml").write_text(text, encoding="utf-8")
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3
    assert f"{kb_copy / 'conditions.yaml'}:1:" in result.stderr


def test_a_phrase_that_shrinks_to_one_everyday_word_is_refused(kb_copy: Path) -> None:
    path = kb_copy / "contraindications.yaml"
    _replace(path, "[suicidal, suicide, better off dead,", "[suicidal, suicide, the first, better off dead,")
    result = run("--data-dir", str(kb_copy), "validate")
    assert result.exit_code == 3
    assert "'the first' reads as the everyday word 'first' alone" in result.stderr
