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

import numpy as np
import polars as pl

from commissioning.analytics.population import AGES, MAX_AGE, year_columns

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
    """Each rate with its band's last age (90 for "and over") and its label (see band_label);
    age_from is renamed band_from. Rate frames are small, so this is plain Python."""
    starts, ends = rates["age_from"].to_list(), rates["age_to"].to_list()
    return pl.DataFrame(
        [
            *[column.alias("band_from") if column.name == "age_from" else column for column in rates.get_columns()],
            pl.Series(
                "band_to", [MAX_AGE if end is None else min(end, MAX_AGE) for end in ends], dtype=rates["age_to"].dtype
            ),
            pl.Series(
                "band",
                [None if start is None else band_label(start, end) for start, end in zip(starts, ends, strict=True)],
                dtype=pl.String,
            ),
        ]
    )


MEASURES = {"pop": "population_milli", "people": "people_nano", "lower": "lower_nano", "upper": "upper_nano"}
BAND_KEYS = ["area_code", "rate_set", "sex", "band_from", "band"]


def forecast_years(detail: pl.DataFrame) -> list[int]:
    """The years of a forecast (its pop_<year> columns)."""
    return [int(column[4:]) for column in detail.columns if column.startswith("pop_")]


def forecast(population: pl.DataFrame, rates: pl.DataFrame) -> pl.DataFrame:
    """People with each need (or using each service), by area, rate set, sex and age band, a
    column a year.

    `population` is the wide shape from population.py (one row an area, sex and age, a column a
    year), as vintages are stored; `rates` is from `rates_frame`. Rates for persons apply to the
    persons population; rates by sex to that sex's. Because a rate is constant within its band,
    population x rate summed over the band's ages equals the band's population x the rate: so
    the population is summed into each band once, then multiplied by every rate set's rate for
    that band, all in integers. Returns one row an area, rate set, sex and band (in no
    particular order): area_code, rate_set, sex, band_from, band, then pop_<year> (the band's
    population, thousandths), people_<year>, lower_<year> and upper_<year> (billionths of a
    person; lower and upper null where the rate has no published confidence interval).

    The stored shape (each area and sex a run of ages 0 to 90) is summed straight from its year
    columns in NumPy; any other population (in another order, or missing ages) is joined to
    the bands and grouped instead, with the same result.
    """
    years = year_columns(population)
    if population.is_empty() or rates.is_empty():
        return pl.DataFrame(
            schema={"area_code": pl.String, "rate_set": pl.Int64, "sex": pl.String, "band_from": pl.Int16,
                    "band": pl.String, **{f"{prefix}_{year}": pl.Int64 for prefix in MEASURES for year in years}}
        )  # fmt: skip
    bands = _labelled(rates)
    regular = _regular_blocks(population, years, bands)
    if regular is not None:
        return _forecast_blocks(population, years, bands, regular)
    return _forecast_joined(population, years, bands)


def _regular_blocks(population: pl.DataFrame, years: list[str], bands: pl.DataFrame) -> pl.DataFrame | None:
    """The population's (area_code, sex) blocks when it is the regular stored shape, in which
    NumPy can sum the bands straight from the year columns: every (area, sex) once, as a run of
    91 rows aged 0 to 90 in order, Int64 years, and no nulls in the keys or the rates. None
    otherwise (the exact join in `_forecast_joined` then does it, whatever the order)."""
    ages, schema = len(AGES), population.schema
    if (
        not years
        or population.height % ages
        or any(schema[year] != pl.Int64 for year in years)
        or schema.get("age") != pl.Int16
        or bands["rate_micro"].null_count()
        or bands["band_from"].null_count()
    ):
        return None
    if population["area_code"].null_count() or population["sex"].null_count():
        return None
    blocks = population.height // ages
    if not np.array_equal(population["age"].to_numpy(), np.tile(np.arange(ages, dtype=np.int16), blocks)):
        return None
    area, sex = population["area_code"], population["sex"]
    changes = (area.slice(1) != area.slice(0, population.height - 1)) | (
        sex.slice(1) != sex.slice(0, population.height - 1)
    )
    if not np.array_equal(np.flatnonzero(changes.to_numpy()) + 1, np.arange(ages, population.height, ages)):
        return None
    starts = np.arange(0, population.height, ages)
    firsts = pl.DataFrame([area[starts], sex[starts]])
    return firsts if firsts.is_unique().all() else None


def _forecast_blocks(
    population: pl.DataFrame, years: list[str], bands: pl.DataFrame, blocks: pl.DataFrame
) -> pl.DataFrame:
    """`forecast` on the regular stored shape (see `_regular_blocks`): band sums in NumPy, then
    gathers and products on Polars Series; the same exact integers as `_forecast_joined`, with no
    join or group_by. Rows come rate by rate (in the rates' order), then area and sex in the
    population's order."""
    start = np.clip(bands["band_from"].to_numpy().astype(np.int64), 0, None)
    end = bands["band_to"].to_numpy().astype(np.int64) + 1  # exclusive
    used = start < end  # a band with no ages has no rows, as with the join
    # The distinct bands, each summed once per area, sex and year.
    codes, band_of_rate = np.unique(start[used] * 1024 + end[used], return_inverse=True)  # ages are 0 to 91
    spans = np.stack([codes // 1024, codes % 1024], axis=1)
    sums = _band_sums(population, years, spans)  # (years, blocks, spans)
    # Each rate's rows: the blocks of its sex, as one gather of (block, span) cells.
    block_sex, rate_sex = blocks["sex"].to_numpy(), bands["sex"].to_numpy()
    of_sex = {sex: np.flatnonzero(block_sex == sex) for sex in np.unique(rate_sex[used])}
    used_rates = np.flatnonzero(used)
    row_blocks = [of_sex[rate_sex[rate]] for rate in used_rates]
    row_rate = np.repeat(used_rates, [len(chosen) for chosen in row_blocks]).astype(np.int64)
    row_block = np.concatenate([np.zeros(0, dtype=np.int64), *row_blocks])
    row_span = np.repeat(band_of_rate.reshape(-1), [len(chosen) for chosen in row_blocks]).astype(np.int64)
    # Each row's band population is a gather from the (block, span) sums, and each product the
    # band population times the row's rate: whole (years, rows) arrays at once, each year's row
    # of them handed to Polars as a column.
    # (take on the flattened sums gives a C-ordered array: each year's row is contiguous, which
    # Polars takes as it is rather than copying element by element)
    pop = np.take(sums.reshape(len(years), -1), row_block * len(spans) + row_span, axis=1)
    rows = pop.shape[1]
    columns = [pl.Series(f"pop_{year}", pop[index]) for index, year in enumerate(years)]
    rate_index = pl.Series(row_rate, dtype=pl.UInt32)
    for prefix, rate in (("people", "rate_micro"), ("lower", "lower_micro"), ("upper", "upper_micro")):
        rates = bands[rate]
        if rates.null_count() == bands.height:  # no band has the rate: null columns, no arithmetic
            none = pl.Series([None], dtype=pl.Int64).new_from_index(0, rows)
            columns += [none.alias(f"{prefix}_{year}") for year in years]
        elif rates.null_count():  # some bands without it: null where the rate is, as in the join
            row_rates = rates[rate_index]
            columns += [(columns[index] * row_rates).alias(f"{prefix}_{year}") for index, year in enumerate(years)]
        else:
            products = pop * rates.to_numpy()[row_rate]
            columns += [pl.Series(f"{prefix}_{year}", products[index]) for index, year in enumerate(years)]
    block_index = pl.Series(row_block, dtype=pl.UInt32)
    keys = [
        blocks["area_code"][block_index],
        *[bands[key][rate_index] for key in ("rate_set", "sex", "band_from", "band")],
    ]
    return pl.DataFrame([*keys, *columns])


def _band_sums(population: pl.DataFrame, years: list[str], spans: np.ndarray) -> np.ndarray:
    """Each (area, sex) block's population summed over each span of ages [start, end), a year at
    a time: (years, blocks, spans). Each is a difference of two running totals down the year's
    column, exact in integers (even were a running total to wrap, the difference would not);
    nulls count as nothing, as in a Polars sum."""
    running = np.empty((len(years), population.height + 1), dtype=np.int64)
    running[:, 0] = 0  # the rest is written by cumsum
    for index, year in enumerate(years):
        column = population[year]
        np.cumsum((column.fill_null(0) if column.null_count() else column).to_numpy(), out=running[index, 1:])
    block_start = np.arange(0, population.height, len(AGES))[:, None]
    return running[:, block_start + spans[:, 1]] - running[:, block_start + spans[:, 0]]


def _forecast_joined(population: pl.DataFrame, years: list[str], bands: pl.DataFrame) -> pl.DataFrame:
    """`forecast` for any population: each band's ages joined to the population and summed."""
    ages = (
        bands.select("sex", "band_from", "band_to")
        .unique()
        .with_columns(pl.int_ranges("band_from", pl.col("band_to") + 1, dtype=pl.Int16).alias("age"))
        .explode("age")
    )
    by_band = (
        population.select("area_code", "sex", "age", *years)
        .join(ages, on=["sex", "age"], how="inner")
        .group_by("area_code", "sex", "band_from", "band_to")
        .agg(pl.col(years).sum().name.prefix("pop_"))
    )
    return by_band.join(bands, on=["sex", "band_from", "band_to"], how="inner").select(
        *BAND_KEYS,
        *[pl.col(f"pop_{year}") for year in years],
        *[(pl.col(f"pop_{year}") * pl.col("rate_micro")).alias(f"people_{year}") for year in years],
        *[_times(f"pop_{year}", bands, "lower_micro").alias(f"lower_{year}") for year in years],
        *[_times(f"pop_{year}", bands, "upper_micro").alias(f"upper_{year}") for year in years],
    )


def _times(population: str, bands: pl.DataFrame, rate: str) -> pl.Expr:
    """A band's population x a rate; null, without the arithmetic, where no band has the rate
    (most published rates have no confidence interval)."""
    if bands[rate].null_count() == bands.height:
        return pl.lit(None, dtype=pl.Int64)
    return pl.col(population) * pl.col(rate)


def long_forecast(detail: pl.DataFrame) -> pl.DataFrame:
    """A forecast as one row a year (area, rate set, year, sex, band), for a table or download
    that wants it: population_milli, people_nano, lower_nano, upper_nano."""
    parts = [
        detail.select(
            "area_code",
            "rate_set",
            pl.lit(year, dtype=pl.Int16).alias("year"),
            "sex",
            "band_from",
            "band",
            *[pl.col(f"{prefix}_{year}").alias(name) for prefix, name in MEASURES.items()],
        )
        for year in forecast_years(detail)
    ]
    if not parts:
        return pl.DataFrame(
            schema={"area_code": pl.String, "rate_set": pl.Int64, "year": pl.Int16, "sex": pl.String,
                    "band_from": pl.Int16, "band": pl.String, **dict.fromkeys(MEASURES.values(), pl.Int64)}
        )  # fmt: skip
    return pl.concat(parts).sort(DETAIL_KEYS[:-1])


def totals(detail: pl.DataFrame) -> pl.DataFrame:
    """Sum the bands and sexes of a forecast: one row an area, rate set and year, with
    population_milli, people_nano, lower_nano and upper_nano (the limits null where any band
    has none). Takes the forecast a column a year (see `forecast`) or a row a year."""
    if "year" in detail.columns:
        detail = detail.rename(
            {name: f"{prefix}_y" for prefix, name in MEASURES.items() if name in detail.columns}
        ).with_columns(pl.col("year").cast(pl.String).alias("_year"))
        keys, years = ["area_code", "rate_set", "_year"], ["y"]
    else:
        keys, years = ["area_code", "rate_set"], [str(year) for year in forecast_years(detail)]
    summed = detail.group_by(keys).agg(
        *[pl.col(f"{prefix}_{year}").sum() for prefix in MEASURES for year in years],
        *[pl.col(f"lower_{year}").is_null().any().alias(f"_no_ci_{year}") for year in years],
    )
    parts = [
        summed.select(
            "area_code",
            "rate_set",
            (pl.col("_year").cast(pl.Int16) if year == "y" else pl.lit(int(year), dtype=pl.Int16)).alias("year"),
            pl.col(f"pop_{year}").alias("population_milli"),
            pl.col(f"people_{year}").alias("people_nano"),
            *[
                pl.when(pl.col(f"_no_ci_{year}"))
                .then(None)
                .otherwise(pl.col(f"{prefix}_{year}"))
                .alias(f"{prefix}_nano")
                for prefix in ("lower", "upper")
            ],
        )
        for year in years
    ]
    if not parts:
        return pl.DataFrame(
            schema={"area_code": pl.String, "rate_set": pl.Int64, "year": pl.Int16,
                    **dict.fromkeys(MEASURES.values(), pl.Int64)}
        )  # fmt: skip
    return pl.concat(parts).sort("area_code", "rate_set", "year")


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

    Takes the forecast a column a year (see `forecast`) or a row a year. Figures the scenario
    leaves alone stay exactly as they were; adjusted ones are rounded to the nearest billionth
    of a person. Raises ScenarioTooLarge if an adjusted figure would not fit.
    """
    adjustments = list(adjustments)
    if not adjustments or detail.is_empty():
        return detail
    long = "year" in detail.columns
    years = detail["year"].unique().sort().to_list() if long else forecast_years(detail)
    factors = scenario_factors(adjustments, detail["rate_set"].unique().to_list(), years, needs).with_columns(
        (pl.col("factor") * FACTOR_SCALE).round(0).cast(pl.Int128).alias("factor")
    )
    if long:
        adjusted = detail.join(factors, on=["rate_set", "year"], how="left")
        factor_of = {column: "factor" for column in ("people_nano", "lower_nano", "upper_nano")}
    else:
        by_year = factors.with_columns(pl.format("_factor_{}", "year").alias("year")).pivot(
            on="year", index="rate_set", values="factor"
        )
        adjusted = detail.join(by_year, on="rate_set", how="left")
        factor_of = {f"{prefix}_{year}": f"_factor_{year}" for prefix in ("people", "lower", "upper") for year in years}
    scaled = {
        column: (pl.col(column).cast(pl.Int128) * pl.col(factor) + FACTOR_SCALE // 2) // FACTOR_SCALE
        for column, factor in factor_of.items()
    }
    if not adjusted.filter(pl.any_horizontal(*[expr > INT64_MAX for expr in scaled.values()])).is_empty():
        raise ScenarioTooLarge("the scenario's changes make figures too large to calculate")
    return adjusted.with_columns(*[expr.cast(pl.Int64).alias(column) for column, expr in scaled.items()]).select(
        detail.columns
    )


def people(nano: int | None) -> Decimal | None:
    """Billionths of a person as an exact Decimal number of people."""
    return None if nano is None else Decimal(nano) / PEOPLE_SCALE


def population_count(milli: int) -> Decimal:
    return Decimal(milli) / POPULATION_SCALE
