"""The README's developer commands (benchmarks/, scripts/) still import what they use.

They are not part of the package, so nothing else would notice when a module they import moves."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

SCRIPTS = sorted([*(ROOT / "benchmarks").glob("*.py"), *(ROOT / "scripts").glob("*.py")])


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_developer_script_imports(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"developer_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))  # runs its imports, not its main()


def test_the_screening_evaluation_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "eval_screening.py")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "unsafe: 0" in done.stdout
