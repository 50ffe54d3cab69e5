"""Issue 14: correct documents typed the way Word users type give no finding, and one mutation per
class of false finding fixed (a real fault hidden behind what used to be misread) gives exactly it."""

from __future__ import annotations

import pytest

from check_handmade import CLASS_FAULTS, HANDMADE
from generator.check.checker import check_docx
from generator.check.rules import LOI


@pytest.mark.parametrize("name", sorted(HANDMADE))
def test_hand_made_correct_documents_give_no_error(tmp_path, name):
    path = tmp_path / f"{name}.docx"
    HANDMADE[name]().save(str(path))
    report = check_docx(path)
    assert report.error is None
    assert [str(f) for f in report.findings if f.severity == LOI] == []
    assert [str(f) for f in report.findings] == []


def test_at_least_six_hand_made_documents():
    assert len(HANDMADE) >= 6


@pytest.mark.parametrize("name,base,mutate,code,words,cls", CLASS_FAULTS, ids=[f[0] for f in CLASS_FAULTS])
def test_class_mutation_is_found(tmp_path, name, base, mutate, code, words, cls):
    doc = HANDMADE[base]()
    mutate(doc)
    path = tmp_path / f"{name}.docx"
    doc.save(str(path))
    report = check_docx(path)
    assert [f.code for f in report.findings] == [code], [str(f) for f in report.findings]
    finding = report.findings[0]
    assert words in f"{finding.problem} {finding.rule}" and finding.rule_source, str(finding)
    assert finding.severity == LOI
