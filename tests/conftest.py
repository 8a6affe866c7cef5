"""Shared fixtures: an isolated environment for every test and a CliRunner wrapper."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

# The whole session, imports included (the package may keep its compiled code in the cache), uses a
# cache directory of its own: nothing is read from or left in the user's.
_SESSION_CACHE = tempfile.mkdtemp(prefix="massage-match-tests-")
os.environ["MASSAGE_MATCH_CACHE"] = _SESSION_CACHE
atexit.register(shutil.rmtree, _SESSION_CACHE, True)

from massage_match.cli.app import cli  # noqa: E402  (after the cache directory is chosen)
from massage_match.kb import load_knowledge_base  # noqa: E402
from massage_match.kb.sources import embedded_data_dir  # noqa: E402
from massage_match.model import KnowledgeBase  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in ("MASSAGE_MATCH_DATA", "NO_COLOR", "MASSAGE_MATCH_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    # Each test session gets its own cache directory: nothing read from or left in the user's.
    monkeypatch.setenv("MASSAGE_MATCH_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the embedded knowledge base, for tests that break it on purpose."""
    target = tmp_path / "kb"
    shutil.copytree(embedded_data_dir(), target)
    return target


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def run_json(*args: str, input: str | None = None) -> tuple[list[dict], Result]:
    result = run("--format", "json", *args, input=input)
    return json.loads(result.stdout), result
