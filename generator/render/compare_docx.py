"""The bảng so sánh as a Word document: A4 landscape in the issuing body's profile, a short title
block, then one table of three columns (Quy định hiện hành | Dự thảo sửa đổi, bổ sung | Thuyết
minh, lý do), one row per changed unit. Deleted words are struck through, added words bold.

Page, fonts, sizes and the title-block formats come from the profile (the same styles the Word
templates use: "VB Ten loai", "VB Trich yeu" …); the table's own text size and column shares are
the profile's `bang_so_sanh` data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.atomic import write_bytes
from generator.format.profiles import Profile, style_id
from generator.model.model import HEADINGS
from generator.render.compare import GIU_NGUYEN, HEADERS, NGU_CANH, THEM, XOA, Comparison, Line, Segment
from generator.render.template_builder import RULE_STYLE, add_styles, apply_doc_defaults, setup_page

TITLE = "BẢNG SO SÁNH"
CELL_STYLE = "VB Bang so sanh"
HEADER_STYLE = "VB Bang so sanh tieu de"
CELL_STYLE_ID = style_id(CELL_STYLE)
_DEFAULT_TABLE = {"co_chu": 13, "cot_phan_tram": [40, 40, 20], "cach_sau_pt": 3}


@dataclass
class TitleBlock:
    """"BẢNG SO SÁNH", then what is compared with what, the document's name and where it comes from."""
    subtitle: str                                   # "Dự thảo lần 2 với Quy chế hiện hành"
    lines: list[str] = field(default_factory=list)  # the document's name, bold like a trích yếu
    source: str = ""                                # "(Quy chế ban hành kèm theo Quyết định số …)"


def _table_data(profile: Profile) -> dict:
    return {**_DEFAULT_TABLE, **(profile.get("bang_so_sanh") or {})}


def _styles(doc, profile: Profile) -> None:
    data = _table_data(profile)
    for name, bold, align in ((CELL_STYLE, False, WD_ALIGN_PARAGRAPH.JUSTIFY),
                              (HEADER_STYLE, True, WD_ALIGN_PARAGRAPH.CENTER)):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.name = profile.font
        style.font.size = Pt(data["co_chu"])
        style.font.bold = bold
        pf = style.paragraph_format
        pf.alignment = align
        pf.space_before = Pt(0)
        pf.space_after = Pt(data["cach_sau_pt"])
        pf.line_spacing = 1.0


def _row_flag(row, tag: str) -> None:
    """w:tblHeader (repeat on every page) or w:cantSplit (keep on one page) on a row."""
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _cell(cell, lines: list[Line], placeholder: str = "", note: str = "", italic: bool = False) -> None:
    """Fill a cell: an italic note line, the marked lines (or an italic placeholder)."""
    items: list[tuple[str | None, list[tuple[str, str, bool]]]] = []
    if note:
        items.append((None, [(f"({note[0].upper()}{note[1:]})", "", True)]))
    for line in lines:
        items.append((line.kind, [(s.text, s.mark, italic) for s in line.segments]))
    if not lines and placeholder:
        items.append((None, [(placeholder, "", True)]))
    for i, (kind, parts) in enumerate(items or [(None, [])]):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p._p.style = CELL_STYLE_ID           # by id: python-docx's lookup by name scans every style each time
        if kind in HEADINGS:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif not kind or italic:              # explanations and placeholders: not stretched by justification
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for text, mark, slanted in parts:
            run = p.add_run()
            t = OxmlElement("w:t")        # one element: python-docx's text setter walks every character
            t.text = text
            t.set(qn("xml:space"), "preserve")
            run._r.append(t)
            if mark == XOA:
                run.font.strike = True
            elif mark == THEM:
                run.font.bold = True
            if slanted:
                run.font.italic = True


def build_table(comparison: Comparison, profile: Profile, title: TitleBlock, include_unchanged: bool = True,
                author: str = "") -> bytes:
    doc = Document()
    apply_doc_defaults(doc, profile)
    add_styles(doc, profile)
    _styles(doc, profile)
    setup_page(doc, profile, landscape=True)
    body = doc.paragraphs[0]._p if doc.paragraphs else None
    if body is not None:
        body.getparent().remove(body)
    doc.add_paragraph(TITLE, style=profile.element("ten_loai").style)
    doc.add_paragraph(title.subtitle, style=profile.element("trich_yeu").style)
    for line in title.lines:
        doc.add_paragraph(line, style=profile.element("trich_yeu").style)
    if title.source:
        doc.add_paragraph(title.source, style=profile.element("kem_theo").style)
    if profile.get("duoi_trich_yeu"):
        doc.add_paragraph(profile["duoi_trich_yeu"], style=profile.element("duoi_trich_yeu").style)
    else:
        doc.add_paragraph("", style=RULE_STYLE)

    page = profile.page
    text_mm = page["cao_mm"] - page["le_trai_mm"] - page["le_phai_mm"]     # landscape: the long side is the width
    shares = _table_data(profile)["cot_phan_tram"]
    widths = [Mm(text_mm * s / sum(shares)) for s in shares]
    rows = comparison.visible_rows(include_unchanged)
    table = doc.add_table(rows=1 + len(rows), cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, width in zip(table.columns, widths):
        col.width = width
    for tr in table.rows:
        for cell, width in zip(tr.cells, widths):
            cell.width = width
    _row_flag(table.rows[0], "w:tblHeader")
    for cell, text in zip(table.rows[0].cells, HEADERS):
        cell.paragraphs[0].style = HEADER_STYLE
        cell.paragraphs[0].add_run(text)
    for tr, row in zip(table.rows[1:], rows):
        old_placeholder, new_placeholder, note = row.cell_extras()
        _cell(tr.cells[0], row.old_lines, old_placeholder)
        _cell(tr.cells[1], row.new_lines, new_placeholder, note, italic=row.kind == GIU_NGUYEN)
        _cell(tr.cells[2], [Line("", [Segment(row.note)])] if row.note else [])
        if row.kind == NGU_CANH:           # a heading row stays whole, and with the row under it
            _row_flag(tr, "w:cantSplit")
            for cell in tr.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True

    props = doc.core_properties
    props.title = f"{TITLE.capitalize()} {title.subtitle}"[:250]
    props.subject = " ".join(title.lines)[:250]
    props.author = author
    props.comments = f"vanban: so sánh {comparison.old.key} với {comparison.new.key}"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_table(target: Path, comparison: Comparison, profile: Profile, title: TitleBlock,
                include_unchanged: bool = True, author: str = "") -> Path:
    write_bytes(target, build_table(comparison, profile, title, include_unchanged, author))
    return target
