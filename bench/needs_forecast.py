"""Forecast every English upper-tier council: Polars (the product) against a NumPy broadcast.

150 areas x 2 sexes x 91 single years of age x 25 years, for 12 need rate sets of 12 bands each
(6 age bands x 2 sexes, like CFAS II). Both do the same exact integer arithmetic (population in
thousandths x rate in millionths, summed by band); the results are checked equal.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import polars as pl

from bench.common import report, timed
from commissioning.analytics import forecast as f

AREAS, YEARS, NEEDS = 150, 25, 12
BANDS = [(65, 69), (70, 74), (75, 79), (80, 84), (85, 89), (90, None)]
SEXES = ["male", "female"]


def _population(rng: np.random.Generator) -> tuple[pl.DataFrame, np.ndarray]:
    """One row an area, sex and single year of age, one column a year: ONS's own layout."""
    values = rng.integers(100_000, 5_000_000, size=(AREAS, len(SEXES), 91, YEARS), dtype=np.int64)
    area, sex, age = np.meshgrid(np.arange(AREAS), np.arange(len(SEXES)), np.arange(91), indexing="ij")
    frame = pl.DataFrame(
        {
            "area_code": np.char.add("E06", np.char.zfill(area.ravel().astype(str), 6)),
            "sex": np.array(SEXES)[sex.ravel()],
            "age": age.ravel().astype(np.int16),
            **{str(2023 + year): values[:, :, :, year].ravel() for year in range(YEARS)},
        }
    )
    return frame, values


def _rates(rng: np.random.Generator) -> tuple[pl.DataFrame, np.ndarray]:
    micro = rng.integers(1_000, 400_000, size=(NEEDS, len(SEXES), len(BANDS)), dtype=np.int64)
    bands = [
        f.RateBand(need, sex, start, end, Decimal(int(micro[need, s, b])) / 1_000_000)
        for need in range(NEEDS)
        for s, sex in enumerate(SEXES)
        for b, (start, end) in enumerate(BANDS)
    ]
    return f.rates_frame(bands), micro


def numpy_forecast(population: np.ndarray, micro: np.ndarray) -> np.ndarray:
    """The same arithmetic as a plain broadcast: (needs, areas, sexes, bands, years)."""
    by_age = np.zeros((NEEDS, len(SEXES), 91), dtype=np.int64)
    starts = [start for start, _ in BANDS]
    for band, (start, end) in enumerate(BANDS):
        by_age[:, :, start : (end or 90) + 1] = micro[:, :, band][:, :, None]
    products = population[None, :, :, 65:, :] * by_age[:, None, :, 65:, None]
    return np.add.reduceat(products, [start - 65 for start in starts], axis=3)


def numpy_forecast_bands_first(population: np.ndarray, micro: np.ndarray) -> np.ndarray:
    """The same shortcut the product takes: sum each band's population, then multiply."""
    starts = [start - 65 for start, _ in BANDS]
    by_band = np.add.reduceat(population[:, :, 65:, :], starts, axis=2)  # (areas, sexes, bands, years)
    return by_band[None, :, :, :, :] * micro[:, None, :, :, None]


def main() -> dict:
    rng = np.random.default_rng(2026)
    population_frame, population = _population(rng)
    rates_frame, micro = _rates(rng)
    polars_seconds, wide = timed(lambda: f.forecast_wide(population_frame, rates_frame), repeat=7)
    numpy_seconds, broadcast = timed(lambda: numpy_forecast(population, micro), repeat=7)
    # Check the two agree exactly, cell for cell.
    ordered = wide.sort("rate_set", "area_code", "sex", "band_from")
    people = ordered.select([f"people_{2023 + year}" for year in range(YEARS)]).to_numpy()
    expected = broadcast[:, :, [1, 0], :, :].reshape(-1, YEARS)  # sorted: female before male
    assert np.array_equal(people, expected), "Polars and NumPy disagree"
    banded_seconds, banded = timed(lambda: numpy_forecast_bands_first(population, micro), repeat=7)
    assert np.array_equal(banded, broadcast)
    figures = {
        "population cells": population.size,
        "forecast cells (people)": people.size,
        "polars seconds (median of 7)": round(polars_seconds, 4),
        "numpy seconds (median of 7)": round(numpy_seconds, 4),
        "numpy, bands summed first, seconds": round(banded_seconds, 4),
        "ratio polars / numpy broadcast (goal: within 2x)": round(polars_seconds / numpy_seconds, 2),
        "ratio polars / numpy bands first": round(polars_seconds / banded_seconds, 2),
        "results identical": True,
    }
    report("needs_forecast", figures)
    return figures


if __name__ == "__main__":
    main()
