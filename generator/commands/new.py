"""`vanban new LOAI [TEN]`: scaffold a record with every field explained in Vietnamese comments."""

from __future__ import annotations

import datetime as dt
import re

from generator.atomic import write_text
from generator.format import doctypes
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
# Dấu dự thảo ở đầu trang (mặc định "DỰ THẢO"); bỏ khi ban hành.
du_thao: Dự thảo lần 1
{extra}# Căn cứ ban hành: mỗi dòng một căn cứ; dấu ";" và "," cuối dòng được tự động chỉnh theo thể thức.
can_cu:
  - Căn cứ …
# Người ký: mã trong van-phong.yaml (mục nguoi_ky), hoặc bảng hinh_thuc (tm, kt, tl, tuq, q), thay_mat, chuc_vu, ho_ten.
# Để trống thì dùng người ký mặc định của cơ quan.
# nguoi_ky: {signer}
# Nơi nhận: dòng "Lưu …" cuối cùng được thêm tự động từ cấu hình nếu không gõ.
noi_nhan:
  - …
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

_EXTRA = {
    "cong-van": "# Kính gửi: cơ quan nhận (một hoặc nhiều dòng).\nkinh_gui:\n  - …\n"
                "# Đề nghị phối hợp có thời hạn trả lời: mã quy tắc trong van-phong.yaml (mục han_xu_ly).\n"
                "# han_xu_ly: than-nhan-trong-tinh\n",
    "to-trinh": "# Kính trình: cơ quan nhận tờ trình.\nkinh_gui:\n  - …\n",
    "quyet-dinh": "# Dòng \"Xét đề nghị …\" (nếu có), đặt sau các căn cứ.\n# xet_de_nghi: Xét đề nghị của …\n",
    "bao-cao-tham-luan": "# Tác giả tham luận (dòng in đậm bên phải dưới tiêu đề).\ntac_gia: …\n",
}


def register(sub) -> None:
    types = ", ".join(doctypes.doc_types())
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
    today = dt.date.today()
    name = args.ten or f"{args.loai}-{today:%Y%m%d}"
    name = re.sub(r"[^a-z0-9-]+", "-", fold(name)).strip("-")
    problem = key_problem(name)
    if problem:
        raise VanbanError(problem)
    folder = project.records_dir / name
    if folder.exists():
        raise VanbanError(f"thư mục hồ sơ {folder} đã có; hãy chọn tên khác")
    body_text = _BODIES.get(args.loai) or (_BODIES["co_dieu"] if doc_type.co_dieu else _BODIES["default"])
    text = _TEMPLATE.format(loai=args.loai, bodies=", ".join(config.bodies), body=body,
                            trich_yeu=args.trich_yeu, today=today.isoformat(), extra=_EXTRA.get(args.loai, ""),
                            signer=next(iter(config.signers), "…"), body_text=body_text)
    write_text(folder / RECORD_FILE, text)
    from generator.records.issuing import record_event
    record_event(project, "tao", name, loai=args.loai)   # audit trail: "tạo hồ sơ"
    print(f"Đã tạo hồ sơ {folder / RECORD_FILE}. Mở tệp, điền các trường rồi chạy: vanban build {folder}")
    return EXIT_OK
