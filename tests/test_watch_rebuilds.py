"""`vanban watch` as a real process on a temporary copy of the project: real watchdog, real saves.

Each test starts the watcher, waits for its "Đang theo dõi" line, saves files the way editors do,
and reads the one line the watcher prints per rebuild. Waits have generous time limits; nothing
asserts on how fast a rebuild is (bench/bench_watch.py measures that).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from docx_facts import texts

QD, QC = "qd-230-tu-2025", "qc-phoi-hop-ca-tinh-2025"
REQUEST, REPLY = "cv-de-nghi-xac-minh-2026", "cv-phuc-dap-xac-minh-2026"
STATE_QD = "qd-ubnd-to-ra-soat-2026"
WAIT = 60.0


class WatchProcess:
    """`python -m generator watch` with its output lines collected by reader threads."""

    def __init__(self, root: Path, *args: str):
        # As a terminal starts it: Ctrl+C (SIGINT) reaches it even when the suite itself was started where
        # SIGINT is ignored (a background job of a script), which a child would inherit
        kwargs = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt" else {
            "preexec_fn": lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)}
        self.proc = subprocess.Popen([sys.executable, "-u", "-m", "generator", "-C", str(root), "watch", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     encoding="utf-8", **kwargs)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        self.stdout: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stdout, self.stdout, True), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.stderr, False), daemon=True).start()
        self.next_line(lambda line: line.startswith("Đang theo dõi"))

    def _read(self, stream, sink: list[str], to_queue: bool) -> None:
        for line in stream:
            sink.append(line.rstrip("\n"))
            if to_queue:
                self.lines.put(line.rstrip("\n"))

    def next_line(self, wanted=lambda line: True, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0 and self.proc.poll() is None, \
                f"watcher gave no such line; stdout={self.stdout} stderr={self.stderr} rc={self.proc.poll()}"
            try:
                line = self.lines.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if wanted(line):
                return line

    def rebuild(self, timeout: float = WAIT) -> str:
        return self.next_line(lambda line: line.startswith("["), timeout)

    def lines_within(self, seconds: float) -> list[str]:
        """Rebuild lines printed in the next `seconds` (to show that nothing more happens)."""
        got, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line.startswith("["):
                got.append(line)
        return got

    def stderr_has(self, wanted, timeout: float = 5.0) -> bool:
        """Whether an error line `wanted` accepts arrives: the watcher prints it before its stdout line, but
        the two pipes are read by two threads, so it may land in self.stderr a moment after."""
        deadline = time.monotonic() + timeout
        while not any(wanted(e) for e in self.stderr):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def interrupt(self) -> int:
        """Ctrl+C."""
        self.proc.send_signal(signal.CTRL_BREAK_EVENT if os.name == "nt" else signal.SIGINT)
        return self.proc.wait(timeout=WAIT)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.interrupt()            # lets the watcher remove its LibreOffice profile
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def watch(project_dir):
    started: list[WatchProcess] = []

    def start(*args: str) -> WatchProcess:
        w = WatchProcess(project_dir, *args)
        started.append(w)
        return w

    yield start
    for w in started:
        w.close()


def source(root: Path, key: str) -> Path:
    return root / "records" / key / "van-ban.md"


def docx_text(root: Path, key: str) -> str:
    return "\n".join(texts(Document(str(root / "out" / f"{key}.docx"))))


def stamps(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / "out").glob("*.docx")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name.removesuffix(".docx") for name in after if after[name] != before.get(name)}


LAST_REPLY_LINE = "xem xét, kết luận theo thẩm quyền."


def test_editing_a_record_rebuilds_it_and_what_depends_on_it_only(project_dir, watch):
    w = watch()
    before = stamps(project_dir)
    assert len(before) >= 7
    edit(source(project_dir, REPLY), LAST_REPLY_LINE, "xem xét, kết luận theo thẩm quyền (bản sửa 1).")
    line = w.rebuild()
    assert f"records/{REPLY}/van-ban.md" in line and f"{REPLY}.docx" in line
    assert "xem xét, kết luận theo thẩm quyền (bản sửa 1)." in docx_text(project_dir, REPLY)
    after = stamps(project_dir)
    assert changed(before, after) == {REPLY}

    # The Quyết định: its Quy chế is attached to it (and quotes its number and date), so both rebuild.
    edit(source(project_dir, QD), "có hiệu lực kể từ ngày ký.", "có hiệu lực kể từ ngày ký (bản sửa 2).")
    line = w.rebuild()
    assert f"{QD}.docx" in line and f"{QC}.docx" in line
    assert "có hiệu lực kể từ ngày ký (bản sửa 2)." in docx_text(project_dir, QD)
    assert changed(after, stamps(project_dir)) == {QD, QC}
    assert w.proc.poll() is None


def test_editing_a_template_rebuilds_the_records_of_that_type(project_dir, watch):
    w = watch()
    before = stamps(project_dir)
    template = project_dir / "templates" / "nha-nuoc" / "quyet-dinh.docx"
    doc = Document(str(template))
    doc.core_properties.comments = "sửa mẫu"        # a real change of the template file
    doc.save(str(template))
    line = w.rebuild()
    assert "templates/nha-nuoc/quyet-dinh.docx" in line
    assert changed(before, stamps(project_dir)) == {STATE_QD}


def test_a_word_style_save_is_one_rebuild(project_dir, watch):
    """Owner file, temporary copy, original renamed away, copy renamed over it, clean-up (§3.2)."""
    w = watch()
    before = stamps(project_dir)
    src = source(project_dir, REPLY)
    folder = src.parent
    new_text = src.read_text(encoding="utf-8").replace(LAST_REPLY_LINE, "kết luận theo thẩm quyền (lưu kiểu Word).")
    (folder / "~$van-ban.md").write_bytes(b"\x0bnguoi-soan")
    (folder / "~WRD0000.tmp").write_text(new_text, encoding="utf-8")
    os.replace(src, folder / "~WRL0001.tmp")
    os.replace(folder / "~WRD0000.tmp", src)
    (folder / "~WRL0001.tmp").unlink()
    (folder / "~$van-ban.md").unlink()
    line = w.rebuild()
    assert f"{REPLY}.docx" in line
    assert w.lines_within(2.0) == []        # exactly one rebuild, and no loop on our own outputs
    assert "(lưu kiểu Word)" in docx_text(project_dir, REPLY)
    assert changed(before, stamps(project_dir)) == {REPLY}
    # vim-style save: backup, write probe, new file
    (folder / "4913").write_text("", encoding="utf-8")
    (folder / "4913").unlink()
    os.replace(src, folder / "van-ban.md~")
    src.write_text(new_text.replace("(lưu kiểu Word)", "(lưu kiểu vim)"), encoding="utf-8")
    (folder / "van-ban.md~").unlink()
    line = w.rebuild()
    assert f"{REPLY}.docx" in line
    assert w.lines_within(2.0) == []
    assert "(lưu kiểu vim)" in docx_text(project_dir, REPLY)


def test_a_broken_save_prints_the_error_and_keeps_the_last_good_docx(project_dir, watch):
    w = watch()
    src = source(project_dir, REPLY)
    good = src.read_text(encoding="utf-8")
    previous = (project_dir / "out" / f"{REPLY}.docx").read_bytes()
    src.write_text(good.replace("loai: cong-van", "loai: [cong-van"), encoding="utf-8")
    line = w.rebuild()
    assert "giữ nguyên" in line
    assert w.stderr_has(lambda e: f"{src}:" in e and "lỗi" in e), w.stderr
    assert (project_dir / "out" / f"{REPLY}.docx").read_bytes() == previous
    # still watching: the fixed save builds again
    src.write_text(good.replace(LAST_REPLY_LINE, "kết luận theo thẩm quyền (đã sửa lỗi)."), encoding="utf-8")
    line = w.rebuild()
    assert f"{REPLY}.docx" in line
    assert "(đã sửa lỗi)" in docx_text(project_dir, REPLY)
    assert w.interrupt() == 0                # Ctrl+C stops cleanly
    assert "Đã dừng theo dõi." in w.stdout


def test_the_office_config_rebuilds_everything(project_dir, watch):
    w = watch()
    before = stamps(project_dir)
    config = project_dir / "records" / "van-phong.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# ghi chú mới\n", encoding="utf-8")
    line = w.rebuild()
    assert "records/van-phong.yaml" in line
    assert changed(before, stamps(project_dir)) == {name.removesuffix(".docx") for name in before}


def test_polling_observer_for_network_shares(project_dir, watch):
    w = watch("--polling", "0.5")
    before = stamps(project_dir)
    edit(source(project_dir, REPLY), LAST_REPLY_LINE, "kết luận theo thẩm quyền (thư mục mạng).")
    line = w.rebuild()
    assert f"{REPLY}.docx" in line
    assert changed(before, stamps(project_dir)) == {REPLY}
    assert "(thư mục mạng)" in docx_text(project_dir, REPLY)


def test_watch_with_pdf_converts_what_was_rebuilt(project_dir, watch):
    w = watch("--pdf")
    pdf = project_dir / "out" / f"{REPLY}.pdf"
    assert pdf.exists()
    others = {p.name: p.stat().st_mtime_ns for p in (project_dir / "out").glob("*.pdf") if p != pdf}
    edit(source(project_dir, REPLY), LAST_REPLY_LINE, "kết luận theo thẩm quyền (có PDF).")
    line = w.rebuild()
    assert f"PDF {REPLY}" in line
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "(có PDF)" in text
    assert {p.name: p.stat().st_mtime_ns for p in (project_dir / "out").glob("*.pdf") if p != pdf} == others


def test_a_burst_of_saves_is_one_rebuild_with_the_last_text_and_its_dependents(project_dir, watch):
    """Five saves in a row (an editor's autosave, a sync tool): one rebuild, from the last text, and the
    Quy chế attached to the decision is rebuilt with it."""
    w = watch()
    before = stamps(project_dir)
    src = source(project_dir, QD)
    text = src.read_text(encoding="utf-8")
    for i in range(1, 6):
        src.write_text(text.replace("có hiệu lực kể từ ngày ký.", f"có hiệu lực kể từ ngày ký (lần lưu {i})."),
                       encoding="utf-8")
    line = w.rebuild()
    assert f"{QD}.docx" in line and f"{QC}.docx" in line
    assert w.lines_within(2.0) == []
    body = docx_text(project_dir, QD)
    assert "(lần lưu 5)" in body and "(lần lưu 4)" not in body
    assert changed(before, stamps(project_dir)) == {QD, QC}


class _Batches:
    def __init__(self):
        self.got: queue.Queue[list] = queue.Queue()

    def __call__(self, events):
        self.got.put(list(events))


def test_the_watch_debouncer_ends_a_burst_when_quiet_and_caps_a_long_one():
    from generator.observe import QuietDebouncer
    # A burst ends once quiet (0.05 s), not after the longest wait (30 s here): watchdog's EventDebouncer
    # would hold these events for the full window.
    batches = _Batches()
    debouncer = QuietDebouncer(0.05, 30.0, batches)
    debouncer.start()
    try:
        for i in range(5):
            debouncer.handle_event(i)
        assert batches.got.get(timeout=10) == [0, 1, 2, 3, 4]
        # Events that never stop (every 20 ms for 1.5 s, with a quiet time of 1 s) still come out, in
        # batches at most `longest` (0.3 s) apart, in order, none lost.
        long = QuietDebouncer(1.0, 0.3, batches)
        long.start()
        try:
            for i in range(75):
                long.handle_event(i)
                time.sleep(0.02)
            out = [batches.got.get(timeout=10)]
            while sum(map(len, out)) < 75:
                out.append(batches.got.get(timeout=10))
        finally:
            long.stop()
            long.join(5)
        assert len(out) >= 2 and [e for b in out for e in b] == list(range(75))
    finally:
        debouncer.stop()
        debouncer.join(5)


def test_reading_watched_files_sends_the_observer_nothing(tmp_path, monkeypatch):
    """A rebuild reads every source: those reads must not reach the observer as events (inotify reports
    opens and reads unless told not to), only real changes do."""
    from generator import observe
    seen: list[str] = []
    real = observe._Handler.on_any_event
    monkeypatch.setattr(observe._Handler, "on_any_event", lambda self, e: (seen.append(e.event_type), real(self, e)))
    folder = tmp_path / "records" / "a"
    folder.mkdir(parents=True)
    (folder / "van-ban.md").write_text("nội dung", encoding="utf-8")
    batches = _Batches()
    observer = observe.DebouncedObserver(batches, quiet=0.05)
    observer.start([tmp_path / "records"])
    try:
        time.sleep(0.3)
        for _ in range(50):
            (folder / "van-ban.md").read_bytes()
        time.sleep(0.5)
        assert seen == [] and batches.got.empty()
        (folder / "van-ban.md").write_text("nội dung mới", encoding="utf-8")
        assert any(e.src_path.endswith("van-ban.md") for e in batches.got.get(timeout=10))
    finally:
        observer.stop()
