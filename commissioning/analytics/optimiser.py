"""The service mix that meets forecast demand at least cost: a linear programme solved by HiGHS.

For every service, area and year the commissioner gives the demand (in the service's own unit:
hours of homecare, weeks of a care home place, episodes of reablement), and may give the most
the market can supply, a budget for each year, and substitutions: one unit of a service that
meets part of another's demand (one reablement episode avoids 40 hours of homecare), up to a
stated share of that demand. The optimiser chooses how many units of each service to buy in
each area and year:

    minimise    the sum of unit cost x units bought, over services, areas and years
    such that   units bought of s + units avoided by substitutes of s >= demand for s
                units bought of a substitute >= its own demand + the units used to substitute
                units bought <= capacity                     (where a capacity is given)
                units avoided <= the stated share of demand  (for each substitution)
                cost of a year <= that year's budget         (where a budget is given)

Each limit that binds is reported with what one more unit of it would save (its shadow price).
When no mix meets every limit, the same model is solved again with every demand allowed to go
unmet and every budget to be overspent, at a price that makes the solver do so only where it must:
what it had to give up says which limits conflict.

Money is in pounds; solutions are floating point (HiGHS), rounded to pence and whole units when
shown. Framework-free: inputs come from `problem_from_json` or are built by the caller.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

import highspy
import numpy as np

# Tolerances for reading a floating-point solution: a bound is binding within a hundredth of a unit.
BINDING = 1e-2
# Unmet demand in the elastic model costs this many times the dearest way to meet it, so that
# the solver gives up demand only when nothing else (even overspending) can meet it.
UNMET_PENALTY = 1_000.0
MAX_SERVICES, MAX_AREAS, MAX_YEARS = 200, 400, 50
# Services x areas x years: every council in England for 25 years with 40 services is 150,000.
# A bigger plan would hold a web worker for minutes, so it is refused with the reason.
MAX_CELLS = 200_000


class ProblemError(ValueError):
    """The optimiser's input is not usable: every problem found, each naming its field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Service:
    key: str
    name: str
    unit: str  # singular: "hour", "week", "episode"
    unit_cost: Decimal  # pounds a unit


@dataclass(frozen=True)
class Substitution:
    """Each unit of `service` bought to substitute meets `units` of `replaces`' demand, for at
    most `max_share` percent of that demand in each area and year."""

    service: str
    replaces: str
    units: Decimal
    max_share: Decimal = Decimal(100)


Cell = tuple[str, str, int]  # service key, area code, year


@dataclass(frozen=True)
class Problem:
    areas: tuple[str, ...]
    years: tuple[int, ...]
    services: tuple[Service, ...]
    demand: Mapping[Cell, Decimal]  # missing cells need nothing
    capacity: Mapping[Cell, Decimal] = field(default_factory=dict)  # missing cells are unlimited
    budget: Mapping[int, Decimal] = field(default_factory=dict)  # missing years are unlimited
    substitutions: tuple[Substitution, ...] = ()
    area_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def variable_count(self) -> int:
        return (len(self.services) + len(self.substitutions)) * len(self.areas) * len(self.years)

    @cached_property
    def cell_index(self) -> dict[Cell, int]:
        """Each (service, area, year)'s place in the flattened (services, areas, years) arrays."""
        cells = itertools.product((s.key for s in self.services), self.areas, self.years)
        return {cell: index for index, cell in enumerate(cells)}

    @cached_property
    def demand_grid(self) -> np.ndarray:
        return _grid(self, self.demand, 0.0)

    @cached_property
    def capacity_grid(self) -> np.ndarray:
        return _grid(self, self.capacity, math.inf)


@dataclass(frozen=True)
class Limit:
    """A limit the best mix runs up against: relaxing it by one unit would save `worth` pounds."""

    kind: str  # "capacity", "substitution", "budget", "demand"
    service: str | None
    area: str | None
    year: int | None
    limit: float
    used: float
    worth: float  # pounds saved per unit relaxed (capacity: per unit of the service; budget: per pound)
    sentence: str


@dataclass(frozen=True)
class Conflict:
    """What an infeasible problem had to give up: demand unmet, or a budget overspent."""

    kind: str  # "unmet demand", "budget"
    service: str | None
    area: str | None
    year: int | None
    amount: float  # units unmet, or pounds over the budget
    sentence: str


@dataclass(frozen=True)
class Solution:
    feasible: bool
    total_cost: float
    cost_by_year: dict[int, float]
    bought: np.ndarray  # (services, areas, years) units bought, including those used to substitute
    problem: Problem
    substituted: dict[tuple[str, str, str, int], float]  # (service, replaces, area, year): units avoided
    binding: list[Limit]
    conflicts: list[Conflict]
    variables: int
    constraints: int

    @cached_property
    def units(self) -> dict[Cell, float]:
        """Units bought by (service, area, year), for the cells where any are."""
        where = np.nonzero(self.bought > BINDING)
        keys = zip(
            np.array([s.key for s in self.problem.services], dtype=object)[where[0]].tolist(),
            np.array(self.problem.areas, dtype=object)[where[1]].tolist(),
            np.array(self.problem.years, dtype=object)[where[2]].tolist(),
            strict=True,
        )
        return dict(zip(keys, self.bought[where].tolist(), strict=True))

    def as_json(self) -> dict[str, Any]:
        """A plain JSON-able form (the API's and the command's output)."""
        return {
            "feasible": self.feasible,
            "total_cost": round(self.total_cost, 2),
            "cost_by_year": [
                {"year": year, "cost": round(cost, 2)} for year, cost in sorted(self.cost_by_year.items())
            ],
            "units": [
                {"service": s, "area": a, "year": y, "units": round(value, 2)}
                for (s, a, y), value in sorted(self.units.items())
                if value > BINDING
            ],
            "substituted": [
                {"service": s, "replaces": r, "area": a, "year": y, "units_avoided": round(value, 2)}
                for (s, r, a, y), value in sorted(self.substituted.items())
                if value > BINDING
            ],
            "binding_limits": [asdict(limit) for limit in self.binding],
            "conflicts": [asdict(conflict) for conflict in self.conflicts],
            "size": {"variables": self.variables, "constraints": self.constraints},
        }


# ----------------------------------------------------------------------------------------------
# Reading the documented JSON


def _decimal(value: Any, where: str, problems: list[str], *, positive: bool = False) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(f"{where}: enter a number")
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        problems.append(f"{where}: enter a number, not {str(value)[:40]!r}")
        return None
    if not number.is_finite():
        problems.append(f"{where}: enter a number")
        return None
    if number < 0 or (positive and number == 0):
        problems.append(f"{where}: must be {'more than 0' if positive else '0 or more'}")
        return None
    if number > Decimal(10) ** 12:
        problems.append(f"{where}: must be 1,000,000,000,000 or less")
        return None
    return number


def _money(value: Any, where: str, problems: list[str], *, positive: bool = False) -> Decimal | None:
    number = _decimal(value, where, problems, positive=positive)
    if number is not None and number != number.quantize(Decimal("0.01")):
        problems.append(f"{where}: pounds and pence, at most two decimal places")
        return None
    return number


def _list(data: Mapping[str, Any], key: str, problems: list[str], *, required: bool = True) -> list[Any]:
    value = data.get(key)
    if value is None:
        if required:
            problems.append(f"{key}: missing")
        return []
    if not isinstance(value, list):
        problems.append(f"{key}: must be a list")
        return []
    return value


def _year(value: Any, where: str, problems: list[str], years: set[int] | None = None) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
        problems.append(f"{where}: a year from 1990 to 2100")
        return None
    if years is not None and value not in years:
        problems.append(f"{where}: {value} is not one of the years")
        return None
    return value


def problem_from_json(data: Any) -> Problem:
    """The Problem described by the documented JSON (docs/optimiser.md); every problem in it is
    reported at once, each naming its field, as ProblemError."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise ProblemError(["the file must hold one JSON object"])

    areas: list[str] = []
    names: dict[str, str] = {}
    for index, item in enumerate(_list(data, "areas", problems)):
        code = item.get("code") if isinstance(item, Mapping) else item
        if not isinstance(code, str) or not code.strip():
            problems.append(f"areas[{index}]: an area code (or an object with a code)")
            continue
        if code in names:
            problems.append(f"areas[{index}]: {code} is listed twice")
            continue
        areas.append(code)
        names[code] = str(item.get("name") or code) if isinstance(item, Mapping) else code
    years: list[int] = []
    for index, value in enumerate(_list(data, "years", problems)):
        year = _year(value, f"years[{index}]", problems)
        if year is not None and year in years:
            problems.append(f"years[{index}]: {year} is listed twice")
        elif year is not None:
            years.append(year)

    services: dict[str, Service] = {}
    for index, item in enumerate(_list(data, "services", problems)):
        where = f"services[{index}]"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: an object with key, name, unit and unit_cost")
            continue
        key = item.get("key")
        if not isinstance(key, str) or not key.strip():
            problems.append(f"{where}.key: missing")
            continue
        if key in services:
            problems.append(f"{where}.key: {key!r} is listed twice")
            continue
        cost = _money(item.get("unit_cost"), f"{where}.unit_cost", problems)
        if cost is not None:
            services[key] = Service(key, str(item.get("name") or key), str(item.get("unit") or "unit"), cost)
    for count, what, most in ((len(services), "services", MAX_SERVICES), (len(areas), "areas", MAX_AREAS),
                              (len(years), "years", MAX_YEARS)):  # fmt: skip
        if count > most:
            problems.append(f"{what}: at most {most}")
    if len(services) * len(areas) * len(years) > MAX_CELLS:
        problems.append(
            f"services x areas x years: at most {MAX_CELLS:,} (this plan has "
            f"{len(services) * len(areas) * len(years):,}); plan fewer areas or years at a time"
        )

    area_set, year_set = set(areas), set(years)

    def cells(key: str, amount: str) -> dict[Cell, Decimal]:
        found: dict[Cell, Decimal] = {}
        for index, item in enumerate(_list(data, key, problems, required=key == "demand")):
            where = f"{key}[{index}]"
            if not isinstance(item, Mapping):
                problems.append(f"{where}: an object with service, area, year and {amount}")
                continue
            service, area = item.get("service"), item.get("area")
            ok = True
            if service not in services:
                problems.append(f"{where}.service: unknown service {service!r}")
                ok = False
            if area not in area_set:
                problems.append(f"{where}.area: unknown area {area!r}")
                ok = False
            year = _year(item.get("year"), f"{where}.year", problems, year_set)
            value = _decimal(item.get(amount), f"{where}.{amount}", problems)
            if not ok or year is None or value is None:
                continue
            if (service, area, year) in found:
                problems.append(f"{where}: {service} in {area} in {year} is given twice")
                continue
            found[(service, area, year)] = value
        return found

    demand = cells("demand", "units")
    capacity = cells("capacity", "units")
    budget: dict[int, Decimal] = {}
    for index, item in enumerate(_list(data, "budget", problems, required=False)):
        where = f"budget[{index}]"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: an object with year and amount")
            continue
        year = _year(item.get("year"), f"{where}.year", problems, year_set)
        amount = _money(item.get("amount"), f"{where}.amount", problems)
        if year is not None and amount is not None:
            if year in budget:
                problems.append(f"{where}.year: the budget for {year} is given twice")
            budget[year] = amount

    substitutions: list[Substitution] = []
    for index, item in enumerate(_list(data, "substitutions", problems, required=False)):
        where = f"substitutions[{index}]"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: an object with service, replaces, units and max_share")
            continue
        service, replaces = item.get("service"), item.get("replaces")
        for name, value in (("service", service), ("replaces", replaces)):
            if value not in services:
                problems.append(f"{where}.{name}: unknown service {value!r}")
        if service == replaces and service in services:
            problems.append(f"{where}.replaces: a service cannot replace itself")
        units = _decimal(item.get("units"), f"{where}.units", problems, positive=True)
        share = _decimal(item.get("max_share", 100), f"{where}.max_share", problems)
        if share is not None and share > 100:
            problems.append(f"{where}.max_share: a percentage, 100 or less")
            share = None
        if service in services and replaces in services and service != replaces and units and share is not None:
            if any(s.service == service and s.replaces == replaces for s in substitutions):
                problems.append(f"{where}: {service} replacing {replaces} is given twice")
            else:
                substitutions.append(Substitution(service, replaces, units, share))

    if not problems and not demand:
        problems.append("demand: give the units needed of at least one service")
    if problems:
        raise ProblemError(problems)
    return Problem(
        areas=tuple(areas),
        years=tuple(years),
        services=tuple(services.values()),
        demand=demand,
        capacity=capacity,
        budget=budget,
        substitutions=tuple(substitutions),
        area_names=names,
    )


# ----------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Model:
    """The LP as HiGHS takes it, column-wise, with what each column and row stands for.

    Columns: units bought x[s, a, y] (s-major, then area, then year), then units used to substitute
    u[k, a, y] for each substitution k (then, when elastic, unmet demand and overspends). Rows:
    one demand row per (s, a, y) in the same order, then one budget row per year with a budget.
    Arrays are NumPy, handed to HiGHS as they are."""

    problem: Problem
    budget_years: tuple[int, ...]
    elastic: bool
    col_cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    a_start: np.ndarray  # int32, one more than the columns
    a_index: np.ndarray  # int32
    a_value: np.ndarray

    @property
    def num_col(self) -> int:
        return len(self.col_cost)

    @property
    def num_row(self) -> int:
        return len(self.row_lower)


def _grid(problem: Problem, values: Mapping[Cell, Decimal], default: float) -> np.ndarray:
    """(services, areas, years) array of `values`, `default` where a cell is missing."""
    grid = np.full(len(problem.services) * len(problem.areas) * len(problem.years), default, dtype=np.float64)
    if values:
        cell = problem.cell_index
        grid[np.fromiter(map(cell.__getitem__, values), dtype=np.int64, count=len(values))] = np.fromiter(
            map(float, values.values()), dtype=np.float64, count=len(values)
        )
    return grid.reshape(len(problem.services), len(problem.areas), len(problem.years))


def build_model(problem: Problem, *, elastic: bool = False) -> Model:
    """The LP for `problem`, built with whole NumPy arrays (no Python loop over cells).

    Elastic: every demand row gets an 'unmet' column and every budget row an 'overspend' column,
    so the model is always feasible; used to explain an infeasible problem."""
    services, areas, years = problem.services, problem.areas, problem.years
    n_s, n_a, n_y, n_k = len(services), len(areas), len(years), len(problem.substitutions)
    cells = n_a * n_y
    n_x, n_u = n_s * cells, n_k * cells
    service_index = {s.key: i for i, s in enumerate(services)}
    cost = np.array([float(s.unit_cost) for s in services], dtype=np.float64)
    demand = problem.demand_grid.ravel()
    capacity = problem.capacity_grid.ravel()
    budget_years = tuple(y for y in years if y in problem.budget)
    year_row = {y: n_x + i for i, y in enumerate(budget_years)}  # the budget row of each year with one

    # Each x column: +1 in its own demand row, and its cost in its year's budget row (if any).
    cell = np.arange(n_x)
    x_year = cell % n_y
    x_budget_row = np.array([year_row.get(y, -1) for y in years], dtype=np.int64)[x_year]
    has_budget = x_budget_row >= 0
    x_entries = 1 + has_budget.astype(np.int64)
    x_cost = np.repeat(cost, cells)

    # Each u column of substitution k: +units in the replaced service's demand row, -1 in the
    # substitute's own demand row (the units it uses come on top of its own demand).
    u_rows, u_values, u_upper = [], [], []
    for sub in problem.substitutions:
        replaced, substitute = service_index[sub.replaces], service_index[sub.service]
        u_rows.append(np.stack([np.arange(cells) + replaced * cells, np.arange(cells) + substitute * cells], axis=1))
        u_values.append(np.broadcast_to([float(sub.units), -1.0], (cells, 2)))
        share = float(sub.max_share) / 100.0
        u_upper.append(demand[replaced * cells : (replaced + 1) * cells] * share / float(sub.units))

    # Column-wise (CSC) arrays: x columns first, then u columns, then the elastic columns.
    starts = [np.concatenate([[0], np.cumsum(x_entries)])]
    x_index = np.stack([cell, np.where(has_budget, x_budget_row, 0)], axis=1)
    x_value = np.stack([np.ones(n_x), x_cost], axis=1)
    keep = np.stack([np.ones(n_x, dtype=bool), has_budget], axis=1)
    index = [x_index[keep]]
    value = [x_value[keep]]
    offset = int(starts[0][-1])
    if n_k:
        index.append(np.concatenate(u_rows).ravel())
        value.append(np.concatenate(u_values).ravel())
        starts.append(offset + 2 * np.arange(1, n_u + 1))
        offset += 2 * n_u
    col_cost = [x_cost, np.zeros(n_u)]
    col_upper = [capacity, np.concatenate(u_upper) if n_k else np.zeros(0)]
    if elastic:
        # Unmet demand: +1 in its demand row, priced well above any way of meeting it.
        dearest = float(cost.max(initial=0.0)) + 1.0
        index.append(np.arange(n_x))
        value.append(np.ones(n_x))
        starts.append(offset + np.arange(1, n_x + 1))
        offset += n_x
        col_cost.append(np.full(n_x, dearest * UNMET_PENALTY))
        col_upper.append(np.full(n_x, math.inf))
        # Overspend: -1 in its budget row, priced at a pound a pound on top of the spending.
        index.append(np.array([year_row[y] for y in budget_years], dtype=np.int64))
        value.append(-np.ones(len(budget_years)))
        starts.append(offset + np.arange(1, len(budget_years) + 1))
        offset += len(budget_years)
        col_cost.append(np.ones(len(budget_years)))
        col_upper.append(np.full(len(budget_years), math.inf))

    costs = np.concatenate(col_cost)
    return Model(
        problem,
        budget_years,
        elastic,
        col_cost=costs,
        col_lower=np.zeros(len(costs)),
        col_upper=np.concatenate(col_upper),
        row_lower=np.concatenate([demand, np.full(len(budget_years), -math.inf)]),
        row_upper=np.concatenate([np.full(n_x, math.inf), [float(problem.budget[y]) for y in budget_years]]),
        a_start=np.concatenate(starts).astype(np.int32),
        a_index=np.concatenate([i.ravel() for i in index]).astype(np.int32),
        a_value=np.concatenate([v.ravel() for v in value]).astype(np.float64),
    )


def solve_model(model: Model) -> highspy.Highs:
    """Solve the LP with HiGHS (quietly, on one thread: the web workers share the machine)."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.passModel(
        model.num_col, model.num_row, len(model.a_index), highspy.MatrixFormat.kColwise,
        highspy.ObjSense.kMinimize, 0.0, model.col_cost, model.col_lower, model.col_upper,
        model.row_lower, model.row_upper, model.a_start, model.a_index, model.a_value,
        np.zeros(model.num_col, dtype=np.int32),  # every column continuous (HiGHS reads one a column)
    )  # fmt: skip
    highs.run()
    return highs


def optimise(problem: Problem) -> Solution:
    """The least-cost service mix for `problem`, the limits that bind and what each is worth; or,
    when no mix meets every limit, what had to give (see the module's docstring)."""
    model = build_model(problem)
    highs = solve_model(model)
    if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        return _read(model, highs, feasible=True)
    elastic = build_model(problem, elastic=True)
    return _read(elastic, solve_model(elastic), feasible=False)


def _read(model: Model, highs: highspy.Highs, *, feasible: bool) -> Solution:
    problem = model.problem
    services, areas, years = problem.services, problem.areas, problem.years
    n_s, n_a, n_y, n_k = len(services), len(areas), len(years), len(problem.substitutions)
    cells = n_a * n_y
    n_x, n_u = n_s * cells, n_k * cells
    solution = highs.getSolution()
    values = np.asarray(solution.col_value)
    reduced = np.asarray(solution.col_dual)
    x = values[:n_x].reshape(n_s, n_a, n_y)
    u = values[n_x : n_x + n_u].reshape(n_k, n_a, n_y) if n_k else np.zeros((0, n_a, n_y))
    cost = np.array([float(s.unit_cost) for s in services])
    spent = np.einsum("say,s->y", x, cost)
    substituted = {
        (sub.service, sub.replaces, areas[a], years[y]): float(u[k, a, y] * float(sub.units))
        for k, sub in enumerate(problem.substitutions)
        for a, y in zip(*np.nonzero(u[k] > BINDING), strict=True)
    }
    binding: list[Limit] = []
    conflicts: list[Conflict] = []
    name = _namer(problem)
    capacity = problem.capacity_grid
    # A capacity binds when the units bought reach it; its worth is what one more unit saves.
    # (Only for a mix that meets every limit: the elastic model's prices are its penalties.)
    at_capacity = np.isfinite(capacity) & (x >= capacity - BINDING) & (capacity > 0) & feasible
    held = np.nonzero(at_capacity)
    rows = zip(
        *(index.tolist() for index in held),
        capacity[held].tolist(),
        x[held].tolist(),
        np.maximum(0.0, -reduced[:n_x].reshape(n_s, n_a, n_y)[held]).tolist(),
        strict=True,
    )
    for s, a, y, limit, used, worth in rows:
        service = services[s]
        binding.append(
            Limit(
                "capacity", service.key, areas[a], years[y], limit, used, worth,
                f"{service.name} in {name(areas[a])} in {years[y]}: bought up to the capacity of "
                f"{_units(limit, service.unit)}; "
                + (f"each extra {service.unit} available would save {_pounds(worth)}." if worth > 0.005
                   else "more would not lower the cost."),
            )
        )  # fmt: skip
    demand = problem.demand_grid
    for k, sub in enumerate(problem.substitutions if feasible else ()):
        limit_units = demand[[s.key for s in services].index(sub.replaces)] * float(sub.max_share) / 100
        avoided = u[k] * float(sub.units)
        at_share = (avoided >= limit_units - BINDING) & (limit_units > 0)
        substitute, replaced = _service(problem, sub.service), _service(problem, sub.replaces)
        held = np.nonzero(at_share)
        # Worth per unit of the replaced demand: the substitute's reduced cost over the units it avoids.
        worths = np.maximum(0.0, -reduced[n_x + k * cells : n_x + (k + 1) * cells].reshape(n_a, n_y)[held])
        rows = zip(
            *(index.tolist() for index in held),
            limit_units[held].tolist(),
            avoided[held].tolist(),
            (worths / float(sub.units)).tolist(),
            strict=True,
        )
        for a, y, limit, used, worth in rows:
            binding.append(
                Limit(
                    "substitution", sub.service, areas[a], years[y], limit, used, worth,
                    f"{substitute.name} in place of {replaced.name.lower()} in {name(areas[a])} in {years[y]}: "
                    f"used up to the {_number(sub.max_share)}% of demand allowed; "
                    + (f"each further {replaced.unit} it could replace would save {_pounds(worth)}."
                       if worth > 0.005 else "more would not lower the cost."),
                )
            )  # fmt: skip
    for i, year in enumerate(model.budget_years):
        y = years.index(year)
        limit = float(problem.budget[year])
        if spent[y] >= limit - 0.5 and feasible:
            binding.append(
                Limit(
                    "budget", None, None, year, limit, float(spent[y]), 0.0,
                    f"The mix for {year} uses the whole budget of {_pounds(limit)}.",
                )
            )  # fmt: skip
        if not feasible:
            over = float(values[n_x + n_u + n_x + i])
            if over > 0.5:
                conflicts.append(
                    Conflict(
                        "budget", None, None, year, over,
                        f"The budget for {year} ({_pounds(limit)}) is {_pounds(over)} short of the "
                        "least it costs to meet demand.",
                    )
                )  # fmt: skip
    if not feasible:
        unmet = values[n_x + n_u : n_x + n_u + n_x].reshape(n_s, n_a, n_y)
        for s, a, y in zip(*np.nonzero(unmet > BINDING), strict=True):
            service = services[s]
            why = (
                f"capacity is {_units(capacity[s, a, y], service.unit)}"
                if math.isfinite(capacity[s, a, y])
                else "nothing else can meet it"
            )
            conflicts.append(
                Conflict(
                    "unmet demand", service.key, areas[a], years[y], float(unmet[s, a, y]),
                    f"{_units(unmet[s, a, y], service.unit)} of {service.name.lower()} needed in "
                    f"{name(areas[a])} in {years[y]} cannot be met: {why}, and substitutes are at their limits.",
                )
            )  # fmt: skip
    binding.sort(key=lambda limit: -limit.worth)
    return Solution(
        feasible=feasible,
        total_cost=float(spent.sum()),
        cost_by_year={year: float(spent[y]) for y, year in enumerate(years)},
        bought=x,
        problem=problem,
        substituted=substituted,
        binding=binding,
        conflicts=conflicts,
        variables=model.num_col,
        constraints=model.num_row,
    )


def _service(problem: Problem, key: str) -> Service:
    return next(s for s in problem.services if s.key == key)


def _namer(problem: Problem) -> Callable[[str], str]:
    return lambda code: problem.area_names.get(code, code)


def _number(value: float | Decimal) -> str:
    number = float(value)
    return f"{number:,.0f}" if abs(number - round(number)) < 1e-9 else f"{number:,.2f}"


def _units(value: float, unit: str) -> str:
    return f"{_number(round(float(value), 2))} {unit}{'' if round(float(value), 2) == 1 else 's'}"


def _pounds(value: float) -> str:
    return f"£{float(value):,.2f}"
