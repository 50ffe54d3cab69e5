"""Load every record of a project: parse each van-ban.md (record_parser), report duplicates and
errors per record. What was parsed is kept while its inputs stay the same: in this process, and across
commands in the persistent index (parsed_index), so a command parses only the records that changed.

The build, the watcher, the site, PDFs, relations, deadlines and the linter all load records here.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from generator.format.config import OfficeConfig, Project, key_identity, key_problem
from generator.format.facts import compute as compute_facts
from generator.format.parsed_index import ParsedIndex, dependency_digest, record_stamp
from generator.format.record_parser import parse_record
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record


def record_key(project: Project, source: Path) -> str:
    return os.path.basename(os.path.dirname(str(source)))       # source.parent.name, without a Path made


def load_records(project: Project, config: OfficeConfig, sources: list[Path] | None = None
                 ) -> tuple[dict[str, Record], list[Diagnostic], dict[str, Path]]:
    """Parse every record; return (records by key, errors, sources of records that failed).
    `sources`: project.record_sources() when the caller has just listed them."""
    records: dict[str, Record] = {}
    errors: list[Diagnostic] = []
    failed: dict[str, Path] = {}
    seen: dict[str, Path] = {}
    identities: dict[str, str] = {}
    deps = dependency_digest(config)
    store = ParsedIndex(project, config)
    for source in project.record_sources() if sources is None else sources:
        key = record_key(project, source)
        if key in seen:
            errors.append(Diagnostic(f"hai hồ sơ cùng tên thư mục \"{key}\" ({seen[key]}); tên thư mục phải duy nhất",
                                     source, None))
            failed[key] = source
            continue
        seen[key] = source
        twin = identities.setdefault(key_identity(key), key)
        problem = key_problem(key) or (
            f"tên thư mục \"{key}\" trùng với hồ sơ \"{twin}\" khi không phân biệt chữ hoa, chữ thường hay "
            "dạng Unicode (Windows coi là một thư mục): hãy đổi tên một trong hai" if twin != key else None)
        if problem:
            errors.append(Diagnostic(problem, source, None))
            failed[key] = source
            continue
        try:
            records[key] = _parse(source, config, key, deps, store)
        except VanbanError as exc:
            errors.extend(exc.diagnostics)
            failed[key] = source
        except (OSError, UnicodeError) as exc:    # a folder named van-ban.md, a file that vanished …
            errors.append(Diagnostic(_unreadable(source, exc), source, None))
            failed[key] = source
    store.commit(complete=True)
    current = {str(p) for p in seen.values()}
    inside = str(project.records_dir) + os.sep
    for path in [p for p in _parsed if p not in current and p.startswith(inside)]:
        del _parsed[path]                     # deleted or renamed records
    return records, errors, failed


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


def source_digest(source: Path) -> bytes | None:
    """The SHA-256 of `source` as the last load_records of this process read it, if it loaded."""
    return _digests.get(str(source))


def _status(source: Path) -> tuple[os.stat_result, str] | None:
    try:
        st = os.stat(source)
    except OSError:
        return None
    return st, f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def _source_sha(source: Path, store: ParsedIndex, rel: str) -> tuple[bytes, str | None] | None:
    """(SHA-256 of the source's bytes, the status that vouches for them or None), reading the file only
    when no settled status does; None when it cannot be read."""
    name = str(source)
    status = _status(source) if TRUST_STAT else None
    if status is not None:
        st, stat = status
        kept = _settled.get(name)
        if kept is not None and kept[0] == stat:
            return kept[1], stat
        sha = store.sha(source, stat, rel)
        if sha is not None:
            _settled[name] = (stat, sha)
            return sha, stat
    started = time.time_ns()
    try:
        sha = hashlib.sha256(source.read_bytes()).digest()
    except OSError:
        return None
    if status is not None:
        st, stat = status
        after = _status(source)
        if (after is not None and after[1] == stat and st.st_ctime_ns < started - RACY_NS
                and st.st_mtime_ns < started - RACY_NS):
            _settled[name] = (stat, sha)
            return sha, stat
        _settled.pop(name, None)
    return sha, None


def _parse(source: Path, config: OfficeConfig, key: str, deps: bytes, store: ParsedIndex) -> Record:
    rel, name = store.rel(source), str(source)

    def stamp() -> tuple[bytes, bytes, str | None] | None:
        found = _source_sha(source, store, rel)
        if found is None:
            _digests.pop(name, None)
            return None
        _digests[name] = found[0]
        return record_stamp(deps, key, found[0]), found[0], found[1]
    now = stamp()
    before = now[0] if now is not None else None
    kept = _parsed.get(name)
    record = None
    if before is not None and kept is not None and kept[0] == before:
        record = kept[1]
        store.seen.add(rel)
    elif before is not None:
        record = store.get(source, before, now[2], rel, key)
        if record is not None:
            _parsed[name] = (before, record)
    if record is not None:
        stored = record.__dict__.get("facts")
        spec = stored.inline if stored is not None else record.meta.co_quan_ghi
        if spec:                                  # a fresh config object: the inline body again
            from generator.format.config import inline_body
            body = inline_body(spec)
            config.inline.setdefault(body.key, body)
        return record
    _parsed.pop(name, None)
    try:
        record = parse_record(source, config, key)
    except Exception:
        _digests.pop(name, None)
        raise
    again = stamp()
    if now is not None and again is not None and again[0] == before:      # not rewritten while it was parsed
        facts = compute_facts(record, config)
        record.__dict__["facts"] = facts          # loaded records are never edited in place
        _parsed[name] = (before, record)
        store.put(source, before, again[1], again[2], record, facts)
    else:
        _digests.pop(name, None)        # rewritten meanwhile: its digest is not that of this parse
    return record
