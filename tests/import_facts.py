"""Helpers for the import tests: an empty project, record views to compare, text of a built .docx."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from generator.format.config import Project
from generator.format.context import RecordIndex
from generator.format.record_parser import parse_record

REPO = Path(__file__).resolve().parent.parent

# Fields a Word or PDF document does not show (they live only in the record), so import cannot see them.
NOT_PRINTED = ("nguon", "han_xu_ly", "ghi_chu", "extra")
# The renderer owns the punctuation at the end of these lines (profile data): compared without it.
PUNCTUATED = ("can_cu", "noi_nhan", "kinh_gui")
_END = re.compile(r"[\s,;.:]+$")


def empty_project(dest: Path) -> Path:
    """A project with the office config and templates but no records (where imports land)."""
    (dest / "records").mkdir(parents=True)
    shutil.copy2(REPO / "records" / "van-phong.yaml", dest / "records" / "van-phong.yaml")
    shutil.copytree(REPO / "templates", dest / "templates")
    return dest


def load(root: Path) -> tuple[dict, RecordIndex]:
    project = Project(root)
    config = project.config()
    records = {p.parent.name: parse_record(p, config) for p in project.record_sources()}
    return records, RecordIndex(records, config)


def meta_view(record, index: RecordIndex) -> dict:
    """The metadata a printed document shows; relations compared by the record they point at."""
    data = dataclasses.asdict(record.meta)
    for key in NOT_PRINTED:
        data.pop(key)
    for key in PUNCTUATED:
        data[key] = [_END.sub("", item) for item in data[key]]
    body = index.config.body(record.meta.co_quan)
    if data["noi_nhan"] and not data["noi_nhan"][-1].startswith("Lưu") and body is not None and body.luu:
        # a list without its "Lưu …" line prints the body's (van-phong.yaml `luu`): "Lưu Chi bộ" / "Lưu: VT, VP"
        data["noi_nhan"].append(("Lưu " if body.ho_so == "dang" else "Lưu: ") + body.luu)
    profile = body.profile_on(record.meta.ngay, record.meta.phien_ban_dang) if body is not None else None
    first = profile.get("noi_nhan_dong_dau_khi_co_kinh_gui") if profile is not None else None
    if first and data["kinh_gui"] and data["noi_nhan"] and data["noi_nhan"][0].lower() != first.lower():
        data["noi_nhan"].insert(0, first)   # HD 05 Phần II I.9.2.3: "Như trên" printed first, typed or not
    if data["xet_de_nghi"]:
        data["xet_de_nghi"] = _END.sub("", data["xet_de_nghi"])
    for key in ("kem_theo", "tra_loi"):
        target = data["quan_he"][key]
        if target:
            found = index.resolve(target)
            assert found is not None, f"{record.key}: quan_he.{key} {target} does not resolve"
            data["quan_he"][key] = (found.meta.loai, found.meta.trich_yeu)
    return data


def body_view(units) -> list:
    return [(u.kind, u.number, u.sep, u.depth, u.text, u.anchor, body_view(u.children)) for u in units]


def by_source_name(records: dict) -> dict:
    """Imported records by the stem of the file they came from (nguon: "qd-230-tu-2025.docx (…)")."""
    out = {}
    for record in records.values():
        name = record.meta.nguon.split(" (")[0]
        out[Path(name).stem] = record
    return out


def docx_text(path: Path) -> str:
    """Every paragraph of a .docx (table cells included) in reading order, spaces collapsed."""
    doc = Document(str(path))
    parts = []
    for p in doc.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if text.strip():
            parts.append(text)
    return re.sub(r"\s+", " ", " ".join(parts))


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def vanban(root: Path, *args: str) -> Ran:
    """The `vanban` command line run in this process (same parser, same code, no interpreter start-up)."""
    from generator.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["-C", str(root), *args])
        except SystemExit as exc:          # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return Ran(code, out.getvalue(), err.getvalue())
