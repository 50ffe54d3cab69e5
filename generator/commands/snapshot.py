"""`vanban snapshot HỒ_SƠ -m "Dự thảo lần 2"`: freeze the source and its outputs as a numbered version."""

from __future__ import annotations

import argparse
import sys

from generator.build import build_records
from generator.format.config import Project
from generator.model.errors import EXIT_OK
from generator.model.vietnamese import parse_vn_date
from generator.records.issuing import snapshot
from generator.records.versions import key_of


def date_arg(text: str):
    try:
        date = parse_vn_date(text)
    except ValueError:
        date = None
    if date is None:
        raise argparse.ArgumentTypeError(f"ngày \"{text}\" không hợp lệ; viết NNNN-TT-NN, ví dụ 2026-03-05")
    return date


def user_arg(parser) -> None:
    parser.add_argument("--nguoi", metavar="TÊN", help="người thực hiện (mặc định: tên đăng nhập máy)")


def register(sub) -> None:
    p = sub.add_parser("snapshot", help="lưu một phiên bản dự thảo (chỉ đọc)",
                       description="Lưu nguồn hiện tại của hồ sơ và các bản đã tạo từ nó (out/<hồ sơ>.docx, .pdf) "
                                   "thành phiên bản có số thứ tự trong records/<hồ sơ>/phien-ban/<n>/, kèm thời gian, "
                                   "người lưu, ghi chú và mã SHA-256 của từng tệp. Phiên bản không được sửa: "
                                   "vanban verify và vanban history phát hiện mọi thay đổi.")
    p.add_argument("ho_so", metavar="HỒ_SƠ", help="mã hồ sơ (tên thư mục trong records/) hoặc đường dẫn tới nó")
    p.add_argument("-m", "--ghi-chu", required=True, metavar="GHI_CHÚ", help="tên phiên bản, ví dụ \"Dự thảo lần 2\"")
    user_arg(p)
    p.set_defaults(func=run)


def build_folder(project: Project, folder):
    """The build step of a snapshot: the record's .docx from its current source."""
    return build_records(project, keys=None, paths=[folder], progress=False)


def run(args) -> int:
    project = Project(args.thu_muc)
    version, notes = snapshot(project, key_of(args.ho_so), args.ghi_chu, build_folder, args.nguoi)
    for note in notes:
        print(f"lưu ý: {note}", file=sys.stderr)
    files = ", ".join(sorted(version.files))
    print(f"Đã lưu phiên bản {version.number} của {version.key}: \"{version.message}\" ({files}).")
    return EXIT_OK
