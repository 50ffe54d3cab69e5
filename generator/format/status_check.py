"""Which records of the last load's listing changed on disk, found on the second core.

A load that takes its sources from the listing (loading.list_sources) must still look at each record's
file status: ten thousand `stat` calls, 25 ms here, on top of the folders' own. git's preload-index
spreads the same `lstat`s over threads; in Python a thread gains nothing (each call's bookkeeping holds
the interpreter lock: two threads took 42 ms where one took 25, measured on N = 10,000). A forked child
does: it inherits the listing as it is (no copy, no pickling), stats every listed record while this
process checks the folders and reads the office config and the build's state, and answers with the few
that differ. Where it cannot run (no fork, one core, a program with threads, a small office) or fails,
the load stats each record itself, as before: the answer is the same.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading

import generator

WORTH_FROM = 2000        # listed records before a child is worth its start (fork ≈ 1 ms; 1,000 stats ≈ 2.5 ms)


def file_status(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What of a file's status vouches for its bytes (loading.TRUST_STAT): size, modification and change
    times, inode, device. A listing entry keeps it as this tuple; loading.status_key is its text form."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def changed_entries(base: str, entries) -> list[str]:
    """The rels (relative to `base`, POSIX separators) whose file status now differs from their entry's,
    or that cannot be read. `entries`: the listing's (parsed_index.Entries)."""
    stat_of = os.stat
    changed = []
    for rel, status in entries.file_statuses():
        try:
            st = stat_of(base + rel)
        except OSError:
            changed.append(rel)
            continue
        if file_status(st) != status:
            changed.append(rel)
    return changed


def cores() -> int:
    """The cores this process may use (a container or `taskset` can allow fewer than the machine has):
    the build's process pool, the site's second process and this check all ask here."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):      # Windows, macOS
        return os.cpu_count() or 1


def worth_a_child(count: int) -> bool:
    """Whether checking `count` records in a child pays: a one-shot command (generator.ONE_SHOT: a
    watcher or a server keeps threads a fork would copy in whatever state they are), on Linux with a
    second core for it (`fork` elsewhere is either missing or unsafe with system libraries)."""
    if count < WORTH_FROM or not generator.ONE_SHOT or not sys.platform.startswith("linux"):
        return False
    return cores() >= 2 and threading.active_count() == 1


class StatusCheck:
    """changed_entries(base, entries), worked out in a forked child started now; result() waits for it.
    None from result(): no answer (the child could not start, failed or was killed): stat each record."""

    def __init__(self, base: str, entries):
        self.pid: int | None = None
        self.reader: int | None = None
        self.answer: frozenset[str] | None = None
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return
        if pid == 0:                   # the child: stat, answer and end; nothing of the parent's runs
            code = 1
            try:
                os.close(reader)
                view = memoryview(pickle.dumps(changed_entries(base, entries), protocol=pickle.HIGHEST_PROTOCOL))
                while view:
                    view = view[os.write(writer, view):]
                code = 0
            finally:
                os._exit(code)           # no atexit, no flushing of the parent's buffered output
        os.close(writer)
        self.pid, self.reader = pid, reader

    def result(self) -> frozenset[str] | None:
        if self.reader is not None:
            chunks = []
            try:
                while chunk := os.read(self.reader, 1 << 16):
                    chunks.append(chunk)
            except OSError:
                chunks = []
            finally:
                os.close(self.reader)
                self.reader = None
            if self._ended() == 0 and chunks:
                try:
                    self.answer = frozenset(pickle.loads(b"".join(chunks)))
                except Exception:  # noqa: BLE001 — a broken answer is no answer: stat each record
                    self.answer = None
        return self.answer

    def discard(self) -> None:
        """The answer is not wanted (records/ is walked again): end the child now."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        if self.reader is not None:
            os.close(self.reader)
            self.reader = None
        self._ended()

    def _ended(self) -> int | None:
        """The child's exit code, once it has ended (waited for, so it leaves no zombie)."""
        if self.pid is None:
            return None
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = -1
        self.pid = None
        return os.waitstatus_to_exitcode(status) if status != -1 else None

    def __del__(self):
        if self.pid is not None or self.reader is not None:
            self.discard()
