"""The incremental site build, for real (`vanban site` → MkDocs + Material, strict) on a copy of the samples:
nothing changed → no build at all; one edit → the pages that show it are rebuilt and the others kept
as they were; a record made confidential (or attached to, or quoting, a confidential one) and a deleted
record are gone from every page, search entry and download in the incremental path too; a build killed
half-way leaves the previous site; after a sequence of edits the site is the one a full build makes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project, run_vanban

REPORT = "bc-sang-kien-thuan-an"                 # a báo cáo sáng kiến, cited by nothing
REPORT_PAGE = f"van-ban/bao-cao-sang-kien/{REPORT}.html"
OLD_SUBJECT = "Quy chế phối hợp thực hiện nhiệm vụ bảo vệ chính trị nội bộ Đảng"
FIRST_SUBJECT = "Sáng kiến Cánh Diều Vàng về công tác lưu trữ"
NEW_SUBJECT = "Sáng kiến Hoa Sen Xanh về công tác văn thư"
QD, QC = "qd-230-tu-2025", "qc-phoi-hop-ca-tinh-2025"   # the Quy chế is attached to the Quyết định
REQUEST, REPLY = "cv-de-nghi-xac-minh-2026", "cv-phuc-dap-xac-minh-2026"   # the reply quotes the request


@pytest.fixture
def built(tmp_path) -> Path:
    root = copy_project(tmp_path / "du-an")
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stderr
    site(root)
    return root


def site(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = run_vanban(root, "site", *args, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file of the folder with its inode and modification time: equal means not rewritten."""
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(folder).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return out


def text(root: Path, rel: str) -> str:
    return (root / "site" / rel).read_text(encoding="utf-8")


def source(root: Path, key: str) -> Path:
    return root / "records" / key / "van-ban.md"


def set_front(root: Path, key: str, line: str) -> None:
    """Add `line` to the front matter of a record (after its `loai:` line)."""
    path = source(root, key)
    body = path.read_text(encoding="utf-8")
    head, sep, rest = body.partition("\nloai: ")
    first, nl, tail = rest.partition("\n")
    path.write_text(f"{head}{sep}{first}\n{line}{nl}{tail}", encoding="utf-8")


def replace_in(root: Path, key: str, old: str, new: str) -> None:
    path = source(root, key)
    body = path.read_text(encoding="utf-8")
    assert old in body
    path.write_text(body.replace(old, new, 1), encoding="utf-8")


def search_index(root: Path) -> tuple[dict, str]:
    """vanban's search index (MiniSearch JSON inside a script, generator/render/site/search.py) and the
    texts indexed beside it."""
    js = root / "site" / "assets" / "javascripts"
    script = (js / "vanban-search-index.js").read_text(encoding="utf-8")
    index = json.loads(json.loads(script[script.index("=") + 1:script.index(";window.VANBAN_SEARCH_PARTS")]))
    texts = "".join(p.read_text(encoding="utf-8") for p in sorted(js.glob("vanban-search-text-*.js")))
    return index, texts


def search_locations(root: Path) -> list[str]:
    """The page (and anchor, for an Điều) of every search entry."""
    stored = search_index(root)[0]["storedFields"]
    return [v["u"] if "u" in v else f"{stored[str(v['p'])]['u']}#{v.get('a', '')}" for v in stored.values()]


def site_files_text(root: Path) -> dict[str, str]:
    return {rel: (root / "site" / rel).read_text(encoding="utf-8") for rel in files_of(root / "site")
            if rel.endswith((".html", ".json", ".js", ".xml")) and not rel.startswith("assets/")}


def test_nothing_changed_builds_nothing_and_says_so(built):
    before = files_of(built / "site")
    state = (built / ".vanban" / "site-state.json").read_bytes()
    result = site(built)
    assert "không đổi" in result.stdout and "site/ giữ nguyên" in result.stdout, result.stdout
    assert files_of(built / "site") == before
    assert (built / ".vanban" / "site-state.json").read_bytes() == state


def test_a_new_title_reaches_its_page_and_the_lists_and_other_pages_are_kept(built):
    # the sample's subject is also the name of the Quy chế it reports on: first a subject of its own
    replace_in(built, REPORT, f"trich_yeu: {OLD_SUBJECT}", f"trich_yeu: {FIRST_SUBJECT}")
    site(built)
    before = files_of(built / "site")
    assert FIRST_SUBJECT in text(built, REPORT_PAGE)
    replace_in(built, REPORT, f"trich_yeu: {FIRST_SUBJECT}", f"trich_yeu: {NEW_SUBJECT}")
    result = site(built)
    assert "dựng lại" in result.stdout, result.stdout            # the incremental path, not a full build
    after = files_of(built / "site")
    pages = site_files_text(built)
    # the record's page, the catalogue by type and the home page (all 13 samples are among the newest)
    for rel in (REPORT_PAGE, "danh-muc/loai.html", "danh-muc/nam.html", "index.html"):
        assert NEW_SUBJECT in pages[rel], rel
    stale = [rel for rel, page in pages.items() if FIRST_SUBJECT in page]
    assert not stale, stale
    stored = search_index(built)[0]["storedFields"]
    assert any(NEW_SUBJECT in v.get("t", "") for v in stored.values() if v.get("u", "").startswith(REPORT_PAGE))
    assert not any(FIRST_SUBJECT in v.get("t", "") for v in stored.values())
    kept = [rel for rel in after if rel.endswith(".html") and after[rel] == before.get(rel)]
    # a record page of another type whose sidebar and neighbours do not show the báo cáo sáng kiến
    assert "van-ban/quyet-dinh/qd-230-tu-2025.html" in kept, sorted(kept)
    assert all(NEW_SUBJECT not in pages[rel] for rel in kept)
    assert "assets/stylesheets/vanban.css" in after and after["assets/stylesheets/vanban.css"] == \
        before["assets/stylesheets/vanban.css"]


def test_records_made_confidential_vanish_from_every_page_search_entry_and_download(built):
    downloads = {p.name for p in (built / "site" / "tai-ve").rglob("*") if p.is_file()}
    assert {f"{QD}.docx", f"{QC}.docx", f"{REQUEST}.docx", f"{REPLY}.docx", f"{REPORT}.docx"} <= downloads
    set_front(built, QD, "do_mat: MẬT")                   # its Quy chế is attached to it: secret too
    set_front(built, REQUEST, "do_mat: MẬT")              # the reply quotes it: the reply's files go
    set_front(built, REPORT, f"quan_he:\n  kem_theo: {REQUEST}")   # now attached to a secret record
    result = site(built)
    assert "dựng lại" in result.stdout, result.stdout
    gone = (QD, QC, REQUEST, REPORT)
    for key in gone:
        assert not list((built / "site" / "van-ban").rglob(f"{key}.html")), key
    leaks = [(rel, key) for rel, page in site_files_text(built).items() for key in gone if key in page]
    assert not leaks, leaks
    assert not [loc for loc in search_locations(built) if any(key in loc for key in gone)]
    downloads = {p.name for p in (built / "site" / "tai-ve").rglob("*") if p.is_file()}
    assert not [n for n in downloads if n.startswith((*gone, REPLY))], downloads
    assert (built / "site" / "van-ban" / "cong-van" / f"{REPLY}.html").is_file()   # its page stays


def test_a_deleted_record_loses_its_page_its_entries_and_its_links(built):
    shutil.rmtree(built / "records" / REPORT)
    site(built)
    assert not (built / "site" / REPORT_PAGE).exists()
    assert not [loc for loc in search_locations(built) if REPORT in loc]
    assert not [rel for rel, page in site_files_text(built).items() if REPORT in page]


def test_a_build_killed_half_way_leaves_the_previous_site(built):
    before = files_of(built / "site")
    replace_in(built, REPORT, f"trich_yeu: {OLD_SUBJECT}", f"trich_yeu: {NEW_SUBJECT}")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(built), "site"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not list(built.glob(".site.moi-*")) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, "the build ended before its new folder appeared"
        proc.kill()                          # as soon as the new folder is there: an incremental build of
        #                                      the sample project finishes within 50 ms of that moment
    finally:
        proc.wait(timeout=60)
    assert files_of(built / "site") == before
    assert OLD_SUBJECT in text(built, REPORT_PAGE)
    site(built)
    assert NEW_SUBJECT in text(built, REPORT_PAGE) and NEW_SUBJECT in text(built, "danh-muc/loai.html")
    assert not list(built.glob(".site.*"))


def test_after_a_sequence_of_edits_the_site_is_the_one_a_full_build_makes(built, tmp_path):
    replace_in(built, REPORT, f"trich_yeu: {OLD_SUBJECT}", f"trich_yeu: {NEW_SUBJECT}")
    site(built)
    shutil.copytree(built / "records" / REPORT, built / "records" / "bc-sang-kien-thu-hai")
    replace_in(built, "bc-sang-kien-thu-hai", f"trich_yeu: {NEW_SUBJECT}", "trich_yeu: Sáng kiến thứ hai")
    site(built)
    set_front(built, QD, "do_mat: MẬT")
    site(built)
    shutil.rmtree(built / "records" / "kh-trien-khai-quy-che-bvctnb-2026")
    site(built)
    replace_in(built, QD, "do_mat: MẬT\n", "")
    site(built)

    cold = tmp_path / "lanh"
    shutil.copytree(built, cold, ignore=shutil.ignore_patterns("site", ".vanban", "docs-site"))
    site(cold)
    ours, theirs = files_of(built / "site"), files_of(cold / "site")
    assert sorted(ours) == sorted(theirs)
    differ = [rel for rel in ours if (built / "site" / rel).read_bytes() != (cold / "site" / rel).read_bytes()
              and rel != "sitemap.xml.gz"]
    assert not differ, differ


def test_an_edited_text_rewrites_only_its_own_page_and_shows_the_new_sentence(built):
    docs = built / "docs-site"
    before = files_of(docs)
    path = source(built, REPORT)
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\nCâu bổ sung Hoa Mười Giờ.\n",
                    encoding="utf-8")
    result = site(built)
    assert "2 tệp ghi mới" in result.stdout, result.stdout
    after = files_of(docs)
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    # the page, and the one part of the search texts that holds its text (search.py writes them in parts)
    assert len(changed) == 2 and REPORT_PAGE.replace(".html", ".md") in changed, changed
    assert [rel for rel in changed if rel.startswith("assets/javascripts/vanban-search-text-")], changed
    assert "Câu bổ sung Hoa Mười Giờ." in text(built, REPORT_PAGE)
    assert "Hoa Mười Giờ" in search_index(built)[1]


def test_a_same_size_same_mtime_edit_of_settled_inputs_is_still_a_change(built):
    """The nothing-changed check keeps the hash of each input under its file status once the file has
    settled (state._Hashes): an edit that keeps the size and the modification time still moves the
    change time, so the site is built again and shows the new words."""
    time.sleep(2.2)                                        # every input older than loading.RACY_NS
    assert "không đổi" in site(built).stdout               # hashes kept under settled statuses now
    assert (built / ".vanban" / "site-hashes.json").is_file()
    path = source(built, REPORT)
    st = path.stat()
    body = path.read_text(encoding="utf-8")
    assert "Tính cấp thiết" in body
    path.write_text(body.replace("Tính cấp thiết", "Tính CẤP thiết", 1), encoding="utf-8")   # same length
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    result = site(built)
    assert "không đổi" not in result.stdout, result.stdout
    assert "Tính CẤP thiết" in text(built, REPORT_PAGE)
    (built / "out" / f"{REPORT}.docx").write_bytes(b"")    # a download too (hashed, not stat'ed, when fresh)
    assert "không đổi" not in site(built).stdout


def test_a_page_changed_in_docs_site_is_written_again_by_the_next_build(built):
    """Pages kept from the last build are trusted by their file status once settled (not read again):
    a page changed by hand in docs-site/ (same size, modification time put back) has a new change time,
    so the next build that runs writes it again from the record."""
    time.sleep(2.2)
    replace_in(built, REPORT, "Tính cấp thiết", "Tính CẤP thiết")      # a build that writes, statuses settled
    site(built)
    page = built / "docs-site" / "van-ban" / "quy-che" / f"{QC}.md"
    good = page.read_bytes()
    st = page.stat()
    page.write_bytes(good.replace("Điều 1".encode(), "Điều 9".encode(), 1))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert page.read_bytes() != good and page.stat().st_size == st.st_size
    replace_in(built, REPORT, "Tính CẤP thiết", "Tính cấp thiết")      # another record changes
    site(built)
    assert page.read_bytes() == good


def test_a_download_removed_from_out_leaves_the_page_and_the_site(built):
    assert f"tai-ve/{REPORT}.docx" in text(built, REPORT_PAGE)
    (built / "out" / f"{REPORT}.docx").unlink()
    site(built)
    assert f"{REPORT}.docx" not in text(built, REPORT_PAGE)
    assert not (built / "site" / "tai-ve" / f"{REPORT}.docx").exists()


def test_after_one_edit_only_that_record_is_read_for_the_pages_and_the_search_index(built, monkeypatch):
    """The other records' pages and search entries are kept from the last build: neither their text is
    read nor their entries made again (the search entries of 1,000 records were half of a site build after
    one edit). What is kept is what a full build makes (the sequence test above): here, the new sentence
    is found and the others' entries are all still there."""
    from generator.format import loading
    from generator.format.config import Project
    from generator.render.site import builder, search
    before = search_locations(built)
    made: list[str] = []
    real = search.record_entries
    monkeypatch.setattr(search, "record_entries", lambda data, record, page: (made.append(record.key),
                                                                               real(data, record, page))[1])
    replace_in(built, REPORT, "\n---\n", "\n---\n\nCâu mở đầu Hoa Mười Giờ.\n\n")
    loading._parsed.clear()
    builder.build_site(Project(built))
    assert made == [REPORT]
    assert search_locations(built) == before and "Hoa Mười Giờ" in search_index(built)[1]
    assert "Câu mở đầu Hoa Mười Giờ." in text(built, REPORT_PAGE)
