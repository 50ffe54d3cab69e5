"""Benchmarks for vanban: `python -m bench` (see bench/README.md).

bench/corpus.py writes a realistic synthetic project; bench/run.py measures the build, the render
against the bare docxtpl floor and pandoc, `vanban check`, PDF, watch and the site on it.
"""
