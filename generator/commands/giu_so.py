"""`vanban giu-so [HỒ_SƠ]`: reserve the next number of a series (a row in the register)."""

from __future__ import annotations

import datetime as dt

from generator.commands.snapshot import date_arg, user_arg
from generator.format.config import Project
from generator.model.errors import EXIT_OK, VanbanError
from generator.records.issuing import load_with, reserve
from generator.records.versions import key_of


def register(sub) -> None:
    p = sub.add_parser("giu-so", help="giữ trước một số văn bản (ghi vào sổ đăng ký)",
                       description="Giữ số tiếp theo của một loạt số cho văn bản sẽ ban hành sau. Chỉ ra hồ sơ (lấy cơ "
                                   "quan, loại, độ mật từ hồ sơ; khi ban hành hồ sơ đó dùng đúng số đã giữ), hoặc "
                                   "--co-quan và --loai. Số đã giữ không bị cấp cho văn bản khác; không dùng thì hủy "
                                   "bằng vanban huy-so.")
    p.add_argument("ho_so", nargs="?", metavar="HỒ_SƠ", help="hồ sơ sẽ dùng số này")
    p.add_argument("--co-quan", help="mã cơ quan ban hành (khi không chỉ hồ sơ)")
    p.add_argument("--loai", help="loại văn bản (khi không chỉ hồ sơ)")
    p.add_argument("--mat", action="store_true", help="văn bản mật (văn bản Nhà nước: loạt số riêng)")
    p.add_argument("--ngay", type=date_arg, help="ngày dự kiến ban hành (mặc định: hôm nay), quyết định năm / nhiệm kỳ")
    p.add_argument("--ghi-chu", default="", help="giữ cho việc gì")
    user_arg(p)
    p.set_defaults(func=run)


def run(args) -> int:
    project = Project(args.thu_muc)
    key, co_quan, loai, mat = "", args.co_quan, args.loai, "MẬT" if args.mat else None
    if args.ho_so:
        key = key_of(args.ho_so)
        _, record = load_with(project, project.config(), key)
        meta = record.meta
        co_quan, loai, mat = co_quan or meta.co_quan, loai or meta.loai, mat or meta.do_mat
    if not co_quan or not loai:
        raise VanbanError("chỉ ra hồ sơ, hoặc cả --co-quan và --loai")
    row = reserve(project, co_quan, loai, args.ngay or dt.date.today(), mat, key, args.ghi_chu, args.nguoi)
    print(f"Đã giữ số {row.so_ky_hieu}" + (f" cho hồ sơ {key}" if key else "") + f" (sổ đăng ký dòng {row.stt}).")
    return EXIT_OK
