"""record_writer: writing a Record back to text is the inverse of parsing it (parse(write(r)) == r)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.format.config import Project
from generator.format.record_parser import parse_record, parse_record_text
from generator.model.model import Meta, Relations, Signer
from generator.model.record_writer import write_record
from import_facts import REPO, body_view

PROJECT = Project(REPO)


@pytest.mark.parametrize("source", PROJECT.record_sources(), ids=lambda p: p.parent.name)
def test_every_sample_record_reads_back_the_same_after_writing(source: Path):
    config = PROJECT.config()
    record = parse_record(source, config)
    again = parse_record_text(write_record(record.meta, record.body), source, config)
    assert again.meta == record.meta
    assert body_view(again.body) == body_view(record.body)


def test_values_yaml_would_misread_are_quoted_and_read_back():
    meta = Meta(loai="cong-van", co_quan="btv-tinh-uy", so=7, ngay=dt.date(2026, 1, 9),
                trich_yeu="về việc: kiểm tra # số liệu, 'mục' \"A\"", kinh_gui=["yes", "- Chi bộ", "*gấp*"],
                noi_nhan=["Lưu: VT, VP."], nguoi_ky=Signer("tm", "BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"),
                quan_he=Relations(tra_loi="15-CV/ĐU"), phuc_dap=False, trang_thai="du-thao", nguon="a.docx")
    text = write_record(meta, [])
    again = parse_record_text(text, Path("x/van-ban.md"))
    assert again.meta == meta
