"""Read an existing document (.docx, .doc, .pdf, .txt) into lines with the layout hints the importer uses.

- .docx (python-docx/lxml): paragraphs in document order, table cells included (merged cells
  read once), text boxes, soft line breaks (a new line that continues the paragraph), tabs (column
  separators in headers, a space in running text), Word auto-numbering turned into the typed
  number, bold/italic of runs relative to the paragraph style (for inline marks), alignment.
- .doc (Word 97-2003): converted to a temporary .docx by LibreOffice (render.pdf.Converter.to_docx),
  then read as Word; without LibreOffice, a Vietnamese message says how to install it.
- .pdf: poppler's `pdftotext -layout` when installed (words rebuilt from glyph positions, so Word
  exports are not glued; the number and date stamped by signing tools as annotation appearances are
  seen; rows keep both columns side by side), pypdf's text layer otherwise. Lines with their
  indentation and their columns (the header and signature tables print two columns side by side),
  page numbers and running headers removed and listed. A scan (no text layer on any page) goes through
  Tesseract (importer.ocr), laid out the same way, and is marked as OCR text to be read again.
- .txt: UTF-8 only (legacy TCVN3/VNI rejected by text.read_source), form feeds as page breaks,
  leading spaces as indentation, lone page numbers removed and listed.

Every problem with the input is a VanbanError with a Vietnamese message (exit 2, nothing written).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.format.layout import text_width_pt
from generator.model.errors import Diagnostic, VanbanError
from generator.model.text import looks_legacy_vietnamese, normalize, plain, read_source
from generator.model.vietnamese import to_roman

SUPPORTED = (".docx", ".pdf", ".txt")
COLUMN_GAP = re.compile(r"\s{4,}|\t+")
PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?(?:[Tt]rang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–])?$")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \u00a0\u2002-\u200a\u202f\u205f\u3000]+")


@dataclass
class Seg:
    """A piece of a line standing in its own column (split at tabs or wide gaps)."""
    text: str
    col: int


@dataclass
class Line:
    text: str                          # NFC, spaces collapsed; inline *italic*/**bold** kept (docx)
    no: int                            # 1-based: line (txt, pdf) or paragraph (docx) number as read
    page: int | None = None            # pdf page
    indent: int | None = None          # leading spaces (txt, pdf layout); None when unknown
    align: str | None = None           # "left" | "center" | "right" | "justify" when known
    new_para: bool | None = None       # True: starts a paragraph; False: continues one; None: unknown
    segs: list[Seg] = field(default_factory=list)
    end: int | None = None             # pdf: where the printed line ends, in the columns of `indent`
    cell: tuple[int, int, int] | None = None     # docx table cell: (table, row, column)
    style: str = ""
    kind: str = "txt"
    italic: bool = False               # docx: every letter italic, by the style or the runs (a State căn cứ)

    @property
    def plain(self) -> str:
        return plain(self.text)

    @property
    def where(self) -> str:
        if self.kind == "pdf":
            return f"trang {self.page}, dòng {self.no}"
        if self.kind == "docx":
            return f"đoạn {self.no}"
        return f"dòng {self.no}"


@dataclass
class Source:
    path: Path
    kind: str
    lines: list[Line]
    notes: list[str] = field(default_factory=list)      # Vietnamese report lines from reading
    ocr: bool = False                                   # text recognised from a scan: to be read again

    def note(self, message: str) -> None:
        self.notes.append(message)


def clean(text: str) -> str:
    """NFC, invisible characters removed, every kind of space one space, trimmed."""
    text = normalize(text).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def split_columns(raw: str) -> list[Seg]:
    """Pieces of a line separated by tabs or 4+ spaces; "Số:      /QĐ-UBND" and a blank date stay whole."""
    stripped = raw.rstrip()
    segs: list[Seg] = []
    pos = len(raw) - len(raw.lstrip(" \t"))
    for piece in COLUMN_GAP.split(stripped[pos:]):
        start = raw.find(piece, pos) if piece else pos
        if piece.strip():
            segs.append(Seg(clean(piece), start))
        pos = start + len(piece)
    return merge_split_fields(segs)


def merge_split_fields(segs: list[Seg]) -> list[Seg]:
    """Blanks left for the number and the date are wide gaps, not columns: "Số:" + "/QĐ-UBND",
    "Thuận An, ngày" + "tháng" + "năm 2026" belong together."""
    merged: list[Seg] = []
    for seg in segs:
        if merged and (re.fullmatch(r"[Ss]ố\s*:?", merged[-1].text)
                       or re.search(r"\bngày$|\btháng$", merged[-1].text)
                       and re.match(r"(tháng|năm)\b", seg.text)):
            merged[-1] = Seg(f"{merged[-1].text} {seg.text}", merged[-1].col)
        else:
            merged.append(seg)
    return merged


def read(path: Path) -> Source:
    suffix = path.suffix.lower()
    if not path.exists():
        raise VanbanError(f"không tìm thấy tệp {path}")
    if path.stat().st_size == 0:
        raise VanbanError("tệp rỗng (0 byte): không có gì để nhập", path)
    if suffix == ".docx":
        source = _read_docx(path)
    elif suffix == ".pdf":
        source = _read_pdf(path)
    elif suffix == ".txt":
        source = _read_txt(path)
    elif suffix == ".doc":
        source = _read_doc(path)
    else:
        raise VanbanError(f"không nhập được tệp \"{suffix or path.name}\"; chỉ nhận .docx, .doc, .pdf, .txt", path)
    if not any(line.text for line in source.lines):
        raise VanbanError("tệp không có chữ nào để nhập", path)
    legacy = next((line for line in source.lines if looks_legacy_vietnamese(line.text)), None)
    if legacy is not None:
        raise VanbanError("văn bản có vẻ gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI (phông .VnTime, VNI-Times), "
                          "không phải Unicode. Hãy chuyển mã sang Unicode dựng sẵn (Unikey: Công cụ chuyển mã) "
                          f"rồi nhập lại ({legacy.where}: \"{legacy.text[:40]}\")", path, legacy.no)
    return source


# --------------------------------------------------------------------------- text

def _read_txt(path: Path) -> Source:
    raw = path.read_bytes()
    if b"\x0c" in raw:      # pdftotext's page breaks: read_source rejects control characters
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / path.name
            copy.write_bytes(raw.replace(b"\x0c", b"\n"))
            text = _read_text_file(copy, path)
        pages = raw.decode("utf-8", "replace").replace("\r\n", "\n").split("\x0c")
    else:
        text = _read_text_file(path, path)
        pages = [text]
    source = Source(path, "txt", [])
    page_of_line: list[int] = []
    for number, page in enumerate(pages, start=1):
        page_of_line += [number] * len(page.split("\n"))
    raw_lines = text.split("\n")
    for i, raw_line in enumerate(raw_lines):
        expanded = raw_line.replace("\t", "    ")
        cleaned = clean(raw_line)
        if not cleaned:
            continue
        indent = len(expanded) - len(expanded.lstrip(" \u00a0"))
        page = page_of_line[i] if i < len(page_of_line) else None
        source.lines.append(Line(cleaned, i + 1, page, indent, segs=split_columns(expanded)))
    _drop_page_numbers(source)
    return source


def _read_text_file(path: Path, shown: Path) -> str:
    try:
        return read_source(path)
    except VanbanError as exc:
        raise VanbanError("", diagnostics=[Diagnostic(d.message, shown if d.file else None, d.line)
                                           for d in exc.diagnostics]) from None


def _drop_page_numbers(source: Source) -> None:
    """A number alone on its line (PDF copies keep "9" between pages) is page furniture, not text."""
    kept = []
    for line in source.lines:
        if PAGE_NUMBER.match(line.text):
            source.note(f"{line.where}: bỏ số trang \"{line.text}\"")
            continue
        kept.append(line)
    source.lines = kept


# --------------------------------------------------------------------------- PDF

PT_PER_COLUMN = 5.67       # one "column" of indentation ≈ the width of a character of 12–14 pt Times


@dataclass
class _Chunk:
    text: str
    x: float
    y: float
    size: float
    bold: bool

    @property
    def end(self) -> float:
        return self.x + text_width_pt(self.text, self.size, self.bold)


def _read_doc(path: Path) -> Source:
    """A Word 97-2003 .doc: LibreOffice makes a temporary .docx (pdf.Converter.to_docx), read as Word."""
    from generator.render.pdf import Converter, LibreOfficeMissing

    with tempfile.TemporaryDirectory(prefix="vanban-doc-") as tmp:
        try:
            with Converter() as converter:
                converted = converter.to_docx(path, Path(tmp))
        except LibreOfficeMissing as exc:
            raise VanbanError("tệp Word 97-2003 (.doc) cần LibreOffice để chuyển sang .docx trước khi nhập. "
                              + " ".join(d.message for d in exc.diagnostics), path) from None
        except VanbanError:
            raise VanbanError("tệp Word 97-2003 (.doc) không chuyển được sang .docx (tệp hỏng hoặc có mật khẩu?): "
                              "hãy mở bằng Word hoặc LibreOffice, Lưu thành (Save As) dạng .docx rồi nhập lại",
                              path) from None
        source = _read_docx(converted)
    source.path = path
    source.note("tệp .doc (Word 97-2003) được LibreOffice chuyển sang .docx rồi nhập")
    return source


# Signing tools stamp the number as a separate object: pdftotext prints "Số: 5816 /BNV-CCHC".
_STAMPED_NUMBER = re.compile(r"(Số\s*:?\s*\d+)\s+(?=/)")


def _read_pdf(path: Path) -> Source:
    """Text layer through poppler's `pdftotext -layout` when installed (words rebuilt from glyph
    positions, signature-stamp appearances included, rows kept side by side); pypdf otherwise."""
    import shutil
    import subprocess

    tool = shutil.which("pdftotext")
    if tool:
        try:
            done = subprocess.run([tool, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                  timeout=300)
        except (OSError, subprocess.TimeoutExpired):
            done = None
        if done is not None and done.returncode == 0:
            return _pdf_from_layout_text(path, done.stdout.decode("utf-8", "replace"))
        err = done.stderr.decode("utf-8", "replace") if done is not None else ""
        if "password" in err.lower() or "Incorrect" in err:
            raise VanbanError("tệp PDF có mật khẩu: hãy mở bằng mật khẩu và lưu lại bản không đặt mật khẩu "
                              "(hoặc xin bản không khóa) rồi nhập lại", path)
    return _read_pdf_pypdf(path)


def _pdf_from_layout_text(path: Path, text: str) -> Source:
    pages = text.replace("\r\n", "\n").split("\x0c")
    if pages and not pages[-1].strip():
        pages.pop()
    if not pages:
        raise VanbanError("tệp PDF không có trang nào", path)
    if not any(page.strip() for page in pages):
        return _pdf_from_scan(path)
    source = Source(path, "pdf", [])
    raw_pages = [[_STAMPED_NUMBER.sub(r"\1", raw.replace("\t", "    ")) for raw in page.split("\n")]
                 for page in pages]
    starts = [len(r) - len(r.lstrip(" \u00a0")) for page in raw_pages for r in page if r.strip()]
    margin = min(starts) if starts else 0
    per_page: list[list[Line]] = []
    for number, page in enumerate(raw_pages, start=1):
        if not any(r.strip() for r in page):
            source.note(f"trang {number}: không có chữ (ảnh quét?) — nội dung trang này chưa được nhập, cần OCR")
        lines = []
        for i, raw in enumerate(page, start=1):
            expanded = raw[margin:] if raw[:margin].strip() == "" else raw.lstrip(" ")
            text_line = clean(expanded)
            if not text_line:
                continue
            indent = len(expanded) - len(expanded.lstrip(" \u00a0"))
            lines.append(Line(text_line, i, number, indent, segs=split_columns(expanded),
                              end=len(expanded.rstrip()), kind="pdf"))
        per_page.append(lines)
    _drop_pdf_furniture(source, per_page)
    source.lines = [line for lines in per_page for line in lines]
    return source


def _pdf_from_scan(path: Path) -> Source:
    """A scan (no text layer): Tesseract's text laid out as pdftotext would print it, then read the same way;
    the report opens by saying so and lists the lines Tesseract was least sure of."""
    from generator.importer.ocr import UNSURE_CONFIDENCE, read_scan

    scan = read_scan(path)
    if not any(page.strip() for page in scan.pages):
        raise VanbanError("bản quét: nhận dạng chữ (OCR) không đọc được chữ nào (trang trắng, ảnh quá mờ hoặc "
                          "không phải chữ); hãy quét lại rõ hơn (300 dpi)", path)
    source = _pdf_from_layout_text(path, "\x0c".join(scan.pages))
    source.ocr = True
    notes = [f"bản quét (PDF không có lớp chữ): chữ do Tesseract nhận dạng (OCR, tiếng Việt) — hãy đọc lại "
             f"toàn bộ với bản giấy trước khi dùng; nhập như bản dự thảo"]
    notes += [f"trang {line.page}: OCR không chắc ({line.confidence:.0f}/100 < {UNSURE_CONFIDENCE}): \"{line.text}\""
              for line in scan.unsure()]
    source.notes[:0] = notes
    return source


def _read_pdf_pypdf(path: Path) -> Source:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password")
        pages = [_page_chunks(page) for page in reader.pages]
    except FileNotDecryptedError:
        raise VanbanError("tệp PDF có mật khẩu: hãy mở bằng mật khẩu và lưu lại bản không đặt mật khẩu "
                          "(hoặc xin bản không khóa) rồi nhập lại", path) from None
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise VanbanError(f"tệp PDF hỏng hoặc không đọc được ({exc})", path) from None
    if not pages:
        raise VanbanError("tệp PDF không có trang nào", path)
    if not any(pages):
        raise VanbanError("tệp PDF không có lớp chữ (bản quét hoặc ảnh chụp): cần nhận dạng chữ (OCR) trước, "
                          "ví dụ \"ocrmypdf -l vie tep.pdf tep-ocr.pdf\", rồi nhập tệp đã OCR", path)
    source = Source(path, "pdf", [])
    rows = [_rows(chunks) for chunks in pages]
    starts = [row[0].x for page_rows in rows for row in page_rows]
    margin = min(starts) if starts else 0.0
    per_page: list[list[Line]] = []
    for number, page_rows in enumerate(rows, start=1):
        if not page_rows:
            source.note(f"trang {number}: không có chữ (ảnh quét?) — nội dung trang này chưa được nhập, cần OCR")
        lines = []
        for i, row in enumerate(page_rows, start=1):
            segs = _segments(row, margin)
            text = clean(" ".join(seg.text for seg in segs))
            if text:
                end = round((max(chunk.end for chunk in row) - margin) / PT_PER_COLUMN)
                lines.append(Line(text, i, number, segs[0].col, segs=segs, end=end, kind="pdf"))
        per_page.append(lines)
    _drop_pdf_furniture(source, per_page)
    source.lines = [line for lines in per_page for line in lines]
    return source


def _page_chunks(page) -> list[_Chunk]:
    """Text pieces with their baseline position and size, from pypdf's text visitor."""
    chunks: list[_Chunk] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3] + tm[2] * cm[1]) or abs(tm[0] * cm[0]) or 1.0
        size = float(font_size or 12) * scale
        name = str((font_dict or {}).get("/BaseFont", ""))
        bold = "Bold" in name or "bold" in name
        for k, part in enumerate(text.split("\n")):
            if part.strip():
                chunks.append(_Chunk(part, x, y - k * size * 1.2, size, bold))

    page.extract_text(visitor_text=visit)
    return chunks


def _rows(chunks: list[_Chunk]) -> list[list[_Chunk]]:
    """Chunks on one baseline (within a third of the type size) form a printed line, top to bottom."""
    rows: list[list[_Chunk]] = []
    for chunk in sorted(chunks, key=lambda c: -c.y):
        if rows and abs(rows[-1][0].y - chunk.y) <= 0.35 * max(chunk.size, rows[-1][0].size):
            rows[-1].append(chunk)
        else:
            rows.append([chunk])
    return [sorted(row, key=lambda c: c.x) for row in rows]


def _segments(row: list[_Chunk], margin: float) -> list[Seg]:
    """A printed line cut where a wide gap separates two columns (header, signature and recipients)."""
    segs: list[Seg] = []
    current, start, end = "", row[0].x, row[0].x
    for chunk in row:
        gap = chunk.x - end
        if current and gap > max(2.5 * chunk.size, 30):
            segs.append(Seg(clean(current), round((start - margin) / PT_PER_COLUMN)))
            current, start = "", chunk.x
        elif current and gap > 0.12 * chunk.size and not current.endswith(" "):
            current += " "
        current += chunk.text
        end = max(end, chunk.end)
    segs.append(Seg(clean(current), round((start - margin) / PT_PER_COLUMN)))
    return merge_split_fields([seg for seg in segs if seg.text])


def _drop_pdf_furniture(source: Source, per_page: list[list[Line]]) -> None:
    """Page numbers at the top or bottom of a page; running headers/footers repeated on most pages."""
    for lines in per_page:
        for edge in (0, -1):
            if lines and PAGE_NUMBER.match(lines[edge].text):
                line = lines.pop(edge)
                source.note(f"{line.where}: bỏ số trang \"{line.text}\"")
    if len(per_page) < 3:
        return
    for edge in (0, -1):
        shapes = [re.sub(r"\d+", "#", lines[edge].text) for lines in per_page if lines]
        for shape in set(shapes):
            if shapes.count(shape) >= max(2, len(per_page) // 2) and len(shape) < 120:
                for lines in per_page[1:]:
                    if lines and re.sub(r"\d+", "#", lines[edge].text) == shape:
                        line = lines.pop(edge)
                        source.note(f"{line.where}: bỏ dòng lặp lại ở {'đầu' if edge == 0 else 'cuối'} "
                                    f"trang \"{line.text}\"")


# --------------------------------------------------------------------------- Word

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALIGN = {"center": "center", "right": "right", "end": "right", "both": "justify", "distribute": "justify",
          "left": "left", "start": "left"}


def _check_zip(path: Path) -> None:
    head = path.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise VanbanError("tệp Word có mật khẩu: hãy mở bằng mật khẩu, vào Tệp → Thông tin → Bảo vệ tài liệu "
                              "→ bỏ mật khẩu, lưu lại rồi nhập", path)
        raise VanbanError("tệp này là Word 97-2003 (.doc) dù mang đuôi .docx: hãy mở bằng Word và Lưu thành .docx", path)
    if not zipfile.is_zipfile(path):
        raise VanbanError("tệp .docx hỏng hoặc không phải tệp Word (không mở được như tệp nén .docx)", path)
    with zipfile.ZipFile(path) as zf:
        if "word/document.xml" not in zf.namelist():
            raise VanbanError("tệp .docx thiếu phần nội dung (word/document.xml): tệp hỏng hoặc không phải Word", path)


class _DocxReader:
    def __init__(self, path: Path):
        from docx import Document
        _check_zip(path)
        try:
            self.doc = Document(str(path))
        except Exception as exc:  # python-docx raises several types for damaged packages
            raise VanbanError(f"không mở được tệp Word ({exc})", path) from None
        self.source = Source(path, "docx", [])
        self.counter = 0
        self.tables = 0
        self.styles = {s.style_id: s for s in self.doc.styles if s.type is not None}
        default = next((s for s in self.doc.styles if s.type == 1 and s.element.get(W + "default") in ("1", "true")),
                       None)
        self.default_style = default.style_id if default is not None else None
        self._style_info: dict[str | None, _StyleInfo] = {}
        self.numbering = _Numbering(self.doc)

    def style_info(self, style_id: str | None) -> "_StyleInfo":
        """Bold, italic, alignment, numbering and name a paragraph style gives (its base styles included)."""
        style_id = style_id if style_id in self.styles else self.default_style
        if style_id not in self._style_info:
            style = self.styles.get(style_id) if style_id else None
            align, num_pr, chain = None, None, style
            while chain is not None:
                ppr = chain.element.find(W + "pPr")
                if align is None and ppr is not None and ppr.find(W + "jc") is not None:
                    align = ppr.find(W + "jc").get(W + "val")
                if num_pr is None and ppr is not None:
                    num_pr = ppr.find(W + "numPr")
                chain = chain.base_style
            self._style_info[style_id] = _StyleInfo(
                style.name if style is not None else "", _style_flag(style, "bold"), _style_flag(style, "italic"),
                align, num_pr)
        return self._style_info[style_id]

    def run(self) -> Source:
        self._container(self.doc.element.body, None)
        if self.numbering.used:
            self.source.note("số thứ tự tự động của Word (Numbering) được chuyển thành số gõ trong nội dung")
        self._note_footnotes()
        return self.source

    def _note_footnotes(self) -> None:
        with zipfile.ZipFile(self.source.path) as zf:
            if "word/footnotes.xml" in zf.namelist():
                xml = zf.read("word/footnotes.xml").decode("utf-8", "replace")
                count = len(re.findall(r'<w:footnote (?![^>]*w:type=)', xml))
                if count:
                    self.source.note(f"văn bản có {count} chú thích cuối trang (footnote): chưa nhập, hãy chép tay "
                                     "vào nội dung nếu cần")

    def _container(self, element, cell) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == W + "p":
                self._paragraph(child, cell)
            elif tag == W + "tbl":
                self._table(child)
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:
                    self._container(content, cell)

    def _table(self, tbl) -> None:
        self.tables += 1
        number = self.tables
        for r, tr in enumerate(tbl.iterchildren(W + "tr")):
            for c, tc in enumerate(tr.iterchildren(W + "tc")):
                v_merge = tc.find(f"{W}tcPr/{W}vMerge")
                if v_merge is not None and v_merge.get(W + "val") in (None, "continue"):
                    continue        # the lower part of a vertically merged cell: read with its top cell
                self._container(tc, (number, r, c))

    def _paragraph(self, p, cell) -> None:
        ppr = p.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        info = self.style_info(style_el.get(W + "val") if style_el is not None else None)
        pieces: list[tuple[str, bool, bool]] = []     # (text, bold, italic) with "\n" for soft breaks
        base_bold, base_italic = info.bold, info.italic
        boxes: list = []
        for el in _visible(p, boxes):
            tag = el.tag
            r = el.getparent() if tag != W + "r" else el
            bold, italic = self._run_flags(r, base_bold, base_italic)
            if tag == W + "t":
                pieces.append((el.text or "", bold, italic))
            elif tag == W + "tab":
                pieces.append(("\t", bold, italic))
            elif tag in (W + "br", W + "cr"):
                pieces.append(("\n", bold, italic))
            elif tag == W + "noBreakHyphen":
                pieces.append(("-", bold, italic))
        jc = ppr.find(W + "jc") if ppr is not None else None
        align = _ALIGN.get(jc.get(W + "val") if jc is not None else info.align)
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        label = self.numbering.label(num_pr if num_pr is not None else info.num_pr)
        self._emit(_unglue_closing(pieces), label, align, info.name, cell, base_bold, base_italic)
        for box in _reading_order(boxes):
            self._container(box, cell)

    def _run_flags(self, r, base_bold: bool, base_italic: bool) -> tuple[bool, bool]:
        if r is None or r.tag != W + "r":
            return base_bold, base_italic
        rpr = r.find(W + "rPr")
        flags = []
        for name, base in (("b", base_bold), ("i", base_italic)):
            value = None
            if rpr is not None:
                el = rpr.find(W + name)
                if el is not None:
                    value = el.get(W + "val", "true") not in ("0", "false", "off")
                elif rpr.find(W + "rStyle") is not None:
                    char_style = self.styles.get(rpr.find(W + "rStyle").get(W + "val"))
                    if char_style is not None:
                        value = _style_flag(char_style, "bold" if name == "b" else "italic", None)
            flags.append(base if value is None else value)
        return flags[0], flags[1]

    def _emit(self, pieces, label, align, style_name, cell, base_bold, base_italic) -> None:
        text = "".join(t for t, _, _ in pieces)
        parts = text.split("\n")
        offset = 0
        for index, part in enumerate(parts):
            part_pieces = _slice(pieces, offset, offset + len(part))
            offset += len(part) + 1
            raw = part.replace("\u00a0", " ")
            if index == 0 and label:
                raw = f"{label}{raw}"
                part_pieces = [(label, base_bold, base_italic), *part_pieces]
            cleaned = clean(raw.replace("\t", " "))
            if not cleaned:
                continue
            self.counter += 1
            marked = _with_marks(part_pieces, base_bold, base_italic)
            italic = all(it for t, _, it in part_pieces if t.strip())
            self.source.lines.append(Line(marked, self.counter, None, None, align, new_para=(index == 0),
                                          segs=split_columns(raw), cell=cell,
                                          style=style_name, kind="docx", italic=italic))


_LIST_ITEM_END = re.compile(r"^\s*[-–+]\s.*[.;]\s*$", re.DOTALL)


def _unglue_closing(pieces):
    """LibreOffice reading some .doc files flattens the closing table (Nơi nhận | signature) into paragraphs and
    glues the last Nơi nhận entry to the first line of the signature cell: "- Lưu: VT, TCBC." + bold "GIÁM ĐỐC"
    in one paragraph. Where a dash item ended by "." or ";" runs straight into a bold run in capitals, the two
    are two columns: a tab between them makes the capitals a column of their own (split_columns)."""
    for k in range(1, len(pieces)):
        before = "".join(t for t, _, _ in pieces[:k]).split("\n")[-1]
        first = "".join(t for t, _, _ in pieces[k:]).split("\n")[0]
        letters = [ch for ch in first if ch.isalpha()]
        if pieces[k][1] and not pieces[k - 1][1] and _LIST_ITEM_END.match(before) and len(letters) >= 2 \
                and all(ch.isupper() for ch in letters):
            return [*pieces[:k], ("\t", False, False), *pieces[k:]]
    return pieces


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
ROW_EMU = 180000          # boxes whose tops are within 5 mm of each other stand on one row of the page


def _reading_order(boxes: list) -> list:
    """Floating text boxes anchored in one paragraph, as a reader takes them: by their top on the page, then
    left to right along a row (a diagram's labels, the sample stamps "HỎA TỐC" "THƯỢNG KHẨN" "KHẨN"). Kept in
    the file's order when their positions are not all measured from the same place (nothing to compare)."""
    if len(boxes) < 2:
        return boxes
    places = []
    for box in boxes:
        anchor = next((a for a in box.iterancestors(WP + "anchor")), None)
        v = anchor.find(WP + "positionV") if anchor is not None else None
        h = anchor.find(WP + "positionH") if anchor is not None else None
        try:
            places.append(((v.get("relativeFrom"), h.get("relativeFrom")),
                           int(v.findtext(WP + "posOffset")), int(h.findtext(WP + "posOffset"))))
        except (AttributeError, TypeError, ValueError):
            return boxes
    if len({frame for frame, _, _ in places}) != 1:
        return boxes
    order = sorted(range(len(boxes)), key=lambda n: places[n][1])
    rows: list[list[int]] = []
    for n in order:
        if rows and places[n][1] - places[rows[-1][0]][1] < ROW_EMU:
            rows[-1].append(n)
        else:
            rows.append([n])
    return [boxes[n] for row in rows for n in sorted(row, key=lambda n: places[n][2])]


def _visible(p, boxes: list):
    """Text-bearing elements of a paragraph in order: no deleted text, no field codes, no Fallback
    copies; paragraphs in text boxes are collected into `boxes` and read after the paragraph."""
    stack = [iter(p.iterchildren())]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in (W + "del", W + "instrText", W + "delText", W + "pPr", W + "rPr",
                                                MC + "Fallback", W + "moveFrom"):
            continue
        if tag == W + "txbxContent":
            boxes.append(el)
            continue
        if tag in (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
            yield el                # a break (line, page or column) ends the line within the paragraph
            continue
        if tag in (W + "footnoteReference", W + "endnoteReference", W + "commentReference"):
            continue
        stack.append(iter(el.iterchildren()))


def _slice(pieces, start: int, end: int):
    out, pos = [], 0
    for text, bold, italic in pieces:
        a, b = pos, pos + len(text)
        pos = b
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            out.append((text[lo - a:hi - a], bold, italic))
    return out


def _style_flag(style, name: str, default=False):
    while style is not None:
        value = getattr(style.font, name)
        if value is not None:
            return value
        style = style.base_style
    return default


def _with_marks(pieces, base_bold: bool, base_italic: bool) -> str:
    """Inline **bold** / *italic* where a run differs from its paragraph style.

    Formatting that covers the whole line, or only its number ("Điều 3." in bold), is the look of
    the level, not a mark: the importer strips it (see importer.strip_level_marks)."""
    groups: list[list] = []
    for text, bold, italic in pieces:
        flags = (bold and not base_bold, italic and not base_italic)
        text = text.replace("\t", " ").replace("\u00a0", " ")
        if groups and groups[-1][1] == flags:
            groups[-1][0] += text
        elif text:
            groups.append([text, flags])
    out: list[str] = []
    for chunk, (bold, italic) in groups:
        mark = "***" if bold and italic else "**" if bold else "*" if italic else ""
        core = chunk.strip()
        if mark and core:
            lead = chunk[:len(chunk) - len(chunk.lstrip())]
            trail = chunk[len(chunk.rstrip()):]
            out.append(f"{lead}{mark}{core}{mark}{trail}")
        else:
            out.append(chunk)
    return clean("".join(out))


@dataclass(frozen=True)
class _StyleInfo:
    name: str
    bold: bool
    italic: bool
    align: str | None
    num_pr: object | None


class _Numbering:
    """Word's automatic numbering (w:numPr) rendered as the text Word shows: "1.", "a)", "Điều 2.", "-"."""

    FORMATS = {"decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet", "none",
               "decimalZero"}

    def __init__(self, doc):
        self.used = False
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.num_to_abstract: dict[str, str] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for an in root.iterchildren(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            for lvl in an.iterchildren(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                abstract[(aid, ilvl)] = (fmt.get(W + "val") if fmt is not None else "decimal",
                                         text.get(W + "val") if text is not None else "",
                                         int(start.get(W + "val")) if start is not None else 1)
        for num in root.iterchildren(W + "num"):
            nid = num.get(W + "numId")
            aid_el = num.find(W + "abstractNumId")
            if aid_el is None:
                continue
            aid = aid_el.get(W + "val")
            self.num_to_abstract[nid] = aid
            for (a, ilvl), spec in abstract.items():
                if a == aid:
                    self.levels[(nid, ilvl)] = spec
            for override in num.iterchildren(W + "lvlOverride"):
                so = override.find(W + "startOverride")
                if so is not None:
                    self.starts[(nid, int(override.get(W + "ilvl", "0")))] = int(so.get(W + "val"))

    def label(self, num_pr) -> str:
        """The number Word shows for a paragraph with this w:numPr (from the paragraph or its style)."""
        if num_pr is None or num_pr.find(W + "numId") is None:
            return ""
        nid = num_pr.find(W + "numId").get(W + "val")
        ilvl_el = num_pr.find(W + "ilvl")
        ilvl = int(ilvl_el.get(W + "val")) if ilvl_el is not None else 0
        if nid == "0" or (nid, ilvl) not in self.levels:
            return ""
        self.used = True
        counters = self.counters.setdefault(nid, [0] * 9)
        fmt, text, start = self.levels[(nid, ilvl)]
        start = self.starts.get((nid, ilvl), start)
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return (text + " ") if text.strip() else ""

        def render(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            lfmt = self.levels.get((nid, level), (fmt, "", 1))[0]
            value = counters[level] or self.starts.get((nid, level), 1)
            return _format_number(value, lfmt)

        return re.sub(r"%(\d)", render, text) + " "


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        out = letters[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return out if fmt == "lowerLetter" else out.upper()
    if fmt == "lowerRoman":
        return to_roman(value).lower()
    if fmt == "upperRoman":
        return to_roman(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _read_docx(path: Path) -> Source:
    return _DocxReader(path).run()
