"""The on-disk store: a faithful copy, rebuilt whenever it is stale, corrupt or untrustworthy, and never
written where it must not be."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from massage_match import store
from massage_match.engine import Engine
from massage_match.kb.sources import read_sources
from massage_match.loading import load_engine
from massage_match.model import KnowledgeBase, MemoryParts

from .conftest import run

QUERIES = [
    ("lower bak pain", ["on warfrin"]),
    ("pins and needles in my fingers at night", ["12 weeks pregnant", "history of DVT"]),
    ("headache, fever and a stiff neck", []),
    ("I like gardening", ["enjoys gardening"]),
]


def _answers(engine: Engine) -> list[dict]:
    return [engine.recommend(q, h).to_dict(explain=True) for q, h in QUERIES]


def _stores(folder: Path) -> list[Path]:
    """The store files in the folder (temporary files, which start with a dot, left out)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def expected(engine: Engine) -> list[dict]:
    """The answers of an engine built fresh, never read from a store: what every store must give."""
    return _answers(engine)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store of the embedded knowledge base, built once; tests damage copies of it."""
    folder = tmp_path_factory.mktemp("pristine")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(store.CACHE_ENV, str(folder))
        load_engine()
    (path,) = _stores(folder)
    return path


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(store.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def stored(cache_dir: Path, pristine: Path) -> Path:
    """The cache folder holding a copy of the pristine store (its owner-only mode kept)."""
    cache_dir.mkdir()
    return Path(shutil.copy2(pristine, cache_dir / pristine.name))


def _damage(path: Path, at: float) -> None:
    """Flip bytes part-way through the file (at: 0..1), keeping its size and owner."""
    data = bytearray(path.read_bytes())
    where = int(len(data) * at)
    for i in range(where, min(where + 64, len(data))):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    os.chmod(path, 0o600)


def _sore_neck(kb_copy: Path) -> Path:
    """A knowledge base that differs from the embedded one in a single name."""
    path = kb_copy / "conditions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Neck pain", "name: Sore neck"), encoding="utf-8")
    return kb_copy


def test_a_cached_engine_answers_exactly_like_a_fresh_one(cache_dir: Path, expected: list[dict]) -> None:
    first = load_engine()  # builds and writes the store
    (written,) = _stores(cache_dir)
    assert written.stat().st_mode & 0o777 == 0o600  # health-adjacent data: the owner's alone
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    second = load_engine()  # must come from the store
    assert second.matcher is not first.matcher
    assert _answers(first) == expected
    assert _answers(second) == expected


def test_a_stored_knowledge_base_equals_the_loaded_one(stored: Path, kb: KnowledgeBase) -> None:
    from_store = load_engine().kb
    assert from_store.conditions == kb.conditions
    assert from_store.modalities == kb.modalities
    assert from_store.contraindications == kb.contraindications
    assert from_store.red_flags == kb.red_flags
    assert from_store.condition("neck-pain") == kb.condition("neck-pain")
    with pytest.raises(KeyError):
        from_store.condition("no-such-condition")


def test_a_corrupt_store_is_ignored_and_rebuilt(stored: Path, expected: list[dict]) -> None:
    stored.write_bytes(b"\x00garbage" * 10)
    os.chmod(stored, 0o600)
    assert _answers(load_engine()) == expected
    (path,) = _stores(stored.parent)
    assert path.read_bytes()[:8] != b"\x00garbage"


@pytest.mark.parametrize("at", [0.05, 0.3, 0.6, 0.9, 0.99])
def test_a_store_damaged_anywhere_answers_as_if_fresh(stored: Path, expected: list[dict], at: float) -> None:
    """Parts are read lazily, so damage may only show mid-query: the answers must still be right."""
    _damage(stored, at)
    assert _answers(load_engine()) == expected


def test_a_truncated_store_answers_as_if_fresh(stored: Path, expected: list[dict]) -> None:
    stored.write_bytes(stored.read_bytes()[: stored.stat().st_size // 2])
    os.chmod(stored, 0o600)
    assert _answers(load_engine()) == expected


def test_another_knowledge_base_s_store_is_not_read(stored: Path, kb_copy: Path) -> None:
    """The embedded knowledge base's store, planted under the name of another knowledge base's."""
    other = _sore_neck(kb_copy)
    assert load_engine(other).kb.condition("neck-pain").name == "Sore neck"
    (planted,) = (p for p in _stores(stored.parent) if p != stored)
    planted.write_bytes(stored.read_bytes())
    os.chmod(planted, 0o600)
    assert load_engine(other).kb.condition("neck-pain").name == "Sore neck"


def test_a_store_others_can_write_is_not_trusted(stored: Path, expected: list[dict]) -> None:
    os.chmod(stored, 0o600)
    trusted = stored.stat().st_ino
    load_engine()
    assert stored.stat().st_ino == trusted, "a trusted store is read, not rewritten: the check below means something"
    os.chmod(stored, 0o666)
    assert _answers(load_engine()) == expected
    # not read but replaced by a freshly built one, which only its owner may write
    assert stored.stat().st_ino != trusted
    assert stored.stat().st_mode & 0o777 == 0o600


def test_old_stores_are_pruned_and_no_one_elses_files(stored: Path) -> None:
    # The folder may be shared (MASSAGE_MATCH_CACHE=~/.cache or /tmp): only the store's own names go.
    others = [stored.with_name(name) for name in ("notes.cache", "other.store", "massage-match-notes.txt")]
    for path in others:
        path.write_text("someone else's")
    # Stores of other knowledge bases: the pristine one under other names, oldest first.
    olds = [stored.with_name(f"{stored.stem[:-4]}{n:04x}{stored.suffix}") for n in range(store.KEEP_FILES + 3)]
    for n, old in enumerate(olds):
        shutil.copy2(stored, old)
        os.utime(old, (n + 1, n + 1))
    stored.unlink()
    load_engine()  # builds and writes this one's store, then prunes
    names = [p.name for p in _stores(stored.parent) if p not in others]
    assert len(names) == store.KEEP_FILES
    assert stored.name in names
    assert olds[0].name not in names and olds[-1].name in names
    assert all(path.read_text() == "someone else's" for path in others)


def test_a_changed_knowledge_base_gets_a_new_store(cache_dir: Path, kb_copy: Path) -> None:
    assert load_engine(kb_copy).kb.condition("neck-pain").name == "Neck pain"
    engine = load_engine(_sore_neck(kb_copy))
    assert engine.kb.condition("neck-pain").name == "Sore neck"
    assert len(_stores(cache_dir)) == 2


def test_an_unusable_cache_folder_costs_only_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected: list[dict]
) -> None:
    # A folder under a regular file cannot be made, not even by root (for whom permissions are no bar).
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"not a folder")
    monkeypatch.setenv(store.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))
    monkeypatch.chdir(tmp_path)
    assert _answers(load_engine()) == expected
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]
    assert blocker.read_bytes() == b"not a folder"


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected: list[dict]) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv(store.CACHE_ENV, "off")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.chdir(tmp_path)
    assert store.cache_dir() is None
    assert _answers(load_engine()) == expected
    assert run("recommend", "-s", "neck pain").exit_code == 0
    assert list(tmp_path.rglob("*")) == [home], "nothing written: not in HOME, its cache, nor here"


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
def test_loading_again_and_again_does_not_leak_open_files(stored: Path) -> None:
    load_engine().recommend("neck pain")
    gc.collect()
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        load_engine().recommend("neck pain")
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= before + 1


def _key() -> str:
    return store.store_key(read_sources(None)[2])


def _no_rebuild() -> MemoryParts:
    raise AssertionError("a part read back damaged")


def test_a_folder_others_can_write_is_neither_read_nor_written(stored: Path, expected: list[dict]) -> None:
    assert store.open_store(_key(), rebuild=_no_rebuild) is not None  # the control: trusted, it is read
    stored.parent.chmod(0o777)
    assert store.open_store(_key(), rebuild=_no_rebuild) is None
    stored.unlink()
    assert _answers(load_engine()) == expected
    assert _stores(stored.parent) == []  # nothing written where others could swap it


def test_a_symlink_planted_under_the_stores_name_is_not_followed(stored: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.store"
    stored.rename(elsewhere)
    stored.symlink_to(elsewhere)
    assert store.open_store(_key(), rebuild=_no_rebuild) is None


def test_a_fifo_planted_under_the_stores_name_neither_hangs_nor_changes_the_answer(
    stored: Path, expected: list[dict]
) -> None:
    stored.unlink()
    os.mkfifo(stored)
    probe = (
        "import json; from massage_match.loading import load_engine; "
        f"e = load_engine(); print(json.dumps([e.recommend(q, h).to_dict(explain=True) for q, h in {QUERIES!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == expected


def _damage_part(path: Path, name: str) -> None:
    """Flip bytes in the middle of one named part of the store (a section, or a table's index)."""
    opened = store.open_store(_key(), rebuild=_no_rebuild)
    assert opened is not None
    offset, length, _ = opened._sections[name]
    _damage(path, (opened._base + offset + length // 2) / path.stat().st_size)


def test_a_damaged_part_is_rebuilt_and_written_again(stored: Path, expected: list[dict]) -> None:
    # (a part every answer reads: where the middle of the file falls moves as the knowledge base grows)
    _damage_part(stored, "kb.conditions")
    engine = load_engine()
    assert _answers(engine) == expected
    assert len(engine.kb.conditions) > 0  # every entry read: the damaged part is met whichever it is
    opened = store.open_store(_key(), rebuild=_no_rebuild)
    assert opened is not None
    for name in opened._sections:
        opened.section(name)  # raises through _no_rebuild if the file was not written again


def test_a_killed_writes_temporary_file_is_removed_once_stale_and_only_then(stored: Path) -> None:
    key = stored.name[len("massage-match-") : -len(".store")]
    stale = stored.with_name(f".massage-match-{key}.store.123.0badc0de.tmp")
    fresh = stored.with_name(f".massage-match-{key}.store.456.0badc0df.tmp")
    for path in (stale, fresh):
        path.write_bytes(b"half a store")
        path.chmod(0o600)
    os.utime(stale, (1, 1))
    stored.unlink()
    load_engine()  # writes this store, then prunes
    assert not stale.exists()
    assert fresh.exists()  # a write that may still be going on is left alone
