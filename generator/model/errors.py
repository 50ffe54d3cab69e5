"""Diagnostics that name the file and the line, in Vietnamese.

Every user-facing problem is a `Diagnostic`; a fatal one is raised as `VanbanError`.
Exit codes follow design.md §8: 0 success, 1 a check found problems, 2 bad input or usage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Diagnostic:
    message: str
    file: Path | None = None
    line: int | None = None
    severity: str = "loi"  # "loi" (error) or "canh-bao" (warning)

    def location(self) -> str:
        if self.file is None:
            return ""
        where = str(self.file)
        if self.line:
            where += f":{self.line}"
        return where

    def __str__(self) -> str:
        label = "lỗi" if self.severity == "loi" else "cảnh báo"
        loc = self.location()
        return f"{loc}: {label}: {self.message}" if loc else f"{label}: {self.message}"


class VanbanError(Exception):
    """A problem with the user's input; carries one or more diagnostics."""

    def __init__(self, message: str, file: Path | None = None, line: int | None = None,
                 diagnostics: list[Diagnostic] | None = None):
        self.diagnostics = diagnostics or [Diagnostic(message, file, line)]
        super().__init__(str(self.diagnostics[0]))

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


def summary_line(label: str, built: int, skipped: int, failed: list[str], seconds: float,
                 extra: list[str] = ()) -> str:
    """"Văn bản: đã tạo 2, không đổi 8, lỗi 1: … (0.16 giây)." — the one-line summary of a build step."""
    parts = [f"đã tạo {built}", f"không đổi {skipped}", *extra]
    if failed:
        parts.append(f"lỗi {len(failed)}: {', '.join(failed)}")
    return f"{label}: {', '.join(parts)} ({seconds:.2f} giây)."


def os_reason(exc: OSError) -> str:
    """What an OSError means to an official (Vietnamese), with the file it concerns."""
    import errno
    meanings = {errno.ENOSPC: "ổ đĩa đã đầy", errno.EROFS: "thư mục chỉ cho đọc", errno.EACCES: "không có quyền ghi",
                errno.EPERM: "không có quyền ghi", getattr(errno, "EDQUOT", -1): "vượt hạn mức dung lượng",
                errno.ENOENT: "không tìm thấy", errno.EISDIR: "là một thư mục, không phải tệp"}
    what = meanings.get(exc.errno, exc.strerror or str(exc))
    return f"{what}: {exc.filename}" if exc.filename else what
