"""`vanban check` on records: the sample project is clean; each fault typed into a record is reported
with the file and line, in Vietnamese, and the exit status says so."""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
from pathlib import Path

from conftest import run_vanban
from generator.build import build_records
from generator.check.checker import check_docx
from generator.check.record_lint import lint_project
from generator.commands import new
from generator.format import doctypes
from generator.format.config import Project

QD = "qd-230-tu-2025"
SIGNER = "nguoi_ky: pbt-tinh-uy"

# (new record key, source record, old text, new text, words the one error must contain)
FAULTS = [
    ("ky-kt-cap-uy", QD, SIGNER, "nguoi_ky: {hinh_thuc: kt, thay_mat: BÍ THƯ, chuc_vu: PHÓ BÍ THƯ, ho_ten: Bùi Thắng}",
     ["K/T", "tham-muu"]),
    ("ky-tm-nha-nuoc", QD, SIGNER,
     "nguoi_ky: {hinh_thuc: tm, thay_mat: TM. BAN THƯỜNG VỤ, chuc_vu: PHÓ BÍ THƯ, ho_ten: Bùi Thắng}",
     ["TM.", "nhà nước"]),
    ("ky-tuq-dang", QD, SIGNER, "nguoi_ky: {hinh_thuc: tuq, thay_mat: BAN THƯỜNG VỤ, chuc_vu: CHÁNH VĂN PHÒNG, "
                                "ho_ten: Bùi Thắng}", ["tuq", "Đảng"]),
    ("can-cu-dau-cham", QD, "Việt Nam; Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương về thi "
                            "hành Điều lệ Đảng;",
     "Việt Nam; Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng.",
     ["căn cứ", "\";\""]),
    ("ngay-khong-co", QD, "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
     "Điều 3. Quyết định này có hiệu lực kể từ ngày 30/02/2026.", ["30/02/2026", "không có trong lịch"]),
    ("thieu-dieu", QD, "Điều 3. Quyết định", "Điều 4. Quyết định", ["Điều 4", "thiếu Điều 3"]),
    ("thieu-trich-yeu", QD, "trich_yeu: ban hành", "ghi_chu_trich_yeu: ban hành", ["trich_yeu"]),
    ("tra-loi-khong-co", "cv-phuc-dap-xac-minh-2026", "tra_loi: 15-CV/ĐU", "tra_loi: 99-CV/ĐU",
     ["99-CV/ĐU", "không tìm thấy"]),
    ("phuc-dap-khong-ghi", "cv-phuc-dap-xac-minh-2026", "quan_he:\n  tra_loi: 15-CV/ĐU\n", "",
     ["phúc đáp", "tra_loi"]),
]


def _variant(root: Path, key: str, source: str, old: str, new_text: str) -> Path:
    folder = root / "records" / key
    shutil.copytree(root / "records" / source, folder)
    path = folder / "van-ban.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, (source, old)
    path.write_text(text.replace(old, new_text, 1), encoding="utf-8")
    return path


def test_sample_records_are_clean(project_dir):
    result = run_vanban(project_dir, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "không có lỗi" in result.stdout


def test_each_record_fault_is_reported_once_with_file_and_line(project_dir):
    paths = {key: _variant(project_dir, key, source, old, new_text) for key, source, old, new_text, _ in FAULTS}
    diags = [d for d in lint_project(Project(project_dir)) if d.severity == "loi"]
    for key, _source, _old, _new, words in FAULTS:
        mine = [d for d in diags if d.file == paths[key]]
        assert len(mine) == 1, (key, [str(d) for d in mine])
        assert all(w in mine[0].message for w in words), str(mine[0])
        assert mine[0].line, str(mine[0])
    others = [d for d in diags if d.file not in paths.values()]
    assert others == [], [str(d) for d in others]
    result = run_vanban(project_dir, "check")
    assert result.returncode == 1
    assert f"{paths['thieu-dieu']}:" in result.stdout and "lỗi:" in result.stdout


def test_check_one_record_or_folder(project_dir):
    bad = _variant(project_dir, *FAULTS[0][:4])
    result = run_vanban(project_dir, "check", str(project_dir / "records" / QD / "van-ban.md"))
    assert result.returncode == 0, result.stdout
    result = run_vanban(project_dir, "check", str(bad.parent))
    assert result.returncode == 1 and str(bad) in result.stdout
    outside = project_dir.parent / "ngoai" / "van-ban.md"            # a record outside records/
    outside.parent.mkdir()
    shutil.copy(bad, outside)
    result = run_vanban(project_dir, "check", "--json", str(outside))
    assert result.returncode == 1 and "K/T" in result.stdout


def test_bad_arguments_exit_2(project_dir):
    (project_dir / "ghi-chu.txt").write_text("x", encoding="utf-8")
    result = run_vanban(project_dir, "check", str(project_dir / "khong-co.docx"), str(project_dir / "ghi-chu.txt"))
    assert result.returncode == 2 and "không tìm thấy" in result.stderr and "loại tệp" in result.stderr


def test_every_type_built_for_every_profile_passes_check(tmp_path):
    """What `vanban build` makes, for each document type scaffolded by `vanban new`, for a Party body,
    a State body and a chi bộ with a superior line, passes `vanban check` with no finding."""
    from conftest import copy_project
    root = copy_project(tmp_path / "du-an")
    with contextlib.redirect_stdout(io.StringIO()):
        for body in ("btv-tinh-uy", "ubnd-xa-thuan-an", "chi-bo-cong-an-xa-thuan-an"):
            for loai, doc_type in doctypes.doc_types().items():
                if not doc_type.soan_moi:          # a press article is imported, never drafted
                    continue
                if not doc_type.has("dang" if body != "ubnd-xa-thuan-an" else "nha-nuoc"):
                    continue      # refused by `vanban new` (tests/test_format_types.py)
                new.run(argparse.Namespace(thu_muc=root, loai=loai, ten=f"{loai}-{body}", co_quan=body,
                                           trich_yeu="thử nghiệm thể thức văn bản"))
                if doc_type.bo_cuc == "phu-luc":      # an annex builds once it names its document
                    source = root / "records" / f"{loai}-{body}" / "van-ban.md"
                    source.write_text(source.read_text(encoding="utf-8").replace(
                        "kem_theo: …", f"kem_theo: quyet-dinh-{body}"), encoding="utf-8")
    report = build_records(Project(root), progress=False)
    assert report.ok, [str(e) for e in report.errors]
    assert len(report.outputs) >= len(doctypes.doc_types()) + 7
    for key, path in sorted(report.outputs.items()):
        result = check_docx(path)
        assert result.error is None and [str(f) for f in result.findings] == [], key
