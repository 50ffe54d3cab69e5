"""The register (sổ đăng ký văn bản đi): records/so-dang-ky.csv, append-only, one row per event.

UTF-8 with a byte-order mark and CRLF line ends, so Excel opens it with Vietnamese intact. Issuing,
reserving (giữ số) and voiding (hủy số) a number are all rows; nothing is ever deleted, so every
number of a series is accounted for. Every row sits on one physical line (line breaks inside a
field are replaced), which lets a torn last row be recognised and cut (generator/records/ledger.py), and
carries a chain check ("Mã kiểm tra") that `vanban verify` recomputes.

Number series (generator/format/data/profiles/*.yaml, keys dang_so / dang_so_mat):
- Party, `theo-nhiem-ky`: per issuing body, per document type, per cấp ủy term (term starts in the
  office config, co_quan.<key>.nhiem_ky); confidential documents share the series (`chung`).
- State, `theo-nam`: per issuing body, per document type, per calendar year; confidential
  documents have their own series (`rieng`, NĐ 30 Điều 15).
An office that numbers all types of a body in one series sets co_quan.<key>.dang_so_chung: true.
- A Party congress (co_quan.<key>.loai_co_quan: dai-hoi, code ĐH): one series for every type from the
  preparatory session, per congress (HD 05 Phần II I.3.1.1.a); nhiem_ky lists the congresses' opening dates.
- A joint document continues the lead body's series (co_quan is the lead; I.3.1.1.d).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from generator.atomic import write_bytes
from generator.format import doctypes
from generator.format.config import Body, OfficeConfig, Project
from generator.format.datadir import DATA_DIR
from generator.format.numbering import symbol
from generator.model.errors import VanbanError
from generator.model.model import Meta, Record
from generator.records.ledger import CHAIN_START, append_durable, chain, fsync_dir

REGISTER_NAME = "so-dang-ky.csv"
BOOK_SPEC = DATA_DIR / "so-dang-ky.yaml"
BOM = "\ufeff"

FIELDS = [
    ("stt", "STT"), ("thoi_diem", "Thời điểm ghi"), ("nguoi_ghi", "Người ghi"), ("thao_tac", "Thao tác"),
    ("loat", "Loạt số"), ("so", "Số"), ("so_ky_hieu", "Số, ký hiệu"), ("ngay", "Ngày văn bản"),
    ("trich_yeu", "Tên loại và trích yếu nội dung"), ("nguoi_ky", "Người ký"), ("noi_nhan", "Nơi nhận"),
    ("luu", "Đơn vị, người nhận bản lưu"), ("so_ban", "Số lượng bản"), ("ghi_chu", "Ghi chú"),
    ("ho_so", "Hồ sơ"), ("do_mat", "Độ mật"), ("tep", "Tệp lưu"), ("sha256", "SHA-256"),
    ("kiem_tra", "Mã kiểm tra"),
]
HEADER = [h for _, h in FIELDS]
ISSUE, RESERVE, VOID = "ban-hanh", "giu-so", "huy-so"
ACTION_TEXT = {ISSUE: "ban hành", RESERVE: "giữ số", VOID: "hủy số"}
_ACTION_KEY = {v: k for k, v in ACTION_TEXT.items()}
LIST_SEP = " | "


# --------------------------------------------------------------------------- rows

@dataclass
class Row:
    thao_tac: str                       # ISSUE | RESERVE | VOID
    loat: str                           # series key (Series.key)
    so: int | None
    so_ky_hieu: str = ""
    ngay: str = ""                      # dd/mm/yyyy
    trich_yeu: str = ""
    nguoi_ky: str = ""
    noi_nhan: str = ""
    luu: str = ""
    so_ban: str = ""
    ghi_chu: str = ""
    ho_so: str = ""
    do_mat: str = ""
    tep: list[str] = field(default_factory=list)       # paths relative to the project root, "/" separated
    sha256: list[str] = field(default_factory=list)
    stt: int = 0
    thoi_diem: str = ""
    nguoi_ghi: str = ""
    kiem_tra: str = ""
    line: int = 0

    def values(self) -> dict[str, str]:
        out = {}
        for key, _ in FIELDS:
            value = getattr(self, key)
            if key == "thao_tac":
                value = ACTION_TEXT[value]
            elif key in ("tep", "sha256"):
                value = LIST_SEP.join(value)
            elif key == "so":
                value = "" if value is None else str(value)
            elif key == "stt":
                value = str(value)
            out[key] = re.sub(r"[\r\n]+", " ", str(value or ""))
        return out

    def payload(self) -> str:
        values = self.values()
        return "\x1f".join(values[k] for k, _ in FIELDS if k != "kiem_tra")

    def files(self) -> list[tuple[str, str]]:
        return list(zip(self.tep, self.sha256))


def register_path(project: Project) -> Path:
    return project.records_dir / REGISTER_NAME


def read_register(project: Project) -> tuple[list[Row], list[str]]:
    """All rows, oldest first, and the problems found (header, unreadable rows, broken chain)."""
    path = register_path(project)
    if not path.exists():
        return [], []
    problems: list[str] = []
    text = path.read_bytes().decode("utf-8", errors="replace")
    if not text.startswith(BOM):
        problems.append(f"{path}:1: sổ đăng ký mất dấu BOM UTF-8 (đã được lưu lại bằng chương trình khác?)")
    lines = text.lstrip(BOM).split("\r\n") if "\r\n" in text else text.lstrip(BOM).split("\n")
    reader = list(csv.reader(lines))
    if not reader or reader[0] != HEADER:
        problems.append(f"{path}:1: dòng tiêu đề của sổ đăng ký không đúng (đã bị sửa?)")
    rows: list[Row] = []
    previous = CHAIN_START
    for number, cells in enumerate(reader[1:], start=2):
        if not cells:
            continue
        if len(cells) != len(FIELDS):
            problems.append(f"{path}:{number}: dòng sổ đăng ký có {len(cells)} cột thay vì {len(FIELDS)}")
            continue
        raw = dict(zip((k for k, _ in FIELDS), cells))
        try:
            row = Row(
                thao_tac=_ACTION_KEY[raw["thao_tac"]], loat=raw["loat"], so=int(raw["so"]) if raw["so"] else None,
                so_ky_hieu=raw["so_ky_hieu"], ngay=raw["ngay"], trich_yeu=raw["trich_yeu"],
                nguoi_ky=raw["nguoi_ky"], noi_nhan=raw["noi_nhan"], luu=raw["luu"], so_ban=raw["so_ban"],
                ghi_chu=raw["ghi_chu"], ho_so=raw["ho_so"], do_mat=raw["do_mat"],
                tep=[p for p in raw["tep"].split(LIST_SEP) if p], sha256=[h for h in raw["sha256"].split(LIST_SEP) if h],
                stt=int(raw["stt"]), thoi_diem=raw["thoi_diem"], nguoi_ghi=raw["nguoi_ghi"],
                kiem_tra=raw["kiem_tra"], line=number)
        except (KeyError, ValueError):
            problems.append(f"{path}:{number}: dòng sổ đăng ký không đọc được (thao tác hoặc số sai)")
            continue
        if chain(previous, row.payload()) != row.kiem_tra:
            problems.append(f"{path}:{number}: dòng sổ đăng ký số thứ tự {row.stt} đã bị sửa, hoặc một dòng "
                            "trước nó bị xóa (mã kiểm tra không khớp)")
        if row.stt != len(rows) + 1:
            problems.append(f"{path}:{number}: số thứ tự {row.stt} không liền mạch (dòng trước bị xóa?)")
        previous = row.kiem_tra
        rows.append(row)
    return rows, problems


def _encode(values: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue().encode("utf-8")


def append_row(project: Project, row: Row, user: str, time: str, crash_point: str | None = None) -> Row:
    """Append one row (the caller holds the office lock): numbered, chained, fsynced."""
    path = register_path(project)
    if not path.exists():
        write_bytes(path, BOM.encode("utf-8") + _encode(HEADER))
        fsync_dir(path.parent)
    rows, _ = read_register(project)
    row.stt = (rows[-1].stt if rows else 0) + 1
    row.thoi_diem, row.nguoi_ghi = time, user
    row.kiem_tra = chain(rows[-1].kiem_tra if rows else CHAIN_START, row.payload())
    values = row.values()
    append_durable(path, _encode([values[k] for k, _ in FIELDS]), crash_point)
    return row


# --------------------------------------------------------------------------- number series

@dataclass(frozen=True)
class Series:
    co_quan: str
    loai: str          # document type key, or "*" when the body numbers all types in one series
    ky: str            # "nk-2025-10-12" (Party term starting that day) or "2026" (calendar year)
    mat: bool = False  # a separate series for confidential documents

    @property
    def key(self) -> str:
        return f"{self.co_quan}/{self.loai}/{self.ky}" + ("/mat" if self.mat else "")

    @classmethod
    def parse(cls, key: str) -> "Series":
        parts = key.split("/")
        return cls(parts[0], parts[1], parts[2], len(parts) > 3 and parts[3] == "mat")

    def label(self, config: OfficeConfig) -> str:
        body = config.body(self.co_quan)
        who = (body.ten_goi or body.ten) if body else self.co_quan
        doc_type = doctypes.get(self.loai)
        what = "mọi loại văn bản" if self.loai == "*" else \
            ((doc_type.ten_loai or "Công văn").capitalize() if doc_type else self.loai)
        if self.ky.startswith("nk-"):
            when = f"nhiệm kỳ từ {dt.date.fromisoformat(self.ky[3:]):%d/%m/%Y}"
        elif self.ky.startswith("dh-"):
            when = f"đại hội khai mạc ngày {dt.date.fromisoformat(self.ky[3:]):%d/%m/%Y}"
        else:
            when = f"năm {self.ky}"
        return f"{what} — {who} — {when}" + (" — văn bản mật" if self.mat else "")


def series_for(config: OfficeConfig, co_quan: str, loai: str, date: dt.date, do_mat: str | None) -> Series:
    body = config.body(co_quan)
    if body is None:
        raise VanbanError(f"cơ quan ban hành \"{co_quan}\" không có trong cấu hình văn phòng", config.path)
    profile = body.profile
    spec = (config.raw.get("co_quan") or {}).get(co_quan) or {}
    type_key = "*" if spec.get("dang_so_chung") else loai
    mat = bool(do_mat) and profile.get("dang_so_mat") == "rieng"
    if body.loai_co_quan == "dai-hoi" and profile.is_party:
        # HD 05 Phần II I.3.1.1.a: a congress numbers the documents of the congress, its presidium, secretariat,
        # credentials and ballot committees in ONE series for all types, from the preparatory session to the
        # close; nhiem_ky holds each congress's opening (preparatory session) date
        start = body.term_start(date)
        if start is None:
            raise VanbanError(f"cơ quan \"{co_quan}\" là đại hội nhưng chưa khai ngày khai mạc (phiên trù bị) chứa ngày "
                              f"{date:%d/%m/%Y}: thêm vào co_quan.{co_quan}.nhiem_ky", config.path,
                              config.lines.get(f"co_quan.{co_quan}.nhiem_ky") or config.lines.get(f"co_quan.{co_quan}"))
        return Series(co_quan, "*", f"dh-{start.isoformat()}")
    if profile.get("dang_so") == "theo-nhiem-ky":
        start = body.term_start(date)
        if start is None:
            raise VanbanError(f"cơ quan \"{co_quan}\" chưa khai nhiệm kỳ cấp ủy chứa ngày {date:%d/%m/%Y}: thêm ngày "
                              f"bắt đầu nhiệm kỳ vào co_quan.{co_quan}.nhiem_ky (văn bản Đảng đánh số từ 01 "
                              "theo từng loại trong mỗi nhiệm kỳ)", config.path,
                              config.lines.get(f"co_quan.{co_quan}.nhiem_ky") or config.lines.get(f"co_quan.{co_quan}"))
        return Series(co_quan, type_key, f"nk-{start.isoformat()}", mat)
    return Series(co_quan, type_key, str(date.year), mat)


def symbol_for(config: OfficeConfig, co_quan: str, loai: str, so: int, lien_ma: tuple[str, ...] = ()) -> str:
    """Số ký hiệu of number `so` of a type and body ("05-QĐ/TU", "05/QĐ-UBND") without a record; a joint
    document adds the other bodies' codes ("05-QC/BTCTU-BNCTU")."""
    body = config.body(co_quan)
    record = Record(key="", path=Path(), meta=Meta(loai=loai, co_quan=co_quan, lien_ma=list(lien_ma)), body=[])
    return symbol(record, body, body.profile, so)


def numbers_used(rows: list[Row], series: Series) -> dict[int, Row]:
    """Number → the latest row about it in the series."""
    used: dict[int, Row] = {}
    for row in rows:
        if row.loat == series.key and row.so is not None:
            used[row.so] = row
    return used


def next_number(rows: list[Row], series: Series, baseline: int = 0) -> int:
    """The next number: after every number issued, reserved or voided in the series, and after the
    numbers of documents issued before vanban was used (imported records, `baseline`)."""
    used = numbers_used(rows, series)
    return max([baseline, *used]) + 1


def free_reservations(rows: list[Row], series: Series) -> dict[int, Row]:
    return {n: r for n, r in numbers_used(rows, series).items() if r.thao_tac == RESERVE}


def issued_row(rows: list[Row], key: str) -> Row | None:
    """The register row of record `key`, if it was issued with a number."""
    found = [r for r in rows if r.thao_tac == ISSUE and r.ho_so == key]
    return found[-1] if found else None


def voided(rows: list[Row], series_key: str, so: int) -> Row | None:
    found = [r for r in rows if r.loat == series_key and r.so == so]
    return found[-1] if found and found[-1].thao_tac == VOID else None


# --------------------------------------------------------------------------- row contents

def title_and_subject(record: Record) -> str:
    doc_type = doctypes.get(record.meta.loai)
    name = (record.meta.ten_loai or (doc_type.ten_loai if doc_type else None) or "Công văn").capitalize()
    subject = record.meta.trich_yeu.strip()
    if subject[:2] and subject[1:2].islower():
        subject = subject[0].lower() + subject[1:]
    return f"{name} {subject}".strip()


def _archive(record: Record, body: Body) -> tuple[list[str], str]:
    items = [re.sub(r"^[-–]\s*", "", i).strip() for i in record.meta.noi_nhan]
    archive = [i for i in items if i.startswith("Lưu")]
    others = [re.sub(r"[,;.]+$", "", i) for i in items if not i.startswith("Lưu")]
    luu = re.sub(r"^Lưu\s*:?\s*", "", archive[-1]).rstrip(".,; ") if archive else body.luu
    return others, luu


def recipients_text(record: Record) -> str:
    others, _ = _archive(record, Body("", "", "", "dang", ""))
    out = []
    for item in others:
        if re.match(r"(?i)^như trên", item) and record.meta.kinh_gui:
            out.append(f"{item} ({', '.join(re.sub(r'[,;.]+$', '', k) for k in record.meta.kinh_gui)})")
        else:
            out.append(item)
    return "; ".join(out)


def copies(record: Record, body: Body) -> int:
    """Estimated number of copies: one per recipient (each addressee of "Như trên"), one per archive unit."""
    others, luu = _archive(record, body)
    count = 0
    for item in others:
        if re.match(r"(?i)^như trên", item):
            count += max(1, len(record.meta.kinh_gui))
        else:
            count += 1
    count += len([u for u in re.split(r"[,;]", luu or "") if u.strip()]) or 1
    return count


def row_for_record(record: Record, config: OfficeConfig, series: Series, so: int | None, so_ky_hieu: str,
                   date: dt.date, files: list[tuple[str, str]], n_copies: int | None, note: str) -> Row:
    body = config.body(record.meta.co_quan)
    _, luu = _archive(record, body)
    signer = record.meta.nguoi_ky
    return Row(thao_tac=ISSUE, loat=series.key, so=so, so_ky_hieu=so_ky_hieu, ngay=f"{date:%d/%m/%Y}",
               trich_yeu=title_and_subject(record), nguoi_ky=signer.ho_ten if signer else "",
               noi_nhan=recipients_text(record), luu=luu or "", so_ban=str(n_copies or copies(record, body)),
               ghi_chu=note, ho_so=record.key, do_mat=record.meta.do_mat or "",
               tep=[p for p, _ in files], sha256=[h for _, h in files])


# --------------------------------------------------------------------------- the printable book

@lru_cache(maxsize=1)
def book_spec() -> dict:
    with BOOK_SPEC.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def book_rows(rows: list[Row], notes: dict[int, str] | None = None) -> dict[str, list[dict[str, str]]]:
    """Series key → the book's lines for it, by number: the latest row about each number."""
    notes = notes or {}
    out: dict[str, dict[int | str, dict[str, str]]] = {}
    for row in rows:
        values = row.values()
        extra = []
        if row.thao_tac == RESERVE:
            extra.append("Giữ số" + (f" cho hồ sơ {row.ho_so}" if row.ho_so else ""))
        elif row.thao_tac == VOID:
            extra.append("Hủy số")
        if row.ghi_chu:
            extra.append(row.ghi_chu)
        if notes.get(row.stt):
            extra.append(notes[row.stt])
        values["ghi_chu"] = "; ".join(extra)
        slot = row.so if row.so is not None else f"stt-{row.stt}"
        out.setdefault(row.loat, {})[slot] = values
    return {k: [v[n] for n in sorted(v, key=lambda s: (isinstance(s, str), s if isinstance(s, int) else 0))]
            for k, v in out.items()}


def export_docx(rows: list[Row], config: OfficeConfig, target: Path, font: str,
                notes: dict[int, str] | None = None) -> int:
    """Write the printable book (landscape A4, one table per series). Returns the number of lines."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    spec = book_spec()
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    page = spec["trang"]
    section.page_width, section.page_height = Mm(page["rong_mm"]), Mm(page["cao_mm"])
    section.top_margin, section.bottom_margin = Mm(page["le_tren_mm"]), Mm(page["le_duoi_mm"])
    section.left_margin, section.right_margin = Mm(page["le_trai_mm"]), Mm(page["le_phai_mm"])
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(spec["co_chu_bang"])
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    normal.paragraph_format.space_after = Pt(0)

    def heading(text: str, size: float, bold: bool = True) -> None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)

    heading(spec["tieu_de"], spec["co_chu_tieu_de"] + 2)
    columns = spec["cot"]
    lines = 0
    grouped = book_rows(rows, notes)
    if not grouped:
        heading("(sổ chưa có văn bản nào)", spec["co_chu_bang"], bold=False)
    for series_key in sorted(grouped):
        heading(Series.parse(series_key).label(config), spec["co_chu_tieu_de"])
        table = doc.add_table(rows=2, cols=len(columns))
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, col in enumerate(columns):
            for r, text in ((0, col["ten"]), (1, f"({i + 1})")):
                cell = table.rows[r].cells[i]
                cell.width = Mm(col["rong_mm"])
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run(text).bold = r == 0
        for r in (0, 1):   # the heading rows repeat on every page
            table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for values in grouped[series_key]:
            cells = table.add_row().cells
            for i, col in enumerate(columns):
                cells[i].width = Mm(col["rong_mm"])
                cells[i].paragraphs[0].add_run(values.get(col["truong"], ""))
                if col["truong"] in ("so_ky_hieu", "ngay", "so_ban"):
                    cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            lines += 1
        doc.add_paragraph()
    buffer = io.BytesIO()
    doc.save(buffer)
    write_bytes(target, buffer.getvalue())
    return lines
