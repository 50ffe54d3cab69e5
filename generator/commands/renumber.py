"""`vanban renumber RECORD`: Chương, Điều, khoản, điểm in sequence; internal references follow."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.atomic import write_text
from generator.format.record_parser import parse_record_text
from generator.model.errors import EXIT_BAD_INPUT, EXIT_OK, VanbanError
from generator.model.references import renumber_text
from generator.model.text import read_source


def register(sub) -> None:
    p = sub.add_parser("renumber", help="đánh số lại Chương, Điều, khoản, điểm và cập nhật tham chiếu",
                       description="Viết lại nội dung hồ sơ để Chương, Điều, khoản, điểm chạy liên tục; "
                                   "các tham chiếu nội bộ (\"tại Điều 3 Quy chế này\", \"khoản 2 Điều 5\") "
                                   "được cập nhật theo số mới.")
    p.add_argument("ho_so", type=Path, metavar="HỒ_SƠ", help="thư mục hồ sơ hoặc tệp van-ban.md")
    p.add_argument("--xem-truoc", action="store_true", help="chỉ in các thay đổi, không ghi tệp")
    p.set_defaults(func=run)


def run(args) -> int:
    path = args.ho_so if args.ho_so.suffix == ".md" else args.ho_so / "van-ban.md"
    if not path.exists():
        raise VanbanError(f"không tìm thấy hồ sơ {path}")
    source = read_source(path)
    result = renumber_text(source, path)
    for w in result.warnings:
        print(str(w), file=sys.stderr)
    try:   # the rewritten body must be valid before it replaces the file
        parse_record_text(result.text, path)
    except VanbanError as exc:
        print("Sau khi đánh số lại, hồ sơ vẫn còn lỗi (chưa ghi tệp):", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    for change in result.changes:
        print(f"{path}: {change}")
    if not result.changes:
        print(f"{path}: số thứ tự đã đúng, không cần sửa.")
    elif not args.xem_truoc:
        write_text(path, result.text)
        print(f"Đã ghi {path} ({len(result.changes)} thay đổi).")
    return EXIT_OK
