"""Benchmarks of coach against a floor measured in the same run: `python -m bench` (or `make bench`)."""
