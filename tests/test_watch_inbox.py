"""Issue 20: Word as the editor. `vanban watch` as a real process watches hop-thu/; Word drafts typed the
way office staff type (tests/check_handmade.py) are saved into it the ways Word saves.

Expected values come from the documents themselves (their words, the fault the mutation put in, the
rule of issue 20), never from running the inbox code in the test process. Waits are generous; nothing
asserts how fast anything is.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import time
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import check_handmade as handmade
from check_corpus import replace
from conftest import REAL_DOCS, run_vanban
from import_facts import docx_text, empty_project
from test_watch_rebuilds import WAIT, WatchProcess

INBOX_LINE = "[hộp thư]"
ADDED = "Các bộ phận, đơn vị bảo đảm tiến độ"      # the second save's edit (replaces "Các bộ phận bảo đảm …")


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())


def docx_words(path: Path) -> list[str]:
    """Every word of a Word file in reading order (line breaks and tabs count as spaces)."""
    parts = []
    for p in Document(str(path)).element.body.iter(qn("w:p")):
        for el in p.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:cr")):
            parts.append(el.text or "" if el.tag == qn("w:t") else " ")
        parts.append(" ")
    return words("".join(parts))


def draft(edited: bool = False):
    """A kế hoạch typed in Word, with one fault: the Roman part "II." not bold (issue 14, class 9)."""
    doc = handmade.ke_hoach_roman()
    handmade._roman_part_not_bold(doc)
    if edited:
        replace(doc, "Các bộ phận bảo đảm tiến độ", ADDED)
    return doc


def docx_bytes(doc) -> bytes:
    import io
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def inbox_lines(w: WatchProcess, seconds: float) -> list[str]:
    return [line for line in w.lines_within(seconds) if line.startswith(INBOX_LINE)]


def imported(w: WatchProcess, name: str, timeout: float = WAIT) -> str:
    return w.next_line(lambda line: line.startswith(f"{INBOX_LINE} {name}"), timeout)


def record_key(line: str) -> str:
    return re.search(r"records/([^/]+)/van-ban\.md", line).group(1)


def versions(root: Path, key: str) -> list[dict]:
    folder = root / "records" / key / "phien-ban"
    return [json.loads((p / "phien-ban.json").read_text(encoding="utf-8"))
            for p in sorted(folder.iterdir(), key=lambda p: int(p.name)) if p.name.isdigit()] \
        if folder.is_dir() else []


def inbox_records(root: Path, source_name: str) -> list[Path]:
    """Record folders imported from `source_name` (their nguon names it)."""
    return [p.parent for p in (root / "records").glob("*/van-ban.md")
            if f"nguon: {source_name} (" in p.read_text(encoding="utf-8")]


@pytest.fixture
def watch(project_dir):
    started: list[WatchProcess] = []

    def start(*args: str) -> WatchProcess:
        w = WatchProcess(project_dir, *args)
        started.append(w)
        return w

    yield start
    for w in started:
        w.close()


def test_word_draft_comes_back_corrected_and_a_second_save_is_a_new_version(project_dir, watch):
    root = project_dir
    inbox = root / "hop-thu"
    w = watch()
    assert inbox.is_dir()                          # the watcher makes the folder the officials save into
    original = docx_bytes(draft())
    (inbox / "ke-hoach.docx").write_bytes(original)
    line = imported(w, "ke-hoach.docx")
    key = record_key(line)
    out = root / "out" / f"{key}.docx"
    assert out.exists()

    checked = run_vanban(root, "check", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    ratio = difflib.SequenceMatcher(None, docx_words(inbox / "ke-hoach.docx"), docx_words(out), autojunk=False).ratio()
    assert ratio >= 0.98, ratio

    report = (root / "out" / f"{key}.bao-cao.txt").read_text(encoding="utf-8")
    original_part = report.split("Bản gốc theo vanban check", 1)[1].split("Bản mới", 1)[0]
    assert "[lỗi]" in original_part and "II. NỘI DUNG" in original_part and "đậm" in original_part
    assert "Vanban đã sửa" in report                # the fault is gone from the rebuilt document
    assert "Bản mới theo vanban check: không có lỗi" in report
    assert (inbox / "ke-hoach.docx").read_bytes() == original      # the original is never changed
    assert len(versions(root, key)) == 1

    second = docx_bytes(draft(edited=True))
    (inbox / "ke-hoach.docx").write_bytes(second)
    line = imported(w, "ke-hoach.docx")
    assert record_key(line) == key and "cập nhật" in line
    assert inbox_records(root, "ke-hoach.docx") == [root / "records" / key]   # never a second record
    assert ADDED in docx_text(out)
    got = versions(root, key)
    assert len(got) == 2 and all(v["loai"] == "du-thao" for v in got)
    frozen = root / "records" / key / "phien-ban" / "2" / "ban-nhan-ke-hoach.docx"
    assert hashlib.sha256(frozen.read_bytes()).hexdigest() == hashlib.sha256(second).hexdigest()

    history = run_vanban(root, "history", key)
    assert history.returncode == 0, history.stderr
    assert "Nhận từ hộp thư: ke-hoach.docx (lần lưu thứ 1)" in history.stdout
    assert "Nhận từ hộp thư: ke-hoach.docx (lần lưu thứ 2)" in history.stdout
    diff = run_vanban(root, "diff", key, "--tu", "1", "--den", "2")
    assert diff.returncode == 0, diff.stdout + diff.stderr
    table = docx_text(root / "out" / f"{key}-bang-so-sanh.docx")
    assert ADDED in table and "Các bộ phận bảo đảm tiến độ" in table


def test_word_save_pattern_gives_one_import(project_dir, watch):
    root = project_dir
    inbox = root / "hop-thu"
    w = watch()
    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft()))
    key = record_key(imported(w, "ke-hoach.docx"))
    assert inbox_lines(w, 3) == []

    # Word opens the file (owner file), then saves: the new content into ~WRD0000.tmp, the old file
    # renamed to ~WRL0001.tmp, the temp renamed to the real name, the old copy deleted; then it closes.
    owner = inbox / "~$ke-hoach.docx"
    owner.write_bytes(b"\x0bNguyen Van A" + b"\0" * 150)
    temp, backup, target = inbox / "~WRD0000.tmp", inbox / "~WRL0001.tmp", inbox / "ke-hoach.docx"
    data = docx_bytes(draft(edited=True))
    with temp.open("wb") as fh:
        fh.write(data[: len(data) // 2])
        fh.flush()
        time.sleep(0.2)
        fh.write(data[len(data) // 2:])
    target.rename(backup)
    temp.rename(target)
    backup.unlink()
    owner.unlink()

    assert record_key(imported(w, "ke-hoach.docx")) == key
    assert inbox_lines(w, 5) == []                   # exactly one import for the save
    assert len(versions(root, key)) == 2
    assert inbox_records(root, "ke-hoach.docx") == [root / "records" / key]
    assert ADDED in docx_text(root / "out" / f"{key}.docx")


def test_half_written_file_keeps_last_good_output_and_reports(project_dir, watch):
    root = project_dir
    inbox = root / "hop-thu"
    w = watch()
    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft()))
    key = record_key(imported(w, "ke-hoach.docx"))
    out = root / "out" / f"{key}.docx"
    good = out.read_bytes()

    data = docx_bytes(draft(edited=True))
    (inbox / "ke-hoach.docx").write_bytes(data[: len(data) // 3])        # a truncated zip that stays so
    line = imported(w, "ke-hoach.docx", timeout=WAIT * 2)
    assert "hỏng" in line and "giữ nguyên" in line
    assert out.read_bytes() == good                  # never imported broken
    report = (root / "out" / f"{key}.bao-cao.txt").read_text(encoding="utf-8")
    assert "không đọc được" in report and f"out/{key}.docx" in report
    assert len(versions(root, key)) == 1

    (inbox / "ke-hoach.docx").write_bytes(data)      # saved again, whole this time
    assert record_key(imported(w, "ke-hoach.docx", timeout=WAIT * 2)) == key
    assert ADDED in docx_text(out)
    assert len(versions(root, key)) == 2


def test_edited_record_is_not_overwritten_by_the_next_word_save(project_dir, watch):
    root = project_dir
    inbox = root / "hop-thu"
    w = watch()
    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft()))
    key = record_key(imported(w, "ke-hoach.docx"))
    source = root / "records" / key / "van-ban.md"
    hand = "Các bộ phận báo cáo kết quả hằng quý."
    text = source.read_text(encoding="utf-8")
    assert "Các bộ phận bảo đảm tiến độ" in text
    source.write_text(text.replace("Các bộ phận bảo đảm tiến độ và chất lượng công việc được giao.",
                                   "Các bộ phận bảo đảm tiến độ và chất lượng công việc được giao. " + hand),
                      encoding="utf-8")
    w.next_line(lambda line: line.startswith("[") and f"{key}.docx" in line)    # rebuilt as a record
    edited = source.read_bytes()

    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft(edited=True)))
    line = w.next_line(lambda line: line.startswith(f"{INBOX_LINE} ke-hoach.docx"))
    assert "xung đột" in line
    assert source.read_bytes() == edited                                    # the hand edit is kept …
    assert hand in docx_text(root / "out" / f"{key}.docx")
    proposal = root / "records" / key / "van-ban.tu-hop-thu.md"
    assert ADDED in proposal.read_text(encoding="utf-8")                    # … and so is the new save
    report = (root / "out" / f"{key}.bao-cao.txt").read_text(encoding="utf-8")
    assert "van-ban.tu-hop-thu.md" in report and "không ghi đè" in report

    # The official takes the new import: copying the proposal over the record ends the conflict.
    source.write_bytes(proposal.read_bytes())
    w.next_line(lambda line: line.startswith("[") and f"{key}.docx" in line)
    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft()))
    line = imported(w, "ke-hoach.docx")
    assert "cập nhật" in line and not proposal.exists()


# Every real document of the corpus (Word, signed PDFs, Word 97, the Nghị định and its annexes): through
# the inbox each comes out as it does through `vanban import` + `vanban build` (the import table,
# tests/test_import_real.py, says how good that is).
REAL = sorted(p.name for p in REAL_DOCS.iterdir() if p.suffix in (".docx", ".pdf", ".doc"))


def test_real_documents_through_the_inbox_as_through_import_and_build(tmp_path):
    by_cli = empty_project(tmp_path / "cli")
    for name in REAL:
        result = run_vanban(by_cli, "import", str(REAL_DOCS / name))
        assert result.returncode in (0, 1), result.stdout + result.stderr
    built = run_vanban(by_cli, "build")
    assert built.returncode in (0, 1), built.stderr
    expected = {p.name: docx_text(p) for p in (by_cli / "out").glob("*.docx")}
    assert len(expected) >= len(REAL)

    root = empty_project(tmp_path / "inbox")
    w = WatchProcess(root)
    try:
        keys = set()
        for name in REAL:
            (root / "hop-thu" / name).write_bytes((REAL_DOCS / name).read_bytes())
            keys.add(record_key(imported(w, name, timeout=WAIT * 4)))
    finally:
        w.close()
    got = {p.name: docx_text(p) for p in (root / "out").glob("*.docx")}
    assert got == expected
    for key in keys:
        assert (root / "out" / f"{key}.bao-cao.txt").exists()
        assert (root / "records" / key / "phien-ban" / "1").is_dir()
    for name in REAL:
        assert (root / "hop-thu" / name).read_bytes() == (REAL_DOCS / name).read_bytes()


def test_save_of_an_issued_document_becomes_a_new_draft(project_dir, watch):
    root = project_dir
    inbox = root / "hop-thu"
    w = watch()
    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft()))
    key = record_key(imported(w, "ke-hoach.docx"))
    source = root / "records" / key / "van-ban.md"
    # The official makes it a draft of an office body and issues it (number and date from the register).
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"co_quan:\n(  .*\n)+", "co_quan: ubnd-xa-thuan-an\n", text)
    text = re.sub(r"^(so|ky_hieu|ngay|trang_thai): .*\n", "", text, flags=re.M)
    source.write_text(text, encoding="utf-8")
    w.next_line(lambda line: line.startswith("[") and f"{key}.docx" in line)
    issued = run_vanban(root, "issue", key, "--khong-pdf")
    assert issued.returncode == 0, issued.stdout + issued.stderr
    frozen_source, frozen_out = source.read_bytes(), (root / "out" / f"{key}.docx").read_bytes()
    count = len(versions(root, key))

    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft(edited=True)))
    line = imported(w, "ke-hoach.docx")
    new = record_key(line)
    assert new != key and "dự thảo mới" in line
    assert source.read_bytes() == frozen_source                      # the issued record is untouched
    assert (root / "out" / f"{key}.docx").read_bytes() == frozen_out
    assert len(versions(root, key)) == count
    assert ADDED in docx_text(root / "out" / f"{new}.docx")
    report = (root / "out" / f"{new}.bao-cao.txt").read_text(encoding="utf-8")
    assert "đã ban hành" in report and f"records/{new}/van-ban.md" in report
    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft()))        # later saves update the new draft
    assert record_key(imported(w, "ke-hoach.docx")) == new


def test_with_pdf_the_corrected_pdf_and_page_one_before_and_after(project_dir, watch):
    from pypdf import PdfReader
    root = project_dir
    w = watch("--pdf")
    (root / "hop-thu" / "ke-hoach.docx").write_bytes(docx_bytes(draft()))
    line = imported(w, "ke-hoach.docx", timeout=WAIT * 4)
    key = record_key(line)
    pdf = root / "out" / f"{key}.pdf"
    assert "Nâng cao chất lượng giải quyết thủ tục hành chính" in PdfReader(str(pdf)).pages[0].extract_text()
    before, after = (root / "out" / f"{key}.trang-1-truoc.png"), (root / "out" / f"{key}.trang-1-sau.png")
    for picture in (before, after):
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert before.read_bytes() != after.read_bytes()
    report = (root / "out" / f"{key}.bao-cao.txt").read_text(encoding="utf-8")
    assert f"out/{key}.pdf" in report


def test_site_shows_the_inbox_and_never_a_confidential_one(project_dir, watch):
    root = project_dir
    inbox = root / "hop-thu"
    w = watch("--pdf")
    (inbox / "ke-hoach.docx").write_bytes(docx_bytes(draft()))
    key = record_key(imported(w, "ke-hoach.docx", timeout=WAIT * 4))
    (inbox / "cong-van-mat.docx").write_bytes(docx_bytes(handmade.cong_van_tabs()))
    secret = record_key(imported(w, "cong-van-mat.docx", timeout=WAIT * 4))
    source = root / "records" / secret / "van-ban.md"
    source.write_text(source.read_text(encoding="utf-8").replace("\nloai: cong-van\n", "\nloai: cong-van\ndo_mat: MẬT\n"),
                      encoding="utf-8")
    w.next_line(lambda line: line.startswith("[") and f"{secret}.docx" in line, timeout=WAIT * 4)
    w.close()

    site = run_vanban(root, "site")
    assert site.returncode == 0, site.stdout + site.stderr
    page = (root / "site" / "hop-thu.html").read_text(encoding="utf-8")
    assert "ke-hoach.docx" in page
    assert "Bản gốc theo vanban check" in page and "Vanban đã sửa" in page     # the report, shown
    for suffix in (".trang-1-truoc.png", ".trang-1-sau.png", ".bao-cao.txt"):
        target = f"tai-ve/hop-thu/{key}{suffix}"
        assert f'"{target}"' in page and (root / "site" / target).is_file()
    assert f"tai-ve/{key}.docx" in page and f"tai-ve/{key}.pdf" in page
    assert (root / "site" / "tai-ve" / f"{key}.docx").is_file()
    for path in (root / "site").rglob("*"):                 # not the name, not the report, not a picture
        assert secret not in path.name
        if path.is_file() and path.suffix in (".html", ".txt", ".json", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "cong-van-mat" not in text and secret not in text, path


def test_inbox_folder_named_in_the_office_config_takes_text_files(project_dir, watch):
    root = project_dir
    config = root / "records" / "van-phong.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhop_thu: van-ban-den\n", encoding="utf-8")
    w = watch()
    assert (root / "van-ban-den").is_dir() and not (root / "hop-thu").exists()
    seed = Path(__file__).resolve().parent / "data" / "seeds" / "bao-cao-tham-luan-thanh-binh.txt"
    (root / "van-ban-den" / seed.name).write_bytes(seed.read_bytes())
    line = imported(w, seed.name)
    key = record_key(line)
    assert "hồ sơ mới" in line
    out = root / "out" / f"{key}.docx"
    ratio = difflib.SequenceMatcher(None, words(seed.read_text(encoding="utf-8")), docx_words(out),
                                    autojunk=False).ratio()
    assert ratio >= 0.98, ratio
    report = (root / "out" / f"{key}.bao-cao.txt").read_text(encoding="utf-8")
    assert "không phải tệp Word" in report                     # check reads Word files only: said so


def test_a_file_holding_two_documents_maps_to_the_same_two_records(project_dir, watch):
    root = project_dir
    inbox = root / "hop-thu"
    w = watch()
    doc = handmade.qd_va_quy_che()          # a Quyết định and the Quy chế it issues, in one Word file
    (inbox / "qd-quy-che.docx").write_bytes(docx_bytes(doc))
    imported(w, "qd-quy-che.docx")
    first = inbox_records(root, "qd-quy-che.docx")
    assert len(first) == 2
    doc.core_properties.revision = 2         # saved again by Word
    (inbox / "qd-quy-che.docx").write_bytes(docx_bytes(doc))
    line = imported(w, "qd-quy-che.docx")
    assert "cập nhật" in line
    assert inbox_records(root, "qd-quy-che.docx") == first
    assert all(len(versions(root, folder.name)) == 2 for folder in first)
    second = [f for f in first if f.name != record_key(line)][0]
    report = (root / "out" / f"{second.name}.bao-cao.txt").read_text(encoding="utf-8")
    assert f"cùng tệp với {record_key(line)}" in report
