"""The persistent index of parsed records (.vanban/chi-muc.sqlite3): a command touching one record
of a thousand parses that one, not all of them (issue 16).

Each row is one record source: its parsed Record (pickled) under a stamp, the SHA-256 of the source
bytes, the folder name and everything parsing reads besides the source (office config bytes, the
packaged document types and profiles, a profile file the config pins, today's date for the far-date
warning, the parser's own code, the package version). A row is used only when its stamp equals the
one computed from the files as they are now: content, never mtime, so an edit of the same size and
time is still seen. Records that fail to parse are never stored.

SQLite (standard library) does the hard parts: WAL journal and a busy timeout for two processes at
once (a watcher and a build), transactions for a crash mid-write. The file is a cache: safe to
delete; a corrupt file, a foreign one or one written by another schema is rebuilt with a one-line
notice; a read-only project works without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
import datetime as dt
from dataclasses import replace
from pathlib import Path

import generator
from generator.format.config import OfficeConfig, Project
from generator.format.datadir import DATA_DIR
from generator.format.profiles import PROFILE_DIR
from generator.model.model import Record

INDEX_FILE = "chi-muc.sqlite3"
SCHEMA = "vanban-chi-muc-2"          # bump when the table layout or the pickled model changes shape
BUSY_TIMEOUT_MS = 15_000
_CODE_DIRS = (Path(generator.__file__).parent / "model", Path(__file__).parent)


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _code_digest() -> bytes:
    """The parser's own source (model/ and format/): a changed parser never serves an old parse."""
    h = hashlib.sha256()
    for d in _CODE_DIRS:
        for path in sorted(d.glob("*.py")):
            h.update(path.name.encode() + _sha(path.read_bytes()))
    return h.digest()


_CODE = _code_digest()


def dependency_digest(config: OfficeConfig) -> bytes:
    """Everything parsing a record reads besides the record itself."""
    h = hashlib.sha256(f"{SCHEMA}|{generator.__version__}|{dt.date.today().isoformat()}".encode())
    h.update(_CODE)
    paths = [config.path, *sorted(DATA_DIR.rglob("*.yaml"))]
    for body in config.bodies.values():
        if body.ho_so_tep:            # a profile file pinned by name, possibly outside the package
            pinned = Path(body.ho_so_tep)
            paths.append(pinned if pinned.is_absolute() else PROFILE_DIR / pinned)
    for path in paths:
        h.update(str(path).encode())
        try:
            h.update(_sha(path.read_bytes()))
        except OSError:
            h.update(b"?")
    return h.digest()


def record_stamp(deps: bytes, key: str, source_sha: bytes) -> bytes:
    """The stamp of a row: the SHA-256 of the source bytes, the folder name and the dependencies."""
    return _sha(deps + key.encode() + b"\0" + source_sha)


def _foreign(exc: sqlite3.Error) -> bool:
    """An SQLite file that is not our index (another program's tables), as opposed to one we cannot use now."""
    return any(word in str(exc).lower() for word in ("no such table", "no such column", "malformed"))


class StoredRecord(Record):
    """A Record read from the index whose body is unpickled on first use: a one-record build of a
    thousand needs every record's front matter (numbers, relations) but one body."""

    def __getattr__(self, name):
        if name == "body":
            blob = self.__dict__.pop("_body_blob", None)
            if blob is not None:
                self.body = pickle.loads(blob)
                return self.body
        raise AttributeError(name)

    def __eq__(self, other):
        if not isinstance(other, Record):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in Record.__dataclass_fields__)

    __hash__ = None


def _split(record: Record) -> tuple[bytes, bytes]:
    """The record without its body, and its body: two pickles."""
    head = {k: v for k, v in vars(record).items() if k not in ("body", "_body_blob", "path")}
    return (pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(record.body, protocol=pickle.HIGHEST_PROTOCOL))


def _join(head: bytes, body: bytes, source: Path) -> Record:
    record = StoredRecord.__new__(StoredRecord)
    record.__dict__.update(pickle.loads(head))
    record.__dict__["path"] = source
    record.__dict__["_body_blob"] = body
    return record


class ParsedIndex:
    """One command's use of the index: read rows (get), queue parsed records (put), write (commit)."""

    def __init__(self, project: Project, err=None):
        self.project = project
        self.path = project.state_dir / INDEX_FILE
        self._base = str(project.records_dir) + os.sep
        self.err = err if err is not None else sys.stderr
        self.rows: dict[str, tuple[bytes, bytes, bytes]] = {}
        self.pending: list[tuple[str, bytes, bytes, bytes]] = []
        self.seen: set[str] = set()
        self.db: sqlite3.Connection | None = None
        try:
            self.db = self._open()
        except (OSError, sqlite3.Error):
            self.db = None           # read-only or unusable folder: parse everything, as before
        if self.db is not None:
            try:
                self.rows = {rel: (stamp, head, body) for rel, stamp, head, body in
                             self.db.execute("SELECT rel, stamp, head, body FROM records")}
            except sqlite3.Error:
                self.close()

    # ------------------------------------------------------------------ opening
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        db = None
        try:
            db = self._connect()
            if fresh:
                self._create(db)
                return db
            found = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:  # not a database, a damaged one, or without our tables
            if db is not None:
                db.close()
            if isinstance(exc, sqlite3.OperationalError) and not _foreign(exc):
                raise                         # locked past the timeout, read-only …: go without the index
            return self._rebuild()
        if found is None or found[0] != SCHEMA:
            self._notice(f"thuộc phiên bản khác ({found[0] if found else 'không rõ'})")
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DROP TABLE IF EXISTS records")
                db.execute("DROP TABLE IF EXISTS meta")
                self._tables(db)
        return db

    def _rebuild(self) -> sqlite3.Connection:
        self._notice("hỏng hoặc không phải chỉ mục của vanban")
        self._remove()
        db = self._connect()
        self._create(db)
        return db

    def _create(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            self._tables(db)
            db.execute("COMMIT")
        except sqlite3.Error:
            db.execute("ROLLBACK")
            raise

    @staticmethod
    def _tables(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS records (rel TEXT PRIMARY KEY, stamp BLOB NOT NULL, "
                   "head BLOB NOT NULL, body BLOB NOT NULL)")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def _notice(self, why: str) -> None:
        print(f"chỉ mục hồ sơ {self.path} {why}: đã tạo lại từ các tệp van-ban.md (không mất dữ liệu).",
              file=self.err, flush=True)

    # ------------------------------------------------------------------ use
    def rel(self, source: Path) -> str:
        text, base = str(source), self._base
        if text.startswith(base):            # the usual case, without pathlib's slower relative_to
            return text[len(base):].replace(os.sep, "/")
        return source.relative_to(self.project.records_dir).as_posix()

    def get(self, source: Path, stamp: bytes) -> Record | None:
        """The stored record of `source` if its stamp is `stamp`, with paths as this project names them."""
        rel = self.rel(source)
        self.seen.add(rel)
        row = self.rows.get(rel)
        if row is None or row[0] != stamp:
            return None
        try:
            record = _join(row[1], row[2], source)
            if record.key != source.parent.name:
                return None
        except Exception:  # noqa: BLE001 — a damaged row is parsed again, never trusted
            return None
        if record.warnings:                   # the project may be opened by another path (-C . or absolute)
            record.warnings = [replace(w, file=source) if w.file is not None and w.file.name == source.name
                               and w.file.parent.name == source.parent.name else w for w in record.warnings]
        return record

    def put(self, source: Path, stamp: bytes, record: Record) -> None:
        rel = self.rel(source)
        self.seen.add(rel)
        try:
            head, body = _split(record)
        except Exception:  # noqa: BLE001 — a model that does not pickle is simply not kept
            return
        self.pending.append((rel, stamp, head, body))

    def commit(self, complete: bool) -> None:
        """Write what was parsed in one transaction; with `complete` (every source was seen), drop rows
        of records that no longer exist. Locked too long by another process: skip (it is a cache)."""
        if self.db is None:
            return
        gone = [rel for rel in self.rows if rel not in self.seen] if complete else []
        if not self.pending and not gone:
            self.close()
            return
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", self.pending)
                self.db.executemany("DELETE FROM records WHERE rel = ?", [(rel,) for rel in gone])
        except sqlite3.Error:
            pass
        self.pending = []
        self.close()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
