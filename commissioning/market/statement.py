"""The live figures behind a market position statement, as plain JSON-ready data: demand from
the needs forecasts, supply, beds per 1,000, ratings, concentration and vacancies. Publishing a
statement freezes these in the record; drafts recompute them each time."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from commissioning.market import analysis
from commissioning.market.models import MarketPositionStatement
from commissioning.market.selectors import latest_returns
from commissioning.needs.published import demand_figures


def _number(value: Any, places: int = 1) -> float | None:
    return None if value is None else round(float(value), places)


def statement_figures(statement: MarketPositionStatement, *, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or datetime.date.today()
    area = statement.area
    figures = analysis.area_figures(area)
    homes = list(analysis.area_locations(area).filter(is_care_home=True).values_list("pk", flat=True))
    latest = latest_returns(homes)
    recent = [capacity for capacity in latest.values() if (today - capacity.return_date).days <= 31]
    return {
        "generated_on": today.isoformat(),
        "area": {"code": area.code, "name": area.name},
        "client_group": statement.get_client_group_display(),
        "demand": demand_figures(
            area=area,
            organisation_id=statement.organisation_id,
            first_year=statement.first_year,
            last_year=statement.last_year,
        ),
        "supply": [
            {
                "service": row.label,
                "locations": row.locations,
                # The same beds as the market overview: the total of those known, and how many
                # care homes have no bed count (None for services without beds).
                "beds": row.beds,
                "beds_not_known": row.beds_unknown,
                "good_share_percent": _number(row.good_share * 100) if row.good_share is not None else None,
            }
            for row in analysis.supply(area, figures)
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
            for row in analysis.beds_per_thousand(area, year=today.year, figures=figures)
        ],
        "ratings": [{"rating": label, "locations": count} for label, count in analysis.ratings_mix(area, figures)],
        "concentration": [
            {
                "service": item.label,
                "basis": item.basis,
                "hhi": round(float(item.index)),
                "band": item.band,
                "top": [{"group": share.group, "percent": _number(share.percent)} for share in item.shares[:3]],
            }
            for item in analysis.concentration(area, figures)
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
