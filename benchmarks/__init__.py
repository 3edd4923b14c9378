"""Benchmarks: figures, not pass/fail. Run one with `stranded bench NAME` (benchmarks/NAME.py)."""
