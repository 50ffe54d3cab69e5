"""The internal regulations site, page writing: records → the Markdown pages of docs-site/ (and the
files they link to). The sidebar is navigation.py's, the MkDocs build and `vanban serve` builder.py's,
the search index search.py's (written beside the pages, from the model): records → pages → MkDocs
(Material) → site/.

vanban writes the pages itself (pre-generated, not mkdocs-gen-files: tech-notes §5.2), from the one
model (record_parser → Record), so the same docs-site/ also builds with Zensical:

    docs-site/index.md                      home: newest documents, links to the catalogues
    docs-site/danh-muc/{loai,nam,co-quan,tinh-trang}.md   catalogues by type, year, body, status
    docs-site/van-ban/<loai>/<key>.md       one page per record
    docs-site/so-dang-ky.md, thoi-han.md    the register and the coordination deadlines
    docs-site/tai-ve/…                      the .docx / PDF copied from out/ (and from versions)
    docs-site/assets/javascripts/vanban-search-*.js   the search index (search.py)
    .vanban/site-nav.yml                    the navigation and the search hook, read by mkdocs.yml
                                            through INHERIT (written by navigation.py, never by hand)

Rules kept here:
- Documents marked MẬT, TỐI MẬT or TUYỆT MẬT (and documents attached to one) never reach the site:
  no page, no index line, no download, no title on the register page; relations to them are left out.
  A record that does not parse is left out too (it might be confidential) and its error is reported;
  unknown means confidential, so a record attached to a record that cannot be read is left out too.
- Confidentiality is transitive over quotation: the Word and PDF files of a public record whose text
  quotes another record (a reply's "Phúc đáp …", an attachment's "kèm theo" line, a merged PDF holding
  the attachments, a register note naming them) are published only when every record they draw on is
  public and known (SiteData.withheld).
- Record text is data: every piece of it is HTML-escaped. Body paragraphs are raw HTML blocks (Markdown
  never sees them); only headings (Chương, Điều …: the table of contents) go through Markdown, escaped.
- Anchors are Unit.anchor from the model ("dieu-5-khoan-2-diem-a"); internal references
  (references.links) and số ký hiệu of other records become links.
- Every file is written atomically and only when its content changed (`vanban serve` rebuilds on that);
  pages of records that left the site are deleted.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import posixpath
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.atomic import atomic_path, write_bytes
from generator.format import doctypes
from generator.format.config import OfficeConfig, Project
from generator.format.context import authority_lines, heading, noi_nhan_lines, reply_opening
from generator.format.datadir import DATA_DIR
from generator.format.record_parser import parse_record
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import DIEM, DIEU, DOAN, GACH, HEADINGS, KHOAN, LEVEL_NAMES, Record, Unit
from generator.model.references import Index, amendment_refs, links as internal_links
from generator.model.text import fold, parse_inline, plain
from generator.model.vietnamese import format_citation_date
from generator.records.effect import Effect, effect_of, stated_start
from generator.records.deadlines import DeadlineReport, deadline_report, status_words, vn_date
from generator.records.workdays import calendar_for, working_days_between
from generator.records.relations import Resolver
from generator.records.versions import list_versions
from generator.render.compare import compare
from generator.render.site import esc, search
from generator.render.site import two_cores

DATA = DATA_DIR / "site"
MERGED_SUFFIX = ".tron-bo.pdf"     # generator/render/pdf.py: Quyết định + its attachments in one PDF
NEWEST = 15                        # documents listed on the home page
CALENDAR_YEARS_AFTER = 3           # a deadline page carries the office calendar up to 3 years after the due date

RELATION_LABELS = {
    "kem_theo": "Ban hành kèm theo", "co_kem_theo": "Văn bản ban hành kèm theo",
    "thay_the": "Thay thế", "bi_thay_the": "Bị thay thế bởi",
    "sua_doi": "Sửa đổi, bổ sung", "bi_sua_doi": "Được sửa đổi, bổ sung bởi",
    "tra_loi": "Trả lời", "duoc_tra_loi": "Được trả lời bởi",
    "trich_dan": "Trích dẫn", "can_cu": "Căn cứ", "duoc_trich_dan": "Được trích dẫn bởi",
}
_SYMBOL_CANDIDATE = re.compile(r"(?<![\w/-])\d{1,4}[-/][^\s,;:()“”\"']+")


# ------------------------------------------------------------------------------------ escaping

_MD_ESCAPE = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_text(text: str) -> str:
    """Text for a Markdown heading: HTML-escaped, Markdown punctuation backslash-escaped."""
    out = _MD_ESCAPE.sub(r"\\\1", html.escape(text, quote=False))
    return out.replace("|", "&#124;")


def inline_html(text: str) -> str:
    """A record's inline text (`*italic*`, `**bold**`) as escaped HTML."""
    out = []
    for span in parse_inline(text):
        piece = esc(span.text)
        if span.italic:
            piece = f"<em>{piece}</em>"
        if span.bold:
            piece = f"<strong>{piece}</strong>"
        out.append(piece)
    return "".join(out)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower() if text else text


# ------------------------------------------------------------------------------------ the model

@dataclass
class Related:
    kind: str                   # a key of RELATION_LABELS
    record: Record


@dataclass
class Status:
    code: str                   # ban-hanh, bi-sua-doi, du-thao, bi-thay-the, het-hieu-luc (relations.py)
    replaced_by: list[Record] = field(default_factory=list)
    amended_by: list[Record] = field(default_factory=list)
    via: Record | None = None   # replaced together with the Quyết định it is attached to
    loai: str = ""              # the document type: the label fits it (tinh-trang.yaml)
    answered: bool = False      # a công văn that a public reply answers

    @property
    def label(self) -> str:
        return status_label(self.code, self.loai, self.answered)


@dataclass
class SiteReport:
    pages: int = 0                  # record pages
    hidden: int = 0                 # confidential records left out
    written: int = 0                # files written (changed)
    removed: int = 0                # files deleted (records gone, now confidential …)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    markdown_seconds: float = 0.0
    build_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


class SiteData:
    """Every record that parses, which of them are public, and the relations between public ones."""

    def __init__(self, project: Project, config: OfficeConfig, records: dict[str, Record],
                 project_name: str = "Văn bản nội bộ", failed: set[str] | frozenset[str] = frozenset()):
        self.project = project
        self.project_name = project_name
        self._status: dict[str, Status] = {}
        self.config = config
        self.all = records
        self.resolver = Resolver(records, config)     # issue 4: relations and the status that follows
        self.failed = set(failed)                     # keys of records that did not parse: unknown
        self._children: dict[str, list[Record]] | None = None
        self._symbol: dict[str, str] = {}              # record key → số ký hiệu (each page asks again)
        self._nav_labels: dict[str, str] | None = None
        self._deadlines: DeadlineReport | None = None
        self.deadline_errors: list[Diagnostic] = []      # the deadlines could not be worked out
        self._calendars: dict[tuple[int, int], dict] = {}
        self._effects: dict[str, Effect] = {}
        self.stated_start = stated_start          # the site builder puts its memo here (builder._PageCache)
        self._amendments: Amendments | None = None
        self.public: dict[str, Record] = {k: r for k, r in records.items() if not self._confidential(r, set())}
        self.order = sorted(self.public.values(), key=lambda r: (self.date(r) or dt.date.min, r.key), reverse=True)
        self.symbols: dict[str, Record] = {}
        for record in self.order:
            sym = self.symbol(record)
            if sym:
                self.symbols.setdefault(sym, record)

    def _confidential(self, record: Record, seen: set[str]) -> bool:
        """Marked, or attached to a record that is confidential or cannot be read (unknown = secret)."""
        if record.meta.do_mat:
            return True
        target = record.meta.quan_he.kem_theo
        if target:
            parent = self.resolver.resolve(target)
            if parent is None:
                return True
            if parent.key not in seen and parent.key != record.key:
                return self._confidential(parent, seen | {record.key})
        return False

    def _unknown_or_secret(self, kind: str, target: str) -> bool:
        other = self.resolver.resolve(target)
        if other is None:
            # A reply quotes its request and an attachment its Quyết định: not knowing them is not
            # knowing what the files say. Other relations may name outside documents (not records),
            # which are unknown only when they name a record that failed to parse.
            return kind in ("tra_loi", "kem_theo") or target in self.failed
        return other.key not in self.public

    def attachments(self, record: Record) -> list[Record]:
        if self._children is None:           # once per site build: the pages ask for every record
            self._children = {}
            for r in self.all.values():
                parent = self.parent(r)
                if parent is not None and parent.key != r.key:
                    self._children.setdefault(parent.key, []).append(r)
        return self._children.get(record.key, [])

    def withheld(self, record: Record, merged: bool = False) -> bool:
        """The record's own files (or, with `merged`, its PDF with the attachments) draw on a record
        that is confidential or unknown, so they stay off the site even though its page is public."""
        if record.key not in self.public:
            return True
        if any(self._unknown_or_secret(kind, t) for kind, t in record.meta.quan_he.all_targets()):
            return True
        return merged and any(self.withheld(child) for child in self.attachments(record))

    # ------------------------------------------------------------ facts
    def parent(self, record: Record) -> Record | None:
        target = record.meta.quan_he.kem_theo
        return self.resolver.resolve(target) if target else None

    def symbol(self, record: Record) -> str:
        """The số ký hiệu, worked out once per record (it picks the profile by date: not free)."""
        if record.key not in self._symbol:
            self._symbol[record.key] = self.resolver.symbol(record)
        return self._symbol[record.key]

    def date(self, record: Record) -> dt.date | None:
        if record.meta.ngay:
            return record.meta.ngay
        parent = self.parent(record)
        return parent.meta.ngay if parent is not None else None

    def body_name(self, record: Record) -> str:
        body = self.config.body(record.meta.co_quan)
        return (body.ten_goi or body.ten) if body else record.meta.co_quan

    def type_name(self, record: Record) -> str:
        return type_name(record.meta.loai)

    def title(self, record: Record) -> str:
        """"Quy chế phối hợp giữa …", "Quyết định về việc …", "Báo cáo tham luận: Huyện ủy …"."""
        name = sentence_case(record.meta.ten_loai) if record.meta.ten_loai else self.type_name(record)
        subject = record.meta.trich_yeu.strip()
        if not subject:
            sym = self.symbol(record)
            return f"{name} số {sym}" if sym else name
        if re.match(r"^(V/v|Về việc)\b", subject):
            subject = "về việc" + subject[subject.index(" "):] if subject.startswith("V/v") else "v" + subject[1:]
        elif subject[:1].isupper() and not subject.split()[0].isupper():
            return f"{name}: {subject}"
        return f"{name} {subject}"

    def nav_label(self, record: Record) -> str:
        """The record's entry in the sidebar: "230-QĐ/TU · Quyết định ban hành Quy chế …", or where
        several public documents share its title (fifty "Quy chế phối hợp …"), "230-QĐ/TU · 03/11/2025":
        the number and date that tell them apart, its Quyết định's for an attachment without its own."""
        if self._nav_labels is None:
            self._nav_labels = self._make_nav_labels()
        return self._nav_labels[record.key]

    def _make_nav_labels(self) -> dict[str, str]:
        titles = {r.key: self.title(r) for r in self.order}
        repeated = Counter(titles.values())
        labels: dict[str, str] = {}
        for r in self.order:
            sym, text = self.symbol(r), titles[r.key]
            if repeated[text] == 1:
                labels[r.key] = _short(f"{sym} · {text}" if sym else text)
                continue
            parent = self.parent(r)
            sym = sym or (self.symbol(parent) if parent is not None and parent.key in self.public else "")
            draft = self.status(r).code == "du-thao"
            labels[r.key] = (f"{sym or (self.status(r).label if draft else 'Không ghi số')} · "
                             f"{vn_date(self.date(r)) or ('chưa ban hành' if draft else 'không ghi ngày')}")
        seen: dict[tuple[str, str], list[str]] = {}          # a label is seen in its type's section
        for key, label in labels.items():
            seen.setdefault((self.all[key].meta.loai, label), []).append(key)
        for (_, label), keys in seen.items():      # same number and date too (two attachments, two drafts)
            if len(keys) > 1:
                for key in keys:
                    labels[key] = _short(f"{label} · {titles[key]}")
                if len({labels[k] for k in keys}) < len(keys):
                    for key in keys:
                        labels[key] = f"{labels[key]} ({key})"
        return labels

    def status(self, record: Record) -> Status:
        if record.key not in self._status:
            self._status[record.key] = self._compute_status(record)
        return self._status[record.key]

    def _compute_status(self, record: Record) -> Status:
        found = self.resolver.status(record.key)
        public = lambda rs: [r for r in rs if r.key in self.public]  # noqa: E731
        replaced, amended = public(found.replaced_by), public(found.amended_by)
        # amended in its articles (a Quy chế whose Quyết định an amendment names): amended too
        for key in dict.fromkeys(k for marks in self.amendments().marks.get(record.key, {}).values() for _, k, _ in marks):
            if self.all[key] not in amended:
                amended.append(self.all[key])
        code = found.code
        if code == "ban-hanh" and amended:
            code = "bi-sua-doi"
        if code == "bi-thay-the" and not replaced:      # replaced only by confidential records
            code = "het-hieu-luc"
        if code == "bi-sua-doi" and not amended:
            code = "ban-hanh"
        via = found.via if found.via is not None and found.via.key in self.public else None
        answered = any(link.kind == "tra_loi" and link.source.key in self.public and link.source.meta.trang_thai != "du-thao"
                       for link in self.resolver.incoming(record.key))
        return Status(code, replaced, amended, via, record.meta.loai, answered)

    def deadlines(self) -> DeadlineReport:
        """The coordination requests as of the build day, once per build (the deadlines page and each
        request's page; what a page shows of them must not depend on that day: the browser counts)."""
        if self._deadlines is None:
            try:
                self._deadlines = deadline_report(self.project, dt.date.today(), include_closed=True,
                                                  config=self.config, records=self.all)
            except VanbanError as exc:
                self._deadlines = DeadlineReport(dt.date.today(), [], list(exc.diagnostics))
                self.deadline_errors = list(exc.diagnostics)
        return self._deadlines

    def working_calendar(self, first_year: int, last_year: int) -> dict:
        """The office's calendar for the browser: weekdays off and weekend days worked in those years
        (workdays.OfficeCalendar decides); every other day is a working day from Monday to Friday."""
        key = (first_year, last_year)
        if key not in self._calendars:
            cal = calendar_for(self.config)
            off, on = [], []
            day, end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
            while day <= end:
                working = cal.is_working_day(day)
                if day.weekday() < 5 and not working:
                    off.append(day.isoformat())
                elif day.weekday() >= 5 and working:
                    on.append(day.isoformat())
                day += dt.timedelta(days=1)
            self._calendars[key] = {"tu": f"{first_year}-01-01", "den": f"{last_year}-12-31", "nghi": off, "lam": on}
        return self._calendars[key]

    def related(self, record: Record) -> list[Related]:
        out: list[Related] = []
        seen: set[tuple[str, str]] = set()

        def add(kind: str, other: Record | None) -> None:
            if other is None or other.key not in self.public or other.key == record.key:
                return
            if (kind, other.key) not in seen:
                seen.add((kind, other.key))
                out.append(Related(kind, other))

        for link in self.resolver.links(record):
            add(link.kind, link.target)
        reverse = {"kem_theo": "co_kem_theo", "thay_the": "bi_thay_the", "sua_doi": "bi_sua_doi",
                   "tra_loi": "duoc_tra_loi", "trich_dan": "duoc_trich_dan", "can_cu": "duoc_trich_dan"}
        for link in self.resolver.incoming(record.key):
            add(reverse[link.kind], link.source)
        return out


    def effect(self, record: Record, _seen: frozenset = frozenset()) -> Effect:
        """Its effect (start, end) where the records tell it (generator/records/effect.py)."""
        if record.key not in self._effects:
            parent = self.parent(record)
            parent_effect = (self.effect(parent, _seen | {record.key})
                             if parent is not None and parent.key not in _seen | {record.key} else None)
            replacements = [Effect(self.effect(r, _seen | {record.key}).start or self.date(r))
                            for r in self.status(record).replaced_by if r.key not in _seen | {record.key}]
            self._effects[record.key] = effect_of(record, self.date(record), parent_effect, replacements,
                                                  self.stated_start)
        return self._effects[record.key]

    def amendments(self) -> Amendments:
        """Which Điều, khoản, điểm each issued public amending document changes, both ways (once per build)."""
        if self._amendments is None:
            self._amendments = Amendments()
            indexes: dict[str, Index] = {}
            for source in self.order:
                targets = [link.target for link in self.resolver.links(source)
                           if link.kind == "sua_doi" and link.target is not None and link.target.key in self.public]
                if not targets:
                    continue
                # a Quyết định amended "in its Quy chế": the articles are those of the document issued with it
                candidates = [c for t in targets for c in (t, *self.attachments(t)) if c.key in self.public]
                for unit, ref, kind in amendment_refs(source):
                    for target in candidates:
                        index = indexes.get(target.key) or indexes.setdefault(target.key, Index(target.body))
                        found = index.resolve(ref, None)
                        if found is None:
                            continue
                        self._amendments.links.setdefault(source.key, {}).setdefault(unit.anchor, []).append(
                            (ref.start, ref.end, target.key, found.anchor))
                        if source.meta.trang_thai == "ban-hanh":
                            self._amendments.marks.setdefault(target.key, {}).setdefault(found.anchor, []).append(
                                (kind, source.key, unit.anchor))
                        break
        return self._amendments


@dataclass
class Amendments:
    """marks: amended record key → its unit's anchor → [(kind, amending record key, amending unit anchor)];
    links: amending record key → its unit's anchor → [(start, end, amended record key, anchor)]."""
    marks: dict[str, dict[str, list[tuple[str, str, str]]]] = field(default_factory=dict)
    links: dict[str, dict[str, list[tuple[int, int, str, str]]]] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def status_rules() -> dict:
    return yaml.safe_load((DATA / "tinh-trang.yaml").read_text(encoding="utf-8"))


def status_label(code: str, loai: str, answered: bool = False) -> str:
    """"Đang có hiệu lực" only for a type that has effect; a công văn is sent ("Đã gửi") or answered."""
    rules = status_rules()
    group = "co_hieu_luc" if loai in rules["co_hieu_luc"] else "gui_di" if loai in rules["gui_di"] else "khac"
    labels = {**rules["nhan"]["chung"], **rules["nhan"][group]}
    if code == "ban-hanh" and answered and "da-tra-loi" in labels:
        code = "da-tra-loi"
    return labels.get(code, code)


def has_effect(loai: str) -> bool:
    """A type that takes effect and ends (quy chế, quyết định …), not one that is sent or reports."""
    return loai in status_rules()["co_hieu_luc"]


def status_order(code: str) -> int:
    """Where a status comes in lists (tinh-trang.yaml thu_tu): in force first, lapsed last."""
    order = status_rules()["thu_tu"]
    return order.index(code) if code in order else len(order)


def label_anchor(label: str) -> str:
    """"Đã bị thay thế" → "da-bi-thay-the" (a heading's id on the catalogue by status)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-")


def draft_mark(record: Record) -> str:
    """" (dự thảo)" after the name of a record still in draft (tinh-trang.yaml), "" otherwise."""
    return f" {status_rules()['kem_du_thao']}" if record.meta.trang_thai == "du-thao" else ""


def type_name(loai: str) -> str:
    doc_type = doctypes.get(loai)
    if loai == "cong-van":
        return "Công văn"
    if doc_type and doc_type.ten_loai:
        return sentence_case(doc_type.ten_loai)
    return sentence_case(loai.replace("-", " "))


# ------------------------------------------------------------------------------------ paths

def page_path(record: Record) -> str:
    """The page of a record, relative to docs-site/ (stable: it does not change when issued)."""
    return f"van-ban/{record.meta.loai}/{record.key}.md"


def url(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative link between two generated pages (use_directory_urls: false → .html files)."""
    target = to_page[:-3] + ".html" if to_page.endswith(".md") else to_page
    folder, _, name = target.rpartition("/")
    if name:           # pages sit in a few folders: the way between two folders is worked out once
        way = _folder_to_folder(folder, posixpath.dirname(from_page))
        rel = name if way == "." else f"{way}/{name}"
    else:
        rel = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return rel + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=4096)
def _folder_to_folder(target: str, start: str) -> str:
    """posixpath.relpath between two folders of the site (it asks the OS for the working folder each
    time: 7,000 links of the lists and the register were a tenth of a site build after one edit)."""
    return posixpath.relpath(target or ".", start or ".")


# ------------------------------------------------------------------------------------ pages

class PageWriter:
    """Markdown for every page of the site (text is data: everything is escaped)."""

    def __init__(self, data: SiteData):
        self.data = data
        self.files: dict[str, bytes | Path] = {}      # docs-relative path → content or a file to copy
        self.warnings: list[Diagnostic] = []
        self.search_entries = None        # search.record_entries, or a builder's cache of it
        self.search_index = None          # search.index_json, or a builder's cache of it

    # ------------------------------------------------------------ helpers
    def link(self, from_page: str, record: Record, anchor: str = "", text: str | None = None) -> str:
        return (f'<a href="{esc(url(from_page, page_path(record), anchor))}">'
                f'{esc(text if text is not None else self.data.title(record))}</a>')

    def entry(self, from_page: str, record: Record) -> str:
        d = self.data
        facts = [d.symbol(record), vn_date(d.date(record)), d.body_name(record), d.status(record).label]
        meta = " · ".join(esc(f) for f in facts if f)
        return f'<li>{self.link(from_page, record)}<br><span class="vb-meta">{meta}</span></li>'

    def listing(self, from_page: str, records: list[Record]) -> str:
        if not records:
            return '<p class="vb-trong">Chưa có văn bản nào.</p>'
        return '<ul class="vb-danh-sach">\n' + "\n".join(self.entry(from_page, r) for r in records) + "\n</ul>"

    @staticmethod
    def front(title: str, searchable: bool = False, boost: float | None = None, wide: bool = False) -> str:
        """Front matter. Only record pages are searched (catalogues would repeat every title); a
        replaced or lapsed document ranks below the ones in force. A wide table takes the space of
        the (empty) table of contents."""
        meta: dict = {"title": esc(title)}
        if wide:
            meta["hide"] = ["toc"]
        if not searchable:
            meta["search"] = {"exclude": True}
        elif boost is not None:
            meta["search"] = {"boost": boost}
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, width=10_000) + "---\n\n"

    def text_with_links(self, page: str, record: Record, text: str, spans: list[tuple[int, int, str]]) -> str:
        """Escaped inline HTML of `text` with `spans` (start, end, href: the references body() found) and
        số ký hiệu of other records as links."""
        found = list(spans)
        for m in _SYMBOL_CANDIDATE.finditer(text):
            sym = m.group().rstrip(".")
            other = self.data.symbols.get(sym)
            if other is not None and other.key != record.key:
                found.append((m.start(), m.start() + len(sym), url(page, page_path(other))))
        found.sort()
        out, pos = [], 0
        for start, end, href in found:
            if start < pos:
                continue            # overlapping spans: the first one wins
            out.append(inline_html(text[pos:start]))
            out.append(f'<a href="{esc(href)}">{inline_html(text[start:end])}</a>')
            pos = end
        out.append(inline_html(text[pos:]))
        return "".join(out)

    # ------------------------------------------------------------ record page
    def record_page(self, record: Record) -> str:
        d = self.data
        page = page_path(record)
        title = d.title(record)
        lapsed = d.status(record).code in ("bi-thay-the", "het-hieu-luc")
        parts = [self.front(title, searchable=True, boost=0.5 if lapsed else None)]
        printed = self.printed_heading(record)
        if printed:
            parts.append(printed)
        parts.append(f"# {md_text(title)}")
        parts += self.banners(page, record)
        parts.append(self.facts(page, record))
        deadline = self.deadline(page, record)
        if deadline:
            parts.append(deadline)
        related = d.related(record)
        if related:
            # a draft (a reply not yet sent) is said to be one: it is linked, not presented as issued
            rows = "\n".join(f'<li><span class="vb-quan-he">{esc(RELATION_LABELS[r.kind])}:</span> '
                             f'{self.link(page, r.record)}{esc(draft_mark(r.record))}</li>' for r in related)
            parts.append(f'<div class="vb-lien-quan">\n<p><strong>Văn bản liên quan</strong></p>\n'
                         f'<ul>\n{rows}\n</ul>\n</div>')
        downloads = self.downloads(page, record)
        if downloads:
            parts.append(downloads)
        parts += self.preamble(page, record)
        parts += self.body(page, record)
        if any(u.kind == DIEU for u in record.units()):          # its Điều, khoản, điểm carry copy marks
            parts.append(f'<div class="vb-lien-ket-js"><script src="{esc(url(page, LIEN_KET_JS))}" defer></script></div>')
        signature = self.signature(record)
        if signature:
            parts.append(signature)
        noi_nhan = self.noi_nhan(record)
        if noi_nhan:
            parts.append(noi_nhan)
        parts += self.history(page, record)
        return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"

    def banners(self, page: str, record: Record) -> list[str]:
        status = self.data.status(record)
        out = []
        def named(records: list[Record]) -> str:      # "<title> (245-QĐ/TU)", the title linked
            return ", ".join(self.link(page, r) + (f" ({esc(self.data.symbol(r))})" if self.data.symbol(r) else "")
                             for r in records)

        if status.code == "bi-thay-the":
            by = named(status.replaced_by)
            if status.via is not None:
                text = (f"Văn bản này được ban hành kèm theo {self.link(page, status.via)}, văn bản đó đã bị "
                        f"thay thế bởi {by}.")
            else:
                text = f"Văn bản này đã bị thay thế bởi {by}."
            out.append(_admonition("danger", "Văn bản đã bị thay thế", text, "vb-bi-thay-the"))
        elif status.code == "het-hieu-luc":
            out.append(_admonition("warning", "Văn bản đã hết hiệu lực", "Văn bản này không còn hiệu lực.",
                                   "vb-het-hieu-luc"))
        if status.amended_by:
            by = named(status.amended_by)
            out.append(_admonition("warning", "Văn bản đã được sửa đổi, bổ sung",
                                   f"Một số nội dung của văn bản này đã được sửa đổi, bổ sung bởi {by}.",
                                   "vb-bi-sua-doi"))
        if record.meta.trang_thai == "du-thao":
            mark = record.meta.du_thao or "Dự thảo"
            out.append(_admonition("note", esc(mark), "Văn bản đang ở dạng dự thảo, chưa ban hành.", "vb-du-thao"))
        return out

    def status_html(self, record: Record, effect: Effect | None = None) -> tuple[str, bool]:
        """The status label, and whether it depends on the reader's today: a document with an effective
        or end date carries them, and vanban-hieu-luc.js shows "Chưa có hiệu lực" / "Hết hiệu lực"."""
        d = self.data
        if effect is None:
            issued = d.status(record).code != "du-thao"
            effect = d.effect(record) if issued and has_effect(record.meta.loai) else Effect()
        status = esc(d.status(record).label)
        if not (effect.start or effect.end):
            return status, False
        words = status_rules()["theo_ngay"]
        dates = "".join(f' data-{k}="{v.isoformat()}"' for k, v in (("hieu-luc", effect.start),
                                                                     ("het-hieu-luc", effect.end)) if v)
        return (f'<span class="vb-tinh-trang"{dates} data-nhan-chua="{esc(words["chua_hieu_luc"])}" '
                f'data-nhan-het="{esc(words["het_hieu_luc"])}">{status}</span>'), True

    def facts(self, page: str, record: Record) -> str:
        d = self.data
        parent = d.parent(record)
        rows: list[tuple[str, str]] = []
        sym = d.symbol(record)
        if sym:
            rows.append(("Số, ký hiệu", esc(sym)))
        elif parent is not None and parent.key in d.public:
            rows.append(("Số, ký hiệu", "Ban hành kèm theo " + self.link(page, parent,
                                                                         text=_cited_name(d, parent))))
        else:
            rows.append(("Số, ký hiệu", "Chưa cấp số" if d.status(record).code == "du-thao" else "Không ghi số"))
        issued = d.status(record).code != "du-thao"
        rows.append(("Ngày ban hành", esc(vn_date(d.date(record)) or ("Không ghi ngày" if issued else "Chưa ban hành"))))
        effect = d.effect(record) if issued and has_effect(record.meta.loai) else Effect()
        if effect.start:
            rows.append(("Ngày có hiệu lực", esc(vn_date(effect.start))))
        if effect.end:
            rows.append(("Ngày hết hiệu lực", esc(vn_date(effect.end))))
        rows.append(("Loại văn bản", esc(d.type_name(record))))
        rows.append(("Cơ quan ban hành", esc(d.body_name(record))))
        signer = _signer_text(d, record)
        if signer:
            rows.append(("Người ký", esc(signer)))
        status, dated = self.status_html(record, effect)
        script = f'\n<script src="{esc(url(page, HIEU_LUC_JS))}"></script>' if dated else ""
        rows.append(("Tình trạng", status))
        rows.append(("Độ khẩn", esc(record.meta.do_khan or "Thường")))
        body = "\n".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
        return f'<table class="vb-thong-tin">\n{body}\n</table>{script}'

    def deadline(self, page: str, record: Record) -> str:
        """A sent coordination request's reply deadline. The state (overdue, days left) is counted by the
        browser from its own today (vanban-thoi-han.js); the page holds only what does not change with the
        day (due date, the office calendar, the replies), so it is the same whatever day it is built."""
        d = self.data
        row = next((r for r in d.deadlines().rows if r.key == record.key), None)
        if row is None:
            return ""
        words = status_words()
        replies = [a for a in row.replies if a.key in d.public]
        closing = next((a for a in replies if a.sent), None)
        if closing is not None:
            late = closing.date > row.due
            days = max(0, working_days_count(d, row.due, closing.date))
            label = words["trang_thai"]["da-tra-loi"]
            left = (words["con_lai"]["dung_han"] if not late else
                    words["con_lai"]["tra_loi_qua_han"].format(n=days) if days else
                    words["con_lai"]["tra_loi_sau_han"].format(han=vn_date(row.due)))
        else:
            label, left = words["chua_tra_loi"], words["han_cuoi"].format(han=vn_date(row.due))
        answers = ", ".join(self.link(page, d.public[a.key], text=a.symbol or d.title(d.public[a.key]))
                            + esc(draft_mark(d.public[a.key])) for a in replies)
        script = url(page, "assets/javascripts/vanban-thoi-han.js")
        return (f'<div class="vb-thoi-han" id="thoi-han-tra-loi"{self._calendar_attrs(row.sent, row.due)}>\n'
                f'<p><strong>Thời hạn trả lời:</strong> {esc(vn_date(row.due))} ({row.working_days} ngày làm việc '
                f'sau ngày gửi {esc(vn_date(row.sent))}; {esc(row.rule_name)})</p>\n'
                f'<p class="vb-han" data-han="{row.due.isoformat()}" data-dong="'
                f'{closing.date.isoformat() if closing is not None else ""}">'
                f'<strong class="vb-han__nhan">{esc(label)}</strong>: <span class="vb-han__con-lai">{esc(left)}</span> '
                f'<span class="vb-han__ngay vb-meta"></span></p>\n'
                f'<p><strong>Trả lời:</strong> {answers or "Chưa có"}</p>\n'
                f'<script src="{esc(script)}" defer></script>\n</div>')

    def _calendar_attrs(self, first: dt.date, last: dt.date) -> str:
        """data-lich (the office calendar over the years a deadline can be counted in) and data-nhan."""
        calendar = self.data.working_calendar(first.year, last.year + CALENDAR_YEARS_AFTER)
        words = status_words()
        return (f' data-lich="{esc(json.dumps(calendar, separators=(",", ":")))}"'
                f' data-nhan="{esc(json.dumps(words, ensure_ascii=False, separators=(",", ":")))}"')

    def downloads(self, page: str, record: Record) -> str:
        out_dir = self.data.project.out_dir
        items = []
        # Word is downloaded; a PDF opens in the browser's viewer (no `download`): "Xem PDF".
        for suffix, label in ((".docx", "Word (.docx)"), (".pdf", "Xem PDF"), (MERGED_SUFFIX, "Xem PDF trọn bộ (kèm văn bản ban hành kèm theo)")):
            source = out_dir / f"{record.key}{suffix}"
            if self.data.withheld(record, merged=suffix == MERGED_SUFFIX):
                continue
            if source.is_file():
                target = f"tai-ve/{record.key}{suffix}"
                self.files[target] = source
                fetch = " download" if suffix == ".docx" else ' type="application/pdf"'
                items.append(f'<a href="{esc(url(page, target))}"{fetch}>{esc(label)}</a>')
        if not items:
            return ""
        return '<p class="vb-tai-ve"><strong>Tải về:</strong> ' + " · ".join(items) + "</p>"

    def preamble(self, page: str, record: Record) -> list[str]:
        meta = record.meta
        out = []
        if meta.kinh_gui:
            label = (doctypes.get(meta.loai).kinh_gui_nhan if doctypes.get(meta.loai) else None) or "Kính gửi:"
            out.append(f'<p class="vb-kinh-gui">{esc(label)} {esc("; ".join(meta.kinh_gui))}</p>')
        for line in meta.can_cu + ([meta.xet_de_nghi] if meta.xet_de_nghi else []):
            out.append(f'<p class="vb-can-cu"><em>{self.text_with_links(page, record, line, [])}</em></p>')
        opening = self.reply_opening(record)
        if opening and not _opens_with_paragraph(record):   # else it starts the first paragraph (body)
            text = opening.rstrip(", ") + "."
            out.append(f'<p class="vb-doan">{self.text_with_links(page, record, text, [])}</p>')
        return out

    def reply_opening(self, record: Record) -> str:
        """"Phúc đáp Công văn số …" of a reply, as the Word document has it (context.reply_opening)."""
        if not (record.meta.quan_he.tra_loi and record.meta.phuc_dap):
            return ""
        request = self.data.resolver.resolve(record.meta.quan_he.tra_loi)
        body = self.data.config.body(record.meta.co_quan)
        if request is None or request.key not in self.data.public or body is None:
            return ""
        first = record.body[0] if record.body else None
        if first is not None and first.kind == DOAN and first.text.startswith("Phúc đáp"):
            return ""
        try:
            text, _ = reply_opening(record, self.data.resolver.index, body.profile)
        except VanbanError:
            return ""
        return text

    def unit_links(self, page: str, record: Record) -> dict[str, list[tuple[int, int, str]]]:
        """unit anchor → (start, end, href) of its references: to a unit of this document, and, in an
        amending article, to the unit of the amended document it changes ("khoản 2 Điều 5")."""
        spans = {a: [(s, e, f"#{t}") for s, e, t in found] for a, found in internal_links(record).items()}
        for anchor, found in self.data.amendments().links.get(record.key, {}).items():
            spans.setdefault(anchor, []).extend(
                (s, e, url(page, page_path(self.data.all[key]), target)) for s, e, key, target in found)
        return spans

    def amended_mark(self, page: str, record: Record, unit: Unit) -> str:
        """Under a unit another issued document changed: "Được sửa đổi, bổ sung bởi khoản 1 Điều 1 Quyết
        định số 45-QĐ/TU", linked to that unit (vbpl.vn marks the amended article the same way)."""
        marks = self.data.amendments().marks.get(record.key, {}).get(unit.anchor, [])
        if not marks:
            return ""
        words = status_rules()["sua_doi_tai"]
        items = []
        for kind, key, anchor in marks:
            source = self.data.all[key]
            where = unit_name(source.body, anchor)
            name = f"{where} {_cited_name(self.data, source)}" if where else _cited_name(self.data, source)
            items.append(f'{esc(words[kind])} {self.link(page, source, anchor, text=name)}')
        return f'<p class="vb-sua-doi-tai">{"; ".join(items)}</p>'

    def body(self, page: str, record: Record) -> list[str]:
        spans = self.unit_links(page, record)
        out: list[str] = []
        # A reply's "Phúc đáp Công văn số …, " and its first paragraph are one sentence, as in the Word
        # document (context.py: opening + first.text), not "…vào Đảng:" and a new paragraph.
        opening = self.reply_opening(record) if _opens_with_paragraph(record) else ""
        first = record.body[0] if opening else None

        def para(unit: Unit, css: str, prefix: str = "", strong: bool = False, where: str = "") -> str:
            text = self.text_with_links(page, record, unit.text, spans.get(unit.anchor, []))
            inner = (esc(prefix) + text) if prefix else text
            if unit is first:
                inner = self.text_with_links(page, record, opening, []) + inner
            if strong:
                inner = f"<strong>{inner}</strong>"
            if where:
                inner += " " + copy_mark(unit.anchor, where)
            return f'<p id="{esc(unit.anchor)}" class="{css}">{inner}</p>' + (
                "\n\n" + mark if (mark := self.amended_mark(page, record, unit)) else "")

        def visit(units: list[Unit], depth: int, where: str = "") -> None:
            """`where`: how the enclosing unit is cited ("Điều 5", "khoản 2 Điều 5"), for copy-link marks."""
            for u in units:
                level = min(6, depth)
                if u.kind in HEADINGS:
                    title = plain(u.text).strip()
                    label = f"{LEVEL_NAMES[u.kind]} {u.number}" if u.number else LEVEL_NAMES[u.kind]
                    out.append(f"{'#' * level} {md_text(label + ('. ' + title if title else ''))} {{#{u.anchor}}}")
                    visit(u.children, depth + 1)
                    continue
                if u.kind == DIEU:
                    text = u.text.strip()
                    titled = bool(text) and text[-1:] not in ".;:"
                    head = f"Điều {u.number}." + (f" {plain(text)}" if titled else "")
                    name = u.label
                    # the mark is not part of the heading's name in the table of contents
                    toc = html.escape(head, quote=True).replace("{", "&#123;").replace("}", "&#125;")
                    out.append(f"{'#' * level} {md_text(head)} {copy_mark(u.anchor, name)} "
                               f'{{#{u.anchor} data-toc-label="{toc}"}}')
                    mark = self.amended_mark(page, record, u)
                    if mark:
                        out.append(mark)
                    if text and not titled:
                        out.append(f'<p class="vb-doan">{self.text_with_links(page, record, u.text, spans.get(u.anchor, []))}</p>')
                    visit(u.children, depth + 1, name)
                    continue
                # "khoản 2 Điều 5", "điểm a khoản 2 Điều 5": as unit_name cites them, built on the way down
                here = f"{u.label} {where}" if where and u.kind in (KHOAN, DIEM) and u.number else ""
                if u.kind == KHOAN:
                    out.append(para(u, "vb-khoan", f"{u.number}{u.sep} ", strong=u.is_heading_khoan, where=here))
                elif u.kind == DIEM:
                    out.append(para(u, "vb-diem", f"{u.number}) ", where=here))
                elif u.kind == GACH:
                    out.append(para(u, "vb-gach", "- "))
                else:
                    out.append(para(u, "vb-doan"))
                visit(u.children, depth, here or where)

        visit(record.body, 2)
        return html_runs(out)

    def _profile(self, record: Record):
        try:
            return self.data.resolver.index.profile_of(record)
        except VanbanError:
            return None

    def printed_heading(self, record: Record) -> str:
        """The document's header as the Word document prints it (bodies, số ký hiệu, title line, place and
        date), shown only on paper (vanban.css @media print), where the facts table is left out."""
        d = self.data
        body, profile, doc_type = d.config.body(record.meta.co_quan), self._profile(record), doctypes.get(record.meta.loai)
        if body is None or profile is None or doc_type is None:
            return ""
        head = heading(record, body, profile, doc_type, d.parent(record))
        left = [esc(head["cap_tren"]), f"<strong>{esc(head['co_quan'])}</strong>",
                "*" if profile.get("tieu_de") else "", esc(head["so_ky_hieu"])]
        motto = profile.get("tieu_de") or profile.get("quoc_hieu") or ""
        right = [f"<strong>{esc(motto)}</strong>", esc(profile.get("tieu_ngu") or ""),
                 f"<em>{esc(head['ngay_thang'])}</em>" if head["ngay_thang"] else ""]
        column = lambda lines: "".join(f"<p>{x}</p>" for x in lines if x and x != "<strong></strong>")  # noqa: E731
        return (f'<div class="vb-in-dau"><div class="vb-in-dau__trai">{column(left)}</div>'
                f'<div class="vb-in-dau__phai">{column(right)}</div></div>')

    def noi_nhan(self, record: Record) -> str:
        """Nơi nhận, as the Word document prints it (on the page and on paper)."""
        body, profile = self.data.config.body(record.meta.co_quan), self._profile(record)
        if body is None or profile is None or not record.meta.noi_nhan:
            return ""
        lines = noi_nhan_lines(record.meta, body, profile, record.meta.nguoi_ky is not None)
        label = esc(profile["noi_nhan"]["tieu_de"])
        return (f'<div class="vb-noi-nhan"><p><strong><em>{label}</em></strong><br>'
                + "<br>".join(esc(x) for x in lines) + "</p></div>")

    def signature(self, record: Record) -> str:
        signer = record.meta.nguoi_ky if (self.data.parent(record) is None or "nguoi_ky" in record.field_lines) else None
        body = self.data.config.body(record.meta.co_quan)
        if signer is None or body is None:
            return ""
        lines = [*_authority(signer, body), signer.chuc_vu]
        head = "<br>".join(esc(x) for x in lines if x)
        return f'<div class="vb-chu-ky"><p><strong>{head}</strong></p><p><strong>{esc(signer.ho_ten)}</strong></p></div>'

    def history(self, page: str, record: Record) -> list[str]:
        versions = _versions(self.data.project, record.key)
        if not versions:          # nothing to show a reader (and no boilerplate on every page)
            return []
        out = ["## Lịch sử phiên bản {#lich-su-phien-ban}"]
        texts = [self.version_record(record, v) for v in versions]
        rows = []
        for i in range(len(versions) - 1, -1, -1):
            v = versions[i]
            files = []
            for name in sorted(v.files) if not self.data.withheld(record) else []:
                if Path(name).suffix.lower() in (".docx", ".pdf") and (v.folder / name).is_file():
                    target = f"tai-ve/phien-ban/{record.key}/{v.number}/{name}"
                    self.files[target] = v.folder / name
                    files.append(f'<a href="{esc(url(page, target))}" download>{esc(name)}</a>')
            kind = {"du-thao": "Dự thảo", "ban-hanh": "Ban hành"}.get(v.kind, v.kind)
            changes = changes_text(texts[i - 1], texts[i]) if i > 0 else "Phiên bản đầu tiên"
            rows.append(f"<tr><td>{v.number}</td><td>{esc(kind)}</td><td>{esc(_time(v.time))}</td>"
                        f"<td>{esc(v.user)}</td><td>{esc(v.message)}</td><td>{esc(changes)}</td>"
                        f"<td>{' '.join(files) or '—'}</td></tr>")
        current = changes_text(texts[-1], record)
        out.append(f'<p>Bản đang hiển thị so với phiên bản {versions[-1].number}: {esc(current)}.</p>')
        out.append('<table id="bang-phien-ban">\n<tr><th>Phiên bản</th><th>Loại</th><th>Thời gian</th>'
                   '<th>Người lưu</th><th>Ghi chú</th><th>Thay đổi so với phiên bản trước</th><th>Tệp</th></tr>\n'
                   + "\n".join(rows) + "\n</table>")
        return out

    def version_record(self, record: Record, version) -> Record | None:
        """The record as frozen in a version (parsed with today's office config), None if it no longer parses."""
        try:
            return parse_record(version.source, self.data.config, record.key)
        except (VanbanError, OSError):
            return None

    # ------------------------------------------------------------ catalogues
    def home(self) -> str:
        d = self.data
        page = "index.md"
        counts = {}
        for r in d.order:
            counts[d.status(r).code] = counts.get(d.status(r).code, 0) + 1
        summary = ", ".join(f"{n} {status_label(c, '').lower()}" for c, n in sorted(      # any type: "đã ban hành"
            counts.items(), key=lambda kv: status_order(kv[0])))
        parts = [self.front("Trang chủ"), f"# {md_text(d.project_name)}",
                 f'<p>Trang nội bộ có {len(d.order)} văn bản{(": " + esc(summary)) if summary else ""}. '
                 'Gõ vào ô tìm kiếm số ký hiệu, tên văn bản hoặc Điều, có dấu hoặc không dấu (ví dụ <em>230-QĐ/TU</em>, '
                 '<em>quy che phoi hop</em>, <em>dieu 5 quy che phoi hop</em>).</p>',
                 "## Văn bản mới nhất {#moi-nhat}", self.listing(page, d.order[:NEWEST]),
                 "## Tra cứu {#tra-cuu}",
                 '<ul class="vb-tra-cuu">\n'
                 + (f'<li><a href="{url(page, ALL_DOCUMENTS)}">Tất cả văn bản</a> (lọc theo loại, năm, cơ quan, '
                    'tình trạng, số ký hiệu)</li>\n' if d.order else "")
                 + "\n".join(f'<li><a href="{url(page, p)}">{esc(t)}</a></li>' for t, p in CATALOGUES)
                 + "\n</ul>"]
        return "\n\n".join(parts) + "\n"

    def catalogue(self, title: str, page: str, groups: list[tuple[str, str, list[Record]]]) -> str:
        parts = [self.front(title), f"# {md_text(title)}"]
        if not groups:
            parts.append('<p class="vb-trong">Chưa có văn bản nào.</p>')
        for name, anchor, records in groups:
            parts.append(f"## {md_text(name)} ({len(records)}) {{#{anchor}}}")
            parts.append(self.listing(page, records))
        return "\n\n".join(parts) + "\n"

    def catalogues(self) -> dict[str, str]:
        d = self.data
        by_type: dict[str, list[Record]] = {}
        by_year: dict[str, list[Record]] = {}
        by_body: dict[str, list[Record]] = {}
        by_status: dict[tuple[int, str], list[Record]] = {}     # by the label each record shows (fits its type)
        for r in d.order:
            by_type.setdefault(r.meta.loai, []).append(r)
            date = d.date(r)
            by_year.setdefault(str(date.year) if date else "", []).append(r)
            by_body.setdefault(r.meta.co_quan, []).append(r)
            by_status.setdefault((status_order(d.status(r).code), d.status(r).label), []).append(r)
        types = sorted(by_type, key=lambda k: type_name(k))
        years = sorted(by_year, key=lambda y: y or "0000", reverse=True)
        bodies = sorted(by_body, key=lambda k: d.body_name(by_body[k][0]))
        statuses = sorted(by_status)
        return {
            "danh-muc/loai.md": self.catalogue("Văn bản theo loại", "danh-muc/loai.md",
                                               [(type_name(t), t, by_type[t]) for t in types]),
            "danh-muc/nam.md": self.catalogue("Văn bản theo năm ban hành", "danh-muc/nam.md",
                                              [(f"Năm {y}" if y else NO_YEAR, f"nam-{y or 'chua-ban-hanh'}",
                                                by_year[y]) for y in years]),
            "danh-muc/co-quan.md": self.catalogue("Văn bản theo cơ quan ban hành", "danh-muc/co-quan.md",
                                                  [(d.body_name(by_body[b][0]), b, by_body[b]) for b in bodies]),
            "danh-muc/tinh-trang.md": self.catalogue("Văn bản theo tình trạng", "danh-muc/tinh-trang.md",
                                                     [(label, label_anchor(label), by_status[(n, label)])
                                                      for n, label in statuses]),
        }

    # ------------------------------------------------------------ register and deadlines
    def register(self) -> str:
        """Every issued document, with every column of the register (register_page.py)."""
        from generator.render.site.register_page import register_page
        return register_page(self)

    def deadlines(self) -> str:
        """Coordination requests: open ones first (overdue first), then answered ones (issue 4's deadlines).
        Counted to the build day; the browser counts each state again from its own today."""
        page = "thoi-han.md"
        d = self.data
        report = d.deadlines()
        today = report.today
        self.warnings += d.deadline_errors
        parts = [self.front("Thời hạn trả lời đề nghị phối hợp"), "# Thời hạn trả lời đề nghị phối hợp",
                 f'<p class="vb-meta">Tính theo ngày làm việc (trừ thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ '
                 f'của cơ quan), đến hôm nay; khi trang được tạo (ngày {vn_date(today)}) tình trạng là như dưới đây.</p>']
        rows = [r for r in report.rows if r.key in d.public]

        def row(r) -> str:
            request = d.public[r.key]
            replies = [a for a in r.replies if a.key in d.public]
            answers = ", ".join(self.link(page, d.public[a.key], text=a.symbol or d.title(d.public[a.key]))
                                + esc(draft_mark(d.public[a.key])) for a in replies) or "Chưa có"
            closing = next((a for a in replies if a.sent), None)
            closed = f' data-dong="{closing.date.isoformat()}"' if closing is not None else ""
            return (f'<tr class="vb-han vb-{r.status}" data-han="{r.due.isoformat()}"{closed}>'
                    f"<td>{self.link(page, request, text=r.symbol or d.title(request))}<br>"
                    f'<span class="vb-meta">{esc(r.sender)}: {esc(r.subject)}</span></td>'
                    f"<td>{esc('; '.join(r.recipients))}</td><td>{esc(vn_date(r.sent))}</td>"
                    f'<td>{esc(vn_date(r.due))}<br><span class="vb-meta">{esc(r.rule_name)} '
                    f"({r.working_days} ngày làm việc)</span></td>"
                    f'<td><strong class="vb-tinh-trang vb-han__nhan">{esc(r.status_text)}</strong><br>'
                    f'<span class="vb-han__con-lai">{esc(r.left_text)}</span></td>'
                    f"<td>{answers}</td></tr>")

        head = ("<tr><th>Công văn đề nghị</th><th>Gửi đến</th><th>Ngày gửi</th><th>Hạn trả lời</th>"
                "<th>Tình trạng</th><th>Trả lời</th></tr>")
        sections = []
        for title, anchor, table_id, chosen, empty in (
                ("Đang chờ trả lời", "dang-cho", "bang-dang-cho", [r for r in rows if r.open],
                 "Không có đề nghị phối hợp nào đang chờ trả lời."),
                ("Đã được trả lời", "da-tra-loi", "bang-da-tra-loi", [r for r in rows if not r.open], "Chưa có.")):
            sections.append(f"## {title} {{#{anchor}}}")
            sections.append(f'<table id="{table_id}">\n{head}\n' + "\n".join(row(r) for r in chosen) + "\n</table>"
                            if chosen else f'<p class="vb-trong">{empty}</p>')
        if rows:
            first = min(r.sent for r in rows)
            last = max(r.due for r in rows)
            script = url(page, "assets/javascripts/vanban-thoi-han.js")
            # the calendar and the words once for the page: every row counts with them
            parts.append(f'<div class="vb-thoi-han-lich"{self._calendar_attrs(first, last)}>\n'
                         f'<script src="{esc(script)}" defer></script>\n</div>')
        return "\n\n".join(parts + sections) + "\n"

    # ------------------------------------------------------------ everything
    def all_pages(self) -> dict[str, str]:
        pages = {page_path(r): self.record_page(r) for r in self.data.order}
        pages["index.md"] = self.home()
        pages.update(self.catalogues())
        pages["so-dang-ky.md"] = self.register()
        pages["thoi-han.md"] = self.deadlines()
        pages.update(search.index_files(self.data, lambda r: url("", page_path(r)), self.search_entries,
                                        self.search_index))
        return pages

HIEU_LUC_JS = "assets/javascripts/vanban-hieu-luc.js"
LIEN_KET_JS = "assets/javascripts/vanban-lien-ket.js"
NO_YEAR = "Chưa có ngày ban hành"        # the year of a draft, or of an issued document that gives no date
ALL_DOCUMENTS = "van-ban/index.md"        # documents_page.py: the "Văn bản" landing page
CATALOGUES = [("Theo loại văn bản", "danh-muc/loai.md"), ("Theo năm ban hành", "danh-muc/nam.md"),
              ("Theo cơ quan ban hành", "danh-muc/co-quan.md"), ("Theo tình trạng", "danh-muc/tinh-trang.md"),
              ("Sổ đăng ký văn bản đi", "so-dang-ky.md"), ("Thời hạn trả lời đề nghị phối hợp", "thoi-han.md")]


def _opens_with_paragraph(record: Record) -> bool:
    return bool(record.body) and record.body[0].kind == DOAN


def _admonition(kind: str, title: str, text_html: str, css: str) -> str:
    return (f'<div class="admonition {kind} vb-banner {css}">\n<p class="admonition-title">{title}</p>\n'
            f"<p>{text_html}</p>\n</div>")


def working_days_count(d: SiteData, a: dt.date, b: dt.date) -> int:
    return working_days_between(a, b, calendar=calendar_for(d.config))


def html_runs(blocks: list[str]) -> list[str]:
    """Consecutive HTML paragraphs (the khoản, điểm and đoạn of a text) as one block, a line each with no
    blank line between: Python-Markdown then stashes one HTML block per run and makes one placeholder
    paragraph for it, instead of one of each per paragraph (a sixth of MkDocs' time on a Quy chế's
    page). The HTML is the same but for the blank lines between the paragraphs."""
    out: list[str] = []
    for block in blocks:
        if out and block.startswith("<p ") and out[-1].startswith("<p "):
            out[-1] += "\n" + block
        else:
            out.append(block)
    return out


def copy_mark(anchor: str, where: str) -> str:
    """The copy-link mark of an Điều, khoản or điểm: a link to its anchor, shown on hover or focus, that
    vanban-lien-ket.js turns into "copy this address". Only on the page: search reads the model and
    print hides it (vanban.css)."""
    words = f"Sao chép liên kết tới {where}"
    return f'<a class="vb-lien-ket" href="#{esc(anchor)}" title="{esc(words)}" aria-label="{esc(words)}">#</a>'


def _short(label: str, width: int = 80) -> str:
    """A sidebar label cut at a word before `width` characters."""
    return label if len(label) <= width else label[:width - 2].rsplit(" ", 1)[0] + " …"


def _time(value: str) -> str:
    try:
        return dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError):
        return value or ""


def unit_name(units: list[Unit], anchor: str) -> str:
    """How a unit is cited, innermost first: "điểm a khoản 2 Điều 5" ("" for one outside any Điều)."""
    def path(items: list[Unit], above: list[Unit]) -> list[Unit] | None:
        for u in items:
            here = [*above, u]
            if u.anchor == anchor:
                return here
            found = path(u.children, here)
            if found:
                return found
        return None
    found = [u for u in path(units, []) or [] if u.kind in (DIEU, KHOAN, DIEM) and u.number]
    return " ".join(u.label for u in reversed(found)) if any(u.kind == DIEU for u in found) else ""


def _cited_name(d: SiteData, record: Record) -> str:
    sym = d.symbol(record)
    date = d.date(record)
    name = d.type_name(record)
    return f"{name} số {sym}" + (f", ngày {format_citation_date(date)}" if date else "") if sym else d.title(record)


def _signer_text(d: SiteData, record: Record) -> str:
    parent = d.parent(record)
    own = "nguoi_ky" in record.field_lines or parent is None
    source = record if own else parent
    signer = source.meta.nguoi_ky
    if signer is None:
        return ""
    body = d.config.body(source.meta.co_quan)
    role = ", ".join(x for x in (*_authority(signer, body), signer.chuc_vu) if x)
    text = f"{signer.ho_ten} ({role})" if role else signer.ho_ten
    return text if own else f"{text}, ký Quyết định ban hành"


def changes_text(old: Record | None, new: Record | None, most: int = 8) -> str:
    """"Điều 3: sửa đổi, bổ sung; khoản 2 Điều 5: bổ sung" (the comparison of issue 7, Điều by Điều)."""
    if old is None or new is None:
        return "không so sánh được (phiên bản không đọc được)"
    try:
        rows = compare(old, new).changes()
    except (ImportError, VanbanError, ValueError, KeyError, IndexError):
        return "không so sánh được"
    if not rows:
        return "không thay đổi nội dung" if plain_body(old) == plain_body(new) else "chỉ thay đổi phần không có Điều, khoản"
    items = [f"{r.new_ref or r.old_ref or 'đoạn văn'}: {r.description}" for r in rows]
    more = f"; và {len(items) - most} thay đổi khác" if len(items) > most else ""
    return "; ".join(items[:most]) + more


def plain_body(record: Record) -> list[tuple[str, str]]:
    return [(u.kind, u.text) for u in record.units()]


def _versions(project: Project, key: str) -> list:
    try:
        return [v for v in list_versions(project, key) if not v.problem]
    except (OSError, VanbanError):
        return []


# ------------------------------------------------------------------------------------ files

def _same_file(source: Path, target: Path) -> bool:
    try:
        a, b = source.stat(), target.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def write_docs(docs: Path, pages: dict[str, str], files: dict[str, Path], kept: frozenset[str] | set[str] = frozenset()
               ) -> int:
    """Write the pages and copy the files that changed (atomically), on two cores when there are many
    (creating a file is kernel work, ~1 ms each here: a cold site writes 2,000). `kept`: pages just read
    back from docs-site/ as they are (not compared again). → number of files written."""
    todo = [(rel, text) for rel, text in pages.items() if rel not in kept]
    todo += [(rel, source) for rel, source in files.items() if not _same_file(source, docs / rel)]
    try:
        return sum(two_cores.in_two_halves(todo, lambda part: _write_docs(docs, part)))
    except two_cores.ChildFailed:     # written again here: an error (a full disk, a read-only folder) shows as it is
        return _write_docs(docs, todo)


def _write_docs(docs: Path, items) -> int:
    written = 0
    for rel, content in items:
        target = docs / rel
        if isinstance(content, str):
            data = content.encode("utf-8")
            try:
                if target.read_bytes() == data:
                    continue
            except OSError:
                pass
            write_bytes(target, data)
        else:
            if _same_file(content, target):
                continue
            with atomic_path(target) as tmp:
                shutil.copyfile(content, tmp)
            st = content.stat()
            os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
        written += 1
    return written


def prune_docs(docs: Path, wanted: set[str]) -> int:
    """Delete what the site no longer has (records removed, now confidential, broken). → files removed."""
    removed = 0
    if not docs.is_dir():
        return 0
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif path.relative_to(docs).as_posix() not in wanted:
            path.unlink()
            removed += 1
    return removed


def asset_files() -> dict[str, Path]:
    """The site's own assets (stylesheet, the search box and worker, vendored MiniSearch with its licence)."""
    root = DATA / "assets"
    return {("assets/" + p.relative_to(root).as_posix()): p for p in root.rglob("*") if p.is_file()}


def _authority(signer, body) -> list[str]:
    """The signature's authority lines as the Word document prints them (context.authority_lines)."""
    if body is None:
        return []
    try:
        return authority_lines(signer, body.profile)
    except ValueError:
        return []
