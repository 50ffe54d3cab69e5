"""`vanban check` on Word files: hand-made documents read correctly, one fault → one finding,
unreadable input → exit 2 with a clear message, every built document passes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest

from check_corpus import PARTY_FAULTS, STATE_FAULTS, party_base, state_base
from conftest import run_vanban
from generator.check.checker import check_docx
from generator.check.docx_inspect import open_docx

BASES = {"dang": party_base, "nha-nuoc": state_base}


def save(doc, path: Path) -> Path:
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def bases(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("goc")
    return {key: save(make(), folder / f"{key}.docx") for key, make in BASES.items()}


@pytest.mark.parametrize("profile", sorted(BASES))
def test_hand_made_base_documents_are_clean(bases, profile):
    report = check_docx(bases[profile])
    assert report.error is None
    assert report.profile == profile                     # --profile auto recognised the header
    assert [str(f) for f in report.findings] == []


@pytest.mark.parametrize("profile,name,mutate,code,words",
                         [("dang", *f) for f in PARTY_FAULTS] + [("nha-nuoc", *f) for f in STATE_FAULTS],
                         ids=[f"dang-{f[0]}" for f in PARTY_FAULTS] + [f"nha-nuoc-{f[0]}" for f in STATE_FAULTS])
def test_one_fault_one_finding(tmp_path, profile, name, mutate, code, words):
    doc = BASES[profile]()
    mutate(doc)
    report = check_docx(save(doc, tmp_path / f"{name}.docx"), profile)
    assert [f.code for f in report.findings] == [code], [str(f) for f in report.findings]
    finding = report.findings[0]
    assert words in f"{finding.problem} {finding.rule}", str(finding)
    assert finding.element_name and finding.rule


def test_at_least_twenty_faults():
    assert len(PARTY_FAULTS) + len(STATE_FAULTS) >= 20


def test_word_style_document_is_read_as_word_shows_it(bases):
    doc = open_docx(bases["dang"])
    body_name = next(p for p in doc.paragraphs if "THUẬN AN" in p.text and p.in_table)
    assert body_name.text == "ĐẢNG BỘ TỈNH ĐẮK NÔNG\nĐẢNG ỦY XÃ THUẬN AN"        # Shift+Enter kept
    assert [r.bold for r in body_name.runs] == [False, True]
    title = next(p for p in doc.paragraphs if p.text == "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert title.cell.col == 1 and title.cell.span == 2 and title.cell.x0 > 0.4    # merged cell, right side
    assert title.border_bottom and title.runs[0].size_pt == 15 and title.runs[0].bold
    assert title.runs[0].font_source == "run"
    article = next(p for p in doc.paragraphs if p.text.startswith("Quy định này quy định"))
    assert article.runs[0].font_ascii == article.runs[0].font_hansi == "Times New Roman"
    assert article.runs[0].font_source == "style:Normal" and article.runs[0].size_pt == 14
    closing = next(p for p in doc.paragraphs if p.text.startswith("Nơi nhận:"))
    assert closing.text == "Nơi nhận:\tT/M BAN THƯỜNG VỤ" and closing.runs[0].underline
    section = doc.sections[0]
    assert section.different_first_page and section.page_number_in() == ["header:default"]
    assert round(section.margins_mm["left"]) == 30 and round(section.page_mm[1]) == 297


def test_theme_fonts_resolve_through_the_theme(tmp_path):
    from check_corpus import theme_font_in_normal
    doc = party_base()
    theme_font_in_normal(doc)
    view = open_docx(save(doc, tmp_path / "theme.docx"))
    run = next(p for p in view.paragraphs if p.text.startswith("Quy định này")).runs[0]
    assert run.theme_font == "minorHAnsi"
    assert run.font_ascii == view.theme_fonts["minor"] != "Times New Roman"     # w:asciiTheme beats w:ascii


def test_drawn_lines_and_state_header(bases):
    doc = open_docx(bases["nha-nuoc"])
    lines = [p for p in doc.paragraphs if p.lines_mm]
    assert [round(p.lines_mm[0]) for p in lines] == [20, 60]
    assert next(p for p in doc.paragraphs if "Điều 3." in p.text).text.startswith("\tĐiều 3.")


def test_word_auto_numbering_letters_are_not_vietnamese(tmp_path):
    """Word's a b c d e numbering skips đ: the checker reads the labels Word shows and says so."""
    from docx.oxml import parse_xml
    doc = party_base()
    numbering = doc.part.numbering_part.element
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    from check_corpus import paragraphs
    for p in paragraphs(doc):
        if p.text[:3] in ("a) ", "b) ", "c) ", "d) ", "đ) "):
            first = p.runs[0]
            first.text = first.text[3:]
            p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    path = save(doc, tmp_path / "tu-dong.docx")
    labels = [p.list_label for p in open_docx(path).paragraphs if p.list_label]
    assert labels == ["a)", "b)", "c)", "d)", "e)"]
    assert [f.code for f in check_docx(path).findings] == ["bo_cuc.thu_tu"]


UNREADABLE = {"text": "văn bản thường", "not-zip": "không phải", "encrypted": "mật khẩu", "doc97": ".doc",
              "empty": "rỗng", "zip-not-word": "word/document.xml"}


def test_unreadable_input_exits_2_with_a_message(tmp_path, bases):
    paths = {kind: tmp_path / f"{kind}.docx" for kind in UNREADABLE}
    paths["text"].write_text("Quyết định số 12 — tệp văn bản đặt tên .docx\n", encoding="utf-8")
    paths["not-zip"].write_bytes(bytes(range(256)) * 4)
    with bases["dang"].open("rb") as src, paths["encrypted"].open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("matkhau", out)      # a real password-protected file
    paths["doc97"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    paths["empty"].write_bytes(b"")
    with zipfile.ZipFile(paths["zip-not-word"], "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    result = run_vanban(tmp_path, "check", *map(str, paths.values()), str(bases["dang"]))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for kind, words in UNREADABLE.items():
        line = next(l for l in result.stderr.splitlines() if l.startswith(f"{paths[kind]}: không đọc được"))
        assert words in line, line
    assert f"{bases['dang']}: đúng thể thức" in result.stdout      # the readable file is still checked
    for kind in UNREADABLE:                                         # and the library says the same
        assert check_docx(paths[kind]).error


def test_cli_findings_text_and_json(tmp_path, bases):
    doc = party_base()
    PARTY_FAULTS[0][1](doc)                              # "Số: 15-QĐ/ĐU"
    bad = save(doc, tmp_path / "sai.docx")
    result = run_vanban(tmp_path, "check", str(bad))
    assert result.returncode == 1
    assert "Số, ký hiệu" in result.stdout and "đoạn " in result.stdout and "«Số: 15-QĐ/ĐU»" in result.stdout
    result = run_vanban(tmp_path, "check", "--json", str(bad), str(bases["nha-nuoc"]))
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["so_phat_hien"] == 1
    first, second = data["van_ban"]
    assert first["the_thuc"] == "dang" and first["phat_hien"][0]["code"] == "so_ky_hieu.mau"
    assert first["phat_hien"][0]["paragraph"] >= 1 and second["phat_hien"] == []


def test_profile_option_overrides_auto(tmp_path, bases):
    result = run_vanban(tmp_path, "check", "--profile", "nha-nuoc", str(bases["dang"]))
    assert result.returncode == 1
    assert "Quốc hiệu" in result.stdout and "T/M" in result.stdout


def test_unknown_profile_asks_for_one(tmp_path):
    from docx import Document
    path = save(Document(), tmp_path / "trang.docx")
    result = run_vanban(tmp_path, "check", str(path))
    assert result.returncode == 2 and "--profile" in result.stderr


def test_every_built_document_passes(built_dir):
    outputs = sorted((built_dir / "out").glob("*.docx"))
    assert len(outputs) >= 7
    result = run_vanban(built_dir, "check", *map(str, outputs))
    assert result.returncode == 0, result.stdout + result.stderr
    for path in outputs:
        assert f"{path}: đúng thể thức" in result.stdout


def _party_report(roman_second: str):
    from check_corpus import find, remove, replace, replace_body
    doc = party_base()
    replace(doc, "QUY ĐỊNH", "BÁO CÁO")
    replace(doc, "Số 15-QĐ/ĐU", "Số 15-BC/ĐU")
    for start in ("- Căn cứ Điều lệ", "- Căn cứ Quy định số", "- Xét đề nghị", "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ QUY ĐỊNH"):
        remove(find(doc, start))
    replace_body(doc, [("I- KẾT QUẢ THỰC HIỆN", True), ("1. Công tác tuyên truyền", True),
                       ("Các chi bộ đã tổ chức quán triệt nghị quyết.", False), ("2. Công tác kiểm tra", True),
                       ("Đã kiểm tra 5 chi bộ.", False), (f"{roman_second}- PHƯƠNG HƯỚNG", True),
                       ("1. Tiếp tục quán triệt nghị quyết.", False), ("2. Tăng cường kiểm tra, giám sát.", False)])
    return doc


def test_report_with_roman_numbered_parts(tmp_path):
    """A báo cáo without Điều: "I- …", "II- …" parts, khoản numbered again from 1 in each."""
    good = check_docx(save(_party_report("II"), tmp_path / "bao-cao.docx"))
    assert [str(f) for f in good.findings] == []
    bad = check_docx(save(_party_report("III"), tmp_path / "bao-cao-sai.docx"))
    assert [f.code for f in bad.findings] == ["bo_cuc.thu_tu"] and "III" in bad.findings[0].problem
