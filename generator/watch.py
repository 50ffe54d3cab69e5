"""Watch mode: rebuild what depends on a saved file, a moment after it is saved.

- watchdog observes records/, templates/ and the profile folders (the polling observer for network
  shares, where native events do not arrive; tech-notes §3.3).
- Saves are noisy (Word's ~$ owner file and ~WR….tmp, LibreOffice's .~lock.…#, vim's backup and
  4913 probe, VS Code's truncate-then-write): editor and tool temp files are ignored, moves count
  for both ends, and a burst of events is one batch (§3.2): it ends once the folders have been quiet
  for QUIET_SECONDS, or DEBOUNCE_SECONDS after its first event (observe.QuietDebouncer).
- What is rebuilt: a record → its outputs and the records that attach to, reply to or cite it;
  a template → the records of that type and format; the office config or a profile → everything.
  The build's own fingerprints then skip anything whose inputs did not really change.
- A source that fails to parse is retried after a short delay (it may be mid-write); if it stays
  broken its error is printed (file:line) and its last good outputs stay. An output held open by
  Word is reported and retried. Nothing stops the watcher but Ctrl+C.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import sys
import threading
import time
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent

from generator.build import BuildReport, build_records, draft_output_allowed, real_folders
from generator.format import doctypes, profiles
from generator.format.config import RECORD_FILE, Project
from generator.format.context import RecordIndex, _canonical_symbol
from generator.format.facts import facts_of
from generator.format.loading import list_sources, load_records
from generator.inbox import Inbox
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record
from generator.observe import DEBOUNCE_SECONDS, QUIET_SECONDS, DebouncedObserver, ignored, profile_dirs
from generator.render.site.builder import build_site

RETRY_DELAY = 0.4          # a source that does not parse is read again after this …
PARSE_ATTEMPTS = 3         # … this many times in all, before its error is shown
LOCKED_RETRY_SECONDS = 3.0  # an output held open by Word is tried again this often

@dataclass
class Change:
    """What a batch of events means for the build."""
    records: set[Path] = field(default_factory=set)      # record folders whose source changed
    templates: set[Path] = field(default_factory=set)    # template files
    everything: bool = False                            # office config or a profile changed
    profiles_changed: bool = False
    paths: set[Path] = field(default_factory=set)       # what changed, for the report line

    def __bool__(self) -> bool:
        return bool(self.records or self.templates or self.everything)

    def merge(self, other: "Change") -> None:
        self.records |= other.records
        self.templates |= other.templates
        self.everything |= other.everything
        self.profiles_changed |= other.profiles_changed
        self.paths |= other.paths


class Classifier:
    def __init__(self, project: Project):
        self.project = project
        self.records_dir = project.records_dir.resolve()
        self.templates_dir = project.templates_dir.resolve()
        self.config_path = project.config_path.resolve()
        self.profile_dirs = profile_dirs(project)
        self.out_dirs = [project.out_dir.resolve(), project.state_dir.resolve(), (project.root / "site").resolve()]

    def classify(self, events: list[FileSystemEvent]) -> Change:
        change = Change()
        for event in events:
            if event.event_type in ("opened", "closed_no_write"):
                continue
            paths = [event.src_path, getattr(event, "dest_path", "") or ""]
            for raw in paths:
                if not raw:
                    continue
                path = Path(raw if isinstance(raw, str) else raw.decode()).resolve()
                if event.is_directory and event.event_type == "modified":
                    continue
                self._one(path, event.is_directory, change)
        return change

    def _one(self, path: Path, is_dir: bool, change: Change) -> None:
        if any(path == d or path.is_relative_to(d) for d in self.out_dirs):
            return      # the tool's own outputs: never a reason to rebuild (no loops)
        if ignored(path):
            return
        if path == self.config_path:
            change.everything = True
            change.paths.add(path)
        elif any(path.is_relative_to(d) for d in self.profile_dirs) and path.suffix in (".yaml", ".yml"):
            change.everything = change.profiles_changed = True
            change.paths.add(path)
        elif path.is_relative_to(self.records_dir):
            parts = path.relative_to(self.records_dir).parts
            if "phien-ban" in parts or any(p.startswith((".", "_")) for p in parts):
                return  # frozen versions and the issuing step's hidden work folders are not sources
            if path.name == RECORD_FILE:
                change.records.add(path.parent)
                change.paths.add(path)
            elif is_dir and path != self.records_dir:
                change.records.add(path)        # a record folder created, renamed or deleted
                change.paths.add(path)
        elif path.is_relative_to(self.templates_dir) and path.suffix.lower() == ".docx":
            change.templates.add(path)
            change.paths.add(path)


@dataclass
class Outcome:
    """One rebuild, for the one line the watcher prints (and for tests and the bench)."""
    changed: list[str]
    built: list[str]
    pdfs: list[str]
    errors: list[Diagnostic]
    locked: list[str]
    seconds: float
    pdf_seconds: float = 0.0
    site_seconds: float | None = None


class Watcher:
    def __init__(self, project: Project, pdf: bool = False, site: bool = False, polling: float | None = None,
                 debounce: float = DEBOUNCE_SECONDS, quiet: float | None = QUIET_SECONDS,
                 out=sys.stdout, err=sys.stderr):
        self.project = project
        self.pdf = pdf
        self.site = site
        self.polling = polling
        self.out, self.err = out, err
        self.classifier = Classifier(project)
        self.batches: queue.Queue[list[FileSystemEvent]] = queue.Queue()
        # The saved record's .docx is awaited: a burst ends once the folders are quiet (the inbox keeps
        # the full window: a scanner or a copy writes a file over seconds).
        self.events = DebouncedObserver(self.batches.put, polling=polling, debounce=debounce, quiet=quiet)
        self.converter = None
        self.locked: dict[Path, float] = {}    # output that could not be replaced -> when to try again
        self._stop = threading.Event()
        self.busy = threading.Lock()           # the inbox (generator/inbox.py) and the rebuilds take turns
        self.inbox = Inbox(project, pdf=self._pdf if pdf else None, busy=self.busy,
                           polling=polling, debounce=debounce, out=out, err=err)

    # ------------------------------------------------------------------ lifecycle
    def roots(self) -> list[Path]:
        dirs = [self.project.records_dir, self.project.templates_dir, *self.classifier.profile_dirs]
        return [d for d in dirs if d.is_dir()]

    def start(self) -> None:
        self.events.start(self.roots())
        self.inbox.start()

    def stop(self) -> None:
        self._stop.set()
        self.events.stop()
        self.inbox.stop()
        if self.converter is not None:
            self.converter.close()
            self.converter = None

    def run(self) -> None:
        """Initial build, then rebuild on changes until Ctrl+C (KeyboardInterrupt) or stop()."""
        self.initial_build()
        self.start()
        where = ", ".join(str(r) for r in [*self.roots(), self.inbox.folder])
        mode = f"thăm dò mỗi {self.polling:g} giây" if self.polling else "sự kiện hệ thống"
        self.say(f"Đang theo dõi {where} ({mode}). Nhấn Ctrl+C để dừng.")
        try:
            while not self._stop.is_set():
                try:
                    batch = self.batches.get(timeout=self._wait_time())
                except queue.Empty:
                    self._retry_locked()
                    continue
                change = self.classifier.classify(batch)
                while True:      # a save split across two debounce windows is still one rebuild
                    try:
                        change.merge(self.classifier.classify(self.batches.get_nowait()))
                    except queue.Empty:
                        break
                if change:
                    with self.busy:
                        self.handle(change)
        finally:
            self.stop()

    def _wait_time(self) -> float:
        if not self.locked:
            return 0.5
        return max(0.05, min(self.locked.values()) - time.monotonic())

    # ------------------------------------------------------------------ output
    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def complain(self, diags: list[Diagnostic]) -> None:
        for d in diags:
            print(str(d), file=self.err, flush=True)

    # ------------------------------------------------------------------ building
    def initial_build(self) -> None:
        started = time.perf_counter()
        report = self._build(paths=None)
        self.complain(self._unlocked(report.errors) + report.warnings)
        self._note_locked(report.errors, [report.outputs[k] for k in report.built])
        pdfs, pdf_seconds = self._pdf(report.outputs) if self.pdf else ([], 0.0)
        site_seconds = self._site()
        self.say(f"Tạo ban đầu: {len(report.built)} văn bản tạo mới, {len(report.skipped)} không đổi"
                 f"{f', {len(pdfs)} PDF' if self.pdf else ''}"
                 f"{', trang nội bộ' if site_seconds is not None else ''}"
                 f" ({time.perf_counter() - started:.2f} giây).")

    def _build(self, paths: list[Path] | None = None, force: bool = False, keys: list[str] | None = None,
               loaded: tuple | None = None) -> BuildReport:
        try:
            return build_records(self.project, paths, force=force, progress=False, keys=keys, loaded=loaded)
        except VanbanError as exc:          # the office config itself is broken
            report = BuildReport()
            report.errors += exc.diagnostics
            return report
        except Exception as exc:            # never let one bad rebuild stop the watcher  # noqa: BLE001
            report = BuildReport()
            report.errors.append(Diagnostic(f"lỗi khi tạo lại: {exc.__class__.__name__}: {exc}"))
            return report

    def _load(self) -> tuple[dict[str, Record], RecordIndex | None, list[Diagnostic]]:
        try:
            config = self.project.config()
        except VanbanError as exc:
            return {}, None, exc.diagnostics
        sources = list_sources(self.project)      # strings: 1,000 Paths were 10 ms of each save
        links = sources.links
        records, errors, failed = load_records(self.project, config, sources)
        self.loaded = (config, records, errors, failed, links)      # handle() builds from this very load
        return records, RecordIndex(records, config), errors

    def handle(self, change: Change) -> Outcome:
        started = time.perf_counter()
        if change.profiles_changed:
            profiles.forget()
            doctypes.doc_types.cache_clear()
        records, index, errors = self._load()
        folders = {f.resolve() for f in change.records}
        # A source that does not parse may be half-written: read it again before reporting it.
        # Word renames the source away for a moment: a folder without its source is read again too.
        for _ in range(PARSE_ATTEMPTS - 1):
            if not self._broken_among(errors, folders) and not any(self._mid_rename(f) for f in folders):
                break
            time.sleep(RETRY_DELAY)
            records, index, errors = self._load()

        real = real_folders(records, self.project)       # resolved once for the records folder, not per record
        named = [str(f) for f in folders]
        changed_keys = {k for k, folder in real.items() if any(folder == f or folder.startswith(f + os.sep)
                                                               for f in named)}
        template_keys = self._template_keys(change.templates, records, index)
        report = BuildReport()
        if change.everything:
            report = self._build()
        else:
            loaded = self.loaded if index is not None else None
            keys = sorted(changed_keys | template_keys)
            if keys:
                report = self._build(keys=keys, loaded=loaded)
            # Records that attach to, reply to or cite a record that really changed.
            dependents = sorted(self.dependents(set(report.built) & changed_keys, records, index) - set(report.built))
            if dependents:
                more = self._build(keys=dependents, force=True, loaded=loaded)
                _absorb(report, more)
        relevant = [d for d in report.errors + errors if self._relevant(d, folders, change)]
        # Show each problem once (the build re-parses and repeats the parse errors).
        seen: set[str] = set()
        shown = [d for d in relevant if not (str(d) in seen or seen.add(str(d)))]
        self.complain(self._unlocked(shown))
        self._note_locked(report.errors, [report.outputs[k] for k in report.built if k in report.outputs])
        seconds = time.perf_counter() - started
        pdfs, pdf_seconds = self._pdf({k: report.outputs[k] for k in report.built if k in report.outputs}) \
            if self.pdf and report.built else ([], 0.0)
        site_seconds = self._site() if report.built else None
        outcome = Outcome(site_seconds=site_seconds, changed=sorted(self._rel(p) for p in change.paths), built=list(report.built), pdfs=pdfs,
                          errors=self._unlocked(shown), locked=sorted(map(str, self.locked)), seconds=seconds, pdf_seconds=pdf_seconds)
        self.say(self.line(outcome))
        return outcome

    @staticmethod
    def _mid_rename(folder: Path) -> bool:
        return folder.is_dir() and not (folder / RECORD_FILE).exists()

    def _broken_among(self, errors: list[Diagnostic], folders: set[Path]) -> bool:
        return any(d.file is not None and any(Path(d.file).resolve().is_relative_to(f) for f in folders)
                   for d in errors)

    def _relevant(self, d: Diagnostic, folders: set[Path], change: Change) -> bool:
        """Errors of the records this change concerns (and of config, templates); not every
        unrelated broken record on every save."""
        if change.everything or change.templates or d.file is None:
            return True
        path = Path(d.file).resolve()
        if not path.is_relative_to(self.classifier.records_dir):
            return True
        if path.name == RECORD_FILE and not any(path.is_relative_to(f) for f in folders):
            return False
        return True

    def _template_keys(self, templates: set[Path], records: dict[str, Record], index: RecordIndex | None) -> set[str]:
        if not templates or index is None:
            return set()
        keys = set()
        for key, record in records.items():
            body = index.config.body(record.meta.co_quan)
            if body is None:
                continue
            for t in templates:
                if t.stem == record.meta.loai and t.parent.name == index.profile_of(record).template_dir:
                    keys.add(key)
        return keys

    @staticmethod
    def dependents(keys: set[str], records: dict[str, Record], index: RecordIndex | None) -> set[str]:
        """Records whose relations (attached to, replies to, cites, amends, replaces) point at `keys`."""
        if not keys or index is None:
            return set()
        # A target names them by key or by số ký hiệu: only targets that could be one of theirs are resolved.
        names = set(keys) | {_canonical_symbol(s) for s in (index.symbol_of(records[k]) for k in keys if k in records) if s}
        out = set()
        for key, record in records.items():
            for _, target, _line in facts_of(record).targets:      # no front matter read for the others
                if target not in names and _canonical_symbol(target) not in names:
                    continue
                resolved = index.resolve(target)
                if resolved is not None and resolved.key in keys:
                    out.add(key)
        return out - keys

    def _locked_path(self, d: Diagnostic) -> Path | None:
        """The output a diagnostic says could not be replaced (atomic.OutputLocked names it), if any."""
        path = Path(d.file).resolve() if d.file is not None else None
        if path is None or path.parent != self.project.out_dir.resolve() or path.suffix.lower() not in (".docx", ".pdf"):
            return None
        return path

    def _note_locked(self, diags: list[Diagnostic], written: list[Path]) -> None:
        """Outputs that could not be replaced (open in Word or a PDF reader on Windows): try again later."""
        for d in diags:
            path = self._locked_path(d)
            if path is None:
                continue
            if path not in self.locked:
                self.say(f"Tệp {path.name} đang mở (trong Word hoặc trình đọc PDF?) nên chưa ghi được: sẽ thử lại "
                         f"mỗi {LOCKED_RETRY_SECONDS:g} giây; bản cũ vẫn giữ nguyên.")
            self.locked[path] = time.monotonic() + LOCKED_RETRY_SECONDS
        for path in written:
            self.locked.pop(path.resolve(), None)

    def _unlocked(self, diags: list[Diagnostic]) -> list[Diagnostic]:
        return [d for d in diags if self._locked_path(d) is None]

    def _retry_locked(self) -> None:
        now = time.monotonic()
        due = [p for p, when in self.locked.items() if when <= now]
        if not due:
            return
        records, _, _ = self._load()
        keys = {p.name.split(".")[0] for p in due}
        docx_keys = sorted(k for k in keys if k in records and self.project.output_for(k).resolve() in due)
        pdf_keys = sorted(k for k in keys if k in records and k not in docx_keys)
        started = time.perf_counter()
        report = self._build(keys=docx_keys) if docx_keys else BuildReport()
        self._note_locked(report.errors, [report.outputs[k] for k in report.built])
        seconds = time.perf_counter() - started
        pdfs, pdf_seconds = [], 0.0
        if self.pdf:
            pdfs, pdf_seconds = self._pdf({k: self.project.output_for(k) for k in [*report.built, *pdf_keys]})
        for path in due:            # not reported locked again: written, or no longer needed
            if self.locked.get(path, now + 1) <= now:
                del self.locked[path]
        if report.built or pdfs:
            self.say(self.line(Outcome(changed=["(thử ghi lại tệp đang mở)"], built=report.built, pdfs=pdfs,
                                       errors=[], locked=sorted(map(str, self.locked)), seconds=seconds,
                                       pdf_seconds=pdf_seconds)))

    def _pdf(self, docx: dict[str, Path]) -> tuple[list[str], float]:
        from generator.render import pdf as pdfmod
        if not docx:
            return [], 0.0
        started = time.perf_counter()
        try:
            if self.converter is None:
                self.converter = pdfmod.Converter()
        except pdfmod.LibreOfficeMissing:
            print(pdfmod.INSTALL_HINT, file=self.err, flush=True)
            self.pdf = False
            return [], 0.0
        records, index, _ = self._load()
        if index is None:
            return [], 0.0
        try:
            report = pdfmod.convert_outputs(self.project, records, index, docx, converter=self.converter,
                                            guard=partial(draft_output_allowed, self.project))
        except Exception as exc:  # noqa: BLE001 — a PDF problem must not stop the watcher
            self.complain([Diagnostic(f"lỗi khi tạo PDF: {exc}")])
            return [], time.perf_counter() - started
        self.complain(self._unlocked(report.errors) + report.font_errors)
        self._note_locked(report.errors, list(report.outputs.values()))
        return report.built + [k + pdfmod.MERGED_SUFFIX for k in report.merged], time.perf_counter() - started

    def _site(self) -> float | None:
        """Rebuild the internal site (generator/render/site/); its seconds, or None if not built."""
        if not self.site:
            return None
        started = time.perf_counter()
        try:
            report = build_site(self.project, err=self.err)
        except VanbanError as exc:
            self.complain(exc.diagnostics)
            return None
        except Exception as exc:  # noqa: BLE001 — the site must not stop the watcher
            self.complain([Diagnostic(f"lỗi khi tạo trang nội bộ: {exc}")])
            return None
        self.complain(getattr(report, "errors", []))
        return time.perf_counter() - started

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.project.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    @staticmethod
    def line(o: Outcome) -> str:
        now = dt.datetime.now().strftime("%H:%M:%S")
        what = ", ".join(o.changed) or "?"
        if o.built:
            done = "tạo lại " + ", ".join(f"{k}.docx" for k in o.built)
        elif o.errors:
            done = "lỗi, giữ nguyên bản trước"
        elif o.locked:
            done = "chưa ghi được vì tệp đang mở, sẽ thử lại"
        else:
            done = "không có gì thay đổi"
        line = f"[{now}] {what} → {done} ({o.seconds:.2f} giây)"
        if o.pdfs:
            line += f"; PDF {', '.join(o.pdfs)} ({o.pdf_seconds:.2f} giây)"
        if o.site_seconds is not None:
            line += f"; trang nội bộ ({o.site_seconds:.2f} giây)"
        return line + "."


def _absorb(report: BuildReport, more: BuildReport) -> None:
    report.built += [k for k in more.built if k not in report.built]
    report.errors += more.errors
    report.warnings += more.warnings
    report.outputs.update(more.outputs)
    report.failed += more.failed
