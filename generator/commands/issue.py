"""`vanban issue HỒ_SƠ [--ngay NNNN-TT-NN]`: ban hành — number, date, final .docx/.pdf, register row."""

from __future__ import annotations

import sys

from generator.commands.snapshot import date_arg, user_arg
from generator.format.config import Project
from generator.model.errors import EXIT_OK
from generator.records.issuing import issue
from generator.records.versions import key_of


def register(sub) -> None:
    p = sub.add_parser("issue", help="ban hành văn bản: cấp số, ngày, ghi sổ đăng ký",
                       description="Ban hành một dự thảo: cấp số tiếp theo của đúng loạt số (văn bản Đảng: theo loại, "
                                   "theo nhiệm kỳ cấp ủy; văn bản Nhà nước: theo loại, theo năm, văn bản mật loạt riêng), "
                                   "ghi số và ngày vào hồ sơ, tạo bản Word (và PDF nếu có LibreOffice) cuối cùng, lưu "
                                   "thành phiên bản ban hành và ghi một dòng vào sổ đăng ký văn bản đi kèm mã SHA-256. "
                                   "Văn bản kèm theo (quan_he.kem_theo) được ban hành cùng.")
    p.add_argument("ho_so", metavar="HỒ_SƠ", help="mã hồ sơ (tên thư mục trong records/) hoặc đường dẫn tới nó")
    p.add_argument("--ngay", type=date_arg, help="ngày ban hành NNNN-TT-NN (mặc định: hôm nay)")
    p.add_argument("--so", type=int, metavar="SỐ", help="dùng một số đã giữ trước (vanban giu-so)")
    p.add_argument("--so-ban", type=int, metavar="N", help="số lượng bản phát hành (mặc định: đếm theo nơi nhận)")
    p.add_argument("--ghi-chu", default="", help="ghi chú vào sổ đăng ký")
    p.add_argument("--khong-pdf", action="store_true", help="không tạo PDF")
    user_arg(p)
    p.set_defaults(func=run)


def run(args) -> int:
    project = Project(args.thu_muc)
    done = issue(project, key_of(args.ho_so), date=args.ngay, user=args.nguoi, pdf=not args.khong_pdf,
                 number=args.so, n_copies=args.so_ban, note=args.ghi_chu)
    for w in done.warnings:
        print(str(w), file=sys.stderr)
    for note in done.notes:
        print(f"lưu ý: {note}", file=sys.stderr)
    what = f"số {done.so_ky_hieu}" if done.so_ky_hieu else "(loại văn bản không đánh số)"
    print(f"Đã ban hành {done.key}: {what}, ngày {done.date:%d/%m/%Y}; phiên bản {done.version.number} "
          f"({', '.join(n for n in done.version.files if n != 'van-ban.md')}).")
    for v in done.attachments:
        print(f"  kèm theo: {v.key}, phiên bản {v.number}.")
    if done.row is not None:
        print(f"Sổ đăng ký: dòng {done.row.stt}.")
    return EXIT_OK
