"""The benchmark corpus (bench/corpus.py): deterministic, and every record it writes parses and builds.

No timing here: figures belong to `python -m bench`, never to the test suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # bench/ is not part of the package

from bench.corpus import generate  # noqa: E402
from generator.build import build_records  # noqa: E402
from generator.format.config import Project  # noqa: E402
from generator.format.context import RecordIndex  # noqa: E402
from generator.format.loading import load_records  # noqa: E402
from generator.model.model import CHUONG, DIEM, DIEU, KHOAN, walk  # noqa: E402


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "records").rglob("van-ban.md"))}


def test_same_seed_same_bytes_other_seed_other_text(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    keys_a = generate(a, n=12, seed=7)
    keys_b = generate(b, n=12, seed=7)
    generate(c, n=12, seed=8)
    assert keys_a == keys_b and len(keys_a) == 12
    assert _files(a) == _files(b)
    assert _files(a) != _files(c)


def test_five_records_parse_and_build(tmp_path):
    root = tmp_path / "du-an"
    keys = generate(root, n=5)
    assert len(keys) == 5
    assert (root / "records" / "van-phong.yaml").exists() and (root / "templates").is_dir()
    report = build_records(Project(root), progress=False)
    assert report.errors == [], [str(e) for e in report.errors]
    assert sorted(report.built) == sorted(keys)
    for key in keys:
        assert (root / "out" / f"{key}.docx").stat().st_size > 0
    again = build_records(Project(root), progress=False)
    assert again.built == [] and sorted(again.skipped) == sorted(keys)


def test_quy_che_shaped_like_the_sample(tmp_path):
    """A Quy chế has chapters and 20–40 articles with khoản and điểm and is attached to its Quyết định;
    a reply names the request it answers by số ký hiệu, and that resolves."""
    root = tmp_path / "du-an"
    generate(root, n=40, seed=3)
    project = Project(root)
    config = project.config()
    records, errors, _ = load_records(project, config)
    assert not errors, [str(e) for e in errors[:5]]
    index = RecordIndex(records, config)
    quy_che = [r for r in records.values() if r.meta.loai == "quy-che"]
    assert quy_che
    for record in quy_che:
        kinds = [u.kind for u in walk(record.body)]
        assert CHUONG in kinds and 20 <= kinds.count(DIEU) <= 40
        assert KHOAN in kinds and DIEM in kinds
        assert records[record.meta.quan_he.kem_theo].meta.loai == "quyet-dinh"
    replies = [r for r in records.values() if r.meta.quan_he.tra_loi]
    assert replies
    for reply in replies:
        assert "/" in reply.meta.quan_he.tra_loi           # "05-CV/ĐU", not a record key
        assert index.resolve(reply.meta.quan_he.tra_loi) is not None
    assert {r.meta.loai for r in records.values()} >= {"quy-che", "quyet-dinh", "cong-van", "bao-cao"}
