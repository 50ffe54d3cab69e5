"""`vanban sao HỒ_SƠ --hinh-thuc sao-y|sao-luc|trich-sao`: a copy of a document, with its copy block,
numbered in the copies' own series and registered like an outgoing document.

- Party, HD 05 (Phần II III.2, Phụ lục 3): under a full-width rule, on the left the stamp "BẢN SAO VĂN BẢN"
  (80 × 50 mm, red, heading 13 pt bold caps) with the copying body, the copy's số ký hiệu ("Số 01-BS/TU": one
  series for every copy form per cấp ủy term), the copy form, place and date, recipients; on the right the
  copier's quyền hạn, chức vụ, signature, name.
- Party, HD 36 (II.3.3): typed: copying body, "SAO Y BẢN CHÍNH" (SAO LỤC, TRÍCH SAO), number, recipients.
- State, ND 30 (Điều 25–27, Phụ lục I Phần II, Mẫu 3.1): typed under a full-width rule: the copy form
  "SAO Y" / "SAO LỤC" / "TRÍCH SAO", the copying body, "Số: 01/SY-UBND" (a series per calendar year for all
  copy forms), place and date, Nơi nhận | signature.
A "trích sao" here copies the whole built document: cut the parts not copied in Word before printing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

from generator.commands.snapshot import date_arg, user_arg
from generator.format.config import Project
from generator.model.errors import EXIT_OK, VanbanError

FORMS = {"sao-y": "sao y", "sao-luc": "sao lục", "trich-sao": "trích sao"}
STATE_CODES = {"sao-y": "SY", "sao-luc": "SL", "trich-sao": "TrS"}          # ND 30 Phụ lục III I
HD36_TITLES = {"sao-y": "SAO Y BẢN CHÍNH", "sao-luc": "SAO LỤC", "trich-sao": "TRÍCH SAO"}
SERIES_TYPE = "ban-sao"


def register(sub) -> None:
    p = sub.add_parser("sao", help="sao văn bản (sao y, sao lục, trích sao): đánh số bản sao, ghi sổ",
                       description="Tạo bản sao của một văn bản đã tạo (out/HỒ_SƠ.docx) với khối thể thức bản sao "
                                   "(HD 05: dấu BẢN SAO VĂN BẢN; NĐ 30: SAO Y/SAO LỤC/TRÍCH SAO), cấp số trong loạt "
                                   "số bản sao và ghi vào sổ đăng ký văn bản đi.")
    p.add_argument("ho_so", metavar="HỒ_SƠ", help="hồ sơ văn bản được sao (mã hoặc thư mục)")
    p.add_argument("--hinh-thuc", choices=list(FORMS), default="sao-y", help="hình thức sao")
    p.add_argument("--co-quan", help="cơ quan sao (mặc định: cơ quan ban hành văn bản)")
    p.add_argument("--nguoi-ky", help="người ký bản sao: mã trong van-phong.yaml (mặc định: của cơ quan sao)")
    p.add_argument("--noi-nhan", action="append", default=[], help="nơi nhận bản sao (lặp lại được)")
    p.add_argument("--ngay", type=date_arg, help="ngày sao (mặc định: hôm nay)")
    user_arg(p)
    p.set_defaults(func=run)


def copy_symbol(profile, body, form: str, so: int) -> str:
    if profile.is_party:
        code = (profile.get("ban_sao") or {}).get("ma_loai", "BS")
        return f"{so:02d}-{code}/{body.ma}"
    return f"{so:02d}/{STATE_CODES[form]}-{body.ma}"


def run(args) -> int:
    from generator.format.context import RecordIndex, authority_lines
    from generator.format.loading import load_records
    from generator.records import audit
    from generator.records.issuing import office_session
    from generator.records.register import (ISSUE, Row, Series, append_row, next_number, read_register)
    from generator.records.ledger import current_user, now
    from generator.records.versions import key_of
    from generator.render.docx_render import render, write_docx

    project = Project(args.thu_muc)
    config = project.config()
    key = key_of(args.ho_so)
    records, _errors, _failed = load_records(project, config)
    if key not in records:
        raise VanbanError(f"không tìm thấy hồ sơ \"{args.ho_so}\"")
    record = records[key]
    index = RecordIndex(records, config)
    body_key = args.co_quan or record.meta.co_quan
    body = config.body(body_key)
    if body is None:
        raise VanbanError(f"cơ quan \"{body_key}\" không có trong {config.path.name}")
    date = args.ngay or dt.date.today()
    profile = body.profile_on(date)
    signer_key = args.nguoi_ky or body.nguoi_ky
    signer = config.signers.get(signer_key) if signer_key else None
    if signer is None:
        raise VanbanError("bản sao cần người ký: --nguoi-ky (mã trong mục nguoi_ky của van-phong.yaml)")
    original = project.output_for(key)
    data = original.read_bytes() if original.exists() else render(record, index, project.templates_dir)[0]
    user = current_user(getattr(args, "nguoi", None))
    with office_session(project):
        rows, _ = read_register(project)
        term = body.term_start(date) if profile.is_party else None
        if profile.is_party and term is None:
            raise VanbanError(f"cơ quan \"{body_key}\" chưa khai nhiệm kỳ chứa ngày {date:%d/%m/%Y} (co_quan."
                              f"{body_key}.nhiem_ky): bản sao đánh số theo nhiệm kỳ")
        series = Series(body_key, SERIES_TYPE, f"nk-{term.isoformat()}" if term else str(date.year))
        so = next_number(rows, series, 0)
        symbol = copy_symbol(profile, body, args.hinh_thuc, so)
        copy_bytes = stamp(data, profile, body, signer, args.hinh_thuc, symbol, date, args.noi_nhan,
                           authority_lines(signer, profile))
        target = project.out_dir / "ban-sao" / f"{key}-{symbol.replace('/', '-')}.docx"
        write_docx(copy_bytes, target)
        rel = target.relative_to(project.root).as_posix()
        row = Row(thao_tac=ISSUE, loat=series.key, so=so, so_ky_hieu=symbol, ngay=f"{date:%d/%m/%Y}",
                  trich_yeu=f"Bản {FORMS[args.hinh_thuc]} văn bản hồ sơ {key}", nguoi_ky=signer.ho_ten,
                  noi_nhan="; ".join(args.noi_nhan), ho_so=key, ghi_chu=f"bản sao ({FORMS[args.hinh_thuc]})",
                  tep=[rel], sha256=[hashlib.sha256(copy_bytes).hexdigest()])
        row = append_row(project, row, user, now())
        audit.append(project, [audit.make_event("ban-hanh", key, user, so_ky_hieu=symbol, loat=series.key,
                                                ban_sao=FORMS[args.hinh_thuc])])
    print(f"Đã tạo bản {FORMS[args.hinh_thuc]} số {symbol}: {target} (ghi sổ đăng ký dòng {row.stt})")
    return EXIT_OK


def stamp(data: bytes, profile, body, signer, form: str, symbol: str, date: dt.date, recipients: list[str],
          authority: list[str]) -> bytes:
    """The original's bytes with the copy block appended at the end (after a full-width rule)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    from generator.model.vietnamese import format_date_line
    from generator.render.template_builder import set_bottom_border

    doc = Document(io.BytesIO(data))
    rule = doc.add_paragraph()
    set_bottom_border(rule._p.get_or_add_pPr(), 8)
    place_date = format_date_line(profile["ngay_thang"], body.dia_danh, date)
    lines = [f"- {r.rstrip(';,.')};" for r in recipients] + [f"- Lưu {body.luu}." if profile.is_party else
                                                            f"- Lưu: {body.luu}."]
    red = RGBColor(0xC0, 0x00, 0x00)

    def para(cell, text, size=14, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, color=None,
             first=False, underline=False):
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        p.alignment = align
        run = p.add_run(text)
        run.font.size, run.font.bold, run.font.italic, run.font.underline = Pt(size), bold, italic, underline
        run.font.name = profile.font
        if color is not None:
            run.font.color.rgb = color
        return p

    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.width, right.width = Mm(85), Mm(80)
    if profile.is_party and profile.get("ban_sao"):          # HD 05 Phụ lục 3: the red stamp
        box = left.add_table(rows=1, cols=1)
        cell = box.cell(0, 0)
        cell.width = Mm(80)
        borders = OxmlElement("w:tcBorders")
        for edge in ("top", "left", "bottom", "right"):
            el = OxmlElement(f"w:{edge}")
            for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:color", "C00000")):
                el.set(qn(k), v)
            borders.append(el)
        cell._tc.get_or_add_tcPr().append(borders)
        tr_pr = box.rows[0]._tr.get_or_add_trPr()
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(int(50 / 25.4 * 1440)))
        height.set(qn("w:hRule"), "exact")
        tr_pr.append(height)
        para(cell, profile["ban_sao"]["dau"]["tieu_de"], 13, bold=True, color=red, first=True)
        for label, value in (("Cơ quan, tổ chức sao", body.ten_goi or body.ten), ("Số, ký hiệu bản sao", symbol),
                             ("Hình thức sao", FORMS[form].capitalize()),
                             ("Địa danh và ngày tháng năm sao", place_date),
                             ("Nơi nhận bản sao", "; ".join(r.rstrip(";,.") for r in recipients) or "…")):
            para(cell, f"{label}: {value}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, color=red)
        left.paragraphs[0].text = ""
    else:                                                     # HD 36 II.3.3 / ND 30 Mẫu 3.1: typed
        para(left, body.ten.upper(), 13, bold=True, first=True)
        para(left, f"Số {symbol}" if profile.is_party else f"Số: {symbol}", 13)
        para(left, profile["noi_nhan"]["tieu_de"], 12 if not profile.is_party else 14, bold=not profile.is_party,
             italic=not profile.is_party, align=WD_ALIGN_PARAGRAPH.LEFT, underline=profile.is_party)
        for line in lines:
            para(left, line, 11 if not profile.is_party else 12, align=WD_ALIGN_PARAGRAPH.LEFT)
    title = HD36_TITLES[form] if profile.is_party else FORMS[form].upper()
    if not (profile.is_party and profile.get("ban_sao")):
        para(right, title, 14 if profile.is_party else 13, bold=True, first=True)
        para(right, place_date, 14 if profile.is_party else 13, italic=True)
    else:
        right.paragraphs[0].text = ""
    for line in authority:
        para(right, line, 14, bold=True)
    para(right, signer.chuc_vu.upper(), 14, bold=not profile.is_party)
    for _ in range(3):
        para(right, "", 14)
    para(right, signer.ho_ten, 14, bold=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
