"""`vanban deadlines` on a temporary project of its own: requests, replies, Vietnamese output.

Expected due dates and working days left are worked out by hand in the comments (2026 holidays:
Giỗ Tổ Sun 26/04 with its nghỉ bù Mon 27/04, Thu 30/04, Fri 01/05; no swap days in March–June).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import run_vanban

from generator.format.config import Project
from generator.records.deadlines import deadline_report, open_requests

CONFIG = """\
dia_danh: Thuận An
co_quan:
  dang-uy:
    ten: ĐẢNG ỦY XÃ THUẬN AN
    cap_tren: ĐẢNG BỘ TỈNH ĐẮK NÔNG
    ma: ĐU
    ho_so: dang
    ten_goi: Đảng ủy xã Thuận An
    luu: Văn phòng Đảng ủy
    nguoi_ky: bi-thu
  chi-bo-ca:
    ten: CHI BỘ CÔNG AN XÃ
    cap_tren: ĐẢNG BỘ XÃ THUẬN AN
    ma: CB
    ho_so: dang
    ten_goi: Chi bộ Công an xã Thuận An
    luu: Chi bộ
    nguoi_ky: bi-thu-cb
nguoi_ky:
  bi-thu: {hinh_thuc: tm, thay_mat: BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: Nguyễn Văn Hùng}
  bi-thu-cb: {hinh_thuc: tm, thay_mat: CHI BỘ, chuc_vu: BÍ THƯ, ho_ten: Trần Minh Đức}
han_xu_ly:
  trong-tinh: {ten: Xác minh khi thân nhân cư trú trong tỉnh, ngay_lam_viec: 35}
  ngoai-tinh: {ten: Xác minh khi thân nhân cư trú ngoài tỉnh, ngay_lam_viec: 45}
  khan: {ten: Xác minh khẩn, ngay_lam_viec: 5}
"""


def _record(root: Path, key: str, front: str, body: str = "Nội dung công văn.") -> None:
    folder = root / "records" / key
    folder.mkdir(parents=True)
    (folder / "van-ban.md").write_text(f"---\nloai: cong-van\n{front}noi_nhan:\n  - Như trên,\n  - Lưu.\n---\n\n{body}\n",
                                       encoding="utf-8")


def _request(root: Path, key: str, so: int | None, ngay: str | None, rule: str, subject: str) -> None:
    issued = f"so: {so}\nngay: {ngay}\ntrang_thai: ban-hanh\n" if so else "trang_thai: du-thao\n"
    _record(root, key, f"co_quan: dang-uy\n{issued}trich_yeu: {subject}\nkinh_gui:\n  - Chi bộ Công an xã Thuận An\n"
                       f"han_xu_ly: {rule}\n")


def _reply(root: Path, key: str, so: int | None, ngay: str | None, target: str) -> None:
    issued = f"so: {so}\nngay: {ngay}\ntrang_thai: ban-hanh\n" if so else "trang_thai: du-thao\n"
    _record(root, key, f"co_quan: chi-bo-ca\n{issued}trich_yeu: phúc đáp đề nghị xác minh\nkinh_gui:\n"
                       f"  - Ban Thường vụ Đảng ủy xã Thuận An\nquan_he:\n  tra_loi: {target}\n",
            "Chi bộ báo cáo kết quả xác minh như sau: không có vấn đề gì.")


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "du-an"
    (root / "records").mkdir(parents=True)
    (root / "records" / "van-phong.yaml").write_text(CONFIG, encoding="utf-8")
    # Keys and sending dates deliberately in another order than the expected listing.
    # a: sent Fri 10/04/2026, 35 days. Mon 13 – Fri 17 = 1–5; 20–24 = 6–10; Sat 25, Sun 26 (Giỗ Tổ), Mon 27
    #    (nghỉ bù) off; Tue 28 = 11, Wed 29 = 12; Thu 30/04, Fri 01/05 holidays; May 04–08 = 13–17; 11–15 = 18–22;
    #    18–22 = 23–27; 25–29 = 28–32; Mon 01/06 = 33, Tue 02 = 34, Wed 03 = 35 → due 03/06/2026.
    #    On Tue 28/04: 11 used, 35 − 11 = 24 working days left.
    _request(root, "cv-a-con-han", 21, "2026-04-10", "trong-tinh", "đề nghị xác minh lý lịch đồng chí A")
    # b: sent Fri 17/04/2026, 5 days: Mon 20 = 1 … Fri 24 = 5 → due 24/04/2026.
    #    On Tue 28/04: Sat 25, Sun 26, Mon 27 (nghỉ bù) off; Tue 28 = 1 → overdue by 1 working day.
    _request(root, "cv-b-qua-han", 22, "2026-04-17", "khan", "đề nghị xác minh khẩn đồng chí B")
    # c: sent Mon 02/03/2026, 35 days: Tue 03 – Fri 06 = 1–4; 9–13 = 5–9; 16–20 = 10–14; 23–27 = 15–19;
    #    Mon 30 = 20, Tue 31 = 21; Wed 01/04 – Fri 03 = 22–24; 6–10 = 25–29; 13–17 = 30–34; Mon 20/04 = 35
    #    → due 20/04/2026. On Tue 28/04: Tue 21 – Fri 24 = 1–4; Sat 25 – Mon 27 off; Tue 28 = 5 → overdue by 5.
    #    A draft reply does not close it.
    _request(root, "cv-c-qua-han-lau", 19, "2026-03-02", "trong-tinh", "đề nghị xác minh lý lịch đồng chí C")
    _reply(root, "cv-c-du-thao-tra-loi", None, None, "cv-c-qua-han-lau")
    # d: sent Wed 01/04/2026, 45 days; answered on Wed 22/04/2026 (by số ký hiệu) → closed.
    _request(root, "cv-d-da-tra-loi", 20, "2026-04-01", "ngoai-tinh", "đề nghị xác minh lý lịch đồng chí D")
    _reply(root, "cv-d-tra-loi", 3, "2026-04-22", "20-CV/ĐU")
    # e: a draft request: not sent, no deadline yet.
    _request(root, "cv-e-du-thao", None, None, "khan", "đề nghị xác minh đồng chí E")
    return root


def test_deadlines_command_lists_open_requests_overdue_first(tmp_path):
    root = _project(tmp_path)
    result = run_vanban(root, "deadlines", "--ngay", "2026-04-28")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "tính đến ngày 28/04/2026" in out
    assert "ngày gửi công văn là ngày 0; hạn trả lời là ngày làm việc thứ N sau ngày gửi" in out
    assert "Đang chờ trả lời: 3 (quá hạn: 2)" in out
    # Overdue first (most overdue first), then the one still running.
    c, b, a = out.index("19-CV/ĐU (cv-c-qua-han-lau)"), out.index("22-CV/ĐU (cv-b-qua-han)"), \
        out.index("21-CV/ĐU (cv-a-con-han)")
    assert c < b < a
    assert "1. QUÁ HẠN 5 NGÀY LÀM VIỆC\n   19-CV/ĐU (cv-c-qua-han-lau): đề nghị xác minh lý lịch đồng chí C" in out
    assert "2. QUÁ HẠN 1 NGÀY LÀM VIỆC\n   22-CV/ĐU (cv-b-qua-han)" in out
    assert "3. Còn 24 ngày làm việc\n   21-CV/ĐU (cv-a-con-han)" in out
    assert ("Ngày gửi: 02/03/2026; thời hạn: 35 ngày làm việc (Xác minh khi thân nhân cư trú trong tỉnh); "
            "hạn trả lời: 20/04/2026") in out
    assert "hạn trả lời: 24/04/2026" in out and "hạn trả lời: 03/06/2026" in out
    assert "Đảng ủy xã Thuận An gửi Chi bộ Công an xã Thuận An" in out
    assert "Dự thảo trả lời: cv-c-du-thao-tra-loi (chưa ban hành)" in out
    # The answered request is gone; the draft request is only mentioned.
    assert "cv-d-da-tra-loi" not in out and "20-CV/ĐU" not in out
    assert "Đề nghị còn là dự thảo (chưa tính hạn): cv-e-du-thao" in out


def test_deadlines_all_shows_the_closed_one_with_its_reply(tmp_path):
    root = _project(tmp_path)
    result = run_vanban(root, "deadlines", "--tat-ca", "--ngay", "2026-04-28")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # d: sent Wed 01/04/2026, 45 days: Thu 02, Fri 03 = 1–2; 6–10 = 3–7; 13–17 = 8–12; 20–24 = 13–17;
    #    Sat 25 – Mon 27 off; Tue 28 = 18, Wed 29 = 19; Thu 30/04, Fri 01/05 off; May 04–08 = 20–24;
    #    11–15 = 25–29; 18–22 = 30–34; 25–29 = 35–39; Mon 01/06 – Fri 05 = 40–44; Mon 08/06 = 45 → 08/06/2026.
    closed = out[out.index("Đã được trả lời: 1"):]
    assert "1. Đã trả lời đúng hạn\n   20-CV/ĐU (cv-d-da-tra-loi)" in closed
    assert "hạn trả lời: 08/06/2026" in closed
    assert "Trả lời: 03-CV/CB (cv-d-tra-loi), ngày 22/04/2026" in closed
    assert out.index("Đang chờ trả lời: 3") < out.index("Đã được trả lời: 1")


def test_due_today_and_reply_closing_on_its_date(tmp_path):
    root = _project(tmp_path)
    # On the due date of b (Fri 24/04/2026) it is due today; c is overdue by 4 (Tue 21 – Fri 24);
    # a has used Mon 13 – Fri 24 = 10 of its 35 days, so 25 are left.
    rows = open_requests(Project(root), dt.date(2026, 4, 24))
    assert [(r.key, r.status, r.days_left) for r in rows] == [
        ("cv-c-qua-han-lau", "qua-han", -4), ("cv-b-qua-han", "den-han", 0), ("cv-a-con-han", "con-han", 25)]
    assert rows[1].left_text == "hôm nay là hạn cuối"
    assert rows[0].left_text == "quá hạn 4 ngày làm việc"
    # Before the reply's date (Tue 21/04/2026) d is still open; on it, closed.
    before = deadline_report(Project(root), dt.date(2026, 4, 21), include_closed=True)
    assert "cv-d-da-tra-loi" in [r.key for r in before.open_rows]
    plain = {r.key: r for r in before.rows}["cv-d-da-tra-loi"]
    assert (plain.sent, plain.due, plain.symbol, plain.rule_key, plain.working_days) == (
        dt.date(2026, 4, 1), dt.date(2026, 6, 8), "20-CV/ĐU", "ngoai-tinh", 45)
    on = deadline_report(Project(root), dt.date(2026, 4, 22), include_closed=True)
    assert [r.key for r in on.closed_rows] == ["cv-d-da-tra-loi"]
    assert on.closed_rows[0].closed_by.key == "cv-d-tra-loi"


def test_reply_to_an_unknown_request_is_reported(tmp_path):
    root = _project(tmp_path)
    _reply(root, "cv-tra-loi-lac", 4, "2026-04-23", "99-CV/ĐU")
    result = run_vanban(root, "deadlines", "--ngay", "2026-04-28")
    assert result.returncode == 0
    assert "cv-tra-loi-lac" in result.stderr and "không tìm thấy công văn \"99-CV/ĐU\"" in result.stderr


def test_bad_date_is_a_usage_error(tmp_path):
    root = _project(tmp_path)
    result = run_vanban(root, "deadlines", "--ngay", "28/04/2026")
    assert result.returncode == 2
    assert "không phải ngày dạng NNNN-TT-NN" in result.stderr


def test_an_office_day_off_moves_the_due_date_on_the_command_line_and_the_site(tmp_path):
    # A calendar the office's van-phong.yaml changes (ngay_nghi_them) must be the one every list counts with:
    # the command line and the site's deadlines page both showed the national calendar's dates.
    root = tmp_path / "du-an"
    (root / "records").mkdir(parents=True)
    (root / "records" / "van-phong.yaml").write_text(CONFIG + "ngay_nghi_them: [2026-04-22]\n", encoding="utf-8")
    # Sent Fri 17/04/2026, 5 working days. National calendar: Mon 20 – Fri 24 = 1–5 → 24/04/2026.
    # With the office closed Wed 22/04: Mon 20 = 1, Tue 21 = 2, Thu 23 = 3, Fri 24 = 4; Sat 25, Sun 26 (Giỗ Tổ),
    # Mon 27 (nghỉ bù) off; Tue 28 = 5 → 28/04/2026. Seen on Tue 21/04: Thu 23, Fri 24, Tue 28 → 3 days left.
    _request(root, "cv-khan", 22, "2026-04-17", "khan", "đề nghị xác minh khẩn đồng chí B")
    result = run_vanban(root, "deadlines", "--ngay", "2026-04-21")
    assert result.returncode == 0, result.stderr
    assert "hạn trả lời: 28/04/2026" in result.stdout
    assert "1. Còn 3 ngày làm việc\n   22-CV/ĐU (cv-khan)" in result.stdout

    result = run_vanban(root, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    import lxml.html
    deadlines = lxml.html.fromstring((root / "site" / "thoi-han.html").read_bytes())
    rows = deadlines.xpath('//table[@id="bang-dang-cho"]//tr[td]')
    assert len(rows) == 1 and "22-CV/ĐU" in rows[0].text_content()
    due = rows[0].xpath("./td")[3].text_content()
    assert "28/04/2026" in due and "24/04/2026" not in due


def test_a_day_before_a_request_was_sent_does_not_count_it(tmp_path):
    """Looking back at 01/04/2026: the sample 18-CV/ĐU (cv-de-nghi-tham-tra-ly-lich-2026) was sent on
    14/09/2026, so that day it had no deadline; 15-CV/ĐU, sent 05/03/2026, was open."""
    from conftest import copy_project, run_vanban
    root = copy_project(tmp_path / "du-an")
    result = run_vanban(root, "deadlines", "--ngay", "2026-04-01", "--tat-ca")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "15-CV/ĐU" in out and "18-CV/ĐU" not in out, out
    assert "Đề nghị gửi sau ngày 01/04/2026 (ngày đó chưa gửi, chưa tính hạn): cv-de-nghi-tham-tra-ly-lich-2026" in out
