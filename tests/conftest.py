"""Shared fixtures: an isolated environment for every test, one engine for the session, a CliRunner wrapper.

Tests mirror the package (tests/kb for massage_match/kb, ...); tests/contract holds the end-to-end
suite (whole commands through Click, real pipes and processes, the README, the wheel).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

if TYPE_CHECKING:
    from massage_match.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

# Everything the session writes goes under one temporary folder, set before the package is imported
# so that module- and session-scoped fixtures (and the processes tests start, which inherit this
# environment) never read or write the user's cache, data or home.
_SESSION = Path(tempfile.mkdtemp(prefix="massage-match-tests-"))
atexit.register(shutil.rmtree, _SESSION, True)
SESSION_ENV = {
    "MASSAGE_MATCH_CACHE": str(_SESSION / "cache"),
    "HOME": str(_SESSION / "home"),
    "XDG_CACHE_HOME": str(_SESSION / "home" / ".cache"),
    "XDG_DATA_HOME": str(_SESSION / "home" / ".local" / "share"),
    "XDG_CONFIG_HOME": str(_SESSION / "home" / ".config"),
    "PIP_CACHE_DIR": str(_SESSION / "pip-cache"),
    # The many processes tests start compile the package once, into the session's folder, instead of
    # from source every time (PYTHONDONTWRITEBYTECODE is common in containers and CI).
    "PYTHONPYCACHEPREFIX": str(_SESSION / "pycache"),
}
# Variables of the developer's shell that would change what the program does.
FOREIGN_ENV = ("MASSAGE_MATCH_DATA", "MASSAGE_MATCH_DB", "MASSAGE_MATCH_DEBUG", "NO_COLOR", "FORCE_COLOR")
os.environ.update(SESSION_ENV)
for _name in (*FOREIGN_ENV, "PYTHONDONTWRITEBYTECODE"):
    os.environ.pop(_name, None)

# Hypothesis writes into .hypothesis/ of the working directory (the checkout): its caches go to the
# session's folder instead, and it keeps no example database.
set_hypothesis_home_dir(_SESSION / "hypothesis")
settings.register_profile("massage-match", database=None)
settings.load_profile("massage-match")

from massage_match.cli.app import cli  # noqa: E402  (after the environment is chosen)
from massage_match.kb import load_knowledge_base  # noqa: E402
from massage_match.kb.sources import embedded_data_dir  # noqa: E402
from massage_match.model import KnowledgeBase  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a test changes in the environment is undone, and it starts from the session's."""
    for name in FOREIGN_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in SESSION_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The one engine the unit tests share, over the embedded knowledge base, built fresh (never read
    from a store). Tests use only its public methods (recommend; matcher.rank_conditions, health,
    red_flags, tokens): how a Matcher or an Engine is constructed is the package's business."""
    from massage_match.loading import load_engine

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MASSAGE_MATCH_CACHE", "off")
        return load_engine()


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
