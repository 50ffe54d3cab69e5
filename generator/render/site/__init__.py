"""The internal site: records → Markdown pages (pages.py) → navigation and the generated MkDocs config
(navigation.py) → MkDocs build and `vanban serve` (builder.py), with the accent-folding search hook
MkDocs loads by path (hooks.py). It may import model, format, render, records and generator.observe;
only build/watch and the commands import it.
"""

import html as _html


def esc(text: str) -> str:
    """Text for HTML (raw HTML blocks and attributes), for every page writer of the site."""
    return _html.escape(text, quote=True)
