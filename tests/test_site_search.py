"""Finding a document at 1,000 records (issue 17), in Debian's headless Chromium: bench.corpus makes the
records, `vanban site` builds the site once for the module, and for 20 records drawn at random the
search box is typed as officials type: the số ký hiệu three ways, the title without tone marks,
"dieu 5" and the title. Over HTTP and over file:// (a shared folder). Nothing here is timed
(bench/bench_search.py measures the speed)."""

from __future__ import annotations

import functools
import http.server
import random
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # bench/ is not part of the package

from bench.corpus import generate  # noqa: E402
from conftest import run_vanban  # noqa: E402
from generator.model.text import fold  # noqa: E402
from test_site_browser import ARGS, _filtered, _Quiet, type_query  # noqa: E402
from test_site_build import _search_index  # noqa: E402
from tools import system_tool  # noqa: E402

N = 1000
PICKED = 20
TYPED = 4          # the last keys of each query are typed one by one, the rest pasted


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tim-kiem") / "du-an"
    generate(root, N)
    result = run_vanban(root, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def documents(big_site) -> dict[str, dict]:
    """page → {"s": số ký hiệu, "t": title, "dieu5": has an Điều 5}, read back from the built index."""
    index, _ = _search_index(big_site)
    stored = index["storedFields"]
    docs = {v["u"]: {"s": v["s"], "t": v["t"], "dieu5": False} for v in stored.values() if "u" in v}
    for v in stored.values():
        if v.get("a") == "dieu-5":
            docs[stored[str(v["p"])]["u"]]["dieu5"] = True
    assert len(docs) == N
    return docs


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=system_tool("chromium"), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module", params=["http", "file"])
def base(request, big_site):
    if request.param == "file":
        yield big_site.as_uri() + "/"
        return
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(big_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.goto(base + "index.html")
    yield pg
    assert [u for u in pg.requests if urlsplit(u).scheme in ("http", "https")
            and urlsplit(u).hostname != "127.0.0.1"] == []
    context.close()


def page_of(href: str, base: str) -> str:
    return href[len(base):] if href.startswith(base) else href


def test_a_number_typed_three_ways_finds_its_document_first(page, base, documents):
    rng = random.Random(17)
    numbered = sorted(u for u, d in documents.items() if d["s"])
    same = Counter(fold(d["s"]) for d in documents.values() if d["s"])
    for url in rng.sample(numbered, PICKED):
        sym = documents[url]["s"]
        for typed in (sym, fold(sym), "Số 0" + sym):          # as printed; no accents, lower case; "Số", a 0
            found = [page_of(h, base) for h in type_query(page, typed, TYPED)]
            assert found, typed
            first = documents[found[0].split("#")[0]]
            # Numbers start again each year: a số ký hiệu two documents share finds one of them first.
            assert found[0] == url if same[fold(sym)] == 1 else fold(first["s"]) == fold(sym), (typed, found[:3])
            if same[fold(sym)] > 1:
                assert url in found[:same[fold(sym)]], (typed, found[:5])


def test_a_title_typed_without_tone_marks_is_in_the_top_three(page, base, documents):
    rng = random.Random(1717)
    titles = Counter(d["t"] for d in documents.values())
    for url in rng.sample(sorted(documents), PICKED):
        title = documents[url]["t"]
        found = [page_of(h, base) for h in type_query(page, fold(title), TYPED)][:3]
        pages = [h for h in found if "#" not in h]
        if titles[title] <= 3:
            assert url in pages, (title, found)
        else:      # the same title on more documents than fit in three: those three carry it
            assert [documents[h]["t"] for h in found] == [title] * 3, (title, found)


def test_dieu_5_and_words_of_a_title_finds_that_article_first(page, base, documents):
    rng = random.Random(171717)
    titles = Counter(d["t"] for d in documents.values())
    with_dieu5 = sorted(u for u, d in documents.items() if d["dieu5"])
    for url in rng.sample(with_dieu5, PICKED):
        title = documents[url]["t"]
        found = [page_of(h, base) for h in type_query(page, "dieu 5 " + fold(title), TYPED)]
        head, _, anchor = found[0].partition("#")
        assert anchor == "dieu-5", (title, found[:3])
        assert head == url if titles[title] == 1 else documents[head]["t"] == title, (title, found[:3])


def test_the_table_of_every_document_at_1000_records(page, base, big_site, documents):
    """The "Văn bản" landing page: 100 rows at a time (more on request), filters over the whole table."""
    import yaml
    types = Counter()
    for source in (big_site.parent / "records").glob("*/van-ban.md"):
        front = source.read_text(encoding="utf-8").split("---", 2)[1]
        types[yaml.safe_load(front)["loai"]] += 1
    assert sum(types.values()) == N
    page.goto(base + "van-ban/index.html")
    rows = page.locator("#bang-van-ban tbody tr")
    count = page.locator(".vb-bang__dem")
    assert rows.count() == 100
    assert count.text_content() == f"Có {N} văn bản; đang hiện 100 văn bản mới nhất."
    page.click(".vb-bang__them")
    assert rows.count() == 200
    loai, n = types.most_common(1)[0]
    page.select_option('select[data-loc="loai"]', loai)
    assert rows.count() == min(n, 100)
    assert count.text_content() == (f"Có {n} trong {N} văn bản khớp bộ lọc; đang hiện 100 văn bản mới nhất."
                                    if n > 100 else f"Đang hiện {n} trong {N} văn bản.")
    assert set(page.eval_on_selector_all("#bang-van-ban tbody tr", "trs => trs.map(t => t.dataset.loai)")) == {loai}
    page.select_option('select[data-loc="loai"]', "")
    rng = random.Random(17)
    for href in rng.sample(sorted(h for h, d in documents.items() if d["s"]), 3):
        page.fill('input[data-loc="tim"]', fold(documents[href]["s"]))
        _filtered(page, fold(documents[href]["s"]))
        links = page.eval_on_selector_all("#bang-van-ban tbody tr td:nth-child(4) a",
                                          "as => as.map(a => a.getAttribute('href'))")
        assert href in ["van-ban/" + link for link in links], (href, links)       # links relative to van-ban/
