"""`vanban mau`: rebuild the Word templates in templates/ from the format profiles."""

from __future__ import annotations

from generator.format.config import Project
from generator.model.errors import EXIT_OK
from generator.render.template_builder import build_all


def register(sub) -> None:
    p = sub.add_parser("mau", help="tạo lại các mẫu Word trong templates/ từ bộ thể thức",
                       description="Tạo lại các mẫu Word (templates/<thể thức>/<loại>.docx) từ dữ liệu thể thức. "
                                   "Chú ý: ghi đè các chỉnh sửa tay trong mẫu.")
    p.set_defaults(func=run)


def run(args) -> int:
    written = build_all(Project(args.thu_muc).templates_dir)
    print(f"Đã tạo {len(written)} mẫu Word trong templates/.")
    return EXIT_OK
