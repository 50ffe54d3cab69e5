"""`vanban huy-so SỐ --ly-do "…"`: void a reserved (or issued) number, with a reason (a row in the register)."""

from __future__ import annotations

from generator.commands.snapshot import user_arg
from generator.format.config import Project
from generator.model.errors import EXIT_OK
from generator.records.issuing import void


def register(sub) -> None:
    p = sub.add_parser("huy-so", help="hủy một số đã giữ hoặc đã cấp (ghi lý do vào sổ đăng ký)",
                       description="Hủy một số: ghi một dòng \"hủy số\" kèm lý do vào sổ đăng ký; số đó không bao giờ được "
                                   "cấp lại, sổ không có khoảng trống không giải thích.")
    p.add_argument("so", metavar="SỐ_KÝ_HIỆU", help="số ký hiệu trong sổ (ví dụ 05-QĐ/TU) hoặc mã hồ sơ đã giữ số")
    p.add_argument("--ly-do", required=True, help="lý do hủy số")
    p.add_argument("--loai", help="loại văn bản, khi số ký hiệu trùng ở hai loại (Quyết định và Quy định của Đảng)")
    user_arg(p)
    p.set_defaults(func=run)


def run(args) -> int:
    project = Project(args.thu_muc)
    row = void(project, args.so, args.ly_do, args.loai, args.nguoi)
    print(f"Đã hủy số {row.so_ky_hieu} (sổ đăng ký dòng {row.stt}): {args.ly_do}")
    return EXIT_OK
