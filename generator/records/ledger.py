"""Append-only files (the register, the audit log), content hashes and who-did-it.

An append-only file is only ever extended, never rewritten, so a bug or a crash can never destroy
rows already written. Each append is one `write` of whole lines followed by `fsync`; a crash in the
middle of it can leave at most one torn last line (no final newline), which `repair_tail` cuts off
under the office lock before anything else reads or appends: that line was never committed.

Each line carries a chain check (`chain`): a short hash of the previous line's check and this
line's content, so a row deleted or edited later (say, in Excel) is found by `vanban verify`.
This is tamper evidence against accidents, not a signature.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from pathlib import Path

from generator.model.errors import VanbanError
from generator.records.hooks import crash_half_way

CHAIN_START = "0" * 16
BUFFER = 1 << 20


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(BUFFER), b""):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chain(previous: str, payload: str) -> str:
    """The check of a line: 16 hex digits of sha256(previous check + the line's content)."""
    return hashlib.sha256(f"{previous}\n{payload}".encode("utf-8")).hexdigest()[:16]


def current_user(explicit: str | None = None) -> str:
    """Who is acting: --nguoi, else the login name (USERNAME on Windows, USER elsewhere)."""
    if explicit and explicit.strip():
        return explicit.strip()
    for var in ("USERNAME", "USER", "LOGNAME"):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "không rõ"


def now() -> str:
    """Local time with its UTC offset, to the second: "2026-11-24T09:30:05+07:00"."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (POSIX; Windows has no directory handles)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def repair_tail(path: Path) -> bool:
    """Cut a torn last line (a crash mid-append). Returns True when something was cut."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    if size == 0:
        return False
    with path.open("r+b") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return False
        fh.seek(0)
        data = fh.read()
        keep = data.rfind(b"\n") + 1
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
    return True


def append_durable(path: Path, data: bytes, crash_point: str | None = None) -> None:
    """Append whole lines and fsync. `crash_point` names a test hook that dies half-way (see hooks)."""

    new = not path.exists()
    try:
        fh = path.open("ab")
    except PermissionError:
        raise VanbanError(f"không ghi được vào {path.name}: tệp đang mở (Excel?) hoặc bị khóa. Hãy đóng tệp "
                          "rồi chạy lại; chưa có gì thay đổi.", path) from None
    with fh:
        if crash_point and crash_half_way(crash_point):
            fh.write(data[: max(1, len(data) // 2)])
            fh.flush()
            os.fsync(fh.fileno())
            os._exit(70)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    if new:
        fsync_dir(path.parent)
