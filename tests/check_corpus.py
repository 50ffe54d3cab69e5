"""Hand-made Word documents for the `vanban check` tests, built with python-docx the way Word stores
what an official types: fonts and sizes set on runs (or on the Normal style, as Word writes it when
the default font is changed), the header as a borderless table with merged cells, line breaks
(Shift+Enter) and tabs inside paragraphs, a page number field in a "different first page" header,
lines drawn as shapes. Each base document is correct; FAULTS make one mistake each.
"""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TNR = "Times New Roman"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def run(paragraph, text: str, size: float | None = 14, bold: bool = False, italic: bool = False,
        underline: bool = False, font: str | None = TNR):
    """A run formatted directly, as Word does when the user picks a font and size (python-docx turns
    "\\t" into w:tab and "\\n" into w:br)."""
    r = paragraph.add_run(text)
    if font:
        r.font.name = font                        # w:ascii and w:hAnsi, like Word's font box
    if size:
        r.font.size = Pt(size)
    if bold:
        r.font.bold = True
    if italic:
        r.font.italic = True
    if underline:
        r.font.underline = True
    return r


def para(container, parts, align: str = "justify", first: bool = False, **fmt):
    """A paragraph from str or (text, {format}) parts; `first` reuses a cell's empty first paragraph."""
    p = container.paragraphs[0] if first else container.add_paragraph()
    p.alignment = ALIGN[align]
    for part in ([parts] if isinstance(parts, str) else parts):
        text, extra = (part, {}) if isinstance(part, str) else part
        run(p, text, **{**fmt, **extra})
    return p


def bottom_border(p) -> None:
    """Borders → Bottom Border in Word: w:pBdr/w:bottom on the paragraph."""
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, bdr)


_LINE = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
<wp:docPr id="{id}" name="Straight Connector {id}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>
<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>
</a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:line id="Line{id}" style="position:absolute;z-index:1" from="{x_pt}pt,0" to="{x2_pt}pt,0"
 strokeweight=".5pt"/></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def drawn_line(p, x_mm: float, length_mm: float, shape_id: int) -> None:
    """Insert → Shapes → Line, anchored in paragraph p (DrawingML with its VML fallback)."""
    xml = _LINE.format(x=int(x_mm * 36000), cx=int(length_mm * 36000), id=shape_id, x_pt=round(x_mm * 72 / 25.4, 2),
                       x2_pt=round((x_mm + length_mm) * 72 / 25.4, 2))
    p._p.append(parse_xml(xml))


def page_setup(doc, margins=(20, 20, 30, 15)) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = (Mm(v) for v in margins)
    s.header_distance = Mm(10)
    s.different_first_page_header_footer = True
    hp = s.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        r = hp.add_run()
        r.font.name, r.font.size = TNR, Pt(14)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text


def tab_stop(p, mm: float) -> None:
    p.paragraph_format.tab_stops.add_tab_stop(Mm(mm), WD_TAB_ALIGNMENT.CENTER)


def party_base():
    """A Party Quy định of a Đảng ủy xã, typed in Word: Normal set to Times New Roman 14 (Word writes
    it into the style); the header runs formatted directly; header table 3×3 with a vertical and two
    horizontal merges and a line break; the closing block laid out with tabs, not a table."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = TNR, Pt(14)
    normal.paragraph_format.space_after = Pt(6)
    page_setup(doc)
    table = doc.add_table(rows=3, cols=3)
    for col, width in zip(table.columns, (70, 10, 85)):
        col.width = Mm(width)                     # w:gridCol, as Word keeps it
        for cell in col.cells:
            cell.width = Mm(width)
    left = table.cell(0, 0).merge(table.cell(1, 0))                     # vertical merge
    title = table.cell(0, 1).merge(table.cell(0, 2))                    # horizontal merges
    table.cell(1, 1).merge(table.cell(1, 2))
    date = table.cell(2, 1).merge(table.cell(2, 2))
    para(left, [("ĐẢNG BỘ TỈNH ĐẮK NÔNG\n", {}), ("ĐẢNG ỦY XÃ THUẬN AN", {"bold": True})], "center", first=True)
    para(left, "*", "center")
    bottom_border(para(title, "ĐẢNG CỘNG SẢN VIỆT NAM", "center", first=True, size=15, bold=True))
    para(table.cell(2, 0), "Số 15-QĐ/ĐU", "center", first=True)
    para(date, "Thuận An, ngày 05 tháng 3 năm 2026", "center", first=True, italic=True)
    body = dict(size=None, font=None)        # body text: the Normal style's font and size
    para(doc, "QUY ĐỊNH", "center", size=16, bold=True, font=None)
    para(doc, "về phối hợp thực hiện nhiệm vụ bảo vệ chính trị nội bộ", "center", bold=True, **body)
    para(doc, "-----", "center", **body)
    para(doc, "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", **body)
    para(doc, "- Căn cứ Quy định số 126-QĐ/TW, ngày 28/02/2018 của Bộ Chính trị;", **body)
    para(doc, "- Xét đề nghị của Ban Xây dựng Đảng,", **body)
    para(doc, "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ QUY ĐỊNH", "center", bold=True, **body)
    para(doc, "Chương I", "center", bold=True, **body)
    para(doc, "QUY ĐỊNH CHUNG", "center", bold=True, **body)
    para(doc, "Điều 1. Phạm vi điều chỉnh", bold=True, **body)
    para(doc, "Quy định này quy định nội dung, trách nhiệm phối hợp giữa các cơ quan tham mưu\n"
              "và các chi bộ trực thuộc Đảng ủy xã.", **body)
    para(doc, "Điều 2. Nội dung phối hợp", bold=True, **body)
    para(doc, "1. Bảo đảm sự lãnh đạo thống nhất của Ban Thường vụ Đảng ủy xã;", **body)
    para(doc, "2. Các nội dung phối hợp gồm:", **body)
    for letter, text in zip(("a", "b", "c", "d", "đ"), ("trao đổi thông tin;", "thẩm tra, xác minh;",
                                                         "thẩm định tiêu chuẩn chính trị;", "giải quyết đơn thư;",
                                                         "sơ kết, tổng kết.")):
        para(doc, f"{letter}) {text[0].upper()}{text[1:]}", **body)
    para(doc, "Chương II", "center", bold=True, **body)
    para(doc, "TỔ CHỨC THỰC HIỆN", "center", bold=True, **body)
    para(doc, "Điều 3. Trách nhiệm thi hành", bold=True, **body)
    para(doc, "Ban Xây dựng Đảng chủ trì, phối hợp thực hiện các nội dung nêu tại Điều 2 Quy định này.", **body)
    para(doc, "Điều 4. Hiệu lực thi hành", bold=True, **body)
    para(doc, "Quy định này có hiệu lực từ ngày ký.", **body)
    para(doc, "Điều 5. Sửa đổi, bổ sung", bold=True, **body)
    para(doc, "Việc sửa đổi, bổ sung Quy định này do Ban Thường vụ Đảng ủy xã quyết định.", **body)
    # closing block with tabs: "Nơi nhận:" on the left, the signature centred on a tab stop at 12 cm
    lines = [
        [("Nơi nhận:", {"underline": True}), ("\t", {}), ("T/M BAN THƯỜNG VỤ", {"bold": True})],
        [("- Các chi bộ trực thuộc,", {"size": 12}), ("\t", {}), ("BÍ THƯ", {})],
        [("- Lưu Văn phòng Đảng ủy.", {"size": 12})],
        [], [], [],
        [("\t", {}), ("Nguyễn Văn Hùng", {"bold": True})],
    ]
    for parts in lines:
        p = para(doc, parts, "left")
        p.paragraph_format.space_after = Pt(0)
        tab_stop(p, 120)
    return doc


def state_base():
    """A Quyết định of a Chủ tịch UBND xã (ND 30), typed in Word with every run formatted directly
    (the document defaults stay on the theme font); header table with merged cells, quốc hiệu and
    tiêu ngữ in one paragraph split by a line break, rules drawn as line shapes; a tab before "Điều 3."."""
    doc = Document()
    page_setup(doc, margins=(20, 20, 30, 15))
    table = doc.add_table(rows=2, cols=3)
    for col, width in zip(table.columns, (62, 3, 100)):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    right = table.cell(0, 1).merge(table.cell(0, 2))
    date = table.cell(1, 1).merge(table.cell(1, 2))
    left = table.cell(0, 0)
    para(left, "ỦY BAN NHÂN DÂN\nXÃ THUẬN AN", "center", first=True, size=13, bold=True)
    drawn_line(para(left, "", "center", size=13), 20, 20, 1)
    para(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", {"size": 12}), ("Độc lập - Tự do - Hạnh phúc", {})],
         "center", first=True, bold=True)
    drawn_line(para(right, "", "center"), 20, 60, 2)
    para(table.cell(1, 0), "Số: 12/QĐ-UBND", "center", first=True, size=13)
    para(date, "Thuận An, ngày 09 tháng 02 năm 2026", "center", first=True, italic=True)
    para(doc, "QUYẾT ĐỊNH", "center", bold=True)
    para(doc, "Về việc thành lập Tổ công tác chuyển đổi số năm 2026", "center", bold=True)
    rule = para(doc, "", "center", size=6)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Mm(60)
    bottom_border(rule)
    para(doc, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THUẬN AN", "center", bold=True)
    para(doc, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", italic=True)
    para(doc, "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
         italic=True)
    para(doc, "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã.", italic=True)
    para(doc, "QUYẾT ĐỊNH:", "center", bold=True)
    para(doc, [("Điều 1.", {"bold": True}), (" Thành lập Tổ công tác chuyển đổi số năm 2026, gồm các ông (bà) "
                                              "có tên sau:", {})])
    para(doc, "1. Ông Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân xã, Tổ trưởng;")
    para(doc, "2. Bà Lê Thị Mai, công chức Văn phòng - Thống kê, thành viên.")
    para(doc, "Điều 2. Nhiệm vụ của Tổ công tác", bold=True)
    para(doc, "1. Xây dựng kế hoạch chuyển đổi số năm 2026, gồm:")
    para(doc, "a) Số hóa hồ sơ, tài liệu lưu trữ;")
    para(doc, "b) Cập nhật cơ sở dữ liệu văn bản đi, văn bản đến.")
    para(doc, "2. Báo cáo kết quả trước ngày 30 tháng 11 năm 2026.")
    para(doc, [("\t", {}), ("Điều 3.", {"bold": True}), (" Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, "
                                                          "các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành "
                                                          "Quyết định này.", {})])
    closing = doc.add_table(rows=1, cols=2)
    for col, width in zip(closing.columns, (80, 85)):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    para(left, "Nơi nhận:", "left", first=True, size=12, bold=True, italic=True)
    para(left, "- Như Điều 3;", "left", size=11)
    para(left, "- Lưu: VT, VP.", "left", size=11)
    para(right, "KT. CHỦ TỊCH", "center", first=True, bold=True)
    para(right, "PHÓ CHỦ TỊCH", "center", bold=True)
    for _ in range(3):
        para(right, "", "center")
    para(right, "Trần Văn Bình", "center", bold=True)
    return doc


# ---- faults ---------------------------------------------------------------------------------------

def paragraphs(doc):
    from docx.text.paragraph import Paragraph
    return [Paragraph(p, doc) for p in doc.element.body.iter(qn("w:p"))]


def find(doc, start: str):
    for p in paragraphs(doc):
        if p.text.lstrip("\t").startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}")


def replace(doc, old: str, new: str) -> None:
    for p in paragraphs(doc):
        for r in p.runs:
            if old in r.text:
                r.text = r.text.replace(old, new)
                return
    raise AssertionError(f"{old!r} not found")


def run_with(doc, text: str):
    for p in paragraphs(doc):
        for r in p.runs:
            if text in r.text:
                return r
    raise AssertionError(f"no run with {text!r}")


def remove(p) -> None:
    p._p.getparent().remove(p._p)


def set_margins(doc, *mm) -> None:
    s = doc.sections[0]
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = (Mm(v) for v in mm)


def theme_font_in_normal(doc) -> None:
    """What Word writes when the Normal style is set to "+Body" (the theme's body font)."""
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    rfonts.set(qn("w:asciiTheme"), "minorHAnsi")
    rfonts.set(qn("w:hAnsiTheme"), "minorHAnsi")


def hansi_only(doc, text: str, font: str) -> None:
    rfonts = run_with(doc, text)._r.rPr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        run_with(doc, text)._r.get_or_add_rPr().insert(0, rfonts)
    rfonts.set(qn("w:hAnsi"), font)


def drop_border(p) -> None:
    ppr = p._p.pPr
    ppr.remove(ppr.find(qn("w:pBdr")))


def set_attr(run_, **attrs) -> None:
    for k, v in attrs.items():
        setattr(run_.font, k, v)


def add_mark(doc, after: str, text: str, size: float, bold: bool) -> None:
    anchor = find(doc, after)
    new = OxmlElement("w:p")
    anchor._p.addnext(new)
    from docx.text.paragraph import Paragraph
    p = Paragraph(new, anchor._parent)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, text, size=size, bold=bold)


# (name, profile, mutation, expected finding code, words the message must contain)
PARTY_FAULTS = [
    ("so-co-hai-cham", lambda d: replace(d, "Số 15-QĐ/ĐU", "Số: 15-QĐ/ĐU"), "so_ky_hieu.mau", "Số 15-QĐ/ĐU"),
    ("so-thieu-so-0", lambda d: replace(d, "Số 15-QĐ/ĐU", "Số 5-QĐ/ĐU"), "so_ky_hieu.so_0", "05"),
    ("arial-mot-run", lambda d: set_attr(run_with(d, "Quy định này quy định"), name="Arial"), "phong_chu.sai",
     "Arial"),
    ("arial-chi-o-hansi", lambda d: hansi_only(d, "Nguyễn Văn Hùng", "Arial"), "phong_chu.sai", "có dấu"),
    ("phong-chu-de-trong-kieu", theme_font_in_normal, "phong_chu.chu_de", "minorHAnsi"),
    ("le-25-25-25-25", lambda d: set_margins(d, 25, 25, 25, 25), "trang.le", "trái 25"),
    ("kho-letter", lambda d: setattr(d.sections[0], "page_height", Mm(279.4)), "trang.kho_giay", "279,4"),
    ("ngay-3-thang-11", lambda d: replace(d, "ngày 05 tháng 3 năm 2026", "ngày 3 tháng 11 năm 2025"),
     "ngay_thang.so_0", "ngày 03"),
    ("thang-04", lambda d: replace(d, "tháng 3 năm", "tháng 04 năm"), "ngay_thang.so_0", "tháng 04"),
    ("ngay-khong-co", lambda d: replace(d, "ngày 05 tháng 3", "ngày 30 tháng 02"), "ngay_thang.khong_co", "30"),
    ("ngay-khong-nghieng", lambda d: set_attr(run_with(d, "Thuận An, ngày"), italic=False), "ngay_thang.nghieng",
     "nghiêng"),
    ("chuc-vu-dam", lambda d: set_attr(run_with(d, "BÍ THƯ"), bold=True), "chuc_vu.dam", "in đậm"),
    ("tm-cua-nha-nuoc", lambda d: replace(d, "T/M BAN", "TM. BAN"), "quyen_han.tien_to", "TM."),
    ("dieu-4-roi-dieu-6", lambda d: replace(d, "Điều 5.", "Điều 6."), "bo_cuc.thu_tu", "Điều 6"),
    ("diem-e-sau-d", lambda d: replace(d, "đ) Sơ kết", "e) Sơ kết"), "bo_cuc.thu_tu", "e)"),
    ("khoan-nhay-so", lambda d: replace(d, "2. Các nội dung", "3. Các nội dung"), "bo_cuc.thu_tu", "3."),
    ("thieu-sao", lambda d: remove(find(d, "*")), "duoi_co_quan.thieu", "*"),
    ("noi-nhan-khong-gach-chan", lambda d: set_attr(run_with(d, "Nơi nhận:"), underline=False),
     "noi_nhan_tieu_de.gach_chan", "gạch chân"),
    ("noi-nhan-luu-kieu-nha-nuoc", lambda d: replace(d, "- Lưu Văn phòng Đảng ủy.", "- Lưu: VT, VP."),
     "noi_nhan.luu", "Lưu"),
    ("tieu-de-13pt", lambda d: set_attr(run_with(d, "ĐẢNG CỘNG SẢN"), size=Pt(13)), "tieu_de.co_chu", "13"),
    ("tieu-de-khong-gach", lambda d: drop_border(find(d, "ĐẢNG CỘNG SẢN")), "tieu_de.gach_duoi", "kẻ"),
    ("co-quan-khong-dam", lambda d: set_attr(run_with(d, "ĐẢNG ỦY XÃ THUẬN AN"), bold=False), "co_quan.dam", "đậm"),
    ("ten-loai-chu-thuong", lambda d: replace(d, "QUY ĐỊNH", "Quy định"), "ten_loai.chu_hoa", "in hoa"),
    ("thieu-gach-duoi-trich-yeu", lambda d: remove(find(d, "-----")), "duoi_trich_yeu.thieu", "-----"),
    ("doan-can-trai", lambda d: setattr(find(d, "Ban Xây dựng Đảng chủ trì"), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
     "doan.can_le", "căn đều"),
    ("can-cu-dau-cham", lambda d: replace(d, "Cộng sản Việt Nam;", "Cộng sản Việt Nam."), "can_cu.dau_cau", ";"),
    ("so-trang-o-trang-dau", lambda d: setattr(d.sections[0], "different_first_page_header_footer", False),
     "so_trang.trang_dau", "trang thứ nhất"),
    ("khan-12pt", lambda d: add_mark(d, "Số 15", "KHẨN", 12, True), "do_khan.co_chu", "12"),
    ("ten-chuong-chu-thuong", lambda d: replace(d, "TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện"),
     "tieu_de_chuong.chu_hoa", "in hoa"),
]

STATE_FAULTS = [
    ("so-thieu-hai-cham", lambda d: replace(d, "Số: 12/QĐ-UBND", "Số 12/QĐ-UBND"), "so_ky_hieu.mau", "Số: 12/QĐ-UBND"),
    ("tien-to-cua-dang", lambda d: replace(d, "KT. CHỦ TỊCH", "K/T CHỦ TỊCH"), "quyen_han.tien_to", "K/T"),
    ("thieu-gach-tieu-ngu", lambda d: remove(paragraphs(d)[3]), "tieu_ngu.gach_duoi", "kẻ"),
    ("thieu-gach-co-quan", lambda d: remove(paragraphs(d)[1]), "duoi_co_quan.thieu", "kẻ"),
    ("quoc-hieu-14pt", lambda d: set_attr(run_with(d, "CỘNG HÒA"), size=Pt(14)), "quoc_hieu.co_chu", "12–13"),
    ("tieu-ngu-gach-dai", lambda d: replace(d, "Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"),
     "tieu_ngu.chu", "Độc lập - Tự do"),
    ("noi-nhan-khong-nghieng", lambda d: set_attr(run_with(d, "Nơi nhận:"), italic=False),
     "noi_nhan_tieu_de.nghieng", "nghiêng"),
    ("can-cu-chu-dung", lambda d: set_attr(run_with(d, "Căn cứ Luật"), italic=False), "can_cu.nghieng",
     "nghiêng"),
    ("luu-thieu-hai-cham", lambda d: replace(d, "- Lưu: VT, VP.", "- Lưu VT, VP."), "noi_nhan.luu", "Lưu:"),
    ("chuc-vu-khong-dam", lambda d: set_attr(run_with(d, "PHÓ CHỦ TỊCH"), bold=False), "chuc_vu.dam", "đậm"),
    ("le-25-25-25-25", lambda d: set_margins(d, 25, 25, 25, 25), "trang.le", "phải 25"),
    ("thang-02-viet-2", lambda d: replace(d, "tháng 02", "tháng 2"), "ngay_thang.so_0", "tháng 02"),
    ("dieu-khong-dam", lambda d: set_attr(run_with(d, "Điều 1."), bold=False), "dieu.dam", "đậm"),
]


def replace_body(doc, lines) -> None:
    """Swap the body of a base document (after the căn cứ / chủ thể, before the closing block) for
    `lines`: (text, bold) pairs, formatted like the base document's body."""
    paras = paragraphs(doc)
    first = next(i for i, p in enumerate(paras) if p.text.startswith(("Chương I", "Điều 1.")))
    end = next(i for i, p in enumerate(paras) if p.text.startswith("Nơi nhận") or "Nơi nhận" in p.text)
    end = min(end, next((i for i, p in enumerate(paras) if p._p.getparent().tag == qn("w:tc") and i > first), end))
    anchor = paras[first - 1]
    for p in paras[first:end]:
        remove(p)
    from docx.text.paragraph import Paragraph
    for text, bold in reversed(lines):
        new = OxmlElement("w:p")
        anchor._p.addnext(new)
        p = Paragraph(new, anchor._parent)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        run(p, text, size=None, bold=bold, font=None)
