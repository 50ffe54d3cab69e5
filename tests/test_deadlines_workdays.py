"""Working-day deadlines on the real `holidays` Vietnam calendar.

Every expected date below is worked out by hand, day by day, from the holiday list of that year
(Bộ luật Lao động 2019 Điều 112 and the government's swap notices, as listed in tech-notes §6 and
format-rules §5.3). Convention: the day of sending is day 0; the deadline is the n-th working day after it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.format.config import load_config
from generator.model.errors import VanbanError
from generator.records.workdays import add_working_days, calendar_for, is_working_day, working_days_between

D = dt.date


def _config(tmp_path: Path, extra: str = ""):
    path = tmp_path / "van-phong.yaml"
    path.write_text("dia_danh: Thuận An\nco_quan: {}\nnguoi_ky: {}\nhan_xu_ly: {}\n" + extra, encoding="utf-8")
    return load_config(path)


def test_tet_2026():
    # Tết Bính Ngọ 2026: mùng 1 = Tue 17/02. Days off (5, Điều 112): Giao thừa Mon 16/02, mùng 1–4 Tue 17 – Fri 20/02
    # (the government's 9-day break Sat 14 – Sun 22/02 is these five weekdays plus two weekends).
    # Sent Fri 06/02/2026 (day 0), 10 working days:
    #   Mon 09 = 1, Tue 10 = 2, Wed 11 = 3, Thu 12 = 4, Fri 13 = 5; Sat 14, Sun 15 weekend;
    #   Mon 16 – Fri 20 Tết; Sat 21, Sun 22 weekend;
    #   Mon 23 = 6, Tue 24 = 7, Wed 25 = 8, Thu 26 = 9, Fri 27 = 10  →  Fri 27/02/2026.
    assert add_working_days(D(2026, 2, 6), 10) == D(2026, 2, 27)
    # Without Tết it would have been Fri 20/02; the five Tết days push it exactly one week.
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1   # only Mon 23 counts
    for day in (16, 17, 18, 19, 20):
        assert not is_working_day(D(2026, 2, day))


def test_holiday_on_a_weekend_gets_its_observed_day():
    # Giỗ Tổ Hùng Vương 2026 (10/3 âm lịch) falls on Sun 26/04/2026, so Mon 27/04 is its "nghỉ bù" day;
    # then Thu 30/04 (Ngày Chiến thắng) and Fri 01/05 (Quốc tế Lao động). No swap for 30/4–1/5 in 2026.
    # Sent Fri 24/04/2026 (day 0), 3 working days:
    #   Sat 25 weekend; Sun 26 Giỗ Tổ (weekend anyway); Mon 27 nghỉ bù;
    #   Tue 28 = 1, Wed 29 = 2; Thu 30/04 and Fri 01/05 holidays; Sat 02, Sun 03 weekend;
    #   Mon 04/05 = 3  →  Mon 04/05/2026.
    assert add_working_days(D(2026, 4, 24), 3) == D(2026, 5, 4)
    assert not is_working_day(D(2026, 4, 27))


def test_make_up_saturday_counts_2025():
    # 2025: Fri 02/05 was made a day off, swapped with Saturday 26/04/2025, which was worked (make-up Saturday).
    # Holidays around it: Wed 30/04, Thu 01/05 (and Giỗ Tổ was Mon 07/04, before the window).
    # Sent Thu 24/04/2025 (day 0), 5 working days:
    #   Fri 25 = 1; Sat 26 make-up Saturday = 2; Sun 27 weekend; Mon 28 = 3, Tue 29 = 4;
    #   Wed 30/04, Thu 01/05 holidays; Fri 02/05 swapped day off; Sat 03, Sun 04 weekend;
    #   Mon 05/05 = 5  →  Mon 05/05/2025.
    assert add_working_days(D(2025, 4, 24), 5) == D(2025, 5, 5)
    # A request sent on Friday 25/04/2025 with 1 working day is due on that Saturday.
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)


def test_make_up_saturday_and_national_day_2026():
    # Quốc khánh 2026: Tue 01/09 and Wed 02/09 (two days since 2021), plus Mon 31/08 off, swapped with
    # Saturday 22/08/2026 (worked).
    # Sent Fri 21/08/2026 (day 0), 8 working days:
    #   Sat 22 make-up Saturday = 1; Sun 23 weekend; Mon 24 = 2, Tue 25 = 3, Wed 26 = 4, Thu 27 = 5, Fri 28 = 6;
    #   Sat 29, Sun 30 weekend; Mon 31/08 swapped day off; Tue 01/09, Wed 02/09 Quốc khánh;
    #   Thu 03/09 = 7, Fri 04/09 = 8  →  Fri 04/09/2026.
    assert add_working_days(D(2026, 8, 21), 8) == D(2026, 9, 4)


def test_request_across_the_year_boundary_into_tet_2027():
    # Sent Tue 15/12/2026 (day 0), 45 working days (thân nhân ngoài tỉnh).
    # December 2026 (no holiday after 24/11; Christmas is not one):
    #   Wed 16 = 1, Thu 17 = 2, Fri 18 = 3; Mon 21 – Fri 25 = 4–8; Mon 28 – Thu 31 = 9–12.
    # January 2027: Fri 01/01 Tết Dương lịch; Mon 04 – Fri 08 = 13–17; 11–15 = 18–22; 18–22 = 23–27;
    #   25–29 = 28–32.
    # February 2027, Tết Đinh Mùi: mùng 1 = Sat 06/02. Giao thừa Fri 05, mùng 1 Sat 06, mùng 2 Sun 07,
    #   mùng 3 Mon 08, mùng 4 Tue 09; the Saturday's day moves to the weekday before (Thu 04, "29 Tết")
    #   and the Sunday's to the next free weekday (Wed 10, "mùng 5") — Điều 112 plus nghỉ bù, not yet
    #   announced by the government for 2027.
    #   Mon 01 = 33, Tue 02 = 34, Wed 03 = 35; Thu 04 – Wed 10 off (Tết and the weekend);
    #   Thu 11 = 36, Fri 12 = 37; Mon 15 – Fri 19 = 38–42; Mon 22 = 43, Tue 23 = 44, Wed 24 = 45
    #   →  Wed 24/02/2027.
    assert add_working_days(D(2026, 12, 15), 45) == D(2027, 2, 24)
    # The 35-day rule from the same day ends the day before Tết starts: Wed 03/02/2027 (count above).
    assert add_working_days(D(2026, 12, 15), 35) == D(2027, 2, 3)


def test_year_boundary_with_the_office_swap_list(tmp_path):
    # New Year 2026 for the public sector: Thu 01/01 holiday, and the government swapped Fri 02/01 (day off)
    # with Sat 10/01 (worked) on 25/12/2025 — a swap `holidays` 0.109 does not know, so the office lists it.
    config = _config(tmp_path, "ngay_nghi_them: [2026-01-02]\nngay_lam_bu: [2026-01-10]\n")
    # Sent Wed 10/12/2025 (day 0), 21 working days:
    #   Thu 11 = 1, Fri 12 = 2; Mon 15 – Fri 19 = 3–7; Mon 22 – Fri 26 = 8–12; Mon 29 = 13, Tue 30 = 14, Wed 31 = 15;
    #   Thu 01/01 Tết Dương lịch; Fri 02/01 office day off; Sat 03, Sun 04 weekend;
    #   Mon 05 = 16, Tue 06 = 17, Wed 07 = 18, Thu 08 = 19, Fri 09 = 20, Sat 10 worked = 21  →  Sat 10/01/2026.
    assert add_working_days(D(2025, 12, 10), 21, config) == D(2026, 1, 10)
    # Library calendar alone: Fri 02/01 = 16, Mon 05 – Fri 09 = 17–21  →  Fri 09/01/2026.
    assert add_working_days(D(2025, 12, 10), 21) == D(2026, 1, 9)
    # 35 working days: … Sat 10 = 21; Mon 12 – Fri 16 = 22–26; 19–23 = 27–31; Mon 26 = 32, Tue 27 = 33,
    #   Wed 28 = 34, Thu 29 = 35  →  Thu 29/01/2026 (the swap moves days, not the count over a full month).
    assert add_working_days(D(2025, 12, 10), 35, config) == D(2026, 1, 29)
    assert working_days_between(D(2025, 12, 10), D(2026, 1, 29), config) == 35


def test_counting_convention_and_inverse():
    # Day 0 is the day of sending, even on a weekend: sent Sat 07/03/2026, 1 working day → Mon 09/03.
    assert add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 9), 0) == D(2026, 3, 9)
    # Between: working days d with a < d <= b; negative backwards. Tết 2026 example: 10 each way.
    assert working_days_between(D(2026, 2, 6), D(2026, 2, 27)) == 10
    assert working_days_between(D(2026, 2, 27), D(2026, 2, 6)) == -10
    assert working_days_between(D(2026, 2, 27), D(2026, 2, 27)) == 0
    # A Friday due date seen on Saturday: overdue by date, 0 working days later.
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 14)) == 0


def test_cultural_day_24_11_can_be_dropped(tmp_path):
    # holidays 0.109 lists 24/11 "Ngày Văn hóa Việt Nam" from 2026 (a proposal in early 2026, tech-notes §6).
    # Sent Mon 23/11/2026, 1 working day: Tue 24/11 holiday → Wed 25/11/2026.
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)
    config = _config(tmp_path, "ngay_van_hoa_viet_nam: false\n")
    # The office does not observe it: Tue 24/11/2026 is a working day.
    assert add_working_days(D(2026, 11, 23), 1, config) == D(2026, 11, 24)
    # 2029: 24/11 is a Saturday; its nghỉ bù Mon 26/11 goes too (sent Fri 23/11/2029, 1 day → Mon 26/11).
    assert add_working_days(D(2029, 11, 23), 1) == D(2029, 11, 27)
    assert add_working_days(D(2029, 11, 23), 1, config) == D(2029, 11, 26)
    # Other holidays stay: Tết 2026 as above.
    assert add_working_days(D(2026, 2, 6), 10, config) == D(2026, 2, 27)


def test_office_days_off_and_work_days(tmp_path):
    # The office closes Fri 13/03/2026 (its own day off) and works Sat 21/03/2026.
    config = _config(tmp_path, "ngay_nghi_them: [2026-03-13]\nngay_lam_bu: [2026-03-21]\n")
    # Sent Wed 11/03/2026, 5 working days: Thu 12 = 1; Fri 13 office day off; Mon 16 = 2, Tue 17 = 3,
    #   Wed 18 = 4, Thu 19 = 5  →  Thu 19/03/2026. And 7: Fri 20 = 6, Sat 21 worked = 7  →  Sat 21/03/2026.
    assert add_working_days(D(2026, 3, 11), 5, config) == D(2026, 3, 19)
    assert add_working_days(D(2026, 3, 11), 7, config) == D(2026, 3, 21)
    cal = calendar_for(config)
    assert cal.get(D(2026, 3, 13)) == "Ngày nghỉ của cơ quan"
    # A second calendar without the lists is not affected (no shared state in the library's sets).
    assert add_working_days(D(2026, 3, 11), 7) == D(2026, 3, 20)


@pytest.mark.parametrize("extra, message", [
    ("ngay_van_hoa_viet_nam: có\n", "ngay_van_hoa_viet_nam"),
    ("ngay_nghi_them: [2026-03-13]\nngay_lam_bu: [2026-03-13]\n", "vừa ở ngay_nghi_them vừa ở ngay_lam_bu"),
])
def test_bad_calendar_config_names_the_file(tmp_path, extra, message):
    config = _config(tmp_path, extra)
    with pytest.raises(VanbanError) as err:
        calendar_for(config)
    assert message in str(err.value) and "van-phong.yaml:" in str(err.value)


def test_counts_from_the_year_tables_are_the_librarys_day_by_day_counts(tmp_path):
    """The office calendar counts from a table per year (the deadlines page counts for every request);
    the library's own count, asking each day, is the reference: every range from 2024 to 2028 that
    starts or ends near a holiday, an office day off or work day, or a year's end, both ways."""
    from holidays.holiday_base import HolidayBase
    config = _config(tmp_path, "ngay_nghi_them: [2026-01-02, 2026-12-31]\nngay_lam_bu: [2026-01-10, 2027-01-02]\n")
    fast, reference = calendar_for(config), calendar_for(config)
    for year in range(2024, 2029):
        assert D(year, 1, 1) in reference           # the library's holidays of these years (Tết Dương lịch)
    edges = sorted({d + dt.timedelta(days=k) for d in [*reference.get_named("", lookup="contains"),
                                                      *config.extra_days_off, *config.extra_work_days,
                                                      D(2024, 12, 31), D(2026, 12, 31), D(2027, 12, 31)]
                    for k in (-1, 0, 1) if D(2024, 1, 1) <= d <= D(2028, 12, 31)})
    pairs = [(a, b) for i, a in enumerate(edges) for b in edges[i::7]]
    for a, b in pairs:
        assert fast.get_working_days_count(a, b) == HolidayBase.get_working_days_count(reference, a, b), (a, b)
        assert fast.get_working_days_count(b, a) == HolidayBase.get_working_days_count(reference, b, a), (b, a)
    assert len(pairs) > 1000
