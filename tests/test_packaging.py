"""The knowledge base travels inside the wheel and is found there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from massage_match.kb.sources import FILES, embedded_data_dir

ROOT = Path(__file__).resolve().parents[1]


def test_embedded_data_is_found_from_this_install() -> None:
    base = Path(embedded_data_dir())
    assert all((base / name).is_file() for name in FILES)


def test_wheel_ships_the_knowledge_base(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("massage_match-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in FILES:
        assert f"massage_match/data/{name}" in names
    # installed alone (no checkout beside it), the package finds its data inside itself
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = "from massage_match.kb import load_knowledge_base as load; print(load().source)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(target) in out
