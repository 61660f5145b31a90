"""Run the benchmarks, each in a process of its own: python -m bench [name ...].

Each benchmark makes its own temporary database and data directory, so one cannot break the
next. The figures are printed and written to bench/results/<name>.json, and every run writes
bench/results/summary.md with them all, the machine and the time taken.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import time

from bench.common import RESULTS

# `load` (bench/load.py, `make load`) is left out: it takes 8-10 minutes a database on its own,
# and `make bench` must finish within 10. `python -m bench load` runs it here too.
BENCHMARKS = [
    "needs_forecast",
    "needs_import",
    "market_import",
    "optimiser",
    "gap_analysis",
    "bid_opening",
    "ocds_export",
    "evaluation_page",
    "brokerage",
    "packages_import",
    "commitments",
]


def main(names: list[str]) -> int:
    RESULTS.mkdir(exist_ok=True)
    started = time.perf_counter()
    outcomes: dict[str, tuple[int, float]] = {}
    for name in names:
        (RESULTS / f"{name}.json").unlink(missing_ok=True)
        began = time.perf_counter()
        completed = subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False)  # noqa: S603
        outcomes[name] = (completed.returncode, time.perf_counter() - began)
    total = time.perf_counter() - started
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.datetime.now().astimezone():%d %B %Y %H:%M %Z} on {platform.platform()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; {total:.0f} seconds in all.",
        "Each timing is a median, run in turn with its baseline (see bench/common.py).",
    ]
    for name, (code, seconds) in outcomes.items():
        lines += ["", f"## {name} ({seconds:.0f} s)", ""]
        path = RESULTS / f"{name}.json"
        if code != 0 or not path.exists():
            lines.append(f"FAILED (exit status {code}): see the output above.")
            continue
        lines += ["| Figure | Value |", "|---|---|"]
        lines += [f"| {key} | {value} |" for key, value in json.loads(path.read_text()).items()]
    summary = RESULTS / "summary.md"
    summary.write_text("\n".join(lines) + "\n")
    print(f"\nAll figures: {summary} ({total:.0f} seconds)")
    return 1 if any(code for code, _ in outcomes.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or BENCHMARKS))
