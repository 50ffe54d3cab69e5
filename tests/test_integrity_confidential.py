"""Confidentiality is transitive over attachment and quotation, and unknown means confidential (issue 19).

One project holds every relation kind pointing into a confidential record:
- a public Quyết định whose attached Quy chế is TỐI MẬT (register note, merged PDF, downloads);
- a public reply to a TỐI MẬT request (its .docx/.pdf quote the secret subject in "Phúc đáp …");
- a confidential Quyết định whose front matter does not parse, with a Quy chế attached to it;
- a record typed with `do-mat:` (a hyphen) instead of `do_mat:`;
- a public plan that replaces, amends and cites the secret ones.
After issuing, `build --pdf` and `site`, no file of site/ (nor the text inside any .docx or .pdf there), in
any spelling with or without tone marks, holds a word of the secret records.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import copy_project, run_vanban
from site_support import write_record

# Words that appear only in the confidential records (titles and text).
SECRET_WORDS = ["Thạch Sanh", "Lạc Long Quân", "Hồ Gươm Vàng", "Sơn Tinh Thủy Tinh", "Phù Đổng Thiên Vương",
                "qwzmx", "kho số bảy"]

PUBLIC_QD = """---
loai: quyet-dinh
co_quan: ubnd-xa-thuan-an
trang_thai: du-thao
trich_yeu: Về việc ban hành Quy chế bảo quản tài sản của xã
nguoi_ky:
  hinh_thuc: ""
  chuc_vu: CHỦ TỊCH
  ho_ten: Lê Thị Hoa
noi_nhan:
  - Như Điều 2;
  - Lưu: VT, VP.
---

Điều 1. Ban hành kèm theo Quyết định này Quy chế bảo quản tài sản của xã.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""

SECRET_QC = """---
loai: quy-che
co_quan: ubnd-xa-thuan-an
do_mat: TỐI MẬT
trang_thai: du-thao
trich_yeu: quản lý kho Thạch Sanh
quan_he:
  kem_theo: qd-cong-khai-2026
---

Điều 1. Phạm vi

Mật mã qwzmx của kho số bảy do đồng chí Lạc Long Quân giữ.
"""

SECRET_REQUEST = """---
loai: cong-van
co_quan: dang-uy-xa-thuan-an
do_mat: TỐI MẬT
so: 21
ngay: 2026-03-02
trang_thai: ban-hanh
trich_yeu: xác minh vụ việc Hồ Gươm Vàng
kinh_gui:
  - Chi bộ Công an xã Thuận An
han_xu_ly: than-nhan-trong-tinh
noi_nhan:
  - Như trên,
  - Lưu Văn phòng Đảng ủy.
---

Đề nghị xác minh vụ việc Hồ Gươm Vàng, mật mã qwzmx.
"""

PUBLIC_REPLY = """---
loai: cong-van
co_quan: chi-bo-cong-an-xa-thuan-an
trang_thai: du-thao
trich_yeu: phúc đáp công văn của Đảng ủy xã
kinh_gui:
  - Ban Thường vụ Đảng ủy xã Thuận An
quan_he:
  tra_loi: cv-mat-2026
noi_nhan:
  - Như trên,
  - Lưu Chi bộ.
---

Chi bộ Công an xã đã thực hiện và báo cáo kết quả như sau: đã hoàn thành.
"""

# Confidential, and its front matter does not parse (a tab in the indentation).
BROKEN_SECRET_QD = """---
loai: quyet-dinh
co_quan: ubnd-xa-thuan-an
do_mat: MẬT
trich_yeu: ban hành Quy chế Sơn Tinh Thủy Tinh
noi_nhan:
\t- Lưu: VT.
---

Điều 1. Ban hành Quy chế Sơn Tinh Thủy Tinh.
"""

ATTACHED_TO_BROKEN = """---
loai: quy-che
co_quan: ubnd-xa-thuan-an
trang_thai: du-thao
trich_yeu: phối hợp Sơn Tinh Thủy Tinh
quan_he:
  kem_theo: qd-hong-mat-2026
---

Điều 1. Phạm vi

Quy chế Sơn Tinh Thủy Tinh áp dụng cho kho số bảy.
"""

HYPHEN_FIELD = """---
loai: ke-hoach
co_quan: dang-uy-xa-thuan-an
do-mat: MẬT
trang_thai: du-thao
trich_yeu: triển khai phương án Phù Đổng Thiên Vương
noi_nhan:
  - Lưu Văn phòng Đảng ủy.
---

1. Nội dung phương án Phù Đổng Thiên Vương.
"""

PUBLIC_CITING = """---
loai: ke-hoach
co_quan: dang-uy-xa-thuan-an
trang_thai: du-thao
trich_yeu: triển khai công tác bảo vệ năm 2026
quan_he:
  thay_the: [cv-mat-2026]
  sua_doi: [qc-mat-2026]
  trich_dan: [qc-mat-2026, qd-hong-mat-2026, kh-go-sai-2026]
noi_nhan:
  - Lưu Văn phòng Đảng ủy.
---

1. Triển khai công tác bảo vệ năm 2026.
"""


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def file_text(path: Path) -> str:
    """What a reader of the file can get out of it: raw bytes, and the text inside Word and PDF files."""
    raw = path.read_bytes()
    parts = [raw.decode("utf-8", errors="ignore")]
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            parts += [z.read(n).decode("utf-8", errors="ignore") for n in z.namelist() if n.endswith(".xml")]
    elif path.suffix == ".pdf":
        reader = PdfReader(path)
        parts += [page.extract_text() or "" for page in reader.pages]
        parts += [str(v) for v in (reader.metadata or {}).values()]
        parts += [item.title for item in reader.outline if hasattr(item, "title")]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("mat") / "du-an")
    write_record(root, "qd-cong-khai-2026", PUBLIC_QD)
    write_record(root, "qc-mat-2026", SECRET_QC)
    write_record(root, "cv-mat-2026", SECRET_REQUEST)
    write_record(root, "cv-tra-loi-mat-2026", PUBLIC_REPLY)
    write_record(root, "qd-hong-mat-2026", BROKEN_SECRET_QD)
    write_record(root, "qc-kem-qd-hong-2026", ATTACHED_TO_BROKEN)
    write_record(root, "kh-go-sai-2026", HYPHEN_FIELD)
    write_record(root, "kh-cong-khai-2026", PUBLIC_CITING)
    # the same pair as a draft: `build --pdf` makes its merged PDF (an issued record is not rebuilt)
    write_record(root, "qd-du-thao-2026", PUBLIC_QD)
    write_record(root, "qc-mat-du-thao-2026", SECRET_QC.replace("qd-cong-khai-2026", "qd-du-thao-2026"))
    root.joinpath("site-results.txt").write_text("", encoding="utf-8")
    issued = run_vanban(root, "issue", "qd-cong-khai-2026", "--ngay", "2026-03-10")
    root.joinpath("site-results.txt").write_text(issued.stdout + issued.stderr, encoding="utf-8")
    run_vanban(root, "build", "--pdf", timeout=600)
    site = run_vanban(root, "site", timeout=600)
    assert (root / "site" / "index.html").exists(), site.stdout + site.stderr
    return root


def test_the_public_decision_is_issued_with_its_confidential_attachment(project):
    log = (project / "site-results.txt").read_text(encoding="utf-8")
    assert "qd-cong-khai-2026" in (project / "records" / "so-dang-ky.csv").read_text(encoding="utf-8-sig"), log


def test_no_word_of_a_confidential_record_reaches_any_file_of_the_site(project):
    site = project / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".docx" for p in files) and any(p.suffix == ".pdf" for p in files)
    leaks = []
    for path in files:
        text = fold(file_text(path))
        for word in SECRET_WORDS:
            if fold(word) in text:
                leaks.append((str(path.relative_to(site)), word))
    assert not leaks, leaks


def test_the_public_records_still_have_their_pages(project):
    pages = {p.stem for p in (project / "site" / "van-ban").rglob("*.html")}
    assert {"qd-cong-khai-2026", "kh-cong-khai-2026", "cv-tra-loi-mat-2026"} <= pages
    assert not pages & {"qc-mat-2026", "cv-mat-2026", "qd-hong-mat-2026", "qc-kem-qd-hong-2026", "kh-go-sai-2026"}


def test_the_reply_quoting_a_secret_request_is_published_without_its_downloads(project):
    downloads = {p.name for p in (project / "site" / "tai-ve").rglob("*") if p.is_file()}
    assert not [n for n in downloads if n.startswith("cv-tra-loi-mat-2026")], downloads
    # the merged PDF of the public decision holds the secret attachment: made, but never published
    assert (project / "out" / "qd-du-thao-2026.tron-bo.pdf").is_file()
    assert "Thạch Sanh" in file_text(project / "out" / "qd-du-thao-2026.tron-bo.pdf")
    assert "qd-du-thao-2026.tron-bo.pdf" not in downloads and "qd-du-thao-2026.pdf" in downloads
    assert "qd-cong-khai-2026.docx" in downloads      # its own Word file quotes nothing secret


def test_a_misspelled_confidentiality_field_is_an_error_with_its_line(tmp_path):
    root = copy_project(tmp_path / "du-an")
    write_record(root, "kh-go-sai-2026", HYPHEN_FIELD)
    result = run_vanban(root, "build")
    assert result.returncode == 2
    message = result.stdout + result.stderr
    assert "kh-go-sai-2026" in message and "van-ban.md:4" in message and "do_mat" in message
    assert (root / "out" / "qd-230-tu-2025.docx").exists()         # the others are still built
    assert not (root / "out" / "kh-go-sai-2026.docx").exists()
