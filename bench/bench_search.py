"""Site search speed at N generated records (default 1000), in Debian's headless Chromium with the CPU
slowed 4× (DevTools Emulation.setCPUThrottlingRate, like an old office PC), over HTTP and over file://:

    python bench/bench_search.py [--n 1000] [--repeats 5] [--throttle 4] [--project DIR]

For each query (a số ký hiệu, the same without "Số"/accents, a title typed without tone marks,
"dieu 5 <words of a title>") on a freshly loaded page: focus the box, type the query (60 ms per key),
then the time from the last key to the results of that query on screen ("lần đầu": the index is loaded
on first focus, so this includes loading it), and the same query typed again on that page ("sau đó").
Also the longest main-thread task while typing (PerformanceObserver longtask: what freezes typing) and
the bytes of the index transferred by the first and by a second page over HTTP (the browser cache).
Medians over the repeats. --project reuses a built project (its site/); otherwise bench.corpus makes one.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
INDEX_FILES = ("vanban-search-index.js", "vanban-search-text-*.js", "vanban-search-worker.js")

ALL_PARTS = ("window.VANBAN_SEARCH_PARTS && performance.getEntriesByType('resource').filter(e => /vanban-search-text-/.test(e.name)).length === window.VANBAN_SEARCH_PARTS")
# Installed on every page before its scripts: when the last key was typed, and when results showed.
PROBE = """
window.__longest = 0; window.__from = Infinity;
try { new PerformanceObserver(l => l.getEntries().forEach(e => {
        if (e.startTime >= window.__from) window.__longest = Math.max(window.__longest, e.duration); }))
      .observe({type: 'longtask', buffered: true}); } catch (e) {}
document.addEventListener('input', e => { window.__lastKey = performance.now(); window.__shown = null; }, true);
new MutationObserver(() => {
  const list = document.querySelector('.vb-search__results');
  if (list && list.children.length && window.__shown == null) window.__shown = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(n: int) -> Path:
    from bench.corpus import generate
    from generator.format.config import Project
    from generator.render.site.builder import build_site
    root = Path(tempfile.mkdtemp(prefix="bench-search-")) / "du-an"
    generate(root, n)
    build_site(Project(root))
    return root


def queries(root: Path) -> list[tuple[str, str]]:
    """(what, query) from the built project's own records: a Quy chế's Quyết định and its Quy chế."""
    from generator.format.config import Project
    from generator.format.loading import load_records
    from generator.model.text import fold
    from generator.render.site.pages import SiteData
    project = Project(root)
    config = project.config()
    records, _, failed = load_records(project, config)
    d = SiteData(project, config, records, failed=set(failed))
    qd = next(r for r in d.order if r.meta.loai == "quyet-dinh" and d.symbol(r))
    qc = next(r for r in d.order if r.meta.loai == "quy-che" and any(u.kind == "dieu" for u in r.units()))
    sym = d.symbol(qd)
    title = fold(d.title(qc))
    return [("số (chỉ con số)", re.match(r"\d+", sym).group(0)), ("số ký hiệu như in", sym),
            ("số ký hiệu không dấu, chữ thường", fold(sym)), ("tên văn bản không dấu", title),
            ("dieu 5 + tên văn bản", "dieu 5 " + " ".join(title.split()[:6]))]


def measure(browser, url: str, query: str, throttle: float) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    pg.add_init_script(PROBE)
    cdp = context.new_cdp_session(pg)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    pg.goto(url)
    box = pg.locator(".vb-search__input")
    pg.evaluate("window.__from = performance.now()")        # long tasks from the focus on, not the page load
    box.focus()
    pg.keyboard.type(query, delay=60)
    pg.wait_for_function("window.__shown != null && document.querySelector('.vb-search__results').dataset.q === "
                         f"{json.dumps(query)}", timeout=120_000, polling=20)
    first = pg.evaluate("document.querySelector('.vb-search__results').dataset.shownAt - window.__lastKey")
    longest = pg.evaluate("window.__longest")
    pg.wait_for_function("document.querySelector('.vb-search').dataset.readyAt", timeout=60_000)
    ready = pg.evaluate("document.querySelector('.vb-search').dataset.readyAt - document.querySelector('.vb-search').dataset.focusAt")
    box.fill("")
    pg.wait_for_timeout(300)
    pg.keyboard.type(query, delay=60)
    pg.wait_for_function("document.querySelector('.vb-search__results').dataset.q === " f"{json.dumps(query)}"
                         " && +document.querySelector('.vb-search__results').dataset.shownAt > window.__lastKey",
                         timeout=60_000, polling=20)
    again = pg.evaluate("document.querySelector('.vb-search__results').dataset.shownAt - window.__lastKey")
    top = pg.locator(".vb-search__link").first.get_attribute("href")
    if url.startswith("http"):                   # file:// loads have no resource timing
        pg.wait_for_function(ALL_PARTS, timeout=120_000)
    transferred = pg.evaluate("performance.getEntriesByType('resource').filter(e => /vanban-search-/.test(e.name))"
                              ".reduce((s, e) => s + e.transferSize, 0)")
    second_page = pg.evaluate("document.querySelector('.md-nav__link[href]') && "
                              "document.querySelector('.md-nav__link[href]').href")
    cached = None
    if second_page and url.startswith("http"):
        pg.goto(second_page)
        pg.locator(".vb-search__input").focus()
        pg.wait_for_function(ALL_PARTS, timeout=120_000)
        cached = pg.evaluate("performance.getEntriesByType('resource').filter(e => /vanban-search-/.test(e.name))"
                             ".reduce((s, e) => s + e.transferSize, 0)")
    context.close()
    return {"ready": ready, "first": first, "again": again, "longest": longest, "top": top, "bytes": transferred, "cached": cached}


def run(root: Path, repeats: int, throttle: float) -> None:
    from playwright.sync_api import sync_playwright
    site = root / "site"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    js = site / "assets" / "javascripts"
    sizes = ", ".join(f"{name} {sum(p.stat().st_size for p in js.glob(name)) / 1e6:.2f} MB ({len(list(js.glob(name)))})"
                      for name in INDEX_FILES)
    pages = len(list((site / "van-ban").glob("*/*.html")))
    print(f"Tìm kiếm trên trang nội bộ: {pages} trang văn bản; CPU chậm {throttle:g}×; {repeats} lần đo, trung vị (ms)")
    print(f"  tệp chỉ mục: {sizes}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for scheme, url in (("HTTP", f"http://127.0.0.1:{server.server_address[1]}/index.html"),
                                ("file://", (site / "index.html").as_uri())):
                for what, query in queries(root):
                    runs = [measure(browser, url, query, throttle) for _ in range(repeats)]
                    med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
                    extra = ""
                    if scheme == "HTTP":
                        extra = (f"; tải lần đầu {runs[0]['bytes'] / 1e6:.2f} MB, trang thứ hai "
                                 f"{(runs[0]['cached'] or 0) / 1e3:.1f} KB")
                    print(f"  {scheme:7} {what:34} {query!r:48} lần đầu {med('first'):6.0f}  sau đó {med('again'):5.0f}"
                          f"  khựng dài nhất {med('longest'):4.0f}  chỉ mục sẵn sàng sau {med('ready'):5.0f}{extra}  → {runs[0]['top'].split('/')[-1]}")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--throttle", type=float, default=4)
    parser.add_argument("--project", type=Path, help="a project whose site/ is already built")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.perf_counter()
    root = args.project or build(args.n)
    if not args.project:
        print(f"(dựng {args.n} hồ sơ và site/: {time.perf_counter() - started:.0f} giây)")
    run(root, args.repeats, args.throttle)


if __name__ == "__main__":
    main()
