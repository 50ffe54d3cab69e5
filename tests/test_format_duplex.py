"""Printing on both sides (HD 05 Phần II IV.4.2): "Trường hợp văn bản in hai mặt, mặt sau vùng trình bày như
sau: Lề trên 20 mm, lề dưới 20 mm, lề trái 15 mm, lề phải 30 mm" (front pages IV.4.1: left 30, right 15).

Asked for by `in_hai_mat: true` in the record, or for a body / the whole office in van-phong.yaml. Measured
on the PDF LibreOffice makes: where the text starts and ends on page 1 and on page 2.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import copy_project, run_vanban
from tools import system_tool

ARTICLES = "\n\n".join(
    f"Điều {i}. Trách nhiệm thi hành thứ {i}\n\n1. Các cơ quan, đơn vị có trách nhiệm tổ chức thực hiện, bảo đảm đúng "
    "tiến độ, chất lượng công việc được giao và báo cáo kết quả về Văn phòng theo định kỳ hằng tháng."
    for i in range(1, 15))


def _record(date: str, duplex: str) -> str:
    return (f"---\nloai: quyet-dinh\nco_quan: btv-tinh-uy\nso: 9\nngay: {date}\ntrang_thai: ban-hanh\n"
            f"trich_yeu: về việc phân công trách nhiệm\nnoi_nhan: [Các đồng chí Tỉnh ủy viên]\n{duplex}---\n\n"
            f"{ARTICLES}\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hai-mat") / "du-an")
    for key, date, duplex in (("qd-hai-mat", "2026-06-01", "in_hai_mat: true\n"),
                              ("qd-mot-mat", "2026-06-01", ""),
                              ("qd-hd36-hai-mat", "2026-05-01", "in_hai_mat: true\n")):
        folder = root / "records" / key
        folder.mkdir()
        (folder / "van-ban.md").write_text(_record(date, duplex), encoding="utf-8")
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result.stdout + result.stderr


def _margins_mm(pdf) -> list[tuple[float, float]]:
    """(left, right) of the text on each page, in mm from the paper's edges (A4 is 210 mm wide)."""
    out = subprocess.run([system_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        xmin = [float(x) for x in re.findall(r'xMin="([\d.]+)"', page)]
        xmax = [float(x) for x in re.findall(r'xMax="([\d.]+)"', page)]
        pages.append((min(xmin) * 25.4 / 72, 210 - max(xmax) * 25.4 / 72))
    return pages


def _pdf(root, key, tmp_path):
    subprocess.run([system_tool("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(root / "out" / f"{key}.docx")], check=True, capture_output=True, timeout=180)
    return tmp_path / f"{key}.pdf"


def test_back_pages_have_left_15_right_30(project, tmp_path):
    root, _ = project
    pages = _margins_mm(_pdf(root, "qd-hai-mat", tmp_path))
    assert len(pages) >= 2
    (left1, right1), (left2, right2) = pages[0], pages[1]
    assert abs(left1 - 30) < 1.5 and right1 >= 15 - 1.5           # front: 30 / 15 (IV.4.1)
    assert abs(left2 - 15) < 1.5 and right2 >= 30 - 1.5           # back: 15 / 30 (IV.4.2)
    assert right2 < 36                                            # a justified body reaches the margin


def test_single_sided_by_default(project, tmp_path):
    root, _ = project
    pages = _margins_mm(_pdf(root, "qd-mot-mat", tmp_path))
    assert len(pages) >= 2 and all(abs(left - 30) < 1.5 for left, _ in pages)


def test_hd36_has_no_back_page_rule_and_says_so(project):
    root, output = project
    settings = Document(str(root / "out" / "qd-hd36-hai-mat.docx")).settings.element
    assert settings.find(qn("w:mirrorMargins")) is None
    assert "in_hai_mat" in output and "HD36-2018" in output


def test_duplex_document_still_passes_check(project):
    root, _ = project
    result = run_vanban(root, "check", str(root / "out" / "qd-hai-mat.docx"))
    assert result.returncode == 0, result.stdout


def test_office_wide_setting_and_a_bad_value(tmp_path):
    root = copy_project(tmp_path / "du-an")
    config = root / "records" / "van-phong.yaml"
    config.write_text("in_hai_mat: true\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    folder = root / "records" / "qd-van-phong-hai-mat"
    folder.mkdir()
    (folder / "van-ban.md").write_text(_record("2026-06-01", ""), encoding="utf-8")
    bad = root / "records" / "qd-sai"
    bad.mkdir()
    (bad / "van-ban.md").write_text(_record("2026-06-01", "in_hai_mat: có\n"), encoding="utf-8")
    result = run_vanban(root, "build")
    assert result.returncode != 0
    assert "qd-sai" in result.stdout + result.stderr and "in_hai_mat" in result.stdout + result.stderr
    settings = Document(str(root / "out" / "qd-van-phong-hai-mat.docx")).settings.element
    assert settings.find(qn("w:mirrorMargins")) is not None
