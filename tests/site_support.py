"""Helpers for the site tests: the test's own records (confidential, replaced, hostile text) and HTML reading."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

# A confidential record: its title, body and key must appear nowhere in site/.
# The sample project's Quyết định 230-QĐ/TU and the Quy chế it issues (records/), which site tests read.
QC = "qc-phoi-hop-ca-tinh-2025"
QD = "qd-230-tu-2025"

SECRET_KEY = "kh-mat-sao-khue-2026"
SECRET_TITLE = "kiểm tra nội bộ theo phương án Sao Khuê"
SECRET_TEXT = "Nội dung phương án Sao Khuê zxqvbn tuyệt đối không công khai"
SECRET = f"""---
loai: ke-hoach
co_quan: btv-tinh-uy
do_mat: MẬT
trang_thai: du-thao
trich_yeu: {SECRET_TITLE}
noi_nhan:
  - Các đồng chí Ủy viên BTV Tỉnh ủy,
  - Lưu Văn phòng Tỉnh ủy.
---

1. {SECRET_TEXT}.

2. Thời gian thực hiện: quý I năm 2026.
"""

# An old Quyết định with its Quy chế, replaced by a new Quyết định (issued): both old ones get the banner.
OLD_QD = """---
loai: quyet-dinh
co_quan: btv-tinh-uy
so: 112
ngay: 2024-05-06
trang_thai: ban-hanh
trich_yeu: ban hành Quy chế làm việc của Tổ biên tập văn bản
noi_nhan:
  - Như Điều 2,
  - Lưu Văn phòng Tỉnh ủy.
---

Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Tổ biên tập văn bản.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""
OLD_QC = """---
loai: quy-che
co_quan: btv-tinh-uy
trang_thai: ban-hanh
trich_yeu: làm việc của Tổ biên tập văn bản
quan_he:
  kem_theo: qd-cu-2024
---

Điều 1. Phạm vi

Quy chế này quy định việc làm việc của Tổ biên tập.

Điều 2. Trách nhiệm

1. Tổ trưởng chịu trách nhiệm theo Điều 1 Quy chế này.

2. Các thành viên thực hiện khoản 1 Điều này.
"""
NEW_QD = """---
loai: quyet-dinh
co_quan: btv-tinh-uy
so: 7
ngay: 2026-01-12
trang_thai: ban-hanh
trich_yeu: ban hành Quy chế làm việc mới của Tổ biên tập văn bản
quan_he:
  thay_the:
    - qd-cu-2024
noi_nhan:
  - Như Điều 3,
  - Lưu Văn phòng Tỉnh ủy.
---

Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc mới của Tổ biên tập văn bản.

Điều 2. Quyết định này thay thế Quyết định số 112-QĐ/TU, ngày 06/5/2024 và theo Quyết định số 230-QĐ/TU.

Điều 3. Quyết định này có hiệu lực kể từ ngày ký.
"""

# Record text is data: markup, template syntax and Markdown typed by an official show as text.
HOSTILE_KEY = "qc-thu-ky-tu-2026"
HOSTILE = """---
loai: quy-che
co_quan: btv-tinh-uy
trang_thai: du-thao
trich_yeu: thử <script>alert("tieu-de")</script> & {{ bien }} {% if x %}
---

Điều 1. Tên có <script>alert("dieu")</script> & {{ ten }}

1. Nội dung <script>alert("khoan")</script> & <b>không đậm</b> {{ noi_dung }} [liên kết](http://evil.example/x) ![ảnh](https://evil.example/a.png) | ô | bảng

2. Xem khoản 1 Điều này và Quyết định số 230-QĐ/TU; *nghiêng* và **đậm**.

Điều 2. Trách nhiệm

1. Thực hiện theo điểm a khoản 1 Điều 3 Quy chế này.

Điều 3. Hiệu lực

1. Hiệu lực

a) Kể từ ngày ký.
"""


def write_record(root: Path, key: str, text: str) -> Path:
    path = root / "records" / key / "van-ban.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def add_test_records(root: Path) -> None:
    write_record(root, SECRET_KEY, SECRET)
    write_record(root, "qd-cu-2024", OLD_QD)
    write_record(root, "qc-cu-2024", OLD_QC)
    write_record(root, "qd-moi-2026", NEW_QD)
    write_record(root, HOSTILE_KEY, HOSTILE)


def page(root: Path, rel: str):
    return lxml.html.fromstring((root / "site" / rel).read_bytes())


def record_page_rel(loai: str, key: str) -> str:
    return f"van-ban/{loai}/{key}.html"


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


_EXTERNAL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
_JS_ATTR = re.compile(r"""\b(?:src|href)\s*=\s*["'`](https?:)?//([^/"'`]+)""", re.IGNORECASE)
_JS_IMPORT = re.compile(r"""importScripts\(\s*["'`]https?://([^/"'`]+)""", re.IGNORECASE)


def _host(ref: str) -> str | None:
    ref = ref.strip()
    if not _EXTERNAL.match(ref):
        return None
    return urlsplit(ref if ":" in ref.split("//")[0] else "http:" + ref).hostname


def external_references(site: Path) -> list[str]:
    """Every reference to a host other than localhost: src/href (and srcset, action, poster, data) of every
    HTML element, url()/@import of every stylesheet, src=/href=/importScripts of every script."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            doc = lxml.html.fromstring(path.read_bytes())
            for el in doc.iter():
                if not isinstance(el.tag, str):
                    continue
                for attr in ("src", "href", "action", "poster", "data", "formaction"):
                    host = _host(el.get(attr) or "")
                    if host and host not in _LOCAL_HOSTS:
                        found.append(f"{rel}: <{el.tag} {attr}={el.get(attr)}>")
                for part in (el.get("srcset") or "").split(","):
                    host = _host(part.strip().split(" ")[0]) if part.strip() else None
                    if host and host not in _LOCAL_HOSTS:
                        found.append(f"{rel}: <{el.tag} srcset={part}>")
                if el.tag == "style" and el.text:
                    found += [f"{rel}: <style> {m}" for m in _css_hosts(el.text)]
                if el.get("style"):
                    found += [f"{rel}: style= {m}" for m in _css_hosts(el.get("style"))]
        elif path.suffix == ".css":
            found += [f"{rel}: {m}" for m in _css_hosts(path.read_text(encoding="utf-8", errors="replace"))]
        elif path.suffix == ".js":
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in _JS_ATTR.finditer(text):
                if m.group(2).split(":")[0] not in _LOCAL_HOSTS:
                    found.append(f"{rel}: {m.group(0)}")
            for m in _JS_IMPORT.finditer(text):
                if m.group(1).split(":")[0] not in _LOCAL_HOSTS:
                    found.append(f"{rel}: {m.group(0)}")
    return found


def _css_hosts(text: str) -> list[str]:
    out = []
    for m in _CSS_URL.finditer(text):
        ref = (m.group(1) or m.group(2) or "").strip()
        if ref.startswith("data:"):
            continue
        host = _host(ref)
        if host and host not in _LOCAL_HOSTS:
            out.append(ref)
    return out


def resolve_link(site: Path, page_rel: str, href: str) -> tuple[Path, str] | None:
    """(target file, fragment) of a relative link in a page; None for links outside the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    base = site if parts.path.startswith("/") else (site / page_rel).parent   # 404.html links from the root
    target = (base / unquote(parts.path.lstrip("/"))).resolve() if parts.path else (site / page_rel).resolve()
    return target, unquote(parts.fragment)
