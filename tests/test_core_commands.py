"""`vanban build` is incremental; `vanban new` scaffolds a record that builds; usage errors exit 2."""

from __future__ import annotations

import re

from conftest import run_vanban
from docx_facts import open_doc, texts


def _counts(stdout: str) -> tuple[int, int]:
    m = re.search(r"đã tạo (\d+), không đổi (\d+)", stdout)
    return int(m.group(1)), int(m.group(2))


def test_incremental_build(project_dir):
    n = len(list((project_dir / "records").glob("*/van-ban.md")))
    # Party letters rendered from templates/dang (HD 36): those dated before 27/5/2026 or pinned to HD 36;
    # the later ones use templates/dang-hd05 (HD 05 Phần III.1).
    party_letters = sum(bool("loai: cong-van" in p.read_text(encoding="utf-8") and
                        ("phien_ban_dang: HD36-2018" in p.read_text(encoding="utf-8") or
                         re.search(r"^ngay: (2025|2026-0[1-4]|2026-05-(0|1|2[0-6]))", p.read_text(encoding="utf-8"),
                                   re.M)))
                        for p in (project_dir / "records").glob("*/van-ban.md"))
    first = run_vanban(project_dir, "build")
    assert first.returncode == 0 and _counts(first.stdout) == (n, 0)
    again = run_vanban(project_dir, "build")
    assert _counts(again.stdout) == (0, n)
    # A change in the Quyết định rebuilds it and the Quy chế attached to it (its "kèm theo" line quotes it).
    source = project_dir / "records" / "qd-230-tu-2025" / "van-ban.md"
    source.write_text(source.read_text(encoding="utf-8").replace("ngay: 2025-11-03", "ngay: 2025-11-04"),
                      encoding="utf-8")
    changed = run_vanban(project_dir, "build")
    assert _counts(changed.stdout) == (2, n - 2)
    attached = texts(open_doc(project_dir / "out" / "qc-phoi-hop-ca-tinh-2025.docx"))
    assert "(kèm theo Quyết định số 230-QĐ/TU, ngày 04/11/2025 của Ban Thường vụ Tỉnh ủy)" in attached
    # A template edit rebuilds the records of that type and profile only (the Party công văn).
    template = project_dir / "templates" / "dang" / "cong-van.docx"
    template.write_bytes(template.read_bytes())  # same content: nothing to do
    assert _counts(run_vanban(project_dir, "build").stdout) == (0, n)
    from generator.render.template_builder import build_template
    from generator.format.profiles import load_profile
    data = build_template(load_profile("dang"), "cong-van")
    template.write_bytes(data + b"")  # rebuilt template (new zip timestamps): a real change of bytes
    assert _counts(run_vanban(project_dir, "build").stdout) == (party_letters, n - party_letters)
    assert _counts(run_vanban(project_dir, "build", "--force").stdout) == (n, 0)


def test_build_named_record_only(project_dir):
    result = run_vanban(project_dir, "build", str(project_dir / "records" / "qd-ubnd-to-ra-soat-2026"))
    assert result.returncode == 0 and _counts(result.stdout) == (1, 0)
    assert (project_dir / "out" / "qd-ubnd-to-ra-soat-2026.docx").exists()
    assert not (project_dir / "out" / "qd-230-tu-2025.docx").exists()


def test_new_scaffolds_a_record_that_builds(project_dir):
    for loai in ("quy-che", "cong-van", "bao-cao-sang-kien"):
        result = run_vanban(project_dir, "new", loai, f"moi-{loai}", "--co-quan", "dang-uy-xa-thuan-an")
        assert result.returncode == 0, result.stderr
        source = project_dir / "records" / f"moi-{loai}" / "van-ban.md"
        text = source.read_text(encoding="utf-8")
        assert "# Cơ quan ban hành" in text and "loai: " + loai in text
        built = run_vanban(project_dir, "build", str(source.parent))
        assert built.returncode == 0, built.stderr
        lines = texts(open_doc(project_dir / "out" / f"moi-{loai}.docx"))
        assert "Dự thảo lần 1" in lines
    again = run_vanban(project_dir, "new", "quy-che", "moi-quy-che")
    assert again.returncode == 2 and "đã có" in again.stderr


def test_unknown_type_for_new_and_bad_usage(project_dir):
    result = run_vanban(project_dir, "new", "quyet-dihn")
    assert result.returncode == 2 and "loại văn bản \"quyet-dihn\" không có" in result.stderr
    usage = run_vanban(project_dir, "build", "--khong-co")
    assert usage.returncode == 2 and "tham số không hiểu" in usage.stderr


def test_nothing_changed_is_answered_without_parsing_and_still_sees_every_change(project_dir):
    n = len(list((project_dir / "records").glob("*/van-ban.md")))
    source = project_dir / "records" / "qd-ubnd-to-ra-soat-2026" / "van-ban.md"
    source.write_text(source.read_text(encoding="utf-8").replace("trang_thai: du-thao", "trang_thai: du-thao\nla: 1"),
                      encoding="utf-8")                       # an unknown key: a warning on every build
    first = run_vanban(project_dir, "build")
    assert first.returncode == 0 and "trường lạ \"la\"" in first.stderr
    again = run_vanban(project_dir, "build")
    assert _counts(again.stdout) == (0, n) and "trường lạ \"la\"" in again.stderr     # warnings replayed
    (project_dir / "out" / "qd-230-tu-2025.docx").unlink()                             # an output removed
    assert _counts(run_vanban(project_dir, "build").stdout) == (1, n - 1)
    config = project_dir / "records" / "van-phong.yaml"                                # the office config
    config.write_text(config.read_text(encoding="utf-8").replace("ten: Lê Thị Hoa", "ten: Lê Thị Hòa")
                      if "ten: Lê Thị Hoa" in config.read_text(encoding="utf-8") else
                      config.read_text(encoding="utf-8").replace("ho_ten: Lê Thị Hoa", "ho_ten: Lê Thị Hòa"),
                      encoding="utf-8")
    rebuilt = run_vanban(project_dir, "build")
    assert _counts(rebuilt.stdout) == (n, 0)                  # the config feeds every record


def test_a_record_built_alone_leaves_the_whole_builds_answer_for_the_next_whole_build(project_dir):
    """`vanban build <hồ sơ>` between two `vanban build`s: the second is still answered from the first's
    digest (it parses nothing: the index of parsed records, deleted before it, is not made again), and
    it is not when the record was edited before being built alone (what is attached to it is built then)."""
    n = len(list((project_dir / "records").glob("*/van-ban.md")))
    index = project_dir / ".vanban" / "chi-muc.sqlite3"
    qd = project_dir / "records" / "qd-230-tu-2025"
    assert _counts(run_vanban(project_dir, "build").stdout) == (n, 0)
    assert _counts(run_vanban(project_dir, "build", str(qd), "--force").stdout) == (1, 0)
    index.unlink()
    again = run_vanban(project_dir, "build")
    assert again.returncode == 0 and _counts(again.stdout) == (0, n) and not index.exists()
    source = qd / "van-ban.md"
    source.write_text(source.read_text(encoding="utf-8").replace("kể từ ngày ký", "kể từ ngày kí", 1),
                      encoding="utf-8")
    assert _counts(run_vanban(project_dir, "build", str(qd)).stdout)[0] == 1
    index.unlink()
    after_edit = run_vanban(project_dir, "build")
    assert after_edit.returncode == 0 and index.exists()        # loaded: the sources are not as last time
    assert _counts(after_edit.stdout) == (1, n - 1)             # the Quy chế attached to it (made from its source)


def test_build_names_records_by_any_path_an_official_types(project_dir, tmp_path):
    """A record folder, its van-ban.md, a folder holding two records, the records folder itself; the
    project opened through a link to it, and a path given through the link or past it: each names the
    records inside it, and only those (the count of documents made says which)."""
    import os
    import shutil
    import subprocess
    import sys
    records = project_dir / "records"
    group = records / "nam-2025"
    group.mkdir()
    for key in ("qd-230-tu-2025", "qc-phoi-hop-ca-tinh-2025"):        # the decision and its Quy chế, together
        shutil.move(str(records / key), str(group / key))
    n = len(list(records.rglob("van-ban.md")))
    link = tmp_path / "lien-ket"
    link.symlink_to(project_dir)

    def build(root, *paths, cwd=None):
        cmd = [sys.executable, "-m", "generator", "-C", str(root), "build", "--force", *map(str, paths)]
        result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=cwd)
        assert result.returncode == 0, result.stderr
        return _counts(result.stdout)[0]

    assert build(project_dir, records / "gm-ubnd-hoi-nghi-2026") == 1
    assert build(project_dir, records / "gm-ubnd-hoi-nghi-2026" / "van-ban.md") == 1
    assert build(project_dir, group) == 2
    assert build(project_dir, group / "qd-230-tu-2025" / "van-ban.md") == 1
    assert build(project_dir, records) == n
    assert build(project_dir, os.path.join("records", "nam-2025"), cwd=project_dir) == 2       # relative, as typed
    assert build(link, link / "records" / "nam-2025") == 2
    assert build(link, group / "qc-phoi-hop-ca-tinh-2025") == 1                 # the real path, the project by its link
    assert build(project_dir, link / "records" / "gm-ubnd-hoi-nghi-2026") == 1   # and the other way round
