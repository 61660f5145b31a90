"""Shared set-up for benchmarks: a throwaway data directory and database, interleaved timing
against a baseline, and the results file.

`make bench` (python -m bench) runs each benchmark in a process of its own, so each has its own
database and nothing one leaves behind can break the next.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def django_in_a_temporary_directory() -> Path:
    """Point the app at a fresh SQLite database and data directory, migrate, and return it."""
    directory = Path(tempfile.mkdtemp(prefix="commissioning-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="commissioning.config.settings_test",
        DATA_DIR=str(directory),
        DATABASE_URL=f"sqlite:///{directory / 'bench.sqlite3'}",
        LOG_LEVEL="error",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return directory


def interleaved(
    candidates: dict[str, Callable[[], Any]], *, repeat: int = 5, warmup: int = 1
) -> tuple[dict[str, float], dict[str, Any]]:
    """Median seconds of each candidate over `repeat` rounds, run in turn within each round
    (product, baseline, product, baseline...) so that a machine slowing down or speeding up
    mid-run weighs on all of them alike. Returns the medians and each one's last result."""
    results: dict[str, Any] = {}
    for _ in range(warmup):
        for name, function in candidates.items():
            results[name] = function()
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(repeat):
        for name, function in candidates.items():
            started = time.perf_counter()
            results[name] = function()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}, results


def rolled_back(function: Callable[[], Any]) -> Callable[[], Any]:
    """`function` run inside a transaction that is then undone, so an import can be timed again
    and again from the same starting point."""
    from django.db import transaction

    class Undo(Exception):
        pass

    def run() -> Any:
        outcome = None
        try:
            with transaction.atomic():
                outcome = function()
                raise Undo
        except Undo:
            pass
        return outcome

    return run


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 2) if denominator else float("inf")


def report(name: str, figures: dict[str, Any]) -> None:
    """Print the figures and write them to bench/results/<name>.json (the summary reads them)."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str))
    print(f"\n== {name}")
    for key, value in figures.items():
        print(f"  {key}: {value}")
