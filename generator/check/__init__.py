"""Checking: a .docx against its profile (checker.py, reading Word files with docx_inspect.py) and
records against the office config and the grammar (record_lint.py). It may import model, format,
render, records and the importer (the checker reuses the importer's recognisers for headings and
signing lines); only the commands import it.
"""
