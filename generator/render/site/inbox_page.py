"""The site's inbox page (hop-thu.md, shown by `vanban site` and `vanban serve`): each file received
in hop-thu/ (generator/inbox.py), its last report, page 1 before and after, links to the record and to
the corrected Word and PDF.

Confidential stays off the site in any form: a file is listed only when every record it became is
public and its files are not withheld (pages.SiteData); otherwise not even its name appears.
"""

from __future__ import annotations

import datetime as dt

from generator.model.model import Record
from generator.records.received import AFTER_PNG, BEFORE_PNG, OUTCOMES, REPORT_SUFFIX, read_state
from generator.render.site.pages import PageWriter, esc, md_text

PAGE = "hop-thu.md"
TITLE = "Hộp thư"
PICTURES = ((BEFORE_PNG, "Trang 1 bản gốc"), (AFTER_PNG, "Trang 1 bản đúng thể thức"))


def received(writer: PageWriter) -> list[tuple[str, dict, list[Record]]]:
    """(file name, inbox entry, its records) for the files that may be shown, newest first."""
    d = writer.data
    out = []
    for name, entry in (read_state(d.project).get("tep") or {}).items():
        keys = entry.get("ho_so") or []
        records = [d.public.get(k) for k in keys]
        if not keys or any(r is None or d.withheld(r) for r in records):
            continue
        out.append((name, entry, records))
    return sorted(out, key=lambda item: (item[1].get("lan") or [{}])[-1].get("thoi_gian", ""), reverse=True)


def inbox_pages(writer: PageWriter) -> dict[str, str]:
    """{"hop-thu.md": page} when something was received (and may be shown), else nothing."""
    items = received(writer)
    if not items:
        return {}
    out_dir = writer.data.project.out_dir
    parts = [f"# {TITLE}", '<p class="vb-meta">Các tệp Word, PDF, văn bản lưu vào hộp thư: vanban nhập thành hồ sơ, '
                           'tạo lại đúng thể thức và ghi báo cáo. Tệp gốc không bị sửa.</p>']
    for name, entry, records in items:
        saves = entry.get("lan") or []
        last = saves[-1] if saves else {}
        parts.append(f"## {md_text(name)}")
        facts = [f"{len(saves)} lần lưu"]
        if last:
            facts.append(f"lần cuối {_time(last.get('thoi_gian', ''))}: {OUTCOMES.get(last.get('ket_qua', ''), '')}")
        if entry.get("loi"):
            facts.append(f"lần lưu sau đó không đọc được ({entry['loi']}), giữ bản trước")
        parts.append(f'<p class="vb-meta">{esc("; ".join(facts))}</p>')
        for record in records:
            key = record.key
            html = [f"<p>Hồ sơ: {writer.link(PAGE, record)}</p>", writer.downloads(PAGE, record)]
            figures = []
            for suffix, label in PICTURES:
                source = out_dir / f"{key}{suffix}"
                if source.is_file():
                    target = f"tai-ve/hop-thu/{key}{suffix}"
                    writer.files[target] = source
                    figures.append(f'<figure class="vb-trang-1"><img src="{esc(target)}" alt="{esc(label)}" '
                                   f'width="360"><figcaption>{esc(label)}</figcaption></figure>')
            if figures:
                html.append('<div class="vb-truoc-sau" style="display:flex;gap:1em;flex-wrap:wrap">'
                            + "".join(figures) + "</div>")
            report = out_dir / f"{key}{REPORT_SUFFIX}"
            if report.is_file():
                target = f"tai-ve/hop-thu/{key}{REPORT_SUFFIX}"
                writer.files[target] = report
                html.append(f'<details open><summary>Báo cáo (<a href="{esc(target)}">{esc(report.name)}</a>)'
                            f'</summary><pre class="vb-bao-cao">{esc(report.read_text(encoding="utf-8"))}</pre>'
                            "</details>")
            parts.append("\n".join(h for h in html if h))
    return {PAGE: "\n\n".join(parts) + "\n"}


def _time(value: str) -> str:
    try:
        return dt.datetime.fromisoformat(value).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return value


def inbox_nav(pages: dict[str, str]) -> list:
    return [{TITLE: PAGE}] if PAGE in pages else []
