"""Text of a scanned PDF (pages that are images, no text layer) through Tesseract's Vietnamese model.

poppler's `pdftoppm` renders each page to a grey PNG at OCR_DPI; the `tesseract` command (Debian
`tesseract-ocr` + `tesseract-ocr-vie`) reads it with `-l vie` into TSV: every word with its box, line
and confidence. The words are laid back into rows of text with their columns kept, the way
`pdftotext -layout` prints a text PDF, so the importer reads the header and the signature block of
a scan exactly as it reads a text PDF. The CLI is called directly (no Python wrapper: pytesseract
would only run the same command), and what Tesseract was least sure of is handed back for the report.

Without pdftoppm or Tesseract (or its Vietnamese data) the message says which Debian packages to install.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.model.errors import VanbanError

OCR_DPI = 300               # Tesseract reads 10–14 pt print best at 300 dpi
OCR_LANGUAGE = "vie"
OCR_TIMEOUT = 600           # seconds for one page
COLUMN_GAP_CHARS = 4        # a space wider than this many characters separates two printed columns
# What Tesseract's Vietnamese model misreads in the lines the importer keys on: the "Số:" label, and the letters
# l, I, O, o inside a number ("3l" → "31", "2O25" → "2025").
MISREADS = (
    (re.compile(r"^S[óòôồốơ6]\s*:"), "Số:"),
    (re.compile(r"(?<=\d)[lI|](?=\d|\b)|(?<=\b)[lI|](?=\d)"), "1"),
    (re.compile(r"(?<=\d)[Oo](?=\d|\b)|(?<=\b)[Oo](?=\d)"), "0"),
)
UNSURE_CONFIDENCE = 80      # a line whose mean word confidence is below this is listed as unsure
UNSURE_LISTED = 8           # at most this many unsure lines in the report
INSTALL_HINT = ("cài Tesseract và dữ liệu tiếng Việt: \"sudo apt-get install tesseract-ocr tesseract-ocr-vie "
                "poppler-utils\" (hoặc chạy scripts/cai-dat.sh)")


@dataclass
class OcrLine:
    page: int
    text: str
    confidence: float


@dataclass
class OcrText:
    pages: list[str]                 # one layout text per page, rows with their columns as spaces
    lines: list[OcrLine]             # every line read, with its confidence

    def unsure(self) -> list[OcrLine]:
        low = [line for line in self.lines if line.confidence < UNSURE_CONFIDENCE and line.text.strip()]
        return sorted(low, key=lambda line: line.confidence)[:UNSURE_LISTED]


def available() -> str | None:
    """None when OCR can run; otherwise what is missing, in Vietnamese."""
    missing = [tool for tool in ("pdftoppm", "tesseract") if not shutil.which(tool)]
    if missing:
        return f"thiếu {', '.join(missing)}"
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=60).stdout.decode()
    except (OSError, subprocess.TimeoutExpired):
        return "không chạy được tesseract"
    if OCR_LANGUAGE not in langs.split():
        return "Tesseract chưa có dữ liệu tiếng Việt (tesseract-ocr-vie)"
    return None


def read_scan(path: Path) -> OcrText:
    """Every page of a PDF through Tesseract: layout text per page and each line's confidence."""
    problem = available()
    if problem:
        raise VanbanError(f"tệp PDF là bản quét (không có lớp chữ) nên cần nhận dạng chữ (OCR): {problem}; "
                          f"{INSTALL_HINT}", path)
    pages: list[str] = []
    lines: list[OcrLine] = []
    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        try:
            subprocess.run(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", str(path), f"{tmp}/trang"],
                           capture_output=True, check=True, timeout=OCR_TIMEOUT)
        except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
            raise VanbanError("không chuyển được các trang PDF thành ảnh để nhận dạng chữ (tệp hỏng?)", path) from None
        images = sorted(Path(tmp).glob("trang-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        for number, image in enumerate(images, start=1):
            try:
                done = subprocess.run(["tesseract", str(image), "-", "-l", OCR_LANGUAGE, "--psm", "3", "tsv"],
                                      capture_output=True, check=True, timeout=OCR_TIMEOUT)
            except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
                raise VanbanError(f"Tesseract không đọc được trang {number} của bản quét", path) from None
            text, page_lines = _layout(done.stdout.decode("utf-8", "replace"), number)
            pages.append(text)
            lines.extend(page_lines)
    return OcrText(pages, lines)


@dataclass
class _Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float


def _pieces(words: list[_Word], char: float) -> list[list[_Word]]:
    """A Tesseract line cut where the space between two words is a column gap (the body's name and the
    quốc hiệu read as one line), so each column keeps its place."""
    out = [[words[0]]]
    for before, word in zip(words, words[1:]):
        if word.left - (before.left + before.width) > COLUMN_GAP_CHARS * char:
            out.append([word])
        else:
            out[-1].append(word)
    return out


def fix_misreads(text: str) -> str:
    """Tesseract's usual confusions in the lines the importer keys on (MISREADS): "Só:" for "Số:", "3l" for "31"."""
    for pattern, replacement in MISREADS:
        text = pattern.sub(replacement, text)
    return text


def _layout(tsv: str, page: int) -> tuple[str, list[OcrLine]]:
    """Tesseract's words back into printed rows: the lines of separate blocks that stand at the same height
    (the header's two columns, the signature beside Nơi nhận) share a row, each word at its column."""
    found: dict[tuple, list[_Word]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        found.setdefault(key, []).append(_Word(text, int(row["left"]), int(row["top"]), int(row["width"]),
                                               int(row["height"]), float(row["conf"])))
    if not found:
        return "", []
    blocks = sorted(found.values(), key=lambda ws: (min(w.top for w in ws), min(w.left for w in ws)))
    char = statistics.median(w.width / max(1, len(w.text)) for ws in blocks for w in ws) or 1.0
    height = statistics.median(w.height for ws in blocks for w in ws) or 1
    rows: list[list[list[_Word]]] = []
    for words in blocks:                       # a row: tesseract lines whose tops are within half a line
        top = min(w.top for w in words)
        for row in rows:
            if abs(min(w.top for w in row[0]) - top) <= height / 2:
                row.append(words)
                break
        else:
            rows.append([words])
    out: list[str] = []
    lines: list[OcrLine] = []
    last_bottom = None
    for row in rows:
        top = min(w.top for ws in row for w in ws)
        if last_bottom is not None and top - last_bottom > 1.5 * height:
            out.append("")                     # a blank line where the page leaves one
        text = ""
        for words in sorted(row, key=lambda ws: min(w.left for w in ws)):
            words = sorted(words, key=lambda w: w.left)
            for piece in _pieces(words, char):          # words one space apart (justified text stretches
                column = int(round(piece[0].left / char))  # them); a piece starts at its own column
                gap = 4 if text else 0                  # two pieces in a row: at least a column gap
                text = text + " " * max(gap, column - len(text)) + fix_misreads(" ".join(w.text for w in piece))
            lines.append(OcrLine(page, fix_misreads(" ".join(w.text for w in words)),
                                 statistics.mean(w.conf for w in words)))
        out.append(text.rstrip())
        last_bottom = max(w.top + w.height for ws in row for w in ws)
    return "\n".join(out) + "\n", lines
