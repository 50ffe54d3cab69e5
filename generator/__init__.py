"""vanban: Vietnamese administrative documents (Party HD 36, State ND 30) from structured records.

The package is laid out as the pipeline, imports pointing only down (tests/test_layout_imports.py):
model (records and their grammar) → format (profiles, document types, office config, parsing and
loading records; the packaged data in format/data/) → render (.docx, PDF, comparison) → records
(relations, versions, issuing, register, audit) → render/site, check, importer → build.py and
watch.py (orchestrate; observe.py is the folder watching that watch and serve share) → commands/
and cli.py. atomic.py (atomic file writes) sits beside the model and may be imported by any stage.
"""

__version__ = "0.1.0"

# True in the command line's own process for a command that ends when its work is done (cli.main): a
# load then freezes what it made out of the cycle collector (format/loading.collector_paused). Here,
# not in loading, so that setting it imports nothing.
ONE_SHOT = False
