"""The day a document takes effect, read from its own text (generator/records/effect.py). The sentences are
those of real documents (tests/data/real-docs: HD 36, NĐ 30, QĐ 1424/QĐ-UBND, TTr 3367/TTr-SNV) and of the
forms offices use; the expected dates are read from each sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model.body_parser import BodyParser
from generator.model.model import Meta, Record
from generator.records.effect import Effect, effect_of, stated_start

SIGNED = dt.date(2025, 6, 30)


def record(text: str, **meta) -> Record:
    units = BodyParser(Path("x.md"), 1).parse(text)
    return Record(key="x", path=Path("x.md"), meta=Meta(loai="quyet-dinh", co_quan="x", **meta), body=units)


@pytest.mark.parametrize("text, start", [
    # HD 36-HD/VPTW, mục 1 of its last part
    ("1. Hướng dẫn này có hiệu lực từ ngày ký, thay thế Hướng dẫn số 11-HD/VPTW, ngày 28/5/2004.", SIGNED),
    # NĐ 30/2020/NĐ-CP Điều 38: the sentence after names other decrees, which do not count
    ("Điều 38. Hiệu lực thi hành\n\nNghị định này có hiệu lực thi hành kể từ ngày ký. Nghị định số 110/2004/NĐ-CP "
     "ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư hết hiệu lực kể từ ngày Nghị định này có hiệu lực.", SIGNED),
    # QĐ 1424/QĐ-UBND Điều 3
    ("Điều 3. Quyết định này có hiệu lực kể từ ngày ký ban hành và thay thế Quyết định số 2587/QĐ-UBND.", SIGNED),
    ("Điều 2. Quyết định này có hiệu lực thi hành từ ngày 15/3/2026.", dt.date(2026, 3, 15)),
    ("Điều 4. Nghị quyết này có hiệu lực kể từ ngày 01 tháng 01 năm 2026.", dt.date(2026, 1, 1)),
    ("Điều 5. Quyết định này có hiệu lực thi hành sau 10 ngày kể từ ngày ký.", dt.date(2025, 7, 10)),
    ("Điều 9. Quy chế có hiệu lực kể từ ngày ký.", SIGNED),
    # TTr 3367/TTr-SNV: the effect of another document, cited in the text, is not this one's
    ("1. Ngày 08/10/2024, Chính phủ ban hành Nghị định số 126/2024/NĐ-CP quy định về hội, có hiệu lực thi hành "
     "từ ngày 26/11/2024, thay thế Nghị định số 45/2010/NĐ-CP.", None),
    ("1. Văn bản ban hành phải đóng dấu để bảo đảm giá trị pháp lý và hiệu lực thi hành.", None),
])
def test_the_start_is_what_the_text_says_of_itself(text, start):
    assert stated_start(record(text), SIGNED) == start


def test_an_amending_article_quotes_the_other_documents_wording():
    text = ("Điều 1. Sửa đổi, bổ sung một số điều của Quy chế ban hành kèm theo Quyết định số 230-QĐ/TU như sau:\n\n"
            "1. Sửa đổi Điều 9 như sau: “Quy chế này có hiệu lực kể từ ngày 01/01/2030.”\n\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    assert stated_start(record(text), SIGNED) == SIGNED


def test_the_fields_win_and_the_end_comes_from_what_replaced_it():
    typed = record("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", hieu_luc=dt.date(2025, 8, 1))
    assert stated_start(typed, SIGNED) == dt.date(2025, 8, 1)
    silent = record("Điều 1. Ban hành kèm theo Quyết định này Quy chế.")
    assert effect_of(silent, SIGNED, Effect(dt.date(2025, 7, 1)), []) == Effect(dt.date(2025, 7, 1), None)
    replaced = effect_of(silent, SIGNED, None, [Effect(dt.date(2026, 2, 1)), Effect(dt.date(2026, 1, 12))])
    assert replaced == Effect(None, dt.date(2026, 1, 12))
    ended = record("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", het_hieu_luc=dt.date(2025, 12, 31))
    assert effect_of(ended, SIGNED, None, [Effect(dt.date(2026, 1, 12))]) == Effect(SIGNED, dt.date(2025, 12, 31))
