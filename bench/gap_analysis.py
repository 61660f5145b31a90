"""The gap analysis page with national-size data loaded: a single-year-of-age projection for every
English area (about 2.4 million cells) and a 50,000-location CQC register. The page's server time
is timed in turn with the plain area page (the baseline), and its queries counted, then counted
again after forty more analyses, so they do not grow with the data. Making the analysis (reading
the forecast, the register's beds, the capacity returns, unit costs and budgets, and the arithmetic)
is timed too, against reading its stored result back.
"""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

from bench.common import django_in_a_temporary_directory, interleaved, ratio, report
from bench.market_import import _rows
from bench.needs_import import _write_files

TRAFFORD = "E08000009"


def main() -> dict:
    directory = django_in_a_temporary_directory()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commissioning.accounts.choices import OrganisationKind, Role
    from commissioning.accounts.models import Organisation, User
    from commissioning.analytics.gap import gap_from_json
    from commissioning.analytics.population_checks import PopulationFile
    from commissioning.core.choices import UPPER_TIER_LEVELS
    from commissioning.core.models import Area
    from commissioning.core.services import areas_load_lookup
    from commissioning.cycles import services as cycles
    from commissioning.finance import services as finance
    from commissioning.market.models import Location
    from commissioning.market.services import cqc_import
    from commissioning.market.summary import market_summary_fresh
    from commissioning.market.tests.files import hsca_csv
    from commissioning.needs.analysis import area_forecast
    from commissioning.needs.models import RateSet
    from commissioning.needs.published_rates import load_published_rates
    from commissioning.needs.services import forecast_save, population_import
    from commissioning.strategy import services

    areas_load_lookup()
    load_published_rates()
    codes = list(Area.objects.order_by("code").values_list("code", "name"))
    files = _write_files(directory, codes)
    vintage, _ = population_import(files=[PopulationFile.from_path(path) for path in files], name="Bench", variant="")
    councils = sorted(Area.objects.filter(level__in=UPPER_TIER_LEVELS).values_list("name", flat=True))
    cqc_import(name="HSCA_Active_Locations.csv", content=hsca_csv(_rows(councils)), by=None)
    market_summary_fresh()

    trafford = Area.objects.get(code=TRAFFORD)
    council = Organisation.objects.create(name="Trafford Council", kind=OrganisationKind.COUNCIL, area=trafford)
    user = User.objects.create_user(
        "bench@example.org", "x" * 20, full_name="Bench", role=Role.COMMISSIONER, organisation=council
    )
    cycle = cycles.cycle_create(
        by=user, title="Older people 2026 to 2029", client_group="older_people", areas=[trafford],
        period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2029, 3, 31),
    )  # fmt: skip
    rate_sets = [
        RateSet.objects.filter(service_type="care_home").first(),
        RateSet.objects.filter(measure__icontains="dementia").first(),
    ]
    forecast = forecast_save(by=user, forecast=area_forecast(area=trafford, vintage=vintage, rate_sets=rate_sets))
    finance.unit_cost_create(
        by=user, service_type="residential", unit="week", financial_year=2026, amount=Decimal("900.00"),
        source_kind="local_contract", source="Framework",
    )  # fmt: skip
    finance.budget_create(
        by=user, financial_year=2026, client_group="older_people", service_type="residential",
        funding_source="council", amount=Decimal("40000000"),
    )  # fmt: skip
    demand = [
        {"service": "residential", "forecast": forecast.pk, "rate_set": rate_sets[0].pk, "units_per_person": "1.5"},
        {"service": "nursing", "forecast": forecast.pk, "rate_set": rate_sets[0].pk, "units_per_person": "1"},
        {"service": "homecare", "forecast": forecast.pk, "rate_set": rate_sets[1].pk, "units_per_person": "2"},
    ]

    def make():
        return services.gap_analysis_create(by=user, cycle=cycle, title="Bench", demand=demand)

    started = time.perf_counter()
    analysis = make()
    make_seconds = time.perf_counter() - started
    started = time.perf_counter()
    gap_from_json(analysis.result)
    read_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(user)

    def page(url: str):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            page(url)()
        return len(captured)

    detail, listing = analysis.get_absolute_url(), f"/plan/cycles/{cycle.pk}/gap-analyses/"
    pages, _ = interleaved(
        {"gap": page(detail), "list": page(listing), "plain": page(f"/areas/{TRAFFORD}/")}, repeat=15, warmup=2
    )
    before = (queries(detail), queries(listing))
    for _ in range(40):
        make()
    after = (queries(detail), queries(listing))
    figures = {
        "population cells loaded": vintage.cells,
        "care locations loaded": Location.objects.count(),
        "making the analysis, ms": round(make_seconds * 1000, 1),
        "reading its stored result back, ms": round(read_seconds * 1000, 1),
        "gap analysis page, ms (median of 15; goal under 300)": round(pages["gap"] * 1000, 1),
        "a cycle's gap analyses page, ms": round(pages["list"] * 1000, 1),
        "plain area page, ms (baseline)": round(pages["plain"] * 1000, 1),
        "ratio gap page / plain page": ratio(pages["gap"], pages["plain"]),
        "gap page database queries (1 analysis, then 41)": f"{before[0]}, {after[0]}",
        "gap analyses page database queries (1 analysis, then 41)": f"{before[1]}, {after[1]}",
    }
    report("gap_analysis", figures)
    return figures


if __name__ == "__main__":
    main()
