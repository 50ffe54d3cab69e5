"""Import existing documents (.docx, .pdf, .txt) into records: the inverse of build.

    file ──import_sources.read──▶ lines (+ layout hints) ──DocumentReader──▶ Found documents
         ──resolve, link_documents (office config, other records)──▶ Meta + body lines
         ──record_writer──▶ records/<key>/van-ban.md (atomically, never over an existing folder)

A document is read in zones, in the order the formats prescribe (format-rules.md §1–2):
header (draft mark, superior and issuing body, `*`, party/state title, số và ký hiệu, place and
date, độ mật/khẩn, a công văn's "về việc"), tên loại and trích yếu (the rule under it), the
"(kèm theo …)" line, the author line, Kính gửi, the lead-in (chủ thể, căn cứ, "Xét đề nghị"),
the body in the grammar of body_parser, and the closing block (signature and Nơi nhận, which a
PDF prints side by side). What follows a closing block and starts a new document (a Quy chế
after its Quyết định) becomes a second record linked by quan_he.kem_theo.

Nothing is dropped silently: a line that fits nowhere stays in the body as a paragraph, and
every guess, default and removal is a line of the Vietnamese report.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.atomic import write_text
from generator.format import doctypes, own_layout
from generator.format.context import bien_ban_sides, layout_names, signature_name
from generator.format.config import RECORD_FILE, Body, OfficeConfig, Project, inline_body, key_problem
from generator.format.numbering import number_line
from generator.format.profiles import Profile, all_profiles, load_profile, versions
from generator.format.record_parser import DO_KHAN, DO_MAT, parse_record, parse_record_text
from generator.importer.import_sources import SUPPORTED, Line, Source, read
from generator.model.body_parser import classify
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import DIEM, DIEU, DOAN, HEADINGS, KHOAN, Meta, Record, Signer
from generator.model.record_writer import write_front_matter
from generator.model.text import collapse_ws, fold, plain
from generator.model.vietnamese import parse_vn_date

TERMINAL = ".;:!?…"
CLOSERS = "”\"’»"
_DRAFT = re.compile(r"^(dự thảo)(\s+lần\s+\S+)?$", re.IGNORECASE)
_SO = re.compile(r"^Số\s*(?P<colon>:)?\s*(?P<so>\d+)?\s*(?P<rest>[-/]?\s*[^\s].*)?$")
_DATE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngày\b(?P<rest>.*)$")
_CONG_VAN = re.compile(r"^(V/v|về việc|Về việc)\b\s*(?P<rest>.*)$")
_KEM_THEO = re.compile(r"^\((?:ban hành\s+)?[Kk]èm theo\b")
# "Phụ lục", "Phụ lục I", "PHỤ LỤC 2", "Phụ lục số 03" alone on its line: an annex's heading (ND 30 PL I III.1)
_ANNEX = re.compile(r"^phụ\s+lục(?:\s+(?:số\s+)?(?P<so>[IVXLCDM]+|\d+))?\s*[.:]?$", re.IGNORECASE)
_BLANK_NUMBER = re.compile(r"\bsố\s*(…|\.\.\.|,|ngày\b)")    # "Quyết định số …, ngày …": the draft's blank number
_DASH = re.compile(r"^[-–]\s*")               # the "- " that leads a list item (Kính gửi, căn cứ, Nơi nhận)
_ISSUER_IN = re.compile(r"\bcủa\s+(?P<ten>[^()]+?)\s*\)?\s*$")
_KINH_GUI = re.compile(r"^(Kính gửi|Kính trình)\s*:\s*(?P<rest>.*)$")
_CAN_CU = re.compile(r"^(?P<dash>[-–]\s*)?Căn cứ\b")
_XET = re.compile(r"^(?P<dash>[-–]\s*)?(Xét đề nghị|Theo đề nghị|Xét Tờ trình|Xét tờ trình)\b")
_ITALIC_LINE = re.compile(r"^\*(?!\*)[^*]+\*$")      # a paragraph in italics, as the reader marks it
_NOI_NHAN = re.compile(r"^Nơi nhận\s*:?\s*(?P<rest>.*)$")
_RULE = re.compile(r"^[-_=–—.*]{3,}$")
_SIGNED = re.compile(r"^\(?\s*(đã ký|Đã ký|ĐÃ KÝ|ký[^)]*|Ký[^)]*|chữ ký[^)]*|Chữ ký[^)]*)\s*\)?$")
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]*$")
_SYMBOL_IN = re.compile(r"số\s+(?P<sym>\d*\s*[-/][^\s,;)]+|\d+[-/][^\s,;)]+)", re.IGNORECASE)
_SUSPECT = re.compile(r"^(?:[IVXLC]+\s*\)\s+\S|\d+\)\s|\d+/\s|[a-zđ]\.\s|\(\d+\)|\([a-zđ]\)\s)")   # numbered, not grammar


# --------------------------------------------------------------------------- small helpers

# Misprints of the date line's words seen in real offices' files ("ngày 09 háng 02"): read as the word meant,
# and said in the report. Whole words only, so a place name is never touched.
DATE_TYPOS = {"háng": "tháng", "thang": "tháng", "ngầy": "ngày", "nảm": "năm", "nãm": "năm"}
_DATE_TYPO = re.compile(r"(?<=\s)(" + "|".join(map(re.escape, DATE_TYPOS)) + r")(?=\s)")
# What starts an annex after the closing block: it belongs to the document before it (ND 30 III.1, HD 36 II.4.5)
_PHU_LUC = re.compile(r"^PHỤ\s+LỤC\b(?:\s+(?:[IVXLC]+|\d+|SỐ\s+\S+))?\s*$")
SUBJECT_COLUMN = 45      # pdftotext -layout columns: a line ending before this sits in the left header column
# a line that ends past this column crosses from Nơi nhận into the signature's column: it is under both
ACROSS_COLUMNS = 60
# what a line under the closing block starts with when it says how to reach the office (ND 30 PL I IV: địa chỉ,
# thư điện tử, trang thông tin điện tử, số điện thoại, số Fax)
_CONTACT = re.compile(r"^(Số điện thoại|Điện thoại|ĐT|Đường dây nóng|Địa chỉ|E-?mail|Thư điện tử|Fax|Website|"
                      r"Trang thông tin điện tử)\b", re.IGNORECASE)
MAX_NAME_WORDS = 5       # a Vietnamese full name: 2–5 words ("Tôn Nữ Thị Bích Ngọc")


def is_caps(text: str) -> bool:
    """All letters upper case, at least two letters ("BAN THƯỜNG VỤ", "QUYẾT ĐỊNH:")."""
    letters = [ch for ch in plain(text) if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def starts_lower(text: str) -> bool:
    t = plain(text).lstrip("“\"'‘(")
    return bool(t) and t[0].isalpha() and t[0].islower()


def ends_sentence(text: str) -> bool:
    """Ends with . ; : ! ? … (before a closing quote): the line does not run on."""
    t = plain(text).rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


def is_name(text: str) -> bool:
    """A signer's name: "Bùi Thắng", "Nguyễn Văn A" (capitalised words, no digits or punctuation)."""
    words = plain(text).split()
    return 2 <= len(words) <= 6 and all(_NAME_WORD.match(w) for w in words) and any(len(w) > 1 for w in words)


def fix_date_typos(text: str) -> str:
    return _DATE_TYPO.sub(lambda m: DATE_TYPOS[m.group(1)], text)


def join_lines(parts: list[str]) -> str:
    """Lines of one text wrapped in its column, joined back (join_text, pair by pair)."""
    return functools.reduce(join_text, parts)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def join_text(a: str, b: str) -> str:
    """Rejoin a line broken inside a sentence: "15-" + "CV/ĐU" → "15-CV/ĐU"; otherwise one space."""
    if re.search(r"\w[-/]$", a) and re.match(r"[\wĐ]", b) and not b[0].islower():
        return a + b
    return f"{a} {b}"


@lru_cache(maxsize=1)
def sign_prefixes() -> dict[str, tuple[str, str]]:
    """"T/M" → ("tm", "dang"), "TM." → ("tm", "nha-nuoc"): from the profiles' signing forms."""
    out: dict[str, tuple[str, str]] = {}
    for profile in all_profiles():
        for form, prefix in profile["ky"].items():
            if prefix:
                out.setdefault(prefix, (form, profile.key))
    return out


def prefix_of(text: str) -> tuple[str, str, str] | None:
    """(hinh_thuc, profile key, the rest) when `text` is an authority line: "T/M BAN THƯỜNG VỤ"."""
    for prefix, (form, profile) in sorted(sign_prefixes().items(), key=lambda kv: -len(kv[0])):  # "TUQ." before "Q."
        if text.startswith(prefix):
            rest = text[len(prefix):].strip()
            if (rest and is_caps(rest)) and (prefix.endswith(".") or text[len(prefix):len(prefix) + 1] == " "):
                return form, profile, rest
    return None


class _FixedLines(dict):
    """Folded fixed header lines; looked up with any dash ("Độc lập – Tự do – Hạnh phúc") and spacing."""

    @staticmethod
    def norm(folded: str) -> str:
        return re.sub(r"\s*[-\u2010-\u2015]\s*", " - ", folded).strip()

    def __setitem__(self, key, value):
        super().__setitem__(self.norm(key), value)

    def __contains__(self, key):
        return super().__contains__(self.norm(key))

    def __getitem__(self, key):
        return super().__getitem__(self.norm(key))


def header_texts() -> dict[str, str]:
    """Fixed header lines of the profiles (Party title, national name and motto) → profile key."""
    out = _FixedLines()
    for profile in all_profiles():
        for key in ("tieu_de", "quoc_hieu", "tieu_ngu"):
            if profile.get(key):
                out[fold(profile[key])] = profile.key
    return out


def type_titles() -> list[tuple[str, str]]:
    """(folded tên loại, type key), longest first, from data/loai-van-ban.yaml."""
    pairs = [(fold(t.ten_loai), key) for key, t in doctypes.doc_types().items() if t.ten_loai]
    return sorted(pairs, key=lambda p: -len(p[0]))


def match_type(text: str) -> str | None:
    folded = fold(collapse_ws(plain(text)))
    for title, key in type_titles():
        if folded == title or folded.startswith(title + " "):
            return key
    return None


# --------------------------------------------------------------------------- what a document holds

@dataclass
class Para:
    text: str
    line: Line
    lines: list[Line]

    @property
    def where(self) -> str:
        return self.line.where


@dataclass
class Found:
    """What was read from one document, before it is matched against the office config."""
    source: Source
    du_thao: str | None = None
    du_thao_dau_trang: bool = False    # the draft mark printed above the header (HD 36, ND 30), not under the số
    body_names: list[str] = field(default_factory=list)
    profile_hints: list[str] = field(default_factory=list)
    so_line: str | None = None
    so: int | None = None
    ky_hieu: str | None = None
    date_place: str | None = None
    date: dt.date | None = None
    do_mat: str | None = None
    do_khan: str | None = None
    ten_loai: str | None = None
    loai: str | None = None
    trich_yeu: str = ""
    letter_subject: bool = False
    kem_theo: str | None = None
    kem_theo_symbol: str | None = None
    kem_theo_date: dt.date | None = None
    so_phu_luc: str | None = None      # an annex's number as printed ("I", "2")
    tac_gia: str | None = None
    kinh_gui: list[str] = field(default_factory=list)
    chu_the_truoc: str | None = None
    chu_the_sau: str | None = None
    can_cu: list[str] = field(default_factory=list)
    xet_de_nghi: str | None = None
    body: list[Para] = field(default_factory=list)
    signer: Signer | None = None
    signer_profile: str | None = None
    side_signers: list[Signer] = field(default_factory=list)   # blocks left of the last (biên bản, joint)
    noi_nhan: list[str] = field(default_factory=list)
    sau_chu_ky: list[str] = field(default_factory=list)    # lines printed after the whole closing block
    notes: list[str] = field(default_factory=list)
    extra_lines: list[Line] = field(default_factory=list)
    parent: "Found | None" = None
    body_key: str | None = None        # the issuing body once matched (an attached document inherits it)

    def note(self, message: str) -> None:
        self.notes.append(message)


# --------------------------------------------------------------------------- reading the zones

class DocumentReader:
    """Walks the lines of one source and cuts them into documents and zones."""

    def __init__(self, source: Source):
        self.source = source
        self.lines = source.lines
        self.fixed = header_texts()

    # -- entry ------------------------------------------------------------------------------
    def documents(self) -> list[Found]:
        docs: list[Found] = []
        i = 0
        while i < len(self.lines):
            found = Found(self.source)
            start = i
            i = self._document(found, i)
            if docs and found.loai is None and not found.so_line:
                self._keep_with(docs[-1], start, i)
                continue
            if docs:
                found.parent = docs[0]
            docs.append(found)
        return docs

    def _keep_with(self, previous: Found, start: int, end: int) -> None:
        """A part after the closing block with no type or number of its own (a phụ lục "kèm theo" it, a page
        of notes) is not a record that could be built: it stays at the end of the document before it."""
        lines = [ln for ln in self.lines[start:end] if ln.text.strip()]
        if not lines:
            return
        previous.extra_lines.extend(Line(ln.text, ln.no, ln.page, kind=ln.kind) for ln in lines)
        previous.note(f"{lines[0].where}: phần sau khối chữ ký (\"{short(lines[0].text)}\", {len(lines)} dòng) "
                      "không có tên loại riêng: giữ ở cuối nội dung; nếu là phụ lục, hãy tách thành hồ sơ kèm theo")

    def _document(self, found: Found, i: int) -> int:
        i = self._header(found, i)
        headed = found.body_names or found.so_line
        if not headed and i < len(self.lines) and _ANNEX.match(collapse_ws(plain(self.lines[i].text))):
            # an annex has no closing block of its own: sample headers, signatures and Nơi nhận inside it (a
            # phụ lục of forms) are its content; it runs to the next annex heading or the end of the file
            i = self._annex_title(found, i)
            end = next((n for n in range(i, len(self.lines))
                        if _ANNEX.match(collapse_ws(plain(self.lines[n].text)))), len(self.lines))
            found.body = assemble(self.lines[i:end], found)
            return end
        i = self._title(found, i)
        end = self._closing_start(i)
        paras = assemble(self.lines[i:end], found)
        paras = self._lead_in(found, paras)
        found.body = paras
        if end < len(self.lines):
            i = self._closing(found, end)
        else:
            i = end
        return i

    # -- header -------------------------------------------------------------------------------
    def _header(self, found: Found, i: int) -> int:
        seen_number = False
        last: dict[bool, tuple[str, str]] = {}      # per column (left/right): the last item taken
        while i < len(self.lines):
            line = self.lines[i]
            items = []
            for index, seg in enumerate(line.segs):
                side = index > 0 or seg.col >= 30
                kind, text = self._header_kind(seg.text, i, seen_number), seg.text
                if kind in (None, "name") and side in last and line.kind != "docx":
                    # a header item wrapped in its printed column: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM",
                    # "Lâm Đồng, ngày 09 tháng 02 năm" / "2026"
                    before_kind, before = last[side]
                    joined = f"{before} {text}"
                    joined_kind = self._header_kind(joined, i, seen_number)
                    if (before_kind, joined_kind) == ("name", "fixed") or (
                            (before_kind, joined_kind) == ("date", "date") and not re.search(r"\d{4}", before)):
                        if last[side][0] == "name" and found.body_names and found.body_names[-1] == last[side][1]:
                            found.body_names.pop()
                        kind, text = joined_kind, joined
                items.append((kind, text, side))
            kinds = [kind for kind, _, _ in items]
            if not kinds or any(k is None for k in kinds) or "title" in kinds:
                break
            for kind, text, side in items:
                self._take_header(found, kind, text, line)
                last[side] = (kind, text)
                seen_number = seen_number or kind in ("so", "date")
            i += 1
            if found.letter_subject:       # "về việc …" of a công văn may wrap under the number
                while i < len(self.lines) and self._continues_subject(found, self.lines[i]):
                    found.trich_yeu = join_text(found.trich_yeu, self.lines[i].text)
                    i += 1
        return i

    def _header_kind(self, text: str, i: int, seen_number: bool) -> str | None:
        folded = fold(text)
        if _DRAFT.match(text):
            return "draft"
        if folded in self.fixed:
            return "fixed"
        if text == "*" or _RULE.match(text):
            return "star"
        if _SO.match(text) and (re.search(r"\d|[-/]", text)):
            return "so"
        if _DATE.match(text) and re.search(r"tháng", fix_date_typos(text)):
            return "date"
        if text.upper() in DO_MAT + DO_KHAN and is_caps(text):
            return "mark"
        if _CONG_VAN.match(text) and seen_number:
            return "subject"
        if is_caps(text) and not prefix_of(text) and classify(plain(text), 0).kind == DOAN:
            if match_type(text) or seen_number or self._title_follows(i):
                return "title"
            return "name"
        return None

    def _title_follows(self, i: int) -> bool:
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
        return nxt is not None and starts_lower(nxt.text) and classify(nxt.plain, 0).kind == DOAN

    def _take_header(self, found: Found, kind: str, text: str, line: Line) -> None:
        if kind == "draft":
            found.du_thao = text
            found.du_thao_dau_trang = not found.body_names and not found.so_line
        elif kind == "fixed":
            found.profile_hints.append(self.fixed[fold(text)])
        elif kind == "so":
            m = _SO.match(text)
            found.so_line = collapse_ws(text)
            found.so = int(m["so"]) if m["so"] else None
            found.ky_hieu = (m["rest"] or "").strip(" -/") or None
            found.profile_hints.append("nha-nuoc" if m["colon"] or (m["rest"] or "").startswith("/") else "dang")
        elif kind == "date":
            m = _DATE.match(text)
            found.date_place = m["place"].strip()
            fixed = fix_date_typos(text)
            if fixed != text:
                found.note(f"{line.where}: dòng ngày in \"{text}\", đọc là \"{fixed}\" (lỗi in)")
            try:
                found.date = parse_vn_date(fixed)
            except ValueError:
                found.note(f"{line.where}: ngày \"{text}\" không có trong lịch; để trống ngày")
            found.notes = [n for n in found.notes if "không có trong lịch" not in n or text in n]
        elif kind == "mark":
            if text.upper() in DO_MAT:
                found.do_mat = text.upper()
            else:
                found.do_khan = text.upper()
        elif kind == "subject":
            found.letter_subject = True
            found.trich_yeu = _CONG_VAN.match(text)["rest"].strip()
        elif kind == "name":
            found.body_names.append(collapse_ws(text))

    def _continues_subject(self, found: Found, line: Line) -> bool:
        text = line.text
        if len(line.segs) > 1 or self._header_kind(text, 0, True) is not None or _KINH_GUI.match(text) \
                or classify(line.plain, 0).kind != DOAN or is_caps(text):
            return False
        if line.kind == "pdf" and line.end is not None and line.end <= SUBJECT_COLUMN \
                and not found.trich_yeu.rstrip().endswith((".", ";", ":")):
            return True        # a PDF's V/v block wraps inside the narrow left column, whatever the case
        return starts_lower(text) or bool(re.search(r"\w[-/]$", found.trich_yeu))

    # -- title and subject -------------------------------------------------------------------
    def _title(self, found: Found, i: int) -> int:
        if i < len(self.lines) and is_caps(self.lines[i].text) and not prefix_of(self.lines[i].text) \
                and classify(self.lines[i].plain, 0).kind == DOAN and not self._is_lead_caps(i):
            line = self.lines[i]
            found.ten_loai = collapse_ws(plain(line.text))
            found.loai = match_type(line.text)
            i += 1
            subject: list[str] = []
            while i < len(self.lines) and len(subject) < 6:
                line = self.lines[i]
                if self._ends_subject(line, subject):
                    break
                subject.append(line.text)
                i += 1
            if subject:
                found.trich_yeu = plain(join_lines(subject))
        return self._after_title(found, i)

    def _after_title(self, found: Found, i: int) -> int:
        """Rules, the "(Kèm theo …)" line and the author line under a title block."""
        while i < len(self.lines):
            text = self.lines[i].text
            if _RULE.match(text):
                i += 1
            elif _KEM_THEO.match(plain(text)):       # often italic: "*(Kèm theo …)*"
                i = self._kem_theo(found, i)
            elif self._is_author(self.lines[i]) and found.ten_loai:
                found.tac_gia = plain(text)
                i += 1
            else:
                break
        return i

    def _annex_title(self, found: Found, i: int) -> int:
        """A phụ lục standing on its own: "Phụ lục I", its title (capitals, up to four lines), then "(Kèm theo …)".
        It has no header: the document it goes with gives the number, date and issuing body."""
        heading = collapse_ws(plain(self.lines[i].text))
        found.loai, found.ten_loai = "phu-luc", heading
        found.so_phu_luc = _ANNEX.match(heading)["so"]
        i += 1
        title: list[str] = []
        while i < len(self.lines) and len(title) < 4:
            text = self.lines[i].text
            if _KEM_THEO.match(plain(text)) or _RULE.match(text) or (title and not is_caps(text)) or \
                    classify(self.lines[i].plain, 0).kind != DOAN:
                break
            title.append(text)
            i += 1
        if title:
            found.trich_yeu = plain(join_lines(title))
        return self._after_title(found, i)

    def _is_lead_caps(self, i: int) -> bool:
        """A caps line that is a chủ thể ("BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH"), not a tên loại."""
        text = fold(plain(self.lines[i].text)).rstrip(": ")
        return not match_type(self.lines[i].text) and text.endswith(("quyet dinh", "quy dinh", "ban hanh"))

    def _ends_subject(self, line: Line, subject: list[str]) -> bool:
        text = line.text
        if (_RULE.match(text) or _KEM_THEO.match(text) or _KINH_GUI.match(text) or _CAN_CU.match(text)
                or _XET.match(text) or is_caps(text) or classify(line.plain, 0).kind != DOAN
                or self._is_author(line) or _NOI_NHAN.match(text)):
            return True
        if not subject:
            return False
        if starts_lower(text):
            return False
        if line.align == "center" and not ends_sentence(subject[-1]):
            return False
        return not re.search(r"\w[-/]$", subject[-1])

    def _is_author(self, line: Line) -> bool:
        """The author line of a báo cáo tham luận: a short name set to the right, not a numbered line."""
        text = line.plain
        if not text[:1].isupper() or is_caps(text) or classify(text, 0).kind != DOAN or len(text) > 90:
            return False
        return line.align == "right" or (line.indent is not None and line.indent >= 30)

    def _kem_theo(self, found: Found, i: int) -> int:
        text = self.lines[i].text
        i += 1
        while text.count("(") > text.count(")") and i < len(self.lines) and not _RULE.match(self.lines[i].text):
            text = join_text(text, self.lines[i].text)
            i += 1
        found.kem_theo = plain(text)
        text = found.kem_theo                          # without the emphasis marks of an italic line
        m = _SYMBOL_IN.search(text)
        if m:
            found.kem_theo_symbol = re.sub(r"\s+", "", m["sym"])
        dm = re.search(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", text)
        if dm:
            try:
                found.kem_theo_date = parse_vn_date(dm.group(0))
            except ValueError:
                pass
        return i

    # -- lead-in: Kính gửi, chủ thể, căn cứ, xét đề nghị ----------------------------------
    def _lead_in(self, found: Found, paras: list[Para]) -> list[Para]:
        j = 0
        while j < len(paras) and self._is_author(paras[j].line) and not found.tac_gia and found.ten_loai:
            found.tac_gia = plain(paras[j].text)
            j += 1
        if j < len(paras) and _KINH_GUI.match(paras[j].text):
            rest = _KINH_GUI.match(paras[j].text)["rest"].strip()
            j += 1
            if rest and not rest.startswith(("-", "–")):
                # a single addressee wrapped over lines (PDF rows): the line does not end a sentence and
                # the next is indented past the body's first-line indent, not a new paragraph
                while j < len(paras) and not rest.endswith((".", ";", ",", ":")) \
                        and paras[j].line.kind == "pdf" and (paras[j].line.indent or 0) >= 15 \
                        and not _KINH_GUI.match(paras[j].text):
                    rest = join_text(rest, paras[j].text)
                    j += 1
                found.kinh_gui = [rest.rstrip(" .;,")]
            else:
                if rest:
                    found.kinh_gui.append(_undash(rest))
                while j < len(paras) and re.match(r"^[-–]\s", paras[j].text) and (
                        not found.kinh_gui or not found.kinh_gui[-1].rstrip().endswith(".")):   # "." ends the list
                    found.kinh_gui.append(_undash(paras[j].text))
                    j += 1
        # [chủ thể trước] căn cứ … [xét đề nghị] chủ thể — read on the plain text: a State document prints the
        # căn cứ in italics and the chủ thể in bold ("*Căn cứ …;*", "**QUYẾT ĐỊNH:**"), which the renderer applies
        k = j
        before = None
        text = [plain(p.text) for p in paras]
        if k < len(paras) and is_caps(text[k]) and classify(text[k], 0).kind == DOAN:
            before = paras[k]
            k += 1
        m = k
        while m < len(paras) and (_CAN_CU.match(text[m]) or _XET.match(text[m])):
            m += 1
        after = paras[m] if m < len(paras) and is_caps(text[m]) and classify(text[m], 0).kind == DOAN else None
        if after is not None and (m > k or before is not None or _ends_decision(text[m])):
            found.chu_the_truoc = plain(before.text) if before else None
            found.chu_the_sau = plain(after.text)
            for n in range(k, m):
                if _XET.match(text[n]) and not _XET.match(text[n])["dash"] and n == m - 1:
                    found.xet_de_nghi = text[n]
                else:
                    found.can_cu.append(_undash(text[n]))
            return paras[m + 1:]
        if before is not None and _ends_decision(text[k - 1]) and m == k:
            found.chu_the_sau = plain(before.text)
            return paras[k:]
        # căn cứ without a chủ thể after them (a nghị quyết, kế hoạch): lines that stand as căn cứ, "- Căn cứ …"
        # (Party), a whole italic line (State) or one ending ";", never a sentence of the body. A công văn (no
        # tên loại) has no căn cứ block: its "Căn cứ …;" opens the body
        n = j
        while found.ten_loai and n < len(paras) - 1 and _CAN_CU.match(text[n]) and (
                _CAN_CU.match(text[n])["dash"] or text[n].endswith(";") or _ITALIC_LINE.match(paras[n].text)
                or all(ln.italic for ln in paras[n].lines)):
            n += 1
        found.can_cu += [_undash(t) for t in text[j:n]]
        return paras[n:]

    # -- closing block: signature and Nơi nhận --------------------------------------------
    def _closing_start(self, i: int) -> int:
        for n in range(i, len(self.lines)):
            candidate = any(_NOI_NHAN.match(seg.text) or prefix_of(seg.text) for seg in self.lines[n].segs) \
                or self._direct_signature(n)
            if candidate and not self._body_goes_on(n):
                return n
        return len(self.lines)

    def _body_goes_on(self, n: int) -> bool:
        """A signature printed as an example inside the body (a guide's "Ví dụ 1: … T/M BAN THƯỜNG VỤ"): the
        body's numbered structure (a khoản, điểm, Điều or heading) comes again before the next document."""
        for m in range(n + 1, len(self.lines)):
            line = self.lines[m]
            if self._surely_starts_document(m):
                return False
            if line.cell is None and len(line.segs) == 1 and line.align not in ("center", "right") \
                    and classify(line.plain, 0).kind in (*HEADINGS, DIEU, KHOAN, DIEM):
                return True
        return False

    def _direct_signature(self, n: int) -> bool:
        """A caps chức vụ line then a name within a few lines, at the end of a document."""
        line = self.lines[n]
        if not line.segs or not is_caps(line.segs[-1].text) or len(line.segs[-1].text.split()) > 8:
            return False
        if classify(line.plain, 0).kind != DOAN or match_type(line.text) or _ends_decision(line.text):
            return False
        if n > 0 and classify(self.lines[n - 1].plain, 0).kind in HEADINGS:
            return False
        for m in range(n + 1, min(n + 5, len(self.lines))):
            seg = self.lines[m].segs[-1].text if self.lines[m].segs else ""
            if is_name(seg):
                after = self.lines[m + 1] if m + 1 < len(self.lines) else None
                return after is None or self._starts_document(m + 1) or bool(
                    re.match(r"^[-–]\s", after.text) or _NOI_NHAN.match(after.text)) \
                    or self._direct_signature(m + 1)          # two signatures side by side (biên bản)
            if not (is_caps(seg) or _SIGNED.match(seg)):
                return False
        return False

    def _surely_starts_document(self, n: int) -> bool:
        """A new document by its header or title alone (a caps chức vụ over "(chữ ký)" is not one)."""
        text = self.lines[n].text
        segs = [s.text for s in self.lines[n].segs] or [text]
        return any(fold(s) in self.fixed for s in segs) or bool(_DRAFT.match(text) or _PHU_LUC.match(plain(text))) \
            or (is_caps(text) and not prefix_of(text) and bool(match_type(text)))

    def _starts_document(self, n: int) -> bool:
        if n >= len(self.lines):
            return False
        text = self.lines[n].text
        segs = [s.text for s in self.lines[n].segs] or [text]
        if any(fold(s) in self.fixed for s in segs) or _DRAFT.match(text) or _KEM_THEO.match(text) \
                or _PHU_LUC.match(plain(text)):
            return True
        if is_caps(text) and not prefix_of(text):
            return bool(match_type(text)) or self._title_follows(n) or (
                n + 1 < len(self.lines) and self.lines[n + 1].text == "*")
        return False

    def _closing(self, found: Found, i: int) -> int:
        """Signature and Nơi nhận, read piece by piece: a PDF prints them side by side, a Word table
        holds them in two cells, a plain text has one after the other."""
        signer: dict[str, str] = {}
        outer: list[str] = []                 # "TM. ỦY BAN NHÂN DÂN" above a "KT. CHỦ TỊCH" line
        in_list = False
        while i < len(self.lines):
            line = self.lines[i]
            complete = signer.get("ho_ten") or not signer
            if complete and (signer or in_list) and self._starts_document(i):
                break                         # the next document (a Quy chế after its Quyết định)
            if not signer and self._titles_side_by_side(line):
                i = self._side_by_side(found, i)
                continue
            if signer.get("ho_ten") and self._direct_signature(i):   # the next of two signatures
                found.side_signers.append(_signer_of(signer))
                signer.clear()
                outer.clear()
            for index, seg in enumerate(line.segs):
                self._closing_piece(found, line, seg, index, signer, outer, in_list)
                in_list = in_list or bool(found.noi_nhan) or bool(_NOI_NHAN.match(seg.text))
            i += 1
        if signer:
            found.signer = _signer_of(signer)
            for text in outer:
                found.note(f"dòng \"{text}\" phía trên dòng ký thay chưa ghi được vào hồ sơ (mỗi hồ sơ có một "
                           "dòng quyền hạn); hãy kiểm tra người ký")
        return i

    @staticmethod
    def _titles_side_by_side(line: Line) -> bool:
        """Two signature titles on one printed line (a PDF of a biên bản, a joint document): caps pieces."""
        return line.cell is None and len(line.segs) >= 2 and all(
            is_caps(seg.text) and not _NOI_NHAN.match(seg.text) for seg in line.segs)

    def _side_by_side(self, found: Found, i: int) -> int:
        """Signature blocks printed next to each other: each piece goes to the column it stands under; the
        rightmost is the signer, the others the side signatures (a biên bản's recorder)."""
        columns = [seg.col for seg in self.lines[i].segs]
        parts: list[dict] = [{} for _ in columns]
        outer: list[str] = []
        while i < len(self.lines) and not all(p.get("ho_ten") for p in parts):
            line = self.lines[i]
            if any(_NOI_NHAN.match(seg.text) for seg in line.segs) or self._starts_document(i):
                break
            for index, seg in enumerate(line.segs):
                column = min(range(len(columns)), key=lambda c: abs(columns[c] - seg.col))
                self._closing_piece(found, line, seg, index, parts[column], outer, False)
            i += 1
        found.side_signers += [_signer_of(p) for p in parts[:-1] if p]
        found.signer = _signer_of(parts[-1])
        return i

    def _closing_piece(self, found: Found, line: Line, seg, index: int, signer: dict, outer: list[str],
                       in_list: bool) -> None:
        text = seg.text
        right = self._right_side(line, seg, index)
        if found.sau_chu_ky or self._after_block(found, line, seg, signer):
            found.sau_chu_ky.append(text)
            found.note(f"{line.where}: dòng in sau khối chữ ký và nơi nhận, ghi vào sau_chu_ky: \"{short(text)}\"")
            return
        heading = _NOI_NHAN.match(text)
        if heading and not right:
            if heading["rest"]:
                found.noi_nhan.append(_undash(heading["rest"]))
            return
        authority = prefix_of(text)
        if authority:
            if (authority[0] == "kt" and signer.get("hinh_thuc") == "tm" and not signer.get("ky_thay")
                    and not signer.get("chuc_vu")):   # "TM. ỦY BAN NHÂN DÂN" then "KT. CHỦ TỊCH"
                signer["ky_thay"] = authority[2]
                return
            if signer.get("prefix_text"):
                outer.append(signer["prefix_text"])
            signer.update(ky_thay="", hinh_thuc=authority[0], thay_mat=authority[2], prefix_text=text, chuc_vu="", ho_ten="")
            found.signer_profile = authority[1]
            return
        if re.match(r"^[-–]\s", text) and not right:
            found.noi_nhan.append(_undash(text))
            return
        if _SIGNED.match(text) and (right or signer):
            found.note(f"{line.where}: bỏ dòng \"{text}\" trong khối chữ ký")
            return
        if is_caps(text) and not text.startswith("(") and not signer.get("ho_ten"):
            signer["chuc_vu"] = f"{signer.get('chuc_vu', '')} {text}".strip()
            return
        if is_name(text) and signer.get("ho_ten") and signer.get("name_line", (None,))[0] == line.no - 1 \
                and len(f"{signer['ho_ten']} {text}".split()) <= MAX_NAME_WORDS and len(line.segs) == 1:
            signer["ho_ten"] = f"{signer['ho_ten']} {text}"      # a name wrapped in its narrow cell
            signer["name_line"] = (line.no, index)
            signer["name_at"] = (line.page or 0, line.no, line.cell)
            return
        if is_name(text) and (right or (signer and not signer.get("ho_ten"))):
            signer["ho_ten"] = text
            signer["name_line"] = (line.no, index)
            signer["name_at"] = (line.page or 0, line.no, line.cell)
            return
        if in_list and not right and text.rstrip().endswith(":"):
            found.noi_nhan.append(text)                # a group heading: "Gửi bản giấy:"
            return
        if in_list and not right and found.noi_nhan:
            previous = found.noi_nhan[-1]
            if text.startswith("(") or starts_lower(text) or not re.search(r"[,;.:]$", previous):
                found.noi_nhan[-1] = join_text(previous, text)     # a wrapped item, a note "(báo cáo)"
            else:
                found.noi_nhan.append(text)
            return
        found.note(f"{line.where}: không nhận ra trong khối chữ ký / nơi nhận, giữ nguyên như đoạn văn "
                   f"cuối nội dung: \"{text}\"")
        found.extra_lines.append(Line(text, line.no, line.page, kind=line.kind))

    def _after_block(self, found: Found, line: Line, seg, signer: dict) -> bool:
        """A line printed under the whole closing block (a hotline: "Số điện thoại liên hệ …"): the name is
        read, Nơi nhận has ended with its archive line, and the line is not in either column: it runs across
        the page (PDF, text), stands outside the signature table (Word), or names a way to reach the office."""
        at = signer.get("name_at")
        if at is None or (line.page or 0, line.no) <= at[:2] or len(line.segs) != 1:
            return False
        if not any(fold(item).startswith("luu") for item in found.noi_nhan):
            return False
        text = seg.text
        if _CONTACT.match(text):
            return True
        if line.kind == "docx":
            return at[2] is not None and line.cell is None and not re.match(r"^[-–+]\s", text)
        return seg.col > 0 and seg.col + len(text) >= ACROSS_COLUMNS

    def _right_side(self, line: Line, seg, index: int) -> bool:
        if line.cell is not None:
            return line.cell[2] >= 1
        if index > 0:
            return True
        if line.kind == "docx":
            return line.align in ("center", "right") or seg.col > 0     # centred, or pushed right by tabs
        return seg.col >= 30


def _signer_of(parts: dict) -> Signer:
    return Signer(parts.get("hinh_thuc", ""), parts.get("thay_mat", ""), parts.get("chuc_vu", ""),
                  parts.get("ho_ten", ""), parts.get("ky_thay", ""))


def _ends_decision(text: str) -> bool:
    return fold(plain(text)).rstrip(": ").endswith(("quyet dinh", "quy dinh", "ban hanh"))


# --------------------------------------------------------------------------- paragraphs

def assemble(lines: list[Line], found: Found) -> list[Para]:
    """Lines → paragraphs: Word paragraphs stay whole; PDF and text lines broken inside a sentence
    are rejoined (by indentation when the document indents first lines, else by the sentence)."""
    if not lines:
        return []
    kind = lines[0].kind
    geometry = kind == "pdf" and _indents_first_lines(lines)
    width = _wrap_width(lines)
    indents = [ln.indent for ln in lines if ln.indent is not None]
    base = min(indents) if indents else 0
    ends = [ln.end for ln in lines if ln.end is not None]
    right = max(ends) if ends else None
    paras: list[Para] = []
    joined = 0
    for line in lines:
        if not paras:
            paras.append(Para(line.text, line, [line]))
            continue
        prev = paras[-1]
        if _continues(prev, line, kind, geometry, width, base, right):
            prev.text = join_text(prev.text, line.text)
            prev.lines.append(line)
            joined += 1
        else:
            paras.append(Para(line.text, line, [line]))
    if joined and kind == "docx":
        found.note(f"nối {joined} dòng bị ngắt giữa câu (xuống dòng trong đoạn hoặc ngắt đoạn giữa câu)")
    return paras


def _indents_first_lines(lines: list[Line]) -> bool:
    indents = [ln.indent for ln in lines if ln.indent is not None]
    if not indents:
        return False
    base = min(indents)
    markers = [ln for ln in lines if classify(ln.plain, 0).kind not in (DOAN,)]
    at_base = sum(1 for ln in lines if ln.indent == base)
    indented_markers = sum(1 for ln in markers if (ln.indent or 0) > base + 1)
    return at_base >= 2 and markers and indented_markers >= 0.8 * len(markers)


def _wrap_width(lines: list[Line]) -> float:
    """The typical length of a full printed line, measured on lines followed by a lower-case one."""
    lengths = [len(a.text) for a, b in zip(lines, lines[1:]) if starts_lower(b.text) and not ends_sentence(a.text)]
    if len(lengths) >= 5:
        return statistics.median(lengths)
    return 0.0


def _continues(prev: Para, line: Line, kind: str, geometry: bool, width: float, base: int,
               right: int | None) -> bool:
    text = line.text
    pl = classify(line.plain, 0)
    last = prev.lines[-1]
    head = classify(prev.lines[0].plain, 0)
    word_heading = head.kind in HEADINGS and not head.sep          # "Chương I", not "II. NỘI DUNG"
    if word_heading and not head.text and len(prev.lines) == 1:
        return False                                    # "Chương I" / its title on the next line
    if word_heading or (is_caps(prev.text) and head.kind == DOAN):
        # a long heading title wraps over two centred capital lines
        return is_caps(text) and pl.kind == DOAN and not ends_sentence(prev.text) and (
            (line.align or "") == "center" or (line.indent or 0) > 10 or kind == "txt")
    if is_caps(text) and not is_caps(prev.text):
        return False
    if kind == "docx":
        if line.new_para:
            return pl.kind == DOAN and starts_lower(text) and not ends_sentence(prev.text)
        return pl.kind == DOAN and not (ends_sentence(prev.text) and not starts_lower(text))
    if geometry:       # first lines are indented; a line at the margin continues the paragraph
        return line.indent is not None and line.indent <= base + 1 and (last.indent or 0) < 30
    if pl.kind != DOAN:
        return False
    if starts_lower(text) or text[:1] in ",;)":
        return True
    if ends_sentence(prev.text) or prev.text.rstrip().endswith(":"):
        return False
    if right is not None and last.end is not None:    # a printed line that runs to the margin wraps
        return last.end >= right - 8
    threshold = 0.8 * width if width else 120
    return len(last.text) >= threshold


# --------------------------------------------------------------------------- matching the office

@dataclass
class Imported:
    """One document ready to be written as a record."""
    source: Path
    found: Found
    meta: Meta
    body_lines: list[str]
    key: str = ""
    signer_key: str | None = None
    write_signer: bool = False
    report: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    written: Path | None = None
    digest: str = ""
    parent: "Imported | None" = None
    comments: dict[str, list[str]] = field(default_factory=dict)   # field -> "# …" lines above it in the record

    def note(self, message: str) -> None:
        self.report.append(message)

    def comment(self, key: str, message: str) -> None:
        """An unknown or unsure value, said beside its field in the record (and in the report)."""
        self.comments.setdefault(key, []).append(message)


def _match_body(found: Found, config: OfficeConfig, option: str | None, notes: list[str]) -> Body | None:
    bodies = config.bodies
    if option:
        return bodies[option]
    names = found.body_names
    for start in range(len(names)):
        joined = fold(" ".join(names[start:]))
        hits = [b for b in bodies.values() if fold(b.ten) == joined]
        if len(hits) > 1 and start > 0:
            upper = fold(" ".join(names[:start]))
            hits = [b for b in hits if b.cap_tren and fold(b.cap_tren) == upper] or hits
        if len(hits) == 1:
            return hits[0]
    codes = [fold(code) for code in re.split(r"[-/\s]+", found.ky_hieu or "") if code]
    # "QĐ/TU", "QĐ-UBND", "UBND-VP": a code alone names a body only when the header prints no name; a
    # printed name that matched none of the office's bodies is another body's document (every UBND is "UBND").
    hits = [b for b in bodies.values() if fold(b.ma) in codes] if not names else []
    if len(hits) == 1:
        notes.append(f"co_quan: {hits[0].key} (theo ký hiệu \"{found.ky_hieu}\" trong số văn bản)")
        return hits[0]
    for text, why in ((found.chu_the_sau or "", "dòng chủ thể"), (found.chu_the_truoc or "", "dòng chủ thể")):
        hits = [b for b in bodies.values() if b.chu_the and fold(b.chu_the) in fold(text)]
        if len(hits) == 1:
            notes.append(f"co_quan: {hits[0].key} (theo {why} \"{text}\")")
            return hits[0]
    for text, why in ((found.tac_gia or "", "dòng tác giả"), (found.kem_theo or "", "dòng kèm theo")):
        hits = [b for b in bodies.values() if fold(b.ten) in fold(text)
                or (b.ten_goi and fold(b.ten_goi) in fold(text) and fold(b.dia_danh) in fold(text))]
        if len(hits) == 1:
            notes.append(f"co_quan: {hits[0].key} (theo {why} \"{text}\")")
            return hits[0]
    signer_key = _signer_key(found.signer, config) if found.signer else None
    hits = [b for b in bodies.values() if signer_key and b.nguoi_ky == signer_key]
    if len(hits) == 1:
        notes.append(f"co_quan: {hits[0].key} (theo người ký {found.signer.ho_ten}, người ký mặc định của cơ quan)")
        return hits[0]
    if len(bodies) == 1:
        body = next(iter(bodies.values()))
        notes.append(f"co_quan: {body.key} (cơ quan duy nhất trong cấu hình văn phòng)")
        return body
    return None


# "TỈNH LÂM ĐỒNG" continues "ỦY BAN NHÂN DÂN"; "HUYỆN ỦY …", "TỈNH ĐOÀN …" are bodies of their own.
_ADMIN_UNIT = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s(?!ỦY\b|ĐOÀN\b|HỘI\b)",
                         re.IGNORECASE)


# How the name of an issuing body starts (ND 30 Phụ lục I; HD 36 II.2): a header line that starts otherwise
# continues the name above it.
BODY_HEADS = (
    "ỦY BAN", "UỶ BAN", "UBND", "UBMTTQ", "MẶT TRẬN", "MTTQ", "HỘI ĐỒNG", "HĐND", "HỘI", "HIỆP HỘI", "LIÊN ĐOÀN",
    "LIÊN HIỆP", "SỞ", "BỘ", "BAN", "VĂN PHÒNG", "PHÒNG", "CỤC", "CHI CỤC", "TỔNG CỤC", "VỤ", "THANH TRA",
    "TRUNG TÂM", "TRƯỜNG", "HỌC VIỆN", "VIỆN", "BỆNH VIỆN", "TỔ", "ĐOÀN", "ĐẢNG", "CHI BỘ", "TỈNH ỦY", "TỈNH UỶ",
    "THÀNH ỦY", "THÀNH UỶ", "HUYỆN ỦY", "HUYỆN UỶ", "QUẬN ỦY", "QUẬN UỶ", "THỊ ỦY", "THỊ UỶ", "XÃ ỦY", "CÔNG AN",
    "QUÂN", "CHÍNH PHỦ", "QUỐC HỘI", "TÒA ÁN", "TOÀ ÁN", "KHO BẠC", "BẢO HIỂM", "NGÂN HÀNG", "CÔNG TY", "TỔNG CÔNG TY",
    "CHI NHÁNH", "ĐÀI", "BÁO", "TẠP CHÍ", "NHÀ", "KIỂM TOÁN", "TIỂU BAN", "CƠ QUAN", "HỢP TÁC XÃ", "ĐẠI HỘI",
    "ĐẠI HỌC", "LỰC LƯỢNG", "BỘ CHỈ HUY", "THƯỜNG TRỰC", "THƯỜNG VỤ", "ĐƠN VỊ", "KHỐI", "TẬP ĐOÀN", "LIÊN MINH",
    "BCĐ", "BQL", "BCH", "BTV", "BTT", "LĐLĐ", "VKSND", "TAND", "CA", "HLHPN", "ĐTN", "VP")
_BODY_HEAD = re.compile(r"^(?:" + "|".join(sorted(map(re.escape, BODY_HEADS), key=len, reverse=True)) + r")\b"
                        r"|^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s")


def _inline_spec(found: Found) -> dict:
    """Another body's names as printed: the last header line(s) name it, the line above is its superior."""
    names = [n for n in found.body_names if n.strip()]
    # "ỦY BAN NHÂN DÂN" over "TỈNH LÂM ĐỒNG" is one name wrapped in its column, not a superior body:
    # a line that names an administrative unit continues the line above.
    while len(names) > 1 and _ADMIN_UNIT.match(names[-1]) and not _ADMIN_UNIT.match(names[-2]):
        names[-2:] = [f"{names[-2]} {names[-1]}"]
    # "HỘI ĐỒNG THẨM ĐỊNH," / "ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH" / "HÀNH CHÍNH TỈNH": a line that does not start the way
    # a body's name starts, or that follows a comma, is the same name wrapped in its narrow column
    k = len(names) - 1
    while k > 0:
        if names[k - 1].rstrip().endswith((",", "-", "–")) or not _BODY_HEAD.match(names[k]):
            names[k - 1:k + 1] = [f"{names[k - 1]} {names[k]}"]
        k -= 1
    spec: dict = {"ten": names[-1]}
    if len(names) > 1:
        spec["cap_tren"] = " ".join(names[:-1])
    sym = found.ky_hieu or ""
    code = _type_code(found)
    tail = sym.split("/")[-1] if "/" in sym else sym
    letter = found.letter_subject or (not found.ten_loai and bool(found.kinh_gui))
    if letter and "-" in tail and "/" not in sym.split("-")[0]:
        # a State công văn has no type code: "SNV-TCBC" is the body's code, then its drafting unit's
        spec["ma"], spec["ma_don_vi"] = tail.split("-", 1)
    else:
        if code and tail.startswith(code + "-"):
            tail = tail[len(code) + 1:]
        if tail and tail != code:
            spec["ma"] = tail
    spec["ho_so"] = _profile_key(found, None)
    if found.date_place:
        spec["dia_danh"] = found.date_place
    return spec


def _type_code(found: Found) -> str | None:
    sym = found.ky_hieu or ""
    if "/" in sym and re.match(r"^[^/]+/[^/]+$", sym) and "-" not in sym.split("/")[0]:
        return sym.split("/")[0]           # Party: "QĐ/TU"
    if "-" in sym:
        return sym.split("-")[0]           # State: "QĐ-UBND"
    return None


def _undash(text: str) -> str:
    return _DASH.sub("", text)


def _profile_key(found: Found, body: Body | None) -> str:
    if body is not None:
        return body.ho_so
    hints = found.profile_hints + ([found.signer_profile] if found.signer_profile else [])
    return max(set(hints), key=hints.count) if hints else "dang"


def _draft_version(found: Found, meta: Meta, body: Body | None, notes: list[str]) -> None:
    """An undated Party draft is built by today's version; where its draft mark stands says which version it
    was made by (HD 05 Phần II II.4.2: under the số ký hiệu; HD 36: at the top), so it is pinned to that one."""
    if body is None or body.ho_so != "dang" or meta.ngay or body.ho_so_tep:
        return
    today = body.profile_on(None)
    fits = [p for p in versions("dang") if (p.get("du_thao_vi_tri") == "duoi-so-ky-hieu") != found.du_thao_dau_trang]
    if not fits or any(p.version == today.version for p in fits):
        return
    meta.phien_ban_dang = fits[-1].version
    notes.append(f"phien_ban_dang: {meta.phien_ban_dang} (dấu \"{found.du_thao}\" in "
                 f"{'ở đầu trang' if found.du_thao_dau_trang else 'dưới số, ký hiệu'} theo {fits[-1]['ten']})")


def resolve(found: Found, config: OfficeConfig, loai: str | None, co_quan: str | None) -> Imported:
    """Found → Meta: match the issuing body, type, signer; fill or leave blank what is missing."""
    notes: list[str] = []
    parent = found.parent
    if found.loai == "phu-luc" and parent is None and not found.body_names and found.kem_theo:
        # an annex on its own names its document's issuer in "(Kèm theo … của Chính phủ)"
        issuer = _ISSUER_IN.search(found.kem_theo)
        if issuer:
            found.body_names.append(collapse_ws(issuer["ten"]).upper())
        if found.kem_theo_symbol:       # "30/2020/NĐ-CP", "329/BC-UBND": State; "36-HD/VPTW": Party
            state = re.match(r"^\d+/", found.kem_theo_symbol) is not None
            found.profile_hints.append("nha-nuoc" if state else "dang")
    body = _match_body(found, config, co_quan, notes)
    if body is None and parent is not None and parent.body_key:
        body = config.body(parent.body_key)
        notes.append(f"co_quan: {body.key} (như văn bản ban hành nó trong cùng tệp)")
    inline_spec = None
    if body is not None and parent is not None and config.is_inline(body.key):
        inline_spec = dict(parent_spec) if (parent_spec := _inline_spec(parent)) else None
    if body is None and found.body_names:
        inline_spec = _inline_spec(found)
        body = inline_body(inline_spec)
        config.inline.setdefault(body.key, body)
        notes.append(f"co_quan: \"{body.ten}\" không có trong {config.path.name}: ghi trực tiếp tên cơ quan như "
                     "văn bản in (co_quan: {ten, cap_tren, ma, ho_so, dia_danh}); tạo được văn bản nhưng không cấp "
                     "số, ban hành được")
    unknown_body = body is None and not found.body_names and not found.so_line
    if unknown_body:
        # a text with no header (an author's report, an article copied from the web): nothing names its issuer;
        # an inline body that says so lets the record build as a draft, never issued (inline bodies are not)
        inline_spec = {"ten": import_labels()["co_quan_chua_ro"], "ho_so": _profile_key(found, None)}
        body = inline_body(inline_spec)
        config.inline.setdefault(body.key, body)
        notes.append(f"co_quan: chưa nhận ra cơ quan ban hành (văn bản không in tên cơ quan); ghi tạm \"{body.ten}\" "
                     f"để tạo được bản nháp: hãy thay bằng mã trong {config.path.name} "
                     f"({', '.join(config.bodies)}) hoặc tên cơ quan như văn bản gốc, hoặc nhập lại với --co-quan")
    found.body_key = body.key if body else None
    profile = body.profile if body is not None else load_profile(_profile_key(found, None))

    type_key = loai or found.loai
    if loai and found.loai and loai != found.loai:
        notes.append(f"loai: dùng \"{loai}\" theo tham số --loai (văn bản ghi \"{found.ten_loai}\")")
    if not type_key:
        code = _type_code(found)
        candidates = [k for k, t in doctypes.doc_types().items() if code and t.code(profile.key) == code]
        if candidates:
            type_key = candidates[0]
            notes.append(f"loai: {type_key} (theo ký hiệu \"{code}\"; văn bản không có dòng tên loại)")
        elif not found.ten_loai and (found.letter_subject or found.kinh_gui):
            type_key = "cong-van"
        elif not found.ten_loai and (marked := _type_by_mark(found)):
            type_key, line = marked
            notes.append(f"loai: {type_key} (văn bản không in tên loại; dòng \"{short(line)}\" là dấu hiệu của "
                         f"{doctypes.get(type_key).ten or type_key}); hãy kiểm tra")
        elif not found.ten_loai and not found.so_line and found.signer and found.body_names:
            # a header, a signature, and neither a number nor a tên loại: what a thư công prints (ND 30 Đ7;
            # not numbered): it builds as one, and the official is asked to check
            type_key = "thu-cong"
            notes.append("loai: thu-cong (văn bản có đầu trang và chữ ký nhưng không in tên loại, không có số: như "
                         "thư công); hãy kiểm tra, sửa loai nếu là loại khác")
        elif found.ten_loai:
            notes.append(f"loai: tên loại \"{found.ten_loai}\" chưa có trong danh sách loại văn bản; hãy điền "
                         f"loai (các loại: {', '.join(doctypes.doc_types())}) hoặc chạy lại với --loai")
        else:
            notes.append(f"loai: không thấy tên loại văn bản; hãy điền loai (các loại: "
                         f"{', '.join(doctypes.doc_types())}) hoặc chạy lại với --loai")
    doc_type = doctypes.get(type_key) if type_key else None

    meta = Meta(loai=type_key or "", co_quan=body.key if body else "")
    meta.co_quan_ghi = inline_spec
    if body is None:
        names = " / ".join(found.body_names) or "không có"
        notes.append(f"co_quan: chưa nhận ra cơ quan ban hành (trong văn bản: {names}); hãy điền mã trong "
                     f"{config.path.name} ({', '.join(config.bodies)}), thêm cơ quan mới vào đó, "
                     "hoặc chạy lại với --co-quan")
    meta.trich_yeu = found.trich_yeu
    if found.so_phu_luc:
        meta.so_phu_luc = found.so_phu_luc
    if doc_type is not None and doc_type.bo_cuc == "phu-luc":
        pass                                          # "Phụ lục I" is rendered from so_phu_luc
    elif doc_type is not None and found.ten_loai and fold(found.ten_loai) != fold(doc_type.ten_loai or ""):
        meta.ten_loai = found.ten_loai
    elif doc_type is None and found.ten_loai:
        meta.ten_loai = found.ten_loai
    meta.so = found.so
    meta.ngay = found.date
    meta.do_mat, meta.do_khan = found.do_mat, found.do_khan
    meta.tac_gia = found.tac_gia
    meta.kinh_gui = found.kinh_gui
    meta.can_cu = found.can_cu
    meta.xet_de_nghi = found.xet_de_nghi
    meta.noi_nhan = found.noi_nhan
    meta.sau_chu_ky = found.sau_chu_ky
    if found.date_place and (body is None or fold(found.date_place) != fold(body.dia_danh)):
        meta.dia_danh = found.date_place
    if found.du_thao:
        meta.trang_thai = "du-thao"
        if found.du_thao != profile["du_thao_mac_dinh"]:
            meta.du_thao = found.du_thao
        _draft_version(found, meta, body, notes)
    if doc_type is not None and doc_type.nhan_dien and not meta.trich_yeu and found.body:
        headline = found.body.pop(0)          # an article's first line is its headline: the title block's place
        meta.trich_yeu = plain(headline.text)
    imported = Imported(found.source.path, found, meta, [])
    imported.report += notes
    _number_and_status(imported, body, profile, doc_type)
    if unknown_body:
        imported.comment("co_quan", "văn bản không in cơ quan ban hành: tên ghi tạm, hãy điền cơ quan thật")
        if meta.trang_thai != "du-thao":
            meta.trang_thai = "du-thao"
            imported.comment("trang_thai", "chưa rõ cơ quan ban hành: nhập như bản dự thảo")
    _chu_the(imported, body, profile, doc_type)
    _signature(imported, config, body, profile)
    _own_layout(imported, config, body, profile, doc_type)
    _archive_line(imported, body, profile)
    _body_lines(imported)
    return imported


@lru_cache(maxsize=1)
def import_labels() -> dict:
    """What import writes for what a document does not print (generator/format/data/nhap.yaml)."""
    import yaml
    from generator.format.datadir import DATA_DIR
    return yaml.safe_load((DATA_DIR / "nhap.yaml").read_text(encoding="utf-8"))


def _type_by_mark(found: Found) -> tuple[str, str] | None:
    """(type, line) when a line near the top is what only that type prints (loai-van-ban.yaml nhan_dien: an
    article's web time stamp "Cập nhật lúc 11:40, Thứ Sáu, 12/01/2018 (GMT+7)")."""
    for para in found.body[:4]:
        text = plain(para.text)
        for key, doc_type in doctypes.doc_types().items():
            if any(re.search(pattern, text, re.IGNORECASE) for pattern in doc_type.nhan_dien):
                return key, text
    return None


def _summary(imp: Imported, config: OfficeConfig) -> None:
    """One line for the fields the office config will supply and one for those left blank."""
    found, meta = imp.found, imp.meta
    body, doc_type = config.body(meta.co_quan), doctypes.get(meta.loai)
    from_config, blank = [], []
    if body is not None and body.dia_danh and not found.date_place and not found.kem_theo:
        from_config.append(f"địa danh ({body.dia_danh})")
    if found.signer is None and body is not None and body.nguoi_ky and not found.kem_theo:
        from_config.append(f"người ký ({body.nguoi_ky})")
    if doc_type is not None and doc_type.dang_ky and not found.kem_theo:
        blank += [name for name, value in (("so", meta.so), ("ngay", meta.ngay)) if not value]
    if doc_type is not None:
        blank += [f for f in doc_type.bat_buoc if f not in ("co_quan", "nguoi_ky") and not getattr(meta, f)]
    if from_config:
        imp.note(f"lấy từ cấu hình văn phòng khi tạo văn bản: {', '.join(from_config)}")
    if blank:
        imp.note(f"để trống (như bản dự thảo, hãy điền nếu cần): {', '.join(dict.fromkeys(blank))}")


def _number_and_status(imp: Imported, body: Body | None, profile: Profile, doc_type) -> None:
    found, meta = imp.found, imp.meta
    if found.ky_hieu and body is not None and doc_type is not None:
        probe = Record(key="", path=found.source.path, meta=Meta(loai=meta.loai, co_quan=body.key), body=[])
        derived = collapse_ws(number_line(probe, body, profile, meta.so))
        if found.so_line and fold(derived) != fold(found.so_line):
            meta.ky_hieu = found.ky_hieu
            imp.note(f"ky_hieu: \"{found.ky_hieu}\" khác ký hiệu tự ghép \"{derived}\"; giữ như văn bản")
    if found.du_thao:
        return
    if found.source.ocr:              # words recognised from a scan are not yet the document: a draft to read
        meta.trang_thai = "du-thao"
        for key, value in (("so", meta.so), ("ngay", meta.ngay), ("trich_yeu", meta.trich_yeu)):
            imp.comment(key, "đọc bằng OCR từ bản quét: đối chiếu với bản giấy" if value else
                        "OCR không đọc được: điền theo bản giấy")
        return
    numbered = doc_type is not None and doc_type.dang_ky and not found.kem_theo
    if numbered and not meta.so:
        imp.note("so: văn bản chưa có số: nhập như bản dự thảo (trang_thai: du-thao); số được cấp khi ban hành")
        imp.comment("trang_thai", "văn bản in chưa có số: bản dự thảo, số được cấp khi ban hành")
        meta.trang_thai = "du-thao"
    else:
        meta.trang_thai = "ban-hanh"
    if numbered and meta.so and not meta.ngay:
        imp.note("ngay: văn bản có số nhưng không có ngày ban hành; để trống, hãy điền")
        imp.comment("so", "văn bản có số nhưng không đọc được ngày ban hành: điền ngay")


def _chu_the(imp: Imported, body: Body | None, profile: Profile, doc_type) -> None:
    found, meta = imp.found, imp.meta
    if not found.chu_the_sau:
        return
    default_before, default_after = "", ""
    if body is not None and doc_type is not None and doc_type.chu_the and body.chu_the:
        line = profile["chu_the_mau"].format(chu_the=body.chu_the).upper()
        if profile["chu_the_truoc_can_cu"]:
            default_before, default_after = line, profile["quyet_dinh_dong"] or ""
        else:
            default_after = line
    if fold(found.chu_the_truoc or "") == fold(default_before) and fold(found.chu_the_sau) == fold(default_after):
        return
    meta.chu_the = " ".join(t for t in (found.chu_the_truoc, found.chu_the_sau) if t)
    if found.chu_the_truoc:
        imp.note(f"chu_the: \"{meta.chu_the}\" (hai dòng chủ thể của văn bản ghép lại một dòng)")


def _signature(imp: Imported, config: OfficeConfig, body: Body | None, profile: Profile) -> None:
    signer = imp.found.signer
    if signer is None:
        if body is not None and body.nguoi_ky and not imp.found.parent and doctypes.get(imp.meta.loai) \
                and "nguoi_ky" in doctypes.get(imp.meta.loai).bat_buoc:
            imp.note(f"nguoi_ky: văn bản không có chữ ký; khi tạo văn bản sẽ dùng người ký mặc định "
                     f"của cơ quan ({body.nguoi_ky}) trong cấu hình văn phòng")
        return
    imp.meta.nguoi_ky = signer
    imp.write_signer = True
    if not signer.ho_ten:
        imp.note("nguoi_ky: khối chữ ký không có họ tên; hãy điền ho_ten")
        imp.comment("nguoi_ky", "chưa đọc được họ tên người ký: điền ho_ten trước khi ban hành")
        if imp.meta.trang_thai != "du-thao":
            imp.meta.trang_thai = "du-thao"
            imp.note("trang_thai: du-thao — người ký chưa có họ tên nên nhập như bản dự thảo")
    key = _signer_key(signer, config)
    if key:
        imp.signer_key = key
        imp.meta.nguoi_ky = config.signers[key]
        return
    if imp.found.signer_profile and imp.found.signer_profile != profile.key:
        imp.note(f"nguoi_ky: dấu quyền hạn \"{profile.sign_prefix(signer.hinh_thuc)}\" của thể thức khác "
                 f"({imp.found.signer_profile}); khi tạo văn bản sẽ viết theo thể thức của cơ quan")


def _own_layout(imp: Imported, config: OfficeConfig, body: Body | None, profile: Profile, doc_type) -> None:
    """A type with its own layout (biên bản, giấy mời, giấy giới thiệu, giấy nghỉ phép, công điện): its
    fixed lines (data/bo-cuc-rieng.yaml, the renderer's own table) back into their fields, out of the body."""
    lay = own_layout.layout(doc_type.bo_cuc, profile.is_party) if doc_type is not None and body else None
    if lay is None:
        return
    found = imp.found
    fields, head, tail = own_layout.read(lay, [plain(p.text) for p in found.body], layout_names(body, profile))
    found.body = found.body[head:len(found.body) - tail]
    imp.meta.chi_tiet.update({k: v for k, v in fields.items() if k in doc_type.truong_rieng})
    if doc_type.bo_cuc == "cong-dien" and not imp.meta.kinh_gui:
        # the telegram's recipients, "- …;" lines right after "<issuer> điện:" (ND 30 PL III Mẫu 1.6)
        n = 0
        while n < len(found.body) and re.match(r"^[-–]\s", plain(found.body[n].text)):
            n += 1
        imp.meta.kinh_gui = [_undash(plain(p.text)).rstrip(" ;,.") for p in found.body[:n]]
        found.body = found.body[n:]
    if doc_type.bo_cuc == "bien-ban":
        _two_signatures(imp, config, body, profile)


def _two_signatures(imp: Imported, config: OfficeConfig, body: Body, profile: Profile) -> None:
    """A biên bản's recorder (left) and chair (right) sign by name under the layout's titles: the left name
    is nguoi_ghi unless it is the thư ký's; the right is the chair, the body's default signer when the names
    agree."""
    found, meta = imp.found, imp.meta
    sides = bien_ban_sides(profile)
    left = next((s for s in found.side_signers if fold(s.chuc_vu) == fold(sides["trai"])), None)
    if left is not None and left.ho_ten and left.ho_ten != signature_name(meta.chi_tiet.get("thu_ky")):
        meta.chi_tiet["nguoi_ghi"] = left.ho_ten
    chair = found.signer
    if chair is None or fold(chair.chuc_vu) != fold(sides["phai"]) or not chair.ho_ten:
        return
    default = config.signers.get(body.nguoi_ky) if body.nguoi_ky else None
    if default is not None and fold(default.ho_ten) == fold(chair.ho_ten):
        meta.nguoi_ky, imp.write_signer, imp.signer_key = default, False, None
        return
    key = next((k for k, s in config.signers.items() if fold(s.ho_ten) == fold(chair.ho_ten)), None)
    meta.nguoi_ky = config.signers[key] if key else Signer(ho_ten=chair.ho_ten)
    imp.signer_key, imp.write_signer = key, True


def _signer_key(signer: Signer, config: OfficeConfig) -> str | None:
    """The office config's key for this signer (same authority, position and name), if any."""
    def shape(s: Signer) -> tuple:
        return s.hinh_thuc, fold(s.thay_mat), fold(s.ky_thay), fold(s.chuc_vu), fold(s.ho_ten)
    wanted = shape(signer)
    for key, known in config.signers.items():
        if shape(known) == wanted:
            return key
    return None


def _archive_line(imp: Imported, body: Body | None, profile: Profile) -> None:
    """A list that is only the default "Lưu …" line is what the renderer adds by itself."""
    items = imp.meta.noi_nhan
    if body is not None and len(items) == 1:
        default = profile["noi_nhan"]["luu_mau"].format(luu=body.luu)
        if fold(items[0]).rstrip(".,; ") == fold(default).rstrip(".,; "):
            imp.meta.noi_nhan = []


def _body_lines(imp: Imported) -> None:
    found = imp.found
    lines: list[str] = []
    for para in found.body + [Para(ln.text, ln, [ln]) for ln in found.extra_lines]:
        if _RULE.match(plain(para.text)):
            imp.note(f"{para.where}: bỏ đường kẻ \"{plain(para.text)}\" (không phải chữ)")
            continue
        text = strip_level_marks(para.text)
        if text.startswith("<!--"):
            text = " " + text
        if classify(plain(text), 0).kind == DOAN and _SUSPECT.match(plain(text)):
            imp.note(f"{para.where}: không nhận ra cấu trúc \"{short(plain(text))}\", giữ nguyên như đoạn văn")
        lines.append(text)
    imp.body_lines = lines


def strip_level_marks(text: str) -> str:
    """"**Điều 3.** Quyết định …" → "Điều 3. Quyết định …": bold on a number, or over a whole
    numbered line, is the level's look (the renderer applies it), not an inline mark."""
    bare = plain(text)
    pl = classify(bare, 0)
    if pl.kind == DOAN:
        return text
    if pl.kind in HEADINGS:
        return bare
    whole = re.fullmatch(r"(\*{1,3})(.+?)\1", text)
    if whole and plain(whole.group(2)) == plain(text):
        return plain(text) if not re.search(r"\*", whole.group(2)) else whole.group(2)
    label_len = len(bare) - len(pl.text)
    label = bare[:label_len].rstrip()
    m = re.match(r"^(\*{1,3})" + re.escape(label) + r"\1\s*", text)
    if m:
        return bare[:label_len] + text[m.end():]
    m = re.match(r"^(\*{1,3})(" + re.escape(label) + r"\s*)(.+?)\1$", text)
    if m:
        return label + " " + m.group(3)
    return text


# --------------------------------------------------------------------------- relations between records

def link_documents(batch: list[Imported], existing: dict[str, Record], config: OfficeConfig) -> None:
    """Attached documents point at their Quyết định; a reply's "Phúc đáp …" opening links the request."""
    from generator.format.context import RecordIndex
    records = dict(existing)
    for imp in batch:
        records[f"\x00{id(imp)}"] = Record(imp.key, imp.source, imp.meta, [])
    index = RecordIndex(records, config)
    for imp in batch:
        found = imp.found
        parent = next((p for p in batch if p.found is found.parent), None) if found.parent else None
        if parent is None and found.kem_theo and _BLANK_NUMBER.search(found.kem_theo):
            parent = _draft_parent(imp, batch, config)
        if found.kem_theo or (parent is not None and parent is not imp):
            _link_attached(imp, parent, index)
        _link_reply(imp, index, config)


def _draft_parent(imp: Imported, batch: list[Imported], config: OfficeConfig) -> Imported | None:
    """An annex saved apart from its draft ("(Kèm theo Quyết định số …, ngày … của Ban Thường vụ Tỉnh ủy)": the
    number is blank) goes with the one draft of that type, of a body of the office whose short name the line
    prints, imported in the same batch; with none or several, nothing is guessed."""
    text = fold(imp.found.kem_theo)
    hits = []
    for other in batch:
        doc_type = doctypes.get(other.meta.loai)
        body = config.body(other.meta.co_quan)
        if other is imp or other.meta.trang_thai != "du-thao" or doc_type is None or not doc_type.ten_loai \
                or body is None or config.is_inline(body.key):
            continue
        if re.search(r"kem theo\s+" + re.escape(fold(doc_type.ten_loai)) + r"\b", text) and \
                fold(body.ten_goi or body.ten) in text:
            hits.append(other)
    if len(hits) != 1:
        return None
    parent = hits[0]
    imp.meta.co_quan, imp.meta.co_quan_ghi = parent.meta.co_quan, None
    imp.report = [r for r in imp.report if not r.startswith("co_quan:")]      # the inline body's note is void
    imp.note(f"co_quan, quan_he.kem_theo: {parent.source.name} (bản dự thảo {parent.meta.loai} duy nhất của "
             f"{parent.meta.co_quan} nhập cùng lần; dòng \"{imp.found.kem_theo}\" chưa có số)")
    return parent


def _link_attached(imp: Imported, parent: Imported | None, index) -> None:
    found, meta = imp.found, imp.meta
    symbol = found.kem_theo_symbol
    if parent is not None:
        pmeta = parent.meta
        if symbol and not pmeta.so:
            m = re.match(r"^(\d+)", symbol)
            if m:
                pmeta.so = int(m.group(1))
                parent.note(f"so: {pmeta.so} (lấy từ dòng \"{found.kem_theo}\" của văn bản kèm theo)")
                if pmeta.trang_thai == "du-thao" and not parent.found.du_thao:
                    pmeta.trang_thai = "ban-hanh"
                    parent.report = [r for r in parent.report if not r.startswith("so: văn bản chưa có số")]
        if found.kem_theo_date and not pmeta.ngay:
            pmeta.ngay = found.kem_theo_date
            parent.note(f"ngay: {found.kem_theo_date:%d/%m/%Y} (lấy từ dòng \"{found.kem_theo}\" "
                        "của văn bản kèm theo)")
        symbol_of_parent = index.symbol_of(Record(parent.key, parent.source, pmeta, []))
        meta.quan_he.kem_theo = symbol_of_parent or None
        imp.parent = parent             # without a number the link is the parent's record key (set later)
        if pmeta.trang_thai == "du-thao" and not found.du_thao:
            meta.trang_thai = "du-thao"
        if not found.kem_theo:
            imp.note(f"quan_he.kem_theo: {symbol_of_parent or 'Quyết định'} (văn bản đứng sau Quyết định "
                     "trong cùng tệp)")
        return
    if symbol and re.match(r"^\d+", symbol) and meta.loai == "phu-luc" and index.resolve(symbol) is None:
        meta.kem_theo_ghi = found.kem_theo          # printed as it stands; builds without that document
        imp.note(f"kem_theo_ghi: dòng \"{found.kem_theo}\" giữ như bản in vì văn bản {symbol} chưa có trong records/; "
                 f"khi đã nhập văn bản đó có thể thay bằng quan_he: {{kem_theo: {symbol}}}")
    elif symbol and re.match(r"^\d+", symbol):
        meta.quan_he.kem_theo = symbol
        if index.resolve(symbol) is None:
            imp.note(f"quan_he.kem_theo: chưa có văn bản {symbol} trong records/; hãy nhập văn bản đó "
                     "(cần có trước khi tạo văn bản này)")
    elif found.kem_theo:
        imp.note(f"quan_he.kem_theo: dòng \"{found.kem_theo}\" không có số văn bản; hãy điền mã hồ sơ của "
                 "văn bản ban hành nó")


def _link_reply(imp: Imported, index, config: OfficeConfig) -> None:
    from generator.format.context import reply_opening
    lines = imp.body_lines
    if not lines or imp.meta.loai != "cong-van":
        return
    m = re.match(r"^Phúc đáp (?:Công văn|công văn) số\s+([^\s,]+)", lines[0])
    if not m:
        return
    symbol = m.group(1)
    imp.meta.quan_he.tra_loi = symbol
    request = index.resolve(symbol)
    body = config.body(imp.meta.co_quan)
    if request is None or body is None:
        imp.note(f"quan_he.tra_loi: {symbol}; câu \"Phúc đáp …\" giữ nguyên trong nội dung "
                 "(chưa có công văn được trả lời trong records/)")
        return
    probe = Record(imp.key, imp.source, imp.meta, [])
    try:
        opening, _ = reply_opening(probe, index, body.profile)
    except VanbanError:
        return
    if lines[0].startswith(opening) and len(lines[0]) > len(opening):
        lines[0] = lines[0][len(opening):]     # the renderer puts the opening back in front, as typed
        imp.note(f"quan_he.tra_loi: {symbol}; câu mở đầu \"Phúc đáp …\" sẽ được điền tự động khi tạo văn bản")
    else:
        imp.note(f"quan_he.tra_loi: {symbol}; câu \"Phúc đáp …\" khác mẫu, giữ nguyên trong nội dung")


# --------------------------------------------------------------------------- keys and writing

def record_key(imp: Imported, taken: set[str], config: OfficeConfig) -> str:
    """"qd-230-tu-2025" for a numbered document (type code, number, body code, year), else the type
    code and the first words of the trích yếu; "-2", "-3" … when the name is taken."""
    meta = imp.meta
    body = config.body(meta.co_quan)
    doc_type = doctypes.get(meta.loai)
    code = doc_type.code(body.ho_so if body else "dang") if doc_type else None
    if not code:
        code = "".join(word[0] for word in (meta.loai or "van-ban").split("-"))
    parts = [code]
    if meta.so:
        parts += [str(meta.so), body.ma if body else ""]
    else:
        skip = {"ve", "viec", "cua", "va", "cac", "trong", "voi", "ban", "hanh", "v"}
        words = [w for w in re.sub(r"[^a-z0-9 ]", " ", fold(plain(meta.trich_yeu))).split() if w not in skip]
        parts += words[:4] or ["nhap"]
    if meta.ngay:
        parts.append(str(meta.ngay.year))
    base = re.sub(r"[^a-z0-9]+", "-", fold("-".join(parts)))[:60].strip("-")
    if key_problem(base):          # "con", "nul" …: names Windows reserves (format.config.key_problem)
        base = f"{base or 'nhap'}-vb"
    key, n = base, 2
    while key in taken:
        key = f"{base}-{n}"
        n += 1
    return key


def existing_keys(project: Project) -> set[str]:
    return {p.parent.name for p in project.record_sources()}


def previous_import(project: Project, digest: str) -> Path | None:
    """A record already imported from the very same file (its nguon carries the file's hash)."""
    for source in project.record_sources():
        try:
            head = source.read_text(encoding="utf-8")[:4000]
        except (OSError, UnicodeDecodeError):
            continue
        if f"sha256:{digest}" in head:
            return source
    return None


def record_text(imp: Imported) -> str:
    header = [f"Nhập từ {imp.source.name} bằng \"vanban import\"" +
              (": kiểm tra các ghi chú dưới đây rồi xóa chúng." if imp.report else ".")]
    header += [f"- {line}" for line in imp.report[:20]]
    if len(imp.report) > 20:
        header.append(f"- … và {len(imp.report) - 20} ghi chú khác (xem báo cáo của lệnh import)")
    comments: dict[str, list[str]] = {key: list(lines) for key, lines in imp.comments.items()}
    if not imp.meta.co_quan:
        comments["co_quan"] = ["chưa nhận ra cơ quan ban hành: điền mã cơ quan trong van-phong.yaml"]
    if not imp.meta.loai:
        comments["loai"] = ["chưa nhận ra loại văn bản: điền một loại (quyet-dinh, quy-che, cong-van, …)"]
    front = write_front_matter(imp.meta, imp.signer_key, imp.write_signer, header, comments)
    body = "\n\n".join(imp.body_lines)
    return front + "\n" + body + ("\n" if body else "")


# --------------------------------------------------------------------------- the whole import

@dataclass
class ImportReport:
    imported: list[Imported] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return any(imp.problems for imp in self.imported)


def files_to_import(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    files, errors = [], []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(("~$", ".", "~"))
                            and p.suffix.lower() in (*SUPPORTED, ".doc"))
            if not inside:
                errors.append(Diagnostic("thư mục không có tệp .docx, .pdf hay .txt nào để nhập", path))
            files += inside
        elif path.exists():
            files.append(path)
        else:
            errors.append(Diagnostic(f"không tìm thấy tệp {path}", path))
    return files, errors


def read_documents(path: Path, config: OfficeConfig, loai: str | None, co_quan: str | None) -> list[Imported]:
    source = read(path)
    found_docs = DocumentReader(source).documents()
    found_docs = [d for d in found_docs if d.body or d.ten_loai or d.signer or d.trich_yeu]
    if not found_docs:
        raise VanbanError("không tìm thấy nội dung văn bản trong tệp", path)
    out = []
    for n, found in enumerate(found_docs):
        imp = resolve(found, config, loai if n == 0 else None, co_quan)
        imp.report = [*source.notes, *found.notes, *imp.report] if n == 0 else [*found.notes, *imp.report]
        out.append(imp)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    today = dt.date.today()
    for n, imp in enumerate(out):
        imp.digest = digest
        part = f", văn bản thứ {n + 1} trong tệp" if len(out) > 1 else ""
        imp.meta.nguon = f"{path.name} (nhập ngày {today:%d/%m/%Y}{part}; sha256:{digest})"
    return out


def import_files(project: Project, paths: list[Path], loai: str | None = None, co_quan: str | None = None,
                 target: Path | None = None) -> ImportReport:
    config = project.config()
    if co_quan and co_quan not in config.bodies:
        raise VanbanError(f"--co-quan \"{co_quan}\" không có trong {config.path.name}; các cơ quan: "
                          f"{', '.join(config.bodies)}")
    if loai and loai not in doctypes.doc_types():
        raise VanbanError(f"--loai \"{loai}\" không có; các loại: {', '.join(doctypes.doc_types())}")
    destination = _destination(project, target)
    report = ImportReport()
    files, errors = files_to_import(paths)
    report.errors += errors
    batch: list[Imported] = []
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else ""
        earlier = previous_import(project, digest) if digest else None
        if earlier is not None:
            report.skipped.append(f"{path}: đã nhập trước đây vào {earlier.parent}; xóa thư mục đó nếu muốn nhập lại")
            continue
        try:
            batch += read_documents(path, config, loai, co_quan)
        except VanbanError as exc:
            report.errors += [Diagnostic(d.message, d.file or path, d.line) for d in exc.diagnostics]
    link_documents(batch, _existing_records(project, config), config)
    for imp in batch:
        _summary(imp, config)
    taken = existing_keys(project) | {p.name for p in destination.iterdir()} if destination.exists() \
        else existing_keys(project)
    for imp in batch:
        imp.key = record_key(imp, taken, config)
        taken.add(imp.key)
    for imp in batch:            # parents come before what is attached to them
        if imp.parent is not None and (not imp.meta.quan_he.kem_theo or not imp.parent.meta.so):
            imp.meta.quan_he.kem_theo = imp.parent.key
        _validate(imp, config)
        _write(imp, destination)
        report.imported.append(imp)
    return report


def _destination(project: Project, target: Path | None) -> Path:
    if target is None:
        return project.records_dir
    folder = target if target.is_absolute() else (project.root / target)
    try:
        parts = folder.resolve().relative_to(project.records_dir.resolve()).parts
    except ValueError:
        parts = None
    if parts is None or any(p.startswith((".", "_")) or p == "phien-ban" for p in parts):
        raise VanbanError(f"--vao phải là một thư mục bên trong {project.records_dir} mà lệnh build đọc tới "
                          f"(ví dụ records/nhap; không bắt đầu bằng \".\" hay \"_\"); nhận được {target}")
    return folder


def _existing_records(project: Project, config: OfficeConfig) -> dict[str, Record]:
    out = {}
    for source in project.record_sources():
        try:
            out[source.parent.name] = parse_record(source, config)
        except VanbanError:
            continue
    return out


def _validate(imp: Imported, config: OfficeConfig) -> None:
    """The record as it will be written must read back; what does not is listed for the official."""
    text = record_text(imp)
    try:
        parse_record_text(text, Path(imp.key) / RECORD_FILE, config, imp.key)
    except VanbanError as exc:
        imp.problems = exc.diagnostics
    else:
        return
    if any("không đúng thứ tự" in d.message or "đứng sau" in d.message or "thiếu \"" in d.message
           for d in imp.problems):
        imp.meta.extra["danh_so"] = "nhu-ban-goc"
        imp.note("danh_so: nhu-ban-goc — số thứ tự Phần, Mục, khoản, điểm giữ như bản gốc (bản gốc có chỗ "
                 "nhảy số hoặc lặp số); vanban build chỉ cảnh báo")
        try:
            record = parse_record_text(record_text(imp), Path(imp.key) / RECORD_FILE, config, imp.key)
        except VanbanError as exc:
            imp.problems = exc.diagnostics
        else:
            imp.problems = []
            for warning in record.warnings:
                if "giữ như bản gốc" in warning.message:
                    imp.note(f"dòng {warning.line}: {warning.message}")


def _write(imp: Imported, destination: Path) -> None:
    """Create the record folder (never an existing one) and write van-ban.md atomically."""
    destination.mkdir(parents=True, exist_ok=True)
    key = imp.key
    n = 2
    while True:
        folder = destination / key
        try:
            folder.mkdir()
            break
        except FileExistsError:
            key = f"{imp.key}-{n}"
            n += 1
    if key != imp.key:
        imp.note(f"thư mục {imp.key} đã có; ghi vào {key}")
        imp.key = key
    try:
        write_text(folder / RECORD_FILE, record_text(imp))
    except BaseException:
        try:
            folder.rmdir()
        except OSError:
            pass
        raise
    imp.written = folder / RECORD_FILE
