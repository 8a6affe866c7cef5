"""files.py: atomic, owner-only writes that never follow a link; bounded reads of regular files only."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from massage_match.errors import MassageMatchError
from massage_match.files import (
    FileExistsWriteError,
    FileReadError,
    FileWriteError,
    check_writable,
    read_regular_file,
    write_files_atomically,
    write_private_atomically,
)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _fail(monkeypatch: pytest.MonkeyPatch, name: str, code: int = errno.ENOSPC, after: int = 0) -> None:
    """os.<name> raises OSError(code) from its (after+1)-th call on."""
    real = getattr(os, name)
    calls = []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(args)
        if len(calls) > after:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)


def test_a_write_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    old = os.umask(0)
    try:
        write_private_atomically(path, b"health: []\n", overwrite=False)
    finally:
        os.umask(old)
    assert path.read_bytes() == b"health: []\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _names(tmp_path) == ["client.yaml"]


def test_without_overwrite_an_existing_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"old")
    with pytest.raises(FileExistsWriteError, match=f"^cannot write {path}: it already exists$"):
        write_private_atomically(path, b"new", overwrite=False)
    assert path.read_bytes() == b"old"
    write_private_atomically(path, b"new", overwrite=True)
    assert path.read_bytes() == b"new" and _names(tmp_path) == ["f"]


@pytest.mark.parametrize("overwrite", [False, True])
@pytest.mark.parametrize("dangling", [False, True])
def test_a_link_at_the_target_is_never_written_through(tmp_path: Path, overwrite: bool, dangling: bool) -> None:
    elsewhere = tmp_path / "elsewhere"
    if not dangling:
        elsewhere.write_bytes(b"theirs")
    link = tmp_path / "link"
    link.symlink_to(elsewhere)
    with pytest.raises(FileWriteError, match=f"^cannot write {link}: it is a symbolic link"):
        write_private_atomically(link, b"mine", overwrite=overwrite)
    assert link.is_symlink()
    assert elsewhere.exists() != dangling
    if not dangling:
        assert elsewhere.read_bytes() == b"theirs"


def test_a_link_planted_after_the_check_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # without overwrite the final step is link(2), which never follows a link at its target
    elsewhere = tmp_path / "elsewhere"
    target = tmp_path / "target"
    real_fsync = os.fsync

    def fsync_then_plant(fd: int) -> None:
        real_fsync(fd)
        if not target.is_symlink():
            target.symlink_to(elsewhere)

    monkeypatch.setattr(os, "fsync", fsync_then_plant)
    with pytest.raises(FileExistsWriteError):
        write_private_atomically(target, b"mine", overwrite=False)
    assert not elsewhere.exists() and _names(tmp_path) == ["target"]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failed_write_is_one_line_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "client.yaml"
    path.write_bytes(b"old")
    _fail(monkeypatch, failing)
    with pytest.raises(FileWriteError) as caught:
        write_private_atomically(path, b"new" * 1000, overwrite=True)
    monkeypatch.undo()
    assert str(caught.value) == f"cannot write {path}: No space left on device"
    assert isinstance(caught.value, MassageMatchError)
    assert path.read_bytes() == b"old" and _names(tmp_path) == ["client.yaml"]


def test_a_missing_folder_or_a_file_as_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match=f"^cannot write {tmp_path / 'no' / 'f'}: No such file or directory$"):
        write_private_atomically(tmp_path / "no" / "f", b"x", overwrite=False)
    (tmp_path / "plain").write_bytes(b"")
    with pytest.raises(FileWriteError, match=f"^cannot write {tmp_path / 'plain' / 'f'}: Not a directory$"):
        write_private_atomically(tmp_path / "plain" / "f", b"x", overwrite=True)
    (tmp_path / "folder").mkdir()
    with pytest.raises(FileWriteError, match="it exists and is not a regular file"):
        write_private_atomically(tmp_path / "folder", b"x", overwrite=True)


def test_several_files_all_or_nothing_when_a_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [(tmp_path / name, name.encode()) for name in ("a", "b", "c")]
    _fail(monkeypatch, "link", errno.EIO, after=1)  # the second target cannot be put in place
    with pytest.raises(FileWriteError, match=f"^cannot write {tmp_path / 'b'}: Input/output error$"):
        write_files_atomically(files, overwrite=False)
    monkeypatch.undo()
    assert _names(tmp_path) == [], "the first target is taken back, no temporary is left"
    write_files_atomically(files, overwrite=False)
    assert [p.read_bytes() for p, _ in files] == [b"a", b"b", b"c"]


def test_check_writable_fails_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_writable(tmp_path / "client.yaml")
    assert _names(tmp_path) == []
    _fail(monkeypatch, "open", errno.EROFS)  # root writes into a read-only folder: only a file system says no
    with pytest.raises(FileWriteError) as caught:
        check_writable(tmp_path / "client.yaml")
    monkeypatch.undo()
    assert str(caught.value) == f"cannot write {tmp_path / 'client.yaml'}: Read-only file system"


def test_reading_takes_a_regular_file_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"x" * 100)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert read_regular_file(tmp_path / "link", 100) == b"x" * 100
    with pytest.raises(FileReadError, match="^cannot read .*: larger than the 99-byte limit$"):
        read_regular_file(tmp_path / "link", 99)


def _read_with_deadline(path: Path | str, limit: int) -> BaseException | bytes:
    """read_regular_file in a thread: a regression that blocks (a FIFO) fails the test instead of hanging it."""
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_regular_file(path, limit))
        except BaseException as exc:  # noqa: BLE001  (handed to the test)
            outcome.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(10)
    assert outcome, "the read did not return"
    return outcome[0]


def test_special_files_are_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    for path, reason in (
        (tmp_path / "fifo", "not a regular file"),
        ("/dev/zero", "not a regular file"),
        (tmp_path / "folder", "a directory"),
    ):
        outcome = _read_with_deadline(path, 1 << 20)
        assert isinstance(outcome, FileReadError), outcome
        assert str(outcome) == f"cannot read {path}: {reason} (a file was expected)"


def test_a_file_that_grows_past_the_limit_is_refused_reading_at_most_limit_plus_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat
    asked: list[int] = []
    real_read = os.read

    def small_fstat(fd: int) -> os.stat_result:  # as if the file grew after fstat
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *info[1:6], 1, *info[7:]))

    def read(fd: int, size: int) -> bytes:
        asked.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(os, "fstat", small_fstat)
    monkeypatch.setattr(os, "read", read)
    with pytest.raises(FileReadError, match="larger than the 5-byte limit"):
        read_regular_file(path, 5)
    assert sum(asked) <= 6
