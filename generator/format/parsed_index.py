"""The persistent index of parsed records (.vanban/chi-muc.sqlite3): a command touching one record
of a thousand parses that one, not all of them (issue 16).

Each row is one record source: its parsed Record (pickled) under a stamp, the SHA-256 of the source
bytes, the folder name and everything parsing reads besides the source (office config bytes, the
packaged document types and profiles, a profile file the config pins, the parser's own code, the
package version). A row is used only when its stamp equals the one computed from the files as they
are now: content, never mtime alone, so an edit of the same size and time is still seen; and only on
the days its parse holds (Facts.days: the far-date warning depends on today). Records that fail to
parse are never stored.

Reading a row is cheap in a thousand: what relations need of every record (format/facts.py) is a small
column of its own, and the front matter and the body are read from the index and unpickled only when
something asks for them (StoredRecord). A source is hashed again unless its file status vouches for
its bytes (loading.py: size, times including the change time no program can set, inode; POSIX only).

A one-record build of ten thousand needs the facts of all of them (numbers, relations, annexes): the
last complete load is also kept as one listing (Listing: the folders walked with their status, the
sources found, and for each record its settled status, hash, stamp and facts), read in one query.
While a folder's status is unchanged its entries are too (a file created, removed or renamed in it
changes its modification time), so the walk of records/ is one stat per folder; a record whose
file status equals its entry's is taken from the entry without touching the table of rows, which is
read row by row for the few others. (git's index and untracked cache work the same way.) The listing
is kept in columns (Entries, Folders: packed statuses and hashes, each record's facts pickled apart), and
with the relation tables between its records (annexes, số ký hiệu, incoming links) when a one-shot
command of a big office worked them out: while nothing changed, a load then makes each record when it is
asked for (loading.ListedRecords), and a one-record build of 10,000 makes a handful.

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
import struct
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import generator
from generator.format.config import OfficeConfig, Project
from generator.format.datadir import DATA_DIR
from generator.format.facts import Facts
from generator.format.profiles import PROFILE_DIR
from generator.format import record_parser
from generator.model.model import Record

INDEX_FILE = "chi-muc.sqlite3"
SCHEMA = "vanban-chi-muc-7"          # bump when the table layout or the pickled model changes shape
BUSY_TIMEOUT_MS = 15_000
_CODE_DIRS = (Path(generator.__file__).parent / "model", Path(__file__).parent)
_CODE_FILES = (Path(generator.__file__).parent / "records" / "relations.py",)    # the listing's tables


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _code_digest() -> bytes:
    """The parser's own source (model/ and format/) and the code of the listing's relation tables: a
    changed parser never serves an old parse."""
    h = hashlib.sha256()
    for path in [p for d in _CODE_DIRS for p in sorted(d.glob("*.py"))] + list(_CODE_FILES):
        h.update(path.name.encode() + _sha(path.read_bytes()))
    return h.digest()


CODE_DIGEST = _code_digest()


def dependency_digest(config: OfficeConfig) -> bytes:
    """Everything parsing a record reads besides the record itself."""
    h = hashlib.sha256(f"{SCHEMA}|{generator.__version__}".encode())       # the day: Facts.days, per record
    h.update(CODE_DIGEST)
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


_HEAD = ("meta", "field_lines", "body_start", "warnings")
BULK_AFTER = 16                     # rows read one by one before the rest of that column is read at once


class Listing(NamedTuple):
    """The last complete load (see the module's docstring). Paths are relative to records/, so a
    project opened by another path or moved keeps it. `folders`: each folder the walk listed with its
    status (Folders), or None when one was not settled: walk again. `entries`: the records whose status
    vouched for their bytes (Entries). `tables`: the relations between them (records.relations
    .relation_tables), or None when not worked out. `code`: the parser's own code (its shape is this code's)."""
    code: bytes
    deps: bytes
    folders: "Folders | None"
    sources: tuple
    links: tuple
    entries: "Entries"
    tables: dict | None = None


class Folders:
    """The folders of records/ a walk listed, each with (mtime, ctime, inode): in two columns, the
    statuses packed in one bytes object, so reading ten thousand makes two objects per folder, not six."""
    _FORMAT = struct.Struct("<qqQ")

    def __init__(self, rels: tuple, packed: bytes):
        self.rels, self.packed = rels, packed

    @classmethod
    def of(cls, pairs) -> "Folders":
        """From (rel, (mtime, ctime, inode)) pairs; raises struct.error for a status out of range."""
        rels = tuple(rel for rel, _ in pairs)
        return cls(rels, b"".join(cls._FORMAT.pack(*status) for _, status in pairs))

    def unchanged(self, base: str) -> bool:
        """Whether every folder's status is as listed (`base`: records/ and its separator)."""
        pack, stat_of = self._FORMAT.pack, os.stat
        try:
            now = b"".join([pack((st := stat_of(base + rel if rel else base[:-1])).st_mtime_ns, st.st_ctime_ns,
                                 st.st_ino) for rel in self.rels])
        except (OSError, struct.error):
            return False
        return now == self.packed

    def __eq__(self, other) -> bool:
        return isinstance(other, Folders) and (self.rels, self.packed) == (other.rels, other.packed)

    def __reduce__(self):
        return Folders, (self.rels, self.packed)


class Entries(Mapping):
    """rel → (file status, sha, stamp, facts as a plain tuple, the facts pickled) of the listed records,
    kept in columns: the statuses, hashes and stamps packed in bytes, each record's facts a pickle of its
    own, unpickled when that record is asked for. Reading the listing of ten thousand records made
    150,000 small objects (20 ms, and as much again in a fresh process); now about 40,000. The facts'
    days are summed up (`days`: the latest first day, the earliest last) so that a load can tell at once
    whether every parse holds today."""
    STATUS = struct.Struct("<qqqQQ")          # file_status(): size, mtime, ctime, inode, device

    def __init__(self, rels: tuple, keys: tuple, statuses: bytes, shas: bytes, stamps: bytes, facts: tuple,
                 days: tuple, inline: tuple):
        self.rels, self.keys, self.statuses, self.shas, self.stamps = rels, keys, statuses, shas, stamps
        self.facts, self.days, self.inline = facts, days, inline
        self._at: dict[str, int] | None = None

    @classmethod
    def of(cls, items) -> "Entries":
        """From (rel, key, status, sha, stamp, facts row, pickled row or None) items; raises struct.error for
        a status out of range."""
        rels, keys, statuses, shas, stamps, facts, inline = [], [], [], [], [], [], []
        first, until = 0, 1 << 62
        for rel, key, status, sha, stamp, row, blob in items:
            if len(sha) != 32 or len(stamp) != 32:
                raise struct.error("a hash of another length")
            rels.append(rel)
            keys.append(key)
            statuses.append(cls.STATUS.pack(*status))
            shas.append(sha)
            stamps.append(stamp)
            facts.append(blob if blob is not None else pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL))
            days = row[DAYS]
            first, until = max(first, days[0]), min(until, days[1])
            if row[INLINE] is not None:
                inline.append(len(rels) - 1)
        return cls(tuple(rels), tuple(keys), b"".join(statuses), b"".join(shas), b"".join(stamps), tuple(facts),
                   (first, until), tuple(inline))

    def position(self, rel: str) -> int | None:
        if self._at is None:
            self._at = {r: i for i, r in enumerate(self.rels)}
        return self._at.get(rel)

    def sha(self, i: int) -> bytes:
        return self.shas[32 * i:32 * i + 32]

    def stamp(self, i: int) -> bytes:
        return self.stamps[32 * i:32 * i + 32]

    def row(self, i: int) -> tuple:
        return pickle.loads(self.facts[i])

    def status(self, i: int) -> tuple:
        return self.STATUS.unpack_from(self.statuses, 40 * i)

    def entry(self, i: int) -> tuple:
        return self.status(i), self.sha(i), self.stamp(i), self.row(i), self.facts[i]

    def stamp_map(self) -> Mapping:
        """rel → stamp, read from the column when asked."""
        return _Stamps(self)

    def all_hold_on(self, day: int) -> bool:
        """Whether every listed parse holds on `day` (Facts.holds_on)."""
        return self.days[0] <= day < self.days[1]

    def file_statuses(self):
        """(rel, file status) of every entry, in order, unpacked as they are read (status_check)."""
        return zip(self.rels, self.STATUS.iter_unpack(self.statuses))

    def __getitem__(self, rel: str) -> tuple:
        i = self.position(rel)
        if i is None:
            raise KeyError(rel)
        return self.entry(i)

    def get(self, rel: str, default=None):
        i = self.position(rel)
        return self.entry(i) if i is not None else default

    def __contains__(self, rel) -> bool:
        return self.position(rel) is not None

    def __iter__(self):
        return iter(self.rels)

    def __len__(self) -> int:
        return len(self.rels)

    def __eq__(self, other) -> bool:
        return isinstance(other, Entries) and self.__reduce__()[1] == other.__reduce__()[1]

    def __reduce__(self):
        return Entries, (self.rels, self.keys, self.statuses, self.shas, self.stamps, self.facts, self.days,
                         self.inline)


class _Stamps(Mapping):
    def __init__(self, entries: Entries):
        self._entries = entries

    def __getitem__(self, rel: str) -> bytes:
        i = self._entries.position(rel)
        if i is None:
            raise KeyError(rel)
        return self._entries.stamp(i)

    def __iter__(self):
        return iter(self._entries.rels)

    def __len__(self) -> int:
        return len(self._entries)


DAYS, INLINE = Facts._fields.index("days"), Facts._fields.index("inline")


class StoredRecord(Record):
    """A Record read from the index: its key, path and facts at once; its front matter and its body
    when first used (a one-record build of a thousand reads the facts of all, the front matter of a
    few and one body). Pickled or copied, it is a plain Record."""

    @classmethod
    def of(cls, key: str, src: str, rel: str, facts: Facts, rows: "_Rows") -> "StoredRecord":
        """The record of a row or a listing entry: its key, source and facts now, the rest from `rows`."""
        record = cls.__new__(cls)
        record.__dict__ = {"key": key, "_src": src, "facts": facts, "_rel": rel, "_rows": rows}
        return record

    def __getattr__(self, name):
        if name == "path":                # made when asked: most of ten thousand records never are
            src = self.__dict__.get("_src")
            if src is not None:
                path = self.__dict__["path"] = Path(src)
                return path
        if name in _HEAD or name == "body":
            rows = self.__dict__.get("_rows")
            if rows is not None:
                rows.fill(self, "body" if name == "body" else "head")
                if name in self.__dict__:
                    return self.__dict__[name]
        raise AttributeError(name)

    def __eq__(self, other):
        if not isinstance(other, Record):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in Record.__dataclass_fields__)

    __hash__ = None

    def __reduce__(self):
        return Record, tuple(getattr(self, f) for f in Record.__dataclass_fields__)


def _split(record: Record) -> tuple[bytes, bytes]:
    """The record without its body, and its body: two pickles."""
    head = {k: v for k, v in vars(record).items() if k not in ("body", "path", "key", "facts")}
    return (pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(record.body, protocol=pickle.HIGHEST_PROTOCOL))


class _Rows:
    """The front matter and bodies of the rows one load handed out, read when a record first needs
    them: one row at a time at first, then the rest of that column in one query. A row replaced or
    gone meanwhile (another process, a deleted index) is parsed again from its source."""

    def __init__(self, path: Path, config: OfficeConfig | None):
        self.uri = f"{path.absolute().as_uri()}?mode=rw"        # never creates a file that is gone
        self.config = config
        self.stamps: dict[str, bytes] = {}
        self.kept: dict[str, dict[str, bytes]] = {"head": {}, "body": {}}
        self.done: dict[str, set[str]] = {"head": set(), "body": set()}
        self.reads = {"head": 0, "body": 0}
        self.bulk = {"head": False, "body": False}

    def _query(self, sql: str, args: tuple = ()) -> list:
        try:
            db = sqlite3.connect(self.uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                return db.execute(sql, args).fetchall()
            finally:
                db.close()
        except (sqlite3.Error, OSError, ValueError):
            return []

    def _blob(self, rel: str, part: str) -> bytes | None:
        kept = self.kept[part]
        self.done[part].add(rel)
        if rel in kept:
            return kept.pop(rel)
        if self.bulk[part]:
            return None
        self.reads[part] += 1
        stamp = self.stamps[rel]
        if self.reads[part] <= BULK_AFTER:
            found = self._query(f"SELECT {part} FROM blobs WHERE rel = ? AND stamp = ?", (rel, stamp))
            return found[0][0] if found else None
        self.bulk[part] = True            # many are used (the site, the register): read the rest at once
        found = None
        for other, other_stamp, blob in self._query(f"SELECT rel, stamp, {part} FROM blobs"):
            if other == rel:
                found = blob if other_stamp == stamp else None
            elif self.stamps.get(other) == other_stamp and other not in self.done[part]:
                kept[other] = blob
        return found

    def fill(self, record: "StoredRecord", part: str) -> None:
        rel = record.__dict__["_rel"]
        blob = self._blob(rel, part)
        try:
            if blob is not None:
                if part == "head":
                    head = pickle.loads(blob)
                    source = record.path
                    if head.get("warnings"):      # the project may be opened by another path (-C . or absolute)
                        head["warnings"] = [replace(w, file=source) if w.file is not None and w.file.name == source.name
                                            and w.file.parent.name == source.parent.name else w
                                            for w in head["warnings"]]
                    record.__dict__.update(head)
                else:
                    record.__dict__["body"] = pickle.loads(blob)
        except Exception:  # noqa: BLE001 — a damaged row is parsed again, never trusted
            blob = None
        if blob is None:
            from generator.format.record_parser import parse_record
            fresh = parse_record(record.path, self.config, record.key)
            for name in (*_HEAD, "body"):
                record.__dict__[name] = getattr(fresh, name)
        if all(name in record.__dict__ for name in (*_HEAD, "body")):
            record.__dict__.pop("_rows", None)


def _facts(blob: bytes) -> Facts:
    return Facts._make(pickle.loads(blob))


class ParsedIndex:
    """One command's use of the index: read rows (get), queue parsed records (put), write (commit)."""

    def __init__(self, project: Project, config: OfficeConfig | None = None, err=None, readonly: bool = False):
        """`readonly`: only the stored hashes are wanted (build.project_digest): nothing is created,
        rebuilt or written, and an index that cannot be read is as good as none."""
        self.project = project
        self.path = project.state_dir / INDEX_FILE
        self._base = str(project.records_dir) + os.sep
        self.err = err if err is not None else sys.stderr
        self._rows: dict[str, tuple[bytes, bytes, str | None, bytes]] | None = None   # rel → stamp, sha, stat, facts
        self._asked: dict[str, tuple | None] = {}          # rows read one by one before the table is
        self.pending: list[tuple] = []
        self.settled: list[tuple[str, bytes, str]] = []     # rows whose source status now vouches for its bytes
        self.seen: set[str] = set()
        self.loaded = _Rows(self.path, config)
        self.db: sqlite3.Connection | None = None
        try:
            self.db = self._open_readonly() if readonly else self._open()
        except (OSError, sqlite3.Error, ValueError):
            self.db = None           # read-only or unusable folder: parse everything, as before
        self.listing: Listing | None = None        # what commit() writes as the next load's listing

    def __enter__(self) -> "ParsedIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ opening
    def _open_readonly(self) -> sqlite3.Connection | None:
        if not self.path.exists():
            return None
        db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True,
                             timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            found = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        except sqlite3.Error:
            found = None
        if found is None or found[0] != SCHEMA:
            db.close()
            return None
        return db

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
            if fresh or (self.path.stat().st_size <= 4096
                         and db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None):
                # an empty file (at most its header page, no table) is one another command has just created
                # and not yet filled, the two having started at once: create the tables (IF NOT EXISTS, under
                # the write lock), never remove it as damaged
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
                for table in ("records", "blobs", "meta"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
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
        # what every command reads of every record, apart from what only a few are read for: a scan
        # of the narrow table does not page through ten thousand models (38 → 26 ms at N = 10,000)
        db.execute("CREATE TABLE IF NOT EXISTS records (rel TEXT PRIMARY KEY, stamp BLOB NOT NULL, "
                   "sha BLOB NOT NULL, stat TEXT, facts BLOB NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS blobs (rel TEXT PRIMARY KEY, stamp BLOB NOT NULL, "
                   "head BLOB NOT NULL, body BLOB NOT NULL)")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))
        db.execute("DELETE FROM meta WHERE name = 'listing'")

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def _notice(self, why: str) -> None:
        print(f"chỉ mục hồ sơ {self.path} {why}: đã tạo lại từ các tệp van-ban.md (không mất dữ liệu).",
              file=self.err, flush=True)

    # ------------------------------------------------------------------ rows
    @property
    def rows(self) -> dict[str, tuple[bytes, bytes, str | None, bytes]]:
        """Every row (rel → stamp, sha, stat, facts), read at first use."""
        if self._rows is None:
            self._rows = {}
            if self.db is not None:
                try:
                    self._rows = {rel: (stamp, sha, stat, facts) for rel, stamp, sha, stat, facts in
                                  self.db.execute("SELECT rel, stamp, sha, stat, facts FROM records")}
                except sqlite3.Error:
                    self.close()
        return self._rows

    def row(self, rel: str) -> tuple | None:
        """One row: asked for alone while few are (a one-record build whose listing served the rest),
        from the whole table once more are."""
        if self._rows is not None or len(self._asked) >= BULK_AFTER or self.db is None:
            return self.rows.get(rel)
        if rel not in self._asked:
            try:
                self._asked[rel] = self.db.execute("SELECT stamp, sha, stat, facts FROM records WHERE rel = ?",
                                                   (rel,)).fetchone()
            except sqlite3.Error:
                self._asked[rel] = None
        return self._asked[rel]

    def _stored_rels(self) -> list[str]:
        if self._rows is not None:
            return list(self._rows)
        try:
            return [rel for rel, in self.db.execute("SELECT rel FROM records")]
        except sqlite3.Error:
            return []

    # ------------------------------------------------------------------ use
    def rel(self, source: Path | str) -> str:
        text, base = os.fspath(source), self._base
        if text.startswith(base):            # the usual case, without pathlib's slower relative_to
            return text[len(base):].replace(os.sep, "/")
        return Path(source).relative_to(self.project.records_dir).as_posix()

    def sha(self, stat: str, rel: str) -> bytes | None:
        """The source's SHA-256 as stored, when the row was stored under this very file status."""
        row = self.row(rel)
        return row[1] if row is not None and row[2] is not None and row[2] == stat else None

    def get(self, source: Path | str, stamp: bytes, stat: str | None = None, rel: str | None = None,
            key: str | None = None) -> Record | None:
        """The stored record of `source` if its stamp is `stamp` (its front matter and body read when
        used), with paths as this project names them. `stat`: the file status that now vouches for
        the source's bytes, kept in the row for the next command."""
        rel = rel or self.rel(source)
        self.seen.add(rel)
        row = self.row(rel)
        if row is None or row[0] != stamp:
            return None
        try:
            facts = _facts(row[3])
        except Exception:  # noqa: BLE001 — a damaged row is parsed again, never trusted
            return None
        if not facts.holds_on(record_parser.today().toordinal()):
            return None                     # parsed on a day its warnings differ from today's
        if stat is not None and row[2] != stat:
            self.settled.append((rel, stamp, stat))
        return self.listed(os.fspath(source), rel, key, stamp, facts)

    def listed(self, src: str, rel: str, key: str | None, stamp: bytes, facts: Facts) -> "StoredRecord":
        """The record stored under `stamp` (its row, or its listing entry), its front matter and body read
        when used."""
        record = StoredRecord.of(key or os.path.basename(os.path.dirname(src)), src, rel, facts, self.loaded)
        self.loaded.stamps[rel] = stamp
        self.seen.add(rel)
        return record

    def put(self, source: Path, stamp: bytes, sha: bytes, stat: str | None, record: Record, facts: Facts) -> None:
        rel = self.rel(source)
        self.seen.add(rel)
        try:
            head, body = _split(record)
            row = pickle.dumps(facts.row(), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 — a model that does not pickle is simply not kept
            return
        self.pending.append((rel, stamp, sha, stat, row, head, body))       # records + blobs

    def commit(self, complete: bool) -> None:
        """Write what was parsed in one transaction, with the next load's listing when one was given;
        with `complete` (every source was seen), drop rows of records that no longer exist. Locked too
        long by another process: skip (it is a cache)."""
        if self.db is None:
            return
        gone = [rel for rel in self._stored_rels() if rel not in self.seen] \
            if complete and (self.pending or self.listing is not None or self._rows is not None) else []
        if not self.pending and not gone and not self.settled and self.listing is None:
            self.close()
            return
        listing = None
        if self.listing is not None:
            try:
                listing = pickle.dumps(tuple(self.listing), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 — a model that does not pickle: no listing, the rows still work
                self.listing = None
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?)",
                                    [row[:5] for row in self.pending])
                self.db.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?, ?, ?)",
                                    [(rel, stamp, head, body) for rel, stamp, _, _, _, head, body in self.pending])
                self.db.executemany("UPDATE records SET stat = ? WHERE rel = ? AND stamp = ?",
                                    [(stat, rel, stamp) for rel, stamp, stat in self.settled])
                self.db.executemany("DELETE FROM records WHERE rel = ?", [(rel,) for rel in gone])
                self.db.executemany("DELETE FROM blobs WHERE rel = ?", [(rel,) for rel in gone])
                if listing is not None:
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (listing,))
        except sqlite3.Error:
            pass
        self.pending, self.settled = [], []
        self.close()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def read_listing(project: Project) -> Listing | None:
    """The listing the last complete load left (one query, one unpickling), or None: no usable index,
    another schema, none written yet, or damaged."""
    path = project.state_dir / INDEX_FILE
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        found = dict(db.execute("SELECT name, value FROM meta WHERE name IN ('schema', 'listing')"))
        if found.get("schema") != SCHEMA or "listing" not in found:
            return None
        listing = Listing(*pickle.loads(found["listing"]))
        return listing if listing.code == CODE_DIGEST else None
    except Exception:  # noqa: BLE001 — a damaged listing is as good as none: the walk and the rows serve
        return None
    finally:
        db.close()
