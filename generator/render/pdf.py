"""PDF outputs: .docx → PDF with LibreOffice headless, then metadata, bookmarks and merging with pypdf.

- Many documents go through ONE `soffice --convert-to pdf` process (≈0.1 s per document instead of
  ≈1.2 s each; tech-notes §1.1), with a private LibreOffice profile per converter so it works while
  the user has LibreOffice open and when two conversions run at once (§1.2).
- `soffice` exits 0 on failure, so inputs are checked first (a zip with [Content_Types].xml) and
  every PDF is checked to exist, to be a PDF and to be newer than its .docx.
- Conversion happens in a private temporary folder; the finished PDF replaces the old one through
  generator/atomic.py, so a failed conversion never destroys an earlier PDF.
- The embedded fonts are checked: a fallback font (DejaVu …) instead of the profile's font or its
  metric-compatible clone fails loudly (the fonts-liberation 1.x pitfall, §1.4).
- Every PDF gets metadata (title = trích yếu, author = issuing body, subject = số ký hiệu, keywords)
  and bookmarks for Phần / Chương / Mục / Điều on the pages where they are printed. A Quyết định and
  the documents attached to it (quan_he.kem_theo) also become one merged PDF:
  out/<key of the Quyết định>.tron-bo.pdf ("trọn bộ" = the complete set).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

import generator
from generator.atomic import OutputLocked, atomic_path
from generator.format import doctypes
from generator.format.config import Project
from generator.format.context import RecordIndex
from generator.format.loading import load_records
from generator.model.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, Diagnostic, VanbanError, summary_line
from generator.model.model import CHUONG, DIEU, MUC, PHAN, Record, Unit
from generator.model.text import collapse_ws, plain

MERGED_SUFFIX = ".tron-bo.pdf"
ATTACHING_TYPES = ("quyet-dinh",)          # a document of this type merges with what is attached to it
BOOKMARK_LEVELS = (PHAN, CHUONG, MUC, DIEU)
BOOKMARK_WORDS = {PHAN: "Phần", CHUONG: "Chương", MUC: "Mục", DIEU: "Điều"}
TITLE_MAX = 90                             # bookmark titles longer than this are cut with "…"

INSTALL_HINT = ("Chưa tạo PDF vì máy chưa có LibreOffice (các tệp .docx vẫn được tạo): "
                "Debian/Ubuntu chạy \"sudo apt-get install libreoffice-writer-nogui fonts-liberation2\"; "
                "Windows tải và cài tại https://www.libreoffice.org/download/download-libreoffice/ "
                "(hoặc đặt biến môi trường VANBAN_SOFFICE trỏ tới soffice).")

# Metric-compatible clones LibreOffice substitutes when the profile's font is not installed
# (fontconfig 30-metric-aliases.conf). A fact about fonts, not a format rule.
METRIC_CLONES = {
    "Times New Roman": ("Liberation Serif", "Tinos"),
    "Arial": ("Liberation Sans", "Arimo"),
    "Courier New": ("Liberation Mono", "Cousine"),
}


# --------------------------------------------------------------------------- finding LibreOffice

def find_soffice() -> Path | None:
    """The LibreOffice program: $VANBAN_SOFFICE, then PATH, then the usual install folders."""
    override = os.environ.get("VANBAN_SOFFICE")
    if override:
        return Path(override) if Path(override).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    candidates = []
    for var in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        base = os.environ.get(var)
        if base:
            candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    candidates += [Path(r"C:\Program Files\LibreOffice\program\soffice.exe"),
                   Path(r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"),
                   Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                   Path("/usr/lib/libreoffice/program/soffice"),
                   Path("/opt/libreoffice/program/soffice")]
    return next((c for c in candidates if c.exists()), None)


def check_docx(path: Path) -> str | None:
    """Why `path` is not a Word document LibreOffice can read, or None.

    LibreOffice "converts" a text file named .docx and exits 0 on a truncated one (§1.2).
    """
    if not path.exists():
        return "không tìm thấy tệp"
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return "không phải tệp Word (.docx) hợp lệ (không đọc được dạng zip)"
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        return "không phải tệp Word (.docx) hợp lệ (thiếu [Content_Types].xml hoặc word/document.xml)"
    return None


# --------------------------------------------------------------------------- conversion

class LibreOfficeMissing(VanbanError):
    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


class Converter:
    """Runs `soffice --convert-to pdf` on batches, one process per batch, with a private profile.

    The profile folder lives as long as the converter (a watcher reuses it: only the first call pays
    for creating it) and is private to this process, so two vanban processes never share one.
    Calls are serialised: one LibreOffice process converts one document at a time anyway.
    """

    def __init__(self, soffice: Path | None = None, timeout_base: float = 60.0, timeout_per_doc: float = 20.0):
        self.soffice = soffice or find_soffice()
        if self.soffice is None:
            raise LibreOfficeMissing()
        self.timeout_base = timeout_base
        self.timeout_per_doc = timeout_per_doc
        self._profile = Path(tempfile.mkdtemp(prefix=PROFILE_PREFIX))
        self._alive = FileLock(self._profile / ALIVE_LOCK)   # held while this converter lives
        self._alive.acquire()
        self._lock = threading.Lock()
        # removed on close(), or at the latest when the converter is collected or Python exits
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(self._profile), True)

    def close(self) -> None:
        self._alive.release()
        self._cleanup()

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def program(self) -> Path:
        """On Linux, LibreOffice's own soffice.bin rather than the launcher script: the launcher's
        oosplash runs soffice.bin as a grandchild, which the kernel cannot tie to our life
        (PR_SET_PDEATHSIG reaches only the direct child), so a killed vanban left it converting."""
        if _LINUX:
            binary = self.soffice.resolve().parent / "soffice.bin"
            if binary.is_file():
                return binary
        return self.soffice

    def command(self, inputs: list[Path], outdir: Path, target: str = "pdf") -> list[str]:
        return [str(self.program()), f"-env:UserInstallation={self._profile.as_uri()}",
                "--headless", "--norestore", "--nologo", "--nodefault",
                "--convert-to", target, "--outdir", str(outdir), *map(str, inputs)]

    def to_docx(self, legacy: Path, workdir: Path) -> Path:
        """A Word 97-2003 `.doc` (or .rtf/.odt) as a temporary `.docx` in `workdir`, for import and check.

        Raises VanbanError (Vietnamese, naming the file) when LibreOffice cannot read it.
        """
        if not legacy.is_file():
            raise VanbanError(f"{legacy}: không tìm thấy tệp")
        indir, outdir = workdir / "doc-in", workdir / "doc-out"
        indir.mkdir(parents=True, exist_ok=True)
        outdir.mkdir(parents=True, exist_ok=True)
        copy = indir / ("nguon" + legacy.suffix.lower())     # a plain name: no shell or URL surprises
        shutil.copy2(legacy, copy)
        with self._lock:
            self._run([copy], outdir, target="docx:MS Word 2007 XML")
        result = outdir / "nguon.docx"
        if not result.is_file() or check_docx(result):
            raise VanbanError(f"{legacy}: LibreOffice không đọc được tệp Word cũ này (tệp hỏng hoặc có mật khẩu?)")
        return result

    def convert(self, docx_paths: list[Path], workdir: Path) -> dict[Path, Path | str]:
        """Convert each .docx into `workdir`; map each input to its PDF or to why it failed (Vietnamese)."""
        results: dict[Path, Path | str] = {}
        staged: dict[Path, Path] = {}           # copy in workdir/in -> original
        indir, outdir = workdir / "in", workdir / "out"
        indir.mkdir(parents=True, exist_ok=True)
        outdir.mkdir(parents=True, exist_ok=True)
        for i, docx in enumerate(docx_paths):
            problem = check_docx(docx)
            if problem:
                results[docx] = problem
                continue
            # A private snapshot: a rebuild replacing the .docx meanwhile cannot tear the input, and
            # LibreOffice's lock files never appear beside the user's outputs. Distinct names even
            # when two inputs share a file name.
            copy = indir / f"{i:04d}-{docx.name}"
            shutil.copy2(docx, copy)
            staged[copy] = docx
        if not staged:
            return results
        with self._lock:
            started = time.time()
            self._run(list(staged), outdir)
        for copy, docx in staged.items():
            pdf = outdir / (copy.stem + ".pdf")
            results[docx] = pdf if _is_fresh_pdf(pdf, copy, started) else \
                "LibreOffice không tạo được PDF (tệp Word hỏng hoặc LibreOffice gặp lỗi)"
        return results

    def _run(self, inputs: list[Path], outdir: Path, target: str = "pdf") -> None:
        timeout = self.timeout_base + self.timeout_per_doc * len(inputs)
        kwargs: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
        if os.name == "nt":
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | getattr(subprocess, "CREATE_NO_WINDOW", 0)
        else:
            kwargs["start_new_session"] = True   # so a hung soffice.bin can be killed with its launcher
        if _LINUX:
            kwargs["preexec_fn"] = _die_with_parent
        for _ in range(2):     # soffice.bin exits 81 after creating a new profile: start it again (oosplash's job)
            proc = subprocess.Popen(self.command(inputs, outdir, target), **kwargs)
            try:
                proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_tree(proc)
                proc.communicate()
            if proc.returncode != _RESTART:
                break


PROFILE_PREFIX = "vanban-lo-profile-"
WORK_PREFIXES = ("vanban-pdf-", "vanban-ban-hanh-")    # TemporaryDirectory of a conversion / an issue
ALIVE_LOCK = ".vanban-dang-dung.lock"


def remove_orphan_workdirs(older_than: float = 3600) -> int:
    """Delete the temporary folders that killed vanban processes left in the system's temp folder:
    LibreOffice profiles whose converter no longer holds its lock, and work folders older than an hour.
    → folders removed."""
    removed = 0
    base = Path(tempfile.gettempdir())
    for folder in base.glob(PROFILE_PREFIX + "*"):
        lock = FileLock(folder / ALIVE_LOCK)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            continue                             # a converter at work (a watcher keeps one for hours)
        except OSError:
            continue
        lock.release()
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    for prefix in WORK_PREFIXES:
        for folder in base.glob(prefix + "*"):
            try:
                stale = time.time() - folder.stat().st_mtime > older_than
            except OSError:
                continue
            if stale:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    return removed


_LINUX = sys.platform.startswith("linux")
_RESTART = 81                  # LibreOffice's "restart me" exit code (first start with a new profile)


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGKILL when the vanban process dies (Linux)."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)      # PR_SET_PDEATHSIG


def _kill_tree(proc: subprocess.Popen) -> None:
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
    else:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _is_fresh_pdf(pdf: Path, source: Path, started: float) -> bool:
    """soffice exits 0 on failure: the PDF must exist, look like a PDF and be newer than its input."""
    try:
        stat = pdf.stat()
        with pdf.open("rb") as fh:
            magic = fh.read(5)
    except OSError:
        return False
    # 2 s slack: FAT/SMB timestamps are coarse; the output folder is fresh, so nothing older can be there.
    return magic == b"%PDF-" and stat.st_size > 0 and stat.st_mtime >= min(source.stat().st_mtime, started) - 2


# --------------------------------------------------------------------------- fonts

def _family_key(name: str) -> str:
    """"ABCDEF+TimesNewRomanPS-BoldMT" → "timesnewroman"; "Liberation Serif" → "liberationserif"."""
    name = re.sub(r"^[A-Z]{6}\+", "", name.lstrip("/"))
    name = re.split(r"[-,]", name, maxsplit=1)[0]
    name = re.sub(r"(PSMT|PS|MT)$", "", name.replace(" ", ""))
    return name.lower()


def expected_families(font: str) -> tuple[str, ...]:
    return (font, *METRIC_CLONES.get(font, ()))


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The base font names used by the pages (page and form XObject resources)."""
    names: set[str] = set()
    seen: set[int] = set()

    def visit(resources) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        if id(resources) in seen:
            return
        seen.add(id(resources))
        fonts = resources.get("/Font")
        if fonts is not None:
            for font in fonts.get_object().values():
                font = font.get_object()
                base = font.get("/BaseFont") or font.get("/Name")
                if base is not None:
                    names.add(str(base).lstrip("/"))
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for xobj in xobjects.get_object().values():
                xobj = xobj.get_object()
                if xobj.get("/Subtype") == "/Form":
                    visit(xobj.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return names


def unexpected_fonts(reader: PdfReader, font: str) -> list[str]:
    """Embedded fonts that are neither `font` nor a metric clone of it, without subset prefixes."""
    allowed = {_family_key(f) for f in expected_families(font)}
    return sorted({re.sub(r"^[A-Z]{6}\+", "", n) for n in embedded_fonts(reader) if _family_key(n) not in allowed})


# --------------------------------------------------------------------------- bookmarks and metadata

@dataclass
class Heading:
    level: int          # 0 for the outermost heading kind present in the document
    title: str
    page: int           # 0-based page index
    anchor: str = ""


def _short(text: str, limit: int = TITLE_MAX) -> str:
    text = collapse_ws(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip(" ,;:") + "…"


def _heading_units(record: Record) -> list[Unit]:
    return [u for u in record.units() if u.kind in BOOKMARK_LEVELS and u.number]


def _bookmark_title(unit: Unit) -> str:
    label = f"{BOOKMARK_WORDS[unit.kind]} {unit.number}"
    title = plain(unit.text or "")
    if not title:
        return label
    return _short(f"{label}. {title}")


def _norm(text: str) -> str:
    return collapse_ws(text).casefold()


def _needles(unit: Unit) -> list[str]:
    """What the heading looks like in the extracted text, most specific first."""
    label = f"{BOOKMARK_WORDS[unit.kind]} {unit.number}"
    title = _norm(plain(unit.text or ""))
    words = " ".join(title.split()[:6])
    out = []
    if words:
        out.append(_norm(f"{label}. {words}") if unit.kind == DIEU else _norm(f"{label} {words}"))
    out.append(_norm(label + "."))
    out.append(_norm(label))
    return out


def locate_headings(record: Record, page_texts: list[str]) -> list[Heading]:
    """Find each Phần/Chương/Mục/Điều on the page where it is printed, in document order.

    The text of every page is searched from where the previous heading was found, so a citation
    ("theo Điều 3") earlier in the text cannot capture a later heading, and the heading's first
    words must match, so a citation after the previous heading rarely can either.
    """
    texts = [_norm(t) for t in page_texts]
    units = _heading_units(record)
    kinds = [k for k in BOOKMARK_LEVELS if any(u.kind == k for u in units)]
    out: list[Heading] = []
    page, pos = 0, 0
    for unit in units:
        found = None
        for needle in _needles(unit):
            found = _find_from(texts, needle, page, pos)
            if found:
                break
        if found is None:       # not printed where expected: point at the previous heading's page
            found = (page, pos)
        else:
            page, pos = found
        out.append(Heading(level=kinds.index(unit.kind), title=_bookmark_title(unit), page=found[0],
                           anchor=unit.anchor))
    return out


def _find_from(texts: list[str], needle: str, page: int, pos: int) -> tuple[int, int] | None:
    for p in range(page, len(texts)):
        start = pos if p == page else 0
        while True:
            i = texts[p].find(needle, start)
            if i < 0:
                break
            end = i + len(needle)
            # "Điều 1" must not match "Điều 10"; "Chương I" must not match "Chương II".
            if end >= len(texts[p]) or not texts[p][end].isalnum():
                return p, end
            start = i + 1
    return None


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


@dataclass
class DocInfo:
    """What the PDF says about itself, from the record."""
    title: str
    author: str
    subject: str
    keywords: str
    label: str          # the top bookmark in a merged PDF: "Quyết định số 230-QĐ/TU"


def doc_info(record: Record, index: RecordIndex) -> DocInfo:
    meta = record.meta
    body = index.config.body(meta.co_quan)
    doc_type = doctypes.get(meta.loai)
    type_name = (meta.ten_loai or (doc_type.ten_loai if doc_type else "") or "").capitalize()
    symbol = index.symbol_of(record)
    parent = index.resolve(meta.quan_he.kem_theo) if meta.quan_he.kem_theo else None
    if symbol:
        subject = symbol
    elif parent is not None and index.symbol_of(parent):
        subject = f"kèm theo {index.symbol_of(parent)}"
    else:
        subject = "dự thảo" if meta.trang_thai == "du-thao" else ""
    trich_yeu = plain(meta.trich_yeu or "")
    author = body.ten if body else meta.co_quan
    keywords = [k for k in (type_name, symbol or subject, body.ten_goi if body else "",
                            str(meta.ngay.year) if meta.ngay else "") if k]
    label = f"{type_name} số {symbol}" if symbol else _short(f"{type_name} {trich_yeu}".strip())
    # The trích yếu alone starts with a lower-case verb ("ban hành Quy chế …"): led by the type name it
    # reads as the document's title, as printed ("QUYẾT ĐỊNH" / "ban hành Quy chế …").
    return DocInfo(title=f"{type_name} {trich_yeu}".strip() or record.key, author=author, subject=subject,
                   keywords=", ".join(keywords), label=label or record.key)


def _metadata(info: DocInfo) -> dict[str, str]:
    return {"/Title": info.title, "/Author": info.author, "/Subject": info.subject,
            "/Keywords": info.keywords, "/Creator": f"vanban {generator.__version__}"}


def _add_outline(writer: PdfWriter, headings: list[Heading], offset: int = 0, parent=None) -> None:
    stack: list[tuple[int, object]] = []     # (level, outline item) of the open ancestors
    for h in headings:
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        item = writer.add_outline_item(title=h.title, page_number=offset + h.page,
                                       parent=stack[-1][1] if stack else parent, is_open=False)
        stack.append((h.level, item))


def _write(writer: PdfWriter, target: Path) -> None:
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    with atomic_path(target) as tmp:
        with tmp.open("wb") as fh:
            writer.write(fh)


def finish_pdf(raw: Path, record: Record, index: RecordIndex, target: Path) -> "Finished":
    """Metadata and bookmarks on LibreOffice's PDF; written atomically to `target`."""
    reader = PdfReader(raw)
    headings = locate_headings(record, page_texts(reader))
    info = doc_info(record, index)
    writer = PdfWriter()
    writer.append(reader, import_outline=False)
    writer.add_metadata(_metadata(info))
    _add_outline(writer, headings)
    if headings:
        writer.page_mode = "/UseOutlines"
    _write(writer, target)
    return Finished(record.key, target, len(reader.pages), headings, info)


@dataclass
class Finished:
    key: str
    path: Path
    pages: int
    headings: list[Heading]
    info: DocInfo


def merge_set(parts: list[Finished], target: Path) -> None:
    """One PDF for a Quyết định and the documents attached to it; a bookmark per document and per heading."""
    writer = PdfWriter()
    for part in parts:
        start = len(writer.pages)
        writer.append(part.path, import_outline=False)
        top = writer.add_outline_item(title=part.info.label, page_number=start, is_open=True)
        _add_outline(writer, part.headings, offset=start, parent=top)
    writer.add_metadata(_metadata(parts[0].info))
    writer.page_mode = "/UseOutlines"
    _write(writer, target)


def merged_path(project: Project, key: str) -> Path:
    return project.out_dir / f"{key}{MERGED_SUFFIX}"


def attachment_sets(records: dict[str, Record], index: RecordIndex) -> dict[str, list[str]]:
    """Quyết định key → keys of the records attached to it (kem_theo), in key order."""
    sets: dict[str, list[str]] = {}
    for key in sorted(records):
        target = records[key].meta.quan_he.kem_theo
        parent = index.resolve(target) if target else None
        if parent is not None and parent.meta.loai in ATTACHING_TYPES and parent.key != key:
            sets.setdefault(parent.key, []).append(key)
    return sets


# --------------------------------------------------------------------------- the PDF step of a build

@dataclass
class PdfReport:
    built: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    font_errors: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.font_errors


def _stale(pdf: Path, docx: Path) -> bool:
    try:
        return pdf.stat().st_mtime < docx.stat().st_mtime
    except OSError:
        return True


def convert_outputs(project: Project, records: dict[str, Record], index: RecordIndex,
                    docx_paths: dict[str, Path], force: bool = False,
                    converter: Converter | None = None, guard=None) -> PdfReport:
    """Make out/<key>.pdf for each record in `docx_paths` whose PDF is missing or older than its .docx,
    and the merged PDF of every Quyết định whose set changed. Raises LibreOfficeMissing.

    `records` must hold every record (attachments are found through it); pass a long-lived
    `converter` (a watcher does) to reuse its LibreOffice profile. `guard(key)`, a context manager
    yielding whether out/ may receive that record's PDF now (build.draft_output_allowed), keeps a
    build from overwriting what an issue running meanwhile has frozen.
    """
    guard = guard or _always
    started = time.perf_counter()
    report = PdfReport()
    todo = {k: p for k, p in docx_paths.items() if force or _stale(project.output_for(k, ".pdf"), p)}
    for key in docx_paths:
        if key not in todo:
            report.skipped.append(key)
            report.outputs[key] = project.output_for(key, ".pdf")
    sets = attachment_sets(records, index)
    # A merged set needs its parts' page positions: re-finish unchanged parts from their current PDFs.
    touched_sets = {qd: parts for qd, parts in sets.items()
                    if qd in todo or any(p in todo for p in parts) or
                    (qd in docx_paths and _merged_stale(project, qd, parts))}
    if not todo and not touched_sets:
        report.seconds = time.perf_counter() - started
        return report
    own = converter is None
    if own and todo:
        converter = Converter()
    finished: dict[str, Finished] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-pdf-") as tmp:
            results = converter.convert(list(todo.values()), Path(tmp)) if todo else {}
            for key, docx in todo.items():
                try:
                    with guard(key) as allowed:
                        if not allowed:
                            report.skipped.append(key)
                            continue
                        finished[key] = _finish_one(project, records.get(key), index, docx,
                                                    results.get(docx, "không chuyển được"))
                except _Rejected as rejected:
                    (report.font_errors if rejected.font else report.errors).append(rejected.diagnostic)
                    report.failed.append(key)
                    continue
                except OutputLocked as exc:
                    report.errors += exc.diagnostics
                    report.failed.append(key)
                    continue
                report.built.append(key)
                report.outputs[key] = finished[key].path
        for qd, parts in touched_sets.items():
            keys = [qd, *parts]
            if any(k in report.failed for k in keys):
                continue
            try:
                done = [finished.get(k) or _refinish(project, records[k], index) for k in keys]
                with guard(qd) as allowed:
                    if not allowed:
                        continue
                    merge_set(done, merged_path(project, qd))
            except (OSError, PdfReadError, KeyError):
                report.errors.append(Diagnostic(
                    "không ghép được PDF trọn bộ: thiếu PDF của "
                    + ", ".join(k for k in keys if not project.output_for(k, ".pdf").exists()), None))
                continue
            except OutputLocked as exc:
                report.errors += exc.diagnostics
                continue
            report.merged.append(qd)
            report.outputs[qd + MERGED_SUFFIX] = merged_path(project, qd)
    finally:
        if own and converter is not None:
            converter.close()
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _always(key: str):
    yield True


class _Rejected(Exception):
    """A converted PDF that must not replace the previous one."""

    def __init__(self, diagnostic: Diagnostic, font: bool = False):
        super().__init__(diagnostic.message)
        self.diagnostic, self.font = diagnostic, font


def _finish_one(project: Project, record: Record | None, index: RecordIndex, docx: Path,
                outcome: Path | str) -> Finished:
    """Check LibreOffice's PDF (it exists, it reads, only the expected fonts) and finish it into out/."""
    if isinstance(outcome, str):
        raise _Rejected(Diagnostic(f"không tạo được PDF: {outcome}", docx))
    if record is None:
        raise _Rejected(Diagnostic("không tạo được PDF: không đọc được hồ sơ", docx))
    body = index.config.body(record.meta.co_quan)
    font = body.profile.font if body else "Times New Roman"
    try:
        bad = unexpected_fonts(PdfReader(outcome), font)
    except PdfReadError as exc:
        raise _Rejected(Diagnostic(f"LibreOffice tạo PDF hỏng ({exc})", docx)) from None
    if bad:
        raise _Rejected(Diagnostic(
            f"PDF dùng phông thay thế {', '.join(bad)} thay vì {' / '.join(expected_families(font))}: "
            "máy thiếu phông có đủ chữ tiếng Việt nên chữ và ngắt dòng sai. PDF cũ được giữ nguyên. "
            "Cài phông Times New Roman, hoặc trên Debian/Ubuntu: "
            "\"sudo apt-get install fonts-liberation2\" (gói fonts-liberation cũ không có chữ tiếng Việt).",
            docx), font=True)
    return finish_pdf(outcome, record, index, project.output_for(record.key, ".pdf"))


def _merged_stale(project: Project, qd: str, parts: list[str]) -> bool:
    target = merged_path(project, qd)
    return any(_stale(target, project.output_for(k, ".pdf")) for k in [qd, *parts])


def _refinish(project: Project, record: Record, index: RecordIndex) -> Finished:
    """Headings and info of a PDF that was not converted in this run (to merge it)."""
    path = project.output_for(record.key, ".pdf")
    reader = PdfReader(path)
    return Finished(record.key, path, len(reader.pages), locate_headings(record, page_texts(reader)),
                    doc_info(record, index))


def print_pdf_report(report: PdfReport, out=sys.stdout, err=sys.stderr) -> None:
    for d in report.errors + report.font_errors:
        print(str(d), file=err)
    extra = [f"trọn bộ {len(report.merged)}"] if report.merged else []
    print(summary_line("PDF", len(report.built), len(report.skipped), report.failed, report.seconds, extra), file=out)


def build_pdfs(project: Project, build_report, force: bool = False, out=sys.stdout, err=sys.stderr,
               guard=None) -> int:
    """The PDF step of `vanban build --pdf`: PDFs for the .docx the build produced or kept.

    Returns an exit code: 0, 1 when a fallback font was found, 2 when LibreOffice is missing or a
    conversion failed.
    """
    config = project.config()
    records, _, _ = load_records(project, config)
    index = RecordIndex(records, config)
    docx = {k: p for k, p in build_report.outputs.items() if k in records and p.exists()}
    if not docx:
        return EXIT_OK
    try:
        report = convert_outputs(project, records, index, docx, force=force, guard=guard)
    except LibreOfficeMissing:
        print(INSTALL_HINT, file=err)
        return EXIT_BAD_INPUT
    print_pdf_report(report, out, err)
    if report.errors:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if report.font_errors else EXIT_OK
