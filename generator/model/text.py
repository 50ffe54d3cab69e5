"""Text hygiene at every input boundary: NFC, legacy encodings, control characters, inline marks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.model.errors import VanbanError

# Latin-1 symbols that TCVN3 (ABC) fonts use for Vietnamese letters ("Quy chÕ", "§¶ng") and that
# never occur in Unicode Vietnamese (letters such as á, â, ê, ô, ý are left out: they are real letters).
_TCVN3_MARKS = set("¸µ¶·¹¨¾»¼½Æ©ÇËÏÎÑ§Ö×ØÜÞßäåæç«¬ëîïñö÷ûüþ®")
_TCVN3_RE = re.compile("[" + re.escape("".join(sorted(_TCVN3_MARKS))) + "]")
# VNI fonts put a Latin-1 symbol after the base vowel: "Ñaûng" for "Đảng", "cheá" for "chế".
_VNI_PATTERN = re.compile(r"[aeiouyAEIOUY][øùûõïöôâêåëìèé]|Ñ[aeoAEO]|ñ[aeo]")
_VIETNAMESE = re.compile(r"[\u1ea0-\u1ef9ăđơưĂĐƠƯ]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize(text: str) -> str:
    """NFC, unified line ends. Decomposed Vietnamese (some input methods) becomes composed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def looks_legacy_vietnamese(text: str) -> bool:
    """True when the text looks like TCVN3 or VNI bytes read as Latin-1/cp1252."""
    marks = len(_TCVN3_RE.findall(text))
    vni = len(_VNI_PATTERN.findall(text))
    if marks < 3 and vni < 3:       # the common case, decided without counting letters one by one
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < 8:
        return False
    if marks >= 3 and marks > 0.06 * letters:
        return True
    return vni >= 3 and vni > 0.06 * letters and len(_VIETNAMESE.findall(text)) < vni


def read_source(path: Path) -> str:
    """Read a UTF-8 record, reject legacy encodings and control characters, return NFC text."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise VanbanError(
            "tệp không phải UTF-8 (có thể đang ở bảng mã TCVN3/ABC hoặc VNI). "
            "Hãy mở bằng Unikey → Công cụ chuyển mã, chuyển sang Unicode rồi lưu lại dạng UTF-8.",
            path, line) from None
    text = normalize(text)
    line = _first_legacy_line(text)
    if line:
        raise VanbanError(
            "văn bản có vẻ gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI, không phải Unicode "
            "(ví dụ chữ \"§¶ng\" thay cho \"Đảng\"). Hãy chuyển mã sang Unicode dựng sẵn (Unikey: "
            "Công cụ chuyển mã) rồi lưu lại.", path, line)
    for number, line_text in enumerate(text.split("\n"), start=1):
        m = _CONTROL.search(line_text)
        if m:
            raise VanbanError(
                f"dòng có ký tự điều khiển không in được (mã U+{ord(m.group()):04X}) ở cột {m.start() + 1}; "
                "thường do dán từ PDF hoặc Excel. Hãy xóa ký tự đó.", path, number)
    return text


def _first_legacy_line(text: str) -> int | None:
    """The first line that reads as TCVN3/VNI (a pasted paragraph is enough to spoil a document)."""
    for number, line_text in enumerate(text.split("\n"), start=1):
        if looks_legacy_vietnamese(line_text):
            return number
    return None


@dataclass(frozen=True)
class Span:
    """A piece of inline text with its marks: `*italic*`, `**bold**`."""
    text: str
    bold: bool = False
    italic: bool = False


_INLINE = re.compile(r"(\*\*\*.+?\*\*\*|\*\*.+?\*\*|\*(?!\s).+?(?<!\s)\*)")


def parse_inline(text: str) -> list[Span]:
    """Split `text` on Markdown-like bold/italic marks. Unmatched stars stay literal."""
    spans: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos:m.start()]))
        token = m.group()
        if token.startswith("***"):
            spans.append(Span(token[3:-3], bold=True, italic=True))
        elif token.startswith("**"):
            spans.append(Span(token[2:-2], bold=True))
        else:
            spans.append(Span(token[1:-1], italic=True))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return [s for s in spans if s.text]


def plain(text: str) -> str:
    """The text without inline marks (what a reader sees)."""
    return "".join(s.text for s in parse_inline(text))


def fold(text: str) -> str:
    """Lower-case, tone marks removed, đ→d: for matching what users type without accents."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return unicodedata.normalize("NFC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


def collapse_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
