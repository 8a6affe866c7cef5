"""The knowledge base travels inside the wheel and is found there."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from massage_match.kb.sources import FILES, embedded_data_dir

from ..conftest import ROOT


def test_embedded_data_is_found_from_this_install() -> None:
    base = Path(embedded_data_dir())
    assert all((base / name).is_file() for name in FILES)


def test_wheel_ships_the_knowledge_base(tmp_path: Path) -> None:
    # pip's cache, the program's cache and HOME inside this test's folder: nothing goes to the user's.
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PIP_CACHE_DIR": str(tmp_path / "pip-cache"),
        "MASSAGE_MATCH_CACHE": str(tmp_path / "cache"),
    }
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        env=env,
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
        env={**env, "PYTHONPATH": str(target)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(target) in out
    assert not (home / ".cache" / "massage-match").exists()
