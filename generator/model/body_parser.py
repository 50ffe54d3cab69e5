"""The body grammar: lines recognised by their Vietnamese markers, exactly as officials type them.

    Phần I / Phần thứ nhất [title]      Chương II [TITLE]        Mục 1 [TITLE]
    Điều 5. Title                       1. khoản / 1.1. / 3.1- sub-khoản
    a) điểm (Vietnamese letter order)   - item                   any other line: a paragraph

A title may stand on the same line as Phần/Chương/Mục or on the next line. One line is
one paragraph. A quotation that spans lines (the amended text in a Quyết định sửa đổi: a line
opening with “ that is not closed on it, up to the line that closes it) is quoted text: its
lines are paragraphs, never units of this document. The parser builds the Unit tree and checks
the numbering sequence; the renumber command and the importer use the same patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.model.errors import Diagnostic
from generator.model.model import CHUONG, DIEM, DIEU, DOAN, GACH, KHOAN, MUC, PHAN, Unit, walk
from generator.model.text import plain
from generator.model.vietnamese import DIEM_LETTERS, from_roman, ordinal_to_int

_HEADING = re.compile(r"^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(thứ\s+[^\s.:\-–]+(?:\s+(?:một|hai|ba|bốn|lăm))?|[IVXLC]+|\d+)\b[.:\-–]?\s*(.*)$")
# A section of a document without Điều: "I. MỤC ĐÍCH, YÊU CẦU" (ND 30 PL I), "II- NHIỆM VỤ" (Party style).
ROMAN_SECTION_RE = re.compile(r"^([IVXL]{1,6})([.\-–])\s+(\S.*)$")
DIEU_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+[a-z]?)\s*[.:]\s*(.*)$")
KHOAN_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})([.\-])\s+(.*)$")
DIEM_RE = re.compile(r"^([a-zđ])\)\s+(.*)$")
GACH_RE = re.compile(r"^[-–—•+]\s+(.*)$")

_KIND_OF_WORD = {"phần": PHAN, "chương": CHUONG, "mục": MUC}


@dataclass
class ParsedLine:
    kind: str
    number: str | None
    sep: str
    text: str
    line: int


def classify(text: str, line: int) -> ParsedLine:
    """Recognise one stripped line."""
    m = _HEADING.match(text)
    if m:
        kind = _KIND_OF_WORD[m.group(1).lower()]
        return ParsedLine(kind, m.group(2), "", _strip_title(m.group(3)), line)
    m = ROMAN_SECTION_RE.match(text)
    if m and from_roman(m.group(1)) is not None:
        return ParsedLine(MUC, m.group(1), "-" if m.group(2) != "." else ".", m.group(3).strip(), line)
    m = DIEU_RE.match(text)
    if m:
        return ParsedLine(DIEU, m.group(1), ".", m.group(2).strip(), line)
    m = KHOAN_RE.match(text)
    if m:
        return ParsedLine(KHOAN, m.group(1), m.group(2), m.group(3).strip(), line)
    m = DIEM_RE.match(text)
    if m:
        return ParsedLine(DIEM, m.group(1), ")", m.group(2).strip(), line)
    m = GACH_RE.match(text)
    if m:
        return ParsedLine(GACH, None, "-", m.group(1).strip(), line)
    return ParsedLine(DOAN, None, "", text, line)


def quoted_lines(texts: list[str]) -> set[int]:
    """Indexes of the lines inside a quotation that spans lines (after its opening line, up to and
    including its closing line). Only curly quotes count; a quotation never closed is not one."""
    inside: set[int] = set()
    i = 0
    while i < len(texts):
        depth = texts[i].count("“") - texts[i].count("”")
        if texts[i].startswith("“") and depth > 0:
            j = i + 1
            while j < len(texts) and depth > 0:
                depth += texts[j].count("“") - texts[j].count("”")
                j += 1
            if depth <= 0:
                inside.update(range(i + 1, j))
                i = j
                continue
        i += 1
    return inside


def _strip_title(title: str) -> str:
    """"**QUY ĐỊNH CHUNG**" → "QUY ĐỊNH CHUNG": the heading's weight comes from its style."""
    return plain(title.strip())


def heading_value(kind: str, number: str) -> int | None:
    """Numeric value of a heading number: "II" → 2, "thứ hai" → 2, "3" → 3."""
    if number.isdigit():
        return int(number)
    if number.lower().startswith("thứ"):
        return ordinal_to_int(number)
    return from_roman(number)


class BodyParser:
    def __init__(self, path: Path | None, first_line: int = 1):
        self.path = path
        self.first_line = first_line
        self.diagnostics: list[Diagnostic] = []
        # An imported document keeps its numbering as printed (`danh_so: nhu-ban-goc`): a gap or a
        # repeat in the sequence is then a warning, listed, not an error that stops the build.
        self.as_printed = False
        self.sequence_warnings: list[Diagnostic] = []
        self._in_sequence = False
        self.dieu_as_printed = False    # an annex of sample forms: each sample's "Điều 1." is an example, not its own

    def error(self, message: str, line: int) -> None:
        if self._in_sequence and self.as_printed:
            self.sequence_warnings.append(Diagnostic(message + " (giữ như bản gốc)", self.path, line, "canh-bao"))
            return
        self.diagnostics.append(Diagnostic(message, self.path, line))

    def parse(self, text: str) -> list[Unit]:
        lines = [(self.first_line + i, raw.strip()) for i, raw in enumerate(text.split("\n"))]
        lines = [(n, t) for n, t in lines if t and not t.startswith("<!--")]
        quoted = quoted_lines([t for _n, t in lines])
        top: list[Unit] = []
        stack: list[Unit] = []          # open containers, outermost first
        i = 0
        while i < len(lines):
            number, text = lines[i]
            pl = ParsedLine(DOAN, None, "", text, number) if i in quoted else classify(text, number)
            unit = Unit(kind=pl.kind, text=pl.text, line=number, number=pl.number, sep=pl.sep)
            if pl.kind in (PHAN, CHUONG, MUC) and not pl.text and i + 1 < len(lines):
                nxt_number, nxt_text = lines[i + 1]
                if classify(nxt_text, nxt_number).kind == DOAN:
                    unit.text = _strip_title(nxt_text)
                    unit.heading_line = nxt_number
                    i += 1
            if pl.kind == KHOAN:
                unit.depth = pl.number.count(".") + 1
            self._place(unit, top, stack)
            i += 1
        _assign_anchors(top)
        self._check_sequence(top)
        return top

    # -- tree building -------------------------------------------------------------------
    def _place(self, unit: Unit, top: list[Unit], stack: list[Unit]) -> None:
        rank = {PHAN: 0, CHUONG: 1, MUC: 2, DIEU: 3}
        if unit.kind in rank:
            while stack and (stack[-1].kind not in rank or rank[stack[-1].kind] >= rank[unit.kind]):
                stack.pop()
        elif unit.kind == KHOAN:
            while stack and (stack[-1].kind in (DIEM, GACH, DOAN) or
                             (stack[-1].kind == KHOAN and stack[-1].depth >= unit.depth)):
                stack.pop()
        elif unit.kind == DIEM:
            # close earlier points, and "- " items that hang under a point; a "- " sub-heading
            # directly under a khoản keeps its lettered points ("- Trách nhiệm chung / a) …").
            while stack and (stack[-1].kind in (DIEM, DOAN) or (
                    stack[-1].kind == GACH and len(stack) >= 2 and stack[-2].kind in (DIEM, GACH))):
                stack.pop()
        elif unit.kind == GACH:
            while stack and stack[-1].kind in (GACH, DOAN):
                stack.pop()
            # A "- " line after a điểm that itself hangs under a "- " sub-heading starts a new
            # sub-heading group ("- Trách nhiệm chung / a) … / - Trách nhiệm của …").
            if stack and stack[-1].kind == DIEM and len(stack) >= 2 and stack[-2].kind == GACH:
                stack.pop()
                stack.pop()
        elif unit.kind == DOAN:
            while stack and stack[-1].kind in (DOAN, GACH, DIEM):
                stack.pop()
        parent = stack[-1] if stack else None
        (parent.children if parent else top).append(unit)
        if unit.kind != DOAN:
            stack.append(unit)

    # -- numbering checks -------------------------------------------------------------------
    def _check_sequence(self, top: list[Unit]) -> None:
        self._in_sequence = True
        try:
            self._check_sequence_units(top)
        finally:
            self._in_sequence = False

    def _check_sequence_units(self, top: list[Unit]) -> None:
        all_units = list(walk(top))
        self._check_run([u for u in all_units if u.kind == PHAN], "Phần")
        self._check_run([u for u in all_units if u.kind == CHUONG], "Chương")
        dieus = [u for u in all_units if u.kind == DIEU]
        # an Điều gap stays an error even as printed (citations need "vanban renumber"), except in an annex
        # whose Điều are the samples' own
        self._in_sequence = self.dieu_as_printed
        self._check_dieu(dieus)
        self._in_sequence = True
        for container in [None, *all_units]:
            children = top if container is None else container.children
            muc = [u for u in children if u.kind == MUC]
            self._check_run(muc, "Mục")
            self._check_khoan([u for u in children if u.kind == KHOAN], container)
            self._check_diem([u for u in children if u.kind == DIEM])

    def _check_run(self, units: list[Unit], name: str) -> None:
        expected = 1
        for u in units:
            value = heading_value(u.kind, u.number or "")
            if value is None:
                self.error(f"số của {name} \"{u.number}\" không đọc được (dùng số La Mã I, II … hoặc \"thứ nhất\")", u.line)
                return
            if value != expected:
                self.error(f"{name} {u.number} không đúng thứ tự: lẽ ra là {name} thứ {expected}"
                           f"{' (thiếu ' + name + ' trước đó)' if value > expected else ' (bị lặp)'}", u.line)
                return
            expected += 1

    def _check_dieu(self, dieus: list[Unit]) -> None:
        previous = None
        for u in dieus:
            m = re.fullmatch(r"(\d+)([a-z]?)", u.number or "")
            value, suffix = int(m[1]), m[2]
            if suffix:
                previous = value
                continue
            expected = 1 if previous is None else previous + 1
            if value != expected:
                if previous is not None and value == previous:
                    why = f"trùng số với Điều {previous} ngay trước"
                elif value > expected:
                    why = f"thiếu Điều {expected}" if value == expected + 1 else f"thiếu Điều {expected} đến Điều {value - 1}"
                else:
                    why = f"lẽ ra là Điều {expected}"
                after = f" đứng sau Điều {previous}" if previous is not None else " là điều đầu tiên"
                self.error(f"Điều {u.number}{after} — {why} (chạy \"vanban renumber\" để đánh số lại)", u.line)
            previous = value

    def _check_khoan(self, khoans: list[Unit], parent: Unit | None) -> None:
        previous_last = 0
        for u in khoans:
            parts = u.number.split(".")
            if parent is not None and parent.kind == KHOAN and u.depth > 1:
                if parts[:-1] != parent.number.split("."):
                    self.error(f"khoản \"{u.number}\" nằm trong khoản \"{parent.number}\" nhưng số không bắt đầu bằng "
                               f"\"{parent.number}.\"", u.line)
                    return
            last = int(parts[-1])
            if last != previous_last + 1:
                prev = f"\"{'.'.join(parts[:-1] + [str(previous_last)])}.\"" if previous_last else "đầu"
                self.error(f"khoản \"{u.number}{u.sep}\" không đúng thứ tự sau {prev} — lẽ ra là "
                           f"\"{'.'.join(parts[:-1] + [str(previous_last + 1)])}{u.sep}\"", u.line)
                return
            previous_last = last

    def _check_diem(self, diems: list[Unit]) -> None:
        for index, u in enumerate(diems):
            letter = u.number
            if letter not in DIEM_LETTERS:
                self.error(f"điểm \"{letter})\" không có trong bảng chữ cái tiếng Việt dùng cho điểm "
                           f"({' '.join(DIEM_LETTERS)})", u.line)
                return
            if index >= len(DIEM_LETTERS):
                self.error("quá 23 điểm (a … y) trong một khoản; hãy tách khoản", u.line)
                return
            expected = DIEM_LETTERS[index]
            if letter != expected:
                prev = f"sau \"{diems[index - 1].number})\"" if index else "ở đầu"
                if index and DIEM_LETTERS.index(letter) == index + 1:
                    self.error(f"điểm \"{letter})\" đứng {prev} — thiếu \"{expected})\"", u.line)
                else:
                    self.error(f"điểm \"{letter})\" đứng {prev} — lẽ ra là \"{expected})\"", u.line)
                return


def slug(number: str) -> str:
    return number.lower().replace("đ", "dd").replace(".", "-")


def _assign_anchors(top: list[Unit]) -> None:
    seen: dict[str, int] = {}

    def visit(units: list[Unit], prefix: str) -> None:
        counters: dict[str, int] = {}
        for u in units:
            counters[u.kind] = counters.get(u.kind, 0) + 1
            if u.kind == DIEU:
                base = f"dieu-{slug(u.number)}"
                child_prefix = base
            elif u.kind in (PHAN, CHUONG):
                base = f"{u.kind}-{slug(u.number)}"
                child_prefix = ""     # Điều numbers run through the whole document
            elif u.kind == MUC:
                base = f"{prefix + '-' if prefix else ''}muc-{slug(u.number)}"
                child_prefix = ""
            elif u.kind == KHOAN:
                base = f"{prefix}-khoan-{slug(u.number)}" if prefix.startswith("dieu") else f"so-{slug(u.number)}"
                child_prefix = base
            elif u.kind == DIEM:
                base = f"{prefix + '-' if prefix else ''}diem-{slug(u.number)}"
                child_prefix = base
            elif u.kind == GACH:
                base = f"{prefix + '-' if prefix else ''}y-{counters[u.kind]}"
                child_prefix = base
            else:
                base = f"{prefix + '-' if prefix else ''}doan-{counters[u.kind]}"
                child_prefix = base
            anchor = base
            if anchor in seen:
                seen[anchor] += 1
                anchor = f"{base}-{seen[base]}"
            else:
                seen[anchor] = 1
            u.anchor = anchor
            visit(u.children, child_prefix if u.kind not in (PHAN, CHUONG, MUC) else (
                u.anchor if u.kind == CHUONG else ""))

    visit(top, "")


def parse_body(text: str, path: Path | None = None, first_line: int = 1,
               warnings: list[Diagnostic] | None = None,
               annex: bool = False) -> tuple[list[Unit], list[Diagnostic]]:
    """Units and errors; with `warnings` (a list), numbering kept as printed: sequence faults go there
    (in an annex, `annex`, the Điều faults too)."""
    parser = BodyParser(path, first_line)
    parser.as_printed = warnings is not None
    parser.dieu_as_printed = annex and warnings is not None
    units = parser.parse(text)
    if warnings is not None:
        warnings += parser.sequence_warnings
    return units, parser.diagnostics
