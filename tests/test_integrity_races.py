"""Races and half states between `build` and `issue` (issue 19, items 8-9): real processes, the real lock."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import time

from conftest import copy_project, run_vanban
from records_support import only_my_records, write_draft
from generator.format.config import Project
from generator.records.issuing import issue
from generator.records.ledger import sha256_file
from generator.records.lock import office_lock

BODY = "ubnd-xa-thuan-an"
KEY = "qd-dua-tranh"


def manifest(root, key: str) -> dict:
    folder = sorted((root / "records" / key / "phien-ban").iterdir())[-1]
    return json.loads((folder / "phien-ban.json").read_text(encoding="utf-8"))["tep"]


def test_a_build_that_parsed_a_draft_never_overwrites_what_an_issue_froze_meanwhile(tmp_path):
    root = copy_project(tmp_path / "du-an")
    only_my_records(root, BODY)
    write_draft(root, KEY, BODY)
    project = Project(root)
    with office_lock(project):               # an issue in progress holds the lock from render to commit
        build = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(root), "build", "--force"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        waiting = threading.Event()
        lines: list[str] = []

        def read_err() -> None:
            for line in build.stderr:
                lines.append(line)
                if "Đang chờ" in line:        # parsed and rendered the draft; waits to write it
                    waiting.set()
        reader = threading.Thread(target=read_err, daemon=True)
        reader.start()
        assert waiting.wait(120), "".join(lines)
        issue(project, KEY, date=dt.date(2026, 4, 2), pdf=False)    # re-entrant in this process
    out = build.stdout.read()
    build.wait(timeout=120)
    reader.join(10)
    assert build.returncode == 0, out + "".join(lines)
    frozen = manifest(root, KEY)
    assert sha256_file(root / "out" / f"{KEY}.docx") == frozen[f"{KEY}.docx"], "the draft replaced the issued copy"
    assert run_vanban(root, "verify").returncode == 0


def test_a_later_build_restores_an_issued_copy_replaced_in_out(tmp_path):
    root = copy_project(tmp_path / "du-an")
    only_my_records(root, BODY)
    write_draft(root, KEY, BODY)
    assert run_vanban(root, "build").returncode == 0
    draft = (root / "out" / f"{KEY}.docx").read_bytes()
    assert run_vanban(root, "issue", KEY, "--ngay", "2026-04-02", "--khong-pdf").returncode == 0
    assert run_vanban(root, "build").returncode == 0           # the quick path records the issued copy
    (root / "out" / f"{KEY}.docx").write_bytes(draft)           # what a racing build used to leave
    assert run_vanban(root, "verify").returncode == 1
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sha256_file(root / "out" / f"{KEY}.docx") == manifest(root, KEY)[f"{KEY}.docx"]
    assert run_vanban(root, "verify").returncode == 0


def test_read_only_commands_never_show_an_issue_that_died_before_its_register_row(tmp_path):
    root = copy_project(tmp_path / "du-an")
    only_my_records(root, BODY)
    write_draft(root, KEY, BODY)
    died = subprocess.run([sys.executable, "-m", "generator", "-C", str(root), "issue", KEY, "--ngay", "2026-04-02",
                           "--khong-pdf"], capture_output=True, text=True, encoding="utf-8",
                          env={**__import__("os").environ, "VANBAN_TEST_CRASH_AT": "source"})
    assert died.returncode == 70, died.stderr
    history = run_vanban(root, "history", KEY)
    assert "Khôi phục" in history.stdout and "Trạng thái: dự thảo" in history.stdout, history.stdout
    assert "01/QĐ-UBND" not in history.stdout
    assert run_vanban(root, "site").returncode in (0, 1)
    page = next((root / "docs-site").rglob(f"{KEY}.md")).read_text(encoding="utf-8")
    assert "01/QĐ-UBND" not in page and "Dự thảo" in page
    assert run_vanban(root, "build").returncode == 0              # a draft again: it builds
    again = run_vanban(root, "issue", KEY, "--ngay", "2026-04-02", "--khong-pdf")
    assert again.returncode == 0 and "01/QĐ-UBND" in again.stdout   # the number was never used


def test_the_site_is_never_seen_half_built_and_two_builds_wait_for_each_other(tmp_path):
    root = copy_project(tmp_path / "du-an")
    for n in range(60):                       # a build long enough to be caught in the middle
        write_draft(root, f"qd-mau-{n:02d}", BODY)
    assert run_vanban(root, "site").returncode == 0
    pages = [root / "site" / "index.html", root / "site" / "so-dang-ky.html",
             next((root / "site" / "van-ban").rglob("qd-230-tu-2025.html"))]
    missing: list[str] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            missing.extend(str(p) for p in pages if not p.is_file())
            time.sleep(0.01)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    builds = [subprocess.Popen([sys.executable, "-m", "generator", "-C", str(root), "site"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
              for _ in range(2)]
    outputs = [b.communicate(timeout=300)[0] for b in builds]
    stop.set()
    sampler.join(5)
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert not missing, f"{len(missing)} samples found a page missing, e.g. {missing[:3]}"
    assert not [p for p in root.iterdir() if p.name.startswith(".site.")]
