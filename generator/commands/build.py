"""`vanban build [PATH…] [--force]`: records → .docx (only what changed)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from generator.build import build_records, draft_output_allowed
from generator.format.config import Project
from generator.model.errors import EXIT_BAD_INPUT, EXIT_OK, summary_line


def register(sub) -> None:
    p = sub.add_parser("build", help="tạo văn bản Word (.docx) từ hồ sơ",
                       description="Tạo văn bản Word từ các hồ sơ trong records/ (hoặc các hồ sơ được chỉ ra). "
                                   "Chỉ tạo lại hồ sơ đã thay đổi; --force để tạo lại tất cả.")
    p.add_argument("duong_dan", nargs="*", type=Path, metavar="HỒ_SƠ", help="thư mục hồ sơ hoặc tệp van-ban.md")
    p.add_argument("--force", action="store_true", help="tạo lại tất cả, kể cả hồ sơ không đổi")
    p.add_argument("--pdf", action="store_true", help="chuyển thêm sang PDF bằng LibreOffice")
    p.set_defaults(func=run)


def print_report(report, out=sys.stdout) -> None:
    for w in report.warnings:
        print(str(w), file=sys.stderr)
    for e in report.errors:
        print(str(e), file=sys.stderr)
    extra = [f"đã ban hành (giữ nguyên) {len(report.frozen)}"] if report.frozen else []
    print(summary_line("Văn bản", len(report.built), len(report.skipped), report.failed, report.seconds, extra),
          file=out)


def run(args) -> int:
    project = Project(args.thu_muc)
    report = build_records(project, args.duong_dan or None, force=args.force)
    print_report(report)
    if args.pdf:
        from generator.render.pdf import build_pdfs     # imported only when PDFs are asked for
        code = build_pdfs(project, report, guard=partial(draft_output_allowed, project))
        if code:
            return code
    return EXIT_OK if report.ok else EXIT_BAD_INPUT
