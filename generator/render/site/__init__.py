"""The internal site: records → Markdown pages (pages.py) → navigation and the generated MkDocs config
(navigation.py) → MkDocs build and `vanban serve` (builder.py), with the accent-folding search hook
MkDocs loads by path (hooks.py). It may import model, format, render, records and generator.observe;
only build/watch and the commands import it.
"""
