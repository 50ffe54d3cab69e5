"""The office lock: one lock file in records/ that every writer of the register, the audit log and
the versions takes, so officials sharing one folder over the network never get the same number.

`filelock.FileLock` uses msvcrt.locking on Windows (which works on SMB shares) and flock on
POSIX; the OS drops the lock when the holder dies, so a killed process never blocks the office.
The lock only locks: crash recovery is issuing's to run once it holds the lock (issuing.office_session:
its outermost holder finishes or undoes an interrupted issue, generator/records/issuing.py).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from generator.format.config import Project
from generator.model.errors import VanbanError

LOCK_NAME = ".so-dang-ky.lock"
WAIT_SECONDS = 300.0          # an issue with a PDF takes a few seconds; several may queue up


def lock_path(project: Project) -> Path:
    return project.records_dir / LOCK_NAME


@contextlib.contextmanager
def office_lock(project: Project, wait: float = WAIT_SECONDS) -> Iterator[bool]:
    """Hold the office lock. Re-entrant in one process; yields True to the outermost holder (the one
    that runs crash recovery, issuing.office_session)."""
    path = lock_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=True)
    try:
        lock.acquire(timeout=0.5)
    except Timeout:
        print("Đang chờ người khác ghi sổ đăng ký / ban hành văn bản xong…", file=sys.stderr, flush=True)
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise VanbanError(f"chờ quá {int(wait)} giây mà sổ đăng ký vẫn bị khóa ({path}); có thể một máy "
                              "khác đang ban hành văn bản. Hãy thử lại sau.") from None
    try:
        yield lock.lock_counter == 1
    finally:
        lock.release()
