"""Accepted, but worth a second look (issue 19, item 19): each gives a warning with the file and line,
and the record still builds."""

from __future__ import annotations

import os

from conftest import copy_project, run_vanban
from records_support import only_my_records, write_draft
from site_support import write_record

BODY = "ubnd-xa-thuan-an"


def warnings_of(root, *args):
    result = run_vanban(root, "build", *args)
    return result.returncode, result.stdout + result.stderr


def test_dates_far_from_today_and_bidi_controls_warn(tmp_path):
    root = copy_project(tmp_path / "du-an")
    path = write_draft(root, "qd-ngay-xa", BODY)
    text = path.read_text(encoding="utf-8").replace("trang_thai: du-thao", "trang_thai: du-thao\nngay: 0001-01-01")
    text = text.replace("Thành lập Tổ công tác.", "Thành lập Tổ \u202ecông tác.")
    path.write_text(text, encoding="utf-8")
    code, out = warnings_of(root)
    assert code == 0, out
    assert "qd-ngay-xa/van-ban.md:6" in out and "ngày 01/01/0001 rất xa hôm nay" in out, out
    bidi_line = text.split("\n").index(next(l for l in text.split("\n") if "\u202e" in l)) + 1
    assert f"qd-ngay-xa/van-ban.md:{bidi_line}" in out and "U+202E" in out, out
    assert (root / "out" / "qd-ngay-xa.docx").exists()


def test_an_attachment_loop_warns(tmp_path):
    root = copy_project(tmp_path / "du-an")
    for key, parent in (("qc-vong-a", "qc-vong-b"), ("qc-vong-b", "qc-vong-a"), ("qc-chinh-no", "qc-chinh-no")):
        write_record(root, key, f"""---
loai: quy-che
co_quan: {BODY}
trang_thai: du-thao
trich_yeu: thử vòng {key}
quan_he:
  kem_theo: {parent}
---

Điều 1. Phạm vi

Nội dung.
""")
    code, out = warnings_of(root)
    assert "qc-chinh-no/van-ban.md:7" in out and "chính nó" in out, out
    assert "qc-vong-a → qc-vong-b → qc-vong-a" in out, out


def test_an_issue_dated_before_the_previous_number_warns(tmp_path):
    root = copy_project(tmp_path / "du-an")
    only_my_records(root, BODY)
    write_draft(root, "qd-truoc", BODY)
    write_draft(root, "qd-sau", BODY)
    assert run_vanban(root, "issue", "qd-truoc", "--ngay", "2026-04-10", "--khong-pdf").returncode == 0
    result = run_vanban(root, "issue", "qd-sau", "--ngay", "2026-04-02", "--khong-pdf")
    out = result.stdout + result.stderr
    assert result.returncode == 0 and "02/QĐ-UBND" in out, out
    assert "sớm hơn ngày của số 01/QĐ-UBND (10/04/2026)" in out, out


def test_symlinked_and_dangling_record_folders_are_said_skipped(tmp_path):
    root = copy_project(tmp_path / "du-an")
    outside = tmp_path / "ngoai" / "qd-ngoai"
    outside.mkdir(parents=True)
    (outside / "van-ban.md").write_text((root / "records" / "qd-ubnd-to-ra-soat-2026" / "van-ban.md")
                                        .read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, root / "records" / "qd-lien-ket")
    (root / "records" / "qd-treo").mkdir()
    os.symlink(tmp_path / "khong-co.md", root / "records" / "qd-treo" / "van-ban.md")
    code, out = warnings_of(root)
    assert code == 0, out
    assert "qd-lien-ket" in out and "qd-treo/van-ban.md" in out and out.count("bỏ qua liên kết tượng trưng") == 2, out
    assert not (root / "out" / "qd-lien-ket.docx").exists()
