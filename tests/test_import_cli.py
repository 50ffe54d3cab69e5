"""vanban import at the command line: bad input is refused with a Vietnamese message (exit 2) and
writes nothing; existing records are never overwritten; PDF text and page furniture; the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfWriter

from conftest import SEEDS
from import_facts import empty_project, load, vanban


def _record_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "records").rglob("*")) if p.is_file()}


def _blank_pdf(path: Path, password: str | None = None) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)          # a page with no text layer, as a scanner makes
    if password:
        writer.encrypt(password)
    with path.open("wb") as fh:
        writer.write(fh)


def _legacy_docx(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Quy chÕ lµm viÖc cña Ban Th­êng vô §¶ng ñy x·")      # TCVN3 (.VnTime) text
    doc.add_paragraph("§iÒu 1. Ph¹m vi ®iÒu chØnh")
    doc.save(str(path))


BAD_INPUT = {
    "rong.docx": (lambda p: p.write_bytes(b""), "tệp rỗng"),
    "rong.txt": (lambda p: p.write_text("\n  \n", encoding="utf-8"), "không có chữ"),
    "ban-quet.pdf": (_blank_pdf, "OCR"),
    "mat-khau.pdf": (lambda p: _blank_pdf(p, "mat-khau"), "mật khẩu"),
    # An encrypted Word file is an OLE compound file holding an "EncryptedPackage" stream
    # (MS-OFFCRYPTO §2.3.4.1); LibreOffice's command line cannot write one, so its bytes are laid out here.
    "mat-khau.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
                                              + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64), "mật khẩu"),
    "cu.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), ".doc"),
    "tcvn3.txt": (lambda p: p.write_bytes("Quy chÕ lµm viÖc cña §¶ng ñy\n".encode("latin-1")), "UTF-8"),
    "tcvn3.docx": (_legacy_docx, "TCVN3"),
    "hong.docx": (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "hỏng"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_bad_input_is_refused_with_a_vietnamese_message_and_nothing_written(tmp_path, name):
    make, expected = BAD_INPUT[name]
    source = tmp_path / name
    make(source)
    root = empty_project(tmp_path / "du-an")
    before = _record_files(root)
    result = vanban(root, "import", str(source))
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr and name in result.stderr
    assert "Traceback" not in result.stderr
    assert _record_files(root) == before


def test_a_bad_file_in_a_folder_does_not_stop_the_others(tmp_path):
    folder = tmp_path / "van-ban-cu"
    folder.mkdir()
    shutil.copy2(SEEDS / "bao-cao-tham-luan-thanh-binh.txt", folder)
    _blank_pdf(folder / "ban-quet.pdf")
    (folder / "~$tam.docx").write_bytes(b"owner file Word leaves while a document is open")
    root = empty_project(tmp_path / "du-an")
    result = vanban(root, "import", str(folder))
    assert result.returncode == 2
    assert "ban-quet.pdf" in result.stderr and "OCR" in result.stderr
    assert "~$tam" not in result.stdout + result.stderr
    assert [r.meta.loai for r in load(root)[0].values()] == ["bao-cao-tham-luan"]


def test_existing_records_are_never_overwritten(project_dir, tmp_path):
    """Importing into the sample project: the key qd-230-tu-2025 is taken, so a new one is chosen;
    importing the same file again is refused (the record says which file it came from)."""
    assert vanban(project_dir, "build").returncode == 0
    docx = tmp_path / "qd-230.docx"
    shutil.copy2(project_dir / "out" / "qd-230-tu-2025.docx", docx)
    before = _record_files(project_dir)
    first = vanban(project_dir, "import", str(docx), "--vao", "records/nhap")
    assert first.returncode == 0, first.stdout + first.stderr
    new = project_dir / "records" / "nhap" / "qd-230-tu-2025-2" / "van-ban.md"
    assert new.exists()
    after = _record_files(project_dir)
    assert {k: v for k, v in after.items() if k in before} == before
    assert not list(project_dir.joinpath("records", "nhap").glob("**/.*.tmp"))

    again = vanban(project_dir, "import", str(docx))
    assert again.returncode == 0
    assert "đã nhập trước đây" in again.stdout
    assert _record_files(project_dir) == after

    outside = vanban(project_dir, "import", str(docx), "--vao", str(tmp_path / "ngoai"))
    assert outside.returncode == 2 and "--vao" in outside.stderr


def test_unknown_options_are_bad_usage(tmp_path):
    root = empty_project(tmp_path / "du-an")
    seed = str(SEEDS / "bao-cao-tham-luan-thanh-binh.txt")
    wrong_body = vanban(root, "import", seed, "--co-quan", "khong-co")
    wrong_type = vanban(root, "import", seed, "--loai", "loai-khong-co")
    assert wrong_body.returncode == wrong_type.returncode == 2
    assert "khong-co" in wrong_body.stderr and "loai-khong-co" in wrong_type.stderr
    assert not list((root / "records").glob("*/van-ban.md"))


def test_text_with_form_feeds_and_numbering_gaps_imports_and_reports(tmp_path):
    """pdftotext separates pages with a form feed; numbers are kept as found and the gap is reported."""
    source = tmp_path / "quy-che.txt"
    source.write_text(
        "QUY CHẾ\nlàm việc của Ban Thường vụ\n\nĐiều 1. Phạm vi\n\n1. Quy chế này quy định chế độ làm\n"
        "\x0c2\n\nviệc của Ban Thường vụ.\n\nĐiều 3. Hiệu lực\n\nQuy chế có hiệu lực kể từ ngày ký.\n",
        encoding="utf-8")
    root = empty_project(tmp_path / "du-an")
    result = vanban(root, "import", str(source), "--co-quan", "btv-tinh-uy")
    assert result.returncode == 1, result.stdout + result.stderr      # imported; numbering needs a look
    assert "bỏ số trang \"2\"" in result.stdout
    assert "Điều 3" in result.stdout and "renumber" in result.stdout
    (written,) = (root / "records").glob("*/van-ban.md")
    text = written.read_text(encoding="utf-8")
    assert "1. Quy chế này quy định chế độ làm việc của Ban Thường vụ." in text
    assert "Điều 3. Hiệu lực" in text
    assert vanban(root, "renumber", str(written.parent)).returncode == 0
    assert vanban(root, "build").returncode == 0
