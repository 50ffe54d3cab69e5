"""Read any .docx the way Word shows it: effective formatting of every run and paragraph.

This is a reader for documents made anywhere (typed in Word, exported by other tools, made by
our renderer), not only ours. It resolves formatting as Word does:

    run:       direct rPr → character style chain → paragraph style chain → table style → docDefaults
    paragraph: direct pPr → paragraph style chain → table style → docDefaults

including theme fonts: `w:asciiTheme` / `w:hAnsiTheme` win over `w:ascii` / `w:hAnsi` on the same
element (python-docx's `font.name` ignores them: tech-notes §7), and both the ascii slot (plain
Latin letters) and the hAnsi slot (Vietnamese letters with marks) are resolved separately.

    doc = open_docx(path)                 # DocxReadError (a VanbanError) when it is not a readable .docx
    for p in doc.paragraphs:              # body paragraphs in reading order, table cells included
        p.index, p.text, p.style_name, p.alignment, p.in_table, p.cell, p.border_bottom
        for r in p.runs:
            r.text, r.font_ascii, r.font_hansi, r.theme_font, r.size_pt, r.bold, r.italic, r.underline
    doc.sections[0].margins_mm, .page_mm, .different_first_page, .header_texts, .page_number_in

Paragraph text keeps what the layout depends on: a tab is "\\t", a line break (Shift+Enter) is "\\n".
Only the standard library, lxml and zipfile are used: reading 100 documents takes well under a second
each (bench/bench_check.py).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from generator.model.errors import VanbanError
from generator.model.vietnamese import to_roman

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V_NS = "urn:schemas-microsoft-com:vml"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
OFFICE_DOC_REL = "officeDocument"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_P, _R, _T, _TBL, _TR, _TC, _PPR, _RPR = (w(t) for t in ("p", "r", "t", "tbl", "tr", "tc", "pPr", "rPr"))
_VAL = w("val")
TWIP_MM = 25.4 / 1440          # 1 twip = 1/1440 inch
EMU_MM = 1 / 36000             # 1 mm = 36000 EMU
ALIGN_NAMES = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
               "both": "justify", "distribute": "justify", "justify": "justify", "thaiDistribute": "justify",
               "lowKashida": "justify", "mediumKashida": "justify", "highKashida": "justify"}
_OFF = {"0", "false", "off", "none"}
# Run children that are containers of runs (everything else inside a paragraph is skipped).
_RUN_CONTAINERS = {w(t) for t in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml",
                                  "moveTo", "dir", "bdo")}
_SKIP_CONTAINERS = {w(t) for t in ("del", "moveFrom", "pPr", "proofErr", "bookmarkStart", "bookmarkEnd")}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class DocxReadError(VanbanError):
    """The file is not a readable .docx (not a zip, encrypted, a .doc, damaged XML)."""


# ---- the view --------------------------------------------------------------------------------------

@dataclass
class RunView:
    """One run with its effective formatting. `font_ascii` / `font_hansi` are the faces Word uses
    (theme fonts resolved through the theme part); `theme_font` names the theme slot when a theme
    attribute decided either of them ("minorHAnsi"), else None. `font_source` tells where the
    deciding rFonts was found: "run", "style:<name>", "table-style:<name>", "defaults"."""
    text: str
    font_ascii: str | None
    font_hansi: str | None
    theme_font: str | None
    font_source: str
    size_pt: float
    bold: bool
    italic: bool
    underline: bool
    caps: bool = False
    hidden: bool = False
    is_field_result: bool = False

    @property
    def shown_text(self) -> str:
        """The text as displayed: All Caps formatting shows letters upper-case."""
        return self.text.upper() if self.caps else self.text


@dataclass(frozen=True)
class CellPos:
    """Where a paragraph sits in a table: grid row and column (merged cells: the first grid column),
    how many grid columns it spans, and its horizontal extent as a fraction of the table width."""
    table: int
    row: int
    col: int
    span: int = 1
    x0: float = 0.0
    x1: float = 1.0
    depth: int = 1            # 1 for a top-level table, 2 for a table inside a cell, …


@dataclass
class ParagraphView:
    index: int                          # 1-based, in reading order across the body
    text: str                           # "\t" for tabs, "\n" for line breaks; no deleted text, no field codes
    runs: list[RunView]
    style_id: str | None
    style_name: str | None
    alignment: str                      # left | center | right | justify
    cell: CellPos | None = None
    border_bottom: bool = False
    border_top: bool = False
    lines_mm: list[float] = field(default_factory=list)   # drawn horizontal lines anchored here (lengths)
    left_indent_mm: float = 0.0
    right_indent_mm: float = 0.0
    first_line_mm: float = 0.0
    list_label: str | None = None       # the label Word's automatic numbering shows ("Điều 3.", "a)")
    label_run: "RunView | None" = None  # that label's own formatting (numbering.xml lvl rPr over the paragraph mark)
    tab_leader: bool = False            # only tabs, and a tab stop with a leader: a rule drawn by a tab
    has_page_field: bool = False
    part: str = "body"                  # body | header | footer
    section: int = 0
    line_rule: str = "auto"             # w:spacing lineRule: auto (a multiple of single) | exact | atLeast
    line_twips: int = 240               # w:line: 240ths of a line for auto, twentieths of a point otherwise
    before_pt: float = 0.0              # space before and after the paragraph
    after_pt: float = 0.0
    element: object = field(default=None, repr=False)    # the lxml w:p

    @property
    def in_table(self) -> bool:
        return self.cell is not None

    @property
    def shown_text(self) -> str:
        """Text as displayed: the automatic list label first, All Caps applied, hidden text left out."""
        body = "".join(r.shown_text for r in self.runs if not r.hidden)
        if self.list_label:
            return f"{self.list_label} {body}"
        return body


@dataclass
class HeaderFooterView:
    kind: str                          # default | first | even
    part: str                          # header | footer
    paragraphs: list[ParagraphView]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs).strip()

    @property
    def has_page_field(self) -> bool:
        return any(p.has_page_field for p in self.paragraphs)


@dataclass
class SectionView:
    page_mm: tuple[float, float]                    # width, height
    margins_mm: dict[str, float]                    # top, bottom, left, right, header, footer, gutter
    landscape: bool
    different_first_page: bool                      # w:titlePg
    headers: dict[str, HeaderFooterView]            # by kind, inherited from earlier sections as Word does
    footers: dict[str, HeaderFooterView]

    @property
    def header_texts(self) -> dict[str, str]:
        return {k: v.text for k, v in self.headers.items()}

    def page_number_in(self) -> list[str]:
        """Which header/footer parts show a PAGE field: ["header:default", "footer:first", …]."""
        return [f"{hf.part}:{kind}" for part in (self.headers, self.footers) for kind, hf in part.items()
                if hf.has_page_field]


@dataclass
class DocView:
    path: Path
    paragraphs: list[ParagraphView]
    sections: list[SectionView]
    theme_fonts: dict[str, str]          # "major" / "minor" → latin typeface
    even_and_odd_headers: bool = False

    def paragraph(self, index: int) -> ParagraphView:
        return self.paragraphs[index - 1]


# ---- opening ---------------------------------------------------------------------------------------

def open_docx(path: Path | str) -> DocView:
    path = Path(path)
    try:
        head = path.open("rb").read(8)
    except IsADirectoryError:
        raise DocxReadError("đây là thư mục, không phải tệp Word", path) from None
    except OSError as exc:
        raise DocxReadError(f"không đọc được tệp ({exc.strerror or exc})", path) from None
    if head.startswith(_OLE_MAGIC):
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise DocxReadError("tệp Word được đặt mật khẩu (mã hóa) nên không đọc được; hãy mở bằng Word, "
                                "bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) rồi lưu lại", path)
        raise DocxReadError("đây là tệp Word 97–2003 (.doc), không phải .docx; hãy mở bằng Word và "
                            "Lưu thành → Tài liệu Word (.docx)", path)
    if not zipfile.is_zipfile(path):
        kind = "tệp rỗng" if not head else ("tệp văn bản thường" if _looks_text(path) else "không phải định dạng .docx")
        raise DocxReadError(f"không phải tệp Word .docx ({kind}); tệp .docx thật là một gói ZIP", path)
    try:
        with zipfile.ZipFile(path) as z:
            return _Reader(path, z).read()
    except DocxReadError:
        raise
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, EOFError, OSError) as exc:
        raise DocxReadError(f"tệp Word bị hỏng, không đọc được ({type(exc).__name__}: {exc}); "
                            "hãy mở bằng Word và lưu lại", path) from None


def _looks_text(path: Path) -> bool:
    sample = path.read_bytes()[:2048]
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _rels(z: zipfile.ZipFile, part: str, names: set[str]) -> dict[str, tuple[str, str]]:
    """Relationship id → (type suffix, target part name) for a part."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in names:
        return {}
    root = etree.fromstring(z.read(rels_name))
    out = {}
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], target)
    return out


def _bool(el, default: bool = True) -> bool:
    if el is None:
        return default
    v = el.get(_VAL)
    return default if v is None else v.lower() not in _OFF


def _twips_mm(value: str | None) -> float:
    if not value:
        return 0.0
    try:
        return float(value) * TWIP_MM
    except ValueError:
        return 0.0


@dataclass
class _Style:
    sid: str
    name: str
    kind: str
    based_on: str | None
    ppr: object
    rpr: object


_TOGGLES = ("b", "i", "caps", "vanish")


def _rpr_props(layer, theme_fonts: dict[str, str], label: str) -> dict:
    """The run properties one rPr sets: font slots, size, toggles, underline."""
    out = {}
    rf = layer.find(w("rFonts"))
    if rf is not None:
        for slot, theme_attr in (("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme")):
            theme = rf.get(w(theme_attr))
            if theme:             # on one element the theme attribute wins over the plain one
                out[slot] = (theme_fonts.get("major" if theme.startswith("major") else "minor"), theme, label)
            elif rf.get(w(slot)):
                out[slot] = (rf.get(w(slot)), None, label)
    sz = layer.find(w("sz"))
    if sz is not None:
        try:
            out["size"] = float(sz.get(_VAL)) / 2
        except (TypeError, ValueError):
            pass
    for prop in _TOGGLES:
        el = layer.find(w(prop))
        if el is not None:
            out[prop] = _bool(el)
    u = layer.find(w("u"))
    if u is not None:
        out["u"] = (u.get(_VAL) or "single") not in ("none", "0", "false")
    return out


def _ppr_props(layer) -> dict:
    """The paragraph properties one pPr sets (each border side and indent on its own)."""
    out = {}
    jc = layer.find(w("jc"))
    if jc is not None:
        out["jc"] = ALIGN_NAMES.get(jc.get(_VAL, "left"), "left")
    bdr = layer.find(w("pBdr"))
    if bdr is not None:
        for side in ("bottom", "top"):
            el = bdr.find(w(side))
            if el is not None:
                out[side] = el.get(_VAL, "nil") not in ("nil", "none")
    ind = layer.find(w("ind"))
    if ind is not None:
        for name, attrs in (("left", ("left", "start")), ("right", ("right", "end"))):
            for attr in attrs:
                if ind.get(w(attr)) is not None:
                    out[name] = _twips_mm(ind.get(w(attr)))
                    break
        if ind.get(w("firstLine")) is not None:
            out["first"] = _twips_mm(ind.get(w("firstLine")))
        elif ind.get(w("hanging")) is not None:
            out["first"] = -_twips_mm(ind.get(w("hanging")))
    spacing = layer.find(w("spacing"))     # each attribute inherits on its own (ECMA-376 17.3.1.33)
    if spacing is not None:
        for name in ("line", "before", "after"):
            value = spacing.get(w(name))
            if value is not None and value.lstrip("-").isdigit():
                out[name] = int(value)
        if spacing.get(w("lineRule")) is not None:
            out["lineRule"] = spacing.get(w("lineRule"))
    num = layer.find(w("numPr"))
    if num is not None:
        num_id, ilvl = num.find(w("numId")), num.find(w("ilvl"))
        out["numPr"] = (num_id.get(_VAL) if num_id is not None else None,
                        int(ilvl.get(_VAL, "0")) if ilvl is not None else 0)
    return out


class _StyleSheet:
    """Styles, document defaults and theme fonts of one styles part, with the formatting each
    combination of styles resolves to. Documents made from one template share it (cached by content)."""

    def __init__(self, styles_xml: bytes | None, theme_xml: bytes | None):
        self.styles: dict[str, _Style] = {}
        self.default_rpr = self.default_ppr = None
        self.default_pstyle = self.default_tstyle = None
        self.theme_fonts: dict[str, str] = {}
        if theme_xml:
            root = etree.fromstring(theme_xml)
            for slot in ("major", "minor"):
                latin = root.find(f".//{{{A_NS}}}{slot}Font/{{{A_NS}}}latin")
                if latin is not None:
                    self.theme_fonts[slot] = latin.get("typeface", "")
        if styles_xml:
            self._load(etree.fromstring(styles_xml))
        self._run_cache: dict = {}
        self._para_cache: dict = {}

    def _load(self, root) -> None:
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self.default_rpr = defaults.find(f"{w('rPrDefault')}/{_RPR}")
            self.default_ppr = defaults.find(f"{w('pPrDefault')}/{_PPR}")
        for st in root.iterfind(w("style")):
            sid = st.get(w("styleId"))
            if not sid:
                continue
            name_el, based = st.find(w("name")), st.find(w("basedOn"))
            style = _Style(sid, name_el.get(_VAL) if name_el is not None else sid, st.get(w("type"), "paragraph"),
                           based.get(_VAL) if based is not None else None, st.find(_PPR), st.find(_RPR))
            self.styles[sid] = style
            if st.get(w("default")) in ("1", "true", "on"):
                if style.kind == "paragraph":
                    self.default_pstyle = sid
                elif style.kind == "table":
                    self.default_tstyle = sid

    def chain(self, sid: str | None) -> list[_Style]:
        """A style and its basedOn ancestors, most specific first (loops cut)."""
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return out

    def run_format(self, pstyle: str | None, rstyle: str | None, tstyle: str | None) -> dict:
        """What the styles give a run (no direct formatting):
        fonts per slot from the most specific level that names one; size likewise; toggle properties
        (bold, italic, caps, hidden) from each group of styles — character, paragraph, table — XOR-ed
        (ECMA-376 §17.7.3), the document defaults applying when no style says anything."""
        key = (pstyle, rstyle, tstyle)
        if key in self._run_cache:
            return self._run_cache[key]
        groups = [("char", self.chain(rstyle), "style:"), ("para", self.chain(pstyle), "style:"),
                  ("table", self.chain(tstyle), "table-style:")]
        layers = [(group, _rpr_props(st.rpr, self.theme_fonts, prefix + st.name))
                  for group, chain, prefix in groups for st in chain if st.rpr is not None]
        defaults = _rpr_props(self.default_rpr, self.theme_fonts, "defaults") if self.default_rpr is not None else {}
        out = {"ascii": (None, None, "none"), "hAnsi": (None, None, "none"), "size": 10.0, "u": False}
        for prop in ("ascii", "hAnsi", "size", "u"):
            for _group, props in layers + [("defaults", defaults)]:
                if prop in props:
                    out[prop] = props[prop]
                    break
        for prop in _TOGGLES:
            nearest: dict[str, bool] = {}
            for group, props in layers:
                if prop in props:
                    nearest.setdefault(group, props[prop])
            value = defaults.get(prop, False) if not nearest else False
            for v in nearest.values():
                value ^= v
            out[prop] = value
        self._run_cache[key] = out
        return out

    def para_format(self, pstyle: str | None, tstyle: str | None) -> dict:
        key = (pstyle, tstyle)
        if key not in self._para_cache:
            out = {"jc": "left", "bottom": False, "top": False, "left": 0.0, "right": 0.0, "first": 0.0,
                   "numPr": None, "line": 240, "lineRule": "auto", "before": 0, "after": 0}   # Word's defaults
            layers = [self.default_ppr] + [st.ppr for st in reversed(self.chain(tstyle))] + \
                [st.ppr for st in reversed(self.chain(pstyle))]
            for layer in layers:                  # least specific first: later layers override
                if layer is not None:
                    out.update(_ppr_props(layer))
            self._para_cache[key] = out
        return self._para_cache[key]


@lru_cache(maxsize=16)
def _stylesheet(styles_xml: bytes | None, theme_xml: bytes | None) -> _StyleSheet:
    return _StyleSheet(styles_xml, theme_xml)


class _Reader:
    def __init__(self, path: Path, z: zipfile.ZipFile):
        self.path = path
        self.z = z
        self.names = names = set(z.namelist())
        main = None
        for _rid, (kind, target) in _rels(z, "", names).items():
            if kind == OFFICE_DOC_REL:
                main = target
        if main is None and "word/document.xml" in names:
            main = "word/document.xml"
        if main is None or main not in names:
            raise DocxReadError("gói ZIP không chứa văn bản Word (thiếu word/document.xml); "
                                "có thể là tệp Excel, PowerPoint hoặc tệp nén khác đổi đuôi thành .docx", path)
        self.main = main
        self.doc_root = etree.fromstring(z.read(main))
        if self.doc_root.tag.startswith(f"{{{STRICT_W_NS}}}"):
            raise DocxReadError("tệp lưu ở dạng \"Strict Open XML\"; hãy mở bằng Word và Lưu thành → "
                                "Tài liệu Word (.docx) thông thường", path)
        self.rels = _rels(z, main, names)
        by_kind: dict[str, str] = {}
        for _rid, (kind, target) in self.rels.items():
            by_kind.setdefault(kind, target)

        def part(kind: str) -> bytes | None:
            return z.read(by_kind[kind]) if by_kind.get(kind) in names else None
        self.sheet = _stylesheet(part("styles"), part("theme"))
        self._numbering_xml = part("numbering")
        self._numbering: _Numbering | None = None
        self.even_odd = False
        settings = part("settings")
        if settings and b"evenAndOddHeaders" in settings:
            self.even_odd = _bool(etree.fromstring(settings).find(w("evenAndOddHeaders")), False)

    def run_format(self, rpr, pstyle, tstyle) -> dict:
        rstyle_el = rpr.find(w("rStyle")) if rpr is not None else None
        base = self.sheet.run_format(pstyle, rstyle_el.get(_VAL) if rstyle_el is not None else None, tstyle)
        if rpr is None:
            return base
        direct = _rpr_props(rpr, self.sheet.theme_fonts, "run")
        return {**base, **direct} if direct else base

    def para_format(self, ppr, pstyle, tstyle) -> dict:
        base = self.sheet.para_format(pstyle, tstyle)
        if ppr is None:
            return base
        direct = _ppr_props(ppr)
        return {**base, **direct} if direct else base

    # -- document walk -------------------------------------------------------------------------
    def read(self) -> DocView:
        body = self.doc_root.find(w("body"))
        if body is None:
            raise DocxReadError("văn bản Word không có phần nội dung (w:body)", self.path)
        self.paragraphs: list[ParagraphView] = []
        self.section_props: list = []
        self.table_count = 0
        self._walk(body, cell=None, tstyle=None, part="body", out=self.paragraphs)
        final = body.find(w("sectPr"))
        if final is not None:
            self.section_props.append(final)
        sections = self._sections()
        return DocView(self.path, self.paragraphs, sections, dict(self.sheet.theme_fonts), self.even_odd)

    def _walk(self, container, cell, tstyle, part, out, depth=0) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                out.append(self._paragraph(child, cell, tstyle, part, len(out) + 1))
                ppr = child.find(_PPR)
                if part == "body" and ppr is not None and ppr.find(w("sectPr")) is not None:
                    self.section_props.append(ppr.find(w("sectPr")))
            elif tag == _TBL:
                self._table(child, part, out, depth + 1)
            elif tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if tag == w("sdt") else child
                if content is not None:
                    self._walk(content, cell, tstyle, part, out, depth)

    def _table(self, tbl, part, out, depth) -> None:
        self.table_count += 1
        index = self.table_count
        tpr = tbl.find(w("tblPr"))
        style_el = tpr.find(w("tblStyle")) if tpr is not None else None
        tstyle = style_el.get(_VAL) if style_el is not None else self.sheet.default_tstyle
        grid = [float(g.get(w("w"), "0") or 0) for g in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
        total = sum(grid) or 1.0
        for r, tr in enumerate(tbl.iterfind(_TR)):
            col = 0
            trpr = tr.find(w("trPr"))
            if trpr is not None and trpr.find(w("gridBefore")) is not None:
                col = int(trpr.find(w("gridBefore")).get(_VAL, "0"))
            for tc in tr.iterfind(_TC):
                tcpr = tc.find(w("tcPr"))
                span = 1
                if tcpr is not None and tcpr.find(w("gridSpan")) is not None:
                    span = max(1, int(tcpr.find(w("gridSpan")).get(_VAL, "1")))
                if grid and col < len(grid):
                    x0 = sum(grid[:col]) / total
                    x1 = sum(grid[:col + span]) / total
                else:
                    x0, x1 = 0.0, 1.0
                pos = CellPos(index, r, col, span, x0, x1, depth)
                self._walk(tc, pos, tstyle, part, out, depth)
                col += span

    def _paragraph(self, p, cell, tstyle, part, index) -> ParagraphView:
        ppr = p.find(_PPR)
        ps_el = ppr.find(w("pStyle")) if ppr is not None else None
        pstyle = ps_el.get(_VAL) if ps_el is not None else self.sheet.default_pstyle
        style = self.sheet.styles.get(pstyle) if pstyle else None
        pf = self.para_format(ppr, pstyle, tstyle)
        runs: list[RunView] = []
        lines: list[float] = []
        state = {"field": [], "page": any(re.search(r"\bPAGE\b", f.get(w("instr"), ""))
                                          for f in p.iter(w("fldSimple")))}
        for r in _iter_runs(p):
            self._run(r, pstyle, tstyle, runs, lines, state)
        label = label_run = None
        if pf["numPr"] and self._numbering_xml:
            if self._numbering is None:
                self._numbering = _Numbering(etree.fromstring(self._numbering_xml))
            label = self._numbering.label(*pf["numPr"])
            if label:
                label_run = self._label_run(label, ppr, pstyle, tstyle, self._numbering.level_rpr(*pf["numPr"]))
        text = "".join(r.text for r in runs if not r.hidden)
        leader = False
        if text and not text.strip("\t") and ppr is not None:
            leader = any(t.get(w("leader")) not in (None, "none") for t in ppr.iter(w("tab")))
        return ParagraphView(
            index=index, text=text, runs=runs, label_run=label_run, tab_leader=leader,
            style_id=pstyle, style_name=style.name if style else None, alignment=pf["jc"], cell=cell,
            border_bottom=pf["bottom"], border_top=pf["top"], lines_mm=lines, left_indent_mm=pf["left"],
            right_indent_mm=pf["right"], first_line_mm=pf["first"], list_label=label,
            has_page_field=state["page"], part=part, element=p,
            line_rule=pf["lineRule"], line_twips=pf["line"], before_pt=pf["before"] / 20, after_pt=pf["after"] / 20)

    def _label_run(self, label, ppr, pstyle, tstyle, lvl_rpr) -> RunView:
        """Word formats a numbering label with the paragraph mark's properties, then the level's rPr."""
        mark = ppr.find(_RPR) if ppr is not None else None
        fmt = self.run_format(mark, pstyle, tstyle)
        if lvl_rpr is not None:
            fmt = {**fmt, **_rpr_props(lvl_rpr, self.sheet.theme_fonts, "numbering")}
        (fa, ta, sa), (fh, th, sh) = fmt["ascii"], fmt["hAnsi"]
        return RunView(label, fa, fh, ta or th, sa if sa == sh else f"{sa} / {sh}", fmt["size"], fmt["b"],
                       fmt["i"], fmt["u"], fmt["caps"], False, False)

    def _run(self, r, pstyle, tstyle, runs, lines, state) -> None:
        rpr = r.find(_RPR)
        pieces: list[str] = []
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    state["field"].append("code")
                elif kind == "separate" and state["field"]:
                    state["field"][-1] = "result"
                elif kind == "end" and state["field"]:
                    state["field"].pop()
            elif tag == w("instrText"):
                if re.search(r"\b(PAGE)\b", child.text or ""):
                    state["page"] = True
            elif state["field"] and state["field"][-1] == "code":
                continue
            elif tag == _T:
                pieces.append(child.text or "")
            elif tag in (w("tab"), w("ptab")):
                pieces.append("\t")
            elif tag == w("br"):
                kind = child.get(w("type"))
                pieces.append("\f" if kind == "page" else ("" if kind == "column" else "\n"))
            elif tag == w("cr"):
                pieces.append("\n")
            elif tag == w("noBreakHyphen"):
                pieces.append("-")
            elif tag == w("sym"):
                try:
                    pieces.append(chr(int(child.get(w("char"), "0"), 16) & 0xFFFF or 0x20))
                except ValueError:
                    pass
            elif tag in (w("drawing"), w("pict"), f"{{{MC_NS}}}AlternateContent"):
                lines.extend(_drawn_lines(child))
        if not pieces:
            return
        text = "".join(pieces)
        fmt = self.run_format(rpr, pstyle, tstyle)
        (fa, ta, sa), (fh, th, sh) = fmt["ascii"], fmt["hAnsi"]
        in_field = bool(state["field"]) and state["field"][-1] == "result"
        runs.append(RunView(text, fa, fh, ta or th, sa if sa == sh else f"{sa} / {sh}", fmt["size"], fmt["b"],
                            fmt["i"], fmt["u"], fmt["caps"], fmt["vanish"], in_field))

    # -- sections, headers, footers ------------------------------------------------------------
    def _sections(self) -> list[SectionView]:
        out = []
        inherited = {"header": {}, "footer": {}}
        for sect in self.section_props or [None]:
            size = sect.find(w("pgSz")) if sect is not None else None
            margin = sect.find(w("pgMar")) if sect is not None else None
            width = _twips_mm(size.get(w("w"))) if size is not None else 0.0
            height = _twips_mm(size.get(w("h"))) if size is not None else 0.0
            landscape = size is not None and size.get(w("orient")) == "landscape"
            margins = {k: abs(_twips_mm(margin.get(w(k)))) if margin is not None else 0.0
                       for k in ("top", "bottom", "left", "right", "header", "footer", "gutter")}
            title_pg = sect is not None and sect.find(w("titlePg")) is not None and _bool(sect.find(w("titlePg")))
            parts = {"header": dict(inherited["header"]), "footer": dict(inherited["footer"])}
            if sect is not None:
                for part in ("header", "footer"):
                    for ref in sect.iterfind(w(f"{part}Reference")):
                        target = self.rels.get(ref.get(f"{{{R_NS}}}id"), (None, None))[1]
                        if target and target in self.names:
                            kind = ref.get(w("type"), "default")
                            root = etree.fromstring(self.z.read(target))
                            paras: list[ParagraphView] = []
                            self._walk(root, None, None, part, paras)
                            parts[part][kind] = HeaderFooterView(kind, part, paras)
            inherited = parts
            out.append(SectionView((width, height), margins, landscape, title_pg, parts["header"], parts["footer"]))
        return out


def _iter_runs(p):
    """The w:r elements of a paragraph in order, through hyperlinks, insertions, content controls and
    simple fields; deleted text and the runs of text boxes (nested paragraphs) are left out."""
    stack = list(reversed(list(p)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == _R:
            yield el
        elif tag in _RUN_CONTAINERS:
            stack.extend(reversed(list(el)))


def _drawn_lines(el) -> list[float]:
    """Lengths (mm) of straight lines drawn as shapes: DrawingML (wps, prstGeom "line") or VML (v:line).
    In mc:AlternateContent only the first choice is read (the fallback repeats the same shape)."""
    if el.tag == f"{{{MC_NS}}}AlternateContent":
        choice = el.find(f"{{{MC_NS}}}Choice")
        el = choice if choice is not None else el
    out = []
    for geom in el.iter(f"{{{A_NS}}}prstGeom"):
        if geom.get("prst") in ("line", "straightConnector1"):
            anchor = geom
            while anchor is not None and anchor.tag not in (f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}inline"):
                anchor = anchor.getparent()
            extent = anchor.find(f"{{{WP_NS}}}extent") if anchor is not None else None
            if extent is not None:
                cx, cy = float(extent.get("cx", "0")), float(extent.get("cy", "0"))
                if cx >= cy:
                    out.append(cx * EMU_MM)
    for line in el.iter(f"{{{V_NS}}}line"):
        x0, y0 = _vml_point(line.get("from", "0,0"))
        x1, y1 = _vml_point(line.get("to", "0,0"))
        if abs(x1 - x0) >= abs(y1 - y0):
            out.append(abs(x1 - x0))
    return out


_VML_UNITS = {"pt": 25.4 / 72, "in": 25.4, "cm": 10.0, "mm": 1.0, "px": 25.4 / 96, "": 25.4 / 72}


def _vml_point(text: str) -> tuple[float, float]:
    out = []
    for part in (text.split(",") + ["0", "0"])[:2]:
        m = re.match(r"\s*(-?[\d.]+)\s*([a-z]*)", part)
        out.append(float(m.group(1)) * _VML_UNITS.get(m.group(2), 25.4 / 72) if m else 0.0)
    return out[0], out[1]


# ---- automatic numbering -------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        s = to_roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Labels of Word's automatic numbering ("Điều %1." → "Điều 3."), counted in reading order.

    Word's letter formats run a b c d e f …, not the Vietnamese order, which is exactly what a
    checker must see."""

    def __init__(self, root):
        self.abstract: dict[str, dict[int, dict]] = {}
        self.rprs: dict[tuple[str, int], object] = {}
        for ab in root.iterfind(w("abstractNum")):
            levels = {}
            for lvl in ab.iterfind(w("lvl")):
                levels[int(lvl.get(w("ilvl"), "0"))] = self._level(lvl)
                self.rprs[(ab.get(w("abstractNumId")), int(lvl.get(w("ilvl"), "0")))] = lvl.find(_RPR)
            self.abstract[ab.get(w("abstractNumId"))] = levels
        self.nums: dict[str, tuple[str, dict[int, dict]]] = {}
        for num in root.iterfind(w("num")):
            ab = num.find(w("abstractNumId"))
            overrides = {}
            for ov in num.iterfind(w("lvlOverride")):
                level = int(ov.get(w("ilvl"), "0"))
                spec = {}
                start = ov.find(w("startOverride"))
                if start is not None:
                    spec["start"] = int(start.get(_VAL, "1"))
                lvl = ov.find(w("lvl"))
                if lvl is not None:
                    spec.update(self._level(lvl))
                overrides[level] = spec
            self.nums[num.get(w("numId"))] = (ab.get(_VAL) if ab is not None else "", overrides)
        self.counters: dict[str, list[int]] = {}

    @staticmethod
    def _level(lvl) -> dict:
        spec = {}
        for key, tag in (("start", "start"), ("fmt", "numFmt"), ("text", "lvlText")):
            el = lvl.find(w(tag))
            if el is not None and el.get(_VAL) is not None:
                spec[key] = int(el.get(_VAL)) if key == "start" else el.get(_VAL)
        return spec

    def level_rpr(self, num_id: str | None, ilvl: int):
        """The rPr of a numbering level (an override's own lvl wins), or None."""
        if not num_id or num_id not in self.nums:
            return None
        return self.rprs.get((self.nums[num_id][0], ilvl))

    def label(self, num_id: str | None, ilvl: int) -> str | None:
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        ab_id, overrides = self.nums[num_id]
        levels = self.abstract.get(ab_id, {})

        def spec(level: int) -> dict:
            return {"start": 1, "fmt": "decimal", "text": "", **levels.get(level, {}), **overrides.get(level, {})}
        counts = self.counters.setdefault(num_id, [0] * 9)
        ilvl = max(0, min(8, ilvl))
        counts[ilvl] = (counts[ilvl] + 1) if counts[ilvl] else spec(ilvl)["start"]
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        current = spec(ilvl)
        if current["fmt"] == "bullet":
            return None
        text = current["text"]
        for level in range(ilvl + 1):
            value = counts[level] or spec(level)["start"]
            text = text.replace(f"%{level + 1}", _format_number(value, spec(level)["fmt"]))
        return text or None
