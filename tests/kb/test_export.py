"""`export`: all three files or none, never through a link, never onto its own source, one-line errors."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from massage_match.errors import KnowledgeBaseError, MassageMatchError
from massage_match.files import FileWriteError
from massage_match.kb.export import ExportError, export_knowledge_base
from massage_match.kb.loader import load_knowledge_base
from massage_match.kb.sources import FILES, embedded_data_dir


def _one_line(exc: BaseException) -> str:
    message = str(exc)
    assert "\n" not in message
    return message


def test_export_writes_the_three_files_and_they_load(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    written = export_knowledge_base(None, target, force=False)
    assert written == [str(target / name) for name in FILES]
    for name in FILES:
        assert (target / name).read_bytes() == (Path(embedded_data_dir()) / name).read_bytes()
        assert stat.S_IMODE((target / name).stat().st_mode) == 0o644
    assert load_knowledge_base(target).conditions
    assert sorted(p.name for p in target.iterdir()) == sorted(FILES), "no temporary file left"


def test_existing_files_need_force(tmp_path: Path) -> None:
    export_knowledge_base(None, tmp_path, force=False)
    (tmp_path / "conditions.yaml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"files already exist \(.*\); use --force to overwrite"):
        export_knowledge_base(None, tmp_path, force=False)
    assert (tmp_path / "conditions.yaml").read_text(encoding="utf-8") == "mine\n"
    export_knowledge_base(None, tmp_path, force=True)
    assert (tmp_path / "conditions.yaml").read_text(encoding="utf-8") != "mine\n"


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("dangling", [False, True])
def test_a_symlinked_target_is_refused(tmp_path: Path, force: bool, dangling: bool) -> None:
    outside = tmp_path / "outside.txt"
    if not dangling:
        outside.write_text("not yours\n", encoding="utf-8")
    target = tmp_path / "kb"
    target.mkdir()
    (target / "modalities.yaml").symlink_to(outside)
    with pytest.raises(FileWriteError) as caught:
        export_knowledge_base(None, target, force=force)
    assert _one_line(caught.value) == (
        f"cannot write {target / 'modalities.yaml'}: it is a symbolic link; refusing to write through it"
        " (remove the link first)"
    )
    assert outside.exists() != dangling
    if not dangling:
        assert outside.read_text(encoding="utf-8") == "not yours\n"
    assert sorted(p.name for p in target.iterdir()) == ["modalities.yaml"], "nothing else written"


def test_a_target_under_a_regular_file_is_one_line(tmp_path: Path) -> None:
    plain = tmp_path / "somefile"
    plain.write_text("x\n", encoding="utf-8")
    with pytest.raises(FileWriteError) as caught:
        export_knowledge_base(None, plain / "sub", force=True)
    assert _one_line(caught.value) == f"cannot write {plain / 'sub'}: Not a directory"
    with pytest.raises(FileWriteError, match="is not a folder"):
        export_knowledge_base(None, plain, force=True)


def test_exporting_onto_its_own_source_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "kb"
    export_knowledge_base(None, source, force=False)
    before = {name: (source / name).read_bytes() for name in FILES}
    (tmp_path / "alias").symlink_to(source)
    for target in (source, tmp_path / "alias"):
        with pytest.raises(ExportError) as caught:
            export_knowledge_base(source, target, force=True)
        assert _one_line(caught.value) == f"cannot export into {target}: it is the knowledge base being exported"
    assert {name: (source / name).read_bytes() for name in FILES} == before


@pytest.mark.parametrize("force", [False, True])
def test_a_full_disk_leaves_no_half_written_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool) -> None:
    target = tmp_path / "kb"
    target.mkdir()
    if force:
        for name in FILES:
            (target / name).write_text(f"old {name}\n", encoding="utf-8")
    real_write = os.write
    calls = []

    def write(fd: int, data: bytes) -> int:
        calls.append(fd)
        if len(calls) == 3:  # the third file: the first two are complete temporaries by now
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(FileWriteError) as caught:
        export_knowledge_base(None, target, force=force)
    monkeypatch.undo()
    assert _one_line(caught.value) == f"cannot write {target / FILES[2]}: No space left on device"
    if force:
        assert sorted(p.name for p in target.iterdir()) == sorted(FILES)
        assert all((target / name).read_text(encoding="utf-8") == f"old {name}\n" for name in FILES)
    else:
        assert list(target.iterdir()) == [], "no target and no temporary left"


def test_an_unreadable_source_is_a_knowledge_base_error(tmp_path: Path) -> None:
    source = tmp_path / "kb"
    export_knowledge_base(None, source, force=False)
    (source / "modalities.yaml").unlink()
    os.mkfifo(source / "modalities.yaml")  # a FIFO would hang a plain read
    with pytest.raises(KnowledgeBaseError) as caught:
        export_knowledge_base(source, tmp_path / "out", force=False)
    assert [str(p) for p in caught.value.problems] == [
        f"{source / 'modalities.yaml'}: cannot read: not a regular file (a file was expected)"
    ]
    assert not (tmp_path / "out").exists()


def test_every_refusal_is_a_usage_error() -> None:
    # the CLI maps MassageMatchError (but not KnowledgeBaseError) to exit 2
    assert issubclass(ExportError, MassageMatchError) and issubclass(FileWriteError, MassageMatchError)
    assert not issubclass(ExportError, KnowledgeBaseError) and not issubclass(FileWriteError, KnowledgeBaseError)
