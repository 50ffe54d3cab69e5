"""The "Văn bản" landing page (van-ban/index.md): one table of every public document, with filters by
type, year, issuing body and status and a box for a number or words of the title (vanban-bang.js).

The table is complete HTML: without script (or before it runs) every row shows; the script keeps the
rows that match, at most 100 at a time. Each row carries what the filters compare (data-loai, data-nam, data-co-quan, and data-tim: the
number, title and body accent-folded here in Python), so the script does no folding of the rows and
works from a shared folder (file://) with no fetch. Confidential records are not in SiteData.order:
they are never rows, nor options of a filter.
"""

from __future__ import annotations

from generator.model.model import Record
from generator.model.text import fold
from generator.render.site import esc
from generator.records.deadlines import vn_date
from generator.render.site.pages import (ALL_DOCUMENTS, HIEU_LUC_JS, NO_YEAR, PageWriter, status_order, status_rules,
                                         type_name, url)

PAGE = ALL_DOCUMENTS
TITLE = "Tất cả văn bản"
SCRIPT = "assets/javascripts/vanban-bang.js"


def documents_pages(writer: PageWriter) -> dict[str, str]:
    """{van-ban/index.md: its Markdown}, or nothing when no document is public (no "Văn bản" section)."""
    return {PAGE: documents_page(writer)} if writer.data.order else {}


def documents_page(writer: PageWriter) -> str:
    """The Markdown of the landing page."""
    d = writer.data
    records: list[Record] = d.order
    parts = [writer.front(TITLE, wide=True), f"# {TITLE}"]
    if not records:
        parts.append('<p class="vb-trong">Chưa có văn bản nào.</p>')
        return "\n\n".join(parts) + "\n"

    types: dict[str, int] = {}
    years: dict[str, int] = {}
    bodies: dict[str, tuple[str, int]] = {}
    statuses: dict[str, int] = {}          # label → order (tinh-trang.yaml thu_tu)
    rows, dated = [], False
    for r in records:
        date = d.date(r)
        year = str(date.year) if date else ""
        types[r.meta.loai] = types.get(r.meta.loai, 0) + 1
        years[year] = years.get(year, 0) + 1
        name = d.body_name(r)
        bodies[r.meta.co_quan] = (name, bodies.get(r.meta.co_quan, ("", 0))[1] + 1)
        status = d.status(r)
        statuses.setdefault(status.label, status_order(status.code))
        cell, by_date = writer.status_html(r)
        dated = dated or by_date
        sym = d.symbol(r)
        title = d.title(r)
        parent = d.parent(r) if not sym else None      # an attachment is found by its Quyết định's number
        via = d.symbol(parent) if parent is not None and parent.key in d.public else ""
        number = esc(sym) if sym else (f'<span class="vb-meta">Kèm theo {esc(via)}</span>' if via else "")
        find = fold(" ".join(x for x in (sym or via, title, name, type_name(r.meta.loai)) if x))
        rows.append(f'<tr data-loai="{esc(r.meta.loai)}" data-nam="{esc(year)}" data-co-quan="{esc(r.meta.co_quan)}" '
                    f'data-tim="{esc(find)}">'
                    f'<td class="vb-bang__so">{number}</td><td class="vb-bang__ngay">{esc(vn_date(date))}</td>'
                    f"<td>{esc(type_name(r.meta.loai))}</td><td>{writer.link(PAGE, r, text=title)}</td>"
                    f'<td>{esc(name)}</td><td class="vb-bang__tinh-trang">{cell}</td></tr>')
    if dated:                              # the words the reader's today may give (vanban-hieu-luc.js)
        for word in status_rules()["theo_ngay"].values():
            statuses.setdefault(word, len(statuses) + 100)

    def select(name: str, label: str, every: str, options: list[tuple[str, str]]) -> str:
        items = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in options)
        return (f'<label class="vb-bang__loc">{esc(label)}<select data-loc="{name}">'
                f'<option value="">{esc(every)}</option>{items}</select></label>')

    filters = "".join([
        select("loai", "Loại", "Tất cả các loại",
               [(t, f"{type_name(t)} ({n})") for t, n in sorted(types.items(), key=lambda kv: type_name(kv[0]))]),
        select("nam", "Năm", "Tất cả các năm",
               [(y, f"{y or NO_YEAR} ({n})") for y, n in sorted(years.items(), key=lambda kv: kv[0] or "0",
                                                                       reverse=True)]),
        select("co-quan", "Cơ quan ban hành", "Tất cả các cơ quan",
               [(b, f"{name} ({n})") for b, (name, n) in sorted(bodies.items(), key=lambda kv: kv[1][0])]),
        select("tinh-trang", "Tình trạng", "Mọi tình trạng",
               [(s, s) for s in sorted(statuses, key=statuses.get)]),
        '<label class="vb-bang__loc vb-bang__loc--chu">Số ký hiệu hoặc tên'
        '<input type="search" data-loc="tim" placeholder="ví dụ: 230-QĐ/TU, quy che phoi hop" autocomplete="off">'
        "</label>",
    ])
    total = len(records)
    parts.append(f'<p class="vb-meta">{total} văn bản, mới nhất trước. Chọn loại, năm, cơ quan hoặc tình trạng, '
                 "hoặc gõ số ký hiệu hay vài chữ của tên văn bản (có dấu hoặc không dấu) để lọc bảng.</p>")
    scripts = ([f'<script src="{esc(url(PAGE, HIEU_LUC_JS))}"></script>'] if dated else []) + [
        f'<script src="{esc(url(PAGE, SCRIPT))}" defer></script>']
    parts.append(f'<div class="vb-bang" data-tong="{total}">\n'
                 f'<form class="vb-bang__bo-loc" hidden onsubmit="return false">{filters}</form>\n'
                 f'<p class="vb-bang__dem" aria-live="polite"></p>\n'
                 '<div class="vb-cuon-ngang"><table id="bang-van-ban">\n'
                 "<thead><tr><th>Số, ký hiệu</th><th>Ngày</th><th>Loại</th><th>Tên văn bản</th>"
                 "<th>Cơ quan ban hành</th><th>Tình trạng</th></tr></thead>\n<tbody>\n"
                 + "\n".join(rows) + "\n</tbody></table></div>\n"
                 '<p class="vb-bang__khong vb-trong" hidden>Không có văn bản nào khớp với bộ lọc.</p>\n'
                 '<p><button type="button" class="vb-bang__them md-button" hidden></button></p>\n'
                 + "\n".join(scripts) + "\n</div>")
    return "\n\n".join(parts) + "\n"
