"""Versions (vanban snapshot / history), the audit trail and vanban verify, through the real command line."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from conftest import run_vanban
from records_support import events, register_rows

KEY = "qd-ubnd-to-ra-soat-2026"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _writable(path: Path) -> None:
    os.chmod(path, stat.S_IREAD | stat.S_IWRITE)


def test_snapshot_freezes_source_and_outputs_with_hashes_author_and_message(project_dir):
    source = project_dir / "records" / KEY / "van-ban.md"
    r = run_vanban(project_dir, "snapshot", KEY, "-m", "Dự thảo lần 1", "--nguoi", "Nguyễn Thị Lan")
    assert r.returncode == 0, r.stderr
    source.write_text(source.read_text(encoding="utf-8").replace("Tổ rà soát", "Tổ công tác rà soát"), encoding="utf-8")
    r = run_vanban(project_dir, "snapshot", f"records/{KEY}", "-m", "Dự thảo lần 2", "--nguoi", "Trần Văn Nam")
    assert r.returncode == 0, r.stderr

    v1, v2 = (project_dir / "records" / KEY / "phien-ban" / n for n in ("1", "2"))
    manifest = json.loads((v2 / "phien-ban.json").read_text(encoding="utf-8"))
    assert manifest["ghi_chu"] == "Dự thảo lần 2" and manifest["nguoi"] == "Trần Văn Nam"
    assert manifest["phien_ban"] == 2 and manifest["thoi_gian"]
    assert set(manifest["tep"]) == {"van-ban.md", f"{KEY}.docx"}
    for name, digest in manifest["tep"].items():
        assert _sha(v2 / name) == digest
    # the frozen source is the one of that moment, and its .docx was rebuilt from it
    assert "Tổ công tác rà soát" in (v2 / "van-ban.md").read_text(encoding="utf-8")
    assert "Tổ công tác rà soát" not in (v1 / "van-ban.md").read_text(encoding="utf-8")
    assert (v2 / f"{KEY}.docx").read_bytes() == (project_dir / "out" / f"{KEY}.docx").read_bytes()
    assert os.stat(v2 / "van-ban.md").st_mode & 0o222 == 0        # read-only

    r = run_vanban(project_dir, "history", KEY)
    assert r.returncode == 0, r.stderr
    assert "Dự thảo lần 1" in r.stdout and "Dự thảo lần 2" in r.stdout
    assert "Nguyễn Thị Lan" in r.stdout and "Trần Văn Nam" in r.stdout
    assert r.stdout.count("nguyên vẹn") == 2
    assert [e["su_kien"] for e in events(project_dir)] == ["phien-ban", "phien-ban"]


def test_an_edited_version_file_is_reported_by_history_and_verify(project_dir):
    assert run_vanban(project_dir, "snapshot", KEY, "-m", "Dự thảo lần 1").returncode == 0
    frozen = project_dir / "records" / KEY / "phien-ban" / "1" / "van-ban.md"
    _writable(frozen)
    frozen.write_text(frozen.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")

    r = run_vanban(project_dir, "history", KEY)
    assert r.returncode == 1
    assert "ĐÃ BỊ SỬA: van-ban.md" in r.stdout
    r = run_vanban(project_dir, "verify")
    assert r.returncode == 1
    assert f"đã bị sửa: records/{KEY}/phien-ban/1/van-ban.md" in r.stdout


def test_verify_lists_changed_missing_and_added_files_and_an_edited_manifest(project_dir):
    assert run_vanban(project_dir, "snapshot", KEY, "-m", "Dự thảo lần 1").returncode == 0
    assert run_vanban(project_dir, "verify").returncode == 0
    folder = project_dir / "records" / KEY / "phien-ban" / "1"
    docx = folder / f"{KEY}.docx"
    _writable(docx)
    docx.unlink()
    (folder / "ghi-chu-them.txt").write_text("tệp lạ", encoding="utf-8")
    # someone "repairs" the manifest to hide an edit of the source
    source = folder / "van-ban.md"
    _writable(source)
    source.write_text("sửa", encoding="utf-8")
    manifest = folder / "phien-ban.json"
    _writable(manifest)
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["tep"]["van-ban.md"] = _sha(source)
    manifest.write_text(json.dumps(data), encoding="utf-8")

    r = run_vanban(project_dir, "verify")
    assert r.returncode == 1, r.stdout
    out = r.stdout
    assert f"bị mất: records/{KEY}/phien-ban/1/{KEY}.docx" in out
    assert f"tệp lạ được thêm vào: records/{KEY}/phien-ban/1/ghi-chu-them.txt" in out
    assert f"tệp kê khai không khớp nhật ký: records/{KEY}/phien-ban/1/phien-ban.json" in out


def test_the_audit_log_is_chained_so_an_edited_or_deleted_line_is_found(project_dir):
    assert run_vanban(project_dir, "snapshot", KEY, "-m", "Dự thảo lần 1").returncode == 0
    assert run_vanban(project_dir, "snapshot", KEY, "-m", "Dự thảo lần 2").returncode == 0
    log = project_dir / "records" / "nhat-ky.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join([lines[0].replace("Dự thảo lần 1", "Dự thảo lần 1 (đã duyệt)"), lines[1]]) + "\n",
                   encoding="utf-8")
    r = run_vanban(project_dir, "verify")
    assert r.returncode == 1
    assert "nhat-ky.jsonl:1: dòng nhật ký đã bị sửa" in r.stdout


def test_new_logs_created_and_history_shows_it(project_dir):
    r = run_vanban(project_dir, "new", "quyet-dinh", "qd-moi", "--co-quan", "ubnd-xa-thuan-an")
    assert r.returncode == 0, r.stderr
    r = run_vanban(project_dir, "history", "qd-moi")
    assert r.returncode == 0
    assert "tạo hồ sơ" in r.stdout and "Trạng thái: dự thảo" in r.stdout
    assert events(project_dir)[0]["su_kien"] == "tao"


def test_history_and_snapshot_of_an_unknown_record_are_usage_errors(project_dir):
    r = run_vanban(project_dir, "history", "khong-co")
    assert r.returncode == 2 and "không có hồ sơ" in r.stderr
    r = run_vanban(project_dir, "snapshot", "khong-co", "-m", "x")
    assert r.returncode == 2 and "không có hồ sơ" in r.stderr
    assert register_rows(project_dir) == []
