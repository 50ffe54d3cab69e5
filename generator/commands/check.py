"""`vanban check [TỆP.docx|.doc | HỒ_SƠ | THƯ_MỤC …] [--profile auto|dang|nha-nuoc] [--json] [--nghiem]`.

Word files are checked against the thể thức (generator/check/checker.py); a Word 97 .doc is first
converted with LibreOffice. Records are linted (record_parser + generator/check/record_lint.py).
Without arguments: every record of the project. Each finding is a `lỗi` (a rule the guideline states,
broken) or a `cảnh báo` (an uncertain rule, or a deviation that does not change the page), and names
the guideline section it rests on (generator/check/rules.py).
Exit status: 0 no lỗi (warnings allowed; with --nghiem: nothing found), 1 lỗi found, 2 an input that
cannot be read (or bad usage).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.check.checker import PROFILE_KEYS, DocReport, check_docx
from generator.check.record_lint import lint_file, lint_project
from generator.format.config import RECORD_FILE, Project
from generator.format.profiles import load_profile
from generator.model.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, Diagnostic

WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc")


def register(sub) -> None:
    p = sub.add_parser("check", help="kiểm tra thể thức văn bản Word (.docx) và hồ sơ",
                       description="Kiểm tra thể thức của tệp Word bất kỳ (kể cả văn bản gõ tay trong Word) theo "
                                   "HD 05-HD/VPTW hoặc HD 36-HD/VPTW (Đảng, theo ngày văn bản) hoặc NĐ 30/2020/NĐ-CP (Nhà nước), và kiểm tra hồ sơ "
                                   "(van-ban.md). Không chỉ tệp nào: kiểm tra mọi hồ sơ trong records/. "
                                   "Mỗi phát hiện là “lỗi” (trái quy định đã ghi trong văn bản hướng dẫn) hoặc "
                                   "“cảnh báo” (quy định chưa chắc chắn, hoặc sai lệch không đổi cách trang hiện). "
                                   "Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp.")
    p.add_argument("duong_dan", nargs="*", type=Path, metavar="TỆP",
                   help="tệp .docx (hoặc .doc: chuyển bằng LibreOffice), tệp van-ban.md, thư mục hồ sơ hoặc thư mục chứa các tệp đó")
    p.add_argument("--profile", choices=("auto", *PROFILE_KEYS), default="auto",
                   help="thể thức để đối chiếu tệp Word: dang, nha-nuoc hoặc auto (mặc định: nhận theo dòng "
                        "“ĐẢNG CỘNG SẢN VIỆT NAM” hay quốc hiệu ở đầu trang)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (cho máy đọc)")
    p.add_argument("--nghiem", action="store_true",
                   help="mã thoát 1 cả khi chỉ có cảnh báo (mặc định: chỉ khi có lỗi)")
    p.set_defaults(func=run)


def _collect(paths: list[Path]) -> tuple[list[Path], list[Path], list[Path], list[str]]:
    """(word files, record files, record folders, problems with the arguments)."""
    docs, records, folders, problems = [], [], [], []
    for path in paths:
        if path.is_dir():
            found_docs = sorted(p for p in path.rglob("*") if p.suffix.lower() in WORD_SUFFIXES
                                and not p.name.startswith("~$"))
            found_records = sorted(path.rglob(RECORD_FILE))
            if not found_docs and not found_records:
                problems.append(f"{path}: thư mục không có tệp Word (.docx) hay hồ sơ ({RECORD_FILE}) nào")
            docs += found_docs
            if found_records:
                folders.append(path)
        elif not path.exists():
            problems.append(f"{path}: không tìm thấy tệp")
        elif path.suffix.lower() in WORD_SUFFIXES:
            docs.append(path)
        elif path.suffix.lower() == ".md":
            records.append(path)
        else:
            problems.append(f"{path}: không kiểm tra được loại tệp này (chỉ .docx hoặc hồ sơ {RECORD_FILE})")
    return docs, records, folders, problems


def _profile_words(report: DocReport) -> str:
    words = [report.profile_name or load_profile(report.profile)["ten"]] if report.profile else []
    return "; ".join(words + ([report.note] if report.note else []))


def run(args) -> int:
    project = Project(args.thu_muc)
    docs, record_files, folders, problems = _collect(args.duong_dan)
    diags: list[Diagnostic] = []
    if not args.duong_dan:
        diags = lint_project(project)
    else:
        in_project = [p for p in record_files + folders if _inside(p, project.records_dir)]
        outside = [p for p in record_files if not _inside(p, project.records_dir)]
        if in_project:
            diags += lint_project(project, in_project)
        for path in outside:
            diags += lint_file(path, project)
        for folder in folders:
            if not _inside(folder, project.records_dir):
                for path in sorted(folder.rglob(RECORD_FILE)):
                    diags += lint_file(path, project)
    reports = [check_docx(path, args.profile) for path in docs]
    unreadable = [r for r in reports if r.error]
    errors = [d for d in diags if d.severity == "loi"]
    doc_errors = sum(len(r.errors) for r in reports)
    doc_warnings = sum(len(r.warnings) for r in reports)
    findings = doc_errors + len(errors)
    if args.json:
        print(json.dumps({
            "van_ban": [r.as_json() for r in reports],
            "ho_so": [{"tep": str(d.file) if d.file else None, "dong": d.line, "muc_do": d.severity,
                       "thong_bao": d.message} for d in diags],
            "loi_tham_so": problems,
            "so_phat_hien": findings + doc_warnings,
            "so_loi": findings,
            "so_canh_bao": doc_warnings + len(diags) - len(errors),
        }, ensure_ascii=False, indent=1))
    else:
        for problem in problems:
            print(f"lỗi: {problem}", file=sys.stderr)
        for report in reports:
            if report.error:
                print(f"{report.path}: không đọc được: {report.error}", file=sys.stderr)
            elif report.findings:
                counts = [f"{len(report.errors)} lỗi"] + ([f"{len(report.warnings)} cảnh báo"] if report.warnings else [])
                print(f"{report.path} ({_profile_words(report)}): {', '.join(counts)} thể thức")
                for finding in report.findings:
                    print(f"  - {finding}")
            else:
                print(f"{report.path}: đúng thể thức ({_profile_words(report)})")
        for diag in diags:
            print(str(diag))
        checked = []
        if reports:
            checked.append(f"{len(reports)} văn bản Word")
        if diags or not args.duong_dan or record_files or folders:
            checked.append("hồ sơ")
        summary = f"Đã kiểm tra {' và '.join(checked) or 'không có gì'}: "
        summary += f"{findings} lỗi" if findings else "không có lỗi"
        if unreadable:
            summary += f", {len(unreadable)} tệp không đọc được"
        warnings = len(diags) - len(errors) + doc_warnings
        if warnings:
            summary += f", {warnings} cảnh báo"
        print(summary + ".")
    if problems or unreadable:
        return EXIT_BAD_INPUT
    if findings or (getattr(args, "nghiem", False) and doc_warnings + len(diags) - len(errors)):
        return EXIT_FINDINGS
    return EXIT_OK


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
