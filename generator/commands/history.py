"""`vanban history HỒ_SƠ`: status, versions (with an integrity check) and the audit trail of a record."""

from __future__ import annotations

import datetime as dt

from generator.format.config import Project
from generator.model.errors import EXIT_FINDINGS, EXIT_OK, VanbanError
from generator.records import audit
from generator.records.relations import KIND_LABELS, load_resolver
from generator.records.versions import Finding, check_frozen, issued_version, key_of, list_versions, record_folder
from generator.records.versions import KIND_LABELS as VERSION_KINDS


def register(sub) -> None:
    p = sub.add_parser("history", help="lịch sử hồ sơ: trạng thái, các phiên bản, nhật ký",
                       description="Hiện trạng thái của hồ sơ (dự thảo, đã ban hành, bị thay thế …), các phiên bản đã "
                                   "lưu (kiểm tra từng tệp còn nguyên vẹn) và nhật ký thao tác. Trả về 1 nếu có tệp "
                                   "của phiên bản bị sửa.")
    p.add_argument("ho_so", metavar="HỒ_SƠ", help="mã hồ sơ (tên thư mục trong records/) hoặc đường dẫn tới nó")
    p.set_defaults(func=run)


def when(stamp: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(stamp):%d/%m/%Y %H:%M}"
    except ValueError:
        return stamp


def run(args) -> int:
    project = Project(args.thu_muc)
    key = key_of(args.ho_so)
    versions = list_versions(project, key)
    events = audit.events_for(project, key)
    source = record_folder(project, key) / "van-ban.md"
    if not source.exists() and not versions and not events:
        raise VanbanError(f"không có hồ sơ \"{key}\" (thư mục records/{key}/)")
    findings: list[Finding] = []
    resolver = load_resolver(project)
    record = resolver.records.get(key)
    print(f"Hồ sơ: {key}" + (f" — {record.meta.trich_yeu}" if record else ""))
    if record is not None:
        status = resolver.status(key)
        sym = resolver.symbol(record)
        issued = f" — số {sym}" if sym else ""
        issued += f", ngày {record.meta.ngay:%d/%m/%Y}" if record.meta.ngay and record.meta.trang_thai != "du-thao" else ""
        print(f"Trạng thái: {status.label}{issued}")
        for link in resolver.links(record):
            target = resolver.name(link.target) if link.target else f"{link.target_text} (ngoài hệ thống)"
            print(f"  {KIND_LABELS[link.kind]}: {target}")
        for link in resolver.incoming(key):
            print(f"  được {KIND_LABELS[link.kind]} bởi: {resolver.name(link.source)}")
    elif source.exists():
        print("Trạng thái: không đọc được hồ sơ (chạy vanban build để xem lỗi)")
    else:
        print("Trạng thái: tệp nguồn đã bị xóa; chỉ còn các phiên bản lưu")
    if record is not None and issued_version(project, key) is not None:
        try:
            check_frozen(project, record)
        except VanbanError as exc:
            findings.append(Finding("sua", source, "nguồn của văn bản đã ban hành"))
            print(str(exc))

    print("\nPhiên bản:" if versions else "\nPhiên bản: chưa có (lưu bằng: vanban snapshot HỒ_SƠ -m \"Dự thảo lần 1\")")
    for v in versions:
        problems = v.check()
        findings += problems
        state = "nguyên vẹn" if not problems else "; ".join(
            f"{Finding.LABELS[f.kind].upper()}: {f.path.name}" for f in problems)
        files = ", ".join(sorted(v.files))
        print(f"  {v.number:>3}  {when(v.time)}  {v.user}  {VERSION_KINDS.get(v.kind, v.kind)}  "
              f"\"{v.message}\"  [{files}]  {state}")

    print("\nNhật ký:" if events else "\nNhật ký: chưa có sự kiện nào")
    for e in events:
        print(f"  {when(e.thoi_gian)}  {e.nguoi}  {e.describe()}")
    return EXIT_FINDINGS if findings else EXIT_OK
