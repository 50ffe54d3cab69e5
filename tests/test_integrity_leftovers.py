"""What a killed vanban leaves behind (issue 19, item 10): temporaries are removed by the next recovery,
and a LibreOffice conversion dies with the process that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conftest import copy_project, run_vanban

CONVERT_FOREVER = r"""
import pathlib, sys, tempfile, time
from generator.render.pdf import Converter
docs = [pathlib.Path(p) for p in sys.argv[1:]]
c = Converter()
print(c._profile, flush=True)
with tempfile.TemporaryDirectory() as d:
    stop = time.monotonic() + 120            # bounded: the test kills it long before
    while time.monotonic() < stop:
        c.convert(docs, pathlib.Path(d))
"""


def soffice_using(profile: str) -> list[str]:
    """Command lines of the LibreOffice processes running with that profile (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode("utf-8", "replace").split("\0")
        except OSError:
            continue
        if any("soffice" in a for a in args[:1]) and any(profile in a for a in args):
            found.append(" ".join(args))
    return found


def test_a_conversion_dies_with_the_process_that_started_it(built_dir):
    docs = [str(p) for p in sorted((built_dir / "out").glob("*.docx"))]
    parent = subprocess.Popen([sys.executable, "-c", CONVERT_FOREVER, *docs], stdout=subprocess.PIPE, text=True)
    try:
        profile = parent.stdout.readline().strip()
        deadline = time.monotonic() + 60
        while not soffice_using(profile) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert soffice_using(profile), "LibreOffice never started"
    finally:
        os.kill(parent.pid, signal.SIGKILL)   # the parent converts forever: never leave it running
        parent.wait()
    deadline = time.monotonic() + 1          # the launcher script left soffice.bin running ≈2 s
    while soffice_using(profile) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not soffice_using(profile), soffice_using(profile)
    # its profile folder is left (nothing ran at the kill): the next recovery removes it
    assert Path(profile).exists()
    root = copy_project(Path(tempfile.mkdtemp()) / "du-an")
    (root / "records" / ".so-dang-ky.csv.abc123.tmp").write_text("nửa dòng", encoding="utf-8")
    (root / "out").mkdir(exist_ok=True)
    stale = root / "out" / ".qd-230-tu-2025.docx.xyz.tmp"
    stale.write_bytes(b"PK")
    fresh = root / "out" / ".qd-moi.docx.fresh.tmp"       # a writer at work right now: kept
    fresh.write_bytes(b"PK")
    old = time.time() - 3600
    for path in (root / "records" / ".so-dang-ky.csv.abc123.tmp", stale):
        os.utime(path, (old, old))
    result = run_vanban(root, "verify")                     # takes the lock, runs the recovery
    assert result.returncode == 0, result.stdout + result.stderr
    assert not Path(profile).exists()
    assert not stale.exists() and not (root / "records" / ".so-dang-ky.csv.abc123.tmp").exists()
    assert fresh.exists()
