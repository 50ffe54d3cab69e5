"""Watching folders: the debounced watchdog observer and the rules for files that are never sources.

Shared by `vanban watch` (generator/watch.py) and `vanban serve` (generator/render/site/builder.py):
watchdog observes the folders (the polling observer for network shares, where native events do not
arrive; tech-notes §3.3), editor and tool temp files are ignored, and watchdog's EventDebouncer
turns a burst of events into one batch (§3.2). `vanban watch` ends a burst sooner (QuietDebouncer): an
official waits for the .docx of the file just saved, while serve and the inbox keep the 0.3 s window.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEvent,
                             FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver
from watchdog.utils.event_debouncer import EventDebouncer

from generator.format import profiles
from generator.format.config import Project
from generator.model.errors import VanbanError

DEBOUNCE_SECONDS = 0.3
# `vanban watch`: a burst is over once nothing happened for this long (an editor's save is a few events
# within milliseconds), and never waits more than DEBOUNCE_SECONDS after its first event.
QUIET_SECONDS = 0.04

# What a change is made of. Not opened / closed-without-writing: inotify reports every read, so each
# rebuild (which reads every source) would otherwise flood the observer thread with events to ignore.
WATCHED_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
                  DirCreatedEvent, DirModifiedEvent, DirDeletedEvent, DirMovedEvent]

# Editor and tool side files (tech-notes §3.2): never sources, never a reason to rebuild.
_IGNORED = re.compile(r"""^(
      ~\$.*                 # Word / Excel owner file
    | ~WR[A-Z]\d+\.tmp      # Word's temporary copies (~WRD0000.tmp, ~WRL0001.tmp)
    | .*\.tmp               # any temp file, including ours (.name.xxxx.tmp)
    | \.~lock\..*\#         # LibreOffice lock file
    | \..*                  # hidden files: vim .swp/.swx, ours, .DS_Store
    | .*~                   # vim / emacs backup
    | \#.*\#                # emacs autosave
    | \d+                   # vim's write probe (4913, 5036, …)
    | .*\.(swp|swx|swo|bak|part|crdownload)
)$""", re.IGNORECASE | re.VERBOSE)


def ignored(path: Path) -> bool:
    return bool(_IGNORED.match(path.name))


def profile_dirs(project: Project) -> list[Path]:
    """The packaged profiles and the folders of any versioned profile file the office config names."""
    dirs = {profiles.PROFILE_DIR.resolve()}
    try:
        for body in project.config().bodies.values():
            if body.ho_so_tep:
                path = Path(body.ho_so_tep)
                path = path if path.is_absolute() else profiles.PROFILE_DIR / path
                dirs.add(path.parent.resolve())
    except VanbanError:
        pass
    return sorted(dirs)


class QuietDebouncer(EventDebouncer):
    """A burst ends `quiet` seconds after its last event, or `longest` seconds after its first, whichever
    comes first (watchdog's EventDebouncer waits a full interval after every event). The callback gets
    the events in the order they came, as EventDebouncer's does."""

    def __init__(self, quiet: float, longest: float, events_callback):
        super().__init__(debounce_interval=longest, events_callback=events_callback)
        self.quiet, self.longest = quiet, longest

    def run(self) -> None:
        with self._cond:
            while self.should_keep_running():
                while self.should_keep_running() and not self._events:
                    self._cond.wait()
                if not self.should_keep_running():
                    break
                first = last = time.monotonic()
                count = len(self._events)
                while self.should_keep_running():
                    now = time.monotonic()
                    left = min(self.quiet - (now - last), self.longest - (now - first))
                    if left <= 0:
                        break
                    self._cond.wait(timeout=left)
                    if len(self._events) != count:
                        count, last = len(self._events), time.monotonic()
                if self._events:
                    events, self._events = self._events, []
                    self.events_callback(events)
            if self._events:
                events, self._events = self._events, []
                self.events_callback(events)


class DebouncedObserver:
    """A watchdog observer (native, or polling for network shares) feeding an EventDebouncer:
    `on_batch(events)` is called once per burst of events. Shared by `vanban watch` and `vanban serve`.
    With `quiet`, a burst ends that long after its last event (at most `debounce` after its first)."""

    def __init__(self, on_batch, polling: float | None = None, debounce: float = DEBOUNCE_SECONDS,
                 quiet: float | None = None):
        self.debouncer = (QuietDebouncer(quiet, debounce, on_batch) if quiet is not None
                          else EventDebouncer(debounce_interval=debounce, events_callback=on_batch))
        self.observer = PollingObserver(timeout=polling) if polling else Observer()

    def start(self, roots: list[Path]) -> None:
        handler = _Handler(self.debouncer)
        for root in roots:
            self.observer.schedule(handler, str(root), recursive=True, event_filter=WATCHED_EVENTS)
        self.debouncer.start()
        self.observer.start()

    def stop(self) -> None:
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=5)
        if self.debouncer.is_alive():
            self.debouncer.stop()
            self.debouncer.join(timeout=5)


class _Handler(FileSystemEventHandler):
    def __init__(self, debouncer: EventDebouncer):
        self.debouncer = debouncer

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        self.debouncer.handle_event(event)
