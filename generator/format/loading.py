"""Load every record of a project: parse each van-ban.md (record_parser), report duplicates and
errors per record. What was parsed is kept while its inputs stay the same: in this process, and across
commands in the persistent index (parsed_index), so a command parses only the records that changed.

The build, the watcher, the site, PDFs, relations, deadlines and the linter all load records here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.format.config import OfficeConfig, Project, key_identity, key_problem
from generator.format.parsed_index import ParsedIndex, dependency_digest, record_stamp
from generator.format.record_parser import parse_record
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record


def record_key(project: Project, source: Path) -> str:
    return source.parent.name


def load_records(project: Project, config: OfficeConfig) -> tuple[dict[str, Record], list[Diagnostic], dict[str, Path]]:
    """Parse every record; return (records by key, errors, sources of records that failed)."""
    records: dict[str, Record] = {}
    errors: list[Diagnostic] = []
    failed: dict[str, Path] = {}
    seen: dict[str, Path] = {}
    identities: dict[str, str] = {}
    deps = dependency_digest(config)
    store = ParsedIndex(project)
    for source in project.record_sources():
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
    current = set(seen.values())
    for path in [p for p in _parsed if p not in current and p.is_relative_to(project.records_dir)]:
        del _parsed[path]                     # deleted or renamed records
    return records, errors, failed


# Records this process has parsed, reused while nothing parsing reads has changed: a watcher's rebuild
# after one save parses that record and unpickles nothing (bench, issue 8). Failures are never kept.
_parsed: dict[Path, tuple[bytes, Record]] = {}


def _unreadable(source: Path, exc: Exception) -> str:
    if source.is_dir():
        return f"{source.name} là một thư mục, không phải tệp: mỗi hồ sơ có một tệp {source.name}"
    return f"không đọc được tệp hồ sơ ({getattr(exc, 'strerror', None) or exc})"


# The SHA-256 of each source as last loaded (the bytes its Record was parsed from): the build's
# fingerprints reuse it instead of reading and hashing every source a second time.
_digests: dict[Path, bytes] = {}


def source_digest(source: Path) -> bytes | None:
    """The SHA-256 of `source` as the last load_records of this process read it, if it loaded."""
    return _digests.get(source)


def _parse(source: Path, config: OfficeConfig, key: str, deps: bytes, store: ParsedIndex) -> Record:
    def stamp() -> bytes | None:
        try:
            digest = hashlib.sha256(source.read_bytes()).digest()
        except OSError:
            return None
        _digests[source] = digest
        return record_stamp(deps, key, digest)
    _digests.pop(source, None)
    before = stamp()
    kept = _parsed.get(source)
    record = None
    if before is not None and kept is not None and kept[0] == before:
        record = kept[1]
    elif before is not None:
        record = store.get(source, before)
        if record is not None:
            _parsed[source] = (before, record)
    if record is not None:
        if record.meta.co_quan_ghi and record.meta.co_quan not in config.inline:     # a fresh config object
            from generator.format.config import inline_body
            config.inline[record.meta.co_quan] = inline_body(record.meta.co_quan_ghi)
        store.seen.add(store.rel(source))
        return record
    _parsed.pop(source, None)
    try:
        record = parse_record(source, config, key)
    except Exception:
        _digests.pop(source, None)
        raise
    if before is not None and stamp() == before:      # not rewritten while it was being parsed
        _parsed[source] = (before, record)
        store.put(source, before, record)
    else:
        _digests.pop(source, None)      # rewritten meanwhile: its digest is not that of this parse
    return record
