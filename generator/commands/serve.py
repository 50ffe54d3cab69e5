"""`vanban serve [--dia-chi HOST:CỔNG] [--polling GIÂY]`: the internal site on localhost, live."""

from __future__ import annotations

import sys

from generator.commands.watch import positive_seconds, stop_cleanly_on_sigterm
from generator.format.config import Project
from generator.model.errors import EXIT_BAD_INPUT


def register(sub) -> None:
    p = sub.add_parser("serve", help="xem trang nội bộ trên máy (tự cập nhật khi sửa hồ sơ)",
                       description="Tạo các trang của trang nội bộ rồi phục vụ trên máy này (mặc định "
                                   "http://127.0.0.1:8000/). Mỗi lần lưu hồ sơ, cấu hình văn phòng, mẫu hoặc khi "
                                   "out/ có tệp Word/PDF mới, các trang được tạo lại và trình duyệt tự tải lại. "
                                   "Nhấn Ctrl+C để dừng.")
    p.add_argument("--dia-chi", default="127.0.0.1:8000", metavar="HOST:CỔNG",
                   help="địa chỉ phục vụ; mặc định 127.0.0.1:8000 (chỉ máy này truy cập được)")
    p.add_argument("--polling", type=positive_seconds, metavar="GIÂY",
                   help="thăm dò thư mục mỗi GIÂY giây thay vì chờ sự kiện (thư mục chia sẻ qua mạng)")
    p.set_defaults(func=run)


def run(args) -> int:
    from generator.render.site.builder import serve

    project = Project(args.thu_muc)
    if not project.records_dir.is_dir():
        print(f"lỗi: không có thư mục hồ sơ {project.records_dir}", file=sys.stderr, flush=True)
        return EXIT_BAD_INPUT
    stop_cleanly_on_sigterm()
    code = serve(project, address=args.dia_chi, polling=args.polling)
    print("Đã dừng trang nội bộ.", flush=True)
    return code
