"""The `vanban` command: subcommands with Vietnamese help and messages.

Each subcommand lives in generator/commands/<name>.py with `register(subparsers)` that
adds its parser and sets `func(args) -> int`. Add a module name to COMMANDS to enable it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

import generator
from generator.commands import COMMANDS
from generator.model.errors import EXIT_BAD_INPUT, VanbanError, os_reason


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors, in Vietnamese, exit 2
        self.print_usage(sys.stderr)
        message = (message.replace("the following arguments are required", "thiếu tham số bắt buộc")
                   .replace("unrecognized arguments", "tham số không hiểu")
                   .replace("invalid choice", "lựa chọn không hợp lệ")
                   .replace("argument", "tham số"))
        self.exit(EXIT_BAD_INPUT, f"vanban: lỗi: {message}\n")


def _command_word(argv: list[str]) -> str | None:
    """The subcommand the user typed (skipping global options), without importing anything."""
    tokens = iter(argv)
    for token in tokens:
        if token in ("-C", "--thu-muc"):
            next(tokens, None)
        elif not token.startswith("-"):
            return token
    return None


def _modules_for(argv: list[str] | None) -> list[str]:
    """Import only the module of the command typed: start-up stays fast as commands grow.
    `vanban --help` (or an unknown word) imports them all to list them."""
    word = _command_word(sys.argv[1:] if argv is None else argv)
    if word:
        for candidate in (word.replace("-", "_"), word.replace("-", "_") + "_"):
            if candidate in COMMANDS:
                return [candidate]
    return list(COMMANDS)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="vanban", description="Soạn thảo, đánh số, lưu trữ văn bản Đảng và Nhà nước "
                     "từ hồ sơ có cấu trúc (thể thức HD 05-HD/VPTW từ 27/5/2026, HD 36-HD/VPTW trước đó, và NĐ 30/2020/NĐ-CP).")
    parser.add_argument("-C", "--thu-muc", type=Path, default=Path.cwd(),
                        help="thư mục dự án (chứa records/ và templates/); mặc định: thư mục hiện tại")
    sub = parser.add_subparsers(dest="lenh", metavar="LỆNH", parser_class=_Parser)
    for name in _modules_for(argv):
        importlib.import_module(f"generator.commands.{name}").register(sub)
    return parser


def finish_interrupted_issue(root: Path) -> None:
    """An issue that died before its commit point leaves a journal: every command, read-only ones
    included (site, history, build), first finishes or undoes it under the office lock, so none of them
    ever shows the half state ("đã ban hành … 03/QĐ-UBND" with no register row). Cheap when there is
    none: one file test. An issue still running holds the lock; waiting for it is the right answer."""
    from generator.format.config import Project
    from generator.records import JOURNAL_NAME

    project = Project(root)
    if (project.records_dir / JOURNAL_NAME).exists():     # issuing.journal_path, without importing issuing
        from generator.records.issuing import recover
        from generator.records.lock import office_lock
        with office_lock(project):
            done = recover(project, quiet=True)
        if done:
            print(f"Khôi phục: {done}.")


LONG_RUNNING = ("watch", "serve")        # commands that load again and again: the usual collector


def main(argv: list[str] | None = None) -> int:
    if argv is None and _command_word(sys.argv[1:]) not in LONG_RUNNING:
        generator.ONE_SHOT = True
    code = _main(argv)
    if argv is None:        # the process of the command line, about to end (`vanban`, `python -m generator`):
        import gc           # its last collections need not walk all it made (0.25 s after a site at 1,000 records)
        gc.freeze()
    return code


def _main(argv: list[str] | None) -> int:
    for stream in (sys.stdout, sys.stderr):   # Vietnamese on a Windows console
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (OSError, ValueError):
                pass
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        finish_interrupted_issue(args.thu_muc)
        return int(args.func(args) or 0)
    except VanbanError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:     # output piped into `head` that closed: nothing went wrong here
        return EXIT_BAD_INPUT
    except OSError as exc:      # a read-only folder, a full disk: every write is atomic, nothing is half done
        print(f"lỗi: không ghi hoặc đọc được tệp ({os_reason(exc)}). Không có tệp nào bị ghi dở; hãy kiểm tra "
              "quyền ghi và chỗ trống trên ổ đĩa rồi chạy lại.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
