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
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

from generator.check.docx_inspect import DocView, DocxReadError, ParagraphView, RunView, open_docx
from generator.model.body_parser import classify, parse_body
# the words that open the lines of the thể thức, as the importer reads them: one vocabulary for both
from generator.format.profiles import ElementStyle, Profile, load_profile, select_profile
from generator.format.record_parser import DO_KHAN, DO_MAT
from generator.importer.importer import (_CAN_CU, _KEM_THEO, _KINH_GUI, _NOI_NHAN, _XET, is_caps, match_type,
                                         sign_prefixes)
from generator.importer.importer import _CONG_VAN as _LETTER_SUBJECT
from generator.model.model import CHUONG, DIEM, DIEU, DOAN, GACH, KHOAN, MUC, PHAN, walk
from generator.model.text import collapse_ws, fold
from generator.model.vietnamese import day_str, from_roman, month_str

PROFILE_KEYS = ("dang", "nha-nuoc")
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
        return f"{self.where()}: {self.element_name}: {self.problem}; thể thức: {self.rule}"

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
    profile_title: str | None = None   # the profile version checked against ("… Hướng dẫn 05-HD/VPTW, 2026")

    @property
    def ok(self) -> bool:
        return not self.findings and not self.error

    def as_json(self) -> dict:
        return {"tep": str(self.path), "the_thuc": self.profile, "loi_doc": self.error, "ghi_chu": self.note,
                "so_phat_hien": len(self.findings), "phat_hien": [f.as_json() for f in self.findings]}


def _ws(text: str) -> str:
    """Spaces collapsed (str.split is several times faster than a regex on long paragraphs)."""
    return " ".join(text.split())


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
        if not made and (para.border_bottom or para.border_top or para.lines_mm) and not para.text.strip():
            made = [Piece(para, "", [], is_rule=True)]
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


def check_docx(path: Path, profile_key: str = "auto") -> DocReport:
    report = DocReport(path)
    try:
        doc = open_docx(path)
    except DocxReadError as exc:
        report.error = exc.diagnostics[0].message
        return report
    pieces = pieces_of(doc.paragraphs)
    key = detect_profile(doc, pieces) if profile_key == "auto" else profile_key
    if is_comparison(pieces):
        report.profile = key
        profiles = [load_profile(key)] if key else [load_profile(k) for k in PROFILE_KEYS]
        report.findings = ComparisonChecker(doc, profiles, pieces).run()
        report.note = "bảng so sánh" if key else (
            "bảng so sánh không có đầu trang nên không rõ thể thức: chỉ kiểm tra khổ giấy, lề (theo một trong "
            "hai thể thức), phông chữ, số trang; muốn kiểm tra cả cỡ chữ khối tiêu đề hãy chỉ rõ --profile")
        return report
    if key is None:
        report.error = ("không nhận ra thể thức: đầu trang không có dòng “ĐẢNG CỘNG SẢN VIỆT NAM” hay quốc hiệu "
                        "“CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”; hãy chỉ rõ --profile dang hoặc --profile nha-nuoc")
        return report
    report.profile = key
    profile = profile_of_document(path, key, pieces)
    report.profile_title = profile["ten"]
    report.findings = DocChecker(doc, profile, pieces).run()
    return report


_DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def profile_of_document(path: Path, key: str, pieces: list[Piece]) -> Profile:
    """Which version of `key` a Word file follows: the version vanban wrote into its properties (Category,
    "HD05-2026"), else the one in force on its date line (Party: HD 36 before 27/5/2026, HD 05 from then),
    else today's (an undated draft)."""
    import zipfile
    pin = None
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
        found = re.search(r"<cp:category>([^<]+)</cp:category>", core)
        pin = found.group(1).strip() if found else None
    except (KeyError, OSError, zipfile.BadZipFile):
        pass
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

    # -- reporting ------------------------------------------------------------------------------
    def add(self, code: str, element: str, problem: str, rule: str, where: Piece | ParagraphView | None = None,
            part: str = "body") -> None:
        para = where.para if isinstance(where, Piece) else where
        words = (where.text if isinstance(where, Piece) and where.text else para.text) if para else ""
        finding = Finding(code, element, problem, rule, para.index if para else None, excerpt(words),
                          part=para.part if para else part)
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
                self.add("trang.le", "trang", margins[0][0], " hoặc ".join(dict.fromkeys(m[1] for m in margins)))

    def check_page_numbers(self) -> None:
        where_pages = [(i, place) for i, s in enumerate(self.doc.sections) for place in s.page_number_in()]
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
                for para in hf.paragraphs:
                    if para.has_page_field:
                        runs = [r for r in para.runs if r.text.strip()]
                        self._check_runs_format(runs, para, "so_trang", text=para.text)
                        if para.alignment != self.profile.element("so_trang").align and "\t" not in para.text:
                            self.add("so_trang.can_le", "so_trang", ALIGN_WORDS[para.alignment],
                                     ALIGN_WORDS[self.profile.element("so_trang").align], para)

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
        closing = self._closing_start(i)
        i = self._recognise_lead(zones, i, closing, letter)
        # tables inside the body (lists of members, figures) are data: their cells are not body levels
        zones["body"] = [p for p in pieces[i:closing] if not p.is_rule and p.para.cell is None]
        zones["closing"] = pieces[closing:]
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
                    not _CAN_CU.match(pieces[i].text) and not is_caps(pieces[i].text):
                para = pieces[i].para
                while i < len(pieces) and pieces[i].para is para:
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

    def _is_structure(self, piece: Piece) -> bool:
        return classify(piece.text, 0).kind in (PHAN, CHUONG, MUC, DIEU)

    def _closing_start(self, start: int) -> int:
        for piece in self.pieces[start:]:
            if _NOI_NHAN.match(piece.text) or (signing_prefix(piece.text) and is_caps(piece.text)):
                first = piece.index
                if piece.para.cell is not None:      # the whole closing table
                    table = piece.para.cell.table
                    first = min(p.index for p in self.pieces[start:]
                                if p.para.cell is not None and p.para.cell.table == table)
                return first
        return self._bare_signature_start(start)

    def _bare_signature_start(self, start: int) -> int:
        """A signature with no prefix and no "Nơi nhận:" (a head signing directly): a short upper-case
        chức vụ line off the left margin, then within a few lines a name, at the end of the document."""
        tail = [p for p in self.pieces[start:] if not p.is_rule][-6:]
        names = [p for p in tail if piece_is_name(p.text) and p.side != "left"]
        if not names:
            return len(self.pieces)
        for piece in reversed(tail[:tail.index(names[-1])]):
            off_left = piece.side == "right" or piece.para.alignment in ("center", "right")
            if is_caps(piece.text) and len(piece.text) < 60 and off_left and not self._is_structure(piece):
                if piece.para.cell is not None:
                    table = piece.para.cell.table
                    return min(p.index for p in self.pieces[start:]
                               if p.para.cell is not None and p.para.cell.table == table)
                return piece.index
        return len(self.pieces)

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
        for piece in closing:
            text = piece.text
            if _NOI_NHAN.match(text):
                piece.element = "noi_nhan_tieu_de"
            elif _ITEM.match(text) and piece.side != "right":
                piece.element = "noi_nhan"
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
                if bad:
                    if len(set(bad.values())) == 1 and len(bad) == 2:
                        what = f"phông {next(iter(bad.values()))}"
                    else:
                        what = "; ".join(f"phông {face} ở ô chữ {_SLOT_WORDS[slot]}" for slot, face in bad.items())
                    self.add("phong_chu.sai", "phong_chu", what + _source_words(run.font_source),
                             f"phông {want} (cả chữ không dấu và có dấu)", para)

    # -- format of elements ----------------------------------------------------------------------
    def size_range(self, element: str) -> tuple[float, float]:
        spec = self.profile.element(element)
        low, high = (self.rules.get("co_chu") or {}).get(element, [spec.size, spec.size])
        return float(low), float(high)

    def check_format(self, piece: Piece, element: str, whole: bool = True, align: bool = True) -> None:
        """Size, weight, slant, underline, case and alignment of one recognised piece."""
        if piece.is_rule or element not in self.profile.elements:
            return
        spec = self.profile.element(element)
        runs = [r for _t, r in piece.runs]
        self._check_runs_format(runs, piece, element, whole=whole, text=piece.shown)
        if align and not piece.tabbed and not piece.after_tab and piece.para.alignment != spec.align:
            if not (element in ("noi_nhan", "noi_nhan_tieu_de") and piece.para.alignment == "justify"):
                self.add(f"{element}.can_le", element, ALIGN_WORDS[piece.para.alignment], ALIGN_WORDS[spec.align],
                         piece)

    def _check_runs_format(self, runs: list[RunView], where, element: str, whole: bool = True,
                           text: str = "") -> None:
        spec: ElementStyle = self.profile.element(element)
        if not runs:
            return
        low, high = self.size_range(element)
        tol = float(self.rules.get("sai_so_pt", 0.1))
        sizes = sorted({r.size_pt for r in runs})
        bad = [s for s in sizes if not low - tol <= s <= high + tol]
        if bad:
            self.add(f"{element}.co_chu", element, f"cỡ chữ {', '.join(_pt(s) for s in bad)}",
                     f"cỡ chữ {_range(low, high)}", where)
        for prop, yes, no, want in (("bold", "in đậm", "không in đậm", spec.bold),
                                    ("italic", "in nghiêng", "chữ đứng", spec.italic),
                                    ("underline", "gạch chân", "không gạch chân", spec.underline)):
            values = [getattr(r, prop) for r in runs]
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

    def _check_number(self, piece: Piece) -> None:
        self.check_format(piece, "so_ky_hieu")
        spec = self.profile["so_ky_hieu"]
        patterns = [spec["mau"], spec.get("mau_cong_van") or spec["mau"]]
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
        else:
            good = spec["mau"]
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
        for piece in lead:
            self.check_format(piece, piece.element, whole=piece.element != "can_cu" or self.profile.element(
                "can_cu").italic)
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

    # -- body ------------------------------------------------------------------------------------
    def check_body(self, zones) -> None:
        body = zones["body"]
        if not body:
            return
        # "I. MỤC ĐÍCH, YÊU CẦU" / "II- NỘI DUNG": the Roman-numbered parts of a document without Điều
        # (ND 30 PL I II.6.đ; Party "I- …"). Read as Phần so that khoản numbering restarts under each.
        roman = {n for n, p in enumerate(body, start=1) if _ROMAN_PART.match(p.text) and
                 from_roman(_ROMAN_PART.match(p.text)[1]) and is_caps(_ROMAN_PART.match(p.text)[2])}
        lines = [_ROMAN_PART.sub(r"Phần \1 \2", p.text) if n in roman else p.text for n, p in enumerate(body, 1)]
        units, diags = parse_body("\n".join(lines))
        for diag in diags:
            piece = body[diag.line - 1] if diag.line and 0 < diag.line <= len(body) else None
            self.add("bo_cuc.thu_tu", "bo_cuc", diag.message.split(" (chạy")[0],
                     "đánh số liên tục; điểm theo thứ tự chữ cái tiếng Việt a, b, c, d, đ, e, g, h …", piece)
        by_line = {}
        for unit in walk(units):
            by_line[unit.line] = unit
            if unit.heading_line:
                by_line[unit.heading_line] = ("title", unit)
        for n, piece in enumerate(body, start=1):
            item = by_line.get(n)
            if isinstance(item, tuple):
                piece.element = "tieu_de_chuong"
                self.check_format(piece, "tieu_de_chuong")
                continue
            unit = item
            if unit is None:
                continue
            if n in roman:
                piece.element = "tieu_de_chuong"
                self.check_format(piece, "tieu_de_chuong", align=False)
            elif unit.kind in HEADING_LEVELS:
                piece.element = HEADING_LEVELS[unit.kind]
                self._check_heading(piece, unit)
            elif unit.kind == DIEU:
                piece.element = "dieu"
                self._check_article(piece, unit)
            else:
                element = {KHOAN: "khoan_tieu_de" if unit.is_heading_khoan else "khoan", DIEM: "diem",
                           GACH: "gach", DOAN: "doan"}[unit.kind]
                piece.element = element
                self.check_format(piece, element, whole=False, align=not piece.para.in_table)

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
        items = by.get("noi_nhan", [])
        spec = self.profile["noi_nhan"]
        if by.get("noi_nhan_tieu_de"):
            title = by["noi_nhan_tieu_de"][0]
            if title.text.rstrip() != spec["tieu_de"]:
                self.add("noi_nhan_tieu_de.chu", "noi_nhan_tieu_de", f"viết “{title.text}”", f"viết “{spec['tieu_de']}”",
                         title)
            if not items:
                self.add("noi_nhan.thieu", "noi_nhan", "“Nơi nhận:” không có dòng nào",
                         "mỗi nơi nhận một dòng bắt đầu bằng “- ”, dòng cuối là dòng lưu", title)
        line_ends = tuple(self.rules.get("noi_nhan_ket_thuc_dong") or [spec["ket_thuc_dong"]])
        for n, piece in enumerate(items):
            last = n == len(items) - 1
            if not piece.text.rstrip().endswith(spec["ket_thuc_cuoi"] if last else line_ends):
                self.add("noi_nhan.dau_cau", "noi_nhan",
                         f"dòng {'cuối ' if last else ''}kết thúc bằng “{piece.text.rstrip()[-1]}”",
                         f"mỗi dòng kết thúc bằng {' hoặc '.join(f'“{e}”' for e in line_ends)}, dòng cuối bằng "
                         f"“{spec['ket_thuc_cuoi']}”",
                         piece)
        if items:
            last = items[-1]
            luu = _luu_regex(spec["dau_dong"], spec["luu_mau"])
            if not luu.match(collapse_ws(last.text)):
                example = spec["dau_dong"] + spec["luu_mau"].format(luu="…")
                self.add("noi_nhan.luu", "noi_nhan", f"dòng cuối là “{excerpt(last.text)}”",
                         f"dòng cuối là dòng lưu: “{example}”", last)


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

