"""The inbox (hộp thư): Word as the editor. `vanban watch` also watches hop-thu/ (key `hop_thu` in
van-phong.yaml); a .docx, .doc, .pdf or .txt saved or dropped there is

1. imported into a record (the importer's own functions) — a new one, or the one it already maps to:
   the mapping file name → record key lives in .vanban/hop-thu.json, so saving the same Word draft
   again updates the same record;
2. built (out/<key>.docx, and .pdf with --pdf);
3. reported in Vietnamese beside the result (out/<key>.bao-cao.txt, and on the console): the `check`
   findings on the original, what the rebuilt document no longer has, what the import could not place;
4. kept: the original is only read, never changed or moved; every version received is frozen with the
   record's history (records/<key>/phien-ban/<n>/, with a copy of the received file), so
   `vanban history` and `vanban diff` show the draft between saves.

Word's ways of saving (owner file ~$…, ~WRL….tmp, the rename dance, a file still being written) give
one import per save: side files are ignored (generator.observe), a save is identified by the hash of
its bytes, and a file that does not read (a truncated zip) is read again a few times before it is
reported; the last good output then stays. A record edited by hand since its last import is never
overwritten: the new import is written beside it (van-ban.tu-hop-thu.md) and the conflict reported.
An issued record is never touched: the save becomes a new draft.

Runs in its own thread beside the records watcher (generator/watch.py), holding the watcher's lock
while it writes and builds, so the two never build at the same time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.atomic import write_bytes, write_text
from generator.build import build_records
from generator.check.checker import DocReport, check_docx
from generator.format.config import RECORD_FILE, Project
from generator.importer import importer
from generator.model.errors import Diagnostic, VanbanError
from generator.observe import DEBOUNCE_SECONDS, DebouncedObserver, ignored
from generator.records import audit
from generator.records.issuing import office_session
from generator.records.ledger import current_user, now
from generator.records.received import AFTER_PNG, BEFORE_PNG, OUTCOMES, REPORT_SUFFIX, read_state, state_path
from generator.records.versions import DRAFT, create_version, issued_version, record_folder

DEFAULT_DIR = "hop-thu"
CONFIG_KEY = "hop_thu"
SUFFIXES = (".docx", ".doc", ".pdf", ".txt")
RECEIVED_DIR = "hop-thu"              # .vanban/hop-thu/<digest>-<name>: every file received, as received
PROPOSAL_FILE = "van-ban.tu-hop-thu.md"   # an import that would have overwritten a hand edit
ORIGINAL_PREFIX = "ban-nhan-"         # the received file inside a version folder
READ_ATTEMPTS = 5                     # a file that does not read is read again this many times …
READ_DELAY = 0.8                      # … this long apart (Word may still be writing it)
SETTLE = 0.3                          # size and mtime must stay the same this long before reading
CHECKABLE = (".docx", ".doc")         # `vanban check` reads Word files only
PNG_DPI = "60"

# What the importer's notes say, sorted for the report (the notes are the importer's own words).
KEPT_AS_PARAGRAPH = "giữ nguyên như đoạn văn"
LEFT_BLANK = "để trống"


def inbox_dir(project: Project) -> Path:
    """hop-thu/ beside records/, or the folder `hop_thu:` names in van-phong.yaml (relative to the project)."""
    try:
        raw = project.config().raw.get(CONFIG_KEY)
    except VanbanError:
        raw = None
    folder = Path(str(raw)) if raw else Path(DEFAULT_DIR)
    return folder if folder.is_absolute() else project.root / folder


def is_candidate(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not ignored(path)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Received:
    """One save of one inbox file, for the console, the report and the tests."""
    name: str
    digest: str
    keys: list[str] = field(default_factory=list)
    status: str = ""                  # moi | cap-nhat | du-thao-moi | xung-dot | hong | trung
    lines: list[str] = field(default_factory=list)


class Inbox:
    """Watches the inbox folder; `pdf(outputs)` makes PDFs (the watcher's converter), `busy` is the
    watcher's lock (builds never overlap)."""

    def __init__(self, project: Project, pdf: Callable[[dict[str, Path]], object] | None = None,
                 busy: threading.Lock | None = None, polling: float | None = None,
                 debounce: float = DEBOUNCE_SECONDS, out=sys.stdout, err=sys.stderr):
        self.project = project
        self.folder = inbox_dir(project)
        self.pdf = pdf
        self.busy = busy or nullcontext()
        self.out, self.err = out, err
        self.jobs: queue.Queue = queue.Queue()
        self.events = DebouncedObserver(self.jobs.put, polling=polling, debounce=debounce)
        self.worker: threading.Thread | None = None
        self.converter = None             # LibreOffice for the originals' page 1 (with --pdf)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.events.start([self.folder])
        self.worker = threading.Thread(target=self._work, name="hop-thu", daemon=True)
        self.worker.start()
        self.jobs.put(None)           # files dropped while the watcher was not running

    def stop(self) -> None:
        self.events.stop()
        if self.worker is not None and self.worker.is_alive():
            self.jobs.put(StopIteration)
            self.worker.join(timeout=120)
        self.worker = None
        if self.converter is not None:
            self.converter.close()
            self.converter = None

    def _work(self) -> None:
        while True:
            batch = self.jobs.get()
            if batch is StopIteration:
                return
            paths = self._paths(batch)
            while True:                 # a save split across two debounce windows is still one save
                try:
                    more = self.jobs.get(timeout=SETTLE)
                except queue.Empty:
                    break
                if more is StopIteration:
                    return
                paths |= self._paths(more)
            for path in sorted(paths):
                try:
                    self.receive(path)
                except Exception as exc:  # noqa: BLE001 — one bad file must not stop the inbox
                    self.say(f"[hộp thư] {path.name}: lỗi khi xử lý ({exc.__class__.__name__}: {exc}); "
                             "tệp gốc không bị đổi")

    def _paths(self, batch) -> set[Path]:
        if batch is None:
            return {p for p in self.folder.iterdir() if p.is_file() and is_candidate(p)}
        out = set()
        for event in batch:
            if event.is_directory:
                continue
            for raw in (event.src_path, getattr(event, "dest_path", "") or ""):
                if raw:
                    path = Path(raw if isinstance(raw, str) else raw.decode())
                    if is_candidate(path):
                        out.add(path)
        return out

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    # ------------------------------------------------------------------ state
    def load_state(self) -> dict:
        return read_state(self.project)

    def save_state(self, state: dict) -> None:
        write_text(state_path(self.project), json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True))

    def _name(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.folder.resolve()).as_posix()
        except ValueError:
            return path.name

    # ------------------------------------------------------------------ one save
    def _settled(self, path: Path) -> bytes | None:
        """The file's bytes once its size and mtime stop changing (None when it went away)."""
        last = None
        for _ in range(READ_ATTEMPTS * 4):
            try:
                st = path.stat()
            except OSError:
                return None
            if last == (st.st_size, st.st_mtime_ns):
                try:
                    return path.read_bytes()
                except OSError:          # locked while being written (Windows): try again
                    pass
            last = (st.st_size, st.st_mtime_ns)
            time.sleep(SETTLE)
        try:
            return path.read_bytes()
        except OSError:
            return None

    def _read(self, path: Path, data: bytes, config, workdir: Path) -> list:
        """The importer's documents from a private copy of the received bytes (named as the original,
        so `nguon` names it)."""
        copy = workdir / path.name
        copy.write_bytes(data)
        return importer.read_documents(copy, config, None, None)

    def receive(self, path: Path) -> Received | None:
        name = self._name(path)
        state = self.load_state()
        entry = state.get("tep", {}).get(name, {})
        data = self._settled(path)
        if data is None:
            return None                   # renamed away (Word's rename dance): its new name comes next
        digest = sha(data)[:16]
        if digest in (entry.get("sha256"), entry.get("sha256_hong")):
            return None                   # the same save seen again (events of one save, a touch)
        config = self.project.config()
        problem = None
        workdir = Path(tempfile.mkdtemp(prefix="vanban-hop-thu-"))
        try:
            for attempt in range(READ_ATTEMPTS):
                try:
                    docs = self._read(path, data, config, workdir)
                    problem = None
                    break
                except VanbanError as exc:
                    problem = "; ".join(d.message for d in exc.diagnostics)
                except Exception as exc:  # noqa: BLE001 — a half-written file breaks readers in many ways
                    problem = f"{exc.__class__.__name__}: {exc}"
                time.sleep(READ_DELAY)
                again = self._settled(path)
                if again is None:
                    return None
                if again != data:
                    data, digest = again, sha(again)[:16]
                    if digest == entry.get("sha256"):
                        return None
            if problem is not None:
                return self._broken(name, digest, entry, state, problem)
            with self.busy:
                return self._import(path, name, data, digest, docs, entry, state, config, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _broken(self, name: str, digest: str, entry: dict, state: dict, problem: str) -> Received:
        got = Received(name, digest, keys=list(entry.get("ho_so", [])), status="hong")
        keep = [f"out/{k}.docx" for k in got.keys if self.project.output_for(k).exists()]
        got.lines = [f"Tệp {name} (lúc {_clock()}) không đọc được sau {READ_ATTEMPTS} lần thử: {problem}.",
                     "Có thể Word chưa lưu xong hoặc tệp bị hỏng; chưa nhập gì từ lần lưu này."]
        got.lines.append(f"Giữ nguyên bản tạo lần trước: {', '.join(keep)}." if keep else
                         "Chưa có bản nào tạo từ tệp này; hãy lưu lại tệp trong Word.")
        for key in got.keys:
            report = self.project.output_for(key, REPORT_SUFFIX)
            earlier = report.read_text(encoding="utf-8") if report.exists() else ""
            write_text(report, "\n".join(got.lines) + "\n\n" + (
                "Báo cáo của lần lưu đọc được gần nhất:\n\n" + earlier if earlier else ""))
        entry["sha256_hong"] = digest
        entry["loi"] = problem
        state.setdefault("tep", {})[name] = entry
        self.save_state(state)
        self.say(f"[hộp thư] {name} → tệp hỏng hoặc chưa lưu xong, giữ nguyên bản trước: {problem}")
        return got

    def _import(self, path: Path, name: str, data: bytes, digest: str, docs: list, entry: dict, state: dict,
                config, workdir: Path) -> Received:
        project = self.project
        got = Received(name, digest)
        received = project.state_dir / RECEIVED_DIR / f"{digest}-{path.name}"
        received.parent.mkdir(parents=True, exist_ok=True)
        if not received.exists():
            received.write_bytes(data)
        mapped = list(entry.get("ho_so", []))
        if not mapped:                # imported before with `vanban import`: the same file, the same record
            earlier = importer.previous_import(project, digest)
            if earlier is not None:
                mapped = [earlier.parent.name]
        importer.link_documents(docs, importer._existing_records(project, config), config)
        taken = importer.existing_keys(project)
        plans = []                    # (imp, key, how, notes)
        for n, imp in enumerate(docs):
            importer._summary(imp, config)
            key = mapped[n] if n < len(mapped) else None
            folder = record_folder(project, key) if key else None     # a record moved into a sub-folder too
            notes: list[str] = []
            if key and (folder / RECORD_FILE).exists():
                issued = issued_version(project, key)
                if issued is not None:
                    new = importer.record_key(imp, taken, config)
                    notes.append(f"văn bản {key} ({issued.so_ky_hieu or 'đã ban hành'}) đã ban hành ngày "
                                 f"{issued.ngay}: không sửa văn bản đã ban hành; lần lưu này thành dự thảo mới "
                                 f"{new}. Muốn dự thảo này sửa đổi hoặc thay thế văn bản đã ban hành, hãy ghi "
                                 f"quan_he: sua_doi: [{issued.so_ky_hieu or key}] hoặc thay_the: "
                                 f"[{issued.so_ky_hieu or key}] trong records/{new}/{RECORD_FILE}")
                    key, how = new, "du-thao-moi"
                else:
                    current = sha((folder / RECORD_FILE).read_bytes())
                    how = "cap-nhat" if current in (entry.get("sha256_ho_so", {}).get(key),
                                                    entry.get("sha256_de_xuat", {}).get(key)) else "xung-dot"
            else:
                key = importer.record_key(imp, taken, config)
                how = "moi"
            taken.add(key)
            imp.key = key
            plans.append((imp, key, how, notes))
        for imp, key, how, notes in plans:
            if imp.parent is not None and (not imp.meta.quan_he.kem_theo or not imp.parent.meta.so):
                imp.meta.quan_he.kem_theo = imp.parent.key
            importer._validate(imp, config)
        written_sha = dict(entry.get("sha256_ho_so", {}))
        proposal_sha = dict(entry.get("sha256_de_xuat", {}))
        built_keys = []
        for imp, key, how, notes in plans:
            text = importer.record_text(imp)
            folder = record_folder(project, key)
            if how == "xung-dot":
                write_text(folder / PROPOSAL_FILE, text)
                proposal_sha[key] = sha(text.encode("utf-8"))
                notes.append(f"records/{key}/{RECORD_FILE} đã được sửa trực tiếp sau lần nhập trước: không ghi "
                             f"đè. Bản nhập mới ghi riêng ở records/{key}/{PROPOSAL_FILE}; muốn dùng bản mới, "
                             f"chép nó đè lên {RECORD_FILE}; muốn giữ bản đã sửa, xóa tệp đề xuất. "
                             f"Bản Word out/{key}.docx vẫn tạo từ {RECORD_FILE} hiện có.")
            else:
                folder.mkdir(parents=True, exist_ok=True)
                write_text(folder / RECORD_FILE, text)
                written_sha[key] = sha(text.encode("utf-8"))
                proposal_sha.pop(key, None)
                (folder / PROPOSAL_FILE).unlink(missing_ok=True)
                built_keys.append(key)
        got.keys = [key for _, key, _, _ in plans]
        got.status = plans[0][2] if plans else "trong"
        # The mapping first: whatever fails below, the next save still finds these records.
        entry.update({"ho_so": got.keys, "sha256_ho_so": written_sha, "sha256_de_xuat": proposal_sha})
        state.setdefault("tep", {})[name] = entry
        self.save_state(state)
        report = build_records(project, paths=[record_folder(project, k) for k in built_keys], progress=False) \
            if built_keys else None
        outputs = {k: report.outputs[k] for k in built_keys if report and k in report.outputs}
        if outputs and self.pdf is not None:
            self.pdf(outputs)
        before = check_docx(workdir / path.name) if path.suffix.lower() in CHECKABLE else None
        if outputs and self.pdf is not None:
            try:
                self._pictures(workdir / path.name, list(outputs), workdir)
            except Exception as exc:  # noqa: BLE001 — pictures are a view, never a reason to lose an import
                self.say(f"[hộp thư] {name}: không tạo được ảnh trang 1 ({exc})")
        for imp, key, how, notes in plans:
            after = check_docx(outputs[key]) if key in outputs else None
            errors = [d for d in (report.errors if report else []) if d.file and key in Path(d.file).parts]
            first = imp is plans[0][0]
            lines = report_lines(project, name, key, how, imp, before if first else None,
                                 after, notes, errors, self.pdf is not None, None if first else plans[0][1])
            write_text(project.output_for(key, REPORT_SUFFIX), "\n".join(lines) + "\n")
            got.lines += lines
            if how != "xung-dot":
                self._version(key, name, path, data, len(entry.get("lan", [])) + 1)
        entry.update({"ho_so": got.keys, "sha256": digest, "sha256_ho_so": written_sha,
                      "sha256_de_xuat": proposal_sha, "lan": [*entry.get("lan", []), {
                          "thoi_gian": now(), "sha256": digest, "ket_qua": got.status, "ho_so": got.keys}]})
        entry.pop("sha256_hong", None)
        entry.pop("loi", None)
        state.setdefault("tep", {})[name] = entry
        self.save_state(state)
        for line in got.lines:
            self.say(f"[hộp thư] {line}" if line is got.lines[0] else f"  {line}")
        return got

    def _pictures(self, original: Path, keys: list[str], workdir: Path) -> None:
        """Page 1 of the original and of each rebuilt PDF as PNGs beside the outputs (vanban serve shows
        them). The original goes through LibreOffice like the outputs do; a .txt has no page."""
        from generator.render import pdf as pdfmod
        before = None
        suffix = original.suffix.lower()
        if suffix == ".pdf":
            before = original
        elif suffix in CHECKABLE:
            try:
                if self.converter is None:
                    self.converter = pdfmod.Converter()
                result = self.converter.convert([original], workdir / "lo")
            except VanbanError:
                result = {}
            before = result.get(original) if isinstance(result.get(original), Path) else None
        for n, key in enumerate(keys):
            after = self.project.output_for(key, ".pdf")
            if before is not None and n == 0:
                page_one_png(before, self.project.output_for(key, BEFORE_PNG), workdir)
            if after.exists():
                page_one_png(after, self.project.output_for(key, AFTER_PNG), workdir)

    def _version(self, key: str, name: str, path: Path, data: bytes, count: int) -> None:
        """Freeze the record as imported, its outputs, its report and the file received."""
        project = self.project
        files = {RECORD_FILE: (record_folder(project, key) / RECORD_FILE).read_bytes(),
                 ORIGINAL_PREFIX + path.name: data}
        for suffix in (".docx", ".pdf", REPORT_SUFFIX):
            out = project.output_for(key, suffix)
            if out.exists():
                files[out.name] = out.read_bytes()
        user = current_user(None)
        message = f"Nhận từ hộp thư: {name} (lần lưu thứ {count})"
        with office_session(project):
            version = create_version(project, key, files, DRAFT, message, user, now())
            audit.append(project, [audit.make_event("phien-ban", key, user, phien_ban=version.number,
                                                    ghi_chu=message,
                                                    sha256_ke_khai=version.data["sha256_ke_khai"])])


def page_one_png(pdf: Path, target: Path, workdir: Path) -> bool:
    """Page 1 of `pdf` as a PNG at `target` (poppler's pdftoppm), written atomically."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return False
    stem = workdir / f"trang-{target.name.split('.')[0]}-{len(list(workdir.iterdir()))}"
    try:
        subprocess.run([exe, "-png", "-singlefile", "-r", PNG_DPI, "-f", "1", "-l", "1", str(pdf), str(stem)],
                       capture_output=True, timeout=120, check=True)
    except (OSError, subprocess.SubprocessError):
        return False
    write_bytes(target, Path(f"{stem}.png").read_bytes())
    return True


def _clock() -> str:
    return dt.datetime.now().strftime("%H:%M:%S %d/%m/%Y")




def report_lines(project: Project, name: str, key: str, how: str, imp, before: DocReport | None,
                 after: DocReport | None, notes: list[str], errors: list[Diagnostic], pdf: bool,
                 checked_with: str | None = None) -> list[str]:
    """The Vietnamese report of one import: what the original got wrong, what changed, what is left."""
    lines = [f"{name} → records/{key}/{RECORD_FILE} ({OUTCOMES[how]}), lúc {_clock()}."]
    lines += notes
    if how != "xung-dot":
        made = [f"out/{key}.docx"] if project.output_for(key).exists() and not errors else []
        if made and pdf and project.output_for(key, ".pdf").exists():
            made.append(f"out/{key}.pdf")
        lines.append(f"Bản đúng thể thức: {', '.join(made)}." if made else
                     "Chưa tạo được bản Word từ hồ sơ này; bản tạo lần trước (nếu có) được giữ nguyên.")
        lines += [f"  {d}" for d in errors]
    lines.append("")
    if checked_with is not None:
        lines.append(f"Bản gốc: cùng tệp với {checked_with}; lỗi thể thức của tệp ở báo cáo out/{checked_with}"
                     f"{REPORT_SUFFIX}.")
    elif before is None:
        lines.append("Bản gốc: không phải tệp Word nên không kiểm tra thể thức (vanban check đọc .docx, .doc).")
    elif before.error:
        lines.append(f"Bản gốc: vanban check không đọc được ({before.error}).")
    else:
        lines.append(f"Bản gốc theo vanban check ({before.profile_name or before.profile}): "
                     f"{len(before.errors)} lỗi, {len(before.warnings)} cảnh báo.")
        lines += [f"  - {f}" for f in before.findings]
    if after is not None and not after.error:
        left = {f.code for f in after.findings}
        fixed = [f for f in (before.findings if before and not before.error else []) if f.code not in left]
        if fixed:
            lines.append("Vanban đã sửa (bản mới tạo lại theo mẫu của thể thức, không còn các chỗ này):")
            lines += [f"  - {f.element_name}: {f.problem} → {f.rule}" for f in fixed]
        lines.append(f"Bản mới theo vanban check: {len(after.errors)} lỗi, {len(after.warnings)} cảnh báo."
                     if after.findings else "Bản mới theo vanban check: không có lỗi, không có cảnh báo.")
        lines += [f"  - {f}" for f in after.findings]
    kept = [n for n in imp.report if KEPT_AS_PARAGRAPH in n]
    blank = [n for n in imp.report if LEFT_BLANK in n]
    other = [n for n in imp.report if n not in kept and n not in blank]
    if kept:
        lines.append("Dòng chưa đặt được vào cấu trúc (giữ thành đoạn văn):")
        lines += [f"  - {n}" for n in kept]
    if blank:
        lines.append("Trường để trống:")
        lines += [f"  - {n}" for n in blank]
    if imp.problems:
        lines.append("Cần sửa trong hồ sơ trước khi tạo được văn bản:")
        lines += [f"  - {d.message}" + (f" (dòng {d.line})" if d.line else "") for d in imp.problems]
    if other:
        lines.append("Ghi chú khi nhập:")
        lines += [f"  - {n}" for n in other]
    lines.append("")
    lines.append(f"Tệp gốc {name} không bị sửa hay di chuyển; mỗi lần lưu được giữ trong "
                 f"records/{key}/phien-ban/ (xem: vanban history {key}).")
    return lines

