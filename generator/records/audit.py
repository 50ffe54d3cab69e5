"""The audit trail (nhật ký): one append-only JSON-lines file, records/nhat-ky.jsonl.

One line per event, with time, user, the record it concerns and the details. Events:
tao (created), phien-ban (snapshot), ban-hanh (issued), giu-so (number reserved), huy-so (number
voided), bi-thay-the (replaced by an issued record), bi-sua-doi (amended by an issued record).
Events of one issuing share its transaction id (`giao_dich`), which crash recovery uses to
finish an interrupted issue without writing an event twice. Appends happen under the office
lock (generator/records/lock.py); `vanban history` shows the events of a record, `vanban verify` checks
the chain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.format.config import Project
from generator.records.ledger import CHAIN_START, append_durable, chain, current_user, now

LOG_NAME = "nhat-ky.jsonl"

LABELS = {
    "tao": "tạo hồ sơ",
    "phien-ban": "chụp phiên bản",
    "ban-hanh": "ban hành",
    "giu-so": "giữ số",
    "huy-so": "hủy số",
    "bi-thay-the": "bị thay thế",
    "bi-sua-doi": "được sửa đổi, bổ sung",
}


@dataclass
class Event:
    thoi_gian: str
    nguoi: str
    su_kien: str
    ho_so: str | None = None
    chi_tiet: dict = field(default_factory=dict)
    giao_dich: str | None = None
    kiem_tra: str = ""
    line: int = 0

    def payload(self) -> dict:
        return {"thoi_gian": self.thoi_gian, "nguoi": self.nguoi, "su_kien": self.su_kien,
                "ho_so": self.ho_so, "chi_tiet": self.chi_tiet, "giao_dich": self.giao_dich}

    def describe(self) -> str:
        """One Vietnamese line: what happened, without the time and the user."""
        d = self.chi_tiet
        label = LABELS.get(self.su_kien, self.su_kien)
        if self.su_kien == "phien-ban":
            return f"{label} {d.get('phien_ban')}: {d.get('ghi_chu', '')}".rstrip(": ")
        if self.su_kien == "ban-hanh":
            what = f"số {d['so_ky_hieu']}" if d.get("so_ky_hieu") else "(không đánh số)"
            extra = f", kèm theo {d['kem_theo']}" if d.get("kem_theo") else ""
            return f"{label} {what}, ngày {d.get('ngay', '')}, phiên bản {d.get('phien_ban')}{extra}"
        if self.su_kien in ("giu-so", "huy-so"):
            reason = f" — lý do: {d['ly_do']}" if d.get("ly_do") else ""
            note = f" — {d['ghi_chu']}" if d.get("ghi_chu") else ""
            return f"{label} {d.get('so_ky_hieu', '')}{note}{reason}"
        if self.su_kien in ("bi-thay-the", "bi-sua-doi"):
            return f"{label} bởi {d.get('so_ky_hieu') or d.get('boi')} (hồ sơ {d.get('boi')})"
        return label


def log_path(project: Project) -> Path:
    return project.records_dir / LOG_NAME


def _line(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def read_events(project: Project) -> tuple[list[Event], list[str]]:
    """All events, oldest first, and the problems found reading them (bad lines, a broken chain)."""
    path = log_path(project)
    events: list[Event] = []
    problems: list[str] = []
    if not path.exists():
        return events, problems
    previous = CHAIN_START
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            raw = json.loads(text)
            check = raw.pop("kiem_tra")
            event = Event(**raw, kiem_tra=check, line=number)
        except (ValueError, TypeError, KeyError):
            problems.append(f"{path}:{number}: dòng nhật ký không đọc được (đã bị sửa tay?)")
            continue
        if chain(previous, _line(event.payload())) != check:
            problems.append(f"{path}:{number}: dòng nhật ký đã bị sửa hoặc dòng trước nó bị xóa "
                            "(mã kiểm tra không khớp)")
        previous = check
        events.append(event)
    return events, problems


def last_check(project: Project) -> str:
    path = log_path(project)
    if not path.exists():
        return CHAIN_START
    lines = [t for t in path.read_text(encoding="utf-8").splitlines() if t.strip()]
    if not lines:
        return CHAIN_START
    try:
        return json.loads(lines[-1])["kiem_tra"]
    except (ValueError, KeyError, TypeError):
        return CHAIN_START


def make_event(kind: str, key: str | None, user: str | None = None, transaction: str | None = None,
               **details) -> Event:
    return Event(thoi_gian=now(), nguoi=current_user(user), su_kien=kind, ho_so=key,
                 chi_tiet={k: v for k, v in details.items() if v is not None}, giao_dich=transaction)


def append(project: Project, events: list[Event], crash_point: str | None = None) -> None:
    """Append events in one durable write. The caller holds the office lock."""
    if not events:
        return
    previous = last_check(project)
    lines = []
    for event in events:
        payload = event.payload()
        event.kiem_tra = chain(previous, _line(payload))
        previous = event.kiem_tra
        lines.append(_line({**payload, "kiem_tra": event.kiem_tra}) + "\n")
    path = log_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    append_durable(path, "".join(lines).encode("utf-8"), crash_point)


def events_for(project: Project, key: str) -> list[Event]:
    events, _ = read_events(project)
    return [e for e in events if e.ho_so == key]
