"""Two versions of a Quy chế (modelled on records/qc-phoi-hop-ca-tinh-2025) for the comparison tests.

From the current text (V1) to the draft (V2):
- a new article "Trao đổi thông tin" after Điều 5 (so Điều 6, 7, 8 are renumbered);
- điểm c of khoản 1 Điều 4 deleted (điểm d becomes c);
- Điều 7 "Chế độ họp và báo cáo" moved up after Điều 2 (into Chương I);
- khoản 2 Điều 6 reworded;
- khoản 2 Điều 2: only punctuation changed;
- references "tại Điều 3 Quy chế này" follow the renumbering (Điều 4 in the draft): not a change.
"""

from __future__ import annotations

from pathlib import Path

FRONT = """---
loai: quy-che
co_quan: btv-tinh-uy
trich_yeu: phối hợp giữa Đảng ủy Công an tỉnh với các đảng ủy xã, phường, đặc khu về lãnh đạo công tác đảng, công tác chính trị và công tác quần chúng trong Công an xã, phường, đặc khu
quan_he:
  kem_theo: qd-230-tu-2025
{extra}---
"""

CHUONG_1 = """
Chương I **QUY ĐỊNH CHUNG**

Điều 1. Phạm vi, đối tượng điều chỉnh

1. Quy chế này quy định nguyên tắc, nội dung, trách nhiệm, phương pháp phối hợp giữa Đảng ủy Công an tỉnh với các đảng ủy xã, phường, đặc khu (sau đây gọi là Đảng ủy xã) về lãnh đạo công tác đảng, công tác chính trị và công tác quần chúng trong Công an xã, phường, đặc khu (sau đây gọi là Công an xã).

2. Quy chế này áp dụng đối với Đảng ủy Công an tỉnh, các đảng ủy xã và chi bộ (đảng ủy) Công an xã.

Điều 2. Nguyên tắc phối hợp

1. Tuân thủ Điều lệ Đảng, nguyên tắc tổ chức, hoạt động, chủ trương, đường lối của Đảng; bảo đảm sự lãnh đạo tập trung, thống nhất của Tỉnh ủy, Ban Thường vụ Tỉnh ủy đối với công tác đảng, công tác chính trị và công tác quần chúng trong Công an tỉnh Lâm Đồng.

2. Chủ động, thường xuyên, kịp thời, chặt chẽ, phù hợp với quy định chức năng, nhiệm vụ, quyền hạn của Đảng ủy Công an tỉnh và Đảng ủy xã{punct} tạo điều kiện thuận lợi để cùng hoàn thành nhiệm vụ.
"""

HOP = """
Điều {n}. Chế độ họp và báo cáo

1. Hằng năm hoặc khi cần thiết, Đảng ủy Công an tỉnh chủ trì, tổ chức họp rút kinh nghiệm và đề ra biện pháp thực hiện Quy chế trong thời gian tiếp theo; tổng hợp kết quả, báo cáo Ban Thường vụ Tỉnh ủy.

2. Đảng ủy Công an tỉnh chủ trì, phối hợp với các đảng ủy xã tổ chức tổng kết việc thực hiện Quy chế này vào năm cuối của nhiệm kỳ đại hội cấp xã.
"""

CHUONG_2_HEAD = """
Chương II **NỘI DUNG, TRÁCH NHIỆM, PHƯƠNG PHÁP PHỐI HỢP**

Điều {n}. Nội dung phối hợp

1. Lãnh đạo tổ chức thực hiện chủ trương, đường lối của Đảng, của Đảng ủy Công an Trung ương, Tỉnh ủy, Đảng ủy Công an tỉnh, Đảng ủy xã về bảo vệ an ninh quốc gia, bảo đảm trật tự, an toàn xã hội.

2. Lãnh đạo công tác giáo dục chính trị tư tưởng; xây dựng tổ chức đảng và công tác cán bộ trong Công an xã.

3. Thông báo, trao đổi thông tin về tình hình an ninh, trật tự trên địa bàn xã.
"""

TINH = """
Điều {n}. Trách nhiệm của Đảng ủy Công an tỉnh

1. Trách nhiệm chủ trì:

a) Tham mưu, đề xuất Tỉnh ủy, Ban Thường vụ Tỉnh ủy ban hành các văn bản về chức năng, nhiệm vụ, quyền hạn của tổ chức đảng trong Công an xã;

b) Lãnh đạo công tác chính trị, tư tưởng, giáo dục truyền thống trong Công an xã;
{diem_c}
{d}) Hướng dẫn thực hiện các văn bản của các cấp ủy đảng về xây dựng lực lượng Công an xã.

2. Trách nhiệm phối hợp:

a) Lãnh đạo xây dựng tổ chức đảng, nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức đảng Công an xã;

b) Hướng dẫn thực hiện chủ trương xây dựng nền an ninh nhân dân ở xã.
"""

DIEM_C = """
c) Lãnh đạo thực hiện công tác cán bộ trong Công an xã theo quy định của Đảng, Nhà nước và Bộ Công an;
"""

XA = """
Điều {n}. Trách nhiệm của Đảng ủy xã

1. Trách nhiệm chủ trì:

a) Lãnh đạo tổ chức thực hiện các văn bản của Đảng và Đảng ủy Công an tỉnh trong phạm vi xã;

b) Lãnh đạo việc xây dựng tổ chức đảng trong Công an xã;

c) Thông báo, trao đổi với Đảng ủy Công an tỉnh về những chủ trương mới liên quan đến nội dung phối hợp tại Điều {ref} của Quy chế này.

2. Trách nhiệm phối hợp: lãnh đạo công tác cán bộ trong Công an xã theo quy định của Đảng, Nhà nước.
"""

TRAO_DOI = """
Điều {n}. Trao đổi thông tin

1. Đảng ủy Công an tỉnh và Đảng ủy xã trao đổi thông tin qua hệ thống văn bản điện tử của Đảng.

2. Thông tin khẩn được trao đổi ngay theo khoản 2 Điều {ref} Quy chế này.
"""

PHUONG_PHAP = """
Điều {n}. Phương pháp phối hợp

1. Định kỳ 6 tháng, Đảng ủy Công an tỉnh và Đảng ủy xã chủ động trao đổi thông tin, tình hình theo quy định tại Điều {ref} Quy chế này.

2. {khoan_2}
"""

KHOAN_2_OLD = ("Khi có yêu cầu phối hợp thì bên đề nghị trao đổi thông tin hoặc gửi văn bản đến bên được đề nghị, "
               "bên nhận đề nghị có trách nhiệm trả lời kịp thời bằng hình thức phù hợp.")
KHOAN_2_NEW = ("Khi có yêu cầu phối hợp thì bên đề nghị gửi văn bản đến bên được đề nghị, bên nhận đề nghị "
               "có trách nhiệm trả lời bằng văn bản trong thời hạn 10 ngày làm việc.")

THUC_HIEN = """
Chương III TỔ CHỨC THỰC HIỆN

Điều {n}. Trách nhiệm tổ chức thực hiện

1. Đảng ủy Công an tỉnh phân công đồng chí Phó Bí thư Đảng ủy Công an tỉnh là đầu mối chủ trì chỉ đạo và tổ chức quán triệt, triển khai thực hiện Quy chế này.

2. Trong quá trình thực hiện nếu có vướng mắc thì Đảng ủy Công an tỉnh tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy xem xét, quyết định sửa đổi, bổ sung Quy chế.
"""

NOTES = """ghi_chu:
  dieu-7: Bổ sung cho phù hợp Quy định 294-QĐ/TW
  dieu-8-khoan-2: Rút ngắn thời hạn trả lời để bảo đảm kịp thời
  dieu-4-khoan-1-diem-c: Đã quy định tại Quy chế làm việc
"""


def version_1(extra: str = "trang_thai: ban-hanh\n") -> str:
    return (FRONT.format(extra=extra) + CHUONG_1.format(punct=";") + CHUONG_2_HEAD.format(n=3)
            + TINH.format(n=4, diem_c=DIEM_C, d="d") + XA.format(n=5, ref=3)
            + PHUONG_PHAP.format(n=6, ref=3, khoan_2=KHOAN_2_OLD) + HOP.format(n=7) + THUC_HIEN.format(n=8))


def version_2(notes: bool = True) -> str:
    return (FRONT.format(extra="du_thao: Dự thảo lần 2\n" + (NOTES if notes else "")) + CHUONG_1.format(punct=",")
            + HOP.format(n=3) + CHUONG_2_HEAD.format(n=4) + TINH.format(n=5, diem_c="", d="c")
            + XA.format(n=6, ref=4) + TRAO_DOI.format(n=7, ref=8)
            + PHUONG_PHAP.format(n=8, ref=4, khoan_2=KHOAN_2_NEW) + THUC_HIEN.format(n=9))


def snapshot_versions(root: Path, key: str, run_vanban) -> None:
    """V1 saved as version 1 with `vanban snapshot`, then V2 typed over the working source."""
    source = root / "records" / key / "van-ban.md"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(version_1("du_thao: Dự thảo lần 1\n"), encoding="utf-8")
    result = run_vanban(root, "snapshot", key, "-m", "Dự thảo lần 1", "--nguoi", "Chuyên viên")
    assert result.returncode == 0, result.stderr
    source.write_text(version_2(), encoding="utf-8")
