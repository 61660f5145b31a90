"""The forecast arithmetic: exact, band by band, checked by hand on a real ONS file."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from commissioning.analytics import forecast as f
from commissioning.analytics.forecast import Adjustment, apply_scenario
from commissioning.analytics.population import population_wide, read_ons_projection

DATA = Path(__file__).resolve().parents[2] / "needs" / "data"
DURHAM = DATA / "population" / "snpp2022_migcat_county_durham_65plus.csv"
CFAS = DATA / "rates" / "dementia_prevalence_cfas2_65plus.csv"
LONG = {
    "area_code": pl.String,
    "area_name": pl.String,
    "sex": pl.String,
    "age": pl.Int16,
    "year": pl.Int16,
    "population_milli": pl.Int64,
}


def _cfas_bands() -> list[f.RateBand]:
    bands = []
    with CFAS.open() as handle:
        for row in csv.DictReader(handle):
            start, end = (90, None) if row["age_band"] == "90+" else map(int, row["age_band"].split("-"))
            bands.append(
                f.RateBand(1, row["sex"], start, end, Decimal(row["prevalence"]),
                           Decimal(row["prevalence_95ci_lower"]), Decimal(row["prevalence_95ci_upper"]))
            )  # fmt: skip
    return bands


def _hand_calculation(year: str) -> tuple[Decimal, Decimal, Decimal]:
    """Straight from the two CSV files with Decimal: sum over bands and sexes of population x rate."""
    rates = {}
    with CFAS.open() as handle:
        for row in csv.DictReader(handle):
            rates[(row["sex"], row["age_band"])] = tuple(
                Decimal(row[key]) for key in ("prevalence", "prevalence_95ci_lower", "prevalence_95ci_upper")
            )
    total = lower = upper = Decimal(0)
    with DURHAM.open() as handle:
        for row in csv.DictReader(handle):
            if row["SEX"] == "persons" or row["AGE_GROUP"] == "All ages":
                continue
            age = 90 if row["AGE_GROUP"] == "90 and over" else int(row["AGE_GROUP"])
            band = "90+" if age >= 90 else f"{age - age % 5}-{age - age % 5 + 4}"
            rate, low, high = rates[(row["SEX"].rstrip("s"), band)]
            population = Decimal(row[year])
            total += population * rate
            lower += population * low
            upper += population * high
    return total, lower, upper


def test_forecast_agrees_exactly_with_a_hand_calculation_on_real_files():
    detail = f.forecast(read_ons_projection(DURHAM), f.rates_frame(_cfas_bands()))
    totals = f.totals(detail)
    for year in ("2022", "2030", "2047"):
        row = totals.filter(pl.col("year") == int(year)).row(0, named=True)
        people, lower, upper = _hand_calculation(year)
        assert f.people(row["people_nano"]) == people
        assert f.people(row["lower_nano"]) == lower
        assert f.people(row["upper_nano"]) == upper
    assert f.people(totals.filter(pl.col("year") == 2022)["people_nano"].item()) == Decimal("6890.047")


def test_band_by_band_with_a_small_literal_frame():
    population = pl.DataFrame(
        {
            "area_code": ["A"] * 4,
            "area_name": ["Area"] * 4,
            "sex": ["male", "male", "female", "female"],
            "age": [65, 70, 65, 70],
            "year": [2030] * 4,
            "population_milli": [1_000_000, 500_500, 2_000_000, 0],
        },
        schema=LONG,
    )
    rates = f.rates_frame(
        [
            f.RateBand(7, "male", 65, 69, Decimal("0.1")),
            f.RateBand(7, "male", 70, None, Decimal("0.2")),
            f.RateBand(7, "female", 65, None, Decimal("0.05")),
        ]
    )
    detail = f.long_forecast(f.forecast(population_wide(population), rates))
    expected = pl.DataFrame(
        {
            "area_code": ["A", "A", "A"],
            "rate_set": [7, 7, 7],
            "year": [2030, 2030, 2030],
            "sex": ["female", "male", "male"],
            "band_from": [65, 65, 70],
            "band": ["65+", "65-69", "70+"],
            "population_milli": [2_000_000, 1_000_000, 500_500],
            "people_nano": [100_000_000_000, 100_000_000_000, 100_100_000_000],
            "lower_nano": [None, None, None],
            "upper_nano": [None, None, None],
        },
        schema_overrides={"rate_set": pl.Int64, "year": pl.Int16, "band_from": pl.Int16, "lower_nano": pl.Int64,
                          "upper_nano": pl.Int64},
    )  # fmt: skip
    assert_frame_equal(detail, expected)
    assert f.people(f.totals(detail)["people_nano"].item()) == Decimal("300.1")


def test_persons_rates_use_the_persons_population():
    population = pl.DataFrame(
        {"area_code": ["A", "A"], "area_name": ["A", "A"], "sex": ["persons", "male"], "age": [80, 80],
         "year": [2025, 2025], "population_milli": [10_000, 4_000]},
        schema=LONG,
    )  # fmt: skip
    rates = f.rates_frame([f.RateBand(1, "persons", 65, None, Decimal("0.5"))])
    detail = f.long_forecast(f.forecast(population_wide(population), rates))
    assert f.people(detail["people_nano"].item()) == Decimal(5)


def test_scenario_trend_compounds_and_effect_applies_from_its_year():
    factors = f.scenario_factors(
        [f.Adjustment("trend", Decimal("-1"), 2026), f.Adjustment("effect", Decimal("10"), 2028, rate_set=1)],
        [1, 2],
        [2025, 2026, 2027, 2028],
    )
    by_key = {(row["rate_set"], row["year"]): row["factor"] for row in factors.iter_rows(named=True)}
    assert by_key[(1, 2025)] == 1.0
    assert by_key[(1, 2027)] == 0.99
    assert abs(by_key[(1, 2028)] - 0.99**2 * 0.9) < 1e-12
    assert abs(by_key[(2, 2028)] - 0.99**2) < 1e-12


def test_scenario_applied_to_a_forecast_moves_the_interval_too():
    detail = f.forecast(read_ons_projection(DURHAM), f.rates_frame(_cfas_bands()))
    adjusted = f.apply_scenario(detail, [f.Adjustment("effect", Decimal("50"), 2030)])
    before = f.totals(detail).filter(pl.col("year") == 2030).row(0, named=True)
    after = f.totals(adjusted).filter(pl.col("year") == 2030).row(0, named=True)
    assert abs(after["people_nano"] - before["people_nano"] / 2) <= 26  # one nano of rounding a row
    assert abs(after["upper_nano"] - before["upper_nano"] / 2) <= 26
    unchanged = f.totals(adjusted).filter(pl.col("year") == 2029)["people_nano"].item()
    assert unchanged == f.totals(detail).filter(pl.col("year") == 2029)["people_nano"].item()


def test_rates_with_more_than_six_decimal_places_are_refused():
    import pytest

    with pytest.raises(ValueError, match="six decimal places"):
        f.micro(Decimal("0.0000001"))


def test_untouched_rows_stay_exact_even_when_huge():
    detail = pl.DataFrame(
        {"area_code": ["A", "A"], "rate_set": [1, 2], "year": [2040, 2040], "people_nano": [9123450002737035] * 2,
         "lower_nano": [None, None], "upper_nano": [None, None]},
        schema_overrides={"year": pl.Int16, "lower_nano": pl.Int64, "upper_nano": pl.Int64},
    )  # fmt: skip
    adjusted = apply_scenario(detail, [Adjustment("effect", Decimal(10), 2030, rate_set=1)], needs={1, 2})
    assert adjusted["people_nano"].to_list() == [8211105002463332, 9123450002737035]


def _stored_population(sexes: list[str], years: int, seed: int) -> pl.DataFrame:
    """The wide shape as vintages are stored: a row an area, sex and age 0 to 90, sorted."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = 3 * len(sexes) * 91
    return pl.DataFrame(
        {
            "area_code": np.repeat(["E06000001", "E06000002", "E06000047"], len(sexes) * 91),
            "area_name": np.repeat(["Hartlepool", "Middlesbrough", "County Durham"], len(sexes) * 91),
            "sex": np.tile(np.repeat(sexes, 91), 3),
            "age": np.tile(np.arange(91, dtype=np.int16), 3 * len(sexes)),
            **{str(2025 + year): rng.integers(0, 10**7, rows) for year in range(years)},
        }
    ).with_columns(pl.when(pl.col("area_code") == "E06000002").then(None).otherwise(pl.col("2026")).alias("2026"))


def _mixed_rates() -> pl.DataFrame:
    """Rate sets with and without confidence limits, by sex and for persons, with bands that
    overlap, leave gaps, go past 90, or have no ages at all."""
    bands = [f.RateBand(1, sex, start, end, Decimal("0.012345"), Decimal("0.01"), Decimal("0.015"))
             for sex in ("male", "female") for start, end in [(65, 74), (75, 84), (85, None)]]  # fmt: skip
    bands += [
        f.RateBand(2, "persons", 18, 64, Decimal("0.2")),
        f.RateBand(2, "persons", 60, 95, Decimal("0.3")),
        f.RateBand(2, "persons", 7, 7, Decimal("0.000001")),
        f.RateBand(2, "persons", 95, None, Decimal("0.5")),
        f.RateBand(2, "persons", 50, 40, Decimal("0.5")),
        f.RateBand(3, "female", 16, 44, Decimal("0.04")),
    ]
    return f.rates_frame(bands)


def _in_order(detail: pl.DataFrame) -> pl.DataFrame:
    return detail.sort("area_code", "rate_set", "sex", "band_from", "band")


def test_forecast_is_the_same_whatever_the_populations_order_or_gaps():
    """The stored shape is forecast straight from its year columns; a population in any other
    order, or missing ages, takes the join; the figures are the same to the billionth."""
    population, rates = _stored_population(["female", "male", "persons"], 4, seed=17), _mixed_rates()
    stored = f.forecast(population, rates)
    assert stored.height == 3 * (6 + 3 + 1)  # two of rate set 2's bands have no ages 0 to 90
    assert stored.filter(pl.col("rate_set") == 2)["lower_2025"].null_count() == 3 * 3
    assert stored.filter(pl.col("rate_set") == 1)["lower_2025"].null_count() == 0
    shuffled = f.forecast(population.sample(fraction=1.0, shuffle=True, seed=1), rates)
    assert_frame_equal(_in_order(stored), _in_order(shuffled))
    # An age left out counts as nobody of that age.
    years = [column for column in population.columns if column.isdigit()]
    nobody_aged_70 = population.with_columns(pl.when(pl.col("age") == 70).then(0).otherwise(pl.col(years)).name.keep())
    gaps = f.forecast(population.filter(pl.col("age") != 70), rates)
    assert_frame_equal(_in_order(gaps), _in_order(f.forecast(nobody_aged_70, rates)))
    assert _in_order(gaps)["pop_2025"].to_list() != _in_order(stored)["pop_2025"].to_list()


def test_forecast_of_the_stored_shape_with_no_confidence_limits_has_null_limits():
    population = _stored_population(["female", "male"], 2, seed=3)
    rates = f.rates_frame([f.RateBand(4, "male", 65, None, Decimal("0.1"))])
    detail = f.forecast(population, rates)
    assert detail.columns == [*f.BAND_KEYS, "pop_2025", "pop_2026", "people_2025", "people_2026",
                              "lower_2025", "lower_2026", "upper_2025", "upper_2026"]  # fmt: skip
    assert detail.schema["band_from"] == pl.Int16 and detail.schema["lower_2025"] == pl.Int64
    assert detail["lower_2025"].null_count() == detail["upper_2026"].null_count() == detail.height == 3
    assert detail["people_2025"].to_list() == [value * 100_000 for value in detail["pop_2025"]]
    assert f.forecast(population, f.rates_frame([f.RateBand(4, "persons", 65, None, Decimal("0.1"))])).is_empty()
