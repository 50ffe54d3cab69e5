"""The site's speed-ups change nothing a reader sees: the record pages written, docs-site/ written and
the pages rendered by MkDocs on two cores (two_cores.py), the sidebar entries rendered once per folder
(sidebar_cache.py), one Markdown instance per process (page_markdown.py) and the downloads hard-linked
into site/ give the same site, byte for byte, as one process with MkDocs and Material as they are. Real MkDocs and Material, in this process (so that the
small sample project can be made to take the two-core paths meant for 200 pages and more)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.format.config import Project
from generator.render.site import builder, page_markdown, sidebar_cache, two_cores
from generator.render.site.two_cores import ChildFailed, in_two_halves

pytestmark = pytest.mark.skipif(not two_cores.can_fork(), reason="needs fork and two cores")


def test_the_second_half_is_done_in_another_process_and_comes_back_in_order():
    def work(part):
        return [(n * n, os.getpid()) for n in part]

    first, second = in_two_halves(list(range(10)), work, least=2)
    assert [n for n, _ in first + second] == [n * n for n in range(10)]
    assert {pid for _, pid in first} == {os.getpid()}
    assert {pid for _, pid in second} != {os.getpid()}


def test_a_second_process_that_fails_is_reported_after_the_first_half_is_done():
    done = []

    def work(part):
        if os.getpid() != parent:
            raise ValueError("hỏng ở nửa sau")
        done.extend(part)
        return len(part)

    parent = os.getpid()
    with pytest.raises(ChildFailed, match="ValueError: hỏng ở nửa sau"):
        in_two_halves([1, 2, 3, 4], work, least=2)
    assert done == [1, 2]


def test_a_small_job_stays_in_this_process():
    assert in_two_halves([1, 2, 3], lambda part: sum(part)) == [6]


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != "sitemap.xml.gz"}           # gzip stamps the time


def test_two_cores_and_the_cached_sidebar_make_the_site_one_process_makes(built_dir, tmp_path, monkeypatch):
    fast, plain = tmp_path / "nhanh", tmp_path / "thuong"
    for dest in (fast, plain):
        shutil.copytree(built_dir, dest)

    splits, patched, shared = [], [], []
    real_split, real_install, real_use = two_cores.in_two_halves, sidebar_cache.install, page_markdown.use_for

    def counting_split(items, work, least=None):
        halves = real_split(items, work, least=1)      # every step with two items or more takes two cores
        splits.append(len(halves))
        return halves

    def watched_install(env):
        loader = real_install(env)
        patched.append(loader)
        return loader

    monkeypatch.setattr(two_cores, "in_two_halves", counting_split)
    monkeypatch.setattr(sidebar_cache, "install", watched_install)
    monkeypatch.setattr(page_markdown, "use_for", lambda pages: shared.append(real_use(pages)) or shared[-1])
    builder.build_site(Project(fast), full=True)
    # record pages, docs-site/, MkDocs' pages: each went through two processes
    assert splits.count(2) >= 3, splits
    # Material's nav-item.html was given the cached macro (else this test compares nothing)
    assert patched and all(loader.patched for loader in patched)
    # and the pages shared one Markdown instance per process
    assert shared == [True]

    monkeypatch.setattr(two_cores, "in_two_halves", lambda items, work, least=None: [work(items)])
    monkeypatch.setattr(sidebar_cache, "install", lambda env: None)
    monkeypatch.setattr(page_markdown, "use_for", lambda pages: False)      # MkDocs' own Page.render
    builder.build_site(Project(plain), full=True)

    ours, theirs = site_bytes(fast / "site"), site_bytes(plain / "site")
    assert sorted(ours) == sorted(theirs)
    assert [rel for rel in ours if ours[rel] != theirs[rel]] == []
    # the sidebar is there to compare: a record page lists the other records of its section
    page = (fast / "site" / "van-ban" / "quy-che" / "qc-phoi-hop-ca-tinh-2025.html").read_text(encoding="utf-8")
    assert page.count('class="md-nav__link"') > 5


def test_downloads_in_site_are_links_to_docs_site_and_a_rewrite_there_breaks_none(built_dir, tmp_path):
    root = tmp_path / "du-an"
    shutil.copytree(built_dir, root)
    builder.build_site(Project(root), full=True)
    downloads = sorted((root / "site" / "tai-ve").glob("*.docx"))
    assert downloads
    for target in downloads:
        source = root / "docs-site" / "tai-ve" / target.name
        assert os.path.samefile(source, target)
        assert target.read_bytes() == (root / "out" / target.name).read_bytes()
    # the next build writes a changed download anew in docs-site/ (a new file): the site's copy of the
    # last build is not changed under it, and the new site has the new bytes
    first = downloads[0]
    before = first.read_bytes()
    out = root / "out" / first.name
    out.write_bytes(before + b"\0")
    builder.generate(Project(root))
    assert first.read_bytes() == before
    builder.build_site(Project(root))
    assert (root / "site" / "tai-ve" / first.name).read_bytes() == before + b"\0"


def test_the_shared_markdown_instance_gives_each_page_what_mkdocs_gives_it(built_dir, tmp_path):
    """page_markdown renders every page with one Markdown instance: each page still gets its own HTML,
    table of contents, anchors and links to other pages' anchors, as MkDocs' Page.render gives them, in
    any order — including a page whose .md links MkDocs rewrites (the relative-path processor is the
    page's own) and one using a link reference only the page before it defines (reset between pages)."""
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    root = tmp_path / "du-an"
    shutil.copytree(built_dir, root)
    builder.generate(Project(root))
    docs = root / "docs-site"
    (docs / "ghi-chu").mkdir()
    (docs / "ghi-chu" / "lien-ket.md").write_text(
        "# Ghi chú\n\n## Mục một\n\nXem [Quy chế](../van-ban/quy-che/qc-phoi-hop-ca-tinh-2025.md#dieu-1) và "
        "[trang chủ][ref].\n\n[ref]: ../index.md\n", encoding="utf-8")
    # uses the reference name the page above defines, without defining it: plain text here, as MkDocs gives it
    (docs / "ghi-chu" / "tham-chieu.md").write_text("# Tham chiếu\n\nKhông phải liên kết: [trang chủ][ref].\n",
                                                   encoding="utf-8")
    config = builder.mkdocs_config(Project(root), strict=False)

    def toc(items) -> list:
        return [(i.title, i.url, i.level, toc(i.children)) for i in items]

    def rendered(shared: bool, order) -> dict:
        files = get_files(config)
        pages = [Page(None, f, config) for f in files.documentation_pages()]
        if shared:
            assert page_markdown.use_for(pages)
        out = {}
        for page in order(pages):
            page.read_source(config)
            page.render(config, files)
            out[page.file.src_uri] = (page.content, toc(page.toc.items), sorted(page.present_anchor_ids),
                                      {f.src_uri: v for f, v in (page.links_to_anchors or {}).items()})
        return out

    theirs = rendered(False, list)
    assert len(theirs) > 10 and theirs["ghi-chu/lien-ket.md"][3]          # the .md link to an anchor is seen
    assert 'href="../van-ban/quy-che/qc-phoi-hop-ca-tinh-2025.html#dieu-1"' in theirs["ghi-chu/lien-ket.md"][0]
    assert "<a" not in theirs["ghi-chu/tham-chieu.md"][0]
    for order in (list, lambda pages: list(reversed(pages))):
        ours = rendered(True, order)
        assert [uri for uri in theirs if ours[uri] != theirs[uri]] == []
