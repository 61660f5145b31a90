"""Shared set-up for benchmarks: a throwaway data directory and database, and a timer."""

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


def timed(function: Callable[[], Any], *, repeat: int = 5, warmup: int = 1) -> tuple[float, Any]:
    """Median seconds over `repeat` runs (after `warmup` runs), and the last result."""
    result = None
    for _ in range(warmup):
        result = function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def report(name: str, figures: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str))
    print(f"\n== {name}")
    for key, value in figures.items():
        print(f"  {key}: {value}")
