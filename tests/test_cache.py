"""The on-disk cache: a faithful copy, rebuilt whenever it is stale, corrupt or untrustworthy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from massage_match import store as cache
from massage_match.engine import Engine, load_engine
from massage_match.kb import load_knowledge_base
from massage_match.snapshot import StoredKnowledgeBase, kb_parts

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
    stored = StoredKnowledgeBase(cache.MemoryParts(*kb_parts(kb)), kb.source, kb.digest)
    assert stored == kb
    assert stored.condition("neck-pain") == kb.condition("neck-pain")
    with pytest.raises(KeyError):
        stored.condition("no-such-condition")


def _damage(path: Path, at: float) -> None:
    """Flip bytes part-way through the file (at: 0..1), keeping its size and owner."""
    data = bytearray(path.read_bytes())
    where = int(len(data) * at)
    for i in range(where, min(where + 64, len(data))):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    os.chmod(path, 0o600)


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


@pytest.mark.parametrize("at", [0.05, 0.3, 0.6, 0.9, 0.99])
def test_a_cache_damaged_anywhere_answers_as_if_fresh(cache_dir: Path, at: float) -> None:
    """Parts are read lazily, so damage may only show mid-query: the answers must still be right."""
    expected = _answers(Engine(load_knowledge_base()))
    load_engine()
    (path,) = cache_dir.glob("*.cache")
    _damage(path, at)
    assert _answers(load_engine()) == expected


def test_a_truncated_cache_answers_as_if_fresh(cache_dir: Path) -> None:
    load_engine()
    (path,) = cache_dir.glob("*.cache")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    os.chmod(path, 0o600)
    assert _answers(load_engine()) == _answers(Engine(load_knowledge_base()))


def test_a_cache_written_for_another_key_is_not_read(cache_dir: Path) -> None:
    load_engine()
    (path,) = cache_dir.glob("*.cache")
    other = path.with_name("00000000-" + path.name.split("-", 1)[1])
    path.rename(other)
    assert cache.open_store(other.stem, rebuild=lambda: cache.MemoryParts({}, {})) is None


def test_old_caches_are_pruned(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    for n in range(cache.KEEP_FILES + 3):
        (cache_dir / f"old{n}.cache").write_bytes(b"x")
        os.utime(cache_dir / f"old{n}.cache", (n, n))
    load_engine()
    names = sorted(p.name for p in cache_dir.glob("*.cache"))
    assert len(names) == cache.KEEP_FILES
    assert "old0.cache" not in names and f"old{cache.KEEP_FILES + 2}.cache" in names


def test_a_cache_others_can_write_is_not_trusted(cache_dir: Path) -> None:
    load_engine()
    (path,) = cache_dir.glob("*.cache")
    os.chmod(path, 0o666)
    assert cache.open_store(path.stem, rebuild=lambda: cache.MemoryParts({}, {})) is None


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


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
def test_loading_again_and_again_does_not_leak_open_files(cache_dir: Path) -> None:
    import gc

    load_engine().recommend("neck pain")
    gc.collect()
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        load_engine().recommend("neck pain")
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= before + 1
