"""The body grammar and the Vietnamese numbering facts, on small inputs."""

from __future__ import annotations

import datetime as dt

from generator.model.body_parser import parse_body
from generator.model.model import walk
from generator.model.vietnamese import format_date_line

PATTERN = "{dia_danh}, ngày {ngay} tháng {thang} năm {nam}"


def test_date_line_leading_zeros():
    assert format_date_line(PATTERN, "Lâm Đồng", dt.date(2025, 11, 3)) == "Lâm Đồng, ngày 03 tháng 11 năm 2025"
    assert format_date_line(PATTERN, "Hạ Long", dt.date(2018, 2, 20)) == "Hạ Long, ngày 20 tháng 02 năm 2018"
    assert format_date_line(PATTERN, "Hà Nội", dt.date(2018, 4, 3)) == "Hà Nội, ngày 03 tháng 4 năm 2018"
    assert format_date_line(PATTERN, "Hà Nội", dt.date(2026, 1, 9)) == "Hà Nội, ngày 09 tháng 01 năm 2026"


def _kinds(text):
    units, diags = parse_body(text)
    return [(u.kind, u.number, u.text, u.anchor) for u in walk(units)], diags


def test_levels_titles_and_anchors():
    units, diags = _kinds("Phần thứ nhất\nNHỮNG QUY ĐỊNH CHUNG\n\nChương I **QUY ĐỊNH CHUNG**\n\nMục 1\nGIẢI THÍCH\n\n"
                          "Điều 1. Phạm vi\n\n1. Khoản một:\n\na) điểm a;\n\nb) điểm b;\n\n- ý thứ nhất\n\n"
                          "2. Khoản hai.\n\n2.1. Khoản con.\n\nĐoạn văn thường.")
    assert not diags
    assert units[0][:3] == ("phan", "thứ nhất", "NHỮNG QUY ĐỊNH CHUNG")
    assert units[1][:3] == ("chuong", "I", "QUY ĐỊNH CHUNG")
    assert units[2][:3] == ("muc", "1", "GIẢI THÍCH") and units[2][3] == "chuong-i-muc-1"
    anchors = [u[3] for u in units]
    assert "dieu-1" in anchors and "dieu-1-khoan-1-diem-a" in anchors and "dieu-1-khoan-2-khoan-2-1" in anchors
    assert ("gach", None, "ý thứ nhất") in [u[:3] for u in units]


def test_diem_letters_follow_the_vietnamese_alphabet():
    ok, diags = _kinds("Điều 1. A\n\n1. B\n\n" + "\n\n".join(f"{c}) x;" for c in "abcdđeghiklmnopqrstuvxy"))
    assert not diags
    _, diags = _kinds("Điều 1. A\n\n1. B\n\na) x\n\nb) x\n\nc) x\n\nd) x\n\ne) x")
    assert [d.message for d in diags] == ["điểm \"e)\" đứng sau \"d)\" — thiếu \"đ)\""]
    _, diags = _kinds("Điều 1. A\n\n1. B\n\na) x\n\nf) x")
    assert "không có trong bảng chữ cái tiếng Việt" in diags[0].message


def test_points_under_a_dash_subheading_restart():
    units, diags = _kinds("1. Trách nhiệm phối hợp\n\n- Trách nhiệm chung\n\na) x\n\nb) y\n\n"
                          "- Trách nhiệm của Ủy ban Kiểm tra\n\na) z")
    assert not diags
    assert [u[0] for u in units] == ["khoan", "gach", "diem", "diem", "gach", "diem"]


def test_article_sequence_errors_name_the_line():
    _, diags = _kinds("Điều 1. A\n\nĐiều 3. B")
    assert diags[0].line == 3 and "thiếu Điều 2" in diags[0].message
    _, diags = _kinds("Chương I\nA\n\nChương III\nB")
    assert "Chương III không đúng thứ tự" in diags[0].message


def test_roman_sections_of_documents_without_articles():
    units, diags = _kinds("I. MỤC ĐÍCH, YÊU CẦU\n\n1. Một.\n\n2. Hai.\n\nII- NHIỆM VỤ\n\n1. Ba:\n\na) bốn.")
    assert not diags
    assert [(u[0], u[1]) for u in units] == [("muc", "I"), ("khoan", "1"), ("khoan", "2"), ("muc", "II"),
                                             ("khoan", "1"), ("diem", "a")]
    _, diags = _kinds("I. A\n\nIII. B")
    assert "Mục III không đúng thứ tự" in diags[0].message


def test_recipient_group_headings_stay_as_typed():
    from pathlib import Path

    from generator.format.config import Project
    from generator.format.context import recipients
    config = Project(Path(__file__).resolve().parent.parent).config()
    body = config.body("ubnd-xa-thuan-an")
    lines = recipients(["Gửi bản giấy:", "Như Điều 3", "Gửi bản điện tử:", "CT, các PCT UBND xã"], body, body.profile)
    assert lines == ["Gửi bản giấy:", "- Như Điều 3;", "Gửi bản điện tử:", "- CT, các PCT UBND xã;", "- Lưu: VT, VP."]
