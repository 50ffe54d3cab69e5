"""Comparing two texts of a regulation by structure: the rows of a bảng so sánh and the amending text.

Pure functions on the model (no files): `compare(old_record, new_record)` → Comparison.

1. Alignment, level by level: Điều to Điều across the whole document (chapters do not split the
   numbering), then khoản to khoản and điểm to điểm inside each matched pair. Identical units match
   first, then the most similar (title and content, difflib ratios), then what is left between two
   matched neighbours. A matched pair out of order (not on the longest increasing run) has moved.
2. Amended numbering: an amending document cites the CURRENT text's numbers and never renumbers.
   A unit inserted after Điều 5 is "Điều 5a" (then 5b); after the last one it takes the next number
   (Điều 9 after Điều 8; khoản 4 after khoản 3; điểm đ after điểm d); a điểm inserted between d and
   đ is "d1". References in the draft ("tại Điều 7", renumbered) are read in that numbering, so a
   cross-reference that only followed a renumbering is not a change.
3. Rows: a unit whose own text changed is one row with its whole text (its khoản and điểm with
   it); otherwise each changed khoản or điểm inside it is a row, under a context row for the unit.
   A Điều whose title alone changed is "Sửa đổi tên Điều". Words are diffed inside each paragraph
   (difflib on word and punctuation tokens); a row whose differences are all punctuation says so.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.model.model import (CHUONG, DIEM, DIEU, DOAN, GACH, HEADINGS, KHOAN, LEVEL_NAMES, MUC, PHAN, Record,
                                   Unit, walk)
from generator.model.references import Index, iter_refs, units_with_article, REF_RE
from generator.model.text import collapse_ws, fold, plain
from generator.model.vietnamese import DIEM_LETTERS

ADDRESSABLE = (DIEU, KHOAN, DIEM)

# Row kinds (Vietnamese keys, as they appear in --json and the site).
SUA_DOI, SUA_TEN, BO_SUNG, BAI_BO, DI_CHUYEN = "sua-doi", "sua-ten", "bo-sung", "bai-bo", "di-chuyen"
GIU_NGUYEN, NGU_CANH = "giu-nguyen", "ngu-canh"
CHANGES = (SUA_DOI, SUA_TEN, BO_SUNG, BAI_BO, DI_CHUYEN)
HEADERS = ("Quy định hiện hành", "Dự thảo sửa đổi, bổ sung", "Thuyết minh, lý do")   # the table's columns

MATCH_AT = 0.5          # similarity at which two units are the same unit, wherever they stand
SLOT_MATCH_AT = 0.25    # … and between the same matched neighbours (a rewrite in place)
PAIR_LINES_AT = 0.3     # two paragraphs this similar are shown as one reworded paragraph

XOA, THEM = "xoa", "them"          # segment marks: deleted (struck through), added (bold)
CHUA_QUY_DINH = "(Chưa quy định)"
GIU_NGUYEN_TEXT = "Giữ nguyên"
BAI_BO_TEXT = "Bãi bỏ"
PUNCT_NOTE = "chỉ sửa dấu câu"

_TOKEN = re.compile(r"(\w+|[^\w\s])(\s*)")
_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
_QUOTES = ("“", "”")


# ---- text with its comparison keys ---------------------------------------------------------------

class Tok(NamedTuple):
    text: str        # as written in this text
    key: str         # what it is compared by; a reference number reads in the amended numbering
    space: str       # whitespace after it ("" or " ")


def tokenize(text: str, spans: dict[tuple[int, int], str] | None = None) -> list[Tok]:
    """Word and punctuation tokens; each (start, end) span in `spans` is one token keyed by its value."""
    out: list[Tok] = []
    pos = 0
    for (start, end), key in sorted((spans or {}).items()) + [((len(text), len(text)), None)]:
        out += [Tok(m[1], m[1], " " if m[2] else "") for m in _TOKEN.finditer(text, pos, start)]
        if key is not None:
            out.append(Tok(text[start:end], key, " " if end < len(text) and text[end].isspace() else ""))
        pos = end
    return out


def keys(toks: list[Tok]) -> tuple[str, ...]:
    return tuple(t.key for t in toks)


def join(toks: list[Tok], amended: bool = False) -> str:
    return "".join((t.key if amended else t.text) + t.space for t in toks).rstrip()


# ---- what a comparison gives --------------------------------------------------------------------

@dataclass
class Segment:
    text: str
    mark: str = ""                 # "" | XOA (deleted) | THEM (added)


@dataclass
class Line:
    """One paragraph of a cell: its kind (for styling) and its marked segments."""
    kind: str
    segments: list[Segment]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass
class Row:
    kind: str                      # SUA_DOI, SUA_TEN, BO_SUNG, BAI_BO, DI_CHUYEN, GIU_NGUYEN, NGU_CANH
    old: Unit | None
    new: Unit | None
    old_ref: str = ""              # citation in the current text: "khoản 2 Điều 5"
    new_ref: str = ""              # citation in the draft's own numbering
    amended_ref: str = ""          # citation in the amended numbering: "Điều 5a", "điểm đ khoản 1 Điều 4"
    old_lines: list[Line] = field(default_factory=list)
    new_lines: list[Line] = field(default_factory=list)
    punctuation_only: bool = False
    moved_from: str = ""           # DI_CHUYEN: the current citation it leaves
    placed_after: str = ""         # BO_SUNG/DI_CHUYEN: "Điều 5" it follows ("" when first)
    placed_before: str = ""        # … or the unit it precedes when first
    note: str = ""                 # the drafter's explanation (meta.ghi_chu of the draft)
    amending: str = ""             # the amending item, without its number; lines joined by "\n"
    depth: int = 0                 # nesting under context rows (0 for a Điều)

    @property
    def changed(self) -> bool:
        return self.kind in CHANGES

    @property
    def anchor(self) -> str:
        unit = self.new or self.old
        return unit.anchor if unit else ""

    def cell_extras(self) -> tuple[str, str, str]:
        """(placeholder of an empty current-text cell, of an empty draft cell, italic line atop the draft)."""
        return (CHUA_QUY_DINH if self.kind == BO_SUNG else "", BAI_BO_TEXT if self.kind == BAI_BO else "",
                self.description if self.kind == DI_CHUYEN or self.punctuation_only else "")

    @property
    def description(self) -> str:
        """What kind of change, in Vietnamese (the draft cell's italic line, the site's label)."""
        if self.kind == DI_CHUYEN:
            return f"chuyển từ {self.moved_from}" + (f" đến sau {self.placed_after}" if self.placed_after else "")
        if self.kind in (SUA_DOI, SUA_TEN) and self.punctuation_only:
            return PUNCT_NOTE
        return {SUA_DOI: "sửa đổi, bổ sung", SUA_TEN: "sửa đổi tên", BO_SUNG: "bổ sung",
                BAI_BO: "bãi bỏ", GIU_NGUYEN: "giữ nguyên", NGU_CANH: ""}[self.kind]


@dataclass
class Comparison:
    old: Record
    new: Record
    rows: list[Row]
    unused_notes: list[str] = field(default_factory=list)   # ghi_chu anchors that name no row

    def changes(self) -> list[Row]:
        return [r for r in self.rows if r.changed]

    def visible_rows(self, include_unchanged: bool = True) -> list[Row]:
        """Rows to show; without unchanged ones, a context row stays only above a change inside it."""
        if include_unchanged:
            return list(self.rows)
        rows = [r for r in self.rows if r.kind != GIU_NGUYEN]
        keep: list[Row] = []
        for i, r in enumerate(rows):
            if r.kind == NGU_CANH:
                inside = []
                for x in rows[i + 1:]:
                    if x.depth <= r.depth:
                        break
                    inside.append(x)
                if not any(x.changed for x in inside):
                    continue
            keep.append(r)
        return keep


# ---- alignment ----------------------------------------------------------------------------------

@dataclass
class _Match:
    old: Unit | None
    new: Unit | None
    moved: bool = False
    children: list["_Match"] = field(default_factory=list)
    old_index: int = -1            # place of `old` in the current text (among its siblings)


def _addressable_children(unit: Unit) -> list[Unit]:
    return [c for c in unit.children if c.kind in ADDRESSABLE]


def top_units(units: list[Unit]) -> list[Unit]:
    """The units compared at the top: every Điều (through Phần/Chương/Mục), else the top khoản/điểm."""
    articles = [u for u in walk(units) if u.kind == DIEU]
    if articles:
        return articles
    out: list[Unit] = []
    for u in units:
        if u.kind in HEADINGS:
            out += top_units(u.children)
        elif u.kind in ADDRESSABLE:
            out.append(u)
    return out


class _Words:
    """Lower-case word lists per unit, for similarity: (title, content, content counts)."""

    def __init__(self):
        self.own: dict[int, tuple[str, ...]] = {}
        self.body: dict[int, tuple[str, ...]] = {}
        self.counts: dict[int, Counter] = {}

    def _own(self, unit: Unit) -> tuple[str, ...]:
        hit = self.own.get(id(unit))
        if hit is None:
            hit = self.own[id(unit)] = tuple(_WORDS.findall(plain(unit.text).lower()))
        return hit

    def _body(self, unit: Unit) -> tuple[str, ...]:
        hit = self.body.get(id(unit))
        if hit is None:
            hit = self._own(unit) + tuple(w for c in unit.children for w in self._body(c))
            self.body[id(unit)] = hit
        return hit

    def key(self, unit: Unit) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(title, content): a Điều's title is its own text; anything else is all content."""
        if unit.kind != DIEU:
            return (), self._body(unit)
        own = self._own(unit)
        return own, self._body(unit)[len(own):]

    def get(self, unit: Unit):
        title, body = self.key(unit)
        counts = self.counts.get(id(unit))
        if counts is None:
            counts = self.counts[id(unit)] = Counter(body)
        return title, body, counts


def _dice(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    return 2.0 * sum((a & b).values()) / total


def _score(words: _Words, o: Unit, n: Unit) -> float:
    ot, ob, oc = words.get(o)
    nt, nb, nc = words.get(n)
    if ot == nt and ob == nb:
        return 2.0
    content = _dice(oc, nc)
    if o.kind == DIEU and (ot or nt):
        title = difflib.SequenceMatcher(None, ot, nt, autojunk=False).ratio()
        score = 0.4 * title + 0.6 * content if (ob or nb) else title
    else:
        score = content
    return score + (0.02 if o.number == n.number else 0.0)


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions (in `values`) of one longest strictly increasing subsequence."""
    import bisect
    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(i)
        else:
            tails[k] = v
            tail_pos[k] = i
        prev[i] = tail_pos[k - 1] if k else -1
    out: set[int] = set()
    i = tail_pos[-1] if tail_pos else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def align(olds: list[Unit], news: list[Unit], words: _Words) -> list[_Match]:
    """Pairs (old, new) in reading order of the draft; deleted units where they stood."""
    partner: dict[int, int] = {}        # old index -> new index
    taken: set[int] = set()
    same: dict[tuple, list[int]] = {}    # identical units first: most of a revised text
    for j, n in enumerate(news):
        same.setdefault((n.kind, words.key(n)), []).append(j)
    for i, o in enumerate(olds):
        candidates = same.get((o.kind, words.key(o)))
        if candidates:
            j = min(candidates, key=lambda j: abs(i - j))
            candidates.remove(j)
            partner[i] = j
            taken.add(j)
    scores: list[tuple[float, int, int, int]] = []
    for i, o in enumerate(olds):
        if i in partner:
            continue
        for j, n in enumerate(news):
            if j not in taken and o.kind == n.kind:
                s = _score(words, o, n)
                if s >= MATCH_AT:
                    scores.append((s, -abs(i - j), i, j))
    for s, _dist, i, j in sorted(scores, reverse=True):
        if i not in partner and j not in taken:
            partner[i] = j
            taken.add(j)
    _match_in_slots(olds, news, partner, taken, words)
    order = sorted(partner)
    in_order = _longest_increasing([partner[i] for i in order])
    moved = {order[k] for k in range(len(order)) if k not in in_order}
    by_new = {j: i for i, j in partner.items()}
    out: list[_Match] = []
    next_old = 0

    def flush_deleted(upto: int) -> None:
        nonlocal next_old
        while next_old < upto:
            if next_old not in partner:
                out.append(_Match(olds[next_old], None, old_index=next_old))
            next_old += 1

    for j, n in enumerate(news):
        i = by_new.get(j)
        if i is None:
            out.append(_Match(None, n))
        elif i in moved:
            out.append(_Match(olds[i], n, moved=True, old_index=i))
        else:
            flush_deleted(i)
            next_old = max(next_old, i + 1)
            out.append(_Match(olds[i], n, old_index=i))
    flush_deleted(len(olds))
    return out


def _match_in_slots(olds, news, partner: dict[int, int], taken: set[int], words: _Words) -> None:
    """Unmatched units between the same two matched neighbours: a rewrite in place when alike enough."""
    anchors = sorted(partner.items())
    bounds = [(-1, -1)] + [(i, j) for i, j in anchors] + [(len(olds), len(news))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        if j1 <= j0:
            continue
        free_old = [i for i in range(i0 + 1, i1) if i not in partner]
        free_new = [j for j in range(j0 + 1, j1) if j not in taken]
        pairs = sorted(((_score(words, olds[i], news[j]), i, j) for i in free_old for j in free_new
                        if olds[i].kind == news[j].kind), reverse=True)
        for s, i, j in pairs:
            if s >= SLOT_MATCH_AT and i not in partner and j not in taken:
                partner[i] = j
                taken.add(j)


def _align_tree(olds: list[Unit], news: list[Unit], words: _Words) -> list[_Match]:
    matches = align(olds, news, words)
    for m in matches:
        if m.old is not None and m.new is not None:
            m.children = _align_tree(_addressable_children(m.old), _addressable_children(m.new), words)
    return matches


# ---- amended numbering ---------------------------------------------------------------------------

def _next_number(kind: str, number: str) -> str:
    """The number after `number` at the end of a list: 8 → 9, 1.2 → 1.3, d → đ."""
    if kind == DIEM:
        i = DIEM_LETTERS.index(number) if number in DIEM_LETTERS else len(DIEM_LETTERS) - 1
        return DIEM_LETTERS[min(i + 1, len(DIEM_LETTERS) - 1)]
    head, _, last = number.rpartition(".")
    m = re.match(r"(\d+)", last)
    value = str(int(m.group(1)) + 1) if m else last + "1"
    return f"{head}.{value}" if head else value


def _suffixed(kind: str, base: str, count: int) -> str:
    """The count-th unit inserted after `base`: Điều 5a, 5b; khoản 2a; điểm d1, d2."""
    if kind == DIEM:
        return f"{base}{count}"
    return f"{base}{'abcdefghiklmnopqrstuvxy'[min(count - 1, 22)]}"


@dataclass
class _Labels:
    amended: dict[int, str] = field(default_factory=dict)     # id(new unit) -> number in the amended text
    after: dict[int, str] = field(default_factory=dict)       # id(new unit) -> amended number it follows
    before: dict[int, str] = field(default_factory=dict)      # id(new unit) -> old number it precedes (when first)


def _assign_labels(matches: list[_Match], labels: _Labels) -> None:
    """Amended numbers, in the draft's order: kept units keep theirs; an inserted (or moved) unit
    hangs on the previous one (5 → 5a, 5b; d → d1), or continues the list after its last unit."""
    olds = [m.old for m in sorted((m for m in matches if m.old is not None), key=lambda m: m.old_index)]
    last_old = olds[-1].number if olds else None      # the last unit of the current text
    used = {o.number for o in olds}
    prev: str | None = None          # amended number of the previous unit of the draft
    base: str | None = None          # the current text's number that inserted units hang on
    at_end = last_old is None        # the previous unit closes the list
    count = 0
    for k, m in enumerate(matches):
        if m.new is None:
            continue
        kind = m.new.kind
        if m.old is not None and not m.moved:
            label = base = m.old.number
            count, at_end = 0, m.old.number == last_old
        elif prev is None and not at_end:
            base = next((x.old.number for x in matches[k:] if x.old is not None and x.new is not None
                         and not x.moved), olds[0].number)
            count += 1
            label = _suffixed(kind, base, count)
            labels.before[id(m.new)] = base
        elif at_end:
            label = _next_number(kind, prev) if prev is not None else ("a" if kind == DIEM else "1")
            while label in used:
                label = _next_number(kind, label)
            if prev is not None:
                labels.after[id(m.new)] = prev
        else:
            count += 1
            label = _suffixed(kind, base, count)
            while label in used:
                count += 1
                label = _suffixed(kind, base, count)
            labels.after[id(m.new)] = prev
        used.add(label)
        prev = label
        labels.amended[id(m.new)] = label
        _assign_labels(m.children, labels)


# ---- the two texts, tokenised ---------------------------------------------------------------------

class _Side:
    """One text: tokens of each unit's own text (reference numbers keyed), parents, numbers."""

    def __init__(self, record: Record):
        self.record = record
        self.parent: dict[int, Unit | None] = {}
        self.article: dict[int, Unit | None] = {}
        for unit, article in units_with_article(record.body):
            self.article[id(unit)] = article

        def visit(units: list[Unit], parent: Unit | None) -> None:
            for u in units:
                self.parent[id(u)] = parent
                visit(u.children, u if u.kind in ADDRESSABLE else parent)
        visit(record.body, None)
        self.index = Index(record.body)
        self.number_of = None                  # a referenced unit's number in the amended text (draft side)
        self._text: dict[int, str] = {}
        self._toks: dict[int, list[Tok]] = {}

    def text(self, unit: Unit) -> str:
        hit = self._text.get(id(unit))
        if hit is None:
            hit = self._text[id(unit)] = collapse_ws(plain(unit.text))
        return hit

    def cites(self, unit: Unit) -> bool:
        return "Điều" in self.text(unit)

    def tokens(self, unit: Unit) -> list[Tok]:
        hit = self._toks.get(id(unit))
        if hit is None:
            text = self.text(unit)
            spans = self._ref_spans(text, self.article.get(id(unit)), self.number_of) if self.cites(unit) else None
            hit = self._toks[id(unit)] = tokenize(text, spans)
        return hit

    def key(self, unit: Unit):
        """What a unit's own text is compared by: the text itself, or its token keys when it cites others."""
        return keys(self.tokens(unit)) if self.cites(unit) else self.text(unit)

    def renumbered(self, number_of) -> None:
        """Read references with `number_of` from now on (tokens of citing units are made again)."""
        self.number_of = number_of
        for u in walk(self.record.body):
            if self.cites(u):
                self._toks.pop(id(u), None)

    def _ref_spans(self, text: str, article: Unit | None, number_of) -> dict[tuple[int, int], str]:
        spans: dict[tuple[int, int], str] = {}
        for ref in iter_refs(text):
            m = REF_RE.match(text, ref.start)
            target_article = article if ref.dieu is None else self.index.dieu.get(ref.dieu)
            target = self.index.resolve(ref, article) if ref.internal and target_article is not None else None
            khoan = Index.child(target_article, KHOAN, ref.khoan) if target is not None and ref.khoan else None
            for group, unit in (("diem", target if ref.diem else None), ("khoan", khoan),
                                ("dieu", target_article if ref.dieu else None)):
                if m.group(group) is None:
                    continue
                value = m.group(group)
                if number_of is not None and unit is not None and ref.internal and target is not None:
                    value = number_of(unit)
                spans[m.span(group)] = value
        return spans

    def chain(self, unit: Unit) -> list[Unit]:
        """The unit and its addressable ancestors, outermost first."""
        out = [unit]
        while self.parent.get(id(out[0])) is not None:
            out.insert(0, self.parent[id(out[0])])
        return out


def cite(chain: list[Unit], number_of=lambda u: u.number) -> str:
    """"điểm a khoản 2 Điều 5" for [Điều 5, khoản 2, điểm a]; "khoản 1.2 Điều 4" for nested khoản."""
    parts = []
    for i, u in enumerate(chain):
        inner = chain[i + 1] if i + 1 < len(chain) else None
        if u.kind == KHOAN and inner is not None and inner.kind == KHOAN:
            continue
        parts.append(f"{LEVEL_NAMES[u.kind]} {number_of(u)}" if u.kind in ADDRESSABLE + HEADINGS else "")
    return " ".join(p for p in reversed(parts) if p)


# ---- paragraphs and their differences -----------------------------------------------------------

@dataclass
class _Par:
    kind: str
    prefix: str          # "Điều 5.", "2.", "a)", "-", "" (shown, never compared)
    side: "_Side"
    unit: Unit

    @property
    def toks(self) -> list[Tok]:
        return self.side.tokens(self.unit)

    @property
    def text(self) -> str:
        return self.side.text(self.unit)

    @property
    def key(self) -> tuple:
        return (self.kind, self.side.key(self.unit))


def _prefix(unit: Unit, number: str | None) -> str:
    if unit.kind == DIEU:
        return f"Điều {number}."
    if unit.kind == KHOAN:
        return f"{number}{unit.sep or '.'}"
    if unit.kind == DIEM:
        return f"{number})"
    if unit.kind == GACH:
        return "-"
    if unit.kind in HEADINGS:
        return f"{LEVEL_NAMES[unit.kind]} {number}"
    return ""


def _pars(side: _Side, unit: Unit, top_number: str | None = None, own_only: bool = False) -> list[_Par]:
    """The unit as paragraphs: its own line, then everything under it (or only what is not
    addressable on its own, for `own_only`)."""
    out = [_Par(unit.kind, _prefix(unit, top_number if top_number is not None else unit.number), side, unit)]
    for child in unit.children:
        if own_only and child.kind in ADDRESSABLE:
            continue
        for u in child.walk():
            out.append(_Par(u.kind, _prefix(u, u.number), side, u))
    return out


def _segments(toks: list[Tok], marks: list[str]) -> list[Segment]:
    """Runs of equally marked tokens; the space between two tokens takes their mark only when they share it."""
    out: list[Segment] = []
    pieces: list[str] = []
    current = None
    last = len(toks) - 1
    for i, (tok, mark) in enumerate(zip(toks, marks)):
        for text, m in ((tok.text, mark), (tok.space, mark if i < last and marks[i + 1] == mark else "")):
            if not text:
                continue
            if m != current and pieces:
                out.append(Segment("".join(pieces), current))
                pieces = []
            current = m
            pieces.append(text)
    if pieces:
        out.append(Segment("".join(pieces), current))
    return out


def _line(par: _Par, marks: list[str], prefix_mark: str = "") -> Line:
    segments = _segments(par.toks, marks)
    if par.prefix:
        head = Segment(par.prefix + (" " if par.toks else ""), prefix_mark)
        if segments and segments[0].mark == prefix_mark:
            segments[0].text = head.text + segments[0].text
        else:
            segments.insert(0, head)
    return Line(par.kind, segments)


def _whole(par: _Par, mark: str) -> Line:
    """The paragraph as one segment, unmarked, all deleted or all added."""
    return Line(par.kind, [Segment(f"{par.prefix} {par.text}".strip() if par.prefix else par.text, mark)])


def _word_diff(a: _Par, b: _Par) -> tuple[Line, Line, bool]:
    """Word diff of two paragraphs: (old line, new line, whether any word — not only punctuation — differs)."""
    ak, bk = keys(a.toks), keys(b.toks)
    am, bm = [""] * len(ak), [""] * len(bk)
    words = False
    for op, i1, i2, j1, j2 in _readable(difflib.SequenceMatcher(None, ak, bk, autojunk=False).get_opcodes(), ak, bk):
        if op == "equal":
            continue
        for i in range(i1, i2):
            am[i] = XOA
        for j in range(j1, j2):
            bm[j] = THEM
        words = words or any(_WORD.search(t) for t in ak[i1:i2] + bk[j1:j2])
    return _line(a, am), _line(b, bm), words


def _readable(opcodes: list[tuple], ak: tuple, bk: tuple) -> list[tuple]:
    """One or two unchanged tokens between two changes of words join the change ("kịp thời bằng
    hình thức" → "bằng văn bản trong thời hạn" reads as one replacement, not four pieces)."""
    def wordy(op) -> bool:
        return op[0] != "equal" and any(_WORD.search(t) for t in ak[op[1]:op[2]] + bk[op[3]:op[4]])
    out: list[tuple] = []
    for k, op in enumerate(opcodes):
        if (op[0] == "equal" and op[2] - op[1] <= 2 and 0 < k < len(opcodes) - 1
                and wordy(opcodes[k - 1]) and wordy(opcodes[k + 1])):
            op = ("replace",) + op[1:]
        if out and op[0] != "equal" and out[-1][0] != "equal":
            prev = out.pop()
            op = ("replace", prev[1], op[2], prev[3], op[4])
        out.append(op)
    return out


def _diff_pars(olds: list[_Par], news: list[_Par]) -> tuple[list[Line], list[Line], bool]:
    """Paragraph alignment, then a word diff inside each reworded paragraph."""
    out_old: list[Line] = []
    out_new: list[Line] = []
    words = False
    matcher = difflib.SequenceMatcher(None, [p.key for p in olds], [p.key for p in news], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out_old += [_whole(p, "") for p in olds[i1:i2]]
            out_new += [_whole(p, "") for p in news[j1:j2]]
            continue
        a, b = olds[i1:i2], news[j1:j2]
        pairs = min(len(a), len(b))
        for k in range(pairs):
            ratio = difflib.SequenceMatcher(None, keys(a[k].toks), keys(b[k].toks), autojunk=False).ratio()
            if a[k].kind == b[k].kind and (ratio >= PAIR_LINES_AT or pairs == 1 and len(a) == len(b)):
                lo, ln, w = _word_diff(a[k], b[k])
                out_old.append(lo)
                out_new.append(ln)
                words = words or w
            else:
                out_old.append(_whole(a[k], XOA))
                out_new.append(_whole(b[k], THEM))
                words = True
        out_old += [_whole(p, XOA) for p in a[pairs:]]
        out_new += [_whole(p, THEM) for p in b[pairs:]]
        words = words or len(a) != len(b)
    return out_old, out_new, words


def _plain_lines(pars: list[_Par], mark: str = "") -> list[Line]:
    return [_whole(p, mark) for p in pars]


def _quote(lines: list[str]) -> list[str]:
    """“First line … last line.” — the amended text, quoted as amending documents do."""
    if not lines:
        return []
    out = list(lines)
    out[0] = _QUOTES[0] + out[0]
    out[-1] = out[-1] + _QUOTES[1]
    return out


# ---- rows -------------------------------------------------------------------------------------------

def _titled(unit: Unit) -> bool:
    """A Điều with a title ("Điều 5. Trách nhiệm …"), not one whose text is its content ("… có hiệu lực.")."""
    text = unit.text.rstrip()
    return bool(text) and text[-1] not in ".;:"


class _Builder:
    def __init__(self, old: Record, new: Record):
        self.old, self.new = _Side(old), _Side(new)
        self.words = _Words()
        self.labels = _Labels()
        self.replaced: set[int] = set()        # ids of draft units whose whole text an amending item quotes
        self.matches = _align_tree(top_units(old.body), top_units(new.body), self.words)
        _assign_labels(self.matches, self.labels)
        self.new.number_of = self.amended_number

    # numbering ------------------------------------------------------------------------------------
    def amended_number(self, unit: Unit) -> str:
        """A draft unit's number in the amended text (the current text's numbers, extended)."""
        if id(unit) in self.replaced:
            return unit.number
        return self.labels.amended.get(id(unit), unit.number)

    def amended_ref(self, unit: Unit) -> str:
        return cite(self.new.chain(unit), self.amended_number)

    def placement(self, unit: Unit) -> tuple[str, str, str]:
        """(where it goes, after-citation, before-citation) of an inserted or moved draft unit."""
        chain = self.new.chain(unit)
        parent = cite(chain[:-1], self.amended_number)
        name = LEVEL_NAMES[unit.kind]
        after = self.labels.after.get(id(unit))
        before = self.labels.before.get(id(unit))
        if after:
            ref = f"{name} {after}" + (f" {parent}" if parent else "")
            return f"vào sau {ref}", ref, ""
        if before:
            ref = f"{name} {before}" + (f" {parent}" if parent else "")
            return f"vào trước {ref}", "", ref
        return (f"vào {parent}" if parent else ""), "", ""

    # amended text of a draft unit -------------------------------------------------------------------
    def amended_lines(self, unit: Unit, title_only: bool = False) -> list[str]:
        def line(u: Unit, number: str) -> str:
            prefix = _prefix(u, number)
            body = join(self.new.tokens(u), amended=True)
            return f"{prefix} {body}".strip() if prefix else body
        out = [line(unit, self.amended_number(unit))]
        if not title_only:
            for child in unit.children:
                out += [line(u, u.number) for u in child.walk()]
        return out

    # rows ---------------------------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        heading_rows = self._heading_rows()
        out: list[Row] = []
        for m in self.matches:
            for key in (id(m.new) if m.new is not None else None, id(m.old) if m.old is not None else None):
                if key in heading_rows:
                    out += heading_rows.pop(key)
            out += self._rows(m, 0)
        for rows in heading_rows.values():
            out += rows
        self._fill_amending(out)
        return out

    def _rows(self, m: _Match, depth: int) -> list[Row]:
        o, n = m.old, m.new
        if o is None:
            row = Row(BO_SUNG, None, n, depth=depth, new_ref=cite(self.new.chain(n)),
                      new_lines=_plain_lines(_pars(self.new, n), THEM))
            self._mark_replaced(n, including_self=False)
            return [row]
        if n is None:
            return [Row(BAI_BO, o, None, depth=depth, old_ref=cite(self.old.chain(o)),
                        old_lines=_plain_lines(_pars(self.old, o), XOA))]
        old_ref, new_ref = cite(self.old.chain(o)), cite(self.new.chain(n))
        if m.moved:
            lo, ln, words = _diff_pars(_pars(self.old, o), _pars(self.new, n))
            self._mark_replaced(n, including_self=False)
            return [Row(DI_CHUYEN, o, n, old_ref=old_ref, new_ref=new_ref, old_lines=lo, new_lines=ln,
                        moved_from=old_ref, depth=depth)]
        child_rows = [r for c in m.children for r in self._rows(c, depth + 1)]
        child_changed = any(r.changed for r in child_rows)
        own_o, own_n = _pars(self.old, o, own_only=True), _pars(self.new, n, own_only=True)
        head_equal = own_o[0].key == own_n[0].key
        rest_equal = [p.key for p in own_o[1:]] == [p.key for p in own_n[1:]]
        if head_equal and rest_equal:
            if not child_changed:
                new_lines = [Line(DOAN, [Segment(GIU_NGUYEN_TEXT)])]
                if n.number != o.number:
                    new_lines[0].segments[0].text += f" (là {new_ref} trong dự thảo)"
                return [Row(GIU_NGUYEN, o, n, old_ref=old_ref, new_ref=new_ref, depth=depth,
                            old_lines=_plain_lines(_pars(self.old, o)), new_lines=new_lines)]
            context = Row(NGU_CANH, o, n, old_ref=old_ref, new_ref=new_ref, depth=depth,
                          old_lines=_plain_lines(own_o[:1]), new_lines=_plain_lines(own_n[:1]))
            return [context] + child_rows
        if o.kind == DIEU and not head_equal and rest_equal and not child_changed and _titled(n):
            lo, ln, words = _diff_pars(own_o[:1], own_n[:1])
            return [Row(SUA_TEN, o, n, old_ref=old_ref, new_ref=new_ref, old_lines=lo, new_lines=ln,
                        punctuation_only=not words, depth=depth)]
        lo, ln, words = _diff_pars(_pars(self.old, o), _pars(self.new, n))
        self._mark_replaced(n, including_self=False)
        return [Row(SUA_DOI, o, n, old_ref=old_ref, new_ref=new_ref, old_lines=lo, new_lines=ln,
                    punctuation_only=not words, depth=depth)]

    def _mark_replaced(self, unit: Unit, including_self: bool) -> None:
        for u in unit.walk():
            if u is not unit or including_self:
                self.replaced.add(id(u))

    def _fill_amending(self, rows: list[Row]) -> None:
        """The amending items, once every replaced unit is known (their references read in the amended text)."""
        self.new.renumbered(self.amended_number)
        for row in rows:
            if row.new is not None and row.new.kind in ADDRESSABLE:
                row.amended_ref = self.amended_ref(row.new)
                where, after, before = self.placement(row.new)
                if row.kind in (BO_SUNG, DI_CHUYEN):
                    row.placed_after, row.placed_before = after, before
            if row.kind == SUA_DOI:
                row.amending = "\n".join([f"Sửa đổi, bổ sung {row.amended_ref} như sau:",
                                          *_quote(self.amended_lines(row.new))])
            elif row.kind == SUA_TEN and row.new.kind == DIEU:
                row.amending = "\n".join([f"Sửa đổi tên {row.amended_ref} như sau:",
                                          *_quote(self.amended_lines(row.new, title_only=True))])
            elif row.kind == BAI_BO and row.old.kind in ADDRESSABLE:
                row.amending = f"Bãi bỏ {row.old_ref}."
            elif row.kind in (BO_SUNG, DI_CHUYEN) and row.new.kind in ADDRESSABLE:
                what = f"{LEVEL_NAMES[row.new.kind]} {self.amended_number(row.new)}"
                lead = f"Bổ sung {what} {where}".rstrip()
                if row.kind == DI_CHUYEN:
                    lead = f"Bãi bỏ {row.old_ref} và b{lead[1:]}"
                row.amending = "\n".join([f"{lead} như sau:", *_quote(self.amended_lines(row.new))])

    # Phần, Chương, Mục ----------------------------------------------------------------------------------
    def _heading_rows(self) -> dict[int, list[Row]]:
        """Heading rows, keyed by the first article under them (draft id, or current id if removed)."""
        out: dict[int, list[Row]] = {}
        for kind in (PHAN, CHUONG, MUC):
            olds = [u for u in walk(self.old.record.body) if u.kind == kind]
            news = [u for u in walk(self.new.record.body) if u.kind == kind]
            if not olds and not news:
                continue
            for m in align_headings(olds, news):
                row = self._heading_row(m)
                unit = m.new if m.new is not None else m.old
                first = next((u for u in unit.walk() if u.kind in ADDRESSABLE), None)
                out.setdefault(id(first) if first is not None else id(unit), []).append(row)
        return out

    def _heading_row(self, m: _Match) -> Row:
        o, n = m.old, m.new
        title = lambda u: [Line(u.kind, [Segment(_prefix(u, u.number))]), Line(u.kind, [Segment(u.text)])]  # noqa: E731
        if o is None:
            row = Row(BO_SUNG, None, n, depth=-1, new_ref=f"{LEVEL_NAMES[n.kind]} {n.number}",
                      new_lines=[Line(n.kind, [Segment(_prefix(n, n.number), THEM)]),
                                 Line(n.kind, [Segment(n.text, THEM)])])
            first = next((u for u in n.walk() if u.kind in ADDRESSABLE), None)
            where = f" vào trước {self.amended_ref(first)}" if first is not None else ""
            row.amending = f"Bổ sung {LEVEL_NAMES[n.kind]} “{n.text}”{where}."
            return row
        if n is None:
            row = Row(BAI_BO, o, None, depth=-1, old_ref=f"{LEVEL_NAMES[o.kind]} {o.number}",
                      old_lines=[Line(o.kind, [Segment(_prefix(o, o.number), XOA)]),
                                 Line(o.kind, [Segment(o.text, XOA)])])
            row.amending = f"Bãi bỏ tên {row.old_ref} “{o.text}”."
            return row
        old_ref, new_ref = f"{LEVEL_NAMES[o.kind]} {o.number}", f"{LEVEL_NAMES[n.kind]} {n.number}"
        a, b = _Par(o.kind, "", self.old, o), _Par(n.kind, "", self.new, n)
        if a.key == b.key:
            return Row(NGU_CANH, o, n, old_ref=old_ref, new_ref=new_ref, depth=-1,
                       old_lines=title(o), new_lines=title(n))
        lo, ln, words = _word_diff(a, b)
        row = Row(SUA_TEN, o, n, old_ref=old_ref, new_ref=new_ref, depth=-1, punctuation_only=not words,
                  old_lines=[Line(o.kind, [Segment(_prefix(o, o.number))]), lo],
                  new_lines=[Line(n.kind, [Segment(_prefix(n, n.number))]), ln])
        row.amending = "\n".join([f"Sửa đổi tên {old_ref} như sau:", f"“{n.text}”"])
        return row


def align_headings(olds: list[Unit], news: list[Unit]) -> list[_Match]:
    """Headings matched by title (accents ignored), in the draft's order."""
    def sim(o: Unit, n: Unit) -> float:
        return difflib.SequenceMatcher(None, fold(o.text).split(), fold(n.text).split(), autojunk=False).ratio() + (
            0.02 if o.number == n.number else 0.0)
    partner: dict[int, int] = {}
    taken: set[int] = set()
    pairs = sorted(((sim(o, n), i, j) for i, o in enumerate(olds) for j, n in enumerate(news)), reverse=True)
    for s, i, j in pairs:
        if s >= MATCH_AT and i not in partner and j not in taken:
            partner[i] = j
            taken.add(j)
    bounds = [(-1, -1)] + sorted(partner.items()) + [(len(olds), len(news))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):      # a renamed heading in its place
        free_old = [i for i in range(i0 + 1, i1) if i not in partner]
        free_new = [j for j in range(j0 + 1, j1) if j not in taken]
        for i, j in zip(free_old, free_new):
            partner[i] = j
            taken.add(j)
    by_new = {j: i for i, j in partner.items()}
    out = [_Match(olds[by_new[j]] if j in by_new else None, n) for j, n in enumerate(news)]
    out += [_Match(o, None) for i, o in enumerate(olds) if i not in partner]
    return out


# ---- public API ---------------------------------------------------------------------------------------

def compare(old: Record, new: Record) -> Comparison:
    """Compare the current text `old` with the draft `new`; notes come from the draft's ghi_chu."""
    builder = _Builder(old, new)
    rows = builder.rows()
    notes = dict(new.meta.ghi_chu)
    new_anchors = {u.anchor for u in new.units()}
    used: set[str] = set()
    for row in rows:
        key = row.new.anchor if row.new is not None else (
            row.old.anchor if row.old is not None and row.old.anchor not in new_anchors else None)
        if key and key in notes:
            row.note = notes[key]
            used.add(key)
    return Comparison(old, new, rows, unused_notes=[k for k in notes if k not in used])


def amending_text(comparison: Comparison, document: str | None = None) -> str:
    """The amending items in standard phrasing, in the body grammar (ready for a Quyết định record).

    With `document` ("Quy chế … ban hành kèm theo Quyết định số …"), they are the khoản of an
    "Điều 1. Sửa đổi, bổ sung một số điều của …" article.
    """
    lines: list[str] = []
    if document:
        lines.append(f"Điều 1. Sửa đổi, bổ sung một số điều của {document} như sau:")
    for number, row in enumerate([r for r in comparison.changes() if r.amending], start=1):
        first, *rest = row.amending.split("\n")
        lines.append(f"{number}. {first}")
        lines += rest
    return "\n\n".join(lines) + "\n" if lines else ""


# ---- the same comparison as a page (site: a record's version history) --------------------------------

_HTML_MARK = {XOA: "del", THEM: "ins"}


def _html_lines(lines: list[Line], placeholder: str = "", note: str = "") -> str:
    out = []
    if note:
        out.append(f"<p><em>({html.escape(note[0].upper() + note[1:])})</em></p>")
    for line in lines:
        parts = []
        for seg in line.segments:
            text = html.escape(seg.text)
            tag = _HTML_MARK.get(seg.mark)
            parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
        cls = ' class="tieu-de"' if line.kind in HEADINGS else ""
        out.append(f"<p{cls}>{''.join(parts)}</p>")
    if not lines and placeholder:
        out.append(f"<p><em>{html.escape(placeholder)}</em></p>")
    return "".join(out)


def comparison_html(comparison: Comparison, include_unchanged: bool = True) -> str:
    """The three-column table in HTML: text escaped, deletions in <del>, additions in <ins>.

    One line per row, no blank lines: it stays one raw-HTML block inside Markdown (MkDocs, Zensical).
    """
    out = ['<table class="bang-so-sanh">',
           "<thead><tr>" + "".join(f"<th>{h}</th>" for h in HEADERS) + "</tr></thead>", "<tbody>"]
    for row in comparison.visible_rows(include_unchanged):
        old_placeholder, new_placeholder, note = row.cell_extras()
        anchor = f' id="ss-{html.escape(row.anchor)}"' if row.changed and row.anchor else ""
        out.append(f'<tr class="{row.kind}"{anchor}>'
                   f"<td>{_html_lines(row.old_lines, old_placeholder)}</td>"
                   f"<td>{_html_lines(row.new_lines, new_placeholder, note)}</td>"
                   f"<td>{html.escape(row.note)}</td></tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def comparison_markdown(old: Record, new: Record, include_unchanged: bool = True, title: str | None = None) -> str:
    """A Markdown page comparing two texts of a record (for the site's version history).

    `title` (escaped) heads the page; a summary line counts the changes; the table follows as HTML.
    """
    comparison = compare(old, new)
    head = f"# {html.escape(title)}\n\n" if title else ""
    line = summary(comparison)
    return f"{head}{line[:1].upper()}{line[1:]}.\n\n{comparison_html(comparison, include_unchanged)}\n"


def summary(comparison: Comparison) -> str:
    """"5 thay đổi: 2 sửa đổi, bổ sung (1 chỉ sửa dấu câu); 1 bổ sung; 1 bãi bỏ; 1 chuyển vị trí"."""
    changes = comparison.changes()
    if not changes:
        return "không có thay đổi về nội dung"
    counts = Counter(r.kind for r in changes)
    punct = sum(1 for r in changes if r.punctuation_only)
    names = ((SUA_DOI, "sửa đổi, bổ sung"), (SUA_TEN, "sửa tên"), (BO_SUNG, "bổ sung"), (BAI_BO, "bãi bỏ"),
             (DI_CHUYEN, "chuyển vị trí"))
    parts = [f"{counts[k]} {label}" for k, label in names if counts[k]]
    return f"{len(changes)} thay đổi: {'; '.join(parts)}" + (f" (có {punct} chỉ sửa dấu câu)" if punct else "")
