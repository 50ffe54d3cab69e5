"""`vanban register [--xuat SO.docx]`: print the register (sổ đăng ký văn bản đi) or export the printable book."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.format.config import Project
from generator.format.profiles import load_profile
from generator.model.errors import EXIT_OK
from generator.records.register import ACTION_TEXT, ISSUE, export_docx, read_register, register_path
from generator.records.relations import AMENDED, LAPSED, REPLACED, load_resolver


def register(sub) -> None:
    p = sub.add_parser("register", help="sổ đăng ký văn bản đi: xem, xuất ra Word",
                       description="In sổ đăng ký văn bản đi (records/so-dang-ky.csv, mở được bằng Excel), gồm các số đã "
                                   "ban hành, giữ số, hủy số và tình trạng hiệu lực; --xuat để xuất sổ in được (.docx, "
                                   "khổ A4 ngang). Giữ số: vanban giu-so; hủy số: vanban huy-so.")
    p.add_argument("--xuat", type=Path, metavar="TỆP.docx", help="xuất sổ ra tệp Word để in")
    p.set_defaults(func=run)


def status_notes(project: Project, rows) -> dict[int, str]:
    """Row number → "đã bị thay thế bởi …" for issued documents whose status changed since."""
    resolver = load_resolver(project)
    notes = {}
    for row in rows:
        if row.thao_tac == ISSUE and row.ho_so in resolver.records:
            status = resolver.status(row.ho_so)
            if status.code in (REPLACED, AMENDED, LAPSED):
                notes[row.stt] = status.label[:1].upper() + status.label[1:]
    return notes


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def run(args) -> int:
    project = Project(args.thu_muc)
    rows, problems = read_register(project)
    for problem in problems:
        print(f"cảnh báo: {problem}", file=sys.stderr)
    notes = status_notes(project, rows)
    if args.xuat:
        config = project.config()
        font = load_profile("nha-nuoc").font
        count = export_docx(rows, config, args.xuat, font, notes)
        print(f"Đã xuất sổ đăng ký ({count} dòng) ra {args.xuat}.")
        return EXIT_OK
    if not rows:
        print(f"Sổ đăng ký chưa có dòng nào ({register_path(project)}).")
        return EXIT_OK
    print(f"Sổ đăng ký văn bản đi ({register_path(project)}):")
    for row in rows:
        note = "; ".join(filter(None, [row.ghi_chu, notes.get(row.stt, "")]))
        who = f"  [{row.ho_so}]" if row.ho_so else ""
        print(f"{row.stt:>4}  {ACTION_TEXT[row.thao_tac]:<8}  {row.so_ky_hieu:<14}  {row.ngay:<10}  "
              f"{_cut(row.trich_yeu, 70)}{who}" + (f"  — {note}" if note else ""))
    return EXIT_OK
