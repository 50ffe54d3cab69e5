"""`vanban new LOAI [TEN]`: scaffold a record with every field explained in Vietnamese comments."""

from __future__ import annotations

import datetime as dt
import re

from generator.atomic import write_text
from generator.format import doctypes, own_layout
from generator.format.config import RECORD_FILE, Project, key_problem
from generator.model.errors import EXIT_OK, VanbanError
from generator.model.text import fold

_BODIES = {
    "co_dieu": "Điều 1. Phạm vi điều chỉnh\n\n1. Nội dung khoản 1.\n\n2. Nội dung khoản 2:\n\na) Nội dung điểm a;\n\n"
               "b) Nội dung điểm b.\n\nĐiều 2. Hiệu lực thi hành\n\nVăn bản này có hiệu lực kể từ ngày ký.\n",
    "quyet-dinh": "Điều 1. Ban hành kèm theo Quyết định này Quy chế …\n\nĐiều 2. … chịu trách nhiệm thi hành "
                  "Quyết định này.\n\nĐiều 3. Quyết định này có hiệu lực kể từ ngày ký.\n",
    "cong-van": "Nội dung công văn: nêu rõ việc đề nghị, căn cứ, thời hạn trả lời.\n",
    "bao-cao-sang-kien": "1. Tên sáng kiến: “…”.\n\n2. Tính cấp thiết của đề tài\n\n…\n\n3. Nội dung và giải pháp "
                         "thực hiện\n\n3.1- Nội dung\n\n…\n\n3.2- Giải pháp thực hiện\n\n- …\n\n4. Hiệu quả của sáng "
                         "kiến\n\n…\n\n5. Phạm vi ảnh hưởng của sáng kiến\n\n…\n\n6. Cơ quan công nhận và áp dụng\n\n…\n",
    "bien-ban": "1. Đồng chí … báo cáo …\n\n2. Ý kiến thảo luận:\n\n- Đồng chí …: …\n\n3. Kết luận của chủ trì: …\n",
    "giay-moi": "Đề nghị đồng chí dự đúng giờ.\n",
    "giay-gioi-thieu": "",
    "giay-nghi-phep": "",
    "cong-dien": "Nội dung điện: nêu rõ việc cần làm ngay, thời hạn.\n",
    "default": "1. Nội dung phần thứ nhất\n\n…\n\n2. Nội dung phần thứ hai\n\n- …\n",
}

_TEMPLATE = """---
# Hồ sơ văn bản: loại "{loai}". Điền các trường dưới đây; dòng bắt đầu bằng # là ghi chú.
loai: {loai}
# Cơ quan ban hành: mã khai trong records/van-phong.yaml (mục co_quan). Có: {bodies}
co_quan: {body}
# Trích yếu nội dung (viết thường chữ đầu, ví dụ: ban hành Quy chế làm việc …).
trich_yeu: {trich_yeu}
# Số và ngày được cấp khi ban hành (vanban issue); không gõ tay. Dự thảo để trống.
# so:
# ngay: {today}
# Dấu dự thảo (HD 05: "Dự thảo lần N" nghiêng, dưới số ký hiệu; HD 36, NĐ 30: ở đầu trang); bỏ khi ban hành.
du_thao: Dự thảo lần 1
# Thể thức: {the_thuc}. Văn bản Đảng theo ngày văn bản (HD 36 trước 27/5/2026, HD 05 từ ngày đó); muốn giữ
# một phiên bản thì ghi: phien_ban_dang: HD36-2018 (hoặc HD05-2026).
{party}{extra}# Căn cứ ban hành: mỗi dòng một căn cứ; dấu ";" và "," cuối dòng được tự động chỉnh theo thể thức.
can_cu:
  - Căn cứ …
# Người ký: mã trong van-phong.yaml (mục nguoi_ky), hoặc bảng hinh_thuc (tm, kt, tl, tuq, q), thay_mat, chuc_vu, ho_ten.
# Để trống thì dùng người ký mặc định của cơ quan.
# nguoi_ky: {signer}
# Nơi nhận: dòng "Lưu …" cuối cùng được thêm tự động từ cấu hình nếu không gõ.
noi_nhan:
  - …
# Dòng in sau chữ ký và Nơi nhận (ví dụ số điện thoại liên hệ), mỗi dòng một đoạn, in giữa, đúng như gõ:
# sau_chu_ky:
#   - "Số điện thoại liên hệ: …"
# Độ mật (MẬT, TỐI MẬT, TUYỆT MẬT) và độ khẩn (KHẨN, THƯỢNG KHẨN, HỎA TỐC) nếu có.
# do_mat:
# do_khan:
# Quan hệ với văn bản khác (mã hồ sơ hoặc số ký hiệu như 230-QĐ/TU):
# quan_he:
#   kem_theo: …      (văn bản này ban hành kèm theo Quyết định …)
#   thay_the: [ … ]  (thay thế văn bản …)
#   sua_doi: [ … ]   (sửa đổi, bổ sung văn bản …)
#   tra_loi: …       (phúc đáp công văn …)
#   trich_dan: [ … ] (trích dẫn văn bản …)
---

{body_text}"""

_CAN_CU_BLOCK = """# Căn cứ ban hành: mỗi dòng một căn cứ; dấu ";" và "," cuối dòng được tự động chỉnh theo thể thức.
can_cu:
  - Căn cứ …
"""

_ANNEX = """---
# Phụ lục: trình bày riêng, có tiêu đề, đi kèm một văn bản (NĐ 30 PL I mục III.1; HD 05 Phần II II.1). Không có
# số, đầu trang và chữ ký riêng: dòng "(Kèm theo … số …, ngày … của …)" lấy từ văn bản được kèm theo.
# Từ hai phụ lục trở lên thì đánh số (Nhà nước: I, II …; Đảng: 1, 2 …) theo thứ tự tên thư mục.
loai: phu-luc
# Cơ quan ban hành văn bản được kèm theo. Có: {bodies}
co_quan: {body}
# Tiêu đề phụ lục (in hoa khi tạo văn bản).
trich_yeu: {trich_yeu}
# Văn bản mà phụ lục đi kèm: tên thư mục hồ sơ hoặc số ký hiệu (ví dụ 230-QĐ/TU).
quan_he:
  kem_theo: …
---

{body_text}"""

_PARTY_HD05 = """# Phạm vi lưu hành (HD 05 Phần II II.4.1), in hoa đậm góc phải trang đầu, ví dụ: TÀI LIỆU HỘI NGHỊ
# pham_vi_luu_hanh: TÀI LIỆU HỘI NGHỊ
#   (riêng "Không phổ biến trên phương tiện thông tin đại chúng" in ở trang cuối, giữa, cách mép dưới 10 mm)
# Ký hiệu người soạn thảo và số bản phát hành, cuối Nơi nhận (HD 05 Phần II II.5): "NguyenVanAn-26"
# nguoi_soan: NguyenVanAn
# so_ban: 26
# Thông tin liên hệ, cỡ 10 trang cuối dưới đường kẻ hết chiều ngang (HD 05 Phần II II.6); "true" lấy lien_he
# của cơ quan trong van-phong.yaml
# lien_he: "Số 9A, đường …; điện thoại: …; thư điện tử: …"
# In hai mặt: mặt sau lề trái 15, lề phải 30 mm (HD 05 Phần II IV.4.2)
# in_hai_mat: true
"""

_OWN = {   # the own layout's fields (ND 30 Phụ lục III Mẫu 1.6–1.10; HD 05 Phần II I.7.1.4.e), with examples
    "thoi_gian": ("Thời gian", "08 giờ 00, ngày … tháng … năm …"),
    "dia_diem": ("Địa điểm", "Hội trường …"),
    "thanh_phan": ("Thành phần tham dự: mỗi dòng một người hoặc nhóm", None),
    "chu_tri": ("Chủ trì (họ tên, chức vụ)", "đồng chí …, Bí thư"),
    "thu_ky": ("Thư ký, người ghi biên bản (họ tên, chức vụ)", "đồng chí …"),
    "ket_thuc": ("Giờ kết thúc: \"Biên bản kết thúc lúc …\"", "11 giờ 00 cùng ngày"),
    "nguoi_ghi": ("Họ tên người ghi biên bản ký bên trái (mặc định: thư ký)", None),
    "kinh_moi": ("Người, cơ quan được mời: \"… trân trọng kính mời: …\"", "đồng chí …"),
    "toi_du": ("Tên cuộc họp, hội nghị: \"Tới dự …\"", "Hội nghị …"),
    "nguoi": ("Ông (bà): họ tên người được giới thiệu / được nghỉ phép", "…"),
    "chuc_vu_nguoi": ("Chức vụ của người đó", "…"),
    "duoc_cu_den": ("Được cử đến (cơ quan)", "…"),
    "ve_viec": ("Về việc", "…"),
    "gia_tri_den": ("Giấy có giá trị đến hết ngày", "…/…/…"),
    "don_de_nghi": ("Đơn đề nghị nghỉ phép: \"Xét Đơn đề nghị nghỉ phép ngày … của ông (bà) …\"", "ngày … của ông (bà) …"),
    "thoi_gian_nghi": ("Thời gian nghỉ: \"Được nghỉ phép trong thời gian … kể từ ngày … đến hết ngày …\"", "trong thời gian … ngày, kể từ ngày … đến hết ngày …"),
    "noi_nghi": ("Nơi nghỉ phép", "…"),
    "tinh_vao": ("\"Số ngày nghỉ phép nêu trên được tính vào …\"", "thời gian nghỉ phép năm …"),
    "nguoi_dien": ("Người, cơ quan điện: \"… điện:\" (mặc định: tên cơ quan)", None),
}


def _own_fields(doc_type, signer=None) -> str:
    """The own layout's fields; a biên bản's chair is the body's default signer, who signs on the right
    (context.layout_lines), so a scaffold left as it is names one chair, not two."""
    out = []
    for key in doc_type.truong_rieng:
        words, example = _OWN.get(key, (doc_type.truong_rieng[key], "…"))
        if key == "chu_tri" and signer is not None and signer.ho_ten:
            example = f"đồng chí {signer.ho_ten}"
        out.append(f"# {words}.")
        if key == "thanh_phan":
            out.append(f"{key}:\n  - …")
        elif example is None:
            out.append(f"# {key}: …")
        else:
            out.append(f"{key}: {example}")
    return "\n".join(out) + "\n" if out else ""


_EXTRA = {
    "cong-dien": "# Nơi nhận điện: mỗi dòng một cơ quan (\"- …;\").\nkinh_gui:\n  - …\n",
    "cong-van": "# Kính gửi: cơ quan nhận (một hoặc nhiều dòng).\nkinh_gui:\n  - …\n"
                "# Đề nghị phối hợp có thời hạn trả lời: mã quy tắc trong van-phong.yaml (mục han_xu_ly).\n"
                "# han_xu_ly: than-nhan-trong-tinh\n",
    "to-trinh": "# Kính trình: cơ quan nhận tờ trình.\nkinh_gui:\n  - …\n",
    "quyet-dinh": "# Dòng \"Xét đề nghị …\" (nếu có), đặt sau các căn cứ.\n# xet_de_nghi: Xét đề nghị của …\n",
    "bao-cao-tham-luan": "# Tác giả tham luận (dòng in đậm bên phải dưới tiêu đề).\ntac_gia: …\n",
}


def register(sub) -> None:
    types = ", ".join(f"{k} ({(t.ten_loai or k).capitalize()})" for k, t in doctypes.doc_types().items())
    p = sub.add_parser("new", help="tạo hồ sơ mới từ mẫu có chú thích",
                       description=f"Tạo thư mục hồ sơ mới trong records/ với đủ các trường cần điền. Loại: {types}.")
    p.add_argument("loai", metavar="LOẠI", help=f"loại văn bản: {types}")
    p.add_argument("ten", nargs="?", metavar="TÊN", help="tên thư mục hồ sơ (mặc định: loại-ngày)")
    p.add_argument("--co-quan", help="mã cơ quan ban hành trong van-phong.yaml")
    p.add_argument("--trich-yeu", default="…", help="trích yếu nội dung")
    p.set_defaults(func=run)


def run(args) -> int:
    project = Project(args.thu_muc)
    doc_type = doctypes.get(args.loai)
    if doc_type is None:
        raise VanbanError(f"loại văn bản \"{args.loai}\" không có. Các loại: {', '.join(doctypes.doc_types())}")
    config = project.config()
    body = args.co_quan or next(iter(config.bodies), "")
    if body and body not in config.bodies:
        raise VanbanError(f"cơ quan \"{body}\" không có trong {config.path.name}; có: {', '.join(config.bodies)}")
    profile = config.bodies[body].profile if body else None     # a new record is a draft: today's profile
    if not doc_type.soan_moi:
        raise VanbanError(f"loại \"{args.loai}\" ({doc_type.ten or args.loai}) là tư liệu của cơ quan khác, không soạn "
                          f"mới: nhập tệp gốc bằng lệnh vanban import")
    if profile is not None and not doc_type.has(profile.key):
        from generator.format.context import type_refusal
        raise VanbanError(type_refusal(args.loai, profile) + f" (cơ quan \"{body}\")")
    today = dt.date.today()
    name = args.ten or f"{args.loai}-{today:%Y%m%d}"
    name = re.sub(r"[^a-z0-9-]+", "-", fold(name)).strip("-")
    problem = key_problem(name)
    if problem:
        raise VanbanError(problem)
    folder = project.records_dir / name
    if folder.exists():
        raise VanbanError(f"thư mục hồ sơ {folder} đã có; hãy chọn tên khác")
    default_signer = (config.bodies[body].nguoi_ky if body else None) or next(iter(config.signers), None)
    body_text = next((_BODIES[k] for k in (args.loai, doc_type.bo_cuc) if k in _BODIES),
                     _BODIES["co_dieu"] if doc_type.co_dieu else _BODIES["default"])
    party = _PARTY_HD05 if profile is not None and "ky_hieu_nguoi_soan" in profile.elements else ""
    text = _ANNEX.format(bodies=", ".join(config.bodies), body=body, trich_yeu=args.trich_yeu,
                         body_text=body_text) if doc_type.bo_cuc == "phu-luc" else _TEMPLATE.format(loai=args.loai, bodies=", ".join(config.bodies), body=body,
                            trich_yeu=args.trich_yeu, today=today.isoformat(),
                            extra=_EXTRA.get(args.loai, "") + _own_fields(doc_type, config.signers.get(default_signer)),
                            the_thuc=profile["ten"] if profile is not None else "…", party=party,
                            signer=default_signer or "…", body_text=body_text)
    if own_layout.layout(doc_type.bo_cuc, True) is not None or not doc_type.ten_loai:
        # a căn cứ block belongs to a document with a tên loại: a biên bản, giấy mời, giấy giới thiệu, giấy nghỉ
        # phép, công điện prints its own fixed lines (ND 30 PL III Mẫu 1.6–1.10); a công văn or thư công is a
        # letter, whose reasons are sentences of its body
        text = text.replace(_CAN_CU_BLOCK, "")
    write_text(folder / RECORD_FILE, text)
    from generator.records.issuing import record_event
    record_event(project, "tao", name, loai=args.loai)   # audit trail: "tạo hồ sơ"
    print(f"Đã tạo hồ sơ {folder / RECORD_FILE}. Mở tệp, điền các trường rồi chạy: vanban build {folder}")
    return EXIT_OK
