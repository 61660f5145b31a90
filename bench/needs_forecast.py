"""Forecast every English upper-tier council: the product's `forecast()` (what the needs pages,
downloads and API call) against NumPy doing the same bands-first arithmetic.

150 areas x 2 sexes x 91 single years of age x 25 years, for 12 need rate sets of 12 bands each
(6 age bands x 2 sexes, like CFAS II). Both do the same exact integer arithmetic (each band's
population in thousandths, summed first, x the band's rate in millionths); the results are
checked equal. The population is given to `forecast()` as vintages are stored: a row an area, sex and
age, a column a year, sorted by area, sex and age.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import polars as pl

from bench.common import interleaved, ratio, report
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
            "area_name": np.char.add("Area ", area.ravel().astype(str)),
            "sex": np.array(SEXES)[sex.ravel()],
            "age": age.ravel().astype(np.int16),
            **{str(2023 + year): values[:, :, :, year].ravel() for year in range(YEARS)},
        }
    )
    return frame.sort("area_code", "sex", "age"), values


def _rates(rng: np.random.Generator) -> tuple[pl.DataFrame, np.ndarray]:
    micro = rng.integers(1_000, 400_000, size=(NEEDS, len(SEXES), len(BANDS)), dtype=np.int64)
    bands = [
        f.RateBand(need, sex, start, end, Decimal(int(micro[need, s, b])) / 1_000_000)
        for need in range(NEEDS)
        for s, sex in enumerate(SEXES)
        for b, (start, end) in enumerate(BANDS)
    ]
    return f.rates_frame(bands), micro


def numpy_forecast_bands_first(population: np.ndarray, micro: np.ndarray) -> np.ndarray:
    """The same shortcut the product takes: sum each band's population, then multiply."""
    starts = [start - 65 for start, _ in BANDS]
    by_band = np.add.reduceat(population[:, :, 65:, :], starts, axis=2)  # (areas, sexes, bands, years)
    return by_band[None, :, :, :, :] * micro[:, None, :, :, None]


def main() -> dict:
    rng = np.random.default_rng(2026)
    population_wide, population = _population(rng)
    rates_frame, micro = _rates(rng)
    seconds, results = interleaved(
        {
            "forecast": lambda: f.forecast(population_wide, rates_frame),
            "numpy": lambda: numpy_forecast_bands_first(population, micro),
        },
        repeat=15,
    )
    # The same people, exactly: every cell against NumPy.
    wide = results["forecast"].sort("rate_set", "area_code", "sex", "band_from")
    people = wide.select([f"people_{2023 + year}" for year in range(YEARS)]).to_numpy()
    expected = results["numpy"][:, :, [1, 0], :, :].reshape(-1, YEARS)  # sorted: female before male
    assert np.array_equal(people, expected), "forecast() and NumPy disagree"
    figures = {
        "population cells": population.size,
        "forecast cells (people)": people.size,
        "forecast(), seconds (median of 15, what pages call, on the stored wide shape)": round(seconds["forecast"], 4),
        "NumPy bands first, seconds (baseline)": round(seconds["numpy"], 4),
        "ratio forecast() / NumPy (goal: within 2x)": ratio(seconds["forecast"], seconds["numpy"]),
        "results identical": True,
    }
    report("needs_forecast", figures)
    return figures


if __name__ == "__main__":
    main()
