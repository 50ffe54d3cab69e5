"""The site's search index, made from the model (records → fields), not from the rendered HTML.

Why not Material's search: it indexes the rendered page, so the facts-table labels stick to their
values ("Số, ký hiệu230-QĐ/TU"), the "Lịch sử phiên bản" boilerplate matches everywhere, the số ký
hiệu is split into words, and lunr rebuilds the whole index in the browser on every page (3–7 s at
300 records, issue 17). Here every document is one entry with its own fields (số ký hiệu, type,
year, issuing body, title, text) and every Điều one more (its number, title, text, and the title of
its document), so a number or a title outranks a word in a body and "dieu 5 <title words>" finds the
article. The browser side is MiniSearch (vendored in assets/javascripts/, MIT): the page loads the
index with a <script> tag on first focus of the search box (no fetch: the site opens over file://)
and searches in a Blob worker, so typing never waits.

The index is serialized here in MiniSearch's own JSON format (serializationVersion 2, loaded with
MiniSearch.loadJS): the terms are made by the same rules as the query's (tokens() below and
vanban-search.js's tokens(): accent-folded, đ→d; a số ký hiệu is one token "230qdtu" plus its number
"230" and prefix "230qd", leading zeros dropped; "Điều 5" is one token "dieu5"), so the browser does
no tokenizing of 1,000 documents.

write_index(data, site_dir) writes the whole index (one file) into a built site; index_files(data)
gives the same file for docs-site/ (MkDocs copies it).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from generator.atomic import write_bytes
from generator.format.datadir import DATA_DIR
from generator.model.model import DIEU, HEADINGS, Record, Unit
from generator.model.text import fold, plain

INDEX_FILE = "assets/javascripts/vanban-search-index.js"
# Field order is the index's field ids; the browser gives the boosts (vanban-search.js: BOOST).
FIELDS = ("so", "dieu", "title", "heading", "loai", "nam", "coquan")
TEXT_FILE = "assets/javascripts/vanban-search-text-{}.js"   # the texts, in parts of about TEXT_PART bytes
TEXT_PART = 400_000                # one part is one main-thread task when its script is parsed: keep it short
WORKER_FILE = "assets/javascripts/vanban-search-worker.js"     # MiniSearch + the worker, as a string
_JS = DATA_DIR / "site" / "assets" / "javascripts"
WORKER_SOURCES = (_JS / "vendor" / "minisearch-7.2.0.js", _JS / "vanban-search-worker-src.js")
_WORD = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")
_SYMBOL = re.compile(r"^0*(\d+)((?:[-/][a-z]+)*)$")
_DIEU = re.compile(r"\bdieu\s+(\d+[a-z]?)\b")


@lru_cache(maxsize=20_000)
def tokens(text: str) -> tuple[str, ...]:
    """The terms of a text, folded: words, "dieu5" for "Điều 5", a số ký hiệu as one term and its parts
    (cached: types, bodies, years and Điều titles repeat over 1,000 documents)."""
    folded = _DIEU.sub(lambda m: "dieu" + m.group(1), fold(text))
    out: list[str] = []
    for word in _WORD.findall(folded):
        out += _word_terms(word)
    return tuple(out)


@lru_cache(maxsize=100_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """One word's terms (words repeat across 1,000 documents: cached)."""
    m = _SYMBOL.match(word)
    if m and m.group(2):
        parts = [p for p in re.split(r"[-/]", m.group(2)) if p]
        return (m.group(1), *(m.group(1) + "".join(parts[:i]) for i in range(1, len(parts) + 1)))
    if m:
        return (m.group(1),)
    if "-" in word or "/" in word:
        return tuple(p for p in re.split(r"[-/]", word) if p)
    return (word,)


def symbol_terms(symbol: str) -> tuple[str, ...]:
    """"04-QĐ/TU" → 4, 4qd, 4qdtu (typed as "4", "04-QĐ", "04-qd/tu", "Số 04-QĐ/TU")."""
    return tokens(symbol.replace(" ", "")) if symbol else ()


def _plain(text: str) -> str:
    return plain(text) if "*" in text else text          # only stars mark bold/italic (text.parse_inline)


def _unit_text(unit: Unit) -> str:
    return " ".join(_plain(u.text) for u in unit.walk() if u is not unit or u.kind not in (DIEU, *HEADINGS))


def entries(data, html_path, per_record=None) -> tuple[list[dict], list[str]]:
    """One entry per public document and one per Điều (the fields the index holds, and what the result
    list shows), and beside them each entry's text, indexed by the browser in the background.
    `per_record(data, record, page)`: record_entries, or a cache of it (the site builder's)."""
    out, texts = [], []
    for record in data.order:
        docs, more = (per_record or record_entries)(data, record, html_path(record))
        parent = len(out)
        for doc in docs[1:]:
            doc["_show"]["p"] = parent
        out += docs
        texts += more
    return out, texts


def record_entries(data, record, page: str) -> tuple[list[dict], list[str]]:
    """One document's entries (the document, then each Điều, whose "p" entries() sets) and their texts:
    plain JSON values, so a builder can keep them while the record and what its page shows stay the same."""
    sym = data.symbol(record)
    date = data.date(record)
    title = data.title(record)
    out = [{
        "id": page, "so": sym, "title": title, "loai": data.type_name(record),
        "nam": str(date.year) if date else "", "coquan": data.body_name(record),
        "_show": {"t": title, "s": sym, "d": date.strftime("%d/%m/%Y") if date else "", "u": page},
    }]
    texts = [" ".join(_plain(u.text) for u in _loose_units(record.body))]
    for unit in record.units():
        if unit.kind != DIEU:
            continue
        head = plain(unit.text).strip().rstrip(".")
        out.append({
            "id": f"{page}#{unit.anchor}", "dieu": f"Điều {unit.number}", "heading": head,
            "_show": {"t": f"Điều {unit.number}. {head}" if head else f"Điều {unit.number}", "p": 0,
                      "a": unit.anchor},
        })
        texts.append(_unit_text(unit))
    return out, texts


def _loose_units(units: list[Unit]):
    """The text of a document outside its Điều (a công văn's paragraphs, a preamble)."""
    for u in units:
        if u.kind == DIEU:
            continue
        if u.kind not in HEADINGS:
            yield u
        yield from _loose_units(u.children)


def serialize(docs: list[dict]) -> dict:
    """MiniSearch's JSON (serializationVersion 2) for these entries (MiniSearch.loadJS reads it)."""
    field_ids = {f: i for i, f in enumerate(FIELDS)}
    index: dict[str, dict[int, dict[int, int]]] = {}
    field_length: dict[str, list[int]] = {}
    totals = [0] * len(FIELDS)
    document_ids: dict[str, str] = {}
    stored: dict[str, dict] = {}
    for short, doc in enumerate(docs):
        key = str(short)
        document_ids[key] = short          # the page and anchor are in the stored fields
        stored[key] = doc["_show"]
        lengths = []
        for fid, name in enumerate(FIELDS):
            value = doc.get(name)
            if not value:
                lengths.append(0)
                continue
            terms = symbol_terms(value) if name == "so" else tokens(value)
            lengths.append(len(terms))
            totals[fid] += len(terms)
            counts: dict[str, int] = {}
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
            for term, n in counts.items():        # (dicts, not Counter and setdefault: 6,000 entries a build)
                fields = index.get(term)
                if fields is None:
                    fields = index[term] = {}
                posting = fields.get(fid)
                if posting is None:
                    posting = fields[fid] = {}
                posting[short] = n
        field_length[key] = lengths
    count = len(docs) or 1
    return {
        "documentCount": len(docs), "nextId": len(docs), "documentIds": document_ids,
        "fieldIds": field_ids, "fieldLength": field_length,
        "averageFieldLength": [t / count for t in totals], "storedFields": stored, "dirtCount": 0,
        "index": [[term, {str(f): {str(d): n for d, n in posting.items()} for f, posting in fields.items()}]
                  for term, fields in sorted(index.items())],
        "serializationVersion": 2,
    }


def index_json(docs: list[dict]) -> str:
    """The index as the page loads it: MiniSearch's JSON (serialize), compact."""
    return json.dumps(serialize(docs), ensure_ascii=False, separators=(",", ":"))


def index_scripts(data, html_path, per_record=None, indexed=None) -> dict[str, str]:
    """The worker, the index and the texts as scripts that set a global (a <script> tag loads them over
    file:// too). JSON inside a JS string literal: parsed faster than an object literal, and JSON.parse
    runs in the worker. The texts come in parts, each handed to the worker as it arrives."""
    docs, texts = entries(data, html_path, per_record)
    parts: list[tuple[int, list[str]]] = []
    size = TEXT_PART
    for i, text in enumerate(texts):
        if size >= TEXT_PART:
            parts.append((i, []))
            size = 0
        parts[-1][1].append(text)
        size += len(text.encode("utf-8"))
    index = (indexed or index_json)(docs)
    worker = "\n".join(p.read_text(encoding="utf-8") for p in WORKER_SOURCES)
    files = {WORKER_FILE: f"window.VANBAN_SEARCH_WORKER={_js(worker)};\n",
             INDEX_FILE: f"window.VANBAN_SEARCH_INDEX={_js(index)};window.VANBAN_SEARCH_PARTS={len(parts)};\n"}
    for n, (start, chunk) in enumerate(parts):
        text = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))
        files[TEXT_FILE.format(n)] = f"window.VANBAN_SEARCH_TEXT=[{start},{_js(text)}];\n"
    return files


def _js(text: str) -> str:
    """A JS string literal (JSON's, with the two line separators JS before ES2019 refused escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def index_files(data, html_path, per_record=None, indexed=None) -> dict[str, str]:
    """`indexed(docs)`: index_json, or a builder's cache of it."""
    return index_scripts(data, html_path, per_record, indexed)


def write_index(data, site_dir: Path, html_path) -> list[Path]:
    """Write the whole index into a built site (cheap: the incremental build calls it on every build)."""
    written = []
    files = index_scripts(data, html_path)
    for stale in (Path(site_dir) / TEXT_FILE).parent.glob(Path(TEXT_FILE.format("*")).name):
        if stale.relative_to(site_dir).as_posix() not in files:
            stale.unlink()
    for rel, text in files.items():
        target = Path(site_dir) / rel
        data_bytes = text.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data_bytes:
            write_bytes(target, data_bytes)
        written.append(target)
    return written
