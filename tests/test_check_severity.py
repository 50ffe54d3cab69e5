"""`vanban check`: each finding has a severity (lỗi / cảnh báo) and the guideline section it rests on;
the summary counts both; exit 1 only for lỗi unless --nghiem; --json keeps its shape and adds them;
the report names the profile (its `ten`); a legacy .doc is converted and checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from check_corpus import party_base, state_base
from check_handmade import HANDMADE
from conftest import run_vanban
from generator.check.checker import Finding, check_docx
from generator.check.rules import CANH_BAO, LOI, classify
from generator.format.profiles import load_profile

REAL = Path(__file__).parent / "data" / "real-docs"


def test_rules_table_gives_source_and_weight():
    state, party = load_profile("nha-nuoc"), load_profile("dang")
    assert classify(state, "so_ky_hieu.mau", "so_ky_hieu") == (LOI, "NĐ 30 PL I mục II.3")
    assert classify(party, "noi_nhan.luu", "noi_nhan")[0] == CANH_BAO          # [S] in format-rules.md
    assert classify(party, "tieu_de.co_chu", "tieu_de")[0] == LOI               # [Q]
    assert classify(party, "ngay_thang.khong_co", "ngay_thang")[0] == LOI       # any guideline


def test_warning_only_document_exits_0_and_counts_warnings(tmp_path):
    doc = state_base()
    for p in doc.paragraphs:                           # "Times New Roman Bold": the same face, a warning
        for r in p.runs:
            if r.text.startswith("QUYẾT ĐỊNH"):
                r.font.name = "Times New Roman Bold"
    path = tmp_path / "canh-bao.docx"
    doc.save(str(path))
    [finding] = check_docx(path).findings
    assert finding.severity == CANH_BAO and finding.rule_source == "NĐ 30 PL I mục I.4"
    result = run_vanban(tmp_path, "check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 lỗi, 1 cảnh báo" in result.stdout and "[cảnh báo]" in result.stdout
    assert "Nghị định 30/2020" in result.stdout                   # the profile's `ten`
    assert run_vanban(tmp_path, "check", "--nghiem", str(path)).returncode == 1
    data = json.loads(run_vanban(tmp_path, "check", "--json", str(path)).stdout)
    [doc_json] = data["van_ban"]
    assert data["so_loi"] == 0 and data["so_canh_bao"] == 1 and data["so_phat_hien"] == 1
    f = doc_json["phat_hien"][0]
    assert f["severity"] == CANH_BAO and f["rule_source"] and f["code"] == "phong_chu.sai"
    assert doc_json["ten_the_thuc"] == load_profile("nha-nuoc")["ten"]


def test_error_exits_1(tmp_path):
    doc = party_base()
    from check_corpus import replace
    replace(doc, "Số 15-QĐ/ĐU", "Số: 15-QĐ/ĐU")
    path = tmp_path / "loi.docx"
    doc.save(str(path))
    result = run_vanban(tmp_path, "check", str(path))
    assert result.returncode == 1 and "[lỗi]" in result.stdout and "HD 36 mục II.1.3" in result.stdout


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice converts .doc")
def test_legacy_doc_is_converted_and_checked():
    report = check_docx(REAL / "27-ct-09-2009-ubnd-binh-duong.doc")
    assert report.error is None and report.profile == "nha-nuoc" and "LibreOffice" in (report.note or "")
    assert report.findings
