"""A read-only records/ and a full disk (issue 19, item 18): a Vietnamese message naming the reason and
the file, exit 2, nothing half written; a number already committed is said to be issued.

The folders are real: a small tmpfs mounted for the test (the suite runs as root, which ignores
permission bits, so a read-only or full file system is the honest way to refuse writes)."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, run_vanban
from records_support import only_my_records, write_draft

BODY = "ubnd-xa-thuan-an"


@pytest.fixture
def mounted(tmp_path):
    point = tmp_path / "o-dia"
    point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(point)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode(errors='replace').strip()}")
    yield point
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


def project_on(point: Path) -> Path:
    root = copy_project(point / "du-an")
    only_my_records(root, BODY)
    write_draft(root, "qd-o-dia", BODY)
    assert run_vanban(root, "build").returncode == 0
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "records").rglob("*")) if p.is_file()}


def no_traceback(result) -> str:
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    return out


def test_every_writing_command_on_a_read_only_records_folder(mounted):
    root = project_on(mounted)
    before = snapshot(root)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    commands = [("issue", "qd-o-dia", "--ngay", "2026-04-02", "--khong-pdf"),
                ("giu-so", "--co-quan", BODY, "--loai", "quyet-dinh", "--ngay", "2026-04-02"),
                ("snapshot", "qd-o-dia", "-m", "Dự thảo lần 1"),
                ("new", "cong-van", "cv-moi")]
    for command in commands:
        result = run_vanban(root, *command)
        out = no_traceback(result)
        assert result.returncode == 2, (command, out)
        assert "chỉ cho đọc" in out, (command, out)
    # verify only reads: it checks an archive copy on a read-only folder instead of refusing it
    result = run_vanban(root, "verify")
    out = no_traceback(result)
    assert result.returncode == 0, out
    assert "chỉ cho đọc" in out and "Toàn vẹn:" in out, out
    assert snapshot(root) == before


def test_a_full_disk_while_issuing_leaves_the_number_unused(mounted):
    root = project_on(mounted)
    before = snapshot(root)
    filler = mounted / "day.bin"
    with filler.open("wb", buffering=0) as fh:     # fill the file system to the last block (unbuffered:
        # a buffered file kept the last partial chunk and raised ENOSPC again when closed)
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    result = run_vanban(root, "issue", "qd-o-dia", "--ngay", "2026-04-02", "--khong-pdf")
    out = no_traceback(result)
    assert result.returncode == 2 and "ổ đĩa đã đầy" in out, out
    assert "chưa ban hành" in out or "không ghi" in out
    filler.unlink()
    after = snapshot(root)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == \
           {k: v for k, v in before.items() if not k.endswith(".lock")}
    again = run_vanban(root, "issue", "qd-o-dia", "--ngay", "2026-04-02", "--khong-pdf")
    assert again.returncode == 0 and "01/QĐ-UBND" in again.stdout, again.stdout + again.stderr


def test_an_error_after_the_register_row_says_the_document_is_issued(tmp_path, monkeypatch):
    from generator.format.config import Project
    from generator.model.errors import VanbanError
    from generator.records import issuing

    root = copy_project(tmp_path / "du-an")
    only_my_records(root, BODY)
    write_draft(root, "qd-sau-so", BODY)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(root / "out" / "qd-sau-so.docx"))
    monkeypatch.setattr(issuing, "_copy_outputs", full)      # the step after the commit point
    with pytest.raises(VanbanError) as caught:
        issuing.issue(Project(root), "qd-sau-so", date=dt.date(2026, 4, 2), pdf=False)
    message = str(caught.value)
    assert "ĐÃ ĐƯỢC BAN HÀNH" in message and "01/QĐ-UBND" in message and "vanban verify" in message
    monkeypatch.undo()
    assert run_vanban(root, "verify").returncode == 0           # the next command finishes it
    assert (root / "out" / "qd-sau-so.docx").exists()
    shutil.rmtree(root)


def test_build_still_writes_out_when_only_records_is_read_only(tmp_path, mounted):
    """records/ on a read-only share, out/ writable: the per-write lock cannot be taken, and need not be."""
    root = tmp_path / "du-an"
    copy_project(root)
    only_my_records(root, BODY)
    write_draft(root, "qd-chi-doc", BODY)
    shutil.copytree(root / "records", mounted / "records")
    shutil.rmtree(root / "records")
    (root / "records").symlink_to(mounted / "records")
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    result = run_vanban(root, "build")
    assert result.returncode == 0, no_traceback(result)
    assert (root / "out" / "qd-chi-doc.docx").exists()


def test_verify_on_a_read_only_copy_still_finds_a_changed_issued_file(mounted):
    root = project_on(mounted)
    assert run_vanban(root, "issue", "qd-o-dia", "--ngay", "2026-04-02", "--khong-pdf").returncode == 0
    issued = next((root / "records" / "qd-o-dia" / "phien-ban").rglob("*.docx"))
    issued.write_bytes(issued.read_bytes() + b"\0")               # a copy altered after issuing
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    result = run_vanban(root, "verify")
    out = no_traceback(result)
    assert result.returncode == 1, out
    assert "chỉ cho đọc" in out and "qd-o-dia" in out, out
