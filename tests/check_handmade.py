"""Hand-made correct documents typed the way office staff type in Word (issue 14): the header in a
two-column borderless table or laid out with tabs, rules typed as underscores (smaller, as people do)
or drawn as lines, Shift+Enter inside titles, signatures placed with tabs, Word's automatic numbering
for "Điều" and the điểm, sizes anywhere inside the allowed ranges. Each is correct by the rules:
`vanban check` must give no `lỗi` (and, here, nothing at all).

Also the mutations of issue 14: one per class of false finding fixed, each hiding a real fault that
must still be found (CLASS_FAULTS).
"""

from __future__ import annotations

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from check_corpus import drawn_line, find, page_setup, para, paragraphs, remove, replace, run, run_with, tab_stop

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _table(doc, widths, rows=1):
    table = doc.add_table(rows=rows, cols=len(widths))
    for col, width in zip(table.columns, widths):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    return table


def _numbering(doc, num_id: int, fmt: str, text: str, bold: bool, indent_mm: float = 10) -> str:
    """Word's automatic numbering: an abstractNum with one level (its label's bold in the level rPr)."""
    numbering = doc.part.numbering_part.element
    ab_id = 100 + num_id
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else "<w:rPr><w:b w:val=\"0\"/></w:rPr>"
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="{ab_id}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="{int(indent_mm * 56.7)}"/></w:pPr>{rpr}'
        f'</w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{ab_id}"/></w:num>'))
    return str(num_id)


def numbered(p, num_id: str, size: float = 13.5) -> None:
    """Word's numbering button on a paragraph typed in 13.5 pt Times New Roman: numPr, and the
    paragraph mark carries the run formatting (which the label takes, under the level's own rPr)."""
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    ppr.append(parse_xml(f'<w:rPr {W}><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
                         f'<w:sz w:val="{int(size * 2)}"/></w:rPr>'))


def _state_header_table(doc, body: str, superior: str | None, number: str, date: str, rule_kind: str):
    table = _table(doc, (65, 100), rows=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    lines = ([(superior + "\n", {"bold": False})] if superior else []) + [(body, {"bold": True})]
    para(left, lines, "center", first=True, size=13)
    para(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", {"size": 12.5}), ("Độc lập - Tự do - Hạnh phúc", {"size": 13.5})],
         "center", first=True, bold=True)
    if rule_kind == "underscore":
        para(left, "________", "center", size=10)
        para(right, "_________________________", "center", size=10)
    else:
        drawn_line(para(left, "", "center", size=13), 20, 22, 11)
        drawn_line(para(right, "", "center"), 20, 62, 12)
    para(table.cell(1, 0), number, "center", first=True, size=13)
    para(table.cell(1, 1), date, "center", first=True, italic=True, size=13.5)
    return table


def _closing_table(doc, recipients, authority, title, name, luu="- Lưu: VT, VP."):
    closing = _table(doc, (80, 85))
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    para(left, "Nơi nhận:", "left", first=True, size=12, bold=True, italic=True)
    for line in recipients:
        para(left, line, "left", size=11)
    para(left, luu, "left", size=11)
    first = True
    if authority:
        para(right, authority, "center", first=True, bold=True, size=13.5)
        first = False
    para(right, title, "center", first=first, bold=True, size=13.5)
    for _ in range(3):
        para(right, "", "center")
    para(right, name, "center", bold=True, size=13.5)


def qd_auto_numbered():
    """A Quyết định: header table with underscore rules (10 pt), the trích yếu over two lines with
    Shift+Enter, rule under it typed as underscores, "Điều 1." … from Word's numbering (bold in
    numbering.xml, the text runs plain), điểm a) b) c) numbered by Word too."""
    doc = Document()
    page_setup(doc, margins=(20, 20, 30, 15))
    _state_header_table(doc, "ỦY BAN NHÂN DÂN\nXÃ HÒA BÌNH", None, "Số: 05/QĐ-UBND",
                        "Hòa Bình, ngày 07 tháng 01 năm 2026", "underscore")
    para(doc, "QUYẾT ĐỊNH", "center", bold=True, size=13.5)
    para(doc, "Về việc thành lập Tổ kiểm tra công tác văn thư,\nlưu trữ năm 2026", "center", bold=True, size=13.5)
    para(doc, "__________", "center", size=10)
    para(doc, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "center", bold=True, size=13.5)
    para(doc, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", italic=True, size=13.5)
    para(doc, "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
         italic=True, size=13.5)
    para(doc, "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã.", italic=True, size=13.5)
    para(doc, "QUYẾT ĐỊNH:", "center", bold=True, size=13.5)
    dieu = _numbering(doc, 41, "decimal", "Điều %1.", bold=True)
    diem = _numbering(doc, 42, "lowerLetter", "%1)", bold=False)
    p = para(doc, "Thành lập Tổ kiểm tra công tác văn thư, lưu trữ năm 2026, gồm:", size=13.5)
    numbered(p, dieu)
    for text in ("Ông Nguyễn Văn An, Phó Chủ tịch Ủy ban nhân dân xã, Tổ trưởng;",
                 "Bà Trần Thị Bình, công chức Văn phòng - Thống kê, thành viên;",
                 "Ông Lê Văn Cường, công chức Văn phòng - Thống kê, thành viên."):
        numbered(para(doc, text, size=13.5), diem)
    numbered(para(doc, "Tổ kiểm tra hoàn thành nhiệm vụ trước ngày 30 tháng 11 năm 2026.", size=13.5), dieu)
    numbered(para(doc, "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, các ông (bà) có tên tại Điều 1 "
                       "chịu trách nhiệm thi hành Quyết định này.", size=13.5), dieu)
    _closing_table(doc, ["- Như Điều 3;", "- Chủ tịch, các Phó Chủ tịch UBND xã;"], None, "CHỦ TỊCH",
                   "Nguyễn Văn Hùng")
    return doc


def cong_van_tabs():
    """A công văn typed without a table: the header with tabs, the rules typed as underscores on a
    tabbed line, the V/v line under the number, Kính gửi, the signature placed with tabs and the
    Nơi nhận list beside it, a recipient wrapped onto a second line."""
    doc = Document()
    page_setup(doc, margins=(25, 20, 35, 20))

    def line(parts, stops=(40, 120)):
        p = para(doc, parts, "left", size=13)
        p.paragraph_format.space_after = Pt(0)
        for mm in stops:
            tab_stop(p, mm)
        return p
    line([("\tSỞ NỘI VỤ", {"bold": True}), ("\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 12})])
    line([("\t", {}), ("\tĐộc lập - Tự do - Hạnh phúc", {"bold": True})])
    line([("\t______", {"size": 9}), ("\t________________________", {"size": 9})])
    line([("\tSố: 112/SNV-VP", {}), ("\tĐồng Nai, ngày 20 tháng 5 năm 2026", {"italic": True})])
    line([("\tV/v báo cáo công tác văn thư", {"size": 12})])
    para(doc, "Kính gửi: Ủy ban nhân dân tỉnh Đồng Nai.", "center", size=13)
    para(doc, "Thực hiện Kế hoạch số 15/KH-UBND ngày 10 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh, "
              "Sở Nội vụ báo cáo kết quả công tác văn thư sáu tháng đầu năm 2026 như sau:", size=13)
    para(doc, "1. Đã tiếp nhận, đăng ký 1.250 văn bản đến và phát hành 640 văn bản đi.", size=13)
    para(doc, "2. Đã số hóa 3.200 trang tài liệu lưu trữ.", size=13)
    para(doc, "Sở Nội vụ kính báo cáo Ủy ban nhân dân tỉnh./.", size=13)
    rows = [[("Nơi nhận:", {"bold": True, "italic": True, "size": 12}), ("\tKT. GIÁM ĐỐC", {"bold": True})],
            [("- Như trên;", {"size": 11}), ("\tPHÓ GIÁM ĐỐC", {"bold": True})],
            [("- Các sở, ban, ngành,", {"size": 11})],
            [("  đoàn thể tỉnh;", {"size": 11})],
            [("- Lưu: VT, VP.", {"size": 11})],
            [], [],
            [("\tTrần Văn Minh", {"bold": True})]]
    for parts in rows:
        p = para(doc, parts, "left", size=13)
        p.paragraph_format.space_after = Pt(0)
        tab_stop(p, 120)
    return doc


def ke_hoach_roman():
    """A kế hoạch: header table with drawn lines, Roman parts in capitals, titled khoản in bold, an
    introducing khoản sentence (plain, no colon) over its điểm, a note in brackets, a wrapped
    recipient in the closing table, the signature with KT."""
    doc = Document()
    page_setup(doc, margins=(20, 20, 30, 15))
    _state_header_table(doc, "ỦY BAN NHÂN DÂN\nPHƯỜNG TÂN AN", None, "Số: 09/KH-UBND",
                        "Tân An, ngày 12 tháng 02 năm 2026", "drawn")
    para(doc, "KẾ HOẠCH", "center", bold=True)
    para(doc, "Triển khai công tác cải cách hành chính năm 2026", "center", bold=True)
    drawn_line(para(doc, "", "center", size=6), 60, 45, 13)
    for text, bold in (("I. MỤC ĐÍCH, YÊU CẦU", True), ("1. Mục đích", True),
                       ("Nâng cao chất lượng giải quyết thủ tục hành chính cho người dân, doanh nghiệp.", False),
                       ("2. Yêu cầu", True),
                       ("Các bộ phận bảo đảm tiến độ và chất lượng công việc được giao.", False),
                       ("II. NỘI DUNG THỰC HIỆN", True),
                       ("1. Các nhiệm vụ trọng tâm gồm các nội dung chính", False),
                       ("a) Rà soát thủ tục hành chính;", False),
                       ("b) Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.", False),
                       ("2. Kinh phí thực hiện được bố trí trong dự toán năm 2026.", False),
                       ("(Phân công cụ thể tại Phụ lục kèm theo)", False)):
        p = para(doc, text, bold=bold)
        if text.startswith("("):
            p.alignment = 1
            for r in p.runs:
                r.font.italic = True
    _closing_table(doc, ["- Ủy ban nhân dân thành phố;", "- Các phòng, ban chuyên môn,", "  đơn vị sự nghiệp;"],
                   "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Lê Thị Hoa", luu="- Lưu: VT, VP.")
    return doc


def quy_che_chuong_shift_enter():
    """A Quy chế with Chương: "Chương I" then its title on two lines with Shift+Enter, an article whose
    khoản 1 is a title in bold, khoản 2 an introducing sentence; a legal-style number in the header."""
    doc = Document()
    page_setup(doc, margins=(20, 20, 30, 15))
    _state_header_table(doc, "HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐỒNG NAI", None, "Số: 12/2026/NQ-HĐND",
                        "Đồng Nai, ngày 15 tháng 3 năm 2026", "underscore")
    para(doc, "NGHỊ QUYẾT", "center", bold=True)
    para(doc, "Quy định mức chi cho công tác văn thư, lưu trữ", "center", bold=True)
    para(doc, "_________", "center", size=11)
    para(doc, "HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG NAI", "center", bold=True)
    para(doc, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", italic=True)
    para(doc, "Xét Tờ trình số 25/TTr-UBND ngày 01 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh.", italic=True)
    para(doc, "QUYẾT NGHỊ:", "center", bold=True)
    para(doc, "Chương I", "center", bold=True)
    para(doc, "QUY ĐỊNH CHUNG VỀ MỨC CHI\nCHO CÔNG TÁC VĂN THƯ, LƯU TRỮ", "center", bold=True)
    para(doc, [("Điều 1. Phạm vi điều chỉnh", {"bold": True})])
    para(doc, "1. Nguyên tắc", bold=True)
    para(doc, "Việc chi bảo đảm đúng mục đích, tiết kiệm.")
    para(doc, "2. Văn thư cơ quan có nhiệm vụ")
    para(doc, "a) Tiếp nhận, đăng ký văn bản đến;")
    para(doc, "b) Quản lý, sử dụng con dấu.")
    para(doc, "Chương II", "center", bold=True)
    para(doc, "TỔ CHỨC THỰC HIỆN", "center", bold=True)
    para(doc, [("Điều 2. Hiệu lực thi hành", {"bold": True})])
    para(doc, "Nghị quyết này có hiệu lực từ ngày 01 tháng 4 năm 2026.")
    _closing_table(doc, ["- Ủy ban Thường vụ Quốc hội;", "- Chính phủ;"], None, "CHỦ TỊCH", "Phạm Văn Nam",
                   luu="- Lưu: VT, TH.")
    return doc


def dang_thong_bao():
    """A Party thông báo: header table, '*' under the body, 'Số 05-TB/ĐU', '-----' under the trích yếu,
    the closing laid out with tabs, 'Nơi nhận:' underlined."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    page_setup(doc)
    table = _table(doc, (75, 90), rows=2)
    para(table.cell(0, 0), [("ĐẢNG BỘ XÃ THUẬN AN\n", {}), ("CHI BỘ THÔN 3", {"bold": True})], "center", first=True)
    para(table.cell(0, 0), "*", "center")
    p = para(table.cell(0, 1), "ĐẢNG CỘNG SẢN VIỆT NAM", "center", first=True, size=15, bold=True)
    para(table.cell(0, 1), "_______________________", "center", size=10)
    para(table.cell(1, 0), "Số 05-TB/CB", "center", first=True)
    para(table.cell(1, 1), "Thuận An, ngày 09 tháng 01 năm 2026", "center", first=True, italic=True)
    para(doc, "THÔNG BÁO", "center", size=16, bold=True)
    para(doc, "kết luận của chi bộ về công tác quý IV năm 2025", "center", bold=True)
    para(doc, "-----", "center")
    para(doc, "Ngày 05 tháng 01 năm 2026, Chi bộ thôn 3 họp đánh giá công tác quý IV năm 2025. "
              "Chi bộ kết luận như sau:")
    para(doc, "1. Chi bộ hoàn thành các chỉ tiêu đề ra.")
    para(doc, "2. Quý I năm 2026 tập trung phát triển đảng viên mới.")
    lines = [[("Nơi nhận:", {"underline": True}), ("\t", {}), ("T/M CHI BỘ", {"bold": True})],
             [("- Đảng ủy xã,", {"size": 12}), ("\t", {}), ("BÍ THƯ", {})],
             [("- Lưu Chi bộ.", {"size": 12})], [], [],
             [("\t", {}), ("Nguyễn Văn Tâm", {"bold": True})]]
    for parts in lines:
        q = para(doc, parts, "left")
        q.paragraph_format.space_after = Pt(0)
        tab_stop(q, 120)
    return doc


def phu_luc():
    """An annex in a file of its own (ND 30 PL I III.1): 'Phụ lục I', its name over two lines, the
    '(Kèm theo …)' line in italics, an underscore rule, then a table."""
    doc = Document()
    page_setup(doc, margins=(20, 20, 30, 15))
    para(doc, "Phụ lục I", "center", bold=True)
    para(doc, "DANH SÁCH THÀNH VIÊN TỔ KIỂM TRA", "center", bold=True)
    para(doc, "(Kèm theo Quyết định số 05/QĐ-UBND ngày 07 tháng 01 năm 2026", "center", italic=True)
    para(doc, "của Chủ tịch Ủy ban nhân dân xã Hòa Bình)", "center", italic=True)
    para(doc, "__________", "center", size=10)
    table = _table(doc, (15, 80, 70), rows=3)
    for r, row in enumerate((("STT", "Họ và tên", "Chức vụ"), ("1", "Nguyễn Văn An", "Tổ trưởng"),
                             ("2", "Trần Thị Bình", "Thành viên"))):
        for c, text in enumerate(row):
            para(table.cell(r, c), text, "center", first=True, bold=r == 0, size=13)
    return doc


def qd_va_quy_che():
    """A Quyết định and the Quy chế it issues in one file (class 10): the Quy chế after a page break,
    with its own tên loại, trích yếu and "(Ban hành kèm theo …)" line, its own Chương and Điều."""
    doc = qd_auto_numbered()
    from docx.enum.text import WD_BREAK
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para(doc, "QUY CHẾ", "center", bold=True, size=13.5)
    para(doc, "Làm việc của Tổ kiểm tra công tác văn thư, lưu trữ năm 2026", "center", bold=True, size=13.5)
    para(doc, "(Ban hành kèm theo Quyết định số 05/QĐ-UBND ngày 07 tháng 01 năm 2026\n"
              "của Chủ tịch Ủy ban nhân dân xã Hòa Bình)", "center", italic=True, size=13.5)
    para(doc, "__________", "center", size=10)
    para(doc, "Chương I", "center", bold=True, size=13.5)
    para(doc, "QUY ĐỊNH CHUNG", "center", bold=True, size=13.5)
    para(doc, "Điều 1. Phạm vi điều chỉnh", bold=True, size=13.5)
    para(doc, "Quy chế này quy định việc làm việc của Tổ kiểm tra.", size=13.5)
    para(doc, "- Tổ kiểm tra làm việc theo chế độ tập thể;", size=13.5)
    para(doc, "- Lưu ý: Tổ trưởng phân công nhiệm vụ cho thành viên.", size=13.5)
    return doc


HANDMADE = {"qd-va-quy-che": qd_va_quy_che, "qd-tu-dong-danh-so": qd_auto_numbered, "cong-van-tab": cong_van_tabs, "ke-hoach-la-ma": ke_hoach_roman,
            "nghi-quyet-chuong": quy_che_chuong_shift_enter, "dang-thong-bao": dang_thong_bao, "phu-luc": phu_luc}


# ---- one mutation per class: a real fault behind what used to be a false finding -------------------

def _drop_underscore_under_body(doc):
    for p in paragraphs(doc):
        if p.text == "________":
            remove(p)
            return
    raise AssertionError("no underscore rule")


def _wrong_legal_number(doc):
    replace(doc, "Số: 12/2026/NQ-HĐND", "Số: 12-2026/NQ-HĐND")


def _dieu_label_not_bold(doc):
    numbering = doc.part.numbering_part.element
    for ab in numbering.iter(qn("w:abstractNum")):
        if ab.get(qn("w:abstractNumId")) == "141":
            b = ab.find(f"{qn('w:lvl')}/{qn('w:rPr')}/{qn('w:b')}")
            b.set(qn("w:val"), "0")


def _chuong_title_lower(doc):
    replace(doc, "CHO CÔNG TÁC VĂN THƯ, LƯU TRỮ", "cho công tác văn thư, lưu trữ")


def _wrapped_recipient_no_end(doc):
    replace(doc, "  đơn vị sự nghiệp;", "  đơn vị sự nghiệp")


def _titled_khoan_not_bold(doc):
    for r in find(doc, "1. Nguyên tắc").runs:
        r.font.bold = False


def _annex_kem_theo_upright(doc):
    for p in paragraphs(doc):
        if p.text.startswith("(Kèm theo"):
            for r in p.runs:
                r.font.italic = False


def _closing_luu_missing(doc):
    replace(doc, "- Lưu: VT, VP.", "- Văn phòng.")


def _roman_part_not_bold(doc):
    for r in find(doc, "II. NỘI DUNG").runs:
        r.font.bold = False


def _qd_luu_without_period(doc):
    replace(doc, "- Lưu: VT, VP.", "- Lưu: VT, VP")


def _cv_rule_under_body_missing(doc):
    replace(doc, "\t______", "\t")


# (name, base, mutation, expected code, words, class)
CLASS_FAULTS = [
    ("gach-duoi-co-quan-that-thieu", "qd-tu-dong-danh-so", _drop_underscore_under_body, "duoi_co_quan.thieu", "kẻ", 1),
    ("gach-cong-van-that-thieu", "cong-van-tab", _cv_rule_under_body_missing, "duoi_co_quan.thieu", "kẻ", 1),
    ("so-vbqppl-sai-dau", "nghi-quyet-chuong", _wrong_legal_number, "so_ky_hieu.mau", "Số:", 2),
    ("ten-chuong-hai-dong-chu-thuong", "nghi-quyet-chuong", _chuong_title_lower, "tieu_de_chuong.chu_hoa", "in hoa", 3),
    ("noi-nhan-gap-dong-thieu-dau", "ke-hoach-la-ma", _wrapped_recipient_no_end, "noi_nhan.dau_cau", "“;”", 4),
    ("khoan-tieu-de-khong-dam", "nghi-quyet-chuong", _titled_khoan_not_bold, "khoan_tieu_de.dam", "đậm", 5),
    ("dieu-tu-dong-khong-dam", "qd-tu-dong-danh-so", _dieu_label_not_bold, "dieu.dam", "đậm", 6),
    ("phu-luc-kem-theo-chu-dung", "phu-luc", _annex_kem_theo_upright, "kem_theo.nghieng", "nghiêng", 7),
    ("noi-nhan-that-khong-co-dong-luu", "qd-tu-dong-danh-so", _closing_luu_missing, "noi_nhan.luu", "Lưu", 8),
    ("phan-la-ma-khong-dam", "ke-hoach-la-ma", _roman_part_not_bold, "tieu_de_chuong.dam", "đậm", 9),
    ("hai-van-ban-luu-thieu-cham", "qd-va-quy-che", _qd_luu_without_period, "noi_nhan.dau_cau", "“.”", 10),
]
