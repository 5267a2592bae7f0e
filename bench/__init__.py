"""Benchmarks of the import pipeline: `make bench` (python -m bench.run). Not part of `make test`.

Generated files and scratch output live under test-output/bench/ (gitignored); the results table is written to
bench/RESULTS.md.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = ROOT / "test-output" / "bench"
RESULTS = BENCH_DIR / "RESULTS.md"
