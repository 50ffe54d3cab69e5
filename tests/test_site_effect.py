"""Status as legislation sites show it (issue 17, vbpl.vn / thuvienphapluat.vn): the day a document takes
effect and the day it ends on its page, "Chưa có hiệu lực" / "Hết hiệu lực" counted from the reader's today,
and an amendment marked at the Điều and khoản it changes, with a link both ways.

The sample records plus the test's own: an issued Quyết định 245-QĐ/TU that amends the sample Quy chế
(issued with 230-QĐ/TU): "Sửa đổi, bổ sung khoản 2 Điều 5" and "Bãi bỏ khoản 3 Điều 8", effective
15/3/2026 by its Điều 2; the old Quyết định 112-QĐ/TU (2024, effective on signing) with its Quy chế,
replaced by 7-QĐ/TU of 12/01/2026 (effective on signing); a Kế hoạch effective only on 01/07/2027 (typed
`hieu_luc`); a Chỉ thị whose `het_hieu_luc` 31/12/2025 has passed; a confidential Quyết định that amends
the sample Quy chế too (its mark must not appear). Expected values are read from those texts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import copy_project, run_vanban
from site_support import NEW_QD, OLD_QC, OLD_QD, page, write_record
from tools import system_tool

AMEND_KEY = "qd-sua-doi-quy-che-2026"
AMEND = """---
loai: quyet-dinh
co_quan: btv-tinh-uy
so: 245
ngay: 2026-03-02
trang_thai: ban-hanh
trich_yeu: sửa đổi, bổ sung một số điều của Quy chế phối hợp công tác đảng trong Công an xã
quan_he:
  sua_doi:
    - 230-QĐ/TU
noi_nhan:
  - Như Điều 3,
  - Lưu Văn phòng Tỉnh ủy.
---

Điều 1. Sửa đổi, bổ sung một số điều của Quy chế ban hành kèm theo Quyết định số 230-QĐ/TU, ngày 03/11/2025 của Ban Thường vụ Tỉnh ủy như sau:

1. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:

“2. Trách nhiệm phối hợp: Đảng ủy xã phối hợp chặt chẽ với Đảng ủy Công an tỉnh theo Điều 3.”

2. Bãi bỏ khoản 3 Điều 8.

Điều 2. Quyết định này có hiệu lực thi hành từ ngày 15/3/2026.

Điều 3. Văn phòng Tỉnh ủy, Đảng ủy Công an tỉnh và các đảng ủy xã thi hành Quyết định này.
"""
SECRET_AMEND = AMEND.replace("so: 245", "so: 246\ndo_mat: MẬT").replace(
    "khoản 2 Điều 5 như sau", "khoản 1 Điều 6 như sau").replace("Bãi bỏ khoản 3 Điều 8", "Bãi bỏ khoản 1 Điều 7")
LATER_KEY = "kh-chuyen-doi-so-2027"
LATER = """---
loai: ke-hoach
co_quan: btv-tinh-uy
so: 60
ngay: 2026-11-20
hieu_luc: 2027-07-01
trang_thai: ban-hanh
trich_yeu: chuyển đổi số trong công tác văn phòng
noi_nhan:
  - Các đảng ủy xã,
  - Lưu Văn phòng Tỉnh ủy.
---

I. MỤC ĐÍCH, YÊU CẦU

1. Chuyển toàn bộ hồ sơ văn bản sang dạng số.
"""
ENDED_KEY = "ct-cao-diem-2025"
ENDED = """---
loai: chi-thi
co_quan: btv-tinh-uy
so: 12
ngay: 2025-06-02
het_hieu_luc: 31/12/2025
trang_thai: ban-hanh
trich_yeu: đợt cao điểm bảo đảm an ninh, trật tự năm 2025
noi_nhan:
  - Các đảng ủy xã,
  - Lưu Văn phòng Tỉnh ủy.
---

1. Các cấp ủy tập trung lãnh đạo đợt cao điểm đến hết năm 2025.
"""

QC_PAGE = "van-ban/quy-che/qc-phoi-hop-ca-tinh-2025.html"
QD230_PAGE = "van-ban/quyet-dinh/qd-230-tu-2025.html"
AMEND_PAGE = f"van-ban/quyet-dinh/{AMEND_KEY}.html"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hieu-luc") / "du-an")
    for key, text in ((AMEND_KEY, AMEND), ("qd-mat-sua-doi-2026", SECRET_AMEND), (LATER_KEY, LATER),
                      (ENDED_KEY, ENDED), ("qd-cu-2024", OLD_QD), ("qc-cu-2024", OLD_QC), ("qd-moi-2026", NEW_QD)):
        write_record(root, key, text)
    result = run_vanban(root, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def facts(root: Path, rel: str) -> dict[str, str]:
    doc = page(root, rel)
    return {tr.xpath("string(th)").strip(): " ".join(tr.xpath("string(td)").split())
            for tr in doc.xpath('//table[contains(@class, "vb-thong-tin")]//tr')}


def test_effective_and_end_dates_come_from_the_text_the_fields_and_what_replaced_it(root):
    # 230-QĐ/TU: "Quyết định này có hiệu lực kể từ ngày ký", signed 03/11/2025; its Quy chế says nothing: the same
    assert facts(root, QD230_PAGE)["Ngày có hiệu lực"] == "03/11/2025"
    assert facts(root, QC_PAGE)["Ngày có hiệu lực"] == "03/11/2025"
    assert "Ngày hết hiệu lực" not in facts(root, QC_PAGE)
    # 245-QĐ/TU: "có hiệu lực thi hành từ ngày 15/3/2026" (not its date of signing, 02/3/2026)
    assert facts(root, AMEND_PAGE)["Ngày có hiệu lực"] == "15/03/2026"
    # 112-QĐ/TU (06/5/2024, on signing) and its Quy chế end when 7-QĐ/TU, effective on signing 12/01/2026, replaces them
    for rel in ("van-ban/quyet-dinh/qd-cu-2024.html", "van-ban/quy-che/qc-cu-2024.html"):
        assert facts(root, rel)["Ngày có hiệu lực"] == "06/05/2024", rel
        assert facts(root, rel)["Ngày hết hiệu lực"] == "12/01/2026", rel
    assert facts(root, f"van-ban/ke-hoach/{LATER_KEY}.html")["Ngày có hiệu lực"] == "01/07/2027"
    ended = facts(root, f"van-ban/chi-thi/{ENDED_KEY}.html")
    assert ended["Ngày hết hiệu lực"] == "31/12/2025" and ended["Tình trạng"] == "Hết hiệu lực"
    # a công văn is sent, not "in effect": no effect dates
    assert not {"Ngày có hiệu lực", "Ngày hết hiệu lực"} & set(facts(root, "van-ban/cong-van/cv-de-nghi-xac-minh-2026.html"))


def test_the_amended_articles_carry_a_mark_that_links_to_the_amending_article(root):
    doc = page(root, QC_PAGE)
    marks = {p.getprevious().get("id") if p.getprevious() is not None else None: p
             for p in doc.xpath('//p[contains(@class, "vb-sua-doi-tai")]')}
    assert set(marks) == {"dieu-5-khoan-2", "dieu-8-khoan-3"}      # not Điều 6 / 7 of the secret one
    changed, repealed = marks["dieu-5-khoan-2"], marks["dieu-8-khoan-3"]
    assert " ".join(changed.text_content().split()).startswith(
        "Được sửa đổi, bổ sung bởi khoản 1 Điều 1 Quyết định số 245-QĐ/TU")
    assert changed.xpath("a/@href") == [f"../quyet-dinh/{AMEND_KEY}.html#dieu-1-khoan-1"]
    assert repealed.text_content().startswith("Bị bãi bỏ bởi khoản 2 Điều 1 Quyết định số 245-QĐ/TU")
    assert repealed.xpath("a/@href") == [f"../quyet-dinh/{AMEND_KEY}.html#dieu-1-khoan-2"]
    # the way back: the amending text's "khoản 2 Điều 5" opens that khoản of the Quy chế
    amending = page(root, AMEND_PAGE)
    links = {a.text_content(): a.get("href") for a in amending.xpath('//p[@id="dieu-1-khoan-1" or @id="dieu-1-khoan-2"]//a[not(contains(@class, "vb-lien-ket"))]')}
    assert links == {"khoản 2 Điều 5": "../quy-che/qc-phoi-hop-ca-tinh-2025.html#dieu-5-khoan-2",
                     "khoản 3 Điều 8": "../quy-che/qc-phoi-hop-ca-tinh-2025.html#dieu-8-khoan-3"}
    # and 230-QĐ/TU, and its Quy chế whose articles are marked, say they are amended
    for rel in (QD230_PAGE, QC_PAGE):
        assert "245-QĐ/TU" in page(root, rel).xpath('string(//*[contains(@class, "vb-bi-sua-doi")])'), rel
        assert facts(root, rel)["Tình trạng"] == "Có hiệu lực, đã được sửa đổi, bổ sung", rel


def test_nothing_of_a_confidential_amendment_reaches_the_site(root):
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "246-QĐ/TU" not in text and "qd-mat-sua-doi-2026" not in text, path


def test_an_edited_amendment_moves_its_mark_in_the_next_incremental_build(root, tmp_path):
    import shutil
    copy = tmp_path / "du-an"
    shutil.copytree(root, copy, symlinks=True)
    source = copy / "records" / AMEND_KEY / "van-ban.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Bãi bỏ khoản 3 Điều 8", "Bãi bỏ khoản 2 Điều 8"),
                      encoding="utf-8")
    result = run_vanban(copy, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    doc = page(copy, QC_PAGE)
    ids = {p.getprevious().get("id") for p in doc.xpath('//p[contains(@class, "vb-sua-doi-tai")]')}
    assert ids == {"dieu-5-khoan-2", "dieu-8-khoan-2"}


@pytest.mark.parametrize("day, later, ended", [
    ("2026-12-01", "Chưa có hiệu lực", "Hết hiệu lực"),
    ("2027-07-01", "Đang có hiệu lực", "Hết hiệu lực"),
])
def test_the_status_is_counted_from_the_readers_today(root, day, later, ended):
    """Opened from the folder (file://): the Kế hoạch effective 01/07/2027 is not yet in effect before that
    day and is from it on (the page was built once); the Chỉ thị ended 31/12/2025 stays ended."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=system_tool("chromium"), args=["--no-sandbox", "--disable-gpu"])
        pg = browser.new_context().new_page()
        pg.clock.set_fixed_time(dt.datetime.fromisoformat(day + "T09:00:00"))
        for key, loai, want in ((LATER_KEY, "ke-hoach", later), (ENDED_KEY, "chi-thi", ended)):
            pg.goto((root / "site" / f"van-ban/{loai}/{key}.html").as_uri())
            assert pg.locator(".vb-thong-tin .vb-tinh-trang").text_content() == want, (key, day)
        browser.close()


def test_an_edited_effect_sentence_moves_the_date_in_the_next_incremental_build(root, tmp_path):
    """The start date a text gives itself is kept between builds under the stamp of its bytes: an edit of
    that sentence (and only of it) shows the new date; the dates of the other pages stay."""
    import shutil
    copy = tmp_path / "du-an"
    shutil.copytree(root, copy, symlinks=True)
    source = copy / "records" / AMEND_KEY / "van-ban.md"
    text = source.read_text(encoding="utf-8")
    assert "từ ngày 15/3/2026" in text
    source.write_text(text.replace("từ ngày 15/3/2026", "từ ngày 20/4/2026"), encoding="utf-8")
    result = run_vanban(copy, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert facts(copy, AMEND_PAGE)["Ngày có hiệu lực"] == "20/04/2026"
    assert facts(copy, QD230_PAGE)["Ngày có hiệu lực"] == "03/11/2025"
