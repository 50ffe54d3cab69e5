"""Build records into .docx: parse all, resolve relations, render what changed, write atomically.

One bad record reports its error and the others still build; the last good output of the bad
one stays untouched. A record is rendered again only when its fingerprint changes: its source,
the sources it quotes (the Quyết định it is attached to, the request it answers), its template,
its profile, the office config and the renderer's version.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections.abc import MutableMapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import generator
from generator.build_state import BuildState
from generator.format.config import Project
from generator.format.context import RecordIndex
from generator.format.datadir import DATA_DIR
from generator.format.profiles import PROFILE_DIR
from generator.format.facts import facts_of, warnings_of
from generator.format.loading import Sources, list_sources, load_records, loaded_stamp, source_digest, source_sha
from generator.format.parsed_index import ParsedIndex
from generator.format.status_check import cores
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record
from generator.records.relations import Resolver, relation_tables
from generator.records.lock import office_lock
from generator.records.versions import VERSIONS_DIR, check_frozen, issued_version
from generator.render.docx_render import find_template, render, write_docx


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)        # unchanged
    frozen: list[str] = field(default_factory=list)         # issued: never re-rendered
    failed: list[str] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    outputs: MutableMapping[str, Path] = field(default_factory=dict)   # OutputPaths when unchanged
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def fingerprint(project: Project, record: Record, index: RecordIndex, hashes: dict | None = None) -> str:
    """The hash of everything a record's .docx is made from. `hashes` keeps file digests for one build
    (the template, profile and config are shared by hundreds of records; the sources were hashed by
    load_records from the very bytes it parsed)."""
    hashes = {} if hashes is None else hashes
    profile = index.profile_of(record)
    where = ("mau", str(profile.path), record.meta.loai)          # one template lookup per type and profile
    if where not in hashes:
        hashes[where] = find_template(project.templates_dir, profile, record.meta.loai)
    template = hashes[where]
    related = [index.resolve(t) for _, t in record.meta.quan_he.all_targets()
               if _ in ("kem_theo", "tra_loi")]
    files = [_source_name(record), template, profile.path, index.config.path] + [
        _source_name(r) for r in related if r is not None]
    digests = [_file_digest(os.fspath(p), hashes) for p in files]
    digests.insert(4, hashlib.sha256(generator.__version__.encode()).digest())
    if record.meta.quan_he.kem_theo and related and related[0] is not None:   # an annex's number: its siblings
        digests.append(hashlib.sha256(" ".join(index.annexes_of(related[0])).encode()).digest())
    h = hashlib.sha256()
    for d in digests:
        h.update(d)
    return h.hexdigest()


def _file_digest(path: str, hashes: dict) -> bytes:
    """sha256(file bytes): the source's from load_records when it loaded, others once per build."""
    if path not in hashes:
        digest = source_digest(path)
        if digest is None:
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).digest()
        hashes[path] = digest
    return hashes[path]


def _output_exists(out_dir: str, many: int):
    """name → whether out/<name> exists: one listing of out/ for a whole build, not a stat per document."""
    if many < 100:
        return lambda name: os.path.exists(os.path.join(out_dir, name))
    try:
        present = set(os.listdir(out_dir))
    except OSError:
        present = set()
    return present.__contains__


def _is_frozen(project: Project, record: Record, records_dir: str | None = None) -> bool:
    """Issued records are never re-rendered (records issue): versions.check_frozen decides, and raises
    when the source of an issued record was edited. A record with no versions folder (where
    versions.record_folder can put it: records/<key>/ or its own folder) has nothing issued: one stat,
    not check_frozen's four and its search through every source for a record in a sub-folder."""
    folders = {os.path.dirname(_source_name(record)), os.path.join(records_dir or str(project.records_dir), record.key)}
    if not any(os.path.isdir(os.path.join(folder, VERSIONS_DIR)) for folder in folders):   # usually one folder
        return False
    return check_frozen(project, record) is not None


@contextmanager
def draft_output_allowed(project: Project, key: str):
    """Yields whether a draft output of `key` may be written now: under the office lock, so an issue
    that runs meanwhile (it holds the lock from render to commit) cannot be overwritten by a build that
    parsed the record while it was still a draft. Pass it to pdf.convert_outputs as its guard.
    (The lock only: an interrupted issue was already finished or undone when the command started.)"""
    with ExitStack() as stack:
        try:
            stack.enter_context(office_lock(project))
        except OSError:  # records/ is read-only: no issue can be running there, nothing to wait for
            pass
        yield issued_version(project, key) is None


def _frozen_outputs(project: Project, keys: list[str]) -> dict[str, list[int]]:
    """Size and mtime of the out/ copies of issued records: the quick path must notice one replaced."""
    out = {}
    for key in keys:
        for suffix in (".docx", ".pdf"):
            try:
                stat = project.output_for(key, suffix).stat()
            except OSError:
                continue
            out[f"{key}{suffix}"] = [stat.st_size, stat.st_mtime_ns]
    return out


def select(records: dict[str, Record], project: Project, paths: list[Path] | None) -> list[str]:
    """Record keys named by paths (a record folder, its van-ban.md, or a folder of records). A path is
    resolved once and written back as the records folder is named in the sources, so each of ten
    thousand records costs one string comparison, not a path resolved."""
    if not paths:
        return sorted(records)
    base = str(project.records_dir)
    real = str(project.records_dir.resolve())
    names = getattr(records, "source_names", None)      # loading.ListedRecords: without making them
    sources = names() if names is not None else {key: _source_name(record) for key, record in records.items()}
    outside = {k: src for k, src in sources.items() if not src.startswith(base + os.sep)}
    folders = real_folders({k: records[k] for k in outside}, project) if outside else {}
    keys = []
    for p in paths:
        p = str(p.resolve())
        if p == real or p.startswith(real + os.sep):
            named = base + p[len(real):]
            inside = named.rstrip(os.sep) + os.sep
            keys += [k for k, src in sources.items() if k not in outside and (src.startswith(inside) or src == named)]
        inside = p.rstrip(os.sep) + os.sep
        for key, folder in folders.items():
            if p == folder or folder.startswith(inside) or (
                    p.startswith(folder) and p == os.path.join(folder, os.path.basename(outside[key]))):
                keys.append(key)
    return sorted(set(keys))


def real_folders(records: dict[str, Record], project: Project) -> dict[str, str]:
    """Each record's folder, resolved: the records folder is resolved once, not every record's path
    (2,000 resolve() calls were a quarter of a one-record build at N = 1,000)."""
    base = str(project.records_dir) + os.sep
    real = str(project.records_dir.resolve())
    out = {}
    for key, record in records.items():
        folder = os.path.dirname(_source_name(record))      # str(record.folder), without a Path made for it
        out[key] = os.path.join(real, folder[len(base):]) if folder.startswith(base) else str(record.folder.resolve())
    return out


def _source_name(record: Record) -> str:
    """The record's source as a string: a record read back from the index makes no Path for it."""
    return record.__dict__.get("_src") or str(record.path)


def quick_key(record: Record, index: RecordIndex, templates: bytes) -> str | None:
    """A key that fixes fingerprint() and is worked out from the index alone: the record's stamp (its
    bytes and folder name, the office config, profiles, document types, parser and date:
    parsed_index.record_stamp), the stamps of the records it quotes, its siblings' keys, the templates
    and the renderer's version. Equal keys, equal fingerprints: a whole build after one edit reads the
    front matter of the records that changed, not of ten thousand (issue 16). None: not from a load."""
    stamp = loaded_stamp(record)
    if stamp is None:
        return None
    facts = facts_of(record)
    h = hashlib.sha256(generator.__version__.encode() + b"\0" + stamp + templates)
    related = [index.resolve(t) for kind, t, _ in facts.targets if kind in ("kem_theo", "tra_loi")]
    for other in related:
        other_stamp = loaded_stamp(other) if other is not None else b"-"
        if other_stamp is None:
            return None
        h.update(other_stamp)
    if facts.kem_theo and related and related[0] is not None:       # an annex's number: its siblings
        h.update(" ".join(index.annexes_of(related[0])).encode())
    return h.hexdigest()


def _templates_digest(project: Project) -> bytes:
    """Every template's name and bytes: which one a record uses depends on its profile and type."""
    h = hashlib.sha256()
    for path in sorted(project.templates_dir.rglob("*.docx")):
        _hash_file(h, path)
    return h.digest()


def project_digest(project: Project, sources: list[str] | None = None, templates: bytes | None = None) -> str:
    """One hash of every input of a whole-project build: record sources, office config, templates,
    profiles and document types, renderer version. An unchanged digest means nothing needs parsing.
    A source's bytes are hashed again only when no settled file status vouches for them
    (loading.source_sha: the index keeps each source's status and hash): reading and hashing 10,000
    sources was most of a nothing-changed build at N = 10,000. `sources`: the caller's scan_names();
    `templates`: its _templates_digest()."""
    h = hashlib.sha256(generator.__version__.encode())
    h.update(templates if templates is not None else _templates_digest(project))
    for path in [project.config_path, *sorted(DATA_DIR.rglob("*.yaml")), *_pinned_profiles(project)]:
        _hash_file(h, path)
    names = project.scan_names()[0] if sources is None else sources
    vouched = names.vouched_shas() if isinstance(names, Sources) else itertools.repeat(None)
    with ParsedIndex(project, readonly=True) as store:
        for name, sha in zip(names, vouched):
            h.update(name.encode())
            if sha is None:
                sha = source_sha(name, store)
            h.update(sha if sha is not None else b"?")
    return h.hexdigest()


def _hash_file(h, path: Path) -> None:
    h.update(str(path).encode())
    try:
        h.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        h.update(b"?")


def _pinned_profiles(project: Project) -> list[Path]:
    """Profile files the office config pins by path (ho_so_tep), which may live outside the package.
    The config is read only when it names one: the nothing-changed build stays a hash of files."""
    try:
        if b"ho_so_tep" not in project.config_path.read_bytes():
            return []
        bodies = project.config().bodies.values()
    except (OSError, VanbanError):
        return []
    return [Path(b.ho_so_tep) if Path(b.ho_so_tep).is_absolute() else PROFILE_DIR / b.ho_so_tep
            for b in bodies if b.ho_so_tep]


def _unchanged_project(project: Project, state: BuildState, digest: str, started: float) -> BuildReport | None:
    """The report of the last whole-project build when nothing it read has changed since."""
    last = state.whole
    if not isinstance(last, dict) or last.get("digest") != digest:
        return None
    keys = last.get("keys", [])
    exists = _output_exists(str(project.out_dir), len(keys))
    if not all(exists(f"{k}.docx") for k in keys):
        return None
    outputs = OutputPaths(project.out_dir, keys)
    if _frozen_outputs(project, last.get("frozen", [])) != last.get("frozen_outputs", {}):
        return None                   # an issued copy in out/ was replaced: restore it from its version
    report = BuildReport(skipped=list(keys), frozen=list(last.get("frozen", [])), outputs=outputs)
    report.warnings = [Diagnostic(m, Path(f) if f else None, line, sev) for m, f, line, sev in last.get("warnings", [])]
    report.seconds = time.perf_counter() - started
    return report


class OutputPaths(MutableMapping):
    """key → out/<key>.docx, each Path made when first asked for: the report of a nothing-changed build
    of 10,000 records names them all, and making 10,000 Paths was a seventh of that build."""

    def __init__(self, out_dir: Path, keys):
        self._out = out_dir
        self._paths: dict[str, Path | None] = dict.fromkeys(keys)

    def __getitem__(self, key: str) -> Path:
        path = self._paths[key]
        if path is None:
            path = self._paths[key] = self._out / f"{key}.docx"
        return path

    def __setitem__(self, key: str, path: Path) -> None:
        self._paths[key] = path

    def __delitem__(self, key: str) -> None:
        del self._paths[key]

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __contains__(self, key) -> bool:
        return key in self._paths


# ------------------------------------------------------------------ rendering, here or in a pool

POOL_MIN_RECORDS = 24      # fewer renders than this are done here: a pool's start-up would cost more
_WORKER: dict = {}         # in a pool worker: the project, records and index it renders from


def _render_key(key: str) -> tuple[str, bytes | None, list[Diagnostic], list[Diagnostic] | None]:
    """Render one record: (key, .docx bytes, warnings, None), or (key, None, [], its errors)."""
    project, records, index = _WORKER["project"], _WORKER["records"], _WORKER["index"]
    try:
        data, warnings = render(records[key], index, project.templates_dir)
    except VanbanError as exc:
        return key, None, [], exc.diagnostics
    return key, data, warnings, None


def _start_worker(root: str) -> None:
    """A worker forked from the build has its records already; a spawned one (Windows, macOS) reads them
    from the index of parsed records, which the build has just written."""
    if _WORKER.get("root") == root:
        return
    project = Project(Path(root))
    config = project.config()
    records, _, _ = load_records(project, config)
    _WORKER.update(root=root, project=project, records=records, index=RecordIndex(records, config))


@contextmanager
def _renders(project: Project, records: dict[str, Record], index: RecordIndex, keys: list[str]):
    """Yields an iterator of _render_key results for `keys`, in that order: rendered in a process pool
    (one worker per core) when there are many, here otherwise. The output bytes are the same."""
    _WORKER.update(root=str(project.root), project=project, records=records, index=index)
    workers = min(cores(), len(keys))
    if workers < 2 or len(keys) < POOL_MIN_RECORDS:
        yield (_render_key(k) for k in keys)
        return
    from concurrent.futures import ProcessPoolExecutor
    chunk = max(1, min(16, len(keys) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                             initargs=(str(project.root),)) as pool:
        try:
            yield pool.map(_render_key, keys, chunksize=chunk)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _progress(keys: list[str], shown: bool):
    """tqdm's bar over `keys` when shown; tqdm is imported only then (a tenth of a one-record build's
    start-up)."""
    if not shown:
        return keys
    from tqdm import tqdm
    return tqdm(keys, desc="Tạo văn bản", unit="vb", leave=False)


def build_records(project: Project, paths: list[Path] | None = None, force: bool = False,
                  progress: bool = True, keys: list[str] | None = None, loaded: tuple | None = None) -> BuildReport:
    """Build what changed. `loaded` = (config, records, errors, failed[, skipped links]) a caller has just
    loaded (the watcher, for the same batch of changes): used as is instead of loading everything again."""
    started = time.perf_counter()
    whole = paths is None and keys is None
    scanned = None
    if loaded is None:                         # one listing of records/ for all three
        listed = list_sources(project)
        scanned = listed, listed.links
    templates = _templates_digest(project)                         # once: the digest and quick_key use it
    digest = project_digest(project, scanned[0] if scanned else None, templates) if whole else None
    state = BuildState(project)
    if whole and not force:
        quick = _unchanged_project(project, state, digest, started)
        if quick is not None:
            return quick
    report = BuildReport()
    if loaded is not None:
        config, records, errors, failed, *given = loaded
        links = given[0] if given else project.skipped_links()
    else:
        sources, links = scanned
        config = project.config()
        records, errors, failed = load_records(project, config, sources, relation_tables)
    report.errors += errors
    report.warnings += [Diagnostic("bỏ qua liên kết tượng trưng (symlink) trong records/: hồ sơ phải là thư mục "
                                   "thật trong dự án", link, None, "canh-bao") for link in links]
    report.failed += sorted(failed)
    index = RecordIndex(records, config)
    resolver = Resolver(records, config)     # a draft citing a replaced record is warned about
    wanted = [k for k in keys if k in records] if keys is not None else select(records, project, paths)
    if paths and not wanted and not errors:
        named = [p for p in paths if not any(p.resolve() == s.resolve() or p.resolve() == s.parent.resolve()
                                                for s in failed.values())]
        if named:
            report.errors.append(Diagnostic(f"không tìm thấy hồ sơ nào ở {', '.join(map(str, named))} "
                                            "(mỗi hồ sơ là một thư mục có tệp van-ban.md)"))
    hashes: dict = {}                     # file digests and template lookups of this build (fingerprint)
    # First what each record needs (its warnings; failed, frozen, unchanged or to render), then the
    # renders (in a process pool when there are many), consumed in key order: output order, messages
    # and the per-write office lock are those of a one-process build.
    plan: dict[str, tuple] = {}
    out_path, records_dir = project.out_dir, str(project.records_dir)
    exists = _output_exists(str(out_path), len(wanted))
    for key in wanted:
        record = records[key]
        pre = warnings_of(record) + resolver.warnings(record)
        try:
            broken = [t for kind, t, _ in facts_of(record).targets
                      if kind in ("kem_theo", "tra_loi") and t in failed]
            if broken:
                raise VanbanError(f"chưa tạo lại được vì văn bản liên quan \"{broken[0]}\" đang có lỗi (xem ở trên); "
                                  "bản Word cũ được giữ nguyên", record.path, record.line_of("quan_he"))
            if _is_frozen(project, record, records_dir):
                plan[key] = (pre, "frozen", None)
                continue
            short = quick_key(record, index, templates)
            last = state.fingerprint(key)
            if short is not None and state.quick(key) == short and last is not None:
                fp = last                         # the same inputs as when it was last built or checked
            else:
                fp = fingerprint(project, record, index, hashes)
            state.set(key, last, short)           # its new fingerprint once its .docx is written
            if not force and last == fp and exists(f"{key}.docx"):
                plan[key] = (pre, "skipped", None)
                continue
            plan[key] = (pre, "render", fp)
        except VanbanError as exc:
            plan[key] = (pre, "failed", exc.diagnostics)
    to_render = [k for k in wanted if plan[k][1] == "render"]
    with _renders(project, records, index, to_render) as rendered:
        for key in _progress(wanted, progress and len(wanted) >= 20):
            pre, what, extra = plan[key]
            report.warnings += pre
            out = out_path / f"{key}.docx"                      # project.output_for(key)
            if what == "frozen":
                report.frozen.append(key)
                continue
            if what == "skipped":
                report.skipped.append(key)
                report.outputs[key] = out
                continue
            try:
                diagnostics = extra if what == "failed" else None
                if diagnostics is None:
                    done_key, data, warnings, diagnostics = next(rendered)
                    assert done_key == key, (done_key, key)
                if diagnostics is not None:
                    raise VanbanError("", diagnostics=diagnostics)
                report.warnings += warnings
                with draft_output_allowed(project, key) as allowed:
                    if not allowed:               # issued while this build was rendering it
                        report.frozen.append(key)
                        continue
                    write_docx(data, out)
                state.set(key, extra, state.quick(key))
                report.built.append(key)
                report.outputs[key] = out
            except VanbanError as exc:
                report.errors += exc.diagnostics
                report.failed.append(key)
                state.forget(key)
    if whole and report.ok:
        state.set_whole({"digest": digest, "keys": sorted(report.outputs), "frozen": report.frozen,
                         "frozen_outputs": _frozen_outputs(project, report.frozen),
                         "warnings": [[d.message, str(d.file) if d.file else "", d.line, d.severity]
                                      for d in report.warnings]})
    elif whole:
        state.set_whole(None)
    # A build of some records leaves the last whole build's answer as it was: its digest covers every
    # input, so it answers only while none has changed (a record built alone, then `vanban build`: no
    # full load of 10,000: 0.9 → 0.4 s)
    state.save()                       # what changed only: a one-record --force build of 10,000 writes nothing
    report.seconds = time.perf_counter() - started
    return report
