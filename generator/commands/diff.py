"""`vanban diff RECORD [--tu V] [--den V]` and `vanban diff OLD NEW`: the bảng so sánh (.docx) and the
amending text ("Sửa đổi, bổ sung khoản 2 Điều 5 như sau: …") of two texts of a regulation.

Versions (vanban snapshot) live in records/<key>/phien-ban/<n>/; by default the latest version is
compared with the source being drafted. A version may also be given as the path of a source file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.atomic import write_text
from generator.format import doctypes
from generator.format.config import RECORD_FILE, OfficeConfig, Project
from generator.format.context import RecordIndex, citation_date
from generator.format.loading import load_records
from generator.format.record_parser import parse_record
from generator.model.errors import EXIT_OK, Diagnostic, VanbanError
from generator.model.model import Record
from generator.records.versions import VERSIONS_DIR, list_versions_in, record_folder
from generator.render.compare import amending_text, compare, summary
from generator.render.compare_docx import TitleBlock, write_table


def register(sub) -> None:
    p = sub.add_parser("diff", help="so sánh hai bản của văn bản: bảng so sánh và văn bản sửa đổi",
                       description="So sánh theo Điều, khoản, điểm hai bản của một văn bản (hai phiên bản của "
                                   "một hồ sơ, hoặc văn bản cũ và văn bản mới thay thế nó). Ghi bảng so sánh "
                                   "(Word, khổ A4 ngang) và in các khoản sửa đổi theo văn phong văn bản sửa đổi, "
                                   "đánh số theo văn bản hiện hành.")
    p.add_argument("ho_so", metavar="HỒ_SƠ", help="hồ sơ (tên thư mục trong records/, thư mục hoặc tệp van-ban.md); "
                                                  "khi có HỒ_SƠ_MỚI: văn bản hiện hành")
    p.add_argument("ho_so_moi", nargs="?", metavar="HỒ_SƠ_MỚI", help="văn bản mới (dự thảo thay thế HỒ_SƠ)")
    p.add_argument("--tu", metavar="PHIÊN_BẢN", help="bản cũ: số phiên bản hoặc đường dẫn tệp; mặc định: phiên bản "
                                                     "mới nhất")
    p.add_argument("--den", metavar="PHIÊN_BẢN", help="bản mới: số phiên bản hoặc đường dẫn tệp; mặc định: bản "
                                                      "đang soạn (van-ban.md)")
    p.add_argument("--ra", type=Path, metavar="TỆP.docx", help="nơi ghi bảng so sánh; mặc định: "
                                                                "out/<hồ sơ>-bang-so-sanh.docx")
    p.add_argument("--bo-giu-nguyen", action="store_true", help="không đưa các phần giữ nguyên vào bảng")
    p.add_argument("--van-ban-sua-doi", type=Path, metavar="TỆP.md",
                   help="ghi thêm các khoản sửa đổi vào tệp này (dán vào nội dung hồ sơ Quyết định sửa đổi)")
    p.set_defaults(func=run)


# ---- finding the two texts ------------------------------------------------------------------------

def record_source(project: Project, name: str) -> Path:
    """A record given as a key, a folder or a source file."""
    path = Path(name)
    if path.is_file():
        return path
    if path.is_dir() and (path / RECORD_FILE).exists():
        return path / RECORD_FILE
    if (record_folder(project, name) / RECORD_FILE).exists():
        return record_folder(project, name) / RECORD_FILE
    raise VanbanError(f"không tìm thấy hồ sơ \"{name}\" (tên thư mục trong {project.records_dir}, "
                      "thư mục hồ sơ hoặc tệp van-ban.md)")


def _versions(folder: Path) -> dict[int, tuple[Path, str]]:
    """Version number → (source, label) of a record folder."""
    return {v.number: (v.source, f"phiên bản {v.number}" + (f" ({v.message})" if v.message else ""))
            for v in list_versions_in(folder / VERSIONS_DIR)} if (folder / VERSIONS_DIR).is_dir() else {}


def _version(folder: Path, value: str | None, default: str) -> tuple[Path, str]:
    """--tu/--den: a version number or a file path; (source, label)."""
    versions = _versions(folder)
    if value is None:
        if default == "latest":
            if not versions:
                raise VanbanError(f"hồ sơ {folder.name} chưa có phiên bản nào trong {folder / VERSIONS_DIR}; "
                                  "hãy lưu một phiên bản (vanban snapshot) hoặc chỉ ra tệp bằng --tu TỆP")
            return versions[max(versions)]
        return folder / RECORD_FILE, "bản đang soạn"
    if value.isdigit():
        if int(value) not in versions:
            have = ", ".join(str(n) for n in sorted(versions)) or "chưa có phiên bản nào"
            raise VanbanError(f"hồ sơ {folder.name} không có phiên bản {value} ({have})")
        return versions[int(value)]
    path = Path(value)
    if path.is_dir():
        path = path / RECORD_FILE
    if not path.is_file():
        raise VanbanError(f"không tìm thấy phiên bản \"{value}\" (số phiên bản hoặc đường dẫn tệp van-ban.md)")
    return path, str(path)


def _type_name(record: Record) -> str:
    doc_type = doctypes.get(record.meta.loai)
    name = (doc_type.ten_loai if doc_type and doc_type.ten_loai else record.meta.loai).lower()
    return name[:1].upper() + name[1:]


def _issued_with(record: Record, config: OfficeConfig, project: Project) -> str:
    """"Quyết định số 230-QĐ/TU, ngày 03/11/2025 của Ban Thường vụ Tỉnh ủy" — what issued an attached text."""
    target = record.meta.quan_he.kem_theo
    if not target or record.meta.trang_thai != "ban-hanh":     # a draft was not issued with anything yet
        return ""
    records, _errors, _failed = load_records(project, config)
    index = RecordIndex(records, config)
    issuer = index.resolve(target)
    if issuer is None:
        return ""
    body = config.body(issuer.meta.co_quan)
    parts = [f"{_type_name(issuer)} số {index.symbol_of(issuer)}" if index.symbol_of(issuer) else _type_name(issuer)]
    if issuer.meta.ngay and body is not None:
        parts.append(f"ngày {citation_date(issuer.meta.ngay, body.profile)}")
    text = ", ".join(parts)
    if body is not None and body.ten_goi:
        text += f" của {body.ten_goi}"
    return text


def _label(record: Record, fallback: str) -> str:
    if record.meta.du_thao:
        return record.meta.du_thao
    if record.meta.trang_thai == "ban-hanh":
        return f"{_type_name(record)} hiện hành"
    return fallback[:1].upper() + fallback[1:]


# ---- the command ------------------------------------------------------------------------------------

def run(args) -> int:
    project = Project(args.thu_muc)
    config = project.config()
    if args.ho_so_moi:
        if args.tu or args.den:
            raise VanbanError("--tu/--den chỉ dùng khi so sánh các phiên bản của một hồ sơ (một HỒ_SƠ)")
        old_path, new_path = record_source(project, args.ho_so), record_source(project, args.ho_so_moi)
        old_key, new_key = old_path.parent.name, new_path.parent.name
        old_label = new_label = ""
    else:
        folder = record_source(project, args.ho_so).parent
        old_path, old_label = _version(folder, args.tu, "latest")
        new_path, new_label = _version(folder, args.den, "working")
        old_key = new_key = folder.name
    old = parse_record(old_path, config, key=old_key)
    new = parse_record(new_path, config, key=new_key)
    for w in old.warnings + new.warnings:
        print(str(w), file=sys.stderr)

    comparison = compare(old, new)
    for anchor in comparison.unused_notes:
        print(str(Diagnostic(f"ghi chú \"{anchor}\" (ghi_chu) không ứng với phần nào được so sánh; kiểm tra lại "
                             "neo (ví dụ dieu-5, dieu-5-khoan-2)", new.path, new.line_of("ghi_chu"), "canh-bao")),
              file=sys.stderr)
    body = config.body(new.meta.co_quan) or config.body(old.meta.co_quan)
    if body is None:
        raise VanbanError(f"cơ quan ban hành \"{new.meta.co_quan}\" không có trong cấu hình", new.path,
                          new.line_of("co_quan"))
    issued_with = _issued_with(old, config, project)
    name = f"{_type_name(old)} {old.meta.trich_yeu}".strip()
    title = TitleBlock(subtitle=f"{_label(new, new_label or 'Dự thảo')} với {_label(old, old_label or 'bản hiện hành')}",
                       lines=[name],
                       source=f"({_type_name(old)} ban hành kèm theo {issued_with})" if issued_with else "")
    target = args.ra or project.output_for(f"{new_key}-bang-so-sanh")
    write_table(target, comparison, body.profile, title, include_unchanged=not args.bo_giu_nguyen,
                author=body.ten_goi or body.ten)
    document = name + (f" ban hành kèm theo {issued_with}" if issued_with else "")
    text = amending_text(comparison, document) if comparison.changes() else ""
    if args.van_ban_sua_doi:
        write_text(args.van_ban_sua_doi, text)
    if text:
        print(text, end="")
    print(f"So sánh {old_path} với {new_path}: {summary(comparison)}.", file=sys.stderr)
    print(f"Đã ghi bảng so sánh: {target}", file=sys.stderr)
    if args.van_ban_sua_doi:
        print(f"Đã ghi văn bản sửa đổi: {args.van_ban_sua_doi}", file=sys.stderr)
    return EXIT_OK
