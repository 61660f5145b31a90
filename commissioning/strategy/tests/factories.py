"""Optimiser runs, risks and strategies for tests, made through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from commissioning.strategy import services
from commissioning.strategy.models import OptimiserRun, Risk, StrategyVersion

TRAFFORD = "E08000009"


def optimiser_inputs(**changes: Any) -> dict[str, Any]:
    """1,000 hours of homecare at £25 in Trafford in 2027; reablement at £800 an episode avoids
    40 hours each, for up to 30% of the demand (least cost £23,500)."""
    data: dict[str, Any] = {
        "areas": [{"code": TRAFFORD, "name": "Trafford"}],
        "years": [2027],
        "services": [
            {"key": "homecare", "name": "Homecare", "unit": "hour", "unit_cost": "25.00"},
            {"key": "reablement", "name": "Reablement", "unit": "episode", "unit_cost": "800.00"},
        ],
        "demand": [{"service": "homecare", "area": TRAFFORD, "year": 2027, "units": 1000}],
        "substitutions": [{"service": "reablement", "replaces": "homecare", "units": 40, "max_share": 30}],
    }
    data.update(changes)
    return data


def optimiser_run_for(user: Any, title: str = "Homecare 2027", **changes: Any) -> OptimiserRun:
    return services.optimiser_run_create(by=user, title=title, inputs=optimiser_inputs(**changes))


def risk_for(user: Any, cycle: Any, title: str = "Care homes close", **fields: Any) -> Risk:
    values: dict[str, Any] = {
        "likelihood": 4, "impact": 5, "residual_likelihood": 2, "residual_impact": 5,
        "review_on": datetime.date(2027, 6, 30), "mitigation": "Fee uplift and a provider forum",
    }  # fmt: skip
    values.update(fields)
    return services.risk_create(by=user, cycle=cycle, title=title, **values)


def target_values(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "measure": "Older people at home 91 days after reablement", "unit": "%", "baseline": Decimal("78.5"),
        "baseline_on": datetime.date(2026, 3, 31), "baseline_source": "ASCOF 2B(1), 2025 to 2026",
        "target_figure": Decimal("84"), "target_year": 2029,
        "trajectory": {"2027": "80", "2028": "82", "2029": "84"},
        "monitoring": "Quarterly from the reablement service's returns",
    }  # fmt: skip
    values.update(fields)
    return values


def strategy_for(user: Any, cycle: Any, *, priorities: int = 1) -> StrategyVersion:
    """A draft strategy with `priorities` priorities, each with one target."""
    version = services.strategy_start(
        by=user, cycle=cycle, title="Living well in later life", vision="Older people live at home for longer."
    )
    for number in range(1, priorities + 1):
        priority = services.priority_add(
            version=version, by=user, title=f"Priority {number}", description="More reablement, sooner."
        )
        services.target_add(priority=priority, by=user, **target_values())
    return version


def approve(version: StrategyVersion, user: Any, **fields: Any) -> StrategyVersion:
    values: dict[str, Any] = {
        "decision_maker": "cabinet", "decided_on": datetime.date(2026, 11, 12), "minute_reference": "Minute 42/2026",
        "decision_url": "https://democratic.trafford.example/minutes/42",
    }  # fmt: skip
    values.update(fields)
    return services.version_approve(version=version, by=user, **values)
