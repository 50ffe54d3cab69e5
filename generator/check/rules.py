"""Where each rule `vanban check` applies comes from, and how sure that rule is: data, beside the rules.

Every finding carries
- `rule_source`: the guideline and the section the rule rests on ("NĐ 30 PL I mục II.3"), and
- `severity`: LOI ("lỗi": a rule stated in the guideline's own text, clearly broken) or CANH_BAO
  ("cảnh báo": a rule the sources do not settle — tagged [S] or UNCONFIRMED in
  shared/reference/format-rules.md or in the profile's comments — or a deviation that does not change
  how the page reads).

The tables below are keyed by the profile's `ma` (so a later profile of the same family, chosen by
document date through generator.format.profiles, inherits them), then by finding code or element.
A profile may add or override entries in its `kiem_tra:` block:

    kiem_tra:
      nguon: {so_ky_hieu: "HD 05 Phần II I.3", "khoan_tieu_de.dam": "HD 05 Phần II I.6.2.3"}
      chac_chan: [so_ky_hieu.mau]          # codes or elements whose rule is stated in the text
      chua_chac: [noi_nhan]                # codes or elements whose rule is uncertain
      ten_huong_dan: "HD 05-HD/VPTW"       # the guideline's short name, for the report
"""

from __future__ import annotations

LOI = "lỗi"
CANH_BAO = "cảnh báo"
SEVERITIES = (LOI, CANH_BAO)

# (section, certain) per element, and per finding code where one code of an element differs.
_ND30 = "NĐ 30 PL I"
_HD36 = "HD 36"
RULES: dict[str, dict[str, tuple[str, bool]]] = {
    "nha-nuoc": {
        "trang.kho_giay": (f"{_ND30} mục I.1", True),
        "trang.le": (f"{_ND30} mục I.3", True),
        "phong_chu": (f"{_ND30} mục I.4", True),
        "so_trang": (f"{_ND30} mục I.7", True),
        "quoc_hieu": (f"{_ND30} mục II.1.a", True),
        "tieu_ngu": (f"{_ND30} mục II.1.b", True),
        "co_quan_cap_tren": (f"{_ND30} mục II.2.b", True),
        "co_quan": (f"{_ND30} mục II.2.b", True),
        "duoi_co_quan": (f"{_ND30} mục II.2.b", True),
        "so_ky_hieu": (f"{_ND30} mục II.3", True),
        "ngay_thang": (f"{_ND30} mục II.4", True),
        "ten_loai": (f"{_ND30} mục II.5.b", True),
        "trich_yeu": (f"{_ND30} mục II.5.b", True),
        "duoi_trich_yeu": (f"{_ND30} mục II.5.b", True),
        "trich_yeu_cong_van": (f"{_ND30} mục II.5.b", True),
        "kem_theo": (f"{_ND30} mục III.1", True),
        "phu_luc": (f"{_ND30} mục III.1", True),
        "kinh_gui": (f"{_ND30} mục II.9.a", True),
        "can_cu": (f"{_ND30} mục II.6.a", True),
        "chu_the": (f"{_ND30} mục V (bảng), PL III mẫu 1.2", True),
        "phan": (f"{_ND30} mục II.6.đ", True),
        "chuong": (f"{_ND30} mục II.6.đ", True),
        "muc": (f"{_ND30} mục II.6.đ", True),
        "tieu_de_chuong": (f"{_ND30} mục II.6.đ", True),
        "dieu": (f"{_ND30} mục II.6.đ", True),
        "khoan": (f"{_ND30} mục II.6.đ", True),
        "khoan_tieu_de": (f"{_ND30} mục II.6.đ", True),
        "diem": (f"{_ND30} mục II.6.đ", True),
        "gach": (f"{_ND30} mục II.6.e", True),
        "doan": (f"{_ND30} mục II.6.e", True),
        "bo_cuc": (f"{_ND30} mục II.6.c–đ", True),
        "quyen_han": (f"{_ND30} mục II.7; NĐ 30 Điều 13", True),
        "chuc_vu": (f"{_ND30} mục II.7", True),
        "ho_ten": (f"{_ND30} mục II.7", True),
        "noi_nhan_tieu_de": (f"{_ND30} mục II.9.b", True),
        "noi_nhan": (f"{_ND30} mục II.9.b", True),
        "do_mat": (f"{_ND30} mục III.2", True),
        "do_khan": (f"{_ND30} mục III.2", True),
        "du_thao": (f"{_ND30} mục III", False),
        "tac_gia": (f"{_ND30} mục II.5", False),
        "tieu_de": ("NĐ 30 PL I mục II.1", True),
        "van_ban": (f"{_ND30}", True),
    },
    "dang": {
        # [Q]: quoted from HD 36 or its Phụ lục 3; the rest is [S] (format-rules.md §1)
        "trang.kho_giay": (f"{_HD36} mục II.4.2", True),
        "trang.le": (f"{_HD36} mục II.4.3", True),
        "phong_chu": (f"{_HD36} mục II.4.1", True),
        "so_trang": (f"{_HD36} mục II.4.4", True),
        "so_trang.co_chu": (f"{_HD36} Phụ lục 3 ([S])", False),
        "tieu_de": (f"{_HD36} mục II.1.1, Phụ lục 3", True),
        "co_quan_cap_tren": (f"{_HD36} mục II.1.2, Phụ lục 3", True),
        "co_quan": (f"{_HD36} mục II.1.2, Phụ lục 3", True),
        "duoi_co_quan": (f"{_HD36} mục II.1.2", True),
        "so_ky_hieu": (f"{_HD36} mục II.1.3", True),
        "so_ky_hieu.so_0": (f"{_HD36} mục II.1.3 ([S])", False),
        "ngay_thang": (f"{_HD36} mục II.1.4, Phụ lục 3", True),
        "ten_loai": (f"{_HD36} mục II.1.5, Phụ lục 3", True),
        "trich_yeu": (f"{_HD36} mục II.1.5, Phụ lục 3", True),
        "duoi_trich_yeu": (f"{_HD36} mục II.1.5 ([S])", False),
        "trich_yeu_cong_van": (f"{_HD36} mục II.1.5, Phụ lục 3", True),
        "trich_yeu_cong_van.mo_dau": (f"{_HD36} mục II.1.5 ([S])", False),
        "kem_theo": (f"{_HD36} mục II.1.6 ([S])", False),
        "phu_luc": (f"{_HD36} mục II.4.5", True),
        "kinh_gui": (f"{_HD36} ([S])", False),
        "can_cu": (f"{_HD36} mục II.1.6", True),
        "chu_the": (f"{_HD36} mục II.1.6 ([S])", False),
        "phan": (f"{_HD36} Phụ lục 3", True),
        "chuong": (f"{_HD36} Phụ lục 3", True),
        "muc": (f"{_HD36} Phụ lục 3", True),
        "tieu_de_chuong": (f"{_HD36} Phụ lục 3", True),
        "dieu": (f"{_HD36} Phụ lục 3 ([S])", False),
        "khoan": (f"{_HD36} Phụ lục 3 ([S])", False),
        "khoan_tieu_de": (f"{_HD36} Phụ lục 3 ([S])", False),
        "diem": (f"{_HD36} Phụ lục 3 ([S])", False),
        "gach": (f"{_HD36} Phụ lục 3 ([S])", False),
        "doan": (f"{_HD36} Phụ lục 3", True),
        "doan.can_le": (f"{_HD36} ([S])", False),
        "bo_cuc": (f"{_HD36} mục II.1.6; NĐ 30 PL I mục II.6.đ", True),
        "quyen_han": (f"{_HD36} mục II.1.7 ([S])", False),
        "quyen_han.tien_to": (f"{_HD36} mục II.1.7", True),
        "chuc_vu": (f"{_HD36} mục II.1.7 ([S])", False),
        "ho_ten": (f"{_HD36} mục II.1.7 ([S])", False),
        "noi_nhan_tieu_de": (f"{_HD36} mục II.1.9 ([S])", False),
        "noi_nhan": (f"{_HD36} mục II.1.9 ([S])", False),
        "do_mat": (f"{_HD36} mục II.2.1 ([S])", False),
        "do_khan": (f"{_HD36} mục II.2.1 ([S])", False),
        "du_thao": (f"{_HD36} mục II.2.2 ([S])", False),
        "tac_gia": (f"{_HD36} mục II.1.5", False),
        "quoc_hieu": (f"{_HD36} mục II.1.1", True),
        "tieu_ngu": (f"{_HD36} mục II.1.1", True),
        "van_ban": (f"{_HD36}", True),
    },
}
# Rules that hold whatever the guideline: a date that is not in the calendar.
_UNIVERSAL = {"ngay_thang.khong_co": True}


def _lookup(table: dict, code: str, element: str):
    for key in (code, element):
        if key in table:
            return table[key]
    return None


def classify(profile, code: str, element: str) -> tuple[str, str]:
    """(severity, rule_source) of a finding `code` about `element` under `profile` (a Profile)."""
    rules = (profile.get("kiem_tra") or {}) if profile is not None else {}
    family = RULES.get(getattr(profile, "key", None) or "", {})
    source, certain = _lookup(family, code, element) or (rules.get("ten_huong_dan") or "", False)
    own = rules.get("nguon") or {}
    source = own.get(code) or own.get(element) or source
    if code in (rules.get("chua_chac") or []) or element in (rules.get("chua_chac") or []):
        certain = False
    if code in (rules.get("chac_chan") or []) or element in (rules.get("chac_chan") or []):
        certain = True
    certain = _UNIVERSAL.get(code, certain)
    return (LOI if certain else CANH_BAO), source
