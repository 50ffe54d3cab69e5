"""A phụ lục is a record of type `phu-luc` attached to the document it goes with (quan_he.kem_theo).

Expected values come from the rules, not from the code:
- ND 30 PL I mục III.1: an annex has its own title; "Trường hợp văn bản có từ hai phụ lục trở lên thì phụ lục
  phải có số thứ tự bằng chữ số La Mã"; "Phụ lục" and its number on a line of their own, centred, 14 pt, bold;
  the title in capitals, bold, centred; the "(Kèm theo …)" line italic, centred.
- HD 05 Phần II II.1.1–1.2: "văn bản có từ hai phụ lục trở lên thì ghi số thứ tự phụ lục bằng chữ số Ả-rập";
  "Phụ lục và số thứ tự" on its own line, centred; its title under it; then the reference to the document
  (số, ký hiệu; ngày, tháng, năm; tên cơ quan). IV.5.2: "Số trang của phụ lục ghi riêng cho từng phụ lục" —
  each annex is its own .docx, page 1 unnumbered.
- An annex carries no header, no number of its own and no signature: the document it goes with has them.
"""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conftest import copy_project, run_vanban
from docx_facts import find, is_bold, is_italic, size_pt

QD_05 = """---
loai: quyet-dinh
co_quan: btv-tinh-uy
so: 7
ngay: 2026-06-01
trang_thai: ban-hanh
trich_yeu: về việc thành lập Tổ công tác
noi_nhan: [Các đồng chí Tỉnh ủy viên]
---

Điều 1. Thành lập Tổ công tác (danh sách tại Phụ lục 1 kèm theo).

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""

QD_UBND = """---
loai: quyet-dinh
co_quan: ubnd-xa-thuan-an
so: 12
ngay: 2026-07-02
trang_thai: ban-hanh
trich_yeu: Về việc thành lập Tổ rà soát hồ sơ lưu trữ
noi_nhan: [Như Điều 3]
---

Điều 1. Thành lập Tổ rà soát.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""

ANNEX = """---
loai: phu-luc
co_quan: {body}
quan_he: {{kem_theo: {parent}}}
trich_yeu: {title}
---

1. Đồng chí Nguyễn Văn A, Tổ trưởng.

2. Đồng chí Trần Thị B, thành viên.
"""


def _write(root, key, text):
    folder = root / "records" / key
    folder.mkdir(exist_ok=True)
    (folder / "van-ban.md").write_text(text, encoding="utf-8")


def _texts(root, key):
    return [p.text for p in Document(str(root / "out" / f"{key}.docx")).paragraphs if p.text.strip()]


def test_party_annexes_numbered_in_arabic_with_title_and_reference(tmp_path):
    root = copy_project(tmp_path / "du-an")
    _write(root, "qd-to-cong-tac", QD_05)
    _write(root, "qd-to-cong-tac-pl-1", ANNEX.format(body="btv-tinh-uy", parent="qd-to-cong-tac",
                                                      title="Danh sách thành viên Tổ công tác"))
    _write(root, "qd-to-cong-tac-pl-2", ANNEX.format(body="btv-tinh-uy", parent="07-QĐ/TU",
                                                      title="Lịch làm việc của Tổ công tác"))
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _texts(root, "qd-to-cong-tac-pl-1")[:3] == [
        "Phụ lục 1", "DANH SÁCH THÀNH VIÊN TỔ CÔNG TÁC",
        "(Kèm theo Quyết định số 07-QĐ/TU, ngày 01/6/2026 của Ban Thường vụ Tỉnh ủy)"]
    assert _texts(root, "qd-to-cong-tac-pl-2")[0] == "Phụ lục 2"          # found by its parent's number too
    doc = Document(str(root / "out" / "qd-to-cong-tac-pl-1.docx"))
    line, title = find(doc, "Phụ lục 1"), find(doc, "DANH SÁCH THÀNH VIÊN TỔ CÔNG TÁC")
    for para in (line, title):
        assert is_bold(para) and size_pt(para) == 14
        assert (para.alignment or para.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.CENTER
    assert is_italic(find(doc, "(Kèm theo", exact=False))
    text = " ".join(_texts(root, "qd-to-cong-tac-pl-1"))
    for absent in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 07", "Nơi nhận", "T/M", "Bùi"):
        assert absent not in text, absent
    # numbered on its own: page 1 shows no number (a first-page header of its own), later pages do
    sect = doc.sections[0]._sectPr
    assert sect.find(qn("w:titlePg")) is not None
    result = run_vanban(root, "check", str(root / "out" / "qd-to-cong-tac-pl-1.docx"))
    assert result.returncode == 0 and "05-HD/VPTW" in result.stdout, result.stdout


def test_state_annexes_numbered_in_roman_and_a_lone_annex_unnumbered(tmp_path):
    root = copy_project(tmp_path / "du-an")
    _write(root, "qd-ra-soat", QD_UBND)
    _write(root, "qd-ra-soat-pl-a", ANNEX.format(body="ubnd-xa-thuan-an", parent="qd-ra-soat",
                                                  title="Danh sách thành viên Tổ rà soát"))
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _texts(root, "qd-ra-soat-pl-a")[0] == "Phụ lục"                # one annex: no number
    assert "12/QĐ-UBND" in _texts(root, "qd-ra-soat-pl-a")[2]
    # a second annex: both are numbered now, and the first is rebuilt although its own file did not change
    _write(root, "qd-ra-soat-pl-b", ANNEX.format(body="ubnd-xa-thuan-an", parent="qd-ra-soat",
                                                  title="Kế hoạch rà soát"))
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _texts(root, "qd-ra-soat-pl-a")[0] == "Phụ lục I"
    assert _texts(root, "qd-ra-soat-pl-b")[0] == "Phụ lục II"
    result = run_vanban(root, "check", str(root / "out" / "qd-ra-soat-pl-b.docx"))
    assert result.returncode == 0, result.stdout


def test_annex_without_a_document_is_refused_and_the_rest_builds(tmp_path):
    root = copy_project(tmp_path / "du-an")
    _write(root, "pl-mo-coi", "---\nloai: phu-luc\nco_quan: btv-tinh-uy\ntrich_yeu: Danh sách\n---\n\nNội dung.\n")
    result = run_vanban(root, "build")
    assert result.returncode != 0
    assert "pl-mo-coi" in result.stdout + result.stderr and "kèm theo" in result.stdout + result.stderr
    assert not (root / "out" / "pl-mo-coi.docx").exists()
    assert (root / "out" / "qd-230-tu-2025.docx").exists()


def test_an_annex_of_a_document_not_in_the_records_keeps_its_printed_lines(tmp_path):
    """An imported annex of another body's document (ND 30's own Phụ lục I): its number and "(Kèm theo …)"
    line as printed, no link to resolve."""
    root = copy_project(tmp_path / "du-an")
    _write(root, "nd30-phu-luc-1", "---\nloai: phu-luc\nco_quan: {ten: CHÍNH PHỦ, ho_so: nha-nuoc, ma: CP}\n"
           "so_phu_luc: I\ntrich_yeu: Thể thức, kỹ thuật trình bày văn bản hành chính\n"
           "kem_theo_ghi: \"(Kèm theo Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ)\"\n"
           "nguon: nd-30-phu-luc-1.docx\n---\n\nI. THỂ THỨC\n")
    result = run_vanban(root, "build", str(root / "records" / "nd30-phu-luc-1"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert _texts(root, "nd30-phu-luc-1")[:3] == [
        "Phụ lục I", "THỂ THỨC, KỸ THUẬT TRÌNH BÀY VĂN BẢN HÀNH CHÍNH",
        "(Kèm theo Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ)"]
