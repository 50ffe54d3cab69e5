"""The one model every output reads: a Record = metadata + a tree of structural units.

Parsed once from `records/<key>/van-ban.md` (see record_parser.py); read by the Word
renderer, the linter, the register, the site, the comparison table and the importer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from generator.model.errors import Diagnostic

# Structural levels, outermost first. "khoan" covers 1. / 1.1. / 1.1.1. (see Unit.depth).
PHAN, CHUONG, MUC, DIEU, KHOAN, DIEM, GACH, DOAN = (
    "phan", "chuong", "muc", "dieu", "khoan", "diem", "gach", "doan")
HEADINGS = (PHAN, CHUONG, MUC)          # centred headings with a title in capitals

LEVEL_NAMES = {PHAN: "Phần", CHUONG: "Chương", MUC: "Mục", DIEU: "Điều",
               KHOAN: "khoản", DIEM: "điểm", GACH: "gạch đầu dòng", DOAN: "đoạn văn"}


@dataclass
class Unit:
    """One Phần / Chương / Mục / Điều / khoản / điểm / `- ` item / paragraph.

    `number` is the label as typed ("II", "5", "2.1", "đ"); `text` is the article or
    heading title for Phần…Điều, and the content for the other kinds (inline `*`/`**`
    marks kept). `anchor` is the stable site id, e.g. "dieu-5-khoan-2-diem-a".
    """
    kind: str
    text: str
    line: int
    number: str | None = None
    sep: str = ""                 # what followed the number: "." for Điều/khoản, "-" for "3.1-", ")" for điểm
    depth: int = 1                # khoản nesting: 1 for "1.", 2 for "1.1.", 3 for "3.3.1."
    children: list["Unit"] = field(default_factory=list)
    anchor: str = ""
    heading_line: int | None = None   # line of a title typed on its own line (Chương, Phần, Mục)

    def walk(self) -> Iterator["Unit"]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def label(self) -> str:
        """How the unit is cited in Vietnamese: "Điều 5", "khoản 2", "điểm a"."""
        return f"{LEVEL_NAMES[self.kind]} {self.number}" if self.number else LEVEL_NAMES[self.kind]

    @property
    def is_heading_khoan(self) -> bool:
        """A khoản that is a heading ("1. Trách nhiệm chủ trì"): short, no end punctuation, has children.

        ND 30 PL I: such a heading stands on its own line in bold.
        """
        if self.kind != KHOAN or not self.children:
            return False
        t = self.text.rstrip()
        return 0 < len(t) <= 120 and t[-1] not in ".;:,!?…)\"”"


def walk(units: list[Unit]) -> Iterator[Unit]:
    for u in units:
        yield from u.walk()


@dataclass
class Signer:
    """Signature block: authority prefix + body, position, name (HD 36 §1.7; ND 30 Điều 13)."""
    hinh_thuc: str = ""           # "tm" | "kt" | "tl" | "tuq" | "q" | "" (head signs directly)
    thay_mat: str = ""            # who the prefix speaks for: "BAN THƯỜNG VỤ", "ỦY BAN NHÂN DÂN", "TRƯỞNG BAN"
    chuc_vu: str = ""             # "PHÓ BÍ THƯ"
    ho_ten: str = ""              # "Bùi Thắng"
    ky_thay: str = ""             # a deputy signing inside a collective signature: "CHỦ TỊCH" gives the
                                  # second line "KT. CHỦ TỊCH" under "TM. ỦY BAN NHÂN DÂN" (ND 30 PL I II.7)


@dataclass
class Relations:
    """Links to other records, each by record key or by số ký hiệu ("230-QĐ/TU")."""
    kem_theo: str | None = None        # this document is attached to (issued by) that one
    thay_the: list[str] = field(default_factory=list)    # replaces
    sua_doi: list[str] = field(default_factory=list)     # amends
    tra_loi: str | None = None         # replies to (a coordination request)
    trich_dan: list[str] = field(default_factory=list)   # cites

    def all_targets(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self.kem_theo:
            out.append(("kem_theo", self.kem_theo))
        out += [("thay_the", t) for t in self.thay_the]
        out += [("sua_doi", t) for t in self.sua_doi]
        if self.tra_loi:
            out.append(("tra_loi", self.tra_loi))
        out += [("trich_dan", t) for t in self.trich_dan]
        return out


@dataclass
class Meta:
    """Front-matter fields (keys are short ASCII Vietnamese; see design.md §4)."""
    loai: str                                  # document type key: "quyet-dinh", "quy-che", "cong-van", …
    co_quan: str                               # issuing body key in the office config
    co_quan_ghi: dict | None = None            # a body written inline (another body's document, as printed)
    trich_yeu: str = ""
    so: int | None = None                      # number, assigned at issue time (or as found when imported)
    ky_hieu: str | None = None                 # explicit ký hiệu override ("QĐ/TU"); normally derived
    ngay: dt.date | None = None
    # effect (ngày có hiệu lực / hết hiệu lực), where the text does not say it ("có hiệu lực kể từ ngày ký"
    # is read from the text: generator/records/effect.py)
    hieu_luc: dt.date | None = None
    het_hieu_luc: dt.date | None = None
    dia_danh: str | None = None                # override of the office's place name
    ten_loai: str | None = None                # override of the type's title line ("BÁO CÁO SÁNG KIẾN CHI TIẾT")
    can_cu: list[str] = field(default_factory=list)
    xet_de_nghi: str | None = None
    chu_the: str | None = None                 # "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:"
    kinh_gui: list[str] = field(default_factory=list)
    nguoi_ky: Signer | None = None
    noi_nhan: list[str] = field(default_factory=list)
    do_mat: str | None = None                  # "MẬT" | "TỐI MẬT" | "TUYỆT MẬT"
    do_khan: str | None = None                 # "KHẨN" | "THƯỢNG KHẨN" | "HỎA TỐC"
    trang_thai: str = "du-thao"                # "du-thao" | "ban-hanh" (issued) | see records issue
    du_thao: str | None = None                 # draft mark text: "DỰ THẢO", "Dự thảo lần 2"
    tac_gia: str | None = None                 # author line of a báo cáo tham luận / sáng kiến
    phuc_dap: bool = True                      # reply: pre-fill "Phúc đáp Công văn số …"
    han_xu_ly: str | None = None               # deadline rule key of a coordination request (office config)
    quan_he: Relations = field(default_factory=Relations)
    ghi_chu: dict[str, str] = field(default_factory=dict)   # unit anchor -> explanation (bảng so sánh)
    nguon: str | None = None                   # where an imported record came from
    phien_ban_dang: str | None = None          # pinned Party profile version ("HD36-2018"); default: by date
    pham_vi_luu_hanh: str | None = None        # circulation note "TÀI LIỆU HỘI NGHỊ" (HD 05 Phần II II.4.1)
    nguoi_soan: str | None = None              # drafter mark "NguyenVanAn" (HD 05 Phần II II.5)
    so_ban: int | None = None                  # number of copies issued: "NguyenVanAn-26"
    lien_he: str | None = None                 # contact information, last page under a rule (HD 05 Phần II II.6)
    # lines printed after the signature block and Nơi nhận, as printed (a hotline: "Số điện thoại liên hệ …")
    sau_chu_ky: list[str] = field(default_factory=list)
    # an annex whose document is not among the records (imported from another body): its lines as printed
    kem_theo_ghi: str | None = None            # "(Kèm theo Nghị định số 30/2020/NĐ-CP ngày … của Chính phủ)"
    so_phu_luc: str | None = None              # "I", "2": the annex's number as printed
    in_hai_mat: bool | None = None             # duplex print; None: the body's setting (HD 05 Phần II IV.4.2)
    # A joint document (văn bản liên cơ quan / liên tịch): co_quan is the lead body; these are the others, as
    # printed, with their codes ("05-QC/BTCTU-BNCTU") and signers (left of the lead's, HD 05 Phần II I.7.2.4)
    lien_ten: list[str] = field(default_factory=list)
    lien_ma: list[str] = field(default_factory=list)
    ky_lien: list[Signer] = field(default_factory=list)
    chi_tiet: dict = field(default_factory=dict)   # fields of a type's own layout (biên bản, giấy mời …)
    extra: dict = field(default_factory=dict)  # unknown keys, kept for round trips


@dataclass
class Record:
    key: str                     # folder name, unique in records/: "qd-230-tu-2025"
    path: Path                   # the source file
    meta: Meta
    body: list[Unit]
    field_lines: dict[str, int] = field(default_factory=dict)   # front-matter key -> line
    body_start: int = 1          # line number of the first body line
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def units(self) -> Iterator[Unit]:
        return walk(self.body)

    def find(self, anchor: str) -> Unit | None:
        return next((u for u in self.units() if u.anchor == anchor), None)

    def line_of(self, key: str) -> int | None:
        return self.field_lines.get(key)
