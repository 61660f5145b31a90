"""Needs records that can be evidence for a cycle's activity (see cycles.evidence)."""

from __future__ import annotations

from typing import Any

from commissioning.cycles.evidence import EvidenceType, evidence_type_register
from commissioning.needs.models import SavedForecast
from commissioning.needs.selectors import saved_forecast_list


def forecast_snapshot(saved: SavedForecast) -> dict[str, Any]:
    """Each need's people in the first and last years, as the forecast was saved."""
    years = saved.results.get("years") or []
    shown = [str(year) for year in (years[:1] + years[-1:])]
    return {
        "area": saved.area.name,
        "population": str(saved.vintage),
        "scenario": saved.scenario.name if saved.scenario else "",
        "needs": {
            need["measure"]: {year: need["totals"][year]["people"] for year in shown if year in need["totals"]}
            for need in saved.results.get("needs", [])
        },
    }


evidence_type_register(
    EvidenceType(
        key="needs.saved_forecast",
        label="A saved needs forecast",
        model=SavedForecast,
        # Only the organisation's own: a partner's forecast seen in a shared cycle is not theirs to
        # pass on to other cycles.
        choices=lambda user: saved_forecast_list(user=user).filter(organisation_id=user.organisation_id),
        title=lambda saved: saved.title,
        snapshot=forecast_snapshot,
    )
)
