"""Records made when asked for (loading.ListedRecords, issue 16): when nothing changed since the last
load's listing, a one-shot command of a big office takes its records from the listing one by one, and the
relations between them (annexes, số ký hiệu, incoming links) from tables kept with it. A one-record build
of 10,000 then makes the few records it reads. What it builds must be what a full load builds, and any
change an official makes sends the load back to the full path.

A 13-record project stands in for a big office: the size threshold is lowered and the command is taken as
one-shot (as `vanban build` is), so the real fork, the real files and the real index are used.
"""

from __future__ import annotations

import io
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.test_parsed_index import ALL, LISTING_CHANGES, _edit

QC, QD = "qc-phoi-hop-ca-tinh-2025", "qd-230-tu-2025"


@pytest.fixture
def big(monkeypatch, project_dir):
    """The sample project, loaded as a one-shot command of an office above the threshold would load it."""
    import generator
    from generator.format import loading
    if not loading.TRUST_STAT or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        pytest.skip("records are made when asked for only where a child checks the file statuses (Linux)")
    monkeypatch.setattr(generator, "ONE_SHOT", True)
    monkeypatch.setattr(loading, "worth_a_child", lambda count: True)
    monkeypatch.setattr(loading, "WORTH_FROM", 0)
    monkeypatch.setattr(loading, "RACY_NS", 0)        # the copied sample files count as settled at once
    time.sleep(0.01)
    return project_dir


def _load(root: Path, relations=True):
    """A load as a new process makes it (nothing kept in this one), through the listing."""
    from generator.format import loading
    from generator.format.config import Project
    from generator.records.relations import relation_tables
    loading._parsed.clear()
    loading._settled.clear()
    loading._digests.clear()
    project = Project(root)
    config = project.config()
    sources = loading.list_sources(project)
    return project, config, loading.load_records(project, config, sources, relation_tables if relations else None)


def _listed(root: Path):
    """Two loads: the first writes the listing with its tables, the second is served from it."""
    _load(root)
    return _load(root)


def _zip(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def test_a_one_record_build_of_an_unchanged_office_makes_only_the_records_it_reads(big):
    """The Quy chế is attached to Quyết định 230-QĐ/TU: its build reads those two records, no other; the
    .docx is the one a full load builds, byte for byte (zip timestamps aside)."""
    from generator.build import build_records
    from generator.format.loading import ListedRecords
    from generator.format.config import Project
    assert sorted(build_records(Project(big), progress=False).built) == ALL      # a full load: every record
    before = (big / "out" / f"{QC}.docx").read_bytes()
    project, config, (records, errors, failed) = _listed(big)
    assert isinstance(records, ListedRecords) and not errors and not failed
    assert sorted(records) == ALL and records.made() == []
    report = build_records(project, [big / "records" / QC], force=True, progress=False,
                           loaded=(config, records, errors, failed))
    assert report.built == [QC] and not report.errors
    assert sorted(records.made()) == [QC, QD]
    assert _zip((big / "out" / f"{QC}.docx").read_bytes()) == _zip(before)


def test_the_listings_relations_are_those_of_a_full_load(big):
    """Every question the build, the register and the site ask of the relations gets the same answer from
    the listing's tables as from the records themselves. Facts of the sample: the Quy chế is attached to
    230-QĐ/TU; cv-phuc-dap-xac-minh-2026 answers 15-CV/ĐU, which is cv-de-nghi-xac-minh-2026."""
    from generator.format.loading import ListedRecords
    from generator.records.relations import Resolver
    _, config, (full, errors, _) = _load(big, relations=False)
    assert not errors and not isinstance(full, ListedRecords)
    _, _, (listed, _, _) = _listed(big)
    assert isinstance(listed, ListedRecords)
    lazy, whole = Resolver(listed, config), Resolver(full, config)
    assert [(link.kind, link.source.key) for link in lazy.incoming(QD)] == [("kem_theo", QC)]
    assert lazy.index.resolve("Số 15-CV/ĐU").key == "cv-de-nghi-xac-minh-2026"
    assert lazy.resolve("230-QĐ/TU").key == QD and lazy.index.resolve("999-QĐ/TU") is None
    assert sorted(listed.made()) == sorted([QC, QD, "cv-de-nghi-xac-minh-2026"])
    for key in ALL:
        assert lazy.status(key).label == whole.status(key).label, key
        assert [(l.kind, l.source.key, l.target_text, l.line) for l in lazy.incoming(key)] == \
               [(l.kind, l.source.key, l.target_text, l.line) for l in whole.incoming(key)], key
        assert [w.message for w in lazy.warnings(listed[key])] == [w.message for w in whole.warnings(full[key])]
        assert lazy.index.annexes_of(listed[key]) == whole.index.annexes_of(full[key]), key
        assert lazy.name(listed[key]) == whole.name(full[key]), key


def test_a_draft_citing_a_replaced_decision_is_warned_from_the_listing_too(big):
    """A new decision replaces 230-QĐ/TU; a draft plan cites it by number. Built alone from the listing's
    tables (the draft, the decision it cites and the records naming that decision are made: the Quy chế
    attached to it and the decision replacing it; no other), the draft gets the same warning as from a
    full load."""
    from generator.build import build_records
    from generator.format.config import Project
    from generator.format.loading import ListedRecords
    source = big / "records" / QD / "van-ban.md"
    text = source.read_text(encoding="utf-8")
    replacing = big / "records" / "qd-thay-230-2026" / "van-ban.md"
    replacing.parent.mkdir()
    replacing.write_text(text.replace("so: 230", "so: 5").replace("ngay: 2025-11-03", "ngay: 2026-03-02")
                         .replace("trang_thai: ban-hanh\n", "trang_thai: ban-hanh\nquan_he:\n  thay_the:\n"
                                                             "    - 230-QĐ/TU\n", 1), encoding="utf-8")
    plan = big / "records" / "kh-trien-khai-quy-che-bvctnb-2026" / "van-ban.md"
    _edit(plan, "trang_thai: du-thao\n", "trang_thai: du-thao\nquan_he:\n  trich_dan:\n    - 230-QĐ/TU\n")
    full = build_records(Project(big), [plan.parent], progress=False)
    warned = [d.message for d in full.warnings if "230-QĐ/TU" in d.message]
    assert warned and "đã bị thay thế bởi 05-QĐ/TU" in warned[0], full.warnings
    project, config, (records, errors, failed) = _listed(big)
    assert isinstance(records, ListedRecords) and not errors
    report = build_records(project, [plan.parent], force=True, progress=False,
                           loaded=(config, records, errors, failed))
    assert [d.message for d in report.warnings if "230-QĐ/TU" in d.message] == warned
    assert sorted(records.made()) == sorted([plan.parent.name, QD, QC, "qd-thay-230-2026"])


@pytest.mark.parametrize("change", [name for name in LISTING_CHANGES if name != "nothing"])
def test_any_change_since_the_listing_makes_every_record_again(big, change):
    """An edit (even one that keeps the size and the modification time), a record added beside the others
    or inside another's folder, deleted or renamed: the load does not serve the listing's records, and
    every record it gives is the one a parse of its file gives."""
    from generator.format.loading import ListedRecords
    from generator.format.record_parser import parse_record
    _, _, (records, _, _) = _listed(big)
    assert isinstance(records, ListedRecords)
    act, added, gone, _, text = LISTING_CHANGES[change]
    act(big)
    _, config, (records, errors, _) = _load(big)
    assert not isinstance(records, ListedRecords) and not errors, change
    assert sorted(records) == sorted(set(ALL) - set(gone) | set(added)), change
    assert text in "\n".join(u.text for u in records[QD].units()), change
    assert {key: (r.meta, r.body) for key, r in records.items()} == {
        key: (fresh.meta, fresh.body) for key, r in records.items() for fresh in [parse_record(r.path, config, key)]}


def test_another_office_config_or_another_day_makes_every_record_again(big, monkeypatch):
    """The office config is read by every parse, and a parse holds only on its days (the far-date warning):
    neither a changed config nor a day on which one parse would come out otherwise is served whole."""
    import datetime as dt
    from generator.format import record_parser
    from generator.format.loading import ListedRecords
    _, _, (records, _, _) = _listed(big)
    assert isinstance(records, ListedRecords)
    with monkeypatch.context() as day:
        day.setattr(record_parser, "today", lambda: dt.date(2026, 5, 20))   # before HD 05 (27/5/2026)
        assert not isinstance(_load(big)[2][0], ListedRecords)
    _load(big)
    config = big / "records" / "van-phong.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# đổi\n", encoding="utf-8")
    assert not isinstance(_load(big)[2][0], ListedRecords)
    assert isinstance(_load(big)[2][0], ListedRecords)                # listed again under the new config


def test_a_listing_written_without_tables_gets_them_from_the_next_one_shot_load(big, monkeypatch):
    """A watcher writes listings without tables (it is not a one-shot command); the next `vanban build`,
    though nothing changed, writes them, and the one after is served from the listing."""
    import generator
    from generator.format.loading import ListedRecords
    from generator.format.config import Project
    from generator.format.parsed_index import read_listing
    monkeypatch.setattr(generator, "ONE_SHOT", False)
    _load(big)
    assert read_listing(Project(big)).tables is None
    monkeypatch.setattr(generator, "ONE_SHOT", True)
    assert not isinstance(_load(big)[2][0], ListedRecords)
    assert read_listing(Project(big)).tables is not None
    assert isinstance(_load(big)[2][0], ListedRecords)
