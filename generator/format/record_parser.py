"""Parse one record file: YAML front matter + body grammar → Record (validated).

Every problem becomes a Diagnostic with the file and line; a record with errors raises
VanbanError so the build can report it and carry on with the other records.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

from generator.format import doctypes
from generator.format.config import INLINE_FIELDS, OfficeConfig, inline_body
from generator.format.profiles import next_version_after
from generator.model.body_parser import parse_body
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import DIEU, Meta, Record, Relations, Signer
from generator.model.references import check_references
from generator.model.text import fold, plain, read_source
from generator.model.vietnamese import parse_vn_date
from generator.model.yamlio import load_with_lines, split_front_matter

FIELD_NAMES = {
    "loai": "loại văn bản", "co_quan": "cơ quan ban hành", "trich_yeu": "trích yếu nội dung",
    "so": "số", "ngay": "ngày ban hành", "hieu_luc": "ngày có hiệu lực", "het_hieu_luc": "ngày hết hiệu lực", "can_cu": "căn cứ", "nguoi_ky": "người ký",
    "noi_nhan": "nơi nhận", "kinh_gui": "kính gửi", "xet_de_nghi": "xét đề nghị",
}
DO_MAT = ("MẬT", "TỐI MẬT", "TUYỆT MẬT")
DO_KHAN = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
TRANG_THAI = ("du-thao", "ban-hanh", "het-hieu-luc")
SIGN_FORMS = ("tm", "kt", "tl", "tuq", "q", "")
_LIST_FIELDS = ("can_cu", "noi_nhan", "kinh_gui", "sau_chu_ky")
_TEXT_FIELDS = ("trich_yeu", "dia_danh", "ten_loai", "xet_de_nghi", "chu_the", "du_thao", "tac_gia",
                "ky_hieu", "han_xu_ly", "nguon", "phien_ban_dang", "pham_vi_luu_hanh", "nguoi_soan",
                "kem_theo_ghi", "so_phu_luc")
KNOWN = set(FIELD_NAMES) | set(_TEXT_FIELDS) | {"do_mat", "do_khan", "trang_thai", "quan_he", "ghi_chu",
                                                "phuc_dap", "so_ban", "lien_he", "sau_chu_ky", "in_hai_mat",
                                                "lien_co_quan", "nguoi_ky_lien"}
# Fields whose misspelling must stop the record rather than be skipped with a warning: a confidentiality
# mark typed "do-mat", "Độ mật" or "domat" would otherwise publish a secret document (issue 19).
GUARDED = {"do_mat": "độ mật"}


def _misspelt_guarded(field: str) -> str | None:
    """The guarded field that `field` is a misspelling of ("do-mat" → "do_mat"), if any."""
    squeezed = "".join(c for c in fold(str(field)) if c.isalnum())
    for name in GUARDED:
        target = name.replace("_", "")
        if squeezed == target or difflib.SequenceMatcher(None, squeezed, target).ratio() >= 0.8:
            return name
    return None


# Bidirectional controls (U+202A–202E, U+2066–2069, U+200E/200F): invisible, they reorder what a reader
# sees ("Trojan Source"); Vietnamese text never needs them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
PLAUSIBLE_YEARS_BACK = 80                # a date before the office existed is a typing slip (0001-01-01)
PLAUSIBLE_AHEAD = dt.timedelta(days=366)  # a date more than a year ahead too (2062 for 2026)


def today() -> dt.date:
    """The day parsing takes as today (the far-date warning): one place, so a test can move it."""
    return dt.date.today()


def same_parse_until(meta: Meta, on: dt.date) -> dt.date:
    """The first day after `on` on which parsing this record could come out otherwise than on `on`: its
    far-date warning (below) appears or goes, or, undated, another version of a profile comes into force
    (an undated record's own number follows today's rule). The index serves the parse until then,
    instead of every record parsed again each day (28 s at N = 10,000)."""
    if meta.ngay is None:
        return next_version_after(on) or dt.date.max
    ends = [dt.date(min(meta.ngay.year + PLAUSIBLE_YEARS_BACK + 1, dt.MAXYEAR), 1, 1)]   # too far back from then on
    if meta.ngay.toordinal() > PLAUSIBLE_AHEAD.days and on < (near := meta.ngay - PLAUSIBLE_AHEAD):
        ends.append(near)                            # no longer too far ahead from that day on
    return max(min(ends), on + dt.timedelta(days=1))


def _suspicious(text: str, meta: Meta, lines: dict[str, int], path: Path) -> list[Diagnostic]:
    """Accepted, but an official should look again: hidden bidi controls, a date far from today
    (same_parse_until says when that can change)."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        m = _BIDI.search(line)
        if m:
            out.append(Diagnostic(f"dòng có ký tự điều khiển hướng chữ ẩn (U+{ord(m.group()):04X}) ở cột "
                                  f"{m.start() + 1}: chữ hiện ra có thể khác thứ tự thật; hãy xóa ký tự đó",
                                  path, number, "canh-bao"))
    if meta.ngay is not None:
        on = today()
        if meta.ngay.year < on.year - PLAUSIBLE_YEARS_BACK or meta.ngay > on + PLAUSIBLE_AHEAD:
            d = meta.ngay
            out.append(Diagnostic(f"ngày {d.day:02d}/{d.month:02d}/{d.year:04d} rất xa hôm nay: có gõ nhầm không?", path,
                                  lines.get("ngay"), "canh-bao"))
    return out


MAX_RECORD_BYTES = 5 * 1024 * 1024     # ≈ 2,000 pages of text: far above any real document


def parse_record(path: Path, config: OfficeConfig | None = None, key: str | None = None) -> Record:
    size = path.stat().st_size
    if size > MAX_RECORD_BYTES:
        raise VanbanError(f"tệp hồ sơ quá lớn ({size / 1024 / 1024:.1f} MB, tối đa "
                          f"{MAX_RECORD_BYTES // 1024 // 1024} MB): hãy tách thành nhiều văn bản "
                          "(ví dụ phụ lục thành hồ sơ kèm theo)", path, 1)
    text = read_source(path)
    return parse_record_text(text, path, config, key)


def parse_record_text(text: str, path: Path, config: OfficeConfig | None = None,
                      key: str | None = None) -> Record:
    fm, body_text, body_start = split_front_matter(text, path)
    data, lines = load_with_lines(fm, path, first_line=2)
    if not isinstance(data, dict):
        raise VanbanError("phần thông tin đầu tệp phải gồm các dòng \"tên_trường: giá trị\"", path, 2)
    diags: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    meta = _build_meta(data, lines, path, config, diags, warnings)
    warnings += _suspicious(text, meta, lines, path)
    as_printed = data.get("danh_so") == "nhu-ban-goc"
    annex = (doctypes.get(meta.loai).bo_cuc == "phu-luc") if meta.loai in doctypes.doc_types() else False
    units, body_diags = parse_body(body_text, path, body_start, warnings if as_printed else None, annex)
    diags += body_diags
    record = Record(key=key or path.parent.name, path=path, meta=meta, body=units,
                    field_lines=lines, body_start=body_start, warnings=warnings)
    if meta.loai in doctypes.doc_types():
        _check_sections(record, diags, warnings)
    if not diags:
        diags += check_references(record)
    if diags:
        raise VanbanError("", diagnostics=diags)
    return record


def _build_meta(data: dict[str, Any], lines: dict[str, int], path: Path, config: OfficeConfig | None,
                diags: list[Diagnostic], warnings: list[Diagnostic]) -> Meta:
    def err(msg: str, field: str | None = None) -> None:
        diags.append(Diagnostic(msg, path, lines.get(field, 2) if field else 2))

    def text_value(field: str) -> str | None:
        value = data.get(field)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            err(f"trường \"{field}\" phải là một dòng chữ", field)
            return None
        return str(value).strip()

    loai = text_value("loai") or ""
    types = doctypes.doc_types()
    doc_type = types.get(loai)
    if not loai:
        err("thiếu trường bắt buộc \"loai\" (loại văn bản, ví dụ: quyet-dinh, quy-che, cong-van)")
    elif doc_type is None:
        close = [k for k in types if fold(k).replace("-", "") == fold(loai).replace("-", "").replace(" ", "")]
        hint = f" Có phải \"{close[0]}\"?" if close else ""
        err(f"loại văn bản \"{loai}\" không có. Các loại: {', '.join(types)}.{hint}", "loai")

    inline = data.get("co_quan") if isinstance(data.get("co_quan"), dict) else None
    co_quan = "" if inline is not None else (text_value("co_quan") or "")
    body = None
    if inline is not None:
        try:
            body = inline_body(inline)
        except VanbanError as exc:
            for d in exc.diagnostics:
                err(d.message, "co_quan")
        else:
            co_quan = body.key
            if config is not None:
                config.inline.setdefault(body.key, body)
    elif config is not None and co_quan:
        body = config.body(co_quan)
        if body is None:
            err(f"cơ quan ban hành \"{co_quan}\" không có trong cấu hình văn phòng "
                f"({config.path.name}); các cơ quan: {', '.join(config.bodies)}", "co_quan")

    meta = Meta(loai=loai, co_quan=co_quan)
    if inline is not None:
        meta.co_quan_ghi = {k: str(inline[k]) for k in INLINE_FIELDS if inline.get(k)}
    for field in _TEXT_FIELDS:
        value = text_value(field)
        if value is not None:
            setattr(meta, field, value)
    for field in _LIST_FIELDS:
        value = data.get(field)
        if value is None:
            continue
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):   # "- Lưu: VT, VP." reads as a one-key mapping in YAML: take it back as text
            value = [f"{k}: {v}" if isinstance(item, dict) and len(item) == 1 else item
                     for item in value for k, v in ([next(iter(item.items()))] if isinstance(item, dict)
                                                    and len(item) == 1 else [(None, None)])]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            err(f"trường \"{field}\" phải là danh sách, mỗi dòng bắt đầu bằng \"- \"", field)
            continue
        setattr(meta, field, [str(v).strip() for v in value if str(v).strip()])

    so = data.get("so")
    if so not in (None, ""):
        try:
            meta.so = int(str(so).strip())
            if meta.so <= 0:
                raise ValueError
        except ValueError:
            err(f"số văn bản \"{so}\" phải là số nguyên dương (ký hiệu được ghép tự động)", "so")

    for field in ("ngay", "hieu_luc", "het_hieu_luc"):
        setattr(meta, field, _date_value(data.get(field), field, err))
    if meta.hieu_luc and meta.het_hieu_luc and meta.het_hieu_luc < meta.hieu_luc:
        err(f"ngày hết hiệu lực {meta.het_hieu_luc:%d/%m/%Y} trước ngày có hiệu lực {meta.hieu_luc:%d/%m/%Y}",
            "het_hieu_luc")

    for field, allowed in (("do_mat", DO_MAT), ("do_khan", DO_KHAN)):
        value = text_value(field)
        if value:
            if value.upper() not in allowed:
                err(f"{field} \"{value}\" không hợp lệ; chỉ dùng: {', '.join(allowed)}", field)
            else:
                setattr(meta, field, value.upper())
    status = text_value("trang_thai")
    if status:
        if status not in TRANG_THAI:
            err(f"trạng thái \"{status}\" không hợp lệ; chỉ dùng: {', '.join(TRANG_THAI)}", "trang_thai")
        meta.trang_thai = status
    if "phuc_dap" in data:
        meta.phuc_dap = bool(data["phuc_dap"])
    if data.get("so_ban") not in (None, ""):
        try:
            meta.so_ban = int(str(data["so_ban"]).strip())
        except ValueError:
            err(f"số bản phát hành \"{data['so_ban']}\" phải là số nguyên", "so_ban")
    if meta.pham_vi_luu_hanh:
        meta.pham_vi_luu_hanh = meta.pham_vi_luu_hanh.upper()
    if "in_hai_mat" in data:
        if not isinstance(data["in_hai_mat"], bool):
            err(f"in_hai_mat \"{data['in_hai_mat']}\" phải là true hoặc false", "in_hai_mat")
        else:
            meta.in_hai_mat = data["in_hai_mat"]
    contact = data.get("lien_he")
    if contact is True:               # "lien_he: true": the body's own contact line from van-phong.yaml
        if body is not None and body.lien_he:
            meta.lien_he = body.lien_he
        elif body is not None:
            err(f"lien_he: true nhưng cơ quan \"{body.key}\" chưa khai lien_he trong van-phong.yaml; "
                "hãy khai ở đó hoặc ghi thẳng địa chỉ, điện thoại, thư điện tử vào đây", "lien_he")
    elif contact not in (None, False, ""):
        meta.lien_he = " ".join(str(contact).split())
    if meta.phien_ban_dang and config is not None and body is not None and body.ho_so == "dang":
        try:
            body.profile_on(None, meta.phien_ban_dang)
        except VanbanError as exc:
            err(exc.diagnostics[0].message, "phien_ban_dang")
    own = doc_type.truong_rieng if doc_type is not None else {}
    for field in own:
        if field in data and data[field] not in (None, ""):
            value = data[field]
            meta.chi_tiet[field] = ([str(v).strip() for v in value] if isinstance(value, list) else str(value).strip())

    meta.nguoi_ky = _signer(data.get("nguoi_ky"), lines, path, config, body, err)
    if meta.nguoi_ky is not None and not meta.nguoi_ky.ho_ten and isinstance(data.get("nguoi_ky"), dict):
        if meta.trang_thai == "du-thao":    # a draft may not know its signer's name yet (a scan, a blank block)
            warnings.append(Diagnostic("người ký chưa có họ tên (ho_ten): bản dự thảo vẫn tạo được, hãy điền "
                                       "trước khi ban hành", path, lines.get("nguoi_ky"), "canh-bao"))
        else:
            err("người ký thiếu họ tên (ho_ten)", "nguoi_ky")
    _joint(data, meta, config, body, lines, path, err)
    meta.quan_he = _relations(data.get("quan_he"), err)
    ghi_chu = data.get("ghi_chu")
    if isinstance(ghi_chu, dict):
        meta.ghi_chu = {str(k): str(v) for k, v in ghi_chu.items()}
    elif ghi_chu is not None:
        err("trường \"ghi_chu\" phải là bảng \"neo: lời giải thích\" (ví dụ dieu-5: Bổ sung …)", "ghi_chu")

    if doc_type is not None:
        for field in doc_type.bat_buoc:
            if field == "nguoi_ky" and meta.nguoi_ky is not None:
                continue
            value = getattr(meta, field, None)
            if not value:
                name = FIELD_NAMES.get(field, field)
                if meta.nguon and field != "co_quan":      # without its body a record has no format
                    # An imported document is kept as printed: a real giấy mời without trích yếu, a công điện
                    # whose recipients were not read, still builds, as the draft it is, and says so.
                    warnings.append(Diagnostic(f"bản gốc được nhập không có \"{field}\" ({name}), trường bắt buộc của "
                                               f"loại \"{loai}\": để trống như bản in, hãy điền trước khi ban hành",
                                               path, lines.get(field, 2), "canh-bao"))
                    continue
                err(f"thiếu trường bắt buộc \"{field}\" ({name}) cho loại \"{loai}\"", field if field in lines else None)
    for field in data:
        if field not in KNOWN and _misspelt_guarded(field):
            name = _misspelt_guarded(field)
            err(f"trường \"{field}\" viết sai: phải viết \"{name}\" ({GUARDED[name]}); văn bản không được tạo "
                f"và không đưa lên trang nội bộ cho đến khi sửa", field)
        elif field not in KNOWN and field not in own:
            meta.extra[field] = data[field]
            if field == "danh_so":          # numbering kept as printed (an imported document), read by parse_record
                continue
            warnings.append(Diagnostic(f"trường lạ \"{field}\" (bỏ qua khi tạo văn bản)", path,
                                       lines.get(field), "canh-bao"))
    return meta


def _date_value(value, field: str, err) -> dt.date | None:
    """A date field typed as YAML's date (2025-11-03) or as printed (03/11/2025)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value in (None, ""):
        return None
    try:
        date = parse_vn_date(str(value))
    except ValueError:
        err(f"{FIELD_NAMES[field]} \"{value}\" không tồn tại trong lịch", field)
        return None
    if date is None:
        err(f"{FIELD_NAMES[field]} \"{value}\" không đúng dạng; hãy viết NNNN-TT-NN (ví dụ 2025-11-03) "
            "hoặc 03/11/2025", field)
    return date


def _joint(data, meta: Meta, config, body, lines, path, err) -> None:
    """lien_co_quan: the other bodies of a joint document, each a body key of van-phong.yaml or a body as
    printed ({ten, ma}); nguoi_ky_lien: their signers, in the same order."""
    others = data.get("lien_co_quan")
    if others is None:
        if data.get("nguoi_ky_lien"):
            err("nguoi_ky_lien chỉ dùng cho văn bản liên cơ quan: ghi thêm lien_co_quan (các cơ quan cùng ban hành)",
                "nguoi_ky_lien")
        return
    if not isinstance(others, list) or not others:
        err("lien_co_quan phải là danh sách các cơ quan cùng ban hành (mã trong van-phong.yaml hoặc {ten, ma})",
            "lien_co_quan")
        return
    for item in others:
        if isinstance(item, dict) and item.get("ten") and item.get("ma"):
            meta.lien_ten.append(" ".join(str(item["ten"]).split()))
            meta.lien_ma.append(str(item["ma"]).strip())
        elif isinstance(item, str) and config is not None and config.body(item) is not None:
            other = config.body(item)
            meta.lien_ten.append(other.ten)
            meta.lien_ma.append(other.ma)
        elif isinstance(item, str) and config is None:
            meta.lien_ten.append(item)
            meta.lien_ma.append(item)
        else:
            known = f"; các cơ quan: {', '.join(config.bodies)}" if config is not None else ""
            err(f"lien_co_quan: \"{item}\" không phải mã cơ quan trong van-phong.yaml hay bảng {{ten, ma}}{known}",
                "lien_co_quan")
    signers = data.get("nguoi_ky_lien") or []
    if not isinstance(signers, list):
        err("nguoi_ky_lien phải là danh sách người ký của các cơ quan trong lien_co_quan, cùng thứ tự", "nguoi_ky_lien")
        return
    for value in signers:
        signer = _signer(value, lines, path, config, None, err, "nguoi_ky_lien")
        if signer is not None and not signer.ho_ten:
            err("người ký của cơ quan cùng ban hành thiếu họ tên (ho_ten)", "nguoi_ky_lien")
        elif signer is not None:
            meta.ky_lien.append(signer)
    if body is not None and body.key in (others if all(isinstance(o, str) for o in others) else []):
        err(f"lien_co_quan: \"{body.key}\" đã là cơ quan chủ trì (co_quan)", "lien_co_quan")


def _signer(value, lines, path, config, body, err, name: str = "nguoi_ky") -> Signer | None:
    if value is None:
        if config is not None and body is not None and body.nguoi_ky:
            return config.signers[body.nguoi_ky]
        return None
    if isinstance(value, str):
        if config is None:
            return Signer(ho_ten=value)
        if value in config.signers:
            return config.signers[value]
        err(f"người ký \"{value}\" không có trong cấu hình văn phòng; các người ký: "
            f"{', '.join(config.signers)}", name)
        return None
    if isinstance(value, dict):
        unknown = set(value) - {"hinh_thuc", "thay_mat", "chuc_vu", "ho_ten", "ky_thay"}
        if unknown:
            err(f"người ký: trường lạ {', '.join(sorted(unknown))}", name)
        signer = Signer(**{k: str(v or "").strip() for k, v in value.items() if k not in unknown})
        if signer.hinh_thuc not in SIGN_FORMS:
            err(f"hình thức ký \"{signer.hinh_thuc}\" không hợp lệ; dùng: tm (thay mặt), kt (ký thay), "
                "tl (thừa lệnh), tuq (thừa ủy quyền), q (quyền) hoặc để trống", f"{name}.hinh_thuc")
        if signer.ky_thay and signer.hinh_thuc != "tm":
            err("ky_thay (dòng \"KT. …\" dưới dòng thay mặt tập thể) chỉ dùng cùng hinh_thuc: tm", f"{name}.ky_thay")
        return signer
    err(f"trường \"{name}\" phải là mã người ký trong cấu hình hoặc bảng hinh_thuc/thay_mat/chuc_vu/ho_ten", name)
    return None


def _relations(value, err) -> Relations:
    rel = Relations()
    if value is None:
        return rel
    if not isinstance(value, dict):
        err("trường \"quan_he\" phải là bảng (kem_theo, thay_the, sua_doi, tra_loi, trich_dan)", "quan_he")
        return rel
    for key, item in value.items():
        if key in ("kem_theo", "tra_loi"):
            setattr(rel, key, str(item).strip() if item else None)
        elif key in ("thay_the", "sua_doi", "trich_dan"):
            items = item if isinstance(item, list) else [item]
            setattr(rel, key, [str(i).strip() for i in items if i])
        else:
            err(f"quan hệ \"{key}\" không có; dùng: kem_theo, thay_the, sua_doi, tra_loi, trich_dan", f"quan_he.{key}")
    return rel


def _check_sections(record: Record, diags: list[Diagnostic], warnings: list[Diagnostic]) -> None:
    doc_type = doctypes.get(record.meta.loai)
    if doc_type.co_dieu and record.body and not any(u.kind == DIEU for u in record.units()):
        warnings.append(Diagnostic(f"văn bản loại \"{record.meta.loai}\" thường gồm các Điều nhưng nội dung chưa có "
                                   "dòng \"Điều 1. …\"", record.path, record.body_start, "canh-bao"))
    if doc_type.muc_bat_buoc:
        headings = [fold(plain(u.text)) for u in record.units()]
        for section in doc_type.muc_bat_buoc:
            if not any(h.startswith(fold(section)) for h in headings):
                diags.append(Diagnostic(f"báo cáo thiếu mục \"{section}\" (các mục bắt buộc: "
                                        f"{'; '.join(doc_type.muc_bat_buoc)})", record.path, record.body_start))
