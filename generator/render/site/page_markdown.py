"""One Python-Markdown instance per build process for the site's pages, instead of one per page.

MkDocs' Page.render builds a new `markdown.Markdown` for every page (loading every extension and
registering ~60 processors: ~1 ms, a tenth of a record page's Markdown step). Python-Markdown supports
converting many documents with one instance and `reset()` between them; MkDocs' four page-specific
processors (raw HTML ids, anchors, relative links, title) are registered anew for each page under
their own names, which replaces the previous page's. The rest of `render` is MkDocs 1.6's, line for line.

Only for the pages of vanban's own build (`use_for`), never MkDocs' class: `mkdocs serve` is left as it
is. Another MkDocs release (its private processors renamed or missing) keeps MkDocs' own render.
"""

from __future__ import annotations

import logging
import types

import markdown
from mkdocs.structure import pages as mkdocs_pages

_NEEDED = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor",
           "_ExtractTitleTreeprocessor", "get_toc", "log")


def use_for(pages: list) -> bool:
    """Give these MkDocs pages the shared-instance render. → False when this MkDocs lacks what it needs."""
    import mkdocs
    if not mkdocs.__version__.startswith("1.6.") or not all(hasattr(mkdocs_pages, n) for n in _NEEDED):
        return False
    shared: list[markdown.Markdown] = []          # the one instance, made by the first page rendered

    def render(page, config, files) -> None:
        _render(page, config, files, shared)
    for page in pages:
        page.render = types.MethodType(render, page)
    return True


def _render(self, config, files, shared: list) -> None:
    """mkdocs.structure.pages.Page.render (MkDocs 1.6) with the Markdown instance kept for the next page."""
    if self.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    if shared:
        md = shared[0]
        md.reset()
    else:
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        shared.append(md)
    raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(self.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    self.content = md.convert(self.markdown)
    self.toc = mkdocs_pages.get_toc(getattr(md, "toc_tokens", []))
    self._title_from_render = extract_title_ext.title
    self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        self.links_to_anchors = relative_path_ext.links_to_anchors
