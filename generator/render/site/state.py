"""What the current site/ was built from (.vanban/site-state.json), and the digest of every input
of the site, so that `vanban site` with nothing changed does no build at all. Kept apart from
builder.py so the check imports neither MkDocs nor the page writer (it must answer within a second
at 1,000 records). The state file is safe to delete: the next build is then a full one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

import yaml

from generator.atomic import write_bytes
from generator.format.config import Project
from generator.observe import profile_dirs

CONFIG_FILE = "mkdocs.yml"
SITE_DIR = "site"
GENERATOR_DIR = Path(__file__).resolve().parents[2]


def unchanged(project: Project, strict: bool = True, digest: str | None = None) -> dict | None:
    """The state of the current site/ when nothing it is made of changed since it was built, else None.
    `digest`: inputs_digest(project, strict), when the caller keeps it for the build that follows."""
    state = read_state(project)
    if state and state.get("inputs") == (digest or inputs_digest(project, strict)) and site_complete(site_dir(project), state):
        return state
    return None


def site_dir(project: Project) -> Path:
    """site_dir of mkdocs.yml without loading MkDocs (the nothing-changed check must stay cheap)."""
    try:
        data = yaml.safe_load((project.root / CONFIG_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    path = Path(str(data.get("site_dir") or SITE_DIR))
    return path if path.is_absolute() else project.root / path


STATE_FILE = "site-state.json"     # in .vanban/: what the current site/ was built from (safe to delete)
STATE_VERSION = 1
_HASHED_UP_TO = 1 << 20            # files up to 1 MB are hashed; bigger ones (PDFs) by size, mtime and inode


def read_state(project: Project) -> dict:
    try:
        state = json.loads((project.state_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else {}


def write_state(project: Project, state: dict) -> None:
    write_bytes(project.state_dir / STATE_FILE, json.dumps(state, ensure_ascii=False).encode("utf-8"))


def site_complete(final: Path, state: dict) -> bool:
    """The site/ the state describes is there (deleted or moved by hand: build again)."""
    return bool(state) and state.get("site") == str(final) and (final / "index.html").is_file()


def _hash_tree(h, root: Path) -> None:
    if not root.is_dir():
        h.update(f"-{root}\n".encode())
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".lock", ".pyc")):
                continue
            path = Path(folder) / name
            try:
                st = path.stat()
                rel = path.relative_to(root).as_posix()
                if st.st_size <= _HASHED_UP_TO:
                    h.update(f"{rel}\0{hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()}\n".encode())
                else:
                    h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
            except OSError:
                h.update(f"?{path}\n".encode())


def global_digest(project: Project, strict: bool) -> str:
    """What every page depends on: mkdocs.yml, the generator (pages, hooks, theme assets), the libraries."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.blake2b(digest_size=20)
    h.update(f"{STATE_VERSION} strict={strict} {sys.version}\n".encode())
    for lib in ("mkdocs", "mkdocs-material", "markdown", "jinja2"):
        try:
            h.update(f"{lib}={version(lib)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=?\n".encode())
    try:
        h.update((project.root / CONFIG_FILE).read_bytes())
    except OSError:
        h.update(b"-mkdocs.yml")
    _hash_tree(h, GENERATOR_DIR)      # generator/ (code, data, site assets, profiles)
    return h.hexdigest()


def inputs_digest(project: Project, strict: bool = True) -> str:
    """Everything the site is made of: records/ (sources, office config, versions, register, ledger),
    out/ (downloads), the profiles, mkdocs.yml, the generator and its libraries, and today's date
    (the deadlines page counts days to today). Equal digests: the site/ built last time is the site."""
    h = hashlib.blake2b(digest_size=20)
    h.update(global_digest(project, strict).encode())
    h.update(f"today={dt.date.today().isoformat()}\n".encode())
    for root in (project.records_dir, project.out_dir, project.templates_dir):
        h.update(f"[{root.name}]\n".encode())
        _hash_tree(h, root)
    for folder in profile_dirs(project):
        if not folder.is_relative_to(GENERATOR_DIR):
            h.update(f"[{folder}]\n".encode())
            _hash_tree(h, folder)
    return h.hexdigest()
