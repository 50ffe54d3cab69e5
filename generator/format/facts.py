"""What other records need to know of a record: its type, what it names (quan_he and the số ký hiệu
its căn cứ lines cite), its inline body and its own số ký hiệu. Relations, annexes, dependents and the
symbol table scan every record for these; a record read back from the index of parsed records
(parsed_index) carries them as a small row of its own, so those scans read no front matter (issue 16).

    facts = facts_of(record)      # stored with the record, or worked out from it
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple

from generator.format.config import OfficeConfig, profile_for
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record

# "số 230-QĐ/TU", "số 12/QĐ-UBND", optionally followed by ", ngày 03/11/2025" or "ngày 03 tháng 11 năm 2025"
CITED = re.compile(r"\bsố\s+(?P<sym>\d{1,4}[-/][^\s,;()]+?)[.;,]?(?=[\s,;()]|$)"
                   r"(?:,?\s*ngày\s*(?:(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
                   r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})))?", re.IGNORECASE)


def cited_date(d, m, y) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d)) if d and m and y else None
    except ValueError:
        return None


class Facts(NamedTuple):
    """A tuple: made in a blink for each of a thousand rows (the index stores it as a plain tuple)."""
    loai: str
    kem_theo: str | None
    targets: tuple            # quan_he in all_targets() order: (kind, target as written, line)
    citations: tuple          # căn cứ / xét đề nghị naming a số ký hiệu: (số ký hiệu, target, dated, line)
    inline: dict | None       # co_quan_ghi: a body written in the record itself
    symbol: str | None = None  # its số ký hiệu when it depends on the record alone; None: ask RecordIndex
    trang_thai: str = ""      # draft, issued …: whether a build warns about what it cites
    warnings: tuple = ()      # what parsing warned: (message, line, severity, file: None = the source, "" = none)
    days: tuple = (0, 0)      # (first, last + 1) day ordinal on which this parse holds (record_parser.same_parse_until)

    def holds_on(self, day: int) -> bool:
        """Whether parsing again on day `day` (an ordinal) would give the same record."""
        return self.days[0] <= day < self.days[1]

    def row(self) -> tuple:
        return tuple(self)


def warnings_of(record: Record) -> list[Diagnostic]:
    """record.warnings, from its facts when its front matter has not been read (a whole build prints the
    warnings of ten thousand records it does not render: reading their front matter was most of it)."""
    if "warnings" in record.__dict__ or record.__dict__.get("facts") is None:
        return record.warnings
    return [Diagnostic(message, record.path if other is None else Path(other) if other else None, line, severity)
            for message, line, severity, other in record.__dict__["facts"].warnings]


def facts_of(record: Record) -> Facts:
    """The record's facts: those stored with it (a record from the index), else worked out now."""
    stored = record.__dict__.get("facts")
    return stored if stored is not None else compute(record)


def compute(record: Record, config: OfficeConfig | None = None) -> Facts:
    """Facts from the record itself; with `config`, its own số ký hiệu too (RecordIndex.symbol_of's)."""
    meta = record.meta
    rel = meta.quan_he
    targets = []
    for kind in ("kem_theo", "thay_the", "sua_doi", "tra_loi", "trich_dan"):
        value = getattr(rel, kind)
        if kind in ("kem_theo", "tra_loi"):
            if value:
                targets.append((kind, value, record.line_of(f"quan_he.{kind}")))
            continue
        for i, item in enumerate(value):
            targets.append((kind, item, record.line_of(f"quan_he.{kind}.{i}") or record.line_of(f"quan_he.{kind}")))
    # all_targets() order: kem_theo, thay_the, sua_doi, tra_loi, trich_dan (as above)
    citations = []
    lines = list(enumerate(meta.can_cu)) + ([("xet", meta.xet_de_nghi)] if meta.xet_de_nghi else [])
    for i, text in lines:
        for m in CITED.finditer(text):
            sym = m.group("sym").rstrip(".;,")
            date = (cited_date(m.group("d"), m.group("m"), m.group("y"))
                    or cited_date(m.group("d2"), m.group("m2"), m.group("y2")))
            target = sym + (f" ngày {date:%d/%m/%Y}" if date else "")
            line = record.line_of(f"can_cu.{i}") if i != "xet" else record.line_of("xet_de_nghi")
            citations.append((sym, target, date is not None, line))
    source = record.path
    warned = tuple((w.message, w.line, w.severity, None if w.file == source else (str(w.file) if w.file else ""))
                   for w in record.warnings)
    return Facts(meta.loai, rel.kem_theo, tuple(targets), tuple(citations),
                 dict(meta.co_quan_ghi) if meta.co_quan_ghi else None,
                 own_symbol(record, config) if config is not None else None, meta.trang_thai or "", warned)


def own_symbol(record: Record, config: OfficeConfig) -> str | None:
    """RecordIndex.symbol_of(record) when no other record enters it: not an undated record attached to
    another (its profile follows that one's date), not one whose profile cannot be chosen (the error is
    then raised where it always was)."""
    meta = record.meta
    if not meta.so:
        return ""
    if meta.ngay is None and meta.quan_he.kem_theo:
        return None
    body = config.body(meta.co_quan)
    if body is None:
        return ""
    from generator.format.numbering import symbol
    try:
        return symbol(record, body, profile_for(body, record, None), meta.so)
    except (VanbanError, KeyError, ValueError):
        return None
