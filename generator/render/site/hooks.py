"""MkDocs hook for the internal site: search that finds "Quy chế phối hợp" when typed "quy che phoi hop".

Loaded through the generated .vanban/site-nav.yml (`hooks:`), which mkdocs.yml inherits. Material's
Vietnamese search matches words exactly as written (tech-notes §5.3: no diacritic folding). After the
search plugin has written search/search_index.json, this hook gives every entry a `fold` field: the
words of its title and text whose accent-folded form (text.fold: lower case, no tone marks, đ→d)
differs from the word itself. mkdocs.yml declares `fold` as a search field, so the index matches it,
while the result list shows only title and text: readers never see the folded copy.

Runs before the offline plugin (priority -100) copies the index into search_index.js.
Zensical does not run MkDocs hooks; it builds the same pages without the folded field.

It also keeps Python-Markdown away from the pages' raw HTML: the generated pages are headings (the table
of contents, through Markdown) between blocks of finished HTML (paragraphs, tables, lists). Markdown
parses every such block with its HTML parser and MkDocs parses it again for anchors: 16 of the 37 s of
MkDocs at 1,000 records. on_page_markdown swaps each whole block for a one-word placeholder paragraph
and on_page_content puts the block back unchanged, with its ids given to MkDocs' anchor check, so
the HTML is the same as Markdown's pass-through would give.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from mkdocs.plugins import event_priority

from generator.atomic import write_text
from generator.model.text import fold

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"<(p|div|ul|ol|table)[\s>]")     # a block of finished HTML starts with one of these
_ID = re.compile(r'\sid="([^"]*)"')
_PLACEHOLDER = re.compile(r"<p>VBHTML(\d+)X</p>")
_blocks: dict[str, list[str]] = {}                   # page → its HTML blocks, from markdown to content
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=200_000)
def _folded(word: str) -> str:
    """The folded form of a word, or "" when folding changes nothing (words repeat: cached)."""
    folded = fold(word)
    return folded if folded != word.lower() else ""


def folded_words(text: str) -> str:
    """The folded form of each word that has tone marks or đ ("Quy chế" → "che")."""
    plain_text = html.unescape(_TAG.sub(" ", text))
    return " ".join(f for f in map(_folded, _WORD.findall(plain_text)) if f)


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


@event_priority(-50)
def on_post_build(config, **kwargs) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        words = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}")
        if words:
            doc["fold"] = words
    write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
