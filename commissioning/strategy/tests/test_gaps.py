"""A cycle's gap analysis: demand from a saved forecast as the commissioner states it, supply from
the register and capacity returns, cost against the budget; every figure's working shown, what is
not known listed as a data gap and never shown as nothing; CSV and Excel downloads."""

from __future__ import annotations

import csv
import datetime
import html
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from commissioning.analytics.gap import gap_from_json
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.finance import services as finance
from commissioning.market.models import MarketSummary
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet
from commissioning.needs.services import forecast_save
from commissioning.strategy import services
from commissioning.strategy.models import GapAnalysis
from commissioning.strategy.tests.factories import strategy_for
from commissioning.testing import check_page_access, expect

DURHAM = "E06000047"
TEAM = {"alice", "carl", "sonia", "colin", "ada"}
TEAM_WORKERS = {"alice", "carl", "ada"}


@pytest.fixture
def durham_plan(world, durham_vintage):
    """A Durham older people cycle, a forecast of care home admissions and dementia, the register's
    residential beds, a unit cost and one year's budget."""
    durham = durham_vintage.areas.get(code=DURHAM)
    cycle = CycleFactory(by=world.alice, title="Durham older people", areas=[durham])
    rate_sets = [
        RateSet.objects.filter(service_type="care_home").first(),
        RateSet.objects.filter(measure__icontains="dementia").first(),
    ]
    forecast = forecast_save(
        by=world.alice, forecast=area_forecast(area=durham, vintage=durham_vintage, rate_sets=rate_sets)
    )
    MarketSummary.objects.create(place=DURHAM, service="residential", beds=2_000, locations=60, care_homes=60)
    finance.unit_cost_create(
        by=world.alice, service_type="residential", unit="week", financial_year=2026, amount=Decimal("900.00"),
        source_kind="local_contract", source="Residential framework",
    )  # fmt: skip
    finance.budget_create(
        by=world.alice, financial_year=2026, client_group="older_people", service_type="residential",
        funding_source="council", amount=Decimal("50000000"),
    )  # fmt: skip
    return cycle, forecast, rate_sets


def _measure(forecast, rate_set) -> str:
    return f"{forecast.pk}:{rate_set.pk}"


def _form(forecast, rate_sets, **changes):
    data = {
        "title": "Durham 2026 to 2029",
        "measure_residential": _measure(forecast, rate_sets[0]), "units_residential": "2.5",
        "measure_nursing": "", "units_nursing": "",
        "measure_homecare": _measure(forecast, rate_sets[1]), "units_homecare": "4",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_commissioner_makes_a_gap_analysis_and_reads_its_working(world, durham_plan, client_for):
    cycle, forecast, rate_sets = durham_plan
    client = client_for(world.alice)
    response = client.post(reverse("strategy:gap-create", args=[cycle.pk]), _form(forecast, rate_sets))
    assert response.status_code == 302, html.unescape(response.content.decode())[-3000:]
    analysis = GapAnalysis.objects.get()
    result = gap_from_json(analysis.result)
    need = next(need for need in forecast.results["needs"] if need["rate_set"] == rate_sets[0].pk)
    admissions = need["totals"]["2026"]["people"]
    cell = result.cell("residential", DURHAM, 2026)
    assert cell.demand == Decimal(admissions) * Decimal("2.5")  # exact, nothing rounded
    assert cell.supply == 2_000 and cell.gap == 2_000 - cell.demand
    assert result.cell("homecare", DURHAM, 2026).supply is None  # no returns: not known, not 0
    kinds = {gap.kind for gap in result.data_gaps}
    assert {"no_supply", "no_unit_cost", "no_budget"} <= kinds
    assert [service.key for service in result.services] == ["residential", "homecare"]  # nursing not chosen
    page = html.unescape(client.get(response.url).content.decode())
    assert "beds available" in page and "Not known" in page
    assert "2027" in page and "budget" in page.lower()
    assert "Care home admissions" in page or rate_sets[0].measure in page


def test_unknowns_stay_empty_in_the_downloads_and_figures_are_numbers_in_excel(world, durham_plan, client_for):
    cycle, forecast, rate_sets = durham_plan
    analysis = services.gap_analysis_create(
        by=world.alice, cycle=cycle, title="Durham",
        demand=[{"service": "homecare", "forecast": forecast.pk, "rate_set": rate_sets[1].pk, "units_per_person": 4}],
    )  # fmt: skip
    client = client_for(world.alice)
    text = client.get(reverse("strategy:gap-download", args=[analysis.pk, "csv"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    homecare = next(row for row in rows if row["Service"] == "Homecare" and row["Year"] == "2026")
    assert homecare["Supply"] == "" and homecare["Gap"] == "" and homecare["Demand"] != ""
    book = load_workbook(io.BytesIO(client.get(reverse("strategy:gap-download", args=[analysis.pk, "xlsx"])).content))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Homecare")
    assert isinstance(row[header.index("Demand")], (int, float)) and row[header.index("Supply")] is None


def test_a_service_without_its_units_or_an_analysis_without_demand_is_refused(world, durham_plan, client_for):
    cycle, forecast, rate_sets = durham_plan
    client = client_for(world.alice)
    url = reverse("strategy:gap-create", args=[cycle.pk])
    missing = html.unescape(client.post(url, _form(forecast, rate_sets, units_residential="")).content.decode())
    assert "Give the beds each one needs" in missing
    nothing = html.unescape(
        client.post(url, _form(forecast, rate_sets, measure_residential="", measure_homecare="")).content.decode()
    )
    assert "Choose a forecast measure for at least one service" in nothing
    negative = html.unescape(client.post(url, _form(forecast, rate_sets, units_homecare="-2")).content.decode())
    assert "Ensure this value is greater than or equal to 0.001" in negative
    assert not GapAnalysis.objects.exists()


def test_a_measure_of_another_areas_forecast_is_refused(world, durham_plan):
    _, forecast, rate_sets = durham_plan
    trafford_cycle = world.cycle  # Trafford: the Durham forecast is not of its areas
    with pytest.raises(ValidationError, match="one of the cycle's areas"):
        services.gap_analysis_create(
            by=world.alice, cycle=trafford_cycle, title="Wrong place",
            demand=[{"service": "residential", "forecast": forecast.pk, "rate_set": rate_sets[0].pk,
                     "units_per_person": 1}],
        )  # fmt: skip


MATRIX = [
    ("gap analyses", lambda c, a: reverse("strategy:gap-list", args=[c.pk]), expect(TEAM)),
    ("gap analysis", lambda c, a: a.get_absolute_url(), expect(TEAM)),
    ("csv", lambda c, a: reverse("strategy:gap-download", args=[a.pk, "csv"]), expect(TEAM)),
    ("make one", lambda c, a: reverse("strategy:gap-create", args=[c.pk]), expect(TEAM_WORKERS, forbidden=TEAM)),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_gap_page_access(world, durham_plan, client_for, page, url_for, expected):
    cycle, forecast, rate_sets = durham_plan
    analysis = services.gap_analysis_create(
        by=world.alice, cycle=cycle, title="Durham",
        demand=[{"service": "residential", "forecast": forecast.pk, "rate_set": rate_sets[0].pk,
                 "units_per_person": 1}],
    )  # fmt: skip
    check_page_access(world, client_for, page, url_for(cycle, analysis), expected)


def test_a_gap_analysis_is_evidence_for_a_priority_with_its_gaps_kept(world, durham_plan):
    cycle, forecast, rate_sets = durham_plan
    analysis = services.gap_analysis_create(
        by=world.alice, cycle=cycle, title="Durham",
        demand=[{"service": "residential", "forecast": forecast.pk, "rate_set": rate_sets[0].pk,
                 "units_per_person": 1}],
    )  # fmt: skip
    version = strategy_for(world.alice, cycle)
    evidence = services.priority_evidence_add(priority=version.priorities.get(), by=world.alice, record=analysis)
    assert evidence.title == "Gap analysis: Durham"
    assert set(evidence.snapshot["gap"]["Residential care home"]) == {"2026", "2028"}
    assert evidence.snapshot["data_gaps"] > 0 and evidence.figures_on == datetime.date.today()


def test_the_api_makes_a_gap_analysis_and_refuses_bad_demand(world, durham_plan):
    cycle, forecast, rate_sets = durham_plan
    alice, steve = APIClient(), APIClient()
    alice.force_authenticate(world.alice)
    steve.force_authenticate(world.steve)
    row = {"service": "residential", "forecast": forecast.pk, "rate_set": rate_sets[0].pk, "units_per_person": "2.5"}
    body = {"cycle": cycle.pk, "title": "Durham", "demand": [row]}
    bad = alice.post("/api/v1/gap-analyses/", {**body, "demand": [{**row, "service": "zoo", "units_per_person": "-1"}]},
                     format="json")  # fmt: skip
    assert bad.status_code == 400 and "service" in str(bad.json()) and "units_per_person" in str(bad.json())
    made = alice.post("/api/v1/gap-analyses/", body, format="json")
    assert made.status_code == 201 and made.json()["area"] == DURHAM and made.json()["result"]["years"]
    (listed,) = alice.get(f"/api/v1/gap-analyses/?cycle={cycle.pk}").json()["results"]
    assert (listed["id"], listed["shortfalls"]) == (made.json()["id"], made.json()["shortfalls"])
    assert "result" not in listed  # the list leaves out each analysis's cells
    assert steve.get(f"/api/v1/gap-analyses/{made.json()['id']}/").status_code == 404


def test_the_command_line_writes_a_gap_analysis_and_a_strategy_as_their_reader_may_see_them(
    world, durham_plan, tmp_path
):
    cycle, forecast, rate_sets = durham_plan
    analysis = services.gap_analysis_create(
        by=world.alice, cycle=cycle, title="Durham",
        demand=[{"service": "residential", "forecast": forecast.pk, "rate_set": rate_sets[0].pk,
                 "units_per_person": 1}],
    )  # fmt: skip
    out = io.StringIO()
    call_command("export_plan", "gap", str(analysis.pk), "--by", "alice@example.org", stdout=out)
    assert out.getvalue().startswith("Service,Unit,Area code")
    with pytest.raises(CommandError, match=r"No gap \d+ that steve@example\.org may see"):
        call_command("export_plan", "gap", str(analysis.pk), "--by", "steve@example.org")
    version = strategy_for(world.alice, cycle)
    target = tmp_path / "strategy.pdf"
    call_command("export_plan", "strategy", str(version.pk), "--by", "colin@example.org", "--format", "pdf",
                 "--output", str(target), stdout=io.StringIO())  # fmt: skip
    assert target.read_bytes().startswith(b"%PDF")
