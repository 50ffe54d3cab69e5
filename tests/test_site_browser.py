"""The site in a real browser: Debian's headless Chromium (Playwright, executable_path; no downloaded browser)
loads the built site served on 127.0.0.1, searches the way Vietnamese users type, follows a cross-reference.
Every request the browser makes is recorded: none may leave 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from conftest import copy_project, run_vanban
from tools import system_tool

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
QC = "van-ban/quy-che/qc-phoi-hop-ca-tinh-2025.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_root(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("trinh-duyet") / "du-an")
    result = run_vanban(root, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def served(site_root):
    root = site_root
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(root / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=system_tool("chromium"), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


def search(pg, base: str, query: str) -> list[str]:
    pg.goto(base + "index.html")
    return type_query(pg, query)


def type_query(pg, query: str, typed: int | None = None) -> list[str]:
    """Type into vanban's search box (the last `typed` keys one by one, the rest pasted); the hrefs of
    the results shown for exactly that query."""
    box = pg.locator(".vb-search__input")
    box.fill("")
    box.focus()
    keys = len(query) if typed is None else min(typed, len(query))
    if keys < len(query):
        box.fill(query[:len(query) - keys])
    pg.keyboard.type(query[len(query) - keys:], delay=20)
    pg.wait_for_function("q => document.querySelector('.vb-search__results').dataset.q === q", arg=query,
                         timeout=60_000)
    return [a.get_attribute("href") for a in pg.locator(".vb-search__link").all()]


def only_local(requests: list[str]) -> list[str]:
    return [u for u in requests if urlsplit(u).scheme not in ("data", "blob", "about")
            and urlsplit(u).hostname != "127.0.0.1"]


def test_search_without_tone_marks_then_follow_dieu_3(served, page, tmp_path):
    found = search(page, served, "quy che phoi hop")
    assert any(h.endswith(QC) for h in found), found
    page.locator(f'a.vb-search__link[href$="{QC}"]').first.click()
    page.wait_for_url(f"**/{QC}")
    assert page.locator("h1").inner_text().startswith("Quy chế phối hợp")

    reference = page.locator('#dieu-6-khoan-1 a[href="#dieu-3"]')
    assert reference.inner_text() == "Điều 3 Quy chế này"
    reference.click()
    page.wait_for_url(f"**/{QC}#dieu-3")
    heading = page.locator("h3#dieu-3")
    assert heading.inner_text().startswith("Điều 3. Nội dung phối hợp")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 300, box        # scrolled to the article, under the header

    shot = tmp_path / "dieu-3.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("VANBAN_SCREENSHOT_DIR")
    if keep:
        shutil.copy2(shot, Path(keep) / "site-dieu-3.png")
    assert only_local(page.requests) == []


def test_accented_queries_and_articles_by_number(served, page):
    found = search(page, served, "Quy chế phối hợp")
    assert any(h.endswith(QC) for h in found), found
    found = search(page, served, "Điều 5")
    assert found[0].endswith(f"{QC}#dieu-5"), found
    found = search(page, served, "dieu 5 trach nhiem dang uy xa")
    assert any(h.endswith(QC) for h in found), found
    assert only_local(page.requests) == []


def test_search_works_from_the_folder_too(site_root, browser):
    # Opened from a shared folder (file://): the index comes by <script> tags, the worker from a Blob.
    root = site_root
    context = browser.new_context()
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto((root / "site" / "index.html").as_uri())
    hrefs = type_query(pg, "quy che phoi hop")
    assert hrefs[0].endswith(QC), hrefs
    assert {urlsplit(u).scheme for u in requests} <= {"file", "data", "blob", "about"}, requests
    context.close()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_links_in_the_text_are_underlined_with_enough_contrast(served, page):
    page.goto(served + QC)
    link = page.locator('#dieu-6-khoan-1 a[href="#dieu-3"]')
    style = link.evaluate("a => { const s = getComputedStyle(a); let e = a, bg = 'rgba(0, 0, 0, 0)';"
                          " while (e && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { bg = getComputedStyle(e).backgroundColor; e = e.parentElement; }"
                          " return {line: s.textDecorationLine, color: s.color, bg: /rgba\\(0, 0, 0, 0\\)/.test(bg) ? 'rgb(255, 255, 255)' : bg}; }")
    assert style["line"] == "underline", style
    light, dark = sorted((_luminance(style["color"]), _luminance(style["bg"])), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5, style          # WCAG 2.1 contrast ratio, AA for text


def test_printing_gives_the_document_alone_in_times_new_roman(served, page):
    page.goto(served + QC)
    page.emulate_media(media="print")
    shown = page.evaluate("""() => ({
        header: getComputedStyle(document.querySelector('.md-header')).display,
        sidebar: getComputedStyle(document.querySelector('.md-sidebar')).display,
        font: getComputedStyle(document.querySelector('#dieu-6-khoan-1')).fontFamily})""")
    assert shown["header"] == "none" and shown["sidebar"] == "none", shown
    assert shown["font"].startswith('"Times New Roman"'), shown
    pdf = page.pdf(prefer_css_page_size=True)
    media_box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert media_box and abs(float(media_box.group(1)) - 595.3) < 1.5 and abs(float(media_box.group(2)) - 841.9) < 1.5


def test_a_printed_page_has_the_documents_own_header_and_noi_nhan(served, page):
    """On paper the facts table gives way to the header the Word document prints (HD 36, the sample
    230-QĐ/TU of 03/11/2025: the body and "*" left, the Party's title and place-and-date right), and Nơi
    nhận follows the signature as typed in the record; on screen that header is not shown."""
    page.goto(served + "van-ban/quyet-dinh/qd-230-tu-2025.html")
    assert not page.locator(".vb-in-dau").is_visible()
    page.emulate_media(media="print")
    left = page.locator(".vb-in-dau__trai p").all_inner_texts()
    right = page.locator(".vb-in-dau__phai p").all_inner_texts()
    assert left == ["TỈNH ỦY LÂM ĐỒNG", "*", "Số 230-QĐ/TU"], left
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Lâm Đồng, ngày 03 tháng 11 năm 2025"], right
    assert not page.locator(".vb-thong-tin").is_visible()
    noi_nhan = page.locator(".vb-noi-nhan").inner_text().splitlines()
    assert noi_nhan[0] == "Nơi nhận:" and noi_nhan[1] == "- Ban Bí thư Trung ương Đảng (b/c),", noi_nhan
    assert noi_nhan[-1] == "- Lưu Văn phòng Tỉnh ủy, NC2." and len(noi_nhan) == 9, noi_nhan
    font = page.evaluate("getComputedStyle(document.querySelector('.vb-in-dau')).fontFamily")
    assert font.startswith('"Times New Roman"'), font


def test_404_page_opened_from_the_folder_has_its_styles_and_working_links(site_root, browser):
    """MkDocs writes 404.html with "/assets/…" links: from a shared folder that is the disk's root. Opened
    over file://, the page must load its stylesheets (the site's font family applies) and link home."""
    context = browser.new_context()
    pg = context.new_page()
    failed: list[str] = []
    pg.on("requestfailed", lambda r: failed.append(r.url))
    pg.goto((site_root / "site" / "404.html").as_uri())
    assert not failed, failed
    loaded = pg.evaluate("[...document.styleSheets].map(s => s.href || '').filter(h => h.endsWith('vanban.css'))")
    assert loaded and loaded[0].startswith("file://"), loaded
    home = pg.evaluate("[...document.querySelectorAll('a')].map(a => a.href).filter(h => h.endsWith('/index.html'))")
    assert home and all(h.startswith((site_root / "site").as_uri()) for h in home), home
    context.close()


# Deadlines counted by the page from the browser's today (faked with Playwright's clock), read by hand from
# the office calendar (workdays.py: the day of sending is day 0; holidays of 2026: Giỗ Tổ Sunday 26/4 with
# its nghỉ bù Monday 27/4, 30/4 and 1/5): 15-CV/ĐU, sent 05/03/2026 with 35 working days, is due 23/04/2026;
# 18-CV/ĐU, sent 14/09/2026, is due 02/11/2026 and answered by 07-CV/CB on 20/10/2026.
XAC_MINH = "van-ban/cong-van/cv-de-nghi-xac-minh-2026.html"
THAM_TRA = "van-ban/cong-van/cv-de-nghi-tham-tra-ly-lich-2026.html"
DEADLINE_DAYS = [
    (XAC_MINH, "15-CV/ĐU", "2026-04-20", "con-han", "CÒN HẠN", "còn 3 ngày làm việc"),         # 21, 22, 23/4
    (XAC_MINH, "15-CV/ĐU", "2026-04-23", "den-han", "ĐẾN HẠN HÔM NAY", "hôm nay là hạn cuối"),
    (XAC_MINH, "15-CV/ĐU", "2026-04-28", "qua-han", "QUÁ HẠN", "quá hạn 2 ngày làm việc"),     # 24, (27 off), 28
    (XAC_MINH, "15-CV/ĐU", "2026-05-04", "qua-han", "QUÁ HẠN", "quá hạn 4 ngày làm việc"),     # + 29/4, 4/5
    (THAM_TRA, "18-CV/ĐU", "2026-10-01", "con-han", "CÒN HẠN", "còn 22 ngày làm việc"),
    (THAM_TRA, "18-CV/ĐU", "2026-10-21", "da-tra-loi", "ĐÃ TRẢ LỜI", "đã trả lời đúng hạn"),
]


def _cli_state(root: Path, symbol: str, day: str) -> str:
    """What `vanban deadlines --ngay` says of a request that day (its numbered first line)."""
    out = run_vanban(root, "deadlines", "--ngay", day, "--tat-ca").stdout.splitlines()
    for i, line in enumerate(out):
        if line.startswith("   ") and symbol in line and i and re.match(r"\d+\. ", out[i - 1]):
            return out[i - 1].split(". ", 1)[1]
    raise AssertionError(f"{symbol} not in the CLI's list for {day}: {out}")


@pytest.mark.parametrize("rel, symbol, day, code, label, left", DEADLINE_DAYS)
def test_a_requests_page_counts_its_deadline_from_todays_date(site_root, browser, rel, symbol, day, code, label,
                                                               left):
    """Opened from the folder (file://) on `day`, the request's own page says what the CLI says that day
    (the page was built on another day: the browser counts, not the build)."""
    import datetime as dt
    context = browser.new_context()
    pg = context.new_page()
    pg.clock.set_fixed_time(dt.datetime.fromisoformat(day + "T09:30:00"))
    pg.goto((site_root / "site" / rel).as_uri())
    han = pg.locator("#thoi-han-tra-loi .vb-han")
    pg.wait_for_function("() => document.querySelector('#thoi-han-tra-loi .vb-han').dataset.tinhTrang")
    assert han.get_attribute("data-tinh-trang") == code
    assert han.locator(".vb-han__nhan").text_content() == label
    assert han.locator(".vb-han__con-lai").text_content() == left
    y, m, d = day.split("-")
    assert f"tính đến hôm nay, {d}/{m}/{y}" in han.text_content()
    assert _cli_state(site_root, symbol, day).lower() == left
    context.close()


def test_the_deadlines_page_counts_from_todays_date_too(site_root, browser):
    import datetime as dt
    context = browser.new_context()
    pg = context.new_page()
    pg.clock.set_fixed_time(dt.datetime(2026, 4, 28, 9, 30))
    pg.goto((site_root / "site" / "thoi-han.html").as_uri())
    row = pg.locator('tr.vb-han[data-han="2026-04-23"]')
    pg.wait_for_function("() => document.querySelector('tr.vb-han[data-han=\"2026-04-23\"]').dataset.tinhTrang")
    assert row.locator(".vb-han__nhan").text_content() == "QUÁ HẠN"
    assert row.locator(".vb-han__con-lai").text_content() == "quá hạn 2 ngày làm việc"
    context.close()


def test_a_draft_reply_is_marked_on_the_requests_deadline(site_root):
    import lxml.html
    doc = lxml.html.fromstring((site_root / "site" / XAC_MINH).read_bytes())
    [replies] = [p for p in doc.xpath('//*[@id="thoi-han-tra-loi"]//p') if p.text_content().startswith("Trả lời:")]
    assert replies.xpath(".//a/@href") == ["cv-phuc-dap-xac-minh-2026.html"]
    assert replies.text_content().endswith("(dự thảo)")


def _visible_rows(pg) -> list[str]:
    return pg.eval_on_selector_all("#bang-van-ban tbody tr td:nth-child(4) a",
                                   "as => as.map(a => a.getAttribute('href').split('/').pop())")


def _filtered(pg, words: str) -> None:
    """Wait until the table answers `words` (vanban-bang.js says so once it has filtered)."""
    pg.wait_for_function("w => document.querySelector('.vb-bang__bo-loc').dataset.daLoc === w", arg=words)


def test_the_table_of_every_document_filters_from_the_folder(site_root, browser):
    """The landing page opened from a shared folder (file://): the filters appear and hide rows."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto((site_root / "site" / "van-ban" / "index.html").as_uri())
        assert pg.locator(".vb-bang__bo-loc").is_visible()
        assert pg.locator(".vb-bang__dem").text_content() == "Đang hiện cả 13 văn bản."
        assert len(_visible_rows(pg)) == 13
        pg.select_option('select[data-loc="loai"]', "cong-van")
        assert sorted(_visible_rows(pg)) == ["cv-de-nghi-tham-tra-ly-lich-2026.html", "cv-de-nghi-xac-minh-2026.html",
                                             "cv-phuc-dap-xac-minh-2026.html", "cv-tra-loi-tham-tra-ly-lich-2026.html"]
        pg.fill('input[data-loc="tim"]', "xac minh")          # no tone marks: "xác minh" in two titles
        _filtered(pg, "xac minh")
        assert sorted(_visible_rows(pg)) == ["cv-de-nghi-xac-minh-2026.html", "cv-phuc-dap-xac-minh-2026.html"]
        assert pg.locator(".vb-bang__dem").text_content() == "Đang hiện 2 trong 13 văn bản."
        pg.select_option('select[data-loc="loai"]', "")
        pg.fill('input[data-loc="tim"]', "230-qd/tu")          # the Quyết định and the Quy chế it issues
        _filtered(pg, "230-qd/tu")
        assert sorted(_visible_rows(pg)) == ["qc-phoi-hop-ca-tinh-2025.html", "qd-230-tu-2025.html"]
        pg.fill('input[data-loc="tim"]', "")
        _filtered(pg, "")
        pg.select_option('select[data-loc="tinh-trang"]', "Dự thảo")
        assert sorted(_visible_rows(pg)) == ["cv-phuc-dap-xac-minh-2026.html", "kh-trien-khai-quy-che-bvctnb-2026.html",
                                             "qd-ubnd-to-ra-soat-2026.html"]
        pg.select_option('select[data-loc="nam"]', "2025")
        assert _visible_rows(pg) == [] and pg.locator(".vb-bang__khong").is_visible()
        assert not errors, errors
    finally:
        context.close()


def test_a_khoan_link_is_copied_from_its_mark(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rstrip("/"))
    pg = context.new_page()
    try:
        pg.goto(served + QC)
        mark = pg.locator("#dieu-5-khoan-2 > a.vb-lien-ket")
        opacity = lambda: mark.evaluate("e => getComputedStyle(e).opacity")  # noqa: E731
        pg.mouse.move(5, 890)
        pg.wait_for_timeout(300)
        assert opacity() == "0"                                # not in the way of reading
        pg.hover("#dieu-5-khoan-2")
        pg.wait_for_timeout(300)
        assert opacity() == "1"
        mark.click()
        pg.wait_for_function("document.querySelector('#dieu-5-khoan-2 > a.vb-lien-ket').hasAttribute('data-da-chep')")
        assert pg.evaluate("navigator.clipboard.readText()") == served + QC + "#dieu-5-khoan-2"
        assert pg.url == served + QC + "#dieu-5-khoan-2"
        heading = pg.locator("#dieu-3 > a.vb-lien-ket")
        heading.focus()                                        # reached with the keyboard: seen
        pg.wait_for_timeout(300)
        assert heading.evaluate("e => getComputedStyle(e).opacity") == "1"
        pg.emulate_media(media="print")
        assert mark.evaluate("e => getComputedStyle(e).display") == "none"
    finally:
        context.close()
