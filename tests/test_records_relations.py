"""Relations (kèm theo, thay thế, sửa đổi, trả lời, trích dẫn) and the status that follows from them."""

from __future__ import annotations

import datetime as dt

from docx import Document

from conftest import run_vanban
from generator.format.config import Project
from generator.records.issuing import issue
from generator.records.relations import AMENDED, ISSUED, REPLACED, load_resolver
from records_support import events, only_my_records, write_draft

KEY = "qd-ubnd-to-ra-soat-2026"


def _issue(root, key, date):
    return issue(Project(root), key, date=dt.date.fromisoformat(date), pdf=False)


def test_resolver_finds_records_by_key_and_by_number(project_dir):
    resolver = load_resolver(Project(project_dir))
    assert resolver.resolve("qd-230-tu-2025").key == "qd-230-tu-2025"
    for target in ("230-QĐ/TU", "Số 230-QĐ/TU", "230-QĐ/TU ngày 03/11/2025", "230-QĐ/TU, ngày 3/11/2025"):
        assert resolver.resolve(target).key == "qd-230-tu-2025", target
    assert resolver.resolve("230-QĐ/TU ngày 04/11/2025") is None
    assert resolver.resolve("999-QĐ/TU") is None
    assert resolver.status("qd-230-tu-2025").code == ISSUED
    kinds = {(link.kind, link.source.key) for link in resolver.incoming("qd-230-tu-2025")}
    assert ("kem_theo", "qc-phoi-hop-ca-tinh-2025") in kinds


def test_a_replaced_record_says_so_in_history_register_and_the_resolver(project_dir, tmp_path):
    only_my_records(project_dir, "ubnd-xa-thuan-an", keep=(KEY,))
    _issue(project_dir, KEY, "2026-03-02")
    write_draft(project_dir, "qd-thay", "ubnd-xa-thuan-an", trich_yeu="về việc thành lập Tổ rà soát (thay thế)",
                extra="quan_he:\n  thay_the:\n    - 01/QĐ-UBND\n")
    write_draft(project_dir, "qd-sua", "ubnd-xa-thuan-an", trich_yeu="về việc sửa đổi",
                extra="quan_he:\n  sua_doi: [01/QĐ-UBND]\n")
    assert _issue(project_dir, "qd-sua", "2026-03-10").so_ky_hieu == "02/QĐ-UBND"
    assert load_resolver(Project(project_dir)).status(KEY).code == AMENDED
    assert _issue(project_dir, "qd-thay", "2026-04-01").so_ky_hieu == "03/QĐ-UBND"

    status = load_resolver(Project(project_dir)).status(KEY)
    assert status.code == REPLACED and [r.key for r in status.replaced_by] == ["qd-thay"]
    assert [e["su_kien"] for e in events(project_dir) if e["ho_so"] == KEY] == ["ban-hanh", "bi-sua-doi", "bi-thay-the"]

    r = run_vanban(project_dir, "history", KEY)
    assert r.returncode == 0, r.stderr
    assert "Trạng thái: đã bị thay thế bởi 03/QĐ-UBND (qd-thay)" in r.stdout
    assert "bị thay thế bởi 03/QĐ-UBND (hồ sơ qd-thay)" in r.stdout          # the audit event
    assert "được sửa đổi, bổ sung bởi: 02/QĐ-UBND (qd-sua)" in r.stdout

    r = run_vanban(project_dir, "register")
    line = next(line for line in r.stdout.splitlines() if "01/QĐ-UBND" in line and "ban hành" in line)
    assert "Đã bị thay thế bởi 03/QĐ-UBND (qd-thay)" in line
    book = tmp_path / "so.docx"
    assert run_vanban(project_dir, "register", "--xuat", str(book)).returncode == 0
    notes = [row.cells[-1].text for row in Document(str(book)).tables[0].rows[2:]]
    assert notes[0] == "Đã bị thay thế bởi 03/QĐ-UBND (qd-thay)"


def test_building_a_draft_that_cites_a_replaced_record_warns(project_dir):
    # 230-QĐ/TU (imported, issued) is replaced by an issued record; its attached Quy chế goes with it
    write_draft(project_dir, "qd-thay-230", "btv-tinh-uy", trich_yeu="ban hành Quy chế phối hợp (thay thế)",
                extra="quan_he:\n  thay_the: [230-QĐ/TU]\n")
    _issue(project_dir, "qd-thay-230", "2026-03-02")
    resolver = load_resolver(Project(project_dir))
    assert resolver.status("qc-phoi-hop-ca-tinh-2025").code == REPLACED
    assert resolver.status("qc-phoi-hop-ca-tinh-2025").via.key == "qd-230-tu-2025"

    source = write_draft(project_dir, "kh-trich-dan", "btv-tinh-uy", trich_yeu="về việc triển khai",
                         extra="can_cu:\n  - Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\n"
                               "  - Căn cứ Quyết định số 230-QĐ/TU, ngày 03/11/2025 của Ban Thường vụ Tỉnh ủy;\n"
                               "quan_he:\n  trich_dan:\n    - qc-phoi-hop-ca-tinh-2025\n")
    r = run_vanban(project_dir, "build", str(source.parent))
    assert r.returncode == 0, r.stderr
    lines = source.read_text(encoding="utf-8").splitlines()
    can_cu = next(i for i, t in enumerate(lines, 1) if "230-QĐ/TU" in t)
    cites = next(i for i, t in enumerate(lines, 1) if "- qc-phoi-hop" in t)
    assert (f"kh-trich-dan/van-ban.md:{can_cu}: cảnh báo: căn cứ văn bản 230-QĐ/TU (qd-230-tu-2025) nhưng văn bản "
            "đó đã bị thay thế bởi") in r.stderr
    assert f"kh-trich-dan/van-ban.md:{cites}: cảnh báo: trích dẫn văn bản qc-phoi-hop-ca-tinh-2025" in r.stderr


def test_a_replacing_draft_does_not_replace_yet_and_a_missing_target_warns(project_dir):
    write_draft(project_dir, "qd-du-thao-thay", "btv-tinh-uy", trich_yeu="thay thế (dự thảo)",
                extra="quan_he:\n  thay_the: [230-QĐ/TU, 231-QĐ/TU]\n")
    resolver = load_resolver(Project(project_dir))
    assert resolver.status("qd-230-tu-2025").code == ISSUED
    r = run_vanban(project_dir, "build", str(project_dir / "records" / "qd-du-thao-thay"))
    assert r.returncode == 0, r.stderr
    assert "quan_he.thay_the: \"231-QĐ/TU\": không có hồ sơ nào có mã hoặc số ký hiệu này" in r.stderr
