"""Joint documents (văn bản liên cơ quan), HD 05 Phần II:
- I.2.1.5 / I.2.2.3: the header names every issuing body, the lead (chủ trì) first, joined by a hyphen
  ("ỦY BAN KIỂM TRA TỈNH UỶ SƠN LA - CÔNG AN TỈNH SƠN LA"), with no superior line in the example;
- I.3.1.2.b(iii), I.3.2.2: the ký hiệu joins the bodies' codes with "-": "Số 05-QC/BTCTU-BNCTU";
- I.3.1.1.d: the number continues the lead body's series of the same type;
- I.7.1.4.g, I.7.2.4: the lead's signer on the right, the others' on the left, each with the full chức vụ
  including the body's name.
"""

from __future__ import annotations

from docx import Document

from conftest import copy_project, run_vanban

JOINT = """---
loai: quy-che
co_quan: dang-uy-xa-thuan-an
lien_co_quan:
  - {{ten: CÔNG AN XÃ THUẬN AN, ma: CAX}}
{so}trang_thai: {trang_thai}
trich_yeu: phối hợp công tác bảo vệ chính trị nội bộ
nguoi_ky:
  hinh_thuc: tm
  thay_mat: BAN THƯỜNG VỤ
  chuc_vu: PHÓ BÍ THƯ ĐẢNG ỦY XÃ
  ho_ten: Lê Văn Nam
nguoi_ky_lien:
  - {{chuc_vu: TRƯỞNG CÔNG AN XÃ, ho_ten: Trần Văn Hùng}}
noi_nhan:
  - Ban Thường vụ Huyện ủy (b/c)
---

Điều 1. Phạm vi điều chỉnh.

Điều 2. Hiệu lực thi hành.
"""

OWN = """---
loai: quy-che
co_quan: dang-uy-xa-thuan-an
so: 3
ngay: 2026-06-02
trang_thai: ban-hanh
trich_yeu: làm việc của Đảng ủy xã
noi_nhan: [Các chi bộ trực thuộc]
---

Điều 1. Phạm vi.
"""


def _texts(path):
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs if p.text.strip()], cells, doc


def _project(tmp_path):
    root = copy_project(tmp_path / "du-an")
    for key, text in (("qc-lien", JOINT.format(so="so: 4\nngay: 2026-06-10\n", trang_thai="ban-hanh")),
                      ("qc-rieng", OWN)):
        (root / "records" / key).mkdir()
        (root / "records" / key / "van-ban.md").write_text(text, encoding="utf-8")
    return root


def test_joint_header_number_and_signatures(tmp_path):
    root = _project(tmp_path)
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    paragraphs, cells, doc = _texts(root / "out" / "qc-lien.docx")
    header = doc.tables[0]
    left = header.cell(0, 0).text
    assert "ĐẢNG ỦY XÃ THUẬN AN - CÔNG AN XÃ THUẬN AN" in left.replace("\n", " ")
    assert "ĐẢNG BỘ TỈNH ĐẮK NÔNG" not in left                      # no superior line for a joint document
    assert header.cell(1, 0).text.strip().startswith("Số 04-QC/ĐU-CAX")
    signatures = doc.tables[-1]
    left_sign, right_sign = signatures.cell(0, 0).text, signatures.cell(0, 1).text
    assert "TRƯỞNG CÔNG AN XÃ" in left_sign and "Trần Văn Hùng" in left_sign     # the other body: left
    assert "T/M BAN THƯỜNG VỤ" in right_sign and "Lê Văn Nam" in right_sign     # the lead: right
    body = doc.element.body
    assert [p.text for p in doc.paragraphs].index("Nơi nhận:") > 0             # under both signatures
    assert list(body).index(signatures._tbl) < list(body).index(
        next(p for p in doc.paragraphs if p.text == "Nơi nhận:")._p)
    check = run_vanban(root, "check", str(root / "out" / "qc-lien.docx"), str(root / "records" / "qc-lien"))
    assert check.returncode == 0 and "cảnh báo" not in check.stdout, check.stdout   # full titles allowed here


def test_a_one_body_document_keeps_its_layout(tmp_path):
    root = _project(tmp_path)
    assert run_vanban(root, "build").returncode == 0
    _, _, doc = _texts(root / "out" / "qc-rieng.docx")
    assert "ĐẢNG BỘ TỈNH ĐẮK NÔNG" in doc.tables[0].cell(0, 0).text
    assert doc.tables[0].cell(1, 0).text.strip().startswith("Số 03-QC/ĐU")
    assert "Nơi nhận:" in doc.tables[-1].cell(0, 0).text                      # beside the signature


def test_joint_number_continues_the_lead_bodys_series(tmp_path):
    root = copy_project(tmp_path / "du-an")
    (root / "records" / "qc-lien").mkdir()
    (root / "records" / "qc-lien" / "van-ban.md").write_text(
        JOINT.format(so="", trang_thai="du-thao"), encoding="utf-8")
    (root / "records" / "qc-rieng").mkdir()
    (root / "records" / "qc-rieng" / "van-ban.md").write_text(
        OWN.replace("so: 3\nngay: 2026-06-02\ntrang_thai: ban-hanh", "trang_thai: du-thao"), encoding="utf-8")
    first = run_vanban(root, "issue", "qc-rieng", "--ngay", "2026-06-02", "--khong-pdf")
    assert first.returncode == 0, first.stdout + first.stderr
    second = run_vanban(root, "issue", "qc-lien", "--ngay", "2026-06-10", "--khong-pdf")
    assert second.returncode == 0, second.stdout + second.stderr
    register = (root / "records" / "so-dang-ky.csv").read_text(encoding="utf-8-sig")
    assert "01-QC/ĐU" in register and "02-QC/ĐU-CAX" in register


def test_unknown_joint_body_is_refused_with_its_line(tmp_path):
    root = copy_project(tmp_path / "du-an")
    (root / "records" / "qc-sai").mkdir()
    (root / "records" / "qc-sai" / "van-ban.md").write_text(JOINT.format(so="", trang_thai="du-thao").replace(
        "{ten: CÔNG AN XÃ THUẬN AN, ma: CAX}", "cong-an-khong-co"), encoding="utf-8")
    result = run_vanban(root, "build", str(root / "records" / "qc-sai"))
    assert result.returncode != 0
    assert "van-ban.md:4" in result.stdout + result.stderr and "cong-an-khong-co" in result.stdout + result.stderr


CONGRESS = """  dai-hoi-xa:
    ten: ĐẠI HỘI ĐẢNG BỘ XÃ THUẬN AN
    cap_tren: ĐẢNG BỘ TỈNH ĐẮK NÔNG
    ma: ĐH
    ho_so: dang
    loai_co_quan: dai-hoi
    dia_danh: Thuận An
    ten_goi: Đại hội Đảng bộ xã Thuận An
    luu: Văn phòng Đảng ủy
    nhiem_ky: [2025-07-23]
    nguoi_ky: bt-dang-uy-thuan-an
"""


def test_a_congress_numbers_all_its_types_in_one_series(tmp_path):
    """HD 05 Phần II I.3.1.1.a: "Ghi liên tục từ số 01 chung cho tất cả các tên loại văn bản của đại hội …";
    I.3.1.2.b(i): code "ĐH" ("Số 01-BC/ĐH", "Số 20-BB/ĐH")."""
    root = copy_project(tmp_path / "du-an")
    config = root / "records" / "van-phong.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  dang-uy-xa-thuan-an:\n", CONGRESS + "  dang-uy-xa-thuan-an:\n", 1),
                      encoding="utf-8")
    for key, loai in (("bc-dai-hoi", "bao-cao"), ("nq-dai-hoi", "nghi-quyet")):
        (root / "records" / key).mkdir()
        (root / "records" / key / "van-ban.md").write_text(
            f"---\nloai: {loai}\nco_quan: dai-hoi-xa\ntrang_thai: du-thao\ntrich_yeu: của đại hội\n"
            "nguoi_ky:\n  hinh_thuc: tm\n  thay_mat: ĐOÀN CHỦ TỊCH\n  ho_ten: Lê Văn Nam\n"
            "noi_nhan: [Các đại biểu]\n---\n\nNội dung.\n", encoding="utf-8")
    for key, day in (("bc-dai-hoi", "2025-07-23"), ("nq-dai-hoi", "2025-07-25")):
        result = run_vanban(root, "issue", key, "--ngay", day, "--khong-pdf")
        assert result.returncode == 0, result.stdout + result.stderr
    register = (root / "records" / "so-dang-ky.csv").read_text(encoding="utf-8-sig")
    assert "01-BC/ĐH" in register and "02-NQ/ĐH" in register
