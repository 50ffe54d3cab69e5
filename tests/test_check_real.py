"""`vanban check` on real documents (tests/data/real-docs/): the findings are exactly the ones labelled
true in tests/check_labels.py (every false one gone, every true one of the old checker still found),
and at least 95 % of the `lỗi` findings are true."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from check_labels import KNOWN_FALSE, LABELS, MOVED
from generator.check.checker import check_docx
from generator.check.rules import LOI

REAL = Path(__file__).parent / "data" / "real-docs"
HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


@lru_cache(maxsize=None)
def findings(name: str):
    report = check_docx(REAL / name)
    assert report.error is None, report.error
    return report


def _params():
    out = []
    for name in sorted(LABELS):
        marks = [pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice converts .doc")] if name.endswith(".doc") else []
        out.append(pytest.param(name, marks=marks, id=name[:2]))
    return out


@pytest.mark.parametrize("name", _params())
def test_findings_are_the_labelled_true_ones(name):
    report = findings(name)
    got = {(f.code, f.paragraph) for f in report.findings}
    labels = LABELS[name]
    true = {(c, p) for c, p, ok, _why in labels if ok}
    false = {(c, p) for c, p, ok, _why in labels if not ok}
    unlabelled = got - true - false
    assert not unlabelled, f"findings nobody labelled: {sorted(unlabelled, key=str)}"
    still_false = {k for k in got & false if (name, *k) not in KNOWN_FALSE}
    assert not still_false, f"false findings still reported: {sorted(still_false, key=str)}"
    missing = {k for k in true - got if MOVED.get((name, *k)) not in got}
    assert not missing, f"true findings lost: {sorted(missing, key=str)}"


def test_every_finding_names_its_rule_and_severity():
    for name in LABELS:
        if name.endswith(".doc") and not HAS_SOFFICE:
            continue
        for f in findings(name).findings:
            assert f.severity in ("lỗi", "cảnh báo") and f.rule_source, str(f)


def test_precision_of_errors_at_least_95_percent():
    true_keys = {(n, c, p) for n, labels in LABELS.items() for c, p, ok, _ in labels if ok}
    errors = hits = 0
    for name in LABELS:
        if name.endswith(".doc") and not HAS_SOFFICE:
            continue
        for f in findings(name).findings:
            if f.severity == LOI:
                errors += 1
                hits += (name, f.code, f.paragraph) in true_keys
    assert errors and hits / errors >= 0.95, f"{hits}/{errors} lỗi findings are true"


def test_nd30_file_lists_only_true_findings():
    report = findings("40-nd-30-2020-nd-cp-cong-tac-van-thu.docx")
    assert report.profile_name and "30/2020" in report.profile_name
    assert {(f.code, f.paragraph) for f in report.findings} == {("khoan_tieu_de.dam", 46), ("phong_chu.sai", 230)}


def test_annex_is_checked_as_an_annex():
    report = findings("45-nd-30-2020-phu-luc-5.docx")
    assert report.findings == [] and "phụ lục" in (report.note or "")
