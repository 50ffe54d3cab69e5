"""`vanban verify` cross-checks the register, the audit log and the issued versions (issue 19, items 6-7).

Each tamper below was reported "Toàn vẹn" (exit 0) before: a deleted tail of the register or of the log,
a register row re-chained after its file hashes were edited.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, run_vanban
from records_support import only_my_records, write_draft

BODY = "ubnd-xa-thuan-an"


@pytest.fixture(scope="module")
def issued(tmp_path_factory) -> Path:
    """Three documents issued one after the other, without PDF (the register, log and versions hold 3 each)."""
    root = copy_project(tmp_path_factory.mktemp("verify") / "du-an")
    only_my_records(root, BODY)
    for n in (1, 2, 3):
        write_draft(root, f"qd-thu-{n}", BODY)
        result = run_vanban(root, "issue", f"qd-thu-{n}", "--ngay", f"2026-04-0{n}", "--khong-pdf")
        assert result.returncode == 0, result.stdout + result.stderr
    assert run_vanban(root, "verify").returncode == 0
    return root


@pytest.fixture
def project(issued, tmp_path) -> Path:
    return copy_project_tree(issued, tmp_path / "ban-sao")


def copy_project_tree(src: Path, dest: Path) -> Path:
    import shutil
    shutil.copytree(src, dest)
    for path in dest.rglob("*"):        # frozen versions are read-only; the copy must be editable
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


REGISTER = "records/so-dang-ky.csv"
LOG = "records/nhat-ky.jsonl"


def drop_last_lines(path: Path, n: int) -> None:
    raw = path.read_bytes()
    lines = raw.splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-n]) if n < len(lines) else b"")


def verify(root: Path) -> tuple[int, str]:
    result = run_vanban(root, "verify")
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("n", [1, 2])
def test_deleting_the_last_register_rows_is_named_on_the_register(project, n):
    drop_last_lines(project / REGISTER, n)
    code, out = verify(project)
    assert code == 1, out
    assert "so-dang-ky.csv" in out and "qd-thu-3" in out


def test_deleting_every_register_row_or_the_file_is_named(project):
    lines = (project / REGISTER).read_bytes().splitlines(keepends=True)
    (project / REGISTER).write_bytes(lines[0])       # header only
    code, out = verify(project)
    assert code == 1 and "so-dang-ky.csv" in out and "qd-thu-1" in out, out
    (project / REGISTER).unlink()
    code, out = verify(project)
    assert code == 1 and "so-dang-ky.csv" in out, out


def test_deleting_the_last_audit_events_is_named_on_the_log(project):
    drop_last_lines(project / LOG, 1)
    code, out = verify(project)
    assert code == 1 and "nhat-ky.jsonl" in out, out


def test_deleting_the_whole_audit_log_names_the_log(project):
    (project / LOG).unlink()
    code, out = verify(project)
    assert code == 1 and "nhat-ky.jsonl" in out, out


def test_a_rechained_register_row_with_edited_hashes_is_caught_by_the_version_manifest(project):
    """Edit the SHA-256 of an issued file in a row, then recompute every check code as a forger would."""
    forge_register(project, lambda rows: rows[0].sha256.__setitem__(0, "0" * 64))
    code, out = verify(project)
    assert code == 1, out
    assert "qd-thu-1" in out and "phien-ban.json" in out, out


def test_a_rechained_register_with_its_last_row_removed_is_still_caught(project):
    forge_register(project, lambda rows: rows.pop())
    code, out = verify(project)
    assert code == 1 and "qd-thu-3" in out, out


def forge_register(project: Path, edit) -> None:
    """Rewrite records/so-dang-ky.csv after `edit(rows)`, with a consistent chain (an unkeyed SHA-256)."""
    import csv
    import io
    from generator.format.config import Project
    from generator.records.ledger import CHAIN_START, chain
    from generator.records.register import BOM, FIELDS, HEADER, read_register, register_path
    rows, problems = read_register(Project(project))
    assert not problems
    edit(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    previous = CHAIN_START
    for stt, row in enumerate(rows, start=1):
        row.stt = stt
        row.kiem_tra = chain(previous, row.payload())
        previous = row.kiem_tra
        values = row.values()
        writer.writerow([values[k] for k, _ in FIELDS])
    register_path(Project(project)).write_bytes((BOM + out.getvalue()).encode("utf-8"))
