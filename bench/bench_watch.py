"""Watch mode latency: from a save of a record to a fresh .docx (and, with --pdf, a fresh PDF).

Starts the real `vanban watch` on a temporary copy of the sample project, saves one record --saves
times (a different sentence each time), and times how long until out/<key>.docx holds it
(checked with python-docx). Prints median and 95th percentile.

    python bench/bench_watch.py [--saves 25] [--pdf] [--polling SECONDS]
    python bench/bench_watch.py --project DIR --key KEY   # a bigger project (bench/run.py: N = 1,000)

With --project, a copy of that project (records/, templates/ and its built out/ and .vanban/, so the
watcher starts warm) is watched and record KEY is saved, a marker appended to its last line.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from docx import Document

REPO = Path(__file__).resolve().parent.parent
KEY = "cv-phuc-dap-xac-minh-2026"
LAST = "xem xét, kết luận theo thẩm quyền."


def docx_has(path: Path, marker: str) -> bool:
    try:
        return any(marker in p.text for p in Document(str(path)).paragraphs)
    except Exception:  # noqa: BLE001 — not there yet
        return False


def wait_for(path: Path, marker: str, after_ns: int, timeout: float = 60) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            fresh = path.stat().st_mtime_ns > after_ns
        except OSError:
            fresh = False
        if fresh and (path.suffix != ".docx" or docx_has(path, marker)):
            return time.perf_counter()
        time.sleep(0.005)
    raise TimeoutError(f"{path} not rebuilt")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--saves", type=int, default=25)
    ap.add_argument("--pdf", action="store_true")
    ap.add_argument("--polling", type=float)
    ap.add_argument("--verbose", action="store_true", help="print the watcher's lines too")
    ap.add_argument("--project", type=Path, help="watch a copy of this project instead of the sample")
    ap.add_argument("--key", default=KEY, help="the record to save (with --project)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        root = Path(tmp) / "du-an"
        root.mkdir()
        source_root = args.project or REPO
        for name in ("records", "templates", "out", ".vanban"):
            if (source_root / name).is_dir() and (args.project or name in ("records", "templates")):
                shutil.copytree(source_root / name, root / name)
        cmd = [sys.executable, "-u", "-m", "generator", "-C", str(root), "watch"]
        cmd += ["--pdf"] if args.pdf else []
        cmd += ["--polling", str(args.polling)] if args.polling else []
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                encoding="utf-8", cwd=REPO)
        ready = threading.Event()
        lines: list[str] = []

        def read() -> None:
            for line in proc.stdout:
                lines.append(line.rstrip())
                if line.startswith("Đang theo dõi"):
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(120):
            raise SystemExit(f"watcher did not start: {lines}")
        key = args.key if args.project else KEY
        source = root / "records" / key / "van-ban.md"
        original = source.read_text(encoding="utf-8")
        docx, pdf = root / "out" / f"{key}.docx", root / "out" / f"{key}.pdf"
        to_docx, to_pdf = [], []
        try:
            for i in range(args.saves):
                marker = f"(lần lưu {i + 1})"
                before_docx = docx.stat().st_mtime_ns
                before_pdf = pdf.stat().st_mtime_ns if args.pdf and pdf.exists() else 0
                saved = time.perf_counter()
                edited = (original.rstrip("\n").rstrip(".;") + f" {marker}.\n" if args.project else
                          original.replace(LAST, f"xem xét, kết luận theo thẩm quyền {marker}."))
                source.write_text(edited, encoding="utf-8")
                to_docx.append(wait_for(docx, marker, before_docx) - saved)
                if args.pdf:
                    to_pdf.append(wait_for(pdf, marker, before_pdf) - saved)
                time.sleep(0.3)          # let the watcher print its line before the next save
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    if args.verbose:
        print("\n".join(lines))
    mode = f"polling {args.polling:g} s" if args.polling else "native events"
    print(f"vanban watch ({mode}), {args.saves} saves of records/{args.key if args.project else KEY}/van-ban.md")
    print(f"save → fresh .docx: median {statistics.median(to_docx):.3f} s, "
          f"p95 {percentile(to_docx, 0.95):.3f} s, max {max(to_docx):.3f} s")
    if to_pdf:
        print(f"save → fresh .pdf:  median {statistics.median(to_pdf):.3f} s, "
              f"p95 {percentile(to_pdf, 0.95):.3f} s, max {max(to_pdf):.3f} s")


if __name__ == "__main__":
    main()
