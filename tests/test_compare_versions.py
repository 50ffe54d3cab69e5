"""Structure-aware comparison of two texts of a Quy chế: rows, word marks, amended numbering, amending text."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare_versions import version_1, version_2
from conftest import REPO
from generator.format.config import load_config
from generator.format.record_parser import parse_record_text
from generator.model.body_parser import parse_body
from generator.render.compare import (BAI_BO, BO_SUNG, DI_CHUYEN, GIU_NGUYEN, NGU_CANH, SUA_DOI, SUA_TEN, THEM, XOA,
                                      amending_text, compare, comparison_markdown)

CONFIG = load_config(REPO / "records" / "van-phong.yaml")


def record(text: str, name: str = "v"):
    return parse_record_text(text, Path("/tmp") / name / "van-ban.md", CONFIG, key="qc")


def quy_che(body: str, extra: str = "") -> str:
    return f"---\nloai: quy-che\nco_quan: btv-tinh-uy\ntrich_yeu: thử\n{extra}---\n\n{body}"


@pytest.fixture(scope="module")
def comparison():
    return compare(record(version_1(), "v1"), record(version_2(), "v2"))


def marked(lines, mark):
    return [s.text.strip() for line in lines for s in line.segments if s.mark == mark]


def test_each_change_appears_once_in_its_row_with_its_amending_sentence(comparison):
    got = [(r.kind, r.old_ref, r.new_ref, r.amending.split("\n")[0]) for r in comparison.changes()]
    assert got == [
        (SUA_DOI, "khoản 2 Điều 2", "khoản 2 Điều 2", "Sửa đổi, bổ sung khoản 2 Điều 2 như sau:"),
        (DI_CHUYEN, "Điều 7", "Điều 3", "Bãi bỏ Điều 7 và bổ sung Điều 2a vào sau Điều 2 như sau:"),
        (BAI_BO, "điểm c khoản 1 Điều 4", "", "Bãi bỏ điểm c khoản 1 Điều 4."),
        (BO_SUNG, "", "Điều 7", "Bổ sung Điều 5a vào sau Điều 5 như sau:"),
        (SUA_DOI, "khoản 2 Điều 6", "khoản 2 Điều 8", "Sửa đổi, bổ sung khoản 2 Điều 6 như sau:"),
    ]
    punctuation = [r.punctuation_only for r in comparison.changes()]
    assert punctuation == [True, False, False, False, False]
    assert comparison.changes()[0].description == "chỉ sửa dấu câu"
    assert comparison.changes()[1].description == "chuyển từ Điều 7 đến sau Điều 2"


def test_unchanged_and_renumbered_articles_are_not_changes(comparison):
    kept = {r.old_ref: r.new_ref for r in comparison.rows if r.kind == GIU_NGUYEN and r.depth == 0}
    # Điều 5 and khoản 1 Điều 6 cite "Điều 3", which the draft renumbered to "Điều 4": not a change
    assert kept == {"Điều 1": "Điều 1", "Điều 3": "Điều 4", "Điều 5": "Điều 6", "Điều 8": "Điều 9"}
    inner = {r.old_ref for r in comparison.rows if r.kind == GIU_NGUYEN and r.depth > 0}
    assert {"khoản 1 Điều 6", "điểm d khoản 1 Điều 4", "khoản 2 Điều 4"} <= inner
    assert [r.old_ref for r in comparison.rows if r.kind == NGU_CANH and r.depth == 0] == ["Điều 2", "Điều 4", "Điều 6"]
    every_old = [r.old_ref for r in comparison.rows if r.old is not None and r.depth == 0 and r.kind != NGU_CANH]
    assert len(every_old) == len(set(every_old))


def test_word_marks_inside_the_changed_paragraphs(comparison):
    punct, moved, deleted, added, reworded = comparison.changes()
    assert marked(punct.old_lines, XOA) == [";"] and marked(punct.new_lines, THEM) == [","]
    assert marked(moved.old_lines, XOA) == [] and marked(moved.new_lines, THEM) == []
    assert marked(deleted.old_lines, XOA)[0].startswith("c) Lãnh đạo thực hiện công tác cán bộ")
    assert marked(added.new_lines, THEM)[0] == "Điều 7. Trao đổi thông tin"
    assert marked(reworded.old_lines, XOA) == ["trao đổi thông tin hoặc", "kịp thời bằng hình thức phù hợp"]
    assert marked(reworded.new_lines, THEM) == ["bằng văn bản trong thời hạn 10 ngày làm việc"]


def test_explanations_come_from_the_drafts_notes(comparison):
    notes = {r.kind: r.note for r in comparison.changes() if r.note}
    assert notes == {BO_SUNG: "Bổ sung cho phù hợp Quy định 294-QĐ/TW",
                     SUA_DOI: "Rút ngắn thời hạn trả lời để bảo đảm kịp thời",
                     BAI_BO: "Đã quy định tại Quy chế làm việc"}
    assert comparison.unused_notes == []
    typo = record(version_2().replace("dieu-7:", "dieu-77:"), "v2b")
    assert compare(record(version_1(), "v1"), typo).unused_notes == ["dieu-77"]


def test_amending_text_reads_in_the_current_numbering_and_parses(comparison):
    text = amending_text(comparison, "Quy chế phối hợp ban hành kèm theo Quyết định số 230-QĐ/TU")
    assert "“Điều 5a. Trao đổi thông tin" in text
    assert "theo khoản 2 Điều 6 Quy chế này.”" in text      # the draft says "Điều 8": read in the current numbering
    assert "“Điều 2a. Chế độ họp và báo cáo" in text
    units, diags = parse_body(text)
    assert diags == []
    items = units[0].children
    assert [u.number for u in items] == ["1", "2", "3", "4", "5"]
    amending = ("---\nloai: quyet-dinh\nco_quan: btv-tinh-uy\ntrich_yeu: sửa đổi, bổ sung một số điều của Quy chế\n"
                "nguoi_ky: pbt-tinh-uy\nnoi_nhan: [Lưu Văn phòng Tỉnh ủy.]\n---\n\n" + text +
                "\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
    qd = record(amending, "qd-sua-doi")
    assert [u.number for u in qd.body] == ["1", "2"]


def test_identical_texts_have_no_changes():
    same = compare(record(version_1(), "a"), record(version_1(), "b"))
    assert same.changes() == [] and amending_text(same) == ""
    assert {r.kind for r in same.rows} == {GIU_NGUYEN, NGU_CANH}
    assert same.visible_rows(include_unchanged=False) == []


def test_visible_rows_without_unchanged_keep_the_context_of_each_change(comparison):
    rows = comparison.visible_rows(include_unchanged=False)
    assert all(r.kind != GIU_NGUYEN for r in rows)
    assert [(r.kind, r.old_ref or r.new_ref) for r in rows if r.kind == NGU_CANH] == [
        (NGU_CANH, "Chương I"), (NGU_CANH, "Điều 2"), (NGU_CANH, "Chương II"), (NGU_CANH, "Điều 4"),
        (NGU_CANH, "khoản 1 Điều 4"), (NGU_CANH, "Điều 6")]


BASE = """Điều 1. Phạm vi

1. Quy chế này quy định việc phối hợp.

Điều 2. Nội dung

1. Trách nhiệm chủ trì:

a) Lãnh đạo công tác chính trị;

b) Lãnh đạo công tác cán bộ;

c) Lãnh đạo công tác quần chúng;

d) Lãnh đạo xây dựng lực lượng.

2. Trách nhiệm phối hợp theo Điều 1.

Điều 3. Tổ chức thực hiện

Văn phòng theo dõi, đôn đốc thực hiện Quy chế này.
"""


def amend_lines(old: str, new: str) -> list[str]:
    c = compare(record(quy_che(old), "o"), record(quy_che(new), "n"))
    return [r.amending.split("\n")[0] for r in c.changes()]


def test_standard_phrasing_for_each_kind_of_change():
    assert amend_lines(BASE, BASE.replace("d) Lãnh đạo xây dựng lực lượng.",
                                          "d) Lãnh đạo xây dựng lực lượng;\n\nđ) Kiểm tra, giám sát.")) == [
        "Sửa đổi, bổ sung điểm d khoản 1 Điều 2 như sau:",
        "Bổ sung điểm đ vào sau điểm d khoản 1 Điều 2 như sau:"]
    assert amend_lines(BASE, BASE.replace("d) Lãnh đạo xây dựng lực lượng.",
                                          "d) Kiểm tra, giám sát việc thực hiện;\n\nđ) Lãnh đạo xây dựng lực lượng.")) == [
        "Bổ sung điểm c1 vào sau điểm c khoản 1 Điều 2 như sau:"]
    assert amend_lines(BASE, BASE.replace("Điều 2. Nội dung", "Điều 2. Nội dung phối hợp")) == [
        "Sửa đổi tên Điều 2 như sau:"]
    assert amend_lines(BASE, BASE.replace("Điều 2. Nội dung", "Điều 2. Nội dung phối hợp").replace(
        "2. Trách nhiệm phối hợp theo Điều 1.", "2. Trách nhiệm phối hợp theo Điều 1 và Điều 3.")) == [
        "Sửa đổi, bổ sung Điều 2 như sau:"]
    assert amend_lines(BASE, BASE + "\nĐiều 4. Hiệu lực\n\nQuy chế này có hiệu lực kể từ ngày ký.\n") == [
        "Bổ sung Điều 4 vào sau Điều 3 như sau:"]
    assert amend_lines(BASE, BASE.replace("2. Trách nhiệm phối hợp theo Điều 1.",
                                          "2. Trách nhiệm phối hợp theo Điều 1.\n\n3. Trách nhiệm báo cáo hằng năm.")) == [
        "Bổ sung khoản 3 vào sau khoản 2 Điều 2 như sau:"]
    assert amend_lines(BASE, BASE.replace("1. Quy chế này quy định việc phối hợp.\n",
                                          "1. Quy chế này quy định việc phối hợp.\n\n2. Quy chế áp dụng với các xã.\n")) == [
        "Bổ sung khoản 2 vào sau khoản 1 Điều 1 như sau:"]


def test_a_paragraph_article_is_amended_whole():
    lines = amend_lines(BASE, BASE.replace("Văn phòng theo dõi, đôn đốc", "Văn phòng Tỉnh ủy theo dõi, đôn đốc"))
    assert lines == ["Sửa đổi, bổ sung Điều 3 như sau:"]


def test_heading_renamed():
    old = "Chương I QUY ĐỊNH CHUNG\n\n" + BASE
    new = "Chương I NHỮNG QUY ĐỊNH CHUNG\n\n" + BASE
    c = compare(record(quy_che(old), "o"), record(quy_che(new), "n"))
    assert [(r.kind, r.old_ref, r.amending) for r in c.changes()] == [
        (SUA_TEN, "Chương I", "Sửa đổi tên Chương I như sau:\n“NHỮNG QUY ĐỊNH CHUNG”")]


def test_comparison_page_for_the_site_escapes_text_and_marks_changes():
    old = record(quy_che(BASE), "o")
    new = record(quy_che(BASE.replace("Lãnh đạo công tác chính trị;", "Lãnh đạo công tác chính trị <A & B>;")), "n")
    page = comparison_markdown(old, new, title="So sánh <bản 1> & bản 2")
    assert page.startswith("# So sánh &lt;bản 1&gt; &amp; bản 2\n")
    assert "1 thay đổi: 1 sửa đổi, bổ sung." in page
    assert "<ins>&lt;A &amp; B&gt;</ins>" in page
    assert page.count('<tr class="sua-doi" id="ss-dieu-2-khoan-1-diem-a">') == 1
    assert "\n\n" not in page.split("<table", 1)[1]          # one raw-HTML block for Markdown
    assert "Giữ nguyên" not in comparison_markdown(old, new, include_unchanged=False)
