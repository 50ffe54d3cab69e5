"""`vanban check` for Word files: recognise the elements of the thể thức in ANY .docx, then hold them
against the profile data (the same `kieu`, `trang`, `so_ky_hieu`, `ky`, `noi_nhan` … the renderer uses,
plus the checker-only `kiem_tra` block of each profile).

Recognition works on content and position, never on our style names, so a document typed in Word
is read as well as one we made:
- a paragraph is cut into lines at line breaks (Shift+Enter) and each line into pieces at tabs (a
  header typed with tabs); each piece keeps its runs, so formatting is judged per element;
- the side of a piece (left / right column) comes from its table cell's place in the table grid
  (merged cells included), or from the tab that precedes it, or from its alignment;
- zones follow the order the formats prescribe: header, title block, lead-in (Kính gửi, chủ thể,
  căn cứ), body (the record grammar of body_parser, whose numbering checks are reused), closing
  (Nơi nhận and signature).

Each Finding names the element, what is wrong, what the rule wants and where (paragraph number and
its first words), in Vietnamese. Identical findings are merged into one, with a count.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

from generator.check.rules import CANH_BAO, LOI, classify as classify_rule
from generator.check.docx_inspect import DocView, DocxReadError, ParagraphView, RunView, open_docx
from generator.model.body_parser import classify, parse_body
# the words that open the lines of the thể thức, as the importer reads them: one vocabulary for both
from generator.format.profiles import ElementStyle, Profile, load_profile, select_profile, versions
from generator.format.record_parser import DO_KHAN, DO_MAT
from generator.importer.importer import (_CAN_CU, _KEM_THEO, _KINH_GUI, _NOI_NHAN, _XET, is_caps, match_type,
                                         sign_prefixes)
from generator.importer.importer import _CONG_VAN as _LETTER_SUBJECT
from generator.model.model import CHUONG, DIEM, DIEU, DOAN, GACH, KHOAN, MUC, PHAN, walk
from generator.model.text import collapse_ws, fold
from generator.model.vietnamese import day_str, from_roman, month_str

PROFILE_KEYS = ("dang", "nha-nuoc")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Words a user reads: the name of each element of the thể thức.
ELEMENT_NAMES = {
    "trang": "Khổ giấy, lề trang", "phong_chu": "Phông chữ", "so_trang": "Số trang",
    "tieu_de": "Tiêu đề “ĐẢNG CỘNG SẢN VIỆT NAM”", "quoc_hieu": "Quốc hiệu", "tieu_ngu": "Tiêu ngữ",
    "co_quan_cap_tren": "Tên cơ quan cấp trên", "co_quan": "Tên cơ quan ban hành",
    "duoi_co_quan": "Dưới tên cơ quan ban hành", "so_ky_hieu": "Số, ký hiệu",
    "ngay_thang": "Địa danh, ngày tháng năm", "do_mat": "Độ mật", "do_khan": "Độ khẩn",
    "du_thao": "Dấu dự thảo", "ten_loai": "Tên loại văn bản", "trich_yeu": "Trích yếu nội dung",
    "duoi_trich_yeu": "Dưới trích yếu", "trich_yeu_cong_van": "Trích yếu công văn", "kem_theo": "Dòng kèm theo",
    "tac_gia": "Dòng tác giả", "kinh_gui": "Kính gửi", "can_cu": "Căn cứ", "chu_the": "Chủ thể ban hành",
    "phan": "Phần", "chuong": "Chương", "muc": "Mục", "tieu_de_chuong": "Tên phần, chương, mục",
    "dieu": "Điều", "khoan": "Khoản", "khoan_tieu_de": "Khoản có tiêu đề", "diem": "Điểm",
    "gach": "Gạch đầu dòng", "doan": "Đoạn văn", "bo_cuc": "Bố cục (Phần, Chương, Điều, khoản, điểm)",
    "quyen_han": "Quyền hạn người ký", "chuc_vu": "Chức vụ người ký", "ho_ten": "Họ tên người ký",
    "noi_nhan_tieu_de": "Chữ “Nơi nhận:”", "noi_nhan": "Danh sách nơi nhận", "van_ban": "Văn bản",
    "phu_luc": "Chữ “Phụ lục” và số", "ten_phu_luc": "Tên phụ lục",
}
ALIGN_WORDS = {"left": "căn trái", "center": "căn giữa", "right": "căn phải", "justify": "căn đều hai bên"}
BODY_LEVELS = ("dieu", "khoan", "khoan_tieu_de", "diem", "gach", "doan")    # inline emphasis is the author's
HEADING_LEVELS = {PHAN: "phan", CHUONG: "chuong", MUC: "muc"}
WORD_DEFAULT_FONT = "Times New Roman"      # what Word shows when no rFonts is given anywhere

_SO_RE = re.compile(r"^Số\b\s*(?P<colon>:)?\s*(?P<rest>.*)$")
_SO_LOOSE = re.compile(r"^(?P<so>\d*)\s*(?P<s1>[-/])\s*(?P<a>[^\s/\-]+)\s*(?P<s2>[-/])\s*(?P<b>\S+)$")
_DATE_RE = re.compile(r"^(?P<place>[^,]*?)\s*(?P<comma>,?)\s*ngày\s*(?P<d>[\d.…]*)\s*tháng\s*(?P<m>[\d.…]*)\s*"
                      r"năm\s*(?P<y>\d{4}|[.…]*)\s*$")
_DASHES = re.compile(r"^-{3,}$")
# a rule typed as characters: underscores (often smaller or raised), box-drawing or long dashes
_TYPED_RULE = re.compile(r"^(?:[_‗¯─━＿]{3,}|[—–]{3,})$")
_ITEM = re.compile(r"^[-–—+•]\s*")
_DRAFT = re.compile(r"^dự thảo\b", re.IGNORECASE)
_ROMAN_PART = re.compile(r"^([IVXLC]+)\s*[.\-–]\s+(\S.*)$")
# Every signing prefix either profile knows, plus forms seen in documents ("T/UQ").
_EXTRA_PREFIXES = ("T/UQ",)


# ---- findings ------------------------------------------------------------------------------------

@dataclass
class Finding:
    code: str                     # machine id: "so_ky_hieu.mau", "tieu_de.co_chu", "bo_cuc.thu_tu" …
    element: str                  # element key; `element_name` is what the user reads
    problem: str                  # what is wrong (Vietnamese)
    rule: str                     # what the rule wants (Vietnamese)
    paragraph: int | None = None  # 1-based paragraph number in reading order (table cells included)
    excerpt: str = ""             # the first words of that paragraph
    count: int = 1                # how many places have the same finding
    paragraphs: list[int] = field(default_factory=list)
    part: str = "body"            # body | header | footer
    severity: str = LOI           # lỗi | cảnh báo (generator/check/rules.py)
    rule_source: str = ""         # the guideline and section the rule rests on

    @property
    def element_name(self) -> str:
        return ELEMENT_NAMES.get(self.element, self.element)

    def where(self) -> str:
        if self.paragraph is None:
            return "toàn văn bản" if self.part == "body" else ("đầu trang" if self.part == "header" else "chân trang")
        place = {"header": "đầu trang, ", "footer": "chân trang, "}.get(self.part, "")
        out = f"{place}đoạn {self.paragraph}"
        if self.excerpt:
            out += f" «{self.excerpt}»"
        if self.count > 1:
            out += f" và {self.count - 1} chỗ khác"
        return out

    def __str__(self) -> str:
        source = f" ({self.rule_source})" if self.rule_source else ""
        return f"[{self.severity}] {self.where()}: {self.element_name}: {self.problem}; thể thức: {self.rule}{source}"

    def as_json(self) -> dict:
        data = asdict(self)
        data["element_name"] = self.element_name
        data["where"] = self.where()
        return data


@dataclass
class DocReport:
    path: Path
    profile: str | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None       # unreadable input (exit 2)
    note: str | None = None        # what kind of document was checked, and how (Vietnamese)
    profile_name: str | None = None    # the `ten` of the profile version used ("… Hướng dẫn 05-HD/VPTW, 2026")

    @property
    def ok(self) -> bool:
        return not self.findings and not self.error

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == LOI]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != LOI]

    def as_json(self) -> dict:
        return {"tep": str(self.path), "the_thuc": self.profile, "ten_the_thuc": self.profile_name,
                "loi_doc": self.error, "ghi_chu": self.note,
                "so_phat_hien": len(self.findings), "so_loi": len(self.errors), "so_canh_bao": len(self.warnings),
                "phat_hien": [f.as_json() for f in self.findings]}


def _ws(text: str) -> str:
    """Spaces collapsed (str.split is several times faster than a regex on long paragraphs), and
    composed (NFC): "Unicode tổ hợp" typing writes a letter and its marks as separate characters."""
    out = " ".join(text.split())
    return out if out.isascii() else unicodedata.normalize("NFC", out)


def excerpt(text: str, words: int = 6) -> str:
    parts = collapse_ws(text).split(" ")
    out = " ".join(parts[:words])
    return out + ("…" if len(parts) > words else "")


# ---- pieces: the units elements are recognised from -------------------------------------------------

@dataclass
class Piece:
    """A part of a paragraph standing on its own: one line (split at line breaks), one column (at tabs)."""
    para: ParagraphView
    text: str                                  # stripped, spaces collapsed
    runs: list[tuple[str, RunView]]            # (text slice, run) with visible characters
    line: int = 0                              # line within the paragraph
    after_tab: bool = False
    tabbed: bool = False                       # the line has more than one piece
    column: int = 0                            # place of the piece in its line
    is_rule: bool = False                      # an empty paragraph drawn as a line (border or shape)
    element: str | None = None
    index: int = 0                             # position in the document's piece list
    joined: bool = False                       # goes on the line before it (a wrapped recipient, a title on two lines)

    @property
    def side(self) -> str | None:
        """left | right | full | None (unknown: a free-standing paragraph)."""
        cell = self.para.cell
        if cell is not None:
            if cell.x1 - cell.x0 > 0.8:
                return "full"
            return "left" if (cell.x0 + cell.x1) / 2 < 0.5 else "right"
        if self.tabbed:                   # "TỈNH ỦY …<tab>ĐẢNG CỘNG SẢN VIỆT NAM": columns made with tabs
            return "left" if self.column == 0 else "right"
        if self.after_tab:                # one piece after leading tabs: where it lands is not known
            return None
        if self.para.alignment == "right" or self.para.left_indent_mm > 60:
            return "right"
        return None

    @cached_property
    def shown(self) -> str:
        return _ws("".join(r.shown_text if len(t) == len(r.text) else (t.upper() if r.caps else t)
                                   for t, r in self.runs))


def pieces_of(doc_paragraphs: list[ParagraphView]) -> list[Piece]:
    out: list[Piece] = []
    for para in doc_paragraphs:
        made = _split(para)
        if not made and (para.border_bottom or para.border_top or para.lines_mm or para.tab_leader) and \
                not para.text.strip():
            made = [Piece(para, "", [], is_rule=True)]
        for piece in made:
            if _TYPED_RULE.match(piece.text.replace(" ", "")):
                piece.is_rule = True
        for piece in made:
            piece.index = len(out)
            out.append(piece)
    return out


def _split(para: ParagraphView) -> list[Piece]:
    lines: list[list[Piece]] = [[]]
    current: list[tuple[str, RunView]] = []
    after_tab = False
    label = para.list_label

    def close(next_after_tab: bool) -> None:
        nonlocal current, after_tab, label
        text = _ws("".join(t for t, _ in current))
        if label:
            text = _ws(f"{label} {text}")
            label = None
        if text:
            lines[-1].append(Piece(para, text, [(t, r) for t, r in current if t.strip()], len(lines) - 1, after_tab))
        current = []
        after_tab = next_after_tab or (after_tab and not text)

    for run in para.runs:
        if run.hidden:
            continue
        for token in re.split(r"([\t\n\f])", run.text):
            if token == "\t":
                close(True)
            elif token in ("\n", "\f"):
                close(False)
                after_tab = False
                lines.append([])
            elif token:
                current.append((token, run))
    close(False)
    out = []
    for line in lines:
        for column, piece in enumerate(line):
            piece.tabbed, piece.column = len(line) > 1, column
            out.append(piece)
    return out


# ---- the checker ---------------------------------------------------------------------------------

def detect_profile(doc: DocView, pieces: list[Piece] | None = None) -> str | None:
    """"dang" when ĐẢNG CỘNG SẢN VIỆT NAM heads the page, "nha-nuoc" when the quốc hiệu does."""
    marks = {fold(load_profile("dang")["tieu_de"]): "dang", fold(load_profile("nha-nuoc")["quoc_hieu"]): "nha-nuoc"}
    for piece in (pieces if pieces is not None else pieces_of(doc.paragraphs[:40]))[:25]:
        key = marks.get(fold(piece.text))
        if key:
            return key
    return None


def is_comparison(pieces: list[Piece]) -> bool:
    """A bảng so sánh (what `vanban diff` writes, or one typed in Word): its title block, the first
    line outside a table, reads "BẢNG SO SÁNH …", and a table follows it."""
    from generator.render.compare_docx import TITLE      # here: the writer's imports are not needed for other documents
    for piece in pieces[:40]:
        if piece.is_rule or piece.para.cell is not None:
            continue
        return fold(piece.text).startswith(fold(TITLE)) and \
            any(p.para.cell is not None for p in pieces[piece.index + 1:])
    return False


_LEGACY_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _is_legacy_doc(path: Path) -> bool:
    """A Word 97–2003 file (OLE container) that is not an encrypted .docx."""
    try:
        with path.open("rb") as fh:
            if fh.read(8) != _LEGACY_MAGIC:
                return False
        data = path.read_bytes()
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") not in data


def _open(path: Path) -> tuple[DocView, str | None]:
    """The document view; a legacy .doc is converted to a temporary .docx by LibreOffice first
    (generator.render.pdf.Converter.to_docx). Returns (view, a note on the conversion)."""
    if not _is_legacy_doc(path):
        return open_docx(path), None
    import shutil
    import tempfile
    from generator.model.errors import VanbanError
    from generator.render.pdf import Converter, LibreOfficeMissing
    workdir = Path(tempfile.mkdtemp(prefix="vanban-check-doc-"))
    try:
        try:
            with Converter() as converter:
                docx = converter.to_docx(path, workdir)
        except LibreOfficeMissing:
            raise DocxReadError("đây là tệp Word 97–2003 (.doc) và máy không có LibreOffice để chuyển sang .docx; "
                                "hãy mở bằng Word và Lưu thành → Tài liệu Word (.docx)", path) from None
        except VanbanError as exc:
            message = exc.diagnostics[0].message if getattr(exc, "diagnostics", None) else str(exc)
            raise DocxReadError(f"tệp Word 97–2003 (.doc) không chuyển được sang .docx: {message}", path) from None
        return open_docx(docx), "tệp .doc, đã chuyển sang .docx bằng LibreOffice để kiểm tra"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def check_docx(path: Path, profile_key: str = "auto") -> DocReport:
    report = DocReport(path)
    try:
        doc, converted = _open(Path(path))
    except DocxReadError as exc:
        report.error = exc.diagnostics[0].message
        return report
    report.note = converted
    pieces = pieces_of(doc.paragraphs)
    key = detect_profile(doc, pieces) if profile_key == "auto" else profile_key
    if is_comparison(pieces):
        report.profile = key
        report.profile_name = load_profile(key).get("ten") if key else None
        profiles = [load_profile(key)] if key else [load_profile(k) for k in PROFILE_KEYS]
        report.findings = ComparisonChecker(doc, profiles, pieces).run()
        report.note = "bảng so sánh" if key else (
            "bảng so sánh không có đầu trang nên không rõ thể thức: chỉ kiểm tra khổ giấy, lề (theo một trong "
            "hai thể thức), phông chữ, số trang; muốn kiểm tra cả cỡ chữ khối tiêu đề hãy chỉ rõ --profile")
        return report
    if is_annex(pieces):
        key = key if profile_key != "auto" else (_family_written(path) or annex_profile(pieces))
        profile = profile_of_document(path, key, pieces)    # the version: Category, else the (Kèm theo …) date
        report.profile, report.profile_name = key, profile.get("ten")
        report.findings = AnnexChecker(doc, profile, pieces).run()
        report.note = "; ".join(filter(None, [report.note, "phụ lục (kiểm tra như một phụ lục: không có đầu trang, "
                                                            "phần ký riêng)"]))
        return report
    if key is None:
        report.error = ("không nhận ra thể thức: đầu trang không có dòng “ĐẢNG CỘNG SẢN VIỆT NAM” hay quốc hiệu "
                        "“CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”; hãy chỉ rõ --profile dang hoặc --profile nha-nuoc")
        return report
    report.profile = key
    profile = profile_of_document(path, key, pieces)
    report.profile_name = profile["ten"]
    report.findings = DocChecker(doc, profile, pieces).run()
    return report


# "ngày 03 tháng 11 năm 2025" (date line); "ngày 03/11/2025" (an annex's "(Kèm theo … ngày …)" line)
_DATE_LINE = re.compile(r"ngày\s+(\d{1,2})(?:\s+tháng\s+|/)(\d{1,2})(?:\s+năm\s+|/)(\d{4})")


def _written_version(path: Path) -> str | None:
    """The profile version vanban wrote into the file's properties (Category: "HD05-2026"), if any."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    found = re.search(r"<cp:category>([^<]+)</cp:category>", core)
    return found.group(1).strip() if found else None


def _family_written(path: Path) -> str | None:
    """The profile family whose version the file names (an annex has no header to tell it by)."""
    pin = _written_version(path)
    for key in PROFILE_KEYS if pin else ():
        if any(p.version.lower() == pin.lower() for p in versions(key)):
            return key
    return None


def profile_of_document(path: Path, key: str, pieces: list[Piece]) -> Profile:
    """Which version of `key` a Word file follows: the version vanban wrote into its properties (Category,
    "HD05-2026"), else the one in force on its date line (Party: HD 36 before 27/5/2026, HD 05 from then),
    else today's (an undated draft)."""
    pin = _written_version(path)
    if pin:
        try:
            return select_profile(key, pin=pin)
        except Exception:      # another tool's category: fall back to the date
            pass
    on = None
    for piece in pieces[:40]:
        found = _DATE_LINE.search(piece.text)
        if found:
            year, month, day = int(found.group(3)), int(found.group(2)), int(found.group(1))
            try:
                on = dt.date(year, month, day)
            except ValueError:        # "30 tháng 02": a date error the checker reports; the month still tells
                on = dt.date(year, month if 1 <= month <= 12 else 1, 1)
            break
    return select_profile(key, on)


class DocChecker:
    def __init__(self, doc: DocView, profile: Profile, pieces: list[Piece] | None = None):
        self.doc = doc
        self.profile = profile
        self.rules = profile.get("kiem_tra") or {}
        self.findings: list[Finding] = []
        self.pieces = pieces if pieces is not None else pieces_of(doc.paragraphs)
        self.party = profile.is_party
        self.page_profiles = [profile]
        self.profile_facts = True           # False: the profile is not known, check only what both share
        self.extra: dict[str, tuple[ElementStyle, tuple[float, float]]] = {}   # elements the profile has no style for
        self.lowered = 0                    # > 0: findings made now are warnings (the rule's text does not settle it)

    def spec(self, element: str) -> ElementStyle:
        return self.extra[element][0] if element in self.extra else self.profile.element(element)

    # -- reporting ------------------------------------------------------------------------------
    def add(self, code: str, element: str, problem: str, rule: str, where: Piece | ParagraphView | None = None,
            part: str = "body", severity: str | None = None) -> None:
        para = where.para if isinstance(where, Piece) else where
        words = (where.text if isinstance(where, Piece) and where.text else para.text) if para else ""
        level, source = classify_rule(self.profile, code, element)
        if severity == CANH_BAO or self.lowered:   # the checker may only lower a rule's weight
            level = CANH_BAO
        finding = Finding(code, element, problem, rule, para.index if para else None, excerpt(words),
                          part=para.part if para else part, severity=level, rule_source=source)
        for old in self.findings:
            if (old.code, old.problem, old.rule, old.part) == (code, problem, rule, finding.part):
                if finding.paragraph is not None and finding.paragraph not in old.paragraphs:
                    old.count += 1
                    old.paragraphs.append(finding.paragraph)
                return
        if finding.paragraph is not None:
            finding.paragraphs.append(finding.paragraph)
        self.findings.append(finding)

    def run(self) -> list[Finding]:
        self.check_page()
        self.check_page_numbers()
        zones = self.recognise()
        self.check_fonts()
        self.check_header(zones)
        self.check_title(zones)
        self.check_lead_in(zones)
        self.check_body(zones)
        self.check_spacing(zones)
        self.check_closing(zones)
        order = {"body": 1, "header": 0, "footer": 2}
        return sorted(self.findings, key=lambda f: (f.paragraph is not None, order.get(f.part, 1), f.paragraph or 0))

    # -- page ---------------------------------------------------------------------------------
    def check_page(self) -> None:
        """Paper and margins; with several profiles (a bảng so sánh of unknown profile) a page any of
        them allows is right."""
        names = (("tren", "top", "trên", "le_tren_mm"), ("duoi", "bottom", "dưới", "le_duoi_mm"),
                 ("trai", "left", "trái", "le_trai_mm"), ("phai", "right", "phải", "le_phai_mm"))
        for section in self.doc.sections:
            w_mm, h_mm = section.page_mm
            paper, margins = [], []
            for profile in self.page_profiles:
                page, rules = profile.page, profile.get("kiem_tra") or {}
                tol = float(rules.get("sai_so_mm", 0.5))
                want = (page["rong_mm"], page["cao_mm"])
                if not any(abs(w_mm - a) <= tol and abs(h_mm - b) <= tol for a, b in (want, want[::-1])):
                    paper.append(f"A4 {_mm(want[0])} × {_mm(want[1])} mm")
                wrong, spec = [], []
                for key, attr, word, page_key in names:
                    low, high = (rules.get("le_mm") or {}).get(key, [page[page_key], page[page_key]])
                    got = section.margins_mm[attr]
                    spec.append(f"{word} {_range(low, high)}")
                    if not low - tol <= got <= high + tol:
                        wrong.append(f"{word} {_mm(got)}")
                if wrong:
                    margins.append((f"lề {', '.join(wrong)} mm", f"lề {', '.join(spec)} mm"))
            if len(paper) == len(self.page_profiles):
                self.add("trang.kho_giay", "trang", f"khổ giấy {_mm(w_mm)} × {_mm(h_mm)} mm",
                         " hoặc ".join(dict.fromkeys(paper)))
            if len(margins) == len(self.page_profiles):
                # a landscape section (tables) of a document: the guidelines give portrait margins only
                # (a bảng so sánh is landscape by design, and held to the margins as they are)
                doubtful = section.landscape and not isinstance(self, ComparisonChecker)
                self.add("trang.le", "trang", margins[0][0] + (" (trang nằm ngang)" if doubtful else ""),
                         " hoặc ".join(dict.fromkeys(m[1] for m in margins)),
                         severity=CANH_BAO if doubtful else None)

    def check_page_numbers(self) -> None:
        # Word shows the "even" header only with "Different Odd & Even Pages", the "first" one only
        # with "Different First Page": the others are stored in the file but never printed
        where_pages = [(i, place) for i, s in enumerate(self.doc.sections) for place in s.page_number_in()
                       if self._shown(s, place.split(":")[1])]
        if not where_pages:
            if self._estimated_pages() > 1.5:
                self.add("so_trang.thieu", "so_trang", "văn bản nhiều trang nhưng không có số trang",
                         "đánh số trang từ trang 2, ở giữa phía trên trang")
            return
        section = self.doc.sections[0]
        first = [p for i, p in where_pages if i == 0 and (p.endswith(":first") or
                                                         (p.endswith(":default") and not section.different_first_page))]
        if first:
            self.add("so_trang.trang_dau", "so_trang", "số trang hiện cả ở trang thứ nhất",
                     "không đánh số trang thứ nhất (chọn “Trang đầu khác” cho đầu trang)")
        if self.rules.get("so_trang_o", "header") == "header" and all(p.startswith("footer") for _i, p in where_pages):
            self.add("so_trang.vi_tri", "so_trang", "số trang đặt ở chân trang", "số trang ở giữa, phía trên trang")
        for s in self.doc.sections if self.profile_facts else []:
            for hf in list(s.headers.values()) + list(s.footers.values()):
                if not self._shown(s, hf.kind):
                    continue
                for para in hf.paragraphs:
                    if para.has_page_field:
                        runs = [r for r in para.runs if r.text.strip()]
                        self._check_runs_format(runs, para, "so_trang", text=para.text)
                        frame = para.element.find(f"{{{_W}}}pPr/{{{_W}}}framePr") if para.element is not None else None
                        framed = frame is not None and frame.get(f"{{{_W}}}xAlign") in ("center", "right", "left")
                        if para.alignment != self.profile.element("so_trang").align and "\t" not in para.text \
                                and not framed:
                            self.add("so_trang.can_le", "so_trang", ALIGN_WORDS[para.alignment],
                                     ALIGN_WORDS[self.profile.element("so_trang").align], para)

    def _shown(self, section, kind: str) -> bool:
        if kind == "even":
            return self.doc.even_and_odd_headers
        if kind == "first":
            return section.different_first_page
        return True

    def _estimated_pages(self) -> float:
        page = self.profile.page
        width_pt = (page["rong_mm"] - page["le_trai_mm"] - page["le_phai_mm"]) / 25.4 * 72
        height_pt = (page["cao_mm"] - page["le_tren_mm"] - page["le_duoi_mm"]) / 25.4 * 72
        used = 0.0
        for para in self.doc.paragraphs:
            size = max((r.size_pt for r in para.runs), default=12.0)
            width = width_pt * ((para.cell.x1 - para.cell.x0) if para.cell else 1.0)
            lines = max(1, math.ceil(len(para.text) * size * 0.45 / max(width, 50)))
            used += lines * size * 1.15 + (0 if para.cell else 3)
        return used / height_pt

    # -- recognition ---------------------------------------------------------------------------
    def recognise(self) -> dict[str, list[Piece]]:
        pieces = self.pieces
        zones: dict[str, list[Piece]] = {"header": [], "title": [], "lead": [], "body": [], "closing": []}
        header_end = self._recognise_header(zones)
        i = header_end
        letter = any(p.element == "trich_yeu_cong_van" for p in zones["header"])
        if not letter:
            i = self._recognise_title(zones, i)
        self.end = self._document_end(i)
        closing = self._closing_start(i)
        i = self._recognise_lead(zones, i, closing, letter)
        # tables inside the body (lists of members, figures) are data: their cells are not body levels
        zones["body"] = [p for p in pieces[i:closing] if not p.is_rule and p.para.cell is None]
        zones["closing"] = pieces[closing:self.end]
        self._recognise_closing(zones["closing"])
        self.letter = letter
        return zones

    def _header_kind(self, piece: Piece, seen_number: bool) -> str | None:
        text, folded = piece.text, fold(piece.text)
        if piece.is_rule:
            return "rule"
        if folded == fold(self.profile.get("tieu_de") or "dang cong san viet nam"):
            return "tieu_de"
        if folded == "cong hoa xa hoi chu nghia viet nam":
            return "quoc_hieu"
        if folded.startswith("doc lap") and "tu do" in folded and "hanh phuc" in folded:
            return "tieu_ngu"
        if _DRAFT.match(text) and len(text) < 30:
            return "du_thao"
        if text == "*":
            return "duoi_co_quan"
        if _SO_RE.match(text) and re.search(r"\d|[-/]", text) and len(text) < 40:
            return "so_ky_hieu"
        if _DATE_RE.match(text):
            return "ngay_thang"
        if text.upper() in DO_MAT:
            return "do_mat"
        if text.upper() in DO_KHAN or text.upper() == "HOẢ TỐC":
            return "do_khan"
        if _LETTER_SUBJECT.match(text) and seen_number:
            return "trich_yeu_cong_van"
        if is_caps(text) and piece.side in ("left", None) and not match_type(text) and not signing_prefix(text):
            return "co_quan"
        return None

    def _recognise_header(self, zones) -> int:
        """Header: from the top while pieces are header elements (or a header table goes on)."""
        pieces = self.pieces
        seen_number = False
        first_table = pieces[0].para.cell.table if pieces and pieces[0].para.cell else None
        i = 0
        last_subject = None
        while i < len(pieces) and i < 40:
            piece = pieces[i]
            kind = self._header_kind(piece, seen_number)
            in_header_table = first_table is not None and piece.para.cell is not None and \
                piece.para.cell.table == first_table
            if kind is None and last_subject is not None and piece.side == "left" and \
                    (in_header_table or piece.para is last_subject.para):
                kind = "trich_yeu_cong_van"          # the "về việc …" subject goes on under the number
            if kind is None and not in_header_table:
                break
            if kind == "co_quan" and seen_number and not in_header_table:
                break
            piece.element = kind
            if kind == "trich_yeu_cong_van":
                last_subject = piece
            seen_number = seen_number or kind in ("so_ky_hieu", "ngay_thang")
            zones["header"].append(piece)
            i += 1
        # the issuing body: the upper-case lines of the left column; the last bold run of them is
        # the body, the plain lines above it its superior (HD 36 / ND 30: superior not bold)
        names = [p for p in zones["header"] if p.element == "co_quan"]
        bold_tail = 0
        for p in reversed(names):
            if _all(p, "bold"):
                bold_tail += 1
            else:
                break
        count = bold_tail or 1
        for p in names[:len(names) - count]:
            p.element = "co_quan_cap_tren"
        return i

    def _recognise_title(self, zones, i: int) -> int:
        pieces = self.pieces
        while i < len(pieces) and pieces[i].is_rule:
            i += 1
        if i < len(pieces) and (is_caps(pieces[i].text) or match_type(pieces[i].text)) and \
                not signing_prefix(pieces[i].text) and not _CAN_CU.match(pieces[i].text) and \
                not self._is_structure(pieces[i]):
            title = pieces[i]
            title.element = "ten_loai"
            zones["title"].append(title)
            i += 1
            if i < len(pieces) and pieces[i].para is title.para:      # a title broken over two lines
                while i < len(pieces) and pieces[i].para is title.para:
                    pieces[i].element = "ten_loai"
                    zones["title"].append(pieces[i])
                    i += 1
            if i < len(pieces) and not pieces[i].is_rule and not _DASHES.match(pieces[i].text) and \
                    not _CAN_CU.match(pieces[i].text) and (not is_caps(pieces[i].text) or self._caps_subject(pieces[i])):
                para = pieces[i].para
                while i < len(pieces) and pieces[i].para is para:
                    pieces[i].element = "trich_yeu"
                    zones["title"].append(pieces[i])
                    i += 1
                # a trích yếu typed over two paragraphs (Enter, not Shift+Enter): a centred line in the
                # same weight, before the rule, that is not a căn cứ, a chủ thể or a heading
                first = zones["title"][-1]
                while i < len(pieces) and not pieces[i].is_rule and pieces[i].para.cell is None and \
                        pieces[i].para.alignment == first.para.alignment == "center" and \
                        _all(pieces[i], "bold") == _all(first, "bold") and not is_caps(pieces[i].text) and \
                        not _CAN_CU.match(pieces[i].text) and not _XET.match(pieces[i].text) and \
                        not _KEM_THEO.match(pieces[i].text) and not self._is_structure(pieces[i]) and \
                        len(pieces[i].text) < 120 and (self._rule_follows(i) or pieces[i].text[:1].islower()):
                    pieces[i].element = "trich_yeu"
                    zones["title"].append(pieces[i])
                    i += 1
            if i < len(pieces) and (pieces[i].is_rule or _DASHES.match(pieces[i].text)):
                pieces[i].element = "duoi_trich_yeu"
                zones["title"].append(pieces[i])
                i += 1
        while i < len(pieces):
            piece = pieces[i]
            if _KEM_THEO.match(piece.text):
                piece.element = "kem_theo"
            elif piece.para.alignment == "right" and i == (zones["title"][-1].index + 1 if zones["title"] else -1) \
                    and not piece.para.cell and len(piece.text) < 120 and not _KINH_GUI.match(piece.text):
                piece.element = "tac_gia"
            else:
                break
            zones["title"].append(piece)
            i += 1
        return i

    def _caps_subject(self, piece: Piece) -> bool:
        """A trích yếu typed in capitals ("THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG" under
        "HƯỚNG DẪN"), told from a chủ thể line ("BAN THƯỜNG VỤ … QUYẾT ĐỊNH") by how that one ends."""
        return piece.para.alignment == "center" and piece.para.cell is None and \
            not re.search(r"(QUYẾT ĐỊNH|QUY ĐỊNH|NGHỊ QUYẾT|QUYẾT NGHỊ|CHỈ THỊ|BAN HÀNH)\s*:?$", piece.text) and \
            not signing_prefix(piece.text) and not self._is_structure(piece) and \
            (self.party or len(piece.text) > 25)

    def _rule_follows(self, i: int) -> bool:
        """A rule (or "-----") comes within the next three pieces: the trích yếu is still going on."""
        return any(p.is_rule or _DASHES.match(p.text) for p in self.pieces[i + 1:i + 4])
        """A rule (or "-----") comes within the next three pieces: the trích yếu is still going on."""
        return any(p.is_rule or _DASHES.match(p.text) for p in self.pieces[i + 1:i + 4])

    def _is_structure(self, piece: Piece) -> bool:
        return classify(piece.text, 0).kind in (PHAN, CHUONG, MUC, DIEU)

    def _document_end(self, start: int) -> int:
        """Where this document stops in a file that holds more: the first phụ lục issued with it
        ("PHỤ LỤC 1" / "Phụ lục I" then "(Kèm theo …)"), or a second header (quốc hiệu, tiêu đề)."""
        marks = {"cong hoa xa hoi chu nghia viet nam", fold(self.profile.get("tieu_de") or "dang cong san viet nam")}
        for piece in self.pieces[start:]:
            if piece.is_rule:
                continue
            if _ANNEX.match(piece.text) and len(piece.text) < 40 and piece.para.alignment == "center" and \
                    any(_KEM_THEO.match(p.text) or "(Kèm theo" in p.text or "(kèm theo" in p.text
                        for p in self.pieces[piece.index + 1:piece.index + 4]):
                return piece.index
            # a document issued with this one (a Quyết định and its Quy chế): after this one's signature,
            # a tên loại in capitals, centred, then "(Ban hành kèm theo …)" within a few lines
            if piece.para.cell is None and piece.para.alignment == "center" and match_type(piece.text) and \
                    is_caps(piece.text) and \
                    any(_ISSUED_WITH.match(p.text) for p in self.pieces[piece.index + 1:piece.index + 5]) and \
                    any(_is_noi_nhan_title(p.text) or (signing_prefix(p.text) and is_caps(p.text))
                        for p in self.pieces[start:piece.index]):
                return piece.index
            if fold(piece.text) in marks and piece.index > start + 5 and \
                    any(_SO_RE.match(p.text) or _DATE_RE.match(p.text) for p in self.pieces[piece.index + 1:piece.index + 6]) and \
                    any(_is_noi_nhan_title(p.text) or (signing_prefix(p.text) and is_caps(p.text))
                        for p in self.pieces[start:piece.index]):
                first = piece.index
                if piece.para.cell is not None:
                    table = piece.para.cell.table
                    first = min(p.index for p in self.pieces if p.para.cell is not None and p.para.cell.table == table)
                return first
        return len(self.pieces)

    def _closing_start(self, start: int) -> int:
        """The closing block: the first "Nơi nhận:" title or signing line that is one — a short line of
        its own, not a word of a sentence, not inside a diagram (a table in a table) or a wide table —
        and after which the document has no more text (an example signature inside the text is not)."""
        end = getattr(self, "end", len(self.pieces))
        for piece in self.pieces[start:end]:
            cell = piece.para.cell
            if cell is not None and (cell.depth > 1 or self._table_columns(cell.table) > 2):
                continue
            if (_is_noi_nhan_title(piece.text) or (signing_prefix(piece.text) and is_caps(piece.text))) and \
                    not self._text_follows(piece.index, end):
                first = piece.index
                if piece.para.cell is not None:      # the whole closing table
                    table = piece.para.cell.table
                    first = min(p.index for p in self.pieces[start:]
                                if p.para.cell is not None and p.para.cell.table == table)
                return first
        return self._bare_signature_start(start)

    def _text_follows(self, index: int, end: int) -> bool:
        """Body text after a closing candidate: a paragraph outside tables that is long (a sentence of
        the text) or a numbered unit of it."""
        for p in self.pieces[index + 1:end]:
            if p.para.cell is not None or p.is_rule:
                continue
            if len(p.text) > 150 or (classify(p.text, 0).kind in (DIEU, KHOAN, DIEM, PHAN, CHUONG, MUC) and
                                     len(p.text) > 25):
                return True
        return False

    def _table_columns(self, table: int) -> int:
        cols = {p.para.cell.col for p in self.pieces if p.para.cell is not None and p.para.cell.table == table}
        return len(cols)

    def _bare_signature_start(self, start: int) -> int:
        """A signature with no prefix and no "Nơi nhận:" (a head signing directly): a short upper-case
        chức vụ line off the left margin, then within a few lines a name, at the end of the document."""
        end = getattr(self, "end", len(self.pieces))
        tail = [p for p in self.pieces[start:end] if not p.is_rule][-6:]
        names = [p for p in tail if piece_is_name(p.text) and p.side != "left"]
        if not names:
            return end
        for piece in reversed(tail[:tail.index(names[-1])]):
            off_left = piece.side == "right" or piece.para.alignment in ("center", "right")
            if is_caps(piece.text) and len(piece.text) < 60 and off_left and not self._is_structure(piece):
                if piece.para.cell is not None:
                    table = piece.para.cell.table
                    return min(p.index for p in self.pieces[start:]
                               if p.para.cell is not None and p.para.cell.table == table)
                return piece.index
        return end

    def _recognise_lead(self, zones, i: int, end: int, letter: bool) -> int:
        """Kính gửi, chủ thể, căn cứ, "Xét đề nghị …" before the body."""
        pieces = self.pieces
        while i < end:
            piece = pieces[i]
            text = piece.text
            if _KINH_GUI.match(text):
                piece.element = "kinh_gui"
                zones["lead"].append(piece)
                i += 1
                while i < end and _ITEM.match(pieces[i].text) and pieces[i].para.alignment != "justify" or \
                        (i < end and _ITEM.match(pieces[i].text) and pieces[i].para.left_indent_mm > 15):
                    pieces[i].element = "kinh_gui"
                    zones["lead"].append(pieces[i])
                    i += 1
                continue
            # a letter's leading "Căn cứ …" is either a căn cứ line or the body's first sentence: the
            # căn cứ of a profile that sets them in italics are told apart by their slant
            if (_CAN_CU.match(text) or _XET.match(text)) and (
                    not letter or (self.profile.element("can_cu").italic and _all(piece, "italic"))):
                piece.element = "can_cu"
                zones["lead"].append(piece)
                i += 1
                continue
            if lines_before(zones["lead"]) and _ISSUES.match(text) and (
                    not self.profile.element("can_cu").italic or _all(piece, "italic")):
                piece.element = "can_cu"          # "Chính phủ ban hành Nghị định …." ends the căn cứ
                zones["lead"].append(piece)
                i += 1
                continue
            if not letter and is_caps(text) and not self._is_structure(piece) and piece.para.alignment == "center":
                piece.element = "chu_the"
                zones["lead"].append(piece)
                i += 1
                continue
            if piece.is_rule:
                i += 1
                continue
            break
        return i

    def _recognise_closing(self, closing: list[Piece]) -> None:
        authority = title = None
        last_item = None
        ended = False                  # the list's "- Lưu …" line was read: no recipient until a new title
        for piece in closing:
            text = piece.text
            if _is_noi_nhan_title(text):
                piece.element = "noi_nhan_tieu_de"
                last_item, ended = None, False
            elif _ITEM.match(text) and piece.side != "right":
                if ended:
                    continue
                piece.element = "noi_nhan"
                last_item = piece
                if _LUU_WORD.match(text):
                    ended = True
            elif last_item is not None and piece.side != "right" and not piece.is_rule and \
                    piece.para.cell == last_item.para.cell and not is_caps(text) and \
                    not _ITEM.match(text) and not signing_prefix(text) and not ended and \
                    not last_item.text.rstrip().endswith((";", ".")) and \
                    abs(max((r.size_pt for _t, r in piece.runs), default=0) -
                        max((r.size_pt for _t, r in last_item.runs), default=0)) <= 0.5:
                piece.element = "noi_nhan"             # a recipient wrapped onto the next line
                piece.joined = True
                last_item = piece
            elif signing_prefix(text) and is_caps(text) and authority is None:
                piece.element = authority = "quyen_han"
            elif is_caps(text) and title is None and piece.side != "left":
                piece.element = title = "chuc_vu"
        names = [p for p in closing if p.element is None and not p.is_rule and piece_is_name(p.text)
                 and p.side != "left" and title is not None]
        if names:
            names[-1].element = "ho_ten"

    # -- fonts ---------------------------------------------------------------------------------
    def check_fonts(self) -> None:
        want = self.profile.font
        paragraphs = list(self.doc.paragraphs)
        for s in self.doc.sections[:1]:
            for hf in list(s.headers.values()) + list(s.footers.values()):
                paragraphs += hf.paragraphs
        for para in paragraphs:
            for run in para.runs:
                if run.hidden or not run.text.strip():
                    continue
                if run.theme_font:
                    face = run.font_hansi or run.font_ascii or "?"
                    self.add("phong_chu.chu_de", "phong_chu",
                             f"phông chữ lấy theo chủ đề (theme) “{run.theme_font}” → {face}"
                             f"{_source_words(run.font_source)}",
                             f"phông {want} đặt thẳng cho chữ, không theo chủ đề", para)
                    continue
                faces = {slot: (face or WORD_DEFAULT_FONT) for slot, face in
                         (("ascii", run.font_ascii), ("hAnsi", run.font_hansi))}
                bad = {slot: face for slot, face in faces.items() if face.strip().lower() != want.lower()}
                # "Times New Roman Bold": the family's own face named as a font; the page reads the same
                variant = all(_FACE_VARIANT.match(face.strip()[len(want):]) and face.lower().startswith(want.lower())
                              for face in bad.values())
                if bad:
                    if len(set(bad.values())) == 1 and len(bad) == 2:
                        what = f"phông {next(iter(bad.values()))}"
                    else:
                        what = "; ".join(f"phông {face} ở ô chữ {_SLOT_WORDS[slot]}" for slot, face in bad.items())
                    self.add("phong_chu.sai", "phong_chu", what + _source_words(run.font_source),
                             f"phông {want} (cả chữ không dấu và có dấu)", para,
                             severity=CANH_BAO if variant else None)

    # -- format of elements ----------------------------------------------------------------------
    def size_range(self, element: str) -> tuple[float, float]:
        if element in self.extra and element not in (self.rules.get("co_chu") or {}):
            return self.extra[element][1]
        spec = self.spec(element)
        low, high = (self.rules.get("co_chu") or {}).get(element, [spec.size, spec.size])
        return float(low), float(high)

    def check_format(self, piece: Piece, element: str, whole: bool = True, align: bool = True) -> None:
        """Size, weight, slant, underline, case and alignment of one recognised piece."""
        if piece.is_rule or element not in self.profile.elements and element not in self.extra:
            return
        spec = self.spec(element)
        runs = [r for _t, r in piece.runs]
        if element in ("dieu", "phan", "chuong", "muc") and _label_run(piece) is not None:
            runs.insert(0, _label_run(piece))      # Word's automatic label: formatted by numbering.xml
        self._check_runs_format(runs, piece, element, whole=whole, text=piece.shown)
        if align and not piece.tabbed and not piece.after_tab and piece.para.alignment != spec.align:
            if not (element in ("noi_nhan", "noi_nhan_tieu_de") and piece.para.alignment == "justify"):
                # "        Số: …" pushed into place with spaces: the page reads as the rule wants
                spaced = re.match(r"^[ \u00a0\t]{3,}", piece.para.text.split("\n")[piece.line]
                                  if "\n" in piece.para.text else piece.para.text) is not None
                self.add(f"{element}.can_le", element, ALIGN_WORDS[piece.para.alignment], ALIGN_WORDS[spec.align],
                         piece, severity=CANH_BAO if spaced else None)

    def _check_runs_format(self, runs: list[RunView], where, element: str, whole: bool = True,
                           text: str = "") -> None:
        spec: ElementStyle = self.spec(element)
        if not runs:
            return
        low, high = self.size_range(element)
        tol = float(self.rules.get("sai_so_pt", 0.1))
        sizes = sorted({r.size_pt for r in runs})
        bad = [s for s in sizes if not low - tol <= s <= high + tol]
        if bad:
            self.add(f"{element}.co_chu", element, f"cỡ chữ {', '.join(_pt(s) for s in bad)}",
                     f"cỡ chữ {_range(low, high)}", where)
        lettered = [r for r in runs if any(ch.isalnum() for ch in r.text)] or runs
        for prop, yes, no, want in (("bold", "in đậm", "không in đậm", spec.bold),
                                    ("italic", "in nghiêng", "chữ đứng", spec.italic),
                                    ("underline", "gạch chân", "không gạch chân", spec.underline)):
            values = [getattr(r, prop) for r in lettered]       # a stray "." in another weight does not show
            if whole or prop == "underline":
                if prop == "underline" and not whole and not want:
                    continue
                if any(v != want for v in values):
                    got = (yes if all(values) else f"có chữ {yes}") if not want else (
                        no if not any(values) else f"có chữ {no}")
                    self.add(f"{element}.{_PROP_CODES[prop]}", element, got, yes if want else no, where)
            elif want and not all(values):          # body levels: only the whole-paragraph value matters
                self.add(f"{element}.{_PROP_CODES[prop]}", element, no if not any(values) else f"có chữ {no}",
                         yes, where)
            elif not want and all(values):
                self.add(f"{element}.{_PROP_CODES[prop]}", element, f"cả đoạn {yes}", no, where)
        if spec.case == "upper" and text and text != text.upper():
            self.add(f"{element}.chu_hoa", element, "không in hoa toàn bộ", "in hoa", where)

    # -- header ----------------------------------------------------------------------------------
    def check_header(self, zones) -> None:
        header = zones["header"]
        by = _by_element(header)
        for piece in header:
            if piece.element in self.profile.elements and piece.element not in ("ngay_thang",):
                self.check_format(piece, piece.element)
        if self.party:
            self._check_fixed_line(by, "tieu_de", self.profile["tieu_de"], rule_under=True)
            if by.get("co_quan") and not by.get("duoi_co_quan"):
                self.add("duoi_co_quan.thieu", "duoi_co_quan", "thiếu dấu “*” dưới tên cơ quan ban hành",
                         f"dấu “{self.profile['duoi_co_quan']}” ngay dưới tên cơ quan ban hành", by["co_quan"][-1])
            for state_only in ("quoc_hieu", "tieu_ngu"):
                if by.get(state_only):
                    self.add(f"{state_only}.the_thuc", state_only, "văn bản của Đảng lại có quốc hiệu, tiêu ngữ",
                             "văn bản của Đảng dùng tiêu đề “ĐẢNG CỘNG SẢN VIỆT NAM”", by[state_only][0])
        else:
            self._check_fixed_line(by, "quoc_hieu", self.profile["quoc_hieu"], rule_under=False)
            self._check_fixed_line(by, "tieu_ngu", self.profile["tieu_ngu"], rule_under=True)
            if by.get("duoi_co_quan"):
                self.add("duoi_co_quan.sao", "duoi_co_quan", "có dấu “*” dưới tên cơ quan (cách của văn bản Đảng)",
                         "đường kẻ liền dưới tên cơ quan ban hành", by["duoi_co_quan"][0])
            elif by.get("co_quan") and not self._has_rule_under(by["co_quan"][-1], header, shared=2):
                self.add("duoi_co_quan.thieu", "duoi_co_quan", "thiếu đường kẻ dưới tên cơ quan ban hành",
                         "đường kẻ liền, dài 1/3–1/2 tên cơ quan, dưới tên cơ quan ban hành", by["co_quan"][-1])
            if by.get("tieu_de"):
                self.add("tieu_de.the_thuc", "tieu_de", "văn bản nhà nước lại có tiêu đề của Đảng",
                         "quốc hiệu và tiêu ngữ", by["tieu_de"][0])
        if not by.get("co_quan") and not by.get("co_quan_cap_tren"):
            self.add("co_quan.thieu", "co_quan", "không thấy tên cơ quan ban hành ở góc trái đầu trang",
                     "tên cơ quan ban hành in hoa, đậm, góc trái", header[0] if header else None)
        for piece in by.get("so_ky_hieu", []):
            self._check_number(piece)
        for piece in by.get("ngay_thang", []):
            self.check_format(piece, "ngay_thang")
            self._check_date(piece)
        if by.get("so_ky_hieu") and not by.get("ngay_thang"):
            self.add("ngay_thang.thieu", "ngay_thang", "văn bản có số nhưng không có dòng địa danh, ngày tháng",
                     "“<địa danh>, ngày … tháng … năm …” dưới tiêu đề", by["so_ky_hieu"][0])

    def _check_fixed_line(self, by, element: str, text: str, rule_under: bool) -> None:
        found = by.get(element)
        if not found:
            self.add(f"{element}.thieu", element, f"không thấy dòng “{text}” ở đầu trang", f"“{text}” ở góc phải",
                     self.pieces[0] if self.pieces else None)
            return
        piece = found[0]
        if _ws(piece.text).upper() != text.upper():       # letter case is the format check's business
            self.add(f"{element}.chu", element, f"viết “{piece.text}”", f"viết đúng “{text}”", piece)
        if rule_under and not self._has_rule_under(piece, self.pieces[:piece.index + 4], shared=1):
            self.add(f"{element}.gach_duoi", element, "không có đường kẻ ngang bên dưới",
                     "đường kẻ liền bên dưới, dài bằng dòng chữ", piece)

    def _has_rule_under(self, piece: Piece, scope: list[Piece], shared: int) -> bool:
        """A bottom border on the line's paragraph, an empty bordered paragraph right below it, or a
        drawn line near it (same cell, or — for a header typed without a table — `shared` lines in the
        header for the rules it needs)."""
        para = piece.para
        if para.border_bottom and piece.line == para.text.count("\n"):
            return True
        if self._typed_rule_under(piece):
            return True
        if para.lines_mm:
            return True
        paras = self.doc.paragraphs
        nxt = paras[para.index] if para.index < len(paras) else None
        if nxt is not None and not nxt.text.strip() and (nxt.border_bottom or nxt.border_top or nxt.lines_mm) and \
                (nxt.cell == para.cell or (nxt.cell and para.cell and nxt.cell.x0 == para.cell.x0)):
            return True
        if nxt is not None and nxt.border_top and nxt.cell == para.cell:
            return True
        if para.cell is not None:
            return any(p.lines_mm for p in paras if p.cell is not None and p.cell.table == para.cell.table and
                       p.cell.col == para.cell.col and p.cell.row == para.cell.row)
        header_lines = sum(len(p.para.lines_mm) for p in scope if p.para is not para)
        return header_lines >= shared

    def _typed_rule_under(self, piece: Piece) -> bool:
        """The first piece below `piece` in the same place (same cell, same line's column, or the free
        text) is a rule: underscores, an empty bordered paragraph, a tab leader, a drawn line."""
        if piece.tabbed and piece.para.cell is None:
            # a header laid out with tabs: the rules are a line of their own ("\t_____\t__________"),
            # one rule per column, within the next lines
            slot = next((n for n, t in _tab_slots(piece.para.text.split("\n")[piece.line]) if _ws(t) == piece.text),
                        None)
            for nxt in self.doc.paragraphs[piece.para.index:piece.para.index + 3]:
                slots = _tab_slots(nxt.text.split("\n")[0])
                if slots and all(_TYPED_RULE.match(t.replace(" ", "")) for _n, t in slots):
                    return slot is None or any(n == slot for n, _t in slots)
            return False
        for nxt in self.pieces[piece.index + 1:piece.index + 12]:
            if nxt.para.cell != piece.para.cell:
                a, b = piece.para.cell, nxt.para.cell
                if a is not None and b is not None and a.table == b.table and b.row == a.row + 1 and \
                        b.x0 < a.x1 and a.x0 < b.x1 and (nxt.is_rule or nxt.para.lines_mm) and \
                        self._last_in_cell(piece):
                    return True                # the rule in the row below, under the same column
                if a is not None:
                    continue                   # another cell of the header table, read in between
                return False
            if nxt.para is piece.para and nxt.line == piece.line:
                continue                       # the other column of the same tabbed line
            if piece.tabbed and nxt.tabbed and nxt.side != piece.side:
                continue
            if nxt.is_rule or nxt.para.lines_mm or _DASHES.match(nxt.text.replace(" ", "")):
                return True
            return False
        return False

    def _last_in_cell(self, piece: Piece) -> bool:
        return all(p.para.cell != piece.para.cell or p.is_rule or not p.text
                   for p in self.pieces[piece.index + 1:piece.index + 12])

    def _check_number(self, piece: Piece) -> None:
        self.check_format(piece, "so_ky_hieu")
        spec = self.profile["so_ky_hieu"]
        patterns = [spec["mau"], spec.get("mau_cong_van") or spec["mau"]]
        legal = spec.get("mau_vbqppl") or (None if self.party else _LEGAL_NUMBER)
        if legal:            # a legal document's number carries its year: "Số: 30/2020/NĐ-CP"
            patterns.append(legal)
        text = collapse_ws(piece.text)
        if any(_number_regex(p).match(text) for p in patterns):
            m = re.search(r"\d+", text)
            digits = int(spec.get("chu_so_toi_thieu", 1))
            if m and len(m.group()) < digits:
                self.add("so_ky_hieu.so_0", "so_ky_hieu", f"số “{m.group()}” thiếu số 0 ở đầu",
                         f"số dưới 10 có số 0 ở đầu: “{m.group().zfill(digits)}”", piece)
            return
        m = _SO_RE.match(text)
        loose = _SO_LOOSE.match(m.group("rest").replace(" ", "")) if m else None
        if loose:
            so = loose["so"].zfill(int(spec.get("chu_so_toi_thieu", 1))) if loose["so"] else spec.get("de_trong", "")
            fields = re.findall(r"\{(\w+)\}", spec["mau"])
            values = dict(zip(fields, [so, loose["a"], loose["b"]]))
            good = spec["mau"].format(**values)
            if legal and re.fullmatch(r"(19|20)\d\d", loose["a"]):     # "12-2026/NQ-HĐND": a legal number
                good = legal.replace("{so}", so).replace("{nam}", loose["a"]).replace(
                    "{ma_loai}-{ma_co_quan}", loose["b"])
        else:
            good = spec["mau"]
        if not any(_number_regex(p).match(good) for p in patterns):
            good = _example_number(spec["mau"])      # never suggest a form no rule has
        if legal and m and m.group("rest").count("/") >= 2:
            good = f"{good}” hoặc, với văn bản quy phạm pháp luật, “{_example_number(legal)}"
        colon = bool(m and m.group("colon"))
        wants_colon = spec["mau"].startswith("Số:")
        why = "có dấu hai chấm sau chữ “Số”" if colon and not wants_colon else (
            "thiếu dấu hai chấm sau chữ “Số”" if wants_colon and not colon else "sai dấu nối giữa số và ký hiệu")
        self.add("so_ky_hieu.mau", "so_ky_hieu", f"viết “{text}”: {why}", f"viết “{good}”", piece)

    def _check_date(self, piece: Piece) -> None:
        m = _DATE_RE.match(piece.text)
        if not m:
            return
        pattern = self.profile["ngay_thang"]
        if not m["comma"]:
            self.add("ngay_thang.dau_phay", "ngay_thang", "thiếu dấu phẩy sau địa danh", pattern, piece)
        day, month, year = m["d"], m["m"], m["y"]
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            return                                          # a draft: the văn thư fills in the date
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            self.add("ngay_thang.khong_co", "ngay_thang", f"ngày {day} tháng {month} năm {year} không có trong lịch",
                     "một ngày có thật", piece)
            return
        good_day, good_month = day_str(int(day)), month_str(int(month))
        wrong = []
        if day != good_day:
            wrong.append(f"“ngày {day}”")
        if month != good_month:
            wrong.append(f"“tháng {month}”")
        if wrong:
            self.add("ngay_thang.so_0", "ngay_thang", f"viết {' và '.join(wrong)}",
                     f"“ngày {good_day} tháng {good_month}”: ngày dưới 10 và tháng 1, 2 có số 0 ở đầu, "
                     "tháng 3 đến 12 không có", piece)

    # -- title block -----------------------------------------------------------------------------
    def check_title(self, zones) -> None:
        by = _by_element(zones["title"] + zones["header"])
        for piece in zones["title"]:
            if piece.element in ("ten_loai", "trich_yeu", "kem_theo", "tac_gia"):
                self.check_format(piece, piece.element)
        if self.party and self.profile.get("duoi_trich_yeu") and by.get("trich_yeu") and not by.get("duoi_trich_yeu"):
            self.add("duoi_trich_yeu.thieu", "duoi_trich_yeu", "thiếu dòng gạch dưới trích yếu",
                     f"“{self.profile['duoi_trich_yeu']}” dưới trích yếu", by["trich_yeu"][-1])
        if not self.party and by.get("trich_yeu") and not by.get("duoi_trich_yeu") and \
                not self._has_rule_under(by["trich_yeu"][-1], [], shared=1):
            self.add("duoi_trich_yeu.thieu", "duoi_trich_yeu", "thiếu đường kẻ dưới trích yếu",
                     "đường kẻ liền, dài 1/3–1/2 dòng chữ, dưới trích yếu", by["trich_yeu"][-1])
        for piece in by.get("trich_yeu_cong_van", [])[:1]:
            opener = self.profile["trich_yeu_cong_van_mo_dau"]
            if not piece.text.startswith(opener) and not (opener == "V/v" and piece.text.startswith("V/v")):
                self.add("trich_yeu_cong_van.mo_dau", "trich_yeu_cong_van", f"mở đầu “{piece.text.split()[0]}”",
                         f"mở đầu bằng “{opener} …”", piece)

    # -- lead-in -----------------------------------------------------------------------------------
    def check_lead_in(self, zones) -> None:
        lead = zones["lead"]
        # căn cứ ban hành (ND 30 PL I II.6.a) belong to the forms that have them (PL III mẫu 1.1–1.3:
        # nghị quyết, quyết định; legal documents): in a kế hoạch or báo cáo a "Căn cứ …" line is a
        # sentence of the text, and the căn cứ rules are only warnings there
        title = " ".join(p.text for p in zones["title"] if p.element == "ten_loai")
        lower_can_cu = bool(title) and not re.match(r"^(QUYẾT ĐỊNH|NGHỊ QUYẾT|NGHỊ ĐỊNH|THÔNG TƯ|QUY ĐỊNH|QUY CHẾ|"
                                                     r"CHỈ THỊ|LUẬT|PHÁP LỆNH)\b", title.upper())
        for piece in lead:
            low = piece.element == "kinh_gui" or (piece.element == "can_cu" and lower_can_cu and not self.party)
            self.lowered += low
            self.check_format(piece, piece.element, whole=piece.element != "can_cu" or self.profile.element(
                "can_cu").italic, align=piece.element != "kinh_gui")
            self.lowered -= low
        self.lowered += lower_can_cu and not self.party
        lines = [p for p in lead if p.element == "can_cu"]
        spec = self.profile["can_cu"]
        for n, piece in enumerate(lines):
            last = n == len(lines) - 1
            want_end = spec["ket_thuc_cuoi"] if last else spec["ket_thuc_dong"]
            text = piece.text.rstrip()
            if not text.endswith(want_end):
                self.add("can_cu.dau_cau", "can_cu", f"dòng {'cuối ' if last else ''}kết thúc bằng “{text[-1]}”",
                         f"mỗi dòng căn cứ kết thúc bằng “{spec['ket_thuc_dong']}”, dòng cuối bằng "
                         f"“{spec['ket_thuc_cuoi']}”", piece)
            dash = spec["dau_dong"].strip()
            if _CAN_CU.match(text):
                has_dash = bool(_CAN_CU.match(text)["dash"])
                if dash and not has_dash:
                    self.add("can_cu.gach_dau", "can_cu", "dòng căn cứ không có gạch đầu dòng",
                             f"mỗi dòng bắt đầu bằng “{spec['dau_dong']}Căn cứ …”", piece)
                elif not dash and has_dash:
                    self.add("can_cu.gach_dau", "can_cu", "dòng căn cứ có gạch đầu dòng",
                             "mỗi dòng bắt đầu bằng “Căn cứ …”, không có gạch đầu dòng", piece)
        self.lowered -= lower_can_cu and not self.party

    # -- body ------------------------------------------------------------------------------------
    def check_body(self, zones) -> None:
        body = zones["body"]
        if not body:
            return
        # "I. MỤC ĐÍCH, YÊU CẦU" / "II- NỘI DUNG": the Roman-numbered parts of a document without Điều
        # (ND 30 PL I II.6.đ; Party "I- …"). Read as Phần so that khoản numbering restarts under each.
        groups = self._body_lines(body)
        heads = [g[0] for g in groups]
        texts = [" ".join(p.text for p in g) for g in groups]
        roman = {n for n, t in enumerate(texts, start=1) if _ROMAN_PART.match(t) and
                 from_roman(_ROMAN_PART.match(t)[1]) and is_caps(_ROMAN_PART.match(t)[2])}
        # "I. Thành phần dự họp:": a Roman part typed in lower case. ND 30 PL I II.6.c names such parts
        # but states no format for them (the Mục V example is in capitals): format only warned about.
        roman_plain = {n for n, t in enumerate(texts, start=1) if n not in roman and _ROMAN_PART.match(t) and
                       from_roman(_ROMAN_PART.match(t)[1])}
        lines = [_ROMAN_PART.sub(r"Phần \1 \2", t) if n in roman else _neutral(t) for n, t in enumerate(texts, 1)]
        units, diags = parse_body("\n".join(lines))
        for diag in diags:
            piece = heads[diag.line - 1] if diag.line and 0 < diag.line <= len(heads) else None
            self.add("bo_cuc.thu_tu", "bo_cuc", diag.message.split(" (chạy")[0],
                     "đánh số liên tục; điểm theo thứ tự chữ cái tiếng Việt a, b, c, d, đ, e, g, h …", piece)
        by_line = {}
        for unit in walk(units):
            by_line[unit.line] = unit
            if unit.heading_line:
                by_line[unit.heading_line] = ("title", unit)
        for n, group in enumerate(groups, start=1):
            piece, rest = group[0], group[1:]
            item = by_line.get(n)
            if isinstance(item, tuple):
                for p in group:
                    p.element = "tieu_de_chuong"
                    self.check_format(p, "tieu_de_chuong")
                continue
            unit = item
            if unit is None:
                continue
            if n in roman or n in roman_plain:
                self.lowered += n in roman_plain
                for p in group:
                    p.element = "tieu_de_chuong"
                    self.check_format(p, "tieu_de_chuong", align=False)
                self.lowered -= n in roman_plain
            elif _NOTE.match(texts[n - 1]):
                continue                     # "(Phân công nhiệm vụ theo Phụ lục đính kèm)": a note, not a paragraph
            elif unit.kind in HEADING_LEVELS:
                piece.element = HEADING_LEVELS[unit.kind]
                self._check_heading(piece, unit)
                for p in rest:
                    p.element = piece.element
                    self.check_format(p, piece.element)
            elif unit.kind == DIEU:
                piece.element = "dieu"
                self._check_article(piece, unit)
            else:
                element = {KHOAN: "khoan_tieu_de" if _titled_khoan(unit, piece) else "khoan", DIEM: "diem",
                           GACH: "gach", DOAN: "doan"}[unit.kind]
                # "1.1." / "1.2.3.": levels ND 30 does not name (its khoản are "1.", "2."): warnings only
                sub = bool(_SUB_NUMBER.match(texts[n - 1]))
                # a short centred or right-aligned line among paragraphs: a display line (an example,
                # a caption, a quoted form), not a paragraph the body rules were written for
                if unit.kind == DOAN and piece.para.alignment in ("center", "right") and \
                        all(len(p.text) < 100 for p in group) and \
                        all(len(line.strip()) < 100 for line in piece.para.text.split("\n")):
                    continue
                self.lowered += sub
                for p in group:
                    p.element = element
                    self.check_format(p, element, whole=False, align=not p.para.in_table)
                self.lowered -= sub

    def check_spacing(self, zones) -> None:
        """Line spacing and the space between body paragraphs, where the profile's `kiem_tra` states
        them (HD 05 Phần II I.6.2.2: "từ 18pt đến 22pt (Exactly)", "tối thiểu là 6pt"). Paragraphs in
        tables are left alone: the rule is written for the running text."""
        kind, span = self.rules.get("gian_dong_kieu"), self.rules.get("gian_dong_pt")
        least = self.rules.get("cach_doan_toi_thieu_pt")
        if not kind and not span and least is None:
            return
        tol = float(self.rules.get("sai_so_pt", 0.1))
        want = _spacing_words(kind, span)
        paras = [p.para for p in zones["body"] if p.element in BODY_LEVELS and not p.para.in_table]
        seen: set[int] = set()
        by_index = {p.index: p for p in self.doc.paragraphs}
        for para in paras:
            if para.index in seen or not para.text.strip():
                continue
            seen.add(para.index)
            rule, points = para.line_rule, para.line_twips / 20
            wrong_kind = kind == "exactly" and rule != "exact"
            wrong_size = span and rule != "auto" and not float(span[0]) - tol <= points <= float(span[-1]) + tol
            if wrong_kind or wrong_size:
                self.add("doan.gian_dong", "doan", f"giãn dòng {_spacing_words(rule, [points], para.line_twips)}",
                         f"giãn dòng {want}", para)
            before = by_index.get(para.index - 1)
            if least is not None and before is not None and before.index in seen:
                gap = before.after_pt + para.before_pt     # Word adds the two (no contextual spacing here)
                if gap < float(least) - tol:
                    self.add("doan.cach_doan", "doan", f"khoảng cách giữa hai đoạn {_pt(gap)} pt",
                             f"khoảng cách giữa các đoạn tối thiểu {_pt(float(least))} pt", para)

    def _body_lines(self, body: list[Piece]) -> list[list[Piece]]:
        """Body pieces as the lines of the body grammar: a line of a paragraph broken with Shift+Enter
        goes on the line before it (a title on two lines, a sentence wrapped by hand), except after a
        bare "Chương I" / "Phần I" / "Mục 1" label, whose next line is its title, and except when the
        line starts a unit of its own ("a) …", "Điều 2.")."""
        groups: list[list[Piece]] = []
        for piece in body:
            prev = groups[-1] if groups else None
            if prev is not None and prev[-1].para is piece.para and piece.line > prev[-1].line and \
                    not piece.tabbed and not _bare_label(prev[0].text) and \
                    classify(piece.text, 0).kind == DOAN:
                piece.joined = True
                prev.append(piece)
            else:
                groups.append([piece])
        return groups

    def _check_heading(self, piece: Piece, unit) -> None:
        element = piece.element
        word = {"phan": "Phần", "chuong": "Chương", "muc": "Mục"}[element]
        label_len = len(f"{word} {unit.number}")
        if unit.heading_line or len(piece.text) <= label_len + 1:
            self.check_format(piece, element)
            return
        # "Chương I QUY ĐỊNH CHUNG" on one line: the label is bold, the title upper-case and bold
        self.check_format(piece, element)
        title = piece.text[label_len:].strip(" .:-–")
        if title and title != title.upper():
            self.add("tieu_de_chuong.chu_hoa", "tieu_de_chuong", "không in hoa toàn bộ", "in hoa", piece)

    def _check_article(self, piece: Piece, unit) -> None:
        text = unit.text.rstrip()
        titled = bool(text) and text[-1] not in ".;:"
        if titled:
            self.check_format(piece, "dieu", whole=True)
            return
        label = re.match(r"^\S+\s+\S+?[.:]", piece.text)
        label_runs, consumed = [], 0
        if _label_run(piece) is not None:          # "Điều 1." from Word's numbering: its own formatting
            label_runs = [_label_run(piece)]
            label = None
        for t, r in piece.runs:
            if label and consumed < len(label.group()) - 1:
                label_runs.append(r)
            consumed += len(t) if consumed else len(t.lstrip())
        self._check_runs_format(label_runs, piece, "dieu", whole=True)
        self.check_format(piece, "doan", whole=False)

    # -- closing -----------------------------------------------------------------------------------
    def check_closing(self, zones) -> None:
        closing = zones["closing"]
        by = _by_element(closing)
        for piece in closing:
            if piece.element in ("noi_nhan_tieu_de", "noi_nhan", "quyen_han", "chuc_vu", "ho_ten"):
                self.check_format(piece, piece.element, align=piece.element not in ("noi_nhan",))
        own = {v for v in self.profile["ky"].values() if v}
        for piece in by.get("quyen_han", []):
            prefix = signing_prefix(piece.text)
            if prefix not in own:
                other = "văn bản nhà nước" if self.party else "văn bản của Đảng"
                self.add("quyen_han.tien_to", "quyen_han", f"viết “{prefix}” là cách viết của {other}",
                         f"viết {', '.join(sorted(own))}", piece)
        if (by.get("quyen_han") or by.get("chuc_vu")) and not by.get("noi_nhan_tieu_de"):
            self.add("noi_nhan.thieu", "noi_nhan", "không có phần “Nơi nhận:”",
                     f"“{self.profile['noi_nhan']['tieu_de']}” và danh sách nơi nhận ở góc trái, ngang hàng quyền hạn ký",
                     (by.get("quyen_han") or by.get("chuc_vu"))[0])
        spec = self.profile["noi_nhan"]
        lists = self._recipient_lists(closing)
        if by.get("noi_nhan_tieu_de"):
            title = by["noi_nhan_tieu_de"][0]
            if title.text.rstrip() != spec["tieu_de"]:
                self.add("noi_nhan_tieu_de.chu", "noi_nhan_tieu_de", f"viết “{title.text}”", f"viết “{spec['tieu_de']}”",
                         title)
            if not any(lists):
                self.add("noi_nhan.thieu", "noi_nhan", "“Nơi nhận:” không có dòng nào",
                         "mỗi nơi nhận một dòng bắt đầu bằng “- ”, dòng cuối là dòng lưu", title)
        line_ends = tuple(self.rules.get("noi_nhan_ket_thuc_dong") or [spec["ket_thuc_dong"]])
        luu = _luu_regex(spec["dau_dong"], spec["luu_mau"])
        for items in lists:
            for n, (piece, text) in enumerate(items):
                last = n == len(items) - 1
                if not text.rstrip().endswith(spec["ket_thuc_cuoi"] if last else line_ends):
                    self.add("noi_nhan.dau_cau", "noi_nhan",
                             f"dòng {'cuối ' if last else ''}kết thúc bằng “{text.rstrip()[-1]}”",
                             f"mỗi dòng kết thúc bằng {' hoặc '.join(f'“{e}”' for e in line_ends)}, dòng cuối bằng "
                             f"“{spec['ket_thuc_cuoi']}”",
                             piece)
            if items:
                last, text = items[-1]
                shape = collapse_ws(text)
                if not shape.endswith(spec["ket_thuc_cuoi"]):
                    shape += spec["ket_thuc_cuoi"]      # a missing final "." is the dấu câu finding's
                if not luu.match(shape):
                    example = spec["dau_dong"] + spec["luu_mau"].format(luu="…")
                    self.add("noi_nhan.luu", "noi_nhan", f"dòng cuối là “{excerpt(text)}”",
                             f"dòng cuối là dòng lưu: “{example}”", last)

    def _recipient_lists(self, closing: list[Piece]) -> list[list[tuple[Piece, str]]]:
        """Each "Nơi nhận:" list as (first piece, whole text) per recipient, wrapped lines joined. A list
        ends at its "- Lưu …" line (a file holding several documents has one list per document)."""
        lists: list[list[tuple[Piece, str]]] = [[]]
        for piece in closing:
            if piece.element == "noi_nhan_tieu_de":
                if lists[-1]:
                    lists.append([])
            elif piece.element == "noi_nhan":
                if piece.joined and lists[-1]:
                    first, text = lists[-1][-1]
                    lists[-1][-1] = (first, f"{text} {piece.text}")
                    continue
                lists[-1].append((piece, piece.text))
        return [items for items in lists if items]


_ANNEX = re.compile(r"^(Phụ lục|PHỤ LỤC)(\s+(số\s+)?[IVXLC\d]+[a-z]?\b.*)?$")


_RULE_WORDS = {"exact": "Exactly", "exactly": "Exactly", "atLeast": "At least", "at-least": "At least"}


def _spacing_words(rule: str | None, points, twips: int | None = None) -> str:
    """How Word's Paragraph dialog names a spacing: "Exactly 18–22 pt", "At least 18 pt", "Multiple 1,15"."""
    if rule == "auto" and twips is not None:
        lines = twips / 240
        return {1.0: "Single (1 dòng)", 1.5: "1,5 dòng", 2.0: "Double (2 dòng)"}.get(
            round(lines, 2), f"Multiple {lines:.2f}".rstrip("0").rstrip(".").replace(".", ","))
    words = _RULE_WORDS.get(rule or "", "")
    if points:
        low, high = float(points[0]), float(points[-1])
        words += f" {_range(low, high)} pt"
    return words.strip()


def _first_words(pieces: list[Piece], n: int = 3) -> list[Piece]:
    return [p for p in pieces[:12] if not p.is_rule and p.text][:n]


def is_annex(pieces: list[Piece]) -> bool:
    """A phụ lục on its own (ND 30 PL I mục III.1): it opens with "Phụ lục I" (or "PHỤ LỤC"), then its
    name and, in italics, "(Kèm theo … số …)", with no quốc hiệu or header of its own."""
    first = _first_words(pieces, 6)
    if not first or not _ANNEX.match(first[0].text) or len(first[0].text) > 40:
        return False
    return any(_KEM_THEO.match(p.text) for p in first[1:])


def annex_profile(pieces: list[Piece]) -> str:
    """The profile of an annex: the Party's when the document it goes with has a Party number
    ("số 36-HD/VPTW"), the State's otherwise."""
    for p in _first_words(pieces, 6):
        if _KEM_THEO.match(p.text) and re.search(r"\b\d+-[A-ZĐ]+/[A-ZĐ]", p.text):
            return "dang"
    return "nha-nuoc"


class AnnexChecker(DocChecker):
    """A phụ lục issued as a file of its own: paper, margins, fonts, page numbers, and its title block
    (ND 30 PL I mục III.1.b–c: "Phụ lục" and its number on a line of their own, centred, 14 pt, upright,
    bold; the name centred, in capitals, 13–14 pt, bold; the "(Kèm theo …)" line centred, 13–14 pt,
    italic). Its body holds forms and samples of other documents, so its levels are not checked."""

    def __init__(self, doc: DocView, profile: Profile, pieces: list[Piece] | None = None):
        super().__init__(doc, profile, pieces)
        if not self.party:
            self.extra["phu_luc"] = (ElementStyle("", 14, bold=True, align="center"), (14.0, 14.0))
            self.extra["ten_phu_luc"] = (ElementStyle("", 14, bold=True, case="upper", align="center"), (13.0, 14.0))

    def run(self) -> list[Finding]:
        self.check_page()
        self.check_page_numbers()
        self.check_fonts()
        title = self.recognise_annex_title()
        for piece in title:
            if piece.element in ("phu_luc", "ten_phu_luc", "kem_theo"):
                self.check_format(piece, piece.element)
        if title and not any(p.element == "duoi_kem_theo" for p in title) and not self.party:
            pass                                  # ND 30 PL I III.1 prescribes no rule under an annex's title
        return sorted(self.findings, key=lambda f: (f.paragraph is not None, f.part != "header", f.paragraph or 0))

    def recognise_annex_title(self) -> list[Piece]:
        out: list[Piece] = []
        kem_theo = False
        for piece in self.pieces[:20]:
            if piece.para.cell is not None:
                break
            if piece.is_rule:
                piece.element = "duoi_kem_theo"
                out.append(piece)
                break
            if not out:
                piece.element = "phu_luc"
            elif _KEM_THEO.match(piece.text) or (kem_theo and not piece.text.startswith("(")):
                piece.element = "kem_theo"
                kem_theo = not piece.text.rstrip().endswith(")")
                if not kem_theo:
                    out.append(piece)
                    break
            elif is_caps(piece.text):
                piece.element = "ten_phu_luc"
            else:
                break
            out.append(piece)
        return out


class ComparisonChecker(DocChecker):
    """A bảng so sánh holds two texts side by side in a table and has no header, lead-in or signature:
    only paper, margins, fonts, page numbers and the formats of its title block apply. With more than
    one profile (the profile is not known) the facts the profiles share are checked: a page any of
    them allows, the font, where page numbers are."""

    def __init__(self, doc: DocView, profiles: list[Profile], pieces: list[Piece] | None = None):
        super().__init__(doc, profiles[0], pieces)
        self.page_profiles = profiles
        self.profile_facts = len(profiles) == 1

    def run(self) -> list[Finding]:
        self.check_page()
        self.check_page_numbers()
        self.check_fonts()
        if self.profile_facts:
            self.check_title({"title": self.recognise_title_block(), "header": []})
        return sorted(self.findings, key=lambda f: (f.paragraph is not None, f.part != "header", f.paragraph or 0))

    def recognise_title_block(self) -> list[Piece]:
        """"BẢNG SO SÁNH" (ten_loai), the lines under it up to the rule or the table (the document's
        name, as a trích yếu; a line in brackets says where it comes from, as a kèm theo line), the rule."""
        title: list[Piece] = []
        for piece in self.pieces:
            if piece.para.cell is not None:
                break
            if piece.is_rule or _DASHES.match(piece.text):
                piece.element = "duoi_trich_yeu"
            elif not title:
                piece.element = "ten_loai"
            else:
                piece.element = "kem_theo" if piece.text.startswith("(") or _KEM_THEO.match(piece.text) \
                    else "trich_yeu"
            title.append(piece)
            if piece.element == "duoi_trich_yeu":
                break
        return title


# ---- helpers -------------------------------------------------------------------------------------

_PROP_CODES = {"bold": "dam", "italic": "nghieng", "underline": "gach_chan"}
_SLOT_WORDS = {"ascii": "không dấu (ascii)", "hAnsi": "có dấu (hAnsi)"}


_NOTE = re.compile(r"^\(.*\)\s*[./;]*$")
_SUB_NUMBER = re.compile(r"^\d+\.\d+")
_INTRODUCES = re.compile(r"\b(có nhiệm vụ|có trách nhiệm|có quyền|bao gồm|gồm có|gồm các|có thể|phải|như sau|sau đây|"
                         r"được (?:sử dụng|thực hiện|quy định|áp dụng|giao|tổ chức))\b", re.IGNORECASE)


def _titled_khoan(unit, piece: Piece | None = None) -> bool:
    """ND 30 PL I II.6.đ: "Nếu khoản có tiêu đề, số thứ tự và tiêu đề của khoản được trình bày trên một
    dòng riêng": a title names the khoản ("1. Nguyên tắc", "2. Đăng ký văn bản"). A first sentence
    that introduces the khoản's điểm ("2. Thể thức văn bản hành chính bao gồm các thành phần chính",
    "3. Văn thư cơ quan có nhiệm vụ") is the khoản's text, not a title, even without its colon."""
    if not unit.is_heading_khoan:
        # "1. Sở Nội vụ:" set in bold on a line of its own before its điểm: a title with a colon
        return bool(piece is not None and unit.children and _all(piece, "bold") and
                    len(unit.text.split()) <= 12 and unit.text.rstrip().endswith(":"))
    # set in bold, the author made it a title; plain, an introducing sentence stays a sentence
    return not _INTRODUCES.search(unit.text) or (piece is not None and _all(piece, "bold"))


def _bare_label(text: str) -> bool:
    parsed = classify(text, 0)
    return parsed.kind in (PHAN, CHUONG, MUC) and not parsed.text.strip()


def _neutral(text: str) -> str:
    """A sentence that starts like a heading ("Phần thứ nhất của báo cáo đánh giá …") is a paragraph:
    a Phần heading is the label alone or the label and its title in capitals."""
    m = _HEADING_WORD.match(text)
    if m:
        parsed = classify(text, 0)
        title = parsed.text.strip()
        if parsed.kind in (PHAN, CHUONG, MUC) and title and not is_caps(title) and \
                (len(title.split()) > 12 or title[:1].islower()):
            return "\u2060" + text            # a word joiner: the grammar reads a plain paragraph
    return text


_HEADING_WORD = re.compile(r"^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s")


_FACE_VARIANT = re.compile(r"^\s+(Bold|Italic|Bold Italic|Regular|Đậm|Nghiêng)$", re.IGNORECASE)
_ISSUED_WITH = re.compile(r"^\((?:[Bb]an hành\s+)?[Kk]èm theo\b")
_LUU_WORD = re.compile(r"^[-–]\s*Lưu\b")


# the sentence a legal document's preamble ends with (Luật Ban hành VBQPPL; NĐ 30 itself):
# "Chính phủ ban hành Nghị định về công tác văn thư."
_ISSUES = re.compile(r"^[A-ZĐÀ-Ỹ][^.;:]{2,80}\bban hành\s+(Nghị định|Nghị quyết|Thông tư|Quyết định|Luật|Pháp lệnh|"
                     r"Thông tư liên tịch|Chỉ thị)\b.*\.$")


def lines_before(lead: list[Piece]) -> bool:
    return bool(lead) and lead[-1].element == "can_cu"


def _is_noi_nhan_title(text: str) -> bool:
    """"Nơi nhận:" standing as a title (maybe with the first recipient after it), not a sentence that
    starts with the words ("Nơi nhận văn bản xác định …")."""
    m = _NOI_NHAN.match(text)
    if not m:
        return False
    rest = m.group("rest")
    return not rest or (":" in text[:12] and (_ITEM.match(rest) is not None or len(rest) < 40))


def _tab_slots(line: str) -> list[tuple[int, str]]:
    """(number of tabs before it, text) for each non-empty stretch of a tab-separated line."""
    return [(n, t) for n, t in enumerate(line.split("\t")) if t.strip()]


def _label_run(piece: Piece) -> RunView | None:
    """The automatic numbering label of the piece's paragraph, when the piece starts with it."""
    para = piece.para
    return para.label_run if para.list_label and piece.line == 0 and piece.column == 0 else None


def _all(piece: Piece, prop: str) -> bool:
    return bool(piece.runs) and all(getattr(r, prop) for _t, r in piece.runs)


def _by_element(pieces: list[Piece]) -> dict[str, list[Piece]]:
    out: dict[str, list[Piece]] = {}
    for p in pieces:
        if p.element:
            out.setdefault(p.element, []).append(p)
    return out


def _all_prefixes() -> list[str]:
    return sorted(set(sign_prefixes()) | set(_EXTRA_PREFIXES), key=len, reverse=True)


def signing_prefix(text: str) -> str | None:
    """The signing prefix an authority line starts with ("T/M", "TM.", "K/T", "KT." …), any profile."""
    for prefix in _all_prefixes():
        if text.startswith(prefix) and (prefix.endswith(".") or text[len(prefix):len(prefix) + 1] in (" ", "")):
            rest = text[len(prefix):].strip()
            if rest and is_caps(rest):
                return prefix
    return None


def piece_is_name(text: str) -> bool:
    words = text.split()
    if any(ch.isdigit() for ch in text) or sum(1 for w in words if w[:1].isalpha()) < 2:
        return False
    return 1 <= len(words) <= 7 and not is_caps(text) and all(w[:1].isupper() for w in words if w[:1].isalpha())


def _number_regex(pattern: str) -> re.Pattern:
    parts = re.split(r"(\{\w+\})", pattern)
    out = ""
    placeholders = [p for p in parts if p.startswith("{")]
    for part in parts:
        if part == "{so}":
            out += r"(?:\d+|[\s.…]*)"
        elif part.startswith("{"):
            last = part == placeholders[-1]
            out += r"[^\s/\-]+(?:-[^\s/\-]+)*" if last else r"[^\s/\-]+"
        else:
            out += re.escape(part)
    return re.compile(f"^{out}$")


# Luật Ban hành văn bản quy phạm pháp luật: number/year/type-body ("Số: 15/2010/QĐ-UBND")
_LEGAL_NUMBER = "Số: {so}/{nam}/{ma_loai}-{ma_co_quan}"
_EXAMPLE_FIELDS = {"so": "15", "nam": "2020", "ma_loai": "QĐ", "ma_co_quan": "UBND", "ma_don_vi": "VP"}


def _example_number(pattern: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: _EXAMPLE_FIELDS.get(m.group(1), "…"), pattern)


def _luu_regex(dash: str, pattern: str) -> re.Pattern:
    head, _, tail = pattern.partition("{luu}")
    return re.compile("^" + re.escape(dash.strip()) + r"\s*" + re.escape(head) + r"\S.*" + re.escape(tail) + "$")


def _source_words(source: str) -> str:
    if source.startswith("style:"):
        return f" (đặt ở kiểu “{source[6:]}”)"
    if source.startswith("table-style:"):
        return f" (đặt ở kiểu bảng “{source[12:]}”)"
    if source == "defaults":
        return " (mặc định của tài liệu)"
    return ""


def _mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _pt(value: float) -> str:
    return _mm(value)


def _range(low: float, high: float) -> str:
    return _mm(low) if low == high else f"{_mm(low)}–{_mm(high)}"

