"""Render one record to .docx with its docxtpl template, then apply the measured layout rules.

Rendering uses autoescape: record text is data, never template code, so `{{`, `&`, `<` typed in
a record come out literally (tech-notes §2.1: without autoescape "&" silently vanishes).
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path

from docx.oxml import OxmlElement
from docx.shared import Pt
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import Environment

from generator.atomic import atomic_path
from generator.format.context import RecordIndex, build_context
from generator.format.layout import text_width_pt
from generator.format.profiles import Profile
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record
from generator.render.template_builder import (ALIGN, CELL_MARGIN_MM, HEADER_COL_MM, RULE_STYLE, centred_rule_indent,
                                               template_path)


@lru_cache(maxsize=64)
def _template_bytes(path_str: str, mtime_ns: int) -> bytes:
    return Path(path_str).read_bytes()


class _CompiledOnce(Environment):
    """Jinja for docxtpl, each template text compiled once per process: docxtpl compiles the template's
    XML (body, headers, footers, properties) on every render, half of the time of a document; the same
    text compiles to the same template, and a template keeps nothing of one render for the next."""

    @lru_cache(maxsize=256)
    def _compiled(self, source: str):
        return super().from_string(source)

    def from_string(self, source, globals=None, template_class=None):
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


@lru_cache(maxsize=1)
def _jinja() -> Environment:
    return _CompiledOnce(autoescape=True)


def find_template(templates_dir: Path, profile: Profile, doc_type_key: str) -> Path:
    path = template_path(templates_dir, profile.template_dir, doc_type_key)
    if not path.exists():
        raise VanbanError(f"không có mẫu Word {path} cho loại \"{doc_type_key}\" (thể thức {profile.key}); "
                          "chạy \"vanban mau\" để tạo lại các mẫu")
    return path


def render(record: Record, index: RecordIndex, templates_dir: Path) -> tuple[bytes, list[Diagnostic]]:
    """Return the finished .docx bytes and any warnings; raise VanbanError on a bad record."""
    context, warnings = build_context(record, index)
    body = index.config.body(record.meta.co_quan)
    profile = index.profile_of(record)
    path = find_template(templates_dir, profile, record.meta.loai)
    tpl = DocxTemplate(io.BytesIO(_template_bytes(str(path), path.stat().st_mtime_ns)))
    try:
        tpl.render(context, _jinja(), autoescape=True)
    except Exception as exc:  # a template edited in Word with a broken tag
        line = getattr(exc, "lineno", None)
        raise VanbanError(f"mẫu Word {path.name} có thẻ lỗi ({exc}){f' ở dòng XML {line}' if line else ''}; "
                          "hãy gõ lại thẻ {{ … }} liền một lần trong Word", path) from None
    _size_rules(tpl.docx, profile, context)
    _after_signature(tpl.docx, profile, record)
    _properties(tpl.docx, record, body, context)
    warnings += _duplex(tpl.docx, profile, record, body)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue(), warnings


def _size_rules(document, profile: Profile, context: dict) -> None:
    """Rules whose length depends on the text (ND 30: 1/3–1/2 of the body name or the trích yếu)."""
    rules = _rule_paragraphs(document)
    text_width_mm = profile.page["rong_mm"] - profile.page["le_trai_mm"] - profile.page["le_phai_mm"]
    for p in rules:
        if p._p.getparent().tag.endswith("}tc"):      # under the issuing body, in the header table
            el, text = profile.element("co_quan"), max(context["co_quan"].split("\n"), key=len)
            ratio, box_mm = profile.get("ti_le_gach_co_quan", 0.4), HEADER_COL_MM[0]
        else:                                          # under the trích yếu, full text width
            el, text = profile.element("trich_yeu"), context["trich_yeu"]
            ratio, box_mm = profile.get("ti_le_gach_trich_yeu", 0.4), text_width_mm + 2 * CELL_MARGIN_MM
        usable_pt = (box_mm - 2 * CELL_MARGIN_MM) / 25.4 * 72
        width = min(text_width_pt(text, el.size, el.bold), usable_pt) * ratio
        indent = centred_rule_indent(box_mm, width)
        p.paragraph_format.left_indent = indent
        p.paragraph_format.right_indent = indent


def _after_signature(document, profile: Profile, record: Record) -> None:
    """The record's `sau_chu_ky` lines (a hotline printed under the signature block), after everything the
    template puts at the end; added here so every template, including one edited in Word, prints them."""
    lines = record.meta.sau_chu_ky
    rule = profile.get("sau_chu_ky") or {}
    if not lines:
        return
    style = profile.element(rule.get("kieu", "doan")).style
    for n, text in enumerate(lines):
        para = document.add_paragraph(text, style=style)
        para.alignment = ALIGN[rule.get("can_le", "center")]
        para.paragraph_format.first_line_indent = Pt(0)
        if n == 0:
            para.paragraph_format.space_before = Pt(float(rule.get("cach_tren_pt", 12)))


def _duplex(document, profile: Profile, record: Record, body) -> list[Diagnostic]:
    """Printed on both sides (the record's `in_hai_mat`, else the body's / office's): HD 05 Phần II IV.4.2
    gives the back page left 15, right 30 mm — the front page's margins swapped, which is what Word's
    mirror margins do (left becomes the inside margin). A profile without a back-page rule is left as is."""
    wanted = record.meta.in_hai_mat if record.meta.in_hai_mat is not None else bool(body and body.in_hai_mat)
    back = profile.get("trang_mat_sau")
    if not wanted:
        return []
    if not back:
        return [Diagnostic(f"in_hai_mat: thể thức {profile.version} không quy định lề mặt sau; văn bản giữ lề một "
                           "mặt", record.path, record.line_of("in_hai_mat") or None, "canh-bao")]
    page = profile.page
    if (back["le_trai_mm"], back["le_phai_mm"]) != (page["le_phai_mm"], page["le_trai_mm"]):
        return [Diagnostic(f"in_hai_mat: lề mặt sau của thể thức {profile.version} không phải lề mặt trước đảo "
                           "lại; Word không trình bày được, văn bản giữ lề một mặt", record.path, None, "canh-bao")]
    settings = document.settings.element
    if settings.find(qn("w:mirrorMargins")) is None:
        mirror = OxmlElement("w:mirrorMargins")
        # w:settings children have a fixed order (ECMA-376 17.15.1.78): insert before the first later one
        anchor = next((settings.find(qn(f"w:{name}")) for name in _AFTER_MIRROR
                       if settings.find(qn(f"w:{name}")) is not None), None)
        if anchor is not None:
            anchor.addprevious(mirror)
        else:
            settings.append(mirror)
    return []


# settings children that come after w:mirrorMargins in the schema (the first present one is the anchor)
_AFTER_MIRROR = ("alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
                 "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
                 "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
                 "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
                 "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
                 "styleLockTheme", "styleLockQFSet", "defaultTabStop")


def _properties(document, record: Record, body, context: dict) -> None:
    """File properties Word shows (Tệp → Thông tin): title, subject, author — not "python-docx"."""
    props = document.core_properties
    props.title = " ".join(filter(None, [context.get("ten_loai"), record.meta.trich_yeu]))[:250]
    props.subject = context.get("so_ky_hieu", "")
    props.author = body.ten_goi or body.ten
    if record.meta.ngay:     # deterministic: the same record gives the same bytes
        stamp = dt.datetime.combine(record.meta.ngay, dt.time(8, 0))
        props.created = props.modified = stamp
    props.comments = f"vanban: {record.key}"
    props.category = context.get("the_thuc", "")    # the profile version used ("HD05-2026"): vanban check reads it


def _rule_paragraphs(document) -> list[Paragraph]:
    """The paragraphs in the rule style, body and table cells, in one XPath query (asking each
    paragraph for `.style` searches the styles part every time: most of a long Quy chế's render)."""
    try:
        style_id = document.styles[RULE_STYLE].style_id
    except KeyError:
        return []
    found = document.element.body.xpath(f".//w:p[w:pPr/w:pStyle/@w:val='{style_id}']")
    return [Paragraph(p, document._body) for p in found]


def write_docx(data: bytes, target: Path) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
