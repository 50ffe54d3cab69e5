"""Effect of a document (hiệu lực): the day it takes effect and the day it ends, as legislation sites show
them (vbpl.vn: "Ngày có hiệu lực", "Ngày hết hiệu lực").

Start: the record's `hieu_luc`; else what its own text says ("Quyết định này có hiệu lực kể từ ngày ký",
"… có hiệu lực thi hành từ ngày 01/01/2026", "… có hiệu lực sau 15 ngày kể từ ngày ký"); else, for a
document issued with another (kem_theo), that one's. End: `het_hieu_luc`; else the earliest start of the
issued documents that replaced it; else that of the document it was issued with. Unknown stays None:
nothing is guessed from the date of issue alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.model.model import Record
from generator.model.references import amends_another, units_with_article
from generator.model.text import fold

# Matched on folded text (no tone marks, lower case): "có hiệu lực (thi hành) (kể) từ ngày …"
_HEAD = r"co hieu luc(?: thi hanh)?"
_EFFECT = re.compile(
    _HEAD + r"(?: ke)? tu ngay (?:(?P<signed>ky|ban hanh)"
    r"|(?P<d>\d{1,2})(?:/| thang )(?P<m>\d{1,2})(?:/| nam )(?P<y>\d{4}))"
    r"|" + _HEAD + r" sau (?P<n>\d{1,3}) ngay(?: ke)? tu ngay (?:ky|ban hanh)")


# Whose effect: "<this document> này có hiệu lực", or a sentence that opens with the type ("Quy chế có hiệu lực
# …"); not "Nghị định số 126/2024/NĐ-CP … có hiệu lực thi hành từ ngày …", a sentence about another document.
_OWN_SUBJECT = re.compile(r"(?:\bnay\s+(?:se\s+)?|(?:^|[.;:]\s*)(?:\d+[.)]\s*)?(?:[^\W\d]+\s+){1,2})$")
_RAW = re.compile(r"hi\S{1,3}u\s+l\S{1,3}c", re.IGNORECASE)    # "hiệu lực" typed with any tone marks


@dataclass(frozen=True)
class Effect:
    start: dt.date | None = None
    end: dt.date | None = None


def stated_start(record: Record, issued: dt.date | None) -> dt.date | None:
    """The start the record gives itself: its `hieu_luc`, else its own text (the last article that says
    it; the text an amending article quotes belongs to the other document). `issued`: its date."""
    if record.meta.hieu_luc:
        return record.meta.hieu_luc
    for unit, article in reversed(list(units_with_article(record.body))):
        if not _RAW.search(unit.text) or amends_another(article):    # fold() only where it may say it
            continue
        folded = fold(unit.text)
        m = next((m for m in _EFFECT.finditer(folded) if _OWN_SUBJECT.search(folded[:m.start()])), None)
        if m is None:
            continue
        if m["y"]:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                return None
        if issued is None:
            return None
        return issued + dt.timedelta(days=int(m["n"])) if m["n"] else issued
    return None


def effect_of(record: Record, issued: dt.date | None, parent: Effect | None,
              replacements: list[Effect], stated=stated_start) -> Effect:
    """The record's effect, given its date, that of the document it was issued with and those of the
    documents that replaced it. `stated`: stated_start, or a caller's memo of it (the site keeps it
    between builds: reading every text for it was a third of a site build after one edit)."""
    start = stated(record, issued) or (parent.start if parent else None)
    end = record.meta.het_hieu_luc or min((e.start for e in replacements if e.start), default=None)
    if end is None and parent is not None:
        end = parent.end
    return Effect(start, end)
