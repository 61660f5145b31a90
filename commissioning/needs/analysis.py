"""Loads a forecast's inputs from the database and Parquet, runs the analytics, shapes results.

Reads only: the pure arithmetic is in commissioning.analytics.forecast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from commissioning.analytics import forecast as arithmetic
from commissioning.analytics.forecast import Adjustment, RateBand
from commissioning.core.choices import ENGLAND
from commissioning.core.models import Area
from commissioning.needs.models import PopulationVintage, RateSet, Scenario

METHOD = (
    "For each age band and sex, the projected population is multiplied by the rate for that band "
    "and sex, and the products are added up. Nothing is rounded in the calculation (populations "
    "are kept to a thousandth of a person and rates to a millionth); figures are rounded only "
    "when shown. A scenario multiplies each year's figures by its trend and effect factors. "
    "Confidence intervals apply the lower and upper rates the same way."
)


def load_population(vintage: PopulationVintage, area_codes: list[str]) -> pl.DataFrame:
    """The vintage's figures for some areas (Parquet, read with the filter pushed down)."""
    return pl.scan_parquet(vintage.path).filter(pl.col("area_code").is_in(area_codes)).collect()


def rate_bands(rate_sets: list[RateSet]) -> list[RateBand]:
    return [
        RateBand(rate_set.pk, rate.sex, rate.age_from, rate.age_to, rate.value, rate.ci_lower, rate.ci_upper)
        for rate_set in rate_sets
        for rate in rate_set.rates.all()
    ]


def adjustments_for(scenario: Scenario | None) -> list[Adjustment]:
    if scenario is None:
        return []
    return [
        Adjustment(kind=item.kind, percent=item.percent, from_year=item.from_year, rate_set=item.rate_set_id)
        for item in scenario.adjustments.all()
    ]


def shown_years(years: list[int]) -> list[int]:
    """The first year, every fifth year, and the last: the columns of a POPPI-style table."""
    if not years:
        return []
    chosen = {years[0], years[-1], *(year for year in years if year % 5 == 0)}
    return sorted(chosen)


@dataclass
class Figure:
    """People (exact Decimal), with confidence limits where the rates have them."""

    people: Decimal
    lower: Decimal | None = None
    upper: Decimal | None = None
    population: Decimal | None = None


@dataclass
class BandRow:
    sex: str
    band: str
    by_year: dict[int, Figure]


@dataclass
class NeedForecast:
    rate_set: RateSet
    totals: dict[int, Figure]
    bands: list[BandRow] = field(default_factory=list)

    @property
    def has_interval(self) -> bool:
        return any(figure.lower is not None for figure in self.totals.values())


@dataclass
class AreaForecast:
    area: Area
    vintage: PopulationVintage
    scenario: Scenario | None
    years: list[int]
    needs: list[NeedForecast]
    demand: list[NeedForecast]
    unavailable: list[RateSet] = field(default_factory=list)
    uncovered: list[RateSet] = field(default_factory=list)

    @property
    def table_years(self) -> list[int]:
        return shown_years(self.years)

    @property
    def not_forecast(self) -> list[tuple[RateSet, str]]:
        """Each rate set left out, with the reason in plain words."""
        reasons = [
            (rate_set, f"its rates are given by sex, and {self.vintage} has figures for all persons only")
            for rate_set in self.unavailable
        ]
        reasons += [
            (
                rate_set,
                f"its rates start at age {youngest_age(rate_set)}, and {self.vintage} covers only ages "
                f"{self.vintage.ages_from} and over",
            )
            for rate_set in self.uncovered
        ]
        return reasons


def _figures(detail: pl.DataFrame, area_code: str) -> tuple[dict[int, dict[int, Figure]], dict[int, list[BandRow]]]:
    """Totals and band rows for one area, by rate set."""
    rows = detail.filter(pl.col("area_code") == area_code)
    totals: dict[int, dict[int, Figure]] = defaultdict(dict)
    for row in arithmetic.totals(rows).iter_rows(named=True):
        totals[row["rate_set"]][row["year"]] = Figure(
            arithmetic.people(row["people_nano"]),
            arithmetic.people(row["lower_nano"]),
            arithmetic.people(row["upper_nano"]),
            arithmetic.population_count(row["population_milli"]),
        )
    bands: dict[int, dict[tuple[str, int, str], dict[int, Figure]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows.iter_rows(named=True):
        bands[row["rate_set"]][(row["sex"], row["band_from"], row["band"])][row["year"]] = Figure(
            arithmetic.people(row["people_nano"]),
            arithmetic.people(row["lower_nano"]),
            arithmetic.people(row["upper_nano"]),
            arithmetic.population_count(row["population_milli"]),
        )
    band_rows = {
        rate_set: [BandRow(sex, band, by_year) for (sex, _from, band), by_year in sorted(keyed.items())]
        for rate_set, keyed in bands.items()
    }
    return totals, band_rows


def compute(
    *, vintage: PopulationVintage, area_codes: list[str], rate_sets: list[RateSet], scenario: Scenario | None = None
) -> pl.DataFrame:
    """The detailed forecast frame (area x rate set x year x sex x band) for several areas."""
    population = load_population(vintage, area_codes)
    rates = arithmetic.rates_frame(rate_bands([rate_set for rate_set in rate_sets if rate_set.per_need_id is None]))
    detail = arithmetic.forecast(population, rates)
    needs = {rate_set.pk for rate_set in rate_sets if rate_set.kind == "need"}
    return arithmetic.apply_scenario(detail, adjustments_for(scenario), needs)


def with_needs(rate_sets: list[RateSet], available: Any) -> list[RateSet]:
    """Add the need behind any service rate given per person with a need (it is computed from it)."""
    chosen = {rate_set.pk for rate_set in rate_sets}
    result = list(rate_sets)
    for rate_set in rate_sets:
        if rate_set.per_need_id and rate_set.per_need_id not in chosen:
            need = available.filter(pk=rate_set.per_need_id).first()
            if need is not None:
                result.append(need)
                chosen.add(need.pk)
    return result


def area_forecast(
    *, area: Area, vintage: PopulationVintage, rate_sets: list[RateSet], scenario: Scenario | None = None
) -> AreaForecast:
    """Who will need what in an area, year by year, under a scenario (or the baseline)."""
    if scenario is not None and scenario.vintage_id:
        vintage = scenario.vintage
    sexes = vintage_sexes(vintage)
    unavailable = [rate_set for rate_set in rate_sets if not {rate.sex for rate in rate_set.rates.all()} <= sexes]
    # A vintage of people 65+ cannot count need among younger adults: leave the set out and say so,
    # rather than show a figure for only the ages the vintage has.
    uncovered = [
        rate_set
        for rate_set in rate_sets
        if rate_set not in unavailable and not rate_set.per_need_id and youngest_age(rate_set) < vintage.ages_from
    ]
    rate_sets = [rate_set for rate_set in rate_sets if rate_set not in unavailable and rate_set not in uncovered]
    detail = compute(vintage=vintage, area_codes=[area.code], rate_sets=rate_sets, scenario=scenario)
    totals, bands = _figures(detail, area.code)
    needs, demand = [], []
    for rate_set in rate_sets:
        if rate_set.per_need_id:
            continue  # demand per person with a need: below, from that need's totals
        forecast = NeedForecast(rate_set, totals.get(rate_set.pk, {}), bands.get(rate_set.pk, []))
        (needs if rate_set.kind == "need" else demand).append(forecast)
    by_need = {forecast.rate_set.pk: forecast for forecast in needs}
    for rate_set in rate_sets:
        if rate_set.per_need_id and rate_set.per_need_id in by_need:
            rate = rate_set.rates.all()[0].value
            base = by_need[rate_set.per_need_id].totals
            demand.append(NeedForecast(rate_set, {year: Figure(figure.people * rate) for year, figure in base.items()}))
    return AreaForecast(area, vintage, scenario, vintage.years, needs, demand, unavailable, uncovered)


def youngest_age(rate_set: RateSet) -> int:
    """The youngest age a rate set has a rate for."""
    return min((rate.age_from for rate in rate_set.rates.all()), default=0)


def vintage_sexes(vintage: PopulationVintage) -> set[str]:
    """Which of male, female and persons a vintage has figures for."""
    return set(pl.scan_parquet(vintage.path).select(pl.col("sex").unique()).collect()["sex"].to_list())


@dataclass
class ComparisonRow:
    place: str
    first: Figure | None
    last: Figure | None
    residents_first: Decimal | None
    residents_last: Decimal | None

    @staticmethod
    def _per_1000(figure: Figure | None, residents: Decimal | None) -> Decimal | None:
        return figure.people * 1000 / residents if figure is not None and residents else None

    @property
    def per_1000_first(self) -> Decimal | None:
        return self._per_1000(self.first, self.residents_first)

    @property
    def per_1000_last(self) -> Decimal | None:
        return self._per_1000(self.last, self.residents_last)


@dataclass
class Comparison:
    """A need in an area beside its region and England: per 1,000 residents, and change."""

    rate_set: RateSet
    rows: list[ComparisonRow]


def _places(area: Area) -> list[tuple[str, str]]:
    places = [(area.code, area.name)]
    if area.region_id:
        places.append((area.region.code, area.region.name))
    places.append((ENGLAND, "England"))
    return places


def comparison_vintage(area: Area, vintage: PopulationVintage) -> PopulationVintage:
    """The forecast's own vintage if it covers the region and England too; otherwise the newest
    vintage that does (often a mid-year estimate), so the comparison is like for like."""
    codes = [code for code, _ in _places(area)]
    if vintage.areas.filter(code__in=codes).count() == len(codes):
        return vintage
    candidates = PopulationVintage.objects.filter(areas__code=area.code).order_by("-last_year", "-created_at")
    for candidate in candidates:
        if candidate.areas.filter(code__in=codes).count() == len(codes):
            return candidate
    return vintage


def comparisons(
    *, area: Area, vintage: PopulationVintage, rate_sets: list[RateSet], scenario: Scenario | None = None
) -> tuple[list[Comparison], PopulationVintage]:
    """Each need in the area, its region and England: people per 100 in the bands the rates
    cover, in the first and last years, from the same vintage."""
    if scenario is not None and scenario.vintage_id:
        vintage = scenario.vintage
    vintage = comparison_vintage(area, vintage)
    covered = set(vintage.areas.filter(code__in=[code for code, _ in _places(area)]).values_list("code", flat=True))
    places = [(code, name) for code, name in _places(area) if code in covered]
    # Rates given by sex need figures by sex; estimates published for persons only cannot take them.
    sexes = vintage_sexes(vintage)
    comparable = [
        rate_set
        for rate_set in rate_sets
        if rate_set.per_need_id is None and {rate.sex for rate in rate_set.rates.all()} <= sexes
    ]
    detail = compute(vintage=vintage, area_codes=[code for code, _ in places], rate_sets=comparable, scenario=scenario)
    first, last = vintage.first_year, vintage.last_year
    by_place = {code: _figures(detail, code)[0] for code, _ in places}
    residents = _residents(vintage, [code for code, _ in places])
    result = [
        Comparison(
            rate_set,
            [
                ComparisonRow(
                    name,
                    by_place[code].get(rate_set.pk, {}).get(first),
                    by_place[code].get(rate_set.pk, {}).get(last),
                    residents.get((code, first)),
                    residents.get((code, last)),
                )
                for code, name in places
            ],
        )
        for rate_set in comparable
    ]
    return result, vintage


def _residents(vintage: PopulationVintage, codes: list[str]) -> dict[tuple[str, int], Decimal]:
    """Residents of all ages (persons), by area and year, where the vintage has every age."""
    if vintage.ages_from != 0:
        return {}
    totals = (
        pl.scan_parquet(vintage.path)
        .filter(pl.col("area_code").is_in(codes) & (pl.col("sex") == "persons"))
        .group_by("area_code", "year")
        .agg(pl.col("population_milli").sum())
        .collect()
    )
    return {
        (row["area_code"], row["year"]): arithmetic.population_count(row["population_milli"])
        for row in totals.iter_rows(named=True)
    }


def vintage_changes(
    *, area: Area, vintages: list[PopulationVintage], rate_sets: list[RateSet]
) -> tuple[list[int], dict[int, dict[int, dict[int, Decimal]]]]:
    """Each need's totals under each vintage: {rate_set: {vintage: {year: people}}}."""
    need_sets = [rate_set for rate_set in rate_sets if rate_set.per_need_id is None]
    results: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(dict)
    years: set[int] = set()
    for vintage in vintages:
        detail = compute(vintage=vintage, area_codes=[area.code], rate_sets=need_sets)
        totals, _ = _figures(detail, area.code)
        for rate_set in need_sets:
            results[rate_set.pk][vintage.pk] = {
                year: figure.people for year, figure in totals.get(rate_set.pk, {}).items()
            }
        years.update(vintage.years)
    return shown_years(sorted(years)), results


@dataclass(frozen=True)
class PeopleAged:
    people: Decimal
    year: int
    vintage: PopulationVintage


def people_aged(area_codes: list[str], *, year: int, min_age: int = 65) -> dict[str, PeopleAged]:
    """Residents aged `min_age` and over in each area, from the newest vintage that covers it
    (the year asked for, or the nearest year the vintage has)."""
    result: dict[str, PeopleAged] = {}
    vintages = PopulationVintage.objects.filter(areas__code__in=area_codes, ages_from__lte=min_age).distinct()
    ranked = sorted(vintages, key=lambda v: (not v.first_year <= year <= v.last_year, abs(v.base_year - year), -v.pk))
    for vintage in ranked:
        wanted = [code for code in area_codes if code not in result]
        if not wanted:
            break
        used = min(max(year, vintage.first_year), vintage.last_year)
        totals = (
            pl.scan_parquet(vintage.path)
            .filter(
                pl.col("area_code").is_in(wanted)
                & (pl.col("sex") == "persons")
                & (pl.col("age") >= min_age)
                & (pl.col("year") == used)
            )
            .group_by("area_code")
            .agg(pl.col("population_milli").sum())
            .collect()
        )
        for row in totals.iter_rows(named=True):
            result[row["area_code"]] = PeopleAged(arithmetic.population_count(row["population_milli"]), used, vintage)
    return result
