"""Building the site with MkDocs: write the pages and the navigation (generate), build site/ (build_site),
or serve it with live reload while a watcher regenerates the pages a moment after a save (serve).

A build never leaves readers a half site: MkDocs builds into a new hidden folder beside site/, which is
then swapped in with two renames; one site build runs at a time (a file lock in .vanban/), so two
`watch --site` or a `site` beside a watcher wait for each other instead of colliding.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

import yaml
from filelock import FileLock, Timeout

from generator.atomic import write_bytes
from generator.format.config import Project
from generator.format.loading import load_records
from generator.model.errors import VanbanError
from generator.observe import DebouncedObserver, ignored, profile_dirs
from generator.render.site.inbox_page import inbox_nav, inbox_pages
from generator.render.site.navigation import NAV_FILE, nav, nav_config
from generator.render.site.pages import DATA, PageWriter, SiteData, SiteReport, asset_files, prune_docs, write_docs

DOCS_DIR = "docs-site"
SITE_DIR = "site"
CONFIG_FILE = "mkdocs.yml"
SITE_LOCK = "site.lock"            # in .vanban/: one site build at a time


def default_config_text() -> str:
    return (DATA / "mkdocs.yml").read_text(encoding="utf-8")


def generate(project: Project) -> SiteReport:
    """Write the Markdown pages (docs-site/) and the navigation (.vanban/site-nav.yml)."""
    started = time.perf_counter()
    report = SiteReport()
    config = project.config()
    records, errors, failed = load_records(project, config)
    report.errors += errors
    data = SiteData(project, config, records, _site_name(project), failed=set(failed))
    writer = PageWriter(data)
    pages = writer.all_pages()
    pages.update(inbox_pages(writer))          # hop-thu.md: what the inbox of `vanban watch` received
    report.pages = len(data.public)
    report.hidden = len(records) - len(data.public)
    report.warnings += writer.warnings
    files = dict(writer.files)
    files.update(asset_files())
    docs = project.root / DOCS_DIR
    # Pages first, then the navigation that names them, then stale pages go: a serving MkDocs that
    # rebuilds in between never sees a navigation entry without its page.
    report.written = write_docs(docs, pages, files)
    nav_path = project.state_dir / NAV_FILE
    nav_text = nav_config(nav(data) + inbox_nav(pages))
    if not nav_path.exists() or nav_path.read_text(encoding="utf-8") != nav_text:
        write_bytes(nav_path, nav_text.encode("utf-8"))
        report.written += 1
    report.removed = prune_docs(docs, set(pages) | set(files))
    if not (project.root / CONFIG_FILE).exists():
        write_bytes(project.root / CONFIG_FILE, default_config_text().encode("utf-8"))
    report.markdown_seconds = time.perf_counter() - started
    return report


def _site_name(project: Project) -> str:
    try:
        data = yaml.safe_load((project.root / CONFIG_FILE).read_text(encoding="utf-8")) or {}
        return str(data.get("site_name") or "Văn bản nội bộ")
    except (OSError, yaml.YAMLError):
        return "Văn bản nội bộ"


def mkdocs_config(project: Project, **overrides):
    from mkdocs.config import load_config
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")          # Material's end-of-life banner (tech-notes §5.5)
    return load_config(str(project.root / CONFIG_FILE), **overrides)


def build_site(project: Project, strict: bool = True, err=None) -> SiteReport:
    """Generate the pages, then build site/ with MkDocs (strict: any warning fails the build)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError

    project.state_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(project.state_dir / SITE_LOCK)
    try:
        lock.acquire(timeout=600)
    except Timeout:
        raise VanbanError("một lần dựng trang nội bộ khác chạy quá 10 phút chưa xong; hãy thử lại sau") from None
    try:
        report = generate(project)
        started = time.perf_counter()
        final = Path(mkdocs_config(project)["site_dir"])
        for stale in final.parent.glob(f".{final.name}.*"):      # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        staging = final.with_name(f".{final.name}.moi-{os.getpid()}")
        try:
            with _MkDocsMessages(err or sys.stderr):
                build(mkdocs_config(project, strict=strict, site_dir=str(staging)))
        except (Abort, ConfigurationError) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise VanbanError(f"MkDocs không dựng được trang nội bộ: {exc}", project.root / CONFIG_FILE) from None
        _swap_in(staging, final)
        report.build_seconds = time.perf_counter() - started
        return report
    finally:
        lock.release()


def _swap_in(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with two renames (no reader sees a folder half written)."""
    old = final.with_name(f".{final.name}.cu-{os.getpid()}")
    for attempt in range(20):                 # Windows: a file of site/ open in a program blocks a rename
        try:
            if final.exists():
                os.replace(final, old)
            os.replace(staging, final)
            break
        except PermissionError:
            if old.exists() and not final.exists():
                os.replace(old, final)
            time.sleep(0.25)
    else:
        shutil.rmtree(staging, ignore_errors=True)
        raise VanbanError(f"không thay được thư mục {final} (có tệp trong đó đang mở?); bản cũ được giữ nguyên")
    shutil.rmtree(old, ignore_errors=True)


# ------------------------------------------------------------------------------------ logging

class _MkDocsMessages:
    """Show MkDocs' warnings and errors (in English, from MkDocs) with a Vietnamese prefix."""

    def __init__(self, err):
        import logging

        class Handler(logging.Handler):
            def emit(self, record):
                label = "lỗi" if record.levelno >= logging.ERROR else "cảnh báo"
                print(f"mkdocs: {label}: {record.getMessage()}", file=err, flush=True)

        self.logger = logging.getLogger("mkdocs")
        self.handler = Handler(logging.WARNING)

    def __enter__(self):
        self.logger.addHandler(self.handler)
        self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.propagate = True
        return False


# ------------------------------------------------------------------------------------ serving

class PageWatcher:
    """Regenerates the Markdown pages a moment after a record, the office config, a template or an
    output in out/ (downloads) is saved; `mkdocs serve` sees the pages change and rebuilds."""

    def __init__(self, project: Project, polling: float | None = None, out=None, err=None):
        self.project = project
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.observer = DebouncedObserver(self.regenerate, polling=polling)
        self.generated = 0

    def roots(self) -> list[Path]:
        dirs = [self.project.records_dir, self.project.templates_dir, self.project.out_dir,
                *profile_dirs(self.project)]
        return [d for d in dirs if d.is_dir()]

    def start(self) -> None:
        self.observer.start(self.roots())

    def stop(self) -> None:
        self.observer.stop()

    def relevant(self, events) -> list[Path]:
        out = []
        for event in events:
            for raw in (event.src_path, getattr(event, "dest_path", "") or ""):
                if not raw or event.is_directory and event.event_type == "modified":
                    continue
                path = Path(raw if isinstance(raw, str) else raw.decode())
                if not ignored(path):
                    out.append(path)
        return out

    def regenerate(self, events) -> None:
        changed = self.relevant(events)
        if not changed:
            return
        try:
            report = generate(self.project)
        except VanbanError as exc:
            for d in exc.diagnostics:
                print(str(d), file=self.err, flush=True)
            return
        except Exception as exc:  # noqa: BLE001 — never let one bad save stop the server
            print(f"lỗi khi tạo trang nội bộ: {exc.__class__.__name__}: {exc}", file=self.err, flush=True)
            return
        self.generated += 1
        for d in report.errors + report.warnings:
            print(str(d), file=self.err, flush=True)
        names = sorted({_relative(self.project, p) for p in changed if p.exists()}) or ["(tệp bị xóa)"]
        now = dt.datetime.now().strftime("%H:%M:%S")
        what = f"{report.written} tệp cập nhật" if report.written or report.removed else "trang không đổi"
        if report.removed:
            what += f", {report.removed} tệp gỡ bỏ"
        print(f"[{now}] {', '.join(names[:5])}{' …' if len(names) > 5 else ''} → {what} "
              f"({report.markdown_seconds:.2f} giây).", file=self.out, flush=True)


def _relative(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def serve(project: Project, address: str = "127.0.0.1:8000", polling: float | None = None, out=None, err=None) -> int:
    """Generate the pages, then serve them with `mkdocs serve` (live reload) until Ctrl+C."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, ConfigurationError

    out, err = out or sys.stdout, err or sys.stderr
    report = generate(project)
    for d in report.errors + report.warnings:
        print(str(d), file=err, flush=True)
    watcher = PageWatcher(project, polling=polling, out=out, err=err)
    watcher.start()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"Trang nội bộ: http://{address}/ ({report.pages} văn bản). Trang tự cập nhật khi lưu hồ sơ, "
          "cấu hình hoặc mẫu. Nhấn Ctrl+C để dừng.", file=out, flush=True)
    try:
        with _MkDocsMessages(err):
            mkdocs_serve(str(project.root / CONFIG_FILE), livereload=True,
                         watch=[str(project.state_dir / NAV_FILE)], dev_addr=address)
    except (Abort, ConfigurationError) as exc:
        raise VanbanError(f"MkDocs không chạy được: {exc}", project.root / CONFIG_FILE) from None
    except OSError as exc:
        raise VanbanError(f"không mở được địa chỉ {address}: {exc.strerror or exc} "
                          "(cổng đang được dùng? hãy chọn cổng khác bằng --dia-chi)") from None
    finally:
        watcher.stop()
    return 0
