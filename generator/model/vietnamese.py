"""Vietnamese numbering and dates: điểm letters, Roman numerals, "ngày 03 tháng 11 năm 2025"."""

from __future__ import annotations

import datetime as dt
import re

# ND 30 PL I II.6.đ: Vietnamese alphabet order; đ after d; no ă â ê ô ơ ư, no f j w z (format-rules.md §3).
DIEM_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n",
                "o", "p", "q", "r", "s", "t", "u", "v", "x", "y")

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
            "mười một", "mười hai", "mười ba", "mười bốn", "mười lăm"]


def to_roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def from_roman(s: str) -> int | None:
    s = s.upper()
    if not s or not _ROMAN_RE.match(s):
        return None
    total, prev = 0, 0
    for ch in reversed(s):
        value = dict((sym, v) for v, sym in _ROMAN if len(sym) == 1)[ch]
        total += -value if value < prev else value
        prev = max(prev, value)
    return total


def ordinal_to_int(word: str) -> int | None:
    """"thứ nhất" → 1 ("Phần thứ nhất", "Chương thứ hai")."""
    word = word.strip().lower()
    if word.startswith("thứ "):
        word = word[4:]
    return ORDINALS.index(word) + 1 if word in ORDINALS else None


def day_str(day: int) -> str:
    """Days below 10 take a leading zero (ND 30 II.4.b; HD 36 examples)."""
    return f"{day:02d}"


def month_str(month: int) -> str:
    """Months 1 and 2 take a leading zero, 3–12 do not: "tháng 02", "tháng 4", "tháng 11"."""
    return f"{month:02d}" if month <= 2 else str(month)


def format_date_line(pattern: str, place: str, date: dt.date) -> str:
    """"Lâm Đồng, ngày 03 tháng 11 năm 2025" (ND 30 II.4.b; HD 36 Phụ lục 3)."""
    return pattern.format(dia_danh=place, ngay=day_str(date.day), thang=month_str(date.month), nam=date.year)


def format_citation_date(date: dt.date) -> str:
    """Party citation style: "24/6/2022", "03/11/2025" (dd/m/yyyy, day padded, month padded for 1–2)."""
    return f"{day_str(date.day)}/{month_str(date.month)}/{date.year}"


def parse_vn_date(text: str) -> dt.date | None:
    """Accept "03/11/2025", "3-11-2025", "ngày 03 tháng 11 năm 2025", "2025-11-03"; None if not a date shape.

    Raises ValueError for a date shape that does not exist (30/02/2025).
    """
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    m = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    return None
