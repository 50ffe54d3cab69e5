"""Issuing under concurrency and crashes: real processes, the real lock, real kills."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_vanban
from records_support import events, front_matter_value, only_my_records, register_rows, write_draft

BODY = "ubnd-xa-thuan-an"


def _start(root: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "-C", str(root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            cwd=REPO, env={**os.environ, **(env or {})})


def _run(root: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "-C", str(root), *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=600, cwd=REPO, env={**os.environ, **env})


def _issued_numbers(root: Path) -> list[int]:
    return [int(r["Số"]) for r in register_rows(root) if r["Thao tác"] == "ban hành"]


def test_eight_simultaneous_issues_get_eight_distinct_consecutive_numbers(project_dir):
    only_my_records(project_dir, BODY)
    keys = [f"qd-dong-thoi-{i}" for i in range(8)]
    for key in keys:
        write_draft(project_dir, key, BODY)
    procs = [_start(project_dir, "issue", key, "--ngay", "2026-03-02", "--khong-pdf") for key in keys]
    results = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert all(code == 0 for code, _, _ in results), [err for _, _, err in results]

    rows = register_rows(project_dir)
    assert len(rows) == 8
    assert sorted(_issued_numbers(project_dir)) == list(range(1, 9))
    assert [int(r["STT"]) for r in rows] == list(range(1, 9))
    # every record carries the number the register gave it, and its own frozen files
    for row in rows:
        source = project_dir / "records" / row["Hồ sơ"] / "van-ban.md"
        assert front_matter_value(source, "so") == row["Số"]
    assert sorted(r["Hồ sơ"] for r in rows) == sorted(keys)
    assert len([e for e in events(project_dir) if e["su_kien"] == "ban-hanh"]) == 8
    assert run_vanban(project_dir, "verify").returncode == 0


# Where the process dies, and what the next one must find: the register row is the commit point.
ROLLED_BACK = ("journal", "version", "source", "register-half")
ROLLED_FORWARD = ("register", "audit", "outputs")


@pytest.mark.parametrize("point", ROLLED_BACK + ROLLED_FORWARD)
def test_a_crash_while_issuing_leaves_the_old_state_or_the_new_one(project_dir, point):
    only_my_records(project_dir, BODY)
    source = write_draft(project_dir, "qd-su-co", BODY)
    original = source.read_bytes()
    r = _run(project_dir, "issue", "qd-su-co", "--ngay", "2026-03-02", "--khong-pdf",
             env={"VANBAN_TEST_CRASH_AT": point})
    assert r.returncode == 70, r.stderr                        # died on the spot, lock released by the OS
    assert (project_dir / "records" / ".ban-hanh-dang-do.json").exists()

    r = run_vanban(project_dir, "verify")                      # the next user of the lock recovers
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Khôi phục" in r.stdout
    assert not (project_dir / "records" / ".ban-hanh-dang-do.json").exists()
    assert not list((project_dir / "records").glob("**/.dang-ghi-*"))
    rows = register_rows(project_dir)
    versions = project_dir / "records" / "qd-su-co" / "phien-ban"
    if point in ROLLED_BACK:
        assert rows == []
        assert source.read_bytes() == original
        assert not versions.exists() or not any(versions.iterdir())
        assert [e for e in events(project_dir) if e["su_kien"] == "ban-hanh"] == []
        again = run_vanban(project_dir, "issue", "qd-su-co", "--ngay", "2026-03-02", "--khong-pdf")
        assert again.returncode == 0, again.stderr
        assert "01/QĐ-UBND" in again.stdout                    # the number was not lost
    else:
        assert [r["Số, ký hiệu"] for r in rows] == ["01/QĐ-UBND"]
        assert front_matter_value(source, "so") == "1"
        assert [e["su_kien"] for e in events(project_dir)] == ["ban-hanh"]     # written once
        docx = versions / "1" / "qd-su-co.docx"
        assert (project_dir / "out" / "qd-su-co.docx").read_bytes() == docx.read_bytes()
        again = run_vanban(project_dir, "issue", "qd-su-co", "--khong-pdf")
        assert again.returncode == 2 and "đã ban hành" in again.stderr
    assert run_vanban(project_dir, "verify").returncode == 0


def test_a_killed_issuer_holding_the_lock_does_not_block_or_cost_a_number(project_dir):
    only_my_records(project_dir, BODY)
    killed_source = write_draft(project_dir, "qd-bi-ngat", BODY)
    original = killed_source.read_bytes()
    write_draft(project_dir, "qd-cho", BODY)
    victim = _start(project_dir, "issue", "qd-bi-ngat", "--ngay", "2026-03-02", "--khong-pdf",
                    env={"VANBAN_TEST_PAUSE_AT": "source"})
    try:
        assert victim.stdout.readline().strip() == "PAUSED source"    # version written, source rewritten
        assert front_matter_value(killed_source, "so") == "1"
        waiting = _start(project_dir, "issue", "qd-cho", "--ngay", "2026-03-02", "--khong-pdf")
        victim.kill()                                                   # SIGKILL / TerminateProcess
        victim.wait(timeout=60)
        out, err = waiting.communicate(timeout=600)
    finally:
        if victim.poll() is None:
            victim.kill()
        victim.stdout.close()
        victim.stderr.close()
    assert waiting.returncode == 0, err
    assert "01/QĐ-UBND" in out                                          # the killed one's number was never used
    assert killed_source.read_bytes() == original
    assert [(r["Hồ sơ"], r["Số"]) for r in register_rows(project_dir)] == [("qd-cho", "1")]
    assert run_vanban(project_dir, "verify").returncode == 0
