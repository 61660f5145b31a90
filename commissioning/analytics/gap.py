"""Gap analysis for one commissioning cycle: the care the market can supply against the care people
will need, by service, area and year, and what meeting that need costs against the budget.

Demand comes from a saved needs forecast, supply from the provider market (care home beds, homecare
hours, day places), unit costs and budgets from finance. The gap is supply less demand: negative is
a shortfall, positive a surplus. Figures are exact Decimals and nothing is rounded when stored, only
when written out in words. A figure nobody has given is unknown (None), never zero, and each one is
listed as a data gap, so the commissioner sees what to chase rather than a gap that is not there.
Framework-free: the caller loads the inputs and saves `as_json()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import cached_property
from typing import Any

SHORTFALL, SURPLUS, BALANCED, UNKNOWN = "shortfall", "surplus", "balanced", "unknown"
NO_DEMAND, NO_SUPPLY, NO_UNIT_COST, NO_BUDGET = "no_demand", "no_supply", "no_unit_cost", "no_budget"
ZERO = Decimal(0)
PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
# Enough digits that no sum or product of real figures is rounded (Python's default is 28).
PRECISION = 80
# An error keeps every problem found; its message names the first few, for a national file.
SHOWN_PROBLEMS = 10
# A total's note names at most this many of the areas whose figure is unknown.
NAMED_AREAS = 5
# Stored analyses say which shape they are in, so a later change can still read old ones.
JSON_VERSION = 1

TABLE_HEADER = [
    "Service", "Unit", "Area code", "Area", "Year", "Demand", "Supply", "Gap", "Status", "Working",
    "Demand source", "Supply source",
]  # fmt: skip


class GapInputError(ValueError):
    """The inputs cannot make a gap analysis: every problem found, each naming what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = len(problems) - SHOWN_PROBLEMS
        super().__init__("; ".join(problems[:SHOWN_PROBLEMS]) + (f"; and {more:,} more" if more > 0 else ""))


# ----------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class GapService:
    key: str
    name: str
    unit: str  # plural, as the service is counted: "beds", "hours", "places"


@dataclass(frozen=True)
class Demand:
    service: str
    area: str
    year: int
    units: Decimal
    source: str


@dataclass(frozen=True)
class Supply:
    """Units the market can provide. Without a year it is the supply as it stands now, taken to hold
    for every year; a figure for one year (a home opening or closing) replaces it in that year."""

    service: str
    area: str
    units: Decimal
    source: str
    year: int | None = None


@dataclass(frozen=True)
class UnitCost:
    service: str
    amount: Decimal  # pounds a year for one unit
    source: str


@dataclass(frozen=True)
class Budget:
    year: int
    amount: Decimal  # pounds
    source: str


# ----------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class GapCell:
    """One service in one area in one year."""

    service: str
    area: str
    year: int
    demand: Decimal | None
    supply: Decimal | None
    gap: Decimal | None  # supply - demand: negative is a shortfall; None if either is unknown
    status: str  # "shortfall", "surplus", "balanced" or "unknown"
    working: str
    demand_source: str | None
    supply_source: str | None


@dataclass(frozen=True)
class ServiceYear:
    """One service in one year over all the areas, and what meeting its demand costs."""

    service: str
    year: int
    demand: Decimal | None  # None when any area's demand is unknown
    supply: Decimal | None  # None when any area's supply is unknown
    gap: Decimal | None
    status: str
    areas_short: int  # areas with a shortfall: a total surplus can hide them
    working: str
    note: str  # why a total is unknown, or what it hides; "" when there is nothing to add
    unit_cost: Decimal | None
    unit_cost_source: str | None
    cost: Decimal | None  # demand x unit cost; None when either is unknown
    cost_working: str


@dataclass(frozen=True)
class YearMoney:
    """What meeting the year's demand costs, over all services, against the year's budget."""

    year: int
    cost: Decimal | None  # None when any service's cost is unknown
    known_cost: Decimal | None  # the services whose cost is known; None when none is
    missing_services: tuple[str, ...]  # the services whose cost is unknown
    budget: Decimal | None
    budget_source: str | None
    headroom: Decimal | None  # budget - cost: negative is over budget; None when either is unknown
    working: str


@dataclass(frozen=True)
class DataGap:
    """A figure the analysis needs and was not given. Grouped, so that a national run lists what to
    chase (a service in an area, a year's budget), not every cell it leaves unknown."""

    kind: str  # "no_demand", "no_supply", "no_unit_cost" or "no_budget"
    service: str | None
    area: str | None  # None: every area (or the gap is not about areas)
    year: int | None  # the year, when only one is missing
    message: str
    years: tuple[int, ...] = ()  # every year missing


@dataclass(frozen=True)
class GapAnalysis:
    services: list[GapService]
    areas: list[tuple[str, str]]  # (code, name)
    years: list[int]
    cells: list[GapCell]  # services x areas x years, in the order given
    service_years: list[ServiceYear]  # services x years
    years_money: list[YearMoney]
    data_gaps: list[DataGap]

    @cached_property
    def _positions(self) -> tuple[dict[str, int], dict[str, int], dict[int, int]]:
        return (
            {service.key: index for index, service in enumerate(self.services)},
            {code: index for index, (code, _name) in enumerate(self.areas)},
            {year: index for index, year in enumerate(self.years)},
        )

    def cell(self, service: str, area: str, year: int) -> GapCell:
        """The cell for one service, area and year (KeyError if any is not in the analysis)."""
        services, areas, years = self._positions
        return self.cells[(services[service] * len(areas) + areas[area]) * len(years) + years[year]]

    def shortfalls(self) -> list[GapCell]:
        """The cells short of supply, the largest shortfall first (ties in the order given)."""
        short = [cell for cell in self.cells if cell.gap is not None and cell.gap < 0]
        return sorted(short, key=lambda cell: cell.gap or ZERO)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready form for a JSONField: Decimals as exact text, unknowns as null. Cells are
        rows under `cell_columns`, so a national run stores each field name once, not 75,000 times."""
        return {
            "version": JSON_VERSION,
            "services": [{"key": s.key, "name": s.name, "unit": s.unit} for s in self.services],
            "areas": [{"code": code, "name": name} for code, name in self.areas],
            "years": list(self.years),
            "cell_columns": list(_CELL_FIELDS),
            "cells": [[_text(value) for value in vars(cell).values()] for cell in self.cells],
            "service_years": [_record(item) for item in self.service_years],
            "years_money": [_record(item) for item in self.years_money],
            "data_gaps": [_record(item) for item in self.data_gaps],
        }

    def table_rows(self) -> list[list[Any]]:
        """A header and one row a cell, for a CSV or Excel download: figures as exact text (nothing
        rounded), unknowns as empty cells, never 0."""
        services = {service.key: service for service in self.services}
        areas = dict(self.areas)
        rows: list[list[Any]] = [list(TABLE_HEADER)]
        for c in self.cells:
            service = services[c.service]
            rows.append(
                [
                    service.name,
                    service.unit,
                    c.area,
                    areas[c.area],
                    c.year,
                    _plain(c.demand),
                    _plain(c.supply),
                    _plain(c.gap),
                    c.status,
                    c.working,
                    c.demand_source or "",
                    c.supply_source or "",
                ]
            )
        return rows


# ----------------------------------------------------------------------------------------------
# The analysis


def gap_analysis(
    *,
    services: Sequence[GapService],
    areas: Sequence[tuple[str, str]],
    years: Sequence[int],
    demand: Iterable[Demand],
    supply: Iterable[Supply],
    unit_costs: Iterable[UnitCost],
    budgets: Iterable[Budget],
) -> GapAnalysis:
    """Supply against demand for every service, area and year, and the cost against the budget.
    Every problem with the inputs is reported at once, as GapInputError (a ValueError)."""
    service_list, area_list, year_list = list(services), [(code, name) for code, name in areas], list(years)
    with localcontext() as context:
        context.prec = PRECISION
        known = _read(service_list, area_list, year_list, list(demand), list(supply), list(unit_costs), list(budgets))
        return _analyse(service_list, area_list, year_list, known)


@dataclass(frozen=True)
class _Known:
    """The inputs, checked, by their keys: each value is (figure, source)."""

    demand: dict[tuple[str, str, int], tuple[Decimal, str]]
    supply: dict[tuple[str, str, int | None], tuple[Decimal, str]]
    unit_costs: dict[str, tuple[Decimal, str]]
    budgets: dict[int, tuple[Decimal, str]]


def _read(
    services: list[GapService],
    areas: list[tuple[str, str]],
    years: list[int],
    demand: list[Demand],
    supply: list[Supply],
    unit_costs: list[UnitCost],
    budgets: list[Budget],
) -> _Known:
    problems: list[str] = []
    for what, keys in (
        ("services", [s.key for s in services]),
        ("areas", [code for code, _ in areas]),
        ("years", years),
    ):
        if not keys:
            problems.append(f"The analysis needs at least one of its {what}")
        seen: set[Any] = set()
        for key in keys:
            if key in seen:
                problems.append(f"{key!r} is listed twice in the {what}")
            seen.add(key)
    for year in years:
        if isinstance(year, bool) or not isinstance(year, int):
            problems.append(f"The years must be whole years, not {year!r}")
    service_keys = {s.key for s in services}
    area_codes = {code for code, _ in areas}
    year_set = set(years)

    def check(label: str, service: str | None, area: str | None, year: int | None, figure: Any) -> Decimal | None:
        ok = True
        if service is not None and service not in service_keys:
            problems.append(f"{label}: there is no service {service!r} in this analysis")
            ok = False
        if area is not None and area not in area_codes:
            problems.append(f"{label}: there is no area {area!r} in this analysis")
            ok = False
        if year is not None and year not in year_set:
            problems.append(f"{label}: {year!r} is not one of the years of this analysis")
            ok = False
        if isinstance(figure, bool) or not isinstance(figure, Decimal | int):
            problems.append(f"{label}: the figure must be an exact number (a Decimal), not {figure!r}")
            return None
        number = Decimal(figure)
        if not number.is_finite():
            problems.append(f"{label}: the figure must be a number, not {figure!r}")
            return None
        if number < 0:
            problems.append(f"{label}: the figure cannot be negative ({number})")
            return None
        return number if ok else None

    known_demand: dict[tuple[str, str, int], tuple[Decimal, str]] = {}
    first: dict[Any, int] = {}
    for row, item in enumerate(demand, start=1):
        label = f"Demand row {row} ({item.service}, {item.area}, {item.year})"
        units = check(label, item.service, item.area, item.year, item.units)
        key = (item.service, item.area, item.year)
        if key in first:
            problems.append(
                f"{label}: demand for {item.service} in {item.area} in {item.year} is already given in row {first[key]}"
            )
        elif units is not None:
            first[key] = row
            known_demand[key] = (units, item.source)

    known_supply: dict[tuple[str, str, int | None], tuple[Decimal, str]] = {}
    first = {}
    for row, item in enumerate(supply, start=1):
        when = "now" if item.year is None else item.year
        label = f"Supply row {row} ({item.service}, {item.area}, {when})"
        units = check(label, item.service, item.area, item.year, item.units)
        supply_key = (item.service, item.area, item.year)
        if supply_key in first:
            problems.append(
                f"{label}: supply of {item.service} in {item.area} "
                f"{'as it stands now' if item.year is None else f'in {item.year}'} is already "
                f"given in row {first[supply_key]}"
            )
        elif units is not None:
            first[supply_key] = row
            known_supply[supply_key] = (units, item.source)

    known_costs: dict[str, tuple[Decimal, str]] = {}
    first = {}
    for row, item in enumerate(unit_costs, start=1):
        label = f"Unit cost row {row} ({item.service})"
        amount = check(label, item.service, None, None, item.amount)
        if item.service in first:
            problems.append(f"{label}: the unit cost of {item.service} is already given in row {first[item.service]}")
        elif amount is not None:
            first[item.service] = row
            known_costs[item.service] = (amount, item.source)

    known_budgets: dict[int, tuple[Decimal, str]] = {}
    first = {}
    for row, item in enumerate(budgets, start=1):
        label = f"Budget row {row} ({item.year})"
        amount = check(label, None, None, item.year, item.amount)
        if item.year in first:
            problems.append(f"{label}: the budget for {item.year} is already given in row {first[item.year]}")
        elif amount is not None:
            first[item.year] = row
            known_budgets[item.year] = (amount, item.source)

    if problems:
        raise GapInputError(problems)
    return _Known(known_demand, known_supply, known_costs, known_budgets)


def _analyse(services: list[GapService], areas: list[tuple[str, str]], years: list[int], known: _Known) -> GapAnalysis:
    area_names = dict(areas)
    cells: list[GapCell] = []
    service_years: list[ServiceYear] = []
    data_gaps: list[DataGap] = []
    # Each service's cost by year, or why it is unknown.
    costs: dict[int, list[tuple[GapService, Decimal | None, str]]] = {year: [] for year in years}
    for service in services:
        key, unit = service.key, service.unit
        demand_total = [ZERO] * len(years)
        supply_total = [ZERO] * len(years)
        demand_unknown: list[list[str]] = [[] for _ in years]  # area codes, a list a year
        supply_unknown: list[list[str]] = [[] for _ in years]
        short = [0] * len(years)
        no_demand: dict[str, tuple[int, ...]] = {}  # area: the years without a forecast
        no_supply: dict[str, tuple[int, ...]] = {}
        for code, _name in areas:
            now = known.supply.get((key, code, None))
            missing_demand: list[int] = []
            missing_supply: list[int] = []
            for index, year in enumerate(years):
                need = known.demand.get((key, code, year))
                have = known.supply.get((key, code, year)) or now
                if need is None:
                    missing_demand.append(year)
                    demand_unknown[index].append(code)
                else:
                    demand_total[index] += need[0]
                if have is None:
                    missing_supply.append(year)
                    supply_unknown[index].append(code)
                else:
                    supply_total[index] += have[0]
                cell = _cell(key, code, year, unit, need, have)
                if cell.status == SHORTFALL:
                    short[index] += 1
                cells.append(cell)
            if missing_demand:
                no_demand[code] = tuple(missing_demand)
            if missing_supply:
                no_supply[code] = tuple(missing_supply)

        unit_cost = known.unit_costs.get(key)
        for index, year in enumerate(years):
            item = _service_year(
                service,
                year,
                area_names,
                None if demand_unknown[index] else demand_total[index],
                demand_unknown[index],
                None if supply_unknown[index] else supply_total[index],
                supply_unknown[index],
                short[index],
                unit_cost,
            )
            service_years.append(item)
            costs[year].append((service, item.cost, _why_no_cost(item, len(demand_unknown[index]))))

        data_gaps += _missing(NO_DEMAND, service, no_demand, areas, years)
        data_gaps += _missing(NO_SUPPLY, service, no_supply, areas, years)
        if unit_cost is None:
            data_gaps.append(
                DataGap(
                    NO_UNIT_COST,
                    key,
                    None,
                    years[0] if len(years) == 1 else None,
                    f"No unit cost for {service.name}, so what meeting its demand costs is unknown in every year.",
                    tuple(years),
                )
            )

    years_money = [_year_money(year, costs[year], known.budgets.get(year)) for year in years]
    data_gaps += [
        DataGap(NO_BUDGET, None, None, year, f"No budget for {year}, so the headroom in {year} is unknown.", (year,))
        for year in years
        if year not in known.budgets
    ]
    return GapAnalysis(list(services), list(areas), list(years), cells, service_years, years_money, data_gaps)


def _cell(
    service: str, area: str, year: int, unit: str, need: tuple[Decimal, str] | None, have: tuple[Decimal, str] | None
) -> GapCell:
    if need is None or have is None:
        reasons = [
            text
            for text, unknown in (("no forecast demand", need is None), ("no supply figure", have is None))
            if unknown
        ]
        working = f"Gap unknown: {' and '.join(reasons)}"
        if need is not None:
            working += f"; {_units(need[0], unit)} needed"
        if have is not None:
            working += f"; {_units(have[0], unit)} available"
        demand, demand_source = need or (None, None)
        supply, supply_source = have or (None, None)
        return GapCell(service, area, year, demand, supply, None, UNKNOWN, working, demand_source, supply_source)
    gap = have[0] - need[0]
    status = _status(gap)
    working = f"{_units(have[0], unit)} available - {_units(need[0], unit)} needed = {_gap_words(gap, unit)}"
    return GapCell(service, area, year, need[0], have[0], gap, status, working, need[1], have[1])


def _service_year(
    service: GapService,
    year: int,
    area_names: dict[str, str],
    demand: Decimal | None,
    demand_unknown: list[str],
    supply: Decimal | None,
    supply_unknown: list[str],
    areas_short: int,
    unit_cost: tuple[Decimal, str] | None,
) -> ServiceYear:
    unit, count = service.unit, len(area_names)
    gap = None if demand is None or supply is None else supply - demand
    status = UNKNOWN if gap is None else _status(gap)
    if demand is not None and supply is not None and gap is not None:
        working = f"{_units(supply, unit)} available - {_units(demand, unit)} needed = {_gap_words(gap, unit)}"
    else:
        working = "Total gap unknown"
        if demand is not None:
            working += f"; {_units(demand, unit)} needed"
        if supply is not None:
            working += f"; {_units(supply, unit)} available"
    notes = []
    if demand_unknown:
        notes.append(
            f"Demand is unknown in {len(demand_unknown):,} of {count:,} areas "
            f"({_names(demand_unknown, area_names)}), so the total need is unknown."
        )
    if supply_unknown:
        notes.append(
            f"Supply is unknown in {len(supply_unknown):,} of {count:,} areas "
            f"({_names(supply_unknown, area_names)}), so the total available is unknown."
        )
    if areas_short and status in (SURPLUS, BALANCED):
        notes.append(
            f"The total is not short, but {_count(areas_short, 'area')} short: supply in one area "
            "does not meet need in another."
        )
    elif areas_short and status == UNKNOWN:
        notes.append(f"Of the areas with both figures, {_count(areas_short, 'area')} short.")

    cost = None
    amount, source = unit_cost or (None, None)
    if amount is None or demand is None:
        reasons = []
        if demand is None:
            reasons.append(f"the {unit} needed are unknown in {_count(len(demand_unknown), 'area', verb=False)}")
        if amount is None:
            reasons.append(f"there is no unit cost for {service.name}")
        cost_working = f"Cost unknown: {' and '.join(reasons)}."
    else:
        cost = demand * amount
        cost_working = f"{_units(demand, unit)} needed x {_money(amount)} a year each = {_money(cost)}"
    return ServiceYear(
        service.key,
        year,
        demand,
        supply,
        gap,
        status,
        areas_short,
        working,
        " ".join(notes),
        amount,
        source,
        cost,
        cost_working,
    )


def _why_no_cost(item: ServiceYear, areas_unknown: int) -> str:
    reasons = []
    if item.unit_cost is None:
        reasons.append("no unit cost")
    if item.demand is None:
        reasons.append(f"demand unknown in {_count(areas_unknown, 'area', verb=False)}")
    return " and ".join(reasons)


def _year_money(
    year: int, costs: list[tuple[GapService, Decimal | None, str]], budget: tuple[Decimal, str] | None
) -> YearMoney:
    known = [cost for _service, cost, _why in costs if cost is not None]
    missing = [(service, why) for service, cost, why in costs if cost is None]
    known_cost = sum(known, ZERO) if known else None
    cost = None if missing else known_cost
    amount, source = budget or (None, None)
    headroom = None if cost is None or amount is None else amount - cost
    if cost is not None and amount is not None and headroom is not None:
        if headroom > 0:
            outcome = f"{_money(headroom)} to spare"
        elif headroom < 0:
            outcome = f"{_money(-headroom)} over budget"
        else:
            outcome = f"{_money(headroom)}: the cost takes the whole budget"
        working = f"Budget {_money(amount)} - cost {_money(cost)} = {outcome}"
    else:
        parts = []
        if cost is not None:
            parts.append(f"Cost {_money(cost)}")
        else:
            parts.append("Cost unknown: " + ", ".join(f"{service.name} ({why})" for service, why in missing))
            if known_cost is not None:
                parts.append(f"the other services cost {_money(known_cost)}")
        parts.append(f"budget {_money(amount)}" if amount is not None else f"no budget for {year}")
        working = "; ".join(parts) + ", so the headroom is unknown"
    return YearMoney(
        year,
        cost,
        known_cost,
        tuple(service.key for service, _why in missing),
        amount,
        source,
        headroom,
        working,
    )


def _missing(
    kind: str, service: GapService, missing: dict[str, tuple[int, ...]], areas: list[tuple[str, str]], years: list[int]
) -> list[DataGap]:
    """One gap a service and area, with the years missing; one for the service when every area is
    missing the same years."""
    if not missing:
        return []
    what = (
        f"No forecast demand for {service.name}"
        if kind == NO_DEMAND
        else f"No supply figure for {service.name} ({service.unit})"
    )
    every_area = len(missing) == len(areas) and len(set(missing.values())) == 1
    groups = (
        [(None, "any area", next(iter(missing.values())))]
        if every_area
        else [(code, name, missing[code]) for code, name in areas if code in missing]
    )
    gaps = []
    for code, name, missing_years in groups:
        if kind == NO_DEMAND:
            when = " for any year" if len(missing_years) == len(years) else f" for {_years_text(missing_years)}"
        else:
            when = "" if len(missing_years) == len(years) else f" for {_years_text(missing_years)}"
        gaps.append(
            DataGap(
                kind,
                service.key,
                code,
                missing_years[0] if len(missing_years) == 1 else None,
                f"{what} in {name}{when}, so the gap there is unknown.",
                missing_years,
            )
        )
    return gaps


# ----------------------------------------------------------------------------------------------
# Words and figures


def _status(gap: Decimal) -> str:
    return SHORTFALL if gap < 0 else SURPLUS if gap > 0 else BALANCED


def _figure(value: Decimal) -> str:
    """A figure with thousands separators to at most one decimal place: 455.0 shows as 455."""
    text = f"{value.quantize(TENTH, ROUND_HALF_UP):,f}"
    return text[:-2] if text.endswith(".0") else text


def _units(value: Decimal, unit: str) -> str:
    text = _figure(value)
    # One unit reads in the singular when the unit is a single plural word ("1 bed").
    if text == "1" and unit.endswith("s") and " " not in unit:
        unit = unit[:-1]
    return f"{text} {unit}"


def _gap_words(gap: Decimal, unit: str) -> str:
    if gap == 0:
        return f"0 {unit}: supply meets demand"
    size = abs(gap)
    # A gap too small to show at one decimal place is still a gap: say so rather than "0".
    amount = f"less than 0.1 {unit}" if size.quantize(TENTH, ROUND_HALF_UP) == 0 else _units(size, unit)
    return f"{amount} short" if gap < 0 else f"{amount} spare"


def _money(value: Decimal) -> str:
    rounded = value.quantize(PENNY, ROUND_HALF_UP)
    return f"-£{-rounded:,.2f}" if rounded < 0 else f"£{rounded:,.2f}"


def _count(number: int, noun: str, *, verb: bool = True) -> str:
    text = f"{number:,} {noun}{'' if number == 1 else 's'}"
    return f"{text} {'is' if number == 1 else 'are'}" if verb else text


def _names(codes: list[str], area_names: dict[str, str]) -> str:
    names = [area_names[code] for code in codes[:NAMED_AREAS]]
    more = len(codes) - NAMED_AREAS
    return ", ".join(names) + (f" and {more:,} more" if more > 0 else "")


def _years_text(years: Sequence[int]) -> str:
    """Years as runs of three or more: (2027, 2028, 2029, 2033, 2034) reads "2027 to 2029, 2033 and 2034"."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = [
        text for run in runs for text in ([f"{run[0]} to {run[-1]}"] if len(run) > 2 else [str(year) for year in run])
    ]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# ----------------------------------------------------------------------------------------------
# Storing and reading back

_CELL_FIELDS = tuple(field.name for field in fields(GapCell))
# Fields that hold Decimals (stored as text) and tuples (stored as lists), in any of the records.
_DECIMAL_FIELDS = frozenset({"demand", "supply", "gap", "unit_cost", "cost", "known_cost", "budget", "headroom"})
_TUPLE_FIELDS = frozenset({"missing_services", "years"})


def _text(value: Any) -> Any:
    """Exact text for a Decimal, without an exponent (4.1E+2 is stored as "410"); anything else as it is."""
    return format(value, "f") if isinstance(value, Decimal) else value


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _record(item: Any) -> dict[str, Any]:
    record = {}
    for name, value in vars(item).items():
        if name in _DECIMAL_FIELDS:
            value = _text(value)
        elif name in _TUPLE_FIELDS:
            value = list(value)
        record[name] = value
    return record


def _from_record(kind: type, record: Mapping[str, Any]) -> Any:
    values = {}
    for name in kind.__dataclass_fields__:
        value = record[name]
        if name in _DECIMAL_FIELDS:
            value = _decimal(value)
        elif name in _TUPLE_FIELDS:
            value = tuple(value)
        values[name] = value
    return kind(**values)


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"a figure is stored as text, not {value!r}")
    return Decimal(value)


def gap_from_json(data: Any) -> GapAnalysis:
    """The GapAnalysis stored by `as_json()`, exactly as it was; ValueError if `data` is not one."""
    try:
        if data["version"] != JSON_VERSION:
            raise ValueError(f"version {data['version']!r} is not one this code reads")
        if list(data["cell_columns"]) != list(_CELL_FIELDS):
            raise ValueError("its cells have other columns")
        services = [GapService(s["key"], s["name"], s["unit"]) for s in data["services"]]
        areas = [(a["code"], a["name"]) for a in data["areas"]]
        cells = [
            GapCell(
                service,
                area,
                year,
                _decimal(demand),
                _decimal(supply),
                _decimal(gap),
                status,
                working,
                demand_source,
                supply_source,
            )
            for service, area, year, demand, supply, gap, status, working, demand_source, supply_source in data["cells"]
        ]
        return GapAnalysis(
            services,
            areas,
            list(data["years"]),
            cells,
            [_from_record(ServiceYear, record) for record in data["service_years"]],
            [_from_record(YearMoney, record) for record in data["years_money"]],
            [_from_record(DataGap, record) for record in data["data_gaps"]],
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise ValueError(f"This is not a stored gap analysis: {error}") from error
