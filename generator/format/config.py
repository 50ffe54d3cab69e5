"""Office configuration (records/van-phong.yaml) and project paths.

Office-wide facts live here once, not in every record: issuing bodies and their codes,
place names, the Party term start dates, signers, the archive line, deadline rules.
"""

from __future__ import annotations

import re

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.format.profiles import Profile, load_profile, select_profile
from generator.model.errors import VanbanError
from generator.model.model import Signer
from generator.model.yamlio import load_file

CONFIG_NAME = "van-phong.yaml"
RECORD_FILE = "van-ban.md"

# Record folder names must work where records/ lives: shared folders read by Windows PCs.
MAX_KEY = 80                       # out/<key>.docx, phien-ban/<n>/… stay far below Windows' 260
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}
_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
_BAD_KEY_CHAR = re.compile(r'[<>:"/\\|?*\x00-\x1f]')       # one pass in C: a load checks every key


def key_problem(key: str) -> str | None:
    """Why `key` cannot name a record folder (Vietnamese), or None. Used by new, import and build."""
    if not key or key.strip(". ") == "":
        return "tên thư mục hồ sơ trống"
    if len(key) > MAX_KEY:
        return (f"tên thư mục hồ sơ dài {len(key)} ký tự, quá {MAX_KEY}: đường dẫn các tệp Word và phiên bản "
                "sẽ vượt giới hạn của Windows; hãy đặt tên ngắn hơn")
    bad = sorted({c for c in key if c in _WINDOWS_FORBIDDEN or ord(c) < 32}) if _BAD_KEY_CHAR.search(key) else []
    if bad:
        return f"tên thư mục hồ sơ có ký tự Windows không cho phép: {' '.join(repr(c) for c in bad)}"
    if ".." in key:
        return "tên thư mục hồ sơ có \"..\" (có thể trỏ ra ngoài thư mục records/ hoặc out/)"
    if key.split(".")[0].strip().lower() in _WINDOWS_RESERVED:
        return f"\"{key}\" là tên dành riêng của Windows (CON, NUL, AUX, COM1…): hãy đặt tên khác"
    if key.endswith((".", " ")):
        return "tên thư mục hồ sơ kết thúc bằng dấu chấm hoặc dấu cách (Windows bỏ đi, nên tên bị đổi)"
    return None


def key_identity(key: str) -> str:
    """Names Windows and macOS take for the same folder: case and Unicode form do not count."""
    import unicodedata
    return unicodedata.normalize("NFC", key).casefold()


@dataclass
class Body:
    """An issuing body (cơ quan ban hành) of the office."""
    key: str
    ten: str                       # "TỈNH ỦY LÂM ĐỒNG" — the bold line of the header
    ma: str                        # code in the số ký hiệu: "TU", "ĐU", "UBND"
    ho_so: str                     # profile key: "dang" | "nha-nuoc"
    dia_danh: str
    cap_tren: str | None = None    # direct superior, the non-bold line above ("ĐẢNG BỘ TỈNH …")
    ten_goi: str = ""              # how citations name it: "Ban Thường vụ Tỉnh ủy"
    chu_the: str | None = None     # subject line of a Quyết định: "BAN THƯỜNG VỤ TỈNH ỦY"
    luu: str = ""                  # archive line: "Văn phòng Tỉnh ủy" → "- Lưu Văn phòng Tỉnh ủy."
    loai_to_chuc: str = "cap-uy"   # "cap-uy" (T/M) | "tham-muu" (head signs, K/T deputy) | "hanh-chinh"
    nhiem_ky: tuple[dt.date, ...] = ()   # Party term start dates, oldest first
    nguoi_ky: str | None = None    # default signer key
    ma_don_vi: str | None = None   # drafting unit code for State công văn: "VP" in "05/BNV-VP"
    ho_so_tep: str | None = None   # a profile file pinned by name (overrides the version choice)
    loai_co_quan: str | None = None   # kind for the authority table: chi-bo, dang-uy-co-so, tinh-uy …
    ma_loai: dict = field(default_factory=dict)   # office overrides of type codes: {"tuyen-bo": "TBo"}
    lien_he: str | None = None     # contact line printed when a record asks for it (HD 05 Phần II II.6)
    in_hai_mat: bool = False       # printed on both sides: back pages mirror the margins (HD 05 Phần II IV.4.2)
    phien_ban: str | None = None   # pinned profile version: "HD36-2018", "HD05-2026"; None/"tu-dong" = by date

    @property
    def profile(self) -> Profile:
        """The profile in force today (for callers without a record); records go through profile_for."""
        return self.profile_on(None)

    def profile_on(self, on: dt.date | None, pin: str | None = None) -> Profile:
        if self.ho_so_tep:
            return load_profile(self.ho_so, self.ho_so_tep)
        return select_profile(self.ho_so, on, (pin or self.phien_ban) if self.ho_so == "dang" else None)

    def term_start(self, on: dt.date) -> dt.date | None:
        """The start of the Party term that contains `on` (numbering restarts at 01 each term)."""
        starts = [s for s in self.nhiem_ky if s <= on]
        return max(starts) if starts else None


def profile_for(body: Body, record=None, on: dt.date | None = None) -> Profile:
    """THE place that says which profile renders, numbers and checks a record.

    Party: the version pinned in the record (`phien_ban_dang`), else the body's / office's pin
    (`phien_ban_dang` in van-phong.yaml), else the one in force on the document's date (`ngay`, or `on`
    — e.g. the date of the decision a document is attached to), else today's (a draft is built by the rule
    in force when it is built). State: ND 30 (one version)."""
    pin = None
    if record is not None:
        pin = getattr(record.meta, "phien_ban_dang", None)
        on = record.meta.ngay or on
    return body.profile_on(on, pin)


@dataclass
class DeadlineRule:
    key: str
    ten: str
    ngay_lam_viec: int


@dataclass
class OfficeConfig:
    path: Path
    bodies: dict[str, Body]
    signers: dict[str, Signer]
    deadline_rules: dict[str, DeadlineRule] = field(default_factory=dict)
    extra_days_off: tuple[dt.date, ...] = ()
    extra_work_days: tuple[dt.date, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    # Bodies written inline in a record (`co_quan: {ten: …, ma: …}`): another body's document kept as
    # printed. Found by body() like the office's own, never numbered or issued (see is_inline).
    inline: dict[str, Body] = field(default_factory=dict)

    def body(self, key: str) -> Body | None:
        return self.bodies.get(key) or self.inline.get(key)

    def is_inline(self, key: str) -> bool:
        return key not in self.bodies and key in self.inline


INLINE_PREFIX = "ngoai-"
INLINE_FIELDS = ("ten", "cap_tren", "ma", "ma_don_vi", "ho_so", "dia_danh")


def inline_body(spec: dict) -> Body:
    """A body written in the record itself; raises VanbanError (Vietnamese) on a missing field."""
    from generator.model.text import fold
    for required in ("ten", "ho_so"):
        if not spec.get(required):
            raise VanbanError(f"co_quan ghi trực tiếp thiếu trường \"{required}\" (cần: ten, ho_so; nên có: "
                              "cap_tren, ma, dia_danh)")
    if spec["ho_so"] not in ("dang", "nha-nuoc"):
        raise VanbanError("co_quan ghi trực tiếp: ho_so phải là \"dang\" hoặc \"nha-nuoc\"")
    # the key names every field the documents print, so two records that write the same body differently
    # (another code, another place) never share one Body: the first parsed would print for both
    slug = re.sub(r"[^a-z0-9]+", "-", fold(" ".join(str(spec.get(k) or "") for k in INLINE_FIELDS
                                                   if k not in ("ho_so",)))).strip("-")
    return Body(key=INLINE_PREFIX + (slug or "co-quan"), ten=str(spec["ten"]), ma=str(spec.get("ma") or ""),
                ma_don_vi=str(spec["ma_don_vi"]) if spec.get("ma_don_vi") else None,
                ho_so=str(spec["ho_so"]), dia_danh=str(spec.get("dia_danh") or ""),
                cap_tren=str(spec["cap_tren"]) if spec.get("cap_tren") else None,
                loai_to_chuc="cap-uy" if spec["ho_so"] == "dang" else "hanh-chinh")


def _date(value, path: Path, line: int | None, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise VanbanError(f"{what}: \"{value}\" không phải ngày dạng NNNN-TT-NN", path, line)


def load_config(path: Path) -> OfficeConfig:
    if not path.exists():
        raise VanbanError(f"không tìm thấy tệp cấu hình văn phòng {path}")
    data, lines = load_file(path)
    if not isinstance(data, dict):
        raise VanbanError("tệp cấu hình phải là một bảng khóa: giá trị", path, 1)
    signers: dict[str, Signer] = {}
    for key, spec in (data.get("nguoi_ky") or {}).items():
        signers[key] = Signer(**{k: str(v) for k, v in spec.items()})
    bodies: dict[str, Body] = {}
    for key, spec in (data.get("co_quan") or {}).items():
        where = lines.get(f"co_quan.{key}")
        for required in ("ten", "ma", "ho_so"):
            if not spec.get(required):
                raise VanbanError(f"cơ quan \"{key}\" thiếu trường \"{required}\"", path, where)
        terms = tuple(sorted(_date(d, path, lines.get(f"co_quan.{key}.nhiem_ky"), "nhiệm kỳ")
                             for d in spec.get("nhiem_ky") or []))
        body = Body(
            key=key, ten=spec["ten"], ma=spec["ma"], ho_so=spec["ho_so"],
            dia_danh=spec.get("dia_danh") or data.get("dia_danh", ""),
            cap_tren=spec.get("cap_tren"), ten_goi=spec.get("ten_goi", ""),
            chu_the=spec.get("chu_the"), luu=spec.get("luu", ""),
            loai_to_chuc=spec.get("loai_to_chuc", "cap-uy"), nhiem_ky=terms,
            nguoi_ky=spec.get("nguoi_ky"), ma_don_vi=spec.get("ma_don_vi"),
            ho_so_tep=spec.get("ho_so_tep"), lien_he=spec.get("lien_he"),
            in_hai_mat=bool(spec.get("in_hai_mat", data.get("in_hai_mat", False))),
            phien_ban=spec.get("phien_ban_dang") or data.get("phien_ban_dang"),
            ma_loai={**(data.get("ma_loai") or {}), **(spec.get("ma_loai") or {})},
            loai_co_quan=spec.get("loai_co_quan") or ("chi-bo" if spec["ma"] == "CB" else None))
        if body.ho_so not in ("dang", "nha-nuoc"):
            raise VanbanError(f"cơ quan \"{key}\": ho_so phải là \"dang\" hoặc \"nha-nuoc\"", path,
                              lines.get(f"co_quan.{key}.ho_so"))
        if body.nguoi_ky and body.nguoi_ky not in signers:
            raise VanbanError(f"cơ quan \"{key}\": không có người ký \"{body.nguoi_ky}\" trong mục nguoi_ky",
                              path, lines.get(f"co_quan.{key}.nguoi_ky"))
        if body.ho_so == "dang" and body.phien_ban:
            body.profile_on(None)      # an unknown pin stops here, with the versions there are
        bodies[key] = body
    rules = {}
    for key, spec in (data.get("han_xu_ly") or {}).items():
        if isinstance(spec, int):
            spec = {"ten": key, "ngay_lam_viec": spec}
        rules[key] = DeadlineRule(key=key, ten=spec.get("ten", key), ngay_lam_viec=int(spec["ngay_lam_viec"]))
    return OfficeConfig(
        path=path, bodies=bodies, signers=signers, deadline_rules=rules,
        extra_days_off=tuple(_date(d, path, lines.get("ngay_nghi_them"), "ngày nghỉ")
                             for d in data.get("ngay_nghi_them") or []),
        extra_work_days=tuple(_date(d, path, lines.get("ngay_lam_bu"), "ngày làm bù")
                              for d in data.get("ngay_lam_bu") or []),
        lines=lines, raw=data)


def _path_order(path: str) -> str:
    """The order sorted() gives Paths (part by part; case-blind on Windows), on plain strings: each
    separator made the lowest character, so one string comparison compares part by part."""
    return os.path.normcase(path).replace(os.sep, "\0")


@dataclass
class Project:
    """Where things are: records/, templates/, out/ (built documents), site/ and the state folder."""
    root: Path

    @property
    def records_dir(self) -> Path:
        return self.root / "records"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    @property
    def state_dir(self) -> Path:
        return self.root / ".vanban"

    @property
    def config_path(self) -> Path:
        return self.records_dir / CONFIG_NAME

    def config(self) -> OfficeConfig:
        return load_config(self.config_path)

    def record_sources(self) -> list[Path]:
        """Every record source under records/, sorted (one folder per document)."""
        return [Path(p) for p in self.scan_names()[0]]

    def skipped_links(self) -> list[Path]:
        """Symbolic links under records/ (a linked record folder, a link to a van-ban.md, dangling or
        not): record_sources never follows them, so a record cannot live outside the project."""
        return self.scan_names()[1]

    def scan(self) -> tuple[list[Path], list[Path]]:
        """(record_sources(), skipped_links()) from one walk of records/: a build needs both."""
        names, links = self.scan_names()
        return [Path(p) for p in names], links

    def scan_names(self, folders: list | None = None) -> tuple[list[str], list[Path]]:
        """scan() with the sources as plain strings, in the same order: ten thousand Path objects were a
        quarter of a one-record build at N = 10,000 (load_records takes either).

        One walk of records/ without following links, skipping hidden folders and frozen versions
        (phien-ban): os.scandir, whose entries know their type without one stat each. Sources are not
        looked for in "_" work folders; links are (a listed file exists; a link only if it leads
        somewhere, as rglob). `folders`: gets (folder, its os.stat before it was listed, or None) for
        each folder walked (loading.list_sources: an unchanged folder lists the same next time)."""
        found, links = [], []
        stack = [(str(self.records_dir), False)]
        while stack:
            folder, work = stack.pop()
            if folders is not None:
                try:
                    folders.append((folder, os.stat(folder)))
                except OSError:
                    folders.append((folder, None))
            try:
                with os.scandir(folder) as it:
                    entries = list(it)
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                if entry.is_symlink():
                    links.append(Path(folder, name))
                    if not work and name == RECORD_FILE and os.path.exists(entry.path):
                        found.append(entry.path)
                    continue
                if name == RECORD_FILE:
                    if not work:
                        found.append(entry.path)
                    if not entry.is_dir():
                        continue
                if name[0] == "." or name == "phien-ban":
                    continue
                try:
                    if entry.is_dir():
                        stack.append((entry.path, work or name[0] == "_"))
                except OSError:
                    continue
        found.sort(key=_path_order)
        return found, sorted(links)

    def output_for(self, key: str, ext: str = ".docx") -> Path:
        return self.out_dir / f"{key}{ext}"
