"""The Word documents an official receives: page, fonts, header, title, body levels, signature, recipients.

Expected values are the format facts themselves (HD 36-HD/VPTW for the Party, ND 30/2020/NĐ-CP for the
State, shared/reference/format-rules.md), written here as literals, not read from the profile data.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from docx_facts import (effective_fonts, find, has_bottom_border, is_bold, is_italic, is_underlined, open_doc,
                        para_prop, paragraphs, size_pt, texts)

SAMPLES = ["qd-230-tu-2025", "qc-phoi-hop-ca-tinh-2025", "bc-sang-kien-thuan-an", "bc-tham-luan-thanh-binh",
           "cv-de-nghi-xac-minh-2026", "cv-phuc-dap-xac-minh-2026", "qd-ubnd-to-ra-soat-2026",
           "kh-trien-khai-quy-che-bvctnb-2026"]


def doc_of(built_dir, key):
    return open_doc(built_dir / "out" / f"{key}.docx")


@pytest.mark.parametrize("key", SAMPLES)
def test_a4_margins_and_page_numbers(built_dir, key):
    doc = doc_of(built_dir, key)
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    # HD 36 [S] 20/20/30/15; ND 30 allows 20–25/20–25/30–35/15–20 and we use the same values.
    for got, want in ((section.top_margin, 20), (section.bottom_margin, 20), (section.left_margin, 30),
                      (section.right_margin, 15)):
        assert abs(got - Mm(want)) < Mm(0.5)
    assert section.different_first_page_header_footer          # no page number on page 1
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


@pytest.mark.parametrize("key", SAMPLES)
def test_times_new_roman_everywhere_and_no_theme_font(built_dir, key):
    path = built_dir / "out" / f"{key}.docx"
    doc = open_doc(path)
    for p in paragraphs(doc):
        for run in p.runs:
            if run.text.strip():
                assert effective_fonts(doc, p, run) == ("Times New Roman", "Times New Roman"), (p.text, run.text)
    with zipfile.ZipFile(path) as z:
        for name in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/header2.xml"):
            if name in z.namelist():
                xml = z.read(name).decode("utf-8")
                assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)Theme=", xml), name


def test_party_header_quyet_dinh_230(built_dir):
    doc = doc_of(built_dir, "qd-230-tu-2025")
    header = doc.tables[0]
    title = find(doc, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert size_pt(title) == 15 and is_bold(title) and has_bottom_border(title)
    assert title._p in header.cell(0, 1)._tc.iter()          # top right
    body = find(doc, "TỈNH ỦY LÂM ĐỒNG")
    assert size_pt(body) == 14 and is_bold(body) and body._p in header.cell(0, 0)._tc.iter()
    star = find(doc, "*")
    assert star._p in header.cell(0, 0)._tc.iter()
    number = find(doc, "Số 230-QĐ/TU")                        # no colon, hyphen, slash
    assert size_pt(number) == 14 and not is_bold(number) and not is_italic(number)
    date = find(doc, "Lâm Đồng, ngày 03 tháng 11 năm 2025")
    assert size_pt(date) == 14 and is_italic(date) and date._p in header.cell(1, 1)._tc.iter()
    kind = find(doc, "QUYẾT ĐỊNH")
    assert size_pt(kind) == 16 and is_bold(kind) and para_prop(kind, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    subject = find(doc, "ban hành Quy chế phối hợp", exact=False)
    assert size_pt(subject) == 14 and is_bold(subject)
    find(doc, "-----")
    assert "DỰ THẢO" not in texts(doc)


def test_party_can_cu_signature_and_recipients(built_dir):
    doc = doc_of(built_dir, "qd-230-tu-2025")
    lines = texts(doc)
    can_cu = [t for t in lines if t.startswith("- Căn cứ")]
    assert len(can_cu) == 5 and all(t.endswith(";") for t in can_cu)
    assert "Xét đề nghị của Đảng ủy Công an tỉnh tại Tờ trình số 14-TTr/ĐUCA ngày 13/10/2025," in lines
    subject_line = find(doc, "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH")
    assert is_bold(subject_line)
    article = find(doc, "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.")
    label = article.runs[0]
    assert label.text == "Điều 3." and is_bold(article, label) and not is_bold(article, article.runs[-1])
    prefix = find(doc, "T/M BAN THƯỜNG VỤ")
    assert is_bold(prefix) and size_pt(prefix) == 14
    position = find(doc, "PHÓ BÍ THƯ")
    assert not is_bold(position) and size_pt(position) == 14     # HD 36: chức vụ not bold
    name = find(doc, "Bùi Thắng")
    assert is_bold(name)
    heading = find(doc, "Nơi nhận:")
    assert is_underlined(heading) and size_pt(heading) == 14 and not is_bold(heading)
    recipients = [t for t in lines if t.startswith("- ") and lines.index(t) > lines.index("Nơi nhận:")]
    assert recipients[0] == "- Ban Bí thư Trung ương Đảng (b/c),"
    assert recipients[-1] == "- Lưu Văn phòng Tỉnh ủy, NC2."
    item = find(doc, "- Ban Bí thư Trung ương Đảng (b/c),")
    assert size_pt(item) == 12
    sign_table = doc.tables[-1]
    assert heading._p in sign_table.cell(0, 0)._tc.iter() and prefix._p in sign_table.cell(0, 1)._tc.iter()


def test_attached_quy_che_structure(built_dir):
    doc = doc_of(built_dir, "qc-phoi-hop-ca-tinh-2025")
    lines = texts(doc)
    assert "QUY CHẾ" in lines
    attached = find(doc, "(kèm theo Quyết định số 230-QĐ/TU, ngày 03/11/2025 của Ban Thường vụ Tỉnh ủy)")
    assert is_italic(attached)
    assert not any(t.startswith("Số ") for t in lines)                # numbered through its Quyết định
    assert "T/M BAN THƯỜNG VỤ" not in lines                          # signed through its Quyết định
    chapter = find(doc, "Chương I")
    assert is_bold(chapter) and para_prop(chapter, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert lines[lines.index("Chương I") + 1] == "QUY ĐỊNH CHUNG"
    chapter_title = find(doc, "QUY ĐỊNH CHUNG")
    assert is_bold(chapter_title) and para_prop(chapter_title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert [t for t in lines if t.startswith("Chương ")] == ["Chương I", "Chương II", "Chương III"]
    article = find(doc, "Điều 1. Phạm vi, đối tượng điều chỉnh")
    assert is_bold(article) and size_pt(article) == 14
    articles = [int(m.group(1)) for t in lines if (m := re.match(r"Điều (\d+)\.", t))]
    assert articles == list(range(1, 9))
    clause = find(doc, "1. Quy chế này quy định nguyên tắc", exact=False)
    assert not is_bold(clause) and para_prop(clause, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(para_prop(clause, "first_line_indent") - Mm(10)) < Mm(0.5)
    heading_clause = find(doc, "1. Trách nhiệm chủ trì")            # khoản heading: bold on its own line
    assert is_bold(heading_clause)


def test_diem_letters_in_vietnamese_order(built_dir):
    doc = doc_of(built_dir, "bc-sang-kien-thuan-an")
    lines = texts(doc)
    start = lines.index(next(t for t in lines if t.startswith("3.3.1. ")))
    letters = []
    for t in lines[start + 1:]:
        m = re.match(r"([a-zđ])\) ", t)
        if not m:
            break
        letters.append(m.group(1))
    assert letters == ["a", "b", "c", "d", "đ", "e", "g"]


def test_state_quyet_dinh_draft(built_dir):
    doc = doc_of(built_dir, "qd-ubnd-to-ra-soat-2026")
    lines = texts(doc)
    national = find(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert is_bold(national) and size_pt(national) in (12, 13)
    motto = find(doc, "Độc lập - Tự do - Hạnh phúc")
    assert is_bold(motto) and size_pt(motto) in (13, 14) and has_bottom_border(motto)
    number = next(t for t in lines if t.startswith("Số"))
    assert re.fullmatch(r"Số: +/QĐ-UBND", number)                   # blank number of a draft, with colon
    assert "Dự thảo lần 2" in lines
    assert re.fullmatch(r"Thuận An, ngày +tháng +năm \d{4}", next(t for t in lines if t.startswith("Thuận An, ngày")))
    can_cu = find(doc, "Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;")
    assert is_italic(can_cu)                                         # ND 30: căn cứ in italics
    assert "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã." in lines
    assert lines.index("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THUẬN AN") < lines.index("QUYẾT ĐỊNH:")
    assert not any(t.startswith(("T/M", "TM.")) for t in lines)        # the Chủ tịch signs directly
    position = find(doc, "CHỦ TỊCH")
    assert is_bold(position)                                          # ND 30: chức vụ bold
    heading = find(doc, "Nơi nhận:")
    assert is_bold(heading) and is_italic(heading) and size_pt(heading) == 12
    assert lines[-2:] == ["- Lưu: VT, VP.", "Lê Thị Hoa"] or "- Lưu: VT, VP." in lines
    item = find(doc, "- Lưu: VT, VP.")
    assert size_pt(item) == 11
    assert [t[:2] for t in lines if re.match(r"[a-zđ]\) ", t)] == ["a)", "b)", "c)"]


def test_reply_prefills_phuc_dap_from_request(built_dir):
    doc = doc_of(built_dir, "cv-phuc-dap-xac-minh-2026")
    lines = texts(doc)
    assert any(t.startswith("Phúc đáp Công văn số 15-CV/ĐU, ngày 05/3/2026 của Đảng ủy xã Thuận An về việc "
                            "đề nghị phối hợp thẩm tra, xác minh tiêu chuẩn chính trị, Chi bộ Công an xã") for t in lines)
    assert re.fullmatch(r"Số +-CV/CB", next(t for t in lines if t.startswith("Số")))
    # An undated draft is built by the rule in force when it is built: HD 05 (from 27/5/2026; issue 15).
    assert "Dự thảo" in lines                                           # HD 05 Phần II II.4.2 (HD 36: "DỰ THẢO")
    subject = find(doc, "về việc phúc đáp Công văn số 15-CV/ĐU", exact=False)
    assert size_pt(subject) == 12 and is_italic(subject)               # HD 36, HD 05 PL2 r5: trích yếu 12 italic
    assert "Kính gửi: Ban Thường vụ Đảng ủy xã Thuận An;" in lines     # HD 05 I.9.2.5 (HD 36: ".")
    assert find(doc, "T/M CHI BỘ")


def test_request_letter_number_and_recipients(built_dir):
    doc = doc_of(built_dir, "cv-de-nghi-xac-minh-2026")
    lines = texts(doc)
    assert "Số 15-CV/ĐU" in lines
    assert "Thuận An, ngày 05 tháng 3 năm 2026" in lines
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như trên,"
    assert "- Lưu Văn phòng Đảng ủy." in lines
    assert "ĐẢNG BỘ TỈNH ĐẮK NÔNG" in lines and "ĐẢNG ỦY XÃ THUẬN AN" in lines
    superior, body = find(doc, "ĐẢNG BỘ TỈNH ĐẮK NÔNG"), find(doc, "ĐẢNG ỦY XÃ THUẬN AN")
    assert not is_bold(superior) and is_bold(body)                    # HD 36: superior not bold, issuer bold


def test_tham_luan_author_line(built_dir):
    doc = doc_of(built_dir, "bc-tham-luan-thanh-binh")
    author = find(doc, "Ban Thường vụ Huyện uỷ Thanh Bình")
    assert is_bold(author) and para_prop(author, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    assert "BÁO CÁO THAM LUẬN" in texts(doc)


def test_urgency_and_secrecy_marks_under_the_number(project_dir):
    from conftest import run_vanban
    source = project_dir / "records" / "cv-de-nghi-xac-minh-2026" / "van-ban.md"
    text = source.read_text(encoding="utf-8").replace("han_xu_ly: than-nhan-trong-tinh",
                                                       "han_xu_ly: than-nhan-trong-tinh\ndo_mat: mật\ndo_khan: khẩn")
    source.write_text(text, encoding="utf-8")
    result = run_vanban(project_dir, "build", str(source.parent))
    assert result.returncode == 0, result.stderr
    doc = open_doc(project_dir / "out" / "cv-de-nghi-xac-minh-2026.docx")
    lines = texts(doc)
    assert lines.index("Số 15-CV/ĐU") < lines.index("MẬT") < lines.index("KHẨN")
    for mark in ("MẬT", "KHẨN"):
        p = find(doc, mark)
        assert is_bold(p) and size_pt(p) == 14 and p._p in doc.tables[0].cell(1, 0)._tc.iter()


def test_plan_sections_without_articles(built_dir):
    doc = doc_of(built_dir, "kh-trien-khai-quy-che-bvctnb-2026")
    lines = texts(doc)
    sections = [t for t in lines if re.match(r"[IVX]+\. ", t)]
    assert sections == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"]
    assert all(is_bold(find(doc, t)) for t in sections)
    assert lines.index("II. NỘI DUNG THỰC HIỆN") < lines.index("1. Tổ chức quán triệt Quy chế:")
    assert "KẾ HOẠCH" in lines and "Số     -KH/ĐU" in [re.sub(r"Số +", "Số     ", t) for t in lines]


def test_letter_opener_follows_the_profile(project_dir):
    from conftest import run_vanban
    folder = project_dir / "records" / "cv-ubnd-thu"
    folder.mkdir()
    (folder / "van-ban.md").write_text(
        "---\nloai: cong-van\nco_quan: ubnd-xa-thuan-an\ntrich_yeu: về việc báo cáo số liệu\n"
        "kinh_gui: [Ủy ban nhân dân tỉnh]\nnoi_nhan: [Như trên]\n---\n\nNội dung.\n", encoding="utf-8")
    result = run_vanban(project_dir, "build", str(folder))
    assert result.returncode == 0, result.stderr
    lines = texts(open_doc(project_dir / "out" / "cv-ubnd-thu.docx"))
    assert "V/v báo cáo số liệu" in lines                           # ND 30: "V/v", not the Party's "về việc"
    assert re.fullmatch(r"Số: +/UBND-VP", next(t for t in lines if t.startswith("Số")))


def test_reply_names_its_request_without_the_leading_zero(project_dir):
    from conftest import run_vanban
    request = project_dir / "records" / "cv-de-nghi-xac-minh-2026" / "van-ban.md"
    request.write_text(request.read_text(encoding="utf-8").replace("so: 15", "so: 5"), encoding="utf-8")
    reply = project_dir / "records" / "cv-phuc-dap-xac-minh-2026" / "van-ban.md"
    reply.write_text(reply.read_text(encoding="utf-8").replace("tra_loi: 15-CV/ĐU", "tra_loi: 5-CV/ĐU")
                     .replace("Công văn số 15-CV/ĐU", "Công văn số 05-CV/ĐU"), encoding="utf-8")
    result = run_vanban(project_dir, "build", str(request.parent), str(reply.parent))
    assert result.returncode == 0, result.stderr
    lines = texts(open_doc(project_dir / "out" / "cv-phuc-dap-xac-minh-2026.docx"))
    assert any(t.startswith("Phúc đáp Công văn số 05-CV/ĐU, ngày 05/3/2026") for t in lines)


def test_deputy_signing_inside_a_collective_signature(project_dir):
    """ND 30: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"; the Word file, check and import agree."""
    from conftest import run_vanban
    source = project_dir / "records" / "qd-ubnd-to-ra-soat-2026" / "van-ban.md"
    text = source.read_text(encoding="utf-8").replace(
        'nguoi_ky:\n  hinh_thuc: ""\n  chuc_vu: CHỦ TỊCH\n  ho_ten: Lê Thị Hoa',
        "nguoi_ky:\n  hinh_thuc: tm\n  thay_mat: ỦY BAN NHÂN DÂN\n  ky_thay: CHỦ TỊCH\n  chuc_vu: PHÓ CHỦ TỊCH\n"
        "  ho_ten: Trần Văn Bình")
    source.write_text(text, encoding="utf-8")
    result = run_vanban(project_dir, "build", str(source.parent))
    assert result.returncode == 0, result.stderr
    docx = project_dir / "out" / "qd-ubnd-to-ra-soat-2026.docx"
    doc = open_doc(docx)
    lines = texts(doc)
    at = lines.index("TM. ỦY BAN NHÂN DÂN")
    assert lines[at:at + 3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert all(is_bold(find(doc, t)) for t in lines[at:at + 3])
    check = run_vanban(project_dir, "check", str(docx), str(source.parent))
    assert check.returncode == 0, check.stdout + check.stderr
    fresh = project_dir / "records" / "nhap"
    imported = run_vanban(project_dir, "import", str(docx), "--vao", str(fresh))
    assert imported.returncode in (0, 1), imported.stderr
    record = next(fresh.rglob("van-ban.md")).read_text(encoding="utf-8")
    assert "ky_thay: CHỦ TỊCH" in record and "thay_mat: ỦY BAN NHÂN DÂN" in record


def test_ky_thay_only_with_a_collective_signature(project_dir):
    from conftest import run_vanban
    source = project_dir / "records" / "qd-ubnd-to-ra-soat-2026" / "van-ban.md"
    text = source.read_text(encoding="utf-8").replace("  chuc_vu: CHỦ TỊCH\n", "  ky_thay: CHỦ TỊCH\n  chuc_vu: CHỦ TỊCH\n")
    source.write_text(text, encoding="utf-8")
    result = run_vanban(project_dir, "build", str(source.parent))
    assert result.returncode == 2 and "ky_thay" in result.stderr and "hinh_thuc: tm" in result.stderr
