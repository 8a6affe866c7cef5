"""The README's examples are real output of the current code (the ones that need only this tool)."""

from __future__ import annotations

import importlib.util
import re

from ..conftest import ROOT

SPEC = importlib.util.spec_from_file_location("readme_examples", ROOT / "scripts" / "readme_examples.py")
assert SPEC and SPEC.loader
readme_examples = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(readme_examples)


def test_readme_examples_are_current() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = list(readme_examples.BLOCK.finditer(text))
    assert len(blocks) >= 4
    # Examples piped through other tools (jq, sort) depend on those tools; the ones that run
    # massage-match alone must match what it prints now.
    alone = [b for b in blocks if not re.search(r"\|", b.group(2).replace("printf", ""))]
    assert alone
    for block in alone:
        assert readme_examples.run(block.group(2)) == block.group(3), block.group(2)
