"""The on-disk cache: a faithful copy, rebuilt whenever it is stale, corrupt or untrustworthy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from massage_match import cache
from massage_match.engine import Engine, load_engine
from massage_match.kb import load_knowledge_base
from massage_match.snapshot import kb_from_state, kb_to_state

QUERIES = [
    ("lower bak pain", ["on warfrin"]),
    ("pins and needles in my fingers at night", ["12 weeks pregnant", "history of DVT"]),
    ("headache, fever and a stiff neck", []),
    ("I like gardening", ["enjoys gardening"]),
]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def _answers(engine: Engine) -> list[dict]:
    return [engine.recommend(q, h).to_dict(explain=True) for q, h in QUERIES]


def test_snapshot_round_trip_is_exact() -> None:
    kb = load_knowledge_base()
    assert kb_from_state(kb_to_state(kb)) == kb


def test_a_cached_engine_answers_exactly_like_a_fresh_one(cache_dir: Path) -> None:
    fresh = Engine(load_knowledge_base())
    first = load_engine()  # builds and writes the cache
    assert len(list(cache_dir.glob("*.cache"))) == 1
    second = load_engine()  # must come from the cache
    assert second.matcher is not first.matcher
    assert _answers(second) == _answers(fresh)


def test_a_corrupt_cache_is_ignored_and_rebuilt(cache_dir: Path) -> None:
    load_engine()
    (path,) = cache_dir.glob("*.cache")
    path.write_bytes(b"\x00garbage" * 10)
    os.chmod(path, 0o600)
    engine = load_engine()
    assert _answers(engine) == _answers(Engine(load_knowledge_base()))
    assert path.read_bytes()[:8] != b"\x00garbage"


def test_a_cache_of_the_wrong_shape_is_ignored(cache_dir: Path) -> None:
    load_engine()
    (path,) = cache_dir.glob("*.cache")
    key = path.stem
    cache.write(key, ("not", "a", "snapshot"))
    assert _answers(load_engine()) == _answers(Engine(load_knowledge_base()))


def test_a_cache_others_can_write_is_not_trusted(cache_dir: Path) -> None:
    load_engine()
    (path,) = cache_dir.glob("*.cache")
    os.chmod(path, 0o666)
    assert cache.read(path.stem) is None


def test_a_changed_knowledge_base_gets_a_new_cache(cache_dir: Path, kb_copy: Path) -> None:
    load_engine(kb_copy)
    text = (kb_copy / "conditions.yaml").read_text(encoding="utf-8")
    (kb_copy / "conditions.yaml").write_text(text.replace("name: Neck pain", "name: Sore neck"), encoding="utf-8")
    engine = load_engine(kb_copy)
    assert engine.kb.condition("neck-pain").name == "Sore neck"
    assert len(list(cache_dir.glob("*.cache"))) == 2


def test_an_unwritable_cache_directory_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o500)
    monkeypatch.setenv(cache.CACHE_ENV, str(folder / "inner"))
    try:
        engine = load_engine()
        assert engine.recommend("neck pain").match is not None
    finally:
        os.chmod(folder, 0o700)


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    assert load_engine().recommend("neck pain").match is not None
