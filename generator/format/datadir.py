"""Where the packaged data lives: generator/format/data (profiles, document types, the register's
layout, the site's mkdocs.yml and assets). Every reader of those files takes the folder from here."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
