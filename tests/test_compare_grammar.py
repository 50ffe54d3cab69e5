"""The body grammar reads an amending Quyết định: quoted amended text is text, and "khoản 2 Điều 5"
in an amending article points into the amended Quy chế (not checked, linked or renumbered here)."""

from __future__ import annotations

from generator.format.record_parser import parse_record_text
from generator.model.body_parser import parse_body
from generator.model.model import DIEU, DOAN, KHOAN
from generator.model.references import links, renumber_text

AMENDING = """---
loai: quyet-dinh
co_quan: btv-tinh-uy
trich_yeu: sửa đổi, bổ sung một số điều của Quy chế phối hợp
nguoi_ky: {ho_ten: Bùi Thắng, hinh_thuc: tm, thay_mat: BAN THƯỜNG VỤ, chuc_vu: PHÓ BÍ THƯ}
noi_nhan: [Như Điều 2,  Lưu Văn phòng Tỉnh ủy.]
---

Điều 1. Sửa đổi, bổ sung một số điều của Quy chế phối hợp ban hành kèm theo Quyết định số 230-QĐ/TU như sau:

1. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:

“2. Đảng ủy xã thực hiện theo quy định tại Điều 3 Quy chế này.”

2. Bổ sung Điều 5a vào sau Điều 5 như sau:

“Điều 5a. Trao đổi thông tin

1. Định kỳ hằng quý, hai bên trao đổi thông tin.

2. Khi cần thiết, trao đổi ngay theo khoản 1 Điều này.”

3. Bãi bỏ điểm c khoản 3 Điều 7.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""


def test_quoted_lines_are_paragraphs_of_the_amending_item():
    body = AMENDING.split("---\n", 2)[2]
    units, diags = parse_body(body)
    assert diags == []
    assert [u.number for u in units if u.kind == DIEU] == ["1", "2"]
    items = units[0].children
    assert [(u.kind, u.number) for u in items] == [(KHOAN, "1"), (KHOAN, "2"), (KHOAN, "3")]
    quoted = items[1].children
    assert [u.kind for u in quoted] == [DOAN, DOAN, DOAN]
    assert quoted[0].text.startswith("“Điều 5a.") and quoted[2].text.endswith("Điều này.”")


def test_an_unclosed_quote_is_not_a_quotation():
    units, diags = parse_body("Điều 1. Phạm vi\n\n“Tự diễn biến là\n\n1. Khoản một.\n\n2. Khoản hai.\n")
    assert diags == []
    assert [u.kind for u in units[0].children] == [DOAN, KHOAN, KHOAN]


def test_amending_record_parses_and_renumber_leaves_the_amended_numbers(tmp_path):
    path = tmp_path / "qd-sua-doi" / "van-ban.md"
    record = parse_record_text(AMENDING, path)       # "Điều 5", "Điều 3 Quy chế này": not errors here
    assert links(record) == {}
    result = renumber_text(AMENDING, path)
    assert result.text == AMENDING
