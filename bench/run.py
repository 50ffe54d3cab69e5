"""vanban benchmarks: how fast, against what, as the work grows.

    python -m bench                      # N = 200 records, every figure (about 5–8 minutes on 2 cores)
    python -m bench --n 1000             # a bigger office
    python -m bench --scaling            # build figures at N = 100, 300, 1000, 10000: cost per document at
                                         # each (N = 10,000 takes many minutes: its cold build alone is
                                         # several, and its corpus is generated too)
    python -m bench --only build,render  # some figures only (build, render, pandoc, check, pdf, watch, site)

Each figure is measured several times in the same run (these machines are shared and noisy) and
reported as median and spread (min–max); ratios compare peers measured in the same run, side by
side. Results are printed as a table and written as JSON under bench/results/. A feature that has
not landed prints "not available", never a made-up number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from bench.corpus import DEFAULT_N, DEFAULT_SEED, generate

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
GROUPS = ("build", "render", "pandoc", "check", "pdf", "watch", "site")
SCALING_SIZES = (100, 300, 1000, 10000)
SMALL_N = 10                      # the one-record build is also timed on an office this small: it must not grow
BUILT = re.compile(r"đã tạo (\d+), không đổi (\d+)")


# ---------------------------------------------------------------------------------------- figures

@dataclass
class Figure:
    key: str
    label: str
    unit: str = "s"
    samples: list[float] = field(default_factory=list)
    median: float | None = None
    low: float | None = None          # spread: min and max of the samples
    high: float | None = None
    p95: float | None = None
    target: float | None = None       # the figure should be at most this
    target_text: str = ""
    met: bool | None = None
    note: str = ""
    available: bool = True

    def finish(self, use_p95: bool = False) -> "Figure":
        if self.samples:
            ordered = sorted(self.samples)
            self.median = statistics.median(ordered)
            self.low, self.high = ordered[0], ordered[-1]
            self.p95 = percentile(ordered, 0.95)
            judged = self.p95 if use_p95 else self.median
            if self.target is not None:
                self.met = judged <= self.target
        return self


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (the same rule as bench/bench_watch.py)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def not_available(key: str, label: str, why: str, target_text: str = "") -> Figure:
    return Figure(key, label, note=why, available=False, target_text=target_text)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


# ---------------------------------------------------------------------------------------- helpers

def vanban(project: Path, *args: str, check: bool = True) -> tuple[float, subprocess.CompletedProcess]:
    """Run the real command line (`python -m generator -C project …`) and time it, wall clock."""
    cmd = [sys.executable, "-m", "generator", "-C", str(project), *args]
    # as an official runs it: bytecode cached (a shell that sets PYTHONDONTWRITEBYTECODE, as CI images
    # do, had every run compile vanban again: 0.1 s of each one-record build)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONIOENCODING"] = "utf-8"
    seconds, proc = timed(lambda: subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                                                 cwd=REPO, env=env))
    if check and proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {(proc.stderr or proc.stdout)[-600:]}")
    return seconds, proc


def built_counts(proc: subprocess.CompletedProcess) -> tuple[int, int]:
    m = BUILT.search(proc.stdout + proc.stderr)
    if not m:
        raise RuntimeError(f"build printed no summary: {(proc.stdout + proc.stderr)[-600:]}")
    return int(m.group(1)), int(m.group(2))


def commands() -> list[str]:
    from generator.commands import COMMANDS
    return list(COMMANDS)


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
        return out.splitlines()[0] if out else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def load(project: Path):
    from generator.format.loading import load_records
    from generator.format.config import Project
    from generator.format.context import RecordIndex
    proj = Project(project)
    config = proj.config()
    records, errors, _ = load_records(proj, config)
    if errors:
        raise RuntimeError(f"corpus records do not parse: {errors[0]}")
    return proj, records, RecordIndex(records, config)


def typical_quy_che(records) -> str:
    """The Quy chế whose article count is nearest 30 (the middle of the 20–40 the corpus draws)."""
    from generator.model.model import DIEU, walk
    counts = {k: sum(1 for u in walk(r.body) if u.kind == DIEU) for k, r in records.items()
              if r.meta.loai == "quy-che"}
    return min(sorted(counts), key=lambda k: abs(counts[k] - 30))


class Editor:
    """Edits one record the way an official does: a sentence of its last paragraph changes."""

    def __init__(self, source: Path):
        self.source = source
        self.original = source.read_text(encoding="utf-8")
        self.count = 0

    def edit(self) -> None:
        self.count += 1
        text = self.original.rstrip("\n")
        cut = text.rstrip(".;")
        self.source.write_text(f"{cut} (sửa lần {self.count}).\n", encoding="utf-8")

    def restore(self) -> None:
        self.source.write_text(self.original, encoding="utf-8")


# ---------------------------------------------------------------------------------------- the bench

class Bench:
    def __init__(self, n: int, repeats: int, seed: int, workdir: Path, log=print, cold_repeats: int | None = None):
        self.n, self.repeats, self.seed = n, repeats, seed
        self.cold_repeats = cold_repeats or repeats
        self.workdir = workdir
        self.project = workdir / f"du-an-{n}"
        self.log = log
        self.figures: list[Figure] = []
        self.facts: dict = {}

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        self.log(f"  {format_row(figure)}")
        return figure

    def corpus(self) -> None:
        seconds, keys = timed(lambda: generate(self.project, self.n, self.seed))
        self.facts["corpus_seconds"] = round(seconds, 3)
        self.facts["records"] = len(keys)
        self.facts["record_types"] = _type_mix(keys)

    # ------------------------------------------------------------ build
    def build(self) -> None:
        n = self.n
        cold = Figure("build_cold", f"Tạo mới toàn bộ {n} văn bản (vanban build, lạnh, {cores()} lõi)")
        for _ in range(self.cold_repeats):
            shutil.rmtree(self.project / "out", ignore_errors=True)
            shutil.rmtree(self.project / ".vanban", ignore_errors=True)
            seconds, proc = vanban(self.project, "build")
            built, _ = built_counts(proc)
            if built != n:
                raise RuntimeError(f"cold build made {built} of {n} documents: {proc.stderr[-600:]}")
            cold.samples.append(seconds)
        self.add(cold.finish())
        per_doc = Figure("build_cold_per_doc", "  mỗi văn bản (tạo mới toàn bộ / N)", unit="s",
                         samples=[s / n for s in cold.samples], target=0.035, target_text="≤ 35 ms, mọi lõi")
        self.add(per_doc.finish())

        goal = {"target": 1.0, "target_text": "< 1 s (200 hồ sơ)"} if n <= 200 else \
            {"target": 0.6, "target_text": "≤ 0.6 s"}
        nothing = Figure("incremental_nothing_changed", f"Tạo lại, không hồ sơ nào đổi, {n} hồ sơ (vanban build)",
                         **goal)
        for _ in range(max(self.repeats, 5)):
            seconds, proc = vanban(self.project, "build")
            if built_counts(proc)[0] != 0:
                raise RuntimeError(f"nothing changed but the build made documents: {proc.stdout}")
            nothing.samples.append(seconds)
        self.add(nothing.finish())

        from generator.build import build_records
        from generator.format.config import Project
        inproc = Figure("incremental_nothing_changed_in_process",
                        "  cùng việc đó trong tiến trình (build_records, không tính khởi động Python)", **goal)
        build_records(Project(self.project), progress=False)          # warm: imports, profiles
        for _ in range(max(self.repeats, 5)):
            seconds, report = timed(lambda: build_records(Project(self.project), progress=False))
            inproc.samples.append(seconds)
        self.add(inproc.finish())

        _, records, _ = load(self.project)
        key = typical_quy_che(records)
        self.facts["edited_record"] = key
        editor = Editor(records[key].path)
        self.one_record(key)
        one = Figure("incremental_one_changed", f"Tạo lại khi sửa 1 Quy chế, {n} hồ sơ (vanban build)",
                     target=0.8, target_text="≤ 0.8 s")
        try:
            for _ in range(max(self.repeats, 5)):
                editor.edit()
                seconds, proc = vanban(self.project, "build")
                if built_counts(proc)[0] != 1:
                    raise RuntimeError(f"one record changed, the build made {built_counts(proc)[0]}: {proc.stdout}")
                one.samples.append(seconds)
        finally:
            editor.restore()
            vanban(self.project, "build")
        self.add(one.finish())

    def one_record(self, key: str) -> None:
        """`vanban build records/<one Quy chế> --force` at N and, in the same run, on a SMALL_N office:
        one document must cost the same whatever the size of the office."""
        def timed_one(project: Path, record: str) -> Figure:
            size = len(list((project / "records").glob("*/van-ban.md")))
            fig = Figure(f"build_one_record_n{size}", f"Tạo 1 Quy chế, {size} hồ sơ (vanban build <hồ sơ> --force)")
            vanban(project, "build", str(project / "records" / record), "--force")      # warm: the index
            for _ in range(max(self.repeats, 5)):
                seconds, proc = vanban(project, "build", str(project / "records" / record), "--force")
                if built_counts(proc)[0] != 1:
                    raise RuntimeError(f"one-record build made {built_counts(proc)[0]}: {proc.stdout}")
                fig.samples.append(seconds)
            return fig.finish()
        small_project = self.workdir / f"du-an-{SMALL_N}-mot-ho-so"
        generate(small_project, SMALL_N, self.seed)
        vanban(small_project, "build")
        _, small_records, _ = load(small_project)
        small = timed_one(small_project, typical_quy_che(small_records))
        big = timed_one(self.project, key)
        big.target, big.target_text = min(0.6, 1.3 * small.median), f"≤ 0.6 s và ≤ 1.3× ở {SMALL_N} hồ sơ"
        big.finish()
        self.add(big)
        self.add(small)
        self.add(Figure("build_one_record_ratio", f"  tỉ lệ {self.n} / {SMALL_N} hồ sơ", unit="×",
                        samples=[big.median / small.median], target=1.3, target_text="≤ 1.3×").finish())
        self.facts["one_record_small_n"] = SMALL_N
        shutil.rmtree(small_project, ignore_errors=True)

    # ------------------------------------------------------------ render vs the bare docxtpl floor
    def render(self) -> None:
        from docxtpl import DocxTemplate

        from generator.format.context import build_context
        from generator.render.docx_render import find_template, render
        from generator.model.model import walk
        proj, records, index = load(self.project)
        key = typical_quy_che(records)
        record = records[key]
        template = find_template(proj.templates_dir, index.config.body(record.meta.co_quan).profile, record.meta.loai)
        context, _ = build_context(record, index)        # the context our code builds, taken once

        def ours() -> bytes:
            return render(record, index, proj.templates_dir)[0]

        def floor() -> bytes:
            tpl = DocxTemplate(str(template))
            tpl.render(context, autoescape=True)
            buffer = io.BytesIO()
            tpl.save(buffer)
            return buffer.getvalue()

        for _ in range(2):                                 # warm both
            ours(), floor()
        ours_t, floor_t, ctx_t = [], [], []
        for _ in range(max(self.repeats * 5, 15)):         # interleaved: both see the same noise
            ours_t.append(timed(ours)[0])
            floor_t.append(timed(floor)[0])
            ctx_t.append(timed(lambda: build_context(record, index))[0])
        self.facts["render_record"] = key
        self.facts["render_record_units"] = sum(1 for _ in walk(record.body))
        self.add(Figure("render_ours", f"Tạo 1 Quy chế bằng vanban (render, {key})", samples=ours_t).finish())
        self.add(Figure("render_floor", "  sàn: docxtpl trần, cùng mẫu, cùng dữ liệu", samples=floor_t).finish())
        self.add(Figure("render_context", "  trong đó: dựng dữ liệu (build_context)", samples=ctx_t).finish())
        ratio = Figure("render_ratio", "  tỉ lệ vanban / sàn docxtpl", unit="×",
                       samples=[a / b for a, b in zip(ours_t, floor_t)], target=1.5, target_text="≤ 1.5×")
        ratio.finish()
        ratio.median = statistics.median(ours_t) / statistics.median(floor_t)   # ratio of medians
        ratio.met = ratio.median <= 1.5
        self.add(ratio)

    # ------------------------------------------------------------ pandoc, the tool a user would reach for
    def pandoc(self) -> None:
        pandoc = shutil.which("pandoc")
        if pandoc is None:
            self.add(not_available("pandoc", "pandoc: cùng văn bản → .docx", "pandoc is not installed"))
            return
        self.facts["pandoc"] = tool_version([pandoc, "--version"])
        proj, records, index = load(self.project)
        key = typical_quy_che(records)
        source = records[key].path
        target = self.workdir / "pandoc.docx"
        pan, ours = [], []
        for _ in range(max(self.repeats * 2, 6)):
            pan.append(timed(lambda: subprocess.run([pandoc, "-f", "markdown", "-t", "docx", "-o", str(target),
                                                     str(source)], check=True, capture_output=True))[0])
            ours.append(vanban(self.project, "build", "--force", str(source.parent))[0])
        self.add(Figure("pandoc", f"pandoc: cùng văn bản Quy chế → .docx (1 tiến trình, {key})", samples=pan).finish())
        self.add(Figure("pandoc_vanban_one", f"  vanban build <Quy chế đó> --force (1 tiến trình, {self.n} hồ sơ)",
                        samples=ours).finish())
        ratio = Figure("pandoc_ratio", "  tỉ lệ vanban build 1 văn bản / pandoc", unit="×",
                       samples=[a / b for a, b in zip(ours, pan)]).finish()
        ratio.median = statistics.median(ours) / statistics.median(pan)
        self.add(ratio)
        render = next((f for f in self.figures if f.key == "render_ours"), None)
        if render is not None:
            self.add(Figure("pandoc_render_ratio", "  tỉ lệ render trong tiến trình của vanban / pandoc", unit="×",
                            median=render.median / statistics.median(pan),
                            note="render_ours median / pandoc median"))

    # ------------------------------------------------------------ vanban check
    def check(self) -> None:
        label = "vanban check, mỗi văn bản Word"
        if "check" not in commands():
            self.add(not_available("check_per_doc", label, "vanban check has not landed"))
            return
        out = self.project / "out"
        if not any(out.glob("*.docx")):
            vanban(self.project, "build")
        docs = sorted(out.glob("*.docx"))
        per_doc, records = [], []
        for _ in range(self.repeats):
            seconds, proc = vanban(self.project, "check", str(out))
            per_doc.append(seconds / len(docs))
            seconds, proc = vanban(self.project, "check")
            records.append(seconds / self.n)
        self.facts["check_exit_docx"] = proc.returncode
        self.add(Figure("check_per_doc", f"{label} (vanban check out/, {len(docs)} tệp)", samples=per_doc).finish())
        self.add(Figure("check_record_per_doc", f"  kiểm tra hồ sơ van-ban.md, mỗi hồ sơ (vanban check, {self.n})",
                        samples=records).finish())

    # ------------------------------------------------------------ PDF: bench/bench_pdf.py, run as its author wrote it
    def pdf(self) -> None:
        script = REPO / "bench" / "bench_pdf.py"
        batched_label, single_label = "PDF mỗi văn bản, một LibreOffice cho cả lô", "PDF mỗi văn bản, một LibreOffice mỗi văn bản"
        if not script.exists():
            self.add(not_available("pdf_batched_per_doc", batched_label, "bench/bench_pdf.py not found", "< 0.3 s"))
            return
        docs = 20
        batched = Figure("pdf_batched_per_doc", f"{batched_label} ({docs} văn bản)", target=0.3, target_text="< 0.3 s")
        single = Figure("pdf_single_per_doc", single_label)
        for _ in range(min(self.repeats, 2)):   # each run: one batched figure, one per-document median
            proc = subprocess.run([sys.executable, str(script), "--docs", str(docs), "--repeats", "1"],
                                  capture_output=True, text=True, encoding="utf-8", cwd=REPO)
            text = proc.stdout + proc.stderr
            b = re.search(r"batched.*?median ([\d.]+) s/document", text)
            s = re.search(r"one process per document:\s+median ([\d.]+) s/document", text)
            if proc.returncode or not b or not s:
                raise RuntimeError(f"bench_pdf.py: exit {proc.returncode}: {text[-600:]}")
            batched.samples.append(float(b.group(1)))
            single.samples.append(float(s.group(1)))
        batched.note = single.note = "bench/bench_pdf.py --repeats 1, sample records' .docx; one sample per run"
        self.add(batched.finish())
        self.add(single.finish())

    # ------------------------------------------------------------ watch: bench/bench_watch.py + the rebuild at N
    def watch(self) -> None:
        script = REPO / "bench" / "bench_watch.py"
        label = "Lưu → .docx mới, chế độ watch (dự án mẫu)"
        if "watch" not in commands() or not script.exists():
            self.add(not_available("watch_save_to_docx", label, "vanban watch or bench/bench_watch.py missing",
                                   "p95 < 0.5 s"))
        else:
            saves = 20
            proc = subprocess.run([sys.executable, str(script), "--saves", str(saves)], capture_output=True,
                                  text=True, encoding="utf-8", cwd=REPO)
            text = proc.stdout + proc.stderr
            m = re.search(r"save → fresh \.docx: median ([\d.]+) s, p95 ([\d.]+) s, max ([\d.]+) s", text)
            if proc.returncode or not m:
                raise RuntimeError(f"bench_watch.py: exit {proc.returncode}: {text[-600:]}")
            fig = Figure("watch_save_to_docx", f"{label}, {saves} lần lưu", target=0.5, target_text="p95 < 0.5 s",
                         note="bench/bench_watch.py: median, p95 and max only (no per-save samples)")
            fig.median, fig.p95, fig.high = (float(g) for g in m.groups())
            fig.met = fig.p95 <= 0.5
            self.add(fig)
            self.watch_at_n(script)
        self.watch_handle()

    def watch_at_n(self, script: Path) -> None:
        """The real `vanban watch` on a copy of the N-record project (built first, as an office's is)."""
        if not (self.project / "out").is_dir():
            vanban(self.project, "build")
        _, records, _ = load(self.project)
        key = typical_quy_che(records)
        saves = 20
        proc = subprocess.run([sys.executable, str(script), "--saves", str(saves), "--project", str(self.project),
                               "--key", key], capture_output=True, text=True, encoding="utf-8", cwd=REPO)
        text = proc.stdout + proc.stderr
        m = re.search(r"save → fresh \.docx: median ([\d.]+) s, p95 ([\d.]+) s, max ([\d.]+) s", text)
        if proc.returncode or not m:
            raise RuntimeError(f"bench_watch.py --project: exit {proc.returncode}: {text[-600:]}")
        from generator.observe import DEBOUNCE_SECONDS, QUIET_SECONDS
        fig = Figure("watch_save_to_docx_n", f"Lưu → .docx mới, chế độ watch, {self.n} hồ sơ, {saves} lần lưu",
                     target=0.3, target_text="p95 ≤ 0.3 s",
                     note=f"bench/bench_watch.py --project; includes the event debounce ({QUIET_SECONDS:g} s after "
                          f"the last event, at most {DEBOUNCE_SECONDS:g} s after the first)")
        fig.median, fig.p95, fig.high = (float(g) for g in m.groups())
        fig.met = fig.p95 <= 0.3
        self.add(fig)

    def watch_handle(self) -> None:
        """What the watcher does after a save, on the N-record project: Watcher.handle without the debounce."""
        try:
            from generator.watch import DEBOUNCE_SECONDS, QUIET_SECONDS, Change, Watcher
        except ImportError:
            self.add(not_available("watch_rebuild", "Tạo lại sau một lần lưu", "generator/watch.py missing"))
            return
        from generator.format.config import Project
        _, records, _ = load(self.project)
        record = records[typical_quy_che(records)]
        editor = Editor(record.path)
        sink = io.StringIO()
        watcher = Watcher(Project(self.project), out=sink, err=sink)
        fig = Figure("watch_rebuild", f"  tạo lại sau 1 lần lưu, {self.n} hồ sơ (Watcher.handle, chưa tính "
                                      f"{QUIET_SECONDS:g} s chờ gom sự kiện)", target=0.5 - DEBOUNCE_SECONDS,
                     target_text=f"p95 < {0.5 - DEBOUNCE_SECONDS:g} s (0.5 s trừ thời gian chờ)")
        try:
            for _ in range(max(self.repeats * 3, 10)):
                editor.edit()
                seconds, outcome = timed(lambda: watcher.handle(Change(records={record.folder}, paths={record.path})))
                if record.key not in outcome.built:
                    raise RuntimeError(f"the watcher did not rebuild {record.key}: {sink.getvalue()[-600:]}")
                fig.samples.append(seconds)
        finally:
            editor.restore()
        self.add(fig.finish(use_p95=True))

    # ------------------------------------------------------------ site
    def site(self) -> None:
        """Cold `vanban site` (no site/, docs-site/ or site state; the parsed-record index, if any, kept),
        then after one record's text is edited (one page and the search entries change), after one
        record's title is edited (its page, the lists and its sidebar section), and with nothing changed."""
        label = f"Dựng trang nội bộ (MkDocs) cho {self.n} hồ sơ"
        if "site" not in commands():
            self.add(not_available("site_build", label, "vanban site has not landed"))
            return

        def site(expect: str | None = None) -> float:
            seconds, proc = vanban(self.project, "site")
            if proc.returncode:
                raise RuntimeError(f"vanban site exited {proc.returncode}: {(proc.stderr or proc.stdout)[-600:]}")
            if expect and expect not in proc.stdout:
                raise RuntimeError(f"vanban site did not say {expect!r}: {proc.stdout[-600:]}")
            return seconds

        fig = Figure("site_build", f"{label}, lạnh (vanban site)", target=15.0, target_text="≤ 15 s")
        for _ in range(min(self.repeats, 2)):
            for stale in ("site", "docs-site", ".vanban/site-state.json", ".vanban/site-nav.yml"):
                path = self.project / stale
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            fig.samples.append(site("dựng toàn bộ"))
        self.add(fig.finish())
        self.add(Figure("site_build_per_doc", "  mỗi hồ sơ", samples=[s / self.n for s in fig.samples]).finish())

        _, records, _ = load(self.project)
        record = records[typical_quy_che(records)]
        editor = Editor(record.path)
        edit = Figure("site_one_edit", f"  sau khi sửa nội dung 1 hồ sơ, {self.n} hồ sơ (vanban site)",
                      target=3.0, target_text="≤ 3 s")
        title = Figure("site_one_title", "  sau khi sửa trích yếu 1 hồ sơ (trang, danh mục, mục lục của nó)")
        try:
            for _ in range(max(self.repeats, 3)):
                editor.edit()
                edit.samples.append(site("dựng lại"))
            for i in range(max(self.repeats, 3)):
                text = editor.original.replace("\ntrich_yeu: ", f"\ntrich_yeu: (sửa {i + 1}) ", 1)
                record.path.write_text(text, encoding="utf-8")
                title.samples.append(site("dựng lại"))
        finally:
            editor.restore()
        site()
        self.add(edit.finish())
        self.add(title.finish())
        nothing = Figure("site_nothing_changed", f"  không hồ sơ nào đổi, {self.n} hồ sơ (vanban site)",
                         target=1.0, target_text="≤ 1 s")
        for _ in range(max(self.repeats, 5)):
            nothing.samples.append(site("không đổi"))
        self.add(nothing.finish())

    def run(self, groups: tuple[str, ...]) -> None:
        self.corpus()
        for group in groups:
            started = time.perf_counter()
            try:
                getattr(self, group)()
            except Exception as exc:  # noqa: BLE001 — one broken figure must not hide the others
                self.add(not_available(group, f"{group}", f"failed: {exc.__class__.__name__}: {exc}"))
            self.facts.setdefault("group_seconds", {})[group] = round(time.perf_counter() - started, 1)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _type_mix(keys: list[str]) -> dict[str, int]:
    mix: dict[str, int] = {}
    for key in keys:
        prefix = key.split("-")[0]
        mix[prefix] = mix.get(prefix, 0) + 1
    return dict(sorted(mix.items()))


# ---------------------------------------------------------------------------------------- output

def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "×":
        return f"{value:.2f}×"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def format_row(f: Figure) -> str:
    if not f.available:
        return f"{f.label:<78} not available ({f.note})"
    spread = f"[{_num(f.low, f.unit)}–{_num(f.high, f.unit)}]" if f.low is not None else \
        (f"[max {_num(f.high, f.unit)}]" if f.high is not None else "")
    p95 = f"p95 {_num(f.p95, f.unit)}" if f.key.startswith("watch") and f.p95 is not None else ""
    verdict = "" if f.met is None else ("đạt" if f.met else "CHƯA ĐẠT")
    target = f"mục tiêu {f.target_text} {verdict}".strip() if f.target_text else ""
    return f"{f.label:<78} {_num(f.median, f.unit):>9}  {spread} {p95} {target}".rstrip()


def machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO).stdout
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return {"date": dt.datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
            "platform": platform.platform(), "cpus": os.cpu_count(), "load_average": load,
            "git_commit": commit.strip(), "libreoffice": tool_version([soffice, "--version"]) if soffice else ""}


def write_json(payload: dict, name: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def scaling(sizes: tuple[int, ...], repeats: int, seed: int, workdir: Path) -> list[dict]:
    """Build figures at each size; cost per document at each, and how it grows."""
    rows = []
    for n in sizes:
        print(f"\nN = {n}")
        bench = Bench(n, repeats, seed, workdir, cold_repeats=1 if n >= 5000 else min(repeats, 2) if n >= 500 else None)
        bench.corpus()
        bench.build()
        bench.watch_handle()
        per = {f.key: f for f in bench.figures}
        rows.append({"n": n, "figures": [asdict(f) for f in bench.figures],
                     "cold_per_doc": per["build_cold_per_doc"].median,
                     "nothing_changed_per_doc": per["incremental_nothing_changed"].median / n,
                     "one_changed": per["incremental_one_changed"].median,
                     "one_record": per[f"build_one_record_n{n}"].median if f"build_one_record_n{n}" in per else None,
                     "watch_rebuild": per["watch_rebuild"].median})
        shutil.rmtree(bench.project, ignore_errors=True)
    print("\nTăng theo N (cost per document; linear growth keeps it flat):")
    print(f"{'N':>6} {'tạo mới/vb':>12} {'không đổi/vb':>13} {'sửa 1 (tổng)':>13} {'tạo 1 hồ sơ':>12} "
          f"{'watch sau 1 lần lưu':>20}")
    for r in rows:
        print(f"{r['n']:>6} {_num(r['cold_per_doc'], 's'):>12} {_num(r['nothing_changed_per_doc'], 's'):>13} "
              f"{_num(r['one_changed'], 's'):>13} {_num(r['one_record'], 's'):>12} {_num(r['watch_rebuild'], 's'):>20}")
    first, last = rows[0], rows[-1]
    growth = {k: last[k] / first[k] for k in ("cold_per_doc", "nothing_changed_per_doc")}
    print(f"per-document cost at N={last['n']} ÷ at N={first['n']}: full build {growth['cold_per_doc']:.2f}, "
          f"nothing changed {growth['nothing_changed_per_doc']:.2f} (≈1 = linear)")
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=DEFAULT_N, help="records in the synthetic corpus (default 200)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per figure (default 3; cheap figures run more)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--only", help=f"comma-separated groups: {','.join(GROUPS)}")
    ap.add_argument("--scaling", action="store_true", help=f"build figures at N = {', '.join(map(str, SCALING_SIZES))}")
    ap.add_argument("--out", help="JSON file name under bench/results/ (default: <date>-n<N>.json)")
    ap.add_argument("--keep", type=Path, help="write the corpus project here and keep it")
    args = ap.parse_args(argv)
    groups = tuple(g.strip() for g in args.only.split(",")) if args.only else GROUPS
    unknown = set(groups) - set(GROUPS)
    if unknown:
        ap.error(f"unknown groups: {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    info = machine()
    print(f"vanban bench — {info['date']}, Python {info['python']}, {info['cpus']} CPU, "
          f"load {info['load_average']}, commit {info['git_commit']}")
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        if args.scaling:
            rows = scaling(SCALING_SIZES, args.repeats, args.seed, workdir)
            payload = {"machine": info, "seed": args.seed, "repeats": args.repeats, "scaling": rows,
                       "seconds": round(time.perf_counter() - started, 1)}
            path = write_json(payload, args.out or f"{stamp}-scaling.json")
        else:
            bench = Bench(args.n, args.repeats, args.seed, workdir)
            print(f"{args.n} records (seed {args.seed}), {args.repeats} repeats\n")
            bench.run(groups)
            print("\n" + "\n".join(format_row(f) for f in bench.figures))
            info["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
            payload = {"machine": info, "n": args.n, "seed": args.seed, "repeats": args.repeats,
                       "facts": bench.facts, "figures": [asdict(f) for f in bench.figures],
                       "seconds": round(time.perf_counter() - started, 1)}
            path = write_json(payload, args.out or f"{stamp}-n{args.n}.json")
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    print(f"\n{time.perf_counter() - started:.0f} s in all; results in {shown}")


if __name__ == "__main__":
    main()
