"""The persistent index of parsed records (.vanban/chi-muc.sqlite3, issue 16), through the real command
line: every `vanban build` is a new process, so what one build parsed reaches the next only through
the index. A changed input invalidates exactly what depends on it; a damaged, foreign or old index is
rebuilt with one line of notice; two builds at once lose nothing; an edit that keeps the size and the
modification time is never served stale."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import run_vanban

INDEX = Path(".vanban") / "chi-muc.sqlite3"
ALL = sorted(["bb-sinh-hoat-chi-bo-ca-xa-2026", "bc-sang-kien-thuan-an", "bc-tham-luan-thanh-binh",
              "cv-de-nghi-tham-tra-ly-lich-2026", "cv-de-nghi-xac-minh-2026", "cv-phuc-dap-xac-minh-2026",
              "cv-tra-loi-tham-tra-ly-lich-2026", "gm-ubnd-hoi-nghi-2026", "kh-trien-khai-quy-che-bvctnb-2026",
              "nq-dang-uy-thuan-an-6-thang-2026", "qc-phoi-hop-ca-tinh-2025", "qd-230-tu-2025",
              "qd-ubnd-to-ra-soat-2026"])
UBND = ["gm-ubnd-hoi-nghi-2026", "qd-ubnd-to-ra-soat-2026"]       # co_quan: ubnd-xa-thuan-an (NĐ 30)


def _build(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = run_vanban(root, "build", *args)
    assert result.returncode == 0, result.stderr
    return result


def _stamps(root: Path) -> dict[str, bytes]:
    """rel path of each source → the stamp it is stored under."""
    with sqlite3.connect(root / INDEX) as db:
        return {rel: stamp for rel, stamp in db.execute("SELECT rel, stamp FROM records")}


def _outputs(root: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_mtime_ns for p in (root / "out").glob("*.docx")}


def _rebuilt(before: dict[str, int], root: Path) -> list[str]:
    after = _outputs(root)
    return sorted(k for k in after if after[k] != before.get(k))


def _text(root: Path, key: str) -> str:
    doc = Document(str(root / "out" / f"{key}.docx"))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_index_holds_every_record_and_is_safe_to_delete(project_dir):
    _build(project_dir)
    assert sorted(rel.split("/")[0] for rel in _stamps(project_dir)) == ALL
    (project_dir / INDEX).unlink()
    before = _outputs(project_dir)
    result = _build(project_dir, "--force")
    assert "chỉ mục" not in result.stderr            # a missing index is no news: it is simply made
    assert _rebuilt(before, project_dir) == ALL
    assert len(_stamps(project_dir)) == len(ALL)


def test_same_size_same_mtime_edit_between_two_commands(project_dir):
    _build(project_dir)
    source = project_dir / "records" / "qd-230-tu-2025" / "van-ban.md"
    stat = source.stat()
    _edit(source, "kể từ ngày ký", "kể từ ngày kí")        # same byte length
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    _build(project_dir, str(source.parent))
    assert "kể từ ngày kí" in _text(project_dir, "qd-230-tu-2025")


def test_a_whole_build_after_a_same_size_same_mtime_edit_of_settled_files(project_dir):
    """The whole-project build that finds nothing changed trusts a source's file status instead of
    reading it, once that status has been still for two seconds: the edit below keeps size and
    modification time, moves the change time, and is built (the Quyết định and the Quy chế quoting it)."""
    import time
    time.sleep(2.2)                           # the copied sample files settle (loading.RACY_NS)
    _build(project_dir)
    _build(project_dir)                       # statuses now vouch for every source, in the index
    assert "đã tạo 0" in _build(project_dir).stdout
    source = project_dir / "records" / "qd-230-tu-2025" / "van-ban.md"
    stat = source.stat()
    _edit(source, "kể từ ngày ký", "kể từ ngày kí")        # same byte length
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    before = _outputs(project_dir)
    _build(project_dir)
    assert "qd-230-tu-2025" in _rebuilt(before, project_dir)
    assert "kể từ ngày kí" in _text(project_dir, "qd-230-tu-2025")


def test_edited_cited_record_restamps_itself_and_rebuilds_what_attaches_to_it(project_dir):
    """qc-phoi-hop-ca-tinh-2025 is kem_theo qd-230-tu-2025: its document prints the decision's number and
    date, so it is rebuilt with it; no other record is parsed again or rebuilt."""
    _build(project_dir)
    stamps, before = _stamps(project_dir), _outputs(project_dir)
    _edit(project_dir / "records" / "qd-230-tu-2025" / "van-ban.md", "kể từ ngày ký", "kể từ hôm ký")
    _build(project_dir)
    after = _stamps(project_dir)
    assert sorted(rel for rel in after if after[rel] != stamps[rel]) == ["qd-230-tu-2025/van-ban.md"]
    assert _rebuilt(before, project_dir) == ["qc-phoi-hop-ca-tinh-2025", "qd-230-tu-2025"]


def test_office_config_change_invalidates_every_record(project_dir):
    _build(project_dir)
    stamps, before = _stamps(project_dir), _outputs(project_dir)
    _edit(project_dir / "records" / "van-phong.yaml", "ho_ten: Bùi Thắng", "ho_ten: Bùi Văn Thắng")
    _build(project_dir)
    after = _stamps(project_dir)
    assert sorted(after) == sorted(stamps) and all(after[rel] != stamps[rel] for rel in after)
    assert _rebuilt(before, project_dir) == ALL
    assert "Bùi Văn Thắng" in _text(project_dir, "qd-230-tu-2025")


def test_template_change_rebuilds_its_records_and_parses_nothing(project_dir):
    """Parsing does not read templates: the index is untouched; the one giấy mời (NĐ 30) is rebuilt."""
    _build(project_dir)
    stamps, before = _stamps(project_dir), _outputs(project_dir)
    template = project_dir / "templates" / "nha-nuoc" / "giay-moi.docx"
    copy = template.with_suffix(".tmp")
    with zipfile.ZipFile(template) as old, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        new.writestr("customXml/ghi-chu.txt", "mẫu đã sửa")        # an unreferenced part: bytes change only
    copy.replace(template)
    _build(project_dir)
    assert _stamps(project_dir) == stamps
    assert _rebuilt(before, project_dir) == ["gm-ubnd-hoi-nghi-2026"]


def test_pinned_profile_change_invalidates_parses_and_rebuilds_its_body(project_dir, tmp_path):
    from generator.format.profiles import PROFILE_DIR
    pinned = tmp_path / "the-thuc" / "nha-nuoc-rieng.yaml"
    pinned.parent.mkdir()
    pinned.write_bytes((PROFILE_DIR / "nha-nuoc-nd30.yaml").read_bytes())
    _edit(project_dir / "records" / "van-phong.yaml", "    ma_don_vi: VP",
          f"    ma_don_vi: VP\n    ho_so_tep: {pinned.as_posix()}")
    _build(project_dir)
    stamps, before = _stamps(project_dir), _outputs(project_dir)
    pinned.write_text(pinned.read_text(encoding="utf-8") + "\n# sửa: một dòng ghi chú\n", encoding="utf-8")
    _build(project_dir)
    after = _stamps(project_dir)
    assert all(after[rel] != stamps[rel] for rel in after)          # parsing reads the pinned profile
    assert _rebuilt(before, project_dir) == UBND


def _notices(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "chỉ mục hồ sơ" in line]


def test_corrupt_index_is_rebuilt_with_one_line_notice(project_dir):
    _build(project_dir)
    (project_dir / INDEX).write_bytes(b"day khong phai la SQLite" * 100)
    before = _outputs(project_dir)
    result = _build(project_dir, "--force")
    notices = _notices(result.stderr)
    assert len(notices) == 1 and "đã tạo lại" in notices[0], result.stderr
    assert _rebuilt(before, project_dir) == ALL
    assert len(_stamps(project_dir)) == len(ALL)
    assert _notices(_build(project_dir, "--force").stderr) == []      # once rebuilt, no more notices


def test_foreign_version_and_foreign_sqlite_are_rebuilt_never_trusted(project_dir):
    _build(project_dir)
    with sqlite3.connect(project_dir / INDEX) as db:   # an index an older vanban wrote, its rows poisoned
        db.execute("UPDATE meta SET value = 'vanban-chi-muc-0' WHERE name = 'schema'")
        db.execute("UPDATE blobs SET head = x'00', body = x'00'")
    result = _build(project_dir, str(project_dir / "records" / "qd-230-tu-2025"), "--force")
    assert len(_notices(result.stderr)) == 1 and "phiên bản khác" in result.stderr
    assert "Văn bản: đã tạo 1" in result.stdout
    assert "kể từ ngày ký" in _text(project_dir, "qd-230-tu-2025")

    (project_dir / INDEX).unlink()
    with sqlite3.connect(project_dir / INDEX) as db:   # some other program's database
        db.execute("CREATE TABLE khac (x)")
    result = _build(project_dir, "--force")
    assert len(_notices(result.stderr)) == 1, result.stderr
    assert len(_stamps(project_dir)) == len(ALL)


def test_damaged_row_is_parsed_again(project_dir):
    """A row whose stamp matches but whose model does not unpickle is parsed again, not trusted."""
    _build(project_dir)
    with sqlite3.connect(project_dir / INDEX) as db:
        db.execute("UPDATE blobs SET head = x'8004' WHERE rel = 'qd-230-tu-2025/van-ban.md'")
    result = _build(project_dir, str(project_dir / "records" / "qd-230-tu-2025"), "--force")
    assert "Văn bản: đã tạo 1" in result.stdout
    assert "kể từ ngày ký" in _text(project_dir, "qd-230-tu-2025")


def test_two_builds_at_once_lose_nothing(project_dir):
    """Two real processes share the index from empty (a watcher and a build): both finish, both build
    every record, and the index they leave holds every record, whole."""
    cmd = [sys.executable, "-m", "generator", "-C", str(project_dir), "build", "--force"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs):
        assert proc.returncode == 0, err
        assert f"đã tạo {len(ALL)}" in out
        assert _notices(err) == []
    with sqlite3.connect(project_dir / INDEX) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(rel.split("/")[0] for rel in _stamps(project_dir)) == ALL
    _edit(project_dir / "records" / "qd-230-tu-2025" / "van-ban.md", "kể từ ngày ký", "kể từ hôm ký")
    _build(project_dir)
    assert "kể từ hôm ký" in _text(project_dir, "qd-230-tu-2025")


def _load(root: Path):
    from generator.format import loading
    from generator.format.config import Project
    loading._parsed.clear()               # as a new process would: from the index only
    loading._settled.clear()
    project = Project(root)
    config = project.config()
    return project, config, loading.load_records(project, config)


def test_a_one_record_build_reads_the_front_matter_and_body_only_of_what_it_prints(project_dir):
    """Building the Quy chế reads its own front matter and body, and the front matter of the decision it is
    attached to (its number and date are printed on it); of the other records only what relations need,
    kept apart in the index. The document is the one a full parse makes."""
    from generator.build import build_records
    _build(project_dir)
    qc = "qc-phoi-hop-ca-tinh-2025"
    before = (project_dir / "out" / f"{qc}.docx").read_bytes()
    project, config, (records, errors, failed) = _load(project_dir)
    assert not errors
    report = build_records(project, [project_dir / "records" / qc], force=True, progress=False,
                           loaded=(config, records, errors, failed))
    assert report.built == [qc] and not report.errors
    assert sorted(k for k, r in records.items() if "meta" in vars(r)) == ["qc-phoi-hop-ca-tinh-2025", "qd-230-tu-2025"]
    assert sorted(k for k, r in records.items() if "body" in vars(r)) == [qc]
    with zipfile.ZipFile(project_dir / "out" / f"{qc}.docx") as new, zipfile.ZipFile(__import__("io").BytesIO(before)) as old:
        assert [(i.filename, new.read(i)) for i in new.infolist()] == [(i.filename, old.read(i)) for i in old.infolist()]


def test_a_stored_record_is_whole_when_the_index_goes_away_under_it(project_dir):
    """Front matter and body are read from the index when first used: an index deleted (or rebuilt by
    another process) in between leaves the record to be parsed from its source, never half there."""
    import pickle
    from generator.format.record_parser import parse_record
    _build(project_dir)
    project, config, (records, errors, _) = _load(project_dir)
    for suffix in ("", "-wal", "-shm"):
        Path(str(project_dir / INDEX) + suffix).unlink(missing_ok=True)
    record = records["qd-230-tu-2025"]
    fresh = parse_record(record.path, config, record.key)
    assert record == fresh and record.body == fresh.body and record.meta.so == 230
    assert not (project_dir / INDEX).exists()                # reading never makes an empty index
    copied = pickle.loads(pickle.dumps(records["qc-phoi-hop-ca-tinh-2025"]))
    assert type(copied).__name__ == "Record" and copied.meta.quan_he.kem_theo == "qd-230-tu-2025"


def test_the_file_status_vouches_only_for_bytes_it_has_seen(project_dir, monkeypatch):
    """A source whose status (size, times, change time, inode) is unchanged is not read again; an edit put
    back to the same size and modification time still moves the change time, and is seen."""
    from generator.format import loading
    if not loading.TRUST_STAT:
        return                                  # Windows: every source is hashed, as the test above covers
    monkeypatch.setattr(loading, "RACY_NS", 0)  # the sample files were just copied: settle them at once
    _build(project_dir)
    _load(project_dir)
    _load(project_dir)                          # the statuses are now in the index
    with sqlite3.connect(project_dir / INDEX) as db:
        assert all(stat for (stat,) in db.execute("SELECT stat FROM records"))
    source = project_dir / "records" / "qd-230-tu-2025" / "van-ban.md"
    stat = source.stat()
    _edit(source, "kể từ ngày ký", "kể từ ngày kí")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    _, _, (records, _, _) = _load(project_dir)
    assert "kể từ ngày kí" in "\n".join(u.text for u in records["qd-230-tu-2025"].units())


def test_warnings_of_records_not_rebuilt_are_printed_as_parsing_gave_them(project_dir):
    """A whole build after another record changed prints the warnings of the unchanged ones from the
    index (without reading their front matter): the same words, file and line as the parse that made them."""
    source = project_dir / "records" / "qd-230-tu-2025" / "van-ban.md"
    _edit(source, "\nloai:", "\ntruong_la: x\nloai:")
    line = source.read_text(encoding="utf-8").splitlines().index("truong_la: x") + 1
    first = _build(project_dir)
    warned = [w for w in first.stderr.splitlines() if "truong_la" in w]
    assert warned == [f"{source}:{line}: cảnh báo: trường lạ \"truong_la\" (bỏ qua khi tạo văn bản)"], first.stderr
    _edit(project_dir / "records" / "gm-ubnd-hoi-nghi-2026" / "van-ban.md", "\n---\n", "\n---\n\n", )
    again = _build(project_dir)
    assert "đã tạo 1" in again.stdout
    assert [w for w in again.stderr.splitlines() if "truong_la" in w] == warned
    assert sorted(again.stderr.splitlines()) == sorted(first.stderr.splitlines())


def _replace_by_rename(source: Path, old: str, new: str) -> None:
    """An editor's safe save: the new text written beside the file, then renamed over it."""
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    temp = source.with_name(".van-ban.md.tmp")
    temp.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temp, source)


def _same_size_same_mtime(source: Path) -> None:
    stat = source.stat()
    _edit(source, "kể từ ngày ký", "kể từ ngày kí")         # same byte length
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _added_beside(root: Path) -> None:
    source = root / "records" / "qd-230-tu-2025" / "van-ban.md"
    target = root / "records" / "qd-moi-2026" / "van-ban.md"
    target.parent.mkdir()
    target.write_text(source.read_text(encoding="utf-8").replace("so: 230", "so: 231"), encoding="utf-8")


def _added_inside(root: Path) -> None:
    """A record put in a sub-folder of another record's folder (a phụ lục kept with its decision): only
    that record folder's status moves, records/ itself stays as it was."""
    source = root / "records" / "qd-230-tu-2025" / "van-ban.md"
    target = root / "records" / "qd-230-tu-2025" / "qd-lo-sau-2026" / "van-ban.md"
    target.parent.mkdir()
    target.write_text(source.read_text(encoding="utf-8").replace("so: 230", "so: 232"), encoding="utf-8")


LISTING_CHANGES = {
    # what is changed → (the change, keys expected to appear with their number, keys expected gone,
    #                    walked again, qd-230's text)
    "nothing": (lambda root: None, {}, [], False, "kể từ ngày ký"),
    "same size and modification time": (lambda root: _same_size_same_mtime(
        root / "records" / "qd-230-tu-2025" / "van-ban.md"), {}, [], False, "kể từ ngày kí"),
    "saved by rename": (lambda root: _replace_by_rename(root / "records" / "qd-230-tu-2025" / "van-ban.md",
                                                        "kể từ ngày ký", "kể từ hôm nay"), {}, [], True, "kể từ hôm nay"),
    "new record folder": (_added_beside, {"qd-moi-2026": 231}, [], True, "kể từ ngày ký"),
    "new record inside a record folder": (_added_inside, {"qd-lo-sau-2026": 232}, [], True, "kể từ ngày ký"),
    "record deleted": (lambda root: __import__("shutil").rmtree(root / "records" / "gm-ubnd-hoi-nghi-2026"),
                       {}, ["gm-ubnd-hoi-nghi-2026"], True, "kể từ ngày ký"),
    "record folder renamed": (lambda root: (root / "records" / "bc-sang-kien-thuan-an").rename(
        root / "records" / "bc-sang-kien-2026"), {"bc-sang-kien-2026": None}, ["bc-sang-kien-thuan-an"], True,
        "kể từ ngày ký"),
}


@pytest.mark.parametrize("checked", ["here", "on the other core"])
def test_the_last_loads_listing_serves_only_while_what_it_lists_is_unchanged(tmp_path, monkeypatch, checked):
    """A load takes the sources from the last complete load's listing, without walking records/, while
    no folder's status moved; a record from its entry while its file's status is the same. Each change
    an official makes between two commands is seen: a record added (beside the others or inside another
    record's folder), deleted, renamed, saved by rename, or edited back to the same size and time.
    Real file system times: the projects settle for two seconds (loading.RACY_NS) before the listing is
    written, as an office's records have. The records' statuses checked by the load itself, or by the
    forked child of status_check (what a one-shot command does from WORTH_FROM records on): the same."""
    import time
    from generator.format import loading
    from generator.format.config import Project
    from generator.format.record_parser import parse_record
    from tests.conftest import copy_project
    if not loading.TRUST_STAT:
        return                                  # Windows: no file status vouches, records/ is walked
    if checked != "here":
        if not hasattr(os, "fork"):
            pytest.skip("no fork on this system: the load checks every status itself")
        monkeypatch.setattr(loading, "worth_a_child", lambda count: True)
    roots = {name: copy_project(tmp_path / f"p{i}") for i, name in enumerate(LISTING_CHANGES)}
    time.sleep(2.2)
    for name, root in roots.items():
        _load(root)                             # writes the listing, every folder and file settled
        assert loading.list_sources(Project(root)).walked is False, name
        _, _, (records, errors, _) = _load(root)
        assert sorted(records) == ALL and not errors, name
    for name, root in roots.items():
        LISTING_CHANGES[name][0](root)
    for name, root in roots.items():
        change, added, gone, walked, text = LISTING_CHANGES[name]
        sources = loading.list_sources(Project(root))
        assert sources.walked is walked, name
        if checked != "here" and not walked:    # the child answered, with the record edited in place
            assert sources.changed() == ({"qd-230-tu-2025/van-ban.md"} if name != "nothing" else set()), name
        _, _, (records, errors, _) = _load(root)
        assert not errors, (name, errors)
        assert sorted(records) == sorted(set(ALL) - set(gone) | set(added)), name
        assert text in "\n".join(u.text for u in records["qd-230-tu-2025"].units()), name
        assert {key: records[key].meta.so for key in added} == added, name
        config = Project(root).config()          # each record whole, as a parse of its file gives it
        assert {key: (r.meta, r.body, r.path) for key, r in records.items()} == {
            key: (fresh.meta, fresh.body, fresh.path) for key, r in records.items()
            for fresh in [parse_record(r.path, config, key)]}, name


def test_a_check_on_the_other_core_that_fails_or_is_not_wanted_leaves_the_load_as_it_was(project_dir, monkeypatch):
    """The forked child of status_check: a whole build takes each unchanged source's hash from it (a
    nothing-changed build of 10,000 stats nothing more), and still sees an edit that kept the size and
    the modification time; a child that fails (here: its stat raises) is no answer, and the load stats
    every record itself; a child whose answer is not wanted is ended. No child is left behind."""
    import time
    from generator.build import build_records
    from generator.format import loading, status_check
    from generator.format.config import Project
    from generator.format.parsed_index import Entries
    if not loading.TRUST_STAT or not hasattr(os, "fork"):
        pytest.skip("no fork or no trusted file status here: the load checks every status itself")
    monkeypatch.setattr(loading, "worth_a_child", lambda count: True)
    project = Project(project_dir)
    assert build_records(project, progress=False).built == ALL      # records/ gets the office's lock file
    time.sleep(2.2)
    _load(project_dir)                          # a listing of settled folders and files
    report = build_records(project, progress=False)
    assert report.built == [] and sorted(report.skipped) == ALL
    assert report.outputs["qd-230-tu-2025"] == project_dir / "out" / "qd-230-tu-2025.docx"
    _same_size_same_mtime(project_dir / "records" / "qd-230-tu-2025" / "van-ban.md")
    sources = loading.list_sources(project)
    assert not sources.walked and sources.changed() == {"qd-230-tu-2025/van-ban.md"}
    vouched = dict(zip(sources, sources.vouched_shas()))
    assert vouched[str(project_dir / "records" / "qd-230-tu-2025" / "van-ban.md")] is None
    assert sum(sha is not None for sha in vouched.values()) == len(ALL) - 1
    report = build_records(project, progress=False)
    assert "qd-230-tu-2025" in report.built and "qc-phoi-hop-ca-tinh-2025" in report.built   # it is attached
    assert "kể từ ngày kí" in "\n".join(p.text for p in Document(project_dir / "out" / "qd-230-tu-2025.docx")
                                        .paragraphs)

    def broken(base, entries):
        raise OSError("hỏng")
    monkeypatch.setattr(status_check, "changed_entries", broken)
    _edit(project_dir / "records" / "qd-230-tu-2025" / "van-ban.md", "kể từ ngày kí", "kể từ ngày ký")
    sources = loading.list_sources(project)
    failing = sources.check.pid
    assert not sources.walked and sources.changed() is None
    loading._parsed.clear()
    loading._settled.clear()
    records, errors, _ = loading.load_records(project, project.config(), sources)
    assert sorted(records) == ALL and not errors
    assert "kể từ ngày ký" in "\n".join(u.text for u in records["qd-230-tu-2025"].units())
    check = status_check.StatusCheck(str(project.records_dir) + os.sep, Entries.of([]))
    unwanted = check.pid
    check.discard()
    assert check.result() is None
    for pid in (failing, unwanted):              # each child was waited for: no zombie is left
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_only_a_one_shot_command_with_a_big_listing_checks_on_the_other_core(monkeypatch):
    """A watcher or a server keeps threads that a fork would copy half-way (generator.ONE_SHOT is off
    there); a small office's statuses cost less than a child's start; a program that started threads
    is not forked either."""
    import threading
    import generator
    from generator.format import status_check
    if not sys.platform.startswith("linux") or status_check.cores() < 2:
        pytest.skip("a child checks statuses only on Linux with two cores or more")
    monkeypatch.setattr(generator, "ONE_SHOT", True)
    alone = threading.active_count() == 1      # (an earlier test may have left a thread running)
    assert status_check.worth_a_child(status_check.WORTH_FROM) is alone
    assert not status_check.worth_a_child(status_check.WORTH_FROM - 1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not status_check.worth_a_child(status_check.WORTH_FROM)
    finally:
        stop.set()
        thread.join()
    monkeypatch.setattr(generator, "ONE_SHOT", False)
    assert not status_check.worth_a_child(status_check.WORTH_FROM)


def test_a_listing_of_another_version_or_damaged_is_never_trusted(project_dir):
    """The listing is a cache inside the index: one written by other code (another vanban), one that does
    not unpickle, or one naming a source that is not there is not used: the load walks records/."""
    import pickle
    import time
    from generator.format import loading
    from generator.format.config import Project
    from generator.format.parsed_index import read_listing
    if not loading.TRUST_STAT:
        return
    time.sleep(2.2)
    _load(project_dir)
    listing = read_listing(Project(project_dir))
    assert listing is not None and listing.folders is not None and len(listing.entries) == len(ALL)
    poisoned = listing._replace(sources=listing.sources + ("khong-co/van-ban.md",))
    cases = [(pickle.dumps(tuple(listing._replace(code=b"khac"))), False),   # (listing, read as trusted)
             (b"\x80\x04hong", False),
             (pickle.dumps(tuple(poisoned)), True)]     # its folders are as listed: the load finds it out
    for value, trusted in cases:
        with sqlite3.connect(project_dir / INDEX) as db:
            db.execute("UPDATE meta SET value = ? WHERE name = 'listing'", (value,))
        assert (read_listing(Project(project_dir)) is not None) is trusted
        assert loading.list_sources(Project(project_dir)).walked is not trusted
        _, _, (records, errors, failed) = _load(project_dir)
        assert sorted(records) == ALL and not errors and not failed
        assert loading.list_sources(Project(project_dir)).walked is False       # a good listing written again


UNDATED = ["bc-sang-kien-thuan-an", "bc-tham-luan-thanh-binh", "cv-phuc-dap-xac-minh-2026",
           "kh-trien-khai-quy-che-bvctnb-2026", "qc-phoi-hop-ca-tinh-2025", "qd-ubnd-to-ra-soat-2026"]  # no `ngay:`


def test_a_parse_is_served_on_later_days_until_the_day_it_would_come_out_otherwise(project_dir, monkeypatch):
    """The day was in every stamp: each morning's first command parsed every record again (28 s at
    N = 10,000). A parse is now kept for the days it holds (record_parser.same_parse_until): the next
    day nothing is parsed again; the day a record's date stops being "far from today" that record is,
    its warning gone; an undated record (its own number follows today's rule) on the day the HD 05
    profile comes into force (27/5/2026); a clock put back parses again."""
    import datetime as dt
    from generator.format import record_parser
    from generator.format.facts import warnings_of

    def on(day: dt.date) -> dict:
        monkeypatch.setattr(record_parser, "today", lambda: day)
        records = _load(project_dir)[2][0]
        assert sorted(records) == ALL
        return records

    def parsed(records: dict) -> list[str]:
        return sorted(k for k, r in records.items() if type(r).__name__ != "StoredRecord")

    def warned(record) -> bool:
        return any("rất xa hôm nay" in w.message for w in warnings_of(record))

    day = dt.date(2026, 12, 4)
    far = day + dt.timedelta(days=400)              # 07/01/2028: more than a year ahead
    _edit(project_dir / "records" / "qd-230-tu-2025" / "van-ban.md", "ngay: 2025-11-03", f"ngay: {far.isoformat()}")
    first = on(day)
    assert parsed(first) == ALL and warned(first["qd-230-tu-2025"])
    later = on(day + dt.timedelta(days=1))
    assert parsed(later) == [] and warned(later["qd-230-tu-2025"])
    assert parsed(on(far - dt.timedelta(days=367))) == []
    near = on(far - dt.timedelta(days=366))         # 06/01/2027: within a year of 07/01/2028
    assert parsed(near) == ["qd-230-tu-2025"] and not warned(near["qd-230-tu-2025"])
    assert parsed(on(dt.date(2026, 5, 20))) == ALL                   # the clock put back
    assert parsed(on(dt.date(2026, 5, 26))) == []
    assert parsed(on(dt.date(2026, 5, 27))) == UNDATED               # HD 05 in force from this day
    assert parsed(on(dt.date(2026, 5, 28))) == []


def test_loads_again_in_one_process_keep_every_row_of_the_index(project_dir):
    """A watcher loads again after every save, in one process: records it takes from its own memory
    (unchanged since its last load) keep their rows in the index; only the saved one is written again.
    (Their rows were dropped as if the records were gone, and the next command parsed them all again.)"""
    import time
    from generator.format import loading
    from generator.format.config import Project
    time.sleep(2.2)                           # settled: the listing serves the loads below
    _load(project_dir)
    project = Project(project_dir)
    config = project.config()
    loading.load_records(project, config)
    assert loading.list_sources(project).walked is False
    stamps = _stamps(project_dir)
    _edit(project_dir / "records" / "qd-230-tu-2025" / "van-ban.md", "kể từ ngày ký", "kể từ hôm ký")
    records, errors, _ = loading.load_records(project, config)
    assert not errors and sorted(records) == ALL
    after = _stamps(project_dir)
    assert sorted(after) == sorted(stamps)
    assert sorted(rel for rel in after if after[rel] != stamps[rel]) == ["qd-230-tu-2025/van-ban.md"]


STATE = Path(".vanban") / "build-state.sqlite3"


def test_the_build_state_of_an_earlier_version_is_taken_over(project_dir):
    """Before 2026-12 the build kept what it rendered each record from in one JSON file (build-state.json:
    3 MB at 10,000 records, read whole by a one-record build). A project built by that version is taken
    over: nothing is rendered again, the JSON file goes, and the rows serve the builds after."""
    import json
    _build(project_dir)
    with sqlite3.connect(project_dir / STATE) as db:
        rows = db.execute("SELECT key, fp, quick FROM builds").fetchall()
        whole = json.loads(db.execute("SELECT value FROM meta WHERE name = '__du_an__'").fetchone()[0])
    assert sorted(key for key, _, _ in rows) == ALL
    old = {key: fp for key, fp, _ in rows}                      # the layout that version wrote
    old["__nhanh__"] = {key: quick for key, _, quick in rows}
    old["__du_an__"] = whole
    for suffix in ("", "-wal", "-shm"):
        Path(str(project_dir / STATE) + suffix).unlink(missing_ok=True)
    (project_dir / ".vanban" / "build-state.json").write_text(json.dumps(old), encoding="utf-8")
    before = _outputs(project_dir)
    first = _build(project_dir)
    assert _rebuilt(before, project_dir) == [] and "đã tạo 0" in first.stdout, first.stdout
    assert not (project_dir / ".vanban" / "build-state.json").exists() and (project_dir / STATE).exists()
    _edit(project_dir / "records" / "gm-ubnd-hoi-nghi-2026" / "van-ban.md", "\n---\n", "\n---\n\n")
    _build(project_dir)
    assert _rebuilt(before, project_dir) == ["gm-ubnd-hoi-nghi-2026"]


def test_a_damaged_build_state_costs_renders_never_a_wrong_skip(project_dir):
    """The build state is a cache like the index: a file that is not SQLite, or one of another layout,
    makes the build render every record again (it cannot vouch for any), writes a good state, and the next
    build renders nothing."""
    for damage in (b"khong phai sqlite" * 100, None):
        _build(project_dir)
        for suffix in ("", "-wal", "-shm"):
            Path(str(project_dir / STATE) + suffix).unlink(missing_ok=True)
        if damage is not None:
            (project_dir / STATE).write_bytes(damage)
        else:
            with sqlite3.connect(project_dir / STATE) as db:        # an SQLite file of someone else's
                db.execute("CREATE TABLE builds (x)")
        before = _outputs(project_dir)
        result = _build(project_dir)
        assert _rebuilt(before, project_dir) == ALL, (damage, result.stdout)
        before = _outputs(project_dir)
        _build(project_dir)
        assert _rebuilt(before, project_dir) == [], damage
