"""The fixed lines of the types with their own layout (biên bản, giấy mời, giấy giới thiệu, giấy nghỉ phép,
công điện), from data/bo-cuc-rieng.yaml. One table serves both directions: the renderer prints the lines
around the typed body, and import reads a document's lines back into the same fields, so a built
document imports back to the record it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from generator.format.datadir import DATA_DIR

DATA = DATA_DIR / "bo-cuc-rieng.yaml"
END_PUNCT = re.compile(r"[\s,;.:]+$")
_SLOT = re.compile(r"\{(\w+)\}")
NAMES = ("co_quan", "CO_QUAN", "het")          # filled by vanban, not by the record


@dataclass(frozen=True)
class Line:
    variants: tuple[str, ...]         # templates, the first whose record fields are all filled is printed
    list_field: str | None = None     # a list: heading (variants[0]) then one "- item" line per entry
    when_any: tuple[str, ...] = ()    # a line without fields printed when one of these is filled

    def fields(self, template: str) -> list[str]:
        return [f for f in _SLOT.findall(template) if f not in NAMES]


@dataclass(frozen=True)
class OwnLayout:
    before: tuple[Line, ...]
    after: tuple[Line, ...]
    defaults: dict


def _line(raw, party: bool) -> Line:
    if isinstance(raw, str):
        return Line((raw,))
    if isinstance(raw, list):
        return Line(tuple(raw))
    if "danh_sach" in raw:
        return Line((raw["tieu_de"],), list_field=raw["danh_sach"])
    if "dong" in raw:
        inner = _line(raw["dong"], party)
        return Line(inner.variants, when_any=tuple(raw.get("khi_co_mot") or ()))
    return _line(raw["dang" if party else "nha-nuoc"], party)


@lru_cache(maxsize=None)
def layout(family: str, party: bool) -> OwnLayout | None:
    """The lines of one layout family (DocType.bo_cuc) in a Party or a State profile."""
    with DATA.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh).get(family)
    if raw is None:
        return None
    return OwnLayout(tuple(_line(x, party) for x in raw.get("truoc") or ()),
                     tuple(_line(x, party) for x in raw.get("sau") or ()), dict(raw.get("mac_dinh") or {}))


def _value(value) -> str:
    return value if isinstance(value, str) else "; ".join(value)


def _fill(template: str, values: dict, names: dict) -> str:
    def slot(m: re.Match) -> str:
        key = m.group(1)
        if key in names:
            return names[key]
        text = _value(values[key])
        return END_PUNCT.sub("", text) if m.end() < len(template) else text
    return _SLOT.sub(slot, template)


def _punctuate(items: list[str], sep: str = ";", last: str = ".") -> list[str]:
    return [END_PUNCT.sub("", item) + (last if i == len(items) - 1 else sep) for i, item in enumerate(items)]


def render(lay: OwnLayout, values: dict, names: dict) -> tuple[list[str], list[str]]:
    """(lines before the body, lines after it) for a record's own-layout fields."""
    values = {**{k: _fill(v, {}, names) for k, v in lay.defaults.items()},
              **{k: v for k, v in values.items() if v}}

    def lines(specs: tuple[Line, ...]) -> list[str]:
        out: list[str] = []
        for spec in specs:
            if spec.list_field:
                items = values.get(spec.list_field)
                if items:
                    out.append(spec.variants[0])
                    out.extend(f"- {x}" for x in _punctuate(items if isinstance(items, list) else [items]))
                continue
            if spec.when_any and not any(values.get(f) for f in spec.when_any):
                continue
            template = next((t for t in spec.variants if all(values.get(f) for f in spec.fields(t))), None)
            if template is not None:
                out.append(_fill(template, values, names))
        return out
    return lines(lay.before), lines(lay.after)


@lru_cache(maxsize=None)
def _pattern(template: str, names: tuple) -> re.Pattern:
    """A template as a regex: the literal parts as printed (spaces and case forgiven), each field a group."""
    named = dict(names)
    parts, pos = [], 0
    for m in _SLOT.finditer(template):
        parts.append(r"\s*".join(re.escape(w) for w in template[pos:m.start()].split(" ")))
        key = m.group(1)
        if key == "het":
            parts.append(r"(?:\./\.|\.)")
        elif key in named:
            parts.append(r"\s*".join(re.escape(w) for w in named[key].split(" ")))
        else:
            parts.append(f"(?P<{key}>.+?)" if m.end() < len(template) else f"(?P<{key}>.+)")
        pos = m.end()
    parts.append(r"\s*".join(re.escape(w) for w in template[pos:].split(" ")))
    return re.compile(r"^\s*" + "".join(parts) + r"\s*$", re.IGNORECASE)


def _match(spec: Line, text: str, names: tuple) -> dict | None:
    for template in spec.variants:
        m = _pattern(template, names).match(text)
        if m:
            return {k: v.strip() for k, v in m.groupdict().items()}
    return None


def read(lay: OwnLayout, texts: list[str], names: dict) -> tuple[dict, int, int]:
    """Fields read from the body's first and last lines: (fields, lines used at the start, at the end).
    Lines are taken in the layout's order; a line the document leaves out is skipped; reading stops at
    the first line that is none of the layout's."""
    key = tuple(sorted(names.items()))
    fields: dict = {}
    i = 0
    specs = list(lay.before)
    while i < len(texts) and specs:
        for n, spec in enumerate(specs):
            if spec.list_field:
                if _match(spec, texts[i], key) is None:
                    continue
                items, j = [], i + 1
                while j < len(texts) and re.match(r"^\s*[-–+]\s", texts[j]):
                    items.append(END_PUNCT.sub("", re.sub(r"^\s*[-–+]\s+", "", texts[j])))
                    j += 1
                fields[spec.list_field] = items
                i = j
            else:
                got = _match(spec, texts[i], key)
                if got is None:
                    continue
                fields.update(got)
                i += 1
            del specs[:n + 1]
            break
        else:
            break
    end = len(texts)
    specs = list(lay.after)
    while end > i and specs:
        for n in range(len(specs) - 1, -1, -1):
            got = _match(specs[n], texts[end - 1], key)
            if got is not None:
                fields.update(got)
                end -= 1
                del specs[n:]
                break
        else:
            break
    for field, default in lay.defaults.items():
        if field in fields and fields[field].casefold() == _fill(default, {}, names).casefold():
            del fields[field]
    return fields, i, len(texts) - end
