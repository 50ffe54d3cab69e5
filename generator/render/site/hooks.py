"""MkDocs hook for the internal site (loaded through the generated .vanban/site-nav.yml, `hooks:`).

Search is not MkDocs': generator/render/site/search.py writes vanban's own index from the model.
This hook keeps Python-Markdown away from the pages' raw HTML: the generated pages are headings (the table
of contents, through Markdown) between blocks of finished HTML (paragraphs, tables, lists). Markdown
parses every such block with its HTML parser and MkDocs parses it again for anchors: 16 of the 37 s of
MkDocs at 1,000 records. on_page_markdown swaps each whole block for a one-word placeholder paragraph
and on_page_content puts the block back unchanged, with its ids given to MkDocs' anchor check, so
the HTML is the same as Markdown's pass-through would give.
"""

from __future__ import annotations

import re

_BLOCK = re.compile(r"<(p|div|ul|ol|table)[\s>]")     # a block of finished HTML starts with one of these
_ID = re.compile(r'\sid="([^"]*)"')
_PLACEHOLDER = re.compile(r"<p>VBHTML(\d+)X</p>")
_blocks: dict[str, list[str]] = {}                   # page → its HTML blocks, from markdown to content


def _whole_block(chunk: str) -> bool:
    """A chunk that is one HTML block from its opening tag to its closing tag (as pages.py writes them)."""
    m = _BLOCK.match(chunk)
    return bool(m) and chunk.rstrip().endswith(f"</{m.group(1)}>")


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    blocks: list[str] = []
    chunks = markdown.split("\n\n")
    for i, chunk in enumerate(chunks):
        if _whole_block(chunk):
            chunks[i] = f"VBHTML{len(blocks)}X"
            blocks.append(chunk.strip("\n"))
    _blocks[page.file.src_uri] = blocks
    return "\n\n".join(chunks)


def on_page_content(html_text: str, page, **kwargs) -> str:
    blocks = _blocks.pop(page.file.src_uri, [])
    if not blocks:
        return html_text
    if page.present_anchor_ids is not None:
        for block in blocks:
            page.present_anchor_ids.update(_ID.findall(block))
    # Markdown passes a raw block on with a blank line after it, except at the end of the page
    out = _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))] + "\n", html_text)
    return out[:-1] if _PLACEHOLDER.search(html_text[-20:]) else out
