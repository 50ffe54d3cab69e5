"""`vanban import TỆP|THƯ_MỤC [--loai …] [--co-quan …] [--vao records/…]`: existing documents → records."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.format import doctypes
from generator.format.config import Project
from generator.importer.importer import import_files
from generator.model.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK


def register(sub) -> None:
    p = sub.add_parser(
        "import", help="nhập văn bản có sẵn (Word .docx, PDF, .txt) thành hồ sơ",
        description="Đọc văn bản có sẵn (.docx, .doc, .pdf — bản quét được nhận dạng chữ bằng Tesseract —, .txt UTF-8) "
                    "và tạo hồ sơ trong records/: "
                    "phần đầu, tên loại, trích yếu, căn cứ, nội dung theo Chương/Điều/khoản/điểm, chữ ký và "
                    "nơi nhận. Một Quyết định kèm Quy chế thành hai hồ sơ liên kết. Không ghi đè hồ sơ có sẵn; "
                    "mọi chỗ chưa nhận ra được liệt kê trong báo cáo.")
    p.add_argument("duong_dan", nargs="+", type=Path, metavar="TỆP",
                   help="tệp .docx/.pdf/.txt hoặc thư mục (nhập mọi tệp trong thư mục)")
    p.add_argument("--loai", metavar="LOẠI",
                   help=f"loại văn bản khi tệp không ghi rõ hoặc cần đổi: {', '.join(doctypes.doc_types())}")
    p.add_argument("--co-quan", metavar="MÃ", help="mã cơ quan ban hành trong van-phong.yaml "
                                                   "(khi văn bản thiếu phần đầu hoặc cần đổi)")
    p.add_argument("--vao", type=Path, metavar="THƯ_MỤC",
                   help="thư mục trong records/ để đặt các hồ sơ mới (mặc định: records/)")
    p.set_defaults(func=run)


def run(args) -> int:
    project = Project(args.thu_muc)
    report = import_files(project, args.duong_dan, args.loai, args.co_quan, args.vao)
    for imp in report.imported:
        where = imp.written.relative_to(project.root) if imp.written else imp.key
        doc_type = doctypes.get(imp.meta.loai)
        title = imp.meta.ten_loai or (doc_type.ten_loai or doc_type.ten if doc_type else None)
        print(f"Đã nhập {imp.source.name} → {where} ({(title or imp.meta.loai or 'chưa rõ loại').capitalize()}"
              f"{', ' + imp.meta.co_quan if imp.meta.co_quan else ''})")
        for line in imp.report:
            print(f"  - {line}")
        if imp.problems:
            print("  Cần sửa trước khi tạo văn bản:")
            for d in imp.problems:
                print(f"    {d.message}" + (f" (dòng {d.line})" if d.line else ""))
    for line in report.skipped:
        print(f"Bỏ qua {line}")
    for d in report.errors:
        print(str(d), file=sys.stderr)
    if report.errors:
        return EXIT_BAD_INPUT
    if not report.imported:
        return EXIT_OK if report.skipped else EXIT_BAD_INPUT
    return EXIT_FINDINGS if report.needs_attention else EXIT_OK
