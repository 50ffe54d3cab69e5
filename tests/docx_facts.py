"""Reading effective formatting back from a .docx for assertions (run → style chain → defaults)."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(doc):
    """Every paragraph in reading order, table cells included."""
    body = doc.element.body
    from docx.text.paragraph import Paragraph
    for p in body.iter(qn("w:p")):
        yield Paragraph(p, doc)


def texts(doc) -> list[str]:
    return [p.text for p in paragraphs(doc) if p.text.strip()]


def find(doc, text: str, exact: bool = True):
    for p in paragraphs(doc):
        if (p.text.strip() == text) if exact else (text in p.text):
            return p
    raise AssertionError(f"paragraph {text!r} not found; have: {texts(doc)[:40]}")


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def run_prop(paragraph, run, name: str):
    """Effective bold/italic/underline/size of a run: run → paragraph style chain → None."""
    value = getattr(run.font, name)
    if value is not None:
        return value
    for style in _style_chain(paragraph.style):
        value = getattr(style.font, name)
        if value is not None:
            return value
    return None


def para_prop(paragraph, name: str):
    value = getattr(paragraph.paragraph_format, name)
    if value is not None:
        return value
    for style in _style_chain(paragraph.style):
        value = getattr(style.paragraph_format, name)
        if value is not None:
            return value
    return None


def effective_fonts(doc, paragraph, run) -> tuple[str | None, str | None]:
    """(ascii, hAnsi) font of a run, resolving run, style chain and document defaults."""
    def slots(rpr):
        if rpr is None:
            return None, None
        rf = rpr.find(qn("w:rFonts"))
        if rf is None:
            return None, None
        return rf.get(qn("w:ascii")), rf.get(qn("w:hAnsi"))
    found = [None, None]
    chain = [run._r.rPr] + [s.element.rPr for s in _style_chain(paragraph.style)]
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    chain.append(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for rpr in chain:
        a, h = slots(rpr)
        found[0] = found[0] or a
        found[1] = found[1] or h
    return found[0], found[1]


def size_pt(paragraph, run=None) -> float:
    run = run or paragraph.runs[0]
    return run_prop(paragraph, run, "size").pt


def is_bold(paragraph, run=None) -> bool:
    return bool(run_prop(paragraph, run or paragraph.runs[0], "bold"))


def is_italic(paragraph, run=None) -> bool:
    return bool(run_prop(paragraph, run or paragraph.runs[0], "italic"))


def is_underlined(paragraph, run=None) -> bool:
    return bool(run_prop(paragraph, run or paragraph.runs[0], "underline"))


def has_bottom_border(paragraph) -> bool:
    for el in [paragraph._p.pPr] + [s.element.pPr for s in _style_chain(paragraph.style)]:
        if el is not None and el.find(qn("w:pBdr")) is not None and el.find(qn("w:pBdr")).find(qn("w:bottom")) is not None:
            return True
    return False


def open_doc(path):
    return Document(str(path))
