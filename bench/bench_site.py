"""Internal site build time for a big office: N generated records (default 500) → `vanban site`.

The records are copies of the sample records (every type: Quyết định + attached Quy chế, công văn
request + reply, báo cáo, a State Quyết định), each with its own key, number and a date spread over
2020–2026, so the sidebar has nested sections (type, then year for the bigger types) and
`navigation.prune` (mkdocs.yml) keeps each page small (tech-notes §5.1). Measured separately: writing
the Markdown pages (docs-site/), the MkDocs build (site/), and optionally the same pages with Zensical
and the MkDocs build without navigation.prune:

    python bench/bench_site.py [--records 500] [--repeats 1] [--zensical] [--without-prune]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.format.config import Project  # noqa: E402
from generator.render.site.builder import DOCS_DIR, build_site, generate  # noqa: E402


def make_project(dest: Path, count: int) -> Path:
    """A project with `count` records cloned from the samples (attachments and replies follow their copies)."""
    shutil.copytree(REPO / "records", dest / "records", ignore=shutil.ignore_patterns("so-dang-ky.csv", "nhat-ky*"))
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    samples = {p.parent.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "records").glob("*/van-ban.md"))}
    for key in samples:
        shutil.rmtree(dest / "records" / key)
    written, copy = 0, 0
    while written < count:
        copy += 1
        day = dt.date(2020, 1, 1) + dt.timedelta(days=(copy * 37) % 2500)
        for key, text in samples.items():
            if written >= count:
                break
            new_key = f"{key}-{copy:04d}"
            text = re.sub(r"^ngay: .*$", f"ngay: {day.isoformat()}", text, flags=re.MULTILINE)
            text = re.sub(r"^so: \d+$", f"so: {copy}", text, flags=re.MULTILINE)
            text = re.sub(r"^(\s+kem_theo:) (\S+)$", lambda m: f"{m.group(1)} {m.group(2)}-{copy:04d}", text,
                          flags=re.MULTILINE)
            text = re.sub(r"^(\s+tra_loi:) \S+$", rf"\1 cv-de-nghi-xac-minh-2026-{copy:04d}", text, flags=re.MULTILINE)
            text = text.replace("trich_yeu: ", f"trich_yeu: (bản {copy}) ", 1)
            folder = dest / "records" / new_key
            folder.mkdir(parents=True)
            (folder / "van-ban.md").write_text(text, encoding="utf-8")
            written += 1
    return dest


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(count: int, repeats: int, zensical: bool, without_prune: bool) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        root = make_project(work / "du-an", count)
        project = Project(root)
        markdown, builds, zens, flat = [], [], [], []
        report = None
        for _ in range(repeats):
            shutil.rmtree(root / DOCS_DIR, ignore_errors=True)
            started = time.perf_counter()
            first = generate(project)
            markdown.append(time.perf_counter() - started)
            report = build_site(project, full=True)  # pages unchanged now: this is the MkDocs build
            builds.append(report.build_seconds)
            if zensical:
                shutil.rmtree(root / ".cache", ignore_errors=True)
                started = time.perf_counter()
                # the project's own zensical, beside the Python running this (not whatever PATH has)
                tool = shutil.which("zensical", path=str(Path(sys.executable).parent)) or "zensical"
                subprocess.run([tool, "build", "--clean"], cwd=root, check=True, capture_output=True)
                zens.append(time.perf_counter() - started)
                shutil.rmtree(root / "site")
                build_site(project, full=True)
            if without_prune:
                config = (root / "mkdocs.yml").read_text(encoding="utf-8")
                (root / "mkdocs.yml").write_text(config.replace("    - navigation.prune", ""), encoding="utf-8")
                flat.append(build_site(project, full=True).build_seconds)
                (root / "mkdocs.yml").write_text(config, encoding="utf-8")
                build_site(project)
        pages = list((root / "site" / "van-ban").glob("*/*.html"))
        print(f"Trang nội bộ, {report.pages} văn bản ({first.written} tệp Markdown), {repeats} lần đo, trung vị:")
        print(f"  viết trang Markdown (docs-site/):          {statistics.median(markdown):6.2f} giây")
        print(f"  MkDocs + Material dựng site/ (prune):      {statistics.median(builds):6.2f} giây")
        print(f"  tổng:                                      {statistics.median(markdown) + statistics.median(builds):6.2f} giây")
        print(f"  site/: {folder_size(root / 'site') / 1e6:.1f} MB; trang văn bản trung bình "
              f"{sum(p.stat().st_size for p in pages) / len(pages) / 1e3:.0f} KB; chỉ mục tìm kiếm "
              f"{sum(p.stat().st_size for p in (root / 'site' / 'assets' / 'javascripts').glob('vanban-search-*.js')) / 1e6:.1f} MB")
        if zens:
            print(f"  Zensical dựng cùng các trang (không cache): {statistics.median(zens):6.2f} giây")
        if flat:
            print(f"  MkDocs không có navigation.prune:          {statistics.median(flat):6.2f} giây")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--zensical", action="store_true", help="also build the same pages with Zensical")
    parser.add_argument("--without-prune", action="store_true", help="also build without navigation.prune")
    args = parser.parse_args(argv)
    run(args.records, args.repeats, args.zensical, args.without_prune)


if __name__ == "__main__":
    main()
