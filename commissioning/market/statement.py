"""The live figures behind a market position statement, as plain JSON-ready data: demand from
the needs forecasts, supply, beds per 1,000, ratings, concentration and vacancies. Publishing a
statement freezes these in the record; drafts recompute them each time."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q

from commissioning.market import analysis
from commissioning.market.models import MarketPositionStatement
from commissioning.market.selectors import latest_returns
from commissioning.needs.forecasting import area_forecast, with_needs
from commissioning.needs.models import RateSet
from commissioning.needs.selectors import projections_for


def _number(value: Any, places: int = 1) -> float | None:
    return None if value is None else round(float(value), places)


def demand_figures(statement: MarketPositionStatement) -> dict[str, Any]:
    """Forecast need and demand for the statement's years, or a clear note saying why not."""
    vintage = projections_for(statement.area).first()
    if vintage is None:
        return {
            "available": False,
            "note": f"No population projection for {statement.area.name} is loaded, so demand cannot be "
            "forecast yet. Import one on the Needs pages.",
        }
    rate_sets = list(
        RateSet.objects.filter(Q(is_local=False) | Q(organisation_id=statement.organisation_id)).prefetch_related(
            "rates"
        )
    )
    if not rate_sets:
        return {"available": False, "note": "No prevalence or service-use rates are loaded to forecast demand."}
    forecast = area_forecast(
        area=statement.area, vintage=vintage, rate_sets=with_needs(rate_sets, RateSet.objects.all())
    )
    years = [
        year
        for year in sorted(
            {statement.first_year, statement.last_year, *range(statement.first_year, statement.last_year + 1, 5)}
        )
        if year in forecast.years
    ]
    if not years:
        return {
            "available": False,
            "note": f"{vintage} does not cover {statement.first_year} to {statement.last_year}.",
        }
    needs = []
    for item in [*forecast.needs, *forecast.demand]:
        values = {
            str(year): str(item.totals[year].people.quantize(Decimal("0.1"))) for year in years if year in item.totals
        }
        if values:
            needs.append({"measure": item.rate_set.measure, "source": item.rate_set.name, "values": values})
    return {
        "available": bool(needs),
        "note": "Need and demand are forecast by multiplying the population projection by published and local "
        "rates for each age band and sex; figures are people (or the service measure shown).",
        "vintage": str(vintage),
        "years": years,
        "needs": needs,
    }


def statement_figures(statement: MarketPositionStatement, *, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or datetime.date.today()
    area = statement.area
    locations = analysis.area_locations(area)
    homes = [location.pk for location in locations.filter(is_care_home=True)]
    latest = latest_returns(homes)
    recent = [capacity for capacity in latest.values() if (today - capacity.return_date).days <= 31]
    return {
        "generated_on": today.isoformat(),
        "area": {"code": area.code, "name": area.name},
        "client_group": statement.get_client_group_display(),
        "demand": demand_figures(statement),
        "supply": [
            {
                "service": row.label,
                "locations": row.locations,
                "beds": None if row.beds_unknown else row.beds,
                "good_share_percent": _number(row.good_share * 100) if row.good_share is not None else None,
            }
            for row in analysis.supply(area)
        ],
        "beds_per_thousand": [
            {
                "place": row.place,
                "beds": row.beds,
                "older_people": str(row.older_people.quantize(Decimal("0.1")))
                if row.older_people is not None
                else None,
                "per_thousand": _number(row.per_thousand),
                "year": row.year,
                "note": row.note,
            }
            for row in analysis.beds_per_thousand(area, year=today.year)
        ],
        "ratings": [{"rating": label, "locations": count} for label, count in analysis.ratings_mix(locations)],
        "concentration": [
            {
                "service": item.label,
                "basis": item.basis,
                "hhi": round(float(item.index)),
                "band": item.band,
                "top": [{"group": share.group, "percent": _number(share.percent)} for share in item.shares[:3]],
            }
            for item in analysis.concentration(area)
        ],
        "vacancies": {
            "care_homes_reporting": len(recent),
            "vacant_accepting": sum(capacity.beds_vacant_accepting or 0 for capacity in recent),
            "as_of": max((capacity.return_date for capacity in recent), default=None)
            and max(capacity.return_date for capacity in recent).isoformat(),
        },
    }


def figures_for(statement: MarketPositionStatement) -> dict[str, Any]:
    """Published statements show what was published; drafts show today's figures."""
    return statement.figures if statement.is_published and statement.figures else statement_figures(statement)
