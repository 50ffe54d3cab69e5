"""Format profiles are data: generator/format/data/profiles/*.yaml.

The Party has two: Hướng dẫn 36-HD/VPTW (2018, dang-hd36.yaml) for documents dated before 27/5/2026 and
Hướng dẫn 05-HD/VPTW (2026, dang-hd05.yaml) from that day (HD 05 Phần III.1 replaces HD 36). Each file
says from when it applies (`ap_dung_tu`); `select_profile` picks the one in force on a date, or the one
pinned by its version ("HD36-2018"). The State has one (ND 30, nha-nuoc-nd30.yaml).
Every consumer gets a record's profile through config.profile_for (which calls select_profile).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import datetime as dt

import yaml

from generator.format.datadir import DATA_DIR
from generator.model.errors import VanbanError

PROFILE_DIR = DATA_DIR / "profiles"
DEFAULT_FILES = {"dang": "dang-hd36.yaml", "nha-nuoc": "nha-nuoc-nd30.yaml"}


def style_id(name: str) -> str:
    """The w:styleId Word uses for a style name (python-docx's rule: spaces removed).

    Raw XML (w:pStyle) must carry the id, not the name; Word falls back to Normal otherwise.
    """
    return name.replace(" ", "")


@dataclass(frozen=True)
class ElementStyle:
    style: str
    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    case: str = "as-is"
    align: str = "left"
    indent_cm: float = 0.0

    @property
    def style_id(self) -> str:
        return style_id(self.style)


class Profile:
    """One profile: page, fonts, per-element formats, number and date patterns, signing prefixes."""

    def __init__(self, data: dict[str, Any], path: Path):
        self.data = data
        self.path = path
        self.key: str = data["ma"]
        self.version: str = data["phien_ban"]
        self.font: str = data["phong_chu"]
        self.page: dict[str, float] = data["trang"]
        self.elements: dict[str, ElementStyle] = {k: ElementStyle(**v) for k, v in data["kieu"].items()}
        self.applies_from: dt.date | None = data.get("ap_dung_tu")
        # templates/<dir>/<type>.docx: "dang" (HD 36, as before), "dang-hd05", "nha-nuoc"
        self.template_dir: str = data.get("thu_muc_mau") or self.key

    @property
    def title(self) -> str:
        """The profile's name for reports: "Văn bản của Đảng (Hướng dẫn 05-HD/VPTW, 2026)"."""
        return self.data["ten"]

    @property
    def line_rule(self) -> str:
        """"exactly" (HD 05 Phần II I.6.2.2) or "at-least" (HD 36 profile, ND 30)."""
        return self.data.get("gian_dong_kieu") or "at-least"

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def is_party(self) -> bool:
        return self.key == "dang"

    def element(self, name: str) -> ElementStyle:
        return self.elements[name]

    def sign_prefix(self, hinh_thuc: str) -> str | None:
        """"tm" → "T/M" (Party) or "TM." (State); None when the profile has no such form."""
        if not hinh_thuc:
            return ""
        return self.data["ky"].get(hinh_thuc)


@lru_cache(maxsize=None)
def _load(path_str: str) -> Profile:
    path = Path(path_str)
    with path.open(encoding="utf-8") as fh:
        return Profile(yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), path)


def versions(key: str) -> list[Profile]:
    """Every profile file of `key` ("dang": HD 36, HD 05), oldest first by `ap_dung_tu`."""
    try:
        stamp = PROFILE_DIR.stat().st_mtime_ns     # a file added or removed changes the folder
    except OSError:
        stamp = None
    return list(_versions(key, stamp))


@lru_cache(maxsize=16)
def _versions(key: str, _dir_stamp) -> tuple[Profile, ...]:
    """versions(), worked out once per folder state (it runs for every record: 10,000 sorts were a
    twentieth of a build at N = 10,000). forget() drops it with the loaded files."""
    found = [profile for profile in map(_load, _profile_files(_dir_stamp)) if profile.key == key]
    return tuple(sorted(found, key=lambda p: p.applies_from or dt.date.min))


def forget() -> None:
    """Read the profile files again on next use (the watcher, after one was saved)."""
    _load.cache_clear()
    _versions.cache_clear()


@lru_cache(maxsize=4)
def _profile_files(_dir_stamp) -> tuple[str, ...]:
    """The profile files, listed again only when the folder changes (versions() runs for every record:
    a glob each time was a tenth of a one-record build at N = 1,000)."""
    return tuple(str(p) for p in sorted(PROFILE_DIR.glob("*.yaml")))


def next_version_after(on: dt.date) -> dt.date | None:
    """The first day after `on` on which another version of a profile comes into force (the rule an
    undated draft is built by changes that day), or None."""
    return min((p.applies_from for key in DEFAULT_FILES for p in versions(key)
                if p.applies_from is not None and p.applies_from > on), default=None)


def select_profile(key: str, on: dt.date | None = None, pin: str | None = None) -> Profile:
    """The profile of `key` in force on `on` (today when None: a draft is built by today's rule), or the
    version pinned by `pin` ("HD36-2018", "HD05-2026"; "tu-dong"/None = by date)."""
    candidates = versions(key)
    if not candidates:
        raise VanbanError(f"không có bộ thể thức \"{key}\"; chỉ có: {', '.join(DEFAULT_FILES)}")
    if pin and pin not in ("tu-dong", "auto"):
        for profile in candidates:
            if profile.version.lower() == str(pin).lower() or profile.path.name == pin or profile.path.stem == pin:
                return profile
        raise VanbanError(f"không có phiên bản thể thức \"{pin}\" của \"{key}\"; có: "
                          f"{', '.join(p.version for p in candidates)} (hoặc tu-dong: theo ngày văn bản)")
    on = on or dt.date.today()
    in_force = [p for p in candidates if (p.applies_from or dt.date.min) <= on]
    return in_force[-1] if in_force else candidates[0]


def load_profile(key: str, version_file: str | None = None, on: dt.date | None = None,
                 pin: str | None = None) -> Profile:
    """A profile by key. Without a file, date or pin: the default file (HD 36 for "dang", kept for callers
    that read facts both Party versions share); with `on`/`pin`: select_profile."""
    if not version_file and (on is not None or pin):
        return select_profile(key, on, pin)
    if version_file:
        path = Path(version_file)
        if not path.is_absolute():
            path = PROFILE_DIR / path
    elif key in DEFAULT_FILES:
        path = PROFILE_DIR / DEFAULT_FILES[key]
    else:
        raise VanbanError(f"không có bộ thể thức \"{key}\"; chỉ có: {', '.join(DEFAULT_FILES)}")
    if not path.exists():
        raise VanbanError(f"không tìm thấy tệp thể thức {path}")
    return _load(str(path))


def all_profiles() -> list[Profile]:
    return [load_profile(k) for k in DEFAULT_FILES]
