"""Compiled code kept in the cache directory when Python may not write bytecode itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = "import sys, massage_match.cli; print(type(sys.modules['massage_match.cli'].__spec__.loader).__name__)"


def _run(cache: Path | str, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        # Bytecode Python may already have written beside the sources is looked for elsewhere.
        "PYTHONPYCACHEPREFIX": str(tmp_path / "no-pycache"),
        "MASSAGE_MATCH_CACHE": str(cache),
    }
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert done.stderr == ""
    return done.stdout.strip()


def _code_file(cache: Path) -> Path:
    (found,) = cache.glob("code-*.bin")
    return found


def test_code_is_compiled_once_then_read_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _run(cache, tmp_path)
    code = _code_file(cache)
    assert b"cli.py" in code.read_bytes()
    assert oct(code.stat().st_mode & 0o777) == "0o600"
    assert _run(cache, tmp_path) == "_Loader"


@pytest.mark.parametrize("damage", [b"", b"\x00garbage" * 50, b"\xfb\x00\x00\x00"])
def test_a_damaged_code_cache_is_compiled_afresh(tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    _run(cache, tmp_path)
    code = _code_file(cache)
    code.write_bytes(damage)
    os.chmod(code, 0o600)
    assert _run(cache, tmp_path) == "_Loader"  # imports fine, and the file is written anew
    assert b"cli.py" in code.read_bytes()


def test_a_code_cache_others_can_write_is_not_read(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _run(cache, tmp_path)
    code = _code_file(cache)
    os.chmod(code, 0o666)
    _run(cache, tmp_path)
    # Nothing was taken from it, so everything was compiled and the file replaced by a private one.
    assert oct(code.stat().st_mode & 0o777) == "0o600"


def test_no_code_cache_when_caching_is_off(tmp_path: Path) -> None:
    assert _run("off", tmp_path) == "SourceFileLoader"
    assert not list(tmp_path.glob("**/code-*.bin"))


def test_the_command_line_keeps_its_code_too(tmp_path: Path) -> None:
    """The command line ends without the interpreter's teardown, but still runs its exit tasks."""
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp_path / "none")}
    env["MASSAGE_MATCH_CACHE"] = str(cache)
    command = [sys.executable, "-m", "massage_match", "--format", "json", "recommend", "-s", "neck pain"]
    done = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stdout.rstrip().endswith(b"]")
    assert b"commands/recommend.py" in _code_file(cache).read_bytes()
