"""Benchmarks, run by ``make bench`` (``python -m tests.perf``), never by ``make test``."""
