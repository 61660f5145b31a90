"""Optimiser runs for tests, made through the service."""

from __future__ import annotations

import datetime
from typing import Any

from commissioning.strategy import services
from commissioning.strategy.models import OptimiserRun, Risk

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
