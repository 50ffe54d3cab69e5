"""PDF outputs with real LibreOffice and pypdf: text, fonts, metadata, bookmarks, the merged set.

LibreOffice runs are few and batched: one `vanban build --pdf` of every sample shared by the
module, plus one run with the Vietnamese-capable font hidden and one pair of concurrent runs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import copy_project, run_vanban
from generator.format.config import Project
from generator.format.context import RecordIndex
from generator.format.loading import load_records
from generator.model.model import DIEU
from generator.model.text import plain
from generator.render.pdf import (INSTALL_HINT, MERGED_SUFFIX, Converter, attachment_sets, convert_outputs, doc_info,
                                  find_soffice)
from tools import system_tool

QD, QC = "qd-230-tu-2025", "qc-phoi-hop-ca-tinh-2025"


@pytest.fixture(scope="module")
def pdf_project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("pdf") / "du-an")
    result = run_vanban(root, "build", "--pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def loaded(pdf_project):
    project = Project(pdf_project)
    config = project.config()
    records, errors, _ = load_records(project, config)
    assert not errors
    return project, records, RecordIndex(records, config)


def _text(reader: PdfReader, page: int | None = None) -> str:
    pages = reader.pages if page is None else [reader.pages[page]]
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


def _outline(reader: PdfReader, items=None, depth=0):
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


def _pdffonts(path: Path) -> set[str]:
    out = subprocess.run([system_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    return {re.sub(r"^[A-Z]{6}\+", "", n).split("-")[0] for n in names}


def test_every_sample_has_a_pdf_with_nfc_vietnamese_text(loaded):
    project, records, index = loaded
    assert len(records) >= 2
    for key, record in records.items():
        pdf = project.output_for(key, ".pdf")
        assert pdf.exists(), key
        assert pdf.stat().st_mtime >= project.output_for(key).stat().st_mtime
        text = _text(PdfReader(pdf))
        assert unicodedata.is_normalized("NFC", text), key
        national = ("ĐẢNG CỘNG SẢN VIỆT NAM" if index.config.body(record.meta.co_quan).profile.is_party
                    else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        assert national in text, key
        words = plain(record.meta.trich_yeu).split()[:6]
        assert " ".join(words).casefold() in text.casefold(), key


def test_only_the_profile_font_or_its_metric_clone_is_embedded(loaded):
    project, records, index = loaded
    pdfs = sorted(project.out_dir.glob("*.pdf"))
    assert len(pdfs) == len(records) + len(attachment_sets(records, index))
    for pdf in pdfs:
        assert _pdffonts(pdf) <= {"LiberationSerif", "TimesNewRomanPSMT", "TimesNewRomanPS", "TimesNewRoman"}, pdf


def test_metadata_and_a_bookmark_for_every_article_on_its_page(loaded):
    project, records, index = loaded
    for key, record in records.items():
        reader = PdfReader(project.output_for(key, ".pdf"))
        body = index.config.body(record.meta.co_quan)
        assert reader.metadata.title.endswith(plain(record.meta.trich_yeu)), key
        assert reader.metadata.author == body.ten
        symbol = index.symbol_of(record)
        if symbol:
            assert reader.metadata.subject == symbol
        articles = [u for u in record.units() if u.kind == DIEU]
        marks = [(title, page) for _, title, page in _outline(reader) if title.startswith("Điều ")]
        assert [t.split(".")[0] for t, _ in marks] == [f"Điều {u.number}" for u in articles], key
        for title, page in marks:
            assert title.split(".")[0] + "." in _text(reader, page), (key, title, page)


def test_quyet_dinh_and_its_quy_che_are_merged(loaded):
    project, records, index = loaded
    assert attachment_sets(records, index)[QD] == [QC]
    merged = PdfReader(project.out_dir / f"{QD}{MERGED_SUFFIX}")
    qd, qc = PdfReader(project.output_for(QD, ".pdf")), PdfReader(project.output_for(QC, ".pdf"))
    assert len(merged.pages) == len(qd.pages) + len(qc.pages)
    info = doc_info(records[QD], index)
    assert merged.metadata.title == info.title and merged.metadata.subject == "230-QĐ/TU"
    assert merged.metadata.author == "TỈNH ỦY LÂM ĐỒNG" and "Quyết định" in merged.metadata.keywords
    outline = list(_outline(merged))
    tops = [(title, page) for depth, title, page in outline if depth == 0]
    assert tops == [("Quyết định số 230-QĐ/TU", 0), (doc_info(records[QC], index).label, len(qd.pages))]
    # every Điều of both documents, on the page where it is printed
    dieu = [(title, page) for _, title, page in outline if title.startswith("Điều ")]
    expected = [u for key in (QD, QC) for u in records[key].units() if u.kind == DIEU]
    assert len(dieu) == len(expected) == 11
    in_qc = False
    for title, page in dieu:
        in_qc = in_qc or page >= len(qd.pages)
        assert title.split(".")[0] + "." in _text(merged, page), (title, page)
    assert in_qc
    chuong = [t for _, t, _ in outline if t.startswith("Chương ")]
    assert chuong == ["Chương I. QUY ĐỊNH CHUNG", "Chương II. NỘI DUNG, TRÁCH NHIỆM, PHƯƠNG PHÁP PHỐI HỢP",
                      "Chương III. TỔ CHỨC THỰC HIỆN"]


def test_unchanged_records_are_not_converted_again(pdf_project):
    before = {p.name: p.stat().st_mtime_ns for p in (pdf_project / "out").glob("*.pdf")}
    result = run_vanban(pdf_project, "build", "--pdf")
    assert result.returncode == 0, result.stderr
    assert "PDF: đã tạo 0" in result.stdout
    assert {p.name: p.stat().st_mtime_ns for p in (pdf_project / "out").glob("*.pdf")} == before


def test_a_broken_word_file_keeps_the_previous_pdf(loaded, tmp_path):
    project, records, index = loaded
    previous = project.output_for(QD, ".pdf").read_bytes()
    fake = tmp_path / f"{QD}.docx"
    fake.write_text("không phải tệp Word", encoding="utf-8")
    truncated = tmp_path / f"{QC}.docx"
    truncated.write_bytes(project.output_for(QC).read_bytes()[:3000])
    report = convert_outputs(project, records, index, {QD: fake, QC: truncated}, force=True)
    assert sorted(report.failed) == sorted([QD, QC]) and not report.built
    assert all("không phải tệp Word" in d.message for d in report.errors)
    assert project.output_for(QD, ".pdf").read_bytes() == previous


def test_without_libreoffice_word_files_are_built_and_one_line_says_how_to_install(project_dir, monkeypatch):
    monkeypatch.setenv("VANBAN_SOFFICE", str(project_dir / "khong-co" / "soffice"))
    result = run_vanban(project_dir, "build", "--pdf")
    assert result.returncode == 2
    assert (project_dir / "out" / f"{QD}.docx").exists()
    assert not list((project_dir / "out").glob("*.pdf"))
    lines = [line for line in result.stderr.splitlines() if "LibreOffice" in line]
    assert lines == [INSTALL_HINT]
    assert "sudo apt-get install libreoffice-writer-nogui fonts-liberation2" in INSTALL_HINT


FONTCONFIG_HIDING_LIBERATION2 = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>{glob}</glob></rejectfont></selectfont>
</fontconfig>
"""


def test_a_fallback_font_fails_loudly_and_keeps_the_previous_pdf(pdf_project, tmp_path, monkeypatch):
    """Without a Vietnamese-capable Times substitute, LibreOffice falls back to DejaVu (tech-notes §1.4)."""
    root = copy_project(tmp_path / "du-an")
    shutil.copytree(pdf_project / "out", root / "out")
    liberation = sorted(Path("/usr/share/fonts").rglob("LiberationSerif-Regular.ttf"))
    assert liberation, "fonts-liberation2 must be installed"
    conf = tmp_path / "fonts.conf"
    conf.write_text(FONTCONFIG_HIDING_LIBERATION2.format(glob=f"{liberation[0].parent}/*"), encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    previous = (root / "out" / f"{QD}.pdf").read_bytes()
    source = root / "records" / QD / "van-ban.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run_vanban(root, "build", "--pdf", str(source))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "phông thay thế DejaVuSerif" in result.stderr and "fonts-liberation2" in result.stderr
    assert (root / "out" / f"{QD}.pdf").read_bytes() == previous


def test_two_conversions_at_once_each_with_a_private_profile(loaded, tmp_path):
    project, records, _ = loaded
    docx = sorted(project.out_dir.glob("*.docx"))
    halves = [docx[::2], docx[1::2]]
    results: list[dict] = [{}, {}]

    def work(i: int) -> None:
        with Converter() as converter:
            results[i] = converter.convert(halves[i], tmp_path / f"w{i}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for half, result in zip(halves, results):
        assert set(result) == set(half)
        assert all(isinstance(pdf, Path) and pdf.exists() for pdf in result.values()), result


def test_libreoffice_is_found():
    assert find_soffice() is not None
