"""The sidebar of every page, rendered once per folder instead of once per page.

Material renders the whole navigation into every page (partials/nav-item.html, a macro called for each
entry). With 1,000 records a section such as "Quyết định / 2026" lists a hundred pages, and each of its
pages renders the hundred entries again: a third of MkDocs' time. An entry that is not on the page's
path (not `active`) renders the same HTML on every page of the same folder: its links are relative to
the page's folder, and nothing else of the page enters it (the current page, its table of contents and
the open sections are all `active`). So such an entry is rendered once per (entry, position, folder)
and reused; the active ones are rendered as Material renders them.

The hook is Material's own template, its `render` macro renamed and called through a cached `render`:
if a Material release changes the macro's header, the template is used unchanged (no cache, same HTML).
"""

from __future__ import annotations

import posixpath

import jinja2

TEMPLATE = "partials/nav-item.html"
HEADER = "{% macro render(nav_item, path, level, parent) %}"
RENAMED = "{% macro render_uncached(nav_item, path, level, parent) %}"
# one line, no whitespace of its own: the cached macro writes exactly what Material's writes
CACHED = ("{% macro render(nav_item, path, level, parent) %}"
          "{{ vanban_nav_item(render_uncached, nav_item, path, level, parent, page) }}"
          "{% endmacro %}\n")


class SidebarLoader(jinja2.BaseLoader):
    """The theme's loader, with Material's nav-item.html given the cached `render` macro."""

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner
        self.patched = False

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template == TEMPLATE and source.count(HEADER) == 1 and RENAMED not in source:
            source = source.replace(HEADER, RENAMED) + CACHED
            self.patched = True
        return source, filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


def install(env: jinja2.Environment) -> SidebarLoader:
    """Give the theme's environment the cached sidebar (one cache per build: the entries are this build's)."""
    cache: dict[tuple, object] = {}

    def nav_item(render, nav_item, path, level, parent=None, page=None):
        url = None if isinstance(page, jinja2.Undefined) else getattr(page, "url", None)
        if getattr(nav_item, "active", False) or not isinstance(url, str):
            return render(nav_item, path, level, parent)
        parent_active = not isinstance(parent, jinja2.Undefined) and bool(getattr(parent, "active", False))
        key = (id(nav_item), path, level, parent_active, posixpath.dirname(url))
        html = cache.get(key)
        if html is None:
            html = cache[key] = render(nav_item, path, level, parent)
        return html

    loader = SidebarLoader(env.loader)
    env.loader = loader
    env.globals["vanban_nav_item"] = nav_item
    return loader
