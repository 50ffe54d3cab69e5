"""Party documents from 27/5/2026 follow Hướng dẫn 05-HD/VPTW (HD 05); earlier ones Hướng dẫn 36-HD/VPTW.

The same records are built twice, dated 2026-06-01 (HD 05) and 2026-05-01 (HD 36), and the Word files are
read back with python-docx. Expected values are written from the guideline text
(/work/shared/reference/hd-05-2026.md and HD 05 Phần II, Phụ lục 2 = "PL2"), not from the profile data.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from docx_facts import find, is_bold, is_italic, open_doc, para_prop, paragraphs, size_pt, texts

QD = """---
loai: quyet-dinh
co_quan: btv-tinh-uy
so: 7
ngay: {ngay}
trang_thai: ban-hanh
trich_yeu: về việc thành lập Tổ công tác
can_cu:
  - Căn cứ Điều lệ Đảng Cộng sản Việt Nam
  - Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh
noi_nhan:
  - Ban Bí thư Trung ương Đảng (b/c)
  - Các đồng chí Tỉnh ủy viên
pham_vi_luu_hanh: tài liệu hội nghị
nguoi_soan: NguyenVanAn
so_ban: 26
---

Điều 1. Thành lập Tổ công tác.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""

CV = """---
loai: cong-van
co_quan: dang-uy-xa-thuan-an
so: 3
ngay: {ngay}
trang_thai: ban-hanh
trich_yeu: về việc báo cáo số liệu
kinh_gui:
  - Ban Tổ chức Tỉnh ủy
  - Văn phòng Tỉnh ủy
noi_nhan:
  - Thường trực Đảng ủy
  - Như trên
---

Đề nghị các đồng chí báo cáo số liệu trước ngày 15.
"""

TTR = """---
loai: to-trinh
co_quan: dang-uy-xa-thuan-an
trang_thai: du-thao
du_thao: Dự thảo lần 2
{ngay}trich_yeu: về việc đề nghị phê duyệt kế hoạch
kinh_gui:
  - Ban Thường vụ Huyện ủy
noi_nhan:
  - Như trên
---

Đảng ủy xã kính trình.
"""

QDI = """---
loai: quy-dinh
co_quan: btv-tinh-uy
so: 2
ngay: {ngay}
trang_thai: ban-hanh
trich_yeu: về chế độ làm việc
nguoi_ky: pbt-tinh-uy
noi_nhan: [Các đảng bộ trực thuộc]
---

Điều 1. Phạm vi.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import copy_project, run_vanban
    root = copy_project(tmp_path_factory.mktemp("hd05") / "du-an")
    for name, text, new, old in (("qd", QD, "ngay: 2026-06-01", "ngay: 2026-05-01"),
                                 ("cv", CV, "ngay: 2026-06-01", "ngay: 2026-05-01"),
                                 ("qdi", QDI, "ngay: 2026-06-01", "ngay: 2026-05-01")):
        for suffix, date in (("05", "2026-06-01"), ("36", "2026-05-01")):
            folder = root / "records" / f"t-{name}-{suffix}"
            folder.mkdir()
            (folder / "van-ban.md").write_text(text.format(ngay=date), encoding="utf-8")
    # A draft has no date: the rule in force on the day it is built (today, after 27/5/2026 → HD 05),
    # unless pinned (phien_ban_dang: HD36-2018).
    for suffix, line in (("05", ""), ("36", "phien_ban_dang: HD36-2018\n")):
        folder = root / "records" / f"t-ttr-{suffix}"
        folder.mkdir()
        (folder / "van-ban.md").write_text(TTR.format(ngay=line), encoding="utf-8")
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def doc(root, key):
    return open_doc(root / "out" / f"{key}.docx")


def test_profile_follows_the_date():
    from generator.format.profiles import select_profile
    assert select_profile("dang", dt.date(2026, 6, 1)).version == "HD05-2026"
    assert select_profile("dang", dt.date(2026, 5, 27)).version == "HD05-2026"     # HD 05 dated 27/5/2026
    assert select_profile("dang", dt.date(2026, 5, 26)).version == "HD36-2018"
    assert select_profile("dang", dt.date(2026, 6, 1), pin="HD36-2018").version == "HD36-2018"
    assert select_profile("nha-nuoc", dt.date(2026, 6, 1)).version == select_profile("nha-nuoc").version


def test_office_pin_applies_to_every_party_body(tmp_path):
    from generator.format.config import load_config, profile_for
    src = (__import__("pathlib").Path(__file__).parents[1] / "records" / "van-phong.yaml").read_text(encoding="utf-8")
    path = tmp_path / "van-phong.yaml"
    src = src.replace("phien_ban_dang: tu-dong\n", "")
    path.write_text("phien_ban_dang: HD36-2018\n" + src, encoding="utf-8")
    config = load_config(path)
    assert config.body("btv-tinh-uy").profile_on(dt.date(2026, 6, 1)).version == "HD36-2018"
    assert config.body("ubnd-xa-thuan-an").profile.key == "nha-nuoc"      # the pin is the Party's only
    path.write_text("phien_ban_dang: HD99\n" + src, encoding="utf-8")
    with pytest.raises(Exception, match="HD36-2018"):
        load_config(path)
    path.write_text("phien_ban_dang: HD36-2018\n" + src, encoding="utf-8")
    config = load_config(path)
    assert profile_for(config.body("btv-tinh-uy"), None, dt.date(2026, 6, 1)).version == "HD36-2018"


def test_can_cu_dash_semicolon_last_full_stop(built):
    # HD 05 Phần II I.6.2.3: "- " before each căn cứ, ";" after each, the last ends with "."
    lines = texts(doc(built, "t-qd-05"))
    assert "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in lines
    assert "- Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh." in lines
    # HD 36 (I.1.6): the last căn cứ ends with ","
    assert "- Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh," in texts(doc(built, "t-qd-36"))


def test_noi_nhan_semicolons_and_archive_full_stop(built):
    # HD 05 Phần II I.9.2.5: each recipient ends with ";", the archive line with "."
    lines = texts(doc(built, "t-qd-05"))
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 4] == ["- Ban Bí thư Trung ương Đảng (b/c);", "- Các đồng chí Tỉnh ủy viên;",
                                          "- Lưu Văn phòng Tỉnh ủy."]
    old = texts(doc(built, "t-qd-36"))
    assert "- Ban Bí thư Trung ương Đảng (b/c)," in old        # HD 36: ","


def test_body_line_spacing_exactly_and_paragraph_spacing(built):
    # HD 05 Phần II I.6.2.2: line spacing 18–22 pt "(Exactly)", at least 6 pt between paragraphs
    d = doc(built, "t-qd-05")
    p = find(d, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    assert para_prop(p, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY
    assert Pt(18) <= para_prop(p, "line_spacing") <= Pt(22)
    assert para_prop(p, "space_after") >= Pt(6)
    old = find(doc(built, "t-qd-36"), "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    assert para_prop(old, "line_spacing_rule") == WD_LINE_SPACING.AT_LEAST      # HD 36 profile: at least


def test_cong_van_kinh_gui_semicolons_and_nhu_tren_first(built):
    d = doc(built, "t-cv-05")
    lines = texts(d)
    # HD 05 Phần II I.9.2.3, I.9.2.5, PL2 r9: "Kính gửi:" 14 italic, centred; names "- …;" each, the last too
    label = find(d, "Kính gửi:")
    assert is_italic(label) and size_pt(label) == 14
    i = lines.index("Kính gửi:")
    assert lines[i + 1:i + 3] == ["- Ban Tổ chức Tỉnh ủy;", "- Văn phòng Tỉnh ủy;"]
    name = find(d, "- Ban Tổ chức Tỉnh ủy;")
    assert not is_italic(name) and 14 <= size_pt(name) <= 15                    # PL2 r9: names upright 14–15
    # HD 05 Phần II I.9.2.3: "Như trên" is the first line of Nơi nhận
    start = lines.index("Nơi nhận:")
    assert lines[start + 1] == "- Như trên;" and lines[start + 2] == "- Thường trực Đảng ủy;"
    old = texts(doc(built, "t-cv-36"))
    assert "- Văn phòng Tỉnh ủy." in old                                         # HD 36: last Kính gửi "."


def test_to_trinh_kinh_trinh_and_draft_mark_under_the_number(built):
    d = doc(built, "t-ttr-05")
    lines = texts(d)
    # HD 05 Phần II I.9.2.4: a tờ trình says "Kính trình:"
    assert "Kính trình: Ban Thường vụ Huyện ủy;" in lines
    # HD 05 Phần II II.4.2, PL2 r12: "Dự thảo lần N" 14 italic, normal case, under the số ký hiệu
    mark = find(d, "Dự thảo lần 2")
    assert is_italic(mark) and not is_bold(mark) and size_pt(mark) == 14
    number = next(p for p in paragraphs(d) if p.text.startswith("Số"))
    assert number._p.getparent() is mark._p.getparent()                      # same header cell (left column)
    assert lines.index(number.text.strip()) + 1 == lines.index("Dự thảo lần 2")
    # HD 36 profile: the mark above the header, before ĐẢNG CỘNG SẢN VIỆT NAM
    old = texts(doc(built, "t-ttr-36"))
    assert old.index("Dự thảo lần 2") < old.index("ĐẢNG CỘNG SẢN VIỆT NAM")


def test_circulation_note_top_right_bold_caps(built):
    # HD 05 Phần II II.4.1, PL2 r12: "TÀI LIỆU HỘI NGHỊ" page 1 top right, 10 mm from the top, 12 pt bold caps
    d = doc(built, "t-qd-05")
    section = d.sections[0]
    note = section.first_page_header.paragraphs[0]
    assert note.text == "TÀI LIỆU HỘI NGHỊ" and section.different_first_page_header_footer
    assert is_bold(note) and size_pt(note) == 12
    assert str(para_prop(note, "alignment")).endswith("RIGHT (2)")
    assert abs(section.header_distance.mm - 10) < 0.1


def test_drafter_mark_and_copies_at_the_end_of_noi_nhan(built):
    # HD 05 Phần II II.5, PL2 r13: "NguyenVanAn-26", 11 pt, after the recipients
    d = doc(built, "t-qd-05")
    lines = texts(d)
    mark = find(d, "NguyenVanAn-26")
    assert size_pt(mark) == 11
    assert lines.index("NguyenVanAn-26") == lines.index("- Lưu Văn phòng Tỉnh ủy.") + 1


def test_page_number_14pt(built):
    # HD 05 Phần II IV.5.1, PL2 r15: page numbers 14 pt, top centre, not on page 1
    d = doc(built, "t-qd-05")
    header = d.sections[0].header.paragraphs[0]
    assert size_pt(header) == 14 and d.sections[0].different_first_page_header_footer


def test_quy_dinh_coded_qd(built):
    # HD 05 Phần II I.3.1.2.a: "Quyết định, Quy định: QĐ"
    assert "Số 02-QĐ/TU" in texts(doc(built, "t-qdi-05"))


def test_check_names_the_profile_used(built):
    from conftest import run_vanban
    result = run_vanban(built, "check", str(built / "out" / "t-qd-05.docx"), str(built / "out" / "t-qd-36.docx"))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert re.search(r"t-qd-05\.docx: đúng thể thức \(.*05-HD/VPTW", out)
    assert re.search(r"t-qd-36\.docx: đúng thể thức \(.*36-HD/VPTW", out)


def test_kiem_signature_and_titles_under_tm(tmp_path):
    from conftest import copy_project, run_vanban
    root = copy_project(tmp_path / "du-an")
    folder = root / "records" / "t-kiem"
    folder.mkdir()
    (folder / "van-ban.md").write_text(QD.format(ngay="2026-06-01").replace(
        "pham_vi_luu_hanh", "nguoi_ky:\n  hinh_thuc: tm\n  thay_mat: BAN THƯỜNG VỤ\n"
        "  chuc_vu: Bí thư kiêm Trưởng Ban Chỉ đạo\n  ho_ten: Bùi Thắng\npham_vi_luu_hanh"), encoding="utf-8")
    result = run_vanban(root, "build", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = texts(open_doc(root / "out" / "t-kiem.docx"))
    # HD 05 Phần II I.7.1.4.đ(ii): "BÍ THƯ" / "kiêm" / "TRƯỞNG BAN CHỈ ĐẠO", each on its own line
    i = lines.index("T/M BAN THƯỜNG VỤ")
    assert lines[i + 1:i + 4] == ["BÍ THƯ", "kiêm", "TRƯỞNG BAN CHỈ ĐẠO"]
    check = run_vanban(root, "check", str(root / "out" / "t-kiem.docx"), str(folder))
    assert check.returncode == 0, check.stdout + check.stderr
    # HD 05 Phần II I.7.1.2.b: under T/M only bí thư, phó bí thư, chủ nhiệm, chủ tịch (and deputies)
    (folder / "van-ban.md").write_text((folder / "van-ban.md").read_text(encoding="utf-8").replace(
        "Bí thư kiêm Trưởng Ban Chỉ đạo", "Ủy viên"), encoding="utf-8")
    lint = run_vanban(root, "check", str(folder))
    assert "cảnh báo" in lint.stdout and "I.7.1.2.b" in lint.stdout


@pytest.mark.parametrize("chuc_vu,warned", [
    ("Phó Bí thư Tỉnh ủy", "TỈNH ỦY"),          # HD 05 Phần II I.7.1.2: "như phó bí thư tỉnh uỷ" is the example of what not to write
    ("PHÓ BÍ THƯ TỈNH UỶ LÂM ĐỒNG", "TỈNH ỦY LÂM ĐỒNG"),   # either spelling of uỷ / ủy, with the place
    ("Phó Bí thư", None),
    ("Bí thư kiêm Trưởng Ban Chỉ đạo", None),   # I.7.1.4.đ: a "kiêm" title names both offices
])
def test_body_name_after_the_title_is_warned(tmp_path, chuc_vu, warned):
    from conftest import copy_project, run_vanban
    root = copy_project(tmp_path / "du-an")
    folder = root / "records" / "t-chuc-vu"
    folder.mkdir()
    (folder / "van-ban.md").write_text(QD.format(ngay="2026-06-01").replace(
        "pham_vi_luu_hanh", f"nguoi_ky:\n  hinh_thuc: tm\n  thay_mat: BAN THƯỜNG VỤ\n  chuc_vu: {chuc_vu}\n"
        "  ho_ten: Bùi Thắng\npham_vi_luu_hanh"), encoding="utf-8")
    lint = run_vanban(root, "check", str(folder))
    found = [line for line in lint.stdout.splitlines() if "I.7.1.2 chỉ ghi chức vụ" in line]
    if warned:
        assert len(found) == 1 and f"\"{warned}\"" in found[0] and "cảnh báo" in found[0], lint.stdout
        assert lint.returncode == 0                          # a warning, not an error
    else:
        assert not found, lint.stdout
