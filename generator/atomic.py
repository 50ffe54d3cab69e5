"""Atomic output: write to a temporary file beside the target, then rename over it.

A crash, a bad record or a file open in Word never leaves a half-written file and never
destroys the last good output (design.md §9). On Windows an output open in Word cannot be
replaced: that surfaces as OutputLocked with a Vietnamese message, and the old file stays.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path
from typing import Iterator

from generator.model.errors import VanbanError


class OutputLocked(VanbanError):
    pass


@contextlib.contextmanager
def atomic_path(target: Path, retries: int = 3, delay: float = 0.3) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target` in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _ordinary_permissions(tmp)
        for attempt in range(retries):
            try:
                os.replace(tmp, target)
                break
            except PermissionError:
                if attempt == retries - 1:
                    raise OutputLocked(f"không ghi được {target.name}: tệp đang mở (Word?) hoặc bị khóa. "
                                       "Hãy đóng tệp rồi chạy lại; bản cũ vẫn được giữ nguyên.", target) from None
                time.sleep(delay)
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)


STALE_SECONDS = 600    # a temporary file this old belongs to a process that died (writes take < 1 s)


def remove_stale_temporaries(folder: Path, now: float | None = None) -> int:
    """Delete the temporaries of atomic_path (".<name>.<random>.tmp") under `folder` that a killed
    process left behind; fresh ones may belong to a writer at work and are kept. → files removed."""
    now = now or time.time()
    removed = 0
    if not folder.is_dir():
        return 0
    for tmp in folder.rglob(".*.tmp"):
        try:
            if tmp.is_file() and now - tmp.stat().st_mtime > STALE_SECONDS:
                tmp.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def _ordinary_permissions(path: Path) -> None:
    """mkstemp creates 0600 files; outputs are shared documents (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(path, 0o666 & ~umask)
    except OSError:
        pass


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
