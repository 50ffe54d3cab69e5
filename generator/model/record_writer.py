"""Record → record text (YAML front matter + body grammar): the inverse of record_parser/body_parser.

`write_record(meta, body)` gives text that `parse_record_text` reads back to the same Meta and
the same Unit tree (kind, number, separator, depth, text, anchors). The importer writes its
records through it; any module that changes a record programmatically can too.

Front matter keys are written in a fixed, readable order with the values the parser reads;
`comments` (key → Vietnamese note) put a `# …` line above a key, so an official sees what an
import filled in or left blank.
"""

from __future__ import annotations

import datetime as dt

import yaml

from generator.model.body_parser import classify
from generator.model.model import CHUONG, DIEM, DIEU, GACH, HEADINGS, KHOAN, MUC, PHAN, Meta, Signer, Unit

# The order an official reads a record in: what it is, who issues it, number and date, title,
# the lead-in, the signature, the recipients, then links and notes.
ORDER = ("loai", "co_quan", "so", "ky_hieu", "ngay", "hieu_luc", "het_hieu_luc", "dia_danh", "trang_thai", "phien_ban_dang", "du_thao",
         "do_mat", "do_khan", "pham_vi_luu_hanh", "ten_loai", "so_phu_luc", "trich_yeu", "kem_theo_ghi", "tac_gia",
         "chi_tiet", "kinh_gui",
         "can_cu", "xet_de_nghi", "chu_the", "nguoi_ky", "noi_nhan", "sau_chu_ky", "nguoi_soan", "so_ban", "quan_he",
         "han_xu_ly", "phuc_dap", "ghi_chu", "nguon")
HEADING_WORDS = {PHAN: "Phần", CHUONG: "Chương", MUC: "Mục"}
_DEFAULTS = Meta(loai="", co_quan="")


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key ("can_cu:\\n  - …"), as the sample records are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def dump_value(key: str, value) -> str:
    """One `key: value` block in YAML; strings are quoted only where YAML needs it."""
    return yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000,
                     default_flow_style=False)


def _signer_value(signer: Signer, signer_key: str | None):
    if signer_key:
        return signer_key
    extra = {"ky_thay": signer.ky_thay} if signer.ky_thay else {}
    return {"hinh_thuc": signer.hinh_thuc, "thay_mat": signer.thay_mat, **extra, "chuc_vu": signer.chuc_vu,
            "ho_ten": signer.ho_ten}


def meta_items(meta: Meta, signer_key: str | None = None, write_signer: bool = True) -> dict:
    """The front-matter mapping for `meta`: only what differs from the parser's defaults."""
    out: dict = {"loai": meta.loai, "co_quan": dict(meta.co_quan_ghi) if meta.co_quan_ghi else meta.co_quan}
    for key in ORDER[2:]:
        if key == "nguoi_ky":
            if meta.nguoi_ky is not None and write_signer:
                out[key] = _signer_value(meta.nguoi_ky, signer_key)
            continue
        if key == "quan_he":
            rel = meta.quan_he
            value = {k: v for k, v in (("kem_theo", rel.kem_theo), ("thay_the", rel.thay_the),
                                       ("sua_doi", rel.sua_doi), ("tra_loi", rel.tra_loi),
                                       ("trich_dan", rel.trich_dan)) if v}
            if value:
                out[key] = value
            continue
        if key == "chi_tiet":        # a type's own-layout fields are top-level keys (thoi_gian, dia_diem …)
            out.update(meta.chi_tiet)
            continue
        value = getattr(meta, key)
        if key == "trang_thai" or value != getattr(_DEFAULTS, key):
            out[key] = value
    out.update(meta.extra)
    return out


def write_front_matter(meta: Meta, signer_key: str | None = None, write_signer: bool = True,
                       header: list[str] | None = None, comments: dict[str, list[str]] | None = None) -> str:
    lines = ["---"]
    lines += [f"# {line}" for line in header or []]
    comments = comments or {}
    items = meta_items(meta, signer_key, write_signer)
    for key in [*items, *[k for k in comments if k not in items]]:
        lines += [f"# {line}" for line in comments.get(key, [])]
        if key in items:
            lines.append(dump_value(key, _plain_yaml(items[key])).rstrip("\n"))
    lines.append("---")
    return "\n".join(lines) + "\n"


def _plain_yaml(value):
    """Dates stay dates (the parser reads them back as dates); everything else as is."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def unit_line(unit: Unit) -> list[str]:
    """The grammar line(s) of one unit, without its children."""
    if unit.kind == MUC and unit.sep:         # "I. MỤC ĐÍCH, YÊU CẦU"
        return [f"{unit.number}{unit.sep} {unit.text}"]
    if unit.kind in HEADINGS:
        head = f"{HEADING_WORDS[unit.kind]} {unit.number}"
        if not unit.text:
            return [head]
        same_line = f"{head} {unit.text}"
        pl = classify(same_line, 0)
        if pl.kind == unit.kind and pl.number == unit.number and pl.text == unit.text:
            return [same_line]
        return [head, unit.text]          # a title that would not read back on the same line
    if unit.kind == DIEU:
        return [f"Điều {unit.number}. {unit.text}".rstrip()]
    if unit.kind == KHOAN:
        return [f"{unit.number}{unit.sep or '.'} {unit.text}"]
    if unit.kind == DIEM:
        return [f"{unit.number}) {unit.text}"]
    if unit.kind == GACH:
        return [f"- {unit.text}"]
    return [unit.text]


def write_body(units: list[Unit]) -> str:
    """The body in the grammar: one unit per line, a blank line between units (as officials type)."""
    lines: list[str] = []

    def emit(unit: Unit) -> None:
        lines.extend(unit_line(unit))
        for child in unit.children:
            emit(child)

    for unit in units:
        emit(unit)
    return "\n\n".join(lines) + ("\n" if lines else "")


def write_record(meta: Meta, body: list[Unit], signer_key: str | None = None, header: list[str] | None = None,
                 comments: dict[str, list[str]] | None = None) -> str:
    return write_front_matter(meta, signer_key, header=header, comments=comments) + "\n" + write_body(body)
