"""`vanban check` for records: what the record parser does not already report, in one place.

record_parser.parse_record reports required fields per type, the body structure in sequence, điểm
letters, cross-references and the issue date. This module adds the checks that need the office
config or the other records, or that only a linter cares about:
- the signing form fits the issuing body (HD 36 điểm 1.7.1: a cấp ủy signs T/M; only a cơ quan
  tham mưu, giúp việc has a head who signs directly and a deputy who signs K/T) and the profile
  (no "tuq" in Party documents), and no prefix typed into `thay_mat` / `chuc_vu` ("TM. …" in a
  Party document, "T/M …" in a State one);
- a reply names the request it answers (quan_he.tra_loi resolves, and a "phúc đáp" letter has one),
  an attached document names the decision that issues it;
- căn cứ punctuation as the profile wants (`;` on each line, `,` or `.` on the last);
- dates typed in the text exist ("30/02/2025", "ngày 31 tháng 4 năm 2025").
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.check.checker import signing_prefix
from generator.format import doctypes
from generator.format.config import CONFIG_NAME, OfficeConfig, Project, load_config, profile_for
from generator.format.context import RecordIndex
from generator.format.loading import load_records
from generator.format.record_parser import parse_record
from generator.model.errors import Diagnostic, VanbanError
from generator.model.model import Record
from generator.model.text import fold, plain

_DATES = (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])"),
          re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"))
_END = re.compile(r"[.,;:]$")


def config_for(path: Path, project: Project) -> OfficeConfig:
    """The office config of the records folder a record lives in (its nearest van-phong.yaml)."""
    for folder in path.resolve().parents:
        candidate = folder / CONFIG_NAME
        if candidate.exists():
            return load_config(candidate)
        if folder == project.root.resolve():
            break
    return project.config()


def lint_project(project: Project, only: list[Path] | None = None) -> list[Diagnostic]:
    """Every record of the project (or those under `only`): parse errors and warnings, then the extra
    checks. Cross-record checks always see all records."""
    config = project.config()
    records, errors, _failed = load_records(project, config)
    wanted = None if not only else [p.resolve() for p in only]

    def selected(path: Path | None) -> bool:
        if wanted is None or path is None:
            return wanted is None
        path = path.resolve()
        return any(path == w or path.parent == w or path.is_relative_to(w) for w in wanted)

    out = [d for d in errors if selected(d.file)]
    index = RecordIndex(records, config)
    for key in sorted(records):
        record = records[key]
        if selected(record.path):
            out += record.warnings
            out += extra_checks(record, index)
    return out


def lint_file(path: Path, project: Project) -> list[Diagnostic]:
    """One record outside the project's records/ (checked against its own folder's config)."""
    config = config_for(path, project)
    try:
        record = parse_record(path, config)
    except VanbanError as exc:
        return exc.diagnostics
    return record.warnings + extra_checks(record, RecordIndex({record.key: record}, config))


def extra_checks(record: Record, index: RecordIndex) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    out += _signer(record, index.config)
    out += _relations(record, index)
    out += _can_cu(record, index.config)
    out += _dates(record)
    out += _authority(record, index.config)
    return out


def _authority(record: Record, config: OfficeConfig) -> list[Diagnostic]:
    """A body whose kind may not issue the type (format/data/tham-quyen.yaml): a warning, the table is [S]."""
    body = config.body(record.meta.co_quan)
    if body is None or doctypes.may_issue(body.ho_so, body.loai_co_quan, record.meta.loai) is not False:
        return []
    doc_type = doctypes.get(record.meta.loai)
    name = (doc_type.ten_loai or record.meta.loai).capitalize() if doc_type else record.meta.loai
    return [Diagnostic(f"{body.ten} ({body.loai_co_quan}) không có thẩm quyền ban hành {name} theo bảng thẩm quyền "
                       "(generator/format/data/tham-quyen.yaml, Quy định 399-QĐ/TW)", record.path,
                       record.line_of("loai"), "canh-bao")]


def _signer(record: Record, config: OfficeConfig) -> list[Diagnostic]:
    meta, signer = record.meta, record.meta.nguoi_ky
    body = config.body(meta.co_quan)
    if signer is None or body is None:
        return []
    profile = profile_for(body, record)
    line = record.line_of("nguoi_ky")
    where: tuple[Path, int | None] = (record.path, line)
    if line is None:
        key = next((k for k, s in config.signers.items() if s is signer), None)
        where = (config.path, config.lines.get(f"nguoi_ky.{key}")) if key else (record.path, record.line_of("co_quan"))
    out = []

    def err(message: str) -> None:
        out.append(Diagnostic(message, *where))

    form = signer.hinh_thuc
    prefix = profile.sign_prefix(form)
    if prefix is None:
        err(f"hình thức ký \"{form}\" không dùng trong {profile['ten']}; dùng: "
            f"{', '.join(f'{k} ({v})' for k, v in profile['ky'].items() if v)} hoặc để trống")
    elif profile.is_party:
        own = profile["ky"]
        if body.loai_to_chuc == "cap-uy" and form not in ("tm", "tl"):
            why = (f"\"{own['kt']}\" chỉ dùng cho cơ quan tham mưu, giúp việc (loai_to_chuc: tham-muu)"
                   if form == "kt" else "người ký không ghi thay mặt tập thể")
            err(f"{body.ten} là cấp ủy: văn bản ký thay mặt tập thể \"{own['tm']} …\" (hinh_thuc: tm) "
                f"hoặc thừa lệnh \"{own['tl']} …\"; ở đây {why}")
        elif body.loai_to_chuc == "tham-muu" and form == "tm":
            err(f"{body.ten} là cơ quan tham mưu, giúp việc: người đứng đầu ký trực tiếp (hinh_thuc để trống), "
                f"cấp phó ký \"{own['kt']} …\" (hinh_thuc: kt); không ký \"{own['tm']}\"")
    extra = profile.get("ky_bo_sung") or {}
    allowed = extra.get("chuc_vu_duoi_tm")
    if allowed and form == "tm" and signer.chuc_vu:
        first = re.split(r"\s+kiêm\s+", signer.chuc_vu.strip(), flags=re.IGNORECASE)[0].upper()
        # the title may go on with the body's name where that is allowed (joint documents, I.7.1.4.g);
        # that name is judged by _body_after_title, not here
        if not any(first == a or first.startswith(a + " ") for a in allowed):
            out.append(Diagnostic(
                f"người ký: dưới \"{profile['ky']['tm']} …\" chỉ ghi chức vụ {', '.join(allowed)} "
                f"(HD 05 Phần II I.7.1.2.b); ở đây \"{signer.chuc_vu}\"", *where, "canh-bao"))
    named = None if meta.lien_ten else _body_after_title(signer.chuc_vu or "", body, extra)   # joint: I.7.1.4.g
    if named:
        out.append(Diagnostic(
            f"người ký: chức vụ \"{signer.chuc_vu}\" ghi kèm tên \"{named}\"; HD 05 Phần II I.7.1.2 chỉ ghi chức vụ "
            "(\"PHÓ BÍ THƯ\", không \"PHÓ BÍ THƯ TỈNH ỦY\"), trừ văn bản liên cơ quan và ban chỉ đạo, tiểu ban, hội "
            "đồng không có dấu riêng", *where, "canh-bao"))
    own_prefixes = {v for v in profile["ky"].values() if v}
    for field_name in ("thay_mat", "chuc_vu"):
        typed = signing_prefix(getattr(signer, field_name) or "")
        if typed:
            other = "" if typed in own_prefixes else (
                " (cách viết của văn bản nhà nước)" if profile.is_party else " (cách viết của văn bản Đảng)")
            err(f"người ký: {field_name} \"{getattr(signer, field_name)}\" ghi sẵn tiền tố \"{typed}\"{other}; "
                "chỉ ghi tên tập thể hoặc chức vụ, tiền tố lấy theo hinh_thuc")
    return out


def _body_after_title(title: str, body, extra: dict) -> str | None:
    """The body's name written after a chức vụ ("PHÓ BÍ THƯ TỈNH ỦY", "CHÁNH VĂN PHÒNG TỈNH ỦY"), where the
    profile forbids it: the body's own name (with or without its place) or a cấp ủy's, ending the title.
    A "kiêm" title names two offices on purpose (I.7.1.4.đ), and the exempt bodies may name theirs."""
    if extra.get("ten_co_quan_sau_chuc_vu") is not False or not title.strip() or body.ma in (
            extra.get("ten_sau_chuc_vu_duoc_ghi") or ()) or re.search(r"\bkiêm\b", title, re.IGNORECASE):
        return None
    words = fold(title).upper().split()
    names = [body.ten, body.ten_goi or "", *(extra.get("ten_cap_uy") or ())]
    if body.dia_danh:
        names += [re.sub(re.escape(body.dia_danh), "", n, flags=re.IGNORECASE) for n in names[:2]]
    for name in sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True):
        tail = fold(name).upper().split()
        if len(tail) >= 2 and len(words) > len(tail) and words[-len(tail):] == tail:
            return name.upper()
    return None


def _relations(record: Record, index: RecordIndex) -> list[Diagnostic]:
    meta, out = record.meta, []
    rel = meta.quan_he
    if rel.tra_loi:
        target = index.resolve(rel.tra_loi)
        if target is None:
            out.append(Diagnostic(f"quan_he.tra_loi: không tìm thấy công văn \"{rel.tra_loi}\" được trả lời "
                                  "(ghi tên thư mục hồ sơ hoặc số ký hiệu như 15-CV/ĐU)", record.path,
                                  record.line_of("quan_he.tra_loi")))
        elif target.key == record.key:
            out.append(Diagnostic("quan_he.tra_loi trỏ tới chính văn bản này", record.path,
                                  record.line_of("quan_he.tra_loi")))
    elif _looks_like_reply(record):
        out.append(Diagnostic("văn bản phúc đáp nhưng không ghi công văn được trả lời; thêm "
                              "quan_he: {tra_loi: <hồ sơ hoặc số ký hiệu công văn đề nghị>}", record.path,
                              record.line_of("trich_yeu")))
    if rel.kem_theo and index.resolve(rel.kem_theo) is None:
        out.append(Diagnostic(f"quan_he.kem_theo: không tìm thấy văn bản \"{rel.kem_theo}\" ban hành văn bản này",
                              record.path, record.line_of("quan_he.kem_theo")))
    return out


def _looks_like_reply(record: Record) -> bool:
    first = next(iter(record.body), None)
    return fold(record.meta.trich_yeu).startswith(("phuc dap", "ve viec phuc dap", "v/v phuc dap")) or \
        (first is not None and fold(first.text).startswith("phuc dap"))


def _can_cu(record: Record, config: OfficeConfig) -> list[Diagnostic]:
    body = config.body(record.meta.co_quan)
    doc_type = doctypes.get(record.meta.loai)
    if body is None or doc_type is None:
        return []
    spec = profile_for(body, record)["can_cu"]
    first = record.line_of("can_cu")
    lines = [(text, first + n + 1 if first else None) for n, text in enumerate(record.meta.can_cu)]
    if record.meta.xet_de_nghi:
        lines.append((record.meta.xet_de_nghi, record.line_of("xet_de_nghi")))
    out = []
    for n, (text, line) in enumerate(lines):
        last = n == len(lines) - 1
        want = spec["ket_thuc_cuoi"] if last else spec["ket_thuc_dong"]
        end = _END.search(text.rstrip())
        if end and end.group() != want:
            out.append(Diagnostic(
                f"căn cứ \"{text[:50]}…\" kết thúc bằng \"{end.group()}\"; theo {profile_for(body, record)['ten']} mỗi dòng "
                f"kết thúc bằng \"{spec['ket_thuc_dong']}\", dòng cuối bằng \"{spec['ket_thuc_cuoi']}\"",
                record.path, line))
    return out


def _dates(record: Record) -> list[Diagnostic]:
    texts = [(t, record.line_of("can_cu")) for t in record.meta.can_cu]
    texts += [(record.meta.xet_de_nghi or "", record.line_of("xet_de_nghi")),
              (record.meta.trich_yeu, record.line_of("trich_yeu"))]
    texts += [(u.text, u.line) for u in record.units()]
    out = []
    for text, line in texts:
        for pattern in _DATES:
            for m in pattern.finditer(plain(text or "")):
                day, month, year = (int(g) for g in m.groups())
                try:
                    dt.date(year, month, day)
                except ValueError:
                    out.append(Diagnostic(f"ngày \"{m.group()}\" không có trong lịch", record.path, line))
    return out
