"""Profiles are health data: read bounded (no alias bomb, FIFO or /dev/zero gets through), written
atomically and owner-only, never through a link, and a failed save loses no answer."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

import pytest

from massage_match.client.intake import profile_of, questionnaire, run_intake
from massage_match.client.profile import (
    MAX_PROFILE_BYTES,
    Profile,
    ProfileError,
    check_profile_target,
    load_profile,
    parse_profile,
    save_profile,
)
from massage_match.files import FileWriteError
from massage_match.model import KnowledgeBase
from tests.conftest import run
from tests.kb.cli_process import run_process
from tests.kb.test_yaml_limits import ALIAS_BOMB


def _enospc(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


def test_an_alias_bomb_profile_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_text(ALIAS_BOMB + "\n", encoding="utf-8")
    done = run_process("recommend", "-s", "neck pain", "--profile", str(path), cache=tmp_path / "cache", timeout=30)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"massage-match: {path}:5: more than 10,000 values from here on (an alias expanding without end?)"
    ]


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_a_profile_that_is_not_a_file_is_refused_without_hanging(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "client.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = run_process("recommend", "-s", "neck pain", "--profile", str(path), cache=tmp_path / "cache", timeout=30)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"massage-match: profile {path} cannot be read: not a regular file (a file was expected)"
    ]


def test_a_profile_over_a_mebibyte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_bytes(b"health: [x]\n" + b"#" * MAX_PROFILE_BYTES)
    with pytest.raises(ProfileError, match=f"larger than the {MAX_PROFILE_BYTES:,}-byte limit"):
        load_profile(path)


@pytest.mark.parametrize(
    "text,message",
    [
        ("health: &a [*a]\n", "p.yaml:1: an alias that contains itself"),
        ("health: [x]\npressure: 2024-02-30\n", "p.yaml:2: unreadable value '2024-02-30'"),
        ("pressure: " + "7" * 5000 + "\n", "p.yaml:1: unreadable value '777"),
        ("health: " + "[" * 30 + "]" * 30 + "\n", "p.yaml:1: nested more than 20 levels deep"),
    ],
)
def test_hostile_profiles_are_one_located_line(text: str, message: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, Path("p.yaml"))
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_a_non_utf8_profile_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_bytes(b"health:\n- caf\xe9\n")
    with pytest.raises(ProfileError, match=f"^{path}:2: not valid UTF-8"):
        load_profile(path)


def test_a_saved_profile_is_owner_only_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    profile = Profile(("on warfarin", "line\u2028separator", "tab\there", "\x07bell"), 2, ("feet",))
    save_profile(profile, path, force=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_profile(path) == profile
    save_profile(Profile(("next\x85line",)), path, force=True)
    assert load_profile(path).health == ("next line",)


def test_answers_from_a_non_utf8_terminal_are_saved_and_read_back(tmp_path: Path, kb: KnowledgeBase) -> None:
    # what input() gives for the bytes "caf\xc3\xa9" and "\xff" when the locale is not UTF-8
    # complaint, pain, goals; after the yes to medicines, which ones; pressure, areas, physician
    answers = iter(["broken \udcff byte", "0", "", "caf\udcc3\udca9", "", "feet, \ud800x", ""])
    medicines = questionnaire().medicines.question
    intake = run_intake(
        kb, ask=lambda q: next(answers), confirm=lambda q: q == medicines, say=lambda t: None, today="2024-05-06"
    )
    assert intake.complaint == "broken \ufffd byte"
    profile = profile_of(intake)
    path = tmp_path / "client.yaml"
    save_profile(profile, path, force=False)
    assert load_profile(path) == Profile(("café",), None, ("feet", "\ufffdx"))


@pytest.mark.parametrize("force", [False, True])
def test_save_never_writes_through_a_link(tmp_path: Path, force: bool) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("someone else's\n", encoding="utf-8")
    link = tmp_path / "client.yaml"
    link.symlink_to(elsewhere)
    rescue = io.StringIO()
    with pytest.raises((FileWriteError, ProfileError)):
        save_profile(Profile(("on warfarin",)), link, force=force, rescue=rescue)
    assert elsewhere.read_text(encoding="utf-8") == "someone else's\n"
    with pytest.raises((FileWriteError, ProfileError)):
        check_profile_target(link, force)


def test_a_failed_save_prints_the_profile_and_raises_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "client.yaml"
    path.write_text("health: [old]\n", encoding="utf-8")
    profile = Profile(("on warfarin",), 3, ("face",))
    rescue = io.StringIO()
    _enospc(monkeypatch)
    with pytest.raises(FileWriteError) as caught:
        save_profile(profile, path, force=True, rescue=rescue)
    monkeypatch.undo()
    assert str(caught.value) == f"cannot write {path}: No space left on device"
    kept = rescue.getvalue().split("\n", 1)[1]
    assert parse_profile(kept, path) == profile, "the answers can be saved by hand"
    assert path.read_text(encoding="utf-8") == "health: [old]\n" and sorted(os.listdir(tmp_path)) == ["client.yaml"]


def test_intake_onto_a_full_disk_exits_2_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase
) -> None:
    path = tmp_path / "client.yaml"
    groups = ["n"] * len(questionnaire().groups)
    answers = "\n".join(["stiff neck", "5", "", *groups, "y", "on warfarin", "2", "feet", "", "y"]) + "\n"
    _enospc(monkeypatch)
    result = run("intake", str(path), input=answers)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"massage-match: cannot write {path}: No space left on device"
    assert "- on warfarin" in result.stderr and "pressure: 2" in result.stderr, "the answers are not lost"
    assert not path.exists()


def test_the_folder_is_checked_before_any_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "client.yaml"
    check_profile_target(path, force=False)
    assert os.listdir(tmp_path) == []
    real_open = os.open

    def read_only_folder(file: str, flags: int, *args: int) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", read_only_folder)
    with pytest.raises(FileWriteError, match=f"^cannot write {path}: Read-only file system$"):
        check_profile_target(path, force=False)
    monkeypatch.undo()
    path.write_text("health: []\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="already exists; use --force"):
        check_profile_target(path, force=False)
    check_profile_target(path, force=True)
    with pytest.raises(ProfileError, match="does not exist: nothing would be saved"):
        check_profile_target(tmp_path / "missing" / "client.yaml", force=False)
