"""Loads a forecast's inputs from the database and Parquet, runs the analytics, shapes results.

Reads only: the pure arithmetic is in commissioning.analytics.forecast.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.db.models import Count, Q, QuerySet

from commissioning.analytics import forecast as arithmetic
from commissioning.analytics.forecast import Adjustment, RateBand
from commissioning.analytics.population import LONG_SCHEMA, population_wide, year_columns
from commissioning.core.choices import ENGLAND, AreaLevel
from commissioning.core.models import Area
from commissioning.needs import forecast_cache
from commissioning.needs.models import CachedForecast, PopulationVintage, RateSet, Scenario

METHOD = (
    "For each age band and sex, the projected population is multiplied by the rate for that band "
    "and sex, and the products are added up. Nothing is rounded in the calculation (populations "
    "are kept to a thousandth of a person and rates to a millionth); figures are rounded only "
    "when shown. A scenario multiplies each year's figures by its trend and effect factors. "
    "Confidence intervals apply the lower and upper rates the same way."
)


def population_frame(vintage: PopulationVintage, where: pl.Expr, years: list[int] | None = None) -> pl.DataFrame:
    """The vintage's figures in the wide shape (a row an area, sex and age, a column a year) for
    the rows `where` picks (on area_code, sex or age) and the `years` asked for (all if None),
    read with both pushed down into the Parquet file.

    Vintages are stored wide; those imported before were stored a row a cell (year,
    population_milli), and are told apart by their columns and turned wide here, so they read
    the same (re-importing one stores it wide).
    """
    scan = pl.scan_parquet(vintage.path)
    columns = scan.collect_schema().names()
    if "population_milli" in columns:
        chosen = scan.filter(where & (pl.col("year").is_in(years) if years is not None else True))
        long = chosen.collect().select(*LONG_SCHEMA)
        if long.is_empty():
            return pl.DataFrame(schema={"area_code": pl.String, "sex": pl.String, "age": pl.Int16})
        return population_wide(long).drop("area_name")
    wanted = year_columns(columns) if years is None else [str(year) for year in years if str(year) in columns]
    return scan.filter(where).select("area_code", "sex", "age", *wanted).collect()


def load_population(vintage: PopulationVintage, area_codes: list[str]) -> pl.DataFrame:
    """The vintage's figures for some areas, wide (as `forecast` takes them)."""
    return population_frame(vintage, pl.col("area_code").is_in(area_codes))


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
    by_year: Mapping[int, Figure]


@dataclass
class NeedForecast:
    rate_set: RateSet
    totals: Mapping[int, Figure]
    bands: list[BandRow] = field(default_factory=list)
    # A fingerprint of everything the figures come from (see forecast_cache): the same key, the
    # same figures. Band rows can be read later by it (band_rows_read).
    key: str = ""

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


Figures = tuple[dict[int, Mapping[int, Figure]], dict[int, list[BandRow]]]


def _figure(row: dict[str, Any], year: int, population: str = "pop") -> Figure:
    return Figure(
        arithmetic.people(row[f"people_{year}"]),
        arithmetic.people(row[f"lower_{year}"]),
        arithmetic.people(row[f"upper_{year}"]),
        arithmetic.population_count(row[f"{population}_{year}"]),
    )


def _figures(detail: pl.DataFrame) -> dict[str, Figures]:
    """Totals and band rows by rate set, for each area of a forecast a column a year: summed and
    walked once for all its areas (an import prepares ten regions and England at once)."""
    years = arithmetic.forecast_years(detail)
    result: dict[str, Figures] = defaultdict(lambda: (defaultdict(dict), defaultdict(list)))
    for row in arithmetic.totals(detail).iter_rows(named=True):
        result[row["area_code"]][0][row["rate_set"]][row["year"]] = Figure(
            arithmetic.people(row["people_nano"]),
            arithmetic.people(row["lower_nano"]),
            arithmetic.people(row["upper_nano"]),
            arithmetic.population_count(row["population_milli"]),
        )
    for row in detail.sort("area_code", "rate_set", "sex", "band_from").iter_rows(named=True):
        result[row["area_code"]][1][row["rate_set"]].append(
            BandRow(row["sex"], row["band"], {year: _figure(row, year) for year in years})
        )
    return result


def compute(
    *, vintage: PopulationVintage, area_codes: list[str], rate_sets: list[RateSet], scenario: Scenario | None = None
) -> pl.DataFrame:
    """The detailed forecast for several areas: a row an area, rate set, sex and band, a column a
    year (see analytics.forecast.forecast)."""
    population = load_population(vintage, area_codes)
    rates = arithmetic.rates_frame(rate_bands([rate_set for rate_set in rate_sets if rate_set.per_need_id is None]))
    detail = arithmetic.forecast(population, rates)
    needs = {rate_set.pk for rate_set in rate_sets if rate_set.kind == "need"}
    return arithmetic.apply_scenario(detail, adjustments_for(scenario), needs)


def with_needs(rate_sets: list[RateSet], available: Iterable[RateSet]) -> list[RateSet]:
    """Add the need behind any service rate given per person with a need (it is computed from it),
    if it is among the `available` rate sets (a list or queryset, read at most once)."""
    chosen = {rate_set.pk for rate_set in rate_sets}
    result = list(rate_sets)
    wanted = [
        rate_set.per_need_id for rate_set in rate_sets if rate_set.per_need_id and rate_set.per_need_id not in chosen
    ]
    if wanted:
        if isinstance(available, QuerySet):
            available = available.filter(pk__in=wanted)
        by_pk = {rate_set.pk: rate_set for rate_set in available}
        for pk in dict.fromkeys(wanted):
            if pk in by_pk:
                result.append(by_pk[pk])
    return result


def _packed(figure: Figure) -> list[str | None]:
    return [
        None if value is None else str(value)
        for value in (figure.people, figure.lower, figure.upper, figure.population)
    ]


def _unpacked(values: list[str | None]) -> Figure:
    people, lower, upper, population = (None if value is None else Decimal(value) for value in values)
    return Figure(people, lower, upper, population)  # type: ignore[arg-type]


def _pack(totals: dict[int, Figure], bands: list[BandRow]) -> tuple[dict[str, Any], list[Any]]:
    return (
        {str(year): _packed(figure) for year, figure in totals.items()},
        [[row.sex, row.band, {str(year): _packed(figure) for year, figure in row.by_year.items()}] for row in bands],
    )


class KeptYears(Mapping[int, Figure]):
    """A kept forecast's figures by year, as read back ({"2025": [people, lower, upper, population]}),
    turned into Figures only as they are asked for: a profile shows six of its twenty-odd years, so
    most band figures are never converted."""

    __slots__ = ("_figures", "_packed", "_years")

    def __init__(self, packed: dict[str, list[str | None]]) -> None:
        self._packed = packed
        self._figures: dict[int, Figure] = {}
        # Sorted: PostgreSQL's jsonb does not keep an object's keys in the order written.
        self._years = sorted(int(year) for year in packed)

    def __getitem__(self, year: int) -> Figure:
        figure = self._figures.get(year)
        if figure is None:
            figure = self._figures[year] = _unpacked(self._packed[str(year)])
        return figure

    def __contains__(self, year: object) -> bool:
        return str(year) in self._packed if isinstance(year, int) else False

    def __iter__(self) -> Iterator[int]:
        return iter(self._years)

    def __len__(self) -> int:
        return len(self._years)


def _unpack(totals: dict[str, Any], bands: list[Any]) -> tuple[Mapping[int, Figure], list[BandRow]]:
    return KeptYears(totals), [BandRow(sex, band, KeptYears(by_year)) for sex, band, by_year in bands]


def kept_figures(
    *,
    vintages: list[PopulationVintage],
    area_codes: list[str],
    rate_sets: list[RateSet],
    scenario: Scenario | None = None,
    bands: bool = True,
) -> tuple[dict[tuple[int, str], Figures], dict[tuple[int, str, int], str]]:
    """What `_figures(compute(...))` gives, for each vintage and area: totals and band rows by
    rate set, and the key of each (vintage id, area code, rate set id). Read from the kept
    forecasts in one query; whatever is not kept yet is computed (one `compute` a vintage) and
    kept, so the same figures are never computed twice. Band rows are left out unless asked for
    (comparisons need totals only; a profile reads them for the tables it has not kept)."""
    rate_sets = [rate_set for rate_set in rate_sets if rate_set.per_need_id is None]
    adjustments = adjustments_for(scenario)
    applying = {rate_set.pk: forecast_cache.applying(rate_set, adjustments) for rate_set in rate_sets}
    keys = {
        (vintage.pk, code, rate_set.pk): forecast_cache.forecast_key(
            vintage=vintage, area_code=code, rate_set=rate_set, adjustments=applying[rate_set.pk]
        )
        for vintage in vintages
        for code in area_codes
        for rate_set in rate_sets
    }
    kept = forecast_cache.read(keys.values(), bands=bands)
    new = []
    for vintage in vintages:
        missing = {
            (code, pk) for (vintage_id, code, pk), key in keys.items() if vintage_id == vintage.pk and key not in kept
        }
        if not missing:
            continue
        codes = sorted({code for code, _ in missing})
        chosen = [rate_set for rate_set in rate_sets if any((code, rate_set.pk) in missing for code in codes)]
        detail = compute(vintage=vintage, area_codes=codes, rate_sets=chosen, scenario=scenario)
        by_area = _figures(detail)
        for code in codes:
            totals, band_rows = by_area.get(code, ({}, {}))
            for rate_set in chosen:
                if (code, rate_set.pk) not in missing:
                    continue
                key = keys[(vintage.pk, code, rate_set.pk)]
                packed_totals, packed_bands = _pack(totals.get(rate_set.pk, {}), band_rows.get(rate_set.pk, []))
                kept[key] = (packed_totals, packed_bands if bands else [])
                new.append(
                    CachedForecast(
                        key=key, vintage=vintage, area_code=code, rate_set=rate_set,
                        scenario=scenario if applying[rate_set.pk] else None,
                        totals=packed_totals, bands=packed_bands,
                    )
                )  # fmt: skip
    forecast_cache.keep(new)
    result: dict[tuple[int, str], Figures] = {
        (vintage.pk, code): ({}, {}) for vintage in vintages for code in area_codes
    }
    for (vintage_id, code, pk), key in keys.items():
        totals, band_rows = _unpack(*kept[key])
        result[(vintage_id, code)][0][pk] = totals
        result[(vintage_id, code)][1][pk] = band_rows
    return result, keys


def band_rows_read(forecasts: list[NeedForecast]) -> None:
    """Fill in the band rows of forecasts read without them (one query)."""
    kept = forecast_cache.read([forecast.key for forecast in forecasts if forecast.key])
    for forecast in forecasts:
        if forecast.key in kept:
            forecast.bands = _unpack(*kept[forecast.key])[1]


def kept_residents(vintage: PopulationVintage, codes: list[str], min_age: int = 0) -> dict[tuple[str, int], Decimal]:
    """What `_residents` gives, read from the kept figures (one query) and computed once when not kept."""
    keys = {code: forecast_cache.residents_key(vintage=vintage, area_code=code, min_age=min_age) for code in codes}
    kept = forecast_cache.read(keys.values(), bands=False)
    missing = [code for code, key in keys.items() if key not in kept]
    if missing:
        computed = _residents(vintage, missing, min_age)
        new = []
        for code in missing:
            totals = {str(year): str(value) for (place, year), value in computed.items() if place == code}
            kept[keys[code]] = (totals, [])
            new.append(CachedForecast(key=keys[code], vintage=vintage, area_code=code, totals=totals))
        forecast_cache.keep(new)
    return {(code, int(year)): Decimal(value) for code, key in keys.items() for year, value in kept[key][0].items()}


def comparisons_prepare(vintage: PopulationVintage) -> None:
    """Compute and keep the region and England figures a vintage has, for the published rate sets
    that can be compared with it, so a profile's comparison table is a lookup. Run once a vintage
    is imported (or replaced: the rows from its old figures are deleted first). Rate sets added
    later are computed on first view."""
    forecast_cache.forget(vintage=vintage)
    places = vintage.areas.filter(Q(level=AreaLevel.REGION) | Q(code=ENGLAND))
    codes = sorted(places.values_list("code", flat=True))
    if not codes:
        return
    published = RateSet.objects.filter(is_local=False, per_need=None).prefetch_related("rates")
    sexes = vintage_sexes(vintage)
    comparable = [rate_set for rate_set in published if {rate.sex for rate in rate_set.rates.all()} <= sexes]
    kept_figures(vintages=[vintage], area_codes=codes, rate_sets=comparable, bands=False)
    kept_residents(vintage, codes)


def area_forecast(
    *,
    area: Area,
    vintage: PopulationVintage,
    rate_sets: list[RateSet],
    scenario: Scenario | None = None,
    bands: bool = True,
) -> AreaForecast:
    """Who will need what in an area, year by year, under a scenario (or the baseline). Without
    `bands`, totals only (band_rows_read reads the rest)."""
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
    figures, keys = kept_figures(
        vintages=[vintage], area_codes=[area.code], rate_sets=rate_sets, scenario=scenario, bands=bands
    )
    totals, band_rows = figures[(vintage.pk, area.code)]
    needs, demand = [], []
    for rate_set in rate_sets:
        if rate_set.per_need_id:
            continue  # demand per person with a need: below, from that need's totals
        forecast = NeedForecast(
            rate_set,
            totals.get(rate_set.pk, {}),
            band_rows.get(rate_set.pk, []),
            key=keys.get((vintage.pk, area.code, rate_set.pk), ""),
        )
        (needs if rate_set.kind == "need" else demand).append(forecast)
    by_need = {forecast.rate_set.pk: forecast for forecast in needs}
    for rate_set in rate_sets:
        if rate_set.per_need_id and rate_set.per_need_id in by_need:
            rate = rate_set.rates.all()[0].value
            need = by_need[rate_set.per_need_id]
            demand.append(
                NeedForecast(
                    rate_set,
                    {year: Figure(figure.people * rate) for year, figure in need.totals.items()},
                    # No band rows of its own (and none to read): its key says where it comes from.
                    key=hashlib.sha256(f"{need.key} x {rate}".encode()).hexdigest(),
                )
            )
    return AreaForecast(area, vintage, scenario, vintage.years, needs, demand, unavailable, uncovered)


def youngest_age(rate_set: RateSet) -> int:
    """The youngest age a rate set has a rate for."""
    return min((rate.age_from for rate in rate_set.rates.all()), default=0)


def vintage_sexes(vintage: PopulationVintage) -> set[str]:
    """Which of male, female and persons a vintage has figures for (kept by the import)."""
    if vintage.sexes:
        return set(vintage.sexes)
    # Only a vintage whose file was missing when the sexes were first kept gets here.
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
    return _comparison_vintage(area, vintage)[0]


def _comparison_vintage(area: Area, vintage: PopulationVintage) -> tuple[PopulationVintage, bool]:
    """comparison_vintage, and whether it covers every place."""
    codes = [code for code, _ in _places(area)]
    # One query, however many vintages there are: those holding every one of the places.
    covering = list(
        PopulationVintage.objects.filter(areas__code__in=codes)
        .annotate(places=Count("areas"))
        .filter(places=len(codes))
        .order_by("-last_year", "-created_at")
    )
    if any(candidate.pk == vintage.pk for candidate in covering):
        return vintage, True
    return (covering[0], True) if covering else (vintage, False)


def comparisons(
    *, area: Area, vintage: PopulationVintage, rate_sets: list[RateSet], scenario: Scenario | None = None
) -> tuple[list[Comparison], PopulationVintage]:
    """Each need in the area, its region and England: people per 100 in the bands the rates
    cover, in the first and last years, from the same vintage."""
    if scenario is not None and scenario.vintage_id:
        vintage = scenario.vintage
    vintage, covers_all = _comparison_vintage(area, vintage)
    places = _places(area)
    if not covers_all:  # compare the places it does cover
        covered = set(vintage.areas.filter(code__in=[code for code, _ in places]).values_list("code", flat=True))
        places = [(code, name) for code, name in places if code in covered]
    # Rates given by sex need figures by sex; estimates published for persons only cannot take them.
    sexes = vintage_sexes(vintage)
    comparable = [
        rate_set
        for rate_set in rate_sets
        if rate_set.per_need_id is None and {rate.sex for rate in rate_set.rates.all()} <= sexes
    ]
    codes = [code for code, _ in places]
    figures, _ = kept_figures(
        vintages=[vintage], area_codes=codes, rate_sets=comparable, scenario=scenario, bands=False
    )
    first, last = vintage.first_year, vintage.last_year
    by_place = {code: figures[(vintage.pk, code)][0] for code in codes}
    residents = kept_residents(vintage, codes)
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


def _residents(vintage: PopulationVintage, codes: list[str], min_age: int = 0) -> dict[tuple[str, int], Decimal]:
    """Residents aged `min_age` and over (persons), by area and year, where the vintage has all
    those ages."""
    if vintage.ages_from > min_age:
        return {}
    persons = population_frame(
        vintage, pl.col("area_code").is_in(codes) & (pl.col("sex") == "persons") & (pl.col("age") >= min_age)
    )
    totals = persons.group_by("area_code").agg(pl.col(year_columns(persons)).sum())
    return {
        (row["area_code"], int(year)): arithmetic.population_count(milli)
        for row in totals.iter_rows(named=True)
        for year, milli in row.items()
        if year != "area_code" and milli is not None
    }


def vintage_changes(
    *, area: Area, vintages: list[PopulationVintage], rate_sets: list[RateSet]
) -> tuple[list[int], dict[int, dict[int, dict[int, Decimal]]]]:
    """Each need's totals under each vintage: {rate_set: {vintage: {year: people}}}."""
    need_sets = [rate_set for rate_set in rate_sets if rate_set.per_need_id is None]
    results: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(dict)
    years: set[int] = set()
    figures, _ = kept_figures(vintages=vintages, area_codes=[area.code], rate_sets=need_sets, bands=False)
    for vintage in vintages:
        totals, _ = figures[(vintage.pk, area.code)]
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
        # Kept, as the comparisons' residents are: the register pages ask for these on every view.
        residents = kept_residents(vintage, wanted, min_age)
        for code in wanted:
            if (code, used) in residents:
                result[code] = PeopleAged(residents[(code, used)], used, vintage)
    return result
