"""Working days (ngày làm việc) of a Vietnamese office, for coordination deadlines.

Counting convention (used by `vanban deadlines` and the site; `COUNTING_RULE` says it in Vietnamese):
the day a request is sent is day 0, and the deadline of an n-working-day rule is the n-th working day
AFTER it. A request sent on a Saturday still counts from that Saturday: its first working day is the
next working day.

A working day is Monday to Friday, except:
- public holidays of the `holidays` package's Vietnam calendar (Bộ luật Lao động 2019 Điều 112):
  Tết Dương lịch, Tết Nguyên Đán (with the 29/mùng 5 days that replace Tết days falling on a weekend),
  Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 1/5, Quốc khánh (2 days), their "nghỉ bù" observed days, and the
  weekdays the government swaps with a Saturday each year (`special_public_holidays` in
  holidays/countries/vietnam.py);
- days the office lists under `ngay_nghi_them:` in records/van-phong.yaml.
Saturdays and Sundays are not working days, except:
- the make-up Saturdays of those government swaps (the library's `weekend_workdays`, e.g. 26/4/2025,
  22/8/2026);
- days the office lists under `ngay_lam_bu:` (a weekday listed there is a working day even if the
  calendar has a holiday on it).

All the rules above come from the library; this module only adds the office's own lists, through the
library's documented extension point (a subclass that overrides `_populate(year)`), so the library's
`get_nth_working_day` and `get_working_days_count` do the counting. Swap days are only known once the
government announces them: upgrade `holidays` every year (pinned in pyproject.toml) or list the days
in van-phong.yaml.

24/11 "Ngày Văn hóa Việt Nam": `holidays` 0.109 adds it from 2026 on (Vietnam._populate_public_holidays,
citing Resolution 80-NQ/TW), with a "nghỉ bù" day when it falls on a weekend. When that release was
made its status as a paid holiday was a proposal to amend Điều 112 (Nghị quyết 30/NQ-CP, 02/2026; see
tech-notes §6), not yet law. An office that does not observe it writes `ngay_van_hoa_viet_nam: false`
in van-phong.yaml, which removes that day and its "nghỉ bù" day in every year (or lists a single year's
date under `ngay_lam_bu:`).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from holidays.countries.vietnam import Vietnam

from generator.format.config import OfficeConfig
from generator.model.errors import VanbanError

# The 24/11 holiday's name in the library's Vietnamese calendar; its observed day is "… (nghỉ bù)".
CULTURAL_DAY = "Ngày Văn hóa Việt Nam"
CULTURAL_DAY_KEY = "ngay_van_hoa_viet_nam"   # van-phong.yaml switch (default: follow the library)
OFFICE_DAY_OFF = "Ngày nghỉ của cơ quan"

COUNTING_RULE = ("Cách tính: ngày gửi công văn là ngày 0; hạn trả lời là ngày làm việc thứ N sau ngày gửi "
                 "(không tính thứ Bảy, Chủ nhật, ngày lễ, Tết, ngày nghỉ bù, ngày nghỉ hoán đổi và ngày nghỉ "
                 "riêng của cơ quan; thứ Bảy làm bù được tính là ngày làm việc).")


class OfficeCalendar(Vietnam):
    """The library's Vietnam calendar (Vietnamese names) plus the office's own days off and work days."""

    def __init__(self, days_off: Iterable[dt.date] = (), work_days: Iterable[dt.date] = (),
                 cultural_day: bool = True, **kwargs):
        # Set before the base __init__, which may populate years and so call _populate.
        self.office_days_off = frozenset(days_off)
        self.office_work_days = frozenset(work_days)
        self.cultural_day = cultural_day
        self._counts: dict[int, list[int]] = {}     # year → working days before each of its days
        kwargs.setdefault("language", "vi")
        super().__init__(**kwargs)

    def _populate(self, year: int) -> None:
        super()._populate(year)
        if not self.cultural_day and any(d.year == year for d in self.get_named(CULTURAL_DAY, lookup="startswith")):
            self.pop_named(CULTURAL_DAY, lookup="startswith")
        for day in self.office_days_off:
            if day.year == year:
                self[day] = OFFICE_DAY_OFF     # named, so the day says why it is skipped

    def is_working_day(self, key) -> bool:
        # get_nth_working_day and get_working_days_count both ask this method.
        day = self.__keytransform__(key)      # also expands the calendar to that year
        if day in self.office_work_days:
            return True
        if day in self.office_days_off:
            return False
        return super().is_working_day(day)

    def get_working_days_count(self, start, end) -> int:
        """The library's count (working days in [start, end], by is_working_day), from a table per year
        made once: the deadlines page counts days left for every request (the library asks day by day)."""
        dt1, dt2 = self.__keytransform__(start), self.__keytransform__(end)
        if dt1 > dt2:
            dt1, dt2 = dt2, dt1
        total = 0
        for year in range(dt1.year, dt2.year + 1):
            counts = self._year_counts(year)
            first = dt.date(year, 1, 1)
            lo = (dt1 - first).days if year == dt1.year else 0
            hi = (dt2 - first).days + 1 if year == dt2.year else len(counts) - 1
            total += counts[hi] - counts[lo]
        return total

    def _year_counts(self, year: int) -> list[int]:
        counts = self._counts.get(year)
        if counts is None:
            for other in (year - 1, year + 1):     # expanded first, should one add a day to this year
                dt.date(other, 6, 1) in self       # noqa: B015 — `in` expands the calendar to that year
            first = dt.date(year, 1, 1)
            counts = [0]
            for i in range((dt.date(year + 1, 1, 1) - first).days):
                counts.append(counts[-1] + self.is_working_day(first + dt.timedelta(days=i)))
            self._counts[year] = counts
        return counts


def calendar_for(config: OfficeConfig | None) -> OfficeCalendar:
    """The office calendar from van-phong.yaml (`ngay_nghi_them`, `ngay_lam_bu`, `ngay_van_hoa_viet_nam`)."""
    if config is None:
        return OfficeCalendar()
    cultural = config.raw.get(CULTURAL_DAY_KEY, True)
    if not isinstance(cultural, bool):
        raise VanbanError(f"{CULTURAL_DAY_KEY}: chỉ nhận true (nghỉ ngày 24/11 theo lịch nghỉ lễ) hoặc false "
                          f"(không nghỉ), không phải \"{cultural}\"", config.path, config.lines.get(CULTURAL_DAY_KEY))
    both = set(config.extra_days_off) & set(config.extra_work_days)
    if both:
        days = ", ".join(d.strftime("%d/%m/%Y") for d in sorted(both))
        raise VanbanError(f"ngày {days} vừa ở ngay_nghi_them vừa ở ngay_lam_bu", config.path,
                          config.lines.get("ngay_lam_bu"))
    return OfficeCalendar(config.extra_days_off, config.extra_work_days, cultural)


def _calendar(calendar: OfficeCalendar | None, config: OfficeConfig | None) -> OfficeCalendar:
    """The calendar given, else the office's. Not `calendar or …`: a calendar is a dict of the holidays of the
    years it has looked at, so a new one is empty, hence false, and the office's days would be dropped."""
    return calendar if calendar is not None else calendar_for(config)


def add_working_days(start: dt.date, n: int, config: OfficeConfig | None = None,
                     calendar: OfficeCalendar | None = None) -> dt.date:
    """The n-th working day after `start` (day 0 is `start` itself, whatever kind of day it is).

    n = 0 gives `start`. Negative n counts backwards.
    """
    if n == 0:
        return start
    cal = _calendar(calendar, config)
    return cal.get_nth_working_day(start, n)


def working_days_between(a: dt.date, b: dt.date, config: OfficeConfig | None = None,
                         calendar: OfficeCalendar | None = None) -> int:
    """Working days d with a < d <= b (negative, counted the same way, when b is before a).

    The inverse of add_working_days: working_days_between(a, add_working_days(a, n)) == n.
    """
    if a == b:
        return 0
    cal = _calendar(calendar, config)
    if a < b:
        return cal.get_working_days_count(a + dt.timedelta(days=1), b)
    return -cal.get_working_days_count(b + dt.timedelta(days=1), a)


def is_working_day(day: dt.date, config: OfficeConfig | None = None,
                   calendar: OfficeCalendar | None = None) -> bool:
    return _calendar(calendar, config).is_working_day(day)
