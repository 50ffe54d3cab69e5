"""Builds the Word templates in templates/<profile>/<type>.docx from the profile data.

The templates are ordinary .docx files with docxtpl tags and one named paragraph style per
element ("VB Dieu", "VB Khoan", "VB Co quan" …): an official can open one in Word and
restyle it; `vanban mau` rebuilds them from the profile when the rules change.
Numbers (Điều 1., 1., a)) are literal text, never Word auto-numbering (it does not restart
inside generated documents: landscape.md §1.2).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from generator.atomic import write_bytes
from generator.format import doctypes
from generator.format.layout import text_width_pt
from generator.format.profiles import DEFAULT_FILES, Profile, versions

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
BODY_ELEMENTS = ("can_cu", "dieu", "khoan", "khoan_tieu_de", "diem", "gach", "doan", "kinh_gui", "kinh_gui_ten")
OWN_LAYOUTS = ("bien-ban", "giay-moi", "giay-gioi-thieu", "giay-nghi-phep", "cong-dien", "phu-luc")
HEADER_COL_MM = (70, 95)      # header table: issuing body | title and date (text width 165 mm)
SIGN_COL_MM = (80, 85)        # signature table: recipients | signature
CELL_MARGIN_MM = 1.9          # Word's default left/right cell margin (0.19 cm)
RULE_STYLE = "VB Gach ngang"  # an empty bordered paragraph: the rules under the State body name and trích yếu

# pPr children that must come after w:pBdr (ECMA-376 CT_PPrBase order)
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
               "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def set_bottom_border(p_pr, size_eighths: int = 6) -> None:
    """Add a solid bottom border to a paragraph's (or style's) pPr, in schema order."""
    for old in p_pr.findall(qn("w:pBdr")):
        p_pr.remove(old)
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    for tag in _AFTER_PBDR:
        successor = p_pr.find(qn(tag))
        if successor is not None:
            successor.addprevious(bdr)
            return
    p_pr.append(bdr)


RULE_SLACK = 1.06             # a rule under a text line is a little longer than the text, so it never wraps


def centred_rule_indent(cell_mm: float, rule_pt: float) -> Pt:
    """Left and right indent that make a bordered paragraph `rule_pt` long, centred in a cell."""
    usable_pt = (cell_mm - 2 * CELL_MARGIN_MM) / 25.4 * 72
    return Pt(max(0.0, (usable_pt - rule_pt) / 2))


def _strip_theme_fonts(doc) -> None:
    """No theme font anywhere: Word gives w:asciiTheme precedence over w:ascii (tech-notes §7)."""
    styles = doc.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)


def _set_fonts(rpr, font: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), font)


def _drop_styles_with_effects(doc) -> None:
    """python-docx's base template carries a Word 2010 stylesWithEffects part that no longer matches
    our styles; Word treats the mismatch as a reason to repair. The part is optional: drop it."""
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(r_id)


def apply_doc_defaults(doc, profile: Profile) -> None:
    _drop_styles_with_effects(doc)
    _strip_theme_fonts(doc)
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, profile.font)
    for tag in ("w:sz", "w:szCs", "w:lang"):
        for old in rpr_default.findall(qn(tag)):
            rpr_default.remove(old)
    size = int(profile.element("doan").size * 2)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(size))
        rpr_default.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr_default.append(lang)
    normal = doc.styles["Normal"]
    normal.font.name = profile.font
    normal.font.size = Pt(profile.element("doan").size)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.name != "Normal":
            try:
                style.font.name = profile.font
            except (AttributeError, ValueError):
                pass


def add_styles(doc, profile: Profile) -> None:
    body = profile["doan_van"]
    for name, el in profile.elements.items():
        style = doc.styles.add_style(el.style, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        font = style.font
        font.name = profile.font
        font.size = Pt(el.size)
        font.bold = el.bold
        font.italic = el.italic
        font.underline = el.underline
        pf = style.paragraph_format
        pf.alignment = ALIGN[el.align]
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing = 1.0
        pf.widow_control = True
        if name in BODY_ELEMENTS:
            if name == "kinh_gui":     # "Kính gửi:" block stands indented, lines aligned under each other
                pf.left_indent = Cm(el.indent_cm)
                pf.space_before = Pt(6)
            elif name == "kinh_gui_ten":
                pf.left_indent = Cm(el.indent_cm)
            else:
                pf.first_line_indent = Cm(el.indent_cm)
            pf.space_after = Pt(body["cach_sau_pt"])
            # HD 05 Phần II I.6.2.2: line spacing "từ 18pt đến 22pt (Exactly)"; HD 36 profile, ND 30: at least
            exact = profile.line_rule == "exactly"
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY if exact else WD_LINE_SPACING.AT_LEAST
            pf.line_spacing = Pt(body["gian_dong_pt"])
        if name in ("chuong", "phan", "muc"):
            pf.space_before = Pt(6)
            pf.keep_with_next = True
        if name == "tieu_de_chuong":
            pf.space_after = Pt(6)
            pf.keep_with_next = True
        if name in ("dieu", "khoan_tieu_de"):
            pf.keep_with_next = True
        if name in ("ten_loai",):
            pf.space_before = Pt(12)
        if name in ("duoi_trich_yeu", "kem_theo", "tac_gia"):
            pf.space_after = Pt(6)
        if name == "chu_the":
            pf.space_before = Pt(6)
            pf.space_after = Pt(6)
        if name == "quyen_han":
            pf.space_before = Pt(6)
        if name == "noi_nhan_tieu_de":
            pf.space_before = Pt(6)
        if name == "so_ky_hieu":
            pf.space_before = Pt(0)
    rule = doc.styles.add_style(RULE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    rule.base_style = doc.styles["Normal"]
    rule.font.name = profile.font
    rule.font.size = Pt(4)
    rule.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rule.paragraph_format.space_after = Pt(6)
    set_bottom_border(rule.element.get_or_add_pPr())


def setup_page(doc, profile: Profile, landscape: bool = False) -> None:
    page = profile.page
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = Mm(page["rong_mm"]), Mm(page["cao_mm"])
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = Mm(page["le_tren_mm"])
    section.bottom_margin = Mm(page["le_duoi_mm"])
    section.left_margin = Mm(page["le_trai_mm"])
    section.right_margin = Mm(page["le_phai_mm"])
    section.header_distance = Mm(page["cach_dau_trang_mm"])
    section.footer_distance = Mm(page["cach_dau_trang_mm"])
    # Page numbers: centred at the top, not on page 1 (HD 36 [S]; ND 30 PL I [P]).
    section.different_first_page_header_footer = True
    header_p = section.header.paragraphs[0]
    header_p.style = doc.styles[profile.element("so_trang").style]
    _add_field(header_p, "PAGE")
    section.first_page_header.paragraphs[0].text = ""


def _add_field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.strip() == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"):
        successor = tbl_pr.find(qn(tag))       # CT_TblPr child order: tblBorders before these
        if successor is not None:
            successor.addprevious(borders)
            return
    tbl_pr.append(borders)


def _table(doc, widths_mm: tuple[int, ...], rows: int = 1):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
    for col, width in zip(table.columns, widths_mm):
        col.width = Mm(width)
    return table


class _Cell:
    """Appends paragraphs to a table cell, reusing the cell's first empty paragraph."""

    def __init__(self, cell, profile: Profile):
        self.cell, self.profile, self.used = cell, profile, False

    def add(self, text: str, element: str | None = None, style: str | None = None):
        p = self.cell.paragraphs[0] if not self.used else self.cell.add_paragraph()
        self.used = True
        p.style = style or self.profile.element(element).style
        if text:
            p.add_run(text)
        return p


def _p(doc, text: str, profile: Profile, element: str | None = None, style: str | None = None):
    return doc.add_paragraph(text, style=style or profile.element(element).style)


def _optional(doc, profile: Profile, field: str, element: str | None = None) -> None:
    """A paragraph with `{{ field }}` that docxtpl drops whole when the field is empty."""
    element = element or field
    _p(doc, f"{{%p if {field} %}}", profile, element)
    _p(doc, f"{{{{ {field} }}}}", profile, element)
    _p(doc, "{%p endif %}", profile, element)


def _rule_under_title(doc, profile: Profile) -> None:
    """The profile's typed mark under the trích yếu ("-----" of the Party), else a drawn rule."""
    if profile.get("duoi_trich_yeu"):
        _p(doc, profile["duoi_trich_yeu"], profile, "duoi_trich_yeu")
    else:
        _p(doc, "", profile, style=RULE_STYLE)


def _ruled(cell: "_Cell", profile: Profile, text: str, element: str) -> None:
    """A header line with a solid rule under it as long as the text."""
    el = profile.element(element)
    p = cell.add(text, element)
    set_bottom_border(p._p.get_or_add_pPr())
    indent = centred_rule_indent(HEADER_COL_MM[1], text_width_pt(text, el.size, el.bold) * RULE_SLACK)
    p.paragraph_format.left_indent = indent
    p.paragraph_format.right_indent = indent


def _header(doc, profile: Profile, letter: bool) -> None:
    table = _table(doc, HEADER_COL_MM, rows=2)
    left, right = _Cell(table.cell(0, 0), profile), _Cell(table.cell(0, 1), profile)
    left.add("{%p if cap_tren %}", "co_quan_cap_tren")
    left.add("{{ cap_tren }}", "co_quan_cap_tren")
    left.add("{%p endif %}", "co_quan_cap_tren")
    left.add("{{ co_quan }}", "co_quan")
    if profile.get("duoi_co_quan"):
        left.add(profile["duoi_co_quan"], "duoi_co_quan")
    else:
        left.add("", style=RULE_STYLE)
    if profile.is_party:      # HD 36: "ĐẢNG CỘNG SẢN VIỆT NAM" with a rule of its length
        _ruled(right, profile, profile["tieu_de"], "tieu_de")
    else:                     # ND 30: quốc hiệu, then the tiêu ngữ with a rule of its length
        right.add(profile["quoc_hieu"], "quoc_hieu")
        _ruled(right, profile, profile["tieu_ngu"], "tieu_ngu")
    left2, right2 = _Cell(table.cell(1, 0), profile), _Cell(table.cell(1, 1), profile)
    left2.add("{{ so_ky_hieu }}", "so_ky_hieu")
    if profile.get("du_thao_vi_tri") == "duoi-so-ky-hieu":   # HD 05 Phần II II.4.2 (ô 11b)
        left2.add("{%p if du_thao %}", "du_thao")
        left2.add("{{ du_thao }}", "du_thao")
        left2.add("{%p endif %}", "du_thao")
    if letter:
        left2.add("{{ trich_yeu }}", "trich_yeu_cong_van")
    for mark in ("do_mat", "do_khan"):
        left2.add(f"{{%p if {mark} %}}", mark)
        left2.add(f"{{{{ {mark} }}}}", mark)
        left2.add("{%p endif %}", mark)
    right2.add("{{ ngay_thang }}", "ngay_thang")


def _signature(doc, profile: Profile) -> None:
    """Nơi nhận on the left, the signer on the right; a joint document (ky_lien) puts the other bodies'
    signers on the left and the lead body's on the right, Nơi nhận under both (HD 05 Phần II I.7.2.4)."""
    style = profile.element("doan").style
    doc.add_paragraph("{%p if ky_lien %}", style=style)
    table = _table(doc, SIGN_COL_MM, rows=1)
    left, right = _Cell(table.cell(0, 0), profile), _Cell(table.cell(0, 1), profile)
    left.add("{%p for s in ky_lien %}", "quyen_han")
    left.add("{%p for q in s.quyen_han %}", "quyen_han")
    left.add("{{ q }}", "quyen_han")
    left.add("{%p endfor %}", "quyen_han")
    left.add("{{ s.chuc_vu }}", "chuc_vu")
    for _ in range(3):
        left.add("", "ho_ten")
    left.add("{{ s.ho_ten }}", "ho_ten")
    left.add("{%p endfor %}", "ho_ten")
    _signer_cell(right, profile)
    _recipients_below(doc, profile)
    doc.add_paragraph("{%p else %}", style=style)
    doc.add_paragraph("{%p if co_chu_ky or noi_nhan %}", style=style)
    table = _table(doc, SIGN_COL_MM, rows=1)
    left, right = _Cell(table.cell(0, 0), profile), _Cell(table.cell(0, 1), profile)
    _recipients(left.add, profile)
    _signer_cell(right, profile)
    doc.add_paragraph("{%p endif %}", style=style)
    doc.add_paragraph("{%p endif %}", style=style)


def _recipients(add, profile: Profile) -> None:
    """Nơi nhận and its lines, then (HD 05 Phần II II.5) the drafter mark and copy count, 11 pt, at its end.
    `add(text, element)` writes one paragraph: into the signature table's left cell, or under the table."""
    add("{%p if noi_nhan %}", "noi_nhan_tieu_de")
    add(profile["noi_nhan"]["tieu_de"], "noi_nhan_tieu_de")
    add("{%p for n in noi_nhan %}", "noi_nhan")
    add("{{ n }}", "noi_nhan")
    add("{%p endfor %}", "noi_nhan")
    add("{%p endif %}", "noi_nhan")
    if "ky_hieu_nguoi_soan" in profile.elements:
        add("{%p if nguoi_soan %}", "ky_hieu_nguoi_soan")
        add("{{ nguoi_soan }}", "ky_hieu_nguoi_soan")
        add("{%p endif %}", "ky_hieu_nguoi_soan")


def _signer_cell(right, profile: Profile) -> None:
    """Authority lines, chức vụ (a "kiêm" title on three lines in HD 05), room to sign, the name."""
    right.add("{%p if co_chu_ky %}", "quyen_han")
    right.add("{%p for q in quyen_han %}", "quyen_han")
    right.add("{{ q }}", "quyen_han")
    right.add("{%p endfor %}", "quyen_han")
    if (profile.get("ky_bo_sung") or {}).get("kiem"):     # HD 05: a "kiêm" title on three lines
        right.add("{%p for c in chuc_vu_dong %}", "chuc_vu")
        right.add("{{ c }}", "chuc_vu")
        right.add("{%p endfor %}", "chuc_vu")
    else:
        right.add("{{ chuc_vu }}", "chuc_vu")
    for _ in range(3):    # room for the signature and the seal
        right.add("", "ho_ten")
    right.add("{{ ho_ten }}", "ho_ten")
    right.add("{%p endif %}", "ho_ten")


def _recipients_below(doc, profile: Profile) -> None:
    """Nơi nhận as paragraphs under a two-sided signature block (biên bản, joint documents)."""
    _recipients(lambda text, element: _p(doc, text, profile, element), profile)


def _last_page(doc, profile: Profile) -> None:
    """What HD 05 puts on the last page after Nơi nhận: the issuing body's contact information, 10 pt,
    under a solid rule the full width of the text area (Phần II II.6, PL2 r14); and the note "Không phổ
    biến trên phương tiện thông tin đại chúng", centred, 10 mm above the bottom edge (II.4.1). Profiles
    without these elements get neither."""
    if "thong_tin_lien_he" in profile.elements:
        _p(doc, "{%p if lien_he %}", profile, "thong_tin_lien_he")
        contact = _p(doc, "{{ lien_he }}", profile, "thong_tin_lien_he")
        _border(contact, "top")
        contact.paragraph_format.space_before = Pt(12)
        _p(doc, "{%p endif %}", profile, "thong_tin_lien_he")
    note = profile.get("khong_pho_bien")
    if note and "pham_vi_luu_hanh" in profile.elements:
        _p(doc, "{%p if khong_pho_bien %}", profile, "pham_vi_luu_hanh")
        para = _p(doc, "{{ khong_pho_bien }}", profile, "pham_vi_luu_hanh")
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _frame_above_bottom(para, profile, float(note.get("cach_mep_duoi_mm", 10)))
        _p(doc, "{%p endif %}", profile, "pham_vi_luu_hanh")


def _border(para, side: str) -> None:
    """A single solid line on one side of a paragraph: it spans the paragraph's width (the text area)."""
    ppr = para._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", "auto")):
        line.set(qn(f"w:{attr}"), value)
    bdr.append(line)
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, bdr)   # before spacing, ind, jc (schema order)


def _frame_above_bottom(para, profile: Profile, gap_mm: float) -> None:
    """Pin a one-line paragraph to the page, its bottom `gap_mm` above the bottom edge, centred between
    the margins: a Word frame (w:framePr) anchored to the page, so it lands on the page where the
    paragraph falls (the last one) whatever the length of the text above it."""
    height_pt = profile.element("pham_vi_luu_hanh").size * 1.5
    page_mm = float(profile["trang"]["cao_mm"])
    top_twips = round((page_mm - gap_mm) / 25.4 * 1440 - height_pt * 20)
    frame = OxmlElement("w:framePr")
    page = profile["trang"]
    width_mm = float(page["rong_mm"]) - float(page["le_trai_mm"]) - float(page["le_phai_mm"])
    for attr, value in (("w", str(round(width_mm / 25.4 * 1440))), ("h", str(round(height_pt * 20))),
                        ("hRule", "exact"), ("wrap", "notBeside"), ("vAnchor", "page"), ("hAnchor", "margin"),
                        ("xAlign", "center"), ("y", str(top_twips))):
        frame.set(qn(f"w:{attr}"), value)
    ppr = para._p.get_or_add_pPr()
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, frame)


def _lines(doc, profile: Profile, name: str, element: str = "doan") -> None:
    _p(doc, f"{{%p for l in {name} %}}", profile, element)
    _p(doc, "{{ l }}", profile, element)
    _p(doc, "{%p endfor %}", profile, element)


def _two_signatures(doc, profile: Profile) -> None:
    """Biên bản: the minute-taker on the left, the chair on the right (HD 05 Phần II I.7.1.4.e, I.7.2.4;
    ND 30 Mẫu 1.9: THƯ KÝ | CHỦ TỌA), Nơi nhận under both."""
    table = _table(doc, SIGN_COL_MM, rows=1)
    left, right = _Cell(table.cell(0, 0), profile), _Cell(table.cell(0, 1), profile)
    for cell, side in ((left, "trai"), (right, "phai")):
        cell.add(f"{{{{ ky_{side}_tieu_de }}}}", "quyen_han")
        cell.add(f"{{%p if ky_{side}_chuc_vu %}}", "chuc_vu")
        cell.add(f"{{{{ ky_{side}_chuc_vu }}}}", "chuc_vu")
        cell.add("{%p endif %}", "chuc_vu")
        for _ in range(3):
            cell.add("", "ho_ten")
        cell.add(f"{{{{ ky_{side}_ho_ten }}}}", "ho_ten")
    _recipients_below(doc, profile)


def build_template(profile: Profile, doc_type_key: str) -> bytes:
    doc_type = doctypes.get(doc_type_key)
    own = doc_type.bo_cuc if doc_type.bo_cuc in OWN_LAYOUTS else None
    doc = Document()
    apply_doc_defaults(doc, profile)
    add_styles(doc, profile)
    setup_page(doc, profile)
    body = doc.paragraphs[0]._p if doc.paragraphs else None
    if body is not None:
        body.getparent().remove(body)
    if "pham_vi_luu_hanh" in profile.elements:
        # HD 05 Phần II II.4.1 (ô 11a): "TÀI LIỆU HỘI NGHỊ" on page 1, top right, 10 mm from the top edge:
        # the first page's own header, which sits 10 mm from the edge (header_distance) and has no page number
        first = doc.sections[0].first_page_header.paragraphs[0]
        first.style = doc.styles[profile.element("pham_vi_luu_hanh").style]
        first.add_run("{{ pham_vi_luu_hanh }}")
    if own == "phu-luc":
        # An annex has no header of its own: "Phụ lục N", its title, "(Kèm theo …)", its text (ND 30 PL I mục
        # III.1; HD 05 Phần II II.1.2). It is its own file, so its pages are numbered on their own (HD 05 IV.5.2).
        _p(doc, "{{ phu_luc_dong }}", profile, "phu_luc")
        _p(doc, "{{ trich_yeu }}", profile, "ten_phu_luc")
        _optional(doc, profile, "kem_theo")
        _p(doc, "{{p noi_dung }}", profile, "doan")
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()
    if profile.get("du_thao_vi_tri") != "duoi-so-ky-hieu":
        _optional(doc, profile, "du_thao")
    _header(doc, profile, letter=doc_type.is_letter)
    if own:
        _p(doc, "{{ ten_loai }}", profile, "ten_loai")
        _optional(doc, profile, "trich_yeu")
        _rule_under_title(doc, profile)
        _lines(doc, profile, "truoc")
        if own == "cong-dien":
            _lines(doc, profile, "kinh_gui_ds", "doan")
        _p(doc, "{{p noi_dung }}", profile, "doan")
        _lines(doc, profile, "sau")
        if own == "bien-ban":
            _two_signatures(doc, profile)
        else:
            _signature(doc, profile)
        _last_page(doc, profile)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()
    if not doc_type.is_letter and doc_type.bo_cuc != "thu-cong":   # a thư công has no title block
        _optional(doc, profile, "ten_loai")
        _p(doc, "{{ trich_yeu }}", profile, "trich_yeu")
        _rule_under_title(doc, profile)
        _optional(doc, profile, "kem_theo")
        _optional(doc, profile, "tac_gia")
    _p(doc, "{{p kinh_gui }}", profile, "kinh_gui")
    _optional(doc, profile, "chu_the_truoc", "chu_the")
    _p(doc, "{%p for c in can_cu %}", profile, "can_cu")
    _p(doc, "{{ c }}", profile, "can_cu")
    _p(doc, "{%p endfor %}", profile, "can_cu")
    _optional(doc, profile, "chu_the_sau", "chu_the")
    _p(doc, "{{p noi_dung }}", profile, "doan")
    _signature(doc, profile)
    _last_page(doc, profile)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def template_path(templates_dir: Path, profile_dir: str, doc_type_key: str) -> Path:
    """templates/<profile's template folder>/<type>.docx: "dang" (HD 36), "dang-hd05", "nha-nuoc"."""
    return templates_dir / profile_dir / f"{doc_type_key}.docx"


def build_all(templates_dir: Path) -> list[Path]:
    """Every profile version × every type that profile has (a State-only type has no Party template)."""
    written = []
    for profile in [p for key in DEFAULT_FILES for p in versions(key)]:
        for key, doc_type in doctypes.doc_types().items():
            if not doc_type.has(profile.key):
                continue
            path = template_path(templates_dir, profile.template_dir, key)
            write_bytes(path, build_template(profile, key))
            written.append(path)
    return written


if __name__ == "__main__":
    for p in build_all(Path(__file__).resolve().parents[2] / "templates"):
        print(p)
