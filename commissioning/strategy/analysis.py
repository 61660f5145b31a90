"""Shapes plans for their pages: an optimiser run's stored result (totals by service and year, as a
national run has tens of thousands of cells; the limits and conflicts in plain words), and a risk
register's heat map."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from commissioning.strategy.choices import risk_rating
from commissioning.strategy.models import OptimiserRun, Risk

SHOWN_LIMITS = 50


@dataclass(frozen=True)
class ServiceYears:
    key: str
    name: str
    unit: str
    unit_cost: str
    by_year: list[float]  # units bought, summed over the areas, in the run's years
    cost: float


@dataclass(frozen=True)
class OptimiserSummary:
    years: list[int]
    areas: int
    services: list[ServiceYears]
    cost_by_year: list[float]
    total_cost: float
    binding: list[dict[str, Any]]
    binding_not_shown: int
    conflicts: list[dict[str, Any]]
    conflicts_not_shown: int
    size: dict[str, int]


def optimiser_summary(run: OptimiserRun) -> OptimiserSummary:
    inputs, result = run.inputs, run.result
    years = [int(year) for year in inputs["years"]]
    position = {year: index for index, year in enumerate(years)}
    bought: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(years))
    for row in result["units"]:
        bought[row["service"]][position[row["year"]]] += row["units"]
    services = [
        ServiceYears(
            key=service["key"],
            name=str(service.get("name") or service["key"]),
            unit=str(service.get("unit") or "unit"),
            unit_cost=str(service["unit_cost"]),
            by_year=bought[service["key"]],
            cost=sum(bought[service["key"]]) * float(str(service["unit_cost"]).replace(",", "")),
        )
        for service in inputs["services"]
    ]
    costs = {row["year"]: row["cost"] for row in result["cost_by_year"]}
    binding, conflicts = result["binding_limits"], result["conflicts"]
    return OptimiserSummary(
        years=years,
        areas=len(inputs["areas"]),
        services=services,
        cost_by_year=[costs.get(year, 0.0) for year in years],
        total_cost=result["total_cost"],
        binding=binding[:SHOWN_LIMITS],
        binding_not_shown=max(0, len(binding) - SHOWN_LIMITS),
        conflicts=conflicts[:SHOWN_LIMITS],
        conflicts_not_shown=max(0, len(conflicts) - SHOWN_LIMITS),
        size=result["size"],
    )


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    rating: str  # RiskRating value: the cell's colour
    risks: list[str]  # titles of the risks in it

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class HeatMap:
    """Open risks on the 5 x 5 grid: rows from impact 5 (top) to 1, columns likelihood 1 to 5."""

    residual: bool
    rows: list[list[HeatCell]]
    total: int


def heat_map(risks: Iterable[Risk], *, residual: bool) -> HeatMap:
    """Where the risks sit before mitigation, or after it (`residual`)."""
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    total = 0
    for risk in risks:
        place = (risk.residual_likelihood, risk.residual_impact) if residual else (risk.likelihood, risk.impact)
        cells[place].append(risk.title)
        total += 1
    rows = [
        [HeatCell(likelihood, impact, risk_rating(likelihood * impact).value, cells[(likelihood, impact)])
         for likelihood in range(1, 6)]
        for impact in range(5, 0, -1)
    ]  # fmt: skip
    return HeatMap(residual, rows, total)
