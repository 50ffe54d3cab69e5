"""Issuing (ban hành), snapshots, reserving and voiding numbers, and crash recovery.

How the number and date reach the record: `vanban issue` writes `so:`, `ngay:` and
`trang_thai: ban-hanh` into the record's own front matter (only those lines change; comments
and everything else stay), so every reader of the record (renderer, site, resolver, citations
"Phúc đáp Công văn số …") sees the number without knowing about the register. The register and
the issued version keep the same facts with hashes; `build` never re-renders an issued record
(`versions.check_frozen`), and an edit to its source is an error that points to an amending or replacing
record.

Issuing is one transaction under the office lock (generator/records/lock.py):

  1. parse, pick the number, render the .docx (and PDF) in memory / a temp folder: nothing on disk
     changes yet;
  2. write a journal (records/.ban-hanh-dang-do.json: the original sources, the version folders,
     the register row, the events), atomically and fsynced;
  3. write the issued version into a hidden staging folder and rename it into phien-ban/<n>;
  4. replace the source (atomic rename);
  5. append the register row with fsync — THE COMMIT POINT (for a type that is not numbered, the
     "ban-hanh" audit event is the commit point);
  6. append the audit events, copy the outputs to out/, delete the journal.

A crash (or kill) anywhere leaves the journal behind; whoever next takes the lock reads it: with
the row committed the remaining steps are redone (roll forward), otherwise the sources are put
back byte for byte and the version folders removed (roll back). Either the old state or the new
one, never half. A torn register or log line (a crash inside the append) is cut first: it was
never committed.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import re
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from generator.atomic import atomic_path, remove_stale_temporaries, write_bytes
from generator.format import doctypes
from generator.format.config import RECORD_FILE, OfficeConfig, Project
from generator.format.context import RecordIndex
from generator.format.loading import load_records
from generator.format.record_parser import parse_record_text
from generator.model.errors import Diagnostic, VanbanError, os_reason
from generator.model.model import Record
from generator.model.text import normalize
from generator.records import audit
from generator.records.hooks import checkpoint
from generator.records.ledger import current_user, fsync_dir, now, repair_tail, sha256_bytes
from generator.records.lock import office_lock
from generator.records.register import (ISSUE, RESERVE, VOID, Row, Series, append_row, free_reservations, issued_row,
                                        next_number, numbers_used, read_register, register_path, row_for_record,
                                        series_for, symbol_for)
from generator.records import JOURNAL_NAME
from generator.records.relations import Resolver
from generator.records.versions import (DRAFT, ISSUED, STAGING_PREFIX, VERSIONS_DIR, Version, create_version,
                                        issued_version, list_versions, record_folder, remove_tree, staging_folder)
from generator.records.versions import next_number as next_version
from generator.records.versions import rel_path as _rel
from generator.render.docx_render import render

__all__ = ["issue", "snapshot", "reserve", "void", "recover", "office_session", "record_event", "issued_version"]


def journal_path(project: Project) -> Path:
    return project.records_dir / JOURNAL_NAME


def _abs(project: Project, rel: str) -> Path:
    return project.root / Path(*rel.split("/"))


def _write_durable(target: Path, data: bytes) -> None:
    """Atomic replace with the data on disk before the rename (atomic.py + fsync)."""
    with atomic_path(target) as tmp:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    fsync_dir(target.parent)


# --------------------------------------------------------------------------- front matter

_FIELD_ORDER_ANCHORS = ("co_quan", "loai")


def _yaml_scalar(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def set_front_matter(raw: bytes, values: dict) -> bytes:
    """Set top-level front-matter fields, changing only their lines.

    An existing `key: …` line keeps its trailing comment; a commented placeholder (`# so:`) is
    filled in; a missing field goes after `co_quan:`. BOM and line ends (CRLF) are kept.
    """
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    if not lines or lines[0].strip() != "---":
        raise VanbanError("tệp hồ sơ phải bắt đầu bằng dòng \"---\"")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise VanbanError("thiếu dòng \"---\" đóng phần thông tin ở đầu tệp")
    for key, value in values.items():
        new = f"{key}: {_yaml_scalar(value)}"
        active = next((i for i in range(1, end) if re.match(rf"^{key}\s*:", lines[i])), None)
        if active is not None:
            comment = re.search(r"\s+#.*$", lines[active][len(key) + 1:])
            lines[active] = new + (comment.group(0) if comment else "")
            continue
        placeholder = next((i for i in range(1, end) if re.match(rf"^#\s*{key}\s*:", lines[i])), None)
        if placeholder is not None:
            lines[placeholder] = new
            continue
        before = list(values)[: list(values).index(key)]
        anchor = next((i for name in (*reversed(before), *_FIELD_ORDER_ANCHORS) for i in range(1, end)
                       if re.match(rf"^{name}\s*:", lines[i])), None)
        at = (anchor + 1) if anchor is not None else end
        lines.insert(at, new)
        end += 1
    out = newline.join(lines).encode("utf-8")
    return (b"\xef\xbb\xbf" + out) if bom else out


# --------------------------------------------------------------------------- the office lock

@contextlib.contextmanager
def office_session(project: Project) -> Iterator[None]:
    """Hold the office lock (lock.office_lock); its outermost holder first finishes or undoes an
    interrupted issue (`recover`). Every writer of the register, the audit log and the versions works
    inside one."""
    with office_lock(project) as outermost:
        if outermost:
            recover(project)
        yield


def record_event(project: Project, kind: str, key: str | None, user: str | None = None, **details) -> audit.Event:
    """Take the office lock and log one event (for commands other than issuing, e.g. `new`)."""
    event = audit.make_event(kind, key, user, **details)
    with office_session(project):
        audit.append(project, [event])
    return event


# --------------------------------------------------------------------------- snapshot

def _find_source(project: Project, key: str) -> Path:
    source = record_folder(project, key) / RECORD_FILE
    if not source.exists():
        raise VanbanError(f"không có hồ sơ \"{key}\" (thư mục records/{key}/ với tệp {RECORD_FILE})")
    return source


def load_with(project: Project, config: OfficeConfig, key: str) -> tuple[dict[str, Record], Record]:
    """Every record that parses, and record `key`; its own errors (only) when it does not parse."""

    records, errors, failed = load_records(project, config)
    if key not in records:
        if key in failed:
            mine = [d for d in errors if d.file and Path(d.file).parent.name == key] or errors
            raise VanbanError("", diagnostics=[Diagnostic(f"hồ sơ {key} còn lỗi, hãy sửa trước (vanban build)")] + mine)
        _find_source(project, key)
        raise VanbanError(f"không đọc được hồ sơ \"{key}\"")
    return records, records[key]


def snapshot(project: Project, key: str, message: str, build: Callable[[Project, Path], object],
             user: str | None = None) -> tuple[Version, list[str]]:
    """Freeze the current source and its outputs as the next version. Returns it and notes.

    `build(project, record_folder)` builds the record's outputs first and returns the build report
    (`.failed`, `.errors`): building is the orchestrator's (generator/build.py), not issuing's."""
    user = current_user(user)
    source = _find_source(project, key)
    if issued_version(project, key) is not None:
        raise VanbanError(f"hồ sơ {key} đã ban hành; bản ban hành là phiên bản cuối cùng. Muốn thay đổi, "
                          "hãy tạo hồ sơ sửa đổi (quan_he.sua_doi) hoặc thay thế (quan_he.thay_the)", source)
    notes: list[str] = []
    before = source.read_bytes()
    report = build(project, source.parent)
    files = {RECORD_FILE: before}
    if key in report.failed or source.read_bytes() != before:
        notes.append("chưa tạo được bản Word từ nguồn này (xem lỗi ở trên); phiên bản chỉ gồm tệp nguồn")
        for diag in report.errors:
            notes.append(str(diag))
    else:
        docx = project.output_for(key)
        if docx.exists():
            files[docx.name] = docx.read_bytes()
            pdf = project.output_for(key, ".pdf")
            if pdf.exists() and pdf.stat().st_mtime >= docx.stat().st_mtime:
                files[pdf.name] = pdf.read_bytes()
    with office_session(project):
        previous = list_versions(project, key)
        if previous and previous[-1].files.get(RECORD_FILE) == sha256_bytes(before):
            notes.append(f"nguồn không đổi so với phiên bản {previous[-1].number}")
        version = create_version(project, key, files, DRAFT, message, user, now())
        audit.append(project, [audit.make_event("phien-ban", key, user, phien_ban=version.number, ghi_chu=message,
                                                sha256_ke_khai=version.data["sha256_ke_khai"])])
    return version, notes


# --------------------------------------------------------------------------- issue

@dataclass
class Issued:
    key: str
    so: int | None
    so_ky_hieu: str
    date: dt.date
    version: Version
    attachments: list[Version] = field(default_factory=list)
    row: Row | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _baseline(records: dict[str, Record], config: OfficeConfig, series: Series, rows: list[Row]) -> int:
    """The highest number of the series among records issued before vanban kept the register."""
    registered = {r.ho_so for r in rows if r.thao_tac == ISSUE}
    best = 0
    for record in records.values():
        m = record.meta
        if not m.so or not m.ngay or m.trang_thai == "du-thao" or record.key in registered:
            continue
        try:
            other = series_for(config, m.co_quan, m.loai, m.ngay, m.do_mat)
        except VanbanError:
            continue
        if other == series:
            best = max(best, m.so)
    return best


def _choose_number(rows: list[Row], series: Series, key: str, baseline: int, wanted: int | None,
                   config: OfficeConfig) -> int:
    free = free_reservations(rows, series)
    if wanted is not None:
        if wanted in free and free[wanted].ho_so in ("", key):
            return wanted
        used = numbers_used(rows, series)
        if wanted in used:
            what = {ISSUE: "đã cấp", RESERVE: f"đang giữ cho hồ sơ {used[wanted].ho_so}", VOID: "đã hủy"}
            raise VanbanError(f"số {wanted:02d} của loạt \"{series.label(config)}\" {what[used[wanted].thao_tac]}")
        raise VanbanError(f"chỉ dùng --so với số đã giữ (vanban giu-so); số tiếp theo của loạt "
                          f"\"{series.label(config)}\" là {next_number(rows, series, baseline):02d}")
    mine = sorted(n for n, r in free.items() if r.ho_so == key)
    return mine[0] if mine else next_number(rows, series, baseline)


def _render_pdfs(records: list[Record], docx: dict[str, bytes], index: RecordIndex) -> tuple[dict[str, bytes], str]:
    """PDF bytes per key (LibreOffice, metadata, bookmarks); ({}, note) when LibreOffice is absent."""
    try:
        from generator.render import pdf as pdfmod
    except ImportError:
        return {}, "chưa tạo PDF: bản này chưa có chức năng PDF"
    if pdfmod.find_soffice() is None:
        return {}, pdfmod.INSTALL_HINT
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="vanban-ban-hanh-") as tmp:
        work = Path(tmp)
        inputs = {}
        for record in records:
            path = work / "docx" / f"{record.key}.docx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(docx[record.key])
            inputs[record.key] = path
        with pdfmod.Converter() as converter:
            results = converter.convert(list(inputs.values()), work / "lo")
        for record in records:
            outcome = results.get(inputs[record.key])
            if not isinstance(outcome, Path):
                raise VanbanError(f"không tạo được PDF của {record.key}: {outcome}; chưa ban hành. "
                                  "Chạy lại, hoặc ban hành không kèm PDF (--khong-pdf)")
            body = index.config.body(record.meta.co_quan)
            bad = pdfmod.unexpected_fonts(pdfmod.PdfReader(outcome), body.profile.font)
            if bad:
                raise VanbanError(f"PDF của {record.key} dùng phông thay thế {', '.join(bad)}; chưa ban hành. "
                                  "Cài phông Times New Roman (hoặc fonts-liberation2), hoặc dùng --khong-pdf")
            target = work / "pdf" / f"{record.key}.pdf"
            target.parent.mkdir(exist_ok=True)
            pdfmod.finish_pdf(outcome, record, index, target)
            out[record.key] = target.read_bytes()
    return out, ""


def issue(project: Project, key: str, date: dt.date | None = None, user: str | None = None, pdf: bool = True,
          number: int | None = None, n_copies: int | None = None, note: str = "") -> Issued:
    user = current_user(user)
    date = date or dt.date.today()
    config = project.config()
    with office_session(project):
        records, record = load_with(project, config, key)
        if config.is_inline(record.meta.co_quan):
            raise VanbanError(f"hồ sơ {key} là văn bản của cơ quan khác (co_quan ghi trực tiếp: "
                              f"\"{config.body(record.meta.co_quan).ten}\"); chỉ cấp số và ban hành văn bản của các "
                              f"cơ quan trong {config.path.name}", record.path, record.line_of("co_quan"))
        existing = issued_version(project, key)
        if existing is not None:
            raise VanbanError(f"hồ sơ {key} đã ban hành ({existing.so_ky_hieu or 'không đánh số'}, ngày "
                              f"{existing.ngay}); phiên bản ban hành: {_rel(project, existing.folder)}", record.path)
        if record.meta.trang_thai != "du-thao":
            raise VanbanError(f"hồ sơ {key} đang ở trạng thái \"{record.meta.trang_thai}\" (văn bản nhập từ bản gốc đã "
                              "ban hành); chỉ ban hành được dự thảo (trang_thai: du-thao)", record.path,
                              record.line_of("trang_thai"))
        missing = [f for f in doctypes.get(record.meta.loai).bat_buoc
                   if not getattr(record.meta, f, None) and not (f == "nguoi_ky" and record.meta.nguoi_ky)]
        if missing:        # an imported draft may build without them (as printed), never be issued so
            raise VanbanError(f"chưa ban hành được: thiếu trường bắt buộc {', '.join(missing)} của loại "
                              f"\"{record.meta.loai}\"; hãy điền rồi chạy lại", record.path, 2)
        resolver = Resolver(records, config)
        if record.meta.quan_he.kem_theo:
            parent = resolver.resolve(record.meta.quan_he.kem_theo)
            raise VanbanError(f"văn bản kèm theo được ban hành cùng văn bản chính: chạy \"vanban issue "
                              f"{parent.key if parent else record.meta.quan_he.kem_theo}\"", record.path,
                              record.line_of("quan_he.kem_theo"))
        doc_type = doctypes.get(record.meta.loai)
        rows, problems = read_register(project)
        result_notes = [f"sổ đăng ký: {p}" for p in problems]
        series, so, sym = None, None, ""
        if doc_type.dang_ky:
            series = series_for(config, record.meta.co_quan, record.meta.loai, date, record.meta.do_mat)
            so = _choose_number(rows, series, key, _baseline(records, config, series, rows), number, config)
            sym = symbol_for(config, record.meta.co_quan, record.meta.loai, so, tuple(record.meta.lien_ma))
            if record.meta.ky_hieu:
                sym = ""   # an explicit ký hiệu: take it from the rendered record below
        elif number is not None:
            raise VanbanError(f"loại \"{record.meta.loai}\" không đánh số trong sổ đăng ký; bỏ --so")
        if date > dt.date.today():
            result_notes.append(f"ngày ban hành {date:%d/%m/%Y} ở tương lai")
        earlier = _later_issue_in_series(rows, series, so, date)
        if earlier is not None:
            result_notes.append(f"ngày ban hành {date:%d/%m/%Y} sớm hơn ngày của số {earlier.so_ky_hieu} "
                                f"({earlier.ngay}) cùng loạt: số sau mang ngày trước, hãy kiểm tra lại ngày")

        # 1. Everything in memory: new sources, records, .docx, PDF.
        attachments = [r for r in records.values() if r.meta.quan_he.kem_theo and r.key != key
                       and resolver.resolve(r.meta.quan_he.kem_theo) is record
                       and r.meta.trang_thai == "du-thao" and issued_version(project, r.key) is None]
        group = [record, *sorted(attachments, key=lambda r: r.key)]
        new_sources: dict[str, tuple[bytes, bytes]] = {}
        fields = {"so": so, "ngay": date, "trang_thai": "ban-hanh"} if so else {"ngay": date, "trang_thai": "ban-hanh"}
        for r in group:
            old = r.path.read_bytes()
            new_sources[r.key] = (old, set_front_matter(old, fields if r is record else {"trang_thai": "ban-hanh"}))
        updated = dict(records)
        for r in group:
            updated[r.key] = parse_record_text(normalize(new_sources[r.key][1].decode("utf-8-sig")), r.path, config, r.key)
        index = RecordIndex(updated, config)
        if so and not sym:
            sym = index.symbol_of(updated[key])
        warnings: list[Diagnostic] = []
        docx: dict[str, bytes] = {}
        for r in group:
            data, warn = render(updated[r.key], index, project.templates_dir)
            docx[r.key] = data
            warnings += warn
        pdfs: dict[str, bytes] = {}
        if pdf:
            pdfs, pdf_note = _render_pdfs([updated[r.key] for r in group], docx, index)
            if pdf_note:
                result_notes.append(pdf_note)

        # 2. The journal: what to undo or to finish if this process dies from here on.
        transaction = uuid.uuid4().hex
        stamp = now()
        plan: dict[str, dict] = {}
        for r in group:
            vnum = next_version(project, r.key)
            final = record_folder(project, r.key) / VERSIONS_DIR / str(vnum)
            files = {RECORD_FILE: new_sources[r.key][1], f"{r.key}.docx": docx[r.key]}
            if r.key in pdfs:
                files[f"{r.key}.pdf"] = pdfs[r.key]
            plan[r.key] = {"files": files, "number": vnum, "final": final,
                           "staging": staging_folder(project, r.key, vnum)}
        issued_files = [(_rel(project, plan[r.key]["final"] / name), sha256_bytes(data))
                        for r in group for name, data in plan[r.key]["files"].items() if name != RECORD_FILE]
        row = None
        if so:
            kem = "; ".join(f"kèm theo: {(updated[r.key].meta.ten_loai or doctypes.get(r.meta.loai).ten_loai or '').capitalize()} "
                            f"{r.meta.trich_yeu}" for r in group[1:])
            row = row_for_record(updated[key], config, series, so, sym, date, issued_files, n_copies,
                                 "; ".join(filter(None, [note, kem])))
        events = [audit.make_event("ban-hanh", key, user, transaction, so_ky_hieu=sym or None,
                                   ngay=f"{date:%d/%m/%Y}", phien_ban=plan[key]["number"],
                                   loat=series.key if series else None)]
        for r in group[1:]:
            events.append(audit.make_event("ban-hanh", r.key, user, transaction, ngay=f"{date:%d/%m/%Y}",
                                           phien_ban=plan[r.key]["number"], kem_theo=sym or key))
        for link in resolver.links(record):
            if link.kind in ("thay_the", "sua_doi") and link.target is not None:
                events.append(audit.make_event("bi-" + link.kind.replace("_", "-"), link.target.key, user, transaction,
                                               boi=key, so_ky_hieu=sym or None))
        for e in events:
            e.thoi_gian = stamp
        journal = {
            "giao_dich": transaction, "ho_so": key, "loat": series.key if series else None, "so": so,
            "nguon": {k: {"tep": _rel(project, updated[k].path), "goc": base64.b64encode(old).decode("ascii"),
                          "sha256_moi": sha256_bytes(new)} for k, (old, new) in new_sources.items()},
            "phien_ban": {k: {"thu_muc": _rel(project, p["final"]), "tam": _rel(project, p["staging"])}
                          for k, p in plan.items()},
            "su_kien": [e.payload() for e in events],
            "ra": {_rel(project, plan[k]["final"] / name): _rel(project, project.output_for(k, Path(name).suffix))
                   for k in plan for name in plan[k]["files"] if name != RECORD_FILE},
        }
        try:
            _write_durable(journal_path(project), json.dumps(journal, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            raise not_issued(exc, key) from None
        checkpoint("journal")

        # 3-6. The transaction.
        committed = False
        try:
            versions = {}
            for r in group:
                p = plan[r.key]
                versions[r.key] = create_version(
                    project, r.key, p["files"], ISSUED, f"Ban hành {sym}".strip() if r is record else
                    f"Ban hành kèm theo {sym or key}", user, stamp, number=p["number"], staging=p["staging"],
                    extra={"giao_dich": transaction, "so_ky_hieu": sym if r is record else "",
                           "ngay": f"{date:%d/%m/%Y}", "kem_theo": "" if r is record else key})
                for e in events:
                    if e.su_kien == "ban-hanh" and e.ho_so == r.key:
                        e.chi_tiet["sha256_ke_khai"] = versions[r.key].data["sha256_ke_khai"]
            _rewrite_journal_events(project, journal, events)
            checkpoint("version")
            for r in group:
                _write_durable(r.path, new_sources[r.key][1])
            checkpoint("source")
            if row is not None:
                row = append_row(project, row, user, stamp, crash_point="register-half")
            checkpoint("register")
            committed = True
            audit.append(project, events)
            checkpoint("audit")
            _copy_outputs(project, journal["ra"])
            checkpoint("outputs")
            journal_path(project).unlink()
        except BaseException as exc:
            try:
                recover(project, quiet=True)
            except OSError:
                pass                        # the disk is still full: the next command finishes it
            if isinstance(exc, OSError):
                if committed:
                    raise VanbanError(
                        f"văn bản ĐÃ ĐƯỢC BAN HÀNH: số {sym or so} đã ghi vào sổ đăng ký, nhưng chưa ghi xong nhật ký "
                        f"và bản trong out/ ({os_reason(exc)}). Không ban hành lại văn bản này. Khi thư mục ghi "
                        "được trở lại, chạy \"vanban verify\": lệnh sẽ hoàn tất phần còn lại.") from None
                raise not_issued(exc, key) from None
            raise
    return Issued(key, so, sym, date, versions[key], [versions[r.key] for r in group[1:]], row, warnings,
                  result_notes)


def _later_issue_in_series(rows: list[Row], series: Series | None, so: int | None, date: dt.date) -> Row | None:
    """An issued row of the same series with a smaller number but a later date than `date`."""
    if series is None or so is None:
        return None
    for row in rows:
        if row.thao_tac == ISSUE and row.loat == series.key and row.so is not None and row.so < so:
            try:
                when = dt.datetime.strptime(row.ngay, "%d/%m/%Y").date()
            except ValueError:
                continue
            if when > date:
                return row
    return None


def not_issued(exc: OSError, key: str) -> VanbanError:
    return VanbanError(f"chưa ban hành được hồ sơ {key} ({os_reason(exc)}). Chưa có gì thay đổi: số chưa bị "
                       "dùng, sổ đăng ký và hồ sơ giữ nguyên. Hãy giải phóng ổ đĩa hoặc cấp quyền ghi rồi chạy lại.")


def _rewrite_journal_events(project: Project, journal: dict, events: list[audit.Event]) -> None:
    journal["su_kien"] = [e.payload() for e in events]
    _write_durable(journal_path(project), json.dumps(journal, ensure_ascii=False, indent=1).encode("utf-8"))


def _copy_outputs(project: Project, pairs: dict[str, str]) -> None:
    for src, dst in pairs.items():
        source = _abs(project, src)
        if source.exists():
            write_bytes(_abs(project, dst), source.read_bytes())


# --------------------------------------------------------------------------- recovery

def _committed(project: Project, journal: dict) -> bool:
    if journal.get("so"):
        rows, _ = read_register(project)
        row = issued_row(rows, journal["ho_so"])
        return row is not None and row.so == journal["so"] and row.loat == journal["loat"]
    events, _ = audit.read_events(project)
    return any(e.giao_dich == journal["giao_dich"] and e.su_kien == "ban-hanh" and e.ho_so == journal["ho_so"]
               for e in events)


def recover(project: Project, quiet: bool = False) -> str | None:
    """Finish or undo an interrupted issue; cut torn lines; drop abandoned staging folders.
    The caller holds the office lock. Returns what was done (Vietnamese) or None."""
    repair_tail(register_path(project))
    repair_tail(audit.log_path(project))
    done = None
    path = journal_path(project)
    if path.exists():
        journal = json.loads(path.read_text(encoding="utf-8"))
        if _committed(project, journal):
            events, _ = audit.read_events(project)
            have = {(e.giao_dich, e.su_kien, e.ho_so) for e in events}
            missing = [audit.Event(**p) for p in journal["su_kien"]
                       if (p["giao_dich"], p["su_kien"], p["ho_so"]) not in have]
            audit.append(project, missing)
            _copy_outputs(project, journal["ra"])
            done = f"đã hoàn tất lần ban hành hồ sơ {journal['ho_so']} bị gián đoạn trước đó"
        else:
            for key, info in journal["nguon"].items():
                source = _abs(project, info["tep"])
                original = base64.b64decode(info["goc"])
                if not source.exists() or source.read_bytes() != original:
                    _write_durable(source, original)
            for info in journal["phien_ban"].values():
                final = _abs(project, info["thu_muc"])
                manifest = final / "phien-ban.json"
                if manifest.exists():
                    try:
                        mine = json.loads(manifest.read_text(encoding="utf-8")).get("giao_dich") == journal["giao_dich"]
                    except ValueError:
                        mine = False
                    if mine:
                        remove_tree(final)
                remove_tree(_abs(project, info["tam"]))
            done = (f"đã hủy lần ban hành hồ sơ {journal['ho_so']} bị gián đoạn trước đó (chưa ghi vào sổ): "
                    "hồ sơ trở lại dự thảo, số chưa bị dùng")
        path.unlink()
        fsync_dir(path.parent)
    for staging in project.records_dir.glob(f"**/{VERSIONS_DIR}/{STAGING_PREFIX}*"):
        remove_tree(staging)    # a snapshot that died before its rename
    for folder in (project.records_dir, project.out_dir):    # temporaries of killed writers
        remove_stale_temporaries(folder)
    from generator.render.pdf import remove_orphan_workdirs   # pypdf: loaded only when recovery runs
    remove_orphan_workdirs()
    if done and not quiet:
        print(f"Khôi phục: {done}.", file=sys.stderr)
    return done


# --------------------------------------------------------------------------- reserve and void

def reserve(project: Project, co_quan: str, loai: str, date: dt.date, do_mat: str | None, key: str = "",
            note: str = "", user: str | None = None) -> Row:
    """Giữ số: take the next number of a series now, for a document to be issued later."""

    user = current_user(user)
    config = project.config()
    doc_type = doctypes.get(loai)
    if doc_type is None:
        raise VanbanError(f"loại văn bản \"{loai}\" không có. Các loại: {', '.join(doctypes.doc_types())}")
    if not doc_type.dang_ky:
        raise VanbanError(f"loại \"{loai}\" không đánh số trong sổ đăng ký")
    with office_session(project):
        records, _, _ = load_records(project, config)
        rows, _ = read_register(project)
        series = series_for(config, co_quan, loai, date, do_mat)
        so = next_number(rows, series, _baseline(records, config, series, rows))
        row = Row(thao_tac=RESERVE, loat=series.key, so=so, so_ky_hieu=symbol_for(config, co_quan, loai, so),
                  ngay=f"{date:%d/%m/%Y}", ho_so=key, do_mat=do_mat or "", ghi_chu=note)
        row = append_row(project, row, user, now())
        audit.append(project, [audit.make_event("giu-so", key or None, user, so_ky_hieu=row.so_ky_hieu,
                                                loat=series.key, ghi_chu=note or None)])
    return row


def void(project: Project, target: str, reason: str, loai: str | None = None, user: str | None = None) -> Row:
    """Hủy số: void a reserved (or issued) number, by số ký hiệu or by the record it was reserved for."""
    user = current_user(user)
    if not reason.strip():
        raise VanbanError("hủy số phải ghi lý do (--ly-do \"…\")")
    config = project.config()
    with office_session(project):
        rows, _ = read_register(project)
        latest: dict[tuple[str, int], Row] = {}
        for row in rows:
            if row.so is not None:
                latest[(row.loat, row.so)] = row
        wanted = re.sub(r"^(Số|số)[:\s]*", "", target).strip()
        found = [r for r in latest.values() if r.thao_tac != VOID and (r.so_ky_hieu == wanted or r.ho_so == wanted)
                 and (loai is None or Series.parse(r.loat).loai in (loai, "*"))]
        if not found:
            raise VanbanError(f"không có số \"{target}\" đang giữ hoặc đã cấp trong sổ đăng ký")
        if len(found) > 1:
            listing = "; ".join(f"{r.so_ky_hieu} ({Series.parse(r.loat).label(config)})" for r in found)
            raise VanbanError(f"\"{target}\" khớp nhiều số: {listing}. Chỉ rõ loại bằng --loai")
        old = found[0]
        row = Row(thao_tac=VOID, loat=old.loat, so=old.so, so_ky_hieu=old.so_ky_hieu, ngay=old.ngay,
                  trich_yeu=old.trich_yeu, ho_so=old.ho_so, do_mat=old.do_mat, ghi_chu=f"Lý do: {reason.strip()}")
        row = append_row(project, row, user, now())
        audit.append(project, [audit.make_event("huy-so", old.ho_so or None, user, so_ky_hieu=old.so_ky_hieu,
                                                loat=old.loat, ly_do=reason.strip())])
    return row
