"""PDF seconds per document: one LibreOffice process for the whole batch vs one process per document.

Same machine, same run, same documents (the sample records' .docx, copied to reach --docs documents),
both with a warm private profile; medians over --repeats runs. Optionally also a warm unoserver
(tech-notes §1.3), when given a virtual environment that has `unoserver` and the system `uno`:

    python bench/bench_pdf.py [--docs 20] [--repeats 3] [--unoserver-venv /path/to/venv]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.render.pdf import Converter  # noqa: E402

UNO_CLIENT = r"""
import json, sys, time, subprocess, tempfile, shutil
from pathlib import Path
from unoserver.client import UnoClient
docs = [Path(p) for p in json.loads(sys.argv[1])]
profile = Path(tempfile.mkdtemp(prefix="bench-uno-"))
started = time.perf_counter()
server = subprocess.Popen([str(Path(sys.executable).parent / "unoserver"), "--port", "22093", "--uno-port", "22092",
                           "--user-installation", str(profile), "--quiet"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
client = UnoClient(server="127.0.0.1", port="22093")
out = Path(tempfile.mkdtemp(prefix="bench-uno-out-"))
while True:
    try:
        client.convert(inpath=str(docs[0]), outpath=str(out / "warm.pdf"), convert_to="pdf")
        break
    except Exception:
        time.sleep(0.1)
ready = time.perf_counter() - started
times = []
for i, doc in enumerate(docs):
    t = time.perf_counter()
    client.convert(inpath=str(doc), outpath=str(out / f"{i}.pdf"), convert_to="pdf")
    times.append(time.perf_counter() - t)
server.terminate(); server.wait(timeout=30)
shutil.rmtree(profile, ignore_errors=True); shutil.rmtree(out, ignore_errors=True)
print(json.dumps({"ready": ready, "times": times}))
"""


def sample_docx(workdir: Path, count: int) -> list[Path]:
    project = workdir / "du-an"
    project.mkdir()
    for name in ("records", "templates"):
        shutil.copytree(REPO / name, project / name)
    subprocess.run([sys.executable, "-m", "generator", "-C", str(project), "build"], check=True,
                   capture_output=True)
    built = sorted((project / "out").glob("*.docx"))
    docs = []
    for i in range(count):
        src = built[i % len(built)]
        dst = workdir / "docs" / f"{i:03d}-{src.name}"
        dst.parent.mkdir(exist_ok=True)
        shutil.copy2(src, dst)
        docs.append(dst)
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--unoserver-venv", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        tmp = Path(tmp)
        docs = sample_docx(tmp, args.docs)
        with Converter() as converter:
            t = time.perf_counter()
            converter.convert(docs[:1], tmp / "warm")        # creates the private profile
            first = time.perf_counter() - t
            batched, single = [], []
            for r in range(args.repeats):
                t = time.perf_counter()
                results = converter.convert(docs, tmp / f"batch-{r}")
                batched.append((time.perf_counter() - t) / len(docs))
                assert all(isinstance(v, Path) for v in results.values()), results
                for i, doc in enumerate(docs):
                    t = time.perf_counter()
                    results = converter.convert([doc], tmp / f"single-{r}-{i}")
                    single.append(time.perf_counter() - t)
                    assert isinstance(results[doc], Path), results
        print(f"LibreOffice: {converter.soffice}; {len(docs)} documents, {args.repeats} repeats")
        print(f"first call (creates the private profile): {first:.2f} s")
        print(f"batched, one process for {len(docs)} documents: median {statistics.median(batched):.3f} s/document")
        print(f"one process per document:                  median {statistics.median(single):.3f} s/document")
        print(f"speed-up: {statistics.median(single) / statistics.median(batched):.1f}x")
        if args.unoserver_venv:
            python = args.unoserver_venv / "bin" / "python"
            out = subprocess.run([str(python), "-c", UNO_CLIENT, json.dumps([str(d) for d in docs])],
                                 capture_output=True, text=True, check=True).stdout
            uno = json.loads(out.strip().splitlines()[-1])
            print(f"unoserver, warm, one request per document:  median {statistics.median(uno['times']):.3f} "
                  f"s/document (server start + first conversion {uno['ready']:.2f} s)")


if __name__ == "__main__":
    main()
