"""What other apps may read from needs: figures as plain values, never models or internals.

The market and finance apps sit beside needs, not above it, so the import contract lets them
import this module and nothing else of needs. Each function here answers one question another
app asks, in that app's terms (people aged 65 and over, demand for a statement's years, the
people a saved forecast gives each year).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from commissioning.accounts.models import User
from commissioning.core.models import Area
from commissioning.needs import analysis
from commissioning.needs.models import RateSet, SavedForecast
from commissioning.needs.selectors import projection_list, saved_forecast_list


@dataclass(frozen=True)
class PeopleAged:
    """Residents aged 65 (or another age) and over in an area, in the year the figures are for."""

    people: Decimal
    year: int
    source: str


def people_aged(area_codes: list[str], *, year: int, min_age: int = 65) -> dict[str, PeopleAged]:
    """People aged `min_age` and over in each area, from the newest population figures covering it."""
    return {
        code: PeopleAged(found.people, found.year, str(found.vintage))
        for code, found in analysis.people_aged(area_codes, year=year, min_age=min_age).items()
    }


def demand_figures(*, area: Area, organisation_id: int, first_year: int, last_year: int) -> dict[str, Any]:
    """Forecast need and demand in an area for a span of years (the first, every fifth and the
    last), as JSON-ready figures; or, when that cannot be done, a note saying why."""
    vintage = projection_list(area=area).first()
    if vintage is None:
        return {
            "available": False,
            "note": f"No population projection for {area.name} is loaded, so demand cannot be "
            "forecast yet. Import one on the Needs pages.",
        }
    rate_sets = list(
        RateSet.objects.filter(Q(is_local=False) | Q(organisation_id=organisation_id)).prefetch_related("rates")
    )
    if not rate_sets:
        return {"available": False, "note": "No prevalence or service-use rates are loaded to forecast demand."}
    forecast = analysis.area_forecast(
        area=area, vintage=vintage, rate_sets=analysis.with_needs(rate_sets, RateSet.objects.all())
    )
    years = [
        year for year in sorted({first_year, last_year, *range(first_year, last_year + 1, 5)}) if year in forecast.years
    ]
    if not years:
        return {"available": False, "note": f"{vintage} does not cover {first_year} to {last_year}."}
    needs = []
    for item in [*forecast.needs, *forecast.demand]:
        values = {
            str(year): str(item.totals[year].people.quantize(Decimal("0.1"))) for year in years if year in item.totals
        }
        if values:
            rates = item.rate_set
            # Two rate sets may count the same measure: each row names its own, and its citation.
            needs.append(
                {
                    "measure": rates.measure,
                    "source": rates.name,
                    "citation": rates.source,
                    "publication_year": rates.publication_year,
                    "is_local": rates.is_local,
                    "values": values,
                }
            )
    return {
        "available": bool(needs),
        "note": "Need and demand are forecast by multiplying the population projection by published and local "
        "rates for each age band and sex; figures are people (or the service measure shown).",
        "vintage": str(vintage),
        "years": years,
        "needs": needs,
    }


@dataclass(frozen=True)
class ForecastMeasure:
    """One need or demand series of a saved forecast: the people it gives each year."""

    forecast_id: int
    rate_set_id: int
    label: str
    people_by_year: dict[int, Decimal]
    area_code: str = ""

    @property
    def key(self) -> str:
        return f"{self.forecast_id}:{self.rate_set_id}"


def _measures(forecast: SavedForecast) -> list[ForecastMeasure]:
    return [
        ForecastMeasure(
            forecast.pk,
            need["rate_set"],
            f"{forecast.title}: {need['measure']} ({need['name']})",
            {int(year): Decimal(figure["people"]) for year, figure in need["totals"].items()},
            forecast.area.code,
        )
        for need in forecast.results.get("needs", [])
    ]


def forecast_measure_list(*, user: User) -> list[ForecastMeasure]:
    """Every series of every saved forecast the user may open, to take people from."""
    forecasts = saved_forecast_list(user=user).select_related("area")
    return [measure for forecast in forecasts for measure in _measures(forecast)]


def forecast_measure_get(*, forecast_id: int, rate_set_id: int) -> ForecastMeasure | None:
    """One series of a saved forecast, or None if the forecast or the series has gone."""
    forecast = SavedForecast.objects.select_related("area").filter(pk=forecast_id).first()
    if forecast is None:
        return None
    return next((measure for measure in _measures(forecast) if measure.rate_set_id == rate_set_id), None)
