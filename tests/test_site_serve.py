"""`vanban serve`: the real command serves the site on 127.0.0.1; editing a record changes the served page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REPO

QC = "van-ban/quy-che/qc-phoi-hop-ca-tinh-2025.html"
WAIT = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, wanted, proc: subprocess.Popen) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        text = fetch(url)
        if text is not None and wanted(text):
            return text
        time.sleep(0.3)
    raise AssertionError(f"{url}: the expected page never came")


def test_editing_a_record_changes_the_served_page(project_dir: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(project_dir), "serve",
                             "--dia-chi", f"127.0.0.1:{port}"], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        before = wait_for(base + QC, lambda t: "Nội dung phối hợp" in t, proc)
        assert "Phạm vi phối hợp đã sửa" not in before
        source = project_dir / "records" / "qc-phoi-hop-ca-tinh-2025" / "van-ban.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Điều 3. Nội dung phối hợp", "Điều 3. Phạm vi phối hợp đã sửa"), encoding="utf-8")
        after = wait_for(base + QC, lambda t: "Phạm vi phối hợp đã sửa" in t, proc)
        assert 'id="dieu-3"' in after
        assert fetch(base + "index.html") is not None
    finally:
        proc.terminate()
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    assert "Trang nội bộ: http://127.0.0.1" in out, out + err
    assert "qc-phoi-hop-ca-tinh-2025/van-ban.md" in out, out
    assert "Đã dừng trang nội bộ." in out, out + err
