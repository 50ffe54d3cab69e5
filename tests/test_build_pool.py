"""A cold build renders in a process pool (one worker per core, issue 16): the documents are the same,
byte for byte, as a one-process build's (every part of every .docx), and so are the report's order,
messages and the rule that one bad record does not stop the others."""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # bench/ is not part of the package

from bench.corpus import generate  # noqa: E402
import generator.build as build  # noqa: E402
from generator.format.config import Project  # noqa: E402
from generator.model.errors import EXIT_BAD_INPUT  # noqa: E402
from tests.conftest import run_vanban  # noqa: E402

N = 40

pytestmark = pytest.mark.skipif(build.cores() < 2, reason="a process pool needs two cores or more")


def _parts(root: Path) -> dict[str, dict[str, bytes]]:
    out = {}
    for docx in sorted((root / "out").glob("*.docx")):
        with zipfile.ZipFile(docx) as z:
            out[docx.name] = {name: z.read(name) for name in sorted(z.namelist())}
    return out


def _report(project: Project, one_process: bool, monkeypatch) -> build.BuildReport:
    with monkeypatch.context() as m:
        if one_process:
            m.setattr(build, "POOL_MIN_RECORDS", 10 ** 9)
        return build.build_records(project, progress=False)


def _same_messages(a: list, b: list, root_a: Path, root_b: Path) -> None:
    assert [str(d).replace(str(root_a), "<du-an>") for d in a] == [str(d).replace(str(root_b), "<du-an>") for d in b]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    base = tmp_path_factory.mktemp("pool")
    keys = generate(base / "mau", n=N, seed=11)
    return base, keys


def _copy(corpora, name: str) -> Path:
    base, _ = corpora
    dest = base / name
    shutil.copytree(base / "mau", dest)
    return dest


def test_pool_build_gives_the_same_documents_as_one_process(corpora, monkeypatch):
    assert N >= build.POOL_MIN_RECORDS            # so the first build below goes through the pool
    pooled, single = _copy(corpora, "pool"), _copy(corpora, "mot")
    a = _report(Project(pooled), False, monkeypatch)
    b = _report(Project(single), True, monkeypatch)
    assert a.ok and b.ok
    assert a.built == b.built == sorted(corpora[1])
    _same_messages(a.warnings, b.warnings, pooled, single)
    pa, pb = _parts(pooled), _parts(single)
    assert sorted(pa) == sorted(f"{k}.docx" for k in corpora[1])
    for name in pa:
        assert pa[name] == pb[name], name


def test_bad_record_among_many_in_the_pool(corpora, monkeypatch):
    pooled, single = _copy(corpora, "pool-loi"), _copy(corpora, "mot-loi")
    victim = sorted(corpora[1])[N // 2]
    for root in (pooled, single):
        source = root / "records" / victim / "van-ban.md"
        source.write_text(source.read_text(encoding="utf-8").replace("trich_yeu:", "trich_yeu: [", 1),
                          encoding="utf-8")
    a = _report(Project(pooled), False, monkeypatch)
    b = _report(Project(single), True, monkeypatch)
    assert victim in a.failed and a.failed == b.failed
    assert a.built == b.built == sorted(k for k in corpora[1] if k != victim)
    _same_messages(a.errors, b.errors, pooled, single)
    assert a.errors and all(str(d.file).startswith(str(pooled / "records" / victim)) for d in a.errors)

    # The command line: the others are written, the bad one is named with its file, a non-zero exit.
    shutil.rmtree(pooled / "out")
    shutil.rmtree(pooled / ".vanban")
    result = run_vanban(pooled, "build")
    assert result.returncode == EXIT_BAD_INPUT
    assert f"đã tạo {N - 1}" in result.stdout
    assert f"{victim}/van-ban.md" in result.stderr
    assert sorted(p.stem for p in (pooled / "out").glob("*.docx")) == a.built


def test_templates_compiled_once_give_the_documents_docxtpl_gives(corpora, monkeypatch):
    """docx_render compiles each template text once per process (docxtpl compiles it on every render):
    documents rendered one after another, in any order, are byte for byte the ones docxtpl renders with
    a Jinja of its own each time."""
    import io

    from generator.format.context import RecordIndex
    from generator.format.loading import load_records
    from generator.render import docx_render

    project = Project(_copy(corpora, "mot-lan"))
    config = project.config()
    records, errors, _ = load_records(project, config)
    assert not errors
    index = RecordIndex(records, config)
    keys = sorted(records)

    def parts(key: str) -> dict[str, bytes]:
        data, _ = docx_render.render(records[key], index, project.templates_dir)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {name: z.read(name) for name in z.namelist()}

    compiled = docx_render._jinja()._compiled
    compiled.cache_clear()
    once = {k: parts(k) for k in keys + list(reversed(keys))}       # the second pass: all from the cache
    assert compiled.cache_info().hits >= len(keys)
    with monkeypatch.context() as m:
        m.setattr(docx_render, "_jinja", lambda: None)               # docxtpl: a new Environment per render
        each = {k: parts(k) for k in keys}
    assert [k for k in keys if once[k] != each[k]] == []
