"""The register page (so-dang-ky.md): every issued document the project knows, with every column of
records/so-dang-ky.csv.

Two sources, one table (newest first):
- the rows of the register (issued, reserved and voided numbers: `vanban issue`, `giu-so`, `huy-so`);
- records issued outside it (imported or written as issued: trang_thai other than du-thao, with a number)
  that no register row names. Their row is made by the same function `vanban issue` uses
  (register.row_for_record), so Nơi nhận, bản lưu and số lượng bản read the same; the note says the
  document is not in the register.

Confidential stays off the site (pages.py): a register row of a confidential record (or of one attached
to it) keeps only its number, date, action and series (the register accounts for every number); a
record issued outside the register that is confidential has no row at all. Files and notes of a record
whose files are withheld (it quotes a confidential or unknown record) are left out.
"""

from __future__ import annotations

import datetime as dt
import functools

import yaml

from generator.format.datadir import DATA_DIR
from generator.model.errors import VanbanError
from generator.model.model import Record
from generator.records.register import (ACTION_TEXT, FIELDS, Row, Series, book_spec, read_register,
                                        row_for_record, series_for, title_and_subject)
from generator.render.site import esc


PAGE = "so-dang-ky.md"
_CSV_HEADINGS = dict(FIELDS)
# Columns a confidential row keeps (the number is accounted for; nothing says what it is about).
_SECRET_KEEPS = {"stt", "thoi_diem", "nguoi_ghi", "thao_tac", "loat", "so", "so_ky_hieu", "ngay", "do_mat",
                 "kiem_tra"}
_LONG = {"trich_yeu", "noi_nhan", "ghi_chu"}        # wide enough to be read without a tall row


@functools.lru_cache(maxsize=1)
def texts() -> dict:
    """The page's words (generator/format/data/site/so-dang-ky.yaml)."""
    return yaml.safe_load((DATA_DIR / "site" / "so-dang-ky.yaml").read_text(encoding="utf-8"))


def columns() -> list[tuple[str, str]]:
    """(CSV field, heading): the printed book's columns first (so-dang-ky.yaml), then the CSV's others."""
    book = [(c["truong"], c["ten"]) for c in book_spec()["cot"]]
    chosen = {k for k, _ in book}
    return book + [(k, h) for k, h in FIELDS if k not in chosen]


def unregistered_rows(writer: PageWriter, rows: list[Row]) -> list[Row]:
    """Rows for the public records issued with a number that no register row names."""
    d = writer.data
    named = {r.ho_so for r in rows if r.ho_so}
    out = []
    for record in d.public.values():
        meta = record.meta
        if meta.trang_thai == "du-thao" or meta.so is None or record.key in named:
            continue
        date = d.date(record)
        try:
            series = series_for(d.config, meta.co_quan, meta.loai, date, meta.do_mat) if date else None
        except VanbanError:
            series = None       # no term declared for that date: the series is left blank
        attached = [c for c in d.attachments(record) if c.key in d.public]
        note = [texts()["chua_vao_so"]]
        if attached and not d.withheld(record, merged=True):
            note += [f"kèm theo: {title_and_subject(c)}" for c in sorted(attached, key=lambda c: c.key)]
        try:
            row = row_for_record(record, d.config, series or Series("", "", ""), meta.so, d.symbol(record),
                                 date or dt.date.min, [], None, "; ".join(note))
        except (VanbanError, AttributeError):
            continue            # a body the config does not know: nothing sound to print
        row.loat = series.key if series else ""
        row.ngay = f"{date:%d/%m/%Y}" if date else ""
        out.append(row)
    return out


def _sort_key(row: Row) -> tuple:
    try:
        day = dt.datetime.strptime(row.ngay, "%d/%m/%Y").date()
    except ValueError:
        day = dt.date.min
    return (day, row.so or 0, row.stt)


def register_page(writer: PageWriter) -> str:
    d = writer.data
    words = texts()
    parts = [writer.front(words["tieu_de"], wide=True), f"# {esc(words['tieu_de'])}"]
    try:
        rows, problems = read_register(d.project)
    except (OSError, VanbanError) as exc:
        rows, problems = [], [str(exc)]
    for p in problems:
        writer.warnings.append(_warning(p))
    extra = unregistered_rows(writer, rows)
    everything = sorted(rows + extra, key=_sort_key, reverse=True)
    if not everything:
        parts.append(f'<p class="vb-trong">{esc(words["trong"])}</p>')
        return "\n\n".join(parts) + "\n"
    parts.append(f'<p class="vb-meta">{esc(words["gioi_thieu"])}</p>')
    cols = columns()
    by_key = d.all
    outside = {id(r) for r in extra}
    lines = []
    for row in everything:
        record = by_key.get(row.ho_so)
        secret = bool(row.do_mat) or (record is not None and record.key not in d.public) or \
            (record is None and bool(row.ho_so) and row.ho_so in d.failed)
        withheld = secret or record is None or d.withheld(record, merged=True)
        values = row.values()
        cells = []
        for key, _ in cols:
            if secret and key not in _SECRET_KEEPS:
                cells.append('<td><em class="vb-mat">' + esc(words["mat"]) + "</em></td>" if key == "trich_yeu"
                             else "<td></td>")
                continue
            css = f' class="vb-cot-dai"' if key in _LONG else ""
            cells.append(f"<td{css}>{_cell(writer, key, row, values, record, withheld)}</td>")
        mark = ' class="vb-chua-vao-so"' if id(row) in outside else ""
        lines.append(f"<tr{mark}>" + "".join(cells) + "</tr>")
    head = "".join(f'<th data-cot="{esc(k)}">{esc(h)}</th>' for k, h in cols)
    parts.append(f'<div class="vb-cuon-ngang">\n<table id="bang-so-dang-ky">\n<tr>{head}</tr>\n'
                 + "\n".join(lines) + "\n</table>\n</div>")
    return "\n\n".join(parts) + "\n"


def _cell(writer: PageWriter, key: str, row: Row, values: dict[str, str], record: Record | None,
          withheld: bool) -> str:
    d = writer.data
    words = texts()
    value = values.get(key, "")
    if key == "trich_yeu":
        if record is not None and record.key in d.public:
            return writer.link(PAGE, record, text=row.trich_yeu or d.title(record))
        return esc(value)
    if key == "thao_tac":
        return esc(words["thao_tac"].get(row.thao_tac, ACTION_TEXT.get(row.thao_tac, row.thao_tac)))
    if key == "loat":
        if not row.loat:
            return ""
        try:
            return esc(Series.parse(row.loat).label(d.config))
        except (ValueError, IndexError, AttributeError):
            return esc(row.loat)
    if key in ("ghi_chu", "tep", "sha256") and withheld:
        return ""     # the note names the attachments and may quote what the record draws on
    if key == "tep":
        return "<br>".join(esc(p) for p in row.tep)
    if key == "sha256":
        return "<br>".join(f'<code class="vb-bam">{esc(h)}</code>' for h in row.sha256)
    if key == "kiem_tra":
        return f'<code class="vb-bam">{esc(value)}</code>' if value else ""
    if key == "thoi_diem":
        try:
            return esc(dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M"))
        except ValueError:
            return esc(value)
    if key == "stt" and not row.kiem_tra:
        return ""     # not a register row: no number in the book
    return esc(value)


def _warning(text: str):
    from generator.model.errors import Diagnostic
    return Diagnostic(f"sổ đăng ký: {text}", None, None, "canh-bao")
