"""`vanban deadlines [--ngay YYYY-MM-DD] [--tat-ca]`: open coordination requests, overdue first."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from generator.format.config import Project
from generator.model.errors import EXIT_BAD_INPUT, EXIT_OK
from generator.records.deadlines import DeadlineReport, DeadlineRow, deadline_report, vn_date
from generator.records.workdays import COUNTING_RULE


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"\"{text}\" không phải ngày dạng NNNN-TT-NN (ví dụ 2026-11-24)")


def register(sub) -> None:
    p = sub.add_parser("deadlines", help="thời hạn trả lời các đề nghị phối hợp (quá hạn trước)",
                       description="Liệt kê các công văn đề nghị phối hợp (có han_xu_ly) chưa được trả lời: ngày "
                                   "gửi, hạn trả lời, số ngày làm việc còn lại; quá hạn lên đầu. Công văn trả lời "
                                   "(quan_he: tra_loi) đã ban hành thì đề nghị được coi là đã xong. "
                                   + COUNTING_RULE)
    p.add_argument("--ngay", type=_day, metavar="NNNN-TT-NN",
                   help="tính đến ngày này thay cho hôm nay (để xem trước hoặc đối chiếu)")
    p.add_argument("--tat-ca", action="store_true", help="liệt kê cả các đề nghị đã được trả lời")
    p.set_defaults(func=run)


def _request_lines(n: int, row: DeadlineRow) -> list[str]:
    name = f"{row.symbol} ({row.key})" if row.symbol else row.key
    to = ", ".join(row.recipients)
    head = row.left_text.upper() if row.overdue else row.left_text[0].upper() + row.left_text[1:]
    lines = [f"{n}. {head}",
             f"   {name}: {row.subject}" if row.subject else f"   {name}",
             f"   {row.sender} gửi {to}" if to else f"   {row.sender}",
             f"   Ngày gửi: {vn_date(row.sent)}; thời hạn: {row.working_days} ngày làm việc ({row.rule_name}); "
             f"hạn trả lời: {vn_date(row.due)}"]
    for reply in row.replies:
        if reply is row.closed_by:
            lines.append(f"   Trả lời: {reply.symbol or reply.key} ({reply.key}), ngày {vn_date(reply.date)}")
        elif reply.sent:
            label = "Trả lời sau ngày đang xem" if reply.date > row.today else "Trả lời thêm"
            lines.append(f"   {label}: {reply.symbol or reply.key} ({reply.key}), ngày {vn_date(reply.date)}")
        else:
            lines.append(f"   Dự thảo trả lời: {reply.key} (chưa ban hành)")
    return lines


def render(report: DeadlineReport, include_closed: bool) -> str:
    out = [f"Thời hạn trả lời đề nghị phối hợp, tính đến ngày {vn_date(report.today)}", COUNTING_RULE, ""]
    open_rows = report.open_rows
    overdue = sum(r.overdue for r in open_rows)
    if open_rows:
        out.append(f"Đang chờ trả lời: {len(open_rows)} (quá hạn: {overdue})")
        for n, row in enumerate(open_rows, 1):
            out += [""] + _request_lines(n, row)
    else:
        out.append("Không có đề nghị phối hợp nào đang chờ trả lời.")
    if include_closed:
        closed = report.closed_rows
        out += ["", f"Đã được trả lời: {len(closed)}" if closed else "Chưa có đề nghị nào được trả lời."]
        for n, row in enumerate(closed, 1):
            out += [""] + _request_lines(n, row)
    if report.unsent:
        out += ["", f"Đề nghị còn là dự thảo (chưa tính hạn): {', '.join(sorted(report.unsent))}"]
    if report.later:
        out += ["", f"Đề nghị gửi sau ngày {vn_date(report.today)} (ngày đó chưa gửi, chưa tính hạn): "
                    f"{', '.join(sorted(report.later))}"]
    return "\n".join(out) + "\n"


def run(args) -> int:
    project = Project(args.thu_muc)
    today = args.ngay or dt.date.today()
    report = deadline_report(project, today, include_closed=args.tat_ca, sent_by_today=True)
    for problem in report.problems:
        print(str(problem), file=sys.stderr)
    sys.stdout.write(render(report, args.tat_ca))
    return EXIT_BAD_INPUT if report.has_errors else EXIT_OK
