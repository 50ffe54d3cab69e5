"""vanban import, round trips: build → import the .docx (or a LibreOffice PDF of it) gives back the
same record; importing the real seed texts and building them keeps every line of the seed."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from conftest import SEEDS, run_vanban
from generator.render.pdf import find_soffice
from import_facts import body_view, by_source_name, docx_text, empty_project, load, meta_view, vanban


def _assert_same_records(source_root: Path, imported_root: Path) -> None:
    sources, source_index = load(source_root)
    imported, imported_index = load(imported_root)
    by_name = by_source_name(imported)
    assert sorted(by_name) == sorted(sources)
    for key, source in sources.items():
        back = by_name[key]
        assert meta_view(back, imported_index) == meta_view(source, source_index), key
        assert body_view(back.body) == body_view(source.body), key


@pytest.fixture(scope="module")
def built_docx(built_dir, tmp_path_factory) -> Path:
    """The sample records built once, their .docx copied out."""
    folder = tmp_path_factory.mktemp("docx")
    for path in (built_dir / "out").glob("*.docx"):
        shutil.copy2(path, folder / path.name)
    return folder


def test_docx_of_every_sample_record_imports_back_to_the_same_record(built_dir, built_docx, tmp_path):
    target = empty_project(tmp_path / "nhap")
    result = run_vanban(target, "import", str(built_docx))
    assert result.returncode == 0, result.stdout + result.stderr
    _assert_same_records(built_dir, target)
    # and the imported records build again
    assert run_vanban(target, "build").returncode == 0


def test_libreoffice_pdf_of_every_sample_record_imports_back_to_the_same_record(built_dir, built_docx, tmp_path):
    soffice = find_soffice()
    assert soffice is not None, "LibreOffice (soffice) is required for this test"
    pdf_dir = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").resolve()
    docs_dir = tmp_path / "docx"
    shutil.copytree(built_docx, docs_dir)
    # a running header printed on every page after the first, as offices add to long documents
    rules = Document(str(docs_dir / "qc-phoi-hop-ca-tinh-2025.docx"))
    rules.sections[0].header.add_paragraph("Tỉnh ủy Lâm Đồng - Quy chế phối hợp (bản lưu)")
    rules.save(str(docs_dir / "qc-phoi-hop-ca-tinh-2025.docx"))
    docs = sorted(docs_dir.glob("*.docx"))
    subprocess.run([str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(pdf_dir), *map(str, docs)],
                   capture_output=True, timeout=240, check=False)
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    assert [p.stem for p in pdfs] == [d.stem for d in docs]
    target = empty_project(tmp_path / "nhap")
    result = vanban(target, "import", str(pdf_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bỏ số trang \"2\"" in result.stdout         # page numbers are page furniture, and reported
    assert "bỏ dòng lặp lại ở đầu trang \"Tỉnh ủy Lâm Đồng - Quy chế phối hợp (bản lưu)\"" in result.stdout
    _assert_same_records(built_dir, target)


def test_one_word_file_with_a_decision_and_its_rules_becomes_two_linked_records(built_dir, built_docx, tmp_path):
    """The Quyết định and the Quy chế it issues, pasted into one Word file after a page break."""
    combined = Document(str(built_docx / "qd-230-tu-2025.docx"))
    body = combined.element.body
    page_break = combined.add_paragraph()
    page_break.add_run().add_break(WD_BREAK.PAGE)
    body.sectPr.addprevious(page_break._p)
    for element in Document(str(built_docx / "qc-phoi-hop-ca-tinh-2025.docx")).element.body.iterchildren():
        if element.tag != qn("w:sectPr"):
            body.sectPr.addprevious(copy.deepcopy(element))
    source = tmp_path / "qd-230-kem-quy-che.docx"
    combined.save(str(source))
    target = empty_project(tmp_path / "nhap")
    result = vanban(target, "import", str(source))
    assert result.returncode == 0, result.stdout + result.stderr
    imported, imported_index = load(target)
    sources, source_index = load(built_dir)
    assert sorted(r.meta.loai for r in imported.values()) == ["quy-che", "quyet-dinh"]
    for record in imported.values():
        original = sources["qd-230-tu-2025" if record.meta.loai == "quyet-dinh" else "qc-phoi-hop-ca-tinh-2025"]
        assert meta_view(record, imported_index) == meta_view(original, source_index)
        assert body_view(record.body) == body_view(original.body)


def _seed_lines(path: Path) -> list[str]:
    """Each non-empty line of a seed, as it must appear in the built document: page numbers and
    bare rules are furniture, "**" is the seed's own bold mark."""
    out = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        text = re.sub(r"\s+", " ", line.replace("**", "")).strip()
        if text and not re.fullmatch(r"\d{1,3}|_{3,}", text):
            out.append(text)
    return out


def _assert_lines_in_order(lines: list[str], text: str) -> None:
    pos = 0
    for line in lines:
        found = text.find(line, pos)
        assert found >= 0, f"seed line missing or out of order: {line!r}"
        pos = found + len(line)


def test_seed_texts_import_build_and_keep_every_line_in_order(tmp_path):
    root = empty_project(tmp_path / "du-an")
    qd = SEEDS / "qd-230-qd-tu-lam-dong-kem-quy-che.txt"
    tham_luan = SEEDS / "bao-cao-tham-luan-thanh-binh.txt"
    sang_kien = SEEDS / "bao-cao-sang-kien-thuan-an.txt"
    first = vanban(root, "import", str(qd), str(tham_luan))
    assert first.returncode == 0, first.stdout + first.stderr
    # the báo cáo sáng kiến names no issuing body: the official says which one
    second = vanban(root, "import", str(sang_kien), "--co-quan", "dang-uy-xa-thuan-an")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "dòng 478: bỏ số trang \"9\"" in second.stdout
    assert "lấy từ cấu hình văn phòng khi tạo văn bản: địa danh (Thuận An), người ký (bt-dang-uy-thuan-an)" \
        in second.stdout
    records, index = load(root)
    by_name = {}
    for record in records.values():
        by_name.setdefault(Path(record.meta.nguon.split(" (")[0]).stem, []).append(record)

    # one file, two linked records: the Quyết định gets its number and date from the Quy chế's line
    decision, rules = sorted(by_name[qd.stem], key=lambda r: r.meta.loai != "quyet-dinh")
    assert (decision.meta.loai, decision.meta.co_quan, decision.meta.so) == ("quyet-dinh", "btv-tinh-uy", 230)
    assert decision.meta.ngay.isoformat() == "2025-11-03" and decision.key == "qd-230-tu-2025"
    assert decision.meta.nguoi_ky.ho_ten == "Bùi Thắng" and len(decision.meta.can_cu) == 5
    assert rules.meta.loai == "quy-che" and index.resolve(rules.meta.quan_he.kem_theo) is decision
    # a sentence broken over a blank line and a page is rejoined
    texts = [u.text for u in rules.units()]
    assert any("chưa thống nhất với ng nghị quyết" in t for t in texts)
    assert any(t.startswith("Khi bổ nhiệm") and "Ban Thường vụ Đảng ủy Công an tỉnh trao đổi" in t for t in texts)
    (report,) = by_name[tham_luan.stem]
    assert report.meta.tac_gia == "Ban Thường vụ Huyện uỷ Thanh Bình"
    assert report.meta.co_quan == "btv-huyen-uy-thanh-binh"

    assert vanban(root, "build").returncode == 0
    out = root / "out"
    _assert_lines_in_order(_seed_lines(qd), docx_text(out / f"{decision.key}.docx") + " " +
                           docx_text(out / f"{rules.key}.docx"))
    for seed in (tham_luan, sang_kien):
        (record,) = by_name[seed.stem]
        _assert_lines_in_order(_seed_lines(seed), docx_text(out / f"{record.key}.docx"))


def test_seed_imports_equal_the_sample_records_made_from_them(tmp_path):
    """The sample records were typed from the seeds by hand; import reads the same structure."""
    root = empty_project(tmp_path / "du-an")
    assert vanban(root, "import", str(SEEDS / "bao-cao-sang-kien-thuan-an.txt"),
                      "--co-quan", "dang-uy-xa-thuan-an").returncode == 0
    assert vanban(root, "import", str(SEEDS / "bao-cao-tham-luan-thanh-binh.txt")).returncode == 0
    imported, _ = load(root)
    samples, _ = load(Path(__file__).resolve().parent.parent)
    for record in imported.values():
        sample = samples[{"bao-cao-sang-kien": "bc-sang-kien-thuan-an",
                          "bao-cao-tham-luan": "bc-tham-luan-thanh-binh"}[record.meta.loai]]
        assert body_view(record.body) == body_view(sample.body)
        assert (record.meta.trich_yeu, record.meta.ten_loai, record.meta.tac_gia) == \
            (sample.meta.trich_yeu, sample.meta.ten_loai, sample.meta.tac_gia)
