"""Where the tests find the programs they run, the same way a new user's machine has them.

Tools installed by the project (openxml-audit, zensical, mkdocs, vanban) live next to the Python that
runs the tests (`.venv/bin`), which is not on PATH when the README's command runs `.venv/bin/python -m
pytest`: they are looked up there, never through whatever PATH happens to hold. System programs come
from Debian packages that `scripts/cai-dat.sh` installs; a missing one is a failed install, so the test
fails with the package to install rather than being skipped or dying in a traceback.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from generator.render.pdf import find_soffice

# program -> the Debian package that provides it (the ones scripts/cai-dat.sh installs)
DEBIAN_PACKAGE = {
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "chromium": "chromium",
    "pandoc": "pandoc",
    "soffice": "libreoffice-writer-nogui",
}


def venv_tool(name: str) -> str:
    """A console script installed with the project's Python packages (beside sys.executable)."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    pytest.fail(f"{name} is not installed beside {sys.executable}: run scripts/cai-dat.sh "
                f"(pip install -e '.[test]')")


def system_tool(name: str) -> str:
    """A program from a Debian package; fails naming the package when it is missing."""
    if name == "soffice":
        found = find_soffice()
        path = str(found) if found else None
    else:
        path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if not path:
        pytest.fail(f"{name} is missing: install the Debian package {DEBIAN_PACKAGE.get(name, name)} "
                    f"(scripts/cai-dat.sh does)")
    return path
