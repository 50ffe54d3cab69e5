"""Navigation at scale (issue 17): the "Văn bản" landing page with its table of every public document, sidebar
labels that tell apart documents of the same title, and the copy-link marks of Điều, khoản and điểm.

The project: the sample records, site_support's test records (a confidential plan, a replaced Quyết định
and its Quy chế, a hostile title) and a second Quyết định issuing a Quy chế of the same title as 230-QĐ/TU's
(231-QĐ/TU of 05/11/2025). Expected values are read from those records."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, copy_project, run_vanban
from site_support import HOSTILE_KEY, QC, QD, SECRET_KEY, SECRET_TITLE, add_test_records, page, write_record

LANDING = "van-ban/index.html"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("dieu-huong") / "du-an")
    add_test_records(root)
    qd = (REPO / "records" / QD / "van-ban.md").read_text(encoding="utf-8")
    qc = (REPO / "records" / QC / "van-ban.md").read_text(encoding="utf-8")
    assert "so: 230\n" in qd and "ngay: 2025-11-03\n" in qd and f"kem_theo: {QD}\n" in qc
    write_record(root, "qd-231-tu-2025", qd.replace("so: 230\n", "so: 231\n").replace("ngay: 2025-11-03\n", "ngay: 2025-11-05\n"))
    write_record(root, "qc-231-tu-2025", qc.replace(f"kem_theo: {QD}\n", "kem_theo: qd-231-tu-2025\n"))
    result = run_vanban(root, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _rows(root: Path) -> dict[str, list[str]]:
    """The table of the landing page: the record key of each row's link → the texts of its cells."""
    doc = page(root, LANDING)
    rows = {}
    for tr in doc.xpath('//table[@id="bang-van-ban"]/tbody/tr'):
        href = tr.xpath(".//td[4]/a/@href")[0]
        rows[href.rsplit("/", 1)[1].removesuffix(".html")] = [" ".join(td.text_content().split()) for td in tr.xpath("td")]
    return rows


def test_the_landing_page_lists_every_public_document_once_and_nothing_confidential(root):
    rows = _rows(root)
    public = {p.name for p in (root / "records").iterdir() if (p / "van-ban.md").exists()} - {SECRET_KEY}
    assert set(rows) == public and len(public) == 19
    assert rows[QD] == ["230-QĐ/TU", "03/11/2025", "Quyết định",
                        "Quyết định ban hành Quy chế phối hợp giữa Đảng ủy Công an tỉnh với các đảng ủy xã, phường, "
                        "đặc khu về lãnh đạo công tác đảng, công tác chính trị và công tác quần chúng trong Công an xã, "
                        "phường, đặc khu", "Ban Thường vụ Tỉnh ủy", "Đang có hiệu lực"]
    assert rows["qd-cu-2024"][:3] == ["112-QĐ/TU", "06/05/2024", "Quyết định"]
    # a Quy chế has no number of its own: its Quyết định's, and that date
    assert rows[QC][:3] == ["Kèm theo 230-QĐ/TU", "03/11/2025", "Quy chế"]
    assert rows["qd-cu-2024"][5] == "Đã bị thay thế"
    assert rows["cv-de-nghi-tham-tra-ly-lich-2026"][5] == "Đã được trả lời"
    assert rows["cv-phuc-dap-xac-minh-2026"][0:2] == ["", ""] and rows["cv-phuc-dap-xac-minh-2026"][5] == "Dự thảo"
    text = (root / "site" / LANDING).read_text(encoding="utf-8")
    assert SECRET_TITLE not in text and "Sao Khuê" not in text
    assert '<script>alert("tieu-de")' not in text and "&lt;script&gt;alert(&#34;tieu-de&#34;)" in text.replace("&quot;", "&#34;")
    # newest first, as every list of the site
    order = list(rows)
    assert order.index("cv-tra-loi-tham-tra-ly-lich-2026") < order.index("cv-de-nghi-tham-tra-ly-lich-2026") < order.index(QD)


def test_the_filters_offer_the_types_years_bodies_and_statuses_of_the_public_documents(root):
    doc = page(root, LANDING)
    options = {s.get("data-loc"): [" ".join(o.text_content().split()) for o in s.xpath("option")]
               for s in doc.xpath('//form[contains(@class, "vb-bang__bo-loc")]//select')}
    assert options["loai"][0] == "Tất cả các loại"
    assert "Quyết định (5)" in options["loai"] and "Quy chế (4)" in options["loai"] and "Công văn (4)" in options["loai"]
    assert "Kế hoạch (1)" in options["loai"]          # the draft plan; the confidential one is not counted
    # dated 2026: 07-BB, 18-CV, 15-CV, 07-CV, 45-GM, 12-NQ, 7-QĐ; 2025: 230 and 231 with their Quy chế;
    # no date: the two reports (issued without one), three drafts and the hostile Quy chế
    assert options["nam"][1:] == ["2026 (7)", "2025 (4)", "2024 (2)", "Chưa có ngày ban hành (6)"]
    assert {"Đang có hiệu lực", "Đã bị thay thế", "Dự thảo", "Đã gửi", "Đã được trả lời"} <= set(options["tinh-trang"])
    row = doc.xpath(f'//tr[.//a[contains(@href, "/{QD}.html")]]')[0]
    assert (row.get("data-loai"), row.get("data-nam"), row.get("data-co-quan")) == ("quyet-dinh", "2025", "btv-tinh-uy")
    assert "230-qd/tu" in row.get("data-tim") and "quy che phoi hop" in row.get("data-tim")
    # the filters appear only once the script runs: without it the whole table shows, nothing to misuse
    assert doc.xpath('//form[contains(@class, "vb-bang__bo-loc")]')[0].get("hidden") is not None


def test_the_documents_section_opens_the_landing_page(root):
    home = page(root, "index.html")
    assert home.xpath('//nav[contains(@class, "md-nav--primary")]//a[normalize-space()="Văn bản"]/@href') == [LANDING]
    assert LANDING in home.xpath('//ul[contains(@class, "vb-tra-cuu")]//a/@href')


def _sidebar(root: Path, rel: str) -> dict[str, str]:
    doc = page(root, rel)
    return {a.get("href").rsplit("/", 1)[-1].removesuffix(".html"): " ".join(a.text_content().split())
            for a in doc.xpath('//nav[contains(@class, "md-nav--primary")]//a[contains(@href, ".html")]')}


def test_sidebar_labels_tell_apart_documents_of_the_same_title(root):
    quy_che = _sidebar(root, f"van-ban/quy-che/{QC}.html")
    # the two Quy chế share a title and have no number of their own: their Quyết định's number and date
    assert quy_che[QC] == "230-QĐ/TU · 03/11/2025"
    assert quy_che["qc-231-tu-2025"] == "231-QĐ/TU · 05/11/2025"
    # a title of its own keeps it (and a document with a number puts the number first)
    assert quy_che["qc-cu-2024"] == "Quy chế làm việc của Tổ biên tập văn bản"
    quyet_dinh = _sidebar(root, f"van-ban/quyet-dinh/{QD}.html")
    assert quyet_dinh[QD] == "230-QĐ/TU · 03/11/2025" and quyet_dinh["qd-231-tu-2025"] == "231-QĐ/TU · 05/11/2025"
    assert quyet_dinh["qd-cu-2024"] == "112-QĐ/TU · Quyết định ban hành Quy chế làm việc của Tổ biên tập văn bản"
    assert len(set(quy_che.values())) == len(quy_che)


def test_each_dieu_khoan_and_diem_has_a_copy_link_mark_outside_the_toc_and_the_search(root):
    doc = page(root, f"van-ban/quy-che/{QC}.html")
    mark = doc.xpath('//h3[@id="dieu-5"]/a[@class="vb-lien-ket"]')[0]
    assert (mark.get("href"), mark.get("title")) == ("#dieu-5", "Sao chép liên kết tới Điều 5")
    mark = doc.xpath('//p[@id="dieu-5-khoan-2"]/a[@class="vb-lien-ket"]')[0]
    assert (mark.get("href"), mark.get("aria-label")) == ("#dieu-5-khoan-2", "Sao chép liên kết tới khoản 2 Điều 5")
    for dieu in range(1, 9):                      # the Quy chế has Điều 1–8, each with its mark
        assert doc.xpath(f'//*[@id="dieu-{dieu}"]/a[@class="vb-lien-ket"]/@href') == [f"#dieu-{dieu}"]
    hostile = page(root, f"van-ban/quy-che/{HOSTILE_KEY}.html")
    assert hostile.xpath('//p[@id="dieu-3-khoan-1-diem-a"]/a[@class="vb-lien-ket"]/@title') == [
        "Sao chép liên kết tới điểm a khoản 1 Điều 3"]
    # the table of contents names the Điều without the mark
    toc = [" ".join(a.text_content().split()) for a in doc.xpath('//nav[contains(@class, "md-nav--secondary")]//a[@href="#dieu-5"]')]
    assert toc and set(toc) == {"Điều 5. Trách nhiệm của Đảng ủy xã"}
    js = root / "site" / "assets" / "javascripts"
    assert (js / "vanban-lien-ket.js").exists()
    assert doc.xpath('//script[contains(@src, "vanban-lien-ket.js")]/@src') == ["../../assets/javascripts/vanban-lien-ket.js"]
    index = "".join(p.read_text(encoding="utf-8") for p in js.glob("vanban-search-*.js") if "worker" not in p.name)
    assert "Sao chép liên kết" not in index and "vb-lien-ket" not in index


def test_links_between_pages_are_relative_to_the_linking_page():
    """use_directory_urls is off: a page links to the .html file of another, relative to its own folder
    (the site opens from a shared folder, file://). Expected paths read from the folder layout."""
    from generator.render.site.pages import url
    assert url("van-ban/quy-che/qc-a.md", "van-ban/quyet-dinh/qd-b.md") == "../quyet-dinh/qd-b.html"
    assert url("van-ban/quy-che/qc-a.md", "van-ban/quy-che/qc-c.md", "dieu-5") == "qc-c.html#dieu-5"
    assert url("index.md", "van-ban/quyet-dinh/qd-b.md") == "van-ban/quyet-dinh/qd-b.html"
    assert url("van-ban/quyet-dinh/qd-b.md", "index.md") == "../../index.html"
    assert url("van-ban/index.md", "van-ban/quyet-dinh/qd-b.md") == "quyet-dinh/qd-b.html"
    assert url("so-dang-ky.md", "thoi-han.md") == "thoi-han.html"
    assert url("van-ban/quyet-dinh/qd-b.md", "tai-ve/qd-b.pdf") == "../../tai-ve/qd-b.pdf"
