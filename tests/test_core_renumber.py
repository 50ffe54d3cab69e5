"""`vanban renumber`: insert an article, renumber, and every internal reference follows."""

from __future__ import annotations

import re

from conftest import run_vanban


def _articles(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^Điều (\d+[a-z]?)\. (.*)$", text, flags=re.M)


def test_insert_article_then_renumber_updates_numbers_and_references(project_dir):
    source = project_dir / "records" / "qc-phoi-hop-ca-tinh-2025" / "van-ban.md"
    text = source.read_text(encoding="utf-8")
    # References of every shape, against the current numbering (Điều 5 has khoản 1 and 2; Điều 4 khoản 1).
    text = text.replace("Điều 7. Chế độ họp và báo cáo\n\n1. Hằng năm",
                        "Điều 7. Chế độ họp và báo cáo\n\n1. Theo khoản 2 Điều 5 và điểm a khoản 1 Điều 7a, "
                        "thực hiện khoản 1 Điều này. Hằng năm")
    # A new article typed with the number it will have, before the current Điều 3.
    text = text.replace("Điều 3. Nội dung phối hợp",
                        "Điều 3. Giải thích từ ngữ\n\nTrong Quy chế này, các từ ngữ dưới đây được hiểu như sau:\n\n"
                        "1. Bên đề nghị là cơ quan gửi văn bản đề nghị phối hợp.\n\n"
                        "2. Bên được đề nghị là cơ quan nhận văn bản đề nghị phối hợp.\n\n"
                        "Điều 3. Nội dung phối hợp", 1)
    # An inserted point-carrying article with a letter suffix, after Điều 7.
    text = text.replace("Chương III TỔ CHỨC THỰC HIỆN",
                        "Điều 7a. Kinh phí\n\n1. Kinh phí bảo đảm:\n\na) Từ ngân sách;\n\nb) Từ nguồn hợp pháp khác.\n\n"
                        "Chương III TỔ CHỨC THỰC HIỆN")
    source.write_text(text, encoding="utf-8")

    before = run_vanban(project_dir, "build", str(source.parent))
    assert before.returncode == 2 and "trùng số với Điều 3" in before.stderr   # the linter sees the repeat

    result = run_vanban(project_dir, "renumber", str(source.parent))
    assert result.returncode == 0, result.stderr
    new = source.read_text(encoding="utf-8")
    numbers = [n for n, _ in _articles(new)]
    assert numbers == [str(i) for i in range(1, 11)]
    titles = dict((t, n) for n, t in _articles(new))
    assert titles["Giải thích từ ngữ"] == "3" and titles["Nội dung phối hợp"] == "4"
    assert titles["Kinh phí"] == "9" and titles["Trách nhiệm tổ chức thực hiện"] == "10"
    # "tại Điều 3 Quy chế này" pointed at Nội dung phối hợp, now Điều 4 — every occurrence.
    assert "Điều 3 Quy chế này" not in new and "Điều 3 của Quy chế này" not in new
    assert new.count("Điều 4 Quy chế này") + new.count("Điều 4 của Quy chế này") == 3
    assert "Theo khoản 2 Điều 6 và điểm a khoản 1 Điều 9, thực hiện khoản 1 Điều này." in new
    assert "Chương I QUY ĐỊNH CHUNG" in new.replace("**", "")
    built = run_vanban(project_dir, "build", str(source.parent))
    assert built.returncode == 0, built.stderr


def test_reference_to_missing_article_is_an_error_with_line(project_dir):
    source = project_dir / "records" / "qc-phoi-hop-ca-tinh-2025" / "van-ban.md"
    lines = source.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("1. Định kỳ 6 tháng"))
    lines[index] = lines[index].replace("theo quy định tại Điều 3 Quy chế này", "theo quy định tại Điều 12 Quy chế này")
    source.write_text("\n".join(lines), encoding="utf-8")
    result = run_vanban(project_dir, "build", str(source.parent))
    assert result.returncode == 2
    assert f"van-ban.md:{index + 1}: lỗi: tham chiếu \"Điều 12 Quy chế này\"" in result.stderr
    assert "Điều 1 đến Điều 8" in result.stderr


def test_renumber_khoan_and_diem_in_sequence(project_dir):
    source = project_dir / "records" / "qd-ubnd-to-ra-soat-2026" / "van-ban.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("b) Hồ sơ, tài liệu về đất đai", "c) Hồ sơ, tài liệu về đất đai")
    text = text.replace("c) Sổ đăng ký", "d) Sổ đăng ký")
    text = text.replace("3. Bà Lê Thị Mai", "4. Bà Lê Thị Mai")
    source.write_text(text, encoding="utf-8")
    bad = run_vanban(project_dir, "build", str(source.parent))
    assert bad.returncode == 2
    assert "khoản \"4.\" không đúng thứ tự" in bad.stderr
    result = run_vanban(project_dir, "renumber", str(source.parent))
    assert result.returncode == 0, result.stderr
    new = source.read_text(encoding="utf-8")
    assert "b) Hồ sơ, tài liệu về đất đai" in new and "c) Sổ đăng ký" in new and "3. Bà Lê Thị Mai" in new
    assert "theo quy định tại khoản 1 Điều này" in new
