"""Run the benchmarks: python -m bench [name ...]."""

import importlib
import sys

BENCHMARKS = ["needs_forecast", "needs_import", "market_import"]

for name in sys.argv[1:] or BENCHMARKS:
    importlib.import_module(f"bench.{name}").main()
