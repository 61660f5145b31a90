"""Scenarios (named what-ifs) and saved forecasts attached as evidence."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.ownership import owned_create, owned_save
from commissioning.core.services import audited_delete, audited_save, model_update
from commissioning.cycles.permissions import can_work_on_activity
from commissioning.cycles.services import evidence_add
from commissioning.needs import forecast_cache
from commissioning.needs.analysis import METHOD
from commissioning.needs.choices import RateKind, VintageKind
from commissioning.needs.models import PopulationVintage, RateSet, SavedForecast, Scenario, ScenarioAdjustment


@dataclass(frozen=True)
class AdjustmentInput:
    kind: str
    percent: Decimal
    from_year: int
    rate_set: RateSet | None = None


def _check_scenario(adjustments: list[AdjustmentInput], vintage: PopulationVintage | None) -> None:
    if not adjustments and vintage is None:
        raise ValidationError({"adjustments": "A scenario needs at least one change, or another projection"})
    if vintage is not None and vintage.kind != VintageKind.PROJECTION:
        raise ValidationError({"vintage": "Choose a population projection"})
    if any(item.rate_set is not None and item.rate_set.kind != RateKind.NEED for item in adjustments):
        raise ValidationError({"adjustments": "Adjust needs (prevalence), not service-use rates"})


def _adjustments_add(scenario: Scenario, adjustments: list[AdjustmentInput], by: User) -> None:
    for item in adjustments:
        adjustment = ScenarioAdjustment(
            scenario=scenario, kind=item.kind, percent=item.percent, from_year=item.from_year, rate_set=item.rate_set
        )
        audited_save(instance=adjustment, by=by)


@transaction.atomic
def scenario_create(
    *,
    by: User,
    name: str,
    adjustments: list[AdjustmentInput],
    description: str = "",
    vintage: PopulationVintage | None = None,
    organisation: Organisation | None = None,
    is_demo: bool = False,
) -> Scenario:
    """Add a scenario (for the creator's organisation unless one is given) with its adjustments."""
    organisation = organisation or by.organisation
    if organisation is None:
        raise ValidationError({"name": "Scenarios belong to an organisation"})
    _check_scenario(adjustments, vintage)
    scenario = owned_create(
        Scenario,
        by=by,
        name=name,
        description=description,
        vintage=vintage,
        organisation=organisation,
        created_by=by,
        is_demo=is_demo,
    )
    _adjustments_add(scenario, adjustments, by)
    return scenario


@transaction.atomic
def scenario_update(
    *,
    scenario: Scenario,
    by: User,
    name: str,
    adjustments: list[AdjustmentInput],
    description: str = "",
    vintage: PopulationVintage | None = None,
) -> Scenario:
    """Change a scenario and replace its adjustments."""
    _check_scenario(adjustments, vintage)
    model_update(instance=scenario, fields={"name": name, "description": description, "vintage": vintage}, by=by)
    for adjustment in scenario.adjustments.all():
        audited_delete(instance=adjustment, by=by)
    _adjustments_add(scenario, adjustments, by)
    # Its kept forecasts are keyed on its adjustments, so none would be read again.
    forecast_cache.forget(scenario=scenario)
    return scenario


def scenario_delete(*, scenario: Scenario, by: User) -> None:
    for adjustment in scenario.adjustments.all():
        audited_delete(instance=adjustment, by=by)
    audited_delete(instance=scenario, by=by)


def _figure_json(figure: Any) -> dict[str, str | None]:
    return {
        "people": str(figure.people),
        "lower": None if figure.lower is None else str(figure.lower),
        "upper": None if figure.upper is None else str(figure.upper),
    }


@transaction.atomic
def forecast_save(*, by: User, forecast: Any, title: str = "") -> SavedForecast:
    """Keep a forecast as it stands, with its inputs named, so evidence does not shift later."""
    scenario = forecast.scenario
    results = {
        "years": forecast.years,
        "needs": [
            {
                "rate_set": item.rate_set.pk,
                "name": item.rate_set.name,
                "measure": item.rate_set.measure,
                "unit": item.rate_set.unit_label,
                "totals": {str(year): _figure_json(figure) for year, figure in item.totals.items()},
            }
            for item in [*forecast.needs, *forecast.demand]
        ],
    }
    saved = SavedForecast(
        title=title or f"Needs forecast for {forecast.area.name}" + (f", {scenario.name}" if scenario else ""),
        area=forecast.area,
        vintage=forecast.vintage,
        scenario=scenario,
        created_by=by,
        results=results,
        method=METHOD,
    )
    owned_save(record=saved, by=by)
    saved.rate_sets.set([item.rate_set for item in [*forecast.needs, *forecast.demand]])
    return saved


@transaction.atomic
def forecast_attach(*, by: User, forecast: Any, activity: Any) -> SavedForecast:
    """Save the forecast and attach it as evidence to a cycle's activity (usually Analyse: needs)."""
    if not can_work_on_activity(by, activity):
        raise ValidationError({"activity": "Choose an activity in a cycle you work on"})
    saved = forecast_save(by=by, forecast=forecast)
    evidence_add(activity=activity, by=by, record=saved)
    return saved
