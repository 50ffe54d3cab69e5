"""Issuing (vanban issue), number series, the register (giữ số, hủy số, export) and frozen records."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm

from conftest import run_vanban
from docx_facts import texts
from generator.format.config import Project
from generator.model.errors import VanbanError
from generator.records.issuing import issue
from records_support import (events, front_matter_value, only_my_records, register_rows, write_draft,
                             write_imported)


def all_text(doc) -> str:
    return "\n".join(texts(doc))

KEY = "qd-ubnd-to-ra-soat-2026"


@pytest.fixture
def project_dir(project_dir):
    """The sample project with only the one State draft KEY for the UBND (numbers start at 01)."""
    only_my_records(project_dir, "ubnd-xa-thuan-an", keep=(KEY,))
    return project_dir


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _issue(root: Path, key: str, date: str, **kw):
    return issue(Project(root), key, date=dt.date.fromisoformat(date), pdf=False, **kw)


def test_issue_numbers_dates_freezes_and_registers(project_dir):
    source = project_dir / "records" / KEY / "van-ban.md"
    before = source.read_text(encoding="utf-8")
    r = run_vanban(project_dir, "issue", KEY, "--ngay", "2026-03-02", "--khong-pdf", "--nguoi", "Lê Văn Thư")
    assert r.returncode == 0, r.stderr
    assert "01/QĐ-UBND" in r.stdout

    # the number and date are written into the record, only those lines change, comments stay
    after = source.read_text(encoding="utf-8")
    assert front_matter_value(source, "so") == "1"
    assert front_matter_value(source, "ngay") == "2026-03-02"
    assert front_matter_value(source, "trang_thai") == "ban-hanh"
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert [line for line in old_lines if not line.startswith("trang_thai:")] == \
           [line for line in new_lines if not line.startswith(("trang_thai:", "so:", "ngay:"))]
    assert "# Quyết định của Chủ tịch: Chủ tịch ký trực tiếp" in after

    version = project_dir / "records" / KEY / "phien-ban" / "1"
    docx = version / f"{KEY}.docx"
    text = all_text(Document(str(docx)))
    assert "Số: 01/QĐ-UBND" in text and "ngày 02 tháng 3 năm 2026" in text
    assert "Dự thảo" not in text and "DỰ THẢO" not in text
    assert (project_dir / "out" / f"{KEY}.docx").read_bytes() == docx.read_bytes()

    rows = register_rows(project_dir)
    assert len(rows) == 1
    row = rows[0]
    assert row["Thao tác"] == "ban hành" and row["Số, ký hiệu"] == "01/QĐ-UBND" and row["Ngày văn bản"] == "02/03/2026"
    assert row["Tên loại và trích yếu nội dung"].startswith("Quyết định về việc thành lập Tổ rà soát")
    assert row["Người ký"] == "Lê Thị Hoa" and row["Đơn vị, người nhận bản lưu"] == "VT, VP"
    assert row["Người ghi"] == "Lê Văn Thư" and row["Hồ sơ"] == KEY
    assert row["Tệp lưu"] == f"records/{KEY}/phien-ban/1/{KEY}.docx"
    assert row["SHA-256"] == _sha(docx)
    assert [e["su_kien"] for e in events(project_dir)] == ["ban-hanh"]

    # issued: never issued twice, build leaves it alone, snapshot refuses
    r = run_vanban(project_dir, "issue", KEY, "--khong-pdf")
    assert r.returncode == 2 and "đã ban hành" in r.stderr
    r = run_vanban(project_dir, "build", "--force")
    assert r.returncode == 0, r.stderr
    assert "đã ban hành (giữ nguyên) 1" in r.stdout
    assert (project_dir / "out" / f"{KEY}.docx").read_bytes() == docx.read_bytes()
    r = run_vanban(project_dir, "snapshot", KEY, "-m", "sau ban hành")
    assert r.returncode == 2
    assert run_vanban(project_dir, "verify").returncode == 0


def test_editing_an_issued_record_is_an_error_pointing_to_amend_or_replace(project_dir):
    _issue(project_dir, KEY, "2026-03-02")
    source = project_dir / "records" / KEY / "van-ban.md"
    issued_docx = (project_dir / "out" / f"{KEY}.docx").read_bytes()
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Luật Lưu trữ ngày 21", "Luật Lưu trữ ngày 22"), encoding="utf-8")
    r = run_vanban(project_dir, "build")
    assert r.returncode == 2
    line = next(i for i, t in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if "ngày 22" in t)
    assert f"van-ban.md:{line}: lỗi: văn bản số 01/QĐ-UBND đã ban hành" in r.stderr
    assert "sua_doi" in r.stderr and "thay_the" in r.stderr
    assert (project_dir / "out" / f"{KEY}.docx").read_bytes() == issued_docx
    r = run_vanban(project_dir, "verify")
    assert r.returncode == 1 and f"đã bị sửa: records/{KEY}/van-ban.md" in r.stdout
    source.write_text(text, encoding="utf-8")
    assert run_vanban(project_dir, "build").returncode == 0


def test_verify_names_an_issued_docx_changed_by_one_byte(project_dir):
    _issue(project_dir, KEY, "2026-03-02")
    docx = project_dir / "records" / KEY / "phien-ban" / "1" / f"{KEY}.docx"
    data = bytearray(docx.read_bytes())
    data[len(data) // 2] ^= 0x01
    docx.chmod(0o644)
    docx.write_bytes(bytes(data))
    r = run_vanban(project_dir, "verify")
    assert r.returncode == 1
    assert f"đã bị sửa: records/{KEY}/phien-ban/1/{KEY}.docx (sổ đăng ký, số 01/QĐ-UBND)" in r.stdout


def test_party_numbering_per_type_and_term_with_confidential_in_the_same_series(project_dir):
    body = "dang-uy-xa-thuan-an"        # terms start 2020-08-20 and 2025-07-25
    only_my_records(project_dir, body)
    write_imported(project_dir, "cv-nhap", body, "cong-van", 15, "2026-03-05")   # issued before vanban
    for key in ("a", "b", "c", "d"):
        write_draft(project_dir, f"qd-{key}", body, do_mat="MẬT" if key == "d" else None)
    write_draft(project_dir, "cv-e", body, loai="cong-van")
    got = {
        "a": _issue(project_dir, "qd-a", "2025-07-01").so_ky_hieu,    # last term
        "b": _issue(project_dir, "qd-b", "2025-07-24").so_ky_hieu,    # last term, the day before the new one
        "c": _issue(project_dir, "qd-c", "2025-07-25").so_ky_hieu,    # the new term starts again at 01
        "d": _issue(project_dir, "qd-d", "2026-01-10").so_ky_hieu,    # a new year is not a new term; MẬT shares it
        "e": _issue(project_dir, "cv-e", "2026-03-10").so_ky_hieu,    # công văn: its own series, after 15-CV/ĐU
    }
    assert got == {"a": "01-QĐ/ĐU", "b": "02-QĐ/ĐU", "c": "01-QĐ/ĐU", "d": "02-QĐ/ĐU", "e": "16-CV/ĐU"}
    write_draft(project_dir, "qd-f", body)
    with pytest.raises(VanbanError, match="chưa khai nhiệm kỳ"):
        _issue(project_dir, "qd-f", "2020-01-15")
    assert len(register_rows(project_dir)) == 5


def test_state_numbering_per_type_and_year_with_confidential_in_its_own_series(project_dir):
    body = "ubnd-xa-thuan-an"
    for key in ("a", "b", "c", "d"):
        write_draft(project_dir, f"qd-{key}", body, do_mat="MẬT" if key == "d" else None)
    got = [_issue(project_dir, "qd-a", "2025-12-30").so_ky_hieu,
           _issue(project_dir, "qd-b", "2026-01-02").so_ky_hieu,      # a new year starts again at 01
           _issue(project_dir, "qd-c", "2026-01-05").so_ky_hieu,
           _issue(project_dir, "qd-d", "2026-01-06").so_ky_hieu,      # MẬT: its own series
           _issue(project_dir, KEY, "2026-02-01").so_ky_hieu]
    assert got == ["01/QĐ-UBND", "01/QĐ-UBND", "02/QĐ-UBND", "01/QĐ-UBND", "03/QĐ-UBND"]
    rows = register_rows(project_dir)
    assert [r["Độ mật"] for r in rows] == ["", "", "", "MẬT", ""]
    assert rows[3]["Loạt số"].endswith("/2026/mat")


def test_an_office_can_number_all_types_of_a_body_in_one_series(project_dir):
    config = project_dir / "records" / "van-phong.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    ma_don_vi: VP\n", "    ma_don_vi: VP\n    dang_so_chung: true\n"), encoding="utf-8")
    write_draft(project_dir, "cv-chung", "ubnd-xa-thuan-an", loai="cong-van")
    assert _issue(project_dir, KEY, "2026-03-02").so_ky_hieu == "01/QĐ-UBND"
    assert _issue(project_dir, "cv-chung", "2026-03-03").so_ky_hieu == "02/UBND-VP"


def test_reserving_and_voiding_numbers_are_register_rows_never_gaps(project_dir):
    write_draft(project_dir, "qd-sau", "ubnd-xa-thuan-an")
    r = run_vanban(project_dir, "giu-so", "qd-sau", "--ngay", "2026-03-01", "--nguoi", "Văn thư")
    assert r.returncode == 0, r.stderr
    assert "01/QĐ-UBND" in r.stdout
    r = run_vanban(project_dir, "giu-so", "--co-quan", "ubnd-xa-thuan-an", "--loai", "quyet-dinh",
                   "--ngay", "2026-03-01", "--ghi-chu", "Quyết định khen thưởng")
    assert r.returncode == 0 and "02/QĐ-UBND" in r.stdout
    r = run_vanban(project_dir, "huy-so", "02/QĐ-UBND", "--ly-do", "Không ban hành nữa")
    assert r.returncode == 0, r.stderr
    r = run_vanban(project_dir, "huy-so", "02/QĐ-UBND")
    assert r.returncode == 2                                          # a reason is required

    assert _issue(project_dir, KEY, "2026-03-02").so_ky_hieu == "03/QĐ-UBND"     # 01 is held, 02 is void
    assert _issue(project_dir, "qd-sau", "2026-03-03").so_ky_hieu == "01/QĐ-UBND"  # uses its reservation
    rows = register_rows(project_dir)
    assert [(r["Thao tác"], r["Số, ký hiệu"]) for r in rows] == [
        ("giữ số", "01/QĐ-UBND"), ("giữ số", "02/QĐ-UBND"), ("hủy số", "02/QĐ-UBND"),
        ("ban hành", "03/QĐ-UBND"), ("ban hành", "01/QĐ-UBND")]
    assert rows[2]["Ghi chú"] == "Lý do: Không ban hành nữa"
    assert [e["su_kien"] for e in events(project_dir)] == ["giu-so", "giu-so", "huy-so", "ban-hanh", "ban-hanh"]

    r = run_vanban(project_dir, "register")
    assert r.returncode == 0
    assert "giữ số" in r.stdout and "hủy số" in r.stdout and "Lý do: Không ban hành nữa" in r.stdout
    assert run_vanban(project_dir, "verify").returncode == 0

    # a deleted row leaves a gap that verify names
    path = project_dir / "records" / "so-dang-ky.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[:3] + lines[4:]))
    r = run_vanban(project_dir, "verify")
    assert r.returncode == 1
    assert "mã kiểm tra không khớp" in r.stdout


def test_register_exports_a_printable_landscape_book(project_dir, tmp_path):
    only_my_records(project_dir, "btv-tinh-uy")
    write_imported(project_dir, "qd-nhap", "btv-tinh-uy", "quyet-dinh", 230, "2025-11-03")
    _issue(project_dir, KEY, "2026-03-02")
    run_vanban(project_dir, "giu-so", "--co-quan", "btv-tinh-uy", "--loai", "quyet-dinh", "--ngay", "2026-03-02")
    target = tmp_path / "so-dang-ky.docx"
    r = run_vanban(project_dir, "register", "--xuat", str(target))
    assert r.returncode == 0, r.stderr
    doc = Document(str(target))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert len(doc.tables) == 2                            # one table per series
    heading = [c.text for c in doc.tables[0].rows[0].cells]
    assert heading == ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
                       "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ghi chú"]
    cells = {c.text for t in doc.tables for row in t.rows[2:] for c in row.cells}
    assert {"01/QĐ-UBND", "02/03/2026", "Lê Thị Hoa", "VT, VP", "231-QĐ/TU"} <= cells   # after imported 230-QĐ/TU
    assert any(c.startswith("Giữ số") for c in cells)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in all_text(doc)


def test_issue_refuses_imported_issued_records_and_attachments(project_dir):
    r = run_vanban(project_dir, "issue", "qd-230-tu-2025", "--khong-pdf")
    assert r.returncode == 2 and "chỉ ban hành được dự thảo" in r.stderr
    write_draft(project_dir, "qd-ban-hanh-qc", "btv-tinh-uy", trich_yeu="ban hành Quy chế thử nghiệm")
    write_draft(project_dir, "qc-kem-theo", "btv-tinh-uy", loai="quy-che", trich_yeu="thử nghiệm",
                extra="quan_he:\n  kem_theo: qd-ban-hanh-qc\n")
    r = run_vanban(project_dir, "issue", "qc-kem-theo", "--khong-pdf")
    assert r.returncode == 2 and "vanban issue qd-ban-hanh-qc" in r.stderr
    assert register_rows(project_dir) == []


def test_issuing_a_decision_issues_its_attached_regulation_with_it(project_dir):
    only_my_records(project_dir, "btv-tinh-uy")
    write_imported(project_dir, "qd-nhap", "btv-tinh-uy", "quyet-dinh", 230, "2025-11-03")
    write_draft(project_dir, "qd-ban-hanh-qc", "btv-tinh-uy", trich_yeu="ban hành Quy chế thử nghiệm")
    write_draft(project_dir, "qc-kem-theo", "btv-tinh-uy", loai="quy-che", trich_yeu="thử nghiệm",
                extra="quan_he:\n  kem_theo: qd-ban-hanh-qc\n")
    done = _issue(project_dir, "qd-ban-hanh-qc", "2026-03-02")
    assert done.so_ky_hieu == "231-QĐ/TU"
    assert [v.key for v in done.attachments] == ["qc-kem-theo"]
    attached = project_dir / "records" / "qc-kem-theo" / "phien-ban" / "1" / "qc-kem-theo.docx"
    assert "kèm theo Quyết định số 231-QĐ/TU, ngày 02/3/2026" in all_text(Document(str(attached)))
    assert front_matter_value(project_dir / "records" / "qc-kem-theo" / "van-ban.md", "trang_thai") == "ban-hanh"
    row = register_rows(project_dir)[0]
    assert row["Tệp lưu"].split(" | ") == ["records/qd-ban-hanh-qc/phien-ban/1/qd-ban-hanh-qc.docx",
                                          "records/qc-kem-theo/phien-ban/1/qc-kem-theo.docx"]
    r = run_vanban(project_dir, "build")
    assert r.returncode == 0 and "đã ban hành (giữ nguyên) 2" in r.stdout


def test_a_type_that_is_not_registered_is_issued_without_a_number(project_dir):
    write_draft(project_dir, "bc-tham-luan-moi", "btv-huyen-uy-thanh-binh", loai="bao-cao-tham-luan",
                trich_yeu="công tác bảo vệ chính trị nội bộ")
    done = _issue(project_dir, "bc-tham-luan-moi", "2026-03-02")
    assert done.so is None and done.row is None and done.version.kind == "ban-hanh"
    source = project_dir / "records" / "bc-tham-luan-moi" / "van-ban.md"
    assert front_matter_value(source, "so") is None and front_matter_value(source, "trang_thai") == "ban-hanh"
    assert register_rows(project_dir) == []
    assert [e["su_kien"] for e in events(project_dir)] == ["ban-hanh"]
    r = run_vanban(project_dir, "build")
    assert r.returncode == 0 and "đã ban hành (giữ nguyên) 1" in r.stdout
    assert run_vanban(project_dir, "verify").returncode == 0


def test_issue_with_pdf_freezes_and_registers_the_pdf(project_dir):
    r = run_vanban(project_dir, "issue", KEY, "--ngay", "2026-03-02")
    assert r.returncode == 0, r.stderr
    pdf = project_dir / "records" / KEY / "phien-ban" / "1" / f"{KEY}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    row = register_rows(project_dir)[0]
    files = dict(zip(row["Tệp lưu"].split(" | "), row["SHA-256"].split(" | ")))
    assert files[f"records/{KEY}/phien-ban/1/{KEY}.pdf"] == _sha(pdf)
    assert (project_dir / "out" / f"{KEY}.pdf").read_bytes() == pdf.read_bytes()
    assert run_vanban(project_dir, "verify").returncode == 0
