"""Format profiles (HD 36 for the Party, ND 30 for the State) are data: generator/format/data/profiles/*.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

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


def load_profile(key: str, version_file: str | None = None) -> Profile:
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
