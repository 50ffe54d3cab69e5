"""`vanban verify`: recompute every hash the register and the versions recorded and say what differs.

Checks, each finding naming the file:
- every file of every issued register row (changed, missing);
- every version folder against its manifest (changed, missing, added), and each manifest against
  the hash the audit log recorded when the version was made;
- issued records: the live source against the issued one, and out/<key>.docx/.pdf against the
  issued files;
- the register and the audit log themselves: chain checks, row numbering, numbers of a series
  that are skipped without a reservation or voiding row;
- the three sources against each other (`_cross_check`): every issued version has its register row
  and its audit event, every row its version and event, every event its row, and each row's SHA-256
  of the issued files equals the frozen version's manifest. A deleted tail of the register or of the
  log is named on the file that lost it.

What it cannot see: someone with write access who rewrites the register, the log and the manifests
consistently (the chains are unkeyed SHA-256, so they can be recomputed). Only signatures held outside
the folder would catch that; the README says so.
"""

from __future__ import annotations

import errno
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from generator.format.config import Project
from generator.model.text import normalize
from generator.records import audit
from generator.records.issuing import journal_path, recover
from generator.records.ledger import sha256_file
from generator.records.lock import office_lock
from generator.records.register import ISSUE, read_register, register_path
from generator.records.versions import ISSUED, Finding, all_versions


@dataclass
class VerifyReport:
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)      # register / log integrity, gaps
    files_checked: int = 0
    versions_checked: int = 0
    rows_checked: int = 0
    recovered: str | None = None
    read_only: bool = False          # checked without the lock: nothing can be written there, nothing repaired

    @property
    def ok(self) -> bool:
        return not self.findings and not self.problems


def _check_file(path: Path, digest: str, report: VerifyReport, detail: str = "") -> None:
    report.files_checked += 1
    if not path.exists():
        report.findings.append(Finding("thieu", path, detail))
    elif sha256_file(path) != digest:
        report.findings.append(Finding("sua", path, detail))


def verify_project(project: Project) -> VerifyReport:
    report = VerifyReport()
    with ExitStack() as stack:
        try:
            stack.enter_context(office_lock(project))
        except OSError as exc:
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise
            # a read-only folder (an archive copy, a CD, a share without write access): no one can issue there,
            # so checking without the lock is safe; an interrupted issue cannot be finished, only reported
            report.read_only = True
        if not report.read_only:
            report.recovered = recover(project, quiet=True)
        elif journal_path(project).exists():
            report.problems.append(f"{journal_path(project).relative_to(project.root).as_posix()}: một lần ban hành "
                                   "bị gián đoạn chưa được hoàn tất; thư mục chỉ cho đọc nên không hoàn tất được — "
                                   "chạy vanban verify trên bản ghi được")
        rows, problems = read_register(project)
        report.problems += problems
        events, log_problems = audit.read_events(project)
        report.problems += log_problems
        versions = all_versions(project)

    report.rows_checked = len(rows)
    for row in rows:
        if row.thao_tac != ISSUE:
            continue
        if len(row.tep) != len(row.sha256):
            report.problems.append(f"sổ đăng ký dòng {row.line}: số tệp và số mã SHA-256 không khớp")
        for rel, digest in row.files():
            _check_file(project.root / Path(*rel.split("/")), digest, report, f"sổ đăng ký, số {row.so_ky_hieu}")

    manifests = {(e.ho_so, e.chi_tiet.get("phien_ban")): e.chi_tiet.get("sha256_ke_khai")
                 for e in events if e.su_kien in ("phien-ban", "ban-hanh")}
    for version in versions:
        report.versions_checked += 1
        report.files_checked += len(version.files)
        report.findings += version.check()
        recorded = manifests.get((version.key, version.number))
        if version.problem is None and recorded is not None and sha256_file(version.manifest) != recorded:
            report.findings.append(Finding("ke-khai", version.manifest))
        if version.kind == ISSUED and version.problem is None:
            _check_issued_copies(project, version, report)

    report.problems += _gaps(rows)
    report.problems += _cross_check(project, rows, events, versions)
    return report


def _cross_check(project: Project, rows, events, versions) -> list[str]:
    """The register, the audit log and the versions must tell the same story (see the module docstring)."""
    out: list[str] = []
    reg = register_path(project).relative_to(project.root).as_posix()
    log = audit.log_path(project).relative_to(project.root).as_posix()
    if not audit.log_path(project).exists() and versions:
        out.append(f"{log}: nhật ký không còn (đã bị xóa?) trong khi có {len(versions)} phiên bản")
    issue_rows = [r for r in rows if r.thao_tac == ISSUE]
    row_files = {path: (row, digest) for row in issue_rows for path, digest in row.files()}
    made = {(e.ho_so, e.chi_tiet.get("phien_ban")) for e in events if e.su_kien in ("phien-ban", "ban-hanh")}
    issued_events = [e for e in events if e.su_kien == "ban-hanh" and e.chi_tiet.get("so_ky_hieu")]
    numbered = {v.data.get("giao_dich") for v in versions if v.kind == ISSUED and v.so_ky_hieu}
    sym_of = {v.data.get("giao_dich"): v.so_ky_hieu for v in versions if v.kind == ISSUED and v.so_ky_hieu}

    for v in versions:
        if v.problem is not None:
            continue
        where = f"hồ sơ {v.key}, phiên bản {v.number}"
        if (v.key, v.number) not in made and audit.log_path(project).exists():
            out.append(f"{log}: thiếu sự kiện của {where} (dòng cuối của nhật ký bị xóa?)")
        if v.kind != ISSUED or v.data.get("giao_dich") not in numbered:
            continue
        sym = sym_of[v.data.get("giao_dich")]
        for name, digest in sorted(v.files.items()):
            if not name.endswith((".docx", ".pdf")):
                continue
            rel = v.path_of(name).relative_to(project.root).as_posix()
            if rel not in row_files:
                out.append(f"{reg}: thiếu dòng ban hành số {sym} ({where}, tệp {name}): dòng đã bị xóa?")
                break
            row, listed = row_files[rel]
            if listed != digest:
                manifest = v.manifest.relative_to(project.root).as_posix()
                out.append(f"{reg} dòng {row.line}: mã SHA-256 của {name} khác kê khai {manifest}")

    have_rows = {(r.ho_so, r.so_ky_hieu) for r in issue_rows}
    have_events = {(e.ho_so, e.chi_tiet.get("so_ky_hieu")) for e in issued_events}
    for row in issue_rows:
        if (row.ho_so, row.so_ky_hieu) not in have_events and audit.log_path(project).exists():
            out.append(f"{log}: thiếu sự kiện ban hành số {row.so_ky_hieu} (hồ sơ {row.ho_so}, "
                       f"{reg} dòng {row.line})")
    for e in issued_events:
        if (e.ho_so, e.chi_tiet.get("so_ky_hieu")) not in have_rows:
            out.append(f"{reg}: thiếu dòng ban hành số {e.chi_tiet.get('so_ky_hieu')} của hồ sơ {e.ho_so} "
                       f"(nhật ký ghi lúc {e.thoi_gian})")
    return list(dict.fromkeys(out))


def _check_issued_copies(project: Project, version, report: VerifyReport) -> None:
    source = version.folder.parent.parent / version.source.name
    frozen = version.source
    if source.exists() and frozen.exists():
        report.files_checked += 1
        if normalize(source.read_bytes().decode("utf-8-sig", errors="replace")) != \
                normalize(frozen.read_bytes().decode("utf-8-sig", errors="replace")):
            report.findings.append(Finding("sua", source, "nguồn của văn bản đã ban hành; hãy trả về như "
                                           f"{frozen.relative_to(project.root).as_posix()}"))
    for name, digest in version.files.items():
        if name.endswith((".docx", ".pdf")):
            copy = project.output_for(version.key, Path(name).suffix)
            if copy.exists():
                report.files_checked += 1
                if sha256_file(copy) != digest:
                    report.findings.append(Finding("sua", copy, "bản trong out/ khác bản đã ban hành"))


def _gaps(rows) -> list[str]:
    """Numbers skipped inside a series with no row for them (a row deleted, or the file edited)."""
    by_series: dict[str, set[int]] = {}
    for row in rows:
        if row.so is not None:
            by_series.setdefault(row.loat, set()).add(row.so)
    out = []
    for key, numbers in sorted(by_series.items()):
        missing = sorted(set(range(min(numbers), max(numbers) + 1)) - numbers)
        if missing:
            out.append(f"sổ đăng ký, loạt {key}: thiếu số {', '.join(f'{n:02d}' for n in missing)} "
                       "(không có dòng ban hành, giữ số hay hủy số nào)")
    return out


def describe(report: VerifyReport, project: Project) -> list[str]:
    def rel(path: Path) -> str:
        try:
            return path.resolve().relative_to(project.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    lines = []
    if report.recovered:
        lines.append(f"Khôi phục: {report.recovered}.")
    for f in report.findings:
        label = Finding.LABELS.get(f.kind, f.kind)
        lines.append(f"{label}: {rel(f.path)}" + (f" ({f.detail})" if f.detail else ""))
    lines += report.problems
    return lines

