"""What the last builds rendered each record from (.vanban/build-state.sqlite3): its fingerprint (build.
fingerprint) and the quick key that fixes it (build.quick_key), one row per record, and the answer of the
last whole build (its digest, outputs and warnings) in a row of its own.

A one-record build reads the rows of the records it builds, not those of ten thousand (the JSON file it
replaces was 3 MB: 19 ms of a one-record build at N = 10,000, issue 16); a whole build reads them all in
one query. SQLite (standard library) keeps two builds at once and a crash mid-write from losing rows.
Like the index of parsed records it is a cache: deleted, damaged or unwritable, the next build renders
again what it cannot vouch for, and nothing else is lost.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from generator.format.config import Project

STATE_FILE = "build-state.sqlite3"
OLD_FILE = "build-state.json"           # before 2026-12: read once, then removed
SCHEMA = "vanban-trang-thai-1"
WHOLE = "__du_an__"                    # the row of the last whole build's answer
BUSY_TIMEOUT_S = 15
BULK_AFTER = 16                        # rows read one by one before all of them are read at once
# what SQLite says of a file that is not a database, a damaged one, or one whose tables are not these
_DAMAGED = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_ERROR}


class BuildState:
    """Rows read when first asked for, changes written by save() in one transaction."""

    def __init__(self, project: Project):
        self.path = project.state_dir / STATE_FILE
        self._old = project.state_dir / OLD_FILE
        self._rows: dict[str, tuple[str | None, str | None]] = {}     # key → (fingerprint, quick key)
        self._changed: dict[str, tuple[str | None, str | None] | None] = {}   # None: the row is dropped
        self._whole: dict | None | bool = False                        # False: not read yet
        self._whole_changed = False
        self._all = False
        self._asked = 0
        self._db: sqlite3.Connection | None | bool = False             # False: not opened yet

    # ------------------------------------------------------------------ reading
    def _open(self) -> sqlite3.Connection | None:
        if self._db is False:
            self._db = None
            if self.path.exists():
                try:
                    db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True,
                                         timeout=BUSY_TIMEOUT_S)
                    found = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
                    if found is not None and found[0] == SCHEMA:
                        self._db = db
                    else:
                        db.close()
                except (sqlite3.Error, OSError, ValueError):
                    self._db = None
            elif self._old.exists():
                self._read_old()
        return self._db

    def _read_old(self) -> None:
        """The JSON file of earlier versions: its rows serve this build, save() writes them anew."""
        try:
            old = json.loads(self._old.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(old, dict):
            return
        quick = old.get("__nhanh__") if isinstance(old.get("__nhanh__"), dict) else {}
        for key, fp in old.items():
            if not key.startswith("__") and isinstance(fp, str):
                self._rows[key] = (fp, quick.get(key))
                self._changed[key] = self._rows[key]
        self._whole = old.get(WHOLE) if isinstance(old.get(WHOLE), dict) else None
        self._whole_changed = self._all = True

    def _query(self, sql: str, args: tuple = ()) -> list:
        db = self._open()
        if db is None:
            return []
        try:
            return db.execute(sql, args).fetchall()
        except sqlite3.Error:
            return []

    def _row(self, key: str) -> tuple[str | None, str | None]:
        if key not in self._rows and not self._all:
            self._asked += 1
            if self._asked > BULK_AFTER:
                self.read_all()
            else:
                found = self._query("SELECT fp, quick FROM builds WHERE key = ?", (key,))
                self._rows[key] = tuple(found[0]) if found else (None, None)
        return self._rows.get(key, (None, None))

    def read_all(self) -> None:
        """Every row at once (a whole build asks for all of them)."""
        if not self._all:
            for key, fp, quick in self._query("SELECT key, fp, quick FROM builds"):
                self._rows.setdefault(key, (fp, quick))
            self._all = True

    def fingerprint(self, key: str) -> str | None:
        return self._row(key)[0]

    def quick(self, key: str) -> str | None:
        return self._row(key)[1]

    @property
    def whole(self) -> dict | None:
        """The last whole build's answer: digest, keys, frozen, frozen_outputs, warnings."""
        if self._whole is False:
            found = self._query("SELECT value FROM meta WHERE name = ?", (WHOLE,))
            try:
                value = json.loads(found[0][0]) if found else None
            except ValueError:
                value = None
            self._whole = value if isinstance(value, dict) else None
        return self._whole

    # ------------------------------------------------------------------ changing
    def set(self, key: str, fp: str | None, quick: str | None) -> None:
        """The record's fingerprint and quick key (None: not known)."""
        if self._row(key) != (fp, quick):
            self._rows[key] = self._changed[key] = (fp, quick)

    def forget(self, key: str) -> None:
        if self._row(key) != (None, None):
            self._rows[key] = (None, None)
            self._changed[key] = None

    def set_whole(self, value: dict | None) -> None:
        if self.whole != value:
            self._whole, self._whole_changed = value, True

    def save(self) -> None:
        """Write what changed in one transaction. A file that is damaged or of someone else's is made anew;
        one that cannot be written now (locked past the timeout, a full disk, a read-only folder) keeps no
        state: the next build renders again (the .docx files were written or refused before this)."""
        self.close()
        if not self._changed and not self._whole_changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._write()
            except sqlite3.DatabaseError as exc:
                if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in _DAMAGED:
                    return
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
                self._changed = {key: row for key, row in self._rows.items() if row != (None, None)}
                self._whole_changed = True
                self._write()
        except (sqlite3.Error, OSError):
            return
        self._changed, self._whole_changed = {}, False
        self._old.unlink(missing_ok=True)

    def _write(self) -> None:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            self._write_to(db)
        finally:
            db.close()

    def _write_to(self, db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS builds (key TEXT PRIMARY KEY, fp TEXT, quick TEXT)")
            found = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if found is None or found[0] != SCHEMA:
                db.execute("DELETE FROM builds")
                db.execute("DELETE FROM meta")
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
            db.executemany("INSERT OR REPLACE INTO builds VALUES (?, ?, ?)",
                           [(key, *row) for key, row in self._changed.items() if row is not None])
            db.executemany("DELETE FROM builds WHERE key = ?",
                           [(key,) for key, row in self._changed.items() if row is None])
            if self._whole_changed:
                if self._whole is None:
                    db.execute("DELETE FROM meta WHERE name = ?", (WHOLE,))
                else:
                    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                               (WHOLE, json.dumps(self._whole, ensure_ascii=False, separators=(",", ":"))))

    def close(self) -> None:
        if isinstance(self._db, sqlite3.Connection):
            self._db.close()
            self._db = None
