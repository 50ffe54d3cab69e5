"""Coordination requests (đề nghị phối hợp) and their reply deadlines.

A request is a record with `han_xu_ly: <rule key>` (a rule of records/van-phong.yaml `han_xu_ly:`, e.g.
35 working days when the relatives live in the province). It counts once it is sent: not a draft
(`trang_thai` other than `du-thao`) and dated (`ngay`). Its due date is the rule's n-th working day after
`ngay` (generator/records/workdays.py: the day of sending is day 0).

A reply is a record with `quan_he.tra_loi: <request key or số ký hiệu>`. A sent reply (not a draft, dated)
closes the request on its date (seen from an earlier "today", the request is still open); a draft reply is
shown but leaves the request open.

For the command line (`vanban deadlines`) and the site's deadlines page:

    rows = open_requests(project, today)                  # open ones, overdue first
    report = deadline_report(project, today, include_closed=True)   # rows + problems found
    due = due_date(record, config)                        # one request's due date
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.format.config import OfficeConfig, Project
from generator.format.context import RecordIndex
from generator.format.datadir import DATA_DIR
from generator.format.loading import load_records
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record
from generator.records.workdays import OfficeCalendar, add_working_days, calendar_for, working_days_between

OVERDUE, DUE_TODAY, OPEN, CLOSED = "qua-han", "den-han", "con-han", "da-tra-loi"
WORDS = DATA_DIR / "thoi-han.yaml"


@functools.lru_cache(maxsize=1)
def status_words() -> dict:
    """What a request's state is called (data/thoi-han.yaml): the CLI and the site's script read the same."""
    return yaml.safe_load(WORDS.read_text(encoding="utf-8"))


def vn_date(day: dt.date | None) -> str:
    """dd/mm/yyyy, as officials write dates in lists."""
    return day.strftime("%d/%m/%Y") if day else ""


def is_sent(record: Record) -> bool:
    """Issued (or imported as issued) and dated: the date a request starts running, a reply closes."""
    return record.meta.trang_thai != "du-thao" and record.meta.ngay is not None


@dataclass
class Reply:
    key: str
    symbol: str                 # "07-CV/CB", "" for a draft
    date: dt.date | None        # None for a draft
    sent: bool
    path: Path


@dataclass
class DeadlineRow:
    """One coordination request, in plain fields (the site renders these)."""
    key: str                    # record key (folder name)
    symbol: str                 # số ký hiệu: "15-CV/ĐU"
    subject: str                # trích yếu
    sender: str                 # issuing body as cited: "Đảng ủy xã Thuận An"
    recipients: list[str]       # kính gửi
    rule_key: str
    rule_name: str              # "Thẩm tra, xác minh khi thân nhân cư trú trong tỉnh"
    working_days: int           # the rule's number of working days
    sent: dt.date
    due: dt.date
    today: dt.date
    days_left: int              # working days after today up to the due date; negative when overdue
    status: str                 # qua-han | den-han | con-han | da-tra-loi
    path: Path
    closed_by: Reply | None = None                       # the sent reply that closed it (the earliest)
    replies: list[Reply] = field(default_factory=list)   # every reply, drafts included
    late: bool = False          # closed after the due date
    late_days: int = 0          # closed: working days after the due date up to the reply

    @property
    def open(self) -> bool:
        return self.closed_by is None

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE

    @property
    def status_text(self) -> str:
        return status_words()["trang_thai"][self.status]

    @property
    def left_text(self) -> str:
        """"còn 12 ngày làm việc", "hôm nay là hạn cuối", "quá hạn 3 ngày làm việc", "đã trả lời đúng hạn"
        (data/thoi-han.yaml: the site's script says the same from the browser's today)."""
        words = status_words()["con_lai"]
        due = vn_date(self.due)
        if self.status == CLOSED:
            if not self.late:
                return words["dung_han"]
            return (words["tra_loi_qua_han"].format(n=self.late_days) if self.late_days
                    else words["tra_loi_sau_han"].format(han=due))
        if self.status == DUE_TODAY:
            return words["hom_nay"]
        if self.status == OPEN:
            return words["con"].format(n=self.days_left)
        if self.days_left:
            return words["qua_han"].format(n=-self.days_left)
        return words["qua_han_ngay_nghi"].format(han=due)   # a weekend or holiday right after the due date


@dataclass
class DeadlineReport:
    today: dt.date
    rows: list[DeadlineRow]                  # open first (overdue first, by due date), then closed
    problems: list[Diagnostic] = field(default_factory=list)   # unreadable records, unknown rules, …
    unsent: list[str] = field(default_factory=list)             # draft requests: no deadline yet
    later: list[str] = field(default_factory=list)              # sent after the day asked about

    @property
    def open_rows(self) -> list[DeadlineRow]:
        return [r for r in self.rows if r.open]

    @property
    def closed_rows(self) -> list[DeadlineRow]:
        return [r for r in self.rows if not r.open]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "loi" for p in self.problems)


def rule_of(record: Record, config: OfficeConfig):
    rule = config.deadline_rules.get(record.meta.han_xu_ly)
    if rule is None:
        known = ", ".join(config.deadline_rules) or "(chưa khai quy tắc nào)"
        raise VanbanError(f"han_xu_ly: không có quy tắc thời hạn \"{record.meta.han_xu_ly}\" trong mục han_xu_ly "
                          f"của {config.path.name}; có: {known}", record.path, record.line_of("han_xu_ly"))
    return rule


def due_date(record: Record, config: OfficeConfig, calendar: OfficeCalendar | None = None) -> dt.date | None:
    """The due date of a sent request (None for a draft or a record without `han_xu_ly`)."""
    if not record.meta.han_xu_ly or not is_sent(record):
        return None
    rule = rule_of(record, config)
    return add_working_days(record.meta.ngay, rule.ngay_lam_viec, config, calendar)   # office calendar if none given


def _reply(record: Record, index: RecordIndex) -> Reply:
    return Reply(record.key, index.symbol_of(record) if is_sent(record) else "", record.meta.ngay if is_sent(record)
                 else None, is_sent(record), record.path)


def deadline_report(project: Project, today: dt.date, include_closed: bool = False,
                    config: OfficeConfig | None = None, records: dict[str, Record] | None = None,
                    sent_by_today: bool = False) -> DeadlineReport:
    """Every sent request of the project with its due date and its replies, as of `today`.

    `records`: already parsed records (the site has them), instead of parsing the project again.
    `sent_by_today`: a request dated after `today` was not sent yet that day (`vanban deadlines --ngay`
    looking back): listed apart, not counted. The site keeps every request (its pages count in the browser)."""
    config = config or project.config()
    calendar = calendar_for(config)
    if records is None:
        records, problems, _failed = load_records(project, config)
    else:
        problems = []
    index = RecordIndex(records, config)
    report = DeadlineReport(today, [], list(problems))

    replies: dict[str, list[Record]] = {}
    for record in records.values():
        target = record.meta.quan_he.tra_loi
        if not target:
            continue
        request = index.resolve(target)
        if request is None:
            report.problems.append(Diagnostic(f"quan_he.tra_loi: không tìm thấy công văn \"{target}\" được trả lời",
                                              record.path, record.line_of("quan_he.tra_loi"), "canh-bao"))
        elif request is not record:
            replies.setdefault(request.key, []).append(record)

    for record in records.values():
        if not record.meta.han_xu_ly:
            continue
        if not is_sent(record):
            report.unsent.append(record.key)
            continue
        if sent_by_today and record.meta.ngay > today:
            report.later.append(record.key)
            continue
        try:
            rule = rule_of(record, config)
        except VanbanError as exc:
            report.problems.extend(exc.diagnostics)
            continue
        due = add_working_days(record.meta.ngay, rule.ngay_lam_viec, calendar=calendar)
        answers = sorted((_reply(r, index) for r in replies.get(record.key, [])),
                         key=lambda a: (not a.sent, a.date or dt.date.max, a.key))
        # Closed on the reply's date: looking at an earlier day (--ngay), the request was still open.
        closing = next((a for a in answers if a.sent and a.date <= today), None)
        if closing is not None and closing.date < record.meta.ngay:
            report.problems.append(Diagnostic(
                f"công văn trả lời đề ngày {vn_date(closing.date)}, trước ngày gửi đề nghị "
                f"{vn_date(record.meta.ngay)} ({record.key})", closing.path, None, "canh-bao"))
        body = config.body(record.meta.co_quan)
        row = DeadlineRow(
            key=record.key, symbol=index.symbol_of(record), subject=record.meta.trich_yeu,
            sender=(body.ten_goi or body.ten) if body else record.meta.co_quan,
            recipients=list(record.meta.kinh_gui), rule_key=rule.key, rule_name=rule.ten,
            working_days=rule.ngay_lam_viec, sent=record.meta.ngay, due=due, today=today,
            days_left=working_days_between(today, due, calendar=calendar),
            status=OPEN, path=record.path, closed_by=closing, replies=answers)
        if closing is not None:
            row.status = CLOSED
            row.late = closing.date > due
            row.late_days = max(0, working_days_between(due, closing.date, calendar=calendar))
            if not include_closed:
                continue
        elif today > due:
            row.status = OVERDUE
        elif today == due:
            row.status = DUE_TODAY
        report.rows.append(row)

    # Overdue first: the earliest due date is the most overdue; closed ones after, latest reply first.
    open_rows = sorted((r for r in report.rows if r.open), key=lambda r: (r.due, r.sent, r.key))
    closed = sorted((r for r in report.rows if not r.open), key=lambda r: (r.closed_by.date, r.key), reverse=True)
    report.rows = open_rows + closed
    return report


def open_requests(project: Project, today: dt.date | None = None) -> list[DeadlineRow]:
    """Open coordination requests as of `today` (default: the computer's date), overdue first."""
    return deadline_report(project, today or dt.date.today()).open_rows
