"""Số và ký hiệu: "Số 230-QĐ/TU" (Party, no colon) and "Số: 12/QĐ-UBND" (State), from profile patterns."""

from __future__ import annotations

from generator.format import doctypes
from generator.format.config import Body
from generator.format.profiles import Profile
from generator.model.model import Record


def type_code(record: Record, profile: Profile, body: Body | None = None) -> str | None:
    """The type code: the office's override (`ma_loai` in van-phong.yaml, body or office level) first,
    then the data's code for this profile version."""
    if body is not None and record.meta.loai in body.ma_loai:
        return body.ma_loai[record.meta.loai]
    doc_type = doctypes.get(record.meta.loai)
    return doc_type.code_for(profile) if doc_type else None


def number_text(so: int, profile: Profile) -> str:
    width = profile["so_ky_hieu"]["chu_so_toi_thieu"]
    return f"{so:0{width}d}"


def symbol(record: Record, body: Body, profile: Profile, so: int | None) -> str:
    """"230-QĐ/TU" / "12/QĐ-UBND" / "05/UBND-VP" — the số ký hiệu without the word "Số"."""
    return number_line(record, body, profile, so).split(" ", 1)[1].lstrip(": ").strip() if so else ""


def number_line(record: Record, body: Body, profile: Profile, so: int | None = None) -> str:
    """The header's number line; a draft keeps the number blank for the văn thư: "Số     -QĐ/TU"."""
    so = record.meta.so if so is None else so
    spec = profile["so_ky_hieu"]
    doc_type = doctypes.get(record.meta.loai)
    code = type_code(record, profile, body)
    pattern = spec["mau_cong_van"] if doc_type and doc_type.is_letter else spec["mau"]
    number = number_text(so, profile) if so else spec["de_trong"]
    if record.meta.ky_hieu:  # explicit ký hiệu typed by the official ("QĐ/TU")
        sep = "-" if profile.is_party else "/"
        prefix = pattern.split("{so}")[0]
        return f"{prefix}{number}{sep}{record.meta.ky_hieu}"
    # a joint document: the lead body's code, then the others', joined by "-" (HD 05 Phần II I.3.1.2.b(iii),
    # I.3.2.2: "05-QC/BTCTU-BNCTU"); its number continues the lead body's series (I.3.1.1.d)
    bodies = "-".join([body.ma, *record.meta.lien_ma])
    return pattern.format(so=number, ma_loai=code or "", ma_co_quan=bodies,
                          ma_don_vi=body.ma_don_vi or "").replace("--", "-").rstrip("-")
