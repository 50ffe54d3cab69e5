"""Bad input: a clear Vietnamese message naming file and line, exit 2, other records still built,
the earlier .docx untouched."""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import run_vanban
from docx_facts import open_doc, texts

TARGET = "qd-230-tu-2025"


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if line.startswith(start))


def _break(project_dir, edit):
    """Build everything, then apply `edit` to the target record; return (source, previous docx bytes)."""
    first = run_vanban(project_dir, "build")
    assert first.returncode == 0, first.stderr
    source = project_dir / "records" / TARGET / "van-ban.md"
    before = (project_dir / "out" / f"{TARGET}.docx").read_bytes()
    edit(source)
    return source, before


def _assert_reported(project_dir, source, before, message: str, line: int | None):
    result = run_vanban(project_dir, "build", "--force")
    assert result.returncode == 2, result.stdout + result.stderr
    where = f"{source}:{line}: lỗi: " if line else f"{source}"
    assert where in result.stderr, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    others = len(list((project_dir / "records").glob("*/van-ban.md"))) - 2
    assert f"đã tạo {others}," in result.stdout             # every other sample record was built again …
    assert "chưa tạo lại được vì văn bản liên quan \"qd-230-tu-2025\" đang có lỗi" in result.stderr  # … but its Quy chế
    assert (project_dir / "out" / f"{TARGET}.docx").read_bytes() == before   # last good output kept
    return result


def _replace(old: str, new: str):
    def edit(path):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def test_broken_yaml(project_dir):
    source, before = _break(project_dir, _replace("trich_yeu: ban hành", "trich_yeu: [ban hành"))
    line = _line_of(source.read_text(encoding="utf-8"), "trich_yeu:")
    result = _assert_reported(project_dir, source, before, "lỗi cú pháp YAML", None)
    reported = int(re.search(re.escape(str(source)) + r":(\d+): lỗi: lỗi cú pháp YAML", result.stderr).group(1))
    assert reported in (line, line + 1)        # YAML notices an unclosed "[" on the line or the next


def test_missing_required_field(project_dir):
    def edit(path):
        lines = [l for l in path.read_text(encoding="utf-8").split("\n") if not l.startswith("trich_yeu:")]
        path.write_text("\n".join(lines), encoding="utf-8")
    source, before = _break(project_dir, edit)
    _assert_reported(project_dir, source, before, "thiếu trường bắt buộc \"trich_yeu\" (trích yếu nội dung)", 2)


def test_unknown_document_type(project_dir):
    source, before = _break(project_dir, _replace("loai: quyet-dinh", "loai: quyet-dihn"))
    line = _line_of(source.read_text(encoding="utf-8"), "loai:")
    _assert_reported(project_dir, source, before, "loại văn bản \"quyet-dihn\" không có", line)


def test_unknown_issuing_body(project_dir):
    source, before = _break(project_dir, _replace("co_quan: btv-tinh-uy", "co_quan: tinh-uy-khac"))
    line = _line_of(source.read_text(encoding="utf-8"), "co_quan:")
    _assert_reported(project_dir, source, before, "cơ quan ban hành \"tinh-uy-khac\" không có trong cấu hình", line)


@pytest.mark.parametrize("value", ["2025-02-30", "31/04/2025"])
def test_impossible_date(project_dir, value):
    source, before = _break(project_dir, _replace("ngay: 2025-11-03", f"ngay: {value}"))
    line = _line_of(source.read_text(encoding="utf-8"), "ngay:")
    _assert_reported(project_dir, source, before, "không tồn tại", line)


def test_body_out_of_order(project_dir):
    source, before = _break(project_dir, _replace("Điều 3. Quyết định này", "Điều 4. Quyết định này"))
    line = _line_of(source.read_text(encoding="utf-8"), "Điều 4.")
    _assert_reported(project_dir, source, before, "Điều 4 đứng sau Điều 2 — thiếu Điều 3", line)


def test_diem_letter_skipped(project_dir):
    first = run_vanban(project_dir, "build")
    assert first.returncode == 0
    source = project_dir / "records" / "bc-sang-kien-thuan-an" / "van-ban.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("đ) Trao đổi thông tin, tài liệu về âm mưu", "e) Trao đổi thông tin, tài liệu về âm mưu", 1)
    source.write_text(text, encoding="utf-8")
    line = _line_of(text, "e) Trao đổi thông tin, tài liệu về âm mưu")
    result = run_vanban(project_dir, "build")
    assert result.returncode == 2
    assert f"{source}:{line}: lỗi: điểm \"e)\" đứng sau \"d)\" — thiếu \"đ)\"" in result.stderr


def test_legacy_tcvn3_text(project_dir):
    source, before = _break(project_dir, _replace(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. QuyÕt ®Þnh nµy cã hiÖu lùc kÓ tõ ngµy ký, §¶ng ñy C«ng an tØnh thùc hiÖn."))
    _assert_reported(project_dir, source, before, "bảng mã cũ TCVN3 (ABC) hoặc VNI", None)


def test_legacy_bytes_not_utf8(project_dir):
    def edit(path):
        raw = path.read_bytes()
        path.write_bytes(raw.replace("Quyết định này có hiệu lực".encode("utf-8"),
                                     "Quyết định này có hiệu lực".encode("cp1258", errors="replace")))
    source, before = _break(project_dir, edit)
    _assert_reported(project_dir, source, before, "tệp không phải UTF-8", None)


def test_control_character(project_dir):
    source, before = _break(project_dir, _replace("Điều 2. Đảng ủy", "Điều 2. Đảng\x07 ủy"))
    line = _line_of(source.read_text(encoding="utf-8"), "Điều 2.")
    _assert_reported(project_dir, source, before, "ký tự điều khiển không in được (mã U+0007)", line)


def test_decomposed_unicode_is_normalised_not_rejected(project_dir):
    source = project_dir / "records" / TARGET / "van-ban.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    result = run_vanban(project_dir, "build", str(source.parent))
    assert result.returncode == 0, result.stderr
    lines = texts(open_doc(project_dir / "out" / f"{TARGET}.docx"))
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." in lines
    assert all(unicodedata.is_normalized("NFC", t) for t in lines)


def test_template_syntax_and_xml_characters_are_printed_literally(project_dir):
    source = project_dir / "records" / TARGET / "van-ban.md"
    text = source.read_text(encoding="utf-8")
    odd = "Ghi chú: {{ nguoi_ky }} và {% if x %}y{% endif %} & <b>đậm</b> > 1 < 2 {#p c #}"
    text = text.replace("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
                        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n\n" + odd)
    text = "\n".join('trich_yeu: "{{ x }} & <y> ban hành Quy chế"' if line.startswith("trich_yeu:") else line
                     for line in text.split("\n"))
    source.write_text(text, encoding="utf-8")
    result = run_vanban(project_dir, "build", str(source.parent))
    assert result.returncode == 0, result.stderr
    lines = texts(open_doc(project_dir / "out" / f"{TARGET}.docx"))
    assert odd in lines
    assert "{{ x }} & <y> ban hành Quy chế" in lines
