"""Helpers for the records tests (versions, issuing, register): drafts written into a project copy."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

DRAFT = """---
# Dự thảo dùng trong kiểm thử.
loai: {loai}
co_quan: {co_quan}
trang_thai: du-thao   # dự thảo
trich_yeu: {trich_yeu}
{extra}noi_nhan:
  - Như trên,
  - Lưu Văn phòng.
---

{body}
"""

BODIES = {
    "quyet-dinh": "Điều 1. Thành lập Tổ công tác.\n\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n",
    "quy-che": "Điều 1. Phạm vi điều chỉnh\n\nQuy chế này quy định việc phối hợp.\n\n"
               "Điều 2. Trách nhiệm\n\nCác đơn vị thực hiện Quy chế này.\n",
    "cong-van": "Đề nghị các đơn vị phối hợp thực hiện.\n",
    "bao-cao-tham-luan": "1. Kết quả đạt được\n\nNội dung tham luận.\n",
}


def write_draft(root: Path, key: str, co_quan: str, loai: str = "quyet-dinh", trich_yeu: str | None = None,
                do_mat: str | None = None, extra: str = "") -> Path:
    """A draft record records/<key>/van-ban.md; returns its path."""
    if do_mat:
        extra = f"do_mat: {do_mat}\n" + extra
    if loai == "cong-van" and "kinh_gui" not in extra:
        extra += "kinh_gui:\n  - Các chi bộ trực thuộc\n"
    text = DRAFT.format(loai=loai, co_quan=co_quan, trich_yeu=trich_yeu or f"về việc thử nghiệm {key}",
                        extra=extra, body=BODIES[loai])
    path = root / "records" / key / "van-ban.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only_my_records(root: Path, co_quan: str, keep: tuple[str, ...] = ()) -> None:
    """Remove the sample records of one issuing body (but `keep`), so number expectations do not
    depend on sample records added later."""
    import shutil
    for source in (root / "records").glob("*/van-ban.md"):
        if source.parent.name not in keep and f"co_quan: {co_quan}\n" in source.read_text(encoding="utf-8"):
            shutil.rmtree(source.parent)


def write_imported(root: Path, key: str, co_quan: str, loai: str, so: int, ngay: str) -> Path:
    """A record issued before vanban kept the register (imported with its number and date)."""
    path = write_draft(root, key, co_quan, loai)
    text = path.read_text(encoding="utf-8").replace("trang_thai: du-thao", f"trang_thai: ban-hanh\nso: {so}\nngay: {ngay}")
    path.write_text(text, encoding="utf-8")
    return path


def register_rows(root: Path) -> list[dict[str, str]]:
    """The register as Excel would read it: UTF-8 with BOM, comma separated."""
    path = root / "records" / "so-dang-ky.csv"
    if not path.exists():
        return []
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the register must start with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def events(root: Path) -> list[dict]:
    path = root / "records" / "nhat-ky.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def front_matter_value(path: Path, key: str) -> str | None:
    for line in path.read_text(encoding="utf-8").split("---")[1].splitlines():
        if line.startswith(f"{key}:"):
            return line.split(":", 1)[1].split("#")[0].strip()
    return None
