"""The internal site, built for real (vanban site → MkDocs + Material, strict) on a copy of the samples plus the
test's own records; the built HTML is parsed and checked: pages, anchors, links, banners, confidentiality,
escaping, offline. Zensical builds the same pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from conftest import copy_project, run_vanban
from generator.format.config import Project
from generator.format.loading import load_records
from generator.model.model import CHUONG, DIEM, DIEU, KHOAN
from generator.model.references import links
from generator.model.text import fold
from tools import venv_tool
from site_support import (HOSTILE_KEY, QC, QD, SECRET_KEY, SECRET_TEXT, SECRET_TITLE, add_test_records, external_references,
                          html_files, page, record_page_rel, resolve_link, write_record)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("site") / "du-an")
    add_test_records(root)
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stderr
    # A version of the Quy chế (history on its page), and two issued drafts in the register:
    # a public one and the confidential one (its row must not show its title on the site).
    source = root / "records" / QC / "van-ban.md"
    for args in (("snapshot", QC, "-m", "Dự thảo lần 2"), ("edit",), ("snapshot", QC, "-m", "Dự thảo lần 3"),
                 ("issue", HOSTILE_KEY, "--khong-pdf"), ("issue", SECRET_KEY, "--khong-pdf")):
        if args == ("edit",):
            text = source.read_text(encoding="utf-8")
            source.write_text(text.replace("để cùng hoàn thành nhiệm vụ", "để cùng hoàn thành tốt nhiệm vụ"),
                              encoding="utf-8")
            continue
        result = run_vanban(root, *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    result = run_vanban(root, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def public_records(root: Path):
    project = Project(root)
    records, errors, _ = load_records(project, project.config())
    assert not errors
    return {k: r for k, r in records.items() if k != SECRET_KEY}


def test_strict_mkdocs_build_has_no_warning(built):
    # The same build as CI would run it: MkDocs' own command line, --strict and without -q (tech-notes §5.4).
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=built, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "WARNING" not in result.stdout, result.stderr


def test_every_record_has_its_page_with_its_header_facts(built):
    records = public_records(built)
    assert {QC, QD, "qd-moi-2026", HOSTILE_KEY} <= set(records)
    for key, record in records.items():
        doc = page(built, record_page_rel(record.meta.loai, key))
        facts = {th.text_content(): td.text_content() for th, td in
                 ((tr[0], tr[1]) for tr in doc.xpath('//table[contains(@class,"vb-thong-tin")]//tr'))}
        assert {"Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Tình trạng", "Độ khẩn"} <= set(facts), key
    qd = page(built, record_page_rel("quyet-dinh", QD))
    text = qd.text_content()
    assert "230-QĐ/TU" in text and "03/11/2025" in text and "Bùi Thắng" in text and "Ban Thường vụ Tỉnh ủy" in text
    home = page(built, "index.html")
    listed = {a.get("href") for a in home.xpath('//ul[contains(@class,"vb-danh-sach")]//a')}
    assert f"van-ban/quy-che/{QC}.html" in listed


def test_every_unit_has_its_anchor(built):
    for key, record in public_records(built).items():
        doc = page(built, record_page_rel(record.meta.loai, key))
        ids = set(doc.xpath("//@id"))
        for unit in record.units():
            if unit.kind in (CHUONG, DIEU, KHOAN, DIEM):
                assert unit.anchor in ids, f"{key}: {unit.label} ({unit.anchor}) has no anchor"
    qc = page(built, record_page_rel("quy-che", QC))
    assert qc.xpath('//h3[@id="dieu-3"]') and "Điều 3. Nội dung phối hợp" in qc.xpath('//h3[@id="dieu-3"]')[0].text_content()
    assert qc.xpath('//*[@id="dieu-4-khoan-1"]')


def test_every_internal_reference_is_a_link_to_an_anchor_that_exists(built):
    checked = 0
    for key, record in public_records(built).items():
        doc = page(built, record_page_rel(record.meta.loai, key))
        ids = set(doc.xpath("//@id"))
        for unit_anchor, spans in links(record).items():
            holder = doc.xpath(f'//*[@id="{unit_anchor}"]')
            if holder and holder[0].tag in ("h2", "h3", "h4", "h5", "h6"):   # an untitled Điều: text after it
                holder = doc.xpath(f'//*[@id="{unit_anchor}"]/following-sibling::p[1]')
            hrefs = {a.get("href") for a in holder[0].iter("a")} if holder else set()
            for start, end, target in spans:
                assert f"#{target}" in hrefs, f"{key}: \"{record.find(unit_anchor).text[start:end]}\" is not a link"
                assert target in ids
                checked += 1
    assert checked >= 5     # the Quy chế's three "tại Điều 3 Quy chế này", and the test record's own
    qc = page(built, record_page_rel("quy-che", QC))
    assert [a.text_content() for a in qc.xpath('//*[@id="dieu-6-khoan-1"]//a[@href="#dieu-3"]')] == ["Điều 3 Quy chế này"]


def test_every_link_of_every_page_resolves(built):
    site = built / "site"
    for path in html_files(site):
        rel = path.relative_to(site).as_posix()
        doc = lxml.html.fromstring(path.read_bytes())
        for a in doc.xpath("//main//a[@href]"):
            found = resolve_link(site, rel, a.get("href"))
            if found is None:
                continue
            target, fragment = found
            assert target.exists(), f"{rel}: broken link {a.get('href')}"
            if fragment and target.suffix == ".html":
                ids = set(lxml.html.fromstring(target.read_bytes()).xpath("//@id"))
                assert fragment in ids, f"{rel}: link to a missing anchor {a.get('href')}"


def test_other_records_are_linked_by_number_and_the_quy_che_by_its_quyet_dinh(built):
    new = page(built, record_page_rel("quyet-dinh", "qd-moi-2026"))
    refs = {a.text_content(): a.get("href") for a in new.xpath('//*[@id="dieu-2"]/following-sibling::p[1]//a')}
    assert refs == {"112-QĐ/TU": "qd-cu-2024.html", "230-QĐ/TU": "qd-230-tu-2025.html"}
    qd = page(built, record_page_rel("quyet-dinh", QD))
    assert qd.xpath(f'//div[contains(@class,"vb-lien-quan")]//a[@href="../quy-che/{QC}.html"]')
    qc = page(built, record_page_rel("quy-che", QC))
    assert qc.xpath(f'//div[contains(@class,"vb-lien-quan")]//a[@href="../quyet-dinh/{QD}.html"]')
    assert qc.xpath(f'//table[contains(@class,"vb-thong-tin")]//a[@href="../quyet-dinh/{QD}.html"]')


def test_replaced_documents_carry_the_banner(built):
    old = page(built, record_page_rel("quyet-dinh", "qd-cu-2024"))
    banner = old.xpath('//div[contains(@class,"vb-bi-thay-the")]')
    assert banner, "the replaced Quyết định has no banner"
    assert banner[0].xpath('.//a[@href="qd-moi-2026.html"]')
    assert "7-QĐ/TU" in banner[0].text_content() or "07-QĐ/TU" in banner[0].text_content()
    attached = page(built, record_page_rel("quy-che", "qc-cu-2024"))
    banner = attached.xpath('//div[contains(@class,"vb-bi-thay-the")]')
    assert banner and banner[0].xpath('.//a[@href="../quyet-dinh/qd-moi-2026.html"]')
    for key, loai in ((QC, "quy-che"), ("qd-moi-2026", "quyet-dinh")):
        assert not page(built, record_page_rel(loai, key)).xpath('//div[contains(@class,"vb-bi-thay-the")]')
    status = page(built, "danh-muc/tinh-trang.html")
    replaced = status.xpath('//h2[@id="da-bi-thay-the"]/following-sibling::ul[1]//a/@href')
    assert sorted(replaced) == ["../van-ban/quy-che/qc-cu-2024.html", "../van-ban/quyet-dinh/qd-cu-2024.html"]


def test_no_confidential_record_appears_anywhere_in_the_site(built):
    site = built / "site"
    assert (built / "out" / f"{SECRET_KEY}.docx").exists()        # built, issued, in the register …
    needles = [SECRET_TITLE, SECRET_TEXT, "Sao Khuê", "zxqvbn", SECRET_KEY]
    variants = set()
    for n in needles:
        variants |= {n, n.lower(), json.dumps(n)[1:-1], json.dumps(n, ensure_ascii=False)[1:-1]}
        variants.add(fold(n))
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for v in variants:
            assert v.encode("utf-8") not in data, f"{path.relative_to(site)} contains \"{v}\""
    # … and its register row keeps only its number, date, action and series: no title, signer, recipients.
    columns, rows = _register(built)
    [secret] = [r for r in rows if "Văn bản mật" in r["trich_yeu"]]
    shown = {k for k, v in secret.items() if v and k != "trich_yeu"}
    assert shown <= {"stt", "thoi_diem", "nguoi_ghi", "thao_tac", "loat", "so", "so_ky_hieu", "ngay", "do_mat",
                     "kiem_tra"}, secret
    assert secret["do_mat"] == "MẬT" and secret["so_ky_hieu"]


def test_a_record_made_confidential_leaves_the_site_on_the_next_build(built, tmp_path):
    root = copy_project(tmp_path / "du-an")
    write_record(root, "qd-cu-2024", (built / "records" / "qd-cu-2024" / "van-ban.md").read_text(encoding="utf-8"))
    assert run_vanban(root, "site").returncode == 0
    assert (root / "site" / "van-ban" / "quyet-dinh" / "qd-cu-2024.html").exists()
    source = root / "records" / "qd-cu-2024" / "van-ban.md"
    source.write_text(source.read_text(encoding="utf-8").replace("trang_thai: ban-hanh", "trang_thai: ban-hanh\ndo_mat: TỐI MẬT"),
                      encoding="utf-8")
    result = run_vanban(root, "site")
    assert result.returncode == 0, result.stderr
    assert "1 văn bản mật" in result.stdout
    for folder in ("site", "docs-site"):
        hits = [p for p in (root / folder).rglob("*") if p.is_file() and b"T\xe1\xbb\x95 bi\xc3\xaan t\xe1\xba\xadp" in p.read_bytes()]
        assert not hits, hits          # "Tổ biên tập" (its subject) is gone from pages, index and search


def test_record_text_is_escaped(built):
    path = built / "site" / record_page_rel("quy-che", HOSTILE_KEY)
    raw = path.read_text(encoding="utf-8")
    doc = lxml.html.fromstring(raw)
    scripts = " ".join(s.text_content() for s in doc.iter("script"))
    assert "alert(" not in scripts
    assert not doc.xpath('//main//b') and not doc.xpath('//main//img')
    assert not doc.xpath('//main//a[contains(@href,"evil.example")]')
    text = doc.xpath("//article")[0].text_content()
    for shown in ('<script>alert("tieu-de")</script> & {{ bien }} {% if x %}', '<script>alert("dieu")</script> & {{ ten }}',
                  '<script>alert("khoan")</script> & <b>không đậm</b> {{ noi_dung }} [liên kết](http://evil.example/x)',
                  "| ô | bảng"):
        assert shown in text, shown
    assert doc.xpath('//*[@id="dieu-1-khoan-2"]//em')[0].text_content() == "nghiêng"
    assert doc.xpath('//*[@id="dieu-1-khoan-2"]//strong')[0].text_content() == "đậm"
    title = '<script>alert("tieu-de")</script> & {{ bien }}'
    assert any(title in a.text_content() for a in doc.xpath("//nav//a"))      # the sidebar shows it as text
    assert title in doc.xpath("//title")[0].text_content()
    assert "<script>alert" not in raw


def test_no_page_refers_to_an_external_host(built):
    assert external_references(built / "site") == []
    footer = page(built, "index.html").xpath("//footer")[0].text_content()
    assert "Made with" not in footer


def _search_index(site: Path) -> tuple[dict, str]:
    """vanban's search index (MiniSearch JSON inside a script) and the texts indexed beside it."""
    js = site / "assets" / "javascripts"
    text = (js / "vanban-search-index.js").read_text(encoding="utf-8")
    index = json.loads(json.loads(text[text.index("=") + 1:text.index(";window.VANBAN_SEARCH_PARTS")]))
    parts = "".join(p.read_text(encoding="utf-8") for p in sorted(js.glob("vanban-search-text-*.js")))
    return index, parts


def test_search_index_knows_numbers_titles_and_articles_and_not_the_page_chrome(built):
    index, texts = _search_index(built / "site")
    stored = index["storedFields"]
    terms = {term: fields for term, fields in index["index"]}
    so = str(index["fieldIds"]["so"])
    qd = next(k for k, v in stored.items() if v.get("s") == "230-QĐ/TU")
    assert stored[qd]["u"] == f"van-ban/quyet-dinh/{QD}.html"
    for term in ("230", "230qd", "230qdtu"):         # "230", "230-QĐ", "230-qd/tu" are each one term
        assert qd in terms[term][so], term
    dieu5 = [v for v in stored.values() if v.get("a") == "dieu-5" and stored[str(v["p"])]["u"].endswith(f"{QC}.html")]
    assert dieu5 and dieu5[0]["t"].startswith("Điều 5.")
    assert str(index["fieldIds"]["dieu"]) in terms["dieu5"]
    assert {"quy", "che", "phoi", "hop"} <= set(terms)           # folded: typed without tone marks
    for chrome in ("Số, ký hiệu", "Ngày ban hành", "Lịch sử phiên bản", "Tải về", ".docx"):
        assert chrome not in texts, chrome
    assert not [v for v in stored.values() if v.get("u", "").startswith(("danh-muc/", "index.html"))]
    qc_html = (built / "site" / record_page_rel("quy-che", QC)).read_text(encoding="utf-8")
    assert "phoi hop" not in qc_html and "Quy chế phối hợp" in qc_html


def test_downloads_history_register_and_deadlines(built):
    qd = page(built, record_page_rel("quyet-dinh", QD))
    downloads = qd.xpath('//p[contains(@class,"vb-tai-ve")]//a/@href')
    assert f"../../tai-ve/{QD}.docx" in downloads
    assert (built / "site" / "tai-ve" / f"{QD}.docx").read_bytes() == (built / "out" / f"{QD}.docx").read_bytes()
    qc = page(built, record_page_rel("quy-che", QC))
    history = qc.xpath('//table[@id="bang-phien-ban"]//tr[td]')
    assert [r[0].text_content() for r in history] == ["2", "1"]          # newest first
    assert "Dự thảo lần 3" in history[0].text_content() and "Phiên bản đầu tiên" in history[1].text_content()
    assert "khoản 2 Điều 2: sửa đổi, bổ sung" in history[0].text_content()
    assert "so với phiên bản 2: không thay đổi nội dung" in qc.text_content()
    # No version saved: no history section (no boilerplate on every page, nothing to search or print).
    assert not page(built, record_page_rel("quyet-dinh", "qd-moi-2026")).xpath('//*[@id="lich-su-phien-ban"]')
    register = page(built, "so-dang-ky.html")
    public_row = register.xpath(f'//table[@id="bang-so-dang-ky"]//a[contains(@href,"{HOSTILE_KEY}")]')
    assert public_row and '<script>alert("tieu-de")</script>' in public_row[0].text_content()
    deadlines = page(built, "thoi-han.html")
    open_rows = deadlines.xpath('//table[@id="bang-dang-cho"]//tr[td]')
    assert len(open_rows) == 1 and "15-CV/ĐU" in open_rows[0].text_content()
    assert "QUÁ HẠN" in open_rows[0].text_content() and "23/04/2026" in open_rows[0].text_content()


def test_zensical_builds_the_same_pages(built, tmp_path):
    root = tmp_path / "zensical"
    root.mkdir()
    for name in ("mkdocs.yml", "docs-site", ".vanban"):
        src = built / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    result = subprocess.run([venv_tool("zensical"), "build", "--strict"], cwd=root, capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    qc = lxml.html.fromstring((root / "site" / record_page_rel("quy-che", QC)).read_bytes())
    assert qc.xpath('//*[@id="dieu-3"]') and qc.xpath('//*[@id="dieu-6-khoan-1"]//a[@href="#dieu-3"]')
    for key, record in public_records(built).items():
        assert (root / "site" / record_page_rel(record.meta.loai, key)).exists(), key
    assert not [p for p in (root / "site").rglob("*") if p.is_file() and b"zxqvbn" in p.read_bytes()]


def test_a_broken_record_is_left_out_and_a_missing_mkdocs_yml_is_written(tmp_path):
    root = copy_project(tmp_path / "du-an")
    (root / "mkdocs.yml").unlink()
    write_record(root, "qc-hong", "---\nloai: quy-che\nco_quan: khong-co\ntrich_yeu: văn bản hỏng\n---\n\nĐiều 1. A\n")
    result = run_vanban(root, "site")
    assert result.returncode == 2
    assert "records/qc-hong/van-ban.md:3: lỗi:" in result.stderr.replace("\\", "/")
    assert (root / "site" / record_page_rel("quy-che", QC)).exists()
    assert not list((root / "site").rglob("qc-hong*"))
    from generator.render.site.pages import DATA
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == (DATA / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_packaged_default_configuration_is_the_repository_one():
    from conftest import REPO
    from generator.render.site.pages import DATA
    assert (REPO / "mkdocs.yml").read_text(encoding="utf-8") == (DATA / "mkdocs.yml").read_text(encoding="utf-8")


def _facts(built: Path, rel: str) -> dict[str, str]:
    doc = page(built, rel)
    return {th.text_content(): td.text_content() for th, td in
            zip(doc.xpath('//table[@class="vb-thong-tin"]//th'), doc.xpath('//table[@class="vb-thong-tin"]//td'))}


def test_the_reply_opening_and_its_first_paragraph_are_one_sentence(built):
    doc = page(built, record_page_rel("cong-van", "cv-tra-loi-tham-tra-ly-lich-2026"))
    [para] = [p for p in doc.xpath("//article//p") if p.text_content().startswith("Phúc đáp Công văn số 18-CV/ĐU")]
    assert "người xin vào Đảng, sau khi phối hợp với Công an xã" in para.text_content()
    assert not [p for p in doc.xpath("//article//p") if p.text_content().startswith("sau khi phối hợp")]


def test_status_labels_fit_the_type_and_facts_do_not_contradict(built):
    assert _facts(built, record_page_rel("quyet-dinh", QD))["Tình trạng"] == "Đang có hiệu lực"
    # 18-CV/ĐU has an issued reply (07-CV/CB); 15-CV/ĐU only a draft reply: sent, not yet answered.
    assert _facts(built, record_page_rel("cong-van", "cv-de-nghi-tham-tra-ly-lich-2026"))["Tình trạng"] == "Đã được trả lời"
    assert _facts(built, record_page_rel("cong-van", "cv-de-nghi-xac-minh-2026"))["Tình trạng"] == "Đã gửi"
    assert _facts(built, record_page_rel("bao-cao-tham-luan", "bc-tham-luan-thanh-binh"))["Tình trạng"] == "Đã ban hành"
    for path in (built / "site" / "van-ban").glob("*/*.html"):
        facts = _facts(built, path.relative_to(built / "site").as_posix())
        if facts.get("Số, ký hiệu") == "Chưa cấp số" or facts.get("Ngày ban hành") == "Chưa ban hành":
            assert facts["Tình trạng"] == "Dự thảo", (path.name, facts)
        if facts["Loại văn bản"] in ("Công văn", "Báo cáo", "Tờ trình", "Thông báo", "Giấy mời", "Biên bản"):
            assert "hiệu lực" not in facts["Tình trạng"], (path.name, facts)


def _register(root: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The register page's table: column keys (the CSV's fields) and each row as {field: cell text}."""
    doc = page(root, "so-dang-ky.html")
    columns = doc.xpath('//table[@id="bang-so-dang-ky"]//th/@data-cot')
    rows = [dict(zip(columns, (td.text_content().strip() for td in tr.xpath("td"))))
            for tr in doc.xpath('//table[@id="bang-so-dang-ky"]//tr[td]')]
    return columns, rows


def test_the_register_page_lists_every_issued_sample_record(project_dir):
    """The sample project has no so-dang-ky.csv: its seven records issued with a number (imported as issued,
    trang_thai: ban-hanh and so: …) are on the register page, with Nơi nhận, bản lưu and số lượng bản as
    the records give them; the Quy chế (issued with its Quyết định) and the unnumbered reports are not rows."""
    assert not (project_dir / "records" / "so-dang-ky.csv").exists()
    assert run_vanban(project_dir, "site").returncode == 0
    columns, rows = _register(project_dir)
    assert sorted(r["so_ky_hieu"] for r in rows) == sorted(
        ["230-QĐ/TU", "15-CV/ĐU", "18-CV/ĐU", "07-CV/CB", "45/GM-UBND", "12-NQ/ĐU", "07-BB/CB"])
    assert [r["ngay"] for r in rows][:2] == ["20/10/2026", "14/09/2026"]          # newest first
    qd = next(r for r in rows if r["so_ky_hieu"] == "230-QĐ/TU")
    assert qd["noi_nhan"].startswith("Ban Bí thư Trung ương Đảng (b/c); Đảng ủy Công an Trung ương (b/c);")
    assert qd["noi_nhan"].endswith("Các đảng ủy xã, phường, đặc khu")
    assert qd["luu"] == "Văn phòng Tỉnh ủy, NC2"
    assert qd["so_ban"] == "9"            # 7 recipients, 2 archive units (register.copies: one copy each)
    assert qd["nguoi_ky"] == "Bùi Thắng" and qd["thao_tac"] == "Ban hành" and qd["ho_so"] == QD
    assert "chưa vào sổ đăng ký" in qd["ghi_chu"] and "kèm theo: Quy chế phối hợp" in qd["ghi_chu"]
    assert qd["stt"] == ""                # not a line of the register file


def test_the_register_page_has_every_column_of_the_csv(built):
    import csv
    from generator.records.register import FIELDS
    columns, rows = _register(built)
    assert sorted(columns) == sorted(k for k, _ in FIELDS)
    with (built / "records" / "so-dang-ky.csv").open(encoding="utf-8-sig", newline="") as fh:
        [line] = [r for r in csv.DictReader(fh) if r["Hồ sơ"] == HOSTILE_KEY]
    [shown] = [r for r in rows if r["ho_so"] == HOSTILE_KEY]
    for key, heading in FIELDS:
        if key in ("thao_tac", "loat", "thoi_diem", "tep", "sha256", "trich_yeu"):
            continue                      # shown in words (below)
        assert shown[key] == line[heading], key
    assert shown["thao_tac"] == "Ban hành" and shown["loat"].startswith("Quy chế — Ban Thường vụ Tỉnh ủy — nhiệm kỳ")
    assert shown["tep"].replace(" ", "") and all(h in shown["sha256"] for h in line["SHA-256"].split(" | "))
    assert line["Nơi nhận"] == shown["noi_nhan"] and line["Số lượng bản"] == shown["so_ban"] != ""
    assert len(rows) == 2 + 9             # 2 register rows, 9 records issued with a number outside it


def test_the_catalogue_by_status_groups_by_the_label_that_fits_the_type(built):
    """A công văn is "Đã gửi" or "Đã được trả lời", a báo cáo "Đã ban hành": none of them is listed under
    "Đang có hiệu lực", and each document sits under the status its own page shows."""
    doc = page(built, "danh-muc/tinh-trang.html")
    groups = {}
    for h2 in doc.xpath("//article//h2"):
        label = re.sub(r" \(\d+\)$", "", h2.text_content().strip())
        groups[label] = h2.xpath("following-sibling::ul[1]//a/@href")
    assert "../van-ban/cong-van/cv-de-nghi-xac-minh-2026.html" in groups["Đã gửi"]
    assert "../van-ban/cong-van/cv-de-nghi-tham-tra-ly-lich-2026.html" in groups["Đã được trả lời"]
    assert "../van-ban/bao-cao-tham-luan/bc-tham-luan-thanh-binh.html" in groups["Đã ban hành"]
    assert f"../van-ban/quyet-dinh/{QD}.html" in groups["Đang có hiệu lực"]
    for label, hrefs in groups.items():
        for href in hrefs:
            if "hiệu lực" in label:
                assert href.split("/")[2] not in ("cong-van", "bao-cao-tham-luan", "bao-cao-sang-kien", "giay-moi",
                                                  "bien-ban"), (label, href)
            facts = _facts(built, href.removeprefix("../"))
            assert facts["Tình trạng"] == label, (label, href, facts)


def test_reader_pages_do_not_speak_of_commands(project_dir):
    assert run_vanban(project_dir, "site").returncode == 0
    for path in (project_dir / "site").rglob("*.html"):
        main = lxml.html.fromstring(path.read_bytes()).xpath("//main")
        text = main[0].text_content() if main else ""
        assert not re.search(r"\bvanban (issue|build|site|serve|check|snapshot)\b|lệnh `?vanban", text), path


def test_a_pdf_opens_in_the_browser_and_word_is_downloaded(project_dir):
    # A PDF in out/ (as `vanban build --pdf` leaves it; a real PDF from tests/data stands in for it here).
    (project_dir / "out").mkdir(exist_ok=True)
    shutil.copy2(Path(__file__).parent / "data" / "real-docs" / "24-qd-10797-hdtd-lam-dong-to-giup-viec.pdf",
                 project_dir / "out" / f"{QD}.pdf")
    assert run_vanban(project_dir, "build").returncode == 0
    assert run_vanban(project_dir, "site").returncode == 0
    qd = page(project_dir, record_page_rel("quyet-dinh", QD))
    [pdf] = qd.xpath(f'//p[contains(@class,"vb-tai-ve")]//a[@href="../../tai-ve/{QD}.pdf"]')
    assert pdf.text_content() == "Xem PDF" and pdf.get("download") is None
    [word] = qd.xpath(f'//p[contains(@class,"vb-tai-ve")]//a[@href="../../tai-ve/{QD}.docx"]')
    assert word.get("download") is not None
    assert (project_dir / "site" / "tai-ve" / f"{QD}.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_draft_reply_is_marked_as_a_draft_on_the_request_page(built):
    """The sample request 15-CV/ĐU is answered by a reply still in draft (cv-phuc-dap-xac-minh-2026,
    trang_thai: du-thao): its page lists the reply with "(dự thảo)"; the issued reply to 18-CV/ĐU has none."""
    draft = (built / "site" / "van-ban/cong-van/cv-de-nghi-xac-minh-2026.html").read_text(encoding="utf-8")
    item = re.search(r'<li><span class="vb-quan-he">Được trả lời bởi:</span>(.*?)</li>', draft, re.S)
    assert item and "cv-phuc-dap-xac-minh-2026.html" in item.group(1) and "(dự thảo)" in item.group(1)
    sent = (built / "site" / "van-ban/cong-van/cv-de-nghi-tham-tra-ly-lich-2026.html").read_text(encoding="utf-8")
    item = re.search(r'<li><span class="vb-quan-he">Được trả lời bởi:</span>(.*?)</li>', sent, re.S)
    assert item and "cv-tra-loi-tham-tra-ly-lich-2026.html" in item.group(1) and "(dự thảo)" not in item.group(1)


def test_the_configuration_read_for_a_build_is_the_one_mkdocs_reads(tmp_path):
    """builder.mkdocs_config reads mkdocs.yml and the generated navigation with libyaml (the navigation of
    1,000 records took MkDocs' pure-Python parser a tenth of a site build): the same configuration as
    MkDocs' own load_config, hostile titles included; the navigation file is the text safe_dump writes."""
    import yaml
    from mkdocs.config import load_config
    from generator.format.config import Project
    from generator.render.site.builder import mkdocs_config
    from generator.render.site.navigation import HOOKS, NAV_FILE, nav_config
    root = copy_project(tmp_path / "du-an")
    nav = [{"Trang chủ": "index.md"},
           {"Văn bản": [{'Quy chế "Sao Khuê": #1 & <b>x</b>': "van-ban/quy-che/a.md"},
                        {"Năm 2026": [{"- Điều: 5, khoản 2 ': {}[]": "van-ban/quy-che/b.md"},
                                      {"yes": "van-ban/quy-che/c.md"}, {"~": "van-ban/quy-che/d.md"}]}]}]
    text = nav_config(nav)
    assert text.endswith(yaml.safe_dump({"hooks": [str(HOOKS)], "nav": nav}, allow_unicode=True, sort_keys=False,
                                        width=10_000))
    (root / ".vanban").mkdir(exist_ok=True)
    (root / "docs-site").mkdir()
    (root / ".vanban" / NAV_FILE).write_text(text, encoding="utf-8")
    ours = mkdocs_config(Project(root), strict=True, site_dir=str(tmp_path / "s"))
    theirs = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "s"))
    for key in ("nav", "site_name", "docs_dir", "site_dir", "use_directory_urls", "markdown_extensions",
                "mdx_configs", "extra_css", "extra_javascript", "validation", "strict", "extra"):
        assert ours[key] == theirs[key], key
    assert ours["nav"] == nav
    assert dict(ours["theme"]) == dict(theirs["theme"])
    assert [h for h in ours["hooks"]] == [h for h in theirs["hooks"]]
