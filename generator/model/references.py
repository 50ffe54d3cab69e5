"""Internal cross-references ("tại Điều 3 Quy chế này", "khoản 2 Điều 5", "điểm a khoản 1 Điều 4"):
find them, check that they resolve, turn them into site links, and keep them right when renumbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from generator.model.body_parser import BodyParser, DIEM_RE, DIEU_RE, KHOAN_RE
from generator.model.errors import Diagnostic
from generator.model.model import CHUONG, DIEM, DIEU, KHOAN, Record, Unit, walk
from generator.model.text import fold
from generator.model.vietnamese import DIEM_LETTERS, from_roman, to_roman
from generator.model.yamlio import split_front_matter

_DOC_WORDS = r"(?:Quy chế|Quy định|Quyết định|Nghị quyết|Kế hoạch|Hướng dẫn|Chỉ thị|Thông báo|Điều lệ|Luật|Nghị định|Thông tư)"
REF_RE = re.compile(
    r"(?:(?P<diem_w>[Đđ]iểm)\s+(?P<diem>[a-zđ])\s+)?"
    r"(?:(?P<khoan_w>[Kk]hoản)\s+(?P<khoan>\d+(?:\.\d+)*)\s+)?"
    r"(?P<dieu_w>Điều)\s+(?P<dieu>\d+[a-z]?\b|này)"
    r"(?P<doc>\s+(?:của\s+)?" + _DOC_WORDS + r"\s+(?P<doc_tail>này|số\b|\d))?")


@dataclass
class Ref:
    start: int
    end: int
    diem: str | None
    khoan: str | None
    dieu: str | None          # None for "Điều này"
    internal: bool
    text: str


def iter_refs(text: str) -> Iterator[Ref]:
    for m in REF_RE.finditer(text):
        tail = m.group("doc_tail")
        internal = tail is None or tail == "này"
        dieu = None if m.group("dieu") == "này" else m.group("dieu")
        end = m.end("dieu") if not m.group("doc") else m.end()
        if tail in ("số",) or (tail and tail[0].isdigit()):
            end = m.end("dieu")
        yield Ref(m.start(), end, m.group("diem"), m.group("khoan"), dieu, internal, text[m.start():end])


class Index:
    """Lookup of a record's units by the labels typed in the source."""

    def __init__(self, units: list[Unit], duplicates: str = "later"):
        self.dieu: dict[str, Unit] = {}
        self.duplicated: set[str] = set()
        for u in walk(units):
            if u.kind == DIEU:
                if u.number in self.dieu:
                    self.duplicated.add(u.number)
                    if duplicates == "first":
                        continue
                self.dieu[u.number] = u

    @staticmethod
    def child(parent: Unit, kind: str, number: str) -> Unit | None:
        for u in walk(parent.children):
            if u.kind == kind and u.number == number:
                return u
        return None

    def resolve(self, ref: Ref, current_dieu: Unit | None) -> Unit | None:
        article = current_dieu if ref.dieu is None else self.dieu.get(ref.dieu)
        if article is None:
            return None
        target = article
        if ref.khoan:
            target = self.child(article, KHOAN, ref.khoan)
            if target is None:
                return None
        if ref.diem:
            target = self.child(target, DIEM, ref.diem)
        return target


def has_articles(units: list[Unit]) -> bool:
    return any(u.kind == DIEU for u in walk(units))


_AMENDING_VERBS = ("sua doi", "bo sung", "bai bo", "thay the")
_DOC_WORD_RE = re.compile(_DOC_WORDS)


def amends_another(article: Unit | None) -> bool:
    """An article of a Quyết định sửa đổi ("Điều 1. Sửa đổi, bổ sung một số điều của Quy chế …"):
    "khoản 2 Điều 5" in it, and in the text it quotes, point into the amended document, not this one."""
    if article is None or article.kind != DIEU:
        return False
    # The regex first: it is cheap and rarely matches, fold() runs for every unit of every article.
    return bool(_DOC_WORD_RE.search(article.text)) and fold(article.text).startswith(_AMENDING_VERBS)


# What an amending unit does to the unit it names, by its first words (folded): "Sửa đổi, bổ sung khoản 2
# Điều 5 như sau:", "Bổ sung điểm d vào khoản 1 Điều 4", "Bãi bỏ Điều 7", "Thay thế cụm từ … tại Điều 3".
AMENDMENT_KINDS = (("sua doi", "sua-doi"), ("bo sung", "bo-sung"), ("bai bo", "bai-bo"), ("thay the", "thay-the"))


def amendment_refs(record: Record) -> Iterator[tuple[Unit, Ref, str]]:
    """In a document that amends another: each "khoản 2 Điều 5" its amending articles name, with the unit
    that names it and what it does to it (sua-doi, bo-sung, bai-bo, thay-the). The text it quotes (the
    new wording) names nothing: only a unit that starts with an amending verb counts."""
    for unit, article in units_with_article(record.body):
        if not amends_another(article):
            continue
        start = fold(unit.text.lstrip(" \"“”*"))
        kind = next((k for words, k in AMENDMENT_KINDS if start.startswith(words)), None)
        if kind is None:
            continue
        for ref in iter_refs(unit.text):
            if ref.dieu is not None and not ref.text.endswith("này"):
                yield unit, ref, kind


def units_with_article(units: list[Unit]) -> Iterator[tuple[Unit, Unit | None]]:
    """Each unit with the Điều that contains it (or None)."""
    def visit(items: list[Unit], article: Unit | None):
        for u in items:
            here = u if u.kind == DIEU else article
            yield u, here
            yield from visit(u.children, here)
    yield from visit(units, None)


def check_references(record: Record) -> list[Diagnostic]:
    """Every internal reference must point at a unit that exists (only in documents with Điều)."""
    if not has_articles(record.body):
        return []
    index = Index(record.body)
    numbers = [u.number for u in walk(record.body) if u.kind == DIEU]
    out = []
    for unit, article in units_with_article(record.body):
        if amends_another(article):
            continue
        for ref in iter_refs(unit.text):
            if not ref.internal or (ref.dieu is None and article is None):
                continue
            if index.resolve(ref, article) is None:
                span = f"Điều {numbers[0]} đến Điều {numbers[-1]}" if numbers else "không có Điều nào"
                out.append(Diagnostic(f"tham chiếu \"{ref.text}\" không trỏ tới phần nào của văn bản "
                                      f"(văn bản có {span})", record.path, unit.line))
    return out


def links(record: Record) -> dict[str, list[tuple[int, int, str]]]:
    """anchor of a unit → [(start, end, target anchor)] of the references in its text (for the site)."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    if not has_articles(record.body):
        return out
    index = Index(record.body)
    for unit, article in units_with_article(record.body):
        if amends_another(article):
            continue
        for ref in iter_refs(unit.text):
            if not ref.internal:
                continue
            target = index.resolve(ref, article)
            if target is not None:
                out.setdefault(unit.anchor, []).append((ref.start, ref.end, target.anchor))
    return out


# ---- renumbering ------------------------------------------------------------------------------

@dataclass
class RenumberResult:
    text: str
    changes: list[str]
    warnings: list[Diagnostic]


def renumber_text(source: str, path: Path | None = None) -> RenumberResult:
    """Rewrite Chương, Điều, khoản and điểm numbers in sequence and update internal references."""
    _fm, body_text, body_start = split_front_matter(source, path or Path("?"))
    units = BodyParser(path, body_start).parse(body_text)
    lines = source.split("\n")
    warnings: list[Diagnostic] = []
    changes: list[str] = []
    new_number: dict[int, str] = {}          # id(unit) -> new number

    chuongs = [u for u in walk(units) if u.kind == CHUONG]
    for i, u in enumerate(chuongs, start=1):
        roman = from_roman(u.number or "") is not None
        new_number[id(u)] = to_roman(i) if roman or not (u.number or "").isdigit() else str(i)
    for i, u in enumerate([u for u in walk(units) if u.kind == DIEU], start=1):
        new_number[id(u)] = str(i)

    def number_container(children: list[Unit], parent: Unit | None) -> None:
        k = d = 0
        for u in children:
            if u.kind == KHOAN:
                k += 1
                nested = parent is not None and parent.kind == KHOAN
                new_number[id(u)] = f"{new_number[id(parent)]}.{k}" if nested else str(k)
            elif u.kind == DIEM:
                if d >= len(DIEM_LETTERS):
                    warnings.append(Diagnostic("quá 23 điểm trong một khoản; hãy tách khoản", path, u.line))
                else:
                    new_number[id(u)] = DIEM_LETTERS[d]
                d += 1
            number_container(u.children, u)
    number_container(units, None)

    index = Index(units, duplicates="later")
    for label in sorted(index.duplicated):
        warnings.append(Diagnostic(f"có hai Điều cùng số {label}; các tham chiếu \"Điều {label}\" được hiểu là "
                                   f"điều đứng sau (điều có sẵn trước khi chèn). Hãy kiểm tra lại.", path, None,
                                   "canh-bao"))

    def rewrite_refs(text: str, article: Unit | None) -> str:
        if amends_another(article):
            return text
        out, pos = [], 0
        for ref in iter_refs(text):
            if not ref.internal or (ref.dieu is None and article is None):
                continue
            target_article = article if ref.dieu is None else index.dieu.get(ref.dieu)
            target = index.resolve(ref, article)
            if target is None or target_article is None:
                warnings.append(Diagnostic(f"tham chiếu \"{ref.text}\" không trỏ tới phần nào của văn bản; giữ nguyên",
                                           path, None, "canh-bao"))
                continue
            m = REF_RE.match(text, ref.start)
            parts = []
            if ref.diem:
                parts.append((m.start("diem"), m.end("diem"), new_number.get(id(target), ref.diem)))
            if ref.khoan:
                khoan = Index.child(target_article, KHOAN, ref.khoan)
                parts.append((m.start("khoan"), m.end("khoan"), new_number.get(id(khoan), ref.khoan)))
            if ref.dieu:
                parts.append((m.start("dieu"), m.end("dieu"), new_number[id(target_article)]))
            for start, end, value in parts:
                out.append(text[pos:start])
                out.append(value)
                pos = end
        out.append(text[pos:])
        return "".join(out)

    patterns = {DIEU: DIEU_RE, KHOAN: KHOAN_RE, DIEM: DIEM_RE}
    for unit, article in units_with_article(units):
        idx = unit.line - 1
        line = lines[idx]
        indent = line[: len(line) - len(line.lstrip())]
        body = line.strip()
        head, rest = "", body
        if unit.kind in patterns and id(unit) in new_number:
            m = patterns[unit.kind].match(body)
            start, end = m.span(1)
            head = body[:start] + new_number[id(unit)] + body[end:m.start(len(m.groups()))]
            rest = body[m.start(len(m.groups())):]
            if new_number[id(unit)] != unit.number:
                changes.append(f"dòng {unit.line}: {unit.label} → {unit.label.split()[0]} {new_number[id(unit)]}")
        elif unit.kind == CHUONG and id(unit) in new_number:
            m = re.match(r"^(Chương|CHƯƠNG)(\s+)(\S+?)(\b|$)", body)
            if m and new_number[id(unit)] != unit.number:
                changes.append(f"dòng {unit.line}: Chương {unit.number} → Chương {new_number[id(unit)]}")
                head = m.group(1) + m.group(2) + new_number[id(unit)]
                rest = body[m.end(3):]
            else:
                head, rest = body, ""
        new_rest = rewrite_refs(rest, article) if rest else rest
        if new_rest != rest:
            changes.append(f"dòng {unit.line}: cập nhật tham chiếu")
        lines[idx] = indent + head + new_rest
    return RenumberResult("\n".join(lines), changes, warnings)
