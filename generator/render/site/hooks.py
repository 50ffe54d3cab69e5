"""MkDocs hook for the internal site: search that finds "Quy chế phối hợp" when typed "quy che phoi hop".

Loaded through the generated .vanban/site-nav.yml (`hooks:`), which mkdocs.yml inherits. Material's
Vietnamese search matches words exactly as written (tech-notes §5.3: no diacritic folding). After the
search plugin has written search/search_index.json, this hook gives every entry a `fold` field: the
words of its title and text whose accent-folded form (text.fold: lower case, no tone marks, đ→d)
differs from the word itself. mkdocs.yml declares `fold` as a search field, so the index matches it,
while the result list shows only title and text: readers never see the folded copy.

Runs before the offline plugin (priority -100) copies the index into search_index.js.
Zensical does not run MkDocs hooks; it builds the same pages without the folded field.
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
