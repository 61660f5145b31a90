"""Benchmarks: `make bench` (or `python -m bench [name ...]`). Figures are ratios against a
baseline measured in the same run, so they compare across machines."""
