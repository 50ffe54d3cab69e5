"""Versions of a record: records/<key>/phien-ban/<n>/ holds a frozen copy of the source and of the
outputs made from it, with a manifest (phien-ban.json: time, author, message, SHA-256 per file).

A version is written into a hidden staging folder beside it and renamed into place in one step,
so a crash never leaves half a version under a number. Its files are made read-only; an edit is
still possible (by clearing the attribute) and is then reported by `vanban verify` and
`vanban history`, which compare the files with the manifest, and the manifest with the hash the
audit log recorded when the version was made.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from generator.atomic import write_bytes
from generator.format.config import RECORD_FILE, Project
from generator.model.errors import VanbanError
from generator.model.model import Record
from generator.model.text import normalize, read_source
from generator.records.ledger import fsync_dir, sha256_bytes, sha256_file

VERSIONS_DIR = "phien-ban"
MANIFEST = "phien-ban.json"
STAGING_PREFIX = ".dang-ghi-"
DRAFT, ISSUED = "du-thao", "ban-hanh"
KIND_LABELS = {DRAFT: "dự thảo", ISSUED: "ban hành"}


@dataclass
class Finding:
    """A file that differs from what was recorded: changed, missing or added."""
    kind: str            # "sua" | "thieu" | "them" | "ke-khai"
    path: Path
    detail: str = ""

    LABELS = {"sua": "đã bị sửa", "thieu": "bị mất", "them": "tệp lạ được thêm vào",
              "ke-khai": "tệp kê khai không khớp nhật ký"}

    def __str__(self) -> str:
        text = f"{self.LABELS.get(self.kind, self.kind)}: {self.path}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class Version:
    key: str
    number: int
    folder: Path
    kind: str = DRAFT
    time: str = ""
    user: str = ""
    message: str = ""
    files: dict[str, str] = field(default_factory=dict)     # file name -> sha256
    data: dict = field(default_factory=dict)
    problem: str | None = None                              # the manifest is missing or unreadable

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    @property
    def source(self) -> Path:
        return self.folder / RECORD_FILE

    @property
    def so_ky_hieu(self) -> str | None:
        return self.data.get("so_ky_hieu")

    @property
    def ngay(self) -> str | None:
        return self.data.get("ngay")

    def path_of(self, name: str) -> Path:
        return self.folder / name

    def check(self) -> list[Finding]:
        """Files changed, missing or added since the version was made."""
        if self.problem:
            return [Finding("ke-khai", self.manifest, self.problem)]
        findings = []
        for name, digest in sorted(self.files.items()):
            path = self.folder / name
            if not path.exists():
                findings.append(Finding("thieu", path))
            elif sha256_file(path) != digest:
                findings.append(Finding("sua", path))
        for path in sorted(self.folder.iterdir()):
            if path.name != MANIFEST and path.name not in self.files:
                findings.append(Finding("them", path))
        return findings


def record_folder(project: Project, key: str) -> Path:
    """The folder of record `key` (normally records/<key>; records may sit in sub-folders)."""
    direct = project.records_dir / key
    if (direct / RECORD_FILE).exists() or (direct / VERSIONS_DIR).exists():
        return direct
    for source in project.record_sources():
        if source.parent.name == key:
            return source.parent
    return direct


def key_of(arg: str) -> str:
    """The record key a user typed: a key, a record folder, or its van-ban.md."""
    path = Path(arg.strip().rstrip("/\\"))
    return path.parent.name if path.name == RECORD_FILE else path.name


def versions_dir(project: Project, key: str) -> Path:
    return record_folder(project, key) / VERSIONS_DIR


def _read(key: str, folder: Path) -> Version:
    version = Version(key=key, number=int(folder.name), folder=folder)
    try:
        data = json.loads(version.manifest.read_text(encoding="utf-8"))
        version.data = data
        version.kind = data["loai"]
        version.time = data.get("thoi_gian", "")
        version.user = data.get("nguoi", "")
        version.message = data.get("ghi_chu", "")
        version.files = dict(data["tep"])
    except FileNotFoundError:
        version.problem = "thiếu tệp kê khai phien-ban.json"
    except (ValueError, KeyError, TypeError):
        version.problem = "tệp kê khai phien-ban.json không đọc được (đã bị sửa tay?)"
    return version


def list_versions(project: Project, key: str) -> list[Version]:
    folder = versions_dir(project, key)
    if not folder.is_dir():
        return []
    found = [_read(key, p) for p in folder.iterdir() if p.is_dir() and p.name.isdigit()]
    return sorted(found, key=lambda v: v.number)


def all_versions(project: Project) -> list[Version]:
    """Every version of every record folder under records/ (including folders whose source is gone)."""
    out = []
    for folder in sorted(project.records_dir.rglob(VERSIONS_DIR)):
        if folder.is_dir() and not any(p.startswith(".") for p in folder.relative_to(project.records_dir).parts):
            out += list_versions_in(folder)
    return out


def list_versions_in(folder: Path) -> list[Version]:
    key = folder.parent.name
    return sorted((_read(key, p) for p in folder.iterdir() if p.is_dir() and p.name.isdigit()),
                  key=lambda v: v.number)


def issued_version(project: Project, key: str) -> Version | None:
    """The issued version of a record, or None while it is a draft. `build` never re-renders it."""
    issued = [v for v in list_versions(project, key) if v.kind == ISSUED]
    return issued[-1] if issued else None


def rel_path(project: Project, path: Path) -> str:
    """`path` relative to the project root, with forward slashes (for messages and the journal)."""
    return path.resolve().relative_to(project.root.resolve()).as_posix()


def check_frozen(project: Project, record: Record) -> Version | None:
    """The issued version of `record`, or None for a draft. Raises when its source was edited after
    issue; puts the issued .docx/.pdf back into out/ when they are missing there."""
    version = issued_version(project, record.key)
    if version is None:
        return None
    try:
        frozen = normalize(version.source.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        frozen = None
    current = read_source(record.path)
    if frozen is not None and frozen != current:
        old, new = frozen.split("\n"), current.split("\n")
        line = next((i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)) + 1)
        sym = version.so_ky_hieu
        name = f"số {sym}" if sym else f"hồ sơ {record.key}"
        raise VanbanError(
            f"văn bản {name} đã ban hành ngày {version.ngay} nên không được sửa (bản ban hành lưu ở "
            f"{rel_path(project, version.folder)}). Muốn thay đổi, hãy tạo hồ sơ mới sửa đổi, bổ sung "
            f"(quan_he: sua_doi: [{sym or record.key}]) hoặc thay thế (quan_he: thay_the: [{sym or record.key}]); "
            "rồi trả tệp này về như bản đã ban hành", record.path, line)
    for name, digest in version.files.items():     # missing or replaced copies come back from the version
        if name.endswith((".docx", ".pdf")):
            target = project.output_for(record.key, Path(name).suffix)
            if version.path_of(name).exists() and (not target.exists() or sha256_file(target) != digest):
                write_bytes(target, version.path_of(name).read_bytes())
    return version


def next_number(project: Project, key: str) -> int:
    existing = list_versions(project, key)
    return existing[-1].number + 1 if existing else 1


def staging_folder(project: Project, key: str, number: int) -> Path:
    return versions_dir(project, key) / f"{STAGING_PREFIX}{number}-{uuid.uuid4().hex[:8]}"


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def make_read_only(path: Path) -> None:
    try:
        os.chmod(path, stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH)
    except OSError:
        pass


def create_version(project: Project, key: str, files: dict[str, bytes], kind: str, message: str, user: str,
                   time: str, number: int | None = None, staging: Path | None = None,
                   extra: dict | None = None) -> Version:
    """Write a new version (the caller holds the office lock). Returns it, with the manifest's hash
    in `data["sha256_ke_khai"]` for the audit log."""
    number = number or next_number(project, key)
    final = versions_dir(project, key) / str(number)
    if final.exists():
        raise VanbanError(f"phiên bản {number} của hồ sơ {key} đã có ({final})")
    staging = staging or staging_folder(project, key, number)
    staging.mkdir(parents=True)
    digests = {}
    for name, data in files.items():
        _write_synced(staging / name, data)
        digests[name] = sha256_bytes(data)
    manifest = {"ho_so": key, "phien_ban": number, "loai": kind, "thoi_gian": time, "nguoi": user,
                "ghi_chu": message, "tep": digests, **(extra or {})}
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    _write_synced(staging / MANIFEST, manifest_bytes)
    for path in staging.iterdir():
        make_read_only(path)
    fsync_dir(staging)
    os.rename(staging, final)
    fsync_dir(final.parent)
    version = _read(key, final)
    version.data["sha256_ke_khai"] = sha256_bytes(manifest_bytes)
    return version


def remove_tree(folder: Path) -> None:
    """Delete a (read-only) version folder: used only to undo an interrupted issue."""
    def _writable(func, path, _exc):
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
        func(path)
    if folder.exists():
        shutil.rmtree(folder, onexc=_writable) if _onexc_supported() else shutil.rmtree(folder, onerror=_writable)


def _onexc_supported() -> bool:
    import sys
    return sys.version_info >= (3, 12)
