"""Stage 1, the model: what a record is and how its text reads. The Record/Unit data classes
(model.py), diagnostics and exit codes (errors.py), text and Vietnamese helpers (text.py,
vietnamese.py), YAML with line numbers and the front-matter split (yamlio.py), the body grammar
(body_parser.py), internal references and renumbering (references.py) and writing a record back
out (record_writer.py). It knows nothing of profiles, offices or output formats: it imports only the
standard library, PyYAML and its own modules; every other stage may import it.
"""
