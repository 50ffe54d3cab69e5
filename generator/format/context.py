"""Record → the values a template shows. Text-level format rules (case, punctuation, number and
date patterns, signing prefixes) are applied here from the profile, once, for every template.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from docxtpl import RichText, RichTextParagraph

from generator.format import doctypes, own_layout
from generator.format.config import Body, OfficeConfig, profile_for
from generator.format.facts import facts_of
from generator.format.numbering import number_line, symbol
from generator.format.profiles import Profile
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import CHUONG, DIEM, DIEU, DOAN, GACH, KHOAN, MUC, PHAN, Record, Signer, Unit
from generator.model.text import parse_inline, plain
from generator.model.vietnamese import day_str, format_date_line, month_str, to_roman

_END_PUNCT = re.compile(r"[\s,;.:]+$")


def listed_table(records, name: str):
    """A relation table the listing of the last load keeps (loading.ListedRecords.tables: worked out
    from these very records when they were listed), or None: work it out from the records."""
    tables = getattr(records, "tables", None)
    return tables.get(name) if tables is not None else None


@dataclass
class RecordIndex:
    """All parsed records, by key and by số ký hiệu: relations resolve through it. Its tables (annexes
    by parent, records by số ký hiệu) are keyed by record key and made on first use, or taken from the
    listing when every record was served from it (a one-record build of 10,000 makes one record, not all)."""
    records: dict[str, Record]
    config: OfficeConfig
    _by_symbol: dict[str, str] | None = field(default=None, init=False, repr=False, compare=False)
    _annexes: dict[str, list[str]] | None = field(default=None, init=False, repr=False, compare=False)
    _listed_symbols: bool = field(default=False, init=False, repr=False, compare=False)

    def annexes_of(self, parent: Record) -> list[str]:
        """Keys of the phụ lục attached to `parent`, sorted (one pass over the records per index)."""
        if self.records.get(parent.key) is not parent:           # not one of these records
            return []
        return self._annex_table().get(parent.key, [])

    def _annex_table(self) -> dict[str, list[str]]:
        if self._annexes is None:
            self._annexes = listed_table(self.records, "annexes")
        if self._annexes is None:
            annexes: dict[str, list[str]] = {}
            for key, record in self.records.items():
                facts = facts_of(record)                   # no front matter read for the others
                if facts.kem_theo and doctypes.get(facts.loai).bo_cuc == "phu-luc":
                    target = self.resolve(facts.kem_theo)
                    if target is not None:
                        annexes.setdefault(target.key, []).append(key)
            self._annexes = {parent_key: sorted(keys) for parent_key, keys in annexes.items()}  # not 10,000 keys sorted
        return self._annexes

    def tables(self) -> dict[str, dict]:
        """The annexes by parent and the records by số ký hiệu, as a listing keeps them."""
        return {"annexes": self._annex_table(), "symbols": self._symbol_table()}

    def symbol_of(self, record: Record) -> str:
        stored = record.__dict__.get("facts")         # worked out when it was parsed (facts.own_symbol)
        if stored is not None and stored.symbol is not None:
            return stored.symbol
        body = self.config.body(record.meta.co_quan)
        if body is None or not record.meta.so:
            return ""
        return symbol(record, body, self.profile_of(record), record.meta.so)

    def profile_of(self, record: Record):
        """The record's profile (config.profile_for); an undated document attached to a decision
        takes the decision's date, and its pinned version (phien_ban_dang) unless it pins its own."""
        body = self.config.body(record.meta.co_quan)
        on = None
        target = record.meta.quan_he.kem_theo
        if record.meta.ngay is None and target:
            parent = self.records.get(target)
            if parent is None:         # a số ký hiệu: match on each record's own date (no recursion through here)
                wanted = _canonical_symbol(target)
                for other in self.records.values():
                    other_body = self.config.body(other.meta.co_quan)
                    if other.meta.so and other_body is not None and other is not record and _canonical_symbol(
                            symbol(other, other_body, profile_for(other_body, other), other.meta.so)) == wanted:
                        parent = other
                        break
            on = parent.meta.ngay if parent is not None else None
            pin = parent.meta.phien_ban_dang if parent is not None else None
            if pin and not record.meta.phien_ban_dang and body is not None and body.ho_so == "dang":
                return body.profile_on(on, pin)
        return profile_for(body, record, on)

    def resolve(self, target: str) -> Record | None:
        """A relation target: a record key, or a số ký hiệu such as "230-QĐ/TU" (with or without "Số")."""
        if target in self.records:
            return self.records[target]
        wanted = _canonical_symbol(target)
        # By số ký hiệu through a table of every record's symbol (a scan per target made building N
        # records quadratic: 1.7 s of resolving at N = 1000). A hit is checked against the record as
        # it is now; a miss rebuilds the table, so a number set after the table was made is found. The
        # listing's table (every record's symbol as it was loaded, nothing changed since) answers a miss
        # itself: a target outside the office does not make ten thousand records.
        if self._by_symbol is None:
            self._by_symbol = listed_table(self.records, "symbols")
            self._listed_symbols = self._by_symbol is not None
        found_key = self._by_symbol.get(wanted) if self._by_symbol is not None else None
        found = self.records.get(found_key) if found_key is not None else None
        if found is not None and _canonical_symbol(self.symbol_of(found)) == wanted:
            return found
        if self._listed_symbols and found_key is None:
            return None                # the listing's table has every record's symbol as loaded
        self._by_symbol = None
        found_key = self._symbol_table().get(wanted)
        return self.records.get(found_key) if found_key is not None else None

    def _symbol_table(self) -> dict[str, str]:
        """Canonical số ký hiệu → the first record (in load order) that has it; made again when None."""
        if self._by_symbol is None:
            self._by_symbol, self._listed_symbols = {}, False
            for key, record in self.records.items():
                self._by_symbol.setdefault(_canonical_symbol(self.symbol_of(record)), key)
        return self._by_symbol


def _canonical_symbol(text: str) -> str:
    """"Số 05-CV/ĐU", "5-CV/ĐU", "05 - CV/ĐU" → "5-CV/ĐU": officials type numbers with or without the zero."""
    text = re.sub(r"^(Số|số)[:\s]*", "", text.strip())
    return re.sub(r"^0+(?=\d)", "", re.sub(r"\s+", "", text))


def _case(text: str, profile: Profile, element: str) -> str:
    return text.upper() if profile.element(element).case == "upper" else text


def _punctuate(items: list[str], sep: str, last: str) -> list[str]:
    """Each line ends with `sep`, the last with `last` (HD 36: ","/"."; ND 30: ";"/".")."""
    out = []
    for i, item in enumerate(items):
        core = _END_PUNCT.sub("", item)
        out.append(core + (last if i == len(items) - 1 else sep))
    return out


def authority_lines(signer: Signer, profile: Profile) -> list[str]:
    """"T/M BAN THƯỜNG VỤ"; "TM. ỦY BAN NHÂN DÂN" + "KT. CHỦ TỊCH"; none when the head signs directly.

    Raises ValueError when the profile has no such form (T/UQ in a Party document)."""
    lines = []
    for form, whom in ((signer.hinh_thuc, signer.thay_mat), ("kt" if signer.ky_thay else "", signer.ky_thay)):
        prefix = profile.sign_prefix(form)
        if prefix is None:
            raise ValueError(form)
        if prefix:
            lines.append(_case(f"{prefix} {whom}".strip(), profile, "quyen_han"))
    return lines


def citation_date(date: dt.date, profile: Profile) -> str:
    return profile["ngay_trich_dan"].format(ngay=day_str(date.day), thang=month_str(date.month), nam=date.year)


def rich(text: str, bold: bool = False) -> RichText:
    rt = RichText()
    for span in parse_inline(text):
        rt.add(span.text, bold=bold or span.bold, italic=span.italic)
    return rt


class Paragraphs(RichTextParagraph):
    """docxtpl's RichTextParagraph with a linear add(): the original appends to one string attribute,
    which CPython copies each time (a 25 MB body took 288 s). Each paragraph's XML is still made by
    docxtpl's own add(), then kept in a list and joined once."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def add(self, text, parastyle=None) -> None:
        one = RichTextParagraph()
        one.add(text, parastyle=parastyle)
        self._parts.append(one.xml)

    @property
    def xml(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""


def body_paragraphs(units: list[Unit], profile: Profile) -> RichTextParagraph:
    """The structured body as literal, styled paragraphs (one named style per level)."""
    rp = Paragraphs()
    style = lambda element: profile.element(element).style_id  # noqa: E731

    def emit(unit: Unit) -> None:
        if unit.kind == MUC and unit.sep:   # "I. MỤC ĐÍCH, YÊU CẦU": a section heading on one line
            rp.add(rich(f"{unit.number}{unit.sep} {unit.text}"), parastyle=style("khoan_tieu_de"))
        elif unit.kind in (PHAN, CHUONG, MUC):
            word = {PHAN: "Phần", CHUONG: "Chương", MUC: "Mục"}[unit.kind]
            rp.add(RichText(f"{word} {unit.number}"), parastyle=style(unit.kind))
            if unit.text:
                rp.add(RichText(_case(plain(unit.text), profile, "tieu_de_chuong")), parastyle=style("tieu_de_chuong"))
        elif unit.kind == DIEU:
            titled = unit.text and unit.text.rstrip()[-1:] not in ".;:"
            if titled or not unit.text:
                rp.add(rich(f"Điều {unit.number}. {unit.text}".rstrip()), parastyle=style("dieu"))
            else:   # "Điều 3. Quyết định này có hiệu lực …": only the label is bold
                rt = RichText()
                rt.add(f"Điều {unit.number}.", bold=True)
                rt.add(" ")
                for span in parse_inline(unit.text):
                    rt.add(span.text, bold=span.bold, italic=span.italic)
                rp.add(rt, parastyle=style("doan"))
        elif unit.kind == KHOAN:
            element = "khoan_tieu_de" if unit.is_heading_khoan else "khoan"
            rp.add(rich(f"{unit.number}{unit.sep} {unit.text}"), parastyle=style(element))
        elif unit.kind == DIEM:
            rp.add(rich(f"{unit.number}) {unit.text}"), parastyle=style("diem"))
        elif unit.kind == GACH:
            rp.add(rich(f"- {unit.text}"), parastyle=style("gach"))
        elif unit.kind == DOAN:
            rp.add(rich(unit.text), parastyle=style("doan"))
        for child in unit.children:
            emit(child)

    for unit in units:
        emit(unit)
    return rp


def build_context(record: Record, index: RecordIndex) -> tuple[dict, list[Diagnostic]]:
    config = index.config
    meta = record.meta
    body: Body = config.body(meta.co_quan)
    if body is None:
        raise VanbanError(f"cơ quan ban hành \"{meta.co_quan}\" không có trong cấu hình", record.path,
                          record.line_of("co_quan"))
    profile = index.profile_of(record)
    doc_type = doctypes.get(meta.loai)
    warnings: list[Diagnostic] = []
    if not doc_type.has(profile.key):
        raise VanbanError(type_refusal(meta.loai, profile), record.path, record.line_of("loai"))
    ctx: dict = {"the_thuc": profile.version}

    attached_to = index.resolve(meta.quan_he.kem_theo) if meta.quan_he.kem_theo else None
    if meta.quan_he.kem_theo and attached_to is None:
        raise VanbanError(f"quan_he.kem_theo: không tìm thấy văn bản \"{meta.quan_he.kem_theo}\"", record.path,
                          record.line_of("quan_he.kem_theo"))

    ctx.update(heading(record, body, profile, doc_type, attached_to))
    ctx["do_mat"] = meta.do_mat or ""
    ctx["do_khan"] = meta.do_khan or ""
    draft = meta.trang_thai == "du-thao"
    ctx["du_thao"] = (meta.du_thao or profile["du_thao_mac_dinh"]) if draft else ""
    ctx["pham_vi_luu_hanh"] = meta.pham_vi_luu_hanh or ""    # HD 05 Phần II II.4.1 (ô 11a)
    ctx["khong_pho_bien"] = ""
    last_page_note = (profile.get("khong_pho_bien") or {}).get("chu")
    if last_page_note and " ".join(ctx["pham_vi_luu_hanh"].split()) == last_page_note:
        # HD 05 Phần II II.4.1: this one note goes on the last page, centred, 10 mm above the bottom edge
        ctx["khong_pho_bien"], ctx["pham_vi_luu_hanh"] = last_page_note, ""
    ctx["lien_he"] = meta.lien_he or ""
    if meta.lien_he and "thong_tin_lien_he" not in profile.elements:
        warnings.append(Diagnostic(f"lien_he: thể thức {profile.version} chưa có chỗ "
                                   "cho thông tin liên hệ; dòng này không được in", record.path,
                                   record.line_of("lien_he"), "canh-bao"))
    mark = meta.nguoi_soan or ""
    if mark and meta.so_ban:
        mark = f"{mark}-{meta.so_ban}"                        # HD 05 Phần II II.5: "NguyenVanAn-26"
    ctx["nguoi_soan"] = mark
    ctx["chi_tiet"] = own_fields(meta, doc_type)

    ten_loai = meta.ten_loai or doc_type.ten_loai or ""
    ctx["ten_loai"] = _case(ten_loai, profile, "ten_loai")
    trich_yeu = meta.trich_yeu
    if doc_type.is_letter:
        # The profile's opener ("V/v" State, "về việc" Party) replaces whichever one was typed.
        core = re.sub(r"^(V/v|về việc)\s*", "", trich_yeu, flags=re.IGNORECASE)
        trich_yeu = f"{profile['trich_yeu_cong_van_mo_dau']} {core}"
    ctx["trich_yeu"] = trich_yeu
    ctx["kem_theo"] = ""
    if attached_to is not None:
        parent_body = config.body(attached_to.meta.co_quan)
        parent_type = doctypes.get(attached_to.meta.loai)
        so = index.symbol_of(attached_to)
        ctx["kem_theo"] = profile["kem_theo_mau"].format(
            ten_loai=(parent_type.ten_loai or "").capitalize(), so_ky_hieu=so or "…",
            ngay=citation_date(attached_to.meta.ngay, profile) if attached_to.meta.ngay else "…",
            co_quan=parent_body.ten_goi if parent_body else "")
        if not so:
            warnings.append(Diagnostic("văn bản kèm theo: Quyết định ban hành chưa có số; dòng \"kèm theo\" để trống số",
                                       record.path, record.line_of("quan_he.kem_theo"), "canh-bao"))
    ctx["tac_gia"] = meta.tac_gia or ""
    if doc_type.bo_cuc == "phu-luc":
        if attached_to is None and not meta.kem_theo_ghi:
            raise VanbanError("phụ lục phải kèm theo một văn bản: ghi quan_he: {kem_theo: <tên hồ sơ hoặc số ký "
                              "hiệu>} (văn bản mà phụ lục này đi kèm), hoặc kem_theo_ghi: \"(Kèm theo … )\" như "
                              "bản in khi văn bản đó không có trong records/", record.path, record.line_of("loai"))
        if attached_to is None:                      # another body's annex, kept as printed
            ctx["kem_theo"] = meta.kem_theo_ghi
        ctx["phu_luc_dong"] = annex_line(record, attached_to, index, profile)
        ctx["trich_yeu"] = _case(meta.trich_yeu, profile, "ten_phu_luc")

    # Kính gửi / Kính trình
    ctx["kinh_gui"] = addressees(meta.kinh_gui, doc_type, profile)
    ctx["kinh_gui_ds"] = _punctuate(meta.kinh_gui, profile.get("kinh_gui_ket_thuc_dong", ";"),
                                    profile.get("kinh_gui_ket_thuc_cuoi", ";")) if meta.kinh_gui else []

    # Căn cứ, xét đề nghị, chủ thể
    lead = [*meta.can_cu] + ([meta.xet_de_nghi] if meta.xet_de_nghi else [])
    spec = profile["can_cu"]
    lines = _punctuate([re.sub(r"^[-–]\s*", "", line) for line in lead], spec["ket_thuc_dong"], spec["ket_thuc_cuoi"])
    ctx["can_cu"] = [(spec["dau_dong"] if i < len(meta.can_cu) else "") + line for i, line in enumerate(lines)]
    chu_the = meta.chu_the or (body.chu_the if doc_type.chu_the else None)
    ctx["chu_the_truoc"] = ctx["chu_the_sau"] = ""
    if chu_the:
        closing = profile["quyet_dinh_dong"] or ""
        if meta.chu_the and profile["chu_the_truoc_can_cu"] and closing and \
                meta.chu_the.rstrip().upper().endswith(closing.upper()) and len(meta.chu_the.strip()) > len(closing):
            # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH … QUYẾT ĐỊNH:" as printed: the authority before the căn cứ, the
            # "QUYẾT ĐỊNH:" after them, where the profile sets each (ND 30 Phụ lục III Mẫu 1.2)
            ctx["chu_the_truoc"] = _case(meta.chu_the.rstrip()[:-len(closing)].strip(), profile, "chu_the")
            ctx["chu_the_sau"] = closing
        elif meta.chu_the:
            ctx["chu_the_sau"] = _case(meta.chu_the, profile, "chu_the")
        elif profile["chu_the_truoc_can_cu"]:
            ctx["chu_the_truoc"] = _case(profile["chu_the_mau"].format(chu_the=chu_the), profile, "chu_the")
            ctx["chu_the_sau"] = profile["quyet_dinh_dong"] or ""
        else:
            ctx["chu_the_sau"] = _case(profile["chu_the_mau"].format(chu_the=chu_the), profile, "chu_the")

    # Body, with the reply's opening pre-filled from the request it answers.
    units = record.body
    if meta.quan_he.tra_loi and meta.phuc_dap:
        opening, warn = reply_opening(record, index, profile)
        warnings += warn
        if opening and not (units and units[0].kind == DOAN and units[0].text.startswith("Phúc đáp")):
            first = units[0] if units and units[0].kind == DOAN else None
            if first is not None:
                text = opening + first.text      # kept as typed: "…, Chi bộ Công an xã đã …"
                units = [Unit(DOAN, text, first.line, anchor=first.anchor), *units[1:]]
            else:
                units = [Unit(DOAN, opening.rstrip(", ") + ".", record.body_start, anchor="phuc-dap"), *units]
    ctx["noi_dung"] = body_paragraphs(units, profile)

    # A joint document: the other bodies' signers on the left, the lead's on the right (HD 05 Phần II I.7.2.4)
    ctx["ky_lien"] = []
    for other in meta.ky_lien:
        try:
            lines = authority_lines(other, profile)
        except ValueError as exc:
            raise VanbanError(f"hình thức ký \"{exc}\" không dùng trong văn bản theo thể thức {profile['ten']}",
                              record.path, record.line_of("nguoi_ky_lien")) from None
        ctx["ky_lien"].append({"quyen_han": lines, "chuc_vu": _case(other.chuc_vu, profile, "chuc_vu"),
                               "ho_ten": other.ho_ten})
    if meta.lien_ten and len(meta.ky_lien) != len(meta.lien_ten):
        warnings.append(Diagnostic(f"văn bản liên cơ quan có {len(meta.lien_ten)} cơ quan cùng ban hành nhưng "
                                   f"{len(meta.ky_lien)} người ký (nguoi_ky_lien): mỗi cơ quan một người ký",
                                   record.path, record.line_of("nguoi_ky_lien") or record.line_of("lien_co_quan"),
                                   "canh-bao"))

    # Signature and recipients. A document attached to a Quyết định is signed through it.
    signer = meta.nguoi_ky if (attached_to is None or "nguoi_ky" in record.field_lines) else None
    ctx["co_chu_ky"] = signer is not None
    ctx["quyen_han"], ctx["chuc_vu"], ctx["ho_ten"], ctx["chuc_vu_dong"] = [], "", "", []
    if signer is not None:
        try:
            ctx["quyen_han"] = authority_lines(signer, profile)
        except ValueError as exc:
            raise VanbanError(f"hình thức ký \"{exc}\" không dùng trong văn bản theo thể thức "
                              f"{profile['ten']}", record.path, record.line_of("nguoi_ky")) from None
        ctx["chuc_vu"] = _case(signer.chuc_vu, profile, "chuc_vu")
        # HD 05 Phần II I.7.1.4.đ(ii): "BÍ THƯ / kiêm / TRƯỞNG BAN CHỈ ĐẠO", each on its own line, "kiêm" lower case
        kiem = (profile.get("ky_bo_sung") or {}).get("kiem")
        parts = re.split(r"\s+kiêm\s+", signer.chuc_vu, flags=re.IGNORECASE) if kiem else [signer.chuc_vu]
        ctx["chuc_vu_dong"] = [line for i, part in enumerate(parts)
                               for line in ([kiem] if i else []) + [_case(part.strip(), profile, "chuc_vu")]]
        ctx["ho_ten"] = signer.ho_ten
    ctx["noi_nhan"] = noi_nhan_lines(meta, body, profile, signer is not None)
    ctx.update(layout_lines(meta, doc_type, body, profile, signer))
    return ctx, warnings


def layout_lines(meta, doc_type, body: Body, profile: Profile, signer: Signer | None) -> dict:
    """The fixed lines of a type's own layout (data/bo-cuc-rieng.yaml: ND 30 Phụ lục III Mẫu 1.6–1.10; HD 05
    Phần II I.7.1.4.e), before (`truoc`) and after (`sau`) the typed body, and a biên bản's two signatures."""
    f = {k: v for k, _label, v in own_fields(meta, doc_type)}
    kind = doc_type.bo_cuc
    lay = own_layout.layout(kind, profile.is_party)
    truoc, sau = own_layout.render(lay, f, layout_names(body, profile)) if lay else ([], [])
    out: dict = {"truoc": truoc, "sau": sau}
    if kind == "bien-ban":
        sides = bien_ban_sides(profile)
        out["ky_trai_tieu_de"], out["ky_phai_tieu_de"] = sides["trai"], sides["phai"]
        out["ky_trai_chuc_vu"] = ""
        out["ky_trai_ho_ten"] = signature_name(f.get("nguoi_ghi") or f.get("thu_ky"))
        out["ky_phai_chuc_vu"] = ""
        out["ky_phai_ho_ten"] = signer.ho_ten if signer is not None else signature_name(f.get("chu_tri"))
    if kind == "cong-dien":
        # the recipients end as a Kính gửi list does in this profile (ND 30: the last "."; HD 05: ";")
        out["kinh_gui_ds"] = [f"- {line}" for line in _punctuate(meta.kinh_gui, profile.get("kinh_gui_ket_thuc_dong", ";"),
                                                                 profile.get("kinh_gui_ket_thuc_cuoi", "."))]
    return out


def layout_names(body: Body, profile: Profile) -> dict:
    """What an own layout's lines fill in by themselves: the body's name as the text and as the header
    write it, and the profile's closing mark (HD 05 Phần II I.6.2.2 "."; ND 30 "./.")."""
    who = body.ten_goi or body.ten
    return {"co_quan": who, "CO_QUAN": _case(who, profile, "co_quan"), "het": "." if profile.is_party else "./."}


def bien_ban_sides(profile: Profile) -> dict:
    """The titles over a biên bản's two signatures: HD 05 I.7.1.4.e / I.7.2.4 (NGƯỜI GHI BIÊN BẢN left, CHỦ TRÌ
    HỘI NGHỊ right); ND 30 Mẫu 1.9 (THƯ KÝ left, CHỦ TỌA right)."""
    return profile.get("bien_ban_ky") or ({"trai": "NGƯỜI GHI BIÊN BẢN", "phai": "CHỦ TRÌ HỘI NGHỊ"}
                                          if profile.is_party else {"trai": "THƯ KÝ", "phai": "CHỦ TỌA"})


_ADDRESS = re.compile(r"^(đồng chí|đ/c|ông \(bà\)|ông|bà|anh|chị)\s+", re.IGNORECASE)


def signature_name(text) -> str:
    """The name under a biên bản's signature when the record gives only "đồng chí X, Chức vụ": before the comma,
    without the form of address ("đồng chí", "ông", "bà"): a signature prints a name only."""
    name = _END_PUNCT.sub("", str(text or "")).split(",")[0].strip()
    return _ADDRESS.sub("", name) or name


def type_refusal(loai: str, profile: Profile) -> str:
    """"loại … không có trong thể thức …; có trong: …" — a type one profile does not have."""
    from generator.format.profiles import DEFAULT_FILES, versions
    doc_type = doctypes.get(loai)
    owners = [p["ten"] for k in DEFAULT_FILES if doc_type and doc_type.has(k) for p in versions(k)]
    where = "; ".join(owners) or "không thể thức nào"
    return (f"loại văn bản \"{loai}\" ({(doc_type.ten_loai or loai).capitalize() if doc_type else loai}) không có trong "
            f"{profile['ten']}; loại này chỉ có trong: {where}")


def annex_line(record: Record, parent: Record | None, index: RecordIndex, profile: Profile) -> str:
    """"Phụ lục", numbered only when the parent has two or more annexes (ND 30 PL I mục III.1: Roman; HD 05
    Phần II II.1.1: Arabic), in the order of the annexes' record names."""
    spec = profile.get("phu_luc") or {}
    line = spec["dong_1"]                            # "Phụ lục {so}", in every profile that has the type
    if record.meta.so_phu_luc:                       # the number as printed (an imported annex)
        return line.format(so=record.meta.so_phu_luc)
    siblings = index.annexes_of(parent) if parent is not None else []
    if len(siblings) < 2 or record.key not in siblings:
        return line.format(so="").strip()
    n = siblings.index(record.key) + 1
    return line.format(so=to_roman(n) if spec.get("so_kieu") == "la-ma" else n)


def own_fields(meta, doc_type) -> list[tuple[str, str, object]]:
    """(key, label, value) of the type's own-layout fields that the record fills, in the data's order."""
    return [(k, label, meta.chi_tiet[k]) for k, label in doc_type.truong_rieng.items() if meta.chi_tiet.get(k)]


def addressees(items: list[str], doc_type, profile: Profile) -> RichTextParagraph:
    """"Kính gửi:" / "Kính trình:" and the names. HD 05 (Phần II I.9.2.3–9.2.5, PL2 r9): the label 14 italic,
    the names 14 upright, "- " before and ";" after every name, the last too. HD 36 profile, ND 30: one name
    on the label's line ending "."; several: "- X;" lines, the last ".".
    """
    rp = RichTextParagraph()
    if not items:
        return rp
    label = doc_type.kinh_gui_nhan or profile["kinh_gui"]
    if label == "Kính trình:" and profile.get("kinh_trinh"):
        label = profile["kinh_trinh"]
    style = profile.element("kinh_gui").style_id
    names = profile.elements.get("kinh_gui_ten")
    sep = profile.get("kinh_gui_ket_thuc_dong", ";")
    last = profile.get("kinh_gui_ket_thuc_cuoi", ".")
    dash = profile.get("kinh_gui_dau_dong", "- ")
    if names is None:          # the label and names share one style (HD 36 profile, ND 30)
        if len(items) == 1:
            rp.add(RichText(f"{label} {_END_PUNCT.sub('', items[0])}{last}"), parastyle=style)
        else:
            rp.add(RichText(label), parastyle=style)
            for line in _punctuate(items, sep, last):
                rp.add(RichText(f"{dash}{line}"), parastyle=style)
        return rp
    lines = _punctuate(items, sep, last)
    if len(items) == 1:
        rt = RichText()
        rt.add(label, italic=profile.element("kinh_gui").italic)
        rt.add(f" {lines[0]}", italic=False)
        rp.add(rt, parastyle=style)
        return rp
    rp.add(RichText(label), parastyle=style)
    for line in lines:
        rp.add(RichText(f"{dash}{line}"), parastyle=names.style_id)
    return rp


def heading(record: Record, body: Body, profile: Profile, doc_type, attached_to: Record | None) -> dict:
    """The header's bodies, số ký hiệu line and place-and-date line (the Word document; the site's print view)."""
    meta = record.meta
    out = {"cap_tren": _case(body.cap_tren, profile, "co_quan_cap_tren") if body.cap_tren else "",
           "co_quan": _case(body.ten, profile, "co_quan")}
    if meta.lien_ten:      # HD 05 Phần II I.2.1.5, I.2.2.3: every body, the lead first, joined by " - "; no superior
        out["co_quan"] = _case(" - ".join([body.ten, *meta.lien_ten]), profile, "co_quan")
        out["cap_tren"] = ""
    is_numbered = doc_type.dang_ky and attached_to is None
    out["so_ky_hieu"] = number_line(record, body, profile) if is_numbered else ""
    date = meta.ngay if attached_to is None else (meta.ngay or attached_to.meta.ngay)
    place = meta.dia_danh or body.dia_danh
    out["ngay_thang"] = ""
    if attached_to is None and date:
        out["ngay_thang"] = format_date_line(profile["ngay_thang"], place, date)
    elif attached_to is None and meta.trang_thai == "du-thao":   # the văn thư fills in the day and month
        out["ngay_thang"] = profile["ngay_thang"].format(dia_danh=place, ngay="     ", thang="     ",
                                                          nam=dt.date.today().year)
    return out


def noi_nhan_lines(meta, body: Body, profile: Profile, signed: bool) -> list[str]:
    """The Nơi nhận lines as printed (HD 05 adds "- Như trên;" first when there is a Kính gửi)."""
    items = list(meta.noi_nhan)
    first = profile.get("noi_nhan_dong_dau_khi_co_kinh_gui")
    if first and meta.kinh_gui and items:     # HD 05 Phần II I.9.2.3–9.2.4: "- Như trên;" first
        same = [i for i in items if _END_PUNCT.sub("", re.sub(r"^[-–]\s*", "", i)).lower() == first.lower()]
        items = [first] + [i for i in items if i not in same]
    return recipients(items, body, profile) if (items or signed) else []


def recipients(items: list[str], body: Body, profile: Profile) -> list[str]:
    """"- X," lines and the archive line last: "- Lưu Văn phòng Tỉnh ủy." (Party) / "- Lưu: VT, VP." (State).

    A group heading such as "Gửi bản điện tử:" stays as typed, without a dash; an item nested under an entry
    ("+ Văn phòng;") keeps its "+".
    """
    spec = profile["noi_nhan"]
    items = [re.sub(r"^[-–]\s*", "", i) for i in items]
    archive = [i for i in items if i.startswith("Lưu")]
    others = [i for i in items if not i.startswith("Lưu")]
    if not archive and body.luu:
        archive = [spec["luu_mau"].format(luu=body.luu)]
    entries = others + archive[-1:]
    listed = [i for i in entries if not i.endswith(":")]
    punctuated = iter(_punctuate(listed, spec["ket_thuc_dong"], spec["ket_thuc_cuoi"]))
    out = []
    for item in entries:
        if item.endswith(":"):
            out.append(item)
            continue
        line = next(punctuated)         # a nested item ("+ Chủ tịch, các PCT;" under a group) keeps its own mark
        out.append(line if line.startswith("+ ") else spec["dau_dong"] + line)
    return out


def reply_opening(record: Record, index: RecordIndex, profile: Profile) -> tuple[str, list[Diagnostic]]:
    """"Phúc đáp Công văn số 15-CV/ĐU, ngày 05/3/2026 của Đảng ủy xã Thuận An về việc …, "."""
    request = index.resolve(record.meta.quan_he.tra_loi)
    if request is None:
        raise VanbanError(f"quan_he.tra_loi: không tìm thấy công văn \"{record.meta.quan_he.tra_loi}\" được trả lời",
                          record.path, record.line_of("quan_he.tra_loi"))
    warnings = []
    so = index.symbol_of(request)
    if not so:
        warnings.append(Diagnostic("công văn được trả lời chưa có số; câu \"Phúc đáp…\" để trống số", record.path,
                                   record.line_of("quan_he.tra_loi"), "canh-bao"))
    req_body = index.config.body(request.meta.co_quan)
    subject = re.sub(r"^(V/v|về việc)\s+", "", request.meta.trich_yeu, flags=re.IGNORECASE)
    date = citation_date(request.meta.ngay, profile) if request.meta.ngay else "ngày …"
    return profile["phuc_dap_mau"].format(so_ky_hieu=so or "…", ngay=date,
                                          co_quan=req_body.ten_goi if req_body else "", trich_yeu=subject), warnings
