"""Need and demand forecasts: population x rate, band by band, exactly.

Populations are integers in thousandths of a person (see population.py) and rates integers in
millionths, so each product is an exact integer in billionths of a person ("nano"), and sums of
them are exact too. Nothing is rounded here; pages round for display only. Scenario
adjustments (a trend or an effect in percent) are the one place a fraction arises: the factor is
held to 12 decimal places and the adjusted figure rounded to the nearest billionth of a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from commissioning.analytics.population import MAX_AGE

POPULATION_SCALE = 1_000
RATE_SCALE = 1_000_000
PEOPLE_SCALE = POPULATION_SCALE * RATE_SCALE  # "nano": billionths of a person

RATE_SCHEMA = {
    "rate_set": pl.Int64,
    "sex": pl.String,
    "age_from": pl.Int16,
    "age_to": pl.Int16,  # null: "and over"
    "rate_micro": pl.Int64,
    "lower_micro": pl.Int64,
    "upper_micro": pl.Int64,
}
DETAIL_KEYS = ["area_code", "rate_set", "year", "sex", "band_from", "band"]


@dataclass(frozen=True)
class RateBand:
    """One published rate: a sex (or persons) and an age band, as a proportion per person."""

    rate_set: int
    sex: str
    age_from: int
    age_to: int | None
    rate: Decimal
    lower: Decimal | None = None
    upper: Decimal | None = None


def micro(value: Decimal | None) -> int | None:
    """A rate as exact millionths; rates are stored with at most six decimal places."""
    if value is None:
        return None
    scaled = Decimal(value) * RATE_SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than six decimal places")
    return int(scaled)


def rates_frame(bands: Iterable[RateBand]) -> pl.DataFrame:
    rows = [
        {
            "rate_set": band.rate_set,
            "sex": band.sex,
            "age_from": band.age_from,
            "age_to": band.age_to,
            "rate_micro": micro(band.rate),
            "lower_micro": micro(band.lower),
            "upper_micro": micro(band.upper),
        }
        for band in bands
    ]
    return pl.DataFrame(rows, schema=RATE_SCHEMA)


def band_label(age_from: int, age_to: int | None) -> str:
    if age_to is None or age_to >= MAX_AGE:
        return f"{age_from}+"
    return f"{age_from}" if age_from == age_to else f"{age_from}-{age_to}"


def _labelled(rates: pl.DataFrame) -> pl.DataFrame:
    return rates.with_columns(
        pl.col("age_to").fill_null(MAX_AGE).clip(upper_bound=MAX_AGE).alias("band_to"),
        pl.struct("age_from", "age_to")
        .map_elements(lambda band: band_label(band["age_from"], band["age_to"]), return_dtype=pl.String)
        .alias("band"),
    ).rename({"age_from": "band_from"})


def wide_population(population: pl.DataFrame) -> pl.DataFrame:
    """The long shape pivoted to one column a year (ONS's own layout): area, sex, age, years."""
    return population.pivot(on="year", index=["area_code", "sex", "age"], values="population_milli", sort_columns=True)


def forecast_wide(population: pl.DataFrame, rates: pl.DataFrame) -> pl.DataFrame:
    """The forecast with one column a year, from a population with one column a year.

    Because a rate is constant within its band, population x rate summed over the band's ages
    equals the band's population x the rate: so the population is first summed into each band,
    once, and then multiplied by every rate set's rate for that band. All integer arithmetic.
    Returns area_code, rate_set, sex, band_from, band, then pop_<year>, people_<year>,
    lower_<year> and upper_<year> for each year.
    """
    years = [column for column in population.columns if column not in ("area_code", "sex", "age")]
    bands = _labelled(rates)
    ages = (
        bands.select("sex", "band_from", "band_to")
        .unique()
        .with_columns(pl.int_ranges("band_from", pl.col("band_to") + 1, dtype=pl.Int16).alias("age"))
        .explode("age")
    )
    by_band = (
        population.join(ages, on=["sex", "age"], how="inner")
        .group_by("area_code", "sex", "band_from", "band_to")
        .agg(pl.col(year).sum().alias(f"pop_{year}") for year in years)
    )
    joined = by_band.join(bands, on=["sex", "band_from", "band_to"], how="inner")
    return joined.select(
        "area_code",
        "rate_set",
        "sex",
        "band_from",
        "band",
        *[pl.col(f"pop_{year}") for year in years],
        *[(pl.col(f"pop_{year}") * pl.col("rate_micro")).alias(f"people_{year}") for year in years],
        *[(pl.col(f"pop_{year}") * pl.col("lower_micro")).alias(f"lower_{year}") for year in years],
        *[(pl.col(f"pop_{year}") * pl.col("upper_micro")).alias(f"upper_{year}") for year in years],
    )


def long_forecast(wide: pl.DataFrame) -> pl.DataFrame:
    """forecast_wide's result as one row a year (the detail shape pages and downloads use)."""
    keys = ["area_code", "rate_set", "sex", "band_from", "band"]
    measures = {"pop": "population_milli", "people": "people_nano", "lower": "lower_nano", "upper": "upper_nano"}
    parts = [
        wide.select(*keys, *[pl.col(c) for c in wide.columns if c.startswith(f"{prefix}_")])
        .unpivot(index=keys, variable_name="year", value_name=name)
        .with_columns(pl.col("year").str.slice(len(prefix) + 1).cast(pl.Int16))
        for prefix, name in measures.items()
    ]
    result = parts[0]
    for part in parts[1:]:
        result = result.join(part, on=[*keys, "year"], how="left")
    return result.select(*DETAIL_KEYS, *measures.values()).sort(["area_code", "rate_set", "year", "sex", "band_from"])


def forecast(population: pl.DataFrame, rates: pl.DataFrame) -> pl.DataFrame:
    """People with each need (or using each service), by area, rate set, year, sex and age band.

    `population` is the long shape from population.py; `rates` is from `rates_frame`. Rates for
    persons apply to the persons population; rates by sex to that sex's. Returns
    population_milli (the band's population) and people_nano, lower_nano, upper_nano (null
    where the rate has no published confidence interval).
    """
    if population.is_empty() or rates.is_empty():
        return pl.DataFrame(
            schema={"area_code": pl.String, "rate_set": pl.Int64, "year": pl.Int16, "sex": pl.String,
                    "band_from": pl.Int16, "band": pl.String, "population_milli": pl.Int64,
                    "people_nano": pl.Int64, "lower_nano": pl.Int64, "upper_nano": pl.Int64}
        )  # fmt: skip
    wide = wide_population(
        population.select("area_code", "sex", "age", pl.col("year").cast(pl.String), "population_milli")
    )
    return long_forecast(forecast_wide(wide, rates))


def totals(detail: pl.DataFrame) -> pl.DataFrame:
    """Sum the bands and sexes of a forecast: one row an area, rate set and year."""
    return (
        detail.group_by("area_code", "rate_set", "year")
        .agg(
            pl.col("population_milli").sum(),
            pl.col("people_nano").sum(),
            pl.col("lower_nano").sum().alias("lower_nano"),
            pl.col("upper_nano").sum().alias("upper_nano"),
            pl.col("lower_nano").is_null().any().alias("_no_ci"),
        )
        .with_columns(
            pl.when(pl.col("_no_ci")).then(None).otherwise(pl.col("lower_nano")).alias("lower_nano"),
            pl.when(pl.col("_no_ci")).then(None).otherwise(pl.col("upper_nano")).alias("upper_nano"),
        )
        .drop("_no_ci")
        .sort("area_code", "rate_set", "year")
    )


@dataclass(frozen=True)
class Adjustment:
    """A what-if change to a rate set (or, with rate_set None, to every need).

    trend: the rate changes by `percent` a year, compounding, from `from_year`.
    effect: from `from_year` on, the rate is `percent` lower (prevention, reablement...).
    """

    kind: str  # "trend" or "effect"
    percent: Decimal
    from_year: int
    rate_set: int | None = None


class ScenarioTooLarge(ValueError):
    """A scenario's adjustments push a figure beyond what can be held exactly."""


# Scenario factors are applied as exact integers in trillionths (fixed point), in 128-bit
# arithmetic, so the only rounding is of the factor (to 12 decimal places) and of the result
# (to the nearest billionth of a person).
FACTOR_SCALE = 10**12
INT64_MAX = 2**63 - 1


def scenario_factors(
    adjustments: Iterable[Adjustment], rate_sets: list[int], years: list[int], needs: set[int] | None = None
) -> pl.DataFrame:
    """The multiplier for each rate set and year that a scenario's adjustments make.

    An adjustment naming no rate set applies to every need (prevalence) rate set, `needs`;
    never to service-use rates.
    """
    rows = []
    adjustments = list(adjustments)
    needs = set(rate_sets) if needs is None else needs
    for rate_set in rate_sets:
        for year in years:
            factor = 1.0
            for adjustment in adjustments:
                applies = adjustment.rate_set == rate_set or (adjustment.rate_set is None and rate_set in needs)
                if not applies or year < adjustment.from_year:
                    continue
                change = float(adjustment.percent) / 100
                if adjustment.kind == "trend":
                    factor *= (1 + change) ** (year - adjustment.from_year)
                else:
                    factor *= 1 - change
            rows.append({"rate_set": rate_set, "year": year, "factor": factor})
    return pl.DataFrame(rows, schema={"rate_set": pl.Int64, "year": pl.Int16, "factor": pl.Float64})


def apply_scenario(
    detail: pl.DataFrame, adjustments: Iterable[Adjustment], needs: set[int] | None = None
) -> pl.DataFrame:
    """The forecast with a scenario's adjustments applied to people and their confidence limits.

    Figures the scenario leaves alone stay exactly as they were; adjusted ones are rounded to the
    nearest billionth of a person. Raises ScenarioTooLarge if an adjusted figure would not fit.
    """
    adjustments = list(adjustments)
    if not adjustments or detail.is_empty():
        return detail
    factors = scenario_factors(
        adjustments, detail["rate_set"].unique().to_list(), detail["year"].unique().sort().to_list(), needs
    ).with_columns((pl.col("factor") * FACTOR_SCALE).round(0).cast(pl.Int128).alias("factor"))
    adjusted = detail.join(factors, on=["rate_set", "year"], how="left")
    columns = ("people_nano", "lower_nano", "upper_nano")
    scaled = {
        column: (pl.col(column).cast(pl.Int128) * pl.col("factor") + FACTOR_SCALE // 2) // FACTOR_SCALE
        for column in columns
    }
    if not adjusted.filter(pl.any_horizontal(*[expr > INT64_MAX for expr in scaled.values()])).is_empty():
        raise ScenarioTooLarge("the scenario's changes make figures too large to calculate")
    return adjusted.with_columns(*[expr.cast(pl.Int64).alias(column) for column, expr in scaled.items()]).drop("factor")


def people(nano: int | None) -> Decimal | None:
    """Billionths of a person as an exact Decimal number of people."""
    return None if nano is None else Decimal(nano) / PEOPLE_SCALE


def population_count(milli: int) -> Decimal:
    return Decimal(milli) / POPULATION_SCALE
