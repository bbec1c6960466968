"""Benchmarks (not timed tests): run one with ``.venv/bin/python -m benchmarks.<name>``."""
