"""HD 05 on the last page, and the body spacing `vanban check` now judges.

Expected values are read from the primary text of Hướng dẫn 05-HD/VPTW (newstar94/Chuan-Hoa
shared/docs/extracted_text/HD05.txt), Phần II:
- II.6: contact information "tại trang cuối của văn bản, dưới một đường kẻ nét liền kéo dài hết chiều
  ngang của vùng trình bày văn bản"; Phụ lục 2 row 14: in thường, 10 pt, đứng.
- II.4.1: "Không phổ biến trên phương tiện thông tin đại chúng" "trình bày tại trang cuối, chính giữa,
  cách mép dưới trang văn bản 10 mm" (the other circulation notes stay top right of page 1).
- I.6.2.2: "khoảng cách giữa các đoạn văn bản (Spacing) tối thiểu là 6pt; khoảng cách giữa các dòng
  (Line spacing) từ 18pt đến 22pt (Exactly)".
- IV.4.1: A4, margins left 30 mm, right 15 mm (for where "centred" and "full width" are).
"""

from __future__ import annotations

import re
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import copy_project, run_vanban
from docx_facts import find, is_bold, size_pt
from tools import system_tool

CONTACT = "Số 9A, đường Trần Phú, phường Xuân Hương; điện thoại: 0263.3822.111; thư điện tử: vp@lamdong.dcs.vn."
NOTE = "KHÔNG PHỔ BIẾN TRÊN PHƯƠNG TIỆN THÔNG TIN ĐẠI CHÚNG"

QD = """---
loai: quyet-dinh
co_quan: btv-tinh-uy
so: 7
ngay: {ngay}
trang_thai: ban-hanh
trich_yeu: về việc thành lập Tổ công tác
noi_nhan:
  - Các đồng chí Tỉnh ủy viên
pham_vi_luu_hanh: {note}
lien_he: "{contact}"
---

Điều 1. Thành lập Tổ công tác.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hd05-cuoi") / "du-an")
    for key, date, note in (("qd-05", "2026-06-01", "Không phổ biến trên phương tiện thông tin đại chúng"),
                            ("qd-05-hoi-nghi", "2026-06-01", "tài liệu hội nghị"),
                            ("qd-36", "2026-05-01", "Không phổ biến trên phương tiện thông tin đại chúng")):
        folder = root / "records" / key
        folder.mkdir()
        (folder / "van-ban.md").write_text(QD.format(ngay=date, note=note, contact=CONTACT), encoding="utf-8")
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _doc(root, key):
    return Document(str(root / "out" / f"{key}.docx"))


def test_contact_line_is_last_10pt_under_a_full_width_rule(project):
    doc = _doc(project, "qd-05")
    last = [p for p in doc.paragraphs if p.text.strip()][-2:]      # contact, then the last-page note
    contact = find(doc, CONTACT)
    assert contact._p is last[0]._p
    assert size_pt(contact) == 10 and not is_bold(contact)
    top = contact._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    assert top.get(qn("w:val")) == "single"
    ind = contact._p.pPr.find(qn("w:ind"))                         # nothing shortens the rule
    assert ind is None or all(ind.get(qn(f"w:{a}")) in (None, "0") for a in ("left", "right"))
    # after the signature block: the table holding Nơi nhận and the signer precedes it in the body
    body = list(doc.element.body)
    assert body.index(contact._p) > max(body.index(t._tbl) for t in doc.tables)


def test_hd36_record_prints_no_contact_line_and_is_warned(project):
    doc = _doc(project, "qd-36")
    assert all(CONTACT not in p.text for p in doc.paragraphs)
    result = run_vanban(project, "build", "--force", str(project / "records" / "qd-36"))
    assert "lien_he" in result.stdout + result.stderr and "HD36-2018" in result.stdout + result.stderr


def test_other_circulation_notes_stay_top_right_of_page_one(project):
    doc = _doc(project, "qd-05-hoi-nghi")
    header = doc.sections[0].first_page_header
    assert [p.text for p in header.paragraphs if p.text.strip()] == ["TÀI LIỆU HỘI NGHỊ"]
    assert all(NOTE not in p.text for p in doc.paragraphs)


def test_no_mass_media_note_is_centred_10mm_above_the_bottom_of_the_last_page(project, tmp_path):
    doc = _doc(project, "qd-05")
    assert all(NOTE not in p.text for p in doc.sections[0].first_page_header.paragraphs)
    note = find(doc, NOTE)
    assert is_bold(note) and size_pt(note) == 12                   # PL2 row 12: caps, 12, bold
    soffice = system_tool("soffice")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(project / "out" / "qd-05.docx")], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "qd-05.pdf"
    html = subprocess.run([system_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = html.split("<page ")[1:]
    last = pages[-1]
    height = float(re.search(r'height="([\d.]+)"', last)[1])
    words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', last)]
    line = [w for w in words if w[4] in NOTE.split()]
    assert {w[4] for w in line} == set(NOTE.split())
    mm = 25.4 / 72
    bottom_gap = (height - max(w[3] for w in line)) * mm
    assert 8 <= bottom_gap <= 14, bottom_gap          # 10 mm to the text's baseline region, with the line's leading
    centre = (min(w[0] for w in line) + max(w[2] for w in line)) / 2 * mm
    assert abs(centre - (30 + (210 - 15)) / 2) < 3, centre      # centred between the 30 mm and 15 mm margins
    assert max(w[3] for w in words if w[4] not in NOTE.split()) < min(w[1] for w in line)   # below the rest


def _respace(src, dest, rule, points, after):
    doc = Document(str(src))
    for style in doc.styles:
        if getattr(style, "name", "") == "VB Noi dung":
            style.paragraph_format.line_spacing_rule = rule
            if points is not None:
                style.paragraph_format.line_spacing = points
            style.paragraph_format.space_after = Pt(after)
            style.paragraph_format.space_before = Pt(0)
    doc.save(str(dest))


def test_check_accepts_vanbans_own_hd05_spacing(project):
    result = run_vanban(project, "check", "--json", str(project / "out" / "qd-05.docx"))
    assert '"doan.gian_dong"' not in result.stdout and '"doan.cach_doan"' not in result.stdout
    assert result.returncode == 0, result.stdout


def test_check_flags_multiple_line_spacing_and_no_space_between_paragraphs(project, tmp_path):
    import json
    bad = tmp_path / "gian-dong.docx"
    _respace(project / "out" / "qd-05.docx", bad, WD_LINE_SPACING.MULTIPLE, 1.15, 0)
    data = json.loads(run_vanban(project, "check", "--json", str(bad)).stdout)
    findings = {f["code"]: f for f in data["van_ban"][0]["phat_hien"]}
    spacing = findings["doan.gian_dong"]
    assert spacing["severity"] == "lỗi" and "I.6.2.2" in spacing["rule_source"]
    assert "Multiple 1,15" in spacing["problem"] and "Exactly 18–22 pt" in spacing["rule"]
    gap = findings["doan.cach_doan"]
    assert "0 pt" in gap["problem"] and "6 pt" in gap["rule"]


def test_check_flags_exact_spacing_outside_18_to_22(project, tmp_path):
    import json
    bad = tmp_path / "16pt.docx"
    _respace(project / "out" / "qd-05.docx", bad, WD_LINE_SPACING.EXACTLY, Pt(16), 6)
    data = json.loads(run_vanban(project, "check", "--json", str(bad)).stdout)
    codes = {f["code"]: f for f in data["van_ban"][0]["phat_hien"]}
    assert "Exactly 16 pt" in codes["doan.gian_dong"]["problem"]
    assert "doan.cach_doan" not in codes


def test_hd36_document_is_not_judged_by_the_hd05_spacing(project, tmp_path):
    import json
    bad = tmp_path / "hd36.docx"
    _respace(project / "out" / "qd-36.docx", bad, WD_LINE_SPACING.MULTIPLE, 1.15, 0)
    data = json.loads(run_vanban(project, "check", "--json", str(bad)).stdout)
    codes = {f["code"] for f in data["van_ban"][0]["phat_hien"]}
    assert "doan.gian_dong" not in codes and "doan.cach_doan" not in codes
