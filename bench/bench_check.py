"""How long `vanban check` takes on 100 Word documents (a benchmark, not a test).

    python bench/bench_check.py [N]

Builds the sample records (vanban build) and the two hand-made Word-style test documents, copies them
round-robin into N files (default 100), then times:
- the library (generator.check.checker.check_docx) per document: median, 90th percentile, total;
- the command an official types, `vanban check <N files>`, in one process: wall time.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from check_corpus import party_base, state_base  # noqa: E402
from conftest import copy_project  # noqa: E402
from generator.build import build_records  # noqa: E402
from generator.check.checker import check_docx  # noqa: E402
from generator.format.config import Project  # noqa: E402


def main(n: int = 100) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "du-an")
        report = build_records(Project(root), progress=False)
        sources = sorted(report.outputs.values())
        for name, make in (("tay-dang.docx", party_base), ("tay-nha-nuoc.docx", state_base)):
            make().save(str(Path(tmp) / name))
            sources.append(Path(tmp) / name)
        folder = Path(tmp) / "kiem-tra"
        folder.mkdir()
        files = []
        for i in range(n):
            target = folder / f"{i:03d}-{sources[i % len(sources)].name}"
            shutil.copy(sources[i % len(sources)], target)
            files.append(target)
        check_docx(files[0])                                 # imports and profile loading, once
        times, findings = [], 0
        for path in files:
            start = time.perf_counter()
            result = check_docx(path)
            times.append(time.perf_counter() - start)
            findings += len(result.findings) + bool(result.error)
        times.sort()
        print(f"{n} tệp (từ {len(sources)} văn bản khác nhau), {findings} lỗi tìm thấy")
        print(f"thư viện: trung vị {statistics.median(times) * 1000:.1f} ms/tệp, "
              f"p90 {times[int(0.9 * len(times))] * 1000:.1f} ms, tổng {sum(times):.2f} s")
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "generator", "-C", str(root), "check", *map(str, files)],
                              capture_output=True, text=True, encoding="utf-8")
        wall = time.perf_counter() - start
        print(f"lệnh `vanban check` {n} tệp: {wall:.2f} s (mã thoát {proc.returncode})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
