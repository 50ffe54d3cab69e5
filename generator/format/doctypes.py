"""Document types (Quyết định, Quy chế, công văn …) as data: generator/format/data/loai-van-ban.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from generator.format.datadir import DATA_DIR

DATA = DATA_DIR / "loai-van-ban.yaml"


@dataclass(frozen=True)
class DocType:
    key: str
    ten_loai: str | None
    ma: dict[str, str | None]
    bo_cuc: str
    bat_buoc: tuple[str, ...] = ()
    chu_the: bool = False
    co_dieu: bool = False
    dang_ky: bool = True
    kinh_gui_nhan: str | None = None
    muc_bat_buoc: tuple[str, ...] = field(default_factory=tuple)
    truong_rieng: dict = field(default_factory=dict, hash=False, compare=False)   # own-layout fields: key -> label
    ten: str | None = None          # the type's name for menus and the site ("Nghị quyết")
    nhan_dien: tuple[str, ...] = ()  # import: patterns of a line that names the type when no tên loại is printed
    soan_moi: bool = True            # `vanban new` drafts it; false for material kept from others (a press article)

    def has(self, profile_key: str) -> bool:
        """Whether the type exists in a profile (a key present in `ma`, even with no code)."""
        return profile_key in self.ma

    def code_for(self, profile) -> str | None:
        """The code for a profile version: `ma["dang-hd36"]` before `ma["dang"]` (a code one version changed)."""
        return self.ma.get(profile.template_dir, self.ma.get(profile.key))

    def code(self, profile_key: str) -> str | None:
        return self.ma.get(profile_key)

    @property
    def is_letter(self) -> bool:
        return self.bo_cuc == "cong-van"


@lru_cache(maxsize=1)
def doc_types() -> dict[str, DocType]:
    with DATA.open(encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # libyaml: start-up
    out = {}
    for key, spec in raw.items():
        spec = dict(spec)
        spec["bat_buoc"] = tuple(spec.get("bat_buoc", ()))
        spec["muc_bat_buoc"] = tuple(spec.get("muc_bat_buoc", ()))
        spec["nhan_dien"] = tuple(spec.get("nhan_dien", ()))
        spec["truong_rieng"] = dict(spec.get("truong_rieng") or {})
        spec["ma"] = dict(spec.get("ma") or {})
        out[key] = DocType(key=key, **spec)
    return out


AUTHORITY = DATA_DIR / "tham-quyen.yaml"


@lru_cache(maxsize=1)
def authority() -> dict:
    """Who may issue what: {profile key: {body kind: {"khong": [...], "chi": [...]}}} (tham-quyen.yaml)."""
    with AUTHORITY.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def may_issue(profile_key: str, kind: str | None, loai: str) -> bool | None:
    """False when the table says a body of `kind` may not issue `loai`; None when the table has no rule."""
    rule = (authority().get(profile_key) or {}).get(kind or "")
    if not rule:
        return None
    if "chi" in rule:
        return loai in rule["chi"]
    return loai not in (rule.get("khong") or [])


def get(key: str) -> DocType | None:
    return doc_types().get(key)
