"""What the inbox (generator/inbox.py) leaves behind, named once for it and for the site's inbox page
(generator/render/site/inbox_page.py): the file → record table in .vanban/hop-thu.json and, per record,
its report and page-1 pictures in out/.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.format.config import Project

STATE_FILE = "hop-thu.json"
REPORT_SUFFIX = ".bao-cao.txt"
BEFORE_PNG, AFTER_PNG = ".trang-1-truoc.png", ".trang-1-sau.png"   # page 1 of the original / the rebuilt PDF
OUTCOMES = {"moi": "hồ sơ mới", "cap-nhat": "cập nhật hồ sơ đã nhập từ tệp này",
            "du-thao-moi": "dự thảo mới (văn bản cũ đã ban hành)", "xung-dot": "xung đột: hồ sơ đã được sửa tay",
            "hong": "tệp hỏng hoặc chưa lưu xong"}


def state_path(project: Project) -> Path:
    return project.state_dir / STATE_FILE


def read_state(project: Project) -> dict:
    """The inbox table ({"tep": {file name: entry}}); empty when there is none or it does not read."""
    try:
        data = json.loads(state_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
