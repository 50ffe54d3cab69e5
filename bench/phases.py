"""Where the time of one `vanban build <record> --force` goes, phase by phase, in fresh processes.

    python -m bench.phases <project> <record key> [--runs 7]

Each run is a new Python process (as an official's command is) that times the build's phases by wrapping
them with perf_counter; the medians are printed, with the process's own wall time. Run it on two projects
(N = 10 and N = 10,000, bench.corpus makes them) to see what grows with N. A profiler would inflate the
many small calls of the load several times over; these wrappers cost one call per phase.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# (module, attribute, label): the phases of build.build_records for one record
PHASES = [
    ("generator.build", "list_sources", "list records/ (listing read, folders, child started)"),
    ("generator.build", "_templates_digest", "templates digest"),
    ("generator.build_state", "BuildState.fingerprint", "build state read (its rows)"),
    ("generator.build", "load_records", "load the records (made when asked for, if nothing changed)"),
    ("generator.build", "select", "select the record"),
    ("generator.build", "quick_key", "quick key (annex table)"),
    ("generator.build", "render", "render"),
    ("generator.build", "write_docx", "write the .docx"),
    ("generator.build_state", "BuildState.save", "build state write"),
]

_CHILD = r"""
import importlib, json, sys, time
from pathlib import Path
started = time.perf_counter()
import generator
generator.ONE_SHOT = True               # as cli.main sets it for a command that ends
import generator.build as build
from generator.format.config import Project
spent = {}
def timed(module, name, label):
    mod = importlib.import_module(module)
    *owner, name = name.split(".")          # a method: Class.name
    for part in owner:
        mod = getattr(mod, part)
    inner = getattr(mod, name)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - t
    setattr(mod, name, wrapper)
for module, name, label in json.loads(sys.argv[3]):
    timed(module, name, label)
imported = time.perf_counter()
root = Path(sys.argv[1])
t = time.perf_counter()
report = build.build_records(Project(root), [root / "records" / sys.argv[2]], force=True, progress=False)
spent["build_records, in all"] = time.perf_counter() - t
spent["imports"] = imported - started
assert report.built == [sys.argv[2]], (report.built, report.errors)
print(json.dumps(spent))
"""


def run_once(project: Path, record: str) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}   # bytecode cached
    out = subprocess.run([sys.executable, "-c", _CHILD, str(project), record, json.dumps(PHASES)],
                         capture_output=True, text=True, cwd=REPO, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("record", help="the record's folder name under records/")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    run_once(args.project, args.record)               # warm: the index, the page cache
    runs = [run_once(args.project, args.record) for _ in range(args.runs)]
    labels = list(runs[0])
    width = max(map(len, labels))
    print(f"{args.project} · {args.record} · median of {args.runs} runs")
    for label in labels:
        values = [r.get(label, 0.0) for r in runs]
        print(f"  {label:<{width}}  {1000 * statistics.median(values):7.1f} ms"
              f"  [{1000 * min(values):.1f}–{1000 * max(values):.1f}]")


if __name__ == "__main__":
    main()
