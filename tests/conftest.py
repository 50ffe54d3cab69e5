"""Shared fixtures: a temporary copy of the project (records, templates, mkdocs.yml) per test or per module."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SEEDS = DATA / "seeds"
REAL_DOCS = DATA / "real-docs"
COPIED = ("records", "templates", "mkdocs.yml")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A fresh copy of the sample project for one test."""
    return copy_project(tmp_path / "du-an")


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory) -> Path:
    """The sample project built once (docx) for read-only assertions."""
    root = copy_project(tmp_path_factory.mktemp("mau") / "du-an")
    result = run_vanban(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def run_vanban(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real command line, as an official would, in project `root`."""
    return subprocess.run([sys.executable, "-m", "generator", "-C", str(root), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
