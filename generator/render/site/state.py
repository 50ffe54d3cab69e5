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
import time
from pathlib import Path

import yaml

from generator.atomic import write_bytes
from generator.format.config import Project
from generator.format.loading import TRUST_STAT, settled_status, status_key
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


HASHES_FILE = "site-hashes.json"  # in .vanban/: the hash of each settled input under its file status (safe to delete)


class _Hashes:
    """The hash of a file's bytes, kept between commands under its file status (loading.status_key: size,
    times, the change time no program can set, inode) once the file has settled (unchanged for
    loading.RACY_NS when hashed): the nothing-changed check then reads none of the 2,000 sources and
    downloads of a 1,000-record office that did not change. Where the status cannot vouch (Windows: no
    change time), every file is read, as before."""

    def __init__(self, project: Project | None):
        self.path = project.state_dir / HASHES_FILE if project is not None else None
        self.old: dict[str, list[str]] = {}
        if self.path is not None and TRUST_STAT:
            try:
                old = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(old, dict) and old.get("version") == STATE_VERSION:
                    self.old = old.get("files") or {}
            except (OSError, ValueError):
                pass
        self.new: dict[str, list[str]] = {}
        self.now = time.time_ns()

    def of(self, name: str, st: os.stat_result) -> str:
        status = status_key(st) if TRUST_STAT else None
        old = self.old.get(name)
        if status is not None and old is not None and old[0] == status:
            self.new[name] = old
            return old[1]
        with open(name, "rb") as f:
            digest = hashlib.blake2b(f.read(), digest_size=16).hexdigest()
        if status is not None and settled_status(st, self.now) is not None:
            self.new[name] = [status, digest]
        return digest

    def save(self) -> None:
        if self.path is None or not TRUST_STAT or self.new == self.old:
            return
        try:
            write_bytes(self.path, json.dumps({"version": STATE_VERSION, "files": self.new},
                                              ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:        # a read-only project: the hashes are worked out again next time
            pass


def _hash_tree(h, root: Path, hashes: _Hashes | None = None) -> None:
    """Every file under `root` (names relative to it, sorted) with the hash of its bytes; strings, not
    Paths: 2,000 files per check."""
    hashes = hashes or _Hashes(None)
    if not root.is_dir():
        h.update(f"-{root}\n".encode())
        return
    base = str(root)
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        inner = folder[len(base) + 1:].replace(os.sep, "/") + "/" if folder != base else ""
        for name in sorted(names):
            if name.endswith((".lock", ".pyc")):
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
                if st.st_size <= _HASHED_UP_TO:
                    h.update(f"{inner}{name}\0{hashes.of(path, st)}\n".encode())
                else:
                    h.update(f"{inner}{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
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
    hashes = _Hashes(project)
    for root in (project.records_dir, project.out_dir, project.templates_dir):
        h.update(f"[{root.name}]\n".encode())
        _hash_tree(h, root, hashes)
    for folder in profile_dirs(project):
        if not folder.is_relative_to(GENERATOR_DIR):
            h.update(f"[{folder}]\n".encode())
            _hash_tree(h, folder, hashes)
    hashes.save()
    return h.hexdigest()
