"""Importing existing documents: reading .docx, .odt and text sources into lines with their
formatting (import_sources.py) and recognising a record in them (importer.py). It may import model,
format and generator.atomic; the check stage reuses its recognisers, and only the commands run it.
"""
