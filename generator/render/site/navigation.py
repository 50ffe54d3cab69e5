"""The site's navigation: the sidebar (home, catalogues, documents by type and year) and the generated
part of the MkDocs configuration that carries it (.vanban/site-nav.yml, read by mkdocs.yml through
INHERIT), with the hook that keeps Markdown away from finished HTML (hooks.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.model.model import Record
from generator.render.site.pages import ALL_DOCUMENTS, CATALOGUES, NO_YEAR, SiteData, esc, page_path, type_name

NAV_FILE = "site-nav.yml"          # in .vanban/
HOOKS = Path(__file__).parent / "hooks.py"
YEAR_SECTIONS_FROM = 20            # a type with more documents than this is split by year in the sidebar
MONTH_SECTIONS_FROM = 30           # and a year with more than this by month: Material renders every entry
                                   # of the open section into each of its pages (N² at 1,000 records), and an
                                   # edited title rebuilds the pages of its section (builder.py)


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
            years: dict[str, list[Record]] = {}
            for r in records:
                date = d.date(r)
                years.setdefault(f"Năm {date.year}" if date else NO_YEAR, []).append(r)
            items = [{y: _by_month(d, v)} for y, v in years.items()]
        documents.append({esc(type_name(loai)): items})
    # The landing page first and untitled: with navigation.indexes it is the section's own page, without
    # it the first entry ("Tất cả văn bản", its title); either way a click on "Văn bản" opens the table.
    return ([{"Trang chủ": "index.md"}, {"Tra cứu": [{t: p} for t, p in CATALOGUES]}]
            + ([{"Văn bản": [ALL_DOCUMENTS, *documents]}] if documents else []))


def _by_month(d: SiteData, records: list[Record]) -> list:
    """The entries of one year, in sections by month ("Tháng 11/2027") when the year has many."""
    entries = lambda rs: [{esc(d.nav_label(r)): page_path(r)} for r in rs]  # noqa: E731
    if len(records) <= MONTH_SECTIONS_FROM or d.date(records[0]) is None:
        return entries(records)
    months: dict[str, list[Record]] = {}
    for r in records:
        date = d.date(r)
        months.setdefault(f"Tháng {date.month:02d}/{date.year}", []).append(r)
    return [{m: entries(v)} for m, v in months.items()]


def nav_config(nav: list) -> str:
    """The generated part of the MkDocs configuration (mkdocs.yml reads it through INHERIT)."""
    head = ("# Viết tự động bởi `vanban site` (mục lục các văn bản, móc tìm kiếm không dấu): không sửa tay.\n"
            "# mkdocs.yml đọc tệp này qua INHERIT; cấu hình giao diện nằm trong mkdocs.yml.\n")
    data = {"hooks": [str(HOOKS)], "nav": nav}
    # libyaml's emitter when PyYAML has it: the same text as safe_dump, six times sooner at 1,000 entries
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return head + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000)
