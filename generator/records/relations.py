"""Relations between records and the status that follows from them: the resolver other outputs use
(history, register, site, watch, build warnings).

A record names another in `quan_he` (kem_theo, thay_the, sua_doi, tra_loi, trich_dan) by record
key or by số ký hiệu ("230-QĐ/TU", "Số 12/QĐ-UBND"; add the date, "01-QĐ/TU ngày 03/11/2025", when a
Party number recurs in another term). Căn cứ lines that name a số ký hiệu ("Quyết định số
230-QĐ/TU, ngày 03/11/2025 …") count as citations too.

Status: a record is replaced (bi-thay-the) once an issued record (trang_thai: ban-hanh) replaces
it, and so are the documents attached to it; amended (bi-sua-doi) once an issued record amends it;
`trang_thai: het-hieu-luc` marks one that lapsed on its own, and so does a `het_hieu_luc` date passed. A draft that cites or amends a
replaced record gets a warning when it is built.

    resolver = load_resolver(project)
    resolver.status("qd-230-tu-2025").label     # "đã bị thay thế bởi 05-QĐ/TU (qd-…)"
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.format.config import OfficeConfig, Project
from generator.format.context import RecordIndex, listed_table
from generator.format.facts import CITED, cited_date, facts_of
from generator.format.loading import load_records
from generator.model.errors import Diagnostic
from generator.model.model import Record

KIND_LABELS = {"kem_theo": "kèm theo", "thay_the": "thay thế", "sua_doi": "sửa đổi, bổ sung",
               "tra_loi": "trả lời", "trich_dan": "trích dẫn", "can_cu": "căn cứ"}
DRAFT, ISSUED, REPLACED, AMENDED, LAPSED = "du-thao", "ban-hanh", "bi-thay-the", "bi-sua-doi", "het-hieu-luc"

_TARGET = re.compile(r"^\s*(?:số|Số)?[:\s]*(?P<sym>[^\s,]+)\s*(?:,?\s*ngày\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?\s*$")
_CITED = CITED        # "số 230-QĐ/TU" in a căn cứ line (generator/format/facts.py)


@dataclass
class Link:
    kind: str                 # kem_theo | thay_the | sua_doi | tra_loi | trich_dan | can_cu
    source: Record            # the record that names the other
    target_text: str          # as written
    target: Record | None     # resolved, or None (an outside document, or a typo)
    line: int | None = None


@dataclass
class Status:
    code: str                                          # du-thao | ban-hanh | bi-thay-the | bi-sua-doi | het-hieu-luc
    label: str                                         # Vietnamese, for history, register and site
    replaced_by: list[Record] = field(default_factory=list)
    amended_by: list[Record] = field(default_factory=list)
    via: Record | None = None                          # replaced because the record it is attached to was

    @property
    def in_force(self) -> bool:
        return self.code in (ISSUED, AMENDED)


_date = cited_date
_LINK_ORDER = {"kem_theo": 0, "tra_loi": 1, "thay_the": 2, "sua_doi": 3, "trich_dan": 4}   # as links() lists them


class Resolver:
    def __init__(self, records: dict[str, Record], config: OfficeConfig):
        self.records = records
        self.config = config
        self.index = RecordIndex(records, config)
        self._by_symbol: dict[str, list[str]] | None = None       # số ký hiệu → keys
        self._incoming: dict[str, list[Link]] | None = None
        self._incoming_keys: dict[str, list[tuple]] | None = None  # the listing's: key → (kind, source, text, line)

    @property
    def _symbols(self) -> dict[str, list[str]]:
        """Record keys by số ký hiệu, made on first use (a one-record build whose record names others by
        key only never computes a thousand symbols), or the listing's (context.listed_table)."""
        if self._by_symbol is None:
            self._by_symbol = listed_table(self.records, "numbers")
        if self._by_symbol is None:
            self._by_symbol = {}
            for key, record in self.records.items():
                sym = self.index.symbol_of(record)
                if sym:
                    self._by_symbol.setdefault(sym, []).append(key)
        return self._by_symbol

    # ----------------------------------------------------------------- resolving

    def symbol(self, record: Record) -> str:
        return self.index.symbol_of(record)

    def matches(self, target: str) -> list[Record]:
        """Every record a relation target can mean (a Party number recurs in each term)."""
        if target in self.records:
            return [self.records[target]]
        m = _TARGET.match(target or "")
        if not m:
            return []
        found = [self.records[key] for key in self._symbols.get(m.group("sym").rstrip(".;,"), ())]
        date = _date(m.group("d"), m.group("m"), m.group("y"))
        if date is not None:
            found = [r for r in found if r.meta.ngay == date]
        return found

    def resolve(self, target: str) -> Record | None:
        """The record a target names, or None when none or several match."""
        found = self.matches(target)
        return found[0] if len(found) == 1 else None

    def name(self, record: Record) -> str:
        """How messages name a record: "05-QĐ/TU (qd-…)" or the key of an unnumbered one."""
        sym = self.symbol(record)
        return f"{sym} ({record.key})" if sym else record.key

    # ----------------------------------------------------------------- links

    def links(self, record: Record) -> list[Link]:
        """What `record` names: its quan_he entries and the số ký hiệu its căn cứ lines cite (from its
        facts: scanning every record for incoming links reads no front matter)."""
        facts = facts_of(record)
        out = [Link(kind, record, value, self.resolve(value), line)
               for kind, value, line in sorted(facts.targets, key=lambda t: _LINK_ORDER[t[0]])]
        for sym, target, dated, line in facts.citations:
            found = self.resolve(target) or (self.resolve(sym) if not dated else None)
            if found is not None and found.key != record.key:
                out.append(Link("can_cu", record, sym, found, line))
        return out

    def incoming(self, key: str) -> list[Link]:
        """Links from other records to record `key`."""
        if self._incoming is None and self._incoming_keys is None:
            self._incoming_keys = listed_table(self.records, "incoming")
        if self._incoming_keys is not None:              # the listing's: the links to `key` made now
            if self._incoming is None:
                self._incoming = {}
            if key not in self._incoming:
                self._incoming[key] = [Link(kind, self.records[source], text, self.records[key], line)
                                       for kind, source, text, line in self._incoming_keys.get(key, ())]
            return self._incoming[key]
        if self._incoming is None:
            self._incoming = {}
            for record in self.records.values():
                for link in self.links(record):
                    if link.target is not None:
                        self._incoming.setdefault(link.target.key, []).append(link)
        return self._incoming.get(key, [])

    def tables(self) -> dict[str, dict]:
        """Every relation table, by record key, as a listing keeps them (loading.ListedRecords): the
        index's (annexes, symbols), the records by số ký hiệu and the incoming links."""
        incoming: dict[str, list[tuple]] = {}
        for record in self.records.values():
            for link in self.links(record):
                if link.target is not None:
                    incoming.setdefault(link.target.key, []).append(
                        (link.kind, link.source.key, link.target_text, link.line))
        return {**self.index.tables(), "numbers": self._symbols, "incoming": incoming}

    # ----------------------------------------------------------------- status

    def status(self, key: str, _seen: frozenset = frozenset()) -> Status:
        record = self.records[key]
        incoming = [link for link in self.incoming(key) if facts_of(link.source).trang_thai == ISSUED]
        replaced_by = [link.source for link in incoming if link.kind == "thay_the"]
        amended_by = [link.source for link in incoming if link.kind == "sua_doi"]
        if replaced_by:
            names = ", ".join(self.name(r) for r in replaced_by)
            return Status(REPLACED, f"đã bị thay thế bởi {names}", replaced_by, amended_by)
        kem_theo = facts_of(record).kem_theo
        parent = self.resolve(kem_theo) if kem_theo else None
        if parent is not None and parent.key not in _seen and parent.key != key:
            parent_status = self.status(parent.key, _seen | {key})
            if parent_status.code == REPLACED:
                return Status(REPLACED, f"đã bị thay thế cùng {self.name(parent)} "
                                        f"({parent_status.label})", parent_status.replaced_by, amended_by, parent)
        end = record.meta.het_hieu_luc
        if record.meta.trang_thai == LAPSED or (record.meta.trang_thai == ISSUED and end and end <= dt.date.today()):
            return Status(LAPSED, "hết hiệu lực", [], amended_by)
        if amended_by:
            names = ", ".join(self.name(r) for r in amended_by)
            return Status(AMENDED, f"còn hiệu lực, đã được sửa đổi, bổ sung bởi {names}", [], amended_by)
        if record.meta.trang_thai == ISSUED:
            return Status(ISSUED, "đã ban hành, còn hiệu lực")
        return Status(DRAFT, "dự thảo")

    # ----------------------------------------------------------------- warnings for a build

    def warnings(self, record: Record) -> list[Diagnostic]:
        """A draft that cites, amends or replies to a replaced record; a replaced or amended target
        that cannot be found."""
        out = self._attachment_loop(record)
        if facts_of(record).trang_thai != DRAFT:       # from the facts: no front matter read for the others
            return out
        for link in self.links(record):
            if link.target is None:
                if link.kind in ("thay_the", "sua_doi"):
                    several = len(self.matches(link.target_text)) > 1
                    why = ("số ký hiệu này trùng ở nhiều hồ sơ (các nhiệm kỳ khác nhau); ghi thêm ngày hoặc dùng mã hồ sơ"
                           if several else "không có hồ sơ nào có mã hoặc số ký hiệu này")
                    out.append(Diagnostic(f"quan_he.{link.kind}: \"{link.target_text}\": {why}", record.path,
                                          link.line, "canh-bao"))
                continue
            if link.kind in ("thay_the", "kem_theo"):
                continue
            status = self.status(link.target.key)
            if status.code in (REPLACED, LAPSED):
                out.append(Diagnostic(
                    f"{KIND_LABELS[link.kind]} văn bản {self.name(link.target)} nhưng văn bản đó {status.label}; "
                    "hãy dẫn văn bản đang có hiệu lực", record.path, link.line, "canh-bao"))
        return out


    def _attachment_loop(self, record: Record) -> list[Diagnostic]:
        """kem_theo pointing at the record itself, or round a cycle (A attached to B attached to A)."""
        seen = [record.key]
        current = record
        while kem_theo := facts_of(current).kem_theo:
            parent = self.resolve(kem_theo)
            if parent is None:
                return []
            if parent.key in seen:
                chain = " → ".join(seen + [parent.key])
                what = "chính nó" if parent.key == record.key and len(seen) == 1 else f"một vòng ({chain})"
                return [Diagnostic(f"quan_he.kem_theo trỏ vào {what}: văn bản kèm theo phải thuộc một văn bản khác",
                                   record.path, record.line_of("quan_he.kem_theo"), "canh-bao")]
            seen.append(parent.key)
            current = parent
        return []


def relation_tables(records: dict[str, Record], config: OfficeConfig) -> dict[str, dict]:
    """Resolver.tables() of these records: what a load keeps with its listing (loading.load_records)."""
    return Resolver(records, config).tables()


def load_resolver(project: Project, config: OfficeConfig | None = None) -> Resolver:
    """A resolver over every record that parses (records with errors are left out)."""
    config = config or project.config()
    records, _, _ = load_records(project, config)
    return Resolver(records, config)
