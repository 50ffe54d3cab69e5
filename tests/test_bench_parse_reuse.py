"""Reusing parsed records within one process (what makes a watcher's rebuild cheap, bench issue 8)
never serves stale text: a change of content, of the office config, or a broken record is seen
by the next build in the same process, even when the file keeps its size and modification time."""

from __future__ import annotations

import os

from docx import Document

from generator.build import build_records
from generator.format.config import Project

KEY = "qd-230-tu-2025"


def _text(project_dir, key: str = KEY) -> str:
    doc = Document(str(project_dir / "out" / f"{key}.docx"))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _rebuilt_with(project_dir, text: str) -> None:
    report = build_records(Project(project_dir), progress=False)
    assert KEY in report.built
    assert text in _text(project_dir)


def test_same_size_same_mtime_edit_is_seen(project_dir):
    project = Project(project_dir)
    assert build_records(project, progress=False).ok
    source = project_dir / "records" / KEY / "van-ban.md"
    stat = source.stat()
    _edit(source, "kể từ ngày ký", "kể từ ngày kí")        # same byte length
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source.stat().st_size == stat.st_size and source.stat().st_mtime_ns == stat.st_mtime_ns
    _rebuilt_with(project_dir, "kể từ ngày kí")


def test_office_config_change_reaches_unchanged_records(project_dir):
    project = Project(project_dir)
    assert build_records(project, progress=False).ok
    assert "Bùi Thắng" in _text(project_dir)
    _edit(project_dir / "records" / "van-phong.yaml", "ho_ten: Bùi Thắng", "ho_ten: Bùi Văn Thắng")
    _rebuilt_with(project_dir, "Bùi Văn Thắng")


def test_broken_record_reported_on_every_build(project_dir):
    project = Project(project_dir)
    assert build_records(project, progress=False).ok
    source = project_dir / "records" / KEY / "van-ban.md"
    _edit(source, "trich_yeu: ban hành", "trich_yeu: [ban hành")
    for _ in range(2):
        report = build_records(project, progress=False)
        assert KEY in report.failed
        assert any("lỗi cú pháp YAML" in str(e) and str(source) in str(e) for e in report.errors)
