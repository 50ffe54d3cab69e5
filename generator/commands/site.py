"""`vanban site [--chi-trang] [--khong-nghiem]`: records → the internal site (docs-site/ → site/)."""

from __future__ import annotations

import sys

from generator.format.config import Project
from generator.model.errors import EXIT_BAD_INPUT, EXIT_OK


def register(sub) -> None:
    p = sub.add_parser("site", help="tạo trang thông tin nội bộ (site/) từ hồ sơ",
                       description="Viết các trang của trang nội bộ vào docs-site/ từ hồ sơ (văn bản MẬT, TỐI MẬT, "
                                   "TUYỆT MẬT không bao giờ được đưa lên), rồi dựng site/ bằng MkDocs theo "
                                   "mkdocs.yml. Mở site/index.html bằng trình duyệt, hoặc dùng `vanban serve`.")
    p.add_argument("--chi-trang", action="store_true",
                   help="chỉ viết các trang Markdown vào docs-site/, không dựng site/ (ví dụ để dựng bằng Zensical)")
    p.add_argument("--khong-nghiem", action="store_true",
                   help="không dừng khi MkDocs có cảnh báo (mặc định: có cảnh báo là lỗi, như mkdocs build --strict)")
    p.add_argument("--toan-bo", action="store_true",
                   help="dựng lại mọi trang (mặc định: chỉ các trang có thay đổi; không có gì đổi thì không dựng)")
    p.set_defaults(func=run)


def run(args) -> int:
    import time

    from generator.render.site.state import inputs_digest, unchanged

    started = time.perf_counter()
    project = Project(args.thu_muc)
    if not project.records_dir.is_dir():
        print(f"lỗi: không có thư mục hồ sơ {project.records_dir}", file=sys.stderr)
        return EXIT_BAD_INPUT
    # checked before MkDocs and the page writer are even imported: nothing changed answers at once
    digest = None if args.chi_trang or args.toan_bo else inputs_digest(project, strict=not args.khong_nghiem)
    state = unchanged(project, strict=not args.khong_nghiem, digest=digest) if digest else None
    if state is not None:
        print(f"Trang nội bộ không đổi: hồ sơ, cấu hình và tệp tải về giống lần dựng trước, site/ giữ nguyên "
              f"({state.get('public', 0)} văn bản; kiểm tra {time.perf_counter() - started:.2f} giây). "
              "Dùng --toan-bo để dựng lại tất cả.")
        return EXIT_OK

    from generator.render.site.builder import DOCS_DIR, build_site, generate
    report = generate(project) if args.chi_trang else build_site(project, strict=not args.khong_nghiem,
                                                                 full=args.toan_bo, digest=digest)
    if getattr(report, "unchanged", False):       # became unchanged while waiting for another build
        print(f"Trang nội bộ không đổi: site/ giữ nguyên ({report.pages} văn bản).")
        return EXIT_OK
    for d in report.warnings + report.errors:
        print(str(d), file=sys.stderr)
    hidden = f" ({report.hidden} văn bản mật hoặc kèm theo văn bản mật không đưa lên)" if report.hidden else ""
    line = (f"Trang nội bộ: {report.pages} văn bản{hidden}; {report.written} tệp ghi mới, {report.removed} tệp gỡ bỏ "
            f"trong {DOCS_DIR}/ ({report.markdown_seconds:.2f} giây)")
    if args.chi_trang:
        print(line + ".")
    else:
        how = (f"dựng lại {report.rendered} trang có thay đổi, giữ các trang khác" if report.incremental
               else f"dựng toàn bộ {report.rendered} trang")
        print(line + f"; site/: {how} ({report.build_seconds:.2f} giây). Mở site/index.html để xem.")
    if report.errors:
        print(f"{len({str(d.file) for d in report.errors})} hồ sơ có lỗi không được đưa lên trang.", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK
