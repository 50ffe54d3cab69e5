"""Load every record of a project: parse each van-ban.md (record_parser), report duplicates and
errors per record. What was parsed is kept while its inputs stay the same: in this process, and across
commands in the persistent index (parsed_index), so a command parses only the records that changed.

The build, the watcher, the site, PDFs, relations, deadlines and the linter all load records here.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import struct
import sys
import time
from collections import ChainMap
from collections.abc import Callable, MutableMapping
from contextlib import contextmanager
from pathlib import Path

import generator
from generator.format.config import RECORD_FILE, OfficeConfig, Project, key_identity, key_problem
from generator.format.facts import Facts, compute as compute_facts
from generator.format import record_parser
from generator.format.parsed_index import (CODE_DIGEST, DAYS, INLINE, Entries, Folders, Listing, ParsedIndex,
                                           StoredRecord, dependency_digest, read_listing, record_stamp)
from generator.format.record_parser import parse_record, same_parse_until
from generator.format.status_check import WORTH_FROM, StatusCheck, file_status, worth_a_child
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record


@contextmanager
def collector_paused():
    """Python's cycle collector off meanwhile: loading ten thousand records made it walk every object
    again and again (70 of 240 ms at N = 10,000), and a parse leaves about four cyclic objects, which
    the next collection after this frees. In a one-shot command (generator.ONE_SHOT) what was loaded is
    then frozen (gc.freeze: left out of later collections; refcounting still frees it), else the first
    collection after this walks all of it once more (30 ms at N = 10,000). A watcher, a server or a
    program using vanban as a library keep the usual collector, which frees cyclic garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if generator.ONE_SHOT:
                gc.freeze()
            gc.enable()


class Sources(list):
    """The record sources of records/ in walk order (project.scan_names()[0]), as list_sources found
    them: with the symbolic links it skipped, the last load's listing and how this one was made."""
    links: list[Path] | tuple = ()
    listing: Listing | None = None
    folders: tuple | None = None       # the folders and their settled status, for the next listing
    walked = True                      # False: taken from the listing, no folder having changed
    check: StatusCheck | None = None   # the records' file statuses, being checked on the other core

    def changed(self) -> frozenset[str] | None:
        """The listed records (rels) whose file status is not their entry's, when the check on the other
        core answered (status_check); None: stat each record."""
        return self.check.result() if self.check is not None and not self.walked else None

    def vouched_shas(self) -> list[bytes | None]:
        """For each source, in order: the SHA-256 of its bytes when the check found its file status as
        listed (its entry's), else None: stat and hash it (build.project_digest)."""
        changed = self.changed()
        if changed is None or self.listing is None:
            return [None] * len(self)
        entries = self.listing.entries
        vouched = []
        for rel in self.listing.sources:
            rel = rel.replace(os.sep, "/")
            at = entries.position(rel)
            vouched.append(entries.sha(at) if at is not None and rel not in changed else None)
        return vouched


def list_sources(project: Project, walk: bool = False) -> Sources:
    """project.scan_names(), without the walk while no folder of records/ changed since the last
    complete load (one stat per folder; see parsed_index.Listing). `walk`: walk all the same."""
    with collector_paused():
        listing = read_listing(project) if TRUST_STAT else None
    base = str(project.records_dir) + os.sep
    if listing is not None and listing.folders is not None and not listing.links and not walk:
        check = StatusCheck(base, listing.entries) if worth_a_child(len(listing.entries)) else None
        same = listing.folders.unchanged(base)
        if same:
            found = Sources(base + rel for rel in listing.sources)
            found.listing, found.folders, found.walked, found.check = listing, listing.folders, False, check
            return found
        if check is not None:
            check.discard()
    walked: list = []
    started = time.time_ns()
    names, links = project.scan_names(walked)
    found = Sources(names)
    found.links, found.listing = links, listing
    folders = []
    for folder, st in walked:
        settled = st is not None and settled_status(st, started) is not None
        if not settled:
            folders = None
            break
        rel = folder[len(base):] if folder.startswith(base) else "" if folder + os.sep == base else None
        if rel is None:
            folders = None
            break
        folders.append((rel, (st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))
    try:
        found.folders = Folders.of(folders) if folders is not None else None
    except struct.error:                       # a status out of the listing's range: walk each time
        found.folders = None
    return found


def load_records(project: Project, config: OfficeConfig, sources: list[Path] | list[str] | None = None,
                 relations: Callable | None = None) -> tuple[dict[str, Record], list[Diagnostic], dict[str, Path]]:
    """Parse every record; return (records by key, errors, sources of records that failed).
    `sources`: list_sources(), scan() or scan_names() when the caller has just listed them (strings cost
    less: a record read back from the index makes its Path when something asks for it). `relations`:
    (records, config) → the relation tables between them (records.relations.relation_tables), kept with
    the listing so that a later load can make its records when asked for (ListedRecords)."""
    with collector_paused():
        try:
            return _load(project, config, sources, relations)
        except _ListedMissing:         # a listed source is not there: the listing is not trusted, walk
            return _load(project, config, list_sources(project, walk=True), relations)


class _ListedMissing(Exception):
    pass


def _load(project: Project, config: OfficeConfig, sources: list[Path] | list[str] | None, relations: Callable | None
          ) -> tuple[dict[str, Record], list[Diagnostic], dict[str, Path]]:
    records: dict[str, Record] = {}
    errors: list[Diagnostic] = []
    failed: dict[str, Path] = {}
    seen: dict[str, str] = {}
    identities: dict[str, str] = {}
    deps = dependency_digest(config)
    store = ParsedIndex(project, config)
    if sources is None:
        sources = list_sources(project)
    names = sources if isinstance(sources, Sources) else [os.fspath(s) for s in sources]
    listing = names.listing if isinstance(names, Sources) else None
    listed = listing.entries if listing is not None and listing.deps == deps else {}
    changed = None                     # the listed records whose file status moved, if the check answered
    if isinstance(names, Sources) and names.check is not None:
        if listed:
            changed = names.changed()
        else:                                  # another config: no entry can serve, the answer is not wanted
            names.check.discard()
    base, stat_of = str(project.records_dir) + os.sep, os.stat
    served: dict[str, tuple] = {}              # rel → the listing's entry a record was taken from
    day = record_parser.today().toordinal()    # an entry holds on the days of its Facts.days
    one_separator = os.altsep is None          # POSIX: the folder's name is cut from the string itself
    # Every source where the last load listed it, each one's file status checked on the other core
    # (status_check): the record of an unchanged file is made from its entry with a few lookups; its
    # folder name was checked when it was listed (a load of 10,000: 29 ms instead of 40).
    bulk = changed is not None and one_separator and len(listed) == len(names)     # changed: not walked
    if (bulk and not changed and listing.tables is not None and listed.all_hold_on(day)
            and listed.rels == listing.sources):
        # Nothing changed since the listing was made, and it has the relations of all its records: the
        # records are made when asked for (a one-record build of 10,000 makes a few, issue 16)
        records = ListedRecords(listed, listing.tables, base, store.loaded, config)
        store.close()
        if _parsed:
            current = set(names)
            for path in [p for p in _parsed if p not in current and p.startswith(base)]:
                del _parsed[path]
        return records, errors, failed
    cut, tail = len(base), len(os.sep + RECORD_FILE)
    stored, loaded_rows, stamps = StoredRecord.of, store.loaded, store.loaded.stamps
    for name in names:
        if bulk:
            rel = name[cut:]
            entry = listed.get(rel) if rel not in changed else None
            if entry is not None and entry[3][DAYS][0] <= day < entry[3][DAYS][1] and name not in _parsed:
                _, sha, stamp, row, _ = entry
                key = rel[rel.rfind("/", 0, -tail) + 1:-tail]
                record = stored(key, name, rel, tuple.__new__(Facts, row), loaded_rows)
                stamps[rel] = stamp
                _parsed[name] = (stamp, record)
                _digests[name] = sha
                served[rel] = entry
                seen[key] = name
                records[key] = record if row[INLINE] is None else _with_inline_body(record, config)
                continue
        if one_separator:                      # records/<key>/van-ban.md → <key>
            folder = name[:name.rindex(os.sep)] if os.sep in name else ""
            key = folder[folder.rfind(os.sep) + 1:]
        else:
            key = os.path.basename(os.path.dirname(name))
        if key in seen:
            errors.append(Diagnostic(f"hai hồ sơ cùng tên thư mục \"{key}\" ({seen[key]}); tên thư mục phải duy nhất",
                                     Path(name), None))
            failed[key] = Path(name)
            continue
        seen[key] = name
        rel = name[len(base):].replace(os.sep, "/") if name.startswith(base) else store.rel(name)
        # Windows and macOS take names differing in case or Unicode form for one folder (key_identity;
        # for a plain ASCII name that is its lower case, without a Unicode table)
        twin = identities.setdefault(key.lower() if key.isascii() else key_identity(key), key)
        if twin == key and TRUST_STAT:
            # The path of nearly every record of a one-record build: the record as parsed before (by this
            # process, in the last load's listing or in the index) when the file's status vouches for the
            # bytes it was parsed from; its name was checked then. Kept to one stat and a few lookups
            # (N = 10,000, issue 16).
            entry, st = listed.get(rel), None
            same = entry is not None and changed is not None and rel not in changed   # checked on the other core
            if not same:
                try:
                    st = stat_of(name)
                except OSError:
                    if not getattr(names, "walked", True):
                        store.close()
                        raise _ListedMissing(name) from None
                same = entry is not None and st is not None and entry[0] == file_status(st)
            if same and entry[3][DAYS][0] <= day < entry[3][DAYS][1]:
                _, sha, stamp, row, _ = entry
                kept = _parsed.get(name)
                if kept is not None and kept[0] == stamp and kept[1].__dict__["facts"].holds_on(day):
                    record = kept[1]
                    store.seen.add(rel)             # its row stays in the index (commit drops unseen rows)
                else:
                    record = store.listed(name, rel, key, stamp, tuple.__new__(Facts, row))
                    _parsed[name] = (stamp, record)
                _digests[name] = sha
                served[rel] = entry
                records[key] = record if row[INLINE] is None else _with_inline_body(record, config)
                continue
            if same and st is None:            # as listed, but its parse does not hold today
                try:
                    st = stat_of(name)
                except OSError:
                    pass
            if st is not None:
                status = status_key(st)
                settled = _settled.get(name)
                sha = settled[1] if settled is not None and settled[0] == status else store.sha(status, rel)
                record = _reused(name, rel, key, record_stamp(deps, key, sha), status, store) if sha else None
                if record is not None:
                    _settled[name] = (status, sha)
                    _digests[name] = sha
                    records[key] = _with_inline_body(record, config)
                    continue
        problem = key_problem(key) or (
            f"tên thư mục \"{key}\" trùng với hồ sơ \"{twin}\" khi không phân biệt chữ hoa, chữ thường hay "
            "dạng Unicode (Windows coi là một thư mục): hãy đổi tên một trong hai" if twin != key else None)
        if problem:
            errors.append(Diagnostic(problem, Path(name), None))
            failed[key] = Path(name)
            continue
        try:
            records[key] = _parse(name, config, key, deps, store, rel)
        except VanbanError as exc:
            errors.extend(exc.diagnostics)
            failed[key] = Path(name)
        except (OSError, UnicodeError) as exc:    # a folder named van-ban.md, a file that vanished …
            errors.append(Diagnostic(_unreadable(Path(name), exc), Path(name), None))
            failed[key] = Path(name)
    if bulk:
        store.seen.update(served)              # their rows stay in the index (commit drops unseen rows)
    store.listing = _next_listing(deps, names, listing, records, base, served, config, relations) if TRUST_STAT else None
    store.commit(complete=True)
    current = set(seen.values())
    inside = str(project.records_dir) + os.sep
    for path in [p for p in _parsed if p not in current and p.startswith(inside)]:
        del _parsed[path]                     # deleted or renamed records
    return records, errors, failed


def _next_listing(deps: bytes, names, listing: Listing | None, records: dict[str, Record], base: str,
                  served: dict[str, tuple], config: OfficeConfig, relations: Callable | None) -> Listing | None:
    """The listing for the next load (parsed_index.Listing), or None when the last one still holds. Its
    relation tables are worked out by `relations` (≈ 45 ms at 10,000) when every source is a record with
    an entry, in a one-shot command of an office big enough for the check on the other core: only then
    does a load serve them (ListedRecords)."""
    folders = names.folders if isinstance(names, Sources) else None
    tabled = (relations is not None and generator.ONE_SHOT and len(records) >= WORTH_FROM
              and len(records) == len(names))
    if (listing is not None and listing.deps == deps and folders is listing.folders
            and len(served) == len(records) == len(listing.entries) and (listing.tables is not None or not tabled)):
        return None                           # listed as before, every record served from its entry
    sources = tuple(sys.intern(n[len(base):]) for n in names if n.startswith(base))   # one object per rel
    if len(sources) != len(names):
        return None
    items = []
    for key, record in records.items():
        name = record.__dict__.get("_src") or str(record.path)
        if not name.startswith(base):
            continue
        rel = sys.intern(name[len(base):].replace(os.sep, "/"))
        entry = served.get(rel)
        if entry is not None:
            status, digest, stamp, row, blob = entry
        else:
            settled, kept, digest = _settled.get(name), _parsed.get(name), _digests.get(name)
            facts = record.__dict__.get("facts")
            if settled is None or kept is None or kept[1] is not record or settled[1] != digest or facts is None:
                continue
            status = tuple(int(part) for part in settled[0].split(":"))        # status_key's parts
            stamp, row, blob = kept[0], facts.row(), None
        items.append((rel, key, status, digest, stamp, row, blob))
    try:
        entries = Entries.of(items)
    except struct.error:                      # a status or hash out of the listing's range: no listing
        return None
    tables = _relation_tables(relations, records, config) if tabled and entries.rels == sources else None
    links = tuple(str(link) for link in getattr(names, "links", ()))
    fresh = Listing(CODE_DIGEST, deps, folders, sources, links, entries, tables)
    return None if fresh == listing else fresh


def _relation_tables(relations: Callable, records: dict[str, Record], config: OfficeConfig) -> dict[str, bytes] | None:
    """relations(records, config), each table pickled on its own (a load unpickles the ones it uses), or
    None when they cannot be worked out."""
    try:
        return {name: pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
                for name, table in relations(records, config).items()}
    except Exception:  # noqa: BLE001 — no tables: the next load makes every record, as before
        return None


class ListedRecords(MutableMapping):
    """The records of a load that the listing served whole (nothing changed since it was made, every
    parse holds today), each made from its entry when first asked for; the relations between them are
    the listing's tables (context.listed_table). A one-record build of 10,000 makes the few records it
    reads, not ten thousand; going through all of them makes them all, as a plain load would."""

    def __init__(self, entries: Entries, tables: dict[str, bytes], base: str, rows, config: OfficeConfig):
        self._entries, self._base, self._rows, self._config = entries, base, rows, config
        self._slots: dict[str, object] = dict(zip(entries.keys, range(len(entries.keys))))   # int: not yet made
        rows.stamps = ChainMap(rows.stamps, entries.stamp_map())    # the index's rows of all, as listed
        self.tables = _Tables(tables)
        for i in entries.inline:               # their bodies are put in the config: made now
            self[entries.keys[i]]

    def _make(self, i: int) -> Record:
        entries = self._entries
        rel = entries.rels[i]
        name, stamp = self._base + rel, entries.stamp(i)
        kept = _parsed.get(name)
        if kept is not None and kept[0] == stamp and _holds_today(kept[1]):
            record = kept[1]
        else:
            record = StoredRecord.of(entries.keys[i], name, rel, Facts._make(entries.row(i)), self._rows)
            _parsed[name] = (stamp, record)
        _digests[name] = entries.sha(i)
        return _with_inline_body(record, self._config) if record.__dict__["facts"].inline else record

    def __getitem__(self, key: str) -> Record:
        value = self._slots[key]
        if value.__class__ is int:
            value = self._slots[key] = self._make(value)
        return value

    def __setitem__(self, key: str, record: Record) -> None:
        self._slots[key] = record

    def __delitem__(self, key: str) -> None:
        del self._slots[key]

    def __contains__(self, key) -> bool:
        return key in self._slots

    def __iter__(self):
        return iter(self._slots)

    def __len__(self) -> int:
        return len(self._slots)

    def made(self) -> list[str]:
        """The keys of the records made so far (what a command read: the tests and bench.phases ask)."""
        return [key for key, value in self._slots.items() if value.__class__ is not int]

    def source_names(self) -> dict[str, str]:
        """key → the record's source, without making the records (build.select)."""
        rels, base = self._entries.rels, self._base
        return {key: base + rels[value] if value.__class__ is int else value.__dict__.get("_src") or str(value.path)
                for key, value in self._slots.items()}


class _Tables:
    """A listing's relation tables, each unpickled when first asked for."""

    def __init__(self, pickled: dict[str, bytes]):
        self._pickled, self._tables = pickled, {}

    def get(self, name: str):
        """The table, or None (none kept, or it does not unpickle): the caller works it out."""
        if name not in self._tables:
            blob = self._pickled.get(name)
            try:
                self._tables[name] = pickle.loads(blob) if blob is not None else None
            except Exception:  # noqa: BLE001 — a damaged table is as good as none
                self._tables[name] = None
        return self._tables[name]


# Records this process has parsed, reused while nothing parsing reads has changed: a watcher's rebuild
# after one save parses that record and unpickles nothing (bench, issue 8). Failures are never kept.
# These tables are keyed by the source's path as a string: a string keeps its hash, a Path does not.
_parsed: dict[str, tuple[bytes, Record]] = {}


def _unreadable(source: Path, exc: Exception) -> str:
    if source.is_dir():
        return f"{source.name} là một thư mục, không phải tệp: mỗi hồ sơ có một tệp {source.name}"
    return f"không đọc được tệp hồ sơ ({getattr(exc, 'strerror', None) or exc})"


# The SHA-256 of each source as last loaded (the bytes its Record was parsed from): the build's
# fingerprints reuse it instead of reading and hashing every source a second time.
_digests: dict[str, bytes] = {}

# A source's file status vouches for its bytes on POSIX: size, modification time, the change time
# (which no program can set: an edit put back to the same size and modification time still moves it)
# and the inode. Windows has no change time in os.stat (st_ctime is the creation time): hash always.
# A status is kept only for a file already unchanged for RACY_NS when it was hashed: a second write
# within the file system's clock tick (same size, same times) must not pass for the first. (A network
# share whose server clock runs more than RACY_NS behind is the one case left: two same-size writes
# within one of its clock ticks, the first read in between.)
TRUST_STAT = os.name != "nt"
RACY_NS = 2_000_000_000
_settled: dict[str, tuple[str, bytes]] = {}        # this process: source → (status, SHA-256)


def settled_status(st: os.stat_result, now_ns: int) -> str | None:
    """status_key(st) when it may vouch for the file's bytes from now on (TRUST_STAT, and the file
    unchanged for RACY_NS at `now_ns`, when its bytes were read), else None."""
    if TRUST_STAT and st.st_ctime_ns < now_ns - RACY_NS and st.st_mtime_ns < now_ns - RACY_NS:
        return status_key(st)
    return None


def loaded_stamp(record: Record) -> bytes | None:
    """The stamp (parsed_index.record_stamp) of the bytes `record` was parsed from, if this process
    loaded it through load_records."""
    kept = _parsed.get(record.__dict__.get("_src") or str(record.path))
    return kept[0] if kept is not None and kept[1] is record else None


def source_digest(source: Path) -> bytes | None:
    """The SHA-256 of `source` as the last load_records of this process read it, if it loaded."""
    return _digests.get(str(source))


def status_key(st: os.stat_result) -> str:
    """What of a file's status vouches for its bytes (see TRUST_STAT), as the index stores it."""
    return "%d:%d:%d:%d:%d" % file_status(st)


def source_sha(name: str, store: ParsedIndex) -> bytes | None:
    """The SHA-256 of the source's bytes as they are now, from its settled file status when one vouches
    for them (this process, or the index), else read and hashed; None when it cannot be read."""
    found = _source_sha(name, store, store.rel(name))
    return found[0] if found is not None else None


def _status(source: str) -> tuple[os.stat_result, str] | None:
    try:
        st = os.stat(source)
    except OSError:
        return None
    return st, status_key(st)


def _source_sha(name: str, store: ParsedIndex, rel: str) -> tuple[bytes, str | None] | None:
    """(SHA-256 of the source's bytes, the status that vouches for them or None), reading the file only
    when no settled status does; None when it cannot be read."""
    status = _status(name) if TRUST_STAT else None
    if status is not None:
        st, stat = status
        kept = _settled.get(name)
        if kept is not None and kept[0] == stat:
            return kept[1], stat
        sha = store.sha(stat, rel)
        if sha is not None:
            _settled[name] = (stat, sha)
            return sha, stat
    started = time.time_ns()
    try:
        with open(name, "rb") as f:
            sha = hashlib.sha256(f.read()).digest()
    except OSError:
        return None
    if status is not None:
        st, stat = status
        after = _status(name)
        if after is not None and after[1] == stat and settled_status(st, started) is not None:
            _settled[name] = (stat, sha)
            return sha, stat
        _settled.pop(name, None)
    return sha, None


def _with_inline_body(record: Record, config: OfficeConfig) -> Record:
    """A record kept from an earlier parse, its inline body (co_quan_ghi) put in this config object again."""
    stored = record.__dict__.get("facts")
    spec = stored.inline if stored is not None else record.meta.co_quan_ghi
    if spec:
        from generator.format.config import inline_body
        body = inline_body(spec)
        config.inline.setdefault(body.key, body)
    return record




def _holds_today(record: Record) -> bool:
    facts = record.__dict__.get("facts")
    return facts is not None and facts.holds_on(record_parser.today().toordinal())


def _reused(name: str, rel: str, key: str, stamp: bytes, status: str | None, store: ParsedIndex) -> Record | None:
    """The record parsed from bytes of this stamp before: by this process, else stored in the index."""
    kept = _parsed.get(name)
    if kept is not None and kept[0] == stamp and _holds_today(kept[1]):
        store.seen.add(rel)
        return kept[1]
    record = store.get(name, stamp, status, rel, key)
    if record is not None:
        _parsed[name] = (stamp, record)
    return record


def _parse(name: str, config: OfficeConfig, key: str, deps: bytes, store: ParsedIndex, rel: str) -> Record:

    def stamp() -> tuple[bytes, bytes, str | None] | None:
        found = _source_sha(name, store, rel)
        if found is None:
            _digests.pop(name, None)
            return None
        _digests[name] = found[0]
        return record_stamp(deps, key, found[0]), found[0], found[1]
    now = stamp()
    before = now[0] if now is not None else None
    record = _reused(name, rel, key, before, now[2], store) if now is not None else None
    if record is not None:
        return _with_inline_body(record, config)
    _parsed.pop(name, None)
    source = Path(name)
    on = record_parser.today()
    try:
        record = parse_record(source, config, key)
    except Exception:
        _digests.pop(name, None)
        raise
    again = stamp()
    if now is not None and again is not None and again[0] == before and record_parser.today() == on:
        # not rewritten while it was parsed, nor parsed across midnight
        facts = compute_facts(record, config)._replace(
            days=(on.toordinal(), same_parse_until(record.meta, on).toordinal()))
        record.__dict__["facts"] = facts          # loaded records are never edited in place
        _parsed[name] = (before, record)
        store.put(source, before, again[1], again[2], record, facts)
    else:
        _digests.pop(name, None)        # rewritten meanwhile: its digest is not that of this parse
    return record
