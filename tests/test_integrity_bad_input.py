"""Bad input that used to crash or hang (issue 19, items 12-17): each gets a Vietnamese message naming the
file (and line where there is one), exit 2, and every other record is still built."""

from __future__ import annotations

import time
import zipfile
import unicodedata
from pathlib import Path

import pytest

from conftest import copy_project, run_vanban
from site_support import write_record

GOOD = """---
loai: cong-van
co_quan: dang-uy-xa-thuan-an
trang_thai: du-thao
trich_yeu: đề nghị phối hợp
kinh_gui:
  - Chi bộ Công an xã Thuận An
noi_nhan:
  - Như trên,
  - Lưu Văn phòng Đảng ủy.
---

Đề nghị phối hợp thực hiện.
"""


def build(root: Path):
    result = run_vanban(root, "build")
    return result.returncode, result.stdout + result.stderr


def others_built(root: Path) -> bool:
    return (root / "out" / "qd-230-tu-2025.docx").exists() and (root / "out" / "cv-tot-2026.docx").exists()


@pytest.fixture
def root(tmp_path) -> Path:
    root = copy_project(tmp_path / "du-an")
    write_record(root, "cv-tot-2026", GOOD)
    return root


def test_a_record_file_that_is_a_folder(root):
    (root / "records" / "cv-thu-muc" / "van-ban.md").mkdir(parents=True)
    code, out = build(root)
    assert code == 2 and "Traceback" not in out, out
    assert "cv-thu-muc" in out and "thư mục" in out
    assert others_built(root)


def test_a_lone_surrogate_in_a_yaml_string(root):
    write_record(root, "cv-surrogate", GOOD.replace("trich_yeu: đề nghị phối hợp", 'trich_yeu: "đề nghị \\ud800 phối hợp"'))
    code, out = build(root)
    assert code == 2 and "Traceback" not in out, out
    assert "cv-surrogate/van-ban.md:5" in out
    assert others_built(root)


def test_a_yaml_alias_bomb_is_refused_at_once(root):
    bomb = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        bomb.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    text = GOOD.replace("trang_thai: du-thao\n", "trang_thai: du-thao\n" + "\n".join(bomb) + "\n")
    write_record(root, "cv-bom", text)
    started = time.monotonic()
    code, out = build(root)
    assert time.monotonic() - started < 60        # was 264 s (not a timing test: a hang would be minutes)
    assert code == 2 and "bí danh YAML" in out and "cv-bom/van-ban.md:6" in out, out
    assert others_built(root)


def test_a_record_over_the_size_limit_is_refused_with_the_limit(root):
    write_record(root, "cv-lon", GOOD + ("Đề nghị phối hợp thực hiện. " * 40 + "\n\n") * 5000)
    code, out = build(root)
    assert code == 2 and "quá lớn" in out and "cv-lon/van-ban.md:1" in out and "tối đa 5 MB" in out, out
    assert others_built(root)


def test_a_big_body_under_the_limit_builds_whole(root):
    """3.6 MB of body, under the limit, renders every paragraph (context.Paragraphs joins them once; the
    docxtpl concatenation it replaces was quadratic, 2.5 s at 3 MB: a speed fact, not asserted here)."""
    paragraph = "Đề nghị các đơn vị phối hợp thực hiện nhiệm vụ bảo vệ chính trị nội bộ. " * 6
    write_record(root, "cv-dai", GOOD + (paragraph + "\n\n") * 6000)
    code, out = build(root)
    assert code == 0, out
    with zipfile.ZipFile(root / "out" / "cv-dai.docx") as z:
        assert z.read("word/document.xml").decode("utf-8").count("phối hợp thực hiện nhiệm vụ") == 6 * 6000


@pytest.mark.parametrize("name, reason", [
    ("x" * 120, "quá 80"),
    ("con", "dành riêng của Windows"),
    ("NUL", "dành riêng của Windows"),
    ("aux.md", "dành riêng của Windows"),
    ("com1", "dành riêng của Windows"),
    ("qd:a", "Windows không cho phép"),
    ("qd-b.", "kết thúc bằng dấu chấm"),
    ("qd?c*", "Windows không cho phép"),
    ("qd<d>|", "Windows không cho phép"),
    ("qd..\\..\\out", "Windows không cho phép"),
    ("qd..x", '".."'),
])
def test_folder_names_that_break_on_windows_are_refused_at_build(root, name, reason):
    write_record(root, name, GOOD)
    code, out = build(root)
    assert code == 2 and reason in out and "Traceback" not in out, out
    assert others_built(root)
    assert not (root / "out" / f"{name}.docx").exists()


def test_case_and_unicode_twins_are_refused(root):
    write_record(root, "QD-Hoa", GOOD)
    write_record(root, "qd-hoa", GOOD)
    nfc = "cv-đề-nghị"
    write_record(root, nfc, GOOD)
    write_record(root, unicodedata.normalize("NFD", nfc), GOOD)
    code, out = build(root)
    assert code == 2 and out.count("trùng với hồ sơ") == 2, out
    assert others_built(root)


def test_new_refuses_a_reserved_or_long_name(tmp_path):
    root = copy_project(tmp_path / "du-an")
    for name in ("con", "y" * 100):
        result = run_vanban(root, "new", "cong-van", name)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert not (root / "records" / name).exists()
