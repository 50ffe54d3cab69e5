"""`vanban watch [--pdf] [--site] [--polling GIÂY]`: rebuild what a saved file affects, and take in what is
saved into the inbox (generator/inbox.py), until Ctrl+C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from generator.format.config import Project
from generator.model.errors import EXIT_BAD_INPUT, EXIT_OK


def positive_seconds(value: str) -> float:
    """argparse type for a number of seconds (also `vanban serve --polling`)."""
    try:
        seconds = float(value.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"\"{value}\" không phải số giây") from None
    if seconds <= 0:
        raise argparse.ArgumentTypeError("số giây phải lớn hơn 0")
    return seconds


def register(sub) -> None:
    p = sub.add_parser("watch", help="theo dõi thư mục, tự tạo lại văn bản khi lưu hồ sơ",
                       description="Theo dõi records/, templates/ và tệp cấu hình văn phòng; mỗi lần lưu, "
                                   "chỉ tạo lại những văn bản bị ảnh hưởng: hồ sơ vừa sửa và các văn bản kèm theo, "
                                   "trả lời hoặc trích dẫn nó; mẫu Word → các văn bản loại đó; cấu hình hoặc thể "
                                   "thức → tất cả. Tệp Word, PDF, .txt lưu vào hộp thư hop-thu/ (khóa hop_thu trong "
                                   "van-phong.yaml) được nhập thành hồ sơ, tạo bản đúng thể thức và báo cáo "
                                   "out/<hồ sơ>.bao-cao.txt. Nhấn Ctrl+C để dừng.")
    p.add_argument("--pdf", action="store_true", help="tạo lại cả PDF (cần LibreOffice)")
    p.add_argument("--site", action="store_true", help="tạo lại cả trang nội bộ")
    p.add_argument("--polling", type=positive_seconds, metavar="GIÂY",
                   help="thăm dò thư mục mỗi GIÂY giây thay vì chờ sự kiện (dùng cho thư mục chia sẻ "
                        "qua mạng, SMB, nơi không có sự kiện thay đổi); nên đặt 5–30")
    p.set_defaults(func=run)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def stop_cleanly_on_sigterm() -> None:
    """A service manager's SIGTERM stops like Ctrl+C does (also `vanban serve`)."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _interrupt)


def run(args) -> int:
    from generator.watch import Watcher

    project = Project(args.thu_muc)
    if not project.records_dir.is_dir():
        print(f"lỗi: không có thư mục hồ sơ {project.records_dir}", file=sys.stderr, flush=True)
        return EXIT_BAD_INPUT
    watcher = Watcher(project, pdf=args.pdf, site=args.site, polling=args.polling)
    stop_cleanly_on_sigterm()
    try:
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    print("Đã dừng theo dõi.", flush=True)
    return EXIT_OK
