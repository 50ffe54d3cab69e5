"""The site's navigation: the sidebar (home, catalogues, documents by type and year) and the generated
part of the MkDocs configuration that carries it (.vanban/site-nav.yml, read by mkdocs.yml through
INHERIT), with the accent-folding search hook (hooks.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.model.model import Record
from generator.render.site.pages import CATALOGUES, SiteData, esc, page_path, type_name

NAV_FILE = "site-nav.yml"          # in .vanban/
HOOKS = Path(__file__).parent / "hooks.py"
YEAR_SECTIONS_FROM = 20            # a type with more documents than this is split by year in the sidebar


def nav(d: SiteData) -> list:
    """The sidebar: home, the catalogues, then the documents by type (by year for a long type)."""
    groups: dict[str, list[Record]] = {}
    for r in d.order:
        groups.setdefault(r.meta.loai, []).append(r)
    documents = []
    for loai in sorted(groups, key=type_name):
        records = groups[loai]
        items: list = [{esc(d.nav_label(r)): page_path(r)} for r in records]
        if len(records) > YEAR_SECTIONS_FROM:
            years: dict[str, list] = {}
            for r in records:
                date = d.date(r)
                years.setdefault(f"Năm {date.year}" if date else "Chưa ban hành", []).append(
                    {esc(d.nav_label(r)): page_path(r)})
            items = [{y: v} for y, v in years.items()]
        documents.append({esc(type_name(loai)): items})
    return ([{"Trang chủ": "index.md"}, {"Tra cứu": [{t: p} for t, p in CATALOGUES]}]
            + ([{"Văn bản": documents}] if documents else []))


def nav_config(nav: list) -> str:
    """The generated part of the MkDocs configuration (mkdocs.yml reads it through INHERIT)."""
    head = ("# Viết tự động bởi `vanban site` (mục lục các văn bản, móc tìm kiếm không dấu): không sửa tay.\n"
            "# mkdocs.yml đọc tệp này qua INHERIT; cấu hình giao diện nằm trong mkdocs.yml.\n")
    data = {"hooks": [str(HOOKS)], "nav": nav}
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
