"""`vanban verify`: recompute every hash in the register and the versions; exit 1 when anything is off."""

from __future__ import annotations

from generator.format.config import Project
from generator.model.errors import EXIT_FINDINGS, EXIT_OK
from generator.records.verify import describe, verify_project


def register(sub) -> None:
    p = sub.add_parser("verify", help="kiểm tra tính toàn vẹn: sổ đăng ký, phiên bản, văn bản đã ban hành",
                       description="Tính lại mã SHA-256 của mọi tệp ghi trong sổ đăng ký và trong các phiên bản; liệt kê "
                                   "tệp bị sửa, bị mất hoặc được thêm vào, nguồn của văn bản đã ban hành bị sửa, dòng sổ "
                                   "hay nhật ký bị sửa, xóa. Trả về 1 nếu có sai khác.")
    p.set_defaults(func=run)


def run(args) -> int:
    project = Project(args.thu_muc)
    report = verify_project(project)
    lines = describe(report, project)
    if report.read_only:
        print("Thư mục hồ sơ chỉ cho đọc: kiểm tra mà không khóa sổ, không sửa gì.")
    for line in lines:
        print(line)
    if report.ok:
        print(f"Toàn vẹn: {report.files_checked} tệp, {report.versions_checked} phiên bản, "
              f"{report.rows_checked} dòng sổ đăng ký đều khớp.")
        return EXIT_OK
    print(f"Có {len(report.findings) + len(report.problems)} sai khác (đã kiểm tra {report.files_checked} tệp, "
          f"{report.versions_checked} phiên bản, {report.rows_checked} dòng sổ đăng ký).")
    return EXIT_FINDINGS
