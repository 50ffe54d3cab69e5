"""`vanban diff` as an official runs it: the bảng so sánh .docx (A4 landscape, profile formats, three
columns, struck and bold words), the amending text, OLD NEW records, bad input; one table through LibreOffice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from pypdf import PdfReader

from compare_versions import snapshot_versions, version_1, version_2
from conftest import copy_project, run_vanban
from docx_facts import is_bold, is_italic, open_doc, size_pt
from generator.format.profiles import load_profile
from generator.model.body_parser import parse_body
from generator.render.compare_docx import CELL_STYLE, HEADER_STYLE
from generator.render.pdf import Converter, unexpected_fonts

KEY = "qc-phoi-hop-ca-tinh-2025"


@pytest.fixture(scope="module")
def diffed(tmp_path_factory):
    """The sample project with two versions of the Quy chế, diffed once (all rows)."""
    root = copy_project(tmp_path_factory.mktemp("diff") / "du-an")
    snapshot_versions(root, KEY, run_vanban)
    result = run_vanban(root, "diff", KEY, "--van-ban-sua-doi", str(root / "sua-doi.md"))
    assert result.returncode == 0, result.stderr
    return root, result


def table_of(path: Path):
    doc = open_doc(path)
    assert len(doc.tables) == 1
    return doc, doc.tables[0]


def runs_with(table, attr: str) -> list[str]:
    out = []
    for row in table.rows[1:]:
        for cell in row.cells:
            for p in cell.paragraphs:
                out += [r.text.strip() for r in p.runs if getattr(r.font, attr)]
    return out


def test_table_is_a4_landscape_in_the_profile(diffed):
    root, _ = diffed
    doc, table = table_of(root / "out" / f"{KEY}-bang-so-sanh.docx")
    page = load_profile("dang").page
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [page["le_tren_mm"], page["le_duoi_mm"],
                                                             page["le_trai_mm"], page["le_phai_mm"]]
    widths = [c.width for c in table.rows[0].cells]
    assert len(widths) == 3
    assert abs(sum(widths) - Mm(297 - page["le_trai_mm"] - page["le_phai_mm"])) < Mm(1)
    title = doc.paragraphs[0]
    assert title.text == "BẢNG SO SÁNH"
    assert size_pt(title) == load_profile("dang").element("ten_loai").size and is_bold(title)
    assert doc.paragraphs[1].text == "Dự thảo lần 2 với Dự thảo lần 1"
    assert doc.paragraphs[2].text.startswith("Quy chế phối hợp giữa Đảng ủy Công an tỉnh")
    assert doc.paragraphs[3].text == "-----"


def test_table_columns_rows_and_marks(diffed):
    root, _ = diffed
    doc, table = table_of(root / "out" / f"{KEY}-bang-so-sanh.docx")
    header = table.rows[0].cells
    assert [c.text for c in header] == ["Quy định hiện hành", "Dự thảo sửa đổi, bổ sung", "Thuyết minh, lý do"]
    assert all(p.style.name == HEADER_STYLE and is_bold(p) for c in header for p in c.paragraphs)
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")            # repeated on every page
    struck = runs_with(table, "strike")
    assert struck == [";", "c) Lãnh đạo thực hiện công tác cán bộ trong Công an xã theo quy định của Đảng, "
                      "Nhà nước và Bộ Công an;", "trao đổi thông tin hoặc", "kịp thời bằng hình thức phù hợp"]
    bold = runs_with(table, "bold")
    assert bold[:2] == [",", "Điều 7. Trao đổi thông tin"]
    assert bold[-1] == "bằng văn bản trong thời hạn 10 ngày làm việc"
    texts = [[c.text for c in row.cells] for row in table.rows[1:]]
    reworded = next(t for t in texts if t[0].startswith("2. Khi có yêu cầu"))
    assert reworded[2] == "Rút ngắn thời hạn trả lời để bảo đảm kịp thời"
    assert sum(1 for t in texts if t[1].startswith("Giữ nguyên")) == 10
    cells = [p for row in table.rows[1:] for c in row.cells for p in c.paragraphs]
    assert {p.style.name for p in cells} == {CELL_STYLE}


def test_amending_text_printed_and_written(diffed):
    root, result = diffed
    written = (root / "sua-doi.md").read_text(encoding="utf-8")
    assert result.stdout == written
    assert written.startswith("Điều 1. Sửa đổi, bổ sung một số điều của Quy chế phối hợp giữa Đảng ủy Công an tỉnh")
    assert written.split("\n")[0].endswith("trong Công an xã, phường, đặc khu như sau:")     # drafts: not yet issued
    assert "\n\n3. Bãi bỏ điểm c khoản 1 Điều 4.\n" in written
    assert parse_body(written)[1] == []
    assert "5 thay đổi" in result.stderr


def test_without_unchanged_rows(diffed, tmp_path):
    root, _ = diffed
    target = tmp_path / "gon.docx"
    result = run_vanban(root, "diff", KEY, "--bo-giu-nguyen", "--ra", str(target))
    assert result.returncode == 0, result.stderr
    _, table = table_of(target)
    texts = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert not any("Giữ nguyên" in t[1] for t in texts)
    assert len(texts) == 5 + 6          # five changes, six context rows (two chapters, three articles, a khoản)


def test_old_and_new_records(tmp_path):
    root = copy_project(tmp_path / "du-an")
    (root / "records" / KEY / "van-ban.md").write_text(version_1(), encoding="utf-8")    # the issued Quy chế
    (root / "records" / "qc-moi").mkdir()
    (root / "records" / "qc-moi" / "van-ban.md").write_text(version_2(), encoding="utf-8")
    result = run_vanban(root, "diff", KEY, "qc-moi")
    assert result.returncode == 0, result.stderr
    assert "5. Sửa đổi, bổ sung khoản 2 Điều 6 như sau:" in result.stdout
    issued_with = "ban hành kèm theo Quyết định số 230-QĐ/TU, ngày 03/11/2025 của Ban Thường vụ Tỉnh ủy"
    assert result.stdout.split("\n")[0].endswith(f"{issued_with} như sau:")
    doc, table = table_of(root / "out" / "qc-moi-bang-so-sanh.docx")
    assert doc.paragraphs[1].text == "Dự thảo lần 2 với Quy chế hiện hành"
    assert doc.paragraphs[3].text == f"(Quy chế {issued_with})" and is_italic(doc.paragraphs[3])
    context = [row for row in table.rows[1:] if row.cells[0].text.startswith("Điều 2.")][0]
    assert context._tr.trPr.xpath("./w:cantSplit")          # a heading row is never cut by a page break


def test_versions_by_number_and_bad_input(diffed, tmp_path):
    root, _ = diffed
    result = run_vanban(root, "diff", KEY, "--tu", "1", "--den", "1", "--ra", str(tmp_path / "same.docx"))
    assert result.returncode == 0 and result.stdout == "" and "không có thay đổi về nội dung" in result.stderr
    result = run_vanban(root, "diff", KEY, "--tu", "7")
    assert result.returncode == 2 and "không có phiên bản 7 (1)" in result.stderr
    result = run_vanban(root, "diff", "qd-230-tu-2025")
    assert result.returncode == 2 and "chưa có phiên bản nào" in result.stderr
    result = run_vanban(root, "diff", "khong-co")
    assert result.returncode == 2 and "không tìm thấy hồ sơ \"khong-co\"" in result.stderr
    broken = tmp_path / "hong.md"
    broken.write_text(version_1().replace("Điều 8.", "Điều 10."), encoding="utf-8")
    result = run_vanban(root, "diff", KEY, "--tu", str(broken))
    assert result.returncode == 2 and f"{broken}:" in result.stderr and "Traceback" not in result.stderr


def test_table_through_libreoffice(diffed, tmp_path):
    root, _ = diffed
    with Converter() as converter:
        pdf = converter.convert([root / "out" / f"{KEY}-bang-so-sanh.docx"], tmp_path)[
            root / "out" / f"{KEY}-bang-so-sanh.docx"]
    assert isinstance(pdf, Path), pdf
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)
    first = reader.pages[0].extract_text()
    assert "BẢNG SO SÁNH" in first and "Thuyết minh, lý do" in first
    assert unexpected_fonts(reader, "Times New Roman") == []


# `vanban check` knows a bảng so sánh by its title: no header, signature or body-structure rules for
# it; paper (landscape), margins, fonts, page numbers and, with a profile, the title block's formats.
def checked(root: Path, path: Path, *profile: str) -> tuple[int, dict]:
    result = run_vanban(root, "check", *profile, "--json", str(path))
    report = json.loads(result.stdout)["van_ban"][0]
    assert report["loi_doc"] is None, report
    return result.returncode, report


def codes(report: dict) -> list[str]:
    return sorted(f["code"] for f in report["phat_hien"])


def test_party_table_passes_the_checker(diffed):
    root, _ = diffed
    table = root / "out" / f"{KEY}-bang-so-sanh.docx"
    status, report = checked(root, table)             # no header: the profile is not known
    assert (status, report["phat_hien"], report["the_thuc"]) == (0, [], None)
    assert "không rõ thể thức" in report["ghi_chu"]
    status, report = checked(root, table, "--profile", "dang")
    assert (status, report["phat_hien"], report["the_thuc"]) == (0, [], "dang")
    result = run_vanban(root, "check", str(table))
    assert result.returncode == 0 and "đúng thể thức (bảng so sánh không có đầu trang" in result.stdout
    # the profile's title-block sizes do apply: the Party's 16 pt "BẢNG SO SÁNH" is too big for ND 30
    status, report = checked(root, table, "--profile", "nha-nuoc")
    assert (status, codes(report)) == (1, ["ten_loai.co_chu"])


def test_checker_sees_a_bad_margin_and_a_foreign_font_in_the_table(diffed, tmp_path):
    root, _ = diffed
    doc = open_doc(root / "out" / f"{KEY}-bang-so-sanh.docx")
    doc.sections[0].left_margin = Mm(25)
    doc.tables[0].rows[2].cells[0].paragraphs[0].runs[0].font.name = "Arial"
    doc.save(tmp_path / "hong.docx")
    for profile in ((), ("--profile", "dang")):
        status, report = checked(root, tmp_path / "hong.docx", *profile)
        assert (status, codes(report)) == (1, ["phong_chu.sai", "trang.le"]), profile
        margin = next(f for f in report["phat_hien"] if f["code"] == "trang.le")
        assert margin["problem"] == "lề trái 25 mm"


def test_state_table_in_the_state_profile_passes_the_checker(tmp_path):
    root = copy_project(tmp_path / "du-an")
    key = "qd-ubnd-to-ra-soat-2026"
    result = run_vanban(root, "snapshot", key, "-m", "Dự thảo lần 2")
    assert result.returncode == 0, result.stderr
    source = root / "records" / key / "van-ban.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Dự thảo lần 2", "Dự thảo lần 3").replace(
        "b) Hồ sơ, tài liệu về đất đai, xây dựng;", "b) Hồ sơ, tài liệu về đất đai, xây dựng, môi trường;"),
        encoding="utf-8")
    result = run_vanban(root, "diff", key)
    assert result.returncode == 0, result.stderr
    assert "1. Sửa đổi, bổ sung điểm b khoản 1 Điều 2 như sau:" in result.stdout
    table = root / "out" / f"{key}-bang-so-sanh.docx"
    doc, grid = table_of(table)
    page = load_profile("nha-nuoc").page
    assert round(doc.sections[0].left_margin.mm) == page["le_trai_mm"]
    assert doc.paragraphs[1].text == "Dự thảo lần 3 với Dự thảo lần 2"
    assert runs_with(grid, "bold") == [", môi trường"] and runs_with(grid, "strike") == []
    for profile in ((), ("--profile", "nha-nuoc")):
        status, report = checked(root, table, *profile)
        assert (status, report["phat_hien"]) == (0, []), profile
