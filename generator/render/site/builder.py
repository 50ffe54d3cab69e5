"""Building the site with MkDocs: write the pages and the navigation (generate), build site/ (build_site),
or serve it with live reload while a watcher regenerates the pages a moment after a save (serve).

A build never leaves readers a half site: MkDocs builds into a new hidden folder beside site/, which is
then swapped in with two renames; one site build runs at a time (a file lock in .vanban/), so two
`watch --site` or a `site` beside a watcher wait for each other instead of colliding.

MkDocs has no incremental build, so this one is built on its API (incremental_build):
- nothing the site is made of changed (state.py's digest): no build at all;
- otherwise the pages are regenerated (cheap, from the model) and MkDocs renders only the pages whose
  signature changed: their Markdown, or what they show of other pages (the sidebar levels on their path,
  previous/next). Everything else is hard-linked from the current site/ into the new folder, so a killed
  or failed build still leaves the previous site whole, and a confidential or deleted record's page,
  downloads and search entries are simply not carried over;
- whole-site files are made on every build: 404.html and sitemap.xml by MkDocs; the search index is
  search.py's, written from the model beside the pages as static files (copied when they change);
- a full build (first build, mkdocs.yml, the generator or a library changed, `--toan-bo`) is the same
  code with every page rendered, on two cores where the system forks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from filelock import FileLock, Timeout

from generator.atomic import write_bytes, write_text
from generator.format.config import Project
from generator.format.loading import load_records, loaded_stamp, settled_status, source_digest, status_key
from generator.model.errors import VanbanError
from generator.observe import DebouncedObserver, ignored, profile_dirs
from generator.records.effect import stated_start
from generator.render.site.documents_page import documents_pages
from generator.render.site.inbox_page import inbox_nav, inbox_pages
from generator.render.site import sidebar_cache
from generator.render.site import two_cores
from generator.render.site.navigation import NAV_FILE, nav, nav_config
from generator.render.site.state import (STATE_VERSION, global_digest, inputs_digest, read_state, site_complete,
                                          site_dir, write_state)
from generator.render.site.pages import (DATA, PageWriter, SiteData, has_effect, SiteReport, asset_files, page_path,
                                         prune_docs, write_docs)

DOCS_DIR = "docs-site"
SITE_DIR = "site"
CONFIG_FILE = "mkdocs.yml"
SITE_LOCK = "site.lock"            # in .vanban/: one site build at a time


def default_config_text() -> str:
    return (DATA / "mkdocs.yml").read_text(encoding="utf-8")


def generate(project: Project) -> SiteReport:
    """Write the Markdown pages (docs-site/) and the navigation (.vanban/site-nav.yml)."""
    started = time.perf_counter()
    report = SiteReport()
    config = project.config()
    records, errors, failed = load_records(project, config)
    report.errors += errors
    data = SiteData(project, config, records, _site_name(project), failed=set(failed))
    writer = PageWriter(data)
    docs = project.root / DOCS_DIR
    cache = _PageCache(project, data, writer, docs)
    writer.record_page = cache.record_page          # all_pages() stays the list of pages (pages.py)
    writer.search_entries = cache.search_entries
    writer.search_index = cache.search_index
    cache.prerender(data.order)
    pages = writer.all_pages()
    pages.update(documents_pages(writer))      # van-ban/index.md: the table of every document
    pages.update(inbox_pages(writer))          # hop-thu.md: what the inbox of `vanban watch` received
    report.pages = len(data.public)
    report.hidden = len(records) - len(data.public)
    report.warnings += writer.warnings
    files = dict(writer.files)
    files.update(asset_files())
    # Pages first, then the navigation that names them, then stale pages go: a serving MkDocs that
    # rebuilds in between never sees a navigation entry without its page.
    report.written = write_docs(docs, pages, files, kept=cache.kept_pages)
    nav_path = project.state_dir / NAV_FILE
    nav_text = nav_config(nav(data) + inbox_nav(pages))
    if not nav_path.exists() or nav_path.read_text(encoding="utf-8") != nav_text:
        write_bytes(nav_path, nav_text.encode("utf-8"))
        report.written += 1
    report.removed = prune_docs(docs, set(pages) | set(files))
    cache.save()
    if not (project.root / CONFIG_FILE).exists():
        write_bytes(project.root / CONFIG_FILE, default_config_text().encode("utf-8"))
    report.markdown_seconds = time.perf_counter() - started
    return report


KEPT_UNREAD = ""   # the text of a page kept as docs-site/ holds it, not read (write_docs skips kept pages)
PAGE_CACHE = "site-pages.json"     # in .vanban/: the key each record page was written under (safe to delete)
SEARCH_CACHE = "site-search.pickle"  # in .vanban/: each record's search entries under its page's key (safe to delete)


class _PageCache:
    """A record page is written again only when something it can show changed. Its key: the record's
    source and versions folder, its downloads in out/, the office config and profiles, the generator,
    and the facts of every record that any page shows of another (title, số ký hiệu, date, body, type,
    status and what replaced or amended it, public or not, files withheld or not, relations both ways,
    signer, effect dates, the Điều an issued document amends and where its text links). Editing one record's text leaves the facts alone, so its page alone is written again; a
    new title, status, relation or a record made confidential changes them and every page is written.
    A page kept is read back from docs-site/ (its hash checked) with the downloads it named; so are
    its search entries (search.record_entries: they show what its page shows), without its body."""

    def __init__(self, project: Project, data: SiteData, writer: PageWriter, docs: Path):
        self.project, self.data, self.writer, self.docs = project, data, writer, docs
        self.path = project.state_dir / PAGE_CACHE
        try:
            old = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(old, dict) or old.get("version") != STATE_VERSION:
                old = {}
        except (OSError, ValueError):
            old = {}
        self.old = old.get("pages") or {}
        # the start date each record's own text gives (effect.stated_start), under the stamp of its bytes
        self.old_starts = old.get("starts") or {}
        self.new: dict[str, list] = {}
        self.new_starts: dict[str, list] = {}
        data.stated_start = self.stated_start
        self.search_path = project.state_dir / SEARCH_CACHE
        try:       # pickle, like the index of parsed records: 8 MB of text at 1,000 records, read in a blink
            old = pickle.loads(self.search_path.read_bytes())
            ours = isinstance(old, dict) and old.get("version") == STATE_VERSION
            self.old_search = old.get("entries", {}) if ours else {}
            self.old_index = old.get("index") if ours else None
        except Exception:  # noqa: BLE001 — missing, damaged or foreign: the entries are made again
            self.old_search, self.old_index = {}, None
        self.new_search: dict[str, list] = {}
        self.new_index: list[str] | None = None
        self.keys: dict[str, str] = {}                 # record key → its page's key, made once per build
        self.ready: dict[str, tuple] = {}             # page → ("kept"|"new", text, …) from prerender()
        self.kept_pages: set[str] = set()             # pages given back as docs-site/ holds them
        self.render = PageWriter.record_page.__get__(writer)
        self.common = self._common()
        self.outputs: dict[str, list[str]] = {}       # out/ listed once (a glob per record is N²)
        try:
            with os.scandir(project.out_dir) as entries:
                for entry in entries:
                    if entry.is_file():
                        st = entry.stat()
                        parts = entry.name.split(".")
                        for i in range(1, len(parts)):        # a key may hold dots: every stem
                            self.outputs.setdefault(".".join(parts[:i]), []).append(
                                f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            pass

    def _common(self) -> str:
        d = self.data
        h = hashlib.blake2b(digest_size=20)
        h.update(global_digest(self.project, True).encode())
        try:
            h.update(self.project.config_path.read_bytes())
        except OSError:
            h.update(b"-config")
        for folder in profile_dirs(self.project):
            h.update(str(folder).encode())
            for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                if path.is_file():
                    h.update(path.name.encode() + hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
        h.update(json.dumps([sorted(d.failed), d.project_name, sorted((k, v.key) for k, v in d.symbols.items())], ensure_ascii=False).encode())
        amendments = d.amendments()      # an amending text changes the amended page (marks, links back)
        for key in sorted(d.all):
            r = d.all[key]
            row: list = [key, r.meta.loai, key in d.public]
            if key in d.public:
                st = d.status(r)
                parent = d.parent(r)
                row += [d.title(r), d.symbol(r), str(d.date(r)), d.body_name(r), d.type_name(r), st.code,
                        [x.key for x in st.replaced_by], [x.key for x in st.amended_by],
                        st.via.key if st.via is not None else None, d.withheld(r), d.withheld(r, merged=True),
                        [(x.kind, x.record.key) for x in d.related(r)], parent.key if parent is not None else None,
                        repr(r.meta.nguoi_ky), r.meta.co_quan, r.meta.ten_loai, r.meta.trang_thai,
                        repr(r.meta.ngay), repr(r.meta.so), "nguoi_ky" in r.field_lines,
                        repr(d.effect(r)) if has_effect(r.meta.loai) else None,
                        amendments.marks.get(key), amendments.links.get(key)]
            h.update(json.dumps(row, ensure_ascii=False, default=str).encode())
        return h.hexdigest()

    def stated_start(self, record, issued):
        """effect.stated_start, kept between builds under the record's stamp (parsed_index.record_stamp:
        its bytes, the office config, the parser) and its date: its text is read only when it changed."""
        stamp = loaded_stamp(record)
        if stamp is None:
            return stated_start(record, issued)
        when = issued.isoformat() if issued else None
        old = self.old_starts.get(record.key)
        if old and old[0] == stamp.hex() and old[1] == when:
            start = dt.date.fromisoformat(old[2]) if old[2] else None
        else:
            start = stated_start(record, issued)
        self.new_starts[record.key] = [stamp.hex(), when, start.isoformat() if start else None]
        return start

    def _key(self, record) -> str:
        if record.key not in self.keys:
            self.keys[record.key] = self._make_key(record)
        return self.keys[record.key]

    def _make_key(self, record) -> str:
        from generator.records.versions import versions_dir
        h = hashlib.blake2b(self.common.encode(), digest_size=20)
        loaded = source_digest(record.__dict__.get("_src") or str(record.path))
        if loaded is not None:         # the bytes this record was parsed from, as load_records hashed them
            h.update(b"sha256:" + loaded)
        else:
            try:
                h.update(record.path.read_bytes())
            except OSError:
                h.update(b"-source")
        folder = versions_dir(self.project, record.key)
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            st = path.stat()
            h.update(f"{path.relative_to(folder).as_posix()}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        h.update("\n".join(sorted(self.outputs.get(record.key, []))).encode())
        return h.hexdigest()

    def _kept(self, page: str, key: str) -> tuple[str, list] | None:
        """The page as the last build wrote it, if its key is the same and docs-site/ still holds it whole:
        its file status as the last build saw it settled (then its text is not needed: write_docs leaves
        kept pages alone, and nothing else reads them), else its bytes hashed."""
        old = self.old.get(page)
        if old and old[0] == key:
            try:
                if len(old) > 3 and old[3] is not None and status_key(os.stat(self.docs / page)) == old[3]:
                    return KEPT_UNREAD, old
                text = (self.docs / page).read_bytes()
                if hashlib.blake2b(text, digest_size=16).hexdigest() == old[1]:
                    return text.decode("utf-8"), old
            except OSError:
                pass
        return None

    def _rendered(self, record) -> tuple[str, dict[str, str]]:
        """The page written anew, and the downloads it names (docs-relative path → file)."""
        before = set(self.writer.files)
        text = self.render(record)
        return text, {t: str(src) for t, src in self.writer.files.items() if t not in before}

    def prerender(self, records) -> None:
        """Before the pages are asked for one by one: the pages the cache cannot give back (all of them in
        a cold build, a few ms each) are rendered, on two cores where there are many (two_cores.py). A
        second process that fails leaves its pages to be rendered one by one, where an error shows as it
        would have."""
        todo = []
        for record in records:
            page = page_path(record)
            kept = self._kept(page, self._key(record))
            if kept is not None:
                self.ready[page] = ("kept", *kept)
            else:
                todo.append(record)

        def work(part) -> list:
            return [(page_path(r), *self._rendered(r)) for r in part]
        try:
            halves = two_cores.in_two_halves(todo, work)
        except two_cores.ChildFailed:
            return
        for page, text, named in (row for half in halves for row in half):
            self.ready[page] = ("new", text, named)

    def record_page(self, record) -> str:
        page = page_path(record)
        key = self._key(record)
        done = self.ready.pop(page, None)
        if done is None:
            kept = self._kept(page, key)
            done = ("kept", *kept) if kept is not None else ("new", *self._rendered(record))
        how, text, extra = done
        if how == "kept":
            named, self.new[page] = extra[2], extra
            self.kept_pages.add(page)
        else:
            named = extra
            self.new[page] = [key, hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest(), named]
        self.writer.files.update({t: Path(src) for t, src in named.items()})
        return text

    def search_entries(self, data, record, page: str) -> tuple[list[dict], list[str]]:
        from generator.render.site import search
        name, key = page_path(record), self._key(record)
        old = self.old_search.get(name)
        if old and old[0] == key and old[1] == page:
            docs, texts = old[2], old[3]
        else:
            docs, texts = search.record_entries(data, record, page)
        self.new_search[name] = [key, page, docs, texts]
        return docs, texts

    def search_index(self, docs: list[dict]) -> str:
        """search.index_json(docs), kept between builds under the entries and the generator: the index
        holds the entries' fields (số, title, type, year, Điều titles), not their texts, so an edited
        text leaves it as it was (serializing 6,000 entries was a tenth of a site build after one edit)."""
        from generator.render.site import search
        key = hashlib.blake2b(self.common.encode() + pickle.dumps(docs, protocol=pickle.HIGHEST_PROTOCOL),
                              digest_size=16).hexdigest()
        old = self.old_index
        text = old[1] if isinstance(old, list) and len(old) == 2 and old[0] == key else search.index_json(docs)
        self.new_index = [key, text]
        return text

    def save(self) -> None:
        """Keep each page's key, hash and downloads, and its file status once settled (loading.RACY_NS: a
        status taken within the clock tick of the write could also be a later same-size write's)."""
        now = time.time_ns()
        for page, entry in self.new.items():
            try:
                st = os.stat(self.docs / page)
            except OSError:
                continue
            self.new[page] = [*entry[:3], settled_status(st, now)]
        write_bytes(self.path, json.dumps({"version": STATE_VERSION, "pages": self.new, "starts": self.new_starts},
                                          ensure_ascii=False).encode("utf-8"))
        write_bytes(self.search_path, pickle.dumps({"version": STATE_VERSION, "entries": self.new_search,
                                                    "index": self.new_index},
                                                   protocol=pickle.HIGHEST_PROTOCOL))


def _site_name(project: Project) -> str:
    try:
        data = yaml.safe_load((project.root / CONFIG_FILE).read_text(encoding="utf-8")) or {}
        return str(data.get("site_name") or "Văn bản nội bộ")
    except (OSError, yaml.YAMLError):
        return "Văn bản nội bộ"


def mkdocs_config(project: Project, **overrides):
    """mkdocs.config.load_config, step by step, reading mkdocs.yml (and the navigation it inherits, 150 KB
    at 1,000 records) with libyaml's parser where PyYAML has it: the same loader class MkDocs uses
    (yaml.Loader's constructor and resolver, MkDocs' !ENV and !relative tags), a tenth of the time."""
    from mkdocs.config import load_config
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")          # Material's end-of-life banner (tech-notes §5.5)
    fast = getattr(yaml, "CLoader", None)
    if fast is None:
        return load_config(str(project.root / CONFIG_FILE), **overrides)
    import logging

    from mkdocs import exceptions
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    path = os.path.abspath(project.root / CONFIG_FILE)
    try:
        fd = open(path, "rb")
    except FileNotFoundError:
        raise exceptions.ConfigurationError(f"Config file '{path}' does not exist.") from None
    with fd:
        config = MkDocsConfig(config_file_path=path)
        config.load_dict(yaml_load(fd, get_yaml_loader(loader=fast, config=config)))
    config.load_dict({k: v for k, v in overrides.items() if v is not None})
    errors, warnings = config.validate()
    log = logging.getLogger("mkdocs.config")
    for name, warning in warnings:
        log.warning(f"Config value '{name}': {warning}")
    for name, error in errors:
        log.error(f"Config value '{name}': {error}")
    if errors:
        raise exceptions.Abort("Aborted with a configuration error!")
    if config.strict and warnings:
        raise exceptions.Abort(f"Aborted with {len(warnings)} configuration warnings in 'strict' mode!")
    return config


@dataclass
class BuildReport(SiteReport):
    unchanged: bool = False         # nothing changed since the last build: site/ left as it was
    rendered: int = 0               # pages MkDocs rendered
    incremental: bool = False       # the other pages were kept from the previous site/


def build_site(project: Project, strict: bool = True, err=None, full: bool = False,
               digest: str | None = None) -> BuildReport:
    """Generate the pages, then build site/ with MkDocs (strict: any warning fails the build).

    Nothing changed since the last build (inputs_digest): no build at all. Otherwise only the pages
    whose Markdown or whose navigation context changed are rendered (`full` renders every page).
    `digest`: inputs_digest(project, strict) as the caller has just computed it (vanban site's check)."""
    from mkdocs.exceptions import Abort, ConfigurationError

    project.state_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(project.state_dir / SITE_LOCK)
    try:
        lock.acquire(timeout=600)
    except Timeout:
        raise VanbanError("một lần dựng trang nội bộ khác chạy quá 10 phút chưa xong; hãy thử lại sau") from None
    try:
        started = time.perf_counter()
        state = read_state(project)
        digest = digest or inputs_digest(project, strict)
        final = site_dir(project)
        if not full and state.get("inputs") == digest and site_complete(final, state):
            report = BuildReport(unchanged=True)
            report.pages = state.get("public", 0)
            report.hidden = state.get("hidden", 0)
            report.build_seconds = time.perf_counter() - started
            return report
        report = BuildReport(**vars(generate(project)))
        started = time.perf_counter()
        for stale in final.parent.glob(f".{final.name}.*"):      # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        staging = final.with_name(f".{final.name}.moi-{os.getpid()}")
        global_key = global_digest(project, strict)
        previous = state if (not full and state.get("global") == global_key and site_complete(final, state)) else None
        try:
            with _MkDocsMessages(err or sys.stderr):
                try:
                    outcome = incremental_build(mkdocs_config(project, strict=strict, site_dir=str(staging)),
                                                previous, final, _template_cache(project, global_key))
                except _NeedFull:           # the current site/ lacks a file it should have: build it all
                    outcome = incremental_build(mkdocs_config(project, strict=strict, site_dir=str(staging)),
                                                None, final, _template_cache(project, global_key))
        except (Abort, ConfigurationError) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise VanbanError(f"MkDocs không dựng được trang nội bộ: {exc}", project.root / CONFIG_FILE) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        relative_404(staging)
        _swap_in(staging, final)
        write_state(project, {"version": STATE_VERSION, "inputs": digest, "global": global_key,
                               "site": str(final), "public": report.pages, "hidden": report.hidden,
                               "pages": outcome.pages, "static": outcome.static})
        report.rendered = outcome.rendered
        report.incremental = outcome.incremental
        report.build_seconds = time.perf_counter() - started
        return report
    finally:
        lock.release()


class _NeedFull(Exception):
    """The current site/ cannot be kept from (a file it should hold is missing)."""


@dataclass
class BuildOutcome:
    pages: dict[str, list[str]]       # src_uri → [signature, dest_uri] of every page of the new site
    static: dict[str, list[str]]      # the same for every other file (theme, assets, downloads)
    rendered: int                     # pages rendered by this build
    incremental: bool


def _page_signature(file, nav) -> str:
    """The page's Markdown and everything of other pages it shows: the sidebar levels on its path
    (navigation.prune renders only those), previous/next page. Equal signatures: equal HTML."""
    def item(i) -> list:
        if i.is_page:
            return ["p", i.title, i.url]
        if i.is_section:
            # a closed section: its first page, and (navigation.indexes: Material loops over the children
            # of a section with an index page, pruned or not) the kinds of its children
            first = next(iter(_section_pages(i)), None)
            return ["s", i.title, first.url if first is not None else "", [c.is_section for c in i.children]]
        return ["l", i.title, getattr(i, "url", "")]

    page = file.page
    levels = [[item(i) for i in nav.items]]
    parent = page.parent if page is not None else None
    while parent is not None:
        levels.append([item(c) for c in parent.children])
        parent = parent.parent
    near = [[p.title, p.url] if p is not None else None
            for p in (getattr(page, "previous_page", None), getattr(page, "next_page", None))]
    h = hashlib.blake2b(file.content_bytes, digest_size=16)
    h.update(json.dumps([levels, near], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def _section_pages(section):
    for child in section.children:
        if child.is_page:
            yield child
        elif child.is_section:
            yield from _section_pages(child)


def _static_signature(file) -> str:
    if file.abs_src_path is None:
        return hashlib.blake2b(file.content_bytes, digest_size=16).hexdigest()
    st = os.stat(file.abs_src_path)
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


TEMPLATE_CACHE = "site-jinja"      # in .vanban/: the theme's templates compiled by Jinja (safe to delete)


def _template_cache(project: Project, global_key: str) -> Path:
    """A folder for Jinja's bytecode cache, one per global digest (MkDocs, Material, Jinja, the generator):
    the theme's 30 templates are compiled once, not on every build (404.html alone needs them all).
    Jinja checks each template's source against its cached code; older folders are removed."""
    root = project.state_dir / TEMPLATE_CACHE
    folder = root / global_key[:16]
    if root.is_dir():
        for old in root.iterdir():
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def incremental_build(config, previous: dict | None, final: Path, template_cache: Path | None = None) -> BuildOutcome:
    """MkDocs' own build (mkdocs.commands.build.build, step by step, through its API), rendering only
    the pages whose signature differs from `previous` and copying only the files that changed; the
    rest is hard-linked from the current site/ into the new folder. Whole-site files are made anew on
    every build: 404.html and sitemap.xml by MkDocs; the search index comes with the static files.
    Without `previous` every page is rendered: a full build."""
    import logging

    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_theme_template
    from mkdocs.exceptions import Abort
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    from generator.render.site import page_markdown

    logger = logging.getLogger("mkdocs")
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(counter)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        sidebar_cache.install(env)
        if template_cache is not None:
            from jinja2 import FileSystemBytecodeCache
            env.bytecode_cache = FileSystemBytecodeCache(str(template_cache))
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            if file.page is None:
                Page(None, file, config)
        page_markdown.use_for([f.page for f in doc_files])        # one Markdown instance per process
        pages = {f.src_uri: [_page_signature(f, nav), f.dest_uri] for f in doc_files}
        static = {f.src_uri: [_static_signature(f), f.dest_uri] for f in files
                  if not f.is_documentation_page() and f.inclusion.is_included()}
        old_pages = previous.get("pages", {}) if previous else {}
        old_static = previous.get("static", {}) if previous else {}
        render = [f for f in doc_files if previous is None or old_pages.get(f.src_uri) != pages[f.src_uri]]
        copy = [f for f in files if f.src_uri in static and (previous is None or old_static.get(f.src_uri) != static[f.src_uri])]
        env = config.plugins.on_env(env, config=config, files=files)      # (no plugin here reads pages)
        for file in copy:
            _copy_static(file, config.docs_dir)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        child_warnings = _render_pages(render, config, files, doc_files, nav, env, counter)
        config.plugins.on_post_build(config=config)
        if (counts := counter.get_counts()) or child_warnings:
            total = dict(counts)
            for level, n in child_warnings:
                total[level] = total.get(level, 0) + n
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in total.items())} in strict mode!")
        if previous is not None:
            staging = Path(config.site_dir)
            kept = {f.dest_uri for f in doc_files if f not in render} | {
                f.dest_uri for f in files if f.src_uri in static and f not in copy}
            _link_kept(final, staging, kept)
        return BuildOutcome(pages, static, len(render), previous is not None)
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        raise
    finally:
        logger.removeHandler(counter)


def _copy_static(file, docs_dir: str) -> None:
    """MkDocs' copy of a file that is not a page, hard-linked instead when it comes from docs-site/: a
    download is written there by write_docs as a new file each time (never changed in place), so a link
    is the same snapshot as a copy, made without writing (creating a file costs ~1 ms here, and the
    downloads are a third of the files of a site)."""
    source = file.abs_src_path
    if source is None or getattr(file, "_content", None) is not None or not source.startswith(os.path.join(docs_dir, "")):
        file.copy_file()
        return
    target = file.abs_dest_path
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)
    except OSError:             # another disk, a file system without links
        file.copy_file()


def _render_pages(render: list, config, files, doc_files, nav, env, counter) -> list[tuple[str, int]]:
    """Render the pages (Markdown, then the theme, then the anchor check), on two cores where the
    system forks: a forked child renders the second half into the same new folder and sends back its
    warnings. (The search index is not MkDocs': search.py writes it from the model as static files.)
    → the child's warning counts."""
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.exceptions import Abort

    def run(part) -> list:
        for file in part:
            _populate_page(file.page, config, files)
        for file in part:
            _build_page(file.page, config, doc_files, nav, env)
        for file in part:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        return list(counter.get_counts())

    try:
        halves = two_cores.in_two_halves(render, run)
    except two_cores.ChildFailed as exc:
        raise Abort(f"MkDocs (second process): {exc}") from None
    return halves[1] if len(halves) == 2 else []


def _link_kept(final: Path, staging: Path, kept: set[str]) -> None:
    """Hard-link the unchanged files of the current site into the new one (a copy where links fail)."""
    for rel in sorted(kept):
        source, target = final / rel, staging / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except FileNotFoundError:
            raise _NeedFull(rel) from None
        except OSError:
            shutil.copy2(source, target)


_ROOT_ABSOLUTE = re.compile(r'((?:href|src)=")/(?!/)')


def relative_404(site: Path) -> None:
    """MkDocs writes 404.html with root-absolute links ("/assets/…", and Material's "base": "/") because a
    server may show it for any URL. The site is opened from a shared folder (file://) or under a sub-path of
    the intranet just as often, where "/" is the disk's or the server's root: 404.html sits at the site's
    root, so links relative to it work there, and over HTTP for any missing page at the top level."""
    page = site / "404.html"
    try:
        text = page.read_text(encoding="utf-8")
    except OSError:
        return
    fixed = _ROOT_ABSOLUTE.sub(r"\1", text).replace('"base": "/"', '"base": "."')
    if fixed != text:
        write_text(page, fixed)        # atomic: a new file, never the current site's hard-linked one


def _swap_in(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with two renames (no reader sees a folder half written)."""
    old = final.with_name(f".{final.name}.cu-{os.getpid()}")
    for attempt in range(20):                 # Windows: a file of site/ open in a program blocks a rename
        try:
            if final.exists():
                os.replace(final, old)
            os.replace(staging, final)
            break
        except PermissionError:
            if old.exists() and not final.exists():
                os.replace(old, final)
            time.sleep(0.25)
    else:
        shutil.rmtree(staging, ignore_errors=True)
        raise VanbanError(f"không thay được thư mục {final} (có tệp trong đó đang mở?); bản cũ được giữ nguyên")
    shutil.rmtree(old, ignore_errors=True)


# ------------------------------------------------------------------------------------ logging

class _MkDocsMessages:
    """Show MkDocs' warnings and errors (in English, from MkDocs) with a Vietnamese prefix."""

    def __init__(self, err):
        import logging

        class Handler(logging.Handler):
            def emit(self, record):
                label = "lỗi" if record.levelno >= logging.ERROR else "cảnh báo"
                print(f"mkdocs: {label}: {record.getMessage()}", file=err, flush=True)

        self.logger = logging.getLogger("mkdocs")
        self.handler = Handler(logging.WARNING)

    def __enter__(self):
        self.logger.addHandler(self.handler)
        self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.propagate = True
        return False


# ------------------------------------------------------------------------------------ serving

class PageWatcher:
    """Regenerates the Markdown pages a moment after a record, the office config, a template or an
    output in out/ (downloads) is saved; `mkdocs serve` sees the pages change and rebuilds."""

    def __init__(self, project: Project, polling: float | None = None, out=None, err=None):
        self.project = project
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.observer = DebouncedObserver(self.regenerate, polling=polling)
        self.generated = 0

    def roots(self) -> list[Path]:
        dirs = [self.project.records_dir, self.project.templates_dir, self.project.out_dir,
                *profile_dirs(self.project)]
        return [d for d in dirs if d.is_dir()]

    def start(self) -> None:
        self.observer.start(self.roots())

    def stop(self) -> None:
        self.observer.stop()

    def relevant(self, events) -> list[Path]:
        out = []
        for event in events:
            for raw in (event.src_path, getattr(event, "dest_path", "") or ""):
                if not raw or event.is_directory and event.event_type == "modified":
                    continue
                path = Path(raw if isinstance(raw, str) else raw.decode())
                if not ignored(path):
                    out.append(path)
        return out

    def regenerate(self, events) -> None:
        changed = self.relevant(events)
        if not changed:
            return
        try:
            report = generate(self.project)
        except VanbanError as exc:
            for d in exc.diagnostics:
                print(str(d), file=self.err, flush=True)
            return
        except Exception as exc:  # noqa: BLE001 — never let one bad save stop the server
            print(f"lỗi khi tạo trang nội bộ: {exc.__class__.__name__}: {exc}", file=self.err, flush=True)
            return
        self.generated += 1
        for d in report.errors + report.warnings:
            print(str(d), file=self.err, flush=True)
        names = sorted({_relative(self.project, p) for p in changed if p.exists()}) or ["(tệp bị xóa)"]
        now = dt.datetime.now().strftime("%H:%M:%S")
        what = f"{report.written} tệp cập nhật" if report.written or report.removed else "trang không đổi"
        if report.removed:
            what += f", {report.removed} tệp gỡ bỏ"
        print(f"[{now}] {', '.join(names[:5])}{' …' if len(names) > 5 else ''} → {what} "
              f"({report.markdown_seconds:.2f} giây).", file=self.out, flush=True)


def _relative(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def serve(project: Project, address: str = "127.0.0.1:8000", polling: float | None = None, out=None, err=None) -> int:
    """Generate the pages, then serve them with `mkdocs serve` (live reload) until Ctrl+C."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, ConfigurationError

    out, err = out or sys.stdout, err or sys.stderr
    report = generate(project)
    for d in report.errors + report.warnings:
        print(str(d), file=err, flush=True)
    watcher = PageWatcher(project, polling=polling, out=out, err=err)
    watcher.start()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"Trang nội bộ: http://{address}/ ({report.pages} văn bản). Trang tự cập nhật khi lưu hồ sơ, "
          "cấu hình hoặc mẫu. Nhấn Ctrl+C để dừng.", file=out, flush=True)
    try:
        with _MkDocsMessages(err):
            mkdocs_serve(str(project.root / CONFIG_FILE), livereload=True,
                         watch=[str(project.state_dir / NAV_FILE)], dev_addr=address)
    except (Abort, ConfigurationError) as exc:
        raise VanbanError(f"MkDocs không chạy được: {exc}", project.root / CONFIG_FILE) from None
    except OSError as exc:
        raise VanbanError(f"không mở được địa chỉ {address}: {exc.strerror or exc} "
                          "(cổng đang được dùng? hãy chọn cổng khác bằng --dia-chi)") from None
    finally:
        watcher.stop()
    return 0
