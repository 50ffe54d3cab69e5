"""Own layouts (biên bản, giấy mời, giấy giới thiệu, giấy nghỉ phép, công điện), copies (`vanban sao`) and
the authority warning. Expected wording from ND 30 Phụ lục III (Mẫu 1.6–1.10, 3.1) and HD 05 Phần II
(I.7.1.4.e biên bản signatures; III and Phụ lục 3 copies)."""

from __future__ import annotations

import csv

import pytest

from docx_facts import find, is_bold, open_doc, size_pt, texts

GGT = """---
loai: giay-gioi-thieu
co_quan: ubnd-xa-thuan-an
so: 8
ngay: 2026-08-03
trang_thai: ban-hanh
nguoi: Nguyễn Văn Bình
chuc_vu_nguoi: Công chức Văn phòng - Thống kê
duoc_cu_den: Sở Nội vụ tỉnh Lâm Đồng
ve_viec: liên hệ công tác văn thư
gia_tri_den: 31/8/2026
noi_nhan: [Như trên]
---
"""

GNP = """---
loai: giay-nghi-phep
co_quan: ubnd-xa-thuan-an
so: 5
ngay: 2026-08-03
trang_thai: ban-hanh
don_de_nghi: ngày 01/8/2026 của bà Trần Thị Lan
nguoi: Trần Thị Lan
chuc_vu_nguoi: Công chức Tư pháp - Hộ tịch
thoi_gian_nghi: trong thời gian 05 ngày, kể từ ngày 10/8/2026 đến hết ngày 14/8/2026
noi_nghi: thành phố Đà Lạt
tinh_vao: thời gian nghỉ phép năm 2026
noi_nhan: [Bà Trần Thị Lan]
---
"""

CD = """---
loai: cong-dien
co_quan: ubnd-xa-thuan-an
so: 2
ngay: 2026-08-10
trang_thai: ban-hanh
trich_yeu: về việc chủ động ứng phó với bão số 3
nguoi_dien: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ
kinh_gui: [Trưởng các thôn, bon, Công an xã]
noi_nhan: [Như trên]
---

Yêu cầu các đơn vị triển khai ngay các biện pháp phòng, chống bão.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import copy_project, run_vanban
    root = copy_project(tmp_path_factory.mktemp("layouts") / "du-an")
    for key, text in (("t-ggt", GGT), ("t-gnp", GNP), ("t-cd", CD)):
        (root / "records" / key).mkdir()
        (root / "records" / key / "van-ban.md").write_text(text, encoding="utf-8")
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_bien_ban_of_a_chi_bo(built):
    doc = open_doc(built / "out" / "bb-sinh-hoat-chi-bo-ca-xa-2026.docx")
    lines = texts(doc)
    assert "BIÊN BẢN" in lines and "Số 07-BB/CB" in lines
    order = ["Thời gian bắt đầu: 14 giờ 00, ngày 05 tháng 7 năm 2026", "Địa điểm: Hội trường Công an xã Thuận An",
             "Thành phần tham dự:", "Chủ trì: đồng chí Trần Minh Đức, Bí thư Chi bộ",
             "Thư ký (người ghi biên bản): đồng chí Lê Văn Nam, Chi ủy viên", "Nội dung:",
             "Biên bản kết thúc lúc 16 giờ 30 cùng ngày."]
    assert [lines.index(t) for t in order] == sorted(lines.index(t) for t in order)
    # HD 05 Phần II I.7.1.4.e(i), I.7.2.4: NGƯỜI GHI BIÊN BẢN left, CHỦ TRÌ HỘI NGHỊ right
    table = doc.tables[-1]
    assert "NGƯỜI GHI BIÊN BẢN" in table.cell(0, 0).text and "Lê Văn Nam" in table.cell(0, 0).text
    assert "CHỦ TRÌ HỘI NGHỊ" in table.cell(0, 1).text and "Trần Minh Đức" in table.cell(0, 1).text
    assert lines.index("Nơi nhận:") > lines.index("CHỦ TRÌ HỘI NGHỊ")       # recipients under the signatures


def test_giay_moi_of_a_ubnd(built):
    lines = texts(open_doc(built / "out" / "gm-ubnd-hoi-nghi-2026.docx"))
    assert "GIẤY MỜI" in lines and "Số: 45/GM-UBND" in lines                # ND 30 Mẫu 1.7
    assert "Ủy ban nhân dân xã Thuận An trân trọng kính mời: Trưởng các thôn, bon trên địa bàn xã" in lines
    assert any(t.startswith("Tới dự Hội nghị sơ kết") for t in lines)
    assert "Thời gian: 08 giờ 00, thứ Năm, ngày 23 tháng 7 năm 2026" in lines
    assert "Địa điểm: Hội trường Ủy ban nhân dân xã Thuận An" in lines


def test_giay_gioi_thieu_and_nghi_phep(built):
    lines = texts(open_doc(built / "out" / "t-ggt.docx"))                     # ND 30 Mẫu 1.8
    assert "GIẤY GIỚI THIỆU" in lines and "Số: 08/GGT-UBND" in lines
    assert lines.index("Ủy ban nhân dân xã Thuận An trân trọng giới thiệu:") < lines.index("Ông (bà): Nguyễn Văn Bình")
    assert "Được cử đến: Sở Nội vụ tỉnh Lâm Đồng" in lines and "Giấy này có giá trị đến hết ngày 31/8/2026./." in lines
    lines = texts(open_doc(built / "out" / "t-gnp.docx"))                     # ND 30 Mẫu 1.10
    assert "GIẤY NGHỈ PHÉP" in lines and "Xét Đơn đề nghị nghỉ phép ngày 01/8/2026 của bà Trần Thị Lan," in lines
    assert "Ủy ban nhân dân xã Thuận An cấp cho:" in lines
    assert "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm 2026./." in lines


def test_cong_dien(built):
    lines = texts(open_doc(built / "out" / "t-cd.docx"))                      # ND 30 Mẫu 1.6
    assert "CÔNG ĐIỆN" in lines and "Số: 02/CĐ-UBND" in lines
    i = lines.index("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ điện:")
    # the recipients end as ND 30's Kính gửi list does: ";" after each, "." after the last
    assert lines[i + 1:i + 4] == ["- Trưởng các thôn;", "- bon;", "- Công an xã."]


def test_layouts_pass_check(built):
    from generator.check.checker import check_docx
    for key in ("t-ggt", "t-gnp", "t-cd", "bb-sinh-hoat-chi-bo-ca-xa-2026", "gm-ubnd-hoi-nghi-2026"):
        report = check_docx(built / "out" / f"{key}.docx")
        assert report.error is None and [str(f) for f in report.findings] == [], key


def test_copies_numbered_and_registered(built):
    from conftest import run_vanban
    party = run_vanban(built, "sao", "nq-dang-uy-thuan-an-6-thang-2026", "--hinh-thuc", "sao-y", "--ngay",
                       "2026-07-15", "--noi-nhan", "Chi bộ Công an xã")
    assert party.returncode == 0, party.stderr
    again = run_vanban(built, "sao", "nq-dang-uy-thuan-an-6-thang-2026", "--hinh-thuc", "trich-sao", "--ngay",
                       "2026-07-16")
    state = run_vanban(built, "sao", "gm-ubnd-hoi-nghi-2026", "--hinh-thuc", "sao-luc", "--ngay", "2026-07-21")
    assert again.returncode == 0 and state.returncode == 0, again.stderr + state.stderr
    copies = built / "out" / "ban-sao"
    # HD 05 Phụ lục 3 mục 1.2(2): code BS, one series for every copy form per term
    doc = open_doc(copies / "nq-dang-uy-thuan-an-6-thang-2026-01-BS-ĐU.docx")
    stamp = find(doc, "BẢN SAO VĂN BẢN")
    assert is_bold(stamp, stamp.runs[0]) and size_pt(stamp, stamp.runs[0]) == 13     # Phụ lục 3 mục 1.1
    lines = texts(doc)
    assert "Số, ký hiệu bản sao: 01-BS/ĐU" in lines and "Hình thức sao: Sao y" in lines
    assert (copies / "nq-dang-uy-thuan-an-6-thang-2026-02-BS-ĐU.docx").exists()
    # ND 30 Điều 26, Phụ lục I Phần II: "SAO LỤC", "Số: 01/SL-UBND"
    lines = texts(open_doc(copies / "gm-ubnd-hoi-nghi-2026-01-SL-UBND.docx"))
    assert "SAO LỤC" in lines and "Số: 01/SL-UBND" in lines
    with (built / "records" / "so-dang-ky.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    symbols = [cell for row in rows for cell in row]
    assert {"01-BS/ĐU", "02-BS/ĐU", "01/SL-UBND"} <= set(symbols)
    verify = run_vanban(built, "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_authority_warning(built):
    from conftest import run_vanban
    folder = built / "records" / "qdi-chi-bo"
    folder.mkdir()
    (folder / "van-ban.md").write_text("---\nloai: quy-dinh\nco_quan: chi-bo-cong-an-xa-thuan-an\n"
                                       "trich_yeu: về sinh hoạt\n---\n\nĐiều 1. Phạm vi.\n", encoding="utf-8")
    result = run_vanban(built, "check", str(folder))
    assert result.returncode == 0
    assert "cảnh báo" in result.stdout and "không có thẩm quyền ban hành Quy định" in result.stdout
    folder.joinpath("van-ban.md").unlink()
    folder.rmdir()
